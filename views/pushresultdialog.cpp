#include "pushresultdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace provtree {

namespace {
enum Column { NumberColumn, StateColumn, RequestColumn, CallColumn, ColumnCount };

QLabel *paragraph(const QString &text)
{
    auto *label = new QLabel(text);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

qsizetype PushResultView::appliedCount() const
{
    return std::count_if(calls.cbegin(), calls.cend(), [](const Call &call) { return call.state == CallState::Applied; });
}

QString PushResultDialog::stateName(PushResultView::CallState state)
{
    switch (state) {
    case PushResultView::CallState::Applied: return tr("applied");
    case PushResultView::CallState::Failed: return tr("FAILED");
    case PushResultView::CallState::NotApplied: return tr("not sent");
    }
    return {};
}

PushResultDialog::PushResultDialog(const PushResultView &result, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Push Result"));
    setObjectName(QStringLiteral("pushResultDialog"));

    const qsizetype total = result.calls.size();
    const qsizetype applied = result.appliedCount();
    QString summary;
    if (total > 0 && applied == total && result.failure.isEmpty())
        summary = tr("All %1 calls were applied to %2.").arg(QString::number(total), result.target);
    else
        summary = tr("%1 of %2 calls were applied to %3.").arg(QString::number(applied), QString::number(total), result.target);
    m_summary = paragraph(summary);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);

    m_calls = new QTreeWidget;
    m_calls->setRootIsDecorated(false);
    m_calls->setColumnCount(ColumnCount);
    m_calls->setHeaderLabels({tr("#"), tr("Result"), tr("Request"), tr("Call")});
    m_calls->setAccessibleName(tr("Calls"));
    m_calls->setAlternatingRowColors(true);
    const QIcon appliedIcon = style()->standardIcon(QStyle::SP_DialogApplyButton);
    const QIcon failedIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    for (qsizetype i = 0; i < total; ++i) {
        const PushResultView::Call &call = result.calls.at(i);
        auto *item = new QTreeWidgetItem(m_calls);
        item->setText(NumberColumn, QString::number(i + 1));
        item->setText(StateColumn, stateName(call.state));
        item->setText(CallColumn, call.summary);
        item->setText(RequestColumn, call.request);
        item->setToolTip(CallColumn, call.summary);
        switch (call.state) {
        case PushResultView::CallState::Applied: item->setIcon(StateColumn, appliedIcon); break;
        case PushResultView::CallState::Failed:
            item->setIcon(StateColumn, failedIcon);
            for (int column = 0; column < ColumnCount; ++column)
                item->setForeground(column, QColor(0xb0, 0x00, 0x20));
            break;
        case PushResultView::CallState::NotApplied:
            for (int column = 0; column < ColumnCount; ++column)
                item->setForeground(column, palette().brush(QPalette::Disabled, QPalette::Text));
            break;
        }
    }
    // The call's summary last, taking the rest (elided; its tooltip has all of it).
    for (int column = 0; column < CallColumn; ++column)
        m_calls->resizeColumnToContents(column);
    m_calls->header()->setStretchLastSection(true);
    m_calls->setTextElideMode(Qt::ElideRight);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_calls, 1);
    if (!result.failure.isEmpty())
        layout->addWidget(paragraph(tr("Why it stopped: %1").arg(result.failure)));
    for (const QString &problem : result.problems)
        layout->addWidget(paragraph(QStringLiteral("• ") + problem));
    if (!result.localNote.isEmpty())
        layout->addWidget(paragraph(result.localNote));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    buttons->button(QDialogButtonBox::Close)->setDefault(true); // once in the dialog
    resize(860, 460);
    m_calls->setFocus();
}

QString PushResultDialog::summaryText() const
{
    return m_summary->text();
}

} // namespace provtree
