#include "recoverysession.h"

#include "neutralise.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace provtree {

namespace {

const QLatin1String kRecoverySuffix(".recovery");
const QLatin1String kLockSuffix(".lock");

// A lock held by a live process is never taken, however old: QLockFile's default treats a
// lock older than 30 s as stale, and a session lives for hours.
std::unique_ptr<QLockFile> tryLock(const QString &path)
{
    auto lock = std::make_unique<QLockFile>(path);
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return nullptr;
    return lock;
}

// A write that was killed may leave QSaveFile's temporary file (ID.recovery.XXXXXX) behind;
// only for a session whose lock the caller holds.
void removeLeftovers(const QDir &dir, const QString &id)
{
    const QStringList temporaries = dir.entryList({id + kRecoverySuffix + QStringLiteral(".*")}, QDir::Files);
    for (const QString &name : temporaries)
        QFile::remove(dir.filePath(name));
}

Problem ioProblem(const QString &what, const QString &path)
{
    return makeError(ProblemKind::Io, what.arg(neutralised(path, 200)));
}

} // namespace

QString RecoverySession::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
}

Result<std::unique_ptr<RecoverySession>> RecoverySession::start(const QString &directory)
{
    if (!QDir().mkpath(directory))
        return ioProblem(QStringLiteral("cannot create the recovery directory %1"), directory);
    QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<QLockFile> lock = tryLock(QDir(directory).filePath(id + kLockSuffix));
    if (!lock)
        return ioProblem(QStringLiteral("cannot create a lock file in %1"), directory);
    return std::unique_ptr<RecoverySession>(new RecoverySession(directory, id, std::move(lock)));
}

RecoverySession::RecoverySession(QString directory, QString id, std::unique_ptr<QLockFile> lock)
    : m_directory(std::move(directory)), m_id(std::move(id)), m_lock(std::move(lock))
{
}

RecoverySession::~RecoverySession() = default;

QString RecoverySession::filePath() const
{
    return QDir(m_directory).filePath(m_id + kRecoverySuffix);
}

std::vector<CrashedSession> CrashedSession::find(const QString &directory, const QString &ownId)
{
    const QDir dir(directory);
    std::vector<CrashedSession> found;
    const QStringList files = dir.entryList({QStringLiteral("*") + kRecoverySuffix}, QDir::Files);
    for (const QString &name : files) {
        const QString id = name.chopped(kRecoverySuffix.size());
        if (id == ownId)
            continue;
        std::unique_ptr<QLockFile> lock = tryLock(dir.filePath(id + kLockSuffix));
        if (!lock)
            continue; // a running session's, or another instance is deciding about it
        removeLeftovers(dir, id);
        const QString path = dir.filePath(name);
        Result<RecoveryInfo> info = readRecoveryInfo(path);
        if (!info.ok()) {
            qWarning("provtree-inspector: skipping %s: %s", qPrintable(neutralisedIfNeeded(path)),
                     qPrintable(info.status().firstError().message));
            continue;
        }
        found.push_back(CrashedSession(path, info.value(), std::move(lock)));
    }
    std::stable_sort(found.begin(), found.end(), [](const CrashedSession &a, const CrashedSession &b) {
        return a.m_info.written > b.m_info.written;
    });

    // Leftovers of sessions that crashed with nothing unsaved: taking a stale lock and
    // releasing it deletes it.
    const QStringList locks = dir.entryList({QStringLiteral("*") + kLockSuffix}, QDir::Files);
    for (const QString &name : locks) {
        const QString id = name.chopped(kLockSuffix.size());
        if (id == ownId || dir.exists(id + kRecoverySuffix))
            continue;
        if (const std::unique_ptr<QLockFile> stale = tryLock(dir.filePath(name)))
            removeLeftovers(dir, id);
    }
    return found;
}

CrashedSession::CrashedSession(QString filePath, RecoveryInfo info, std::unique_ptr<QLockFile> lock)
    : m_filePath(std::move(filePath)), m_info(std::move(info)), m_lock(std::move(lock))
{
}

CrashedSession::CrashedSession(CrashedSession &&) noexcept = default;
CrashedSession &CrashedSession::operator=(CrashedSession &&) noexcept = default;
CrashedSession::~CrashedSession() = default;

bool CrashedSession::discard()
{
    const bool removed = !QFile::exists(m_filePath) || QFile::remove(m_filePath);
    if (removed)
        m_lock.reset();
    return removed;
}

void CrashedSession::keep()
{
    m_lock.reset();
}

} // namespace provtree
