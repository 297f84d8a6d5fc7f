#include "pythonsyntax.h"

#include <QChar>
#include <QStringBuilder>

namespace provtree::pythonsyntax {

namespace {

// Python 3.11's sys.int_info.default_max_str_digits: int() of a string with more digits
// (underscores not counted) raises ValueError (CVE-2020-10735).
constexpr qsizetype kMaxIntDigits = 4300;

// The code point at `i` (a lone surrogate as itself) and how many UTF-16 units it takes.
char32_t codePointAt(QStringView text, qsizetype i, qsizetype *units)
{
    const QChar first = text[i];
    if (first.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
        *units = 2;
        return QChar::surrogateToUcs4(first, text[i + 1]);
    }
    *units = 1;
    return first.unicode();
}

// The code point that ends at `end` (exclusive) and how many units it takes.
char32_t codePointBefore(QStringView text, qsizetype end, qsizetype *units)
{
    const QChar last = text[end - 1];
    if (last.isLowSurrogate() && end >= 2 && text[end - 2].isHighSurrogate()) {
        *units = 2;
        return QChar::surrogateToUcs4(text[end - 2], last);
    }
    *units = 1;
    return last.unicode();
}

// What int() sees of one code point after _PyUnicode_TransformDecimalAndSpaceToASCII
// (Objects/unicodeobject.c): ASCII stays as it is, other whitespace becomes ' ', other
// decimal digits (category Nd) become their ASCII digit, anything else becomes '?', which
// no number contains.
char toIntAscii(char32_t c)
{
    if (c < 0x80)
        return char(c);
    if (isSpace(c))
        return ' ';
    if (QChar::category(c) == QChar::Number_DecimalDigit) {
        const int digit = QChar::digitValue(c);
        if (digit >= 0 && digit <= 9)
            return char('0' + digit);
    }
    return '?';
}

// Py_ISSPACE: the ASCII whitespace PyLong_FromString skips around the number (U+001C..U+001F
// are not in it, although str.isspace() says they are spaces).
bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool isAsciiHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}

} // namespace

bool isSpace(char32_t c)
{
    switch (c) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d:
    case 0x1c: case 0x1d: case 0x1e: case 0x1f: case 0x20:
    case 0x85: case 0xa0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200a;
    }
}

QStringView strip(QStringView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    qsizetype units = 0;
    while (begin < end && isSpace(codePointAt(text, begin, &units)))
        begin += units;
    while (end > begin && isSpace(codePointBefore(text, end, &units)))
        end -= units;
    return text.sliced(begin, end - begin);
}

QString PythonInt::text() const
{
    if (!valid)
        return {};
    return negative ? QLatin1Char('-') + digits : digits;
}

// PyLong_FromUnicodeObject and PyLong_FromString (Objects/longobject.c), base 10.
PythonInt parseInt(QStringView text)
{
    QByteArray ascii;
    ascii.reserve(text.size());
    for (qsizetype i = 0; i < text.size();) {
        qsizetype units = 0;
        ascii.append(toIntAscii(codePointAt(text, i, &units)));
        i += units;
    }

    PythonInt result;
    qsizetype i = 0;
    const qsizetype n = ascii.size();
    while (i < n && isAsciiSpace(ascii[i]))
        ++i;
    if (i < n && (ascii[i] == '+' || ascii[i] == '-'))
        result.negative = ascii[i++] == '-';
    // Digits, with single underscores between them (not first, not last, never two).
    QByteArray digits;
    bool lastWasDigit = false;
    for (; i < n; ++i) {
        const char c = ascii[i];
        if (c >= '0' && c <= '9') {
            digits.append(c);
            lastWasDigit = true;
        } else if (c == '_' && lastWasDigit && i + 1 < n && ascii[i + 1] >= '0' && ascii[i + 1] <= '9') {
            lastWasDigit = false;
        } else {
            break;
        }
    }
    while (i < n && isAsciiSpace(ascii[i]))
        ++i;
    if (digits.isEmpty() || i != n || digits.size() > kMaxIntDigits)
        return PythonInt{};

    qsizetype firstNonZero = 0;
    while (firstNonZero + 1 < digits.size() && digits[firstNonZero] == '0')
        ++firstNonZero;
    result.valid = true;
    result.digits = QString::fromLatin1(digits.sliced(firstNonZero));
    if (result.digits == QLatin1String("0"))
        result.negative = false;
    bool fits = false;
    const qint64 value = result.text().toLongLong(&fits);
    if (fits)
        result.value = value;
    return result;
}

bool isUuidLike(QStringView text)
{
    // _format_uuid_string: replace('urn:', ''), replace('uuid:', ''), strip('{}'),
    // replace('-', ''); uuid.UUID() does the same and then wants 32 hex digits, and
    // is_uuid_like compares its lower-case hex with that string, so nothing else may remain.
    QString s = text.toString();
    s.replace(QLatin1String("urn:"), QString());
    s.replace(QLatin1String("uuid:"), QString());
    qsizetype begin = 0;
    qsizetype end = s.size();
    while (begin < end && (s[begin] == u'{' || s[begin] == u'}'))
        ++begin;
    while (end > begin && (s[end - 1] == u'{' || s[end - 1] == u'}'))
        --end;
    qsizetype hexDigits = 0;
    for (qsizetype i = begin; i < end; ++i) {
        if (s[i] == u'-')
            continue;
        if (!isAsciiHexDigit(s[i]))
            return false;
        ++hexDigits;
    }
    return hexDigits == 32;
}

QStringView dollarSubject(QStringView text)
{
    return text.endsWith(u'\n') ? text.chopped(1) : text;
}

} // namespace provtree::pythonsyntax
