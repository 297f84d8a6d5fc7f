#include "differencenavigator.h"

#include "diffmodel.h"

#include <QAbstractItemModel>

#include <algorithm>

namespace provtree {

DifferenceNavigator::DifferenceNavigator(const QAbstractItemModel *model, QObject *parent)
    : QObject(parent), m_model(model)
{
    const auto dirty = [this] { m_dirty = true; };
    connect(model, &QAbstractItemModel::modelReset, this, dirty);
    connect(model, &QAbstractItemModel::rowsInserted, this, dirty);
    connect(model, &QAbstractItemModel::rowsRemoved, this, dirty);
    connect(model, &QAbstractItemModel::rowsMoved, this, dirty);
    connect(model, &QAbstractItemModel::layoutChanged, this, dirty);
    // A row's status may change in place (a proxy re-reading its source).
    connect(model, &QAbstractItemModel::dataChanged, this, dirty);
}

DifferenceNavigator::~DifferenceNavigator() = default;

void DifferenceNavigator::invalidate()
{
    m_dirty = true;
}

void DifferenceNavigator::setStops(std::function<bool(const QModelIndex &)> isStop)
{
    m_isStop = std::move(isStop);
    m_dirty = true;
}

void DifferenceNavigator::rebuild() const
{
    m_dirty = false;
    m_uuids.clear();
    m_positions.clear();
    m_differences.clear();
    // Depth-first with an explicit stack: merged trees can be deep.
    QList<QModelIndex> stack;
    for (int row = m_model->rowCount() - 1; row >= 0; --row)
        stack.append(m_model->index(row, 0));
    while (!stack.isEmpty()) {
        const QModelIndex index = stack.takeLast();
        const int at = int(m_uuids.size());
        const QString uuid = index.data(DiffModel::UuidRole).toString();
        m_uuids.append(uuid);
        m_positions.insert(uuid, at);
        if (index.data(DiffModel::IsDifferenceRole).toBool() && (!m_isStop || m_isStop(index)))
            m_differences.append(at);
        for (int row = m_model->rowCount(index) - 1; row >= 0; --row)
            stack.append(m_model->index(row, 0, index));
    }
}

QString DifferenceNavigator::firstStop() const
{
    QList<QModelIndex> stack; // depth-first, as rebuild() orders the rows
    for (int row = m_model->rowCount() - 1; row >= 0; --row)
        stack.append(m_model->index(row, 0));
    while (!stack.isEmpty()) {
        const QModelIndex index = stack.takeLast();
        if (index.data(DiffModel::IsDifferenceRole).toBool() && (!m_isStop || m_isStop(index)))
            return index.data(DiffModel::UuidRole).toString();
        for (int row = m_model->rowCount(index) - 1; row >= 0; --row)
            stack.append(m_model->index(row, 0, index));
    }
    return {};
}

int DifferenceNavigator::position(const QString &uuid) const
{
    if (m_dirty)
        rebuild();
    return uuid.isEmpty() ? -1 : m_positions.value(uuid, -1);
}

QString DifferenceNavigator::next(const QString &uuid) const
{
    // From before the first row only the first stop is needed: a window opening on a diff
    // of 100,000 providers asks this at once, and ordering every row first takes long.
    if (uuid.isEmpty() && m_dirty)
        return firstStop();
    const int at = position(uuid);
    const auto it = std::upper_bound(m_differences.cbegin(), m_differences.cend(), at);
    return it == m_differences.cend() ? QString() : m_uuids.at(*it);
}

QString DifferenceNavigator::previous(const QString &uuid) const
{
    if (uuid.isEmpty())
        return {}; // nothing comes before the first row (and the rows need no order for that)
    const int at = position(uuid);
    if (at < 0)
        return {};
    const auto it = std::lower_bound(m_differences.cbegin(), m_differences.cend(), at);
    return it == m_differences.cbegin() ? QString() : m_uuids.at(*std::prev(it));
}

} // namespace provtree
