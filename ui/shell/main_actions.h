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

class MainActions : public QObject {
    Q_OBJECT

public:
    enum class Id { RunPython, Attach, Export, Quit, Pause, RefreshNow, Tree, Lessons, About, AboutQt, Count };

    /// `rates`: the refresh periods offered (ms).
    MainActions(QMainWindow* window, const QList<int>& rates);

    QAction* action(Id id) const { return m_actions[static_cast<int>(id)]; }
    QActionGroup* rateGroup() const { return m_rateGroup; }
    QActionGroup* languageGroup() const { return m_languageGroup; }

    /// The menu bar and the toolbar: these actions, `panel`'s process actions and the docks'
    /// toggles (View menu).
    void buildMenus(ProcessesPanel* panel, const QList<QAction*>& dockToggles);
    void checkRate(int ms);
    void checkLanguage(const QString& language);
    void retranslateUi();

signals:
    void rateChosen(int ms);
    void languageChosen(const QString& language);

private:
    QMainWindow* m_window;
    QAction* m_actions[static_cast<int>(Id::Count)] = {};
    QActionGroup* m_rateGroup;
    QActionGroup* m_languageGroup;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_processMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_rateMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QToolBar* m_toolBar = nullptr;
};
