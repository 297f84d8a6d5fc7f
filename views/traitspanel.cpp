#include "traitspanel.h"

#include "providerqueries.h"
#include "treeeditor.h"
#include "validation.h"

namespace provtree {

TraitsPanel::TraitsPanel(ProviderTree &tree, TreeEditor &editor, QWidget *parent)
    : MembershipPanel(tree, editor, kind(), parent)
{
}

TraitsPanel::~TraitsPanel() = default;

MembershipPanel::Kind TraitsPanel::kind()
{
    return {
        .part = ProviderPart::Traits,
        .members = &ProviderData::traits,
        .completions = [](const ProviderTree &tree) {
            QStringList names = validation::standardTraits() + queries::customTraits(tree);
            names.sort();
            return names;
        },
        .sharing = [](const ProviderTree &tree, QStringView trait) {
            return queries::providersWithTrait(tree, trait);
        },
        .add = [](TreeEditor &editor, const QString &uuid, const QString &trait) -> Kind::Added {
            const Status status = editor.addTrait(uuid, trait);
            if (!status.ok())
                return {false, trait, status};
            // The core checks the provider's whole list again, so its warnings may be about
            // traits added before; say only what concerns this one (the core's rule and words).
            return {true, trait, Status(validation::checkTrait(trait, uuid))};
        },
        .remove = &TreeEditor::removeTraits,
        .listName = QStringLiteral("traitList"),
        .editName = QStringLiteral("traitEdit"),
        .listAccessibleName = tr("Traits"),
        .editAccessibleName = tr("Trait to add"),
        .addAccessibleName = tr("Add trait"),
        .removeAccessibleName = tr("Remove the selected traits"),
        .editPlaceholder = tr("Trait to add, e.g. HW_CPU_X86_AVX2"),
        .removeToolTip = tr("Remove the selected traits (Delete)"),
        .othersAccessibleName = tr("Other providers with the trait"),
        .selectHint = tr("Select a trait to see which other providers have it."),
        .noOthers = tr("No other provider has %1."),
        .othersTitle = tr("Other providers with %1 (%2):"),
    };
}

} // namespace provtree
