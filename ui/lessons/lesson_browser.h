#pragma once
// The lessons grouped by topic (processes, locks, queues, …) with a search box; titles in the
// current lesson language; lessons that need a missing feature (the manager) are marked, and lesson
// files that cannot be loaded are listed with their error.

#include <proclab/lessons/lesson.h>

#include <QWidget>

#include <vector>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

class LessonBrowser : public QWidget {
    Q_OBJECT

public:
    enum Role { IdRole = Qt::UserRole + 1, ErrorRole };

    explicit LessonBrowser(QWidget* parent = nullptr);

    void setLessons(const std::vector<proclab::Lesson>& lessons, const std::vector<proclab::LessonError>& errors,
                    const QString& lang);
    /// Hides the lessons whose number, id, topic or title (either language) does not contain it.
    void setFilterText(const QString& text);
    /// Selects the lesson (no signal).
    void select(const QString& id);

    QLineEdit* searchBox() const { return m_search; }
    QTreeWidget* tree() const { return m_tree; }
    /// Topic headings shown, in order (translated).
    QStringList topics() const;
    /// Lesson ids shown (not filtered out), in order.
    QStringList visibleLessonIds() const;

    /// "Processes" for "process", …
    static QString topicName(const QString& topic);

signals:
    void lessonChosen(const QString& id);
    /// A lesson file that cannot be loaded: "FILE:LINE:COLUMN: message".
    void errorChosen(const QString& file, const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslateUi();
    void rebuild();

    QLineEdit* m_search = nullptr;
    QTreeWidget* m_tree = nullptr;
    std::vector<proclab::Lesson> m_lessons;
    std::vector<proclab::LessonError> m_errors;
    QString m_lang = QStringLiteral("en");
};
