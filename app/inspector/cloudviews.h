#pragma once

#include "problem.h"
#include "pushplandialog.h"
#include "pushresultdialog.h"
#include "threewaydialog.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>

// What the cloud dialogs show, made from the backend's results: the views get text only
// (they know no JSON), every name neutralised. Pure functions; any thread.
namespace provtree {

struct PushOutcome;
struct PushPlan;
struct ThreeWayField;

[[nodiscard]] PushPlanView pushPlanView(const PushPlan &plan, const QString &target, bool rebase);

// Call by call what was applied (execution.applied), which one failed and why, what was
// not sent; the status's other errors; and `localNote` (what became of the local edits).
[[nodiscard]] PushResultView pushResultView(const PushOutcome &outcome, const Status &status, const QString &target,
                                            const QString &localNote);

// The rows of the three-way dialog, grouped by provider in the order given. `names` maps
// uuids to provider names for parents (a uuid without a name shows as itself).
[[nodiscard]] ThreeWayView threeWayView(const QList<ThreeWayField> &fields, const QString &target,
                                        const QString &summary, bool canResolve,
                                        const QHash<QString, QString> &names);

// One value of a three-way row as a cell shows it. Inventories show `total` and the fields
// in which the three values differ (`others` are the row's three values); traits and
// aggregates other than the pulled ones as +added −removed against `pulled`.
//   undefined: "(no provider)"; null inventory: "(none)"; null parent: "(root)"
[[nodiscard]] QString threeWayCell(const QString &field, const QJsonValue &value, const QJsonValue &pulled,
                                   const QList<QJsonValue> &others, bool isPulled,
                                   const QHash<QString, QString> &names);
// The whole value, for a tooltip.
[[nodiscard]] QString threeWayFullText(const QString &field, const QJsonValue &value,
                                       const QHash<QString, QString> &names);

} // namespace provtree
