#pragma once

#include "problem.h"
#include "secret.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <optional>

namespace provtree {

// Placement's database as `[placement_database] connection` in placement.conf names it: an
// SQLAlchemy URL, `dialect[+driver]://[user[:password]@][host][:port]/database[?key=value&...]`,
// so that operators can paste theirs. Parsed as SQLAlchemy 1.4 does (its _parse_url): the
// user and the password are percent-decoded, the query too; the database name is taken as
// written; a `@` or `:` inside a password must be written %40 / %3A.
//
// Dialects: `mysql` and `mariadb` (any driver: pymysql, mysqldb, ...) read through Qt's
// QMYSQL driver (libqt6sql6-mysql), with `?unix_socket=PATH`; `postgresql` (any driver)
// through QPSQL (libqt6sql6-psql), with `?host=DIR` for a socket folder; `sqlite` through
// QSQLITE: `sqlite:////abs/path.db` (four slashes) is an absolute path, `sqlite:///rel.db`
// one relative to the working folder; an in-memory `sqlite://` is refused.
//
// A plain value. The password is a Secret: nothing here ever prints it; redacted() is the
// URL for people, files and logs.
struct DatabaseUrl
{
    enum class Dialect { MySql, PostgreSql, Sqlite };

    Dialect dialect = Dialect::Sqlite;
    QString scheme;   // as written: "mysql+pymysql", "sqlite", ...
    QString user;     // decoded; empty: none
    Secret password;  // decoded; empty: none given in the URL
    QString host;     // empty: the driver's default (MySQL: localhost)
    int port = -1;    // -1: the driver's default
    QString database; // the schema name, or for SQLite the file's path (absolute or relative)
    QMap<QString, QString> query; // decoded; unix_socket, charset, host, ...

    // Errors (Configuration): not `dialect[+driver]://...`, a dialect other than the three
    // above, a port that is not a number, no database name, an in-memory SQLite database.
    [[nodiscard]] static Result<DatabaseUrl> parse(const QString &text);

    // The Qt SQL driver that reads this dialect: "QMYSQL", "QPSQL" or "QSQLITE".
    [[nodiscard]] QString qtDriver() const;
    // For people: "MySQL/MariaDB", "PostgreSQL", "SQLite".
    [[nodiscard]] QString dialectName() const;
    // Debian's package of that Qt SQL driver: "libqt6sql6-mysql", ...
    [[nodiscard]] QString driverPackage() const;
    // The URL without user and password, for messages, logs and a snapshot's origin:
    // "mysql+pymysql://db.example:3306/placement?charset=utf8", "sqlite:////srv/placement.db".
    [[nodiscard]] QString redacted() const;
    // The URL with the user but without the password, to remember and offer again:
    // "mysql+pymysql://reader@db.example:3306/placement?charset=utf8".
    [[nodiscard]] QString withoutPassword() const;
    // Whether the dialect authenticates with a password (SQLite does not).
    [[nodiscard]] bool takesPassword() const { return dialect != Dialect::Sqlite; }

private:
    [[nodiscard]] QString address(const QString &userPart) const;
};

// The environment variable a database password may come from when the URL has none.
inline constexpr const char *kDatabasePasswordVariable = "PROVTREE_DB_PASSWORD";

// Fills in the password when the URL has none and the dialect takes one: the URL's first,
// then `PROVTREE_DB_PASSWORD` from `env`, then `prompt` (if given; it returns nothing when it
// cannot ask, e.g. stdin is no terminal, or the user gave none). No password at all is
// allowed: the server may accept the user without one (or refuse it: Unauthorized then).
[[nodiscard]] DatabaseUrl withPassword(DatabaseUrl url, const QProcessEnvironment &env,
                                       const std::function<std::optional<Secret>()> &prompt = {});

} // namespace provtree
