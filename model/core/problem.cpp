#include "problem.h"

#include "neutralise.h"

#include <QStringBuilder>

#include <algorithm>

namespace provtree {

QString kindName(ProblemKind kind)
{
    switch (kind) {
    case ProblemKind::InvalidUuid: return QStringLiteral("invalid-uuid");
    case ProblemKind::InvalidName: return QStringLiteral("invalid-name");
    case ProblemKind::InvalidGeneration: return QStringLiteral("invalid-generation");
    case ProblemKind::InvalidResourceClass: return QStringLiteral("invalid-resource-class");
    case ProblemKind::InvalidInventory: return QStringLiteral("invalid-inventory");
    case ProblemKind::InvalidUsage: return QStringLiteral("invalid-usage");
    case ProblemKind::InvalidTrait: return QStringLiteral("invalid-trait");
    case ProblemKind::InvalidAggregate: return QStringLiteral("invalid-aggregate");
    case ProblemKind::DuplicateUuid: return QStringLiteral("duplicate-uuid");
    case ProblemKind::DuplicateName: return QStringLiteral("duplicate-name");
    case ProblemKind::UnknownProvider: return QStringLiteral("unknown-provider");
    case ProblemKind::UnknownParent: return QStringLiteral("unknown-parent");
    case ProblemKind::Cycle: return QStringLiteral("cycle");
    case ProblemKind::GenerationConflict: return QStringLiteral("generation-conflict");
    case ProblemKind::ConcurrentChange: return QStringLiteral("concurrent-change");
    case ProblemKind::InventoryInUse: return QStringLiteral("inventory-in-use");
    case ProblemKind::ProviderInUse: return QStringLiteral("provider-in-use");
    case ProblemKind::OutOfMemory: return QStringLiteral("out-of-memory");
    case ProblemKind::Syntax: return QStringLiteral("syntax");
    case ProblemKind::Io: return QStringLiteral("io");
    case ProblemKind::Unreachable: return QStringLiteral("unreachable");
    case ProblemKind::Unauthorized: return QStringLiteral("unauthorized");
    case ProblemKind::Forbidden: return QStringLiteral("forbidden");
    case ProblemKind::NotFound: return QStringLiteral("not-found");
    case ProblemKind::ServerError: return QStringLiteral("server-error");
    case ProblemKind::Refused: return QStringLiteral("refused");
    case ProblemKind::Cancelled: return QStringLiteral("cancelled");
    case ProblemKind::Configuration: return QStringLiteral("configuration");
    }
    return QStringLiteral("unknown");
}

namespace {

// How a provider is named in a line: as it is when harmless and short, else quoted,
// escaped and cut (a name from a broken file may be of any length).
QString shownName(const QString &name)
{
    constexpr qsizetype kMaxPlainName = 80;
    return name.size() <= kMaxPlainName ? neutralisedIfNeeded(name) : neutralised(name, kMaxPlainName);
}

// The length of the location's first step that is an index into an array of records,
// "$.providers[21]", or 0 when it starts otherwise.
qsizetype recordStepLength(const QString &location)
{
    if (!location.startsWith(QLatin1String("$.")))
        return 0;
    const qsizetype open = location.indexOf(QLatin1Char('['));
    const qsizetype close = location.indexOf(QLatin1Char(']'));
    if (open < 3 || close < open + 2)
        return 0;
    for (qsizetype i = 2; i < open; ++i) {
        const QChar c = location.at(i);
        if (!(c == u'_' || (c.unicode() < 0x80 && c.isLetterOrNumber())))
            return 0;
    }
    for (qsizetype i = open + 1; i < close; ++i) {
        if (!location.at(i).isDigit() || location.at(i).unicode() >= 0x80)
            return 0;
    }
    return close + 1;
}

} // namespace

QString Problem::position() const
{
    if (line <= 0)
        return {};
    return QString::number(line) + QLatin1Char(':') + QString::number(qMax<qsizetype>(column, 1));
}

QString Problem::where() const
{
    const QString &who = providerName.isEmpty() ? provider : providerName;
    if (!location.isEmpty()) {
        const qsizetype record = who.isEmpty() ? 0 : recordStepLength(location);
        if (record == 0)
            return neutralisedIfNeeded(location);
        return neutralisedIfNeeded(QStringView(location).first(record)) % QStringLiteral(" (")
            % shownName(who) % QLatin1Char(')') % neutralisedIfNeeded(QStringView(location).sliced(record));
    }
    if (who.isEmpty())
        return neutralisedIfNeeded(field);
    QString place = QStringLiteral("provider ") % shownName(who);
    if (!providerName.isEmpty() && !provider.isEmpty() && provider != providerName)
        place += QStringLiteral(" (") % neutralisedIfNeeded(provider) % QLatin1Char(')');
    if (!field.isEmpty())
        place += QStringLiteral(", ") % neutralisedIfNeeded(field);
    return place;
}

QString Problem::text() const
{
    QString place = where();
    // A syntax error's location is its position already.
    if (const QString at = position(); !at.isEmpty() && at != location)
        place = place.isEmpty() ? at : at % QStringLiteral(": ") % place;
    // The message is neutralised where it is made; this keeps a slip there from printing.
    const QString safeMessage = neutralisedIfNeeded(message);
    return place.isEmpty() ? safeMessage : place % QStringLiteral(": ") % safeMessage;
}

QString Problem::toString() const
{
    return (isError() ? QStringLiteral("error: ") : QStringLiteral("warning: ")) + text();
}

Problem makeError(ProblemKind kind, QString message, QString provider, QString field)
{
    return Problem{Severity::Error, kind, std::move(provider), std::move(field), {}, std::move(message)};
}

Problem makeWarning(ProblemKind kind, QString message, QString provider, QString field)
{
    return Problem{Severity::Warning, kind, std::move(provider), std::move(field), {},
                   std::move(message)};
}

bool Status::ok() const
{
    return std::none_of(m_problems.cbegin(), m_problems.cend(),
                        [](const Problem &p) { return p.isError(); });
}

Problems Status::errors() const
{
    Problems result;
    std::copy_if(m_problems.cbegin(), m_problems.cend(), std::back_inserter(result),
                 [](const Problem &p) { return p.isError(); });
    return result;
}

Problems Status::warnings() const
{
    Problems result;
    std::copy_if(m_problems.cbegin(), m_problems.cend(), std::back_inserter(result),
                 [](const Problem &p) { return !p.isError(); });
    return result;
}

Problem Status::firstError() const
{
    const auto it = std::find_if(m_problems.cbegin(), m_problems.cend(),
                                 [](const Problem &p) { return p.isError(); });
    return it == m_problems.cend() ? Problem{} : *it;
}

} // namespace provtree
