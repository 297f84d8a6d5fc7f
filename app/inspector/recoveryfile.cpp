#include "recoveryfile.h"

#include "neutralise.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>

namespace provtree {

namespace {

// A header is a few hundred bytes; a longer first line is not a recovery file's.
constexpr qint64 kMaxHeaderBytes = 64 * 1024;

QString documentKindName(RecoveryInfo::Document document)
{
    switch (document) {
    case RecoveryInfo::Document::File: return QStringLiteral("file");
    case RecoveryInfo::Document::Sample: return QStringLiteral("sample");
    case RecoveryInfo::Document::Untitled: break;
    }
    return QStringLiteral("untitled");
}

std::optional<RecoveryInfo::Document> documentKind(const QString &name)
{
    for (const auto kind : {RecoveryInfo::Document::File, RecoveryInfo::Document::Sample,
                            RecoveryInfo::Document::Untitled}) {
        if (name == documentKindName(kind))
            return kind;
    }
    return std::nullopt;
}

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

Problem headerProblem(const QString &path, const QString &what)
{
    return makeError(ProblemKind::Syntax,
                     QStringLiteral("%1 is not a recovery file: %2").arg(neutralised(path, 200), what));
}

Problem ioProblem(const QString &verb, const QString &path, const QString &reason)
{
    return makeError(ProblemKind::Io, verb + QLatin1Char(' ') + neutralised(path, 200) + QStringLiteral(": ") + reason);
}

QJsonObject headerObject(const RecoveryInfo &info)
{
    QJsonObject document{{QStringLiteral("kind"), documentKindName(info.document)}};
    if (info.document == RecoveryInfo::Document::File) {
        document.insert(QStringLiteral("path"), info.path);
        document.insert(QStringLiteral("modified"), dateText(info.fileModified));
        document.insert(QStringLiteral("size"), info.fileSize);
    }
    return {
        {QStringLiteral("format"), QLatin1String(kRecoveryFormat)},
        {QStringLiteral("version"), kRecoveryVersion},
        {QStringLiteral("written"), dateText(info.written)},
        {QStringLiteral("session"), info.session},
        {QStringLiteral("pid"), info.pid},
        {QStringLiteral("providers"), qint64(info.providers)},
        {QStringLiteral("document"), document},
    };
}

// The header's fields, checked; `path` names the file in problems.
Result<RecoveryInfo> parseHeader(const QByteArray &line, const QString &path)
{
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !json.isObject())
        return headerProblem(path, QStringLiteral("its first line is not a JSON object"));
    const QJsonObject header = json.object();
    if (header.value(QStringLiteral("format")).toString() != QLatin1String(kRecoveryFormat))
        return headerProblem(path, QStringLiteral("format is not \"%1\"").arg(QLatin1String(kRecoveryFormat)));
    if (header.value(QStringLiteral("version")).toInt(-1) != kRecoveryVersion)
        return headerProblem(path, QStringLiteral("version is not %1").arg(kRecoveryVersion));

    RecoveryInfo info;
    info.written = QDateTime::fromString(header.value(QStringLiteral("written")).toString(), Qt::ISODateWithMs);
    info.session = header.value(QStringLiteral("session")).toString();
    info.pid = header.value(QStringLiteral("pid")).toInteger();
    info.providers = qsizetype(header.value(QStringLiteral("providers")).toInteger(-1));
    const QJsonObject document = header.value(QStringLiteral("document")).toObject();
    const std::optional<RecoveryInfo::Document> kind = documentKind(document.value(QStringLiteral("kind")).toString());
    if (!info.written.isValid())
        return headerProblem(path, QStringLiteral("\"written\" is not a date"));
    if (info.providers < 0)
        return headerProblem(path, QStringLiteral("\"providers\" is not a count"));
    if (!kind)
        return headerProblem(path, QStringLiteral("\"document.kind\" is not file, sample or untitled"));
    info.document = *kind;
    if (info.document == RecoveryInfo::Document::File) {
        info.path = document.value(QStringLiteral("path")).toString();
        if (info.path.isEmpty())
            return headerProblem(path, QStringLiteral("\"document.path\" is missing"));
        info.fileModified = QDateTime::fromString(document.value(QStringLiteral("modified")).toString(),
                                                  Qt::ISODateWithMs);
        info.fileSize = document.value(QStringLiteral("size")).toInteger(-1);
    }
    return info;
}

// Opens `path` and reads the header line; `file` stays open after it.
Result<RecoveryInfo> readHeader(QFile &file)
{
    const QString path = file.fileName();
    if (!file.open(QIODevice::ReadOnly))
        return ioProblem(QStringLiteral("cannot read"), path, file.errorString());
    const QByteArray line = file.readLine(kMaxHeaderBytes);
    if (file.error() != QFileDevice::NoError)
        return ioProblem(QStringLiteral("cannot read"), path, file.errorString());
    if (!line.endsWith('\n'))
        return headerProblem(path, QStringLiteral("it has no header line"));
    return parseHeader(line, path);
}

} // namespace

QByteArray encodeRecoveryFile(RecoveryInfo info, const QList<ProviderData> &providers)
{
    info.providers = providers.size();
    // Compact JSON escapes every control character in strings: the header is one line.
    QByteArray bytes = QJsonDocument(headerObject(info)).toJson(QJsonDocument::Compact);
    bytes += '\n';
    bytes += serialiseSnapshot(providers);
    return bytes;
}

Status writeRecoveryFile(const QString &path, const RecoveryInfo &info, const QList<ProviderData> &providers)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioProblem(QStringLiteral("cannot write"), path, file.errorString());
    const QByteArray bytes = encodeRecoveryFile(info, providers);
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return ioProblem(QStringLiteral("cannot write"), path, reason);
    }
    if (!file.commit())
        return ioProblem(QStringLiteral("cannot write"), path, file.errorString());
    return {};
}

Result<RecoveryInfo> readRecoveryInfo(const QString &path)
{
    QFile file(path);
    return readHeader(file);
}

Result<RecoveredState> readRecoveryFile(const QString &path)
{
    QFile file(path);
    Result<RecoveryInfo> info = readHeader(file);
    if (!info.ok())
        return info.status();
    const QByteArray snapshot = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return ioProblem(QStringLiteral("cannot read"), path, file.errorString());
    Result<QList<ProviderData>> providers = parseSnapshot(snapshot);
    if (!providers.ok())
        return providers.status();
    if (providers.value().size() != info.value().providers) {
        return headerProblem(path, QStringLiteral("it holds %1 providers, its header says %2")
                                           .arg(providers.value().size())
                                           .arg(info.value().providers));
    }
    return RecoveredState{info.value(), std::move(providers.value())};
}

} // namespace provtree
