#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace provtree {

// What PushPlanDialog shows: plain text the application prepared.
struct PushPlanView
{
    QString target;       // where the calls go, e.g. "cloud prod (RegionOne)"
    qsizetype calls = 0;  // how many
    QString text;         // the dry run's text (PushPlan::toText()): numbered calls, bodies, notes
    bool rebase = false;  // the plan re-applies my edits on top of Placement's current state
    qsizetype conflicts = 0; // fields where a re-apply keeps Placement's value instead of mine
};

// The review before a push (Push Changes…): every HTTP call the push will send, numbered,
// with its body, as the dry run printed it; Push sends them, Cancel sends nothing. The text
// is shown as given, monospace, read-only (the application passes the dry run's text, whose
// names are neutralised already). Enter pushes, Esc cancels. GUI thread only.
class PushPlanDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PushPlanDialog(const PushPlanView &plan, QWidget *parent = nullptr);

    [[nodiscard]] QString summaryText() const;
    [[nodiscard]] QPlainTextEdit *planView() const { return m_plan; }
    [[nodiscard]] QPushButton *pushButton() const { return m_push; }

private:
    QLabel *m_summary = nullptr;       // Owned by the dialog's layout.
    QPlainTextEdit *m_plan = nullptr;  // Owned by the dialog's layout.
    QPushButton *m_push = nullptr;     // Owned by the button box.
};

} // namespace provtree
