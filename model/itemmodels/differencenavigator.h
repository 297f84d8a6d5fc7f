#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QAbstractItemModel;
class QModelIndex;

namespace provtree {

// "Next difference" and "previous difference" in a compare window: the rows of `model`
// (a DiffModel or a filter proxy over one: DiffModel's UuidRole and IsDifferenceRole),
// top-down as a tree view lists them, expanded; only the rows the model has count, so a
// filter's hidden rows are skipped, and with setStops() only the differing rows it accepts
// (a filter's matches, not the ancestors it shows around them). No wrapping around: past
// the last difference there is no next one, before the first no previous one.
//
// The order is worked out once per change of the model (reset, rows in or out, layout),
// when it is next asked for: O(rows) then, O(log rows) per question. The first difference
// (next() of no row) is found without it, walking only as far as that difference.
// GUI-thread object, like its model, which must outlive it.
class DifferenceNavigator final : public QObject
{
    Q_OBJECT

public:
    explicit DifferenceNavigator(const QAbstractItemModel *model, QObject *parent = nullptr);
    ~DifferenceNavigator() override;

    // Which differing rows (indexes of the model) are stops; default: all of them. Call
    // invalidate() when its answers change without the model changing.
    void setStops(std::function<bool(const QModelIndex &)> isStop);
    void invalidate();

    // The uuid of the next / previous differing row after / before the row of `uuid`.
    // `uuid` empty or not among the rows: from before the first row (so next() is the
    // first difference and previous() none). Empty when there is none.
    [[nodiscard]] QString next(const QString &uuid) const;
    [[nodiscard]] QString previous(const QString &uuid) const;

private:
    void rebuild() const;
    [[nodiscard]] QString firstStop() const;
    [[nodiscard]] int position(const QString &uuid) const;

    const QAbstractItemModel *m_model; // Not owned.
    std::function<bool(const QModelIndex &)> m_isStop;
    mutable bool m_dirty = true;
    mutable QStringList m_uuids;              // the rows, top-down
    mutable QHash<QString, int> m_positions;  // uuid → index in m_uuids
    mutable QList<int> m_differences;         // positions of the differing rows, ascending
};

} // namespace provtree
