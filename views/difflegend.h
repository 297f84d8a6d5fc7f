#pragma once

#include "treediff.h"

#include <QList>
#include <QWidget>

#include <optional>

class QToolButton;

namespace provtree {

// The legend above a compare window's tree: one chip per kind of difference (added,
// removed, changed, moved) in its row colour with its count, and "All". The chips are
// buttons: clicking one shows only that kind (filterChanged()), clicking it again or
// "All" shows every kind again. Keyboard: Tab reaches them, Space clicks.
// GUI thread only.
class DiffLegend final : public QWidget
{
    Q_OBJECT

public:
    explicit DiffLegend(QWidget *parent = nullptr);
    ~DiffLegend() override;

    // The kinds a chip stands for, in the order shown.
    static constexpr DiffStatus kKinds[] = {DiffStatus::Added, DiffStatus::Removed, DiffStatus::Changed,
                                            DiffStatus::Moved};

    void setCount(DiffStatus status, int count);
    // The kind shown alone, or nullopt for all. Setting it does not emit filterChanged().
    [[nodiscard]] std::optional<DiffStatus> filter() const { return m_filter; }
    void setFilter(std::optional<DiffStatus> status);

    // The chip of a kind ("legend-added", ...) and "All" ("legend-all"), for tests.
    [[nodiscard]] QToolButton *chip(DiffStatus status) const;
    [[nodiscard]] QToolButton *allButton() const { return m_all; }

signals:
    // The user chose a kind, or all of them again (filter() says which).
    void filterChanged();

private:
    void choose(std::optional<DiffStatus> status);
    void updateChecks();

    QList<QToolButton *> m_chips; // Owned (children), in kKinds order.
    QToolButton *m_all;           // Owned (child).
    std::optional<DiffStatus> m_filter;
};

} // namespace provtree
