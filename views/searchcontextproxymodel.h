#pragma once

#include <QColor>
#include <QIdentityProxyModel>

class QPalette;

namespace provtree {

class ProviderFilterProxyModel;

// Mutes the rows a search shows only for context. Over ProviderFilterProxyModel, a row
// that does not match the search itself (an ancestor shown so that a match is in its
// place) gets the muted text colour (Qt::ForegroundRole, every column), says so to screen
// readers (Qt::AccessibleDescriptionRole, "shown for context") and in its name's tooltip,
// and is true under SearchContextRole. Matches, and every row while there is no search,
// pass through unchanged: the matches are what stands out.
//
// Which rows match is the filter's answer (ProviderFilterProxyModel::matchesSearch()) for
// the search it shows: while a newer search still runs on the worker, the rows and their
// marks are both the previous search's. When the filter shows a new search, one
// dataChanged over the top-level rows names these roles (a view repaints all it shows).
//
// GUI-thread object; the filter is its source and must outlive it.
class SearchContextProxyModel : public QIdentityProxyModel
{
    Q_OBJECT

public:
    enum Role {
        SearchContextRole = Qt::UserRole + 80, // bool: shown only as an ancestor of a match
    };

    explicit SearchContextProxyModel(ProviderFilterProxyModel &filter, QObject *parent = nullptr);
    ~SearchContextProxyModel() override;

    // The context rows' text colour: mutedTextColour() of the view's palette.
    void setContextTextColour(const QColor &colour);
    [[nodiscard]] QColor contextTextColour() const { return m_colour; }

    // The palette's placeholder text colour, moved towards its text colour until it reads
    // at 4.5:1 or better (WCAG AA for text) on every background a row of the tree may have
    // and the text itself reads on: Base, AlternateBase and the green of a tree that fits
    // (FitHighlightProxyModel; not under a dark palette).
    [[nodiscard]] static QColor mutedTextColour(const QPalette &palette);
    // WCAG 2's contrast ratio of two colours (alpha ignored), from 1 to 21.
    [[nodiscard]] static double contrastRatio(const QColor &a, const QColor &b);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] bool isContext(const QModelIndex &index) const;
    void searchApplied();

    ProviderFilterProxyModel &m_filter; // Not owned: the source.
    QColor m_colour;
};

} // namespace provtree
