#include "clouddocument.h"

#include "neutralise.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

namespace provtree {

namespace {

// A clouds.yaml has tens of values. YAML aliases can make a small file expand
// exponentially ("billion laughs"); a file from the current folder is not necessarily the
// user's own, so the expansion is bounded.
constexpr int kMaxValues = 100000;

// Keys as openstacksdk's normalize_keys() sees them.
QString normalisedKey(const QString &key)
{
    QString normal = key;
    normal.replace(QLatin1Char('-'), QLatin1Char('_'));
    return normal;
}

// The keys of clouds: are the clouds' names, which openstacksdk takes as written.
bool namesClouds(const QStringList &path)
{
    return path.size() == 1 && path.first() == QLatin1String("clouds");
}

QString place(const QString &file, const YAML::Mark &mark)
{
    return QStringLiteral("%1:%2:%3").arg(file, QString::number(mark.line + 1), QString::number(mark.column + 1));
}

Problem fileError(const QString &location, const QString &message)
{
    Problem problem = makeError(ProblemKind::Configuration, message);
    problem.location = location;
    return problem;
}

// YAML (PyYAML's safe_load, YAML 1.1) to QVariant.
class YamlConverter
{
public:
    YamlConverter(QString file, QHash<QString, QString> *locations)
        : m_file(std::move(file)), m_locations(locations)
    {
    }

    // `node` at `path`; `mark` is where it is written: its key's place, for a value in a map.
    QVariant convert(const YAML::Node &node, QStringList &path, const YAML::Mark &mark)
    {
        if (++m_values > kMaxValues)
            throw YAML::Exception(node.Mark(), "more than 100000 values (aliases expanding?)");
        m_locations->insert(CloudDocument::pathKey(path), place(m_file, mark));
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return {};
        case YAML::NodeType::Scalar:
            return scalar(node);
        case YAML::NodeType::Sequence: {
            QVariantList list;
            for (qsizetype i = 0; i < qsizetype(node.size()); ++i) {
                path.append(QString::number(i));
                const YAML::Node item = node[std::size_t(i)];
                list.append(convert(item, path, item.Mark()));
                path.removeLast();
            }
            return list;
        }
        case YAML::NodeType::Map: {
            QVariantMap map;
            for (const auto &entry : node) {
                if (!entry.first.IsScalar())
                    throw YAML::Exception(entry.first.Mark(), "a key must be text");
                const QString written = QString::fromStdString(entry.first.Scalar());
                const QString key = namesClouds(path) ? written : normalisedKey(written);
                path.append(key);
                const QVariant value = convert(entry.second, path, entry.first.Mark());
                path.removeLast();
                if (value.isValid())
                    map.insert(key, value); // a duplicate key: the last wins, as in PyYAML
            }
            return map;
        }
        }
        return {};
    }

private:
    static QVariant scalar(const YAML::Node &node)
    {
        const QString text = QString::fromStdString(node.Scalar());
        if (node.Tag() != "?")
            return text; // quoted or tagged: text as written
        // PyYAML's booleans (YAML 1.1 without y/n).
        static const QStringList yes{QStringLiteral("yes"), QStringLiteral("true"), QStringLiteral("on")};
        static const QStringList no{QStringLiteral("no"), QStringLiteral("false"), QStringLiteral("off")};
        const bool oneCase = text == text.toLower() || text == text.toUpper()
                             || (text.size() > 1 && text.mid(1) == text.mid(1).toLower() && text[0].isUpper());
        if (oneCase && yes.contains(text.toLower()))
            return true;
        if (oneCase && no.contains(text.toLower()))
            return false;
        return text;
    }

    QString m_file;
    QHash<QString, QString> *m_locations; // Not owned.
    int m_values = 0;
};

// JSON values as openstacksdk sees them after normalize_keys(): numbers as text.
QVariant fromJson(const QVariant &value, QStringList &path)
{
    switch (value.typeId()) {
    case QMetaType::QVariantMap: {
        QVariantMap map;
        const QVariantMap in = value.toMap();
        for (auto it = in.begin(); it != in.end(); ++it) {
            const QString key = namesClouds(path) ? it.key() : normalisedKey(it.key());
            path.append(key);
            const QVariant converted = fromJson(it.value(), path);
            path.removeLast();
            if (converted.isValid())
                map.insert(key, converted);
        }
        return map;
    }
    case QMetaType::QVariantList: {
        QVariantList list;
        for (const QVariant &item : value.toList()) {
            path.append(QString::number(list.size()));
            list.append(fromJson(item, path));
            path.removeLast();
        }
        return list;
    }
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Double: {
        const double number = value.toDouble();
        if (std::trunc(number) == number && std::abs(number) < 1e15)
            return QString::number(qint64(number));
        return QString::number(number);
    }
    case QMetaType::Bool:
    case QMetaType::QString:
        return value;
    default:
        return {}; // null
    }
}

Result<QVariantMap> parseYaml(const QString &file, const QByteArray &bytes, QHash<QString, QString> *locations)
{
    try {
        const YAML::Node root = YAML::Load(bytes.toStdString());
        if (root.IsNull())
            return QVariantMap{}; // an empty file, as PyYAML's None
        if (!root.IsMap())
            return fileError(place(file, root.Mark()),
                             QStringLiteral("the top level of %1 must be a mapping (clouds: ...)").arg(neutralisedIfNeeded(file)));
        QStringList path;
        return YamlConverter(file, locations).convert(root, path, root.Mark()).toMap();
    } catch (const YAML::Exception &error) {
        return fileError(error.mark.is_null() ? file : place(file, error.mark),
                         QStringLiteral("%1 is not valid YAML: %2")
                             .arg(neutralisedIfNeeded(file), neutralised(QString::fromStdString(error.msg), 200)));
    }
}

Result<QVariantMap> parseJson(const QString &file, const QByteArray &bytes, QHash<QString, QString> *locations)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        const QByteArray before = bytes.left(error.offset);
        const qsizetype line = before.count('\n') + 1;
        // Qt's offset is just past the character it could not take.
        const qsizetype column = std::max<qsizetype>(1, error.offset - (before.lastIndexOf('\n') + 1));
        return fileError(QStringLiteral("%1:%2:%3").arg(file, QString::number(line), QString::number(column)),
                         QStringLiteral("%1 is not valid JSON: %2").arg(neutralisedIfNeeded(file), error.errorString()));
    }
    if (!document.isObject())
        return fileError(file, QStringLiteral("the top level of %1 must be an object").arg(neutralisedIfNeeded(file)));
    locations->insert(CloudDocument::pathKey({}), file);
    QStringList path;
    return fromJson(document.object().toVariantMap(), path).toMap();
}

struct FileRead
{
    QString file;
    QVariantMap content;
};

// openstacksdk's _load_yaml_json_file: the first candidate that exists; one that cannot be
// opened is skipped (it catches IOError and goes on).
Result<FileRead> readFirst(const QStringList &candidates, QHash<QString, QString> *locations)
{
    Problems warnings;
    for (const QString &candidate : candidates) {
        if (!QFileInfo::exists(candidate))
            continue;
        QFile file(candidate);
        if (QFileInfo(candidate).isDir() || !file.open(QIODevice::ReadOnly)) {
            warnings.append(makeWarning(ProblemKind::Configuration,
                                        QStringLiteral("%1 exists but cannot be read (%2): skipped")
                                            .arg(neutralisedIfNeeded(candidate),
                                                 QFileInfo(candidate).isDir() ? QStringLiteral("a folder")
                                                                              : file.errorString())));
            continue;
        }
        const QByteArray bytes = file.readAll();
        Result<QVariantMap> parsed = candidate.endsWith(QLatin1String("json"))
                                         ? parseJson(candidate, bytes, locations)
                                         : parseYaml(candidate, bytes, locations);
        if (!parsed.ok()) {
            Status failure = parsed.status();
            failure.append(warnings);
            return failure;
        }
        return {FileRead{candidate, parsed.value()}, warnings};
    }
    return {FileRead{}, warnings};
}

QVariant valueAt(const QVariantMap &root, const QStringList &path)
{
    QVariant value = root;
    for (const QString &key : path)
        value = value.toMap().value(key);
    return value;
}

} // namespace

QString CloudDocument::pathKey(const QStringList &path)
{
    return path.join(QChar(0x1f)); // a separator no key contains in practice
}

QString CloudDocument::locationOf(const QStringList &path) const
{
    for (qsizetype length = path.size(); length >= 0; --length) {
        const auto found = locations.constFind(pathKey(path.first(length)));
        if (found != locations.constEnd())
            return *found;
    }
    return cloudsFile.isEmpty() ? secureFile : cloudsFile;
}

QVariantMap mergedDeeply(QVariantMap base, const QVariantMap &overlay)
{
    for (auto it = overlay.begin(); it != overlay.end(); ++it) {
        const auto existing = base.constFind(it.key());
        if (it.value().typeId() == QMetaType::QVariantMap && existing != base.constEnd()
            && existing->typeId() == QMetaType::QVariantMap)
            base.insert(it.key(), mergedDeeply(existing->toMap(), it.value().toMap()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

Result<CloudDocument> readCloudDocument(const QStringList &clouds, const QStringList &secure)
{
    CloudDocument document;
    QHash<QString, QString> secureLocations;
    Result<FileRead> cloudsRead = readFirst(clouds, &document.locations);
    if (!cloudsRead.ok())
        return cloudsRead.status();
    Result<FileRead> secureRead = readFirst(secure, &secureLocations);
    if (!secureRead.ok())
        return secureRead.status();
    document.cloudsFile = cloudsRead.value().file;
    document.secureFile = secureRead.value().file;
    document.root = mergedDeeply(cloudsRead.value().content, secureRead.value().content);
    // A value secure.yaml sets is found there; a map both files have stays where clouds.yaml
    // has it.
    for (auto it = secureLocations.begin(); it != secureLocations.end(); ++it) {
        const bool mapInBoth = document.locations.contains(it.key())
                               && valueAt(document.root, it.key().split(QChar(0x1f))).typeId() == QMetaType::QVariantMap;
        if (!mapInBoth && !it.key().isEmpty())
            document.locations.insert(it.key(), it.value());
    }
    Problems warnings = cloudsRead.problems();
    warnings.append(secureRead.problems());
    return {document, warnings};
}

} // namespace provtree
