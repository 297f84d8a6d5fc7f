#pragma once

#include <QObject>

class QTableView;

namespace provtree {

// Keeps a table's number columns whole: each is exactly as wide as its widest cell (or its
// header); the one text column (a resource class) gets the width left over, down to what
// shows "NET_BW_EG…" (elided at the right: NET_BW_EG… and NET_BW_IG… still differ;
// the tooltip has the whole name), and past that the table scrolls sideways rather than
// cut a number; room to spare goes to `growColumn` (the usage bar). Numbers were elided
// ("21474…") or cut at the table's edge before.
//
// It refits when the model's rows or data change and when the table is resized or changes
// font. Tables of a few dozen rows: it measures every row.
//
// GUI-thread object, a child of the table; the table's model must be set first (and stay).
class NumberColumns : public QObject
{
    Q_OBJECT

public:
    NumberColumns(QTableView *table, int textColumn, int growColumn);
    ~NumberColumns() override;

    // Fits now (the signals it follows do it too).
    void fit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTableView *m_table; // Not owned (the parent).
    const QObject *m_viewport; // The table's; compared with, never called.
    int m_textColumn;
    int m_growColumn;
};

} // namespace provtree
