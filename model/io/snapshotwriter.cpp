#include "snapshotwriter.h"

#include "neutralise.h"
#include "providertree.h"
#include "snapshotreader.h"

#include <QHash>
#include <QSaveFile>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

namespace provtree {

namespace {

bool lessByNameThenUuid(const ProviderData &a, const ProviderData &b)
{
    if (a.name != b.name)
        return a.name < b.name;
    return a.uuid < b.uuid;
}

void appendUnicodeEscape(QByteArray &out, char16_t c)
{
    char escape[8];
    std::snprintf(escape, sizeof escape, "\\u%04x", unsigned(c));
    out += escape;
}

void appendInteger(QByteArray &out, qint64 value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

// One provider object, at the indentation of an element of "providers".
class ProviderWriter
{
public:
    explicit ProviderWriter(QByteArray &out) : m_out(out) {}

    void write(const ProviderData &p)
    {
        m_out += "    {\n      \"uuid\": ";
        appendJsonString(m_out, p.uuid);
        m_out += ",\n      \"name\": ";
        appendJsonString(m_out, p.name);
        m_out += ",\n      \"generation\": ";
        appendInteger(m_out, p.generation);
        m_out += ",\n      \"parent_provider_uuid\": ";
        if (p.isRoot())
            m_out += "null";
        else
            appendJsonString(m_out, p.parentUuid);
        m_out += ",\n      \"inventories\": ";
        writeInventories(p.inventories);
        m_out += ",\n      \"usages\": ";
        writeUsages(p.usages);
        m_out += ",\n      \"traits\": ";
        writeList(p.traits);
        m_out += ",\n      \"aggregates\": ";
        writeList(p.aggregates);
        m_out += "\n    }";
    }

private:
    void writeInventories(const Inventories &inventories)
    {
        if (inventories.isEmpty()) {
            m_out += "{}";
            return;
        }
        m_out += "{\n";
        for (auto it = inventories.cbegin(); it != inventories.cend(); ++it) {
            if (it != inventories.cbegin())
                m_out += ",\n";
            const InventoryRecord r = it.value().effective();
            m_out += "        ";
            appendJsonString(m_out, it.key());
            m_out += ": {\n          \"total\": ";
            appendInteger(m_out, *r.total);
            m_out += ",\n          \"reserved\": ";
            appendInteger(m_out, *r.reserved);
            m_out += ",\n          \"min_unit\": ";
            appendInteger(m_out, *r.minUnit);
            m_out += ",\n          \"max_unit\": ";
            appendInteger(m_out, *r.maxUnit);
            m_out += ",\n          \"step_size\": ";
            appendInteger(m_out, *r.stepSize);
            m_out += ",\n          \"allocation_ratio\": ";
            m_out += formatAllocationRatio(*r.allocationRatio);
            m_out += "\n        }";
        }
        m_out += "\n      }";
    }

    void writeUsages(const Usages &usages)
    {
        if (usages.isEmpty()) {
            m_out += "{}";
            return;
        }
        m_out += "{\n";
        for (auto it = usages.cbegin(); it != usages.cend(); ++it) {
            if (it != usages.cbegin())
                m_out += ",\n";
            m_out += "        ";
            appendJsonString(m_out, it.key());
            m_out += ": ";
            appendInteger(m_out, it.value());
        }
        m_out += "\n      }";
    }

    void writeList(const QStringList &items)
    {
        if (items.isEmpty()) {
            m_out += "[]";
            return;
        }
        QStringList sorted = items; // shares the data unless it must be sorted
        if (!std::is_sorted(sorted.cbegin(), sorted.cend()))
            std::sort(sorted.begin(), sorted.end());
        m_out += "[\n";
        for (qsizetype i = 0; i < sorted.size(); ++i) {
            if (i > 0)
                m_out += ",\n";
            m_out += "        ";
            appendJsonString(m_out, sorted.at(i));
        }
        m_out += "\n      ]";
    }

    QByteArray &m_out; // Not owned.
};

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    out += '"';
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        if (c >= 0x20 && c < 0x80) {
            if (c == u'"' || c == u'\\')
                out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            switch (c) {
            case u'\n': out += "\\n"; break;
            case u'\r': out += "\\r"; break;
            case u'\t': out += "\\t"; break;
            case u'\b': out += "\\b"; break;
            case u'\f': out += "\\f"; break;
            default: appendUnicodeEscape(out, c); break;
            }
        } else if (c < 0x800) {
            out += char(0xc0 | (c >> 6));
            out += char(0x80 | (c & 0x3f));
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            const char32_t u = QChar::surrogateToUcs4(c, text[++i].unicode());
            out += char(0xf0 | (u >> 18));
            out += char(0x80 | ((u >> 12) & 0x3f));
            out += char(0x80 | ((u >> 6) & 0x3f));
            out += char(0x80 | (u & 0x3f));
        } else if (QChar::isSurrogate(c)) {
            appendUnicodeEscape(out, c);
        } else {
            out += char(0xe0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3f));
            out += char(0x80 | (c & 0x3f));
        }
    }
    out += '"';
}

QByteArray formatAllocationRatio(double ratio)
{
    if (!std::isfinite(ratio))
        return QByteArrayLiteral("null");
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, ratio);
    QByteArray text(buffer, result.ptr - buffer);
    if (!text.contains('.') && !text.contains('e'))
        text += ".0";
    return text;
}

QList<qsizetype> canonicalOrder(const QList<ProviderData> &providers)
{
    const qsizetype n = providers.size();
    QHash<QString, qsizetype> indexOfUuid;
    indexOfUuid.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        indexOfUuid.insert(providers.at(i).uuid, i); // a duplicate uuid: the last one wins
    std::vector<QList<qsizetype>> children(static_cast<size_t>(n));
    QList<qsizetype> roots;
    for (qsizetype i = 0; i < n; ++i) {
        const qsizetype parent = providers.at(i).isRoot()
            ? -1 : indexOfUuid.value(providers.at(i).parentUuid, -1);
        if (parent < 0 || parent == i)
            roots.append(i);
        else
            children[size_t(parent)].append(i);
    }
    const auto byNameThenUuid = [&](qsizetype a, qsizetype b) {
        return lessByNameThenUuid(providers.at(a), providers.at(b));
    };
    std::sort(roots.begin(), roots.end(), byNameThenUuid);
    for (QList<qsizetype> &siblings : children)
        std::sort(siblings.begin(), siblings.end(), byNameThenUuid);

    QList<qsizetype> order;
    order.reserve(n);
    std::vector<bool> visited(size_t(n), false);
    QList<qsizetype> stack;
    const auto visitFrom = [&](qsizetype start) {
        stack.append(start);
        while (!stack.isEmpty()) {
            const qsizetype i = stack.takeLast();
            if (visited[size_t(i)])
                continue;
            visited[size_t(i)] = true;
            order.append(i);
            const QList<qsizetype> &kids = children[size_t(i)];
            for (auto it = kids.crbegin(); it != kids.crend(); ++it)
                stack.append(*it);
        }
    };
    for (const qsizetype root : std::as_const(roots))
        visitFrom(root);
    if (order.size() < n) { // parent cycles: no root leads there
        QList<qsizetype> rest;
        for (qsizetype i = 0; i < n; ++i) {
            if (!visited[size_t(i)])
                rest.append(i);
        }
        std::sort(rest.begin(), rest.end(), byNameThenUuid);
        for (const qsizetype i : std::as_const(rest))
            visitFrom(i);
    }
    return order;
}

namespace {
void appendOrigin(QByteArray &out, const SnapshotOrigin &origin)
{
    const std::pair<const char *, const QString *> fields[] = {
        {"source", &origin.source},         {"cloud", &origin.cloud},
        {"endpoint", &origin.endpoint},     {"region", &origin.region},
        {"microversion", &origin.microversion}, {"schema", &origin.schema},
        {"tree", &origin.tree},
        {"started_at", &origin.startedAt},  {"finished_at", &origin.finishedAt}};
    out += ",\n  \"origin\": {";
    bool first = true;
    for (const auto &[key, value] : fields) {
        if (value->isEmpty())
            continue;
        out += first ? "\n    \"" : ",\n    \"";
        out += key;
        out += "\": ";
        appendJsonString(out, *value);
        first = false;
    }
    out += "\n  }";
}
} // namespace

QByteArray serialiseSnapshot(const QList<ProviderData> &providers, const SnapshotOrigin &origin)
{
    QByteArray out;
    out.reserve(256 + providers.size() * 1200);
    out += "{\n  \"format\": \"";
    out += kSnapshotFormat;
    out += "\",\n  \"version\": ";
    appendInteger(out, kSnapshotVersion);
    if (!origin.isEmpty())
        appendOrigin(out, origin);
    out += ",\n  \"providers\": [";
    if (!providers.isEmpty()) {
        out += '\n';
        ProviderWriter writer(out);
        const QList<qsizetype> order = canonicalOrder(providers);
        for (qsizetype k = 0; k < order.size(); ++k) {
            if (k > 0)
                out += ",\n";
            writer.write(providers.at(order.at(k)));
        }
        out += "\n  ";
    }
    out += "]\n}\n";
    return out;
}

Status saveSnapshot(const QList<ProviderData> &providers, const QString &path, const SnapshotOrigin &origin)
{
    const auto failure = [&](const QString &reason) {
        return makeError(ProblemKind::Io, QStringLiteral("cannot write ") + neutralised(path, 200)
                                              + QStringLiteral(": ") + reason);
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(file.errorString());
    const QByteArray bytes = serialiseSnapshot(providers, origin);
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return failure(reason);
    }
    if (!file.commit())
        return failure(file.errorString());
    return {};
}

Status saveSnapshot(const ProviderTree &tree, const QString &path)
{
    return saveSnapshot(tree.allData(), path);
}

} // namespace provtree
