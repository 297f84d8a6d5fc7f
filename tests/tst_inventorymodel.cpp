// InventoryModel: the table of one provider's inventory. Values as Placement computes
// them, edits through the TreeEditor (accepted: one undo command; refused: nothing
// changes and the core's message is reported), precise signals when the core changes,
// warnings and nova-managed marks, changes from other threads, and the model tester
// under random edits from every side.
#include "inventorymodel.h"
#include "providertree.h"
#include "treeeditor.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <atomic>
#include <limits>
#include <random>
#include <thread>

#include "support/testuuid.h"

using namespace provtree;
using Col = InventoryModel::Column;

namespace {

using provtree::testing::uuid;

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out.append(QString::fromLatin1(item));
    return out;
}

const QString kCompute = uuid(1); // a root with VCPU: nova's compute node
const QString kNuma = uuid(2);    // its child: not nova-managed by isNovaManaged()
const QString kOther = uuid(3);   // another root

InventoryRecord record(qint64 total, qint64 reserved = 0, qint64 minUnit = 1, qint64 maxUnit = kMaxInventoryInt,
                       qint64 stepSize = 1, double ratio = 1.0)
{
    InventoryRecord r;
    r.total = total;
    r.reserved = reserved;
    r.minUnit = minUnit;
    r.maxUnit = maxUnit;
    r.stepSize = stepSize;
    r.allocationRatio = ratio;
    return r;
}

// cn-01 (VCPU 8, MEMORY_MB 4096) with child cn-01_numa0:
//   CUSTOM_X  total 3, ratio 1.5                       -> capacity 4 (4.5 truncated)
//   DISK_GB   total 1000, reserved 100                 -> capacity 900, used 0
//   VCPU      total 16, reserved 2, max 16, ratio 4.0  -> capacity 56, used 10, free 46
void populate(ProviderTree &tree)
{
    QVERIFY(tree.newRoot(QStringLiteral("cn-01"), kCompute).ok());
    QVERIFY(tree.newChild(QStringLiteral("cn-01_numa0"), kCompute, kNuma).ok());
    QVERIFY(tree.newRoot(QStringLiteral("other"), kOther).ok());
    QVERIFY(tree.updateInventory(kCompute, {{QStringLiteral("VCPU"), record(8)},
                                            {QStringLiteral("MEMORY_MB"), record(4096)}})
                .ok());
    QVERIFY(tree.updateInventory(kNuma, {{QStringLiteral("CUSTOM_X"), record(3, 0, 1, 3, 1, 1.5)},
                                         {QStringLiteral("DISK_GB"), record(1000, 100, 1, 1000)},
                                         {QStringLiteral("VCPU"), record(16, 2, 1, 16, 1, 4.0)}})
                .ok());
    QVERIFY(tree.updateUsages(kNuma, {{QStringLiteral("VCPU"), 10}}).ok());
}

constexpr int kVcpuRow = 2;

// The model shows exactly what the core has.
void verifyMatchesCore(const InventoryModel &model, const ProviderTree &tree, const QString &uuid)
{
    const auto data = tree.data(uuid);
    QVERIFY(data);
    QCOMPARE(model.rowCount(), int(data->inventories.size()));
    int row = 0;
    for (auto it = data->inventories.cbegin(); it != data->inventories.cend(); ++it, ++row) {
        const auto cell = [&](int column) { return model.index(row, column).data(); };
        const InventoryRecord r = it.value().effective();
        QCOMPARE(cell(Col::ResourceClassColumn).toString(), it.key());
        QCOMPARE(cell(Col::TotalColumn).toLongLong(), *r.total);
        QCOMPARE(cell(Col::ReservedColumn).toLongLong(), *r.reserved);
        QCOMPARE(cell(Col::MinUnitColumn).toLongLong(), *r.minUnit);
        QCOMPARE(cell(Col::MaxUnitColumn).toLongLong(), *r.maxUnit);
        QCOMPARE(cell(Col::StepSizeColumn).toLongLong(), *r.stepSize);
        QCOMPARE(cell(Col::AllocationRatioColumn).toDouble(), *r.allocationRatio);
        QCOMPARE(cell(Col::CapacityColumn).toLongLong(), r.capacity());
        QCOMPARE(cell(Col::UsedColumn).toLongLong(), data->usages.value(it.key()));
        QCOMPARE(cell(Col::FreeColumn).toLongLong(), r.capacity() - data->usages.value(it.key()));
    }
}

// Every cell's value, row by row: the model's, and what the core says it should be.
QList<QVariantList> modelRows(const InventoryModel &model)
{
    QList<QVariantList> rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        QVariantList cells;
        for (int column = 0; column < Col::ColumnCount; ++column)
            cells.append(model.index(row, column).data().toString());
        rows.append(cells);
    }
    return rows;
}

QList<QVariantList> coreRows(const ProviderTree &tree, const QString &uuid)
{
    QList<QVariantList> rows;
    const ProviderData data = *tree.data(uuid);
    for (auto it = data.inventories.cbegin(); it != data.inventories.cend(); ++it) {
        const InventoryRecord r = it.value().effective();
        const qint64 used = data.usages.value(it.key());
        rows.append(QVariantList{it.key(), QString::number(*r.total), QString::number(*r.reserved),
                                 QString::number(*r.minUnit), QString::number(*r.maxUnit),
                                 QString::number(*r.stepSize), QVariant(*r.allocationRatio).toString(),
                                 QString::number(r.capacity()), QString::number(used),
                                 QString::number(r.capacity() - used)});
    }
    return rows;
}

// "+1-2" for rowsInserted(1, 2), "-0-0" for rowsRemoved(0, 0), "reset".
class SignalLog
{
public:
    explicit SignalLog(QAbstractItemModel *model)
    {
        QObject::connect(model, &QAbstractItemModel::rowsInserted, &m_context,
                         [this](const QModelIndex &, int first, int last) {
                             entries.append(QStringLiteral("+%1-%2").arg(QString::number(first), QString::number(last)));
                         });
        QObject::connect(model, &QAbstractItemModel::rowsRemoved, &m_context,
                         [this](const QModelIndex &, int first, int last) {
                             entries.append(QStringLiteral("-%1-%2").arg(QString::number(first), QString::number(last)));
                         });
        QObject::connect(model, &QAbstractItemModel::modelReset, &m_context,
                         [this] { entries.append(QStringLiteral("reset")); });
    }
    QStringList entries;

private:
    QObject m_context;
};

struct Fixture
{
    Fixture()
    {
        populate(tree);
        model.setProvider(kNuma);
    }
    ProviderTree tree;
    TreeEditor editor{tree};
    InventoryModel model{tree, editor};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

} // namespace

class TestInventoryModel : public QObject
{
    Q_OBJECT

private slots:
    void showsOneRowPerClassWithPlacementsCapacity()
    {
        Fixture f;
        QCOMPARE(f.model.columnCount(), int(Col::ColumnCount));
        QCOMPARE(f.model.rowCount(), 3);
        const QStringList headers{QStringLiteral("Resource class"), QStringLiteral("Total"), QStringLiteral("Reserved"),
                                  QStringLiteral("Min\nunit"), QStringLiteral("Max\nunit"), QStringLiteral("Step"),
                                  QStringLiteral("Ratio"), QStringLiteral("Capacity"), QStringLiteral("Used"),
                                  QStringLiteral("Free")};
        for (int column = 0; column < headers.size(); ++column)
            QCOMPARE(f.model.headerData(column, Qt::Horizontal).toString(), headers[column]);
        const auto cell = [&](int row, int column) { return f.model.index(row, column).data(); };
        QCOMPARE(cell(0, Col::ResourceClassColumn).toString(), QStringLiteral("CUSTOM_X"));
        QCOMPARE(cell(0, Col::CapacityColumn).toLongLong(), 4); // int(3 * 1.5)
        QCOMPARE(cell(1, Col::ResourceClassColumn).toString(), QStringLiteral("DISK_GB"));
        QCOMPARE(cell(1, Col::CapacityColumn).toLongLong(), 900);
        QCOMPARE(cell(1, Col::FreeColumn).toLongLong(), 900);
        QCOMPARE(cell(kVcpuRow, Col::TotalColumn).toLongLong(), 16);
        QCOMPARE(cell(kVcpuRow, Col::ReservedColumn).toLongLong(), 2);
        QCOMPARE(cell(kVcpuRow, Col::AllocationRatioColumn).toDouble(), 4.0);
        QCOMPARE(cell(kVcpuRow, Col::CapacityColumn).toLongLong(), 56); // (16 - 2) * 4
        QCOMPARE(cell(kVcpuRow, Col::UsedColumn).toLongLong(), 10);
        QCOMPARE(cell(kVcpuRow, Col::FreeColumn).toLongLong(), 46);
        QCOMPARE(f.model.index(kVcpuRow, Col::UsedColumn).data(InventoryModel::UsageFractionRole).toDouble(),
                 10.0 / 56.0);
        QVERIFY(!f.model.index(kVcpuRow, Col::TotalColumn).data(InventoryModel::UsageFractionRole).isValid());
        QCOMPARE(f.model.index(kVcpuRow, Col::FreeColumn).data(InventoryModel::ResourceClassRole).toString(),
                 QStringLiteral("VCPU"));
        QCOMPARE(f.model.rowForResourceClass(QStringLiteral("DISK_GB")), 1);
        QCOMPARE(f.model.rowForResourceClass(QStringLiteral("PCPU")), -1);
        verifyMatchesCore(f.model, f.tree, kNuma);
    }

    void onlyTheSixFieldsAreEditable()
    {
        Fixture f;
        for (int column = 0; column < Col::ColumnCount; ++column) {
            const bool editable = f.model.flags(f.model.index(0, column)).testFlag(Qt::ItemIsEditable);
            QCOMPARE(editable, column >= Col::TotalColumn && column <= Col::AllocationRatioColumn);
        }
        QCOMPARE(InventoryModel::fieldForColumn(Col::MaxUnitColumn), InventoryField::MaxUnit);
        QCOMPARE(InventoryModel::columnForField(InventoryField::AllocationRatio), int(Col::AllocationRatioColumn));
        QVERIFY(!InventoryModel::fieldForColumn(Col::CapacityColumn));
    }

    void validEditChangesTheCoreAndPushesOneCommand_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<int>("firstChanged"); // the dataChanged range on the VCPU row
        QTest::addColumn<int>("lastChanged");
        // total, reserved and ratio change capacity, the usage fraction and free.
        QTest::newRow("total") << int(Col::TotalColumn) << QVariant(32) << int(Col::TotalColumn) << int(Col::FreeColumn);
        QTest::newRow("total at Placement's maximum") << int(Col::TotalColumn) << QVariant(kMaxInventoryInt)
                                                      << int(Col::TotalColumn) << int(Col::FreeColumn);
        QTest::newRow("reserved") << int(Col::ReservedColumn) << QVariant(4) << int(Col::ReservedColumn)
                                  << int(Col::FreeColumn);
        QTest::newRow("reserved = total") << int(Col::ReservedColumn) << QVariant(16) << int(Col::ReservedColumn)
                                          << int(Col::FreeColumn);
        QTest::newRow("min_unit = max_unit") << int(Col::MinUnitColumn) << QVariant(16) << int(Col::MinUnitColumn)
                                             << int(Col::MinUnitColumn);
        QTest::newRow("max_unit") << int(Col::MaxUnitColumn) << QVariant(8) << int(Col::MaxUnitColumn)
                                  << int(Col::MaxUnitColumn);
        QTest::newRow("step_size") << int(Col::StepSizeColumn) << QVariant(2) << int(Col::StepSizeColumn)
                                   << int(Col::StepSizeColumn);
        QTest::newRow("ratio") << int(Col::AllocationRatioColumn) << QVariant(2.5) << int(Col::AllocationRatioColumn)
                               << int(Col::FreeColumn);
        QTest::newRow("ratio as text") << int(Col::AllocationRatioColumn) << QVariant(QStringLiteral("1.5"))
                                       << int(Col::AllocationRatioColumn) << int(Col::FreeColumn);
        QTest::newRow("total as integral double") << int(Col::TotalColumn) << QVariant(20.0)
                                                  << int(Col::TotalColumn) << int(Col::FreeColumn);
    }
    void validEditChangesTheCoreAndPushesOneCommand()
    {
        QFETCH(int, column);
        QFETCH(QVariant, value);
        QFETCH(int, firstChanged);
        QFETCH(int, lastChanged);
        Fixture f;
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        QSignalSpy refused(&f.model, &InventoryModel::editRefused);
        QSignalSpy accepted(&f.model, &InventoryModel::editAccepted);
        const QModelIndex index = f.model.index(kVcpuRow, column);

        QVERIFY(f.model.setData(index, value));

        const InventoryField field = *InventoryModel::fieldForColumn(column);
        QCOMPARE(fieldValue(f.tree.data(kNuma)->inventories.value(QStringLiteral("VCPU")), field), value.toDouble());
        QCOMPARE(f.editor.undoStack()->count(), 1);
        QCOMPARE(refused.size(), 0);
        QCOMPARE(accepted.size(), 1);
        // Shown at once (the change was made on this thread), in one precise dataChanged.
        QCOMPARE(index.data().toDouble(), value.toDouble());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex(), f.model.index(kVcpuRow, firstChanged));
        QCOMPARE(changed[0][1].toModelIndex(), f.model.index(kVcpuRow, lastChanged));
        QVERIFY(changed[0][2].value<QList<int>>().contains(Qt::DisplayRole));
        verifyMatchesCore(f.model, f.tree, kNuma);
    }

    void invalidEditIsRefusedAndChangesNothing_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("message");
        // The core's messages (validation.cpp), passed on unchanged.
        QTest::newRow("reserved above total") << int(Col::ReservedColumn) << QVariant(17)
                                              << QStringLiteral("reserved (17) must not exceed total (16)");
        QTest::newRow("total below reserved") << int(Col::TotalColumn) << QVariant(1)
                                              << QStringLiteral("reserved (2) must not exceed total (1)");
        QTest::newRow("total 0") << int(Col::TotalColumn) << QVariant(0)
                                 << QStringLiteral("total (0) must be 1 to 2147483647");
        QTest::newRow("total above Placement's maximum") << int(Col::TotalColumn) << QVariant(kMaxInventoryInt + 1)
                                                         << QStringLiteral("total (2147483648) must be 1 to 2147483647");
        QTest::newRow("reserved -1") << int(Col::ReservedColumn) << QVariant(-1)
                                     << QStringLiteral("reserved (-1) must be 0 to 2147483647");
        QTest::newRow("min_unit 0") << int(Col::MinUnitColumn) << QVariant(0)
                                    << QStringLiteral("min_unit (0) must be 1 to 2147483647");
        QTest::newRow("max_unit 0") << int(Col::MaxUnitColumn) << QVariant(0)
                                    << QStringLiteral("max_unit (0) must be 1 to 2147483647");
        QTest::newRow("step_size 0") << int(Col::StepSizeColumn) << QVariant(0)
                                     << QStringLiteral("step_size (0) must be 1 to 2147483647");
        QTest::newRow("negative ratio, negative capacity")
            << int(Col::AllocationRatioColumn) << QVariant(-1.0)
            << QStringLiteral("allocation_ratio (-1) makes capacity negative (-14)");
        QTest::newRow("infinite ratio") << int(Col::AllocationRatioColumn)
                                        << QVariant(std::numeric_limits<double>::infinity())
                                        << QStringLiteral("allocation_ratio must be a finite number");
        // The model's own checks, before the core: values that are not numbers.
        QTest::newRow("not a number") << int(Col::TotalColumn) << QVariant(QStringLiteral("lots"))
                                      << QStringLiteral("total must be a number");
        QTest::newRow("fraction for an integer") << int(Col::TotalColumn) << QVariant(16.5)
                                                 << QStringLiteral("total must be a whole number");
    }
    void invalidEditIsRefusedAndChangesNothing()
    {
        QFETCH(int, column);
        QFETCH(QVariant, value);
        QFETCH(QString, message);
        Fixture f;
        const ProviderData before = *f.tree.data(kNuma);
        const QModelIndex index = f.model.index(kVcpuRow, column);
        const QVariant shown = index.data();
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        QSignalSpy refused(&f.model, &InventoryModel::editRefused);
        QSignalSpy accepted(&f.model, &InventoryModel::editAccepted);

        QVERIFY(!f.model.setData(index, value));

        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused[0][0].toModelIndex(), index);
        QCOMPARE(refused[0][1].toString(), message);
        QCOMPARE(accepted.size(), 0);
        QCOMPARE(*f.tree.data(kNuma), before);
        QCOMPARE(f.editor.undoStack()->count(), 0);
        QCOMPARE(index.data(), shown);
        // The cell keeps the message; only its error and tooltip changed.
        QCOMPARE(index.data(InventoryModel::EditErrorRole).toString(), message);
        QVERIFY(index.data(Qt::ToolTipRole).toString().contains(message));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex(), index);
        QCOMPARE(changed[0][1].toModelIndex(), index);
        QCOMPARE(changed[0][2].value<QList<int>>(),
                 (QList<int>{InventoryModel::EditErrorRole, Qt::ToolTipRole, Qt::AccessibleDescriptionRole}));
    }

    void refusalIsKeptUntilTheNextAcceptedEdit()
    {
        Fixture f;
        const QModelIndex reserved = f.model.index(kVcpuRow, Col::ReservedColumn);
        const QModelIndex diskTotal = f.model.index(1, Col::TotalColumn);
        QVERIFY(!f.model.setData(reserved, 99));
        QVERIFY(!reserved.data(InventoryModel::EditErrorRole).toString().isEmpty());
        // An unrelated change of the core does not clear it: it is about the user's edit.
        QVERIFY(f.tree.updateUsages(kNuma, {{QStringLiteral("VCPU"), 11}}).ok());
        QVERIFY(!reserved.data(InventoryModel::EditErrorRole).toString().isEmpty());

        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.model.setData(diskTotal, 2000));
        QCOMPARE(reserved.data(InventoryModel::EditErrorRole).toString(), QString());
        QVERIFY(!reserved.data(Qt::ToolTipRole).toString().contains(QStringLiteral("refused")));
        const auto clearedCell = std::find_if(changed.cbegin(), changed.cend(), [&](const QList<QVariant> &args) {
            return args[0].toModelIndex() == reserved && args[1].toModelIndex() == reserved;
        });
        QVERIFY(clearedCell != changed.cend());
        QVERIFY((*clearedCell)[2].value<QList<int>>().contains(InventoryModel::EditErrorRole));
    }

    void undoAndRedoAreFollowedWithPreciseDataChanged()
    {
        Fixture f;
        const QModelIndex total = f.model.index(kVcpuRow, Col::TotalColumn);
        QVERIFY(f.model.setData(total, 32));
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        SignalLog log(&f.model);

        f.editor.undoStack()->undo();
        QCOMPARE(total.data().toLongLong(), 16);
        QCOMPARE(f.model.index(kVcpuRow, Col::CapacityColumn).data().toLongLong(), 56);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex(), total);
        QCOMPARE(changed[0][1].toModelIndex(), f.model.index(kVcpuRow, Col::FreeColumn));

        f.editor.undoStack()->redo();
        QCOMPARE(total.data().toLongLong(), 32);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed[1][0].toModelIndex(), total);
        QCOMPARE(changed[1][1].toModelIndex(), f.model.index(kVcpuRow, Col::FreeColumn));
        QCOMPARE(log.entries, QStringList());
        verifyMatchesCore(f.model, f.tree, kNuma);
    }

    void warningRoleMarksLikelyMistakes_data()
    {
        QTest::addColumn<int>("column"); // edited on the VCPU row
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QList<int>>("warnedColumns");
        QTest::addColumn<QString>("warning"); // a warning message in the first warned column
        QTest::newRow("ratio 0") << int(Col::AllocationRatioColumn) << QVariant(0.0)
                                 << QList<int>{Col::AllocationRatioColumn, Col::UsedColumn}
                                 << QStringLiteral("allocation_ratio 0 leaves no capacity");
        QTest::newRow("min_unit above max_unit") << int(Col::MinUnitColumn) << QVariant(17)
                                                 << QList<int>{Col::MinUnitColumn}
                                                 << QStringLiteral("min_unit (17) exceeds max_unit (16): no allocation can fit");
        QTest::newRow("max_unit above total") << int(Col::MaxUnitColumn) << QVariant(17)
                                              << QList<int>{Col::MaxUnitColumn}
                                              << QStringLiteral("max_unit (17) exceeds total (16)");
        QTest::newRow("usage above capacity") << int(Col::AllocationRatioColumn) << QVariant(0.5)
                                              << QList<int>{Col::UsedColumn}
                                              << QStringLiteral("usage (10) exceeds capacity (7)");
        QTest::newRow("max_unit below total: fine") << int(Col::MaxUnitColumn) << QVariant(8) << QList<int>{}
                                                    << QString();
    }
    void warningRoleMarksLikelyMistakes()
    {
        QFETCH(int, column);
        QFETCH(QVariant, value);
        QFETCH(QList<int>, warnedColumns);
        QFETCH(QString, warning);
        Fixture f;
        for (int c = 0; c < Col::ColumnCount; ++c)
            QCOMPARE(f.model.index(kVcpuRow, c).data(InventoryModel::WarningRole).toString(), QString());
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.model.setData(f.model.index(kVcpuRow, column), value)); // accepted: warnings are no errors
        for (int c = 0; c < Col::ColumnCount; ++c) {
            const QString shown = f.model.index(kVcpuRow, c).data(InventoryModel::WarningRole).toString();
            QCOMPARE(!shown.isEmpty(), warnedColumns.contains(c));
        }
        if (!warnedColumns.isEmpty()) {
            const QModelIndex first = f.model.index(kVcpuRow, warnedColumns.first());
            QVERIFY2(first.data(InventoryModel::WarningRole).toString().split(QLatin1Char('\n')).contains(warning),
                     qPrintable(first.data(InventoryModel::WarningRole).toString()));
            QVERIFY(first.data(Qt::ToolTipRole).toString().contains(warning));
            QCOMPARE(changed.size(), 1);
            QVERIFY(changed[0][2].value<QList<int>>().contains(InventoryModel::WarningRole));
        }
    }

    void usageAboveCapacityFromTheCore()
    {
        Fixture f;
        QVERIFY(f.editor.setUsage(kNuma, QStringLiteral("VCPU"), 60).ok());
        const QModelIndex used = f.model.index(kVcpuRow, Col::UsedColumn);
        QCOMPARE(used.data(InventoryModel::WarningRole).toString(), QStringLiteral("usage (60) exceeds capacity (56)"));
        QCOMPARE(used.data(InventoryModel::UsageFractionRole).toDouble(), 60.0 / 56.0);
        QCOMPARE(f.model.index(kVcpuRow, Col::FreeColumn).data().toLongLong(), -4);
    }

    void novaManagedRoleOnTotalReservedAndMaxUnit()
    {
        Fixture f;
        for (int c = 0; c < Col::ColumnCount; ++c)
            QCOMPARE(f.model.index(0, c).data(InventoryModel::NovaManagedRole).toBool(), false);
        f.model.setProvider(kCompute); // a root with VCPU: a compute node
        const QList<int> nova{Col::TotalColumn, Col::ReservedColumn, Col::MaxUnitColumn};
        for (int row = 0; row < f.model.rowCount(); ++row) {
            for (int c = 0; c < Col::ColumnCount; ++c) {
                const QModelIndex index = f.model.index(row, c);
                QCOMPARE(index.data(InventoryModel::NovaManagedRole).toBool(), nova.contains(c));
                QCOMPARE(index.data(Qt::ToolTipRole).toString().contains(QStringLiteral("nova")), nova.contains(c));
            }
        }
        // The child becomes nova's by trait: one dataChanged over the marked rectangle.
        f.model.setProvider(kNuma);
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.editor.addTrait(kNuma, QStringLiteral("OWNER_NOVA")).ok());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex(), f.model.index(0, Col::TotalColumn));
        QCOMPARE(changed[0][1].toModelIndex(), f.model.index(2, Col::MaxUnitColumn));
        QVERIFY(changed[0][2].value<QList<int>>().contains(InventoryModel::NovaManagedRole));
        QVERIFY(f.model.index(1, Col::MaxUnitColumn).data(InventoryModel::NovaManagedRole).toBool());
    }

    void classesAddedOrRemovedInTheCoreAreRowsNotResets_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<QStringList>("expected");
        const QString a = QStringLiteral("CUSTOM_A"), b = QStringLiteral("CUSTOM_B"), c = QStringLiteral("CUSTOM_C"),
                      d = QStringLiteral("CUSTOM_D"), e = QStringLiteral("CUSTOM_E");
        QTest::newRow("one in the middle") << QStringList{a, c} << QStringList{a, b, c} << strings({"+1-1"});
        QTest::newRow("first and last") << QStringList{b} << QStringList{a, b, c} << strings({"+0-0", "+2-2"});
        QTest::newRow("a run") << QStringList{a, e} << QStringList{a, b, c, d, e} << strings({"+1-3"});
        QTest::newRow("into an empty inventory") << QStringList{} << QStringList{a, b} << strings({"+0-1"});
        QTest::newRow("one removed") << QStringList{a, b, c} << QStringList{a, c} << strings({"-1-1"});
        QTest::newRow("two runs removed") << QStringList{a, b, c, d, e} << QStringList{c}
                                          << strings({"-3-4", "-0-1"});
        QTest::newRow("all removed") << QStringList{a, b, c} << QStringList{} << strings({"-0-2"});
        QTest::newRow("removed and added") << QStringList{a, b, d} << QStringList{a, c, d, e}
                                           << strings({"-1-1", "+1-1", "+3-3"});
    }
    void classesAddedOrRemovedInTheCoreAreRowsNotResets()
    {
        QFETCH(QStringList, before);
        QFETCH(QStringList, after);
        QFETCH(QStringList, expected);
        const auto inventories = [](const QStringList &classes) {
            Inventories out;
            for (const QString &name : classes)
                out.insert(name, record(4));
            return out;
        };
        ProviderTree tree;
        QVERIFY(tree.newRoot(QStringLiteral("pool"), kOther).ok());
        QVERIFY(tree.updateInventory(kOther, inventories(before)).ok());
        TreeEditor editor(tree);
        InventoryModel model(tree, editor);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setProvider(kOther);
        SignalLog log(&model);
        QVERIFY(tree.updateInventory(kOther, inventories(after)).ok());
        QCOMPARE(log.entries, expected);
        verifyMatchesCore(model, tree, kOther);
    }

    void providerChangeOrRemovalResets()
    {
        Fixture f;
        SignalLog log(&f.model);
        QSignalSpy providerChanged(&f.model, &InventoryModel::providerChanged);
        f.model.setProvider(kCompute);
        QCOMPARE(log.entries, strings({"reset"}));
        QCOMPARE(f.model.rowCount(), 2);

        QCOMPARE(f.editor.removeSubtree(kCompute).firstError().kind, ProblemKind::ProviderInUse); // Placement: 409
        QCOMPARE(log.entries, strings({"reset"}));
        QVERIFY(f.editor.setUsage(kNuma, QStringLiteral("VCPU"), 0).ok()); // its child's allocations
        log.entries.clear();
        QVERIFY(f.editor.removeSubtree(kCompute).ok());
        QCOMPARE(log.entries, (strings({"reset"})));
        QCOMPARE(f.model.rowCount(), 0);
        QVERIFY(!f.model.hasProvider());
        QCOMPARE(f.model.provider(), kCompute);

        f.editor.undoStack()->undo(); // it comes back: shown again
        QCOMPARE(log.entries.size(), 2);
        QVERIFY(f.model.hasProvider());
        verifyMatchesCore(f.model, f.tree, kCompute);

        f.model.setProvider(QString());
        QCOMPARE(f.model.rowCount(), 0);
        QVERIFY(!f.model.hasProvider());
        QCOMPARE(providerChanged.size(), 4);
        QVERIFY(f.tree.updateUsages(kNuma, {{QStringLiteral("VCPU"), 3}}).ok()); // no provider shown: ignored
        QCOMPARE(log.entries.size(), 3);
    }

    void otherProvidersChangesAreIgnored()
    {
        Fixture f;
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        SignalLog log(&f.model);
        QVERIFY(f.tree.updateInventory(kOther, {{QStringLiteral("DISK_GB"), record(5)}}).ok());
        QVERIFY(f.tree.rename(kCompute, QStringLiteral("cn-renamed")).ok());
        QCOMPARE(changed.size(), 0);
        QCOMPARE(log.entries, QStringList());
    }

    void addAndRemoveResourceClassGoThroughTheEditor()
    {
        Fixture f;
        SignalLog log(&f.model);
        QSignalSpy refused(&f.model, &InventoryModel::editRefused);
        QVERIFY(f.model.addResourceClass(QStringLiteral("CUSTOM_NEW"), 5).ok());
        QCOMPARE(log.entries, strings({"+0-0"})); // sorted: CUSTOM_NEW < CUSTOM_X
        QCOMPARE(f.model.resourceClassAt(1), QStringLiteral("CUSTOM_X"));
        QCOMPARE(f.editor.undoStack()->count(), 1);
        QCOMPARE(f.tree.data(kNuma)->inventories.value(QStringLiteral("CUSTOM_NEW")), record(5).effective());
        verifyMatchesCore(f.model, f.tree, kNuma);

        const ProviderData before = *f.tree.data(kNuma);
        QVERIFY(!f.model.addResourceClass(QStringLiteral("CUSTOM_NEW"), 5).ok());
        QVERIFY(!f.model.addResourceClass(QStringLiteral("lower_case"), 5).ok());
        QVERIFY(!f.model.addResourceClass(QStringLiteral("CUSTOM_ZERO"), 0).ok());
        QCOMPARE(refused.size(), 3);
        for (const auto &args : std::as_const(refused)) {
            QCOMPARE(args[0].toModelIndex(), QModelIndex());
            QVERIFY(!args[1].toString().isEmpty());
        }
        QCOMPARE(refused[2][1].toString(), QStringLiteral("total (0) must be 1 to 2147483647"));
        QCOMPARE(*f.tree.data(kNuma), before);

        const int vcpu = f.model.rowForResourceClass(QStringLiteral("VCPU"));
        QVERIFY(!f.model.removeResourceClass(vcpu).ok()); // in use
        QCOMPARE(refused.size(), 4);
        QCOMPARE(*f.tree.data(kNuma), before);
        QVERIFY(!f.model.removeResourceClass(99).ok());

        log.entries.clear();
        QVERIFY(f.model.removeResourceClass(f.model.rowForResourceClass(QStringLiteral("DISK_GB"))).ok());
        QCOMPARE(log.entries, strings({"-2-2"}));
        QCOMPARE(f.editor.undoStack()->count(), 2);
        f.editor.undoStack()->undo();
        QCOMPARE(log.entries, (strings({"-2-2", "+2-2"})));
        verifyMatchesCore(f.model, f.tree, kNuma);
    }

    void readOnlyRefusesEdits()
    {
        Fixture f;
        QSignalSpy refused(&f.model, &InventoryModel::editRefused);
        QSignalSpy readOnlyChanged(&f.model, &InventoryModel::readOnlyChanged);
        f.model.setReadOnly(true);
        QCOMPARE(readOnlyChanged.size(), 1);
        for (int c = 0; c < Col::ColumnCount; ++c)
            QVERIFY(!f.model.flags(f.model.index(0, c)).testFlag(Qt::ItemIsEditable));
        QVERIFY(!f.model.setData(f.model.index(kVcpuRow, Col::TotalColumn), 32));
        QCOMPARE(refused.size(), 0);
        QVERIFY(!f.model.addResourceClass(QStringLiteral("CUSTOM_NEW"), 1).ok());
        QVERIFY(!f.model.removeResourceClass(0).ok());
        QCOMPARE(f.editor.undoStack()->count(), 0);
        f.model.setReadOnly(false);
        QVERIFY(f.model.setData(f.model.index(kVcpuRow, Col::TotalColumn), 32));
    }

    void changesFromAnotherThreadArrive()
    {
        Fixture f;
        std::thread writer([&tree = f.tree] {
            for (int i = 1; i <= 200; ++i) {
                Inventories inventories = tree.data(kNuma)->inventories;
                inventories[QStringLiteral("VCPU")].total = 16 + i;
                if (i % 3 == 0)
                    inventories.insert(QStringLiteral("CUSTOM_T%1").arg(i % 7), record(i));
                if (i % 5 == 0)
                    inventories.remove(QStringLiteral("CUSTOM_T%1").arg((i + 3) % 7));
                (void)tree.updateInventory(kNuma, inventories);
                (void)tree.updateUsages(kNuma, {{QStringLiteral("VCPU"), i % 50}});
            }
        });
        writer.join();
        QTRY_COMPARE(f.model.index(f.model.rowForResourceClass(QStringLiteral("VCPU")), Col::TotalColumn)
                         .data()
                         .toLongLong(),
                     216);
        verifyMatchesCore(f.model, f.tree, kNuma);
    }

    void editsOnBothThreadsAtOnce()
    {
        Fixture f;
        std::atomic<bool> done{false};
        std::thread writer([&tree = f.tree, &done] {
            for (int i = 1; i <= 300; ++i) {
                Inventories inventories = tree.data(kNuma)->inventories;
                if (i % 2)
                    inventories.insert(QStringLiteral("CUSTOM_T%1").arg(i % 5), record(i));
                else
                    inventories.remove(QStringLiteral("CUSTOM_T%1").arg((i + 2) % 5));
                (void)tree.updateInventory(kNuma, inventories);
                (void)tree.updateUsages(kNuma, {{QStringLiteral("VCPU"), i % 50}});
            }
            done = true;
        });
        // An edit that races the writer is refused as a concurrent change (the core's
        // per-provider revision), never applied over the writer's change; any other
        // refusal is a failure. Checked after the join: a failed QVERIFY must not leave
        // the thread running.
        QSignalSpy refused(&f.model, &InventoryModel::editRefused);
        int accepted = 0;
        QStringList unexpected;
        for (int edit = 0; edit < 300 || !done; ++edit) {
            const int disk = f.model.rowForResourceClass(QStringLiteral("DISK_GB"));
            if (f.model.setData(f.model.index(disk, Col::TotalColumn), 1000 + edit % 100)) {
                ++accepted;
            } else {
                const QString message = refused.isEmpty() ? QStringLiteral("refused without a message")
                                                          : refused.takeLast().at(1).toString();
                if (!message.contains(QStringLiteral("changed by someone else")))
                    unexpected.append(message);
            }
            QCoreApplication::processEvents();
        }
        writer.join();
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QLatin1Char('\n'))));
        QVERIFY(accepted > 0);
        QTRY_COMPARE(modelRows(f.model), coreRows(f.tree, kNuma));
    }

    void modelTesterUnderRandomEditsFromEverySide()
    {
        Fixture f;
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        std::mt19937 random(20261123);
        const QStringList classes{QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B"), QStringLiteral("DISK_GB"),
                                  QStringLiteral("MEMORY_MB"), QStringLiteral("PCPU"), QStringLiteral("VCPU")};
        int accepted = 0;
        int refused = 0;
        for (int step = 0; step < 2000; ++step) {
            const int action = int(random() % 10);
            const int rows = f.model.rowCount();
            if (action < 4 && rows > 0) { // through the model, valid or not
                const int column = Col::TotalColumn + int(random() % 6);
                const double value = column == Col::AllocationRatioColumn ? double(random() % 40) / 4.0 - 1.0
                                                                          : double(random() % 40) - 2.0;
                (f.model.setData(f.model.index(int(random() % rows), column), value) ? accepted : refused)++;
            } else if (action < 5) {
                (void)f.model.addResourceClass(classes[int(random() % classes.size())], 1 + random() % 30);
            } else if (action < 6 && rows > 0) {
                (void)f.model.removeResourceClass(int(random() % rows));
            } else if (action < 7) { // through the core
                Inventories inventories;
                for (const QString &name : classes) {
                    if (random() % 2)
                        inventories.insert(name, record(10 + random() % 10, random() % 5));
                }
                inventories.insert(QStringLiteral("VCPU"), record(16));
                (void)f.tree.updateInventory(kNuma, inventories);
            } else if (action < 8) {
                (void)f.tree.updateUsages(kNuma, {{QStringLiteral("VCPU"), qint64(random() % 40)}});
            } else if (action < 9) {
                f.editor.undoStack()->undo();
            } else {
                f.editor.undoStack()->redo();
            }
            verifyMatchesCore(f.model, f.tree, kNuma);
            if (QTest::currentTestFailed())
                return;
        }
        QCOMPARE(reset.size(), 0);
        QVERIFY(accepted > 50);
        QVERIFY(refused > 50);
    }
};

QTEST_GUILESS_MAIN(TestInventoryModel)
#include "tst_inventorymodel.moc"
