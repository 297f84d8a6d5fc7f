#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <random>

namespace provtree::testsupport {

// The random source of the generators behind the fidelity test (candidate forests and
// requests): the same seed gives the same sequence on every platform, because it uses
// std::mt19937_64's raw output only (the std::uniform_*_distribution classes differ between
// standard libraries). A plain value; not thread-safe, one per thread.
class SeededRandom
{
public:
    explicit SeededRandom(quint64 seed) : m_engine(seed) {}

    // Uniform-ish in [0, bound); 0 when bound is 0.
    [[nodiscard]] quint64 below(quint64 bound) { return bound == 0 ? 0 : m_engine() % bound; }
    // In [low, high], both included.
    [[nodiscard]] qint64 between(qint64 low, qint64 high)
    {
        return high <= low ? low : low + qint64(below(quint64(high - low) + 1));
    }
    // True `percent` times in 100.
    [[nodiscard]] bool chance(int percent) { return below(100) < quint64(percent); }
    // One element of a non-empty list.
    template<typename T>
    [[nodiscard]] const T &pick(const QList<T> &list)
    {
        return list.at(qsizetype(below(quint64(list.size()))));
    }
    // `count` distinct elements of `list` (all of them if it is shorter), in list order.
    [[nodiscard]] QStringList sample(const QStringList &list, qsizetype count)
    {
        QStringList left = list;
        QStringList picked;
        while (picked.size() < count && !left.isEmpty())
            picked.append(left.takeAt(qsizetype(below(quint64(left.size())))));
        QStringList ordered;
        for (const QString &item : list) {
            if (picked.contains(item))
                ordered.append(item);
        }
        return ordered;
    }
    // A random canonical (lower-case, version 4) uuid.
    [[nodiscard]] QString uuid()
    {
        quint64 high = m_engine();
        quint64 low = m_engine();
        high = (high & ~quint64(0xf000)) | 0x4000;                  // version 4
        low = (low & ~(quint64(0xc) << 60)) | (quint64(0x8) << 60); // RFC 4122 variant
        static constexpr char kHex[] = "0123456789abcdef";
        QString text(36, QLatin1Char('-'));
        int nibble = 0;
        for (int i = 0; i < 36; ++i) {
            if (i == 8 || i == 13 || i == 18 || i == 23)
                continue;
            const quint64 word = nibble < 16 ? high : low;
            const int shift = 60 - 4 * (nibble % 16);
            text[i] = QLatin1Char(kHex[(word >> shift) & 0xf]);
            ++nibble;
        }
        return text;
    }

private:
    std::mt19937_64 m_engine;
};

} // namespace provtree::testsupport
