#include "operationprogress.h"

#include "treesource.h"

namespace provtree {

OperationProgress::OperationProgress(QWidget *window, const QString &title, QObject *parent)
    : QObject(parent), m_window(window), m_title(title)
{
}

OperationProgress::~OperationProgress()
{
    close();
}

void OperationProgress::ensureDialog()
{
    if (m_dialog)
        return;
    m_dialog = new ProgressDialog(m_window);
    m_dialog->setWindowTitle(m_title);
    m_dialog->setWindowModality(Qt::WindowModal);
    // The operation ends the step: Cancel (or Esc) only asks it to stop.
    connect(m_dialog, &ProgressDialog::canceled, this, &OperationProgress::cancelRequested);
    m_dialog->show();
}

void OperationProgress::showBusy(const QString &label)
{
    ensureDialog();
    m_dialog->setLabelText(label);
    m_dialog->setProgress(0, 0);
}

void OperationProgress::follow(SourceOperation *operation, const QString &label, const QString &unit)
{
    showBusy(label);
    m_label = label;
    m_unit = unit;
    connect(operation, &SourceOperation::progress, this, [this](qsizetype done, qsizetype total) {
        if (!m_dialog || m_dialog->wasCanceled())
            return;
        m_dialog->setProgress(done, total);
        if (total > 0)
            m_dialog->setLabelText(tr("%1\n%2 of %3 %4").arg(m_label, QString::number(done), QString::number(total), m_unit));
    });
}

void OperationProgress::close()
{
    if (!m_dialog)
        return;
    ProgressDialog *dialog = m_dialog.data();
    m_dialog.clear();
    dialog->disconnect(this);
    dialog->hide();
    dialog->deleteLater();
}

} // namespace provtree
