#include "databaseurl.h"

#include "neutralise.h"

#include <QRegularExpression>
#include <QUrl>

namespace provtree {

namespace {

// SQLAlchemy 1.4's pattern (sqlalchemy/engine/url.py, _parse_rfc1738_args), as a QRegularExpression.
const QRegularExpression &sqlalchemyPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(?<name>[\w+]+)://)"
                                                           R"((?:(?<username>[^:/]*)(?::(?<password>[^@]*))?@)?)"
                                                           R"((?:(?:\[(?<ipv6host>[^/?]+)\]|(?<ipv4host>[^/:?]+))?)"
                                                           R"((?::(?<port>[^/?]*))?)?)"
                                                           R"((?:/(?<database>[^?]*))?)"
                                                           R"((?:\?(?<query>.*))?)"),
                                            QRegularExpression::DotMatchesEverythingOption);
    return pattern;
}

QString unquote(const QString &text)
{
    return QUrl::fromPercentEncoding(text.toUtf8());
}

// urllib's parse_qsl: '&'-separated key=value pairs, '+' is a space, then percent-decoded.
QMap<QString, QString> parseQuery(const QString &query)
{
    QMap<QString, QString> items;
    for (const QString &pair : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        const auto decoded = [](QString part) { return unquote(part.replace(QLatin1Char('+'), QLatin1Char(' '))); };
        if (equals > 0)
            items.insert(decoded(pair.left(equals)), decoded(pair.mid(equals + 1)));
    }
    return items;
}

std::optional<DatabaseUrl::Dialect> dialectOf(const QString &scheme)
{
    const QString dialect = scheme.section(QLatin1Char('+'), 0, 0).toLower();
    if (dialect == QLatin1String("mysql") || dialect == QLatin1String("mariadb"))
        return DatabaseUrl::Dialect::MySql;
    if (dialect == QLatin1String("postgresql"))
        return DatabaseUrl::Dialect::PostgreSql;
    if (dialect == QLatin1String("sqlite"))
        return DatabaseUrl::Dialect::Sqlite;
    return std::nullopt;
}

Problem badUrl(const QString &why)
{
    // Never the URL itself: it may hold the password.
    return makeError(ProblemKind::Configuration, QStringLiteral("the database URL %1 (expected SQLAlchemy's form, "
                                                                "e.g. mysql+pymysql://USER:PASSWORD@HOST/placement)")
                                                     .arg(why));
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    const QRegularExpressionMatch match = sqlalchemyPattern().match(text.trimmed());
    if (!match.hasMatch())
        return badUrl(QStringLiteral("is not dialect://..."));
    DatabaseUrl url;
    url.scheme = match.captured(u"name");
    const auto dialect = dialectOf(url.scheme);
    if (!dialect)
        return badUrl(QStringLiteral("names the dialect %1; provtree reads mysql, mariadb, postgresql and sqlite")
                          .arg(neutralisedIfNeeded(url.scheme.section(QLatin1Char('+'), 0, 0))));
    url.dialect = *dialect;
    url.user = unquote(match.captured(u"username"));
    if (match.hasCaptured(u"password"))
        url.password = Secret(unquote(match.captured(u"password")));
    url.host = match.captured(u"ipv4host");
    if (url.host.isEmpty())
        url.host = match.captured(u"ipv6host");
    if (const QString port = match.captured(u"port"); !port.isEmpty()) {
        bool ok = false;
        url.port = port.toInt(&ok);
        if (!ok || url.port <= 0 || url.port > 65535)
            return badUrl(QStringLiteral("has a port that is not a number from 1 to 65535"));
    }
    url.database = match.captured(u"database");
    url.query = parseQuery(match.captured(u"query"));
    if (url.database.isEmpty())
        return badUrl(url.dialect == Dialect::Sqlite ? QStringLiteral("names an in-memory SQLite database (no file)")
                                                     : QStringLiteral("names no database"));
    return url;
}

namespace {
struct DialectFacts
{
    const char *qtDriver;
    const char *name;
    const char *package; // Debian's package of the Qt SQL driver
};

DialectFacts factsOf(DatabaseUrl::Dialect dialect)
{
    switch (dialect) {
    case DatabaseUrl::Dialect::MySql:
        return {"QMYSQL", "MySQL/MariaDB", "libqt6sql6-mysql"};
    case DatabaseUrl::Dialect::PostgreSql:
        return {"QPSQL", "PostgreSQL", "libqt6sql6-psql"};
    case DatabaseUrl::Dialect::Sqlite:
        break;
    }
    return {"QSQLITE", "SQLite", "libqt6sql6-sqlite"};
}
} // namespace

QString DatabaseUrl::qtDriver() const
{
    return QString::fromLatin1(factsOf(dialect).qtDriver);
}

QString DatabaseUrl::dialectName() const
{
    return QString::fromLatin1(factsOf(dialect).name);
}

QString DatabaseUrl::driverPackage() const
{
    return QString::fromLatin1(factsOf(dialect).package);
}

QString DatabaseUrl::redacted() const
{
    return address({});
}

QString DatabaseUrl::withoutPassword() const
{
    // Encoded as SQLAlchemy decodes it: ':', '@' and '/' would end the user name.
    return address(user.isEmpty() ? QString() : QString::fromLatin1(QUrl::toPercentEncoding(user)) + QLatin1Char('@'));
}

QString DatabaseUrl::address(const QString &userPart) const
{
    QString text = scheme + QStringLiteral("://") + userPart;
    text += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    if (port > 0)
        text += QLatin1Char(':') + QString::number(port);
    text += QLatin1Char('/') + database;
    QStringList items;
    for (auto it = query.cbegin(); it != query.cend(); ++it)
        items.append(QString::fromLatin1(QUrl::toPercentEncoding(it.key())) + QLatin1Char('=')
                     + QString::fromLatin1(QUrl::toPercentEncoding(it.value(), "/")));
    if (!items.isEmpty())
        text += QLatin1Char('?') + items.join(QLatin1Char('&'));
    return text;
}

DatabaseUrl withPassword(DatabaseUrl url, const QProcessEnvironment &env,
                         const std::function<std::optional<Secret>()> &prompt)
{
    if (!url.takesPassword() || !url.password.isEmpty())
        return url;
    if (const QString fromEnv = env.value(QString::fromLatin1(kDatabasePasswordVariable)); !fromEnv.isEmpty()) {
        url.password = Secret(fromEnv);
        return url;
    }
    if (prompt) {
        if (std::optional<Secret> typed = prompt())
            url.password = std::move(*typed);
    }
    return url;
}

} // namespace provtree
