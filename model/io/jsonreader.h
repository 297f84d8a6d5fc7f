#pragma once

#include <QByteArrayView>
#include <QString>

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

// A strict, streaming reader of JSON text, for documents too large for QJsonDocument.
//
// Why not QJsonDocument: for 100,000 providers (~100 MB of indented JSON) building its DOM
// alone takes 0.65-1 s on a 2-core machine, before a single record exists, and a whole
// snapshot load (records, validation, tree) must fit in 1.5 s. With this reader the caller
// checks its schema while it reads and builds its records directly: about 0.3 s for the
// same file. The snapshot reader (snapshotreader.cpp) is its user; the patch reader
// (patchfile.cpp) parses with QJsonDocument and uses it only to locate a syntax error.
//
// What it accepts: exactly RFC 8259 JSON text in UTF-8. A leading UTF-8 byte order mark is
// skipped (RFC 8259 lets a parser ignore it). Refused: comments, trailing commas, single
// quotes, NaN and Infinity, leading zeros, a leading '+', whitespace other than space, tab,
// LF and CR, unescaped control characters in strings, unknown escapes, and invalid UTF-8
// (overlong forms, encoded surrogates, code points past U+10FFFF, truncated sequences).
// A \u escape is checked for its four hex digits only: an unpaired surrogate escape such
// as "\ud800" is valid JSON syntax and decodes to that lone UTF-16 unit. The reader does
// not look for duplicate keys: what a repeated key means is the caller's business.
//
// Errors: the first syntax error ends the reading: the reader throws JsonSyntaxError (the
// only exception it throws) carrying the byte offset of the offending character and a
// fixed message. lineColumn() turns that offset into "LINE:COLUMN", both counted from 1,
// the line by LF characters, the column in Unicode characters (a multi-byte UTF-8 sequence
// is one column, a tab is one column). Callers catch the exception at the boundary of
// their own API; it must not cross it.
//
// Thread-safety: a JsonReader is used by one thread at a time. It views the caller's bytes,
// which must stay alive and unchanged while it and any JsonString or JsonNumber it returned
// are in use. Separate readers share nothing; the free functions are reentrant.
namespace provtree {

// Thrown by JsonReader on the first syntax error.
struct JsonSyntaxError
{
    qsizetype offset;    // bytes from the start of the text (byte order mark included)
    const char *message; // static text, e.g. "expected ',' or ']'"
};

enum class JsonType { Null, Bool, Number, String, Array, Object };

// "null", "a boolean", "a number", "a string", "an array", "an object": for messages.
[[nodiscard]] const char *describe(JsonType type);

// A string as it appears in the text, between its quotes, already checked (escapes and
// UTF-8); decoded only when the caller needs a QString.
struct JsonString
{
    std::string_view raw; // Not owned: views the reader's text.
    bool escaped = false; // contains a backslash escape
    bool ascii = true;    // no byte >= 0x80

    [[nodiscard]] QString decoded() const;
    // Whether the decoded string equals `text` (ASCII); cheap unless the string is escaped.
    [[nodiscard]] bool equals(std::string_view text) const;

private:
    [[nodiscard]] QString decodeEscapes() const;
};

struct JsonNumber
{
    std::string_view raw;               // Not owned: the literal in the text.
    std::optional<qint64> exactInteger; // set for an integer literal (no '.', no exponent) that fits qint64
    double value = 0;                   // the nearest double; +-inf past its range, 0 below it
};

// A pull reader over JSON text: the caller asks for what it expects next.
// Objects:  bool first = true; JsonString key; while (reader.nextMember(first, key)) {...}
// Arrays:   bool first = true; while (reader.nextElement(first)) {...}
// The loop body must consume exactly one value: read it (peekType() tells which reader to
// call) or skipValue(). After the top-level value, expectEnd(). Every member function may
// throw JsonSyntaxError. The hot small steps are defined inline below: a snapshot of
// 100,000 providers calls them tens of millions of times.
class JsonReader
{
public:
    explicit JsonReader(QByteArrayView text);
    // Reads the value that begins at byte `offset` of `text` (one of offset()'s answers).
    JsonReader(QByteArrayView text, qsizetype offset);

    // Bytes from the start of the text to the reader's position: after nextElement() or
    // peekType(), where the next value begins.
    [[nodiscard]] qsizetype offset() const { return qsizetype(m_pos - m_begin); }
    // Skips whitespace; then offset(): where the next token begins.
    [[nodiscard]] qsizetype nextTokenOffset()
    {
        skipWhitespace();
        return offset();
    }
    // Where `s` (read by this reader) begins in the text: its opening quote.
    [[nodiscard]] qsizetype offsetOf(const JsonString &s) const { return qsizetype(s.raw.data() - m_begin) - 1; }

    // The type of the next value, by its first character; consumes only whitespace.
    [[nodiscard]] JsonType peekType();
    // Steps into an object (first == true) or to its next member; false at its end.
    // On true, `key` is the member's key and the reader stands before its value.
    bool nextMember(bool &first, JsonString &key);
    // Steps into an array (first == true) or to its next element; false at its end.
    bool nextElement(bool &first) { return nextItem(first, '[', ']'); }

    JsonString readString();
    JsonNumber readNumber();
    // Reads true, false or null. Which one is not returned (peekType() tells Bool from
    // Null): no caller needs a boolean's value yet.
    void readLiteral();
    // Skips one value of any type, checking its syntax. Arrays and objects nested more than
    // kMaxNesting levels inside it are refused ("too deeply nested"), so hostile input
    // cannot exhaust the stack; the caller's own descent is bounded by its schema.
    void skipValue() { skipValue(0); }
    // Only whitespace may follow the top-level value.
    void expectEnd();

    // "LINE:COLUMN" of a byte offset in `text` (a JsonSyntaxError's), both from 1.
    [[nodiscard]] static QString lineColumn(QByteArrayView text, qsizetype offset);
    // The same as numbers: {line, column}.
    [[nodiscard]] static std::pair<qsizetype, qsizetype> lineAndColumn(QByteArrayView text, qsizetype offset);

    static constexpr int kMaxNesting = 512;

private:
    [[noreturn]] void fail(const char *message) const;
    void skipValue(int depth);
    bool nextItem(bool &first, char open, char close);
    void checkEscape();
    void skipUtf8Sequence();
    void skipWhitespace();
    [[nodiscard]] bool isDigit() const { return m_pos != m_end && *m_pos >= '0' && *m_pos <= '9'; }
    void skipDigits();
    bool accept(char c);
    void expect(char c, const char *message);

    const char *m_begin; // Not owned: the caller's bytes outlive the reader.
    const char *m_pos;
    const char *m_end;
};

// --- inline definitions ----------------------------------------------------------------

inline void JsonReader::fail(const char *message) const
{
    throw JsonSyntaxError{qsizetype(m_pos - m_begin), message};
}

inline QString JsonString::decoded() const
{
    if (escaped)
        return decodeEscapes();
    return ascii ? QString::fromLatin1(raw.data(), qsizetype(raw.size()))
                 : QString::fromUtf8(raw.data(), qsizetype(raw.size()));
}

inline bool JsonString::equals(std::string_view text) const
{
    return escaped ? decoded() == QLatin1String(text.data(), qsizetype(text.size())) : raw == text;
}

inline void JsonReader::skipWhitespace()
{
    while (m_pos != m_end && (*m_pos == ' ' || *m_pos == '\n' || *m_pos == '\r' || *m_pos == '\t'))
        ++m_pos;
}

inline void JsonReader::skipDigits()
{
    while (isDigit())
        ++m_pos;
}

inline bool JsonReader::accept(char c)
{
    if (m_pos != m_end && *m_pos == c) {
        ++m_pos;
        return true;
    }
    return false;
}

inline void JsonReader::expect(char c, const char *message)
{
    if (!accept(c))
        fail(message);
}

inline JsonType JsonReader::peekType()
{
    skipWhitespace();
    if (m_pos == m_end)
        fail("unexpected end of the document");
    switch (*m_pos) {
    case '"': return JsonType::String;
    case '{': return JsonType::Object;
    case '[': return JsonType::Array;
    case 't': case 'f': return JsonType::Bool;
    case 'n': return JsonType::Null;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': return JsonType::Number;
    default: fail("illegal value");
    }
}

inline bool JsonReader::nextItem(bool &first, char open, char close)
{
    skipWhitespace();
    if (first) {
        expect(open, open == '{' ? "expected '{'" : "expected '['");
        skipWhitespace();
        first = false;
        return !accept(close);
    }
    if (accept(close))
        return false;
    expect(',', close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    skipWhitespace();
    return true;
}

inline bool JsonReader::nextMember(bool &first, JsonString &key)
{
    if (!nextItem(first, '{', '}'))
        return false;
    if (m_pos == m_end || *m_pos != '"')
        fail("expected a key (a string)");
    key = readString();
    skipWhitespace();
    expect(':', "expected ':' after a key");
    return true;
}

// Whether any of the eight bytes of `w` needs a look of its own in a string: '"', '\\',
// a control character (< 0x20) or a byte of a multi-byte UTF-8 sequence (>= 0x80). Never
// false when one does (it may be true when none does, which only costs time).
inline bool hasSpecialStringByte(quint64 w)
{
    constexpr quint64 kOnes = 0x0101010101010101ULL;
    constexpr quint64 kHighs = 0x8080808080808080ULL;
    const auto hasZeroByte = [](quint64 v) { return (v - kOnes) & ~v & kHighs; };
    return ((w - kOnes * 0x20) & ~w & kHighs) // a byte < 0x20 (among bytes < 0x80)
         | hasZeroByte(w ^ (kOnes * '"')) | hasZeroByte(w ^ (kOnes * '\\')) | (w & kHighs);
}

inline JsonString JsonReader::readString()
{
    skipWhitespace();
    expect('"', "expected a string");
    JsonString s;
    const char *const start = m_pos;
    for (;;) {
        // Eight plain ASCII characters at a time; any other byte is looked at below.
        while (m_end - m_pos >= 8) {
            quint64 word;
            std::memcpy(&word, m_pos, sizeof word);
            if (hasSpecialStringByte(word))
                break;
            m_pos += 8;
        }
        if (m_pos == m_end)
            fail("unterminated string");
        const auto c = static_cast<unsigned char>(*m_pos);
        if (c == '"')
            break;
        if (c < 0x20)
            fail("control character in a string (must be escaped)");
        if (c == '\\') {
            s.escaped = true;
            checkEscape();
        } else if (c >= 0x80) {
            s.ascii = false;
            skipUtf8Sequence();
        } else {
            ++m_pos;
        }
    }
    s.raw = std::string_view(start, size_t(m_pos - start));
    ++m_pos;
    return s;
}

inline JsonNumber JsonReader::readNumber()
{
    skipWhitespace();
    const char *const start = m_pos;
    bool integral = true;
    accept('-');
    if (!accept('0')) {
        if (!isDigit())
            fail("invalid number");
        skipDigits();
    }
    if (accept('.')) {
        integral = false;
        if (!isDigit())
            fail("invalid number: digits must follow '.'");
        skipDigits();
    }
    if (accept('e') || accept('E')) {
        integral = false;
        if (!accept('+'))
            accept('-');
        if (!isDigit())
            fail("invalid number: digits must follow the exponent");
        skipDigits();
    }
    JsonNumber n;
    n.raw = std::string_view(start, size_t(m_pos - start));
    if (integral) {
        qint64 i = 0;
        if (std::from_chars(start, m_pos, i).ec == std::errc()) {
            n.exactInteger = i;
            n.value = double(i);
            return n;
        }
    }
    if (std::from_chars(start, m_pos, n.value).ec == std::errc::result_out_of_range) {
        // Too large or too small for a double: tell the two apart by the exponent.
        const bool tiny = n.raw.find("e-") != n.raw.npos || n.raw.find("E-") != n.raw.npos;
        n.value = tiny ? 0.0 : (*start == '-' ? -HUGE_VAL : HUGE_VAL);
    }
    return n;
}

} // namespace provtree
