#pragma once

#include "treestats.h"

#include <QFutureWatcher>
#include <QList>
#include <QWidget>

class QLabel;
class QTableView;
class QTimer;

namespace provtree {

class ProviderFilterProxyModel;
class ProviderTree;
class ProviderTreeNotifier;
class ResourceSummaryModel;

// Per resource class: total, reserved, capacity, used, free and usage % of the whole tree
// (TreeStats, as `provtree stats` prints it), and, while a search is active, of the
// providers the search matches (not the ancestors shown only for context), side by side.
//
// It follows the tree (the core's change notifications) and the search (the filter's
// signals), and recomputes at most once per kRefreshDelayMs, only while it is visible (a
// hidden panel costs nothing; it catches up when shown). Trees larger than
// kBackgroundLimit providers are summed on a worker thread, so that an edit of a 100,000-
// provider cloud does not wait for the sums; the numbers follow a moment later.
//
// GUI-thread object. `tree` and `filter` must outlive the panel; the destructor waits
// for a sum in progress (it reads the tree).
class ResourceSummaryPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRefreshDelayMs = 100;
    static constexpr qsizetype kBackgroundLimit = 5000;

    ResourceSummaryPanel(ProviderTree &tree, ProviderFilterProxyModel &filter, QWidget *parent = nullptr);
    ~ResourceSummaryPanel() override;

    // The two tables' models (for tests and accessibility).
    [[nodiscard]] ResourceSummaryModel *treeSummary() const { return m_treeModel; }
    [[nodiscard]] ResourceSummaryModel *searchSummary() const { return m_searchModel; }
    // The captions: "Whole tree: 30 providers", "Matching “numa”: 6 of 30 providers".
    [[nodiscard]] QString treeCaption() const;
    [[nodiscard]] QString searchCaption() const; // empty while there is no search
    // True when both tables show the current state (nothing waiting or being summed).
    [[nodiscard]] bool isUpToDate() const;
    // True while a refresh waits for its delay (never while the panel is hidden).
    [[nodiscard]] bool isRefreshScheduled() const;

signals:
    // Both tables show the current tree and search again.
    void updated();

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    enum Part { TreePart = 1, SearchPart = 2 };

    void buildUi();
    void schedule(int parts);
    void refresh();
    void refreshTree();
    void refreshSearch();
    void treeSummed();
    void searchSummed();
    void showTreeStats(const TreeStats &stats);
    void showSearchStats(const TreeStats &stats);
    void finishIfDone();

    ProviderTree &m_tree;                          // Not owned.
    ProviderFilterProxyModel &m_filter;            // Not owned.
    ProviderTreeNotifier *m_notifier = nullptr;    // Owned (QObject child).
    ResourceSummaryModel *m_treeModel = nullptr;   // Owned (QObject child).
    ResourceSummaryModel *m_searchModel = nullptr; // Owned (QObject child).
    QTimer *m_timer = nullptr;                     // Owned (QObject child).
    QFutureWatcher<TreeStats> m_treeJob;           // a whole-tree sum on a worker thread
    bool m_summing = false; // m_treeJob runs or its result is on its way (finished() is queued)
    QFutureWatcher<TreeStats> m_searchJob;         // the matches' sum on a worker thread
    bool m_searchSumming = false; // as m_summing, for m_searchJob
    QLabel *m_treeCaption = nullptr;               // Owned (child widget), as are those below.
    QLabel *m_searchCaption = nullptr;
    QTableView *m_treeTable = nullptr;
    QTableView *m_searchTable = nullptr;
    QWidget *m_searchSide = nullptr;
    int m_dirty = TreePart | SearchPart; // parts whose sums are out of date
};

} // namespace provtree
