// provtree-gui-bench: how the inspector's window answers at 1,000, 10,000 and 100,000
// providers (issue 12, parts 3 and 4). It drives the real main window (Inspector, as
// provtree-inspector builds it; offscreen, shown at 1400x900) with QTest key and mouse
// events on generated clouds (CloudGenerator) and measures, per operation:
//
//   stall   the longest time the GUI thread did not process events, from the operation's
//           first event until 300 ms after its result was shown. Method: a 1 ms
//           Qt::PreciseTimer on the GUI thread records the largest gap between two of its
//           ticks (a stall in progress counts up to now). Resolution: about 1 ms; an idle
//           loop's floor is printed first ("watchdog floor").
//   result  wall time from the operation's (last) input event until the view shows the
//           result: the first paint of the view after the result is in its model (the
//           state checked every 1 ms), or the moment it is found when no paint follows.
//
// Operations: open a snapshot file (File > Open, Ctrl+O), type a filter keystroke by
// keystroke (80 ms apart, as a quick typist; result from the last keystroke), open the
// file again with that search shown, clear it (Esc), sort by the Usage column (a header click), expand all (View > Expand All, Ctrl+E;
// the result is the last row open, the rows opening in slices), type the filter again with
// every row open ("filter (all open)") and clear it, select a provider (a click
// on a row; details and inventory follow), edit an inventory total through the table's
// editor (F2, the number, Enter), undo (Ctrl+Z), redo (Ctrl+Shift+Z), and File > Compare
// with File… against an edited copy of the same cloud (two states of N providers each).
// Memory: the process's resident set once the tree is open and settled, and its peak while
// the size runs (before the compare window and with it). Every figure is the median of
// --repeat runs. At the end, for each operation, the growth 10,000 -> 100,000 (near 10 is
// linear; a stall's floor of a few ms makes small ratios mean little).
//
//   provtree-gui-bench [--sizes 1000,10000,100000] [--repeat 3] [--seed 1] [--dir DIR]
//                      [--only NAME,...]   (only these operations, after open: for profiling)
//
// The targets checked at 100,000 providers (marked ok or MISSED): every stall <= 50 ms,
// the filter's result <= 100 ms after the last keystroke, the whole application <= 400 MB
// with the tree open. Measure a Release or RelWithDebInfo build on an idle machine (check
// `uptime`): Debug and sanitizer figures mean nothing. Not a CTest test.
#include "benchtiming.h"
#include "cloudgenerator.h"
#include "compareview.h"
#include "diffmodel.h"
#include "inspector.h"
#include "inventorymodel.h"
#include "inventoryview.h"
#include "mainwindow.h"
#include "providerfilterproxymodel.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "snapshotwriter.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QSet>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <functional>
#include <map>
#include <vector>

using namespace provtree;
using provtree::bench::median;

namespace {

constexpr int kStallTargetMs = 50;
constexpr int kFilterTargetMs = 100;
constexpr qint64 kMemoryTargetMb = 400;
constexpr int kSettleMs = 300;      // watched after a result: deferred layouts stall there
constexpr int kTimeoutMs = 60000;   // an operation that shows nothing by then failed
constexpr int kKeystrokeGapMs = 80; // a quick typist
const QString kFilterText = QStringLiteral("cn-0001");

// One clock for every timestamp of the benchmark.
QElapsedTimer &clock()
{
    static QElapsedTimer timer;
    if (!timer.isValid())
        timer.start();
    return timer;
}

double nowMs()
{
    return double(clock().nsecsElapsed()) / 1e6;
}

// The longest gap between two ticks of a 1 ms timer on the GUI thread.
class StallWatchdog : public QObject
{
public:
    StallWatchdog()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double now = nowMs();
            m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
        m_timer.start();
    }
    void restart()
    {
        m_last = nowMs();
        m_longest = 0;
    }
    [[nodiscard]] double longestMs() const { return std::max(m_longest, nowMs() - m_last); }

private:
    QTimer m_timer;
    double m_last = nowMs();
    double m_longest = 0;
};

// When widgets were painted (an application-wide filter: the compare window's view does
// not exist before the operation).
class PaintSpy : public QObject
{
public:
    PaintSpy() { qApp->installEventFilter(this); }
    ~PaintSpy() override { qApp->removeEventFilter(this); }
    // The first paint of `widget` at or after `ms`; `ms` itself when there was none.
    [[nodiscard]] double firstPaintFrom(const QWidget *widget, double ms) const
    {
        for (const auto &[painted, when] : m_paints) {
            if (painted == widget && when >= ms)
                return when;
        }
        return ms;
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            m_paints.emplace_back(watched, nowMs());
        return QObject::eventFilter(watched, event);
    }

private:
    std::vector<std::pair<const QObject *, double>> m_paints;
};

// Runs the GUI thread's event loop for `ms` (QTest::qWait sleeps between its rounds,
// which the watchdog would count as stalls).
void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs the event loop until `done` (checked every 1 ms) or the timeout; the time it was
// found true, or a negative number.
double runUntil(const std::function<bool()> &done, int timeoutMs = kTimeoutMs)
{
    if (done())
        return nowMs();
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    double found = -1;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            found = nowMs();
            loop.quit();
        }
    });
    poll.start(1);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return found;
}

struct Sample
{
    double stallMs = 0;
    double resultMs = 0;
    bool failed = false;
};

struct Operation
{
    QString name;
    std::function<void()> setup;          // untimed, before each run
    std::function<void()> act;            // sends the input; returns the last input's time via m_inputMs
    std::function<bool()> shown;          // the result is in the model
    std::function<QWidget *()> viewport;  // what paints the result
};

qint64 statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double residentMb() { return double(statusKb("VmRSS:")) / 1024.0; }
double processPeakMb() { return double(statusKb("VmHWM:")) / 1024.0; }

// Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM).
void resetPeak()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    if (refs.open(QIODevice::WriteOnly))
        refs.write("5");
}

// An edited copy of `records`: inventories changed, providers renamed, leaves removed and
// new roots added, as a day in a real cloud might bring.
QList<ProviderData> editedCopy(QList<ProviderData> records, testsupport::CloudGenerator &generator)
{
    QSet<QString> parents;
    for (const ProviderData &p : std::as_const(records))
        parents.insert(p.parentUuid);
    QList<ProviderData> edited;
    edited.reserve(records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        ProviderData p = records.at(i);
        if (i % 300 == 7 && !parents.contains(p.uuid))
            continue; // removed
        if (i % 50 == 3 && p.inventories.contains(QStringLiteral("VCPU"))) {
            InventoryRecord inventory = p.inventories.value(QStringLiteral("VCPU"));
            inventory.total = inventory.totalOr0() + 4;
            p.inventories.insert(QStringLiteral("VCPU"), inventory);
            ++p.generation;
        }
        if (i % 200 == 11) {
            p.name += QStringLiteral("-renamed");
            ++p.generation;
        }
        edited.append(p);
    }
    const QList<ProviderData> added = generator.cloud(std::max<qsizetype>(records.size() / 1000, 1));
    for (ProviderData p : added) {
        p.name += QStringLiteral("-new"); // the generator's names restart at cn-000001
        edited.append(p);
    }
    return edited;
}

bool write(const QByteArray &bytes, const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// One size: the inspector opened on a fresh window, every operation measured.
class SizeRun
{
public:
    SizeRun(QString file, QString edited, int repeat, QStringList only)
        : m_file(std::move(file)), m_edited(std::move(edited)), m_repeat(repeat), m_only(std::move(only))
    {
        m_inspector.setPrompts({[this] { return m_file; }, [](const QString &) { return QString(); },
                                [](const QString &) { return QMessageBox::Discard; }});
        m_inspector.setComparePathPrompt([this] { return m_edited; });
        MainWindow *window = m_inspector.window();
        window->resize(1400, 900);
        window->show();
        (void)QTest::qWaitForWindowExposed(window);
        window->activateWindow();
        (void)QTest::qWaitForWindowActive(window);
    }

    std::vector<std::pair<QString, Sample>> run();
    [[nodiscard]] double settledMb() const { return m_settledMb; }
    [[nodiscard]] double peakWithoutCompareMb() const { return m_peakWithoutCompareMb; }
    [[nodiscard]] double peakMb() const { return m_peakMb; }

private:
    Sample measure(const Operation &operation);
    std::vector<Operation> operations();
    [[nodiscard]] MainWindow *window() const { return m_inspector.window(); }
    [[nodiscard]] bool treeShown() const
    {
        return window()->treeModel()->sequence() == m_inspector.tree().lastSequence()
            && window()->treeModel()->rowCount() > 0;
    }
    [[nodiscard]] QModelIndex inventoryCell() const
    {
        const InventoryModel *model = window()->inventoryView()->model();
        return model->rowCount() > 0 ? model->index(0, InventoryModel::TotalColumn) : QModelIndex();
    }
    [[nodiscard]] qint64 shownTotal() const;
    void clickRow(int row);

    QString m_file;
    QString m_edited;
    int m_repeat;
    QStringList m_only; // operation names to run (open always runs); empty: all
    Inspector m_inspector;
    StallWatchdog m_watchdog;
    double m_inputMs = 0;
    int m_run = 0;
    QString m_editedProvider;
    QString m_editedClass;
    qint64 m_totalBefore = 0;
    double m_settledMb = 0;
    double m_peakWithoutCompareMb = 0;
    double m_peakMb = 0;
};


qint64 SizeRun::shownTotal() const
{
    const std::optional<ProviderData> provider = m_inspector.tree().data(m_editedProvider);
    if (!provider || window()->treeModel()->sequence() != m_inspector.tree().lastSequence())
        return -1;
    return provider->inventories.value(m_editedClass).totalOr0();
}

// A left click in the middle of the tree view's row `row` (top level, as shown).
void SizeRun::clickRow(int row)
{
    QTreeView *view = window()->treeView();
    const QModelIndex index = view->model()->index(row, ProviderTreeModel::NameColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

std::vector<Operation> SizeRun::operations()
{
    MainWindow *w = window();
    const auto treeViewport = [w] { return w->treeView()->viewport(); };
    const auto typeKey = [](QWidget *target, QChar c) { QTest::keyClick(target, c.toLatin1()); };
    std::vector<Operation> ops;

    ops.push_back({QStringLiteral("open"), nullptr,
                   [this, w] {
                       m_inputMs = nowMs();
                       QTest::keyClick(w, Qt::Key_O, Qt::ControlModifier); // File > Open
                   },
                   [this] { return m_inspector.filePath() == m_file && treeShown(); }, treeViewport});

    // The filter text typed key by key, and its rows shown.
    const auto typeFilter = [this, w, typeKey] {
        for (qsizetype i = 0; i < kFilterText.size(); ++i) {
            if (i > 0)
                runFor(kKeystrokeGapMs);
            m_inputMs = nowMs();
            typeKey(w->searchField(), kFilterText.at(i));
        }
    };
    const auto filterShown = [w] {
        return w->filterModel()->searchText() == kFilterText && w->filterModel()->matchCount() > 0
            && w->filterModel()->rowCount() > 0;
    };
    // The filter text shown (typed at once when it is not), and Esc clearing it.
    const auto showFilter = [w] {
        if (w->searchField()->text() != kFilterText)
            w->searchField()->setText(kFilterText);
        runUntil([w] { return w->filterModel()->searchText() == kFilterText; });
    };
    const auto clearFilter = [this, w, showFilter, treeViewport](const QString &name) {
        return Operation{name,
                         [w, showFilter] {
                             showFilter();
                             w->searchField()->setFocus();
                         },
                         [this, w] {
                             m_inputMs = nowMs();
                             QTest::keyClick(w->searchField(), Qt::Key_Escape);
                         },
                         [w] {
                             return w->filterModel()->searchText().isEmpty()
                                 && w->filterModel()->rowCount() == w->treeModel()->rowCount();
                         },
                         treeViewport};
    };
    ops.push_back({QStringLiteral("filter (typed)"),
                   [w] {
                       w->searchField()->clear();
                       w->searchField()->setFocus();
                   },
                   typeFilter, filterShown, treeViewport});

    // Opening with a search shown: the new tree's rows come with that search applied.
    ops.push_back({QStringLiteral("open (search shown)"), showFilter,
                   [this, w] {
                       m_inputMs = nowMs();
                       QTest::keyClick(w, Qt::Key_O, Qt::ControlModifier);
                   },
                   [this, filterShown] { return m_inspector.filePath() == m_file && treeShown() && filterShown(); },
                   treeViewport});

    ops.push_back(clearFilter(QStringLiteral("clear filter")));

    const auto clickHeader = [w](int column) {
        QHeaderView *header = w->treeView()->header();
        const QPoint middle(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                            header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, middle);
    };
    ops.push_back({QStringLiteral("sort by usage"),
                   [w] { w->treeView()->sortByColumn(ProviderTreeModel::NameColumn, Qt::AscendingOrder); },
                   [this, clickHeader] {
                       m_inputMs = nowMs();
                       clickHeader(ProviderTreeModel::UsageColumn);
                   },
                   [w] { return w->filterModel()->sortColumn() == ProviderTreeModel::UsageColumn; },
                   treeViewport});

    ops.push_back({QStringLiteral("expand all"), [w] { w->treeView()->collapseAll(); },
                   [this, w] {
                       m_inputMs = nowMs();
                       QTest::keyClick(w, Qt::Key_E, Qt::ControlModifier); // View > Expand All
                   },
                   [w] {
                       if (w->isExpandingAll()) // a large tree opens in slices: the result is every row
                           return false;
                       QAbstractItemModel *model = w->treeView()->model();
                       for (int row = 0; row < model->rowCount(); ++row) {
                           const QModelIndex index = model->index(row, 0);
                           if (model->hasChildren(index))
                               return w->treeView()->isExpanded(index);
                       }
                       return true;
                   },
                   treeViewport});

    // The same search with every row open (after Expand All): the rows it hides and the
    // expansion it must give back when cleared are the whole tree's.
    ops.push_back({QStringLiteral("filter (all open)"),
                   [w] {
                       w->searchField()->clear();
                       runUntil([w] { return w->filterModel()->searchText().isEmpty() && !w->isExpandingAll(); });
                       w->searchField()->setFocus();
                   },
                   typeFilter, filterShown, treeViewport});

    // Esc after that search: every row the user had open opens again.
    ops.push_back(clearFilter(QStringLiteral("clear filter (all open)")));

    // A root with an inventory near the top, a different one each run.
    const auto pickRow = [this, w] {
        QAbstractItemModel *model = w->treeView()->model();
        int found = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto data = model->index(row, 0).data(ProviderTreeModel::ProviderDataRole).value<ProviderData>();
            if (!data.inventories.isEmpty() && found++ == 2 + m_run % 2)
                return row;
        }
        return 0;
    };
    ops.push_back({QStringLiteral("select provider"),
                   [w] {
                       w->searchField()->clear(); // the search typed with every row open
                       runUntil([w] { return w->filterModel()->searchText().isEmpty(); });
                       w->treeView()->collapseAll();
                       w->treeView()->sortByColumn(ProviderTreeModel::NameColumn, Qt::AscendingOrder);
                       w->treeView()->scrollToTop();
                   },
                   [this, pickRow] {
                       const int row = pickRow();
                       m_editedProvider = window()->treeView()->model()->index(row, 0)
                                                  .data(ProviderTreeModel::UuidRole).toString();
                       m_inputMs = nowMs();
                       clickRow(row);
                   },
                   [this, w] {
                       return !m_editedProvider.isEmpty() && w->currentProvider() == m_editedProvider
                           && w->inventoryView()->provider() == m_editedProvider && inventoryCell().isValid();
                   },
                   [w] { return w->inventoryView()->tableView()->viewport(); }});

    const auto inventoryViewport = [w] { return w->inventoryView()->tableView()->viewport(); };
    ops.push_back({QStringLiteral("edit inventory cell"),
                   [this, w] {
                       QTableView *table = w->inventoryView()->tableView();
                       table->setFocus();
                       table->setCurrentIndex(inventoryCell());
                       m_editedClass = inventoryCell().data(InventoryModel::ResourceClassRole).toString();
                       m_totalBefore = shownTotal();
                   },
                   [this, w] {
                       QTableView *table = w->inventoryView()->tableView();
                       QTest::keyClick(table, Qt::Key_F2);
                       QWidget *editor = QApplication::focusWidget();
                       if (!editor || editor == table)
                           return; // no editor opened: the result never comes (FAILED)
                       QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
                       QTest::keyClicks(editor, QString::number(m_totalBefore + 1));
                       m_inputMs = nowMs();
                       QTest::keyClick(editor, Qt::Key_Enter);
                   },
                   [this] { return shownTotal() == m_totalBefore + 1; }, inventoryViewport});

    ops.push_back({QStringLiteral("undo"), nullptr,
                   [this, w] {
                       m_inputMs = nowMs();
                       QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
                   },
                   [this] { return shownTotal() == m_totalBefore; }, inventoryViewport});

    ops.push_back({QStringLiteral("redo"), nullptr,
                   [this, w] {
                       m_inputMs = nowMs();
                       QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
                   },
                   [this] { return shownTotal() == m_totalBefore + 1; }, inventoryViewport});

    ops.push_back({QStringLiteral("compare (N vs N)"),
                   [this] {
                       if (CompareView *compare = m_inspector.compareView())
                           compare->close();
                       runUntil([this] { return m_inspector.compareView() == nullptr; });
                       m_peakWithoutCompareMb = std::max(m_peakWithoutCompareMb, processPeakMb());
                   },
                   [this, w] {
                       m_inputMs = nowMs();
                       w->compareAction()->trigger(); // File > Compare with File… (a menu item)
                   },
                   [this] {
                       const CompareView *compare = m_inspector.compareView();
                       return compare && compare->isVisible() && compare->model()->rowCount() > 0;
                   },
                   [this]() -> QWidget * {
                       CompareView *compare = m_inspector.compareView();
                       return compare ? compare->treeView()->viewport() : nullptr;
                   }});
    return ops;
}

std::vector<std::pair<QString, Sample>> SizeRun::run()
{
    std::vector<Operation> ops = operations();
    if (!m_only.isEmpty()) {
        std::erase_if(ops, [this](const Operation &op) {
            return op.name != QLatin1String("open") && std::none_of(m_only.cbegin(), m_only.cend(), [&op](const QString &only) {
                       return op.name.startsWith(only);
                   });
        });
    }
    std::map<QString, std::vector<Sample>> samples;
    for (m_run = 0; m_run < m_repeat; ++m_run) {
        for (const Operation &op : ops) {
            const Sample sample = measure(op);
            samples[op.name].push_back(sample);
            if (op.name == QLatin1String("open") && m_run == 0) {
                runFor(500);
                m_settledMb = residentMb();
            }
            std::fprintf(stderr, "  %-23s run %d: stall %8.1f ms, result %8.1f ms%s\n", qPrintable(op.name),
                         m_run + 1, sample.stallMs, sample.resultMs, sample.failed ? " (FAILED: nothing shown)" : "");
        }
    }
    m_peakMb = std::max(m_peakWithoutCompareMb, processPeakMb());
    if (CompareView *compare = m_inspector.compareView())
        compare->close();
    std::vector<std::pair<QString, Sample>> medians;
    for (const Operation &op : ops) {
        std::vector<double> stalls, results;
        bool failed = false;
        for (const Sample &s : samples[op.name]) {
            stalls.push_back(s.stallMs);
            results.push_back(s.resultMs);
            failed = failed || s.failed;
        }
        medians.emplace_back(op.name, Sample{median(stalls), median(results), failed});
    }
    return medians;
}

Sample SizeRun::measure(const Operation &operation)
{
    // The window has the keyboard, as a window manager gives it back after a dialog (the
    // offscreen platform does not).
    window()->activateWindow();
    QApplication::setActiveWindow(window());
    if (operation.setup)
        operation.setup();
    runFor(50); // calm: the setup's own work is not this operation's
    const PaintSpy paints;
    m_watchdog.restart();
    m_inputMs = nowMs();
    operation.act();
    const double found = runUntil(operation.shown);
    Sample sample;
    if (found < 0) {
        sample.failed = true;
        sample.stallMs = m_watchdog.longestMs();
        return sample;
    }
    runFor(kSettleMs);
    sample.stallMs = m_watchdog.longestMs();
    sample.resultMs = paints.firstPaintFrom(operation.viewport(), found) - m_inputMs;
    return sample;
}

struct Options
{
    QList<qsizetype> sizes{1000, 10000, 100000};
    int repeat = 3;
    quint64 seed = 1;
    QString dir;
    QStringList only;
};

Options parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The inspector window's stalls and response times at scale."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("sizes"), QStringLiteral("Provider counts, comma-separated."), QStringLiteral("N,..."),
                      QStringLiteral("1000,10000,100000")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Runs per operation (median)."), QStringLiteral("R"),
                      QStringLiteral("3")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Cloud generator seed."), QStringLiteral("S"),
                      QStringLiteral("1")});
    parser.addOption({QStringLiteral("dir"),
                      QStringLiteral("Where to write the clouds (default: a temporary folder); clouds already there are reused (same seed!)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("only"),
                      QStringLiteral("Only the operations whose names start with these (open always runs), comma-separated; for profiling. "
                                     "The \"(all open)\" ones need \"expand all\" before them."),
                      QStringLiteral("NAME,...")});
    parser.process(arguments);
    Options options;
    options.sizes.clear();
    for (const QString &size : parser.value(QStringLiteral("sizes")).split(QLatin1Char(',')))
        options.sizes.append(std::max<qsizetype>(size.toLongLong(), 1));
    options.repeat = std::max(parser.value(QStringLiteral("repeat")).toInt(), 1);
    options.seed = parser.value(QStringLiteral("seed")).toULongLong();
    options.dir = parser.value(QStringLiteral("dir"));
    if (parser.isSet(QStringLiteral("only")))
        options.only = parser.value(QStringLiteral("only")).split(QLatin1Char(','));
    return options;
}

QString ratioText(double large, double small)
{
    return small > 0 ? QString::number(large / small, 'f', 1) : QStringLiteral("-");
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true); // recent files and layouts stay out of the user's settings
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("provtree-gui-bench"));
    QApplication::setApplicationName(QStringLiteral("provtree-gui-bench"));
    const Options options = parse(QApplication::arguments());

    QTemporaryDir temporary;
    const QString dir = options.dir.isEmpty() ? temporary.path() : options.dir;
    std::printf("provtree-gui-bench: platform %s, window 1400x900, %d run(s) per operation (medians)\n",
                qPrintable(QApplication::platformName()), options.repeat);
    std::printf("stall: longest gap between ticks of a 1 ms GUI-thread timer, from the input until %d ms after the result\n",
                kSettleMs);
    std::printf("result: from the (last) input event to the first paint of the view after the result is in its model\n");
    {
        StallWatchdog idle;
        runFor(300);
        std::printf("watchdog floor (idle loop, 300 ms): %.1f ms\n", idle.longestMs());
    }

    std::map<qsizetype, std::vector<std::pair<QString, Sample>>> results;
    for (const qsizetype size : options.sizes) {
        const QString file = QStringLiteral("%1/cloud-%2.json").arg(dir).arg(size);
        const QString edited = QStringLiteral("%1/cloud-%2-edited.json").arg(dir).arg(size);
        if (options.dir.isEmpty() || !QFileInfo::exists(file) || !QFileInfo::exists(edited)) {
            testsupport::CloudGenerator generator(options.seed);
            const QList<ProviderData> records = generator.cloud(size);
            if (!write(serialiseSnapshot(records), file) || !write(serialiseSnapshot(editedCopy(records, generator)), edited)) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
                return 1;
            }
        }
        malloc_trim(0);
        resetPeak();
        const double before = residentMb();
        std::printf("\n%lld providers (%.1f MB file), resident before opening %.0f MB\n", qlonglong(size),
                    double(QFileInfo(file).size()) / 1e6, before);
        std::fflush(stdout);
        SizeRun run(file, edited, options.repeat, options.only);
        results[size] = run.run();
        const bool target = size == 100000;
        std::printf("  %-23s %10s %10s\n", "operation", "stall ms", "result ms");
        for (const auto &[name, sample] : results[size]) {
            QString verdict;
            if (target) {
                const bool filter = name.startsWith(QLatin1String("filter"));
                const bool ok = !sample.failed && sample.stallMs <= kStallTargetMs
                             && (!filter || sample.resultMs <= kFilterTargetMs);
                verdict = ok ? QStringLiteral("ok") : QStringLiteral("MISSED");
                verdict += filter ? QStringLiteral(" (stall <= %1, result <= %2)").arg(kStallTargetMs).arg(kFilterTargetMs)
                                  : QStringLiteral(" (stall <= %1)").arg(kStallTargetMs);
            }
            std::printf("  %-23s %10.1f %10.1f %s%s\n", qPrintable(name), sample.stallMs, sample.resultMs,
                        sample.failed ? "FAILED " : "", qPrintable(verdict));
        }
        std::printf("  resident with the tree open (settled): %.0f MB; peak %.0f MB without the compare window, %.0f MB with it%s\n",
                    run.settledMb(), run.peakWithoutCompareMb(), run.peakMb(),
                    target ? (run.peakWithoutCompareMb() <= kMemoryTargetMb ? "  ok (<= 400 MB)" : "  MISSED (<= 400 MB)") : "");
        std::fflush(stdout);
    }

    if (results.count(10000) && results.count(100000)) {
        std::printf("\ngrowth 10,000 -> 100,000 providers (near 10: linear)\n");
        std::printf("  %-23s %10s %10s\n", "operation", "stall", "result");
        const auto &small = results[10000];
        const auto &large = results[100000];
        for (size_t i = 0; i < large.size() && i < small.size(); ++i) {
            std::printf("  %-23s %10s %10s\n", qPrintable(large[i].first),
                        qPrintable(ratioText(large[i].second.stallMs, small[i].second.stallMs)),
                        qPrintable(ratioText(large[i].second.resultMs, small[i].second.resultMs)));
        }
    }
    return 0;
}
