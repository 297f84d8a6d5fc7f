// provtree pull --db against the real thing (issue 12, part 1): three real Placements, one
// keeping its data in SQLite, one in MariaDB, one in PostgreSQL (tests/live/cloud start
// --noauth-only --mariadb --postgresql, the fixture live_database), each filled once through
// its API; then the database pull must equal the API pull of the same server, provider by
// provider and field by field. Also: one read is one snapshot while Placement writes, an
// unknown schema refused, the SQLite file untouched, a SELECT-only user enough on both
// servers, wrong passwords and unreachable servers reported clearly, and no password anywhere.
// Then a document read from the database pushes through the API of the Placement on it (the
// GUI with a cloud or a URL to push through, the CLI with pull --db and push), and a push
// after someone else's change is refused by the generations the database showed.

#include "cloudcontroller.h"
#include "cloudprompts.h"
#include "connectdialog.h"
#include "connecthistory.h"
#include "inspector.h"
#include "livedocument.h"
#include "mainwindow.h"
#include "placementdatabasereader.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "support/clirun.h"
#include "support/livecloud.h"
#include "support/testrecords.h"
#include "treediff.h"
#include "treeeditor.h" // Status as a QVariant

#include <QAction>
#include <QCryptographicHash>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QRandomGenerator>
#include <QUndoStack>
#include <QUrl>
#include <QUuid>

using namespace provtree;
using namespace provtree::testing;

namespace {

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QJsonObject inventory(qint64 total, double ratio = 1.0, qint64 reserved = 0, qint64 maxUnit = 0, qint64 step = 1)
{
    return {{QStringLiteral("total"), total},
            {QStringLiteral("reserved"), reserved},
            {QStringLiteral("min_unit"), 1},
            {QStringLiteral("max_unit"), maxUnit > 0 ? maxUnit : total},
            {QStringLiteral("step_size"), step},
            {QStringLiteral("allocation_ratio"), ratio}};
}

// The rows of a data-driven test over the database servers (a SELECT-only reader on each).
void addDatabaseServers()
{
    QTest::addColumn<int>("server");
    QTest::newRow("mariadb") << int(LivePlacement::Mariadb);
    QTest::newRow("postgresql") << int(LivePlacement::Postgresql);
}

// The database's URL as provtree shows it (origin, status bar): no user, no password.
QString redactedUrl(LivePlacement server)
{
    const LiveDatabase &db = LiveCloud::get().database(server);
    return server == LivePlacement::Mariadb
               ? QStringLiteral("mysql+pymysql://%1:%2/placement?charset=utf8").arg(db.host).arg(db.port)
               : QStringLiteral("postgresql+psycopg2://%1:%2/placement").arg(db.host).arg(db.port);
}

} // namespace

class tst_DatabasePull : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void databasePullEqualsApiPull_data();
    void databasePullEqualsApiPull();
    void oneTreeEqualsApiPull_data();
    void oneTreeEqualsApiPull();
    void passwordFromEnvironment_data();
    void passwordFromEnvironment();
    void oneReadIsOneSnapshot_data();
    void oneReadIsOneSnapshot();
    void sqliteFileUnchanged();
    void unknownSchemaRefused();
    void notPlacementsDatabaseRefused();
    void wrongPasswordRefused_data();
    void wrongPasswordRefused();
    void unreachableServer_data();
    void unreachableServer();
    void cloudOptionsAndDatabaseExclusive();
    void inspectorReadsTheDatabaseAndCannotPush_data();
    void inspectorReadsTheDatabaseAndCannotPush();
    void inspectorReadsTheDatabaseAndPushesThroughTheApi_data();
    void inspectorReadsTheDatabaseAndPushesThroughTheApi();
    void staleEditReadFromTheDatabaseIsRefused_data();
    void staleEditReadFromTheDatabaseIsRefused();
    void cliPullsTheDatabaseAndPushesThroughTheApi_data();
    void cliPullsTheDatabaseAndPushesThroughTheApi();
    void noSecretInAnyOutputOrFile(); // last: greps what the others printed and wrote

private:
    void fill(LivePlacement server);
    QJsonObject api(LivePlacement server, const QByteArray &method, const QString &path, const QJsonValue &body,
                    int expected = 200);
    [[nodiscard]] Run provtree(const QStringList &arguments, const QProcessEnvironment &extra = {});
    [[nodiscard]] QString pull(const QStringList &source, const QString &tree = {});
    [[nodiscard]] QString sqliteUrl() const;
    // The reader's URL (with its password) of `server`'s database: SQLite for Noauth.
    [[nodiscard]] QString databaseUrl(LivePlacement server) const;
    [[nodiscard]] QString placementUrl(LivePlacement server) const;
    // A new tree in `server`'s Placement, through its API: a root with VCPU 16 and a child
    // with MEMORY_MB. Returns {root, child}.
    [[nodiscard]] QStringList makeTree(LivePlacement server, const QString &name);
    // The VCPU total of `uuid` in `server`'s Placement, and setting it (someone else).
    [[nodiscard]] qint64 apiVcpuTotal(LivePlacement server, const QString &uuid);
    void apiSetVcpuTotal(LivePlacement server, const QString &uuid, qint64 total);
    // A clouds.yaml naming `server`'s Placement as cloud "dbpush-api" (admin_token, no Keystone).
    [[nodiscard]] QString writeCloudsYaml(LivePlacement server);

    QTemporaryDir m_dir;
    QStringList m_outputs;
    QStringList m_files;
    int m_pulls = 0;
    // The same content in both Placements: fixed uuids.
    const QString m_root = newUuid(), m_numa0 = newUuid(), m_numa1 = newUuid(), m_gpu = newUuid(),
                  m_shared = newUuid(), m_bare = newUuid(), m_aggregate = newUuid();
};

void tst_DatabasePull::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("provtree-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_databasepull"));
    QVERIFY(LiveCloud::get().hasDatabase(LivePlacement::Mariadb));
    QVERIFY(LiveCloud::get().hasDatabase(LivePlacement::Postgresql));
    for (const LivePlacement server : {LivePlacement::Noauth, LivePlacement::Mariadb, LivePlacement::Postgresql}) {
        fill(server);
        if (QTest::currentTestFailed())
            return;
    }
}

QJsonObject tst_DatabasePull::api(LivePlacement server, const QByteArray &method, const QString &path,
                                  const QJsonValue &body, int expected)
{
    const LiveAnswer answer = LiveCloud::get().placement(method, path, body, server);
    if (answer.status != expected)
        qWarning("%s %s: %d %s", method.constData(), qPrintable(path), answer.status, answer.raw.constData());
    [&] { QCOMPARE(answer.status, expected); }();
    return answer.body.object();
}

void tst_DatabasePull::fill(LivePlacement server)
{
    // Nested trees three deep, a sharing provider in an aggregate with the compute node,
    // custom classes and traits, allocations of two consumers (usages are sums), and
    // generations moved by several writes.
    const auto provider = [&](const QString &uuid, const QString &name, const QString &parent = {}) {
        QJsonObject body{{QStringLiteral("uuid"), uuid}, {QStringLiteral("name"), name}};
        if (!parent.isEmpty())
            body.insert(QStringLiteral("parent_provider_uuid"), parent);
        (void)api(server, "POST", QStringLiteral("/resource_providers"), body);
    };
    const auto generation = [&](const QString &uuid) {
        return api(server, "GET", QStringLiteral("/resource_providers/") + uuid, {}).value(QStringLiteral("generation"));
    };
    const auto put = [&](const QString &uuid, const char *part, const QString &key, const QJsonValue &value) {
        (void)api(server, "PUT", QStringLiteral("/resource_providers/%1/%2").arg(uuid, QLatin1String(part)),
                  QJsonObject{{QStringLiteral("resource_provider_generation"), generation(uuid)}, {key, value}});
    };
    const QString suffix = QString::number(int(server));
    (void)api(server, "PUT", QStringLiteral("/resource_classes/CUSTOM_DBPULL_FPGA"), {}, 201);
    (void)api(server, "PUT", QStringLiteral("/traits/CUSTOM_DBPULL_RACK_7"), {}, 201);
    provider(m_root, QStringLiteral("db-cn-01"));
    provider(m_numa0, QStringLiteral("db-cn-01_numa0"), m_root);
    provider(m_numa1, QStringLiteral("db-cn-01_numa1"), m_root);
    provider(m_gpu, QStringLiteral("db-cn-01_numa0_pci_0000_3b_00_0"), m_numa0);
    provider(m_shared, QStringLiteral("db-ceph-pool"));
    provider(m_bare, QStringLiteral("db-cn-02 \u00e9\u4e2d"));
    const QString inventories = QStringLiteral("inventories");
    put(m_root, "inventories", inventories,
        QJsonObject{{QStringLiteral("DISK_GB"), inventory(3576, 1.0, 100, 3476)},
                    {QStringLiteral("CUSTOM_DBPULL_FPGA"), inventory(2)}});
    put(m_numa0, "inventories", inventories,
        QJsonObject{{QStringLiteral("VCPU"), inventory(32, 16.0, 2, 16)},
                    {QStringLiteral("MEMORY_MB"), inventory(131072, 1.5, 512, 131072, 256)}});
    put(m_numa1, "inventories", inventories, QJsonObject{{QStringLiteral("VCPU"), inventory(32, 0.1)}});
    put(m_gpu, "inventories", inventories, QJsonObject{{QStringLiteral("VGPU"), inventory(4)}});
    put(m_shared, "inventories", inventories, QJsonObject{{QStringLiteral("DISK_GB"), inventory(100000, 1.2)}});
    // Changed again: this provider's generation moves on.
    put(m_numa1, "inventories", inventories, QJsonObject{{QStringLiteral("VCPU"), inventory(48, 4.0, 4)}});
    put(m_root, "traits", QStringLiteral("traits"),
        QJsonArray{QStringLiteral("COMPUTE_NODE"), QStringLiteral("HW_CPU_X86_AVX2"), QStringLiteral("CUSTOM_DBPULL_RACK_7")});
    put(m_shared, "traits", QStringLiteral("traits"), QJsonArray{QStringLiteral("MISC_SHARES_VIA_AGGREGATE")});
    put(m_root, "aggregates", QStringLiteral("aggregates"), QJsonArray{m_aggregate, newUuid()});
    put(m_shared, "aggregates", QStringLiteral("aggregates"), QJsonArray{m_aggregate});
    const auto allocate = [&](const QJsonObject &allocations) {
        (void)api(server, "PUT", QStringLiteral("/allocations/") + newUuid(),
                  QJsonObject{{QStringLiteral("allocations"), QJsonValue(allocations)},
                              {QStringLiteral("project_id"), QString(QStringLiteral("db-project-") + suffix)},
                              {QStringLiteral("user_id"), QStringLiteral("db-user")},
                              {QStringLiteral("consumer_generation"), QJsonValue::Null},
                              {QStringLiteral("consumer_type"), QStringLiteral("INSTANCE")}},
                  204);
    };
    const auto resources = [](const QJsonObject &amounts) { return QJsonObject{{QStringLiteral("resources"), amounts}}; };
    allocate(QJsonObject{{m_numa0, resources({{QStringLiteral("VCPU"), 6}, {QStringLiteral("MEMORY_MB"), 4096}})},
                         {m_shared, resources({{QStringLiteral("DISK_GB"), 80}})},
                         {m_gpu, resources({{QStringLiteral("VGPU"), 1}})}});
    allocate(QJsonObject{{m_numa0, resources({{QStringLiteral("VCPU"), 2}})},
                         {m_root, resources({{QStringLiteral("CUSTOM_DBPULL_FPGA"), 1}})},
                         {m_shared, resources({{QStringLiteral("DISK_GB"), 20}})}});
}

Run tst_DatabasePull::provtree(const QStringList &arguments, const QProcessEnvironment &extra)
{
    QProcessEnvironment env = LiveCloud::cleanEnvironment();
    env.remove(QStringLiteral("PROVTREE_DB_PASSWORD"));
    // Debug logging on: the log lines are outputs too, and must hold no secret either.
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("provtree.*.debug=true"));
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    const CliRun run = provtreeRun(arguments, {.environment = env,
                                               .workingDirectory = m_dir.path(),
                                               .standardInputFile = QProcess::nullDevice(), // no prompt
                                               .outputs = &m_outputs});
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

QString tst_DatabasePull::pull(const QStringList &source, const QString &tree)
{
    const QString path = m_dir.filePath(QStringLiteral("pulled-%1.json").arg(++m_pulls));
    QStringList arguments{QStringLiteral("pull"), QStringLiteral("-o"), path};
    if (!tree.isEmpty())
        arguments << QStringLiteral("--tree") << tree;
    const Run run = provtree(arguments + source);
    m_files << path;
    if (run.exitCode != 0)
        qWarning("provtree pull: %s", qPrintable(run.err));
    return run.exitCode == 0 ? path : QString();
}

QString tst_DatabasePull::sqliteUrl() const
{
    return LiveCloud::get().noauthPlacementDatabase();
}

QString tst_DatabasePull::databaseUrl(LivePlacement server) const
{
    return server == LivePlacement::Noauth ? sqliteUrl() : LiveCloud::get().database(server).readerUrl;
}

QString tst_DatabasePull::placementUrl(LivePlacement server) const
{
    return server == LivePlacement::Noauth ? LiveCloud::get().noauthPlacementUrl()
                                           : LiveCloud::get().database(server).placementUrl;
}

namespace {

struct Pulled
{
    QList<ProviderData> providers; // sorted by uuid
    SnapshotOrigin origin;
};

Pulled readPulled(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    Result<SnapshotDocument> document = parseSnapshotDocument(file.readAll());
    if (!document.ok())
        return {};
    Pulled pulled{document.value().providers, document.value().origin};
    std::sort(pulled.providers.begin(), pulled.providers.end(),
              [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
    return pulled;
}

// Field by field, so that a failure names the provider and the field.
void compareProviders(const QList<ProviderData> &database, const QList<ProviderData> &api)
{
    QCOMPARE(database.size(), api.size());
    for (qsizetype i = 0; i < api.size(); ++i) {
        const ProviderData &d = database.at(i), &a = api.at(i);
        QCOMPARE(d.uuid, a.uuid);
        QCOMPARE(d.name, a.name);
        QCOMPARE(d.generation, a.generation);
        QCOMPARE(d.parentUuid, a.parentUuid);
        QCOMPARE(d.inventories.keys(), a.inventories.keys());
        for (auto it = a.inventories.cbegin(); it != a.inventories.cend(); ++it)
            QVERIFY2(d.inventories.value(it.key()) == it.value(), qPrintable(a.name + QLatin1Char(' ') + it.key()));
        QCOMPARE(d.usages, a.usages);
        QCOMPARE(d.traits, a.traits);
        QCOMPARE(d.aggregates, a.aggregates);
        QCOMPARE(d, a);
    }
}

} // namespace

void tst_DatabasePull::databasePullEqualsApiPull_data()
{
    QTest::addColumn<int>("server");
    QTest::addColumn<bool>("socket");
    QTest::newRow("sqlite") << int(LivePlacement::Noauth) << false;
    // The reader has SELECT on Placement's database and nothing else: enough.
    QTest::newRow("mariadb, SELECT-only user") << int(LivePlacement::Mariadb) << false;
    QTest::newRow("postgresql, SELECT-only user") << int(LivePlacement::Postgresql) << false;
    // SQLAlchemy's way to a unix socket with psycopg2, `?host=FOLDER` (the server trusts
    // its socket, as Debian's peer authentication would: no password).
    QTest::newRow("postgresql through its unix socket") << int(LivePlacement::Postgresql) << true;
}

void tst_DatabasePull::databasePullEqualsApiPull()
{
    QFETCH(int, server);
    QFETCH(bool, socket);
    const LivePlacement placement = LivePlacement(server);
    QString url = databaseUrl(placement), endpoint = placement == LivePlacement::Noauth ? url : redactedUrl(placement);
    if (socket) {
        const LiveDatabase &db = LiveCloud::get().database(placement);
        url = QStringLiteral("postgresql+psycopg2://%1@:%2/placement?host=%3").arg(db.readerUser).arg(db.port).arg(db.socket);
        endpoint = QStringLiteral("postgresql+psycopg2://:%1/placement?host=%2").arg(db.port).arg(db.socket);
    }
    const QString fromApi = pull({QStringLiteral("--url"), placementUrl(placement), QStringLiteral("--token"),
                                  LiveCloud::get().noauthToken()});
    const QString fromDatabase = pull({QStringLiteral("--db"), url});
    QVERIFY(!fromApi.isEmpty() && !fromDatabase.isEmpty());
    const Pulled api = readPulled(fromApi), database = readPulled(fromDatabase);
    QCOMPARE(api.providers.size(), 6);
    compareProviders(database.providers, api.providers);
    // What the fill made is there: nested, shared, usages summed, generations moved.
    const auto byName = [&](const QString &name) {
        return *std::find_if(database.providers.cbegin(), database.providers.cend(),
                             [&](const ProviderData &p) { return p.name == name; });
    };
    QCOMPARE(byName(QStringLiteral("db-cn-01_numa0_pci_0000_3b_00_0")).parentUuid, m_numa0);
    QCOMPARE(byName(QStringLiteral("db-cn-01_numa0")).usages.value(QStringLiteral("VCPU")), 8);
    QCOMPARE(byName(QStringLiteral("db-ceph-pool")).usages.value(QStringLiteral("DISK_GB")), 100);
    QCOMPARE(byName(QStringLiteral("db-cn-01")).usages.value(QStringLiteral("CUSTOM_DBPULL_FPGA")), 1);
    QCOMPARE(byName(QStringLiteral("db-cn-01_numa1")).inventories.value(QStringLiteral("VCPU")).allocationRatio, 4.0);
    QVERIFY(byName(QStringLiteral("db-cn-01_numa1")).generation >= 2);
    QVERIFY(byName(QStringLiteral("db-cn-01")).traits.contains(QStringLiteral("CUSTOM_DBPULL_RACK_7")));
    QCOMPARE(byName(QStringLiteral("db-ceph-pool")).aggregates, QStringList{m_aggregate});
    // The origin names the database, never its user or password, and the schema.
    QCOMPARE(database.origin.source, QStringLiteral("placement-database"));
    QCOMPARE(database.origin.schema, QStringLiteral("422ece571366"));
    QVERIFY(!database.origin.startedAt.isEmpty() && !database.origin.finishedAt.isEmpty());
    QCOMPARE(database.origin.endpoint, endpoint);
}

void tst_DatabasePull::oneTreeEqualsApiPull_data()
{
    addDatabaseServers();
}

void tst_DatabasePull::oneTreeEqualsApiPull()
{
    QFETCH(int, server);
    const LivePlacement placement = LivePlacement(server);
    const QString fromApi = pull({QStringLiteral("--url"), placementUrl(placement), QStringLiteral("--token"),
                                  LiveCloud::get().noauthToken()},
                                 m_gpu);
    const QString fromDatabase = pull({QStringLiteral("--db"), databaseUrl(placement)}, m_gpu);
    QVERIFY(!fromApi.isEmpty() && !fromDatabase.isEmpty());
    const Pulled api = readPulled(fromApi), database = readPulled(fromDatabase);
    QCOMPARE(api.providers.size(), 4); // the compute node, its two NUMA cells and the GPU
    compareProviders(database.providers, api.providers);
    QCOMPARE(database.origin.tree, m_gpu);

    const Run missing = provtree({QStringLiteral("pull"), QStringLiteral("-o"), m_dir.filePath(QStringLiteral("none.json")),
                                  QStringLiteral("--tree"), QStringLiteral("no-such-provider"), QStringLiteral("--db"),
                                  databaseUrl(placement)});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QLatin1String("no provider named or with the uuid")), qPrintable(missing.err));
}

void tst_DatabasePull::passwordFromEnvironment_data()
{
    addDatabaseServers();
}

void tst_DatabasePull::passwordFromEnvironment()
{
    QFETCH(int, server);
    const LiveDatabase &db = LiveCloud::get().database(LivePlacement(server));
    QProcessEnvironment env;
    env.insert(QStringLiteral("PROVTREE_DB_PASSWORD"), db.readerPassword);
    const QString path = m_dir.filePath(QStringLiteral("from-env.json"));
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--db"), db.readerUrlWithoutPassword,
                              QStringLiteral("-o"), path},
                             env);
    m_files << path;
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(readPulled(path).providers.size(), 6);
    // No password at all (stdin no terminal: no prompt): the server refuses the reader.
    const Run without = provtree({QStringLiteral("pull"), QStringLiteral("--db"), db.readerUrlWithoutPassword,
                                  QStringLiteral("-o"), m_dir.filePath(QStringLiteral("without.json"))});
    QCOMPARE(without.exitCode, 2);
    QVERIFY2(without.err.contains(QLatin1String("refused the user name or password")), qPrintable(without.err));
}

void tst_DatabasePull::oneReadIsOneSnapshot_data()
{
    QTest::addColumn<int>("server");
    QTest::newRow("sqlite") << int(LivePlacement::Noauth);
    QTest::newRow("mariadb") << int(LivePlacement::Mariadb);
    QTest::newRow("postgresql") << int(LivePlacement::Postgresql);
}

void tst_DatabasePull::oneReadIsOneSnapshot()
{
    // Placement writes while the reader is between its queries (the providers read, their
    // inventories not yet): the read must still be the database of one moment, the one its
    // transaction began at (InnoDB's consistent snapshot, PostgreSQL's REPEATABLE READ,
    // SQLite's read transaction); a READ COMMITTED reader would see the new inventory
    // beside the old generation. The next read sees the write.
    QFETCH(int, server);
    const LivePlacement placement = LivePlacement(server);
    const Result<DatabaseUrl> url = DatabaseUrl::parse(databaseUrl(placement));
    QVERIFY(url.ok());
    const QString path = QStringLiteral("/resource_providers/%1/inventories").arg(m_bare);
    const qint64 before = api(placement, "GET", path, {}).value(QStringLiteral("resource_provider_generation")).toInteger();
    const auto bareOf = [&](const Result<LoadedTree> &read) {
        const QList<ProviderData> &providers = read.value().providers;
        return *std::find_if(providers.cbegin(), providers.cend(), [&](const ProviderData &p) { return p.uuid == m_bare; });
    };
    bool wrote = false;
    PlacementDatabaseReader reader(url.value());
    const Result<LoadedTree> during = reader.read({}, false, [&](qsizetype done, qsizetype) {
        if (done != 2 || wrote)
            return;
        wrote = true;
        (void)api(placement, "PUT", path,
                  QJsonObject{{QStringLiteral("resource_provider_generation"), before},
                              {QStringLiteral("inventories"), QJsonObject{{QStringLiteral("MEMORY_MB"), inventory(2048)}}}});
    });
    QVERIFY(wrote);
    QVERIFY2(during.ok(), qPrintable(during.status().firstError().toString()));
    QCOMPARE(bareOf(during).generation, before);
    QVERIFY(bareOf(during).inventories.isEmpty());

    const Result<LoadedTree> after = PlacementDatabaseReader(url.value()).read({}, false);
    QVERIFY2(after.ok(), qPrintable(after.status().firstError().toString()));
    QCOMPARE(bareOf(after).generation, before + 1);
    QCOMPARE(bareOf(after).inventories.value(QStringLiteral("MEMORY_MB")).total, 2048);
    // As it was (the other tests compare whole pulls, not this provider's generation).
    (void)api(placement, "DELETE", path, {}, 204);
}

void tst_DatabasePull::sqliteFileUnchanged()
{
    const QString file = QUrl::fromPercentEncoding(sqliteUrl().mid(int(qstrlen("sqlite:///"))).toUtf8());
    const auto digest = [&] {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const QString &path : QStringList{file, file + QStringLiteral("-wal")}) {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                hash.addData(&f);
        }
        return hash.result();
    };
    QVERIFY(QFile::exists(file));
    const QByteArray before = digest();
    QVERIFY(!pull({QStringLiteral("--db"), sqliteUrl()}).isEmpty());
    QCOMPARE(digest(), before);
}

void tst_DatabasePull::unknownSchemaRefused()
{
    // A copy of the SQLite database (with its write-ahead log) at a revision nobody made.
    const QString source = sqliteUrl().mid(int(qstrlen("sqlite:///")));
    const QString copy = m_dir.filePath(QStringLiteral("future.db"));
    QVERIFY(QFile::copy(source, copy));
    if (QFile::exists(source + QStringLiteral("-wal")))
        QVERIFY(QFile::copy(source + QStringLiteral("-wal"), copy + QStringLiteral("-wal")));
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
        database.setDatabaseName(copy);
        QVERIFY(database.open());
        QVERIFY(QSqlQuery(database).exec(QStringLiteral("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")));
        database.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("future"));
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--db"), QStringLiteral("sqlite:///") + copy,
                              QStringLiteral("-o"), m_dir.filePath(QStringLiteral("future.json"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("unknown alembic revision f00dfeedbeef")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1String("422ece571366")), qPrintable(run.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("future.json"))));
}

void tst_DatabasePull::notPlacementsDatabaseRefused()
{
    const QString empty = m_dir.filePath(QStringLiteral("other.db"));
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        database.setDatabaseName(empty);
        QVERIFY(database.open());
        QVERIFY(QSqlQuery(database).exec(QStringLiteral("CREATE TABLE notes (id INTEGER)")));
        database.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--db"), QStringLiteral("sqlite:///") + empty,
                              QStringLiteral("-o"), m_dir.filePath(QStringLiteral("other.json"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("has no Placement tables")), qPrintable(run.err));
    const Run missing = provtree({QStringLiteral("pull"), QStringLiteral("--db"),
                                  QStringLiteral("sqlite:///") + m_dir.filePath(QStringLiteral("absent.db")),
                                  QStringLiteral("-o"), m_dir.filePath(QStringLiteral("absent.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QLatin1String("does not exist")), qPrintable(missing.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("absent.db")))); // read-only: never created
}

void tst_DatabasePull::wrongPasswordRefused_data()
{
    addDatabaseServers();
}

void tst_DatabasePull::wrongPasswordRefused()
{
    QFETCH(int, server);
    const LiveDatabase &db = LiveCloud::get().database(LivePlacement(server));
    const QString wrong = QStringLiteral("WrongPassword%1").arg(QString::number(QRandomGenerator::global()->generate()));
    QString url = db.readerUrlWithoutPassword;
    url.replace(db.readerUser + QLatin1Char('@'), db.readerUser + QLatin1Char(':') + wrong + QLatin1Char('@'));
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--db"), url, QStringLiteral("-o"),
                              m_dir.filePath(QStringLiteral("wrong.json"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("refused the user name or password")), qPrintable(run.err));
    QVERIFY(!run.err.contains(wrong));
    QVERIFY(!run.err.contains(db.readerUser));
}

void tst_DatabasePull::unreachableServer_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::newRow("mariadb") << QStringLiteral("mysql+pymysql");
    QTest::newRow("postgresql") << QStringLiteral("postgresql+psycopg2");
}

void tst_DatabasePull::unreachableServer()
{
    QFETCH(QString, scheme);
    quint16 port = 0;
    {
        QTcpServer server; // a port that was free a moment ago, and nobody listens on now
        QVERIFY(server.listen(QHostAddress::LocalHost));
        port = server.serverPort();
    }
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--db"),
                              QStringLiteral("%1://reader:secret@127.0.0.1:%2/placement").arg(scheme).arg(port),
                              QStringLiteral("-o"), m_dir.filePath(QStringLiteral("unreachable.json"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("cannot connect to %1://127.0.0.1:%2/placement").arg(scheme).arg(port)),
             qPrintable(run.err));
    QVERIFY(!run.err.contains(QLatin1String("secret")));
    const Run unknown = provtree({QStringLiteral("pull"), QStringLiteral("--db"),
                                  QStringLiteral("oracle://reader:secret@db/placement"), QStringLiteral("-o"),
                                  m_dir.filePath(QStringLiteral("oracle.json"))});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(QLatin1String("dialect oracle")), qPrintable(unknown.err));
}

void tst_DatabasePull::cloudOptionsAndDatabaseExclusive()
{
    const Run run = provtree({QStringLiteral("pull"), QStringLiteral("--db"), sqliteUrl(), QStringLiteral("--url"),
                              LiveCloud::get().noauthPlacementUrl(), QStringLiteral("-o"),
                              m_dir.filePath(QStringLiteral("both.json"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("not both")), qPrintable(run.err));
}

void tst_DatabasePull::inspectorReadsTheDatabaseAndCannotPush_data()
{
    addDatabaseServers();
}

void tst_DatabasePull::inspectorReadsTheDatabaseAndCannotPush()
{
    // File > Connect to Placement…, the database choice: the URL without its password (as
    // the dialog remembers it) and the password typed into the dialog.
    QFETCH(int, server);
    const LiveDatabase &db = LiveCloud::get().database(LivePlacement(server));
    Inspector inspector;
    CloudController *cloud = inspector.cloud();
    QStringList shownProblems;
    CloudPrompts prompts;
    prompts.problems = [&](const QString &, const QString &, const Problems &problems) {
        for (const Problem &problem : problems)
            shownProblems.append(problem.toString());
    };
    cloud->setPrompts(prompts);
    cloud->setEnvironment(LiveCloud::cleanEnvironment());
    ConnectRequest request;
    request.mode = ConnectRequest::Mode::Database;
    request.databaseUrl = db.readerUrlWithoutPassword;
    request.databasePassword = db.readerPassword;
    QSignalSpy finished(cloud, &CloudController::connectFinished);
    cloud->connectTo(request);
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().first().value<Status>().ok(), qPrintable(shownProblems.join(QLatin1Char('\n'))));

    // The tree is the API's, field by field; the document names the database and its schema.
    const QString fromApi = pull({QStringLiteral("--url"), db.placementUrl, QStringLiteral("--token"),
                                  LiveCloud::get().noauthToken()});
    QList<ProviderData> loaded = inspector.tree().allData();
    std::sort(loaded.begin(), loaded.end(), [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
    compareProviders(loaded, readPulled(fromApi).providers);
    const QString name = QStringLiteral("Placement database ") + redactedUrl(LivePlacement(server));
    QVERIFY2(cloud->statusLabel()->text().startsWith(name), qPrintable(cloud->statusLabel()->text()));
    QVERIFY(cloud->statusLabel()->text().contains(QLatin1String("schema 422ece571366, read only")));
    // Refresh reads the database again; Push is off, and says why.
    MainWindow &window = *inspector.window();
    QVERIFY(window.refreshAction()->isEnabled());
    QVERIFY(!window.pushAction()->isEnabled());
    QVERIFY(window.pushAction()->statusTip().contains(QLatin1String("never writes")));
    QSignalSpy refreshed(cloud, &CloudController::refreshFinished);
    cloud->refresh();
    QVERIFY(refreshed.wait(60000));
    QVERIFY(refreshed.first().first().value<Status>().ok());
    // Remembered without the password; the settings file holds none.
    QCOMPARE(ConnectHistory::recentDatabases().value(0), db.readerUrlWithoutPassword);
    QVERIFY(ConnectHistory::lastWasDatabase());
    QSettings().sync();
    m_files << QSettings().fileName();
}

namespace {

// What the process logged while a harness lived (provtree's debug categories on): outputs
// too, and grepped for secrets like the rest.
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log.append(message);
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// An inspector whose prompts record what they were shown and answer as told: Push accepts
// the plan, the three-way dialog is closed (my edits kept, nothing dropped).
struct DatabaseDocument
{
    Inspector inspector;
    CloudController *cloud = inspector.cloud();
    QList<PushPlanView> plans;
    QList<PushResultView> results;
    QList<ThreeWayView> threeWays;
    QStringList problems;

    explicit DatabaseDocument(const QProcessEnvironment &environment)
    {
        QLoggingCategory::setFilterRules(QStringLiteral("provtree.*.debug=true"));
        g_previousHandler = qInstallMessageHandler(captureMessage);
        CloudPrompts prompts;
        prompts.reviewPlan = [this](const PushPlanView &plan) {
            plans.append(plan);
            return true;
        };
        prompts.showResult = [this](const PushResultView &result) { results.append(result); };
        prompts.resolve = [this](const ThreeWayView &view) {
            threeWays.append(view);
            return ThreeWayChoice::Close;
        };
        prompts.problems = [this](const QString &title, const QString &what, const Problems &list) {
            problems << title << what << testing::problemLines(list);
        };
        cloud->setPrompts(prompts);
        cloud->setEnvironment(environment);
    }
    ~DatabaseDocument()
    {
        qInstallMessageHandler(g_previousHandler);
        QLoggingCategory::setFilterRules(QString());
    }
    DatabaseDocument(const DatabaseDocument &) = delete;
    DatabaseDocument &operator=(const DatabaseDocument &) = delete;

    TreeEditor &editor() const { return *inspector.window()->editor(); }

    template <typename Start>
    Status waitFor(void (CloudController::*signal)(const provtree::Status &), Start start)
    {
        QSignalSpy spy(cloud, signal);
        start();
        if (spy.isEmpty() && !spy.wait(60000))
            return makeError(ProblemKind::Unreachable, QStringLiteral("no answer within a minute"));
        return spy.first().first().value<Status>();
    }
    Status connect(const ConnectRequest &request)
    {
        return waitFor(&CloudController::connectFinished, [&] { cloud->connectTo(request); });
    }
    Status push() { return waitFor(&CloudController::pushFinished, [&] { cloud->push(); }); }
    Status refresh() { return waitFor(&CloudController::refreshFinished, [&] { cloud->refresh(); }); }

    QList<ProviderData> sortedTree() const
    {
        QList<ProviderData> records = inspector.tree().allData();
        std::sort(records.begin(), records.end(), [](const ProviderData &a, const ProviderData &b) { return a.uuid < b.uuid; });
        return records;
    }
    bool inStepWithBase() const
    {
        return TreeDiff::compute(cloud->document()->base(), inspector.tree().allData(), false).isEmpty();
    }
    // Everything the user saw: grepped for secrets.
    QStringList shown() const
    {
        QStringList texts = problems;
        for (const PushPlanView &plan : plans)
            texts << plan.target << plan.text;
        for (const PushResultView &result : results)
            texts << result.target << result.failure;
        for (const ThreeWayView &view : threeWays)
            texts << view.target << view.summary;
        MainWindow &window = *inspector.window();
        texts << cloud->statusLabel()->text() << cloud->statusLabel()->toolTip() << window.windowTitle()
              << window.pushAction()->statusTip();
        return texts;
    }
};

bool hasKind(const Status &status, ProblemKind kind)
{
    const Problems errors = status.errors();
    return std::any_of(errors.cbegin(), errors.cend(), [kind](const Problem &p) { return p.kind == kind; });
}

ConnectRequest databaseRequest(LivePlacement server, const QString &tree)
{
    const LiveDatabase &db = LiveCloud::get().database(server);
    ConnectRequest request;
    request.mode = ConnectRequest::Mode::Database;
    request.databaseUrl = db.readerUrlWithoutPassword;
    request.databasePassword = db.readerPassword;
    request.tree = tree;
    return request;
}

} // namespace

QStringList tst_DatabasePull::makeTree(LivePlacement server, const QString &name)
{
    const QString root = newUuid(), child = newUuid();
    (void)api(server, "POST", QStringLiteral("/resource_providers"),
              QJsonObject{{QStringLiteral("uuid"), root}, {QStringLiteral("name"), name}});
    (void)api(server, "POST", QStringLiteral("/resource_providers"),
              QJsonObject{{QStringLiteral("uuid"), child},
                          {QStringLiteral("name"), QString(name + QStringLiteral("_numa0"))},
                          {QStringLiteral("parent_provider_uuid"), root}});
    const auto putInventory = [&](const QString &uuid, const QString &resourceClass, qint64 total) {
        (void)api(server, "PUT", QStringLiteral("/resource_providers/%1/inventories").arg(uuid),
                  QJsonObject{{QStringLiteral("resource_provider_generation"), 0},
                              {QStringLiteral("inventories"), QJsonObject{{resourceClass, inventory(total)}}}});
    };
    putInventory(root, QStringLiteral("VCPU"), 16);
    putInventory(child, QStringLiteral("MEMORY_MB"), 65536);
    return {root, child};
}

qint64 tst_DatabasePull::apiVcpuTotal(LivePlacement server, const QString &uuid)
{
    const QJsonObject answer = api(server, "GET", QStringLiteral("/resource_providers/%1/inventories").arg(uuid), {});
    return answer.value(QStringLiteral("inventories")).toObject().value(QStringLiteral("VCPU")).toObject()
            .value(QStringLiteral("total")).toInteger(-1);
}

void tst_DatabasePull::apiSetVcpuTotal(LivePlacement server, const QString &uuid, qint64 total)
{
    const QString path = QStringLiteral("/resource_providers/%1/inventories").arg(uuid);
    const QJsonObject current = api(server, "GET", path, {});
    (void)api(server, "PUT", path,
              QJsonObject{{QStringLiteral("resource_provider_generation"),
                           current.value(QStringLiteral("resource_provider_generation"))},
                          {QStringLiteral("inventories"), QJsonObject{{QStringLiteral("VCPU"), inventory(total)}}}});
}

QString tst_DatabasePull::writeCloudsYaml(LivePlacement server)
{
    const QString path = m_dir.filePath(QStringLiteral("clouds-%1.yaml").arg(QLatin1String(QTest::currentDataTag())));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(QStringLiteral("clouds:\n  dbpush-api:\n    auth_type: admin_token\n    auth:\n      endpoint: %1\n"
                              "      token: %2\n")
                       .arg(placementUrl(server), LiveCloud::get().noauthToken())
                       .toUtf8());
    m_files << path;
    return path;
}

void tst_DatabasePull::inspectorReadsTheDatabaseAndPushesThroughTheApi_data()
{
    addDatabaseServers();
}

void tst_DatabasePull::inspectorReadsTheDatabaseAndPushesThroughTheApi()
{
    // The database choice with a cloud of clouds.yaml to push through: the tree is read from
    // MariaDB, the edits go through the API of the Placement on it, with the generations
    // the database showed.
    QFETCH(int, server);
    const LivePlacement placement = LivePlacement(server);
    const QStringList tree = makeTree(placement, QStringLiteral("dbpush-cn-%1").arg(QRandomGenerator::global()->bounded(1000000)));
    const QString &root = tree.at(0), &child = tree.at(1);
    QProcessEnvironment environment = LiveCloud::cleanEnvironment();
    environment.insert(QStringLiteral("OS_CLIENT_CONFIG_FILE"), writeCloudsYaml(placement));
    DatabaseDocument d(environment);
    QVERIFY(d.cloud->connectChoices().clouds.contains(QStringLiteral("dbpush-api")));
    ConnectRequest request = databaseRequest(placement, root);
    request.push.mode = PushThrough::Mode::Cloud;
    request.push.cloud = QStringLiteral("dbpush-api");
    const Status connected = d.connect(request);
    QVERIFY2(connected.ok(), qPrintable(d.problems.join(QLatin1Char('\n'))));
    QCOMPARE(d.inspector.tree().size(), 2);
    QCOMPARE(d.cloud->document()->origin().source, QStringLiteral("placement-database"));
    const QString status = d.cloud->statusLabel()->text();
    QVERIFY2(status.startsWith(QStringLiteral("Placement database ") + redactedUrl(placement)), qPrintable(status));
    QVERIFY2(status.contains(QLatin1String("schema 422ece571366, pushes through cloud dbpush-api")), qPrintable(status));
    // The label may be cut at the window's edge: its tool tip has every part, a line each.
    QVERIFY(d.cloud->statusLabel()->toolTip().split(QLatin1Char('\n')).contains(
            QStringLiteral("schema 422ece571366, pushes through cloud dbpush-api")));
    MainWindow &window = *d.inspector.window();
    QVERIFY(window.pushAction()->isEnabled());
    QVERIFY(window.pushAction()->statusTip().isEmpty());

    // Edits of every kind the push sends: an inventory, a trait, a new provider under the root.
    QVERIFY(d.editor().setInventoryField(root, QStringLiteral("VCPU"), InventoryField::Total, 32).ok());
    QVERIFY(d.editor().addTrait(child, QStringLiteral("CUSTOM_DBPUSH_GOLD")).ok());
    const Result<QString> added = d.editor().addProvider(QStringLiteral("dbpush-new-numa1"), root);
    QVERIFY(added.ok());
    const int steps = d.editor().undoStack()->count();
    const Status pushed = d.push();
    QVERIFY2(pushed.ok(), qPrintable(testing::problemLines(pushed.problems()) + d.problems.join(QLatin1Char('\n'))));
    QCOMPARE(d.plans.size(), 1);
    QCOMPARE(d.plans.first().target, QStringLiteral("cloud dbpush-api")); // where the calls go
    QVERIFY2(d.plans.first().text.contains(QStringLiteral("PUT /resource_providers/%1/inventories").arg(root)),
             qPrintable(d.plans.first().text));
    QCOMPARE(d.results.size(), 1);
    QCOMPARE(d.results.first().appliedCount(), d.plans.first().calls);
    QVERIFY(d.results.first().failure.isEmpty());
    QVERIFY(d.threeWays.isEmpty());
    // Nothing left to push; the push added no undo step.
    QVERIFY(d.inStepWithBase());
    QVERIFY(!d.inspector.isModified());
    QCOMPARE(d.editor().undoStack()->count(), steps);
    QVERIFY2(d.cloud->statusLabel()->text().contains(QStringLiteral(" · pushed ")), qPrintable(d.cloud->statusLabel()->text()));

    // The API holds the edits, and so does a fresh read of the database: both equal the
    // local tree, generations included.
    const Pulled api = readPulled(pull({QStringLiteral("--url"), placementUrl(placement), QStringLiteral("--token"),
                                        LiveCloud::get().noauthToken()},
                                       root));
    const Pulled database = readPulled(pull({QStringLiteral("--db"), databaseUrl(placement)}, root));
    QCOMPARE(api.providers.size(), 3);
    compareProviders(d.sortedTree(), api.providers);
    compareProviders(database.providers, api.providers);
    QCOMPARE(apiVcpuTotal(placement, root), 32);
    const auto find = [&](const QString &uuid) {
        return *std::find_if(api.providers.cbegin(), api.providers.cend(), [&](const ProviderData &p) { return p.uuid == uuid; });
    };
    QVERIFY(find(child).traits.contains(QStringLiteral("CUSTOM_DBPUSH_GOLD")));
    QCOMPARE(find(added.value()).parentUuid, root);

    // Refresh reads the database again: nothing changed since the push.
    QVERIFY(d.refresh().ok());
    QVERIFY(d.inStepWithBase());
    // The push target is remembered with the database, never a password or token.
    const QHash<QString, PushThrough> remembered = ConnectHistory::databasePush();
    QCOMPARE(remembered.value(LiveCloud::get().database(placement).readerUrlWithoutPassword).cloud, QStringLiteral("dbpush-api"));
    QSettings().sync();
    m_files << QSettings().fileName();
    m_outputs << d.shown() << g_log;
    g_log.clear();
}

void tst_DatabasePull::staleEditReadFromTheDatabaseIsRefused_data()
{
    addDatabaseServers();
}

void tst_DatabasePull::staleEditReadFromTheDatabaseIsRefused()
{
    // Pushed through a URL and token this time. Someone changes the provider through the
    // API behind the document's back: Placement's generation check refuses the push, as for
    // a document pulled through the API, and nothing of it is applied.
    QFETCH(int, server);
    const LivePlacement placement = LivePlacement(server);
    const QStringList tree = makeTree(placement, QStringLiteral("dbpush-stale-%1").arg(QRandomGenerator::global()->bounded(1000000)));
    const QString &root = tree.at(0), &child = tree.at(1);
    DatabaseDocument d(LiveCloud::cleanEnvironment());
    ConnectRequest request = databaseRequest(placement, root);
    request.push.mode = PushThrough::Mode::Url;
    request.push.url = placementUrl(placement);
    request.push.token = LiveCloud::get().noauthToken();
    const Status connected = d.connect(request);
    QVERIFY2(connected.ok(), qPrintable(d.problems.join(QLatin1Char('\n'))));
    QVERIFY(d.cloud->statusLabel()->text().contains(QStringLiteral("pushes through Placement at ")));
    const qint64 childGeneration = d.inspector.tree().data(child)->generation;

    QVERIFY(d.editor().setInventoryField(root, QStringLiteral("VCPU"), InventoryField::Total, 20).ok());
    QVERIFY(d.editor().addTrait(child, QStringLiteral("CUSTOM_DBPUSH_STALE")).ok());
    apiSetVcpuTotal(placement, root, 24); // someone else, between the database read and the push

    const Status status = d.push();
    QVERIFY2(hasKind(status, ProblemKind::GenerationConflict), qPrintable(testing::problemLines(status.problems())));
    QVERIFY(d.plans.isEmpty()); // refused before anything was planned for sending
    QVERIFY(d.results.isEmpty());
    QCOMPARE(d.threeWays.size(), 1);
    const ThreeWayView &view = d.threeWays.first();
    QVERIFY2(view.target.startsWith(QLatin1String("Placement at http")), qPrintable(view.target)); // where the push went
    QVERIFY(view.canResolve);
    const auto vcpu = std::find_if(view.rows.cbegin(), view.rows.cend(), [&](const ThreeWayView::Row &row) {
        return row.providerUuid == root && row.field == QLatin1String("inventories.VCPU");
    });
    QVERIFY(vcpu != view.rows.cend());
    QVERIFY2(vcpu->pulled.startsWith(QLatin1String("total 16")), qPrintable(vcpu->pulled));
    QVERIFY2(vcpu->mine.startsWith(QLatin1String("total 20")), qPrintable(vcpu->mine));
    QVERIFY2(vcpu->now.startsWith(QLatin1String("total 24")), qPrintable(vcpu->now));
    QVERIFY(vcpu->conflict);

    // Nothing half-applied: the other provider's edit was not sent either; mine are kept.
    QCOMPARE(apiVcpuTotal(placement, root), 24);
    const Pulled database = readPulled(pull({QStringLiteral("--db"), databaseUrl(placement)}, root));
    const auto childNow = std::find_if(database.providers.cbegin(), database.providers.cend(),
                                       [&](const ProviderData &p) { return p.uuid == child; });
    QVERIFY(childNow != database.providers.cend());
    QVERIFY(!childNow->traits.contains(QStringLiteral("CUSTOM_DBPUSH_STALE")));
    QCOMPARE(childNow->generation, childGeneration);
    QCOMPARE(d.inspector.tree().data(root)->inventories.value(QStringLiteral("VCPU")).total, 20);
    QVERIFY(d.inspector.tree().data(child)->traits.contains(QStringLiteral("CUSTOM_DBPUSH_STALE")));
    QVERIFY(d.inspector.isModified());
    m_outputs << d.shown() << g_log;
    g_log.clear();
}

void tst_DatabasePull::cliPullsTheDatabaseAndPushesThroughTheApi_data()
{
    addDatabaseServers();
}

void tst_DatabasePull::cliPullsTheDatabaseAndPushesThroughTheApi()
{
    // README's recipe: provtree pull --db, edit a copy, provtree diff --json, provtree push
    // with cloud options. The second push of the same patch meets the moved generation.
    QFETCH(int, server);
    const LivePlacement placement = LivePlacement(server);
    const QString root =
            makeTree(placement, QStringLiteral("dbpush-cli-%1").arg(QRandomGenerator::global()->bounded(1000000))).first();
    const QString base = pull({QStringLiteral("--db"), databaseUrl(placement)}, root);
    QVERIFY(!base.isEmpty());
    QFile file(base);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
    QJsonArray providers = document.value(QStringLiteral("providers")).toArray();
    for (qsizetype i = 0; i < providers.size(); ++i) {
        QJsonObject provider = providers.at(i).toObject();
        if (provider.value(QStringLiteral("uuid")).toString() != root)
            continue;
        QJsonObject inventories = provider.value(QStringLiteral("inventories")).toObject();
        QJsonObject vcpu = inventories.value(QStringLiteral("VCPU")).toObject();
        vcpu.insert(QStringLiteral("total"), 40);
        inventories.insert(QStringLiteral("VCPU"), vcpu);
        provider.insert(QStringLiteral("inventories"), inventories);
        providers.replace(i, provider);
    }
    document.insert(QStringLiteral("providers"), providers);
    const QString edited = m_dir.filePath(QStringLiteral("edited-%1.json").arg(QLatin1String(QTest::currentDataTag())));
    {
        QFile out(edited);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(QJsonDocument(document).toJson());
    }
    const Run diff = provtree({QStringLiteral("diff"), QStringLiteral("--json"), base, edited});
    QVERIFY2(diff.exitCode == 0 || diff.exitCode == 1, qPrintable(diff.err));
    const QString patch =
            m_dir.filePath(QStringLiteral("edited-%1.patch.json").arg(QLatin1String(QTest::currentDataTag())));
    {
        QFile out(patch);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(diff.out.toUtf8());
    }
    m_files << edited << patch;
    const QStringList api{QStringLiteral("--url"), placementUrl(placement), QStringLiteral("--token"),
                          LiveCloud::get().noauthToken()};
    const Run pushed = provtree(QStringList{QStringLiteral("push"), patch} + api);
    QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err));
    QCOMPARE(apiVcpuTotal(placement, root), 40);
    const Run again = provtree(QStringList{QStringLiteral("push"), patch} + api);
    QVERIFY(again.exitCode != 0);
    QVERIFY2(again.err.contains(QLatin1String("changed in Placement since the pull")), qPrintable(again.err));
}

void tst_DatabasePull::noSecretInAnyOutputOrFile()
{
    QVERIFY(m_outputs.size() > 10);
    QStringList secrets = LiveCloud::get().secretMarkers();
    QVERIFY(secrets.size() >= 4); // each server's reader and Placement user
    for (const LivePlacement server : {LivePlacement::Mariadb, LivePlacement::Postgresql}) {
        const LiveDatabase &db = LiveCloud::get().database(server);
        secrets << db.readerPassword << QString::fromLatin1(QUrl::toPercentEncoding(db.readerPassword));
    }
    secrets << QStringLiteral("WrongPassword");
    for (const QString &secret : std::as_const(secrets))
        QVERIFY(secret.size() >= 8);
    QVERIFY2(firstSecretIn(outputsAndFiles(m_outputs, m_files), secrets).isEmpty(),
             "a password reached an output or a file");
}

QTEST_MAIN(tst_DatabasePull)
#include "tst_databasepull.moc"
