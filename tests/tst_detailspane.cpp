// The details side of the main window, driven as a user drives it (QTest::keyClick on the
// real MainWindow at 1280x800, offscreen): one Tab order through the whole window and back,
// no keyboard trap in the inventory table, a focused cell that stands out, everything
// operable from the keyboard (adding a class with Enter in Total, traits, aggregates),
// Remove that never selects the next item for a second Remove, inline errors that go once
// the user's next edit is accepted, a rename dialog as wide as the name, and inventory
// columns that show every number whole (issue 10: defects 3, 8 and 10).
#include "aggregatespanel.h"
#include "inventorymodel.h"
#include "inventoryview.h"
#include "mainwindow.h"
#include "namedialog.h"
#include "providerdetails.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "traitspanel.h"
#include "treeeditor.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>

using namespace provtree;
using Col = InventoryModel::Column;

namespace {

// "QLineEdit traitEdit" — what a failed comparison of focus widgets prints.
QString describe(const QWidget *widget)
{
    if (!widget)
        return QStringLiteral("(nothing)");
    return QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ')
        + (widget->objectName().isEmpty() ? widget->accessibleName() : widget->objectName());
}

QStringList describe(const QList<QWidget *> &widgets)
{
    QStringList out;
    for (const QWidget *widget : widgets)
        out.append(describe(widget));
    return out;
}

// Where a key goes: an open popup (a completer's list) takes the keys, as it does for a
// user (it hands on what it does not use); otherwise the focus widget. (Not the focus
// window: offscreen, a completer's hidden popup stays the focus window.)
QWidget *keyTarget()
{
    return QApplication::activePopupWidget() ? nullptr : QApplication::focusWidget();
}

// Gives `widget` the keyboard focus, as a click would. (Offscreen, a completer popup that
// closed leaves its own window active, and setFocus() then only notes the focus child.)
[[nodiscard]] bool focus(QWidget *widget)
{
    if (!widget->window()->isActiveWindow()) {
        widget->window()->activateWindow();
        if (!QTest::qWaitForWindowActive(widget->window()))
            return false;
    }
    widget->setFocus(Qt::MouseFocusReason);
    return QTest::qWaitFor([widget] { return QApplication::focusWidget() == widget; });
}

void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QVERIFY2(QApplication::focusWidget(), "nothing has the keyboard focus");
    QTest::keyClick(keyTarget(), Qt::Key(key), modifiers);
}

void type(const QString &text)
{
    QVERIFY2(QApplication::focusWidget(), "nothing has the keyboard focus");
    for (const QChar c : text)
        QTest::keyClick(keyTarget(), c.toLatin1());
}

InventoryRecord record(qint64 total, qint64 maxUnit = kMaxInventoryInt)
{
    InventoryRecord r;
    r.total = total;
    r.maxUnit = maxUnit;
    return r.effective();
}

// The real main window over the sample snapshot, editable, at 1280x800, with the name
// and confirm prompts answered by the test (except where a test wants the real dialog).
struct Fixture
{
    ProviderTree tree;
    std::unique_ptr<MainWindow> window;

    [[nodiscard]] bool open(bool testPrompts = true)
    {
        const Result<QList<ProviderData>> records = readSnapshotFile(QStringLiteral(PROVTREE_SAMPLE));
        if (!records.ok() || !tree.replaceAll(records.value()).ok())
            return false;
        window = std::make_unique<MainWindow>(tree);
        if (testPrompts) {
            window->setPrompts({[](const QString &, const QString &, const QString &) { return std::nullopt; },
                                [](const QString &, const QString &) { return true; }});
        }
        window->resize(1280, 800);
        window->show();
        return QTest::qWaitForWindowActive(window.get());
    }
    [[nodiscard]] QString uuid(const QString &name) const
    {
        const std::optional<ProviderData> data = tree.data(name);
        return data ? data->uuid : QString();
    }
    [[nodiscard]] bool select(const QString &name) { return window->selectProvider(uuid(name)); }
    [[nodiscard]] ProviderData data(const QString &name) const { return tree.data(name).value_or(ProviderData()); }

    [[nodiscard]] InventoryView &inventory() const { return *window->inventoryView(); }
    [[nodiscard]] QTableView *table() const { return inventory().tableView(); }
    [[nodiscard]] QModelIndex cell(const QString &resourceClass, int column) const
    {
        const InventoryModel &model = *inventory().model();
        return model.index(model.rowForResourceClass(resourceClass), column);
    }
    [[nodiscard]] QTabWidget *tabs() const { return window->findChild<QTabWidget *>(); }
    template<typename T>
    [[nodiscard]] T *child(QWidget *parent, const char *name) const
    {
        return parent->findChild<T *>(QString::fromLatin1(name));
    }
    [[nodiscard]] QWidget *details(const char *name) const
    {
        return child<QWidget>(window->details(), name);
    }
};

// The focus widget after each of `count` presses of `key`, starting where the focus is.
QList<QWidget *> walk(int count, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QList<QWidget *> seen;
    for (int i = 0; i < count; ++i) {
        if (!QApplication::focusWidget())
            break;
        QTest::keyClick(keyTarget(), Qt::Key(key), modifiers);
        seen.append(QApplication::focusWidget());
    }
    return seen;
}

// Presses Tab until `target` has the focus; false if it takes more than `limit` presses
// (a keyboard trap, or `target` is not in the Tab order).
bool tabTo(QWidget *target, int limit = 40)
{
    for (int i = 0; i < limit && QApplication::focusWidget() != target; ++i)
        QTest::keyClick(keyTarget(), Qt::Key_Tab);
    return QApplication::focusWidget() == target;
}

} // namespace

class TestDetailsPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no-op under CTest, which sets it already
    }

    // --- defect 3: a keyboard trap, and a focus nobody could see ----------------------

    // Search, tree, identity, inventory table, the add-class controls, the traits tab and
    // its controls, the status bar's problems button, and round to the search again;
    // Shift+Tab walks the same way back.
    void tabOrderRunsThroughTheWholeWindowAndBack()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        // Every control enabled: text to add, a row and a trait selected.
        f.inventory().resourceClassEdit()->setText(QStringLiteral("CUSTOM_X"));
        f.table()->selectRow(0);
        auto *traitList = f.child<QListWidget>(f.window->traitsPanel(), "traitList");
        auto *traitEdit = f.child<QLineEdit>(f.window->traitsPanel(), "traitEdit");
        traitEdit->setText(QStringLiteral("CUSTOM_T"));
        traitList->setCurrentRow(0);

        const QList<QWidget *> order{
            f.window->treeView(),
            f.details("uuidField"),
            f.details("copyUuidButton"),
            f.details("parentLink"),
            f.details("rootLink"),
            f.table(),
            f.inventory().resourceClassEdit(),
            f.inventory().totalSpinBox(),
            f.inventory().addButton(),
            f.inventory().removeButton(),
            f.tabs()->tabBar(),
            traitList,
            traitEdit,
            f.child<QPushButton>(f.window->traitsPanel(), "addButton"),
            f.child<QPushButton>(f.window->traitsPanel(), "removeButton"),
            f.child<QTreeWidget>(f.window->traitsPanel(), "otherProviders"),
            f.window->findChild<QWidget *>(QStringLiteral("problemsStatusButton")), // the status bar, last
            f.window->searchField(),
        };
        QVERIFY(!order.contains(nullptr));
        QVERIFY(focus(f.window->searchField()));
        QCOMPARE(describe(walk(int(order.size()), Qt::Key_Tab)), describe(order));

        QList<QWidget *> back(order.crbegin() + 1, order.crend());
        back.append(f.window->searchField());
        QCOMPARE(describe(walk(int(back.size()), Qt::Key_Backtab, Qt::ShiftModifier)), describe(back));
    }

    // Tab, Shift+Tab, Ctrl+Tab and Ctrl+Shift+Tab leave the table at once (they used to
    // move from cell to cell forever), and the current cell stays where it was.
    void inventoryTableIsOneTabStop_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<Qt::KeyboardModifiers>("modifiers");
        QTest::addColumn<QString>("expected"); // object name of the next focus widget
        QTest::newRow("Tab") << int(Qt::Key_Tab) << Qt::KeyboardModifiers() << QStringLiteral("resourceClassEdit");
        QTest::newRow("Shift+Tab") << int(Qt::Key_Backtab) << Qt::KeyboardModifiers(Qt::ShiftModifier)
                                   << QStringLiteral("rootLink");
        QTest::newRow("Ctrl+Tab") << int(Qt::Key_Tab) << Qt::KeyboardModifiers(Qt::ControlModifier)
                                  << QStringLiteral("resourceClassEdit");
        QTest::newRow("Ctrl+Shift+Tab") << int(Qt::Key_Backtab)
                                        << Qt::KeyboardModifiers(Qt::ControlModifier | Qt::ShiftModifier)
                                        << QStringLiteral("rootLink");
    }
    void inventoryTableIsOneTabStop()
    {
        QFETCH(int, key);
        QFETCH(Qt::KeyboardModifiers, modifiers);
        QFETCH(QString, expected);
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        const QModelIndex current = f.cell(QStringLiteral("PCPU"), Col::ReservedColumn);
        QVERIFY(focus(f.table()));
        f.table()->setCurrentIndex(current);
        QTRY_COMPARE(QApplication::focusWidget(), f.table());

        press(key, modifiers);
        QCOMPARE(describe(QApplication::focusWidget()),
                 describe(f.window->findChild<QWidget *>(expected)));
        QCOMPARE(f.table()->currentIndex(), current);
    }

    // Inside the table the arrows move, F2 edits, Enter commits; then Tab leaves.
    void arrowsMoveAndF2EditsInTheTable()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        QVERIFY(focus(f.table()));
        f.table()->setCurrentIndex(f.cell(QStringLiteral("PCPU"), Col::ResourceClassColumn));
        QTRY_COMPARE(QApplication::focusWidget(), f.table());
        press(Qt::Key_Right);
        press(Qt::Key_Down); // VCPU, below PCPU
        QCOMPARE(f.table()->currentIndex(), f.cell(QStringLiteral("VCPU"), Col::TotalColumn));
        press(Qt::Key_F2);
        QVERIFY(QApplication::focusWidget() != f.table()); // the cell's editor
        press(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("40"));
        press(Qt::Key_Enter);
        QTRY_COMPARE(QApplication::focusWidget(), f.table());
        QCOMPARE(f.data(QStringLiteral("cn-01_numa0")).inventories.value(QStringLiteral("VCPU")).totalOr0(), 40);
        // Tab in an editor commits and edits the next field, as in a spreadsheet; Esc ends.
        press(Qt::Key_F2);
        press(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("44"));
        press(Qt::Key_Tab);
        QCOMPARE(f.data(QStringLiteral("cn-01_numa0")).inventories.value(QStringLiteral("VCPU")).totalOr0(), 44);
        QCOMPARE(f.table()->currentIndex(), f.cell(QStringLiteral("VCPU"), Col::ReservedColumn));
        QVERIFY(QApplication::focusWidget() != f.table()); // the reserved field's editor
        press(Qt::Key_Escape);
        QTRY_COMPARE(QApplication::focusWidget(), f.table());
        press(Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), f.inventory().resourceClassEdit());
    }

    // The cell the keys act on is framed; the rest of its selected row is not.
    void focusedCellStandsOutFromItsSelectedRow()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        QTableView *table = f.table();
        QVERIFY(focus(table));
        const QModelIndex focused = f.cell(QStringLiteral("PCPU"), Col::ReservedColumn);
        const QModelIndex neighbour = f.cell(QStringLiteral("PCPU"), Col::MinUnitColumn);
        table->setCurrentIndex(focused);
        QTRY_COMPARE(QApplication::focusWidget(), table);
        QVERIFY(table->selectionModel()->isSelected(neighbour)); // the whole row is selected

        const QImage image = table->viewport()->grab().toImage();
        const qreal ratio = image.devicePixelRatio();
        const auto pixel = [&image, ratio](QPoint point) { return image.pixelColor((QPointF(point) * ratio).toPoint()); };
        const QRect a = table->visualRect(focused);
        const QRect b = table->visualRect(neighbour);
        // Just inside the left edge, half-way down: the frame on one, the row's colour on the other.
        const QPoint inside(1, a.height() / 2);
        QCOMPARE(pixel(b.topLeft() + inside), table->palette().color(QPalette::Active, QPalette::Highlight));
        QVERIFY2(pixel(a.topLeft() + inside) != pixel(b.topLeft() + inside),
                 "the focused cell looks like the rest of its row");
        QCOMPARE(pixel(a.topLeft() + inside), table->palette().color(QPalette::Active, QPalette::HighlightedText));
        // Without the keyboard focus the cell is like its row again.
        QVERIFY(focus(f.window->searchField()));
        const QImage unfocused = table->viewport()->grab().toImage();
        QCOMPARE(unfocused.pixelColor((QPointF(a.topLeft() + inside) * ratio).toPoint()),
                 unfocused.pixelColor((QPointF(b.topLeft() + inside) * ratio).toPoint()));
    }

    // From the tree to a new resource class, a trait and an aggregate, with keys only.
    void everythingIsOperableFromTheKeyboard()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        QVERIFY(focus(f.window->treeView()));

        // A resource class: name, Tab, total, Enter.
        QVERIFY(tabTo(f.inventory().resourceClassEdit()));
        type(QStringLiteral("CUSTOM_KEYBOARD"));
        press(Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), f.inventory().totalSpinBox());
        type(QStringLiteral("7")); // Tab selected the old value
        press(Qt::Key_Return);
        QCOMPARE(f.data(QStringLiteral("cn-01_numa0")).inventories.value(QStringLiteral("CUSTOM_KEYBOARD")), record(7));

        // A trait: on to the tabs, into the list, the edit, Enter.
        QVERIFY(tabTo(f.tabs()->tabBar()));
        QCOMPARE(f.tabs()->currentWidget(), f.window->traitsPanel());
        press(Qt::Key_Tab);
        press(Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), f.child<QLineEdit>(f.window->traitsPanel(), "traitEdit"));
        type(QStringLiteral("CUSTOM_BY_KEYBOARD"));
        press(Qt::Key_Enter);
        QVERIFY(f.data(QStringLiteral("cn-01_numa0")).traits.contains(QStringLiteral("CUSTOM_BY_KEYBOARD")));

        // An aggregate: Ctrl+Tab switches the tab from inside it (QTabWidget's own key).
        press(Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(f.tabs()->currentWidget(), f.window->aggregatesPanel());
        auto *aggregateEdit = f.child<QLineEdit>(f.window->aggregatesPanel(), "aggregateEdit");
        QVERIFY(tabTo(aggregateEdit));
        const QString aggregate = QStringLiteral("ea11e2fc-ae39-5781-964e-2a0ab6075bbf");
        type(aggregate);
        press(Qt::Key_Return);
        QCOMPARE(f.data(QStringLiteral("cn-01_numa0")).aggregates, QStringList{aggregate});
        // The tabs' mnemonics.
        press(Qt::Key_T, Qt::AltModifier);
        QCOMPARE(f.tabs()->currentWidget(), f.window->traitsPanel());
        press(Qt::Key_G, Qt::AltModifier);
        QCOMPARE(f.tabs()->currentWidget(), f.window->aggregatesPanel());

        // And the class goes again: back to the table, onto its row, Delete.
        QVERIFY(tabTo(f.table()));
        const int row = f.inventory().model()->rowForResourceClass(QStringLiteral("CUSTOM_KEYBOARD"));
        while (f.table()->currentIndex().row() < row)
            press(Qt::Key_Down);
        while (f.table()->currentIndex().row() > row)
            press(Qt::Key_Up);
        press(Qt::Key_Delete);
        QVERIFY(!f.data(QStringLiteral("cn-01_numa0")).inventories.contains(QStringLiteral("CUSTOM_KEYBOARD")));
    }

    // --- defect 10: small ones -----------------------------------------------------------

    void enterInTheTotalBoxAddsTheClass()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01")));
        QSpinBox *total = f.inventory().totalSpinBox();
        f.inventory().resourceClassEdit()->setText(QStringLiteral("CUSTOM_ENTER"));
        QVERIFY(focus(total));
        press(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("12"));
        press(Qt::Key_Enter);
        QCOMPARE(f.data(QStringLiteral("cn-01")).inventories.value(QStringLiteral("CUSTOM_ENTER")), record(12));
        QCOMPARE(f.inventory().resourceClassEdit()->text(), QString());
        QCOMPARE(QApplication::focusWidget(), total); // ready for the next one

        // Without a name, Enter goes to the name instead of doing nothing.
        press(Qt::Key_Return);
        QCOMPARE(QApplication::focusWidget(), f.inventory().resourceClassEdit());
        QCOMPARE(f.window->editor()->undoStack()->count(), 1);
    }

    // A message about a refused edit goes once the user's next edit is accepted, in any
    // panel or by undo; a change that is not the user's (a backend) leaves it.
    void inlineErrorGoesAfterTheNextAcceptedEdit_data()
    {
        QTest::addColumn<QString>("refused"); // inventory, trait, aggregate
        QTest::addColumn<QString>("then");    // inventory, trait, aggregate, undo
        QTest::newRow("inventory, then a trait") << QStringLiteral("inventory") << QStringLiteral("trait");
        QTest::newRow("inventory, then an undo") << QStringLiteral("inventory") << QStringLiteral("undo");
        QTest::newRow("trait, then the inventory") << QStringLiteral("trait") << QStringLiteral("inventory");
        QTest::newRow("trait, then an aggregate") << QStringLiteral("trait") << QStringLiteral("aggregate");
        QTest::newRow("aggregate, then a trait") << QStringLiteral("aggregate") << QStringLiteral("trait");
        QTest::newRow("aggregate, then the inventory") << QStringLiteral("aggregate") << QStringLiteral("inventory");
    }
    void inlineErrorGoesAfterTheNextAcceptedEdit()
    {
        QFETCH(QString, refused);
        QFETCH(QString, then);
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.select(QStringLiteral("cn-01_numa0")));
        const QString numa = f.uuid(QStringLiteral("cn-01_numa0"));
        QVERIFY(f.window->editor()->addTrait(numa, QStringLiteral("CUSTOM_EARLIER")).ok()); // for the undo
        TraitsPanel &traits = *f.window->traitsPanel();
        AggregatesPanel &aggregates = *f.window->aggregatesPanel();
        auto *traitEdit = f.child<QLineEdit>(&traits, "traitEdit");
        auto *aggregateEdit = f.child<QLineEdit>(&aggregates, "aggregateEdit");
        const auto shown = [&]() -> QString {
            if (refused == QLatin1String("inventory"))
                return f.inventory().errorLabel()->isVisible() ? f.inventory().errorMessage() : QString();
            MembershipPanel &panel = refused == QLatin1String("trait") ? static_cast<MembershipPanel &>(traits)
                                                                       : aggregates;
            auto *label = f.child<QLabel>(&panel, "messageLabel");
            return label->isVisibleTo(&panel) ? panel.message() : QString();
        };

        if (refused == QLatin1String("inventory")) {
            // Reserved above total, typed into the cell.
            QVERIFY(focus(f.table()));
            f.table()->setCurrentIndex(f.cell(QStringLiteral("PCPU"), Col::ReservedColumn));
            press(Qt::Key_F2);
            press(Qt::Key_A, Qt::ControlModifier);
            type(QStringLiteral("99"));
            press(Qt::Key_Enter);
        } else if (refused == QLatin1String("trait")) {
            f.tabs()->setCurrentWidget(&traits);
            QVERIFY(focus(traitEdit));
            type(QStringLiteral("not a trait"));
            press(Qt::Key_Enter);
        } else {
            f.tabs()->setCurrentWidget(&aggregates);
            QVERIFY(focus(aggregateEdit));
            type(QStringLiteral("not-a-uuid"));
            press(Qt::Key_Enter);
        }
        QTRY_VERIFY(!shown().isEmpty());
        const QString message = shown();

        // Not the user's edit: the message stays.
        QVERIFY(f.tree.updateUsages(numa, {{QStringLiteral("MEMORY_MB"), 1024},
                                           {QStringLiteral("PCPU"), 14},
                                           {QStringLiteral("VCPU"), 112}})
                    .ok());
        QCoreApplication::processEvents();
        QCOMPARE(shown(), message);

        if (then == QLatin1String("inventory")) {
            QVERIFY(f.inventory().model()->setData(f.cell(QStringLiteral("VCPU"), Col::TotalColumn), 48));
        } else if (then == QLatin1String("trait")) {
            f.tabs()->setCurrentWidget(&traits);
            traitEdit->clear();
            QVERIFY(focus(traitEdit));
            type(QStringLiteral("CUSTOM_LATER"));
            press(Qt::Key_Enter);
            QVERIFY(f.data(QStringLiteral("cn-01_numa0")).traits.contains(QStringLiteral("CUSTOM_LATER")));
        } else if (then == QLatin1String("aggregate")) {
            f.tabs()->setCurrentWidget(&aggregates);
            aggregateEdit->clear();
            QVERIFY(focus(aggregateEdit));
            type(QStringLiteral("ea11e2fc-ae39-5781-964e-2a0ab6075bbf"));
            press(Qt::Key_Enter);
            QCOMPARE(f.data(QStringLiteral("cn-01_numa0")).aggregates.size(), 1);
        } else {
            f.window->undoAction()->trigger();
            QVERIFY(!f.data(QStringLiteral("cn-01_numa0")).traits.contains(QStringLiteral("CUSTOM_EARLIER")));
        }
        QTRY_COMPARE(shown(), QString());
        if (refused == QLatin1String("inventory")) {
            const QModelIndex reserved = f.cell(QStringLiteral("PCPU"), Col::ReservedColumn);
            QCOMPARE(reserved.data(InventoryModel::EditErrorRole).toString(), QString());
        }
    }

    // After Remove nothing else is selected (the keyboard stays on a neighbour), so a
    // second Remove removes nothing; the focus stays in the list or table.
    void removeSelectsNothingElse_data()
    {
        QTest::addColumn<QString>("where"); // traits, aggregates, inventory
        QTest::addColumn<bool>("byButton"); // Remove button (Space) or the Delete key
        QTest::newRow("trait, Delete") << QStringLiteral("traits") << false;
        QTest::newRow("trait, Remove button") << QStringLiteral("traits") << true;
        QTest::newRow("aggregate, Delete") << QStringLiteral("aggregates") << false;
        QTest::newRow("aggregate, Remove button") << QStringLiteral("aggregates") << true;
        QTest::newRow("resource class, Delete") << QStringLiteral("inventory") << false;
        QTest::newRow("resource class, Remove button") << QStringLiteral("inventory") << true;
    }
    void removeSelectsNothingElse()
    {
        QFETCH(QString, where);
        QFETCH(bool, byButton);
        Fixture f;
        QVERIFY(f.open());
        const QString cn01 = f.uuid(QStringLiteral("cn-01"));
        TreeEditor &editor = *f.window->editor();
        for (const QString &aggregate : {QStringLiteral("00000000-0000-4000-8000-000000000001"),
                                         QStringLiteral("00000000-0000-4000-8000-000000000002")})
            QVERIFY(editor.addAggregate(cn01, aggregate).ok());
        for (const QString &name : {QStringLiteral("CUSTOM_A"), QStringLiteral("CUSTOM_B"), QStringLiteral("CUSTOM_C")})
            QVERIFY(editor.addResourceClass(cn01, name, record(4)).ok());
        QVERIFY(f.select(QStringLiteral("cn-01")));

        const auto count = [&] {
            const ProviderData data = f.data(QStringLiteral("cn-01"));
            return where == QLatin1String("traits")       ? data.traits.size()
                 : where == QLatin1String("aggregates") ? data.aggregates.size()
                                                         : data.inventories.size();
        };
        QAbstractItemView *view = nullptr;
        QPushButton *remove = nullptr;
        if (where == QLatin1String("inventory")) {
            view = f.table();
            remove = f.inventory().removeButton();
            view->setCurrentIndex(f.cell(QStringLiteral("CUSTOM_A"), Col::ResourceClassColumn));
        } else {
            QWidget *panel = where == QLatin1String("traits") ? static_cast<QWidget *>(f.window->traitsPanel())
                                                              : f.window->aggregatesPanel();
            f.tabs()->setCurrentWidget(panel);
            view = panel->findChild<QListWidget *>();
            remove = f.child<QPushButton>(panel, "removeButton");
            view->setCurrentIndex(view->model()->index(0, 0));
        }
        QVERIFY(focus(view));
        QVERIFY(remove->isEnabled());
        const qsizetype before = count();
        const int row = view->currentIndex().row();

        if (byButton) {
            QVERIFY(focus(remove));
            press(Qt::Key_Space);
        } else {
            press(Qt::Key_Delete);
        }
        QCOMPARE(count(), before - 1);
        QVERIFY(!view->selectionModel()->hasSelection());
        QVERIFY(!remove->isEnabled());
        QCOMPARE(QApplication::focusWidget(), view); // not on to whatever followed the button
        QCOMPARE(view->currentIndex().row(), row);   // the neighbour, not selected

        // A second Remove: nothing.
        press(Qt::Key_Delete);
        if (byButton)
            QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(count(), before - 1);
        // Choosing the neighbour (Space selects the current item) makes it removable.
        press(Qt::Key_Space);
        QVERIFY(view->selectionModel()->hasSelection());
        QVERIFY(remove->isEnabled());
    }

    // The name dialog is as wide as the name it starts with (it was about 200 px).
    void renameDialogFitsALongName()
    {
        Fixture f;
        QVERIFY(f.open(false)); // the window's own dialogs
        const QString longName = QStringLiteral("cn-000123:Open vSwitch agent:br-ex-uplink-to-the-provider-network");
        QVERIFY(f.window->editor()->rename(f.uuid(QStringLiteral("cn-02")), longName).ok());
        QVERIFY(f.select(longName));

        int fieldWidth = 0;
        int textWidth = 0;
        QString shownText;
        QTimer poll;
        poll.setInterval(10);
        connect(&poll, &QTimer::timeout, &poll, [&] {
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            poll.stop();
            const QLineEdit *edit = dialog->findChild<QLineEdit *>();
            fieldWidth = edit->width();
            textWidth = edit->fontMetrics().horizontalAdvance(edit->text());
            shownText = edit->text();
            dialog->reject();
        });
        poll.start();
        QVERIFY(focus(f.window->treeView()));
        press(Qt::Key_F2); // returns when the dialog is closed
        QCOMPARE(shownText, longName);
        QVERIFY2(fieldWidth > textWidth, qPrintable(QStringLiteral("field %1 px, name %2 px").arg(fieldWidth).arg(textWidth)));
        QCOMPARE(f.data(longName).name, longName); // cancelled: nothing changed
    }

    void nameDialogWidthStaysOnTheScreen()
    {
        const QFontMetrics metrics(QApplication::font());
        const QString huge(600, QLatin1Char('x'));
        QCOMPARE(NameDialog::fieldWidthFor(metrics, huge, 1280), int(1280 * 0.8));
        const int minimum = NameDialog::fieldWidthFor(metrics, QString(), 1280);
        QVERIFY(minimum >= 40 * metrics.averageCharWidth());
        QCOMPARE(NameDialog::fieldWidthFor(metrics, QStringLiteral("cn-1"), 1280), minimum);
    }

    // --- defect 8: numbers are never cut --------------------------------------------------

    // At 1280x800 each number column is as wide as its widest cell; only the class name
    // may be elided, and the sample's providers need no sideways scrolling.
    void inventoryColumnsShowNumbersWhole_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<bool>("fitsWithoutScrolling");
        QTest::newRow("NUMA node") << QStringLiteral("cn-01_numa0") << true;
        QTest::newRow("bandwidth, long class names") << QStringLiteral("cn-01:Open vSwitch agent:br-ex") << true;
        QTest::newRow("compute node") << QStringLiteral("cn-04") << true;
        QTest::newRow("storage pool") << QStringLiteral("ceph-pool-vms") << true;
        QTest::newRow("SR-IOV NIC of a generated cloud") << QStringLiteral("nic") << true;
        QTest::newRow("ten-digit values everywhere") << QStringLiteral("huge") << false;
    }
    void inventoryColumnsShowNumbersWhole()
    {
        QFETCH(QString, provider);
        QFETCH(bool, fitsWithoutScrolling);
        Fixture f;
        QVERIFY(f.open());
        const Result<QString> huge = f.window->editor()->addProvider(QStringLiteral("huge"));
        QVERIFY(huge.ok());
        InventoryRecord big = record(kMaxInventoryInt);
        QVERIFY(f.window->editor()->addResourceClass(huge.value(), QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC"), big).ok());
        QVERIFY(f.window->editor()->addResourceClass(huge.value(), QStringLiteral("NET_BW_IGR_KILOBIT_PER_SEC"), big).ok());
        QVERIFY(f.tree.updateUsages(huge.value(), {{QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC"), kMaxInventoryInt - 1}}).ok());
        // As tests/support/cloudgenerator.cpp makes them: 25 Gbit/s, eight-digit usage.
        const Result<QString> nic = f.window->editor()->addProvider(QStringLiteral("nic"));
        QVERIFY(nic.ok());
        for (const QString &name : {QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC"), QStringLiteral("NET_BW_IGR_KILOBIT_PER_SEC")})
            QVERIFY(f.window->editor()->addResourceClass(nic.value(), name, record(25000000, 25000000)).ok());
        QVERIFY(f.tree.updateUsages(nic.value(), {{QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC"), 14259862},
                                                  {QStringLiteral("NET_BW_IGR_KILOBIT_PER_SEC"), 24999999}})
                    .ok());
        QVERIFY(f.select(provider));

        QTableView *table = f.table();
        const QAbstractItemView *view = table;
        for (int column = Col::TotalColumn; column < Col::ColumnCount; ++column) {
            QVERIFY2(table->columnWidth(column) >= view->sizeHintForColumn(column),
                     qPrintable(QStringLiteral("column %1 (%2) is %3 px, its numbers need %4 px")
                                    .arg(column)
                                    .arg(f.inventory().model()->headerData(column, Qt::Horizontal).toString(),
                                         QString::number(table->columnWidth(column)),
                                         QString::number(view->sizeHintForColumn(column)))));
        }
        // The class column: at least a readable stub (NET_BW_EG…), whole when there is room.
        const int classWidth = table->columnWidth(Col::ResourceClassColumn);
        QVERIFY(classWidth >= std::min(view->sizeHintForColumn(Col::ResourceClassColumn),
                                       table->fontMetrics().horizontalAdvance(QStringLiteral("NET_BW_EG"))));
        if (fitsWithoutScrolling) {
            QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
            int sum = 0;
            for (int column = 0; column < Col::ColumnCount; ++column)
                sum += table->columnWidth(column);
            QVERIFY2(sum <= table->viewport()->width(),
                     qPrintable(QStringLiteral("columns %1 px, table %2 px, class %3 px")
                                    .arg(QString::number(sum), QString::number(table->viewport()->width()),
                                         QString::number(classWidth))));
        }
        // max_unit 2147483647 is shown whole.
        if (provider == QLatin1String("huge")) {
            const QModelIndex maxUnit = f.cell(QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC"), Col::MaxUnitColumn);
            QCOMPARE(maxUnit.data().toLongLong(), kMaxInventoryInt);
            QVERIFY(table->columnWidth(Col::MaxUnitColumn)
                    >= table->fontMetrics().horizontalAdvance(QStringLiteral("2147483647")));
        }
    }
};

QTEST_MAIN(TestDetailsPane)
#include "tst_detailspane.moc"
