#pragma once

#include <QLabel>
#include <QPalette>

class QLineEdit;

namespace provtree {

class ProviderFilterProxyModel;

// What a search found, shown next to the search field: "12 matches", "1 match", or
// "No match" with the field tinted; "Searching…" while typed text waits to be applied (a
// large tree is searched on a worker); nothing without a search. Follows the filter's
// matchCountChanged(), so edits that make providers match or not update it too.
//
// GUI-thread object. `field` and `filter` must outlive it.
class SearchFeedback : public QLabel
{
    Q_OBJECT

public:
    SearchFeedback(QLineEdit &field, const ProviderFilterProxyModel &filter, QWidget *parent = nullptr);
    ~SearchFeedback() override;

    // Whether a search is applied and nothing matches it (the field is tinted then).
    [[nodiscard]] bool isNoMatch() const { return m_noMatch; }

private:
    void refresh();
    void setNoMatch(bool noMatch);

    QLineEdit &m_field;                       // Not owned.
    const ProviderFilterProxyModel &m_filter; // Not owned.
    QPalette m_normalPalette;                 // the field's own, restored after "No match"
    bool m_noMatch = false;
};

} // namespace provtree
