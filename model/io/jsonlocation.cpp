#include "jsonlocation.h"

#include "inventory.h"
#include "neutralise.h"
#include "validation.h"

#include <QHash>

#include <algorithm>

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

} // namespace provtree
