#pragma once
// A read-only, monospace code view with line numbers; the line that runs is highlighted.

#include <QPlainTextEdit>

class CodeView : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit CodeView(QWidget* parent = nullptr);

    void setCode(const QString& code);
    /// Highlights 1-based `line` and scrolls to it; 0 clears the highlight.
    void highlightLine(int line);
    int highlightedLine() const { return m_line; }
    int lineNumberAreaWidth() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent* event);
    void updateSelections();

    QWidget* m_numbers = nullptr;
    int m_line = 0;
};
