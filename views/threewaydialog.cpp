#include "threewaydialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace provtree {

qsizetype ThreeWayView::providerCount() const
{
    QSet<QString> providers;
    for (const Row &row : rows)
        providers.insert(row.providerUuid);
    return providers.size();
}

qsizetype ThreeWayView::conflictCount() const
{
    return std::count_if(rows.cbegin(), rows.cend(), [](const Row &row) { return row.conflict; });
}

QColor ThreeWayDialog::conflictColor()
{
    return QColor(0xff, 0xe0, 0xdc);
}

ThreeWayDialog::ThreeWayDialog(const ThreeWayView &view, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Placement Changed Since the Pull"));
    setObjectName(QStringLiteral("threeWayDialog"));

    m_summary = new QLabel(view.summary);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);

    m_table = new QTreeWidget;
    m_table->setRootIsDecorated(false);
    m_table->setColumnCount(ColumnCount);
    m_table->setHeaderLabels({tr("Provider"), tr("Field"), tr("Pulled"), tr("Mine"), tr("Placement now"), tr("Re-apply takes")});
    m_table->setAccessibleName(tr("Fields that differ"));
    m_table->setUniformRowHeights(true);
    QString previous;
    for (const ThreeWayView::Row &row : view.rows) {
        auto *item = new QTreeWidgetItem(m_table);
        // The provider once per group: the rows below it are its fields.
        item->setText(ProviderColumn, row.providerUuid == previous ? QString() : row.provider);
        item->setToolTip(ProviderColumn, row.provider + QLatin1Char('\n') + row.providerUuid);
        previous = row.providerUuid;
        item->setText(FieldColumn, row.field);
        item->setText(PulledColumn, row.pulled);
        item->setText(MineColumn, row.mine);
        item->setText(NowColumn, row.now);
        item->setText(OutcomeColumn, row.outcome);
        item->setToolTip(PulledColumn, row.pulledFull.isEmpty() ? row.pulled : row.pulledFull);
        item->setToolTip(MineColumn, row.mineFull.isEmpty() ? row.mine : row.mineFull);
        item->setToolTip(NowColumn, row.nowFull.isEmpty() ? row.now : row.nowFull);
        item->setToolTip(OutcomeColumn, row.detail);
        if (row.conflict) {
            for (int column = FieldColumn; column < ColumnCount; ++column)
                item->setBackground(column, conflictColor());
            QFont bold = item->font(OutcomeColumn);
            bold.setBold(true);
            item->setFont(OutcomeColumn, bold);
        }
    }
    // Names, fields and outcomes as wide as they are; the three values share the rest
    // (a long list is elided, its tooltip has all of it).
    QHeaderView *header = m_table->header();
    header->setStretchLastSection(false);
    for (int column = 0; column < ColumnCount; ++column) {
        const bool value = column >= PulledColumn && column <= NowColumn;
        header->setSectionResizeMode(column, value ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
    }
    m_table->setTextElideMode(Qt::ElideMiddle);

    auto *buttons = new QDialogButtonBox;
    m_reapply = buttons->addButton(tr("&Re-apply my changes on top of Placement's"), QDialogButtonBox::ActionRole);
    m_drop = buttons->addButton(tr("&Drop my changes to these providers"), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_reapply->setToolTip(tr("Pushes again: fields only you changed are sent; where Placement changed a field too, "
                             "its value is kept. The plan is shown first."));
    m_drop->setToolTip(tr("Your providers listed here become what Placement holds now (one step: Undo takes it back)."));
    m_close->setToolTip(tr("Keeps everything as it is locally; nothing is sent."));
    m_reapply->setVisible(view.canResolve);
    m_drop->setVisible(view.canResolve);
    // Enter closes: an action that writes to Placement or drops edits is never a default.
    for (QPushButton *button : {m_reapply, m_drop})
        button->setAutoDefault(false);
    connect(m_reapply, &QPushButton::clicked, this, [this] { choose(ThreeWayChoice::Reapply); });
    connect(m_drop, &QPushButton::clicked, this, [this] { choose(ThreeWayChoice::Drop); });
    connect(buttons, &QDialogButtonBox::rejected, this, [this] { choose(ThreeWayChoice::Close); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    if (view.conflictCount() > 0) {
        auto *legend = new QLabel(tr("Highlighted rows are conflicts: Placement and you changed the field differently."));
        legend->setWordWrap(true);
        layout->addWidget(legend);
    }
    layout->addWidget(buttons);
    m_close->setDefault(true); // once in the dialog, or the first focus change forgets it
    resize(1040, 480);
    m_table->setFocus();
}

void ThreeWayDialog::choose(ThreeWayChoice choice)
{
    m_choice = choice;
    if (choice == ThreeWayChoice::Close)
        reject();
    else
        accept();
}

QString ThreeWayDialog::summaryText() const
{
    return m_summary->text();
}

} // namespace provtree
