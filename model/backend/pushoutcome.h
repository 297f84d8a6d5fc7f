#pragma once

#include "planexecutor.h"
#include "pushplan.h"
#include "threeway.h"
#include "treesource.h"

namespace provtree {

struct PushOptions
{
    bool dryRun = false; // plan only: read Placement, send no write
    // Re-apply my changes on top of what Placement changed since the pull, where they do
    // not touch the same fields (threeway.h's rule); without it, any change Placement made
    // to a provider the patch touches refuses the whole push before anything is sent.
    bool rebase = false;
};

// What a push did, or would do (dry run), or why it did not.
struct PushOutcome
{
    PushPlan plan;              // the calls, in order (empty when refused before planning)
    bool sent = false;          // whether any call was sent
    ExecutionReport execution;  // how far the plan got (applied; failure)
    // The three-way rows (pulled, mine, Placement now) of every field that Placement
    // changed since the pull, or that conflicts, of the providers the patch touches.
    QList<ThreeWayField> fields;
    // Placement's state of the touched trees after the push (read again after the calls;
    // before them for a dry run or a refusal): the new base to edit from.
    LoadedTree now;

    [[nodiscard]] bool hasConflicts() const;
    [[nodiscard]] QList<ThreeWayField> conflicts() const;
};

// A push as a running SourceOperation: outcome() after finished().
class PushOperation : public SourceOperation
{
    Q_OBJECT

public:
    using SourceOperation::SourceOperation;
    [[nodiscard]] const PushOutcome &outcome() const { return m_outcome; }

protected:
    PushOutcome m_outcome;
};

} // namespace provtree
