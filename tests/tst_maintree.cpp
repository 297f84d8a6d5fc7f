// The main window's provider tree, driven like a user drives it (offscreen, real widgets):
// the details pane follows the selection of the tree as shown, so that no edit lands on a
// provider the user did not select or cannot see; the tree is in natural order and sorts
// by a header click, keeping the selection; the search says how many providers match; the
// columns and the splitter at 1280x800, remembered across runs; the context menu and the
// copy actions. Settings go to a throwaway folder.
#include "inspector.h"
#include "mainwindow.h"
#include "providerdetails.h"
#include "providerfilterproxymodel.h"
#include "providerkind.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "searchcontextproxymodel.h"
#include "fithighlightproxymodel.h"
#include "searchexpansionmemory.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "aggregatespanel.h"
#include "inventoryview.h"
#include "traitspanel.h"
#include "treeeditor.h"
#include "windowlayoutmemory.h"
#include "support/cloudgenerator.h"
#include "support/modelrows.h"
#include "support/testrecords.h"
#include "support/testuuid.h"

#include <QAbstractItemModelTester>
#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>

using namespace provtree;

namespace {

using provtree::testing::problemLines;
using provtree::testing::visibleRows;

// An inspector whose dialogs answer from the test (file names, provider names, yes).
struct Harness
{
    Inspector inspector;
    QString savePath;
    std::optional<QString> name;

    Harness()
    {
        inspector.setPrompts({[] { return QString(); }, [this](const QString &) { return savePath; },
                              [](const QString &) { return QMessageBox::Discard; }});
        inspector.window()->setPrompts({[this](const QString &, const QString &, const QString &) { return name; },
                                        [](const QString &, const QString &) { return true; }});
    }
    MainWindow &window() const { return *inspector.window(); }
    QTreeView &view() const { return *inspector.window()->treeView(); }
    QString uuidOf(const QString &providerName) const
    {
        const std::optional<ProviderData> data = inspector.tree().data(providerName);
        return data ? data->uuid : QString();
    }
    // The row of the provider named `providerName` in the tree as shown (invalid if hidden).
    QModelIndex row(const QString &providerName) const
    {
        const QAbstractItemModel *model = view().model();
        const QModelIndexList found = model->match(model->index(0, 0), Qt::DisplayRole, providerName, 1,
                                                   Qt::MatchExactly | Qt::MatchRecursive);
        return found.isEmpty() ? QModelIndex() : found.constFirst();
    }
    void click(const QModelIndex &index, Qt::KeyboardModifiers modifiers = {}) const
    {
        view().scrollTo(index);
        // Near the start of the name: a long name's cell may reach beyond the viewport.
        const QRect cell = view().visualRect(index);
        QTest::mouseClick(view().viewport(), Qt::LeftButton, modifiers,
                          QPoint(cell.left() + std::min(40, cell.width() / 2), cell.center().y()));
    }
    void clickHeader(int column) const
    {
        QHeaderView *header = view().header();
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    }
    // Shown at `width` x `height` and exposed (not made active: no window manager needed).
    bool showExposedAt(int width, int height) const
    {
        window().resize(width, height);
        window().show();
        return QTest::qWaitForWindowExposed(&window());
    }
    bool showAt1280x800() const
    {
        window().resize(1280, 800);
        window().show();
        window().activateWindow();
        return QTest::qWaitForWindowActive(&window());
    }
    // Any provider of the tree that has `trait`.
    QStringList withTrait(const QString &trait) const
    {
        QStringList names;
        for (const ProviderData &p : inspector.tree().allData()) {
            if (p.traits.contains(trait))
                names.append(p.name);
        }
        return names;
    }
};

// The selected providers' uuids in tree order, as the view's selection has them.
QStringList selectedUuids(const QTreeView &view)
{
    QModelIndexList rows = view.selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [&view](const QModelIndex &a, const QModelIndex &b) {
        return view.visualRect(a).top() < view.visualRect(b).top();
    });
    QStringList uuids;
    for (const QModelIndex &row : std::as_const(rows))
        uuids.append(row.data(ProviderTreeModel::UuidRole).toString());
    return uuids;
}

// The splitter between the tree and the details.
QSplitter *mainSplitter(const MainWindow &window)
{
    if (auto *named = window.findChild<QSplitter *>(QStringLiteral("providerSplitter")))
        return named;
    const QList<QSplitter *> all = window.findChildren<QSplitter *>();
    for (QSplitter *splitter : all) {
        if (splitter->orientation() == Qt::Horizontal)
            return splitter;
    }
    return nullptr;
}

QStringList rootNames(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data().toString());
    return names;
}

// Adds a trait the way a user does: typed into the traits panel's field, then Enter.
void typeTrait(MainWindow &window, const QString &trait)
{
    QLineEdit *edit = window.traitsPanel()->findChild<QLineEdit *>();
    QVERIFY(edit);
    QTest::keyClicks(edit, trait);
    QTest::keyClick(edit, Qt::Key_Return);
}

// cn-10 { cn-10_numa1, cn-10_numa0 }, cn-2 { cn-2_numa1, cn-2_numa0 }, cn-1: a canonical
// file lists them as a C-locale sort does (cn-1, cn-10, cn-2; numa0 first), generations
// 30, 10, 20 and usages 10 %, 90 %, 50 % for the roots.
QList<ProviderData> computeNodes()
{
    QList<ProviderData> records;
    const struct { const char *name; int generation; qint64 used; } roots[] = {
        {"cn-10", 30, 10}, {"cn-2", 10, 90}, {"cn-1", 20, 50}};
    int next = 1;
    for (const auto &root : roots) {
        ProviderData node = testing::providerRecord(testing::uuid(next++), QString::fromLatin1(root.name));
        node.generation = root.generation;
        InventoryRecord vcpu;
        vcpu.total = 100;
        node.inventories.insert(QStringLiteral("VCPU"), vcpu);
        node.usages.insert(QStringLiteral("VCPU"), root.used);
        records.append(node);
        if (node.name == QStringLiteral("cn-1"))
            continue;
        for (const char *cell : {"_numa1", "_numa0"})
            records.append(testing::providerRecord(testing::uuid(next++), node.name + QLatin1String(cell), node.uuid));
    }
    return records;
}

// The names of the rows the view shows open (expanded, with children: QTreeView::expandAll()
// marks the rows without children expanded too, which shows nothing), walking down open
// rows only.
QStringList expandedNames(const QTreeView &view)
{
    QStringList names;
    const QAbstractItemModel *model = view.model();
    QList<QModelIndex> pending{QModelIndex()};
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeLast();
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (view.isExpanded(index) && model->hasChildren(index)) {
                names.append(index.data().toString());
                pending.append(index);
            }
        }
    }
    names.sort();
    return names;
}

// The search-context proxy in the window's chain under the view.
const SearchContextProxyModel *searchContext(const QTreeView &view)
{
    const QAbstractItemModel *model = view.model();
    while (const auto *proxy = qobject_cast<const QAbstractProxyModel *>(model)) {
        if (const auto *context = qobject_cast<const SearchContextProxyModel *>(proxy))
            return context;
        model = proxy->sourceModel();
    }
    return nullptr;
}

// Which way the sort arrow painted in `column`'s header section points: 1 down, -1 up, 0
// none found. The arrow is the dark shape at the section's right end (the label is left
// aligned), compared as painted: its widest row at the top points down.
int paintedArrowDirection(QHeaderView &header, int column)
{
    const QRect section(header.sectionViewportPosition(column), 0, header.sectionSize(column), header.height());
    const QImage image = header.viewport()->grab(section).toImage();
    const int from = std::max(0, image.width() - image.height() - 4);
    QList<int> widths; // per pixel row holding some of the arrow
    for (int y = 0; y < image.height(); ++y) {
        const int background = qGray(image.pixel(from, y)); // the header's gradient at that height
        int width = 0;
        for (int x = from; x < image.width() - 2; ++x)
            width += qGray(image.pixel(x, y)) < background - 60 ? 1 : 0;
        if (width > 0)
            widths.append(width);
    }
    if (widths.size() < 2 || widths.constFirst() == widths.constLast())
        return 0;
    return widths.constFirst() > widths.constLast() ? 1 : -1;
}

// The darkest grey of the text painted in `index`'s cell, past its icon.
int darkestText(QTreeView &view, const QModelIndex &index)
{
    QRect cell = view.visualRect(index);
    cell.setLeft(cell.left() + view.iconSize().width() + 4);
    const QImage image = view.viewport()->grab(cell).toImage();
    int darkest = 255;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            darkest = std::min(darkest, qGray(image.pixel(x, y)));
    }
    return darkest;
}

} // namespace

class TestMainTree : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    // Issue 10, defect 1: edits only what is selected and shown.
    void aSearchThatHidesTheSelectionLeavesNothingToEdit();
    void aSearchWithoutMatchLeavesNothingToEdit();
    void aMatchClickedDuringASearchIsEdited();
    void theSelectionComesBackWhenTheSearchShowsIt();
    void severalSelectedShowNoDetails();
    void aSearchThatHidesTheSelectionShowsMatchesFromTheTop();
    void collapsingMovesTheSelectionIntoSight();
    // Found by an operator: siblings elided at the end looked alike.
    void elidedSiblingNamesStayDistinct();
    // Found by an operator: "kind:numa" on a large tree showed only collapsed hosts.
    void aLargeSearchOpensTheFirstMatchesInSight();
    // Defect 2: sorted and sortable.
    void treeIsInNaturalOrderByName();
    void headerClicksSortByTheirColumn();
    void selectionSurvivesSortingAndEdits();
    void headerClickAtTenThousandProviders();
    // Defect 9: search feedback.
    void searchSaysHowManyMatch();
    // Defect 8: layout at 1280x800.
    void columnsFitAt1280x800();
    void splitterStaysWhenALongNameIsSelected();
    void splitterAndGeometryAreRememberedAcrossRuns();
    // Found by an operator at 10,000 to 100,000 providers.
    void clearingASearchGivesBackTheRowsTheUserHadOpen();
    void clearingASearchGivesBackThousandsOfOpenRowsBySlices();
    void clearingASearchKeepsTheRowsTheUserClosed();
    void childNamesGetTheirWidthAt1400Pixels();
    void expandedChildrenGetTheirWidth();
    void theSortArrowSaysTheOrderShown();
    void rowsShownForContextAreMuted();
    void rowsShownForContextFollowABackgroundSearch();
    void searchContextProxyPassesTheModelTester();
    void theMutedColourReadsOnLightAndDarkPalettes_data();
    void theMutedColourReadsOnLightAndDarkPalettes();
    // Also expected: the context menu and copying.
    void contextMenuOffersTheProviderActions();
    void copiesUuidsAndJsonOfTheSelection();

private:
    [[nodiscard]] QString writableSample(Harness &h, const QString &name);
    [[nodiscard]] QString writeRecords(const QList<ProviderData> &records, const QString &name);

    QTemporaryDir m_dir;
};

void TestMainTree::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("provtree-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_maintree"));
    QVERIFY(QSettings().fileName().startsWith(m_dir.path()));
}

void TestMainTree::init()
{
    QSettings().clear();
    QApplication::clipboard()->clear();
}

// The sample, saved as a file of its own: editable.
QString TestMainTree::writableSample(Harness &h, const QString &name)
{
    const Status opened = h.inspector.open(Inspector::samplePath());
    if (!opened.ok())
        return problemLines(opened.problems());
    const QString path = m_dir.filePath(name);
    const Status saved = h.inspector.saveTo(path);
    if (!saved.ok() || h.window().isReadOnly())
        return QStringLiteral("not editable");
    return {};
}

QString TestMainTree::writeRecords(const QList<ProviderData> &records, const QString &name)
{
    const QString path = m_dir.filePath(name);
    return saveSnapshot(records, path).ok() ? path : QString();
}

// The steps: click cn-01_numa1, Ctrl+F, type kind:gp. The details pane used to
// switch to cn-01:Open vSwitch agent, neither selected nor visible, and a trait typed then
// landed on it.
void TestMainTree::aSearchThatHidesTheSelectionLeavesNothingToEdit()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("defect1.json")), QString());
    QVERIFY(h.showAt1280x800());
    const QString numa1 = h.uuidOf(QStringLiteral("cn-01_numa1"));
    h.click(h.row(QStringLiteral("cn-01_numa1")));
    QCOMPARE(h.window().currentProvider(), numa1);
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-01_numa1"));

    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(h.window().searchField()->hasFocus());
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:gp"));
    QVERIFY(!h.row(QStringLiteral("cn-01_numa1")).isValid());
    QVERIFY(!h.view().selectionModel()->hasSelection());

    QCOMPARE(h.window().currentProvider(), QString());
    QCOMPARE(h.window().details()->provider(), QString());
    QCOMPARE(h.window().details()->nameText(), QString());
    QCOMPARE(h.window().inventoryView()->provider(), QString());
    QCOMPARE(h.window().traitsPanel()->provider(), QString());
    QCOMPARE(h.window().aggregatesPanel()->provider(), QString());
    QVERIFY(!h.window().renameAction()->isEnabled());
    QVERIFY(!h.window().removeAction()->isEnabled());
    QVERIFY(!h.window().newChildAction()->isEnabled());

    typeTrait(h.window(), QStringLiteral("CUSTOM_LANDED"));
    QCOMPARE(h.withTrait(QStringLiteral("CUSTOM_LANDED")), QStringList());
    QCOMPARE(h.window().editor()->undoStack()->count(), 0);
    h.window().renameAction()->trigger();
    h.window().removeAction()->trigger();
    QCOMPARE(h.window().editor()->undoStack()->count(), 0);
}

void TestMainTree::aSearchWithoutMatchLeavesNothingToEdit()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("nomatch.json")), QString());
    QVERIFY(h.showAt1280x800());
    h.click(h.row(QStringLiteral("cn-02")));
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-02"));
    QTest::keyClicks(h.window().searchField(), QStringLiteral("nothing-like-this"));
    QCOMPARE(h.view().model()->rowCount(), 0);
    QCOMPARE(h.window().currentProvider(), QString());
    QCOMPARE(h.window().details()->nameText(), QString());
    QCOMPARE(h.window().inventoryView()->provider(), QString());
    typeTrait(h.window(), QStringLiteral("CUSTOM_LANDED"));
    QCOMPARE(h.withTrait(QStringLiteral("CUSTOM_LANDED")), QStringList());
    QCOMPARE(h.window().editor()->undoStack()->count(), 0);
}

// What the user selects in the filtered tree is what the details show and edit.
void TestMainTree::aMatchClickedDuringASearchIsEdited()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("match.json")), QString());
    QVERIFY(h.showAt1280x800());
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:gpu"));
    h.click(h.row(QStringLiteral("cn-06_pci_0000_41_00_0")));
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-06_pci_0000_41_00_0"));
    typeTrait(h.window(), QStringLiteral("CUSTOM_LANDED"));
    QCOMPARE(h.withTrait(QStringLiteral("CUSTOM_LANDED")), QStringList{QStringLiteral("cn-06_pci_0000_41_00_0")});
}

// Typing narrows the tree a letter at a time: a selection hidden on the way is not lost
// when the search shows it again, nor when the search is cleared (Esc).
void TestMainTree::theSelectionComesBackWhenTheSearchShowsIt()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("comeback.json")), QString());
    QVERIFY(h.showAt1280x800());
    const QString numa1 = h.uuidOf(QStringLiteral("cn-01_numa1"));
    h.click(h.row(QStringLiteral("cn-01_numa1")));
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:gp"));
    QCOMPARE(h.window().currentProvider(), QString());
    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QCOMPARE(h.window().currentProvider(), numa1);
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-01_numa1"));
    QVERIFY(h.view().selectionModel()->isSelected(h.row(QStringLiteral("cn-01_numa1"))));

    // A selection the user changed is not brought back.
    QTest::keyClicks(h.window().searchField(), QStringLiteral("cn-05"));
    h.click(h.row(QStringLiteral("cn-05")));
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-05"));
}

void TestMainTree::severalSelectedShowNoDetails()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("several.json")), QString());
    QVERIFY(h.showAt1280x800());
    h.click(h.row(QStringLiteral("cn-04")));
    h.click(h.row(QStringLiteral("cn-05")), Qt::ControlModifier);
    QCOMPARE(selectedUuids(h.view()),
             (QStringList{h.uuidOf(QStringLiteral("cn-04")), h.uuidOf(QStringLiteral("cn-05"))}));
    QCOMPARE(h.window().currentProvider(), QString());
    QCOMPARE(h.window().details()->nameText(), QString());
    QVERIFY(!h.window().renameAction()->isEnabled());
    const auto *copy = h.window().findChild<QAction *>(QStringLiteral("copyUuidAction"));
    QVERIFY(copy);
    QVERIFY(copy->isEnabled());
    QCOMPARE(copy->text(), QStringLiteral("&Copy 2 UUIDs")); // the menu says what it copies
    h.click(h.row(QStringLiteral("cn-05")));
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-05"));
}

// The view used to follow the current index, which the selection's removal pushes to a
// neighbour: a search opened somewhere in the middle of its matches.
void TestMainTree::aSearchThatHidesTheSelectionShowsMatchesFromTheTop()
{
    Harness h;
    const QString path = writeRecords(testsupport::CloudGenerator(3).cloud(300), QStringLiteral("top.json"));
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.showAt1280x800());
    QAbstractItemModel *model = h.view().model();
    QModelIndex last = model->index(model->rowCount() - 1, 0);
    while (model->rowCount(last) > 0)
        last = model->index(model->rowCount(last) - 1, 0, last);
    QVERIFY(last.data(ProviderTreeModel::KindRole).toInt() != int(ProviderKind::ComputeNode));
    h.click(last); // the last row, far down
    QTRY_VERIFY(h.view().verticalScrollBar()->value() > 0);
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:compute"));
    QCOMPARE(h.window().currentProvider(), QString());
    // The view lays its rows out once events run.
    QTRY_VERIFY(h.view().verticalScrollBar()->maximum() > 0); // more matches than rows in sight
    QCOMPARE(h.view().verticalScrollBar()->value(), 0);
}

// The name column elides in the middle: "cn-01…numa0" and "cn-01…numa1", where an ellipsis
// at the end showed "cn-01_…" twice. Compared as painted, pixel by pixel.
void TestMainTree::elidedSiblingNamesStayDistinct()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.showAt1280x800());
    QTreeView &view = h.view();
    view.setAlternatingRowColors(false); // two rows alike but for their text
    const QModelIndex numa0 = h.row(QStringLiteral("cn-01_numa0"));
    const QModelIndex numa1 = h.row(QStringLiteral("cn-01_numa1"));
    QVERIFY(numa0.isValid() && numa1.isValid());
    view.selectionModel()->clear(); // no highlight, no focus frame
    // Room for about two thirds of the name after the indentation and the icon.
    const QRect cell0 = view.visualRect(numa0);
    const int nameWidth = view.fontMetrics().horizontalAdvance(QStringLiteral("cn-01_numa0"));
    view.header()->resizeSection(ProviderTreeModel::NameColumn,
                                 cell0.left() - view.header()->sectionViewportPosition(ProviderTreeModel::NameColumn)
                                         + view.iconSize().width() + 12 + nameWidth * 2 / 3);
    QVERIFY(view.visualRect(numa0).width() < view.iconSize().width() + 12 + nameWidth);
    const QImage first = view.viewport()->grab(view.visualRect(numa0)).toImage();
    const QImage second = view.viewport()->grab(view.visualRect(numa1)).toImage();
    QCOMPARE(first.size(), second.size());
    QVERIFY(first != second);
}

// Thousands of matches under thousands of hosts: the first hosts are opened down to their
// matches, so that a match is in sight without a click (every host stayed collapsed).
void TestMainTree::aLargeSearchOpensTheFirstMatchesInSight()
{
    Harness h;
    const QString path = writeRecords(testsupport::CloudGenerator(5).cloud(3000), QStringLiteral("large.json"));
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.showAt1280x800());
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:numa"));
    QTRY_COMPARE(h.window().filterModel()->searchText(), QStringLiteral("kind:numa")); // applied
    QVERIFY(h.view().model()->rowCount() > 50); // more hosts than the window opens all of
    QTreeView &view = h.view();
    const auto numaInSight = [&view] {
        int count = 0;
        for (int y = 2; y < view.viewport()->height(); y += view.sizeHintForRow(0)) {
            const QModelIndex row = view.indexAt(QPoint(40, y));
            if (row.isValid() && row.data(ProviderTreeModel::KindRole).toInt() == int(ProviderKind::NumaNode))
                ++count;
        }
        return count;
    };
    // A large tree opens them in an event after the one that shows the search.
    QTRY_VERIFY2(numaInSight() >= 5, qPrintable(QString::number(numaInSight())));
    QCOMPARE(view.verticalScrollBar()->value(), 0);
}

// A selected provider folded away (its parent's arrow clicked) is not edited out of sight:
// the collapsed row becomes the selection.
void TestMainTree::collapsingMovesTheSelectionIntoSight()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("collapse.json")), QString());
    QVERIFY(h.showAt1280x800());
    h.click(h.row(QStringLiteral("cn-01_numa1")));
    const auto clickArrow = [&h](const QModelIndex &index) {
        const QRect cell = h.view().visualRect(index);
        QTest::mouseClick(h.view().viewport(), Qt::LeftButton, {},
                          QPoint(cell.left() - h.view().indentation() / 2, cell.center().y()));
    };
    clickArrow(h.row(QStringLiteral("cn-01")));
    QVERIFY(!h.view().isExpanded(h.row(QStringLiteral("cn-01"))));
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-01"));
    QCOMPARE(selectedUuids(h.view()), QStringList{h.uuidOf(QStringLiteral("cn-01"))});
    // Collapsing a row that hides nothing selected leaves the selection alone.
    clickArrow(h.row(QStringLiteral("cn-02")));
    QVERIFY(!h.view().isExpanded(h.row(QStringLiteral("cn-02"))));
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-01"));
}

// The file lists cn-1, cn-10, cn-2 (a C-locale sort): the tree shows cn-1, cn-2, cn-10.
void TestMainTree::treeIsInNaturalOrderByName()
{
    Harness h;
    const QString path = writeRecords(computeNodes(), QStringLiteral("natural.json"));
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.showAt1280x800());
    QCOMPARE(visibleRows(*h.view().model()),
             (QStringList{QStringLiteral("cn-1"), QStringLiteral("cn-2"), QStringLiteral("  cn-2_numa0"),
                          QStringLiteral("  cn-2_numa1"), QStringLiteral("cn-10"), QStringLiteral("  cn-10_numa0"),
                          QStringLiteral("  cn-10_numa1")}));
    QHeaderView *header = h.view().header();
    QVERIFY(header->isSortIndicatorShown());
    QCOMPARE(header->sortIndicatorSection(), int(ProviderTreeModel::NameColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    // A new tree opens on its first provider in that order.
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-1"));
}

void TestMainTree::headerClicksSortByTheirColumn()
{
    Harness h;
    QVERIFY(h.inspector.open(writeRecords(computeNodes(), QStringLiteral("columns.json"))).ok());
    QVERIFY(h.showAt1280x800());
    QHeaderView *header = h.view().header();

    h.clickHeader(ProviderTreeModel::GenerationColumn);
    QCOMPARE(header->sortIndicatorSection(), int(ProviderTreeModel::GenerationColumn));
    QCOMPARE(rootNames(*h.view().model()),
             (QStringList{QStringLiteral("cn-2"), QStringLiteral("cn-1"), QStringLiteral("cn-10")}));
    h.clickHeader(ProviderTreeModel::GenerationColumn); // again: the other way
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(rootNames(*h.view().model()),
             (QStringList{QStringLiteral("cn-10"), QStringLiteral("cn-1"), QStringLiteral("cn-2")}));

    // Usage starts with the fullest: what an operator looks for.
    h.clickHeader(ProviderTreeModel::UsageColumn);
    QCOMPARE(header->sortIndicatorSection(), int(ProviderTreeModel::UsageColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(rootNames(*h.view().model()),
             (QStringList{QStringLiteral("cn-2"), QStringLiteral("cn-1"), QStringLiteral("cn-10")}));

    h.clickHeader(ProviderTreeModel::NameColumn);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(rootNames(*h.view().model()),
             (QStringList{QStringLiteral("cn-1"), QStringLiteral("cn-2"), QStringLiteral("cn-10")}));
}

// The selected provider stays selected (and shown) when a header click re-sorts the tree
// and when a rename moves it to another place.
void TestMainTree::selectionSurvivesSortingAndEdits()
{
    Harness h;
    QVERIFY(h.inspector.open(writeRecords(computeNodes(), QStringLiteral("survive.json"))).ok());
    QVERIFY(h.showAt1280x800());
    const QString cn2 = h.uuidOf(QStringLiteral("cn-2"));
    h.click(h.row(QStringLiteral("cn-2")));
    QCOMPARE(h.row(QStringLiteral("cn-2")).row(), 1);

    h.clickHeader(ProviderTreeModel::GenerationColumn);
    QCOMPARE(h.row(QStringLiteral("cn-2")).row(), 0);
    QCOMPARE(selectedUuids(h.view()), QStringList{cn2});
    QCOMPARE(h.window().currentProvider(), cn2);
    QCOMPARE(h.view().currentIndex().siblingAtColumn(0), h.row(QStringLiteral("cn-2")));

    h.clickHeader(ProviderTreeModel::NameColumn);
    h.name = QStringLiteral("cn-99");
    h.window().renameAction()->trigger();
    QCOMPARE(h.row(QStringLiteral("cn-99")).row(), 2); // after cn-10 now
    QCOMPARE(selectedUuids(h.view()), QStringList{cn2});
    QTRY_COMPARE(h.window().details()->nameText(), QStringLiteral("cn-99")); // the details follow queued
    QCOMPARE(h.view().currentIndex().siblingAtColumn(0), h.row(QStringLiteral("cn-99")));
    h.window().undoAction()->trigger();
    QCOMPARE(h.row(QStringLiteral("cn-2")).row(), 1);
    QCOMPARE(selectedUuids(h.view()), QStringList{cn2});
}

// Not pass/fail on time: how long the window takes to show 10,000 providers sorted, and a
// header click, printed (100,000 took minutes in the ASan build; issue 12's GUI benchmark
// measures that size). The checks are on the order.
void TestMainTree::headerClickAtTenThousandProviders()
{
    ProviderTree tree;
    QVERIFY(tree.populate(testsupport::CloudGenerator(1).cloud(10000)).ok());
    QElapsedTimer timer;
    timer.start();
    MainWindow window(tree);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const qint64 openMs = timer.restart();
    QTreeView *view = window.treeView();
    QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("ceph-pool-0001"));

    timer.restart();
    QHeaderView *header = view->header();
    const auto click = [&](int column) {
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        view->viewport()->repaint(); // what the user waits for: the sorted rows on screen
        return timer.restart();
    };
    const qint64 generationMs = click(ProviderTreeModel::GenerationColumn);
    QCOMPARE(header->sortIndicatorSection(), int(ProviderTreeModel::GenerationColumn));
    // The selected provider (the first, a new tree opens on it) moved far down: still in sight.
    const QModelIndexList selected = view->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.constFirst().data().toString(), QStringLiteral("ceph-pool-0001"));
    QVERIFY(selected.constFirst().row() > 100); // far below the first screenful (about 35 rows)
    // In an event after the sorted rows' paint.
    QTRY_VERIFY(view->viewport()->rect().intersects(view->visualRect(selected.constFirst())));
    const qint64 first = view->model()->index(0, ProviderTreeModel::GenerationColumn).data().toLongLong();
    const qint64 second = view->model()->index(1, ProviderTreeModel::GenerationColumn).data().toLongLong();
    QVERIFY(first <= second);
    const qint64 descendingMs = click(ProviderTreeModel::GenerationColumn);
    const qint64 usageMs = click(ProviderTreeModel::UsageColumn);
    const qint64 nameMs = click(ProviderTreeModel::NameColumn);
    QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("ceph-pool-0001"));
    qInfo("10,000 providers in the window: shown sorted by name in %lld ms (model, sort, layout); header "
          "clicks: generation %lld ms, again (descending) %lld ms, usage %lld ms, name %lld ms",
          openMs, generationMs, descendingMs, usageMs, nameMs);
}

void TestMainTree::searchSaysHowManyMatch()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("feedback.json")), QString());
    QVERIFY(h.showAt1280x800());
    QLineEdit *search = h.window().searchField();
    const auto *feedback = h.window().findChild<QLabel *>(QStringLiteral("searchFeedback"));
    QVERIFY(feedback);
    QVERIFY(feedback->isHidden()); // nothing to say without a search
    const QColor normal = search->palette().color(QPalette::Base);

    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(search, QStringLiteral("ens5f"));
    QVERIFY(feedback->isVisible());
    QCOMPARE(feedback->text(), QStringLiteral("3 matches"));
    // An edit that makes one stop matching.
    QVERIFY(h.window().selectProvider(h.uuidOf(QStringLiteral("cn-03:NIC Switch agent:ens5f1"))));
    h.name = QStringLiteral("cn-03:NIC Switch agent:eth1");
    h.window().renameAction()->trigger();
    QCOMPARE(feedback->text(), QStringLiteral("2 matches"));
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier); // back to the field, its text selected
    QTest::keyClick(search, Qt::Key_End);
    QTest::keyClicks(search, QStringLiteral("0 cn-01"));
    QCOMPARE(feedback->text(), QStringLiteral("1 match"));

    QTest::keyClicks(search, QStringLiteral("zz"));
    QCOMPARE(feedback->text(), QStringLiteral("No match"));
    QVERIFY(search->palette().color(QPalette::Base) != normal); // the field is tinted
    QCOMPARE(search->palette().color(QPalette::Base).red() > search->palette().color(QPalette::Base).green(), true);

    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(feedback->isHidden());
    QCOMPARE(search->palette().color(QPalette::Base), normal);
}

// At 1280x800 the name, the resource classes and the numbers are in sight, also with a
// long provider name (the name column used to fit it and push the others out).
void TestMainTree::columnsFitAt1280x800()
{
    QList<ProviderData> records = computeNodes();
    records[1].name = QStringLiteral("cn-10_numa1:Open vSwitch agent:br-ex-for-the-tenant-networks-of-rack-42");
    Harness h;
    QVERIFY(h.inspector.open(writeRecords(records, QStringLiteral("layout.json"))).ok());
    QVERIFY(h.showAt1280x800());
    QTreeView &view = h.view();
    QHeaderView *header = view.header();
    const int visible = view.viewport()->width();
    const auto left = [header](int column) { return header->sectionViewportPosition(column); };
    const auto right = [header, &left](int column) { return left(column) + header->sectionSize(column); };
    using M = ProviderTreeModel;
    QVERIFY2(left(M::ResourceClassesColumn) >= 0 && left(M::ResourceClassesColumn) + 100 <= visible,
             qPrintable(QStringLiteral("classes at %1 of %2").arg(left(M::ResourceClassesColumn)).arg(visible)));
    for (const int column : {M::UsageColumn, M::GenerationColumn}) {
        QVERIFY2(right(column) <= visible, qPrintable(QStringLiteral("column %1 ends at %2 of %3")
                                                          .arg(column).arg(right(column)).arg(visible)));
        const QAbstractItemView &itemView = view;
        QVERIFY(header->sectionSize(column) >= itemView.sizeHintForColumn(column)); // numbers are not elided
    }
    // The long name is elided, not the rest.
    const QAbstractItemView &itemView = view;
    QVERIFY(header->sectionSize(M::NameColumn) < itemView.sizeHintForColumn(M::NameColumn));
}

// Selecting a provider with a long name (nothing to break it at) does not move the
// splitter: the details pane used to claim the name's width.
void TestMainTree::splitterStaysWhenALongNameIsSelected()
{
    QList<ProviderData> records = computeNodes();
    records[1].name = QStringLiteral("cn-10_numa1-") + QString(150, QLatin1Char('x'));
    records[2].name = QStringLiteral("cn-10-numa0-") + QString(120, QLatin1Char('y'));
    Harness h;
    QVERIFY(h.inspector.open(writeRecords(records, QStringLiteral("longname.json"))).ok());
    QVERIFY(h.showAt1280x800());
    QSplitter *splitter = mainSplitter(h.window());
    QVERIFY(splitter);
    const QList<int> sizes = splitter->sizes();
    // Layout requests travel up one parent per posted event: deliver them all.
    const auto settle = [] {
        for (int i = 0; i < 10; ++i)
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    };
    h.click(h.row(records[1].name));
    QCOMPARE(h.window().details()->nameText(), records[1].name);
    settle();
    QCOMPARE(splitter->sizes(), sizes);
    QCOMPARE(h.window().width(), 1280); // nor does the window grow off the screen
    h.click(h.row(records[2].name));
    settle();
    QCOMPARE(splitter->sizes(), sizes);
    QCOMPARE(h.window().width(), 1280);
}

// Where the user put the splitter and the window comes back at the next start.
void TestMainTree::splitterAndGeometryAreRememberedAcrossRuns()
{
    QList<int> placed;
    QSize size;
    {
        Harness h;
        QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
        WindowLayoutMemory memory(h.window());
        QCOMPARE(h.window().size(), QSize(1280, 800)); // nothing saved yet: the default
        h.window().show();
        QVERIFY(QTest::qWaitForWindowExposed(&h.window()));
        h.window().resize(1100, 700);
        size = h.window().size();
        QSplitter *splitter = h.window().splitter();
        const QList<int> before = splitter->sizes();
        // Drag the handle 150 px to the left.
        QWidget *handle = splitter->handle(1);
        const QPoint grip = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, grip);
        QTest::mouseMove(handle, grip - QPoint(150, 0));
        QTest::mouseRelease(handle, Qt::LeftButton, {}, grip - QPoint(150, 0));
        placed = splitter->sizes();
        QVERIFY2(placed.at(0) < before.at(0) - 100, qPrintable(QStringLiteral("%1 -> %2").arg(before.at(0)).arg(placed.at(0))));
        h.window().close();
    }
    Harness next;
    QVERIFY(next.inspector.open(Inspector::samplePath()).ok());
    WindowLayoutMemory memory(next.window());
    next.window().show();
    QVERIFY(QTest::qWaitForWindowExposed(&next.window()));
    QCOMPARE(next.window().size(), size);
    QCOMPARE(next.window().splitter()->sizes(), placed);
}

// At 10,000 providers an operator opened a few hosts, searched and cleared the search:
// every host was closed again (the search had removed their rows, and the view forgot
// them). Cleared, the tree has the rows open that were open before the search and those
// the user opened during it, not those the search opened; the row the user had selected
// is selected again and in sight.
void TestMainTree::clearingASearchGivesBackTheRowsTheUserHadOpen()
{
    Harness h;
    const QString path = writeRecords(testsupport::CloudGenerator(5).cloud(3000), QStringLiteral("reopen.json"));
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.showAt1280x800());
    QTreeView &view = h.view();
    const QAbstractItemModel *model = view.model();
    QCOMPARE(expandedNames(view), QStringList()); // many hosts: it opens collapsed
    // Two hosts without a GPU, which the search hides, opened as a click on the arrow does.
    QStringList opened;
    for (int row = 0; row < model->rowCount() && opened.size() < 2; ++row) {
        const QModelIndex host = model->index(row, 0);
        bool gpu = false;
        for (int child = 0; child < model->rowCount(host); ++child)
            gpu = gpu || model->index(child, 0, host).data(ProviderTreeModel::KindRole).toInt() == int(ProviderKind::Gpu);
        if (model->rowCount(host) > 0 && !gpu) {
            view.expand(host);
            opened.append(host.data().toString());
        }
    }
    QCOMPARE(opened.size(), 2);
    const QString selected = model->index(0, 0, h.row(opened.last())).data().toString();
    h.click(h.row(selected));
    QCOMPARE(h.window().details()->nameText(), selected);

    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:gpu"));
    QTRY_COMPARE(h.window().filterModel()->searchText(), QStringLiteral("kind:gpu")); // the worker's answer
    QTRY_VERIFY(expandedNames(view).size() > 2); // its first matches, opened in an event of their own
    QVERIFY(!h.row(opened.first()).isValid());
    QVERIFY(!h.row(selected).isValid());
    // During the search the user closes a host the search opened and opens it again, and
    // closes another one.
    const QStringList openedBySearch = expandedNames(view);
    const QString reopened = openedBySearch.constFirst();
    const QString closed = openedBySearch.constLast();
    view.collapse(h.row(reopened));
    view.expand(h.row(reopened));
    view.collapse(h.row(closed));

    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QTRY_COMPARE(h.window().filterModel()->searchText(), QString());
    QStringList expected = opened + QStringList{reopened};
    expected.sort();
    QTRY_COMPARE(expandedNames(view), expected);
    QTRY_COMPARE(selectedUuids(view), QStringList{h.uuidOf(selected)}); // in an event after the rows'
    QCOMPARE(h.window().details()->nameText(), selected);
    QTRY_VERIFY(view.viewport()->rect().intersects(view.visualRect(h.row(selected))));
    // Past now: the next search starts from this state, and the window's own opening of
    // rows is not mistaken for the user's.
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:gpu"));
    QTRY_COMPARE(h.window().filterModel()->searchText(), QStringLiteral("kind:gpu"));
    QTRY_VERIFY(expandedNames(view).size() > 2);
    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QTRY_COMPARE(h.window().filterModel()->searchText(), QString());
    QTRY_COMPARE(expandedNames(view), expected);
}

// After Expand All, a search closes the rows the user had open (the search opens its own),
// and clearing it opens them again by slices, as Expand All does.
void TestMainTree::clearingASearchGivesBackThousandsOfOpenRowsBySlices()
{
    Harness h;
    const QString path = writeRecords(testsupport::CloudGenerator(5).cloud(10000), QStringLiteral("allopen.json"));
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.showAt1280x800());
    QTreeView &view = h.view();
    QTest::keyClick(&h.window(), Qt::Key_E, Qt::ControlModifier); // View > Expand All
    QTRY_VERIFY_WITH_TIMEOUT(!h.window().isExpandingAll(), 60000);
    const QStringList allOpen = expandedNames(view);
    QVERIFY2(allOpen.size() > SearchExpansionMemory::kOpenedAtOnce, qPrintable(QString::number(allOpen.size())));

    // A search cleared before the worker answers (the rows close in an event after the
    // keystroke's) closes nothing.
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClick(h.window().searchField(), Qt::Key_K);
    QTest::keyClick(h.window().searchField(), Qt::Key_Backspace);
    QTest::qWait(50);
    QTRY_VERIFY_WITH_TIMEOUT(!h.window().isExpandingAll(), 60000);
    QCOMPARE(h.window().filterModel()->searchText(), QString());
    QCOMPARE(expandedNames(view), allOpen);

    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:gpu"));
    QTRY_COMPARE(h.window().filterModel()->searchText(), QStringLiteral("kind:gpu"));
    QTRY_VERIFY(!expandedNames(view).isEmpty()); // the search's own, opened in an event of their own
    QVERIFY(expandedNames(view).size() < allOpen.size() / 2);

    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QTRY_COMPARE(h.window().filterModel()->searchText(), QString());
    QVERIFY(h.window().isExpandingAll()); // by slices
    QTRY_VERIFY_WITH_TIMEOUT(!h.window().isExpandingAll(), 60000);
    QCOMPARE(expandedNames(view), allOpen);
}

// A small tree opens whole; a row the user closed before a search stays closed when the
// search (which opens every match's ancestors) is cleared: clearing used to open them all.
void TestMainTree::clearingASearchKeepsTheRowsTheUserClosed()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.showAt1280x800());
    QTreeView &view = h.view();
    view.collapse(h.row(QStringLiteral("cn-02")));
    const QStringList before = expandedNames(view);
    QVERIFY(before.contains(QStringLiteral("cn-01")));
    QVERIFY(!before.contains(QStringLiteral("cn-02")));
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:numa"));
    QVERIFY(view.isExpanded(h.row(QStringLiteral("cn-02")))); // its NUMA nodes in sight
    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QCOMPARE(h.window().filterModel()->searchText(), QString());
    QCOMPARE(expandedNames(view), before);
}

// At 1400 pixels the children's names were cut while the resource classes beside them had
// room to give: the name column now fits the names in sight, indentation included, and
// the classes give way first (down to their floor; their tooltip lists them all).
void TestMainTree::childNamesGetTheirWidthAt1400Pixels()
{
    QList<ProviderData> records = computeNodes();
    for (ProviderData &record : records) {
        if (record.parentUuid.isEmpty()) {
            for (const char *resourceClass : {"DISK_GB", "MEMORY_MB", "PCPU"}) {
                InventoryRecord inventory;
                inventory.total = 65536;
                record.inventories.insert(QString::fromLatin1(resourceClass), inventory);
            }
        } else {
            record.name += QStringLiteral(":Open vSwitch agent:br-ex");
        }
    }
    Harness h;
    QVERIFY(h.inspector.open(writeRecords(records, QStringLiteral("wide.json"))).ok());
    QVERIFY(h.showExposedAt(1400, 800));
    QTreeView &view = h.view();
    const QAbstractItemView &itemView = view;
    QHeaderView *header = view.header();
    using M = ProviderTreeModel;
    const auto widths = [&] {
        return QStringLiteral("viewport %1: name %2 (wants %3), classes %4 (wants %5)")
                .arg(view.viewport()->width())
                .arg(header->sectionSize(M::NameColumn))
                .arg(itemView.sizeHintForColumn(M::NameColumn))
                .arg(header->sectionSize(M::ResourceClassesColumn))
                .arg(itemView.sizeHintForColumn(M::ResourceClassesColumn));
    };
    QVERIFY2(h.row(QStringLiteral("cn-10_numa1:Open vSwitch agent:br-ex")).isValid(), "a small tree opens whole");
    QTRY_VERIFY2(header->sectionSize(M::NameColumn) >= itemView.sizeHintForColumn(M::NameColumn), qPrintable(widths()));
    // Not room for both: the classes gave way, not below their floor; the numbers in sight.
    QVERIFY2(header->sectionSize(M::ResourceClassesColumn) < itemView.sizeHintForColumn(M::ResourceClassesColumn),
             qPrintable(widths()));
    QVERIFY(header->sectionSize(M::ResourceClassesColumn)
            >= view.fontMetrics().horizontalAdvance(QString(12, QLatin1Char('x'))));
    for (const int column : {M::UsageColumn, M::GenerationColumn})
        QVERIFY(header->sectionViewportPosition(column) + header->sectionSize(column) <= view.viewport()->width());
}

// A large tree opens collapsed, its columns fitted to the roots; rows the user opens have
// longer, indented names: the name column follows.
void TestMainTree::expandedChildrenGetTheirWidth()
{
    Harness h;
    const QString path = writeRecords(testsupport::CloudGenerator(5).cloud(3000), QStringLiteral("children.json"));
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.showExposedAt(1400, 800));
    QTreeView &view = h.view();
    const QAbstractItemView &itemView = view;
    QHeaderView *header = view.header();
    const QAbstractItemModel *model = view.model();
    const int rootsWidth = header->sectionSize(ProviderTreeModel::NameColumn);
    QModelIndex agent; // a host's Neutron agent: a long name, indented
    for (int row = 0; row < model->rowCount() && !agent.isValid(); ++row) {
        const QModelIndex host = model->index(row, 0);
        for (int child = 0; child < model->rowCount(host); ++child) {
            if (model->index(child, 0, host).data().toString().contains(QStringLiteral("agent")))
                agent = model->index(child, 0, host);
        }
    }
    QVERIFY(agent.isValid());
    view.scrollTo(agent.parent(), QAbstractItemView::PositionAtTop);
    view.expand(agent.parent()); // as a click on its arrow
    QVERIFY(view.viewport()->rect().intersects(view.visualRect(agent)));
    QTRY_VERIFY2(header->sectionSize(ProviderTreeModel::NameColumn) >= itemView.sizeHintForColumn(ProviderTreeModel::NameColumn),
                 qPrintable(QStringLiteral("name %1 (roots %2), wants %3")
                                    .arg(header->sectionSize(ProviderTreeModel::NameColumn))
                                    .arg(rootsWidth)
                                    .arg(itemView.sizeHintForColumn(ProviderTreeModel::NameColumn))));
    QVERIFY(header->sectionSize(ProviderTreeModel::NameColumn) > rootsWidth);
}

// The first click on Usage sorts the fullest first, as operators look for it, and the
// arrow says so: down (it pointed up). Every column's arrow points the way its rows run.
void TestMainTree::theSortArrowSaysTheOrderShown()
{
    Harness h;
    QVERIFY(h.inspector.open(writeRecords(computeNodes(), QStringLiteral("arrow.json"))).ok());
    QVERIFY(h.showAt1280x800());
    QHeaderView *header = h.view().header();
    using M = ProviderTreeModel;
    QCOMPARE(paintedArrowDirection(*header, M::NameColumn), -1); // A to Z: up

    h.clickHeader(M::UsageColumn);
    QCOMPARE(header->sortIndicatorSection(), int(M::UsageColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    // cn-2 is 90 % used, cn-1 50 %, cn-10 10 %.
    QCOMPARE(rootNames(*h.view().model()), (QStringList{QStringLiteral("cn-2"), QStringLiteral("cn-1"), QStringLiteral("cn-10")}));
    QCOMPARE(paintedArrowDirection(*header, M::UsageColumn), 1); // highest first: down

    h.clickHeader(M::UsageColumn);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(rootNames(*h.view().model()), (QStringList{QStringLiteral("cn-10"), QStringLiteral("cn-1"), QStringLiteral("cn-2")}));
    QCOMPARE(paintedArrowDirection(*header, M::UsageColumn), -1);

    h.clickHeader(M::NameColumn);
    h.clickHeader(M::NameColumn); // Z to A
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(paintedArrowDirection(*header, M::NameColumn), 1);
}

// During a search the ancestors shown only to place a match looked exactly like matches.
// They are muted (a colour that still reads at 4.5:1 on every row background), and say
// why to a screen reader and in their tooltip; the matches are as before.
void TestMainTree::rowsShownForContextAreMuted()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.showAt1280x800());
    QTreeView &view = h.view();
    const SearchContextProxyModel *context = searchContext(view);
    QVERIFY(context);
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:numa"));
    const QModelIndex host = h.row(QStringLiteral("cn-01"));
    const QModelIndex numa = h.row(QStringLiteral("cn-01_numa0"));
    QVERIFY(host.isValid() && numa.isValid());
    constexpr int contextRole = SearchContextProxyModel::SearchContextRole;
    QVERIFY(host.data(contextRole).toBool());
    QVERIFY(!numa.data(contextRole).toBool());
    const QColor muted = context->contextTextColour();
    for (int column = 0; column < ProviderTreeModel::ColumnCount; ++column)
        QCOMPARE(host.siblingAtColumn(column).data(Qt::ForegroundRole).value<QBrush>().color(), muted);
    QVERIFY(!numa.data(Qt::ForegroundRole).isValid());
    QVERIFY(host.data(Qt::AccessibleDescriptionRole).toString().contains(QStringLiteral("shown for context")));
    QVERIFY(!numa.data(Qt::AccessibleDescriptionRole).toString().contains(QStringLiteral("context")));
    QVERIFY(host.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Shown for context")));
    QVERIFY(!numa.data(Qt::ToolTipRole).toString().contains(QStringLiteral("context")));

    const QPalette palette = view.palette();
    for (const QColor &background : {palette.color(QPalette::Base), palette.color(QPalette::AlternateBase),
                                     FitHighlightProxyModel::fitColour()}) {
        const double ratio = SearchContextProxyModel::contrastRatio(muted, background);
        QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 on %2: %3").arg(muted.name(), background.name()).arg(ratio)));
    }
    // As painted: the context row's text is lighter than the match's.
    view.selectionModel()->clear();
    const int contextInk = darkestText(view, host);
    const int matchInk = darkestText(view, numa);
    QVERIFY2(contextInk >= matchInk + 60, qPrintable(QStringLiteral("context %1, match %2").arg(contextInk).arg(matchInk)));

    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QVERIFY(!h.row(QStringLiteral("cn-01")).data(contextRole).toBool());
    QVERIFY(!h.row(QStringLiteral("cn-01")).data(Qt::ForegroundRole).isValid());
}

// A large tree is searched on a worker: the marks are those of the search the rows show,
// also while the next one still runs, and follow it when its answer is in.
void TestMainTree::rowsShownForContextFollowABackgroundSearch()
{
    Harness h;
    const QString path = writeRecords(testsupport::CloudGenerator(5).cloud(3000), QStringLiteral("context.json"));
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.showAt1280x800());
    const QAbstractItemModel *model = h.view().model();
    const ProviderFilterProxyModel *filter = h.window().filterModel();
    // Every row shown is marked as context exactly when it does not match the search shown.
    const auto marked = [&](int &contextRows, int &matchRows) {
        const auto matches = filter->searchPredicate();
        contextRows = matchRows = 0;
        QList<QModelIndex> pending{QModelIndex()};
        while (!pending.isEmpty()) {
            const QModelIndex parent = pending.takeLast();
            for (int row = 0; row < model->rowCount(parent); ++row) {
                const QModelIndex index = model->index(row, 0, parent);
                const bool context = index.data(SearchContextProxyModel::SearchContextRole).toBool();
                if (context == matches(index.data(ProviderTreeModel::ProviderDataRole).value<ProviderData>()))
                    return false;
                ++(context ? contextRows : matchRows);
                pending.append(index);
            }
        }
        return true;
    };
    int contextRows = 0;
    int matchRows = 0;
    QTest::keyClicks(h.window().searchField(), QStringLiteral("kind:gpu"));
    QTRY_COMPARE(filter->searchText(), QStringLiteral("kind:gpu"));
    QVERIFY(marked(contextRows, matchRows));
    QVERIFY(contextRows > 0 && matchRows > 0);
    const int gpus = matchRows;

    h.window().searchField()->setText(QStringLiteral("kind:numa"));
    if (filter->isSearchPending()) { // the worker has not answered yet: the GPUs still shown
        QVERIFY(marked(contextRows, matchRows));
        QCOMPARE(matchRows, gpus);
    }
    QTRY_COMPARE(filter->searchText(), QStringLiteral("kind:numa"));
    QVERIFY(marked(contextRows, matchRows));
    QVERIFY(contextRows > 0 && matchRows > 0 && matchRows != gpus);
}

// The proxy keeps the item model contract through searches and edits.
void TestMainTree::searchContextProxyPassesTheModelTester()
{
    ProviderTree tree;
    QVERIFY(tree.populate(testsupport::CloudGenerator(7).cloud(300)).ok());
    ProviderTreeModel model(tree);
    ProviderFilterProxyModel filter;
    filter.setSourceModel(&model);
    SearchContextProxyModel context(filter);
    QAbstractItemModelTester tester(&context, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&context, &QAbstractItemModel::dataChanged);

    filter.setSearchText(QStringLiteral("numa"));
    QVERIFY(!changed.isEmpty()); // the rows that stay may change from match to context
    QVERIFY(changed.constLast().at(2).value<QList<int>>().contains(Qt::ForegroundRole));
    const QString host = tree.data(QStringLiteral("cn-000001"))->uuid;
    const auto shown = [&] { return context.mapFromSource(filter.mapFromSource(model.indexForUuid(host))); };
    QVERIFY(tree.rename(host, QStringLiteral("cn-000001-numa-host")).ok()); // now a match itself
    QVERIFY(shown().isValid());
    QVERIFY(!shown().data(SearchContextProxyModel::SearchContextRole).toBool());
    QVERIFY(tree.rename(host, QStringLiteral("cn-000001")).ok());
    if (shown().isValid()) // above its NUMA nodes
        QVERIFY(shown().data(SearchContextProxyModel::SearchContextRole).toBool());
    filter.setSearchText(QStringLiteral("cn-00000"));
    filter.setSearchText(QString());
    QVERIFY(!context.index(0, 0).data(SearchContextProxyModel::SearchContextRole).toBool());
}

void TestMainTree::theMutedColourReadsOnLightAndDarkPalettes_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("the application's") << QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::AlternateBase, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::PlaceholderText, QColor(0xe8, 0xe8, 0xe8, 0x60));
    QTest::newRow("dark") << dark;
}

// Muted, not faint: 4.5:1 on the row backgrounds the text itself reads on, and lighter
// (or darker, under a dark palette) than the text by a step one sees.
void TestMainTree::theMutedColourReadsOnLightAndDarkPalettes()
{
    QFETCH(QPalette, palette);
    const QColor muted = SearchContextProxyModel::mutedTextColour(palette);
    const QColor text = palette.color(QPalette::Text);
    for (const QColor &background : {palette.color(QPalette::Base), palette.color(QPalette::AlternateBase),
                                     FitHighlightProxyModel::fitColour()}) {
        if (SearchContextProxyModel::contrastRatio(text, background) < 4.5)
            continue; // not a background of this palette's rows
        const double ratio = SearchContextProxyModel::contrastRatio(muted, background);
        QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 on %2: %3").arg(muted.name(), background.name()).arg(ratio)));
    }
    QVERIFY2(SearchContextProxyModel::contrastRatio(muted, text) >= 1.5,
             qPrintable(QStringLiteral("%1 beside %2").arg(muted.name(), text.name())));
}

void TestMainTree::contextMenuOffersTheProviderActions()
{
    Harness h;
    QCOMPARE(writableSample(h, QStringLiteral("menu.json")), QString());
    QVERIFY(h.showAt1280x800());
    h.click(h.row(QStringLiteral("cn-05")));
    const QModelIndex cn02 = h.row(QStringLiteral("cn-02"));
    const QPoint at = h.view().visualRect(cn02).center();

    QStringList offered;
    bool copied = false;
    QTimer::singleShot(0, this, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *action : menu->actions()) {
            if (!action->isSeparator())
                offered.append(action->text() + (action->isEnabled() ? QString() : QStringLiteral(" (disabled)")));
        }
        for (QAction *action : menu->actions()) {
            if (action->text() == QStringLiteral("&Copy UUID")) {
                menu->setActiveAction(action);
                QTest::keyClick(menu, Qt::Key_Return);
                copied = true;
            }
        }
        if (!copied)
            menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, h.view().viewport()->mapToGlobal(at));
    QApplication::sendEvent(h.view().viewport(), &event);

    // The right-clicked row is selected first: the menu acts on it.
    QCOMPARE(h.window().currentProvider(), h.uuidOf(QStringLiteral("cn-02")));
    QCOMPARE(offered, (QStringList{QStringLiteral("New &Child Provider…"), QStringLiteral("Re&name…"),
                                   QStringLiteral("Re&move Subtree…"), QStringLiteral("&Copy UUID"),
                                   QStringLiteral("Copy as &JSON"), QStringLiteral("E&xpand Subtree"),
                                   QStringLiteral("Co&llapse Subtree"), QStringLiteral("New &Root Provider…")}));
    QVERIFY(copied);
    QCOMPARE(QApplication::clipboard()->text(), h.uuidOf(QStringLiteral("cn-02")) + QLatin1Char('\n'));
}

// Ctrl+C in the tree copies the selected uuids (one a line, in tree order); Ctrl+Shift+C
// the selected providers as a snapshot document, the file's own form.
void TestMainTree::copiesUuidsAndJsonOfTheSelection()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok()); // read-only: copying still works
    QVERIFY(h.showAt1280x800());
    h.click(h.row(QStringLiteral("cn-05")));
    h.click(h.row(QStringLiteral("cn-01_numa0")), Qt::ControlModifier);
    const QStringList uuids{h.uuidOf(QStringLiteral("cn-01_numa0")), h.uuidOf(QStringLiteral("cn-05"))};

    h.view().setFocus();
    QTest::keyClick(h.view().viewport(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), uuids.join(QLatin1Char('\n')) + QLatin1Char('\n'));

    QTest::keyClick(h.view().viewport(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    QVERIFY(mime && mime->hasFormat(QStringLiteral("application/json")));
    QCOMPARE(mime->text().toUtf8(), mime->data(QStringLiteral("application/json")));
    const Result<QList<ProviderData>> records = parseSnapshot(mime->data(QStringLiteral("application/json")));
    QVERIFY2(records.ok(), qPrintable(problemLines(records.status().problems())));
    QCOMPARE(testing::sortedByUuid(records.value()),
             testing::sortedByUuid({*h.inspector.tree().data(uuids.at(0)), *h.inspector.tree().data(uuids.at(1))}));
    // Byte for byte what a Save writes for those records.
    QCOMPARE(mime->data(QStringLiteral("application/json")),
             serialiseSnapshot({*h.inspector.tree().data(uuids.at(0)), *h.inspector.tree().data(uuids.at(1))}));

    // Ctrl+C in a text field still copies its text.
    h.window().searchField()->setText(QStringLiteral("typed"));
    h.window().searchField()->setFocus();
    h.window().searchField()->selectAll();
    QTest::keyClick(h.window().searchField(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("typed"));
}

QTEST_MAIN(TestMainTree)
#include "tst_maintree.moc"
