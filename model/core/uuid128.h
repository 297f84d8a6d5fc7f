#pragma once

#include <QStringView>
#include <QtGlobal>

#include <optional>

namespace provtree {

// A uuid as its 128 bits: the key of the store's uuid index (ProviderStore). Kept inside the
// index's node, a key compares without following a pointer: a lookup by uuid costs the
// provider's own cache miss, not a second one for a QString's characters, and hashing 16
// bytes is a few multiplications, not SipHash over 72.
//
// Thread-safety: a plain value; the functions are reentrant.
struct Uuid128
{
    quint64 hi = 0; // the first 16 hex digits
    quint64 lo = 0; // the last 16

    enum class Case { LowerOnly, Either };
    // The bits of an 8-4-4-4-12 hex uuid (exactly 36 characters); nullopt for anything else.
    // Case::LowerOnly also refuses upper-case hex digits: the canonical form only, the one
    // the store keeps (validation::isCanonicalUuid()).
    [[nodiscard]] static std::optional<Uuid128> parse(QStringView text, Case letters = Case::LowerOnly) noexcept;

    bool operator==(const Uuid128 &) const = default;
};

// Seeded with Qt's per-process hash seed (QHashSeed::globalSeed()), as QHash is: a file of
// chosen uuids cannot pile them into one bucket.
struct Uuid128Hash
{
    [[nodiscard]] size_t operator()(const Uuid128 &uuid) const noexcept;
};

} // namespace provtree
