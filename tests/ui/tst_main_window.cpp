// MainWindow: shows, carries the welcome panel and its menus, and switches to Simplified Chinese.
#include "main_window.h"
#include "translations.h"
#include "welcome_panel.h"

#include <proclab/process.h>

#include <QAction>
#include <QCoreApplication>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTest>
#include <QTranslator>

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void showsWithTitle();
    void hasWelcomePanel();
    void hasMenus();
    void englishTranslationKeepsSourceText();
    void chineseTranslation();
    void unknownLocaleHasNoTranslator();
};

void TestMainWindow::showsWithTitle()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isVisible());
    QVERIFY(window.windowTitle().contains(QStringLiteral("ProcLab")));
    QVERIFY(!window.windowIcon().isNull());
}

void TestMainWindow::hasWelcomePanel()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto* panel = window.findChild<WelcomePanel*>();
    QVERIFY(panel);
    QCOMPARE(panel, window.welcomePanel());
    QCOMPARE(window.centralWidget(), panel);
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->title(), QStringLiteral("Welcome to ProcLab"));

    // The runtime line names the start method in use and the CPU count.
    const std::string_view method = proclab::to_string(proclab::get_start_method());
    const QString runtime = panel->runtimeSummary();
    QVERIFY2(runtime.contains(QString::fromUtf8(method.data(), static_cast<qsizetype>(method.size()))),
             qPrintable(runtime));
    QVERIFY2(runtime.contains(QString::number(proclab::cpu_count())), qPrintable(runtime));

    // No label is cut: each one gets at least its preferred height.
    const auto labels = panel->findChildren<QLabel*>();
    QVERIFY(labels.size() >= 5);
    for (const QLabel* label : labels) {
        if (label->text().isEmpty())
            continue;
        const int needed = label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height();
        QVERIFY2(label->height() >= needed, qPrintable(label->text()));
    }
}

void TestMainWindow::hasMenus()
{
    MainWindow window;
    const auto menus = window.menuBar()->findChildren<QMenu*>(Qt::FindDirectChildrenOnly);
    QCOMPARE(menus.size(), 2);

    QStringList actionTexts;
    for (const QMenu* menu : menus) {
        for (const QAction* action : menu->actions())
            actionTexts << action->text();
    }
    QVERIFY(actionTexts.contains(QStringLiteral("&Quit")));
    QVERIFY(actionTexts.contains(QStringLiteral("&About ProcLab")));
}

void TestMainWindow::englishTranslationKeepsSourceText()
{
    QTranslator* translator = loadProcLabTranslator(QLocale(QLocale::English, QLocale::UnitedStates), this);
    QVERIFY(translator);
    QVERIFY(QCoreApplication::installTranslator(translator));

    MainWindow window;
    QCOMPARE(window.welcomePanel()->title(), QStringLiteral("Welcome to ProcLab"));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("ProcLab")));
    // The English .qm spells the plural that the source text leaves as "%n CPU(s)".
    const unsigned cpus = proclab::cpu_count();
    const QString expected = cpus == 1 ? QStringLiteral("· 1 CPU") : QStringLiteral("· %1 CPUs").arg(cpus);
    QVERIFY2(window.welcomePanel()->runtimeSummary().endsWith(expected),
             qPrintable(window.welcomePanel()->runtimeSummary()));

    QCoreApplication::removeTranslator(translator);
    delete translator;
}

void TestMainWindow::chineseTranslation()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString englishTitle = window.windowTitle();
    const QString englishWelcome = window.welcomePanel()->title();
    const QString englishRuntime = window.welcomePanel()->runtimeSummary();

    QTranslator* translator = loadProcLabTranslator(QLocale(QLocale::Chinese, QLocale::China), this);
    QVERIFY(translator);
    QVERIFY(!translator->isEmpty());
    QVERIFY(QCoreApplication::installTranslator(translator));

    // An open window retranslates itself on QEvent::LanguageChange.
    QTRY_VERIFY(window.windowTitle() != englishTitle);
    QVERIFY(window.windowTitle().contains(QStringLiteral("ProcLab")));
    QVERIFY2(window.windowTitle().contains(QStringLiteral("进程")), qPrintable(window.windowTitle()));
    QTRY_VERIFY(window.welcomePanel()->title() != englishWelcome);
    QCOMPARE(window.welcomePanel()->title(), QStringLiteral("欢迎使用 ProcLab"));
    QVERIFY(window.welcomePanel()->runtimeSummary() != englishRuntime);
    QVERIFY(window.welcomePanel()->runtimeSummary().contains(QString::number(proclab::cpu_count())));

    // A window created while the translator is installed starts in Chinese.
    MainWindow second;
    QCOMPARE(second.windowTitle(), window.windowTitle());

    QCoreApplication::removeTranslator(translator);
    delete translator;
    QTRY_COMPARE(window.windowTitle(), englishTitle);
    QTRY_COMPARE(window.welcomePanel()->title(), englishWelcome);
}

void TestMainWindow::unknownLocaleHasNoTranslator()
{
    QCOMPARE(loadProcLabTranslator(QLocale(QLocale::Icelandic, QLocale::Iceland), this), nullptr);
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
