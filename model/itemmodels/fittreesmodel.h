#pragma once

#include "fitoutcome.h"

#include <QAbstractTableModel>

#include <memory>

namespace provtree {

// Every tree of a "Will it fit?" outcome as a table: its root's name, whether it fits or
// the label of its first obstacle ("not enough VCPU"), and that obstacle in full
// ("cn-12: VCPU capacity 128, used 126, asked 4"). Rows in natural name order; a fitting
// tree's row has the main tree's fit colour. UuidRole (the root), GroupKeyRole (to filter
// by a group of FitReasonsModel) and SortRole (per column) on every column.
//
// setOutcome() resets the model (an outcome replaces every row). GUI-thread object.
class FitTreesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TreeColumn, ResultColumn, ReasonColumn, ColumnCount };
    enum Role {
        UuidRole = Qt::UserRole + 1, // QString
        GroupKeyRole,                // QString: fitGroupKey()
        SortRole,                    // QString: natural key of the name, the label or the text
    };

    explicit FitTreesModel(QObject *parent = nullptr);
    ~FitTreesModel() override;

    void setOutcome(std::shared_ptr<const FitOutcome> outcome);
    [[nodiscard]] const std::shared_ptr<const FitOutcome> &outcome() const { return m_outcome; }
    // SortRole and GroupKeyRole without QVariant, for a proxy sorting thousands of rows.
    [[nodiscard]] QString sortText(int row, int column) const;
    [[nodiscard]] const QString &groupKey(int row) const { return m_outcome->rows[row].groupKey; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const FitOutcome> m_outcome;
};

} // namespace provtree
