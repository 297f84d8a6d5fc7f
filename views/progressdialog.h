#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;

namespace provtree {

// A progress dialog for asynchronous work: a label, a bar (busy while the total is
// unknown) and Cancel (or Esc), which emits canceled() and leaves closing to the owner,
// who closes it when the work has really stopped.
//
// Unlike QProgressDialog it never runs the event loop from setValue() (QProgressDialog
// calls processEvents() there when it is modal, which would re-enter whoever reports
// progress). GUI thread only.
class ProgressDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProgressDialog(QWidget *parent = nullptr);

    void setLabelText(const QString &text);
    [[nodiscard]] QString labelText() const;
    // `total` 0: busy (unknown total).
    void setProgress(qsizetype done, qsizetype total);
    [[nodiscard]] bool wasCanceled() const { return m_canceled; }
    [[nodiscard]] QProgressBar *bar() const { return m_bar; }
    [[nodiscard]] QPushButton *cancelButton() const { return m_cancel; }

signals:
    void canceled();

public slots:
    // Cancel and Esc: asks the owner to stop (once); the dialog stays until it closes it.
    void reject() override;

private:
    QLabel *m_label;         // Owned by the layout.
    QProgressBar *m_bar;     // Owned by the layout.
    QPushButton *m_cancel;   // Owned by the button box.
    bool m_canceled = false;
};

} // namespace provtree
