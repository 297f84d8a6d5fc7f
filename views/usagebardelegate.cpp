#include "usagebardelegate.h"

#include "displaynumber.h"
#include "inventorymodel.h"

#include <QApplication>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpressionValidator>
#include <QSpinBox>

#include <cmath>

namespace provtree {

namespace {

constexpr int kNovaMarkSize = 7;

QColor trackColor()
{
    return QColor(0xdc, 0xdc, 0xdc);
}

QString percentText(double fraction)
{
    if (std::isinf(fraction))
        return UsageBarDelegate::tr("over capacity");
    return QStringLiteral("%1 %").arg(std::lround(fraction * 100.0));
}

} // namespace

UsageBarDelegate::UsageBarDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QColor UsageBarDelegate::barColor(double fraction)
{
    if (fraction > kOverFraction)
        return QColor(0xe5, 0x39, 0x35); // red
    if (fraction > kHighFraction)
        return QColor(0xff, 0xa0, 0x00); // amber
    return QColor(0x43, 0xa0, 0x47);     // green
}

QRect UsageBarDelegate::barTrack(QRect cell)
{
    return QRect(cell.left() + kBarMargin, cell.bottom() - kBarMargin - kBarHeight + 1,
                 std::max(0, cell.width() - 2 * kBarMargin), kBarHeight);
}

QColor UsageBarDelegate::warningBackground()
{
    return QColor(0xff, 0xe0, 0x82);
}

QColor UsageBarDelegate::errorBackground()
{
    return QColor(0xff, 0xcd, 0xd2);
}

QColor UsageBarDelegate::errorFrameColor()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor UsageBarDelegate::novaMarkColor()
{
    return QColor(0x1e, 0x88, 0xe5);
}

void UsageBarDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!index.data(InventoryModel::EditErrorRole).toString().isEmpty())
        option->backgroundBrush = errorBackground();
    else if (!index.data(InventoryModel::WarningRole).toString().isEmpty())
        option->backgroundBrush = warningBackground();
    const QVariant fraction = index.data(InventoryModel::UsageFractionRole);
    if (fraction.isValid()) {
        option->text += QStringLiteral(" (") % percentText(fraction.toDouble()) % QLatin1Char(')');
        if (fraction.toDouble() > kOverFraction)
            option->font.setBold(true);
    }
}

void UsageBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant fraction = index.data(InventoryModel::UsageFractionRole);
    if (!fraction.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
    } else {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        // Background, selection and focus over the whole cell; then the text above the bar.
        QStyleOptionViewItem background = opt;
        background.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
        QStyleOptionViewItem text = opt;
        text.rect.setBottom(barTrack(opt.rect).top() - 1);
        text.backgroundBrush = Qt::NoBrush;
        text.state &= ~QStyle::State_HasFocus;
        style->drawControl(QStyle::CE_ItemViewItem, &text, painter, widget);
        paintBar(painter, opt.rect, fraction.toDouble());
    }
    const bool refused = !index.data(InventoryModel::EditErrorRole).toString().isEmpty();
    if (refused) {
        // The background does not show on a selected row: a frame does.
        painter->save();
        painter->setPen(QPen(errorFrameColor(), 2));
        painter->drawRect(QRectF(option.rect).adjusted(1, 1, -1, -1));
        painter->restore();
    }
    if (option.state.testFlag(QStyle::State_HasFocus))
        paintFocusFrame(painter, option, refused ? 2 : 0);
    if (index.data(InventoryModel::NovaManagedRole).toBool())
        paintNovaMark(painter, option.rect);
}

QColor UsageBarDelegate::focusFrameColor(const QStyleOptionViewItem &option)
{
    // On a selected row the cells are Highlight: the focused one gets a frame of the
    // selected text's colour; elsewhere a frame of Highlight.
    return option.state.testFlag(QStyle::State_Selected) ? option.palette.color(QPalette::HighlightedText)
                                                         : option.palette.color(QPalette::Highlight);
}

// The view sets State_HasFocus on its current cell while it has the keyboard focus; the
// style (Fusion) draws nothing for it, so the cell that arrows move and keys edit looked
// like the rest of its selected row.
void UsageBarDelegate::paintFocusFrame(QPainter *painter, const QStyleOptionViewItem &option, int inset) const
{
    painter->save();
    painter->setPen(QPen(focusFrameColor(option), kFocusFrameWidth, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    const qreal half = kFocusFrameWidth / 2.0;
    painter->drawRect(QRectF(option.rect).adjusted(inset + half, inset + half, -inset - half, -inset - half));
    painter->restore();
}

void UsageBarDelegate::paintBar(QPainter *painter, QRect cell, double fraction) const
{
    const QRect track = barTrack(cell);
    if (track.isEmpty())
        return;
    painter->save();
    painter->fillRect(track, trackColor());
    const double filled = std::clamp(std::isnan(fraction) ? 0.0 : fraction, 0.0, 1.0);
    int width = int(std::lround(track.width() * filled));
    if (fraction > 0 && width == 0)
        width = 1; // something is used: show it
    if (width > 0)
        painter->fillRect(QRect(track.topLeft(), QSize(width, track.height())), barColor(fraction));
    painter->restore();
}

void UsageBarDelegate::paintNovaMark(QPainter *painter, QRect cell) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath mark;
    mark.moveTo(cell.topLeft());
    mark.lineTo(cell.topLeft() + QPointF(kNovaMarkSize, 0));
    mark.lineTo(cell.topLeft() + QPointF(0, kNovaMarkSize));
    mark.closeSubpath();
    painter->fillPath(mark, novaMarkColor());
    painter->restore();
}

QSize UsageBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(InventoryModel::UsageFractionRole).isValid())
        size.rheight() += kBarHeight + kBarMargin;
    return size;
}

QWidget *UsageBarDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                        const QModelIndex &index) const
{
    const auto field = InventoryModel::fieldForColumn(index.column());
    if (!field)
        return QStyledItemDelegate::createEditor(parent, option, index);
    if (*field == InventoryField::AllocationRatio) {
        auto *edit = new QLineEdit(parent);
        edit->setFrame(false);
        edit->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        static const QRegularExpression number(QStringLiteral(R"([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)"));
        edit->setValidator(new QRegularExpressionValidator(number, edit));
        return edit;
    }
    auto *spin = new QSpinBox(parent);
    spin->setFrame(false);
    spin->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Negative numbers too: the core refuses them with its reason. A spin box that stops at
    // 0 dropped the typed minus, and "-4" was committed as 4.
    spin->setRange(-int(kMaxInventoryInt), int(kMaxInventoryInt));
    spin->setGroupSeparatorShown(false);
    spin->setButtonSymbols(QAbstractSpinBox::NoButtons);
    return spin;
}

void UsageBarDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    if (auto *spin = qobject_cast<QSpinBox *>(editor))
        spin->setValue(int(std::clamp<qint64>(value.toLongLong(), 0, kMaxInventoryInt)));
    else if (auto *edit = qobject_cast<QLineEdit *>(editor))
        edit->setText(displayNumber(value.toDouble()));
    else
        QStyledItemDelegate::setEditorData(editor, index);
}

void UsageBarDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    // A refused value leaves the model (and the tree) as it was; the model reports why.
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value(), Qt::EditRole);
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        model->setData(index, edit->text().trimmed(), Qt::EditRole); // parsed with a dot
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

} // namespace provtree
