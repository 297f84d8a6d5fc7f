#include "searchfeedback.h"

#include "providerfilterproxymodel.h"

#include <QLineEdit>

#include <algorithm>

namespace provtree {

namespace {

// Light red over the field's own base colour: readable in light and dark palettes.
QColor tinted(const QColor &base)
{
    const QColor red(0xe0, 0x40, 0x40);
    constexpr double kShare = 0.25;
    return QColor::fromRgbF(float(base.redF() * (1 - kShare) + red.redF() * kShare),
                            float(base.greenF() * (1 - kShare) + red.greenF() * kShare),
                            float(base.blueF() * (1 - kShare) + red.blueF() * kShare));
}

} // namespace

SearchFeedback::SearchFeedback(QLineEdit &field, const ProviderFilterProxyModel &filter, QWidget *parent)
    : QLabel(parent), m_field(field), m_filter(filter), m_normalPalette(field.palette())
{
    setObjectName(QStringLiteral("searchFeedback"));
    setTextFormat(Qt::PlainText);
    setAccessibleName(tr("Search result"));
    setForegroundRole(QPalette::PlaceholderText);
    // As wide as its longest text, so that the search field does not move as it changes.
    int widest = 0;
    for (const QString &text : {tr("Searching…"), tr("No match"), tr("%1 matches").arg(888888)})
        widest = std::max(widest, fontMetrics().horizontalAdvance(text));
    setMinimumWidth(widest + 2 * margin() + 4);
    connect(&filter, &ProviderFilterProxyModel::matchCountChanged, this, &SearchFeedback::refresh);
    connect(&field, &QLineEdit::textChanged, this, &SearchFeedback::refresh);
    refresh();
}

SearchFeedback::~SearchFeedback() = default;

void SearchFeedback::refresh()
{
    if (m_field.text() != m_filter.searchText()) { // typed, not applied yet
        setText(tr("Searching…"));
        setNoMatch(false);
        show();
        return;
    }
    if (!m_filter.isSearching()) {
        clear();
        setNoMatch(false);
        hide();
        return;
    }
    const int count = m_filter.matchCount();
    setText(count == 0 ? tr("No match") : count == 1 ? tr("1 match") : tr("%1 matches").arg(count));
    setNoMatch(count == 0);
    show();
}

void SearchFeedback::setNoMatch(bool noMatch)
{
    if (noMatch == m_noMatch)
        return;
    m_noMatch = noMatch;
    if (!noMatch) {
        m_field.setPalette(m_normalPalette);
        setForegroundRole(QPalette::PlaceholderText);
    // As wide as its longest text, so that the search field does not move as it changes.
    int widest = 0;
    for (const QString &text : {tr("Searching…"), tr("No match"), tr("%1 matches").arg(888888)})
        widest = std::max(widest, fontMetrics().horizontalAdvance(text));
    setMinimumWidth(widest + 2 * margin() + 4);
        return;
    }
    QPalette palette = m_normalPalette;
    palette.setColor(QPalette::Base, tinted(m_normalPalette.color(QPalette::Base)));
    m_field.setPalette(palette);
    setForegroundRole(QPalette::WindowText); // "No match" reads as a statement, not a hint
}

} // namespace provtree
