#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace provtree {

// The rows of ThreeWayDialog: one field of one provider in the three states, as text (the
// application renders the values and neutralises names).
struct ThreeWayView
{
    struct Row
    {
        QString providerUuid;
        QString provider; // its name, neutralised
        QString field;    // "name", "inventories.VCPU", "traits", ...
        QString pulled;   // the value when pulled
        QString mine;     // my value
        QString now;      // Placement's value now
        QString outcome;  // what a re-apply does with it: "mine", "Placement's", "same", "conflict"
        QString detail;   // why, for a conflict that is not plain "both changed it"
        bool conflict = false;
        // Full values for the tooltips (the cells may shorten them).
        QString pulledFull, mineFull, nowFull;
    };

    QString target;  // "cloud prod (RegionOne)"
    QString summary; // what happened, one or two sentences
    QList<Row> rows; // grouped by provider, in order
    // Whether the actions apply (after a push); false: a list to read (after a refresh).
    bool canResolve = true;
    [[nodiscard]] qsizetype providerCount() const;
    [[nodiscard]] qsizetype conflictCount() const;
};

// What the user chose in ThreeWayDialog.
enum class ThreeWayChoice {
    Close,   // keep everything as it is locally (Esc)
    Reapply, // push again, my changes re-applied on top of Placement's current state
    Drop,    // give up my changes to the listed providers: mine := Placement's now
};

// Placement changed providers I edited (a push met a newer state, or a refresh did): per
// provider and field the value when pulled, mine and Placement's now, conflicts marked
// (both changed it differently: a re-apply keeps Placement's value there). Actions:
// "Re-apply my changes on top of Placement's", "Drop my changes to these providers" and
// Close, which keeps everything local. Enter and Esc close; the actions have mnemonics.
// GUI thread only.
class ThreeWayDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { ProviderColumn, FieldColumn, PulledColumn, MineColumn, NowColumn, OutcomeColumn, ColumnCount };

    explicit ThreeWayDialog(const ThreeWayView &view, QWidget *parent = nullptr);

    [[nodiscard]] ThreeWayChoice choice() const { return m_choice; }
    [[nodiscard]] QString summaryText() const;
    [[nodiscard]] QTreeWidget *table() const { return m_table; }
    [[nodiscard]] QPushButton *reapplyButton() const { return m_reapply; }
    [[nodiscard]] QPushButton *dropButton() const { return m_drop; }
    [[nodiscard]] QPushButton *closeButton() const { return m_close; }

    // The background of a conflicting row.
    [[nodiscard]] static QColor conflictColor();

private:
    void choose(ThreeWayChoice choice);

    ThreeWayChoice m_choice = ThreeWayChoice::Close;
    // Widgets: owned by their parents in the dialog.
    QLabel *m_summary = nullptr;
    QTreeWidget *m_table = nullptr;
    QPushButton *m_reapply = nullptr;
    QPushButton *m_drop = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace provtree
