#pragma once

#include "change.h"
#include "providerdata.h"
#include "providerkind.h"

#include <QAbstractItemModel>
#include <QFutureWatcher>
#include <QHash>

#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

class QAbstractProxyModel;
class TestProviderTreeModel; // tests/tst_providertreemodel.cpp: feeds crafted ChangeSets

namespace provtree {

class ProviderTree;
class ProviderTreeModel;

// The provider tree as a QAbstractItemModel, for tree views and filters.
//
// It keeps a mirror of the tree's structure (rows in the core's child order) and updates
// it only from the core's ChangeSets, applied strictly in sequence order, so every single
// edit becomes one precise begin/end insert, remove or move pair or a dataChanged; only a
// replaced tree resets the model. Model indexes carry a stable provider id (internalId),
// never a pointer.
//
// How changes arrive: the core hands each ChangeSet, in sequence order, to the model's
// inbox on whichever thread delivers it; the model's thread applies what the inbox holds,
// oldest first. A change delivered on the model's thread (an edit made there, normally)
// is therefore shown before the call that made it returns, after any change of another
// thread that was still waiting, never before it. A change delivered on another thread
// is shown when the model's thread next runs its event loop; so is an edit of this thread
// that the core handed to another thread delivering at that moment. sequence() tells
// when the model has caught up with the tree.
//
// Data: each column shows its field (DisplayRole); the row's own roles (ToolTipRole with
// the whole provider, AccessibleTextRole with its name, kind and usage for screen readers,
// KindRole, ProviderDataRole, SearchTextRole) are on NameColumn, the
// row's item; ResourceClassesColumn has a ToolTipRole of its own (every class with its
// usage, which the cell may elide); UsageColumn shows the highest usage of the row's
// resource classes (highestUsage(), "88 %") with that class in its ToolTipRole; UuidRole
// and ProviderIdRole, which never change, are on every column. dataChanged names the roles that changed and the smallest column
// range holding them.
//
// GUI-thread object (only its observer runs on other threads). The tree must outlive
// the model.
class ProviderTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        UuidColumn,
        GenerationColumn,
        ResourceClassesColumn,
        ChildrenColumn,
        UsageColumn, // the most used resource class, "88 %"; empty without inventory
        ColumnCount
    };
    enum Role {
        UuidRole = Qt::UserRole + 1, // QString; every column
        KindRole,                    // int (ProviderKind); NameColumn
        ProviderIdRole,              // quint64, stable for the model's lifetime; every column
        ProviderDataRole,            // QVariant<ProviderData>: the row's cached data; NameColumn
        SearchTextRole,              // QString: name, uuid, traits, classes, aggregates; NameColumn
        UsageFractionRole,           // double: highestUsage()'s fraction, -1 without inventory; UsageColumn
        NameSortKeyRole,             // QString: ProviderSortKey::nameKeyText(); NameColumn
    };

    explicit ProviderTreeModel(ProviderTree &tree, QObject *parent = nullptr);
    ~ProviderTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Every row's flags, the same in every column.
    [[nodiscard]] static Qt::ItemFlags rowFlags() { return Qt::ItemIsSelectable | Qt::ItemIsEnabled; }

    // O(1). Invalid if the model does not (yet) show that provider.
    [[nodiscard]] QModelIndex indexForUuid(QStringView uuid, int column = NameColumn) const;
    // The row of provider id `id` (ProviderIdRole, the index's internalId()); O(1).
    [[nodiscard]] QModelIndex indexForId(quint64 id, int column = NameColumn) const;
    // The tree's shape by id, one lookup each, for a proxy that asks it of 30,000 rows:
    // the parent's id (0: a root, or not shown), the row among its siblings (-1: not
    // shown), the children's ids in row order (id 0: the roots; empty: not shown).
    [[nodiscard]] quint64 parentIdOf(quint64 id) const;
    [[nodiscard]] int rowOf(quint64 id) const;
    [[nodiscard]] const QList<quint64> &childIdsOf(quint64 id) const;
    // The row's ProviderIdRole; 0 if the model does not (yet) show that provider.
    [[nodiscard]] quint64 idForUuid(const QString &uuid) const { return m_mirror.idByUuid.value(uuid); }
    // Every row's id by uuid, for a worker (an implicitly shared copy: taking it is cheap;
    // the model's next insertion or removal while a worker still holds it copies it).
    [[nodiscard]] QHash<QString, quint64> idsByUuid() const { return m_mirror.idByUuid; }
    // The roots' ids in NameSortKeyRole order (ProviderSortKey's order of NameColumn), kept
    // through edits: a view sorted by name shows 30,000 roots without sorting them. The
    // rows of a large tree sort them on the worker that builds them.
    [[nodiscard]] const std::vector<quint64> &rootsInNameOrder() const { return m_mirror.rootsByName; }
    // The sequence number of the last ChangeSet the model shows (ProviderTree::lastSequence()
    // once it has caught up), so a caller can wait for a change made on another thread.
    [[nodiscard]] quint64 sequence() const { return m_seenSequence; }

    // A replaced tree of at least this many providers is read on a worker thread: the rows
    // show the old tree until the new one is in (one reset), and the ChangeSets that come
    // meanwhile wait, also those of this thread. Smaller trees are read at once.
    void setBackgroundRebuildFrom(qsizetype providers) { m_backgroundRebuildFrom = providers; }
    // A tree is being read on a worker (see setBackgroundRebuildFrom()).
    [[nodiscard]] bool isRebuilding() const { return m_rebuildPending; }

private:
    // The only test seam: a crafted ChangeSet (a broken step, a gap) cannot be produced
    // through the core, so the test hands one to applyChanges() directly.
    friend class ::TestProviderTreeModel;

    struct Item
    {
        ProviderData data; // as of the last notification about it
        QString nameKey;   // NameSortKeyRole
        double usageFraction = -1.0; // UsageFractionRole: a sort by usage reads it 100,000 times
        quint64 parentId = 0; // 0: a root
        int row = 0;
        QList<quint64> children;
    };
    // The rows: built by the model's thread, or by a worker and then swapped in.
    struct Mirror
    {
        // Moved, never copied: byId points into items.
        Mirror() = default;
        Mirror(Mirror &&) = default;
        Mirror &operator=(Mirror &&) = default;
        Mirror(const Mirror &) = delete;
        Mirror &operator=(const Mirror &) = delete;

        std::unordered_map<quint64, Item> items; // element addresses are stable
        // The items by id (at id - firstId; null where one has left): a view's layout looks
        // up 30,000 rows, and a hash lookup cost two cache misses each.
        std::vector<Item *> byId;
        quint64 firstId = 1;
        [[nodiscard]] Item *find(quint64 id) const
        {
            return id >= firstId && id - firstId < byId.size() ? byId[size_t(id - firstId)] : nullptr;
        }
        QHash<QString, quint64> idByUuid;
        QList<quint64> roots;
        std::vector<quint64> rootsByName; // the roots by nameKey: kept through every edit
        quint64 nextId = 1;   // the id the next row gets
        quint64 sequence = 0; // the tree's sequence it shows

        QList<quint64> &childrenOf(quint64 parentId);
        void add(quint64 id, const ProviderData &data, quint64 parentId);
        void sortRootsByName();
        // A root comes, or goes (before its item does).
        void placeRoot(quint64 id);
        void unplaceRoot(quint64 id);
    };

    // Any thread: the core's observer.
    void receive(const ChangeSet &changes);
    // The model's thread: applies every ChangeSet the inbox holds, in order.
    void applyReceived();
    [[nodiscard]] std::optional<ChangeSet> takeReceived();
    void applyChanges(const ChangeSet &changes);
    // The steps below return false when the mirror could not follow and was rebuilt from
    // the tree instead: the rest of that ChangeSet is then already shown.
    [[nodiscard]] bool applyChange(const ProviderChange &change);
    void rebuild();
    // Any thread: the rows of `tree` as it is now, numbered from `firstId`.
    [[nodiscard]] static Mirror mirrorOf(const ProviderTree &tree, quint64 firstId);
    void adopt(Mirror &&mirror);
    void rebuildInBackground();
    void adoptRebuilt();
    ProviderData currentData(const QString &uuid, const QString &parentUuid) const;
    [[nodiscard]] bool insertItem(const QString &uuid, const QString &parentUuid);
    void removeItem(const QString &uuid);
    [[nodiscard]] bool moveItem(const QString &uuid, const QString &newParentUuid);
    void refreshItem(const QString &uuid, ProviderParts parts);
    void addItem(quint64 id, const ProviderData &data, quint64 parentId);
    void eraseItemTree(quint64 id);
    QList<quint64> &childrenOf(quint64 parentId);
    void renumber(const QList<quint64> &siblings, int from);
    QString resourceSummary(const ProviderData &data) const;
    QStringList usageLines(const ProviderData &data) const;
    QString usageToolTip(const ProviderData &data) const;
    QString toolTip(const Item &item) const;
    QString accessibleText(const ProviderData &data) const;

    ProviderTree &m_tree;               // Not owned.
    quint64 m_observer = 0;             // ProviderTree::ObserverId
    std::mutex m_inboxMutex;            // guards m_inbox
    std::deque<ChangeSet> m_inbox;      // received, not applied yet; in sequence order
    bool m_applying = false;            // applyReceived() is on the stack
    Mirror m_mirror;
    quint64 m_nextId = 1;
    qsizetype m_backgroundRebuildFrom = 20000;
    bool m_rebuildPending = false;         // m_rebuild runs; the inbox waits for it
    QFutureWatcher<Mirror> m_rebuild;
    quint64 m_seenSequence = 0;
};

// The ProviderTreeModel under `model` and the proxies (QAbstractProxyModel) between them,
// the nearest to the tree model first; nullptr when no tree model is at the bottom.
[[nodiscard]] const ProviderTreeModel *providerTreeModelBelow(const QAbstractItemModel *model,
                                                              QList<const QAbstractProxyModel *> *between = nullptr);
// An index of that tree model mapped up through `between` (as listed above) to the model on
// top (invalid where a proxy hides the row), and an index of the top model mapped down.
[[nodiscard]] QModelIndex mapUpFromTreeModel(QModelIndex index, const QList<const QAbstractProxyModel *> &between);
[[nodiscard]] QModelIndex mapDownToTreeModel(QModelIndex index, const QList<const QAbstractProxyModel *> &between);

} // namespace provtree

Q_DECLARE_METATYPE(provtree::ProviderData)
