#include "diffcommand.h"

#include "displaynumber.h"
#include "neutralise.h"
#include "providertree.h"
#include "report.h"
#include "snapshotreader.h"
#include "treediff.h"
#include "patchapply.h"
#include "patchfile.h"

#include <QHash>

#include <cstdio>
#include <optional>
#include <unistd.h>

namespace provtree::cli {

namespace {

const QString kColor = QStringLiteral("color");

// ANSI colours, or nothing.
struct Palette
{
    bool on = false;
    [[nodiscard]] QString paint(const char *code, const QString &text) const
    {
        return on ? QStringLiteral("\x1b[%1m%2\x1b[0m").arg(QLatin1String(code), text) : text;
    }
    [[nodiscard]] QString added(const QString &t) const { return paint("32", t); }
    [[nodiscard]] QString removed(const QString &t) const { return paint("31", t); }
    [[nodiscard]] QString changed(const QString &t) const { return paint("33", t); }
    [[nodiscard]] QString moved(const QString &t) const { return paint("36", t); }
    [[nodiscard]] QString dim(const QString &t) const { return paint("2", t); }
    [[nodiscard]] QString bold(const QString &t) const { return paint("1", t); }
};

std::optional<QList<ProviderData>> load(const QString &path, const Console &console)
{
    ProviderTree tree;
    const Status status = loadSnapshotFile(tree, path);
    // Only what stops the load: warnings are validate's business, not a diff's.
    for (const Problem &problem : status.errors())
        console.err << problemLine(path, problem) << '\n';
    if (!status.ok())
        return std::nullopt;
    return tree.allData();
}

QString plural(qsizetype n, const char *one, const char *many)
{
    return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

// What kinds of change a provider has, for its stat line.
QStringList changedParts(const ProviderDiff &d)
{
    QStringList parts;
    if (d.name)
        parts << QStringLiteral("name");
    if (d.parentUuid)
        parts << QStringLiteral("parent");
    if (!d.inventories.isEmpty())
        parts << QStringLiteral("inventories");
    if (!d.usages.isEmpty())
        parts << QStringLiteral("usages");
    if (!d.traitsAdded.isEmpty() || !d.traitsRemoved.isEmpty())
        parts << QStringLiteral("traits");
    if (!d.aggregatesAdded.isEmpty() || !d.aggregatesRemoved.isEmpty())
        parts << QStringLiteral("aggregates");
    return parts;
}

class TextReport
{
public:
    TextReport(QTextStream &out, const TreeDiff &diff, bool colour)
        : m_out(out), m_diff(diff), m_palette{colour}
    {
        for (const MergedEntry &entry : diff.mergedTree())
            m_names.insert(entry.uuid, entry.name);
    }

    void write()
    {
        QList<const ProviderDiff *> shown;
        for (const MergedEntry &entry : m_diff.mergedTree()) {
            if (entry.diffIndex < 0)
                continue;
            const ProviderDiff &d = m_diff.providers().at(entry.diffIndex);
            const bool inSubtree = (d.status == DiffStatus::Added || d.status == DiffStatus::Removed)
                && !d.isSubtreeRoot();
            if (!inSubtree)
                shown.append(&d);
        }
        for (const ProviderDiff *d : std::as_const(shown))
            statLine(*d);
        totals();
        for (const ProviderDiff *d : std::as_const(shown))
            details(*d);
    }

private:
    QString nameOf(const QString &uuid) const
    {
        if (uuid.isEmpty())
            return QStringLiteral("(none: a root)");
        const auto it = m_names.constFind(uuid);
        return it == m_names.cend() ? neutralised(uuid) : neutralised(*it);
    }

    void statLine(const ProviderDiff &d)
    {
        const QString name = nameOf(d.uuid);
        switch (d.status) {
        case DiffStatus::Added:
            m_out << m_palette.added(QStringLiteral(" + ") + name) << "  added"
                  << (d.subtreeSize > 1 ? QStringLiteral(", subtree of %1 providers").arg(d.subtreeSize) : QString())
                  << '\n';
            break;
        case DiffStatus::Removed:
            m_out << m_palette.removed(QStringLiteral(" - ") + name) << "  removed"
                  << (d.subtreeSize > 1 ? QStringLiteral(", subtree of %1 providers").arg(d.subtreeSize) : QString())
                  << '\n';
            break;
        case DiffStatus::Moved: {
            QStringList parts = changedParts(d);
            parts.removeAll(QStringLiteral("parent"));
            m_out << m_palette.moved(QStringLiteral(" > ") + name) << "  moved"
                  << (parts.isEmpty() ? QString() : QStringLiteral(", changed: ") + parts.join(QStringLiteral(", ")))
                  << '\n';
            break;
        }
        case DiffStatus::Changed:
            m_out << m_palette.changed(QStringLiteral(" ~ ") + name) << "  changed: "
                  << changedParts(d).join(QStringLiteral(", ")) << '\n';
            break;
        case DiffStatus::Unchanged:
            m_out << m_palette.dim(QStringLiteral(" = ") + name + QStringLiteral("  generation only")) << '\n';
            break;
        }
    }

    void totals()
    {
        const qsizetype added = m_diff.added().size();
        const qsizetype removed = m_diff.removed().size();
        qsizetype changed = 0;
        qsizetype moved = 0;
        qsizetype generationOnly = 0;
        for (const ProviderDiff &d : m_diff.providers()) {
            changed += d.status == DiffStatus::Changed ? 1 : 0;
            moved += d.status == DiffStatus::Moved ? 1 : 0;
            generationOnly += d.status == DiffStatus::Unchanged ? 1 : 0;
        }
        m_out << ' ' << plural(added, "provider", "providers") << " added, " << removed << " removed, "
              << changed << " changed, " << moved << " moved";
        if (generationOnly > 0)
            m_out << ", " << generationOnly << " with a new generation only";
        m_out << '\n';
    }

    void details(const ProviderDiff &d)
    {
        m_out << '\n' << m_palette.bold(nameOf(d.uuid) + QStringLiteral(" (") + d.uuid + QLatin1Char(')')) << '\n';
        if (d.status == DiffStatus::Added || d.status == DiffStatus::Removed) {
            const bool added = d.status == DiffStatus::Added;
            QString line = added ? QStringLiteral("  added") : QStringLiteral("  removed");
            line += d.record.parentUuid.isEmpty() ? QStringLiteral(" (a root)")
                                                  : QStringLiteral(" under ") + nameOf(d.record.parentUuid);
            if (d.subtreeSize > 1)
                line += QStringLiteral(", with %1").arg(plural(d.subtreeSize - 1, "descendant", "descendants"));
            m_out << (added ? m_palette.added(line) : m_palette.removed(line)) << '\n';
            return;
        }
        if (d.name)
            m_out << "  renamed: " << neutralised(d.name->oldValue) << " -> " << neutralised(d.name->newValue) << '\n';
        if (d.parentUuid)
            m_out << m_palette.moved(QStringLiteral("  moved: from %1 to %2")
                                         .arg(nameOf(d.parentUuid->oldValue), nameOf(d.parentUuid->newValue)))
                  << '\n';
        for (const InventoryChange &c : d.inventories)
            inventory(c);
        for (const UsageChange &u : d.usages) {
            const auto text = [](const std::optional<qint64> &v) {
                return v ? QString::number(*v) : QStringLiteral("none");
            };
            m_out << "  usage " << u.resourceClass << ": " << text(u.oldValue) << " -> " << text(u.newValue) << '\n';
        }
        list(QStringLiteral("traits"), d.traitsAdded, d.traitsRemoved);
        list(QStringLiteral("aggregates"), d.aggregatesAdded, d.aggregatesRemoved);
        if (d.generation && d.generation->oldValue != d.generation->newValue)
            m_out << m_palette.dim(QStringLiteral("  generation: %1 -> %2 (metadata)")
                                       .arg(QString::number(d.generation->oldValue),
                                            QString::number(d.generation->newValue)))
                  << '\n';
    }

    void inventory(const InventoryChange &c)
    {
        const QString head = QStringLiteral("  inventory ") + c.resourceClass + QStringLiteral(": ");
        if (c.kind == InventoryChange::Kind::Changed) {
            QStringList fields;
            for (const InventoryFieldChange &f : c.fields)
                fields << QStringLiteral("%1 %2 -> %3").arg(fieldName(f.field), displayNumber(f.oldValue), displayNumber(f.newValue));
            m_out << m_palette.changed(head + fields.join(QStringLiteral(", "))) << '\n';
            return;
        }
        const QString line = head + (c.kind == InventoryChange::Kind::Added ? QStringLiteral("added (total %1)")
                                                                           : QStringLiteral("removed (total %1)"))
                                        .arg(c.record.totalOr0());
        m_out << (c.kind == InventoryChange::Kind::Added ? m_palette.added(line) : m_palette.removed(line)) << '\n';
    }

    void list(const QString &what, const QStringList &added, const QStringList &removed)
    {
        if (added.isEmpty() && removed.isEmpty())
            return;
        // Traits and aggregates passed the load's validation (identifiers, canonical uuids),
        // like resource classes: nothing in them can forge output, so they are printed bare.
        QStringList items;
        for (const QString &a : added)
            items << m_palette.added(QLatin1Char('+') + a);
        for (const QString &r : removed)
            items << m_palette.removed(QLatin1Char('-') + r);
        m_out << "  " << what << ": " << items.join(QLatin1Char(' ')) << '\n';
    }

    QTextStream &m_out;
    const TreeDiff &m_diff; // Not owned.
    Palette m_palette;
    QHash<QString, QString> m_names;
};

} // namespace

QString DiffCommand::summary() const
{
    return QStringLiteral("Shows what changed between two snapshot files.");
}

void DiffCommand::configure(QCommandLineParser &parser) const
{
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Prints the patch (JSON) instead of text.")));
    parser.addOption(QCommandLineOption(kColor, QStringLiteral("Colours the text: auto (when stdout is a terminal), always or never."),
                                        QStringLiteral("WHEN"), QStringLiteral("auto")));
    parser.addPositionalArgument(QStringLiteral("OLD"), QStringLiteral("The snapshot file of the old state."), QStringLiteral("OLD"));
    parser.addPositionalArgument(QStringLiteral("NEW"), QStringLiteral("The snapshot file of the new state."), QStringLiteral("NEW"));
}

int DiffCommand::run(const QCommandLineParser &parser, const QStringList &arguments,
                     const Console &console) const
{
    if (arguments.size() != 2) {
        console.err << "provtree diff: give exactly two files, OLD and NEW (see provtree diff --help)\n";
        return kExitUsage;
    }
    const QString when = parser.value(kColor);
    if (when != QLatin1String("auto") && when != QLatin1String("always") && when != QLatin1String("never")) {
        console.err << "provtree diff: --color takes auto, always or never (see provtree diff --help)\n";
        return kExitUsage;
    }
    const auto before = load(arguments.at(0), console);
    const auto after = load(arguments.at(1), console);
    if (!before || !after)
        return kExitUnreadable; // diff(1): trouble is 2

    const bool json = parser.isSet(QStringLiteral("json"));
    const TreeDiff diff = TreeDiff::compute(*before, *after, !json);
    if (json) {
        console.out << terminalSafeJson(serialisePatch(diff));
    } else {
        const bool colour = when == QLatin1String("always")
            || (when == QLatin1String("auto") && ::isatty(::fileno(stdout)) == 1);
        writeText(console.out, diff, colour);
    }
    return diff.isEmpty() ? kExitOk : kExitInvalid;
}

void DiffCommand::writeText(QTextStream &out, const TreeDiff &diff, bool colour)
{
    if (diff.providers().isEmpty()) {
        out << "no differences\n";
        return;
    }
    TextReport(out, diff, colour).write();
}

} // namespace provtree::cli
