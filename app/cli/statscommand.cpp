#include "statscommand.h"

#include "providertree.h"
#include "report.h"
#include "snapshotreader.h"
#include "treestats.h"

#include <QJsonObject>

#include <array>

namespace provtree::cli {

QString StatsCommand::summary() const
{
    return QStringLiteral("Counts providers and sums capacity and usage per resource class.");
}

void StatsCommand::configure(QCommandLineParser &parser) const
{
    parser.addOption(jsonOption());
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A snapshot file."), QStringLiteral("FILE"));
}

int StatsCommand::run(const QCommandLineParser &parser, const QStringList &arguments,
                      const Console &console) const
{
    if (arguments.size() != 1) {
        console.err << "provtree stats: give exactly one FILE (see provtree stats --help)\n";
        return kExitUsage;
    }
    const QString &path = arguments.first();
    ProviderTree tree;
    const Status status = loadSnapshotFile(tree, path);
    for (const Problem &problem : status.problems())
        console.err << problemLine(path, problem) << '\n';
    if (!status.ok())
        return exitCodeFor(status);

    const TreeStats stats = TreeStats::compute(tree);
    if (parser.isSet(jsonOption()))
        writeJson(console.out, stats);
    else
        writeText(console.out, stats);
    return kExitOk;
}

void StatsCommand::writeText(QTextStream &out, const TreeStats &stats)
{
    out << "providers: " << stats.providers << '\n'
        << "roots: " << stats.roots << '\n'
        << "max depth: " << stats.maxDepth << '\n';
    if (stats.resourceClasses.isEmpty())
        return;

    // A table, names left-aligned and numbers right-aligned, each column as wide as it must be.
    const std::array<QString, 6> header{QStringLiteral("resource class"), QStringLiteral("total"),
                                        QStringLiteral("reserved"), QStringLiteral("capacity"),
                                        QStringLiteral("used"), QStringLiteral("free")};
    QList<std::array<QString, 6>> rows{header};
    for (auto it = stats.resourceClasses.cbegin(); it != stats.resourceClasses.cend(); ++it) {
        const ResourceClassTotals &t = it.value();
        rows.append({it.key(), QString::number(t.total), QString::number(t.reserved),
                     QString::number(t.capacity), QString::number(t.used), QString::number(t.free)});
    }
    std::array<qsizetype, 6> width{};
    for (const auto &row : rows) {
        for (size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], row[c].size());
    }
    out << '\n';
    for (const auto &row : rows) {
        QString line = row[0].leftJustified(width[0]);
        for (size_t c = 1; c < row.size(); ++c)
            line += QStringLiteral("  ") + row[c].rightJustified(width[c]);
        out << line << '\n';
    }
}

void StatsCommand::writeJson(QTextStream &out, const TreeStats &stats)
{
    QJsonObject classes;
    for (auto it = stats.resourceClasses.cbegin(); it != stats.resourceClasses.cend(); ++it) {
        const ResourceClassTotals &t = it.value();
        classes.insert(it.key(), QJsonObject{{QStringLiteral("total"), t.total},
                                             {QStringLiteral("reserved"), t.reserved},
                                             {QStringLiteral("capacity"), t.capacity},
                                             {QStringLiteral("used"), t.used},
                                             {QStringLiteral("free"), t.free}});
    }
    cli::writeJson(out, QJsonObject{{QStringLiteral("providers"), stats.providers},
                                    {QStringLiteral("roots"), stats.roots},
                                    {QStringLiteral("max_depth"), stats.maxDepth},
                                    {QStringLiteral("resource_classes"), classes}});
}

} // namespace provtree::cli
