#pragma once

#include "treediff.h"

#include <QSortFilterProxyModel>
#include <QString>

#include <functional>
#include <optional>

namespace provtree {

// Which rows of a compare window's merged tree are shown: "only differences", one kind of
// difference (the legend's filter: added, removed, changed or moved), and a search text
// that matches a provider's name or uuid (case-insensitive substring). A row is shown when
// it passes all three, or when a row below it does (recursive filtering: a match is shown
// in its place in the tree, under its ancestors).
//
// A change of filter resets the model (views keep neither selection nor expansion: the
// owner restores them), which is what keeps it fast on big trees.
//
// Works on any source model with DiffModel's roles (StatusRole, UuidRole, the name in
// Qt::DisplayRole of column 0): a DiffModel or a proxy over one. GUI-thread object, like
// its source model.
class DiffFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit DiffFilterProxyModel(QObject *parent = nullptr);
    ~DiffFilterProxyModel() override;

    // Each setter re-filters at once when the value changes.
    void setOnlyDifferences(bool only);
    [[nodiscard]] bool onlyDifferences() const { return m_onlyDifferences; }
    // nullopt: every kind. Unchanged is allowed but not what the legend offers.
    void setStatusFilter(std::optional<DiffStatus> status);
    [[nodiscard]] std::optional<DiffStatus> statusFilter() const { return m_status; }
    // Trimmed; empty: no search.
    void setSearchText(const QString &text);
    [[nodiscard]] QString searchText() const { return m_text; }

    // Whether the source row `sourceIndex` passes the filters itself (not only as the
    // ancestor of one that does).
    [[nodiscard]] bool matches(const QModelIndex &sourceIndex) const;
    // How many source rows match (matches()); walks the whole source model: O(rows).
    [[nodiscard]] int matchCount() const;

    // Without a filter every child is shown: the source's answer, so that a view laying out
    // 30,000 roots does not have each one's children filtered to find out (which is how
    // QSortFilterProxyModel answers: 25 ms of opening a 100,000-provider comparison).
    bool hasChildren(const QModelIndex &parent = {}) const override;

signals:
    // A setter changed a filter (after the rows were filtered again). What matches() says
    // may have changed for rows that stay shown.
    void filtersChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter(const std::function<void()> &change);
    [[nodiscard]] bool isFiltering() const { return m_onlyDifferences || m_status || !m_text.isEmpty(); }

    bool m_onlyDifferences = false;
    std::optional<DiffStatus> m_status;
    QString m_text;
};

} // namespace provtree
