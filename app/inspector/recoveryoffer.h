#pragma once

#include "problem.h"
#include "providerdata.h"
#include "recoveryfile.h"
#include "treediff.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace provtree {

// What the inspector offers back from one recovery file: the recovered state, the original
// document as it is on disk now, and the difference between the two, which is what
// "Recover" would bring back as unsaved changes.
//
// Prepared without widgets (it reads both files and computes the diff); RecoveryDialog
// shows it. Reentrant.
struct RecoveryOffer
{
    // The original document now, compared with when the edits began.
    enum class Original {
        Unchanged,     // the file as it was when opened or last saved
        ChangedOnDisk, // the file was modified since (its time or size differ)
        Missing,       // the file is gone
        Unreadable,    // the file cannot be read or is no longer a valid snapshot
        Sample,        // the sample built into the inspector
        Untitled,      // a document that was never saved
    };

    QString recoveryFile;
    RecoveryInfo info;
    QList<ProviderData> recovered;
    QList<ProviderData> original;   // the original as it is now; empty when there is none
    Original originalState = Original::Untitled;
    Problems originalProblems;      // Unreadable: why
    QDateTime originalModifiedNow;  // File: the modification time it has now
    TreeDiff diff;                  // original -> recovered

    // Reads `recoveryFile` and the original it names (`samplePath` for the sample).
    // Errors: those of readRecoveryFile(); an unreadable original is not an error (the
    // state can still be recovered, as a new document).
    [[nodiscard]] static Result<RecoveryOffer> prepare(const QString &recoveryFile, const QString &samplePath);

    // True when the original can be opened and the edits applied to it.
    [[nodiscard]] bool hasOriginal() const
    {
        return originalState == Original::Unchanged || originalState == Original::ChangedOnDisk
            || originalState == Original::Sample;
    }
};

} // namespace provtree
