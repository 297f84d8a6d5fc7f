// Reading Placement's database, the parts that need no server: SQLAlchemy URLs as
// placement.conf holds them, where the password comes from, the schema check on small
// SQLite files made here, and a database source's refusal to push. (The reads themselves
// are tested against real Placements in tst_databasepull.)

#include "databaseurl.h"
#include "placementdatabasereader.h"
#include "placementdatabasesource.h"
#include "placementschema.h"
#include "pushoutcome.h"
#include "treediff.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace provtree;

class tst_PlacementDatabase : public QObject
{
    Q_OBJECT

private slots:
    void parsesSqlalchemyUrls_data();
    void parsesSqlalchemyUrls();
    void refusesBadUrlsWithoutEchoingThem_data();
    void refusesBadUrlsWithoutEchoingThem();
    void passwordPrecedence();
    void schemaCheck_data();
    void schemaCheck();
    void readsNothingFromAnUnknownSchema();
    void pushIsRefused();

private:
    [[nodiscard]] QString makeDatabase(const QString &name, const QStringList &statements);

    QTemporaryDir m_dir;
};

void tst_PlacementDatabase::parsesSqlalchemyUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("socket");
    QTest::addColumn<QString>("redacted");

    QTest::newRow("placement.conf's usual") << "mysql+pymysql://placement:s3cret@db.example:3306/placement?charset=utf8"
                                            << "QMYSQL" << "placement" << QByteArray("s3cret") << "db.example" << 3306
                                            << "placement" << "" << "mysql+pymysql://db.example:3306/placement?charset=utf8";
    QTest::newRow("no driver, no port") << "mysql://u:pass-word@db/placement" << "QMYSQL" << "u" << QByteArray("pass-word") << "db"
                                        << -1 << "placement" << "" << "mysql://db/placement";
    QTest::newRow("percent-encoded password") << "mysql+pymysql://u%40x:p%40ss%3Aw%2Fd%25%20%C3%A9@h/placement"
                                              << "QMYSQL" << "u@x" << QByteArray("p@ss:w/d% \xc3\xa9") << "h" << -1
                                              << "placement" << "" << "mysql+pymysql://h/placement";
    QTest::newRow("unix socket") << "mysql+pymysql://placement:pw@/placement?unix_socket=/run/mysqld/mysqld.sock"
                                 << "QMYSQL" << "placement" << QByteArray("pw") << "" << -1 << "placement"
                                 << "/run/mysqld/mysqld.sock"
                                 << "mysql+pymysql:///placement?unix_socket=/run/mysqld/mysqld.sock";
    QTest::newRow("mariadb dialect") << "mariadb+pymysql://u@h:3307/p" << "QMYSQL" << "u" << QByteArray() << "h"
                                     << 3307 << "p" << "" << "mariadb+pymysql://h:3307/p";
    QTest::newRow("postgresql") << "postgresql+psycopg2://placement:pw@pg.example:5432/placement" << "QPSQL"
                                << "placement" << QByteArray("pw") << "pg.example" << 5432 << "placement" << ""
                                << "postgresql+psycopg2://pg.example:5432/placement";
    QTest::newRow("ipv6 host") << "postgresql://u:pass-word@[::1]:5432/placement" << "QPSQL" << "u" << QByteArray("pass-word")
                               << "::1" << 5432 << "placement" << "" << "postgresql://[::1]:5432/placement";
    QTest::newRow("sqlite absolute") << "sqlite:////var/lib/placement/placement.sqlite" << "QSQLITE" << ""
                                     << QByteArray() << "" << -1 << "/var/lib/placement/placement.sqlite" << ""
                                     << "sqlite:////var/lib/placement/placement.sqlite";
    QTest::newRow("sqlite relative, query") << "sqlite:///placement.db?timeout=30" << "QSQLITE" << "" << QByteArray()
                                            << "" << -1 << "placement.db" << "" << "sqlite:///placement.db?timeout=30";
}

void tst_PlacementDatabase::parsesSqlalchemyUrls()
{
    QFETCH(QString, url);
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    QVERIFY2(parsed.ok(), qPrintable(parsed.status().firstError().message));
    const DatabaseUrl &value = parsed.value();
    QTEST(value.qtDriver(), "driver");
    QTEST(value.user, "user");
    QTEST(value.password.reveal(), "password");
    QTEST(value.host, "host");
    QTEST(value.port, "port");
    QTEST(value.database, "database");
    QTEST(value.query.value(QStringLiteral("unix_socket")), "socket");
    QTEST(value.redacted(), "redacted");
    QVERIFY(value.password.isEmpty() || !value.redacted().contains(QString::fromUtf8(value.password.reveal())));
}

void tst_PlacementDatabase::refusesBadUrlsWithoutEchoingThem_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no scheme") << "placement:Secret123@db/placement" << "is not dialect://";
    QTest::newRow("unknown dialect") << "oracle://u:Secret123@db/placement" << "names the dialect oracle";
    QTest::newRow("bad port") << "mysql://u:Secret123@db:port/placement" << "port that is not a number";
    QTest::newRow("port too large") << "mysql://u:Secret123@db:70000/placement" << "port that is not a number";
    QTest::newRow("no database") << "mysql://u:Secret123@db" << "names no database";
    QTest::newRow("sqlite in memory") << "sqlite://" << "in-memory SQLite";
}

void tst_PlacementDatabase::refusesBadUrlsWithoutEchoingThem()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    QVERIFY(!parsed.ok());
    const Problem problem = parsed.status().firstError();
    QCOMPARE(problem.kind, ProblemKind::Configuration);
    QVERIFY2(problem.message.contains(expected), qPrintable(problem.message));
    QVERIFY(!problem.toString().contains(QLatin1String("Secret123")));
}

void tst_PlacementDatabase::passwordPrecedence()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PROVTREE_DB_PASSWORD"), QStringLiteral("from-env"));
    int prompts = 0;
    const auto prompt = [&]() -> std::optional<Secret> {
        ++prompts;
        return Secret(QStringLiteral("typed"));
    };
    const auto parsed = [](const char *url) { return DatabaseUrl::parse(QString::fromLatin1(url)).value(); };
    // The URL's first, then the environment, then the prompt.
    QCOMPARE(withPassword(parsed("mysql://u:in-url@h/p"), env, prompt).password.reveal(), QByteArray("in-url"));
    QCOMPARE(withPassword(parsed("mysql://u@h/p"), env, prompt).password.reveal(), QByteArray("from-env"));
    QCOMPARE(prompts, 0);
    QCOMPARE(withPassword(parsed("mysql://u@h/p"), QProcessEnvironment(), prompt).password.reveal(), QByteArray("typed"));
    QCOMPARE(prompts, 1);
    // No prompt possible (not a terminal): none at all, the server decides.
    QVERIFY(withPassword(parsed("mysql://u@h/p"), QProcessEnvironment(), {}).password.isEmpty());
    QVERIFY(withPassword(parsed("mysql://u@h/p"), QProcessEnvironment(), [] { return std::optional<Secret>(); })
                .password.isEmpty());
    // SQLite takes no password: never asked.
    QVERIFY(withPassword(parsed("sqlite:////tmp/p.db"), env, prompt).password.isEmpty());
    QCOMPARE(prompts, 1);
}

QString tst_PlacementDatabase::makeDatabase(const QString &name, const QStringList &statements)
{
    const QString path = m_dir.filePath(name + QStringLiteral(".db"));
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        database.setDatabaseName(path);
        if (!database.open())
            return {};
        for (const QString &statement : statements) {
            if (!QSqlQuery(database).exec(statement))
                return {};
        }
        database.close();
    }
    QSqlDatabase::removeDatabase(name);
    return path;
}

void tst_PlacementDatabase::schemaCheck_data()
{
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<QString>("expected"); // a revision, or a part of the error message
    const QString tables = QStringLiteral("CREATE TABLE resource_providers (id INTEGER)");
    const QString alembic = QStringLiteral("CREATE TABLE alembic_version (version_num VARCHAR(32))");
    for (const QString &revision : PlacementSchema::knownRevisions())
        QTest::addRow("known %s", qPrintable(revision))
            << QStringList{tables, alembic, QStringLiteral("INSERT INTO alembic_version VALUES ('%1')").arg(revision)}
            << revision;
    QTest::newRow("unknown revision")
        << QStringList{tables, alembic, QStringLiteral("INSERT INTO alembic_version VALUES ('0123456789ab')")}
        << "is at the unknown alembic revision 0123456789ab; provtree reads Placement's schema at the alembic "
           "revisions b4ed3a175331, 611cd6dffd7b, b5c396305c25, 422ece571366, a082b8bb98d0";
    QTest::newRow("no revision") << QStringList{tables, alembic} << "has 0 alembic revisions";
    QTest::newRow("no alembic_version") << QStringList{tables} << "has no Placement tables";
    QTest::newRow("not Placement's") << QStringList{QStringLiteral("CREATE TABLE notes (id INTEGER)")}
                                     << "has no Placement tables";
}

void tst_PlacementDatabase::schemaCheck()
{
    QFETCH(QStringList, statements);
    QFETCH(QString, expected);
    static int databases = 0;
    const QString path = makeDatabase(QStringLiteral("schema%1").arg(++databases), statements);
    QVERIFY(!path.isEmpty());
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
    database.setDatabaseName(path);
    QVERIFY(database.open());
    const Result<QString> checked = PlacementSchema::check(database);
    if (PlacementSchema::knownRevisions().contains(expected)) {
        QVERIFY(checked.ok());
        QCOMPARE(checked.value(), expected);
    } else {
        QVERIFY(!checked.ok());
        QCOMPARE(checked.status().firstError().kind, ProblemKind::ServerError);
        QVERIFY2(checked.status().firstError().message.contains(expected),
                 qPrintable(checked.status().firstError().message));
    }
    database.close();
    database = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

void tst_PlacementDatabase::readsNothingFromAnUnknownSchema()
{
    // Through the whole reader (a connection of its own, read-only): refused before any
    // provider is read, and the file is not changed.
    const QString path = makeDatabase(QStringLiteral("future"),
                                      {QStringLiteral("CREATE TABLE resource_providers (id INTEGER)"),
                                       QStringLiteral("CREATE TABLE alembic_version (version_num VARCHAR(32))"),
                                       QStringLiteral("INSERT INTO alembic_version VALUES ('ffffffffffff')")});
    QVERIFY(!path.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    PlacementDatabaseReader reader(DatabaseUrl::parse(QStringLiteral("sqlite:///") + path).value());
    QList<qsizetype> steps;
    const Result<LoadedTree> read = reader.read({}, true, [&](qsizetype done, qsizetype) { steps.append(done); });
    QVERIFY(!read.ok());
    QVERIFY(read.status().firstError().message.contains(QLatin1String("ffffffffffff")));
    QCOMPARE(steps, QList<qsizetype>{0});
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void tst_PlacementDatabase::pushIsRefused()
{
    PlacementDatabaseSource source(DatabaseUrl::parse(QStringLiteral("mysql://u:Secret123@db/placement")).value());
    QCOMPARE(source.description(), QStringLiteral("Placement database mysql://db/placement"));
    const std::unique_ptr<PushOperation> push(source.push(TreeDiff(), PushOptions()));
    QSignalSpy finished(push.get(), &SourceOperation::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(push->status().firstError().kind, ProblemKind::Refused);
    QVERIFY(!push->outcome().sent);
}

QTEST_GUILESS_MAIN(tst_PlacementDatabase)
#include "tst_placementdatabase.moc"
