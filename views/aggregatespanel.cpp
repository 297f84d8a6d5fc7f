#include "aggregatespanel.h"

#include "providerqueries.h"
#include "treeeditor.h"
#include "validation.h"

namespace provtree {

AggregatesPanel::AggregatesPanel(ProviderTree &tree, TreeEditor &editor, QWidget *parent)
    : MembershipPanel(tree, editor, kind(), parent)
{
}

AggregatesPanel::~AggregatesPanel() = default;

MembershipPanel::Kind AggregatesPanel::kind()
{
    return {
        .part = ProviderPart::Aggregates,
        .members = &ProviderData::aggregates,
        .completions = [](const ProviderTree &tree) { return queries::aggregates(tree); },
        .sharing = [](const ProviderTree &tree, QStringView aggregate) {
            return queries::providersInAggregate(tree, aggregate);
        },
        .add = [](TreeEditor &editor, const QString &uuid, const QString &text) -> Kind::Added {
            // Not a uuid: handed on as typed, so that the refusal is the core's own message.
            const QString aggregate = validation::canonicalUuid(text).value_or(text);
            const Status status = editor.addAggregate(uuid, aggregate);
            return {status.ok(), aggregate, status};
        },
        .remove = &TreeEditor::removeAggregates,
        .listName = QStringLiteral("aggregateList"),
        .editName = QStringLiteral("aggregateEdit"),
        .listAccessibleName = tr("Aggregates"),
        .editAccessibleName = tr("Aggregate to add"),
        .addAccessibleName = tr("Add aggregate"),
        .removeAccessibleName = tr("Remove the selected aggregates"),
        .editPlaceholder = tr("Aggregate uuid to add (8-4-4-4-12 hex digits)"),
        .removeToolTip = tr("Remove the selected aggregates (Delete)"),
        .othersAccessibleName = tr("Other providers in the aggregate"),
        .selectHint = tr("Select an aggregate to see which other providers are in it."),
        .noOthers = tr("No other provider is in aggregate %1."),
        .othersTitle = tr("Other providers in aggregate %1 (%2):"),
    };
}

} // namespace provtree
