#pragma once

#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

class QLabel;
class QTreeWidget;

namespace provtree {

// What a push did, for PushResultDialog: one row per planned call, and the messages that
// explain the end. Plain text, safe to show (the application neutralises names).
struct PushResultView
{
    enum class CallState { Applied, Failed, NotApplied };
    struct Call
    {
        QString summary; // `rename provider "cn-1" (UUID) to "cn-2"`
        QString request; // "PUT /resource_providers/UUID/inventories"
        CallState state = CallState::NotApplied;
    };

    QString target;         // "cloud prod (RegionOne)"
    QList<Call> calls;
    QString failure;        // why the failed call failed; empty when none failed
    QStringList problems;   // other problems (conflicts kept, a refusal before sending)
    QString localNote;      // what happened to the local edits
    [[nodiscard]] qsizetype appliedCount() const;
};

// The result of a push (Push Changes…, after the calls were sent): call by call what was
// applied, what failed and what was not sent, then why it stopped and what became of the
// local edits. Close (Enter or Esc) only closes. GUI thread only.
class PushResultDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PushResultDialog(const PushResultView &result, QWidget *parent = nullptr);

    [[nodiscard]] static QString stateName(PushResultView::CallState state);
    [[nodiscard]] QString summaryText() const;
    [[nodiscard]] QTreeWidget *callList() const { return m_calls; }

private:
    QLabel *m_summary = nullptr;   // Owned by the dialog's layout.
    QTreeWidget *m_calls = nullptr; // Owned by the dialog's layout.
};

} // namespace provtree
