#pragma once
// A read-only, monospace code view with line numbers; the line that runs is highlighted, and in
// scheduler mode the lines where processes are held are marked with who is there.

#include <QMap>
#include <QPlainTextEdit>

class CodeView : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit CodeView(QWidget* parent = nullptr);

    void setCode(const QString& code);
    /// Highlights 1-based `line` and scrolls to it; 0 clears the highlight.
    void highlightLine(int line);
    int highlightedLine() const { return m_line; }
    /// Marks 1-based lines with a note painted at their end ("◀ p1: acquire Lock #2"); empty:
    /// none. Lines out of range are ignored.
    void setMarks(const QMap<int, QString>& marks);
    const QMap<int, QString>& marks() const { return m_marks; }
    int lineNumberAreaWidth() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent* event);
    void updateSelections();

    QWidget* m_numbers = nullptr;
    int m_line = 0;
    QMap<int, QString> m_marks;
};
