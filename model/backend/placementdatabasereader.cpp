#include "placementdatabasereader.h"

#include "logging.h"
#include "neutralise.h"
#include "placementschema.h"
#include "snapshotsource.h"
#include "validation.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace provtree {

namespace {

// One connection of this thread to the database, in one read-only snapshot transaction;
// rolled back and removed when it goes away (Qt SQL connections belong to one thread and
// must be removed once no QSqlDatabase refers to them).
class SnapshotConnection
{
public:
    explicit SnapshotConnection(const DatabaseUrl &url) : m_url(url)
    {
        static std::atomic<int> counter{0};
        m_name = QStringLiteral("provtree-placement-database-%1").arg(counter.fetch_add(1));
    }
    ~SnapshotConnection()
    {
        if (m_open) {
            QSqlDatabase database = QSqlDatabase::database(m_name, false);
            QSqlQuery(database).exec(QStringLiteral("ROLLBACK")); // nothing was written: just end it
            database.close();
        }
        if (QSqlDatabase::contains(m_name))
            QSqlDatabase::removeDatabase(m_name);
    }
    SnapshotConnection(const SnapshotConnection &) = delete;
    SnapshotConnection &operator=(const SnapshotConnection &) = delete;

    // Connects and begins the snapshot transaction. Errors: see PlacementDatabaseReader::read().
    [[nodiscard]] Status open()
    {
        const QString driver = m_url.qtDriver();
        if (!QSqlDatabase::isDriverAvailable(driver))
            return makeError(ProblemKind::Configuration,
                             QStringLiteral("Qt SQL has no %1 driver to read %2 databases (Debian: install %3)")
                                 .arg(driver, m_url.dialectName(), m_url.driverPackage()));
        if (m_url.dialect == DatabaseUrl::Dialect::Sqlite && !QFileInfo(m_url.database).isFile())
            return makeError(ProblemKind::Io, QStringLiteral("the SQLite database %1 does not exist")
                                                  .arg(neutralisedIfNeeded(m_url.database)));
        QSqlDatabase database = QSqlDatabase::addDatabase(driver, m_name);
        database.setDatabaseName(m_url.database);
        database.setHostName(hostName());
        if (m_url.port > 0)
            database.setPort(m_url.port);
        database.setUserName(m_url.user);
        database.setPassword(QString::fromUtf8(m_url.password.reveal()));
        database.setConnectOptions(connectOptions());
        qCDebug(lcDatabase) << "connecting to" << m_url.redacted() << "through" << driver;
        if (!database.open())
            return connectFailure(database.lastError());
        database.setPassword(QString()); // Qt keeps it otherwise; no longer needed
        m_open = true;
        for (const QString &statement : beginStatements()) {
            QSqlQuery query(database);
            if (!query.exec(statement))
                return queryFailure(QStringLiteral("begin a read-only snapshot transaction"), query.lastError());
        }
        return {};
    }

    [[nodiscard]] QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

    // "the query to read X failed: ...", the driver's text made safe to print.
    [[nodiscard]] Problem queryFailure(const QString &what, const QSqlError &error) const
    {
        return makeError(ProblemKind::ServerError,
                         QStringLiteral("could not %1 in %2: %3").arg(what, m_url.redacted(), safeText(error)));
    }

private:
    // PostgreSQL through a unix socket: SQLAlchemy's psycopg2 URLs name its folder in the
    // query (`postgresql://reader@/placement?host=/run/postgresql`); libpq takes a folder
    // (a path) as its host.
    [[nodiscard]] QString hostName() const
    {
        if (m_url.dialect == DatabaseUrl::Dialect::PostgreSql && m_url.host.isEmpty())
            return m_url.query.value(QStringLiteral("host"));
        return m_url.host;
    }

    [[nodiscard]] QString connectOptions() const
    {
        switch (m_url.dialect) {
        case DatabaseUrl::Dialect::MySql: {
            QString options = QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10;MYSQL_OPT_READ_TIMEOUT=300");
            if (const QString socket = m_url.query.value(QStringLiteral("unix_socket")); !socket.isEmpty())
                options += QStringLiteral(";UNIX_SOCKET=") + socket;
            return options;
        }
        case DatabaseUrl::Dialect::PostgreSql:
            return QStringLiteral("connect_timeout=10");
        case DatabaseUrl::Dialect::Sqlite:
            break;
        }
        // Read-only: SQLite cannot write the file, whatever a query says. Placement may be
        // writing meanwhile (WAL): wait for its locks rather than fail.
        return QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=30000");
    }

    [[nodiscard]] QStringList beginStatements() const
    {
        switch (m_url.dialect) {
        case DatabaseUrl::Dialect::MySql:
            // InnoDB's consistent snapshot: every query of the transaction sees the database
            // as it was when it began. Read-only for the session too: nothing can write.
            return {QStringLiteral("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"),
                    QStringLiteral("SET SESSION TRANSACTION READ ONLY"),
                    QStringLiteral("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")};
        case DatabaseUrl::Dialect::PostgreSql:
            return {QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"),
                    QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")};
        case DatabaseUrl::Dialect::Sqlite:
            break;
        }
        // A deferred transaction: its first SELECT takes the snapshot the others see.
        return {QStringLiteral("BEGIN")};
    }

    [[nodiscard]] Problem connectFailure(const QSqlError &error) const
    {
        const QString code = error.nativeErrorCode();
        const QString text = error.databaseText() + QLatin1Char(' ') + error.driverText();
        // MySQL 1045/1044/1698, PostgreSQL "password authentication failed": the server
        // refused the credentials. Never repeat them (nor the server's text, which names the user).
        if (code == QLatin1String("1045") || code == QLatin1String("1044") || code == QLatin1String("1698")
            || text.contains(QLatin1String("authentication failed")) || text.contains(QLatin1String("no password")))
            return makeError(ProblemKind::Unauthorized,
                             QStringLiteral("%1 refused the user name or password given for it").arg(m_url.redacted()));
        const ProblemKind kind = m_url.dialect == DatabaseUrl::Dialect::Sqlite ? ProblemKind::Io : ProblemKind::Unreachable;
        return makeError(kind, QStringLiteral("cannot connect to %1: %2").arg(m_url.redacted(), safeText(error)));
    }

    // The driver's text without the password, should a driver ever quote it, made printable.
    [[nodiscard]] QString safeText(const QSqlError &error) const
    {
        QString text = error.text().simplified();
        const QString password = QString::fromUtf8(m_url.password.reveal());
        if (!password.isEmpty())
            text.replace(password, QStringLiteral("***"));
        return neutralisedIfNeeded(text);
    }

    const DatabaseUrl &m_url;
    QString m_name;
    bool m_open = false;
};

// The rows of one SELECT, forward only; false when it failed (lastError()) or was cancelled.
class RowReader
{
public:
    RowReader(QSqlDatabase database, const std::atomic<bool> &cancelled) : m_query(database), m_cancelled(cancelled)
    {
        m_query.setForwardOnly(true);
    }

    template <typename Row>
    [[nodiscard]] bool run(const QString &sql, Row &&row)
    {
        QElapsedTimer timer;
        timer.start();
        if (!m_query.exec(sql))
            return false;
        qsizetype rows = 0;
        while (m_query.next()) {
            if ((++rows & 4095) == 0 && m_cancelled.load())
                return false;
            row(m_query);
        }
        qCDebug(lcDatabase) << rows << "rows in" << timer.elapsed() << "ms:" << sql.left(60);
        return !m_cancelled.load();
    }
    [[nodiscard]] QSqlError lastError() const { return m_query.lastError(); }

private:
    QSqlQuery m_query;
    const std::atomic<bool> &m_cancelled;
};

QString canonicalUuid(const QString &text)
{
    return validation::canonicalUuid(text).value_or(text);
}

void sortUnique(QStringList &list)
{
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
}

// The queries, one per part; every row names its provider by resource_providers.id.
const QString kProvidersSql = QStringLiteral(
    "SELECT id, uuid, name, generation, parent_provider_id FROM resource_providers ORDER BY id");
const QString kInventoriesSql = QStringLiteral(
    "SELECT i.resource_provider_id, rc.name, i.total, i.reserved, i.min_unit, i.max_unit, i.step_size, "
    "i.allocation_ratio FROM inventories i JOIN resource_classes rc ON rc.id = i.resource_class_id");
// Placement's usages (objects/usage.py): per class the provider has inventory of, the sum
// of its allocations.
const QString kUsagesSql = QStringLiteral(
    "SELECT a.resource_provider_id, rc.name, SUM(a.used) FROM allocations a "
    "JOIN inventories i ON i.resource_provider_id = a.resource_provider_id AND i.resource_class_id = a.resource_class_id "
    "JOIN resource_classes rc ON rc.id = a.resource_class_id GROUP BY a.resource_provider_id, rc.name");
const QString kTraitsSql = QStringLiteral(
    "SELECT rpt.resource_provider_id, t.name FROM resource_provider_traits rpt JOIN traits t ON t.id = rpt.trait_id");
const QString kAggregatesSql = QStringLiteral(
    "SELECT rpa.resource_provider_id, pa.uuid FROM resource_provider_aggregates rpa "
    "JOIN placement_aggregates pa ON pa.id = rpa.aggregate_id");

} // namespace

PlacementDatabaseReader::PlacementDatabaseReader(DatabaseUrl url) : m_url(std::move(url)) {}

Result<LoadedTree> PlacementDatabaseReader::read(const QStringList &trees, bool notFoundIsError,
                                                 const Progress &progress)
{
    const auto step = [&](qsizetype done) {
        if (progress)
            progress(done, kSteps);
    };
    const auto cancelled = [] {
        return makeError(ProblemKind::Cancelled, QStringLiteral("the database read was cancelled; nothing was changed"));
    };
    LoadedTree loaded;
    loaded.origin.source = QStringLiteral("placement-database");
    loaded.origin.endpoint = m_url.redacted();
    if (trees.size() == 1)
        loaded.origin.tree = trees.constFirst();
    step(0);
    SnapshotConnection connection(m_url);
    if (Status opened = connection.open(); !opened.ok())
        return opened;
    loaded.origin.startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QSqlDatabase database = connection.database();
    const Result<QString> schema = PlacementSchema::check(database);
    if (!schema.ok())
        return schema.status();
    loaded.origin.schema = schema.value();
    step(1);

    QHash<qint64, qsizetype> indexOf; // resource_providers.id -> record
    QList<qint64> parentIds;
    RowReader reader(database, m_cancelled);
    const auto failed = [&](const QString &what) -> Result<LoadedTree> {
        if (m_cancelled.load())
            return cancelled();
        return connection.queryFailure(QStringLiteral("read ") + what, reader.lastError());
    };
    QList<ProviderData> &records = loaded.providers;
    if (!reader.run(kProvidersSql, [&](const QSqlQuery &row) {
            indexOf.insert(row.value(0).toLongLong(), records.size());
            ProviderData data;
            data.uuid = canonicalUuid(row.value(1).toString());
            data.name = row.value(2).toString();
            data.generation = row.value(3).toLongLong(); // NULL (never written by Placement): 0
            parentIds.append(row.value(4).isNull() ? -1 : row.value(4).toLongLong());
            records.append(std::move(data));
        }))
        return failed(QStringLiteral("the providers"));
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (parentIds.at(i) >= 0)
            records[i].parentUuid = records.value(indexOf.value(parentIds.at(i), -1)).uuid;
    }
    step(2);
    const auto recordOf = [&](const QSqlQuery &row) -> ProviderData * {
        const qsizetype at = indexOf.value(row.value(0).toLongLong(), -1);
        return at < 0 ? nullptr : &records[at];
    };
    if (!reader.run(kInventoriesSql, [&](const QSqlQuery &row) {
            if (ProviderData *data = recordOf(row)) {
                InventoryRecord inventory;
                inventory.total = row.value(2).toLongLong();
                inventory.reserved = row.value(3).toLongLong();
                inventory.minUnit = row.value(4).toLongLong();
                inventory.maxUnit = row.value(5).toLongLong();
                inventory.stepSize = row.value(6).toLongLong();
                inventory.allocationRatio = row.value(7).toDouble();
                data->inventories.insert(row.value(1).toString(), inventory);
            }
        }))
        return failed(QStringLiteral("the inventories"));
    step(3);
    if (!reader.run(kUsagesSql, [&](const QSqlQuery &row) {
            const qint64 used = row.value(2).toLongLong();
            if (ProviderData *data = recordOf(row); data && used != 0)
                data->usages.insert(row.value(1).toString(), used);
        }))
        return failed(QStringLiteral("the usages"));
    step(4);
    if (!reader.run(kTraitsSql, [&](const QSqlQuery &row) {
            if (ProviderData *data = recordOf(row))
                data->traits.append(row.value(1).toString());
        }))
        return failed(QStringLiteral("the traits"));
    if (!reader.run(kAggregatesSql, [&](const QSqlQuery &row) {
            if (ProviderData *data = recordOf(row))
                data->aggregates.append(canonicalUuid(row.value(1).toString()));
        }))
        return failed(QStringLiteral("the aggregates"));
    for (ProviderData &data : records) {
        sortUnique(data.traits);
        sortUnique(data.aggregates);
    }
    step(5);
    loaded.origin.finishedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    qCDebug(lcDatabase) << "read" << records.size() << "providers from" << m_url.redacted() << "at schema"
                        << loaded.origin.schema;

    if (!trees.isEmpty()) {
        records = treesOf(records, trees);
        if (records.isEmpty() && notFoundIsError)
            return makeError(ProblemKind::NotFound, QStringLiteral("Placement's database has no provider named or with "
                                                                   "the uuid %1")
                                                        .arg(neutralised(trees.join(QStringLiteral(", ")))));
    }
    step(kSteps);
    return loaded;
}

} // namespace provtree
