#include "neutralise.h"

namespace provtree {

namespace {

// Characters that could end, fake or visually hide a line: C0/C1 controls, DEL, and
// Unicode format characters (bidi overrides, zero-width joiners), line/paragraph separators.
bool needsEscape(char16_t c)
{
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return true;
    const auto category = QChar::category(c);
    return category == QChar::Other_Format || category == QChar::Separator_Line
        || category == QChar::Separator_Paragraph;
}

void appendEscaped(QString &out, char16_t c)
{
    switch (c) {
    case u'\n': out += QLatin1String("\\n"); return;
    case u'\r': out += QLatin1String("\\r"); return;
    case u'\t': out += QLatin1String("\\t"); return;
    default: break;
    }
    if (c < 0x100)
        out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    else
        out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
}

} // namespace

QString neutralised(QStringView text, qsizetype maxChars)
{
    QString out;
    out.reserve(qMin(text.size(), maxChars) + 8);
    out += QLatin1Char('"');
    qsizetype taken = 0;
    for (const QChar ch : text) {
        if (taken == maxChars) {
            out += QLatin1String("...");
            break;
        }
        const char16_t c = ch.unicode();
        if (needsEscape(c))
            appendEscaped(out, c);
        else if (c == u'"' || c == u'\\')
            out += QLatin1Char('\\') + ch;
        else
            out += ch;
        ++taken;
    }
    out += QLatin1Char('"');
    return out;
}

QString neutralisedIfNeeded(QStringView text)
{
    QString quoted = neutralised(text, text.size());
    return quoted.size() == text.size() + 2 ? text.toString() : quoted;
}

} // namespace provtree
