#include "naturalsortkey.h"

#include <algorithm>

namespace provtree {

namespace {

bool isAsciiDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

QString naturalSortKey(QStringView text)
{
    QString key;
    key.reserve(text.size() + 8);
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        const char16_t c = text[i].unicode();
        if (!isAsciiDigit(c)) {
            // Per code unit: a surrogate folds to itself, so pairs stay intact.
            key += QChar(c).toCaseFolded();
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < n && isAsciiDigit(text[end].unicode()))
            ++end;
        qsizetype first = i;
        while (first < end - 1 && text[first] == u'0')
            ++first; // "000" keeps its last zero
        const qsizetype digits = end - first;
        key += QChar(u'0');
        // A name holds at most a few hundred characters; clamp anyway so that any count
        // fits in one code unit (and is never 0, which callers may use as a separator).
        key += QChar(char16_t(std::min<qsizetype>(digits, 0xffff)));
        key += text.sliced(first, digits);
        i = end;
    }
    return key;
}

int naturalCompare(QStringView a, QStringView b)
{
    return naturalSortKey(a).compare(naturalSortKey(b));
}

} // namespace provtree
