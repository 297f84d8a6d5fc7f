#include "progressdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <climits>

namespace provtree {

ProgressDialog::ProgressDialog(QWidget *parent)
    : QDialog(parent), m_label(new QLabel), m_bar(new QProgressBar)
{
    setObjectName(QStringLiteral("progressDialog"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_bar->setRange(0, 0);
    m_bar->setTextVisible(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProgressDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

void ProgressDialog::setLabelText(const QString &text)
{
    m_label->setText(text);
}

QString ProgressDialog::labelText() const
{
    return m_label->text();
}

void ProgressDialog::setProgress(qsizetype done, qsizetype total)
{
    if (total <= 0) {
        m_bar->setRange(0, 0);
        return;
    }
    // QProgressBar counts in int; a larger total is scaled down.
    const double scale = total > INT_MAX ? double(INT_MAX) / double(total) : 1.0;
    m_bar->setRange(0, int(double(total) * scale));
    m_bar->setValue(int(double(qMin(done, total)) * scale));
}

void ProgressDialog::reject()
{
    if (m_canceled)
        return;
    m_canceled = true;
    m_cancel->setEnabled(false);
    m_label->setText(tr("%1\nStopping…").arg(m_label->text()));
    emit canceled();
}

} // namespace provtree
