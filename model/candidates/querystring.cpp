#include "querystring.h"

#include <QStringBuilder>

#include <optional>

namespace provtree {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// urllib.parse.unquote_to_bytes: "%XX" with two hex digits is that byte; any other '%'
// stays as it is.
QByteArray percentDecoded(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '%' && i + 2 < bytes.size() && hexValue(bytes[i + 1]) >= 0
            && hexValue(bytes[i + 2]) >= 0) {
            out.append(char(hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2])));
            i += 2;
        } else {
            out.append(bytes[i]);
        }
    }
    return out;
}

// Where Python's strict UTF-8 decoder stops, and why (its own words).
struct Utf8Error
{
    qsizetype position = 0;
    const char *reason = "";
};

// Well-formed UTF-8 as RFC 3629 (and Python's codec) defines it: the second byte's range
// depends on the first (E0: A0-BF, ED: 80-9F, F0: 90-BF, F4: 80-8F), so overlong forms,
// surrogates and code points past U+10FFFF are refused.
std::optional<Utf8Error> utf8Error(QByteArrayView bytes)
{
    const auto byte = [&](qsizetype i) { return static_cast<unsigned char>(bytes[i]); };
    for (qsizetype i = 0; i < bytes.size();) {
        const unsigned char lead = byte(i);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead == 0xe0)
                low = 0xa0;
            else if (lead == 0xed)
                high = 0x9f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead == 0xf0)
                low = 0x90;
            else if (lead == 0xf4)
                high = 0x8f;
        } else {
            return Utf8Error{i, "invalid start byte"};
        }
        for (int k = 1; k < length; ++k) {
            if (i + k >= bytes.size())
                return Utf8Error{i, "unexpected end of data"};
            const unsigned char c = byte(i + k);
            const unsigned char min = k == 1 ? low : 0x80;
            const unsigned char max = k == 1 ? high : 0xbf;
            if (c < min || c > max)
                return Utf8Error{i, "invalid continuation byte"};
        }
        i += length;
    }
    return std::nullopt;
}

// One side of a pair: percent-decoded, then strict UTF-8.
Result<QString> decodedText(QByteArrayView raw)
{
    const QByteArray bytes = percentDecoded(raw);
    if (const auto error = utf8Error(bytes)) {
        const QString byteText = QStringLiteral("0x%1").arg(
            uint(static_cast<unsigned char>(bytes[error->position])), 2, 16, QLatin1Char('0'));
        return makeError(ProblemKind::Syntax,
                         QStringLiteral("Invalid query string parameters: 'utf-8' codec can't decode byte ")
                             % byteText % QStringLiteral(" in position ") % QString::number(error->position)
                             % QStringLiteral(": ") % QLatin1String(error->reason));
    }
    return QString::fromUtf8(bytes);
}

bool isKeptAsIs(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~' || c == ':' || c == ',' || c == '!';
}

void appendPercentEncoded(QString &out, QStringView text)
{
    static const char kHex[] = "0123456789ABCDEF";
    for (const char c : text.toUtf8()) {
        if (isKeptAsIs(c)) {
            out += QLatin1Char(c);
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += QLatin1Char('%');
            out += QLatin1Char(kHex[u >> 4]);
            out += QLatin1Char(kHex[u & 0xf]);
        }
    }
}

} // namespace

Result<QueryParameters> decodeQueryString(QByteArrayView query)
{
    QByteArray plusAsSpace = query.toByteArray();
    plusAsSpace.replace('+', ' ');
    QueryParameters parameters;
    for (const QByteArray &ampersandPart : plusAsSpace.split('&')) {
        for (const QByteArray &pair : ampersandPart.split(';')) {
            if (pair.isEmpty())
                continue;
            const qsizetype equals = pair.indexOf('=');
            const QByteArrayView rawKey = equals < 0 ? QByteArrayView(pair) : QByteArrayView(pair).first(equals);
            const QByteArrayView rawValue = equals < 0 ? QByteArrayView() : QByteArrayView(pair).sliced(equals + 1);
            Result<QString> key = decodedText(rawKey);
            if (!key.ok())
                return key.status();
            Result<QString> value = decodedText(rawValue);
            if (!value.ok())
                return value.status();
            parameters.append(QueryParameter{std::move(key.value()), std::move(value.value())});
        }
    }
    return parameters;
}

QString encodeQueryString(const QueryParameters &parameters)
{
    QString out;
    for (const QueryParameter &parameter : parameters) {
        if (!out.isEmpty())
            out += QLatin1Char('&');
        appendPercentEncoded(out, parameter.key);
        out += QLatin1Char('=');
        appendPercentEncoded(out, parameter.value);
    }
    return out;
}

} // namespace provtree
