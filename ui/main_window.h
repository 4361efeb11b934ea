#pragma once
// The application window: menus, status bar and the central panel.

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class WelcomePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    WelcomePanel* welcomePanel() const { return m_welcomePanel; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createStatusBar();
    void retranslateUi();
    void showAbout();

    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    WelcomePanel* m_welcomePanel = nullptr;
    QLabel* m_pidLabel = nullptr;
};
