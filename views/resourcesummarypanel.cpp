#include "resourcesummarypanel.h"

#include "displaynumber.h"
#include "neutralise.h"
#include "numbercolumns.h"
#include "providerfilterproxymodel.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "providertreenotifier.h"
#include "resourcesummarymodel.h"
#include "usagebardelegate.h"
#include "workerpool.h"

#include <QBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>


namespace provtree {

namespace {

constexpr int kSideBySideWidth = 900; // narrower (docked left or right): one above the other

QTableView *summaryTable(ResourceSummaryModel *model, const QString &accessibleName, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setItemDelegate(new UsageBarDelegate(table));
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setTabKeyNavigation(false); // one Tab stop; arrows move within
    table->setWordWrap(false);
    table->setAccessibleName(accessibleName);
    table->verticalHeader()->hide();
    new NumberColumns(table, ResourceSummaryModel::ResourceClassColumn, ResourceSummaryModel::UsedColumn);
    table->setMinimumHeight(4 * table->fontMetrics().lineSpacing()); // the header and a row; it scrolls
    return table;
}

} // namespace

ResourceSummaryPanel::ResourceSummaryPanel(ProviderTree &tree, ProviderFilterProxyModel &filter, QWidget *parent)
    : QWidget(parent),
      m_tree(tree),
      m_filter(filter),
      m_notifier(new ProviderTreeNotifier(tree, this)),
      m_treeModel(new ResourceSummaryModel(this)),
      m_searchModel(new ResourceSummaryModel(this)),
      m_timer(new QTimer(this))
{
    buildUi();
    m_timer->setSingleShot(true);
    m_timer->setInterval(kRefreshDelayMs);
    connect(m_timer, &QTimer::timeout, this, &ResourceSummaryPanel::refresh);
    connect(&m_treeJob, &QFutureWatcher<TreeStats>::finished, this, &ResourceSummaryPanel::treeSummed);
    connect(&m_searchJob, &QFutureWatcher<TreeStats>::finished, this, &ResourceSummaryPanel::searchSummed);
    // Any change of the tree may change both sums (the filter re-matches changed rows).
    connect(m_notifier, &ProviderTreeNotifier::changed, this, [this] { schedule(TreePart | SearchPart); });
    // A new search, or rows matching or no longer matching it.
    const auto searchChanged = [this] { schedule(SearchPart); };
    connect(&m_filter, &QAbstractItemModel::modelReset, this, searchChanged);
    connect(&m_filter, &QAbstractItemModel::layoutChanged, this, searchChanged);
    connect(&m_filter, &QAbstractItemModel::rowsInserted, this, searchChanged);
    connect(&m_filter, &QAbstractItemModel::rowsRemoved, this, searchChanged);
}

ResourceSummaryPanel::~ResourceSummaryPanel()
{
    m_treeJob.waitForFinished(); // they read the tree, which may go right after the panel
    m_searchJob.waitForFinished();
}

void ResourceSummaryPanel::buildUi()
{
    m_treeCaption = new QLabel(this);
    m_treeCaption->setObjectName(QStringLiteral("treeSummaryCaption"));
    m_treeCaption->setTextFormat(Qt::PlainText);
    m_treeTable = summaryTable(m_treeModel, tr("Resource summary of the whole tree"), this);
    m_treeTable->setObjectName(QStringLiteral("treeSummaryTable"));

    m_searchSide = new QWidget(this);
    m_searchCaption = new QLabel(m_searchSide);
    m_searchCaption->setObjectName(QStringLiteral("searchSummaryCaption"));
    m_searchCaption->setTextFormat(Qt::PlainText); // holds the search text
    m_searchTable = summaryTable(m_searchModel, tr("Resource summary of the providers matching the search"),
                                 m_searchSide);
    m_searchTable->setObjectName(QStringLiteral("searchSummaryTable"));
    auto *searchLayout = new QVBoxLayout(m_searchSide);
    searchLayout->setContentsMargins(0, 0, 0, 0);
    searchLayout->addWidget(m_searchCaption);
    searchLayout->addWidget(m_searchTable, 1);
    m_searchSide->hide();

    auto *treeSide = new QVBoxLayout;
    treeSide->addWidget(m_treeCaption);
    treeSide->addWidget(m_treeTable, 1);
    auto *layout = new QBoxLayout(QBoxLayout::LeftToRight, this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(treeSide, 1);
    layout->addWidget(m_searchSide, 1);
}

QString ResourceSummaryPanel::treeCaption() const
{
    return m_treeCaption->text();
}

QString ResourceSummaryPanel::searchCaption() const
{
    return m_searchSide->isHidden() ? QString() : m_searchCaption->text();
}

bool ResourceSummaryPanel::isUpToDate() const
{
    return m_dirty == 0 && !m_timer->isActive() && !m_summing && !m_searchSumming;
}

bool ResourceSummaryPanel::isRefreshScheduled() const
{
    return m_timer->isActive();
}

void ResourceSummaryPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        m_timer->start();
}

void ResourceSummaryPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    auto *sides = static_cast<QBoxLayout *>(layout());
    sides->setDirection(width() >= kSideBySideWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

// A burst of changes (an undo macro, a backend syncing, typing a search) costs one sum.
void ResourceSummaryPanel::schedule(int parts)
{
    m_dirty |= parts;
    if (isVisible() && !m_timer->isActive())
        m_timer->start();
}

void ResourceSummaryPanel::refresh()
{
    if (!isVisible())
        return; // showEvent() comes back
    if (m_dirty & TreePart)
        refreshTree();
    if (m_dirty & SearchPart)
        refreshSearch();
    finishIfDone();
}

void ResourceSummaryPanel::refreshTree()
{
    if (m_summing)
        return; // treeSummed() sums again for what came since it started
    m_dirty &= ~TreePart;
    if (m_tree.size() > kBackgroundLimit) {
        m_summing = true;
        m_treeJob.setFuture(QtConcurrent::run(workerPool(), [&tree = m_tree] { return TreeStats::compute(tree); }));
        return;
    }
    showTreeStats(TreeStats::compute(m_tree));
}

void ResourceSummaryPanel::treeSummed()
{
    m_summing = false;
    showTreeStats(m_treeJob.result());
    if (m_dirty & TreePart)
        m_timer->start(); // changed while it was being summed
    finishIfDone();
}

void ResourceSummaryPanel::showTreeStats(const TreeStats &stats)
{
    m_treeModel->setTotals(stats.resourceClasses);
    m_treeCaption->setText(stats.providers == 1 ? tr("Whole tree: 1 provider")
                                                : tr("Whole tree: %1 providers").arg(groupedNumber(stats.providers)));
}

void ResourceSummaryPanel::refreshSearch()
{
    if (m_searchSumming)
        return; // searchSummed() sums again for what came since it started
    m_dirty &= ~SearchPart;
    const QString text = m_filter.searchText().trimmed();
    m_searchSide->setVisible(!text.isEmpty());
    if (text.isEmpty()) {
        m_searchModel->setTotals({});
        m_searchCaption->clear();
        return;
    }
    // Only the matches: the ancestors the tree shows around them are context, not results.
    // Read from the core, not from the filter's rows: walking those would map every row.
    const auto sum = [&tree = m_tree, matches = m_filter.searchPredicate()] {
        QList<ProviderData> matched;
        tree.forEachProvider([&](const ProviderData &provider) {
            if (matches(provider))
                matched.append(provider);
        });
        return TreeStats::compute(matched);
    };
    if (m_tree.size() > kBackgroundLimit) {
        m_searchSumming = true;
        m_searchJob.setFuture(QtConcurrent::run(workerPool(), sum));
        return;
    }
    showSearchStats(sum());
}

void ResourceSummaryPanel::searchSummed()
{
    m_searchSumming = false;
    showSearchStats(m_searchJob.result());
    if (m_dirty & SearchPart)
        m_timer->start(); // changed while it was being summed
    finishIfDone();
}

void ResourceSummaryPanel::showSearchStats(const TreeStats &stats)
{
    const QString text = m_filter.searchText().trimmed();
    if (text.isEmpty())
        return; // cleared while it was being summed
    m_searchModel->setTotals(stats.resourceClasses);
    m_searchCaption->setText(tr("Matching %1: %2 of %3 providers")
                                     .arg(neutralised(text, 40), groupedNumber(stats.providers),
                                          groupedNumber(m_tree.size())));
}

void ResourceSummaryPanel::finishIfDone()
{
    if (isUpToDate())
        emit updated();
}

} // namespace provtree
