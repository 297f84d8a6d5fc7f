#include "pushplantext.h"

#include "neutralise.h"
#include "pushplan.h"

#include <QJsonObject>
#include <QStringList>

namespace provtree {

namespace pushplantext {

QString generationNote()
{
    return QStringLiteral(
        "<generation of P> is filled in when the call is sent: P's generation as pulled (0 for a "
        "provider this push creates), then the one Placement answers to each write of this push. If "
        "someone else changed P meanwhile, Placement answers 409 (placement.concurrent_update) and the "
        "push stops there.");
}

QString unguardedNote()
{
    return QStringLiteral(
        "Placement guards no rename, move or delete of a provider (PUT and DELETE "
        "/resource_providers/{uuid}) with a generation: each is preceded by a GET that must still show "
        "the generation, name and parent this plan expects, else the push stops there. A change made "
        "between that GET and the call is not detected.");
}

QString oldAggregatesNote(int microversionMinor)
{
    return QStringLiteral(
               "At microversion 1.%1 Placement writes aggregates without a generation (that came with "
               "1.19) and leaves the provider's generation as it is: each aggregates call is preceded by "
               "a check of the provider, and an aggregates change someone else makes meanwhile is not "
               "detected.")
        .arg(microversionMinor);
}

QString temporaryNameNote(const QString &provider, const QString &temporary, const QString &finalName)
{
    const QString then = finalName.isEmpty() ? QStringLiteral("it is deleted later in this push")
                                             : QStringLiteral("it gets its name %1 later in this push").arg(finalName);
    return QStringLiteral("Provider %1 is renamed to %2 for a while, because names of this push wait on "
                          "each other in a cycle (two providers swapping names, for instance); %3.")
        .arg(provider, temporary, then);
}

} // namespace pushplantext

namespace {

// Code points that could end, fake or hide a line, as JSON escapes (\uXXXX per UTF-16
// unit): the text stays the same JSON.
QString escapedForDisplay(const QString &json)
{
    QString out;
    out.reserve(json.size());
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QChar c = json[i];
        char32_t codePoint = c.unicode();
        qsizetype units = 1;
        if (c.isHighSurrogate() && i + 1 < json.size() && json[i + 1].isLowSurrogate()) {
            codePoint = QChar::surrogateToUcs4(c, json[i + 1]);
            units = 2;
        }
        if (needsEscape(codePoint)) {
            for (qsizetype u = 0; u < units; ++u)
                out += QStringLiteral("\\u%1").arg(uint(json[i + u].unicode()), 4, 16, QLatin1Char('0'));
        } else {
            out += QStringView(json).sliced(i, units);
        }
        i += units - 1;
    }
    return out;
}

// The body as indented JSON, the generation the executor adds as a placeholder.
QStringList bodyLines(const PlannedCall &call)
{
    // Split first: the line breaks of the indentation are the text's own (a line break in a
    // JSON string is written as \n already).
    QStringList lines = QString::fromUtf8(call.request.body->toJson(QJsonDocument::Indented))
                            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (QString &line : lines)
        line = escapedForDisplay(line);
    if (call.sendsGeneration && call.request.body->isObject() && !lines.isEmpty()) {
        const bool more = !call.request.body->object().isEmpty();
        lines.insert(1, QStringLiteral("    \"resource_provider_generation\": <generation of %1>%2")
                            .arg(neutralised(call.providerName), more ? QStringLiteral(",") : QString()));
    }
    return lines;
}

} // namespace

QString PushPlan::toText() const
{
    QString out;
    if (calls.isEmpty())
        out += QStringLiteral("Nothing to push: Placement shows this state already.\n");
    else
        out += QStringLiteral("%1 %2 at microversion 1.%3:\n")
                   .arg(QString::number(calls.size()),
                        calls.size() == 1 ? QStringLiteral("call") : QStringLiteral("calls"),
                        QString::number(microversionMinor));
    const qsizetype width = QString::number(calls.size()).size();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const PlannedCall &call = calls[i];
        const QString number = QString::number(i + 1).rightJustified(width) + QStringLiteral(". ");
        const QString indent(number.size(), QLatin1Char(' '));
        out += number + QString::fromLatin1(call.request.method) + QLatin1Char(' ')
               + neutralisedIfNeeded(call.request.path) + QLatin1Char('\n');
        out += indent + call.summary + QLatin1Char('\n');
        if (call.request.body) {
            for (const QString &line : bodyLines(call))
                out += indent + line + QLatin1Char('\n');
        }
    }
    if (!notes.isEmpty()) {
        out += QStringLiteral("\nNotes:\n");
        for (const QString &note : notes)
            out += QStringLiteral("- ") + note + QLatin1Char('\n');
    }
    return out;
}

} // namespace provtree
