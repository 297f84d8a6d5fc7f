#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace provtree {

// The item delegate of the inventory table (InventoryModel's roles):
// - a cell with a UsageFractionRole gets a bar under its text: used / capacity, in the
//   normal colour up to 80 %, amber past 80 %, red past 100 % (Placement keeps usage
//   above capacity after an inventory shrinks: it must stand out);
// - a cell with a WarningRole gets an amber background, one with an EditErrorRole a red
//   one and a red frame; a NovaManagedRole cell a small blue corner mark (the tooltip says why);
// - the view's current cell, while the view has the keyboard focus, a frame (white on a
//   selected row, Highlight elsewhere), so it stands out from the rest of its row;
// - editable numeric cells get a QSpinBox (0 to 2147483647, Placement's integer range:
//   the core judges the value, the editor only keeps it a whole number), the allocation
//   ratio a QLineEdit that takes decimal numbers ("1.5", "16", "1e3"; a dot, any locale).
//
// GUI-thread object.
class UsageBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit UsageBarDelegate(QObject *parent = nullptr);

    static constexpr double kHighFraction = 0.8; // past this: amber
    static constexpr double kOverFraction = 1.0; // past this: red
    static constexpr int kBarHeight = 5;
    static constexpr int kBarMargin = 3; // left, right and below the bar
    static constexpr int kFocusFrameWidth = 2;

    // The bar's colour for `fraction` (used / capacity).
    [[nodiscard]] static QColor barColor(double fraction);
    // Where the bar of a cell with geometry `cell` is painted (its full track).
    [[nodiscard]] static QRect barTrack(QRect cell);
    [[nodiscard]] static QColor warningBackground();
    [[nodiscard]] static QColor errorBackground();
    [[nodiscard]] static QColor errorFrameColor();
    [[nodiscard]] static QColor novaMarkColor();
    // The colour of the focused cell's frame in `option`'s state and palette.
    [[nodiscard]] static QColor focusFrameColor(const QStyleOptionViewItem &option);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    void paintBar(QPainter *painter, QRect cell, double fraction) const;
    void paintNovaMark(QPainter *painter, QRect cell) const;
    void paintFocusFrame(QPainter *painter, const QStyleOptionViewItem &option, int inset) const;
};

} // namespace provtree
