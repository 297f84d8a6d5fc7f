#pragma once

#include "change.h"
#include "problem.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>


namespace provtree {

class ProviderTree;
class ProviderTreeNotifier;

// The errors and warnings of the open document, one row each, for the Problems panel and
// for marking providers in the tree.
//
// What it lists is what the core's rules say about the tree as it is now: each provider's
// problems as validation::checkProvider() finds them (the same rules and messages a load
// reports; a tree the core accepted holds warnings only, but errors are shown as well).
// It follows the tree: a provider an edit changes (or adds) is checked again and its rows
// replaced, a removed one's rows go, and a replaced tree is checked whole, unless whoever
// replaced it hands over what its load found (setDocumentProblems(), inside a Loading
// guard), which spares a second pass over a large tree.
//
// Where the file has a problem: the problems a reader of the document's file located
// (loadSnapshot(), locateInSnapshot()) give their location (JSON location, line and
// column) to the rows that say the same (same provider, kind, field and message). A
// problem an edit brought has none: the file does not say it.
//
// Rows are kept in provider uuid order (views sort through a proxy); each row's
// Problem::providerName is the provider's name in the tree now. Changes are one
// remove/insert pair or a dataChanged per provider; a change of more than a few hundred
// providers at once (a replaced tree, a removed subtree) resets the model.
//
// GUI-thread object. The tree must outlive the model; it may be changed from any thread
// (the model follows when its thread runs the event loop).
class ProblemsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, ProviderColumn, FieldColumn, MessageColumn, LocationColumn, ColumnCount };
    enum Role {
        SeverityRole = Qt::UserRole + 1, // int (Severity); every column
        UuidRole,                        // QString: the provider's uuid; every column
        SortRole,                        // what the column sorts by (errors first, positions by number)
    };

    // How many problems of each severity a provider has.
    struct Mark
    {
        qsizetype errors = 0;
        qsizetype warnings = 0;
        [[nodiscard]] bool isEmpty() const { return errors == 0 && warnings == 0; }
        [[nodiscard]] Severity worst() const { return errors > 0 ? Severity::Error : Severity::Warning; }
        bool operator==(const Mark &) const = default;
    };
    // "2 errors, 1 warning", "1 warning", "No problems": for counts shown to people.
    [[nodiscard]] static QString countText(qsizetype errors, qsizetype warnings);

    explicit ProblemsModel(ProviderTree &tree, QObject *parent = nullptr);
    ~ProblemsModel() override;

    // While a guard lives, a replaced tree is not checked whole at once: its loader is
    // expected to call setDocumentProblems() with what the load found. If it does not (the
    // load failed after all, or left the tree replaced without saying), the tree is checked
    // when the last guard goes.
    class Loading
    {
    public:
        explicit Loading(ProblemsModel *model);
        ~Loading();
        Loading(const Loading &) = delete;
        Loading &operator=(const Loading &) = delete;

    private:
        ProblemsModel *m_model; // Not owned; may be null.
    };

    // What loading the tree as it is now found: its problems as loadSnapshot() or
    // ProviderTree::replaceAll() returned them (warnings, located in the file when there is
    // one). They become the rows (those about no provider of the tree are left out) and
    // the file's locations.
    void setDocumentProblems(const Problems &problems);
    // The document's file changed (saved): `located` are the problems as the file has
    // them now (locateInSnapshot()); the rows take their locations from these.
    void setFileProblems(const Problems &located);

    [[nodiscard]] qsizetype errorCount() const { return m_errors; }
    [[nodiscard]] qsizetype warningCount() const { return m_rows.size() - m_errors; }
    // The provider's problems (none: an empty Mark). O(1): a hash lookup, cheap enough for
    // every paint of a tree row.
    [[nodiscard]] Mark markOf(const QString &uuid) const { return m_marks.value(uuid); }
    // The problems of the provider's descendants, summed: what a collapsed row hides. O(1).
    [[nodiscard]] Mark markBelow(const QString &uuid) const { return m_below.value(uuid); }
    // The problem of `row` (0 <= row < rowCount()).
    [[nodiscard]] const Problem &problem(int row) const { return m_rows.at(row); }
    [[nodiscard]] const QList<Problem> &problems() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // errorCount() or warningCount() changed.
    void countsChanged();
    // The marks of these providers changed (one appeared, went, or changed), or what they
    // have below them.
    void marksChanged(const QStringList &uuids);
    // Any mark may have changed (a rebuild changed the marks of more than 1,000 providers).
    void allMarksChanged();

private:
    void onTreeChanged(const ChangeSet &changes);
    void checkAll();
    void check(const QStringList &uuids);
    void replaceRowsOf(const QString &uuid, QList<Problem> fresh);
    void rebuild(QList<Problem> rows);
    [[nodiscard]] QList<Problem> withFileLocations(QList<Problem> problems) const;
    void recount();
    void leaveLoading();
    [[nodiscard]] QStringList ancestorsOf(const QString &uuid, QHash<QString, QString> *parents = nullptr) const;
    void countBelow(const QStringList &ancestors, const Mark &mark, int sign);

    ProviderTree &m_tree;                        // Not owned.
    ProviderTreeNotifier *m_notifier;            // Owned (QObject child).
    QList<Problem> m_rows;                       // by provider uuid, then as the rules found them
    QHash<QString, Mark> m_marks;                // by provider uuid
    QHash<QString, Mark> m_below;                // by provider uuid: its descendants' marks, summed
    QHash<QString, QStringList> m_countedIn;     // by marked provider: the ancestors its mark is in
    QHash<QString, Problem> m_located;           // the file's problems by provider, kind, field, message
    qsizetype m_errors = 0;
    quint64 m_upToDate = 0;   // the rows show the tree as of this change sequence
    int m_loading = 0;        // Loading guards alive
    quint64 m_pendingReset = 0; // a replaced tree not checked yet (its sequence), while loading
};

} // namespace provtree
