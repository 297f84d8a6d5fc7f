#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

// Recovery files: the inspector's autosaved unsaved edits (README.md, "Crash recovery").
//
// One file holds one edited state, in two parts:
//  1. one line of compact JSON, the header (RecoveryInfo): which document the state belongs
//     to, when it was taken, which session wrote it;
//  2. the state, byte for byte the canonical snapshot document a Save would write
//     (serialiseSnapshot()), so the same strict reader reads it back.
// A header line rather than a sidecar file keeps one file, written in one atomic step
// (QSaveFile), so a reader never sees a state with another state's header; and
// `tail -n +2 FILE` is a snapshot that provtree validate/diff and the inspector open.
//
// Thread-safety: reentrant; nothing here touches a tree or a widget, so a worker thread
// may write while the GUI thread goes on.
namespace provtree {

inline constexpr char kRecoveryFormat[] = "provtree-recovery";
inline constexpr int kRecoveryVersion = 1;

// What a recovery file says about the state it holds.
struct RecoveryInfo
{
    // The document the edits were made to.
    enum class Document {
        File,     // a snapshot file, `path`
        Sample,   // the sample built into the inspector
        Untitled, // no file yet (Save asks where)
    };
    Document document = Document::Untitled;
    QString path;           // File: the original file, absolute
    QDateTime fileModified; // File: its modification time when it was opened or saved; invalid: unknown
    qint64 fileSize = -1;   // File: its size then; -1: unknown
    QDateTime written;      // when the state was taken from the tree (UTC)
    QString session;        // the session (recovery file name without extension) that wrote it
    qint64 pid = 0;         // the process that wrote it
    qsizetype providers = 0; // how many providers the state holds

    bool operator==(const RecoveryInfo &) const = default;
};

// A recovery file read back: its header and the state.
struct RecoveredState
{
    RecoveryInfo info;
    QList<ProviderData> providers;
};

// The whole file: the header line, then serialiseSnapshot(providers). `info.providers` is
// set from `providers`.
[[nodiscard]] QByteArray encodeRecoveryFile(RecoveryInfo info, const QList<ProviderData> &providers);

// Writes encodeRecoveryFile() to `path` atomically (QSaveFile): on any error the file at
// `path` is left as it was and no temporary file remains. Errors: Io.
[[nodiscard]] Status writeRecoveryFile(const QString &path, const RecoveryInfo &info,
                                       const QList<ProviderData> &providers);

// The header alone (reads one line). Errors: Io, Syntax (not a recovery file of this
// version, a missing or mistyped field).
[[nodiscard]] Result<RecoveryInfo> readRecoveryInfo(const QString &path);
// Header and state. Errors: those of readRecoveryInfo(), and parseSnapshot()'s for the
// state, located as in a snapshot file; a provider count that does not match the header's
// (a file cut short) is a Syntax error too.
[[nodiscard]] Result<RecoveredState> readRecoveryFile(const QString &path);

} // namespace provtree
