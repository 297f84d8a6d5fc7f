#pragma once

#include "candidatescommand.h"

namespace provtree::cli {

// provtree-cloud's `candidates`: CandidatesCommand with --live, which pulls the providers
// from the live Placement of the cloud options and asks that Placement the same request.
class LiveCandidatesCommand : public CandidatesCommand
{
protected:
    [[nodiscard]] std::unique_ptr<LivePlacement> connectLive(const QCommandLineParser &parser, const Console &console,
                                                             int &exitCode) const override;
};

} // namespace provtree::cli
