#include "snapshotreader.h"

#include "arraycuts.h"
#include "jsonlocation.h"
#include "jsonreader.h"
#include "logging.h"
#include "neutralise.h"
#include "providertree.h"
#include "validation.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QStringBuilder>
#include <QThread>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

// The JSON syntax is JsonReader's (jsonreader.h): this file reads the snapshot schema with
// it, checking shape and types while it builds the records, without a DOM in between.

namespace provtree {

namespace {

// Equal values share one copy, as interned strings do: a large cloud has few distinct
// inventories (identical hardware) and trait lists (measured on a generated cloud of
// 100,000: 1,228 distinct inventories, 33,000 trait lists; pooling halves the heap per
// provider). Usages are too diverse to be worth it. Copy-on-write keeps this invisible:
// a later edit of one provider detaches its copy.
template <typename T, typename Hash, typename Equal>
class ValuePool
{
public:
    // The pooled value equal to `value`, else `makeCopy(value)`, pooled. `value` is what the
    // parser read into a scratch buffer that it reuses for the next value (a QStringList, or
    // an InventoryScratch for a T of Inventories): pooled values never share it.
    template <typename Value, typename MakeCopy>
    T sharedCopy(const Value &value, MakeCopy &&makeCopy)
    {
        if (value.isEmpty())
            return T(); // nothing allocated
        const size_t hash = Hash{}(value);
        for (auto [it, end] = m_values.equal_range(hash); it != end; ++it) {
            if (Equal{}(it->second, value))
                return it->second;
        }
        return m_values.emplace(hash, makeCopy(value))->second;
    }

private:
    std::unordered_multimap<size_t, T> m_values;
};

// The pools hash strings by their buffer, not their text: the parser interns resource
// classes, traits and aggregates (intern()), so equal names share one buffer, and hashing
// a pointer is a fraction of hashing 25 UTF-16 characters (the trait lists' hashing was 3 %
// of `provtree validate`). A name that is not interned (one written with escapes) only
// misses sharing; equality still compares the text.
size_t bufferHash(size_t seed, const QString &s)
{
    return qHashMulti(seed, quintptr(s.constData()), s.size());
}

// One provider's inventories as the parser reads them, before they are pooled: a flat
// list in QMap's order (by class name) that keeps its capacity from one provider to the
// next. Building a QMap per provider only to drop it for the pool's equal one (1,228
// distinct inventories among 100,000 providers) cost five allocations each.
class InventoryScratch
{
public:
    using Entry = std::pair<QString, InventoryRecord>;

    void clear() { m_entries.clear(); }
    [[nodiscard]] bool isEmpty() const { return m_entries.empty(); }
    [[nodiscard]] const std::vector<Entry> &entries() const { return m_entries; }
    [[nodiscard]] bool contains(const QString &resourceClass) const
    {
        return std::any_of(m_entries.cbegin(), m_entries.cend(),
                           [&](const Entry &entry) { return entry.first == resourceClass; });
    }
    void insert(const QString &resourceClass, const InventoryRecord &record)
    {
        const auto at = std::upper_bound(m_entries.cbegin(), m_entries.cend(), resourceClass,
                                         [](const QString &key, const Entry &entry) { return key < entry.first; });
        m_entries.emplace(at, resourceClass, record);
    }
    [[nodiscard]] Inventories toInventories() const
    {
        Inventories inventories;
        for (const Entry &entry : m_entries)
            inventories.insert(inventories.cend(), entry.first, entry.second); // in order: no search
        return inventories;
    }

private:
    std::vector<Entry> m_entries;
};

// The same hash for both forms of equal inventories.
struct InventoriesHash
{
    static size_t step(size_t h, const QString &resourceClass, const InventoryRecord &r)
    {
        return qHashMulti(bufferHash(h, resourceClass), r.totalOr0(), r.reservedOrDefault(), r.minUnitOrDefault(),
                          r.maxUnitOrDefault(), r.stepSizeOrDefault(), r.allocationRatioOrDefault());
    }
    size_t operator()(const InventoryScratch &inventories) const
    {
        size_t h = 0;
        for (const auto &[resourceClass, record] : inventories.entries())
            h = step(h, resourceClass, record);
        return h;
    }
};

struct InventoriesEqual
{
    bool operator()(const Inventories &pooled, const InventoryScratch &read) const
    {
        if (pooled.size() != qsizetype(read.entries().size()))
            return false;
        auto it = pooled.cbegin();
        for (const auto &[resourceClass, record] : read.entries()) {
            if ((it.key().constData() != resourceClass.constData() && it.key() != resourceClass)
                || !(it.value() == record))
                return false;
            ++it;
        }
        return true;
    }
};

struct StringListHash
{
    size_t operator()(const QStringList &list) const
    {
        size_t h = size_t(list.size());
        for (const QString &s : list)
            h = bufferHash(h, s);
        return h;
    }
};

// Equal lists of interned names hold the same buffers: compared by address first, the
// text of each name is not read (Qt's comparison reads it).
struct StringListEqual
{
    bool operator()(const QStringList &a, const QStringList &b) const
    {
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a.at(i).constData() != b.at(i).constData() && a.at(i) != b.at(i))
                return false;
        }
        return true;
    }
};

// The keys of a provider and of an inventory record, in the documented order.
constexpr std::string_view kProviderKeys[] = {"uuid", "name", "generation", "parent_provider_uuid",
                                             "inventories", "usages", "traits", "aggregates"};
enum ProviderKey { Uuid, Name, Generation, Parent, InventoriesKey, UsagesKey, Traits, Aggregates };
constexpr std::string_view kInventoryKeys[] = {"total", "reserved", "min_unit", "max_unit",
                                              "step_size", "allocation_ratio"};
enum InventoryKey { Total, Reserved, MinUnit, MaxUnit, StepSize, AllocationRatio };
constexpr std::string_view kTopKeys[] = {"format", "version", "providers", "origin"};
enum TopKey { Format, Version, Providers, Origin };
constexpr std::string_view kOriginKeys[] = {"source", "cloud", "endpoint", "region", "microversion", "schema",
                                           "tree", "started_at", "finished_at"};

template <size_t N>
int keyIndex(const JsonString &key, const std::string_view (&names)[N])
{
    for (size_t i = 0; i < N; ++i) {
        if (key.equals(names[i]))
            return int(i);
    }
    return -1;
}

template <size_t N>
QString keyList(const std::string_view (&names)[N])
{
    QString list;
    for (const std::string_view name : names)
        list += (list.isEmpty() ? QString() : QStringLiteral(", ")) + QLatin1String(name.data(), qsizetype(name.size()));
    return list;
}

QString latin1(std::string_view s)
{
    return QString::fromLatin1(s.data(), qsizetype(s.size()));
}

// A JSON location, built as a string only when a problem needs it: a chain of steps that
// live on the stack while their value is read ($ -> .providers -> [3] -> .name).
class Location
{
public:
    Location() = default; // "$"
    Location(const Location &parent, qsizetype index) : m_parent(&parent), m_index(index) {}
    Location(const Location &parent, std::string_view name) : m_parent(&parent), m_name(name) {}
    // A key from the document (quoted in the location unless it is a plain name).
    Location(const Location &parent, const JsonString &key) : m_parent(&parent), m_key(&key) {}

    [[nodiscard]] QString toString() const
    {
        if (!m_parent)
            return QStringLiteral("$");
        QString text = m_parent->toString();
        if (m_key)
            text += keyLocation(m_key->decoded());
        else if (m_index >= 0)
            text += QLatin1Char('[') + QString::number(m_index) + QLatin1Char(']');
        else
            text += QLatin1Char('.') + latin1(m_name);
        return text;
    }

private:
    const Location *m_parent = nullptr; // Not owned: an enclosing step, alive while this one is.
    qsizetype m_index = -1;
    std::string_view m_name;
    const JsonString *m_key = nullptr; // Not owned.
};

// Thrown when a cut of the providers array (arraycuts.h) turns out not to be between two
// elements: the document is then read again in one piece.
struct MisplacedCut
{
};

// The providers array of a document smaller than this is read in one piece: a thread
// costs more than it saves.
constexpr qsizetype kMinBytesToCut = 128 * 1024;

// "$.providers[I]..." with I moved up by `base`: a location found by the reader of a later
// piece of the array, which counts its elements from 0.
QString shiftedProviderIndex(const QString &location, qsizetype base)
{
    static const QString prefix = QStringLiteral("$.providers[");
    if (!location.startsWith(prefix))
        return location;
    const qsizetype close = location.indexOf(QLatin1Char(']'), prefix.size());
    const qsizetype index = QStringView(location).mid(prefix.size(), close - prefix.size()).toLongLong();
    return prefix + QString::number(index + base) + QStringView(location).mid(close);
}

// Threads that are joined when it goes out of scope, however that happens.
class JoiningThreads
{
public:
    JoiningThreads() = default;
    JoiningThreads(const JoiningThreads &) = delete;
    JoiningThreads &operator=(const JoiningThreads &) = delete;
    ~JoiningThreads()
    {
        for (std::thread &thread : m_threads)
            thread.join();
    }
    template <typename Function>
    void start(Function &&function)
    {
        m_threads.emplace_back(std::forward<Function>(function));
    }

private:
    std::vector<std::thread> m_threads;
};

// Reads a whole document into records, checking shape and types (step 1). A large
// providers array is read in `pieces` pieces at once, each by its own SnapshotParser on its
// own thread; the result is the same as one reader's, problems and their order included.
class SnapshotParser
{
public:
    SnapshotParser(QByteArrayView text, int pieces, qsizetype offset = 0)
        : m_text(text), m_json(offset ? JsonReader(text, offset) : JsonReader(text)), m_pieces(pieces)
    {
        m_interned.reserve(1024);
        if (offset == 0)
            records.reserve(text.size() / 512); // a saved provider takes 0.6 to 1 KB
    }

    void run() // throws JsonSyntaxError, MisplacedCut
    {
        parseTop();
        m_json.expectEnd();
        shareRemainingParentUuids();
    }

    QList<ProviderData> records;
    QList<bool> clean; // per record: no problem found in it
    QList<qsizetype> offsets; // per record: where it begins in the text
    Problems problems;
    SnapshotOrigin origin;

private:
    void problem(const Location &where, QString message)
    {
        problems.append(Problem{Severity::Error, ProblemKind::Syntax, {}, {}, where.toString(),
                                std::move(message)});
    }

    // Reads the members of an object whose keys are `names`: calls read(index, location)
    // for each known key once; unknown and repeated keys are problems. Returns the keys seen
    // as bits, or nullopt if the value is not an object.
    template <size_t N, typename Read>
    std::optional<unsigned> readFixedMembers(const Location &here, const std::string_view (&names)[N],
                                             Read &&read)
    {
        if (!expectType(JsonType::Object, here))
            return std::nullopt;
        unsigned seen = 0;
        bool first = true;
        JsonString key;
        while (m_json.nextMember(first, key)) {
            const Location member(here, key);
            const int k = keyIndex(key, names);
            if (k < 0 || (seen & (1u << k))) {
                problem(member, k < 0 ? QStringLiteral("unknown key (allowed: ") + keyList(names) + QLatin1Char(')')
                                      : QStringLiteral("duplicate key"));
                m_json.skipValue();
                continue;
            }
            seen |= 1u << k;
            read(k, Location(here, names[k]));
        }
        return seen;
    }

    template <size_t N>
    void requireKeys(const Location &here, unsigned seen, unsigned required, const std::string_view (&names)[N])
    {
        for (size_t i = 0; i < N; ++i) {
            if ((required & (1u << i)) && !(seen & (1u << i)))
                problem(here, QStringLiteral("missing key \"") + latin1(names[i]) + QLatin1Char('"'));
        }
    }

    // Each expect*() reads a value of the named type, or records a problem and skips it.
    bool expectType(JsonType wanted, const Location &where, const char *wantedText = nullptr)
    {
        const JsonType type = m_json.peekType();
        if (type == wanted)
            return true;
        problem(where, QStringLiteral("must be ") + QLatin1String(wantedText ? wantedText : describe(wanted))
                           + QStringLiteral(", not ") + QLatin1String(describe(type)));
        m_json.skipValue();
        return false;
    }

    std::optional<qint64> expectInteger(const Location &where)
    {
        if (!expectType(JsonType::Number, where, "an integer"))
            return std::nullopt;
        const JsonNumber n = m_json.readNumber();
        if (n.exactInteger)
            return n.exactInteger;
        // Placement's jsonschema takes an integral float (16.0) as an integer.
        if (std::isfinite(n.value) && std::trunc(n.value) == n.value) {
            if (std::fabs(n.value) < 9.2233720368547758e18)
                return qint64(n.value);
        } else if (std::isfinite(n.value)) {
            problem(where, QStringLiteral("must be an integer, not ") + latin1(n.raw));
            return std::nullopt;
        }
        problem(where, QStringLiteral("integer out of range: ") + latin1(n.raw));
        return std::nullopt;
    }

    std::optional<double> expectNumber(const Location &where)
    {
        if (!expectType(JsonType::Number, where))
            return std::nullopt;
        const JsonNumber n = m_json.readNumber();
        if (!std::isfinite(n.value)) {
            problem(where, QStringLiteral("number out of range: ") + latin1(n.raw));
            return std::nullopt;
        }
        return n.value;
    }

    // Equal strings share one buffer: resource classes, traits, aggregates and uuids repeat.
    QString intern(const JsonString &s)
    {
        if (s.escaped)
            return s.decoded();
        const auto it = m_interned.find(s.raw);
        if (it != m_interned.end())
            return it->second;
        QString text = s.decoded();
        m_interned.emplace(s.raw, text);
        return text;
    }

    // Aggregates repeat, so they are interned; providers' uuids are unique (a parent's uuid
    // is shared by shareParentUuid() instead, without a table of every uuid).
    QString uuid(const JsonString &s, bool interned)
    {
        if (!s.escaped && validation::isCanonicalUuid(s.raw))
            return interned ? intern(s) : s.decoded();
        const QString text = s.decoded();
        // Placement takes any case; keep the canonical form. Not a uuid: the rules say so later.
        return validation::canonicalUuid(text).value_or(text);
    }

    void parseTop()
    {
        const Location top;
        const auto seen = readFixedMembers(top, kTopKeys, [&](int k, const Location &where) {
            if (k == Format) {
                if (!expectType(JsonType::String, where))
                    return;
                const QString format = m_json.readString().decoded();
                if (format != QLatin1String(kSnapshotFormat))
                    problem(where, QStringLiteral("not a provider tree snapshot: format is ") + neutralised(format)
                                       + QStringLiteral(", expected \"") + QLatin1String(kSnapshotFormat)
                                       + QLatin1Char('"'));
            } else if (k == Version) {
                const auto version = expectInteger(where);
                if (version && *version != kSnapshotVersion)
                    problem(where, QStringLiteral("unsupported version %1 (this program reads version %2)")
                                       .arg(QString::number(*version), QString::number(kSnapshotVersion)));
            } else if (k == Origin) {
                parseOrigin(where);
            } else if (expectType(JsonType::Array, where)) {
                parseProviders(where);
            }
        });
        if (seen)
            requireKeys(top, *seen, 0b111, kTopKeys);
    }

    // The providers array, in pieces if it is large (the reader stands before its '[').
    void parseProviders(const Location &here)
    {
        const qsizetype begin = m_json.nextTokenOffset();
        const std::vector<ArrayCut> cuts = m_pieces > 1 && m_text.size() - begin >= kMinBytesToCut
                                             ? guessArrayCuts(m_text, begin, m_pieces)
                                             : std::vector<ArrayCut>();
        if (cuts.empty()) {
            parseElements(here, Start::AtBracket, -1);
            return;
        }
        // Piece 0 here, piece i > 0 on thread i - 1: from cut i - 1 to cut i, the last to
        // the array's end.
        const size_t others = cuts.size();
        std::vector<std::unique_ptr<SnapshotParser>> parsers;
        std::vector<std::exception_ptr> errors(others);
        for (size_t i = 0; i < others; ++i) {
            parsers.push_back(std::make_unique<SnapshotParser>(m_text, 1, cuts[i].next));
            // As the constructor does for a whole document: growing instead moves every record.
            const qsizetype pieceEnd = i + 1 < others ? cuts[i + 1].comma : m_text.size();
            parsers.back()->records.reserve((pieceEnd - cuts[i].next) / 512);
        }
        std::exception_ptr ownError;
        {
            JoiningThreads threads;
            for (size_t i = 0; i < others; ++i) {
                const qsizetype end = i + 1 < others ? cuts[i + 1].comma : -1;
                threads.start([&parser = *parsers[i], &error = errors[i], end] {
                    try {
                        const Location top;
                        parser.parseElements(Location(top, kTopKeys[Providers]), Start::AtElement, end);
                    } catch (...) {
                        error = std::current_exception();
                    }
                });
            }
            try {
                parseElements(here, Start::AtBracket, cuts[0].comma);
            } catch (...) {
                ownError = std::current_exception();
            }
        } // joins
        // In file order: the first piece's error is the document's first; a later piece's
        // only once every cut before it is confirmed.
        if (ownError)
            std::rethrow_exception(ownError);
        for (size_t i = 0; i < others; ++i) {
            if (errors[i])
                std::rethrow_exception(errors[i]);
            append(std::move(*parsers[i]));
        }
        m_json = JsonReader(m_text, parsers.back()->m_json.offset());
    }

    // Elements of the providers array, from its '[' or from the first element of a later
    // piece. `end` < 0: through the array's ']'. Otherwise up to the comma at `end`, where
    // the reader must stop after a whole element, or the cut was not between two elements
    // (MisplacedCut).
    enum class Start { AtBracket, AtElement };
    void parseElements(const Location &here, Start start, qsizetype end)
    {
        bool first = start == Start::AtBracket;
        if (!first) { // no '[' or ',' before a piece's first element
            offsets.append(m_json.nextTokenOffset());
            parseProvider(Location(here, records.size()));
        }
        while (!(end >= 0 && m_json.nextTokenOffset() >= end) && m_json.nextElement(first)) {
            offsets.append(m_json.offset());
            parseProvider(Location(here, records.size()));
        }
        if (end >= 0 && m_json.nextTokenOffset() != end)
            throw MisplacedCut{};
    }

    // Takes over the records and problems of the parser of the next piece.
    void append(SnapshotParser &&next)
    {
        const qsizetype base = records.size();
        for (Problem &p : next.problems)
            p.location = shiftedProviderIndex(p.location, base);
        problems += std::move(next.problems);
        clean += std::move(next.clean);
        offsets += std::move(next.offsets);
        // A parent from the end of this piece is on its path, as one reader would have had it.
        for (const qsizetype i : std::as_const(next.m_unsharedParents)) {
            ProviderData &record = next.records[i];
            const auto it = std::find(m_path.rbegin(), m_path.rend(), record.parentUuid);
            if (it != m_path.rend())
                record.parentUuid = *it;
            else
                m_unsharedParents.append(base + i);
        }
        if (!next.m_path.empty())
            m_path = std::move(next.m_path);
        records += std::move(next.records);
    }

    void parseOrigin(const Location &here)
    {
        QString *const fields[] = {&origin.source, &origin.cloud, &origin.endpoint, &origin.region,
                                   &origin.microversion, &origin.schema, &origin.tree, &origin.startedAt, &origin.finishedAt};
        static_assert(std::size(fields) == std::size(kOriginKeys));
        readFixedMembers(here, kOriginKeys, [&](int k, const Location &where) {
            if (expectType(JsonType::String, where))
                *fields[k] = m_json.readString().decoded();
        });
    }

    void parseProvider(const Location &here)
    {
        const qsizetype problemsBefore = problems.size();
        ProviderData p;
        const auto seen = readFixedMembers(here, kProviderKeys, [&](int k, const Location &where) {
            switch (ProviderKey(k)) {
            case Uuid:
                if (expectType(JsonType::String, where))
                    p.uuid = uuid(m_json.readString(), false);
                break;
            case Name:
                if (expectType(JsonType::String, where))
                    p.name = m_json.readString().decoded();
                break;
            case Generation: p.generation = expectInteger(where).value_or(0); break;
            case Parent: parseParent(p, where); break;
            case InventoriesKey: p.inventories = parseInventories(where); break;
            case UsagesKey: parseUsages(p.usages, where); break;
            case Traits: p.traits = parseNames(where, false); break;
            case Aggregates: p.aggregates = parseNames(where, true); break;
            }
        });
        if (seen)
            requireKeys(here, *seen, (1u << Uuid) | (1u << Name), kProviderKeys);
        shareParentUuid(p);
        clean.append(problems.size() == problemsBefore);
        records.append(std::move(p));
    }

    // A child's parent_provider_uuid shares its parent's uuid buffer. In a depth-first file
    // (as saved) the parent is on the path of providers just read; any other is matched
    // once the whole file is read.
    void shareParentUuid(ProviderData &p)
    {
        if (p.isRoot()) {
            m_path.clear();
        } else {
            auto it = std::find(m_path.rbegin(), m_path.rend(), p.parentUuid);
            if (it == m_path.rend()) {
                m_unsharedParents.append(records.size());
                m_path.clear();
            } else {
                p.parentUuid = *it;
                m_path.erase(it.base(), m_path.end());
            }
        }
        m_path.push_back(p.uuid);
    }

    void shareRemainingParentUuids()
    {
        if (m_unsharedParents.isEmpty())
            return;
        QHash<QString, qsizetype> byUuid;
        byUuid.reserve(records.size());
        for (qsizetype i = 0; i < records.size(); ++i)
            byUuid.insert(records.at(i).uuid, i);
        for (const qsizetype i : std::as_const(m_unsharedParents)) {
            ProviderData &record = records[i];
            if (const auto parent = byUuid.constFind(record.parentUuid); parent != byUuid.cend())
                record.parentUuid = records.at(*parent).uuid;
        }
    }

    void parseParent(ProviderData &p, const Location &where)
    {
        if (m_json.peekType() == JsonType::Null) {
            m_json.readLiteral();
            return;
        }
        if (!expectType(JsonType::String, where, "a uuid (a string) or null"))
            return;
        const JsonString parent = m_json.readString();
        // In a depth-first file (as saved) the parent is on the path of providers just read:
        // its uuid is shared as it is (shareParentUuid()), no copy decoded first.
        if (!parent.escaped) {
            const QLatin1String raw(parent.raw.data(), qsizetype(parent.raw.size()));
            const auto onPath = std::find_if(m_path.crbegin(), m_path.crend(),
                                             [&](const QString &uuid) { return uuid == raw; });
            if (onPath != m_path.crend()) {
                p.parentUuid = *onPath;
                return;
            }
        }
        p.parentUuid = uuid(parent, false);
        if (p.parentUuid.isEmpty())
            problem(where, QStringLiteral("must be a uuid or null (for a root), not an empty string"));
    }

    // An object keyed by resource class ("inventories", "usages"); each value parsed by
    // `parseValue`, which returns nothing after reporting a problem.
    template <typename Map, typename ParseValue>
    void parseByResourceClass(Map &map, const Location &here, ParseValue parseValue)
    {
        if (!expectType(JsonType::Object, here))
            return;
        bool first = true;
        JsonString key;
        while (m_json.nextMember(first, key)) {
            const Location member(here, key);
            const QString resourceClass = intern(key);
            if (map.contains(resourceClass)) {
                problem(member, QStringLiteral("duplicate key"));
                m_json.skipValue();
            } else if (auto value = parseValue(member)) {
                map.insert(resourceClass, *value);
            }
        }
    }

    // Read into a scratch list, then shared with equal inventories read before (most are)
    // or made a QMap.
    Inventories parseInventories(const Location &here)
    {
        m_scratchInventories.clear();
        parseByResourceClass(m_scratchInventories, here,
                             [this](const Location &member) { return parseInventoryRecord(member); });
        return m_inventoriesPool.sharedCopy(m_scratchInventories,
                                            [](const InventoryScratch &read) { return read.toInventories(); });
    }

    std::optional<InventoryRecord> parseInventoryRecord(const Location &here)
    {
        InventoryRecord r;
        const auto seen = readFixedMembers(here, kInventoryKeys, [&](int k, const Location &where) {
            switch (InventoryKey(k)) {
            case Total: r.total = expectInteger(where); break;
            case Reserved: r.reserved = expectInteger(where); break;
            case MinUnit: r.minUnit = expectInteger(where); break;
            case MaxUnit: r.maxUnit = expectInteger(where); break;
            case StepSize: r.stepSize = expectInteger(where); break;
            case AllocationRatio: r.allocationRatio = expectNumber(where); break;
            }
        });
        if (!seen)
            return std::nullopt;
        if (!(*seen & (1u << Total))) {
            requireKeys(here, *seen, 1u << Total, kInventoryKeys);
            return std::nullopt;
        }
        return r.effective(); // a loaded record is complete: Placement's defaults filled in
    }

    void parseUsages(Usages &usages, const Location &here)
    {
        parseByResourceClass(usages, here, [this](const Location &member) { return expectInteger(member); });
    }

    // traits or aggregates: an array of unique strings, kept sorted. Read into a scratch
    // list that keeps its capacity, then shared with an equal list read before (most
    // are: 33,000 distinct trait lists among 100,000 providers) or copied at its size:
    // appending to each provider's own list took a third of the parse in reallocations.
    QStringList parseNames(const Location &here, bool uuids)
    {
        QStringList &names = m_scratchNames;
        names.clear();
        if (!expectType(JsonType::Array, here))
            return QStringList();
        bool first = true;
        while (m_json.nextElement(first)) {
            if (expectType(JsonType::String, Location(here, names.size()))) {
                const JsonString s = m_json.readString();
                names.append(uuids ? uuid(s, true) : intern(s));
            } else {
                // A null placeholder keeps later indices right; a decoded string, even "",
                // is never null.
                names.append(QString());
            }
        }
        if (std::adjacent_find(names.cbegin(), names.cend(), std::greater_equal<QString>()) != names.cend())
            sortUnique(names, here, uuids); // not the usual case: sorted and unique
        return m_listPool.sharedCopy(names, [](const QStringList &list) {
            return QStringList(list.cbegin(), list.cend());
        });
    }

    // Reports the duplicates among `names` and leaves them sorted and unique, without nulls.
    void sortUnique(QStringList &names, const Location &here, bool uuids)
    {
        QSet<QString> seen;
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString &name = names.at(i);
            if (name.isNull())
                continue;
            if (std::as_const(seen).contains(name))
                problem(Location(here, i), QLatin1String(uuids ? "duplicate aggregate " : "duplicate trait ")
                                               + neutralised(name));
            else
                seen.insert(name);
        }
        names.removeIf([](const QString &s) { return s.isNull(); });
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
    }

    QByteArrayView m_text; // Not owned: the caller's document.
    JsonReader m_json;
    int m_pieces = 1; // how many readers may share the providers array
    std::unordered_map<std::string_view, QString> m_interned; // keys view the caller's bytes
    ValuePool<Inventories, InventoriesHash, InventoriesEqual> m_inventoriesPool;
    InventoryScratch m_scratchInventories; // parseInventories()'s
    ValuePool<QStringList, StringListHash, StringListEqual> m_listPool; // traits and aggregates
    QStringList m_scratchNames; // parseNames()'s, never shared
    std::vector<QString> m_path;             // uuids from the last root down to the last provider read
    QList<qsizetype> m_unsharedParents;      // records whose parent was not on the path
};

struct ParseOutcome
{
    SnapshotOrigin origin;
    QList<ProviderData> records;
    QList<bool> clean;
    QList<qsizetype> offsets;
    Problems problems;
    bool syntaxError = false;
};

// The problems about `outcome`'s document (`json`), each naming its provider and with its
// line and column in the text.
Problems located(Problems problems, QByteArrayView json, const ParseOutcome &outcome)
{
    if (problems.isEmpty() || outcome.syntaxError)
        return problems;
    return withPositions(withProviderNames(std::move(problems), outcome.records), json,
                         ElementOffsets{QStringLiteral("$.providers"), outcome.offsets});
}

// What locating problems in a snapshot needs of its records (uuid, name, where each
// begins), read without building whole records: the rest is only skipped, which takes a
// fraction of a parse. Not a check of the format: nullopt only when the text is not JSON.
std::optional<ParseOutcome> indexRecords(QByteArrayView json)
{
    ParseOutcome index;
    try {
        JsonReader reader(json);
        bool first = true;
        JsonString key;
        if (reader.peekType() != JsonType::Object)
            return index;
        while (reader.nextMember(first, key)) {
            if (!key.equals("providers") || reader.peekType() != JsonType::Array) {
                reader.skipValue();
                continue;
            }
            bool firstElement = true;
            while (reader.nextElement(firstElement)) {
                index.offsets.append(reader.offset());
                ProviderData record;
                if (reader.peekType() != JsonType::Object) {
                    reader.skipValue();
                    index.records.append(std::move(record));
                    continue;
                }
                bool firstMember = true;
                JsonString member;
                while (reader.nextMember(firstMember, member)) {
                    const bool isUuid = member.equals("uuid");
                    if ((isUuid || member.equals("name")) && reader.peekType() == JsonType::String) {
                        const QString text = reader.readString().decoded();
                        if (isUuid)
                            record.uuid = validation::canonicalUuid(text).value_or(text);
                        else
                            record.name = text;
                    } else {
                        reader.skipValue();
                    }
                }
                index.records.append(std::move(record));
            }
        }
    } catch (const JsonSyntaxError &) {
        return std::nullopt;
    }
    return index;
}

// One reader per core for a large document; one when a guessed cut was wrong, or when no
// thread could be started.
std::unique_ptr<SnapshotParser> runParser(QByteArrayView json)
{
    auto parser = std::make_unique<SnapshotParser>(json, std::max(1, QThread::idealThreadCount()));
    try {
        parser->run();
        return parser;
    } catch (const MisplacedCut &) {
    } catch (const std::system_error &) {
    }
    parser = std::make_unique<SnapshotParser>(json, 1);
    parser->run();
    return parser;
}

ParseOutcome parseDocument(QByteArrayView json)
{
    QElapsedTimer timer;
    timer.start();
    ParseOutcome outcome;
    std::unique_ptr<SnapshotParser> parsed;
    try {
        parsed = runParser(json);
    } catch (const JsonSyntaxError &error) {
        outcome.syntaxError = true;
        Problem problem{Severity::Error, ProblemKind::Syntax, {}, {}, JsonReader::lineColumn(json, error.offset),
                        QStringLiteral("JSON syntax error: ") + QLatin1String(error.message)};
        std::tie(problem.line, problem.column) = JsonReader::lineAndColumn(json, error.offset);
        outcome.problems.append(std::move(problem));
        return outcome;
    }
    SnapshotParser &parser = *parsed;
    outcome.origin = std::move(parser.origin);
    outcome.records = std::move(parser.records);
    outcome.clean = std::move(parser.clean);
    outcome.offsets = std::move(parser.offsets);
    outcome.problems = std::move(parser.problems);
    qCDebug(lcSnapshot) << "parsed" << outcome.records.size() << "providers in" << timer.elapsed() << "ms";
    return outcome;
}

} // namespace

bool isUnreadable(const Problem &problem)
{
    return problem.kind == ProblemKind::Io
        || (problem.kind == ProblemKind::Syntax && !problem.location.startsWith(QLatin1Char('$')));
}

Result<QList<ProviderData>> parseSnapshot(const QByteArray &json)
{
    ParseOutcome outcome = parseDocument(json);
    if (!outcome.problems.isEmpty())
        return Status(located(std::move(outcome.problems), json, outcome));
    return std::move(outcome.records);
}

Result<SnapshotDocument> parseSnapshotDocument(const QByteArray &json)
{
    ParseOutcome outcome = parseDocument(json);
    if (!outcome.problems.isEmpty())
        return Status(located(std::move(outcome.problems), json, outcome));
    return SnapshotDocument{std::move(outcome.records), std::move(outcome.origin)};
}

namespace {
// The bytes of the file at `path` in `bytes`, which are valid while `file` stays open.
// A regular file is mapped, not read: no copy of tens of MB into a heap block that is
// page-faulted in first (a sixth of `provtree validate`'s time on 72 MB). A pipe or other
// sequential file is read. Like any mapping, a file truncated while it is read raises
// SIGBUS; the snapshot files we read are written aside and renamed (snapshotwriter).
Status readFile(const QString &path, QFile &file, QByteArray &bytes)
{
    const auto cannotRead = [&] {
        return makeError(ProblemKind::Io, QStringLiteral("cannot read ") + neutralised(path, 200)
                                              + QStringLiteral(": ") + file.errorString());
    };
    file.setFileName(path);
    if (!file.open(QIODevice::ReadOnly))
        return cannotRead();
    if (const qint64 size = file.size(); !file.isSequential() && size > 0) {
        if (const uchar *mapped = file.map(0, size)) {
#ifdef MADV_POPULATE_READ
            // The page tables of the whole file in one call, where the parsers would fault
            // once per 64 KB (1,100 faults of 20 us each for 73 MB on this virtual machine).
            // Only advice: if the kernel is older, the faults happen as before.
            madvise(const_cast<uchar *>(mapped), size_t(size), MADV_POPULATE_READ);
#endif
            bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(mapped), qsizetype(size));
            return {};
        }
    }
    bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return cannotRead();
    return {};
}
} // namespace

Result<QList<ProviderData>> readSnapshotFile(const QString &path)
{
    QFile file;
    QByteArray bytes;
    if (Status read = readFile(path, file, bytes); !read.ok())
        return read;
    return parseSnapshot(bytes);
}

Result<SnapshotDocument> readSnapshotDocumentFile(const QString &path)
{
    QFile file;
    QByteArray bytes;
    if (Status read = readFile(path, file, bytes); !read.ok())
        return read;
    return parseSnapshotDocument(bytes);
}

Status loadSnapshot(ProviderTree &tree, const QByteArray &json, SnapshotOrigin *origin)
{
    ParseOutcome outcome = parseDocument(json);
    if (outcome.syntaxError)
        return outcome.problems;
    if (!outcome.problems.isEmpty()) {
        // The document is refused already; still name what Placement would refuse in the
        // records that did parse, so one run shows everything to fix.
        Problems all = std::move(outcome.problems);
        for (qsizetype i = 0; i < outcome.records.size(); ++i) {
            if (!outcome.clean.at(i))
                continue;
            for (Problem p : validation::checkProvider(outcome.records.at(i))) {
                p.location = providerLocation(i) + fieldLocation(p.field);
                all.append(std::move(p));
            }
        }
        return located(std::move(all), json, outcome);
    }
    QElapsedTimer timer;
    timer.start();
    const Status status = tree.replaceAll(outcome.records);
    qCDebug(lcSnapshot) << "replaceAll took" << timer.elapsed() << "ms";
    if (origin && status.ok())
        *origin = std::move(outcome.origin);
    return located(locate(status.problems(), outcome.records), json, outcome);
}

Problems locateInSnapshot(Problems problems, const QByteArray &json)
{
    if (problems.isEmpty())
        return problems;
    const std::optional<ParseOutcome> outcome = indexRecords(json);
    if (!outcome)
        return problems;
    // Only those without a location: a location found in another text stays.
    QList<qsizetype> unlocated;
    Problems toLocate;
    for (qsizetype i = 0; i < problems.size(); ++i) {
        if (problems.at(i).location.isEmpty()) {
            unlocated.append(i);
            toLocate.append(problems.at(i));
        }
    }
    toLocate = located(locate(std::move(toLocate), outcome->records), json, *outcome);
    for (qsizetype i = 0; i < unlocated.size(); ++i)
        problems[unlocated.at(i)] = toLocate.at(i);
    return problems;
}

Problems locateInSnapshotFile(Problems problems, const QString &path)
{
    if (problems.isEmpty())
        return problems;
    QFile file;
    QByteArray bytes;
    return readFile(path, file, bytes).ok() ? locateInSnapshot(std::move(problems), bytes) : problems;
}

Status loadSnapshotFile(ProviderTree &tree, const QString &path, SnapshotOrigin *origin)
{
    QFile file;
    QByteArray bytes;
    if (Status read = readFile(path, file, bytes); !read.ok())
        return read;
    return loadSnapshot(tree, bytes, origin);
}

} // namespace provtree
