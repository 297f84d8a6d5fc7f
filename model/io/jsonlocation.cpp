#include "jsonlocation.h"

#include "inventory.h"
#include "jsonreader.h"
#include "neutralise.h"
#include "validation.h"

#include <QHash>

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

namespace provtree {

QString providerLocation(qsizetype index)
{
    return QStringLiteral("$.providers[") + QString::number(index) + QLatin1Char(']');
}

QString keyLocation(QStringView key)
{
    const bool plain = !key.isEmpty() && std::all_of(key.cbegin(), key.cend(), [](QChar c) {
        return c.unicode() < 0x80 && (c.isLetterOrNumber() || c == u'_');
    });
    if (plain)
        return QLatin1Char('.') + key.toString();
    return QLatin1Char('[') + neutralised(key) + QLatin1Char(']');
}

QString fieldLocation(const QString &field)
{
    if (field.isEmpty())
        return {};
    for (const QLatin1String section : {QLatin1String("inventories."), QLatin1String("usages.")}) {
        if (!field.startsWith(section))
            continue;
        QStringView rest = QStringView(field).mid(section.size());
        QString tail;
        if (section == QLatin1String("inventories.")) {
            for (int f = 0; f < kInventoryFieldCount; ++f) {
                const QString suffix = QLatin1Char('.') + fieldName(InventoryField(f));
                if (rest.endsWith(suffix)) {
                    rest.chop(suffix.size());
                    tail = suffix;
                    break;
                }
            }
        }
        // validation quotes (neutralises) a class name that is not well-formed: keep that.
        const bool quoted = rest.size() >= 2 && rest.startsWith(u'"') && rest.endsWith(u'"');
        const QString key = quoted ? QLatin1Char('[') + rest.toString() + QLatin1Char(']') : keyLocation(rest);
        return QLatin1Char('.') + section.chopped(1) + key + tail;
    }
    const bool plain = std::all_of(field.cbegin(), field.cend(), [](QChar c) {
        return c.isLetterOrNumber() ? c.unicode() < 0x80 : (c == u'_' || c == u'.' || c == u'[' || c == u']');
    });
    return plain ? QLatin1Char('.') + field : keyLocation(field);
}

Problems locate(Problems problems, const QList<ProviderData> &records)
{
    if (problems.isEmpty())
        return problems;
    QHash<QString, QList<qsizetype>> byLabel;
    byLabel.reserve(records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        const ProviderData &record = records.at(i);
        if (validation::isCanonicalUuid(record.uuid)) {
            byLabel[record.uuid].append(i);
            continue;
        }
        byLabel[neutralised(record.uuid.isEmpty() ? record.name : record.uuid)].append(i);
        // The tree's own checks (uuids, names, parents, cycles) name a record by its uuid as
        // given, even when that is not a uuid or is empty: without this, their problems
        // about such a record would have no location.
        byLabel[record.uuid].append(i);
    }
    QHash<QString, qsizetype> duplicatesSeen;
    for (Problem &p : problems) {
        if (!p.location.isEmpty())
            continue;
        const auto it = byLabel.constFind(p.provider);
        if (it == byLabel.cend())
            continue;
        qsizetype occurrence = 0;
        if (p.kind == ProblemKind::DuplicateUuid) // name the second, third, ... record
            occurrence = qMin(++duplicatesSeen[p.provider], it->size() - 1);
        p.location = providerLocation(it->at(occurrence)) + fieldLocation(p.field);
    }
    return problems;
}

Problems withProviderNames(Problems problems, const QList<ProviderData> &records)
{
    const QLatin1String prefix("$.providers[");
    for (Problem &p : problems) {
        if (!p.location.startsWith(prefix))
            continue;
        const qsizetype close = p.location.indexOf(QLatin1Char(']'), prefix.size());
        bool ok = false;
        const qsizetype index = QStringView(p.location).sliced(prefix.size(), qMax<qsizetype>(close - prefix.size(), 0)).toLongLong(&ok);
        if (close < 0 || !ok || index < 0 || index >= records.size())
            continue;
        const ProviderData &record = records.at(index);
        if (p.providerName.isEmpty())
            p.providerName = record.name;
        if (p.provider.isEmpty())
            p.provider = record.uuid;
    }
    return problems;
}

namespace {

// One step of a JSON location as the location spells it (".name", ["a b"]), or an index.
struct Step
{
    QStringView member; // empty for an index
    qsizetype index = -1;
};

// The steps of a JSON location after its "$"; nullopt when it is not one. A step that
// cannot be read ends the list: the location is found as far as it can be read.
std::optional<QList<Step>> locationSteps(QStringView location)
{
    if (!location.startsWith(u'$'))
        return std::nullopt;
    QList<Step> steps;
    const qsizetype size = location.size();
    qsizetype i = 1;
    while (i < size) {
        const qsizetype start = i;
        if (location[i] == u'.') {
            ++i;
            while (i < size && location[i] != u'.' && location[i] != u'[')
                ++i;
            steps.append(Step{location.sliced(start, i - start)});
            continue;
        }
        if (location[i] != u'[' || i + 1 >= size)
            break;
        ++i;
        if (location[i] == u'"') { // a quoted key: ["a \"b\""], escapes as neutralised() writes them
            for (++i; i < size && location[i] != u'"'; ++i) {
                if (location[i] == u'\\')
                    ++i;
            }
            if (i + 1 >= size || location[i + 1] != u']')
                break;
            i += 2;
            steps.append(Step{location.sliced(start, i - start)});
            continue;
        }
        const qsizetype close = location.indexOf(u']', i);
        bool ok = false;
        const qsizetype index = close < 0 ? -1 : location.sliced(i, close - i).toLongLong(&ok);
        if (!ok || index < 0)
            break;
        steps.append(Step{{}, index});
        i = close + 1;
    }
    return steps;
}

// Finds the byte offsets of JSON locations in a text: the locations become a tree of
// steps, and one walk follows the text only along its branches, skipping everything else.
class PositionFinder
{
public:
    explicit PositionFinder(QByteArrayView json) : m_json(json) { m_nodes.emplace_back(); }

    // The nodes of `location` from the root down (one per step read), or empty when it is
    // not a JSON location. The last node is wanted: find() looks for it.
    std::vector<int> add(QStringView location)
    {
        const std::optional<QList<Step>> steps = locationSteps(location);
        if (!steps)
            return {};
        std::vector<int> path{0};
        for (const Step &step : *steps) {
            const int parent = path.back();
            int child = step.member.isEmpty() ? m_nodes[size_t(parent)].elements.value(step.index, -1)
                                              : m_nodes[size_t(parent)].members.value(step.member.toString(), -1);
            if (child < 0) {
                child = int(m_nodes.size());
                m_nodes.emplace_back();
                if (step.member.isEmpty())
                    m_nodes[size_t(parent)].elements.insert(step.index, child);
                else
                    m_nodes[size_t(parent)].members.insert(step.member.toString(), child);
            }
            path.push_back(child);
        }
        Node &last = m_nodes[size_t(path.back())];
        if (!last.wanted) {
            last.wanted = true;
            ++m_unresolved;
        }
        return path;
    }

    // The node of `location`, or -1 when no location added goes through it.
    [[nodiscard]] int lookup(QStringView location) const
    {
        const std::optional<QList<Step>> steps = locationSteps(location);
        if (!steps)
            return -1;
        int node = 0;
        for (const Step &step : *steps) {
            const Node &n = m_nodes[size_t(node)];
            node = step.member.isEmpty() ? n.elements.value(step.index, -1) : n.members.value(step.member.toString(), -1);
            if (node < 0)
                return -1;
        }
        return node;
    }

    void find(const ElementOffsets &known)
    {
        try {
            JsonReader top(m_json);
            (void)top.peekType();
            m_nodes[0].offset = top.offset();
            if (!hasChildren(0))
                resolve(0); // "$" alone: found
            // The elements whose place is known first, each walked alone...
            const int array = known.offsets.isEmpty() ? -1 : lookup(known.array);
            if (array >= 0) {
                const QHash<qsizetype, int> elements = m_nodes[size_t(array)].elements;
                for (auto it = elements.cbegin(); it != elements.cend(); ++it) {
                    if (it.key() >= known.offsets.size())
                        continue;
                    JsonReader reader(m_json, known.offsets.at(it.key()));
                    (void)reader.peekType();
                    found(it.value(), reader.offset());
                    if (hasChildren(it.value()))
                        (void)walk(reader, it.value(), false);
                    resolve(it.value());
                }
            }
            // ... then the rest from the top, as far as something is still to be found.
            if (m_unresolved > 0)
                (void)walk(top, 0, true);
        } catch (const JsonSyntaxError &) {
            // Not JSON where a location leads: what was found stays.
        }
    }

    [[nodiscard]] qsizetype offset(int node) const { return m_nodes[size_t(node)].offset; }

private:
    struct Node
    {
        QHash<QString, int> members;    // a member's step (".name", ["a b"]) -> node
        QHash<qsizetype, int> elements; // an element's index -> node
        qsizetype offset = -1;          // where it is in the text; -1: not found (yet)
        bool wanted = false;            // the last step of a location
        bool resolved = false;          // found, or known not to be in the text
    };

    [[nodiscard]] bool hasChildren(int node) const
    {
        return !m_nodes[size_t(node)].members.isEmpty() || !m_nodes[size_t(node)].elements.isEmpty();
    }

    void found(int node, qsizetype offset)
    {
        Node &n = m_nodes[size_t(node)];
        n.offset = offset; // a key given again: its last occurrence
        if (!hasChildren(node))
            resolve(node);
    }

    // Everything under `node` is found or not in the text.
    void resolve(int node)
    {
        Node &n = m_nodes[size_t(node)];
        if (n.resolved)
            return;
        n.resolved = true;
        if (n.wanted)
            --m_unresolved;
        const QList<int> children = n.members.values() + n.elements.values();
        for (const int child : children)
            resolve(child);
    }

    // Skips the next value, or, when nothing is left to find and `mayStop`, tells the
    // caller to stop (true) rather than skip a container.
    bool skip(JsonReader &reader, bool mayStop)
    {
        const JsonType type = reader.peekType();
        if (mayStop && m_unresolved == 0 && (type == JsonType::Array || type == JsonType::Object))
            return true;
        reader.skipValue();
        return false;
    }

    // Reads the value of `node` the reader stands before; true: stop, all is found.
    bool walk(JsonReader &reader, int node, bool mayStop)
    {
        const JsonType type = reader.peekType();
        if (m_nodes[size_t(node)].resolved || (type != JsonType::Object && type != JsonType::Array))
            return skip(reader, mayStop);
        bool first = true;
        if (type == JsonType::Object) {
            JsonString key;
            while (reader.nextMember(first, key)) {
                const int child = m_nodes[size_t(node)].members.value(keyLocation(key.decoded()), -1);
                if (child >= 0)
                    found(child, reader.offsetOf(key));
                if (child >= 0 && hasChildren(child) ? walk(reader, child, mayStop) : skip(reader, mayStop))
                    return true;
            }
        } else {
            for (qsizetype i = 0; reader.nextElement(first); ++i) {
                if (mayStop && m_unresolved == 0)
                    return true;
                const int child = m_nodes[size_t(node)].elements.value(i, -1);
                if (child >= 0)
                    found(child, reader.offset());
                if (child >= 0 && hasChildren(child) ? walk(reader, child, mayStop) : skip(reader, mayStop))
                    return true;
            }
        }
        resolve(node);
        return false;
    }

    QByteArrayView m_json;
    std::vector<Node> m_nodes; // [0]: "$"
    qsizetype m_unresolved = 0;
};

} // namespace

Problems withPositions(Problems problems, QByteArrayView json, const ElementOffsets &known)
{
    PositionFinder finder(json);
    std::vector<std::pair<qsizetype, std::vector<int>>> paths; // problem index, its nodes
    for (qsizetype i = 0; i < problems.size(); ++i) {
        std::vector<int> path = finder.add(problems.at(i).location);
        if (!path.empty())
            paths.emplace_back(i, std::move(path));
    }
    if (paths.empty())
        return problems;
    finder.find(known);

    // Offsets to lines and columns in one pass over the text, in the order of the offsets.
    std::vector<std::pair<qsizetype, qsizetype>> byOffset; // offset, problem index
    for (const auto &[index, path] : paths) {
        const auto deepest = std::find_if(path.rbegin(), path.rend(), [&](int node) { return finder.offset(node) >= 0; });
        if (deepest != path.rend())
            byOffset.emplace_back(finder.offset(*deepest), index);
    }
    std::sort(byOffset.begin(), byOffset.end());
    const char *const text = json.data();
    qsizetype line = 1;
    qsizetype lineStart = 0;
    qsizetype scanned = 0;  // newlines are counted up to here
    qsizetype counted = 0;  // columns are counted up to here (on the current line)
    qsizetype column = 1;
    for (const auto &[offset, index] : byOffset) {
        for (const char *p = text + scanned, *end = text + offset;;) {
            const auto *newline = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
            if (!newline)
                break;
            ++line;
            lineStart = qsizetype(newline - text) + 1;
            p = newline + 1;
        }
        scanned = offset;
        if (counted < lineStart) {
            counted = lineStart;
            column = 1;
        }
        for (; counted < offset; ++counted) {
            if ((static_cast<unsigned char>(text[counted]) & 0xc0) != 0x80)
                ++column;
        }
        Problem &p = problems[index];
        p.line = line;
        p.column = column;
    }
    return problems;
}

} // namespace provtree
