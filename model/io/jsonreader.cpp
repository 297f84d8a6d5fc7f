#include "jsonreader.h"

#include <charconv>
#include <cstring>

namespace provtree {

namespace {

using namespace std::string_view_literals;

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The end of the UTF-8 sequence starting at `p`, or nullptr if it is not well-formed.
const char *utf8SequenceEnd(const char *p, const char *end)
{
    const auto b0 = static_cast<unsigned char>(*p);
    int length = 0;
    unsigned char low = 0x80, high = 0xbf; // the allowed range of the second byte
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        length = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
        length = 3;
        low = b0 == 0xe0 ? 0xa0 : 0x80;
        high = b0 == 0xed ? 0x9f : 0xbf;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        length = 4;
        low = b0 == 0xf0 ? 0x90 : 0x80;
        high = b0 == 0xf4 ? 0x8f : 0xbf;
    } else {
        return nullptr;
    }
    if (end - p < length)
        return nullptr;
    for (int i = 1; i < length; ++i) {
        const auto b = static_cast<unsigned char>(p[i]);
        if (b < (i == 1 ? low : 0x80) || b > (i == 1 ? high : 0xbf))
            return nullptr;
    }
    return p + length;
}

} // namespace

const char *describe(JsonType type)
{
    switch (type) {
    case JsonType::Null: return "null";
    case JsonType::Bool: return "a boolean";
    case JsonType::Number: return "a number";
    case JsonType::String: return "a string";
    case JsonType::Array: return "an array";
    case JsonType::Object: return "an object";
    }
    return "a value";
}

// --- JsonString ----------------------------------------------------------------------------

QString JsonString::decodeEscapes() const
{
    QString out;
    out.reserve(qsizetype(raw.size()));
    const char *p = raw.data();
    const char *const end = p + raw.size();
    while (p < end) {
        const char *run = p;
        while (p < end && *p != '\\')
            ++p;
        if (p > run)
            out += QString::fromUtf8(run, qsizetype(p - run));
        if (p == end)
            break;
        const char c = p[1]; // the reader checked every escape
        p += 2;
        switch (c) {
        case 'b': out += QChar(u'\b'); break;
        case 'f': out += QChar(u'\f'); break;
        case 'n': out += QChar(u'\n'); break;
        case 'r': out += QChar(u'\r'); break;
        case 't': out += QChar(u'\t'); break;
        case 'u': {
            unsigned unit = 0;
            std::from_chars(p, p + 4, unit, 16);
            out += QChar(char16_t(unit));
            p += 4;
            break;
        }
        default: out += QLatin1Char(c); break; // " \ /
        }
    }
    return out;
}

// --- JsonReader ----------------------------------------------------------------------------

JsonReader::JsonReader(QByteArrayView text)
    : m_begin(text.data()), m_pos(m_begin), m_end(m_begin + text.size())
{
    if (text.startsWith("\xef\xbb\xbf"))
        m_pos += 3; // a UTF-8 byte order mark
}

JsonReader::JsonReader(QByteArrayView text, qsizetype offset)
    : m_begin(text.data()), m_pos(m_begin + qBound(qsizetype(0), offset, text.size())), m_end(m_begin + text.size())
{
}

void JsonReader::skipUtf8Sequence()
{
    const char *next = utf8SequenceEnd(m_pos, m_end);
    if (!next)
        fail("invalid UTF-8");
    m_pos = next;
}

void JsonReader::checkEscape()
{
    ++m_pos; // the backslash
    if (m_pos == m_end)
        fail("unterminated string");
    const char c = *m_pos++;
    if (c == 'u') {
        for (int i = 0; i < 4; ++i, ++m_pos) {
            if (m_pos == m_end || !isHex(*m_pos))
                fail("invalid \\u escape");
        }
    } else if (!std::strchr("\"\\/bfnrt", c) || c == '\0') {
        m_pos -= 2; // point at the backslash
        fail("invalid escape sequence");
    }
}

void JsonReader::readLiteral()
{
    skipWhitespace();
    for (const std::string_view word : {"true"sv, "false"sv, "null"sv}) {
        if (size_t(m_end - m_pos) >= word.size() && std::memcmp(m_pos, word.data(), word.size()) == 0) {
            m_pos += word.size();
            return;
        }
    }
    fail("illegal value");
}

void JsonReader::skipValue(int depth)
{
    if (depth > kMaxNesting)
        fail("too deeply nested");
    bool first = true;
    JsonString key;
    switch (peekType()) {
    case JsonType::String: readString(); return;
    case JsonType::Number: readNumber(); return;
    case JsonType::Bool:
    case JsonType::Null: readLiteral(); return;
    case JsonType::Array:
        while (nextElement(first))
            skipValue(depth + 1);
        return;
    case JsonType::Object:
        while (nextMember(first, key))
            skipValue(depth + 1);
        return;
    }
}

void JsonReader::expectEnd()
{
    skipWhitespace();
    if (m_pos != m_end)
        fail("unexpected text after the document");
}

QString JsonReader::lineColumn(QByteArrayView text, qsizetype offset)
{
    const auto [line, column] = lineAndColumn(text, offset);
    return QString::number(line) + QLatin1Char(':') + QString::number(column);
}

std::pair<qsizetype, qsizetype> JsonReader::lineAndColumn(QByteArrayView text, qsizetype offset)
{
    offset = qBound(qsizetype(0), offset, text.size());
    qsizetype line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    qsizetype column = 1;
    for (qsizetype i = lineStart; i < offset; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80)
            ++column;
    }
    return {line, column};
}

} // namespace provtree
