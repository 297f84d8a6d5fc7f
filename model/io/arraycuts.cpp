#include "arraycuts.h"

#include <algorithm>
#include <cstring>

namespace provtree {

namespace {

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// The first "}" "," "{" whose comma is at or after `from`: the cut at that comma.
bool findCut(QByteArrayView text, qsizetype from, ArrayCut &cut)
{
    const char *const begin = text.data();
    const char *const end = begin + text.size();
    for (const char *p = begin + from; p < end;) {
        const auto *comma = static_cast<const char *>(std::memchr(p, ',', size_t(end - p)));
        if (!comma)
            return false;
        const char *before = comma;
        while (before > begin && isJsonWhitespace(before[-1]))
            --before;
        const char *after = comma + 1;
        while (after < end && isJsonWhitespace(*after))
            ++after;
        if (before > begin && before[-1] == '}' && after < end && *after == '{') {
            cut = {qsizetype(comma - begin), qsizetype(after - begin)};
            return true;
        }
        p = comma + 1;
    }
    return false;
}

} // namespace

std::vector<ArrayCut> guessArrayCuts(QByteArrayView text, qsizetype begin, int pieces)
{
    std::vector<ArrayCut> cuts;
    const qsizetype length = text.size() - begin;
    qsizetype from = begin + 1;
    for (int i = 1; i < pieces; ++i) {
        ArrayCut cut;
        if (!findCut(text, std::max(from, begin + length * i / pieces), cut))
            break;
        cuts.push_back(cut);
        from = cut.next + 1;
    }
    return cuts;
}

} // namespace provtree
