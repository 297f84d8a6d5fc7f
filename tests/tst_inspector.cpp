// Smoke test of the inspector GUI: the main window built on the sample snapshot shows one
// row per provider under its parent, follows changes of the tree, and lists the problems
// of a file that does not load.
#include "inspector.h"
#include "mainwindow.h"
#include "providertree.h"
#include "providertreewidget.h"
#include "snapshotreader.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace provtree;

namespace {

// Every row of the widget, depth-first.
QList<QTreeWidgetItem *> allRows(const QTreeWidget &widget)
{
    QList<QTreeWidgetItem *> rows;
    QList<QTreeWidgetItem *> pending;
    for (int i = widget.topLevelItemCount() - 1; i >= 0; --i)
        pending.append(widget.topLevelItem(i));
    while (!pending.isEmpty()) {
        QTreeWidgetItem *item = pending.takeLast();
        rows.append(item);
        for (int i = item->childCount() - 1; i >= 0; --i)
            pending.append(item->child(i));
    }
    return rows;
}

QTreeWidgetItem *rowNamed(const QTreeWidget &widget, const QString &name)
{
    const QList<QTreeWidgetItem *> found = widget.findItems(
            name, Qt::MatchExactly | Qt::MatchRecursive, ProviderTreeWidget::NameColumn);
    return found.size() == 1 ? found.constFirst() : nullptr;
}

QString problemsText(const Status &status)
{
    QStringList lines;
    for (const Problem &problem : status.problems())
        lines.append(problem.toString());
    return lines.join(QLatin1Char('\n'));
}

QMessageBox *openMessageBox(const QWidget &window)
{
    const QList<QMessageBox *> boxes = window.findChildren<QMessageBox *>();
    return boxes.size() == 1 && boxes.constFirst()->isVisible() ? boxes.constFirst() : nullptr;
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private slots:
    void sampleShowsEveryProviderUnderItsParent();
    void sampleRows_data();
    void sampleRows();
    void rowsFollowTreeChanges();
    void brokenFileListsProblemsAndKeepsTree_data();
    void brokenFileListsProblemsAndKeepsTree();
    void fileMenu();
};

void TestInspector::sampleShowsEveryProviderUnderItsParent()
{
    Inspector inspector;
    const Status status = inspector.open(Inspector::samplePath());
    QVERIFY2(status.ok(), qPrintable(problemsText(status)));
    QCOMPARE(inspector.tree().size(), 30);

    // The window follows the tree through queued notifications.
    const ProviderTreeWidget &widget = *inspector.window()->treeWidget();
    QTRY_COMPARE(allRows(widget).size(), 30);
    QCOMPARE(widget.columnCount(), int(ProviderTreeWidget::ColumnCount));
    QCOMPARE(widget.topLevelItemCount(), inspector.tree().rootUuids().size());
    QCOMPARE(widget.topLevelItemCount(), 7);

    const QList<QTreeWidgetItem *> rows = allRows(widget);
    QCOMPARE(rows.size(), 30);
    for (const QTreeWidgetItem *row : rows) {
        const QString uuid = row->text(ProviderTreeWidget::UuidColumn);
        QCOMPARE(row->data(ProviderTreeWidget::NameColumn, ProviderTreeWidget::UuidRole).toString(),
                 uuid);
        QCOMPARE(widget.itemForUuid(uuid), row);
        const std::optional<ProviderData> provider = inspector.tree().data(uuid);
        QVERIFY2(provider, qPrintable(uuid));
        QCOMPARE(row->text(ProviderTreeWidget::NameColumn), provider->name);
        QCOMPARE(row->parent() ? row->parent()->text(ProviderTreeWidget::UuidColumn) : QString(),
                 provider->parentUuid);
        QCOMPARE(row->text(ProviderTreeWidget::ResourceClassesColumn),
                 QStringList(provider->inventories.keys()).join(QStringLiteral(", ")));
    }
    QVERIFY(inspector.window()->windowTitle().contains(QStringLiteral("Sample snapshot")));
}

void TestInspector::sampleRows_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("parentName");
    QTest::addColumn<QString>("resourceClasses");

    QTest::newRow("compute node") << QStringLiteral("cn-05") << QString()
                                  << QStringLiteral("MEMORY_MB, VCPU");
    QTest::newRow("NUMA cell") << QStringLiteral("cn-01_numa0") << QStringLiteral("cn-01")
                               << QStringLiteral("MEMORY_MB, PCPU, VCPU");
    QTest::newRow("GPU") << QStringLiteral("cn-02_pci_0000_3b_00_0") << QStringLiteral("cn-02")
                         << QStringLiteral("VGPU");
    QTest::newRow("agent without inventory")
            << QStringLiteral("cn-03:NIC Switch agent") << QStringLiteral("cn-03") << QString();
    QTest::newRow("bandwidth, grandchild")
            << QStringLiteral("cn-01:Open vSwitch agent:br-ex")
            << QStringLiteral("cn-01:Open vSwitch agent")
            << QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC, NET_BW_IGR_KILOBIT_PER_SEC");
    QTest::newRow("sharing provider") << QStringLiteral("ceph-pool-vms") << QString()
                                      << QStringLiteral("DISK_GB");
}

void TestInspector::sampleRows()
{
    QFETCH(QString, name);
    QFETCH(QString, parentName);
    QFETCH(QString, resourceClasses);

    Inspector inspector;
    QVERIFY(inspector.open(Inspector::samplePath()).ok());
    const QTreeWidgetItem *row = nullptr;
    QTRY_VERIFY2((row = rowNamed(*inspector.window()->treeWidget(), name)), qPrintable(name));
    QCOMPARE(row->parent() ? row->parent()->text(ProviderTreeWidget::NameColumn) : QString(),
             parentName);
    QCOMPARE(row->text(ProviderTreeWidget::ResourceClassesColumn), resourceClasses);
    QVERIFY(!row->isHidden());
    QVERIFY(!row->parent() || row->parent()->isExpanded()); // a small tree opens fully
}

void TestInspector::rowsFollowTreeChanges()
{
    ProviderTree tree;
    const Status loaded = loadSnapshotFile(tree, Inspector::samplePath());
    QVERIFY2(loaded.ok(), qPrintable(problemsText(loaded)));
    MainWindow window(tree); // a window on a filled tree shows it at once
    const ProviderTreeWidget &widget = *window.treeWidget();
    QCOMPARE(allRows(widget).size(), 30);

    // cn-01 has 6 descendants: two NUMA cells, two agents and their two bridges.
    QVERIFY(tree.remove(u"cn-01").ok());
    QTRY_COMPARE(allRows(widget).size(), 23);
    QVERIFY(!rowNamed(widget, QStringLiteral("cn-01_numa0")));

    const Result<QString> added = tree.newChild(QStringLiteral("cn-02_numa2"), u"cn-02");
    QVERIFY(added.ok());
    QTRY_VERIFY(rowNamed(widget, QStringLiteral("cn-02_numa2")));
    QCOMPARE(rowNamed(widget, QStringLiteral("cn-02_numa2"))->parent(),
             rowNamed(widget, QStringLiteral("cn-02")));
    QCOMPARE(allRows(widget).size(), 24);

    // A burst of edits ends in the same rows as the tree, whatever was rebuilt on the way.
    for (int i = 0; i < 5; ++i)
        QVERIFY(tree.newChild(QStringLiteral("cn-05_numa%1").arg(i), u"cn-05").ok());
    QVERIFY(tree.rename(u"cn-05", QStringLiteral("cn-05-renamed")).ok());
    QTRY_COMPARE(allRows(widget).size(), 29);
    QCOMPARE(rowNamed(widget, QStringLiteral("cn-05-renamed"))->childCount(), 5);
}

void TestInspector::brokenFileListsProblemsAndKeepsTree_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
    QTest::addColumn<QString>("expectedText");

    QTest::newRow("missing file") << QByteArray() << QStringLiteral("error");
    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QStringLiteral("error");
    QTest::newRow("invalid uuid")
            << QByteArray(R"({"format": "provider-tree-snapshot", "version": 1, "providers": [
                   {"uuid": "not-a-uuid", "name": "cn-99", "generation": 0,
                    "parent_provider_uuid": null, "inventories": {}, "usages": {},
                    "traits": [], "aggregates": []}]})")
            << QStringLiteral("not-a-uuid");
    QTest::newRow("empty name")
            << QByteArray(R"({"format": "provider-tree-snapshot", "version": 1, "providers": [
                   {"uuid": "4a3e8f1f-bc66-5c25-9252-05a80cbb5c1b", "name": "", "generation": 0,
                    "parent_provider_uuid": null, "inventories": {}, "usages": {},
                    "traits": [], "aggregates": []}]})")
            << QStringLiteral("$.providers[0].name");
}

void TestInspector::brokenFileListsProblemsAndKeepsTree()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedText);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }

    Inspector inspector;
    QVERIFY(inspector.open(Inspector::samplePath()).ok());
    QTRY_COMPARE(allRows(*inspector.window()->treeWidget()).size(), 30);
    const QString title = inspector.window()->windowTitle();

    const Status status = inspector.open(path);
    QVERIFY(!status.ok());
    QCOMPARE(inspector.tree().size(), 30);
    QCoreApplication::processEvents(); // would deliver a (wrong) change notification
    QCOMPARE(allRows(*inspector.window()->treeWidget()).size(), 30);
    QCOMPARE(inspector.window()->windowTitle(), title);

    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = openMessageBox(*inspector.window())));
    QVERIFY2(box->text().contains(QStringLiteral("broken.json")), qPrintable(box->text()));
    QVERIFY2(box->informativeText().contains(expectedText), qPrintable(box->informativeText()));
    QVERIFY(box->informativeText().contains(status.problems().constFirst().message.toHtmlEscaped()));
    box->accept();
}

void TestInspector::fileMenu()
{
    ProviderTree tree;
    MainWindow window(tree);
    QCOMPARE(window.openAction()->shortcut(), QKeySequence(QKeySequence::Open));
    QCOMPARE(window.quitAction()->shortcut(), QKeySequence(QKeySequence::Quit));

    QSignalSpy openRequested(&window, &MainWindow::openRequested);
    window.openAction()->trigger();
    QCOMPARE(openRequested.size(), 1);

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.quitAction()->trigger();
    QVERIFY(!window.isVisible());
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
