#pragma once

#include "change.h"
#include "providerdata.h"
#include "treediff.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include <optional>
#include <vector>

namespace provtree {

// The merged tree of a diff (before → after) as a read-only QAbstractItemModel, for the
// compare view: every provider of either state once, under its parent in the "after" state
// (removed providers under their parent in the "before" state), each row with its status.
//
// The model is built from a diff result and reset as a whole when another one is set; it
// does not follow live edits (set a new diff instead). Model indexes carry the row's
// position in the merged tree (internalId), stable until the next reset.
//
// GUI-thread object (like any item model); it holds copies, no reference to a tree.
class DiffModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, UuidColumn, SummaryColumn, ColumnCount };
    enum Role {
        StatusRole = Qt::UserRole + 1, // int (DiffStatus, treediff.h); Moved may also be changed
        UuidRole,                      // QString
        BeforeRole,                    // QVariant<ProviderData>; invalid for an added provider
        AfterRole,                     // QVariant<ProviderData>; invalid for a removed provider
        ChangedPartsRole,              // int (ProviderParts): what differs (Parent if moved)
        IsDifferenceRole,              // bool: status is not Unchanged
    };

    // One provider of the merged tree. `before`/`after` are its data in either state
    // (absent where it does not exist); `parentUuid` is its parent in the merged tree.
    struct Entry
    {
        DiffStatus status = DiffStatus::Unchanged;
        std::optional<ProviderData> before;
        std::optional<ProviderData> after;
        QString parentUuid;
        ProviderParts changedParts;

        [[nodiscard]] QString uuid() const { return after ? after->uuid : before ? before->uuid : QString(); }
        [[nodiscard]] const ProviderData &current() const { return after ? *after : *before; }
    };

private:
    struct Item
    {
        Entry entry;
        qsizetype parent = -1; // position in m_items; -1: a root
        int row = 0;
        QList<qsizetype> children;
    };

public:
    // The rows of a merged tree, built apart from any model (contentOf(), on any thread)
    // and shown by setContent() in one reset: a diff of 100,000 providers takes a good part
    // of a second to build, which must not be the GUI thread's.
    class Content
    {
    public:
        [[nodiscard]] qsizetype size() const { return qsizetype(m_items.size()); }

    private:
        friend class DiffModel;
        std::vector<Item> m_items;
        QList<qsizetype> m_roots;
        QHash<QString, qsizetype> m_positionByUuid;
        QHash<QString, QString> m_oldNames;
        QHash<QString, QString> m_newNames;
    };

    explicit DiffModel(QObject *parent = nullptr);
    ~DiffModel() override;

    // What setEntries() and setDiff() show, built without a model. Pure functions: any
    // thread. The same preconditions as those two.
    [[nodiscard]] static Content contentOf(const QList<Entry> &entries);
    [[nodiscard]] static Content contentOf(const TreeDiff &diff, const QList<ProviderData> &before,
                                           const QList<ProviderData> &after);
    // Replaces the content (a model reset) with `content`. O(1) but for the views' reset.
    void setContent(Content content);

    // Replaces the content (a model reset) with `entries`, which must be top-down: each
    // entry after its merged parent. An entry whose parent is not listed before it becomes
    // a root; a repeated uuid is ignored. Children keep the order of `entries`.
    void setEntries(const QList<Entry> &entries);
    // Replaces the content with the merged tree of `diff`, computed from `before` and
    // `after` by TreeDiff::compute() with its merged tree (the default), whose records give
    // each row its old and new data. The rows are exactly that merged tree: a diff built
    // without one (compute(..., false), fromProviders()) shows nothing, with a warning.
    void setDiff(const TreeDiff &diff, const QList<ProviderData> &before, const QList<ProviderData> &after);
    // What differs between two versions of one provider (Parent when the parent differs;
    // Generation is ignored).
    [[nodiscard]] static ProviderParts changedParts(const ProviderData &before, const ProviderData &after);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // O(1); invalid if the uuid is not in the merged tree.
    [[nodiscard]] QModelIndex indexForUuid(const QString &uuid, int column = NameColumn) const;
    // How many providers have each status; how many rows the merged tree has.
    [[nodiscard]] int count(DiffStatus status) const;
    [[nodiscard]] qsizetype size() const { return qsizetype(m_items.size()); }
    // All rows, top-down (depth-first, parents before children).
    [[nodiscard]] QList<QModelIndex> topDown() const;
    [[nodiscard]] const Entry *entryAt(const QModelIndex &index) const;

    // "moved from cn-01 to cn-02; VCPU total 16 → 32; traits +1 −2" (plain text; the
    // names through neutralisedIfNeeded()). Without the parents' names a move is "moved".
    [[nodiscard]] static QString summary(const Entry &entry, const QString &oldParentName = {},
                                         const QString &newParentName = {});
    // summary() of the row at `index`, with its old parent's old name and its new parent's
    // new name.
    [[nodiscard]] QString summaryAt(const QModelIndex &index) const;
    // The provider's name in the new state, else in the old one; the uuid if it is in
    // neither. oldNameOf(): the other way round.
    [[nodiscard]] QString nameOf(const QString &uuid) const;
    [[nodiscard]] QString oldNameOf(const QString &uuid) const;

private:
    QModelIndex indexAt(qsizetype position, int column) const;

    std::vector<Item> m_items;
    QList<qsizetype> m_roots;
    QHash<QString, qsizetype> m_positionByUuid;
    QHash<QString, QString> m_oldNames; // uuid → name in the old state
    QHash<QString, QString> m_newNames; // uuid → name in the new state
};

} // namespace provtree
