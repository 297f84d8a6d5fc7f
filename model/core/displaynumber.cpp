#include "displaynumber.h"

#include <QLocale>

#include <cmath>

namespace provtree {

QString displayNumber(double value)
{
    // 'g' alone writes 1000000 as 1e+06 and 0.0001 as 1e-04; 'f' alone writes a float
    // limit as 39 digits. Totals stay below 2^31 and ratios are rarely below 1e-5.
    const double magnitude = std::abs(value);
    if (value == 0 || (magnitude >= 1e-5 && magnitude < 1e15))
        return QString::number(value, 'f', QLocale::FloatingPointShortest);
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString groupedNumber(qint64 value, QLocale locale)
{
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(value);
}

} // namespace provtree
