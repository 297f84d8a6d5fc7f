#pragma once

#include "connectdialog.h"
#include "problem.h"
#include "pushplandialog.h"
#include "pushresultdialog.h"
#include "threewaydialog.h"

#include <QString>

#include <functional>
#include <optional>

namespace provtree {

class MainWindow;

// What the inspector's cloud flows ask the user (CloudController, PushFlow). Defaults are
// the modal dialogs of views/; tests replace them. GUI thread only.
struct CloudPrompts
{
    // The answer to closing (or replacing) a document with edits not pushed to Placement.
    enum class Unpushed { Push, SaveAs, Discard, Cancel };

    // File > Connect to Placement…; nullopt: cancelled.
    std::function<std::optional<ConnectRequest>(const ConnectChoices &)> connect;
    // The plan before a push; true: push it.
    std::function<bool(const PushPlanView &)> reviewPlan;
    // What a push did.
    std::function<void(const PushResultView &)> showResult;
    // Placement changed what I edited: re-apply, drop, or keep everything local.
    std::function<ThreeWayChoice(const ThreeWayView &)> resolve;
    // The named document has edits not pushed.
    std::function<Unpushed(const QString &)> unpushed;
    // Why something could not be done (title, what, problems); the default is the window's
    // non-modal problems box.
    std::function<void(const QString &, const QString &, const Problems &)> problems;

    // The modal dialogs, parented to `window`.
    [[nodiscard]] static CloudPrompts dialogs(MainWindow *window);
};

} // namespace provtree
