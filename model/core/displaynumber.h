#pragma once

#include <QLocale>
#include <QString>

namespace provtree {

// A number as people read it in messages, undo texts and tables: the shortest decimal that
// reads back to the same double, in plain notation (16, 1.5, 0.1, 1000000) from 1e-5 up to
// 1e15, in exponent notation beyond (1e+17, 3.40282e+38). Not locale-dependent, so what it
// shows can be typed back. Not a file format: snapshots use formatAllocationRatio().
// Thread-safe.
[[nodiscard]] QString displayNumber(double value);

// A count or a sum for reading, not for typing back (the resource summary's totals, a
// number of providers): its digits grouped as `locale` groups them (1,234,567 in English
// and in the C locale, 1.234.567 in German), also when the locale's options leave the
// groups out (item views hand their delegates such a locale). Thread-safe.
[[nodiscard]] QString groupedNumber(qint64 value, QLocale locale = QLocale());

} // namespace provtree
