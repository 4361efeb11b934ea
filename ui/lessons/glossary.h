#pragma once
// A short glossary of the words the lessons use (进程, 进程池, 队列, 管道, 锁, 共享内存, 守护进程 …):
// each term in Chinese and English with a one-sentence explanation in the current language, shown
// as a row of labels with tooltips (GlossaryBar).

#include <QList>
#include <QString>
#include <QWidget>

class QLabel;

namespace glossary {

struct Term {
    QString zh;      ///< "进程"
    QString en;      ///< "process"
    QString meaning; ///< one sentence, translated (tr context "Glossary")
};

/// Every term, in teaching order, with the meaning in the current language.
QList<Term> terms();
/// The term whose Chinese or English name is `word` (case-insensitive), or nullptr-like empty.
Term find(const QString& word);

} // namespace glossary

/// "Glossary: 进程 process · 进程池 pool · …", one label per term with its meaning as tooltip.
class GlossaryBar : public QWidget {
    Q_OBJECT

public:
    explicit GlossaryBar(QWidget* parent = nullptr);
    /// The term labels (tests).
    QList<QLabel*> termLabels() const { return m_labels; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* m_caption = nullptr;
    QList<QLabel*> m_labels;
};
