#include "uuid128.h"

#include <QHashSeed>

#include <array>

namespace provtree {

namespace {

// Hex digit values; 0xff for every other byte.
constexpr std::array<quint8, 128> kHexValues = [] {
    std::array<quint8, 128> values{};
    values.fill(0xff);
    for (int c = '0'; c <= '9'; ++c)
        values[size_t(c)] = quint8(c - '0');
    for (int c = 'a'; c <= 'f'; ++c)
        values[size_t(c)] = quint8(c - 'a' + 10);
    return values;
}();

// The 64-bit finaliser of MurmurHash3: every input bit reaches every output bit.
constexpr quint64 mix(quint64 x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

} // namespace

std::optional<Uuid128> Uuid128::parse(QStringView text, Case letters) noexcept
{
    if (text.size() != 36 || text[8] != u'-' || text[13] != u'-' || text[18] != u'-' || text[23] != u'-')
        return std::nullopt;
    // c | 0x20 maps A-F onto a-f and moves no other character into the table's hex digits.
    const char16_t caseBit = letters == Case::Either ? 0x20 : 0;
    quint64 halves[2] = {0, 0};
    int digits = 0;
    for (qsizetype i = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            continue;
        const char16_t c = text[i].unicode();
        // Digits are 0x30-0x39: the case bit leaves them alone.
        const char16_t folded = c >= u'A' ? char16_t(c | caseBit) : c;
        const quint8 value = folded < 128 ? kHexValues[folded] : quint8(0xff);
        if (value == 0xff)
            return std::nullopt;
        quint64 &half = halves[digits / 16];
        half = (half << 4) | value;
        ++digits;
    }
    return Uuid128{halves[0], halves[1]};
}

size_t Uuid128Hash::operator()(const Uuid128 &uuid) const noexcept
{
    static const quint64 seed = quint64(QHashSeed::globalSeed());
    return size_t(mix(mix(uuid.hi ^ seed) ^ uuid.lo));
}

} // namespace provtree
