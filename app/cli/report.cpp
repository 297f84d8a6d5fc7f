#include "report.h"

#include "command.h"
#include "neutralise.h"
#include "snapshotreader.h"

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
    return displayPath(path) + QStringLiteral(": ") + problem.toString();
}

QJsonObject problemJson(const QString &path, const Problem &problem)
{
    return QJsonObject{
        {QStringLiteral("file"), path},
        {QStringLiteral("severity"), problem.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
        {QStringLiteral("kind"), kindName(problem.kind)},
        {QStringLiteral("location"), problem.location},
        {QStringLiteral("provider"), problem.provider},
        {QStringLiteral("field"), problem.field},
        {QStringLiteral("message"), problem.message},
    };
}

void writeJson(QTextStream &out, const QJsonValue &json)
{
    const QJsonDocument document = json.isArray() ? QJsonDocument(json.toArray()) : QJsonDocument(json.toObject());
    out << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

} // namespace provtree::cli
