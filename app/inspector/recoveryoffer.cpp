#include "recoveryoffer.h"

#include "providertree.h"
#include "snapshotreader.h"

#include <QFileInfo>

namespace provtree {

namespace {

// The records of a snapshot that loads: read, then checked by Placement's rules, as Open
// would (a file that parses but breaks a rule would not open either).
Result<QList<ProviderData>> loadable(const QString &path)
{
    Result<QList<ProviderData>> records = readSnapshotFile(path);
    if (!records.ok())
        return records;
    ProviderTree check;
    const Status status = check.replaceAll(records.value());
    if (!status.ok())
        return status;
    return records;
}

} // namespace

Result<RecoveryOffer> RecoveryOffer::prepare(const QString &recoveryFile, const QString &samplePath)
{
    Result<RecoveredState> state = readRecoveryFile(recoveryFile);
    if (!state.ok())
        return state.status();
    RecoveryOffer offer;
    offer.recoveryFile = recoveryFile;
    offer.info = state.value().info;
    offer.recovered = std::move(state.value().providers);

    switch (offer.info.document) {
    case RecoveryInfo::Document::Untitled:
        offer.originalState = Original::Untitled;
        break;
    case RecoveryInfo::Document::Sample: {
        Result<QList<ProviderData>> sample = readSnapshotFile(samplePath);
        offer.originalState = sample.ok() ? Original::Sample : Original::Unreadable;
        offer.originalProblems = sample.problems();
        if (sample.ok())
            offer.original = std::move(sample.value());
        break;
    }
    case RecoveryInfo::Document::File: {
        const QFileInfo file(offer.info.path);
        if (!file.exists()) {
            offer.originalState = Original::Missing;
            break;
        }
        offer.originalModifiedNow = file.lastModified();
        Result<QList<ProviderData>> records = loadable(offer.info.path);
        if (!records.ok()) {
            offer.originalState = Original::Unreadable;
            offer.originalProblems = records.problems();
            break;
        }
        offer.original = std::move(records.value());
        // Unknown (never recorded) counts as unchanged: there is nothing to compare with.
        const bool timeDiffers = offer.info.fileModified.isValid() && offer.info.fileModified != file.lastModified();
        const bool sizeDiffers = offer.info.fileSize >= 0 && offer.info.fileSize != file.size();
        offer.originalState = timeDiffers || sizeDiffers ? Original::ChangedOnDisk : Original::Unchanged;
        break;
    }
    }
    offer.diff = TreeDiff::compute(offer.original, offer.recovered);
    return offer;
}

} // namespace provtree
