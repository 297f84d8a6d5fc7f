// What a screen reader gets from the main window, through Qt's accessibility interfaces
// in-process (QAccessible::queryAccessibleInterface; tests/atspi/ reads the same through
// the real AT-SPI bus): tree rows, inventory cells and rows, and the details side's
// controls say what they are (issue 10, "accessible name of every control and of each tree
// row and inventory cell").
#include "inventorymodel.h"
#include "inventoryview.h"
#include "mainwindow.h"
#include "providerdetails.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "traitspanel.h"
#include "treeeditor.h"

#include <QAccessible>
#include <QAccessibleInterface>
#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace provtree;
using Col = InventoryModel::Column;

namespace {

QString name(QAccessibleInterface *interface)
{
    return interface ? interface->text(QAccessible::Name) : QStringLiteral("(no interface)");
}

QString name(QObject *object)
{
    return name(QAccessible::queryAccessibleInterface(object));
}

// The accessible names of every descendant of `interface`, depth-first.
// Qt 6.4 hands out the header cells of a table cell unregistered and unowned (a "FIXME" in
// QAccessibleTableCell); registering them, as the AT-SPI bridge does when it names them, gives
// them to the accessibility cache, which deletes them.
QList<QAccessibleInterface *> owned(const QList<QAccessibleInterface *> &headerCells)
{
    for (QAccessibleInterface *cell : headerCells)
        QAccessible::uniqueId(cell);
    return headerCells;
}

QStringList names(QAccessibleInterface *interface)
{
    QStringList out;
    for (int i = 0; interface && i < interface->childCount(); ++i) {
        QAccessibleInterface *child = interface->child(i);
        if (!child)
            continue;
        out.append(child->text(QAccessible::Name));
        out.append(names(child));
    }
    return out;
}

struct Fixture
{
    ProviderTree tree;
    std::unique_ptr<MainWindow> window;

    [[nodiscard]] bool open()
    {
        const Result<QList<ProviderData>> records = readSnapshotFile(QStringLiteral(PROVTREE_SAMPLE));
        if (!records.ok() || !tree.replaceAll(records.value()).ok())
            return false;
        window = std::make_unique<MainWindow>(tree);
        window->resize(1280, 800);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
    [[nodiscard]] bool select(const QString &providerName)
    {
        const std::optional<ProviderData> data = tree.data(providerName);
        return data && window->selectProvider(data->uuid);
    }
    [[nodiscard]] QTableView *table() const { return window->inventoryView()->tableView(); }
    [[nodiscard]] QAccessibleTableCellInterface *cell(const QString &resourceClass, int column) const
    {
        QAccessibleInterface *view = QAccessible::queryAccessibleInterface(table());
        const int row = window->inventoryView()->model()->rowForResourceClass(resourceClass);
        QAccessibleInterface *cell = view && view->tableInterface() ? view->tableInterface()->cellAt(row, column) : nullptr;
        return cell ? cell->tableCellInterface() : nullptr;
    }
};

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no-op under CTest, which sets it already
        QAccessible::setActive(true); // as when a screen reader is listening
    }

    // Each cell names its class and field; each row's header is the row in one sentence.
    void inventoryCellsAndRowsSayWhatTheyAre_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("resourceClass");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("row");
        QTest::newRow("total, ratio 4") << QStringLiteral("cn-01_numa0") << QStringLiteral("VCPU") << int(Col::TotalColumn)
                                        << QStringLiteral("VCPU total 32")
                                        << QStringLiteral("VCPU, total 32, capacity 128, used 112, 88 %");
        QTest::newRow("used, capacity = total") << QStringLiteral("cn-01_numa0") << QStringLiteral("PCPU")
                                                << int(Col::UsedColumn) << QStringLiteral("PCPU used 14 of 16, 88 %")
                                                << QStringLiteral("PCPU, total 16, used 14, 88 %");
        QTest::newRow("allocation ratio") << QStringLiteral("cn-01_numa0") << QStringLiteral("VCPU")
                                          << int(Col::AllocationRatioColumn) << QStringLiteral("VCPU allocation ratio 4")
                                          << QStringLiteral("VCPU, total 32, capacity 128, used 112, 88 %");
        QTest::newRow("reserved") << QStringLiteral("cn-01_numa0") << QStringLiteral("MEMORY_MB")
                                  << int(Col::ReservedColumn) << QStringLiteral("MEMORY_MB reserved 2048")
                                  << QStringLiteral("MEMORY_MB, total 257738, capacity 255690, used 229376, 90 %");
        QTest::newRow("over capacity") << QStringLiteral("cn-03_numa0") << QStringLiteral("MEMORY_MB")
                                       << int(Col::FreeColumn) << QStringLiteral("MEMORY_MB free -5315")
                                       << QStringLiteral("MEMORY_MB, total 193341, capacity 191293, used 196608, "
                                                         "103 %, over capacity");
        QTest::newRow("class") << QStringLiteral("cn-01:Open vSwitch agent:br-ex")
                               << QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC") << int(Col::ResourceClassColumn)
                               << QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC")
                               << QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC, total 10000000, used 2000000, 20 %");
    }
    void inventoryCellsAndRowsSayWhatTheyAre()
    {
        QFETCH(QString, provider);
        QFETCH(QString, resourceClass);
        QFETCH(int, column);
        QFETCH(QString, cell);
        QFETCH(QString, row);
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(provider));
        QAccessibleTableCellInterface *interface = f.cell(resourceClass, column);
        QVERIFY(interface);
        QCOMPARE(name(dynamic_cast<QAccessibleInterface *>(interface)), cell);
        const QList<QAccessibleInterface *> rowHeaders = owned(interface->rowHeaderCells());
        QCOMPARE(rowHeaders.size(), 1);
        QCOMPARE(name(rowHeaders.first()), row);
        const QList<QAccessibleInterface *> columnHeaders = owned(interface->columnHeaderCells());
        QCOMPARE(columnHeaders.size(), 1);
        QVERIFY(!name(columnHeaders.first()).contains(QLatin1Char('\n'))); // "Max unit", said on one line
    }

    // A cell's description is what its tooltip says: warnings, refusals, nova's fields.
    void inventoryCellsDescribeWarningsAndNovasFields()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-03_numa0")));
        auto *used = dynamic_cast<QAccessibleInterface *>(f.cell(QStringLiteral("MEMORY_MB"), Col::UsedColumn));
        QVERIFY(used);
        QVERIFY2(used->text(QAccessible::Description).contains(QStringLiteral("usage (196608) exceeds capacity (191293)")),
                 qPrintable(used->text(QAccessible::Description)));
        QVERIFY(f.select(QStringLiteral("cn-01")));
        auto *total = dynamic_cast<QAccessibleInterface *>(f.cell(QStringLiteral("DISK_GB"), Col::TotalColumn));
        QVERIFY(total);
        QVERIFY(total->text(QAccessible::Description).contains(QStringLiteral("nova")));
    }

    // Edits reach what is said: the row's header follows (headerDataChanged), and the cell.
    void rowSummaryFollowsEdits()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        InventoryModel &model = *f.window->inventoryView()->model();
        const int row = model.rowForResourceClass(QStringLiteral("VCPU"));
        QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
        QSignalSpy cells(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(model.index(row, Col::TotalColumn), 40));
        QCOMPARE(headers.size(), 1);
        QCOMPARE(headers[0][0].value<Qt::Orientation>(), Qt::Vertical);
        QCOMPARE(headers[0][1].toInt(), row);
        QCOMPARE(headers[0][2].toInt(), row);
        QCOMPARE(cells.size(), 1);
        QVERIFY(cells[0][2].value<QList<int>>().contains(Qt::AccessibleTextRole));
        QAccessibleTableCellInterface *total = f.cell(QStringLiteral("VCPU"), Col::TotalColumn);
        QCOMPARE(name(dynamic_cast<QAccessibleInterface *>(total)), QStringLiteral("VCPU total 40"));
        QCOMPARE(name(owned(total->rowHeaderCells()).first()), QStringLiteral("VCPU, total 40, capacity 160, used 112, 70 %"));
        // A change of min_unit says nothing new about the row.
        QVERIFY(model.setData(model.index(row, Col::MinUnitColumn), 2));
        QCOMPARE(headers.size(), 1);
    }

    // A tree row says its name, kind and how full each class is.
    void treeRowsSayNameKindAndUsage_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("said");
        QTest::newRow("NUMA node") << QStringLiteral("cn-01_numa0")
                                   << QStringLiteral("cn-01_numa0, NUMA node, MEMORY_MB 90 % used, PCPU 88 % used, "
                                                     "VCPU 88 % used");
        QTest::newRow("agent, no inventory") << QStringLiteral("cn-01:NIC Switch agent")
                                             << QStringLiteral("cn-01:NIC Switch agent, network / bandwidth");
        QTest::newRow("storage pool") << QStringLiteral("ceph-pool-vms")
                                      << QStringLiteral("ceph-pool-vms, sharing provider, DISK_GB 75 % used");
    }
    void treeRowsSayNameKindAndUsage()
    {
        QFETCH(QString, provider);
        QFETCH(QString, said);
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(provider));
        const QStringList rows = names(QAccessible::queryAccessibleInterface(f.window->treeView()));
        QVERIFY2(rows.contains(said), qPrintable(rows.filter(provider).join(QLatin1Char('\n'))));
    }

    // During a search, an ancestor shown only to place a match says so (its description);
    // the matches, and every row once the search is cleared, say nothing more.
    void rowsShownForContextSaySo()
    {
        Fixture f;
        QVERIFY(f.open());
        f.window->searchField()->setText(QStringLiteral("kind:numa"));
        QAccessibleInterface *tree = QAccessible::queryAccessibleInterface(f.window->treeView());
        const auto described = [tree](const QString &provider) {
            for (int i = 0; tree && i < tree->childCount(); ++i) {
                QAccessibleInterface *row = tree->child(i);
                if (row && row->text(QAccessible::Name).startsWith(provider + QStringLiteral(", ")))
                    return row->text(QAccessible::Description);
            }
            return QStringLiteral("(no row)");
        };
        QVERIFY2(described(QStringLiteral("cn-01")).contains(QStringLiteral("shown for context")),
                 qPrintable(described(QStringLiteral("cn-01"))));
        QCOMPARE(described(QStringLiteral("cn-01_numa0")), QString());
        f.window->searchField()->clear();
        QCOMPARE(described(QStringLiteral("cn-01")), QString());
    }

    // Every control of the details side that takes the focus has a name that says what it
    // is, without its neighbours (values say their field, buttons what they act on).
    void detailsControlsHaveNames()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        ProviderDetails *details = f.window->details();
        QCOMPARE(name(details->findChild<QObject *>(QStringLiteral("uuidField"))), QStringLiteral("UUID"));
        QCOMPARE(name(details->findChild<QObject *>(QStringLiteral("copyUuidButton"))), QStringLiteral("Copy UUID"));
        QCOMPARE(name(details->findChild<QObject *>(QStringLiteral("parentLink"))), QStringLiteral("Parent: cn-01"));
        QCOMPARE(name(details->findChild<QObject *>(QStringLiteral("rootLink"))), QStringLiteral("Root: cn-01"));
        QVERIFY(names(QAccessible::queryAccessibleInterface(details)).contains(QStringLiteral("Generation: 17")));
        QCOMPARE(name(f.window->inventoryView()->addButton()), QStringLiteral("Add resource class"));
        QCOMPARE(name(f.window->inventoryView()->removeButton()), QStringLiteral("Remove resource class"));
        QCOMPARE(name(f.window->traitsPanel()->findChild<QPushButton *>(QStringLiteral("addButton"))),
                 QStringLiteral("Add trait"));

        // And nothing on the details side that takes the focus is nameless.
        QWidget *pane = f.table()->window();
        QStringList nameless;
        for (QWidget *widget : pane->findChildren<QWidget *>()) {
            if (!widget->isVisible() || !(widget->focusPolicy() & Qt::TabFocus) || widget->focusProxy())
                continue;
            QAccessibleInterface *interface = QAccessible::queryAccessibleInterface(widget);
            if (!interface || interface->text(QAccessible::Name).trimmed().isEmpty())
                nameless.append(QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ')
                                + widget->objectName());
        }
        QCOMPARE(nameless, QStringList());
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
