#include "cloudviews.h"

#include "neutralise.h"
#include "pushoutcome.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace provtree {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("provtree::CloudViews", text);
}

const QStringList kInventoryFields{QStringLiteral("total"),    QStringLiteral("reserved"),
                                   QStringLiteral("min_unit"), QStringLiteral("max_unit"),
                                   QStringLiteral("step_size"), QStringLiteral("allocation_ratio")};

QString number(const QJsonValue &value)
{
    return QString::number(value.toDouble(), 'g', 15);
}

bool isInventory(const QString &field)
{
    return field.startsWith(QLatin1String("inventories."));
}

bool isList(const QString &field)
{
    return field == QLatin1String("traits") || field == QLatin1String("aggregates");
}

QString providerLabel(const QString &uuid, const QHash<QString, QString> &names)
{
    const QString name = names.value(uuid);
    return name.isEmpty() ? neutralisedIfNeeded(uuid) : neutralised(name);
}

QString inventoryText(const QJsonObject &record, const QStringList &keys)
{
    QStringList parts;
    for (const QString &key : keys)
        parts.append(key + QLatin1Char(' ') + number(record.value(key)));
    return parts.join(QStringLiteral(", "));
}

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(neutralisedIfNeeded(item.toString()));
    return list;
}

QString listText(const QStringList &list)
{
    return list.isEmpty() ? tr("(none)") : list.join(QStringLiteral(", "));
}

// "+C −B" against `pulled`; "as pulled" when equal.
QString listChange(const QJsonValue &value, const QJsonValue &pulled)
{
    const QStringList now = strings(value);
    const QStringList before = strings(pulled);
    QStringList parts;
    for (const QString &item : now) {
        if (!before.contains(item))
            parts.append(QLatin1Char('+') + item);
    }
    for (const QString &item : before) {
        if (!now.contains(item))
            parts.append(QChar(0x2212) + item);
    }
    return parts.isEmpty() ? tr("as pulled") : parts.join(QLatin1Char(' '));
}

QString outcomeText(ThreeWayField::Outcome outcome)
{
    switch (outcome) {
    case ThreeWayField::Outcome::Mine: return tr("mine");
    case ThreeWayField::Outcome::Placement: return tr("Placement's");
    case ThreeWayField::Outcome::Same: return tr("same");
    case ThreeWayField::Outcome::Conflict: return tr("conflict: Placement's");
    }
    return {};
}

} // namespace

PushPlanView pushPlanView(const PushPlan &plan, const QString &target, bool rebase)
{
    return PushPlanView{target, plan.calls.size(), plan.toText(), rebase, 0};
}

PushResultView pushResultView(const PushOutcome &outcome, const Status &status, const QString &target,
                              const QString &localNote)
{
    PushResultView view;
    view.target = target;
    view.localNote = localNote;
    const qsizetype applied = outcome.execution.applied;
    const bool failed = outcome.execution.failure.has_value();
    for (qsizetype i = 0; i < outcome.plan.calls.size(); ++i) {
        const PlannedCall &call = outcome.plan.calls.at(i);
        PushResultView::Call row;
        row.summary = call.summary;
        row.request = QString::fromLatin1(call.request.method) + QLatin1Char(' ') + neutralisedIfNeeded(call.request.path);
        row.state = i < applied                ? PushResultView::CallState::Applied
                    : (i == applied && failed) ? PushResultView::CallState::Failed
                                               : PushResultView::CallState::NotApplied;
        view.calls.append(row);
    }
    if (failed)
        view.failure = outcome.execution.failure->text();
    for (const Problem &problem : status.errors()) {
        if (failed && problem == *outcome.execution.failure)
            continue;
        view.problems.append(problem.text());
    }
    return view;
}

QString threeWayFullText(const QString &field, const QJsonValue &value, const QHash<QString, QString> &names)
{
    if (value.isUndefined())
        return tr("(no provider)");
    if (isInventory(field))
        return value.isNull() ? tr("(none)") : inventoryText(value.toObject(), kInventoryFields);
    if (isList(field))
        return listText(strings(value));
    if (field == QLatin1String("parent_provider_uuid"))
        return value.isNull() ? tr("(root)") : providerLabel(value.toString(), names) + QStringLiteral(" — ") + neutralisedIfNeeded(value.toString());
    if (field == QLatin1String("name"))
        return neutralised(value.toString(), 200);
    if (field == QLatin1String("provider")) {
        const QJsonObject object = value.toObject();
        const QJsonValue parent = object.value(QStringLiteral("parent_provider_uuid"));
        return tr("exists: %1 under %2")
                .arg(neutralised(object.value(QStringLiteral("name")).toString()),
                     parent.isNull() ? tr("(root)") : providerLabel(parent.toString(), names));
    }
    return neutralisedIfNeeded(value.toVariant().toString());
}

QString threeWayCell(const QString &field, const QJsonValue &value, const QJsonValue &pulled,
                     const QList<QJsonValue> &others, bool isPulled, const QHash<QString, QString> &names)
{
    if (value.isUndefined())
        return tr("(no provider)");
    if (isInventory(field) && value.isObject()) {
        // total, then what differs between the states: the cell says what matters.
        QStringList keys{QStringLiteral("total")};
        for (const QString &key : kInventoryFields) {
            if (keys.contains(key))
                continue;
            for (const QJsonValue &other : others) {
                if (other.isObject() && other.toObject().value(key) != value.toObject().value(key)) {
                    keys.append(key);
                    break;
                }
            }
        }
        return inventoryText(value.toObject(), keys);
    }
    if (isList(field) && !isPulled && pulled.isArray())
        return listChange(value, pulled);
    if (field == QLatin1String("parent_provider_uuid"))
        return value.isNull() ? tr("(root)") : providerLabel(value.toString(), names);
    if (field == QLatin1String("provider"))
        return tr("exists");
    return threeWayFullText(field, value, names);
}

ThreeWayView threeWayView(const QList<ThreeWayField> &fields, const QString &target, const QString &summary,
                          bool canResolve, const QHash<QString, QString> &names)
{
    ThreeWayView view;
    view.target = target;
    view.summary = summary;
    view.canResolve = canResolve;
    // Grouped by provider, in the order the providers first appear.
    QStringList order;
    QHash<QString, QList<const ThreeWayField *>> byProvider;
    for (const ThreeWayField &field : fields) {
        if (!byProvider.contains(field.providerUuid))
            order.append(field.providerUuid);
        byProvider[field.providerUuid].append(&field);
    }
    for (const QString &uuid : order) {
        for (const ThreeWayField *field : byProvider.value(uuid)) {
            const QList<QJsonValue> all{field->pulled, field->mine, field->now};
            ThreeWayView::Row row;
            row.providerUuid = field->providerUuid;
            row.provider = neutralised(field->providerName);
            row.field = neutralisedIfNeeded(field->field);
            row.pulled = threeWayCell(field->field, field->pulled, field->pulled, all, true, names);
            row.mine = threeWayCell(field->field, field->mine, field->pulled, all, false, names);
            row.now = threeWayCell(field->field, field->now, field->pulled, all, false, names);
            row.pulledFull = threeWayFullText(field->field, field->pulled, names);
            row.mineFull = threeWayFullText(field->field, field->mine, names);
            row.nowFull = threeWayFullText(field->field, field->now, names);
            row.outcome = outcomeText(field->outcome);
            row.detail = field->detail;
            row.conflict = field->isConflict();
            view.rows.append(row);
        }
    }
    return view;
}

} // namespace provtree
