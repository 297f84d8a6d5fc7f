#pragma once

#include <QString>
#include <QStringView>

#include <optional>

// The few pieces of Python (3.11, Debian bookworm's) and of oslo.utils whose exact behaviour
// decides what Placement 8 accepts in a GET /allocation_candidates query: Placement parses
// amounts with int(), trims names with str.strip(), checks uuids with
// oslo_utils.uuidutils.is_uuid_like and matches keys with re patterns ending in `$`.
// Reimplemented here (not approximated with Qt's own helpers, which differ at the edges:
// QString::trimmed() keeps U+001C..U+001F, toLongLong() refuses "1_000" and Arabic-Indic
// digits) so that the request parser refuses exactly what Placement refuses.
// Thread-safe: pure functions.
namespace provtree::pythonsyntax {

// str.isspace() for one code point: \t \n \v \f \r, U+001C..U+001F, space, U+0085, U+00A0,
// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
[[nodiscard]] bool isSpace(char32_t codePoint);

// str.strip() without arguments: `text` without leading and trailing isSpace() code points.
[[nodiscard]] QStringView strip(QStringView text);

// The outcome of int(text) (base 10).
struct PythonInt
{
    bool valid = false;    // int() returned (false: it raised ValueError)
    bool negative = false; // a value below zero
    QString digits;        // the magnitude in ASCII decimal, no leading zeros ("0" for zero)
    std::optional<qint64> value; // the value, when it fits in a qint64

    // The value as Python prints it ("-12", "0"); empty unless valid.
    [[nodiscard]] QString text() const;
};

// int(text): surrounding whitespace (isSpace()), an optional sign, then decimal digits of
// any script (Unicode category Nd, e.g. U+0663 ARABIC-INDIC DIGIT THREE) with single
// underscores allowed between digits; at most 4,300 digits (Python 3.11's
// sys.int_info.default_max_str_digits: more raise ValueError).
[[nodiscard]] PythonInt parseInt(QStringView text);

// oslo_utils.uuidutils.is_uuid_like: after removing every "urn:" and then every "uuid:",
// stripping '{' and '}' from both ends and removing every '-', exactly 32 hex digits (either
// case) remain. So "{...}", "urn:uuid:...", upper case and dashless forms are uuids;
// surrounding spaces are not.
[[nodiscard]] bool isUuidLike(QStringView text);

// What a Python pattern anchored with `$` (re.search / re.match, no MULTILINE) sees as the
// whole subject: `$` also matches before one newline at the very end, so the pattern
// "^resources([a-zA-Z0-9_-]{1,64})?$" accepts "resources\n". `text` without that one final
// '\n' (for patterns that cannot match a newline themselves).
[[nodiscard]] QStringView dollarSubject(QStringView text);

} // namespace provtree::pythonsyntax
