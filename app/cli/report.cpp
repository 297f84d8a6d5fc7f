#include "report.h"

#include "command.h"
#include "neutralise.h"
#include "snapshotreader.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace provtree::cli {

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"), QStringLiteral("Prints JSON instead of text."));
}

QString displayPath(const QString &path)
{
    return neutralisedIfNeeded(path);
}

int exitCodeFor(const Status &status)
{
    if (status.ok())
        return kExitOk;
    const Problems errors = status.errors();
    return std::any_of(errors.cbegin(), errors.cend(), [](const Problem &p) { return isUnreadable(p); })
        ? kExitUnreadable
        : kExitInvalid;
}

QString problemLine(const QString &path, const Problem &problem)
{
    const QString position = problem.position();
    if (position.isEmpty())
        return displayPath(path) + QStringLiteral(": ") + problem.toString();
    // The position goes where compilers put it; a syntax error's location, which is that
    // position, is not repeated.
    Problem rest = problem;
    rest.line = rest.column = 0;
    if (rest.location == position)
        rest.location.clear();
    return displayPath(path) + QLatin1Char(':') + position + QStringLiteral(": ") + rest.toString();
}

QJsonObject problemJson(const QString &path, const Problem &problem)
{
    const auto known = [](qsizetype n) { return n > 0 ? QJsonValue(n) : QJsonValue(); };
    return QJsonObject{
        {QStringLiteral("file"), path},
        {QStringLiteral("severity"), problem.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
        {QStringLiteral("kind"), kindName(problem.kind)},
        {QStringLiteral("location"), problem.location},
        {QStringLiteral("line"), known(problem.line)},
        {QStringLiteral("column"), known(problem.line > 0 ? problem.column : 0)},
        {QStringLiteral("provider"), problem.provider},
        {QStringLiteral("provider_name"), problem.providerName},
        {QStringLiteral("field"), problem.field},
        {QStringLiteral("message"), problem.message},
    };
}

Problems namedAfter(Problems problems, const QList<ProviderData> &records)
{
    if (problems.isEmpty())
        return problems;
    QHash<QString, QString> names;
    names.reserve(records.size());
    for (const ProviderData &record : records)
        names.insert(record.uuid, record.name);
    for (Problem &p : problems) {
        if (p.providerName.isEmpty())
            p.providerName = names.value(p.provider);
    }
    return problems;
}

void writeJson(QTextStream &out, const QJsonValue &json)
{
    const QJsonDocument document = json.isArray() ? QJsonDocument(json.toArray()) : QJsonDocument(json.toObject());
    out << terminalSafeJson(document.toJson(QJsonDocument::Indented));
}

QString terminalSafeJson(const QByteArray &json)
{
    const QString text = QString::fromUtf8(json);
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size();) {
        const bool pair = text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate();
        const char32_t c = pair ? QChar::surrogateToUcs4(text[i], text[i + 1]) : text[i].unicode();
        const qsizetype units = pair ? 2 : 1;
        // Below DEL only whitespace between tokens is left: the writer escaped the rest.
        // JSON outside strings is ASCII, so anything escaped here is inside a string: one
        // \u escape per UTF-16 unit, as JSON spells characters beyond the BMP.
        if (c < 0x7f || !needsEscape(c)) {
            out += text.sliced(i, units);
        } else {
            for (qsizetype j = i; j < i + units; ++j)
                out += QStringLiteral("\\u%1").arg(uint(text[j].unicode()), 4, 16, QLatin1Char('0'));
        }
        i += units;
    }
    return out;
}

} // namespace provtree::cli
