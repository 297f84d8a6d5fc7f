#include "neutralise.h"

namespace provtree {

namespace {

void appendEscaped(QString &out, char32_t c)
{
    switch (c) {
    case U'\n': out += QLatin1String("\\n"); return;
    case U'\r': out += QLatin1String("\\r"); return;
    case U'\t': out += QLatin1String("\\t"); return;
    default: break;
    }
    if (c < 0x100)
        out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    else if (c < 0x10000)
        out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
    else
        out += QStringLiteral("\\U%1").arg(uint(c), 8, 16, QLatin1Char('0'));
}

// The next code point of `text` at `i` (a lone surrogate as itself), advancing `i`.
char32_t nextCodePoint(QStringView text, qsizetype &i)
{
    const QChar first = text[i++];
    if (first.isHighSurrogate() && i < text.size() && text[i].isLowSurrogate())
        return QChar::surrogateToUcs4(first, text[i++]);
    return first.unicode();
}

} // namespace

bool needsEscape(char32_t c)
{
    if (c >= 0x20 && c < 0x7f)
        return false; // printable ASCII: the common case, no table lookup
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return true;
    const auto category = QChar::category(c);
    return category == QChar::Other_Format || category == QChar::Separator_Line
        || category == QChar::Separator_Paragraph || category == QChar::Other_Surrogate;
}

QString neutralised(QStringView text, qsizetype maxChars)
{
    QString out;
    out.reserve(qMin(text.size(), maxChars) + 8);
    out += QLatin1Char('"');
    qsizetype taken = 0;
    for (qsizetype i = 0; i < text.size();) {
        if (taken == maxChars) {
            out += QLatin1String("...");
            break;
        }
        const qsizetype start = i;
        const char32_t c = nextCodePoint(text, i);
        if (needsEscape(c))
            appendEscaped(out, c);
        else if (c == U'"' || c == U'\\')
            out += QLatin1Char('\\') + QChar(char16_t(c));
        else
            out += text.sliced(start, i - start);
        ++taken;
    }
    out += QLatin1Char('"');
    return out;
}

QString neutralisedIfNeeded(QStringView text)
{
    for (qsizetype i = 0; i < text.size();) {
        if (needsEscape(nextCodePoint(text, i)))
            return neutralised(text, text.size());
    }
    return text.toString();
}

QString providerLabel(QStringView name, QStringView uuid)
{
    return QStringLiteral("%1 (%2)").arg(neutralised(name), neutralisedIfNeeded(uuid));
}

} // namespace provtree
