#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QByteArrayView>
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

// Names the provider of each problem located in a record of a snapshot's "$.providers"
// (N < records.size()): Problem::providerName becomes the record's name, and an empty
// Problem::provider its uuid (as given), so that where() says which provider it is.
[[nodiscard]] Problems withProviderNames(Problems problems, const QList<ProviderData> &records);

// Where each element of one array of a document begins, as the document's reader found
// them (JsonReader::offset()). The snapshot reader records each provider's, so that
// finding a problem in the last of 100,000 providers does not walk over the others.
struct ElementOffsets
{
    QString array;            // the array's JSON location, e.g. "$.providers"
    QList<qsizetype> offsets; // where element i begins in the text
};

// Gives each problem located by a JSON location ("$...") its Problem::line and ::column in
// `json`, the text it was read from: where the member's key begins (an array element's
// value, in an array), or, when the location goes deeper than the text does (a field the
// file leaves to its default, an inventory the file does not have), where the deepest part
// that is there begins. A key given twice in an object is found at its last occurrence
// (the one QJsonDocument keeps, and the one the snapshot reader calls a duplicate). The
// text is read only as far as the locations lead, and only when some problem has one.
// Problems located otherwise keep their line and column. Text that is not JSON where a
// location leads ends the search there.
[[nodiscard]] Problems withPositions(Problems problems, QByteArrayView json, const ElementOffsets &known = {});

} // namespace provtree
