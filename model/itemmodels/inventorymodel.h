#pragma once

#include "change.h"
#include "inventory.h"
#include "problem.h"
#include "providerdata.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace provtree {

class ProviderTree;
class ProviderTreeNotifier;
class TreeEditor;

// The inventory of one provider as a table: one row per resource class (sorted by name),
// the six Placement fields, then capacity ((total - reserved) x ratio, truncated), used
// and free (capacity - used, negative when overcommitted).
//
// Reads come from the core, edits go through the TreeEditor (one undo command each), and
// the model follows the core's change notifications, wherever they come from: a class
// added or removed is one rowsInserted/rowsRemoved, a changed value a dataChanged on the
// cells (and roles) it affects. Only choosing another provider, or the selected provider
// leaving or re-entering the tree, resets the model.
//
// For screen readers each cell has an accessible text that names its class and field
// ("VCPU total 32", "VCPU used 112 of 128, 88 %"; the tooltip is its description), and each
// row a vertical header: the class, with the row in one sentence as its accessible text
// ("VCPU, total 32, capacity 128, used 112, 88 %"; headerDataChanged when it changes).
//
// A refused edit changes nothing: setData() returns false, editRefused() carries the
// core's message, and the cell keeps it (EditErrorRole, tooltip) until the next accepted
// edit or clearRefusal().
//
// GUI-thread object. The tree and the editor must outlive the model.
class InventoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ResourceClassColumn,
        TotalColumn,
        ReservedColumn,
        MinUnitColumn,
        MaxUnitColumn,
        StepSizeColumn,
        AllocationRatioColumn,
        CapacityColumn,
        UsedColumn,
        FreeColumn,
        ColumnCount
    };
    enum Role {
        // QString: why Placement accepts this cell's value but it is likely a mistake
        // (validation::checkInventory / checkUsages warnings; several joined by newlines).
        // Empty when there is none.
        WarningRole = Qt::UserRole + 1,
        // bool, on total, reserved and max_unit: nova's resource tracker owns the provider
        // and rewrites the field on its next update, so an edit will not stick.
        NovaManagedRole,
        // double, on the used column only: used / capacity (above 1 when overcommitted;
        // +infinity when something is used of a capacity of 0 or less).
        UsageFractionRole,
        // QString: the core's message refusing the last edit of this cell; empty otherwise.
        EditErrorRole,
        // QString: the row's resource class, on every column.
        ResourceClassRole,
    };

    InventoryModel(ProviderTree &tree, TreeEditor &editor, QObject *parent = nullptr);
    ~InventoryModel() override;

    // Shows `uuid`'s inventory (empty: none) and resets the model. An unknown uuid shows
    // no rows; the model shows the provider once it appears (e.g. undo of its removal).
    void setProvider(const QString &uuid);
    [[nodiscard]] QString provider() const { return m_uuid; }
    // Whether the chosen provider is in the tree now.
    [[nodiscard]] bool hasProvider() const { return m_present; }
    // The provider's data as the model last read it (empty when !hasProvider()).
    [[nodiscard]] const ProviderData &providerData() const { return m_data; }

    // Read-only: no cell is editable, setData() returns false (silently: views do not
    // offer the edit) and addResourceClass()/removeResourceClass() are refused.
    void setReadOnly(bool readOnly);
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }

    [[nodiscard]] ProviderTree &tree() const { return m_tree; }
    [[nodiscard]] TreeEditor &editor() const { return m_editor; }

    // The inventory field a column edits, if any.
    [[nodiscard]] static std::optional<InventoryField> fieldForColumn(int column);
    [[nodiscard]] static int columnForField(InventoryField field);

    [[nodiscard]] QString resourceClassAt(int row) const;
    // -1 if the provider has no inventory of `resourceClass`. O(log n).
    [[nodiscard]] int rowForResourceClass(const QString &resourceClass) const;

    // Adds an inventory record of `resourceClass` (other fields: Placement's defaults)
    // through the editor. Refused (read-only, invalid name or total, class present) with
    // the core's problems; a refusal emits editRefused() with an invalid index.
    Status addResourceClass(const QString &resourceClass, qint64 total);
    // Removes the row's class through the editor; refused (InventoryInUse) while the class
    // has usage.
    Status removeResourceClass(int row);
    // Forgets the last refusal (its cell's EditErrorRole and tooltip), e.g. because the user
    // made another edit elsewhere that was accepted. Emits dataChanged for that cell.
    void clearRefusal();

    // --- QAbstractItemModel ---------------------------------------------------------
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Role Qt::EditRole on an editable column; the value must be a number (whole for the
    // integer fields). Calls TreeEditor::setInventoryField; false when refused.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    // An edit through this model was refused; `index` is the cell, or invalid for
    // addResourceClass()/removeResourceClass(). `message` is the core's (neutralised).
    void editRefused(const QModelIndex &index, const QString &message);
    // An edit through this model was accepted (or changed nothing): refusals are cleared.
    void editAccepted();
    void readOnlyChanged(bool readOnly);
    // After setProvider() and when the provider leaves or re-enters the tree.
    void providerChanged(const QString &uuid);

private:
    struct Row
    {
        QString resourceClass;
        InventoryRecord record; // effective: every field set
        qint64 used = 0;
        std::array<QString, ColumnCount> warnings; // per column, empty if none
    };
    struct Refusal
    {
        QString resourceClass;
        int column = -1;
        QString message;
    };

    void onTreeChanged(const ChangeSet &changes);
    void reload(bool forceReset);
    void resetTo(std::optional<ProviderData> data);
    void applyDiff(const ProviderData &data);
    void removeStaleRows(const Inventories &inventories);
    void insertNewRows(const ProviderData &data);
    void updateRows(const ProviderData &data, bool novaChanged);
    Row makeRow(const QString &resourceClass, const InventoryRecord &record, qint64 used) const;
    void refuse(const QModelIndex &index, const Status &status);
    void refuse(const QModelIndex &index, const QString &message);
    void accept();
    void setRefusal(std::optional<Refusal> refusal);
    QVariant displayValue(const Row &row, int column) const;
    QString toolTip(const Row &row, int column) const;
    QString accessibleText(const Row &row, int column) const;
    QString rowSummary(const Row &row) const;
    QString usageText(const Row &row) const;
    QString displayText(const Row &row, int column) const;
    static QString accessibleFieldName(InventoryField field);
    bool isNovaField(int column) const;

    ProviderTree &m_tree;             // Not owned.
    TreeEditor &m_editor;             // Not owned.
    ProviderTreeNotifier *m_notifier; // Owned (QObject child).
    QString m_uuid;
    bool m_present = false;
    bool m_readOnly = false;
    bool m_novaManaged = false;
    ProviderData m_data;
    QList<Row> m_rows; // sorted by resource class, like Inventories
    std::optional<Refusal> m_refusal;
};

} // namespace provtree
