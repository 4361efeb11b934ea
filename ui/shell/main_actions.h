#pragma once
// MainActions: the window's own actions (attach, export, quit, pause, refresh, tree, rates,
// languages, lessons, about) and the menus and toolbar that show them beside the process actions.
// The window connects what they do; this class only creates, arranges and names them.

#include <QList>
#include <QObject>

class ProcessesPanel;
class QAction;
class QActionGroup;
class QMainWindow;
class QMenu;
class QToolBar;
class QToolButton;

class MainActions : public QObject {
    Q_OBJECT

public:
    enum class Id {
        RunPython,
        RunMpi,
        Attach,
        Export,
        Quit,
        Pause,
        RefreshNow,
        Tree,
        Lessons,
        RunDemo,
        About,
        AboutQt,
        Count
    };

    /// `rates`: the refresh periods offered (ms).
    MainActions(QMainWindow* window, const QList<int>& rates);

    QAction* action(Id id) const { return m_actions[static_cast<int>(id)]; }
    QActionGroup* rateGroup() const { return m_rateGroup; }
    QActionGroup* languageGroup() const { return m_languageGroup; }
    /// View ▸ Scope: This session, My processes, All processes (data: 0, 1, 2 as ProcessScope).
    QActionGroup* scopeGroup() const { return m_scopeGroup; }

    /// The menu bar and the toolbar: these actions, `panel`'s process actions and the docks'
    /// toggles (View menu).
    void buildMenus(ProcessesPanel* panel, const QList<QAction*>& dockToggles);
    void checkRate(int ms);
    void checkLanguage(const QString& language);
    /// Checks the scope action of `scope` (a ProcessScope as int) and names it on the toolbar button.
    void checkScope(int scope);
    void retranslateUi();

signals:
    void rateChosen(int ms);
    void languageChosen(const QString& language);
    void scopeChosen(int scope);

private:
    QMainWindow* m_window;
    QAction* m_actions[static_cast<int>(Id::Count)] = {};
    QActionGroup* m_rateGroup;
    QActionGroup* m_languageGroup;
    QActionGroup* m_scopeGroup;
    QMenu* m_scopeMenu = nullptr;
    QToolButton* m_scopeButton = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_processMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_rateMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QToolBar* m_toolBar = nullptr;
};
