#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QList>
#include <QString>
#include <QStringView>

// Where in a snapshot or patch file a problem is: JSON locations such as
// "$.providers[3].inventories.VCPU.reserved" (README.md, "Reading"): keys that are plain
// names follow a dot, others are quoted and neutralised in brackets ($.usages["a b"]).
// Thread-safety: reentrant (pure functions).
namespace provtree {

// "$.providers[3]": the JSON location of the provider at `index` in a snapshot.
[[nodiscard]] QString providerLocation(qsizetype index);
// A JSON location step for an object key: ".VCPU" for a plain key (ASCII letters, digits
// and '_'), otherwise the key in brackets, quoted and neutralised: ["a b"].
[[nodiscard]] QString keyLocation(QStringView key);
// The location, within a provider, of a Problem::field: ".inventories.VCPU.reserved",
// ".name"; empty for an empty field. A class name that validation quoted stays quoted.
[[nodiscard]] QString fieldLocation(const QString &field);

// Gives each of the tree's problems about `records` (located by Problem::provider and
// ::field, as ProviderTree::replaceAll() reports them) its location in the snapshot the
// records were read from, in file order. Problem::provider is the record's uuid, or, for a
// record whose uuid is not a canonical uuid, the neutralised uuid (or name, when the uuid
// is empty): validation::checkProvider's labels; the tree's own checks name such a record
// by its uuid as given. A duplicate uuid is located at its second (third, ...) record.
// Problems already located, or about no record of `records`, are left as they are.
[[nodiscard]] Problems locate(Problems problems, const QList<ProviderData> &records);

} // namespace provtree
