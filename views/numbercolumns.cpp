#include "numbercolumns.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>

#include <algorithm>

namespace provtree {

namespace {
// The narrowest the text column gets before the table scrolls sideways.
constexpr QStringView kMinText = u"NET_BW_EG\u2026";
constexpr int kCellPadding = 8; // the style's margins around a cell's text, and the grid
} // namespace

NumberColumns::NumberColumns(QTableView *table, int textColumn, int growColumn)
    : QObject(table), m_table(table), m_viewport(table->viewport()), m_textColumn(textColumn),
      m_growColumn(growColumn)
{
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->setTextElideMode(Qt::ElideRight);
    // The viewport's size, not the table's: at the table's resize event the viewport has its
    // old width still, and a vertical scroll bar coming or going resizes the viewport alone.
    table->viewport()->installEventFilter(this);
    table->installEventFilter(this); // font changes
    // After the table took each change in (it connected to the model first).
    const QAbstractItemModel *model = table->model();
    connect(model, &QAbstractItemModel::modelReset, this, &NumberColumns::fit);
    connect(model, &QAbstractItemModel::layoutChanged, this, &NumberColumns::fit);
    connect(model, &QAbstractItemModel::rowsInserted, this, &NumberColumns::fit);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &NumberColumns::fit);
    connect(model, &QAbstractItemModel::dataChanged, this, &NumberColumns::fit);
    fit();
}

NumberColumns::~NumberColumns() = default;

bool NumberColumns::eventFilter(QObject *watched, QEvent *event)
{
    // Compares pointers only: the table sends events while it is being destroyed, when a
    // call into it (such as viewport()) would be undefined.
    if ((watched == m_viewport && event->type() == QEvent::Resize)
        || (watched == m_table && event->type() == QEvent::FontChange))
        fit();
    return QObject::eventFilter(watched, event);
}

void NumberColumns::fit()
{
    QHeaderView *header = m_table->horizontalHeader();
    const QAbstractItemView *view = m_table; // sizeHintForColumn() is public there
    const auto contentWidth = [view, header](int column) {
        return std::max(header->sectionSizeHint(column), view->sizeHintForColumn(column));
    };
    int numbers = 0;
    for (int column = 0, columns = header->count(); column < columns; ++column) {
        if (column == m_textColumn)
            continue;
        const int width = contentWidth(column);
        header->resizeSection(column, width);
        numbers += width;
    }
    const int available = m_table->viewport()->width() - numbers;
    const int textContent = contentWidth(m_textColumn);
    const int textMinimum
            = std::min(textContent, m_table->fontMetrics().horizontalAdvance(kMinText.toString()) + kCellPadding);
    const int textWidth = std::clamp(available, textMinimum, textContent);
    header->resizeSection(m_textColumn, textWidth);
    if (available > textWidth)
        header->resizeSection(m_growColumn, header->sectionSize(m_growColumn) + available - textWidth);
}

} // namespace provtree
