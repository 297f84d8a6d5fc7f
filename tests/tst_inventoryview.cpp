// InventoryView and UsageBarDelegate: editing cells with the real editors (valid edits
// reach the tree, refused ones show the core's message and change nothing), the usage
// bar's colours at its thresholds, and adding/removing resource classes with the widgets.
#include "inventorymodel.h"
#include "inventoryview.h"
#include "providertree.h"
#include "treeeditor.h"
#include "usagebardelegate.h"

#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

#include "support/testuuid.h"

using namespace provtree;
using Col = InventoryModel::Column;

namespace {

using provtree::testing::uuid;

const QString kCompute = uuid(1);
const QString kOther = uuid(2);

InventoryRecord record(qint64 total, qint64 reserved = 0, double ratio = 1.0, qint64 maxUnit = kMaxInventoryInt)
{
    InventoryRecord r;
    r.total = total;
    r.reserved = reserved;
    r.allocationRatio = ratio;
    r.maxUnit = maxUnit;
    return r.effective();
}

// What UsageBarDelegate paints for `index` in a cell of `size` on white.
QImage paintCell(const QModelIndex &index, QSize size)
{
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QStyleOptionViewItem option;
    option.rect = image.rect();
    option.state = QStyle::State_Enabled;
    option.palette = QApplication::palette();
    {
        QPainter painter(&image);
        UsageBarDelegate().paint(&painter, option, index);
    }
    return image;
}

// cn-01, a compute node (nova-managed):
//   CUSTOM_FPGA  total 2, ratio 0 (a warning), nothing used
//   DISK_GB      1000, 50 % used
//   MEMORY_MB    65536, reserved 512, ~85 % used
//   VCPU         16, reserved 2, ratio 4 -> capacity 56, 60 used (above capacity)
// and another root with a CUSTOM_ class of its own (for the completer).
void populate(ProviderTree &tree)
{
    QVERIFY(tree.newRoot(QStringLiteral("cn-01"), kCompute).ok());
    QVERIFY(tree.newRoot(QStringLiteral("fpga-pool"), kOther).ok());
    QVERIFY(tree.updateInventory(kCompute, {{QStringLiteral("CUSTOM_FPGA"), record(2, 0, 0.0)},
                                            {QStringLiteral("DISK_GB"), record(1000)},
                                            {QStringLiteral("MEMORY_MB"), record(65536, 512)},
                                            {QStringLiteral("VCPU"), record(16, 2, 4.0, 16)}})
                .ok());
    QVERIFY(tree.updateUsages(kCompute, {{QStringLiteral("DISK_GB"), 500},
                                         {QStringLiteral("MEMORY_MB"), 55296},
                                         {QStringLiteral("VCPU"), 60}})
                .ok());
    QVERIFY(tree.updateInventory(kOther, {{QStringLiteral("CUSTOM_ELSEWHERE"), record(4)}}).ok());
}

struct Fixture
{
    Fixture()
    {
        populate(tree);
        view.setProvider(kCompute);
        view.resize(900, 320);
        view.show();
        view.activateWindow();
    }
    [[nodiscard]] bool ready() { return QTest::qWaitForWindowActive(&view); }
    [[nodiscard]] InventoryModel &model() { return *view.model(); }
    [[nodiscard]] QModelIndex cell(const QString &resourceClass, int column)
    {
        return model().index(model().rowForResourceClass(resourceClass), column);
    }
    [[nodiscard]] double field(const QString &resourceClass, InventoryField field) const
    {
        return fieldValue(tree.data(kCompute)->inventories.value(resourceClass), field);
    }
    // Opens the cell's editor as a user would, types `text` and presses Enter.
    void typeIntoCell(const QModelIndex &index, const QString &text)
    {
        QTableView *table = view.tableView();
        table->setCurrentIndex(index);
        table->edit(index);
        QWidget *editor = QApplication::focusWidget();
        QVERIFY(editor);
        QVERIFY2(editor != table, "no editor opened");
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Enter);
        QTRY_VERIFY(QApplication::focusWidget() == table); // committed and closed
    }

    ProviderTree tree;
    TreeEditor editor{tree};
    InventoryView view{tree, editor};
};

} // namespace

class TestInventoryView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no-op under CTest, which sets it already
    }

    void validEditWithTheRealEditorChangesTheTree_data()
    {
        QTest::addColumn<QString>("resourceClass");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<double>("expected");
        QTest::newRow("total") << QStringLiteral("VCPU") << int(Col::TotalColumn) << QStringLiteral("32") << 32.0;
        QTest::newRow("reserved") << QStringLiteral("DISK_GB") << int(Col::ReservedColumn) << QStringLiteral("100")
                                  << 100.0;
        QTest::newRow("max total") << QStringLiteral("DISK_GB") << int(Col::TotalColumn)
                                   << QStringLiteral("2147483647") << 2147483647.0;
        QTest::newRow("step_size") << QStringLiteral("MEMORY_MB") << int(Col::StepSizeColumn) << QStringLiteral("256")
                                   << 256.0;
        QTest::newRow("ratio") << QStringLiteral("VCPU") << int(Col::AllocationRatioColumn) << QStringLiteral("2.5")
                               << 2.5;
        QTest::newRow("ratio with exponent") << QStringLiteral("VCPU") << int(Col::AllocationRatioColumn)
                                             << QStringLiteral("1e1") << 10.0;
    }
    void validEditWithTheRealEditorChangesTheTree()
    {
        QFETCH(QString, resourceClass);
        QFETCH(int, column);
        QFETCH(QString, typed);
        QFETCH(double, expected);
        Fixture f;
        QVERIFY(f.ready());
        f.typeIntoCell(f.cell(resourceClass, column), typed);
        QCOMPARE(f.field(resourceClass, *InventoryModel::fieldForColumn(column)), expected);
        QCOMPARE(f.editor.undoStack()->count(), 1);
        QCOMPARE(f.view.errorMessage(), QString());
        QVERIFY(f.view.errorLabel()->isHidden());
    }

    void refusedEditShowsTheCoresMessageAndChangesNothing_data()
    {
        QTest::addColumn<QString>("resourceClass");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("message");
        QTest::newRow("reserved above total") << QStringLiteral("VCPU") << int(Col::ReservedColumn)
                                              << QStringLiteral("17")
                                              << QStringLiteral("reserved (17) must not exceed total (16)");
        QTest::newRow("total 0") << QStringLiteral("DISK_GB") << int(Col::TotalColumn) << QStringLiteral("0")
                                 << QStringLiteral("total (0) must be 1 to 2147483647");
        QTest::newRow("min_unit 0") << QStringLiteral("DISK_GB") << int(Col::MinUnitColumn) << QStringLiteral("0")
                                    << QStringLiteral("min_unit (0) must be 1 to 2147483647");
        // The minus reaches the core (the editor dropped it, and committed 4).
        QTest::newRow("negative total") << QStringLiteral("DISK_GB") << int(Col::TotalColumn) << QStringLiteral("-4")
                                        << QStringLiteral("total (-4) must be 1 to 2147483647");
        QTest::newRow("negative reserved") << QStringLiteral("VCPU") << int(Col::ReservedColumn)
                                           << QStringLiteral("-1")
                                           << QStringLiteral("reserved (-1) must be 0 to 2147483647");
        QTest::newRow("negative ratio") << QStringLiteral("VCPU") << int(Col::AllocationRatioColumn)
                                        << QStringLiteral("-2")
                                        << QStringLiteral("allocation_ratio (-2) makes capacity negative (-28)");
    }
    void refusedEditShowsTheCoresMessageAndChangesNothing()
    {
        QFETCH(QString, resourceClass);
        QFETCH(int, column);
        QFETCH(QString, typed);
        QFETCH(QString, message);
        Fixture f;
        QVERIFY(f.ready());
        const ProviderData before = *f.tree.data(kCompute);
        const QModelIndex index = f.cell(resourceClass, column);
        f.typeIntoCell(index, typed);
        QCOMPARE(*f.tree.data(kCompute), before);
        QCOMPARE(f.editor.undoStack()->count(), 0);
        QCOMPARE(f.view.errorMessage(), message);
        QVERIFY(f.view.errorLabel()->isVisible());
        QCOMPARE(index.data(InventoryModel::EditErrorRole).toString(), message);

        // The next accepted edit clears it.
        f.typeIntoCell(f.cell(QStringLiteral("DISK_GB"), Col::TotalColumn), QStringLiteral("1200"));
        QCOMPARE(f.field(QStringLiteral("DISK_GB"), InventoryField::Total), 1200.0);
        QCOMPARE(f.view.errorMessage(), QString());
        QVERIFY(f.view.errorLabel()->isHidden());
        QCOMPARE(index.data(InventoryModel::EditErrorRole).toString(), QString());
    }

    void usageBarColourFollowsTheThresholds_data()
    {
        QTest::addColumn<qint64>("used"); // of a capacity of 100
        QTest::addColumn<QColor>("colour");
        const QColor green(0x43, 0xa0, 0x47), amber(0xff, 0xa0, 0x00), red(0xe5, 0x39, 0x35);
        QTest::newRow("50 %") << qint64(50) << green;
        QTest::newRow("80 %: still normal") << qint64(80) << green;
        QTest::newRow("81 %") << qint64(81) << amber;
        QTest::newRow("85 %") << qint64(85) << amber;
        QTest::newRow("100 %: full, not over") << qint64(100) << amber;
        QTest::newRow("101 %") << qint64(101) << red;
        QTest::newRow("120 %") << qint64(120) << red;
    }
    void usageBarColourFollowsTheThresholds()
    {
        QFETCH(qint64, used);
        QFETCH(QColor, colour);
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("pool"), kOther).ok());
        QVERIFY(tree.updateInventory(kOther, {{QStringLiteral("DISK_GB"), record(100)}}).ok());
        QVERIFY(tree.updateUsages(kOther, {{QStringLiteral("DISK_GB"), used}}).ok());
        TreeEditor editor(tree);
        InventoryModel model(tree, editor);
        model.setProvider(kOther);
        const QModelIndex index = model.index(0, Col::UsedColumn);
        QCOMPARE(UsageBarDelegate::barColor(index.data(InventoryModel::UsageFractionRole).toDouble()), colour);

        const QImage image = paintCell(index, QSize(200, 32));
        const QRect track = UsageBarDelegate::barTrack(image.rect());
        const int y = track.center().y();
        QCOMPARE(image.pixelColor(track.left() + 1, y), colour);
        // Filled in proportion (full width when over): the bar ends where the usage does.
        const int filledEnd = track.left() + int(track.width() * std::min<qint64>(used, 100) / 100);
        QCOMPARE(image.pixelColor(filledEnd - 2, y), colour);
        if (used < 95)
            QVERIFY(image.pixelColor(filledEnd + 2, y) != colour);
        // The text stays above the bar, readable: "50  (50 %)".
        QVERIFY(image.pixelColor(track.left() + 1, track.top() - 4) != colour);
    }

    void delegateMarksWarningsRefusalsAndNovaFields()
    {
        Fixture f;
        const auto render = [](const QModelIndex &index) { return paintCell(index, QSize(120, 30)); };
        // CUSTOM_FPGA's ratio 0: a warning, amber (away from the right-aligned text).
        const QImage warned = render(f.cell(QStringLiteral("CUSTOM_FPGA"), Col::AllocationRatioColumn));
        QCOMPARE(warned.pixelColor(10, 15), QColor(0xff, 0xe0, 0x82));
        QCOMPARE(warned.pixelColor(1, 1), QColor(0xff, 0xe0, 0x82)); // ratio: not nova's
        // A compute node's total: nova's corner mark, otherwise a plain cell.
        const QImage nova = render(f.cell(QStringLiteral("DISK_GB"), Col::TotalColumn));
        QCOMPARE(nova.pixelColor(1, 1), QColor(0x1e, 0x88, 0xe5));
        QCOMPARE(nova.pixelColor(10, 15), QColor(Qt::white));
        // A refused edit: red background and frame.
        const QModelIndex step = f.cell(QStringLiteral("DISK_GB"), Col::StepSizeColumn);
        QVERIFY(!f.model().setData(step, 0));
        const QImage refused = render(step);
        QCOMPARE(refused.pixelColor(10, 15), QColor(0xff, 0xcd, 0xd2));
        QCOMPARE(refused.pixelColor(1, 15), QColor(0xc6, 0x28, 0x28));
    }

    void sizeHintMakesRoomForTheBar()
    {
        Fixture f;
        UsageBarDelegate delegate;
        QStyleOptionViewItem option;
        option.font = f.view.font();
        const QModelIndex used = f.cell(QStringLiteral("VCPU"), Col::UsedColumn);
        const QModelIndex total = f.cell(QStringLiteral("VCPU"), Col::TotalColumn);
        QVERIFY(delegate.sizeHint(option, used).height()
                >= delegate.sizeHint(option, total).height() + UsageBarDelegate::kBarHeight);
    }

    void editorsFitTheField()
    {
        Fixture f;
        QVERIFY(f.ready());
        QTableView *table = f.view.tableView();
        table->edit(f.cell(QStringLiteral("VCPU"), Col::TotalColumn));
        auto *spin = qobject_cast<QSpinBox *>(QApplication::focusWidget());
        QVERIFY(spin);
        QCOMPARE(spin->value(), 16);
        QCOMPARE(spin->maximum(), 2147483647);
        QCOMPARE(spin->minimum(), -2147483647); // a typed minus reaches the core, which refuses it
        QTest::keyClick(spin, Qt::Key_Escape);
        QTRY_VERIFY(QApplication::focusWidget() == table);
        table->edit(f.cell(QStringLiteral("VCPU"), Col::AllocationRatioColumn));
        auto *edit = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(edit);
        QCOMPARE(edit->text(), QStringLiteral("4"));
        // Text that is not a number yet is not committed: the editor stays open.
        QTest::keyClicks(edit, QStringLiteral("."));
        QTest::keyClick(edit, Qt::Key_Enter);
        QCOMPARE(QApplication::focusWidget(), edit);
        QTest::keyClick(edit, Qt::Key_Escape);
        QTRY_VERIFY(QApplication::focusWidget() == table);
        QCOMPARE(f.editor.undoStack()->count(), 0);
        QCOMPARE(f.view.errorMessage(), QString());
    }

    void addResourceClassWithTheWidgets()
    {
        Fixture f;
        QVERIFY(f.ready());
        QVERIFY(!f.view.addButton()->isEnabled()); // nothing typed yet
        // CUSTOM_ classes of the whole tree, as of when the name field gets focus.
        QVERIFY(f.tree.updateInventory(kOther, {{QStringLiteral("CUSTOM_ELSEWHERE"), record(4)},
                                                {QStringLiteral("CUSTOM_LATE"), record(1)}})
                    .ok());
        QVERIFY(!f.view.completions().contains(QStringLiteral("CUSTOM_LATE")));
        f.view.resourceClassEdit()->setFocus();
        QTRY_VERIFY(f.view.resourceClassEdit()->hasFocus());
        const QStringList completions = f.view.completions();
        QVERIFY(completions.contains(QStringLiteral("CUSTOM_LATE")));
        QVERIFY(completions.contains(QStringLiteral("PCPU")));
        QVERIFY(completions.contains(QStringLiteral("CUSTOM_ELSEWHERE"))); // used by another provider
        QVERIFY(!completions.contains(QStringLiteral("VCPU")));            // this one has it already

        QTest::keyClicks(f.view.resourceClassEdit(), QStringLiteral("CUSTOM_NEW"));
        f.view.totalSpinBox()->setValue(5);
        QVERIFY(f.view.addButton()->isEnabled());
        QTest::mouseClick(f.view.addButton(), Qt::LeftButton);
        QCOMPARE(f.tree.data(kCompute)->inventories.value(QStringLiteral("CUSTOM_NEW")), record(5));
        QCOMPARE(f.view.resourceClassEdit()->text(), QString());
        QCOMPARE(f.view.errorMessage(), QString());
        QCOMPARE(f.view.tableView()->currentIndex().row(), f.model().rowForResourceClass(QStringLiteral("CUSTOM_NEW")));

        const ProviderData before = *f.tree.data(kCompute);
        f.view.resourceClassEdit()->setText(QStringLiteral("custom_lower"));
        QTest::mouseClick(f.view.addButton(), Qt::LeftButton);
        QVERIFY(!f.view.errorMessage().isEmpty());
        QVERIFY(f.view.errorLabel()->isVisible());
        QCOMPARE(f.view.resourceClassEdit()->text(), QStringLiteral("custom_lower")); // kept, to be fixed
        QCOMPARE(*f.tree.data(kCompute), before);
    }

    void removeResourceClassWithTheWidgets()
    {
        Fixture f;
        QVERIFY(f.ready());
        QTableView *table = f.view.tableView();
        QVERIFY(!f.view.removeButton()->isEnabled()); // nothing selected
        table->selectRow(f.model().rowForResourceClass(QStringLiteral("VCPU")));
        QVERIFY(f.view.removeButton()->isEnabled());
        const ProviderData before = *f.tree.data(kCompute);
        QTest::mouseClick(f.view.removeButton(), Qt::LeftButton);
        QCOMPARE(*f.tree.data(kCompute), before); // in use: refused
        QVERIFY(f.view.errorMessage().contains(QStringLiteral("VCPU")));

        table->selectRow(f.model().rowForResourceClass(QStringLiteral("CUSTOM_FPGA")));
        QTest::mouseClick(f.view.removeButton(), Qt::LeftButton);
        QVERIFY(!f.tree.data(kCompute)->inventories.contains(QStringLiteral("CUSTOM_FPGA")));
        QCOMPARE(f.view.errorMessage(), QString());
        QCOMPARE(f.model().rowCount(), 3);
    }

    void readOnlyDisablesEditing()
    {
        Fixture f;
        QVERIFY(f.ready());
        QTableView *table = f.view.tableView();
        table->selectRow(0);
        f.view.setReadOnly(true);
        QVERIFY(!f.view.addButton()->isEnabled());
        QVERIFY(!f.view.removeButton()->isEnabled());
        QVERIFY(!f.view.resourceClassEdit()->isEnabled());
        QTest::ignoreMessage(QtWarningMsg, "edit: editing failed");
        table->edit(f.cell(QStringLiteral("VCPU"), Col::TotalColumn));
        QVERIFY(!table->findChild<QSpinBox *>());
        f.view.setReadOnly(false);
        QVERIFY(f.view.removeButton()->isEnabled());
    }

    void noProviderDisablesAdding()
    {
        Fixture f;
        f.view.setProvider(QString());
        QCOMPARE(f.model().rowCount(), 0);
        QVERIFY(!f.view.resourceClassEdit()->isEnabled());
        QVERIFY(!f.view.removeButton()->isEnabled());
    }

    // Not a check: INVENTORY_SCREENSHOT=file.png saves the view as the user would see it.
    void screenshot()
    {
        const QString path = qEnvironmentVariable("INVENTORY_SCREENSHOT");
        if (path.isEmpty())
            QSKIP("set INVENTORY_SCREENSHOT=FILE.png to save a screenshot");
        Fixture f;
        QVERIFY(f.ready());
        f.typeIntoCell(f.cell(QStringLiteral("VCPU"), Col::ReservedColumn), QStringLiteral("17"));
        f.view.tableView()->selectRow(f.model().rowForResourceClass(QStringLiteral("DISK_GB")));
        QVERIFY(f.view.grab().save(path));
    }
};

QTEST_MAIN(TestInventoryView)
#include "tst_inventoryview.moc"
