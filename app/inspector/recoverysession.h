#pragma once

#include "problem.h"
#include "recoveryfile.h"

#include <QString>

#include <memory>
#include <vector>

class QLockFile;

namespace provtree {

// The recovery directory and who owns what in it (README.md, "Crash recovery").
//
// Every running inspector has a session: a fresh id, a recovery file `ID.recovery` that
// its Autosaver writes, and a lock file `ID.lock` (QLockFile) held for as long as the
// process lives. A running instance's lock cannot be taken by another process, so its
// recovery file is never mistaken for a crashed one; when a process dies (kill -9, a
// crash, a power cut), its lock becomes stale (QLockFile checks that the process is gone,
// or the machine rebooted) and its file is offered at the next start.
//
// The directory is created owner-only (0700): recovery files hold the user's data.
// Not thread-safe; the inspector uses these from the GUI thread.
class RecoverySession
{
public:
    // <AppDataLocation>/recovery, e.g. ~/.local/share/provtree/provtree-inspector/recovery
    // (it follows XDG_DATA_HOME and the application's organisation and name).
    [[nodiscard]] static QString defaultDirectory();

    // Starts a new session in `directory` (created if needed): takes the lock of a fresh
    // id. Errors: Io (the directory cannot be created, the lock cannot be taken).
    [[nodiscard]] static Result<std::unique_ptr<RecoverySession>> start(const QString &directory);

    ~RecoverySession(); // releases the lock; the recovery file is the Autosaver's business
    RecoverySession(const RecoverySession &) = delete;
    RecoverySession &operator=(const RecoverySession &) = delete;

    [[nodiscard]] QString id() const { return m_id; }
    [[nodiscard]] QString directory() const { return m_directory; }
    // Where this session's state goes: DIRECTORY/ID.recovery.
    [[nodiscard]] QString filePath() const;

private:
    RecoverySession(QString directory, QString id, std::unique_ptr<QLockFile> lock);

    QString m_directory;
    QString m_id;
    std::unique_ptr<QLockFile> m_lock; // Owned; locked for the session's lifetime.
};

// The recovery file of a session whose process is gone, with that session's lock taken by
// this process while it decides, so that two instances starting together do not both
// offer it. Movable, not copyable; destroying it releases the lock and keeps the file.
class CrashedSession
{
public:
    // Every crashed session in `directory` with a readable header, newest state first,
    // except `ownId` (the caller's own session). Sessions still running are skipped (their
    // lock is held); so are files whose header cannot be read (they are left alone, with a
    // warning in the log). Stale lock files without a recovery file (a session that
    // crashed with nothing unsaved) are removed.
    [[nodiscard]] static std::vector<CrashedSession> find(const QString &directory, const QString &ownId = {});

    CrashedSession(CrashedSession &&) noexcept;
    CrashedSession &operator=(CrashedSession &&) noexcept;
    ~CrashedSession();

    [[nodiscard]] QString filePath() const { return m_filePath; }
    [[nodiscard]] const RecoveryInfo &info() const { return m_info; }

    // Deletes the recovery file, then releases the lock (which deletes the lock file).
    // Returns false if the file could not be deleted.
    bool discard();
    // Releases the lock; the file stays and is offered again at the next start.
    void keep();

private:
    CrashedSession(QString filePath, RecoveryInfo info, std::unique_ptr<QLockFile> lock);

    QString m_filePath;
    RecoveryInfo m_info;
    std::unique_ptr<QLockFile> m_lock; // Owned; locked until discard() or keep().
};

} // namespace provtree
