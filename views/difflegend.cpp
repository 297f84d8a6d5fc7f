#include "difflegend.h"

#include "compareview.h"

#include <QHBoxLayout>
#include <QToolButton>

namespace provtree {

namespace {

// The chip's look: its status colour, dark text in any palette, a heavier frame when it
// is the kind shown alone. A style sheet: a palette alone does not colour buttons in
// every style.
QString chipStyle(const QColor &colour)
{
    return QStringLiteral("QToolButton { background: %1; color: black; border: 1px solid #8a8a8a;"
                          " border-radius: 3px; padding: 2px 8px; }"
                          " QToolButton:checked { border: 2px solid black; font-weight: bold; }"
                          " QToolButton:focus { border: 2px dotted black; }")
            .arg(colour.name());
}

} // namespace

DiffLegend::DiffLegend(QWidget *parent) : QWidget(parent), m_all(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_all->setObjectName(QStringLiteral("legend-all"));
    m_all->setText(tr("All"));
    m_all->setCheckable(true);
    m_all->setChecked(true);
    m_all->setToolTip(tr("Show every kind of difference"));
    m_all->setFocusPolicy(Qt::TabFocus);
    connect(m_all, &QToolButton::clicked, this, [this] { choose(std::nullopt); });
    layout->addWidget(m_all);
    for (const DiffStatus status : kKinds) {
        auto *chip = new QToolButton(this);
        chip->setObjectName(QStringLiteral("legend-") + diffStatusName(status));
        chip->setCheckable(true);
        chip->setFocusPolicy(Qt::TabFocus);
        chip->setStyleSheet(chipStyle(CompareView::statusColor(status)));
        chip->setToolTip(tr("Show only the %1 providers (click again for all)").arg(diffStatusName(status)));
        connect(chip, &QToolButton::clicked, this, [this, status] {
            choose(m_filter == status ? std::nullopt : std::optional<DiffStatus>(status));
        });
        layout->addWidget(chip);
        m_chips.append(chip);
        setCount(status, 0);
    }
}

DiffLegend::~DiffLegend() = default;

QToolButton *DiffLegend::chip(DiffStatus status) const
{
    for (qsizetype i = 0; i < m_chips.size(); ++i) {
        if (kKinds[i] == status)
            return m_chips.at(i);
    }
    return nullptr;
}

void DiffLegend::setCount(DiffStatus status, int count)
{
    if (QToolButton *button = chip(status)) {
        button->setText(tr("%1: %2").arg(diffStatusName(status), QString::number(count)));
        button->setAccessibleName(tr("%1 providers: %2; show only these").arg(diffStatusName(status), QString::number(count)));
    }
}

void DiffLegend::setFilter(std::optional<DiffStatus> status)
{
    m_filter = status;
    updateChecks();
}

void DiffLegend::choose(std::optional<DiffStatus> status)
{
    m_filter = status;
    updateChecks();
    emit filterChanged();
}

void DiffLegend::updateChecks()
{
    m_all->setChecked(!m_filter);
    for (qsizetype i = 0; i < m_chips.size(); ++i)
        m_chips.at(i)->setChecked(m_filter == kKinds[i]);
}

} // namespace provtree
