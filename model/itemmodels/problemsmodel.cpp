#include "problemsmodel.h"

#include "neutralise.h"
#include "providertree.h"
#include "providertreenotifier.h"
#include "validation.h"

#include <QSet>
#include <QStringBuilder>

#include <algorithm>
#include <limits>
#include <optional>

namespace provtree {

namespace {

// Past this many providers in one change, one reset costs less than a remove/insert pair
// each (and keeps a removed subtree of 100,000 from shifting the rows 100,000 times).
constexpr qsizetype kIncrementalLimit = 256;

// The same problem, wherever it was found: provider, kind, field and message.
QString sameProblemKey(const Problem &p)
{
    const QChar separator(0x1f);
    return p.provider % separator % QString::number(int(p.kind)) % separator % p.field % separator % p.message;
}

bool byProvider(const Problem &a, const Problem &b)
{
    return a.provider < b.provider;
}

// What the rules say about `record`, each problem naming it by uuid and name.
QList<Problem> problemsOf(const ProviderData &record)
{
    QList<Problem> problems = validation::checkProvider(record);
    for (Problem &p : problems) {
        p.provider = record.uuid;
        p.providerName = record.name;
    }
    return problems;
}

ProblemsModel::Mark markOfRows(QList<Problem>::const_iterator first, QList<Problem>::const_iterator last)
{
    ProblemsModel::Mark mark;
    for (auto it = first; it != last; ++it)
        ++(it->isError() ? mark.errors : mark.warnings);
    return mark;
}

bool sameRows(const QList<Problem> &a, QList<Problem>::const_iterator first, QList<Problem>::const_iterator last)
{
    return a.size() == last - first && std::equal(a.cbegin(), a.cend(), first);
}

} // namespace

ProblemsModel::ProblemsModel(ProviderTree &tree, QObject *parent)
    : QAbstractTableModel(parent), m_tree(tree), m_notifier(new ProviderTreeNotifier(tree, this))
{
    connect(m_notifier, &ProviderTreeNotifier::changed, this, &ProblemsModel::onTreeChanged);
    checkAll();
}

ProblemsModel::~ProblemsModel() = default;

ProblemsModel::Loading::Loading(ProblemsModel *model) : m_model(model)
{
    if (m_model)
        ++m_model->m_loading;
}

ProblemsModel::Loading::~Loading()
{
    if (m_model)
        m_model->leaveLoading();
}

void ProblemsModel::leaveLoading()
{
    if (--m_loading > 0 || m_pendingReset <= m_upToDate)
        return;
    m_pendingReset = 0;
    checkAll();
}

void ProblemsModel::setDocumentProblems(const Problems &problems)
{
    m_located.clear();
    QList<Problem> rows;
    // The names of the providers the problems are about, as the tree has them; nullopt:
    // not in the tree.
    QHash<QString, std::optional<QString>> names;
    for (const Problem &problem : problems) {
        m_located.insert(sameProblemKey(problem), problem);
        if (problem.provider.isEmpty())
            continue;
        auto name = names.constFind(problem.provider);
        if (name == names.cend()) {
            const std::optional<ProviderData> data = m_tree.data(problem.provider);
            name = names.insert(problem.provider, data && data->uuid == problem.provider
                                                       ? std::optional<QString>(data->name) : std::nullopt);
        }
        if (!name->has_value())
            continue;
        Problem row = problem;
        row.providerName = **name;
        rows.append(std::move(row));
    }
    m_upToDate = m_tree.lastSequence();
    m_pendingReset = 0;
    rebuild(std::move(rows));
}

void ProblemsModel::setFileProblems(const Problems &located)
{
    m_located.clear();
    for (const Problem &problem : located)
        m_located.insert(sameProblemKey(problem), problem);
    const QList<Problem> rows = withFileLocations(m_rows);
    if (rows == m_rows)
        return;
    m_rows = rows;
    emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

QList<Problem> ProblemsModel::withFileLocations(QList<Problem> problems) const
{
    for (Problem &p : problems) {
        const auto found = m_located.constFind(sameProblemKey(p));
        p.location = found == m_located.cend() ? QString() : found->location;
        p.line = found == m_located.cend() ? 0 : found->line;
        p.column = found == m_located.cend() ? 0 : found->column;
    }
    return problems;
}

void ProblemsModel::onTreeChanged(const ChangeSet &changes)
{
    if (changes.sequence <= m_upToDate)
        return; // shown already (setDocumentProblems() read the tree after it)
    if (changes.reset) {
        if (m_loading > 0) {
            m_pendingReset = changes.sequence; // the loader says what the load found
            return;
        }
        m_upToDate = changes.sequence;
        checkAll();
        return;
    }
    if (m_pendingReset > 0)
        return; // the whole tree is checked when loading ends
    m_upToDate = changes.sequence;
    QStringList uuids;
    QSet<QString> seen;
    const auto add = [&](const QString &uuid) {
        if (!seen.contains(uuid)) {
            seen.insert(uuid);
            uuids.append(uuid);
        }
    };
    for (const ProviderChange &change : changes.changes) {
        // A generation alone changes no rule's verdict.
        if (change.kind == ProviderChange::Kind::Changed && !(change.parts & ~ProviderParts(ProviderPart::Generation)))
            continue;
        add(change.uuid);
        for (const QString &descendant : change.removedDescendants)
            add(descendant);
    }
    if (!uuids.isEmpty())
        check(uuids);
}

void ProblemsModel::checkAll()
{
    QList<Problem> rows;
    m_tree.forEachProvider([&rows](const ProviderData &record) { rows.append(problemsOf(record)); });
    rebuild(withFileLocations(std::move(rows)));
}

void ProblemsModel::check(const QStringList &uuids)
{
    if (uuids.size() > kIncrementalLimit) {
        const QSet<QString> checked(uuids.cbegin(), uuids.cend());
        QList<Problem> rows;
        std::copy_if(m_rows.cbegin(), m_rows.cend(), std::back_inserter(rows),
                     [&](const Problem &p) { return !checked.contains(p.provider); });
        for (const QString &uuid : uuids) {
            if (const std::optional<ProviderData> data = m_tree.data(uuid); data && data->uuid == uuid)
                rows.append(withFileLocations(problemsOf(*data)));
        }
        rebuild(std::move(rows));
        return;
    }
    const qsizetype errors = m_errors;
    const qsizetype warnings = warningCount();
    QStringList marked;
    for (const QString &uuid : uuids) {
        const std::optional<ProviderData> data = m_tree.data(uuid);
        const Mark before = markOf(uuid);
        replaceRowsOf(uuid, data && data->uuid == uuid ? withFileLocations(problemsOf(*data)) : QList<Problem>());
        const Mark after = markOf(uuid);
        // What its ancestors have below them: its mark, or its place (a move), changed.
        const QStringList counted = m_countedIn.value(uuid);
        const QStringList ancestors = after.isEmpty() ? QStringList() : ancestorsOf(uuid);
        if (after != before || ancestors != counted) {
            countBelow(counted, before, -1);
            countBelow(ancestors, after, +1);
            if (after.isEmpty())
                m_countedIn.remove(uuid);
            else
                m_countedIn.insert(uuid, ancestors);
            marked.append(uuid);
            marked.append(counted);
            marked.append(ancestors);
        }
    }
    marked.removeDuplicates();
    if (!marked.isEmpty())
        emit marksChanged(marked);
    if (m_errors != errors || warningCount() != warnings)
        emit countsChanged();
}

void ProblemsModel::replaceRowsOf(const QString &uuid, QList<Problem> fresh)
{
    Problem probe;
    probe.provider = uuid;
    const auto [lower, upper] = std::equal_range(m_rows.cbegin(), m_rows.cend(), probe, byProvider);
    if (sameRows(fresh, lower, upper))
        return;
    const int first = int(lower - m_rows.cbegin());
    const int old = int(upper - lower);
    m_errors -= std::count_if(lower, upper, [](const Problem &p) { return p.isError(); });
    m_errors += std::count_if(fresh.cbegin(), fresh.cend(), [](const Problem &p) { return p.isError(); });
    if (fresh.isEmpty())
        m_marks.remove(uuid);
    else
        m_marks.insert(uuid, markOfRows(fresh.cbegin(), fresh.cend()));

    if (old == fresh.size()) { // the same number of rows: changed in place
        std::copy(fresh.cbegin(), fresh.cend(), m_rows.begin() + first);
        emit dataChanged(index(first, 0), index(first + old - 1, ColumnCount - 1));
        return;
    }
    if (old > 0) {
        beginRemoveRows({}, first, first + old - 1);
        m_rows.remove(first, old);
        endRemoveRows();
    }
    if (!fresh.isEmpty()) {
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        m_rows.insert(first, fresh.size(), Problem());
        std::move(fresh.begin(), fresh.end(), m_rows.begin() + first);
        endInsertRows();
    }
}

// More providers than this whose marks a rebuild changed are one allMarksChanged().
constexpr qsizetype kMarksSignalledOneByOne = 1000;

void ProblemsModel::rebuild(QList<Problem> rows)
{
    const qsizetype errors = m_errors;
    const qsizetype warnings = warningCount();
    const QHash<QString, Mark> marks = m_marks;
    const QHash<QString, Mark> below = m_below;
    std::stable_sort(rows.begin(), rows.end(), byProvider);
    beginResetModel();
    m_rows = std::move(rows);
    recount();
    endResetModel();
    // The providers whose marks changed, one by one while they are few: a signal for every
    // row of a large tree made each view look at all of them (45 ms at 100,000 providers,
    // also when a clean tree replaced a clean tree).
    QSet<QString> changed;
    for (const QHash<QString, Mark> *map : {&marks, &std::as_const(m_marks), &below, &std::as_const(m_below)}) {
        for (auto it = map->cbegin(); it != map->cend() && changed.size() <= kMarksSignalledOneByOne; ++it) {
            if (marks.value(it.key()) != m_marks.value(it.key()) || below.value(it.key()) != m_below.value(it.key()))
                changed.insert(it.key());
        }
    }
    if (changed.size() > kMarksSignalledOneByOne)
        emit allMarksChanged();
    else if (!changed.isEmpty())
        emit marksChanged(QStringList(changed.cbegin(), changed.cend()));
    if (m_errors != errors || warningCount() != warnings)
        emit countsChanged();
}

void ProblemsModel::recount()
{
    m_marks.clear();
    m_below.clear();
    m_countedIn.clear();
    m_errors = 0;
    QHash<QString, QString> parents; // looked up once for all the providers under one ancestor
    for (auto first = m_rows.cbegin(); first != m_rows.cend();) {
        const auto last = std::find_if(first, m_rows.cend(),
                                       [&](const Problem &p) { return p.provider != first->provider; });
        const Mark mark = markOfRows(first, last);
        m_errors += mark.errors;
        m_marks.insert(first->provider, mark);
        const QStringList ancestors = ancestorsOf(first->provider, &parents);
        countBelow(ancestors, mark, +1);
        m_countedIn.insert(first->provider, ancestors);
        first = last;
    }
}

// The provider's parent, its parent's parent, ... up to its root, as the tree has them now.
// `parents` caches the lookups of a pass over many providers.
QStringList ProblemsModel::ancestorsOf(const QString &uuid, QHash<QString, QString> *parents) const
{
    QStringList ancestors;
    QString at = uuid;
    const qsizetype limit = m_tree.size();
    for (;;) {
        QString parent;
        if (parents && parents->contains(at)) {
            parent = parents->value(at);
        } else {
            const std::optional<ProviderData> data = m_tree.data(at);
            parent = data && data->uuid == at ? data->parentUuid : QString();
            if (parents)
                parents->insert(at, parent);
        }
        // A tree has no cycles; the bound keeps a broken one from hanging the window.
        if (parent.isEmpty() || ancestors.size() > limit)
            return ancestors;
        ancestors.append(parent);
        at = parent;
    }
}

void ProblemsModel::countBelow(const QStringList &ancestors, const Mark &mark, int sign)
{
    if (mark.isEmpty())
        return;
    for (const QString &ancestor : ancestors) {
        Mark &below = m_below[ancestor];
        below.errors += sign * mark.errors;
        below.warnings += sign * mark.warnings;
        if (below.isEmpty())
            m_below.remove(ancestor);
    }
}

QString ProblemsModel::countText(qsizetype errors, qsizetype warnings)
{
    if (errors == 0 && warnings == 0)
        return tr("No problems");
    const QString e = errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors);
    const QString w = warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings);
    if (warnings == 0)
        return e;
    return errors == 0 ? w : tr("%1, %2").arg(e, w);
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Problem &p = m_rows.at(index.row());
    const QString &name = p.providerName.isEmpty() ? p.provider : p.providerName;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn: return p.isError() ? tr("Error") : tr("Warning");
        case ProviderColumn: return neutralisedIfNeeded(name);
        case FieldColumn: return neutralisedIfNeeded(p.field);
        case MessageColumn: return neutralisedIfNeeded(p.message);
        case LocationColumn: return p.position();
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ProviderColumn: return QString(neutralisedIfNeeded(name) % QLatin1Char('\n') % neutralisedIfNeeded(p.provider));
        case MessageColumn: return p.toString();
        case LocationColumn:
            if (p.line == 0)
                return tr("The file does not say this: an edit brought it, or the document has no file.");
            return tr("Line %1, column %2 of the file: %3")
                    .arg(QString::number(p.line), QString::number(p.column), p.where());
        }
        return {};
    case SeverityRole: return int(p.severity);
    case UuidRole: return p.provider;
    case SortRole:
        switch (index.column()) {
        case SeverityColumn: return p.isError() ? 0 : 1; // errors first
        case ProviderColumn: return name;
        case FieldColumn: return p.field;
        case MessageColumn: return p.message;
        case LocationColumn:
            // By line, then column; what the file does not have goes last.
            return p.line > 0 ? qint64(p.line) * (qint64(1) << 31) + qMin<qint64>(p.column, std::numeric_limits<int>::max())
                              : std::numeric_limits<qint64>::max();
        }
        return {};
    }
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case SeverityColumn: return tr("Severity");
        case ProviderColumn: return tr("Provider");
        case FieldColumn: return tr("Field");
        case MessageColumn: return tr("Message");
        case LocationColumn: return tr("Line:Column");
        }
    }
    if (role == Qt::ToolTipRole && section == LocationColumn)
        return tr("Where the document's file has the problem");
    return {};
}

} // namespace provtree
