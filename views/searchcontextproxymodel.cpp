#include "searchcontextproxymodel.h"

#include "fithighlightproxymodel.h"
#include "providerfilterproxymodel.h"
#include "providertreemodel.h"

#include <QBrush>
#include <QList>
#include <QPalette>

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace provtree {

namespace {

constexpr double kTextContrast = 4.5; // WCAG 2 AA, normal text

double relativeLuminance(const QColor &colour)
{
    const auto channel = [](double value) {
        return value <= 0.04045 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = colour.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

// `over` painted with its alpha on the opaque `under`.
QColor composedOver(const QColor &over, const QColor &under)
{
    const double alpha = over.alphaF();
    return QColor::fromRgbF(float(over.redF() * alpha + under.redF() * (1 - alpha)),
                            float(over.greenF() * alpha + under.greenF() * (1 - alpha)),
                            float(over.blueF() * alpha + under.blueF() * (1 - alpha)));
}

QColor mixedColour(const QColor &from, const QColor &to, double share)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * share),
                            float(from.greenF() + (to.greenF() - from.greenF()) * share),
                            float(from.blueF() + (to.blueF() - from.blueF()) * share));
}

} // namespace

SearchContextProxyModel::SearchContextProxyModel(ProviderFilterProxyModel &filter, QObject *parent)
    : QIdentityProxyModel(parent), m_filter(filter), m_colour(mutedTextColour(QPalette()))
{
    setSourceModel(&filter);
    connect(&filter, &ProviderFilterProxyModel::searchApplied, this, &SearchContextProxyModel::searchApplied);
}

SearchContextProxyModel::~SearchContextProxyModel() = default;

void SearchContextProxyModel::setContextTextColour(const QColor &colour)
{
    if (colour == m_colour)
        return;
    m_colour = colour;
    if (m_filter.isSearching())
        searchApplied(); // the same rows, repainted
}

double SearchContextProxyModel::contrastRatio(const QColor &a, const QColor &b)
{
    const double first = relativeLuminance(a);
    const double second = relativeLuminance(b);
    return (std::max(first, second) + 0.05) / (std::min(first, second) + 0.05);
}

QColor SearchContextProxyModel::mutedTextColour(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    const QColor text = palette.color(QPalette::Active, QPalette::Text);
    const QColor muted = composedOver(palette.color(QPalette::Active, QPalette::PlaceholderText), base);
    // The fit colour is light: under a dark palette the text does not read on it either.
    QList<QColor> backgrounds;
    for (const QColor &background :
         {base, palette.color(QPalette::Active, QPalette::AlternateBase), FitHighlightProxyModel::fitColour()}) {
        if (contrastRatio(text, background) >= kTextContrast)
            backgrounds.append(background);
    }
    const auto readable = [&backgrounds](const QColor &colour) {
        return std::all_of(backgrounds.cbegin(), backgrounds.cend(), [&colour](const QColor &background) {
            return contrastRatio(colour, background) >= kTextContrast;
        });
    };
    // The least step towards the text colour that reads; the text colour itself at worst.
    for (int step = 0; step < 10; ++step) {
        const QColor candidate = mixedColour(muted, text, step / 10.0);
        if (readable(candidate))
            return candidate;
    }
    return text;
}

bool SearchContextProxyModel::isContext(const QModelIndex &index) const
{
    if (!m_filter.isSearching())
        return false;
    const QModelIndex filterIndex = mapToSource(index);
    return filterIndex.isValid() && !m_filter.matchesSearch(m_filter.mapToSource(filterIndex));
}

QVariant SearchContextProxyModel::data(const QModelIndex &index, int role) const
{
    const bool nameTip = role == Qt::ToolTipRole && index.column() == ProviderTreeModel::NameColumn;
    if (role != SearchContextRole && role != Qt::ForegroundRole && role != Qt::AccessibleDescriptionRole && !nameTip)
        return QIdentityProxyModel::data(index, role);
    const bool context = isContext(index);
    if (role == SearchContextRole)
        return context;
    if (!context)
        return QIdentityProxyModel::data(index, role);
    switch (role) {
    case Qt::ForegroundRole:
        return QBrush(m_colour);
    case Qt::AccessibleDescriptionRole: {
        const QString own = QIdentityProxyModel::data(index, role).toString();
        const QString context = tr("shown for context: it does not match the search");
        return own.isEmpty() ? context : QString(own + QStringLiteral("; ") + context);
    }
    case Qt::ToolTipRole: // rich text (ProviderTreeModel's)
        return QString(QIdentityProxyModel::data(index, role).toString() + QStringLiteral("<br><i>")
                       + tr("Shown for context: it does not match the search.") + QStringLiteral("</i>"));
    }
    return QIdentityProxyModel::data(index, role);
}

// The rows that stay through a new search may change from match to context or back.
void SearchContextProxyModel::searchApplied()
{
    const int rows = rowCount();
    if (rows > 0)
        emit dataChanged(index(0, 0), index(rows - 1, columnCount() - 1),
                         {Qt::ForegroundRole, Qt::AccessibleDescriptionRole, Qt::ToolTipRole, SearchContextRole});
}

} // namespace provtree
