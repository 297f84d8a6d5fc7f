#include "pushplandialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace provtree {

PushPlanDialog::PushPlanDialog(const PushPlanView &plan, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Push Changes"));
    setObjectName(QStringLiteral("pushPlanDialog"));

    const QString count = plan.calls == 1 ? tr("1 call") : tr("%1 calls").arg(plan.calls);
    QString summary = plan.rebase
                              ? tr("Your changes, re-applied on top of Placement's current state, need %1 to %2.")
                                        .arg(count, plan.target)
                              : tr("Your changes need %1 to %2.").arg(count, plan.target);
    if (plan.conflicts > 0)
        summary += QLatin1Char(' ')
                   + (plan.conflicts == 1 ? tr("Placement changed 1 field you changed too: its value is kept there.")
                                          : tr("Placement changed %1 fields you changed too: its values are kept there.")
                                                    .arg(plan.conflicts));
    summary += QLatin1Char(' ')
               + tr("They are sent in this order; each write names the generation it expects, and the "
                    "push stops at the first call Placement refuses.");
    m_summary = new QLabel(summary);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);

    m_plan = new QPlainTextEdit;
    m_plan->setReadOnly(true);
    m_plan->setPlainText(plan.text);
    m_plan->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_plan->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_plan->setAccessibleName(tr("Planned calls"));
    // Tab leaves the text for the buttons instead of typing nothing into a read-only text.
    m_plan->setTabChangesFocus(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_push = buttons->addButton(tr("&Push"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_plan, 1);
    layout->addWidget(buttons);
    m_push->setDefault(true); // once in the dialog, or the first focus change forgets it
    resize(820, 600);
    m_plan->setFocus();
}

QString PushPlanDialog::summaryText() const
{
    return m_summary->text();
}

} // namespace provtree
