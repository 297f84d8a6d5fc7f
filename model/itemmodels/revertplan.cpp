#include "revertplan.h"

#include "diffmodel.h"
#include "neutralise.h"
#include "providertree.h"
#include "treeeditor.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace provtree {

namespace {

QString planText(const char *text)
{
    return QCoreApplication::translate("provtree::RevertPlan", text);
}

// `one` for 1, else `many` with %1 the number (English plurals without a translator).
QString counted(qsizetype n, const char *one, const char *many)
{
    return n == 1 ? planText(one) : planText(many).arg(n);
}

QString shownName(const QString &name)
{
    return neutralisedIfNeeded(name);
}

// "a", "a and b", "a, b and c", "a, b, c, d, e and 3 more".
QString nameList(const QStringList &names)
{
    constexpr qsizetype kMaxNamed = 5;
    if (names.size() == 1)
        return names.constFirst();
    if (names.size() <= kMaxNamed)
        return planText("%1 and %2").arg(names.mid(0, names.size() - 1).join(QStringLiteral(", ")), names.constLast());
    return planText("%1 and %2 more").arg(names.mid(0, kMaxNamed).join(QStringLiteral(", ")),
                                    QString::number(names.size() - kMaxNamed));
}

// The provider's name in the tree now, shown.
QString nameInTree(const ProviderTree &tree, const QString &uuid)
{
    const std::optional<ProviderData> data = tree.data(uuid);
    return data ? shownName(data->name) : QString();
}

// Why `record` cannot come back into `tree` as it is, or empty; `restored` is the provider
// the user chose (its name shown).
QString collision(const ProviderTree &tree, const ProviderData &record, const QString &restored)
{
    if (tree.exists(record.uuid))
        return planText("%1 cannot be restored: %2 is in the tree again.").arg(restored, shownName(record.name));
    const std::optional<ProviderData> holder = tree.data(record.name);
    if (holder && holder->uuid != record.uuid) {
        return planText("%1 cannot be restored: another provider is called %2 now. Rename that one first.")
                .arg(restored, shownName(record.name));
    }
    return {};
}

bool hasAllocations(const ProviderData &data)
{
    return std::any_of(data.usages.cbegin(), data.usages.cend(), [](qint64 used) { return used > 0; });
}

} // namespace

RevertPlan RevertPlan::make(const DiffModel &model, const QString &uuid, const ProviderTree &tree,
                            const QString &oldName)
{
    RevertPlan plan;
    const QModelIndex index = model.indexForUuid(uuid);
    const DiffModel::Entry *entry = model.entryAt(index);
    if (!entry || entry->status == DiffStatus::Unchanged)
        return plan;
    plan.m_uuid = uuid;
    plan.m_name = shownName(entry->current().name);
    const QString old = shownName(oldName);

    // The rows below `index` in the merged tree, top-down.
    const auto below = [&model](const QModelIndex &top) {
        QList<const DiffModel::Entry *> out;
        QList<QModelIndex> stack;
        for (int row = model.rowCount(top) - 1; row >= 0; --row)
            stack.append(model.index(row, 0, top));
        while (!stack.isEmpty()) {
            const QModelIndex at = stack.takeLast();
            out.append(model.entryAt(at));
            for (int row = model.rowCount(at) - 1; row >= 0; --row)
                stack.append(model.index(row, 0, at));
        }
        return out;
    };

    switch (entry->status) {
    case DiffStatus::Unchanged:
        return plan;
    case DiffStatus::Removed: {
        plan.m_action = Action::Restore;
        // A removed provider sits under its old parent in the merged tree: the removed
        // ancestors are the rows above it up to the first that is not removed.
        QList<ProviderData> ancestors;
        for (QModelIndex up = index.parent(); up.isValid(); up = up.parent()) {
            const DiffModel::Entry *above = model.entryAt(up);
            if (!above || above->status != DiffStatus::Removed || !above->before)
                break;
            ancestors.prepend(*above->before);
            plan.m_ancestors.prepend(shownName(above->before->name));
        }
        plan.m_records = ancestors;
        plan.m_records.append(*entry->before);
        // Everything below a removed row was removed with it (a provider that stayed sits
        // under its new parent).
        for (const DiffModel::Entry *child : below(index)) {
            if (child->status == DiffStatus::Removed && child->before) {
                plan.m_records.append(*child->before);
                ++plan.m_descendants;
            }
        }
        const QString &topParent = plan.m_records.constFirst().parentUuid;
        if (!topParent.isEmpty() && !tree.exists(topParent)) {
            plan.m_blocked = planText("%1 cannot be restored: its parent %2 is not in the tree.")
                                     .arg(plan.m_name, shownName(model.oldNameOf(topParent)));
        }
        for (qsizetype i = 0; i < plan.m_records.size() && plan.m_blocked.isEmpty(); ++i)
            plan.m_blocked = collision(tree, plan.m_records.at(i), plan.m_name);

        const QString descendants = counted(plan.m_descendants, "1 removed descendant", "%1 removed descendants");
        if (plan.m_ancestors.isEmpty()) {
            plan.m_description = plan.m_descendants == 0
                ? planText("Restores %1 as it is in %2.").arg(plan.m_name, old)
                : planText("Restores %1 with its %2 as they are in %3.").arg(plan.m_name, descendants, old);
            plan.m_undoText = plan.m_descendants == 0 ? planText("Restore %1").arg(plan.m_name)
                : plan.m_descendants == 1 ? planText("Restore %1 and 1 descendant").arg(plan.m_name)
                                          : planText("Restore %1 and %2 descendants")
                                                    .arg(plan.m_name, QString::number(plan.m_descendants));
        } else {
            const QString ancestorsText = nameList(plan.m_ancestors);
            plan.m_description = plan.m_descendants == 0
                ? planText("Restores %1 with %2 above it (removed too) as they are in %3.")
                          .arg(plan.m_name, ancestorsText, old)
                : planText("Restores %1 with %2 above it (removed too) and its %3 as they are in %4.")
                          .arg(plan.m_name, ancestorsText, descendants, old);
            plan.m_undoText = planText("Restore %1 with %2").arg(plan.m_name, ancestorsText);
        }
        return plan;
    }
    case DiffStatus::Added: {
        plan.m_action = Action::Remove;
        const QList<const DiffModel::Entry *> subtree = below(index);
        for (const DiffModel::Entry *child : subtree) {
            if (child->status != DiffStatus::Added) {
                plan.m_blocked = planText("%1 cannot be removed here: %2 was moved under it since; revert %2 first.")
                                         .arg(plan.m_name, shownName(child->current().name));
                break;
            }
        }
        QList<const DiffModel::Entry *> all = subtree;
        all.prepend(entry);
        for (const DiffModel::Entry *e : all) {
            const std::optional<ProviderData> now = tree.data(e->uuid());
            if (plan.m_blocked.isEmpty() && now && hasAllocations(*now)) {
                plan.m_blocked = e == entry ? planText("%1 cannot be removed: it has allocations (usages). Set them to 0 first.")
                                                      .arg(plan.m_name)
                                            : planText("%1 cannot be removed: %2 below it has allocations (usages). Set them "
                                                 "to 0 first.").arg(plan.m_name, shownName(now->name));
            }
        }
        plan.m_descendants = subtree.size();
        plan.m_description = plan.m_descendants == 0
            ? planText("Removes %1, which %2 does not have.").arg(plan.m_name, old)
            : planText("Removes %1 with its %2, which %3 does not have.")
                      .arg(plan.m_name, counted(plan.m_descendants, "1 descendant", "%1 descendants"), old);
        return plan;
    }
    case DiffStatus::Changed:
    case DiffStatus::Moved:
        break;
    }
    plan.m_action = Action::Revert;
    plan.m_before = *entry->before;
    plan.m_after = *entry->after;
    plan.m_description = planText("Gives %1 back its name, parent, inventories, usages, traits and aggregates as in %2.")
                                 .arg(plan.m_name, old);
    plan.m_undoText = planText("Revert %1 to %2").arg(plan.m_name, old);
    const QString &oldParent = plan.m_before.parentUuid;
    if (!oldParent.isEmpty() && oldParent != plan.m_after.parentUuid) {
        if (!tree.exists(oldParent)) {
            plan.m_blocked = planText("%1 cannot be reverted: its old parent %2 is not in the tree. Restore %2 first.")
                                     .arg(plan.m_name, shownName(model.oldNameOf(oldParent)));
        } else {
            // Under its old parent again must not make a cycle: the old parent may be below it now.
            for (std::optional<ProviderData> at = tree.data(oldParent); at; at = at->isRoot() ? std::nullopt : tree.data(at->parentUuid)) {
                if (at->uuid == uuid) {
                    plan.m_blocked = planText("%1 cannot be reverted: its old parent %2 is below it now. Move %2 first.")
                                             .arg(plan.m_name, nameInTree(tree, oldParent));
                    break;
                }
            }
        }
    }
    if (plan.m_blocked.isEmpty() && plan.m_before.name != plan.m_after.name) {
        const std::optional<ProviderData> holder = tree.data(plan.m_before.name);
        if (holder && holder->uuid != uuid) {
            plan.m_blocked = planText("%1 cannot be reverted: another provider is called %2 now. Rename it first.")
                                     .arg(plan.m_name, shownName(plan.m_before.name));
        }
    }
    return plan;
}

QString RevertPlan::question() const
{
    return planText("%1 was removed with %2 above it. Restore %2 too, as they are in the old state?\n\n%3")
            .arg(m_name, nameList(m_ancestors), m_description);
}

Status RevertPlan::apply(TreeEditor &editor) const
{
    switch (m_action) {
    case Action::None: return {};
    case Action::Restore: return editor.restoreProviders(m_records, m_undoText);
    case Action::Remove: return editor.removeSubtree(m_uuid);
    case Action::Revert: return editor.setProvider(m_after, m_before, m_undoText);
    }
    return {};
}

QString RevertPlan::title() const
{
    switch (m_action) {
    case Action::Restore: return planText("Cannot Restore");
    case Action::Remove: return planText("Cannot Remove");
    case Action::Revert:
    case Action::None: break;
    }
    return planText("Cannot Revert");
}

QString RevertPlan::summary() const
{
    switch (m_action) {
    case Action::Restore: return planText("%1 could not be restored.").arg(m_name);
    case Action::Remove: return planText("%1 could not be removed.").arg(m_name);
    case Action::Revert:
    case Action::None: break;
    }
    return planText("%1 could not be reverted.").arg(m_name);
}

QStringList RevertPlan::explain(const Status &status, const DiffModel &model) const
{
    static const QRegularExpression uuidPattern(
            QStringLiteral("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"));
    // The core's messages name providers by uuid; people know them by name.
    const auto named = [&](const QString &text) {
        QString out;
        qsizetype last = 0;
        for (auto it = uuidPattern.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            out += QStringView(text).mid(last, match.capturedStart() - last);
            out += shownName(model.nameOf(match.captured().toLower()));
            last = match.capturedEnd();
        }
        out += QStringView(text).mid(last);
        return out;
    };
    QStringList lines;
    const Problems problems = status.errors().isEmpty() ? status.problems() : status.errors();
    for (const Problem &problem : problems) {
        const QString who = problem.provider.isEmpty() ? QString() : named(neutralisedIfNeeded(problem.provider));
        if (who.isEmpty()) {
            lines.append(named(problem.message));
            continue;
        }
        // The refusals a revert meets, in words; others as the core words them.
        switch (problem.kind) {
        case ProblemKind::DuplicateName: lines.append(planText("%1: another provider has that name now.").arg(who)); break;
        case ProblemKind::DuplicateUuid: lines.append(planText("%1: it is in the tree again.").arg(who)); break;
        case ProblemKind::UnknownParent: lines.append(planText("%1: its parent is not in the tree.").arg(who)); break;
        case ProblemKind::ConcurrentChange:
            lines.append(planText("%1: it changed since the window showed it; look at it again.").arg(who));
            break;
        default: lines.append(planText("%1: %2").arg(who, named(problem.message))); break;
        }
    }
    return lines;
}

} // namespace provtree
