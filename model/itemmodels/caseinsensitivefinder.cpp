#include "caseinsensitivefinder.h"

#include <algorithm>

namespace provtree {

namespace {

constexpr char16_t asciiFolded(char16_t c)
{
    return c >= u'A' && c <= u'Z' ? char16_t(c + (u'a' - u'A')) : c;
}

} // namespace

CaseInsensitiveFinder::CaseInsensitiveFinder(const QString &text)
    : m_text(text),
      m_ascii(std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; }))
{
    if (m_ascii) {
        m_folded.resize(text.size());
        std::transform(text.cbegin(), text.cend(), m_folded.begin(),
                       [](QChar c) { return QChar(asciiFolded(c.unicode())); });
    }
}

bool CaseInsensitiveFinder::isIn(QStringView haystack) const
{
    if (!m_ascii)
        return haystack.contains(m_text, Qt::CaseInsensitive);
    const qsizetype length = m_folded.size();
    if (length == 0)
        return true;
    const char16_t *needle = QStringView(m_folded).utf16();
    const char16_t *hay = haystack.utf16();
    // Every window either fails on an ASCII character (the fold is the same as Qt's) or
    // meets one beyond ASCII, and then Qt answers for the whole haystack.
    for (qsizetype start = 0; start + length <= haystack.size(); ++start) {
        qsizetype at = 0;
        for (; at < length; ++at) {
            const char16_t c = hay[start + at];
            if (c >= 0x80)
                return haystack.contains(m_text, Qt::CaseInsensitive);
            if (asciiFolded(c) != needle[at])
                break;
        }
        if (at == length)
            return true;
    }
    return false;
}

} // namespace provtree
