// The inspector GUI, offscreen: opening files (and refusing broken ones), the read-only
// sample, filtering, selection and details, structural edits through the window with undo,
// saving and reopening, the modified marker, the unsaved-changes prompt, recent files and
// drops. Modal dialogs are replaced through the Prompts hooks. Screenshots of the window
// and of the problems box are written next to the test binary.
#include "inspector.h"
#include "mainwindow.h"
#include "providerdetails.h"
#include "providerfilterproxymodel.h"
#include "providertree.h"
#include "providertreemodel.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "aggregatespanel.h"
#include "inventoryview.h"
#include "traitspanel.h"
#include "treeeditor.h"
#include "support/modelrows.h"
#include "support/testfiles.h"
#include "support/testrecords.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>

using namespace provtree;

namespace {

using provtree::testing::problemLines;
using provtree::testing::readAll;
using provtree::testing::visibleRows;
using provtree::testing::writeFile;

QString uuidOf(const Inspector &inspector, const QString &name)
{
    const std::optional<ProviderData> data = inspector.tree().data(name);
    return data ? data->uuid : QString();
}

QMessageBox *visibleMessageBox(const QWidget &window)
{
    const QList<QMessageBox *> boxes = window.findChildren<QMessageBox *>();
    QMessageBox *found = nullptr;
    for (QMessageBox *box : boxes) {
        if (box->isVisible()) {
            if (found)
                return nullptr; // more than one: a test expecting one fails
            found = box;
        }
    }
    return found;
}

// Where screenshots go: the build tree, next to the test binary.
QString screenshotPath(const QString &name)
{
    return QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
}

// An inspector whose dialogs answer from the test: file names from `path`, unsaved
// changes with `answer`, provider names with `name`, confirmations with `confirm`.
struct Harness
{
    Inspector inspector;
    QString openPath;
    QString savePath;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    QStringList unsavedAsked;
    std::optional<QString> name;
    bool confirm = false;
    QStringList questions;

    Harness()
    {
        inspector.setPrompts({[this] { return openPath; }, [this](const QString &) { return savePath; },
                              [this](const QString &document) {
                                  unsavedAsked.append(document);
                                  return answer;
                              }});
        inspector.window()->setPrompts(
                {[this](const QString &, const QString &, const QString &) { return name; },
                 [this](const QString &, const QString &question) {
                     questions.append(question);
                     return confirm;
                 }});
    }
    MainWindow &window() const { return *inspector.window(); }
};

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void sampleOpensReadOnly();
    void saveAsMakesSampleEditable();
    void filterKeepsAncestors();
    void searchShortcuts();
    void selectionShowsDetails();
    void panelsAndLinksSelectProviders();
    void renameUndoSaveReopen();
    void newRootAndChild();
    void removeQuestion_data();
    void removeQuestion();
    void removeAsksAndUndoRestores();
    void removingProviderInUseIsRefused();
    void refusedEditShowsCoreMessage();
    void brokenFileOpensNothing_data();
    void brokenFileOpensNothing();
    void unsavedChangesPrompt();
    void closeAsksAboutUnsavedChanges();
    void recentFiles();
    void dropOpensFile();
    void backgroundLoad();
    void windowFollowsTreeChanges();
    void menusAndShortcuts();
    void screenshotOfSample();

private:
    QTemporaryDir m_dir;
};

void TestInspector::initTestCase()
{
    // Recent files go to a throwaway location, never to the user's settings.
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("provtree-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_inspector"));
    QVERIFY(QSettings().fileName().startsWith(m_dir.path()));
}

void TestInspector::init()
{
    QSettings().clear();
}

void TestInspector::sampleOpensReadOnly()
{
    Harness h;
    const Status status = h.inspector.open(Inspector::samplePath());
    QVERIFY2(status.ok(), qPrintable(problemLines(status.problems())));
    QCOMPARE(h.inspector.tree().size(), 30);
    QVERIFY(h.inspector.isSample());
    QVERIFY(h.inspector.filePath().isEmpty());
    QVERIFY(h.window().windowTitle().startsWith(QStringLiteral("Sample snapshot[*]")));
    QVERIFY(!h.window().isWindowModified());

    QVERIFY(h.window().isReadOnly());
    QVERIFY(h.window().bannerText().contains(QStringLiteral("read-only")));
    QVERIFY(h.window().bannerText().contains(QStringLiteral("Save As")));
    QVERIFY(!h.window().newRootAction()->isEnabled());
    QVERIFY(h.window().selectProvider(uuidOf(h.inspector, QStringLiteral("cn-01"))));
    QVERIFY(!h.window().newChildAction()->isEnabled());
    QVERIFY(!h.window().renameAction()->isEnabled());
    QVERIFY(!h.window().removeAction()->isEnabled());
    QVERIFY(h.window().traitsPanel()->isReadOnly());
    // The actions refuse even when called directly.
    h.name = QStringLiteral("renamed");
    h.window().renameCurrent();
    QVERIFY(h.inspector.tree().exists(u"cn-01"));
    QCOMPARE(h.window().editor()->undoStack()->count(), 0);

    // 30 rows, 7 roots, everything expanded.
    QCOMPARE(visibleRows(*h.window().filterModel()).size(), 30);
    QCOMPARE(h.window().filterModel()->rowCount(), 7);
}

void TestInspector::saveAsMakesSampleEditable()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    h.savePath = m_dir.filePath(QStringLiteral("from-sample.json"));
    h.window().saveAction()->trigger(); // the sample has no file: Save is Save As
    QCOMPARE(h.inspector.filePath(), h.savePath);
    QVERIFY(!h.inspector.isSample());
    QVERIFY(!h.window().isReadOnly());
    QVERIFY(h.window().bannerText().isEmpty());
    QVERIFY(h.window().windowTitle().startsWith(QStringLiteral("from-sample.json[*]")));
    QVERIFY(h.window().newRootAction()->isEnabled());
    QVERIFY(!h.window().traitsPanel()->isReadOnly());
    QVERIFY(QFile::exists(h.savePath));

    // Save As cancelled: nothing changes.
    h.savePath.clear();
    h.window().saveAsAction()->trigger();
    QCOMPARE(h.inspector.filePath(), m_dir.filePath(QStringLiteral("from-sample.json")));
}

void TestInspector::filterKeepsAncestors()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QLineEdit *search = h.window().searchField();
    QTest::keyClicks(search, QStringLiteral("BR-EX"));
    QCOMPARE(h.window().filterModel()->searchText(), QStringLiteral("BR-EX"));
    QCOMPARE(visibleRows(*h.window().treeView()->model()),
             (QStringList{QStringLiteral("cn-01"), QStringLiteral("  cn-01:Open vSwitch agent"),
                          QStringLiteral("    cn-01:Open vSwitch agent:br-ex"), QStringLiteral("cn-02"),
                          QStringLiteral("  cn-02:Open vSwitch agent"),
                          QStringLiteral("    cn-02:Open vSwitch agent:br-ex"), QStringLiteral("cn-03"),
                          QStringLiteral("  cn-03:Open vSwitch agent"),
                          QStringLiteral("    cn-03:Open vSwitch agent:br-ex"), QStringLiteral("cn-04"),
                          QStringLiteral("  cn-04:Open vSwitch agent"),
                          QStringLiteral("    cn-04:Open vSwitch agent:br-ex")}));
    // Matches are shown in place: their ancestors are expanded.
    const QModelIndex agent = h.window().treeView()->model()->index(0, 0, h.window().treeView()->model()->index(0, 0));
    QVERIFY(h.window().treeView()->isExpanded(agent));

    search->clear();
    QTest::keyClicks(search, QStringLiteral("kind:gpu"));
    QCOMPARE(visibleRows(*h.window().treeView()->model()),
             (QStringList{QStringLiteral("cn-02"), QStringLiteral("  cn-02_pci_0000_3b_00_0"),
                          QStringLiteral("  cn-02_pci_0000_af_00_0"), QStringLiteral("cn-06"),
                          QStringLiteral("  cn-06_pci_0000_41_00_0"), QStringLiteral("  cn-06_pci_0000_c1_00_0")}));
    search->clear();
    QCOMPARE(visibleRows(*h.window().treeView()->model()).size(), 30);
}

void TestInspector::searchShortcuts()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    h.window().show();
    QVERIFY(QTest::qWaitForWindowActive(&h.window()));
    h.window().treeView()->setFocus();
    QTest::keyClick(&h.window(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(h.window().searchField()->hasFocus());
    QTest::keyClicks(h.window().searchField(), QStringLiteral("numa"));
    QCOMPARE(visibleRows(*h.window().filterModel()).size(), 6 + 3);
    QTest::keyClick(h.window().searchField(), Qt::Key_Escape);
    QVERIFY(h.window().searchField()->text().isEmpty());
    QCOMPARE(visibleRows(*h.window().filterModel()).size(), 30);
}

void TestInspector::selectionShowsDetails()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    const ProviderDetails &details = *h.window().details();
    // A new tree opens on its first provider.
    QCOMPARE(details.nameText(), QStringLiteral("ceph-pool-vms"));
    QCOMPARE(h.window().currentProvider(), uuidOf(h.inspector, QStringLiteral("ceph-pool-vms")));

    const QString numa = uuidOf(h.inspector, QStringLiteral("cn-01_numa0"));
    QVERIFY(h.window().selectProvider(numa));
    QCOMPARE(h.window().currentProvider(), numa);
    QCOMPARE(h.window().treeView()->currentIndex().data(ProviderTreeModel::UuidRole).toString(), numa);
    QCOMPARE(details.nameText(), QStringLiteral("cn-01_numa0"));
    QCOMPARE(details.uuidText(), numa);
    QCOMPARE(details.kindText(), QStringLiteral("NUMA node"));
    QVERIFY2(details.parentText().contains(QStringLiteral(">cn-01<")), qPrintable(details.parentText()));
    QVERIFY(details.rootText().contains(uuidOf(h.inspector, QStringLiteral("cn-01"))));
    QCOMPARE(details.generationText(),
             QString::number(h.inspector.tree().data(numa)->generation));
    QCOMPARE(h.window().traitsPanel()->provider(), numa);
    QCOMPARE(h.window().aggregatesPanel()->provider(), numa);
    QCOMPARE(h.window().inventoryView()->provider(), numa);

    // The uuid's copy button.
    QToolButton *copy = details.findChild<QToolButton *>();
    QVERIFY(copy);
    QApplication::clipboard()->clear();
    copy->click();
    QCOMPARE(QApplication::clipboard()->text(), numa);

    // Clicking a row selects it too.
    QTreeView *view = h.window().treeView();
    h.window().show();
    QVERIFY(QTest::qWaitForWindowExposed(&h.window()));
    const QModelIndex cn05 = view->model()->index(5, 0); // roots: ceph-pool-vms, cn-01 ... cn-06
    QCOMPARE(cn05.data().toString(), QStringLiteral("cn-05"));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cn05).center());
    QCOMPARE(details.nameText(), QStringLiteral("cn-05"));
    QCOMPARE(details.kindText(), QStringLiteral("compute node"));
    QCOMPARE(details.parentText(), QStringLiteral("none (a root provider)"));
    QVERIFY(!view->model()->index(0, 0).data(Qt::DecorationRole).value<QIcon>().isNull());

    QVERIFY(!h.window().selectProvider(QStringLiteral("00000000-0000-4000-8000-00000000dead")));
}

void TestInspector::panelsAndLinksSelectProviders()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    const QString numa = uuidOf(h.inspector, QStringLiteral("cn-03_numa1"));
    const QString cn03 = uuidOf(h.inspector, QStringLiteral("cn-03"));

    // A provider hidden by the search: selecting it clears the search.
    QTest::keyClicks(h.window().searchField(), QStringLiteral("ceph"));
    emit h.window().traitsPanel()->providerActivated(numa);
    QCOMPARE(h.window().currentProvider(), numa);
    QVERIFY(h.window().searchField()->text().isEmpty());
    QCOMPARE(h.window().treeView()->currentIndex().data(ProviderTreeModel::UuidRole).toString(), numa);

    // The parent link of the details pane.
    emit h.window().details()->providerActivated(cn03);
    QCOMPARE(h.window().currentProvider(), cn03);
    QCOMPARE(h.window().details()->nameText(), QStringLiteral("cn-03"));
}

void TestInspector::renameUndoSaveReopen()
{
    const QString path = m_dir.filePath(QStringLiteral("rename.json"));
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.inspector.saveTo(path).ok());
    QVERIFY(!h.window().isWindowModified());
    const QByteArray saved = readAll(path);

    QVERIFY(h.window().selectProvider(uuidOf(h.inspector, QStringLiteral("cn-01"))));
    h.name = QStringLiteral("cn-01-renamed");
    h.window().renameAction()->trigger();
    QVERIFY(h.inspector.tree().exists(u"cn-01-renamed"));
    QVERIFY(!h.inspector.tree().exists(u"cn-01"));
    QVERIFY(h.window().isWindowModified());
    QVERIFY(h.inspector.isModified());
    QCOMPARE(h.window().undoAction()->text(), QStringLiteral("&Undo Rename cn-01 to cn-01-renamed"));
    QTRY_COMPARE(h.window().details()->nameText(), QStringLiteral("cn-01-renamed"));

    h.window().undoAction()->trigger();
    QVERIFY(h.inspector.tree().exists(u"cn-01"));
    QVERIFY(!h.window().isWindowModified());
    h.window().redoAction()->trigger();
    QVERIFY(h.inspector.tree().exists(u"cn-01-renamed"));
    QVERIFY(h.window().isWindowModified());

    h.window().saveAction()->trigger(); // to the same file
    QVERIFY(!h.window().isWindowModified());
    const QByteArray renamed = readAll(path);
    QVERIFY(renamed != saved);
    QVERIFY(renamed.contains("\"cn-01-renamed\""));

    // Reopened in a fresh inspector: the same providers, and a save gives the same bytes.
    Harness other;
    QVERIFY(other.inspector.open(path).ok());
    QCOMPARE(other.inspector.tree().allData(), h.inspector.tree().allData());
    const QString again = m_dir.filePath(QStringLiteral("rename-again.json"));
    QVERIFY(other.inspector.saveTo(again).ok());
    QCOMPARE(readAll(again), renamed);
}

void TestInspector::newRootAndChild()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.inspector.saveTo(m_dir.filePath(QStringLiteral("new.json"))).ok());

    h.name = QStringLiteral("cn-07");
    h.window().newRootAction()->trigger();
    const QString root = uuidOf(h.inspector, QStringLiteral("cn-07"));
    QVERIFY(!root.isEmpty());
    QCOMPARE(h.window().currentProvider(), root); // the new provider is selected

    h.name = QStringLiteral("cn-07_numa0");
    h.window().newChildAction()->trigger();
    const std::optional<ProviderData> child = h.inspector.tree().data(u"cn-07_numa0");
    QVERIFY(child);
    QCOMPARE(child->parentUuid, root);
    QCOMPARE(h.window().currentProvider(), child->uuid);
    QCOMPARE(h.window().undoAction()->text(), QStringLiteral("&Undo Add provider cn-07_numa0 under cn-07"));

    // Cancelled: nothing happens.
    h.name.reset();
    h.window().newRootAction()->trigger();
    QCOMPARE(h.inspector.tree().size(), 32);
    QCOMPARE(h.window().editor()->undoStack()->count(), 2);
}

void TestInspector::removeQuestion_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("question");
    QTest::newRow("six descendants") << QStringLiteral("cn-01")
                                     << QStringLiteral("Remove cn-01 and its 6 descendants?");
    QTest::newRow("one descendant") << QStringLiteral("cn-04:Open vSwitch agent")
                                    << QStringLiteral("Remove cn-04:Open vSwitch agent and its descendant?");
    QTest::newRow("a leaf") << QStringLiteral("cn-05") << QStringLiteral("Remove cn-05?");
}

void TestInspector::removeQuestion()
{
    QFETCH(QString, name);
    QFETCH(QString, question);
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QCOMPARE(h.window().removeQuestion(uuidOf(h.inspector, name)), question);
}

void TestInspector::removeAsksAndUndoRestores()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.inspector.saveTo(m_dir.filePath(QStringLiteral("remove.json"))).ok());
    // Canonical bytes: undo brings the subtree back last among its siblings, so the tree
    // order differs.
    const QByteArray before = serialiseSnapshot(h.inspector.tree().allData());
    const QString agent = uuidOf(h.inspector, QStringLiteral("cn-04:Open vSwitch agent"));
    QVERIFY(h.window().selectProvider(agent));

    h.confirm = false;
    h.window().removeAction()->trigger();
    QCOMPARE(h.questions, QStringList{QStringLiteral("Remove cn-04:Open vSwitch agent and its descendant?")});
    QCOMPARE(h.inspector.tree().size(), 30);

    h.confirm = true;
    h.window().removeAction()->trigger();
    QCOMPARE(h.inspector.tree().size(), 28);
    QCOMPARE(visibleRows(*h.window().filterModel()).size(), 28);
    QVERIFY(h.window().currentProvider() != agent); // the details left with the provider
    QVERIFY(h.window().details()->nameText() != QStringLiteral("cn-04:Open vSwitch agent"));

    h.window().undoAction()->trigger();
    QCOMPARE(serialiseSnapshot(h.inspector.tree().allData()), before);
    QCOMPARE(visibleRows(*h.window().filterModel()).size(), 30);
}

void TestInspector::removingProviderInUseIsRefused()
{
    // Placement refuses to delete a provider with allocations (409); so does the inspector.
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.inspector.saveTo(m_dir.filePath(QStringLiteral("remove-in-use.json"))).ok());
    QVERIFY(h.window().selectProvider(uuidOf(h.inspector, QStringLiteral("cn-01"))));
    h.confirm = true;
    h.window().removeAction()->trigger();
    // Refused before the question (it used to ask, then refuse after the yes).
    QCOMPARE(h.questions, QStringList());
    QCOMPARE(h.inspector.tree().size(), 30);
    QCOMPARE(h.window().editor()->undoStack()->count(), 0);
    QVERIFY(!h.window().isWindowModified());

    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = visibleMessageBox(h.window())));
    QCOMPARE(box->windowTitle(), QStringLiteral("Edit refused"));
    QVERIFY2(box->informativeText().contains(QStringLiteral("provider cn-01 (")) // by name
                     && box->informativeText().contains(QStringLiteral("cannot be removed: it has allocations")),
             qPrintable(box->informativeText()));
    box->accept();
}

void TestInspector::refusedEditShowsCoreMessage()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.inspector.saveTo(m_dir.filePath(QStringLiteral("refused.json"))).ok());
    QVERIFY(h.window().selectProvider(uuidOf(h.inspector, QStringLiteral("cn-02"))));

    h.name = QStringLiteral("cn-01"); // taken
    h.window().renameAction()->trigger();
    QVERIFY(h.inspector.tree().exists(u"cn-02"));
    QCOMPARE(h.window().editor()->undoStack()->count(), 0);
    QVERIFY(!h.window().isWindowModified());

    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = visibleMessageBox(h.window())));
    QCOMPARE(box->windowTitle(), QStringLiteral("Edit refused"));
    QCOMPARE(box->text(), QStringLiteral("Renaming \"cn-02\" was refused."));
    QVERIFY2(box->informativeText().contains(QStringLiteral("cn-01")), qPrintable(box->informativeText()));
    QVERIFY2(box->informativeText().contains(QStringLiteral("duplicate"), Qt::CaseInsensitive)
                     || box->informativeText().contains(QStringLiteral("already"), Qt::CaseInsensitive)
                     || box->informativeText().contains(QStringLiteral("taken"), Qt::CaseInsensitive),
             qPrintable(box->informativeText()));
    box->accept();
}

void TestInspector::brokenFileOpensNothing_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
    QTest::addColumn<QStringList>("expectedTexts");

    QTest::newRow("missing file") << QByteArray() << QStringList{QStringLiteral("error")};
    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QStringList{QStringLiteral("1:")};
    QTest::newRow("two problems")
            << QByteArray(R"({"format": "provider-tree-snapshot", "version": 1, "providers": [
                   {"uuid": "not-a-uuid", "name": "cn-99"},
                   {"uuid": "4a3e8f1f-bc66-5c25-9252-05a80cbb5c1b", "name": "", "generation": 0}]})")
            << QStringList{QStringLiteral("2:21: $.providers[0] (cn-99).uuid: uuid &quot;not-a-uuid&quot;"),
                           QStringLiteral("$.providers[1] (4a3e8f1f-bc66-5c25-9252-05a80cbb5c1b).name"),
                           QStringLiteral("2 problems")};
}

void TestInspector::brokenFileOpensNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, expectedTexts);

    const QString path = m_dir.filePath(QStringLiteral("broken.json"));
    QFile::remove(path);
    if (!content.isEmpty())
        QVERIFY(writeFile(path, content));

    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    const QString title = h.window().windowTitle();

    h.openPath = path;
    h.window().openAction()->trigger();
    QCOMPARE(h.inspector.tree().size(), 30);
    QVERIFY(h.inspector.isSample());
    QCoreApplication::processEvents(); // would deliver a (wrong) change notification
    QCOMPARE(visibleRows(*h.window().filterModel()).size(), 30);
    QCOMPARE(h.window().windowTitle(), title);
    QVERIFY(h.inspector.recentFiles().isEmpty());

    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = visibleMessageBox(h.window())));
    QCOMPARE(box->windowTitle(), QStringLiteral("Cannot open snapshot"));
    QVERIFY2(box->text().contains(QStringLiteral("broken.json")), qPrintable(box->text()));
    const QString all = box->text() + box->informativeText();
    for (const QString &expected : expectedTexts)
        QVERIFY2(all.contains(expected), qPrintable(all));
    if (QByteArray(QTest::currentDataTag()) == "two problems")
        QVERIFY(box->grab().save(screenshotPath(QStringLiteral("inspector-problems.png"))));
    box->accept();
}

void TestInspector::unsavedChangesPrompt()
{
    const QString first = m_dir.filePath(QStringLiteral("first.json"));
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.inspector.saveTo(first).ok());
    h.name = QStringLiteral("cn-99");
    h.window().newRootAction()->trigger();
    QVERIFY(h.inspector.isModified());

    // Cancel: the document stays, with its change.
    h.answer = QMessageBox::Cancel;
    QVERIFY(!h.inspector.openInteractively(Inspector::samplePath()));
    QCOMPARE(h.unsavedAsked, QStringList{QStringLiteral("first.json")});
    QVERIFY(h.inspector.tree().exists(u"cn-99"));
    QCOMPARE(h.inspector.filePath(), first);

    // Save: written first, then the other document opens.
    h.answer = QMessageBox::Save;
    QVERIFY(h.inspector.openInteractively(Inspector::samplePath()));
    QVERIFY(h.inspector.isSample());
    QVERIFY(readAll(first).contains("\"cn-99\""));
    QVERIFY(!h.window().isWindowModified());
    QCOMPARE(h.window().editor()->undoStack()->count(), 0); // the old commands are gone

    // Discard: the change is lost.
    QVERIFY(h.inspector.openInteractively(first));
    h.window().newRootAction()->trigger(); // name cn-99 is taken now: refused, no change
    QVERIFY(!h.inspector.isModified());
    h.name = QStringLiteral("cn-100");
    h.window().newRootAction()->trigger();
    QVERIFY(h.inspector.isModified());
    h.answer = QMessageBox::Discard;
    QVERIFY(h.inspector.openInteractively(Inspector::samplePath()));
    QVERIFY(!readAll(first).contains("\"cn-100\""));
    if (QMessageBox *box = visibleMessageBox(h.window()))
        box->accept();
}

void TestInspector::closeAsksAboutUnsavedChanges()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.inspector.saveTo(m_dir.filePath(QStringLiteral("close.json"))).ok());
    h.window().show();
    QVERIFY(QTest::qWaitForWindowExposed(&h.window()));

    h.name = QStringLiteral("cn-98");
    h.window().newRootAction()->trigger();
    h.answer = QMessageBox::Cancel;
    QVERIFY(!h.window().close());
    QVERIFY(h.window().isVisible());
    QCOMPARE(h.unsavedAsked.size(), 1);

    h.answer = QMessageBox::Discard;
    QVERIFY(h.window().close());
    QVERIFY(!h.window().isVisible());
}

void TestInspector::recentFiles()
{
    const QString a = m_dir.filePath(QStringLiteral("recent-a.json"));
    const QString b = m_dir.filePath(QStringLiteral("recent-b.json"));
    {
        Harness h;
        QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
        QVERIFY(h.inspector.recentFiles().isEmpty()); // the sample is not a recent file
        QVERIFY(!h.window().recentMenu()->isEnabled());
        QVERIFY(h.inspector.saveTo(a).ok());
        QVERIFY(h.inspector.saveTo(b).ok());
        QVERIFY(h.inspector.open(a).ok());
        QCOMPARE(h.inspector.recentFiles(), (QStringList{a, b}));
    }
    Harness h; // another session reads the same settings
    QCOMPARE(h.inspector.recentFiles(), (QStringList{a, b}));
    QMenu *menu = h.window().recentMenu();
    QVERIFY(menu->isEnabled());
    const QList<QAction *> actions = menu->actions();
    QVERIFY(actions.size() >= 2);
    QCOMPARE(actions.at(1)->text(), QStringLiteral("&2 recent-b.json"));
    actions.at(1)->trigger();
    QCOMPARE(h.inspector.filePath(), b);
    QCOMPARE(h.inspector.tree().size(), 30);
    QCOMPARE(h.inspector.recentFiles(), (QStringList{b, a}));
}

void TestInspector::dropOpensFile()
{
    const QString path = m_dir.filePath(QStringLiteral("dropped.json"));
    {
        Harness h;
        QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
        QVERIFY(h.inspector.saveTo(path).ok());
    }
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    QVERIFY(h.window().acceptDrops());
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&h.window(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&h.window(), &drop);
    QTRY_COMPARE(h.inspector.filePath(), path);

    QMimeData other;
    other.setUrls({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("picture.png")))});
    QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(&h.window(), &refused);
    QVERIFY(!refused.isAccepted());
}

void TestInspector::backgroundLoad()
{
    const QString path = m_dir.filePath(QStringLiteral("background.json"));
    {
        Harness h;
        QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
        QVERIFY(h.inspector.saveTo(path).ok());
    }
    Harness h;
    h.inspector.setBackgroundLoadThreshold(0); // every file through the worker
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    h.window().show();
    QVERIFY(QTest::qWaitForWindowExposed(&h.window()));
    QVERIFY(h.inspector.open(path).ok());
    QCOMPARE(h.inspector.filePath(), path);
    QCOMPARE(h.inspector.tree().size(), 30);
    QTRY_COMPARE(visibleRows(*h.window().filterModel()).size(), 30);
    QVERIFY(!h.window().isReadOnly());

    // A broken file fails the same way from the worker.
    const QString broken = m_dir.filePath(QStringLiteral("background-broken.json"));
    QVERIFY(writeFile(broken, "[]"));
    QVERIFY(!h.inspector.open(broken).ok());
    QCOMPARE(h.inspector.filePath(), path);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = visibleMessageBox(h.window())));
    box->accept();
}

void TestInspector::windowFollowsTreeChanges()
{
    ProviderTree tree;
    const Status loaded = loadSnapshotFile(tree, Inspector::samplePath());
    QVERIFY2(loaded.ok(), qPrintable(problemLines(loaded.problems())));
    MainWindow window(tree); // a window on a filled tree shows it at once
    QCOMPARE(visibleRows(*window.filterModel()).size(), 30);

    QVERIFY(tree.remove(u"cn-01").ok());
    QTRY_COMPARE(visibleRows(*window.filterModel()).size(), 23);
    QVERIFY(tree.newChild(QStringLiteral("cn-02_numa2"), u"cn-02").ok());
    QTRY_VERIFY(visibleRows(*window.filterModel()).contains(QStringLiteral("  cn-02_numa2")));
}

void TestInspector::menusAndShortcuts()
{
    ProviderTree tree;
    MainWindow window(tree);
    QCOMPARE(window.openAction()->shortcut(), QKeySequence(QKeySequence::Open));
    QCOMPARE(window.saveAction()->shortcut(), QKeySequence(QKeySequence::Save));
    QCOMPARE(window.saveAsAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+S")));
    QCOMPARE(window.quitAction()->shortcut(), QKeySequence(QKeySequence::Quit));
    QCOMPARE(window.undoAction()->shortcut(), QKeySequence(QKeySequence::Undo));
    QCOMPARE(window.redoAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
    QCOMPARE(window.newRootAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+N")));
    QCOMPARE(window.newChildAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+N")));
    QCOMPARE(window.renameAction()->shortcut(), QKeySequence(QStringLiteral("F2")));
    QCOMPARE(window.removeAction()->shortcut(), QKeySequence(QKeySequence::Delete));

    QSignalSpy openRequested(&window, &MainWindow::openRequested);
    QSignalSpy saveRequested(&window, &MainWindow::saveRequested);
    QSignalSpy saveAsRequested(&window, &MainWindow::saveAsRequested);
    window.openAction()->trigger();
    window.saveAction()->trigger();
    window.saveAsAction()->trigger();
    QCOMPARE(openRequested.size(), 1);
    QCOMPARE(saveRequested.size(), 1);
    QCOMPARE(saveAsRequested.size(), 1);
    // Nothing selected: only a new root is possible.
    QVERIFY(window.newRootAction()->isEnabled());
    QVERIFY(!window.newChildAction()->isEnabled());
    QVERIFY(!window.removeAction()->isEnabled());
}

void TestInspector::screenshotOfSample()
{
    Harness h;
    QVERIFY(h.inspector.open(Inspector::samplePath()).ok());
    h.window().resize(1280, 800);
    h.window().show();
    QVERIFY(QTest::qWaitForWindowExposed(&h.window()));
    QVERIFY(h.window().selectProvider(uuidOf(h.inspector, QStringLiteral("cn-02"))));
    const QPixmap shot = h.window().grab();
    QCOMPARE(shot.size(), QSize(1280, 800));
    QVERIFY(shot.save(screenshotPath(QStringLiteral("inspector-sample.png"))));
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
