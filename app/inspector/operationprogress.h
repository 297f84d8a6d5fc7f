#pragma once

#include <QObject>
#include <QPointer>
#include "progressdialog.h"
#include <QString>

class QWidget;

namespace provtree {

class ProgressDialog;
class SourceOperation;

// The progress dialog of one cloud step (signing in, a pull, a push): window-modal, so the
// window keeps painting while the user cannot edit the tree under the operation, with a
// Cancel button that emits cancelRequested() (the owner cancels the operation; its
// finished() ends the step). Never blocks: no local event loop. The dialog appears at once.
// GUI thread only.
class OperationProgress : public QObject
{
    Q_OBJECT

public:
    // `unit` names what is counted ("providers", "calls") in "%1 of %2 providers".
    OperationProgress(QWidget *window, const QString &title, QObject *parent = nullptr);
    ~OperationProgress() override;

    // A step without a count (signing in, planning): a busy bar and `label`.
    void showBusy(const QString &label);
    // Follows `operation`'s progress under `label`, counting `unit`s.
    void follow(SourceOperation *operation, const QString &label, const QString &unit);
    // Closes the dialog (the step ended).
    void close();

    [[nodiscard]] ProgressDialog *dialog() const { return m_dialog.data(); }

signals:
    void cancelRequested();

private:
    void ensureDialog();

    QWidget *m_window;                  // Not owned.
    QString m_title;
    QPointer<ProgressDialog> m_dialog; // Owned (child of the window; deleted by close()).
    QString m_label;
    QString m_unit;
};

} // namespace provtree
