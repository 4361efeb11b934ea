#pragma once
// A short glossary of the words the lessons use (进程, 进程池, 队列, 管道, 锁, 共享内存, 守护进程 …):
// each term in Chinese and English with a one-sentence explanation in the current language, shown
// as a wrapping row of terms, each with its meaning as a tooltip (GlossaryBar).

#include <QLabel>
#include <QList>
#include <QString>

namespace glossary {

struct Term {
    QString zh;      ///< "进程"
    QString en;      ///< "process"
    QString meaning; ///< one sentence, translated (tr context "Glossary")
    bool operator==(const Term&) const = default;
};

/// Every term, in teaching order, with the meaning in the current language.
QList<Term> terms();
/// The term whose Chinese or English name is `word` (English: case-insensitive); empty if none.
Term find(const QString& word);
/// `text` as HTML with every glossary word (Chinese, or English as a whole word) as a link whose
/// href is the term's index: a label shows the term's tooltip on hover (see linkToolTip).
QString annotate(const QString& text);
/// "<b>进程</b> · process<br>meaning": a term's tooltip.
QString toolTip(const Term& term);

} // namespace glossary

/// "Glossary: 进程 · 子进程 · …": hovering a term shows what it means.
class GlossaryBar : public QLabel {
    Q_OBJECT

public:
    explicit GlossaryBar(QWidget* parent = nullptr);
    /// The tooltip of term `index` (tests).
    QString termToolTip(int index) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
};
