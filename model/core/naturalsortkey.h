#pragma once

#include <QString>
#include <QStringView>

namespace provtree {

// A string whose plain (UTF-16 code unit) order is the natural order of `text`:
// case-insensitive, and every run of ASCII digits compared as the number it spells, so
// that "cn-2" < "cn-10", "numa0" < "numa1" < "NUMA2" and "cn-007" sorts with "cn-7".
//
// Why a key rather than a comparison function: sorting 100,000 providers compares each
// one about 17 times; computing the key once per provider and comparing keys is several
// times faster than QCollator's numeric mode (which also depends on the locale) or a
// character-by-character natural compare.
//
// Form: characters are case-folded; a digit run becomes u'0' (so a number sorts where a
// digit does against other characters), the count of its significant digits as one
// code unit, then those digits ("007" -> '0', 1, '7'; "0" -> '0', 1, '0'). A marker can
// only meet another marker at the same position, so comparing the counts first compares
// the numbers by magnitude. Equal keys (different case, leading zeros) are left for the
// caller to break, e.g. by the text itself.
//
// Pure function; thread-safe. O(text.size()).
[[nodiscard]] QString naturalSortKey(QStringView text);

// The natural order of two strings (<0, 0, >0) through their keys, for sorting a few
// thousand items; ties (different case, leading zeros) are 0.
[[nodiscard]] int naturalCompare(QStringView a, QStringView b);

} // namespace provtree
