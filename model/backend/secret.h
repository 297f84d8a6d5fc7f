#pragma once

#include <QByteArray>
#include <QString>

namespace provtree {

// A password, application credential secret or token, held in memory only.
//
// There is deliberately no conversion to QString, no QDebug operator and no serialisation:
// a Secret cannot end up in a message, a log line, a file or a widget by accident. The one
// way out is reveal(), for the request header or body that sends it to Keystone or
// Placement. The bytes are overwritten when the Secret goes away.
//
// A plain value; copies are independent (no implicit sharing), so wiping one never leaves
// another copy of the bytes behind that this object owned.
class Secret
{
public:
    Secret() = default;
    explicit Secret(const QString &value) : m_value(value.toUtf8()) {}
    Secret(const Secret &other) : m_value(other.m_value) { m_value.detach(); }
    Secret &operator=(const Secret &other)
    {
        if (this != &other) {
            wipe();
            m_value = other.m_value;
            m_value.detach();
        }
        return *this;
    }
    Secret(Secret &&other) noexcept : m_value(std::move(other.m_value)) {}
    Secret &operator=(Secret &&other) noexcept
    {
        if (this != &other) {
            wipe();
            m_value = std::move(other.m_value);
        }
        return *this;
    }
    ~Secret() { wipe(); }

    [[nodiscard]] bool isEmpty() const { return m_value.isEmpty(); }
    // The bytes (UTF-8), only for the request that sends them.
    [[nodiscard]] const QByteArray &reveal() const { return m_value; }
    bool operator==(const Secret &other) const { return m_value == other.m_value; }

private:
    void wipe()
    {
        if (!m_value.isEmpty())
            m_value.fill('\0'); // the buffer is ours alone: copies detach
        m_value.clear();
    }

    QByteArray m_value;
};

} // namespace provtree
