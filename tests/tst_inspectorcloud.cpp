// The inspector against a real Keystone and real Placements (the live_cloud fixture): File >
// Connect to Placement… (URL + token, and a clouds.yaml cloud through Keystone) pulls what
// the API holds; edits pushed through the plan reach the API; a write through the API
// between the pull and the push gives the three-way rows and overwrites nothing; Re-apply
// and Drop do what they say; View > Refresh puts my edits on top of Placement's new state
// as one undo step and shows what changed; failed and cancelled connects leave the open
// document exactly as it was; no secret reaches the settings, a title, the status bar, a
// dialog or a saved file. The dialogs are replaced through the prompts; the progress dialog
// is the real one (its Esc cancels).
#include "cloudcontroller.h"
#include "compareview.h"
#include "connectdialog.h"
#include "pushplandialog.h"
#include "pushresultdialog.h"
#include "threewaydialog.h"
#include "connecthistory.h"
#include "inspector.h"
#include "livedocument.h"
#include "mainwindow.h"
#include "operationprogress.h"
#include "progressdialog.h"
#include "providertree.h"
#include "snapshotreader.h"
#include "snapshotwriter.h"
#include "treediff.h"
#include "treeeditor.h"
#include "support/livecloud.h"
#include "support/testfiles.h"
#include "support/testrecords.h"

#include <QAction>
#include <QApplication>
#include <QTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QUuid>

using namespace provtree;
using provtree::testing::LiveAnswer;
using provtree::testing::LiveCloud;
using provtree::testing::LivePlacement;
using provtree::testing::sortedByUuid;

Q_DECLARE_METATYPE(provtree::ConnectRequest)
Q_DECLARE_METATYPE(provtree::ProblemKind)

namespace {

const QString kVcpu = QStringLiteral("VCPU");
const QString kAvx2 = QStringLiteral("HW_CPU_X86_AVX2");

QString uniqueName(const char *prefix)
{
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::WithoutBraces).left(13);
}

QJsonObject json(std::initializer_list<QPair<QString, QJsonValue>> pairs)
{
    QJsonObject object;
    for (const auto &[key, value] : pairs)
        object.insert(key, value);
    return object;
}

// A small tree made through the API: a compute node with VCPU and a NUMA child with a trait.
struct ApiTree
{
    LivePlacement server = LivePlacement::Noauth;
    QString root, child;         // uuids
    QString rootName, childName;
};

const LiveCloud &cloud()
{
    return LiveCloud::get();
}

LiveAnswer api(LivePlacement server, const QByteArray &method, const QString &path, const QJsonValue &body = {})
{
    return cloud().placement(method, path, body, server);
}

qint64 generationOf(LivePlacement server, const QString &uuid)
{
    return api(server, "GET", QStringLiteral("/resource_providers/") + uuid)
            .body[QStringLiteral("generation")]
            .toInteger();
}

// Sets VCPU's total (and reserved) through the API: "someone else" writing.
bool apiSetVcpu(LivePlacement server, const QString &uuid, qint64 total, qint64 reserved = 0)
{
    const QJsonObject vcpu = json({{QStringLiteral("total"), total},
                                   {QStringLiteral("reserved"), reserved},
                                   {QStringLiteral("max_unit"), total},
                                   {QStringLiteral("allocation_ratio"), 16.0}});
    const QJsonObject body = json({{QStringLiteral("resource_provider_generation"), generationOf(server, uuid)},
                                   {QStringLiteral("inventories"), QJsonObject{{kVcpu, vcpu}}}});
    return api(server, "PUT", QStringLiteral("/resource_providers/%1/inventories").arg(uuid), body).status == 200;
}

bool apiSetTraits(LivePlacement server, const QString &uuid, const QStringList &traits)
{
    const QJsonObject body = json({{QStringLiteral("resource_provider_generation"), generationOf(server, uuid)},
                                   {QStringLiteral("traits"), QJsonArray::fromStringList(traits)}});
    return api(server, "PUT", QStringLiteral("/resource_providers/%1/traits").arg(uuid), body).status == 200;
}

QString apiCreate(LivePlacement server, const QString &name, const QString &parent = {})
{
    QJsonObject body{{QStringLiteral("name"), name}};
    if (!parent.isEmpty())
        body.insert(QStringLiteral("parent_provider_uuid"), parent);
    const LiveAnswer answer = api(server, "POST", QStringLiteral("/resource_providers"), body);
    return answer.status == 200 ? answer.body[QStringLiteral("uuid")].toString() : QString();
}

// Every provider of the tree of `root` as the API shows it, field by field, in the core's
// form (inventories complete, traits and aggregates sorted).
QList<ProviderData> apiTree(LivePlacement server, const QString &root)
{
    QList<ProviderData> records;
    const LiveAnswer list = api(server, "GET", QStringLiteral("/resource_providers?in_tree=") + root);
    for (const QJsonValue &item : list.body[QStringLiteral("resource_providers")].toArray()) {
        ProviderData p;
        p.uuid = item[QStringLiteral("uuid")].toString();
        p.name = item[QStringLiteral("name")].toString();
        p.generation = item[QStringLiteral("generation")].toInteger();
        p.parentUuid = item[QStringLiteral("parent_provider_uuid")].toString();
        const QString base = QStringLiteral("/resource_providers/") + p.uuid;
        const QJsonObject inventories = api(server, "GET", base + QStringLiteral("/inventories")).body[QStringLiteral("inventories")].toObject();
        for (auto it = inventories.begin(); it != inventories.end(); ++it) {
            const QJsonObject r = it.value().toObject();
            InventoryRecord record;
            record.total = r[QStringLiteral("total")].toInteger();
            record.reserved = r[QStringLiteral("reserved")].toInteger();
            record.minUnit = r[QStringLiteral("min_unit")].toInteger();
            record.maxUnit = r[QStringLiteral("max_unit")].toInteger();
            record.stepSize = r[QStringLiteral("step_size")].toInteger();
            record.allocationRatio = r[QStringLiteral("allocation_ratio")].toDouble();
            p.inventories.insert(it.key(), record);
        }
        for (const QJsonValue &trait : api(server, "GET", base + QStringLiteral("/traits")).body[QStringLiteral("traits")].toArray())
            p.traits.append(trait.toString());
        p.traits.sort();
        for (const QJsonValue &aggregate : api(server, "GET", base + QStringLiteral("/aggregates")).body[QStringLiteral("aggregates")].toArray())
            p.aggregates.append(aggregate.toString());
        p.aggregates.sort();
        records.append(p);
    }
    return sortedByUuid(records);
}

ProviderData apiProvider(LivePlacement server, const QString &root, const QString &uuid)
{
    for (const ProviderData &p : apiTree(server, root)) {
        if (p.uuid == uuid)
            return p;
    }
    return {};
}

// The records in a comparable form: inventories complete (absent fields at Placement's
// defaults, as the API shows them).
QList<ProviderData> comparable(QList<ProviderData> records)
{
    for (ProviderData &p : records) {
        for (auto it = p.inventories.begin(); it != p.inventories.end(); ++it)
            it.value() = it.value().effective();
    }
    return sortedByUuid(records);
}

std::optional<qint64> vcpuTotal(const ProviderTree &tree, const QString &uuid)
{
    const std::optional<ProviderData> p = tree.data(uuid);
    if (!p || !p->inventories.contains(kVcpu))
        return std::nullopt;
    return p->inventories.value(kVcpu).total;
}

// Runs `start` and waits for `signal` of the controller; its Status.
template <typename Signal>
Status waitFor(CloudController *controller, Signal signal, const std::function<void()> &start)
{
    QSignalSpy spy(controller, signal);
    start();
    if (spy.isEmpty() && !spy.wait(120000))
        return makeError(ProblemKind::Unreachable, QStringLiteral("the test timed out waiting for the step to end"));
    return spy.constFirst().constFirst().value<Status>();
}

bool hasKind(const Status &status, ProblemKind kind)
{
    const Problems errors = status.errors();
    return std::any_of(errors.cbegin(), errors.cend(), [kind](const Problem &p) { return p.kind == kind; });
}

// An inspector whose dialogs answer from the test and record what they were shown.
struct Harness
{
    Inspector inspector;
    CloudController *cloud = inspector.cloud();

    // answers
    std::optional<ConnectRequest> connectAnswer;
    bool pushPlans = true;
    QList<ThreeWayChoice> threeWayAnswers; // taken from the front; Close when empty
    CloudPrompts::Unpushed unpushedAnswer = CloudPrompts::Unpushed::Cancel;
    QString savePath;
    QMessageBox::StandardButton unsavedAnswer = QMessageBox::Cancel;
    // what was shown
    QList<ConnectChoices> offered;
    QList<PushPlanView> plans;
    QList<PushResultView> results;
    QList<ThreeWayView> threeWays;
    QStringList unpushedAsked;
    struct Shown
    {
        QString title, what;
        Problems problems;
    };
    QList<Shown> problems;

    Harness()
    {
        inspector.setPrompts({{}, [this](const QString &) { return savePath; }, [this](const QString &) { return unsavedAnswer; }});
        CloudPrompts prompts;
        prompts.connect = [this](const ConnectChoices &choices) {
            offered.append(choices);
            return connectAnswer;
        };
        prompts.reviewPlan = [this](const PushPlanView &plan) {
            plans.append(plan);
            return pushPlans;
        };
        prompts.showResult = [this](const PushResultView &result) { results.append(result); };
        prompts.resolve = [this](const ThreeWayView &view) {
            threeWays.append(view);
            return threeWayAnswers.isEmpty() ? ThreeWayChoice::Close : threeWayAnswers.takeFirst();
        };
        prompts.unpushed = [this](const QString &name) {
            unpushedAsked.append(name);
            return unpushedAnswer;
        };
        prompts.problems = [this](const QString &title, const QString &what, const Problems &list) {
            problems.append({title, what, list});
        };
        cloud->setPrompts(prompts);
        QProcessEnvironment environment = LiveCloud::cleanEnvironment();
        if (LiveCloud::get().hasKeystone()) {
            environment.insert(QStringLiteral("OS_CLIENT_CONFIG_FILE"), LiveCloud::get().cloudsYaml());
            environment.insert(QStringLiteral("OS_CLIENT_SECURE_FILE"), LiveCloud::get().secureYaml());
        }
        cloud->setEnvironment(environment);
    }

    MainWindow &window() const { return *inspector.window(); }
    TreeEditor &editor() const { return *inspector.window()->editor(); }
    const ProviderTree &tree() const { return inspector.tree(); }

    Status connect(const ConnectRequest &request)
    {
        return waitFor(cloud, &CloudController::connectFinished, [this, request] { cloud->connectTo(request); });
    }
    Status push()
    {
        return waitFor(cloud, &CloudController::pushFinished, [this] { cloud->push(); });
    }
    Status refresh()
    {
        return waitFor(cloud, &CloudController::refreshFinished, [this] { cloud->refresh(); });
    }
    // The local tree has no change against the pulled (or pushed) base.
    bool inStepWithBase() const
    {
        return TreeDiff::compute(cloud->document()->base(), tree().allData(), false).isEmpty();
    }
};

ConnectRequest byUrl(const QString &tree, LivePlacement server = LivePlacement::Noauth)
{
    ConnectRequest request;
    request.mode = ConnectRequest::Mode::Url;
    if (server == LivePlacement::Noauth) {
        request.url = cloud().noauthPlacementUrl();
        request.token = cloud().noauthToken();
    } else {
        request.url = cloud().placementUrl();
        request.token = QString::fromLatin1(cloud().adminToken());
    }
    request.tree = tree;
    return request;
}

ConnectRequest byCloud(const QString &name, const QString &tree)
{
    ConnectRequest request;
    request.cloud = name;
    request.tree = tree;
    return request;
}

// What a document looks like from outside: to compare before and after a failed connect.
struct DocumentState
{
    QList<ProviderData> records;
    QString title;
    QString filePath;
    bool modified = false;
    int undoSteps = 0;
    bool live = false;
    bool operator==(const DocumentState &) const = default;
};

DocumentState documentState(const Harness &h)
{
    return {h.tree().allData(), h.window().windowTitle(), h.inspector.filePath(), h.inspector.isModified(),
            h.editor().undoStack()->count(), h.cloud->isActive()};
}

// Every text a person can see in the window's title and status bar.
QString visibleTexts(const Harness &h)
{
    QStringList texts{h.window().windowTitle(), h.window().statusBar()->currentMessage()};
    for (const QLabel *label : h.window().statusBar()->findChildren<QLabel *>())
        texts << label->text() << label->toolTip();
    return texts.join(QLatin1Char('\n'));
}

} // namespace

class TestInspectorCloud : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void actionsHaveShortcutsAndMenus();
    void connectByUrlPullsWhatTheApiHolds();
    void connectThroughCloudsYamlAndKeystone();
    void editPushAndReadBack();
    void conflictShowsThreeRowsAndOverwritesNothing();
    void reapplyPutsMyChangesOnTopOfPlacements();
    void reapplyKeepsPlacementsValueWhereBothChanged();
    void dropTakesPlacementsStateAsOneUndoStep();
    void anAllocationMovingTheGenerationIsListed();
    void refreshRebasesMyEditsAndShowsWhatChanged();
    void refreshListsConflictsAndUndoBringsMineBack();
    void cancelStopsThePushBeforeTheNextCall();
    void unsavedChangesCompareWithThePull();
    void failedConnectLeavesTheDocument_data();
    void failedConnectLeavesTheDocument();
    void cancelledConnectLeavesTheDocument();
    void closingAsksAboutUnpushedChanges();
    void saveAsWritesTheOrigin();
    void noSecretAnywhere();
    void screenshotsOfTheFlow();

private:
    ApiTree makeTree(LivePlacement server = LivePlacement::Noauth);
    // A file document with one unsaved edit: what a failed connect must leave alone.
    void openEditedFile(Harness &h);

    QTemporaryDir m_dir;
    QList<ApiTree> m_trees;
    QList<std::pair<LivePlacement, QString>> m_consumers; // allocations to delete first
};

void TestInspectorCloud::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("provtree-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_inspectorcloud"));
    (void)LiveCloud::get(); // fails the run at once without the fixture's servers
}

void TestInspectorCloud::init()
{
    QSettings().clear();
}

void TestInspectorCloud::cleanup()
{
    // The servers are shared: every allocation and tree a test made goes, children first.
    for (const auto &[server, consumer] : std::as_const(m_consumers))
        (void)api(server, "DELETE", QStringLiteral("/allocations/") + consumer);
    m_consumers.clear();
    for (const ApiTree &t : std::as_const(m_trees)) {
        QList<ProviderData> records = apiTree(t.server, t.root);
        // deepest first: a provider before its parent
        for (int pass = 0; pass < 8 && !records.isEmpty(); ++pass) {
            for (qsizetype i = records.size() - 1; i >= 0; --i) {
                const QString uuid = records.at(i).uuid;
                const bool hasChildren = std::any_of(records.cbegin(), records.cend(), [&uuid](const ProviderData &p) {
                    return p.parentUuid == uuid;
                });
                if (!hasChildren) {
                    (void)api(t.server, "DELETE", QStringLiteral("/resource_providers/") + uuid);
                    records.removeAt(i);
                }
            }
        }
    }
    m_trees.clear();
}

ApiTree TestInspectorCloud::makeTree(LivePlacement server)
{
    ApiTree t;
    t.server = server;
    t.rootName = uniqueName("gui-cn-");
    t.childName = t.rootName + QStringLiteral("_numa0");
    t.root = apiCreate(server, t.rootName);
    t.child = apiCreate(server, t.childName, t.root);
    if (t.root.isEmpty() || t.child.isEmpty())
        qFatal("cannot create providers through the API");
    m_trees.append(t);
    if (!apiSetVcpu(server, t.root, 16) || !apiSetTraits(server, t.child, {kAvx2}))
        qFatal("cannot set up the providers through the API");
    return t;
}

void TestInspectorCloud::openEditedFile(Harness &h)
{
    const QString path = m_dir.filePath(QStringLiteral("local.json"));
    QList<ProviderData> records{testing::providerRecord(QStringLiteral("00000000-0000-4000-8000-000000000001"),
                                                        QStringLiteral("local-cn"))};
    QVERIFY(saveSnapshot(records, path).ok());
    QVERIFY(h.inspector.open(path).ok());
    QVERIFY(h.editor().rename(records.first().uuid, QStringLiteral("local-cn-edited")).ok());
    QVERIFY(h.inspector.isModified());
}

void TestInspectorCloud::actionsHaveShortcutsAndMenus()
{
    Harness h;
    const MainWindow &w = h.window();
    QCOMPARE(w.connectAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QCOMPARE(w.pushAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    QCOMPARE(w.refreshAction()->shortcut(), QKeySequence(Qt::Key_F5));
    QStringList inMenus;
    for (QAction *menu : w.menuBar()->actions()) {
        for (QAction *action : menu->menu()->actions())
            inMenus.append(menu->text() + QLatin1Char('>') + action->text());
    }
    QVERIFY(inMenus.contains(QStringLiteral("&File>Co&nnect to Placement…")));
    QVERIFY(inMenus.contains(QStringLiteral("&File>&Push Changes…")));
    QVERIFY(inMenus.contains(QStringLiteral("&View>&Refresh")));
    // Nothing to refresh or push before a cloud is open.
    QVERIFY(!w.refreshAction()->isEnabled());
    QVERIFY(!w.pushAction()->isEnabled());

    // The shortcut runs the flow: Ctrl+Shift+O asks for a cloud (cancelled here).
    h.window().show();
    QVERIFY(QTest::qWaitForWindowActive(&h.window()));
    QTest::keyClick(&h.window(), Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(h.offered.size(), 1);
    QCOMPARE(h.offered.first().clouds, (QStringList{LiveCloud::adminCloud(), LiveCloud::appCredentialCloud(),
                                                    LiveCloud::demoCloud()}));
}

void TestInspectorCloud::connectByUrlPullsWhatTheApiHolds()
{
    const ApiTree t = makeTree();
    Harness h;
    const Status status = h.connect(byUrl(t.rootName));
    QVERIFY2(status.ok(), qPrintable(testing::problemLines(status.problems())));
    QVERIFY(h.problems.isEmpty());

    // Field by field, generations included: the tree is what the API holds.
    QCOMPARE(comparable(h.tree().allData()), comparable(apiTree(t.server, t.root)));
    QCOMPARE(h.tree().size(), 2);

    // The document is the cloud's: title, status bar, not modified, edits allowed.
    const QString name = QStringLiteral("Placement at ") + cloud().noauthPlacementUrl();
    QCOMPARE(h.window().windowTitle(), name + QStringLiteral("[*] — provtree inspector"));
    const QLabel *label = h.cloud->statusLabel();
    QVERIFY(label->isVisibleTo(&h.window()));
    QVERIFY2(label->text().startsWith(name + QStringLiteral(" · Placement 1.")), qPrintable(label->text()));
    QVERIFY(label->text().contains(QStringLiteral(" · pulled ")));
    QVERIFY(!h.inspector.isModified());
    QVERIFY(!h.window().isReadOnly());
    QVERIFY(h.window().refreshAction()->isEnabled());
    QVERIFY(h.window().pushAction()->isEnabled());
    QCOMPARE(h.cloud->document()->scope(), t.root); // the tree by uuid from now on
    QCOMPARE(ConnectHistory::recentUrls(), QStringList{cloud().noauthPlacementUrl()});
}

void TestInspectorCloud::connectThroughCloudsYamlAndKeystone()
{
    const ApiTree t = makeTree(LivePlacement::Keystone);
    Harness h;
    // What the dialog offers: the clouds of the fixture's clouds.yaml, with its files.
    const ConnectChoices choices = h.cloud->connectChoices();
    QVERIFY(choices.clouds.contains(LiveCloud::adminCloud()));
    QCOMPARE(choices.cloudsFile, QFileInfo(cloud().cloudsYaml()).absoluteFilePath());
    QCOMPARE(choices.secureFile, QFileInfo(cloud().secureYaml()).absoluteFilePath());

    h.connectAnswer = byCloud(LiveCloud::adminCloud(), t.root);
    QSignalSpy finished(h.cloud, &CloudController::connectFinished);
    h.cloud->connectInteractively();
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().first().value<Status>().ok(),
             qPrintable(testing::problemLines(finished.first().first().value<Status>().problems())));
    QCOMPARE(comparable(h.tree().allData()), comparable(apiTree(t.server, t.root)));
    const QString name = QStringLiteral("cloud provtree-admin (RegionOne)");
    QCOMPARE(h.window().windowTitle(), name + QStringLiteral("[*] — provtree inspector"));
    QVERIFY2(h.cloud->statusLabel()->text().startsWith(name + QStringLiteral(" · Placement 1.")),
             qPrintable(h.cloud->statusLabel()->text()));
    QCOMPARE(h.cloud->origin().cloud, LiveCloud::adminCloud());
    QCOMPARE(h.cloud->origin().endpoint, cloud().placementUrl());
    QCOMPARE(ConnectHistory::recentClouds(), QStringList{LiveCloud::adminCloud()});
    QVERIFY(!ConnectHistory::lastWasUrl());
}

void TestInspectorCloud::editPushAndReadBack()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 32).ok());
    QVERIFY(h.editor().addTrait(t.child, QStringLiteral("CUSTOM_GUI_GOLD")).ok());
    QVERIFY(h.editor().rename(t.child, t.childName + QStringLiteral("-renamed")).ok());
    QVERIFY(h.inspector.isModified());
    const int steps = h.editor().undoStack()->count();

    const Status pushed = h.push();
    QVERIFY2(pushed.ok(), qPrintable(testing::problemLines(pushed.problems())));
    // The plan was shown first: every call, numbered, with its body.
    QCOMPARE(h.plans.size(), 1);
    const QString plan = h.plans.first().text;
    QVERIFY2(plan.contains(QStringLiteral("PUT /traits/CUSTOM_GUI_GOLD")), qPrintable(plan));
    QVERIFY(plan.contains(QStringLiteral("PUT /resource_providers/%1/inventories").arg(t.root)));
    QVERIFY(plan.contains(QStringLiteral("\"total\": 32")));
    QVERIFY(plan.contains(QStringLiteral(" calls at microversion 1.")));
    QVERIFY(plan.contains(QStringLiteral("\n1. PUT /traits/CUSTOM_GUI_GOLD\n")));
    // The result: every call applied.
    QCOMPARE(h.results.size(), 1);
    QCOMPARE(h.results.first().appliedCount(), h.plans.first().calls);
    QVERIFY(h.results.first().failure.isEmpty());
    QVERIFY(h.threeWays.isEmpty());

    // The API holds the edits; the local tree is the API's (new generations included) and
    // has nothing left to push; the push added no undo step.
    const QList<ProviderData> now = apiTree(t.server, t.root);
    QCOMPARE(comparable(h.tree().allData()), comparable(now));
    QCOMPARE(vcpuTotal(h.tree(), t.root), 32);
    QVERIFY(h.tree().data(t.child)->traits.contains(QStringLiteral("CUSTOM_GUI_GOLD")));
    QVERIFY(h.inStepWithBase());
    QVERIFY(!h.inspector.isModified());
    QCOMPARE(h.editor().undoStack()->count(), steps);
    QVERIFY(h.cloud->statusLabel()->text().contains(QStringLiteral(" · pushed ")));

    // Undo brings the edit back as a change to push again.
    h.editor().undoStack()->undo();
    QVERIFY(h.inspector.isModified());
    QVERIFY(!h.inStepWithBase());
}

void TestInspectorCloud::conflictShowsThreeRowsAndOverwritesNothing()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 20).ok());
    QVERIFY(apiSetVcpu(t.server, t.root, 24)); // someone else, between the pull and the push

    const Status status = h.push();
    QVERIFY(hasKind(status, ProblemKind::GenerationConflict));
    QVERIFY(h.plans.isEmpty()); // refused before anything was planned for sending
    QVERIFY(h.results.isEmpty());
    QCOMPARE(h.threeWays.size(), 1);
    const ThreeWayView &view = h.threeWays.first();
    QVERIFY(view.canResolve);
    QCOMPARE(view.rows.size(), 1);
    const ThreeWayView::Row &row = view.rows.first();
    QCOMPARE(row.providerUuid, t.root);
    QCOMPARE(row.field, QStringLiteral("inventories.VCPU"));
    // From the real pull: Placement's max_unit changed too (the cells show total and what differs).
    QCOMPARE(row.pulled, QStringLiteral("total 16, max_unit 16"));
    QCOMPARE(row.mine, QStringLiteral("total 20, max_unit 16"));
    QCOMPARE(row.now, QStringLiteral("total 24, max_unit 24"));
    QVERIFY(row.conflict);

    // Close: nothing was overwritten in Placement, and my edit is still mine.
    QCOMPARE(apiProvider(t.server, t.root, t.root).inventories.value(kVcpu).total, 24);
    QCOMPARE(vcpuTotal(h.tree(), t.root), 20);
    QVERIFY(h.inspector.isModified());
    // The conflict stays until it is resolved: a second push meets it again.
    QVERIFY(hasKind(h.push(), ProblemKind::GenerationConflict));
    QCOMPARE(h.threeWays.size(), 2);
}

void TestInspectorCloud::reapplyPutsMyChangesOnTopOfPlacements()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().addTrait(t.root, QStringLiteral("CUSTOM_GUI_MINE")).ok());
    QVERIFY(apiSetVcpu(t.server, t.root, 40)); // the same provider, another field

    h.threeWayAnswers = {ThreeWayChoice::Reapply};
    const Status status = h.push();
    QVERIFY2(status.ok(), qPrintable(testing::problemLines(status.problems())));
    QCOMPARE(h.threeWays.size(), 1);
    QCOMPARE(h.threeWays.first().conflictCount(), 0);
    QStringList fields;
    for (const ThreeWayView::Row &row : h.threeWays.first().rows)
        fields.append(row.field + QLatin1Char(' ') + row.outcome);
    QCOMPARE(fields, (QStringList{QStringLiteral("inventories.VCPU Placement's"), QStringLiteral("traits mine")}));
    // The re-apply was reviewed as such, and sent only my trait.
    QCOMPARE(h.plans.size(), 1);
    QVERIFY(h.plans.first().rebase);
    QVERIFY(!h.plans.first().text.contains(QStringLiteral("/inventories")));

    const ProviderData root = apiProvider(t.server, t.root, t.root);
    QVERIFY(root.traits.contains(QStringLiteral("CUSTOM_GUI_MINE")));
    QCOMPARE(root.inventories.value(kVcpu).total, 40); // theirs kept
    // Locally both, nothing left to push.
    QCOMPARE(vcpuTotal(h.tree(), t.root), 40);
    QVERIFY(h.tree().data(t.root)->traits.contains(QStringLiteral("CUSTOM_GUI_MINE")));
    QVERIFY(h.inStepWithBase());
    QVERIFY(!h.inspector.isModified());
}

void TestInspectorCloud::reapplyKeepsPlacementsValueWhereBothChanged()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 20).ok());
    QVERIFY(h.editor().addTrait(t.root, QStringLiteral("CUSTOM_GUI_BOTH")).ok());
    QVERIFY(apiSetVcpu(t.server, t.root, 24));

    // Re-apply, then Close when the conflict is shown again after the push.
    h.threeWayAnswers = {ThreeWayChoice::Reapply, ThreeWayChoice::Close};
    const Status status = h.push();
    QVERIFY(hasKind(status, ProblemKind::GenerationConflict)); // the conflict, reported
    QCOMPARE(h.results.size(), 1);
    QCOMPARE(h.results.first().appliedCount(), h.results.first().calls.size());
    QCOMPARE(h.threeWays.size(), 2);
    QCOMPARE(h.threeWays.at(1).conflictCount(), 1);

    // Placement: my trait, its total. Locally: my total and my trait, still to resolve.
    const ProviderData root = apiProvider(t.server, t.root, t.root);
    QVERIFY(root.traits.contains(QStringLiteral("CUSTOM_GUI_BOTH")));
    QCOMPARE(root.inventories.value(kVcpu).total, 24);
    QCOMPARE(vcpuTotal(h.tree(), t.root), 20);
    QVERIFY(h.tree().data(t.root)->traits.contains(QStringLiteral("CUSTOM_GUI_BOTH")));
    QVERIFY(h.inspector.isModified());
}

void TestInspectorCloud::dropTakesPlacementsStateAsOneUndoStep()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 20).ok());
    QVERIFY(h.editor().addTrait(t.child, QStringLiteral("CUSTOM_GUI_KEPT")).ok()); // another provider
    QVERIFY(apiSetVcpu(t.server, t.root, 24));
    const int steps = h.editor().undoStack()->count();

    h.threeWayAnswers = {ThreeWayChoice::Drop};
    const Status status = h.push();
    QVERIFY2(status.ok(), qPrintable(testing::problemLines(status.problems())));
    QVERIFY(h.plans.isEmpty()); // nothing was sent
    QCOMPARE(vcpuTotal(h.tree(), t.root), 24);
    QCOMPARE(*h.tree().data(t.root), apiProvider(t.server, t.root, t.root)); // generation too
    QCOMPARE(h.editor().undoStack()->count(), steps + 1);
    QCOMPARE(h.editor().undoStack()->text(steps), QStringLiteral("Drop My Changes to 1 Provider"));
    // My change to the child is untouched and is all that is left to push.
    QVERIFY(h.tree().data(t.child)->traits.contains(QStringLiteral("CUSTOM_GUI_KEPT")));
    const TreeDiff left = TreeDiff::compute(h.cloud->document()->base(), h.tree().allData(), false);
    QCOMPARE(left.changed(), QStringList{t.child});

    // Undo brings my value back.
    h.editor().undoStack()->undo();
    QCOMPARE(vcpuTotal(h.tree(), t.root), 20);
    QCOMPARE(apiProvider(t.server, t.root, t.root).inventories.value(kVcpu).total, 24);
}

// nova allocating on a provider moves its generation and nothing the three-way compares:
// the push is refused (it was made against the old generation), the provider is listed with
// its generations, and Re-apply sends my change on top.
void TestInspectorCloud::anAllocationMovingTheGenerationIsListed()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().addTrait(t.root, QStringLiteral("CUSTOM_GUI_ALLOC")).ok());
    const qint64 pulled = h.tree().data(t.root)->generation;
    const QString consumer = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject allocation{
        {QStringLiteral("allocations"), QJsonObject{{t.root, QJsonObject{{QStringLiteral("resources"), QJsonObject{{kVcpu, 2}}}}}}},
        {QStringLiteral("project_id"), QUuid::createUuid().toString(QUuid::Id128)},
        {QStringLiteral("user_id"), QUuid::createUuid().toString(QUuid::Id128)},
        {QStringLiteral("consumer_generation"), QJsonValue()},
        {QStringLiteral("consumer_type"), QStringLiteral("INSTANCE")}}; // required since 1.38
    const LiveAnswer allocated = api(t.server, "PUT", QStringLiteral("/allocations/") + consumer, allocation);
    QVERIFY2(allocated.status == 204, allocated.raw.constData());
    m_consumers.append({t.server, consumer});

    h.threeWayAnswers = {ThreeWayChoice::Reapply};
    const Status status = h.push();
    QVERIFY2(status.ok(), qPrintable(testing::problemLines(status.problems())));
    QCOMPARE(h.threeWays.size(), 1);
    const ThreeWayView &view = h.threeWays.first();
    QCOMPARE(view.rows.size(), 1);
    QCOMPARE(view.rows.first().field, QStringLiteral("generation"));
    QCOMPARE(view.rows.first().pulled, QString::number(pulled));
    QCOMPARE(view.rows.first().now, QString::number(pulled + 1));
    QVERIFY(apiProvider(t.server, t.root, t.root).traits.contains(QStringLiteral("CUSTOM_GUI_ALLOC")));
    QCOMPARE(h.tree().data(t.root)->usages.value(kVcpu), 2); // Placement's usage came in
    QVERIFY(h.inStepWithBase());
}

void TestInspectorCloud::refreshRebasesMyEditsAndShowsWhatChanged()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().addTrait(t.child, QStringLiteral("CUSTOM_GUI_LOCAL")).ok());
    QVERIFY(apiSetVcpu(t.server, t.root, 48));
    const QString added = apiCreate(t.server, t.rootName + QStringLiteral("_numa1"), t.root);
    QVERIFY(!added.isEmpty());
    const int steps = h.editor().undoStack()->count();
    const QList<ProviderData> before = h.tree().allData();

    h.window().show();
    const Status status = h.refresh();
    QVERIFY2(status.ok(), qPrintable(testing::problemLines(status.problems())));
    // Placement's changes and mine, in one undo step.
    QCOMPARE(vcpuTotal(h.tree(), t.root), 48);
    QVERIFY(h.tree().exists(added));
    QVERIFY(h.tree().data(t.child)->traits.contains(QStringLiteral("CUSTOM_GUI_LOCAL")));
    QCOMPARE(h.editor().undoStack()->count(), steps + 1);
    QCOMPARE(h.editor().undoStack()->text(steps), QStringLiteral("Refresh from Placement"));
    // The new pull is the base: only my trait is left to push.
    QCOMPARE(TreeDiff::compute(h.cloud->document()->base(), h.tree().allData(), false).changed(), QStringList{t.child});
    QVERIFY(h.inspector.isModified());
    // What changed in Placement since the last pull, in the compare view.
    CompareView *view = h.inspector.compareView();
    QVERIFY(view);
    QVERIFY(view->windowTitle().startsWith(QStringLiteral("Changed in Placement since the last pull")));
    QVERIFY2(view->summaryText().startsWith(QStringLiteral("1 added, 0 removed, 1 changed, 0 moved")),
             qPrintable(view->summaryText()));
    QVERIFY(h.threeWays.isEmpty()); // no conflict

    // Undo takes the refresh back, as one step.
    h.editor().undoStack()->undo();
    QCOMPARE(sortedByUuid(h.tree().allData()), sortedByUuid(before));
}

void TestInspectorCloud::refreshListsConflictsAndUndoBringsMineBack()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 20).ok());
    QVERIFY(apiSetVcpu(t.server, t.root, 24));
    QVERIFY(h.refresh().ok());
    // Listed, to read: nothing to re-apply or drop after a refresh.
    QCOMPARE(h.threeWays.size(), 1);
    QVERIFY(!h.threeWays.first().canResolve);
    QCOMPARE(h.threeWays.first().conflictCount(), 1);
    QCOMPARE(h.threeWays.first().rows.first().mine, QStringLiteral("total 20, max_unit 16"));
    // Placement's value was kept (the merge's rule); the refresh is one undo step that
    // brings mine back.
    QCOMPARE(vcpuTotal(h.tree(), t.root), 24);
    QVERIFY(h.inStepWithBase());
    h.editor().undoStack()->undo();
    QCOMPARE(vcpuTotal(h.tree(), t.root), 20);
}

// Cancel while the calls are sent: the call in flight completes, nothing after it is sent,
// the result says which were applied, and what was not stays local, still to push.
void TestInspectorCloud::cancelStopsThePushBeforeTheNextCall()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 30).ok());
    QVERIFY(h.editor().addTrait(t.child, QStringLiteral("CUSTOM_GUI_LATER")).ok());
    QVERIFY(h.editor().rename(t.child, t.childName + QStringLiteral("-later")).ok());
    CloudPrompts cancelAfterFirstCall;
    cancelAfterFirstCall.reviewPlan = [&h](const PushPlanView &plan) {
        h.plans.append(plan);
        // The push starts when this returns; Cancel once its first call is answered.
        QTimer::singleShot(0, h.cloud, [&h] {
            QProgressBar *bar = h.cloud->progress()->dialog()->bar();
            QObject::connect(bar, &QProgressBar::valueChanged, h.cloud, [&h](int value) {
                if (value == 1)
                    h.cloud->progress()->dialog()->reject(); // what Cancel and Esc do
            });
        });
        return true;
    };
    h.cloud->setPrompts(cancelAfterFirstCall);
    const Status status = h.push();
    QCOMPARE(status.firstError().kind, ProblemKind::Cancelled);
    QCOMPARE(h.results.size(), 1);
    const PushResultView &result = h.results.first();
    QVERIFY(result.calls.size() >= 3);
    QCOMPARE(result.appliedCount(), 1);
    QVERIFY(result.failure.contains(QStringLiteral("cancelled")));
    // Placement has the first call only; locally everything is kept, the rest still to push.
    QCOMPARE(apiProvider(t.server, t.root, t.root).inventories.value(kVcpu).total, 16);
    const ProviderData child = apiProvider(t.server, t.root, t.child);
    QCOMPARE(child.name, t.childName);
    QVERIFY(!child.traits.contains(QStringLiteral("CUSTOM_GUI_LATER")));
    QCOMPARE(h.tree().data(t.child)->name, t.childName + QStringLiteral("-later"));
    QVERIFY(h.tree().data(t.child)->traits.contains(QStringLiteral("CUSTOM_GUI_LATER")));
    QCOMPARE(vcpuTotal(h.tree(), t.root), 30);
    QVERIFY(!h.inStepWithBase());
    QVERIFY(h.inspector.isModified());
    // And the rest goes with the next push.
    CloudPrompts pushAll;
    pushAll.reviewPlan = [&h](const PushPlanView &plan) {
        h.plans.append(plan);
        return true;
    };
    h.cloud->setPrompts(pushAll);
    QVERIFY(h.push().ok());
    QCOMPARE(comparable(h.tree().allData()), comparable(apiTree(t.server, t.root)));
    QVERIFY(!h.inspector.isModified());
}

void TestInspectorCloud::unsavedChangesCompareWithThePull()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 64).ok());
    QVERIFY(h.window().unsavedChangesAction()->isEnabled());
    QVERIFY(h.inspector.showUnsavedChanges().ok());
    CompareView *view = h.inspector.compareView();
    QVERIFY(view);
    QVERIFY(view->windowTitle().startsWith(QStringLiteral("Changes not pushed to Placement at ")));
    QVERIFY2(view->summaryText().startsWith(QStringLiteral("0 added, 0 removed, 1 changed, 0 moved")),
             qPrintable(view->summaryText()));
    // After the push the window compares with the new base: nothing differs.
    QVERIFY(h.push().ok());
    QVERIFY2(view->summaryText().startsWith(QStringLiteral("0 added, 0 removed, 0 changed, 0 moved")),
             qPrintable(view->summaryText()));
}

void TestInspectorCloud::failedConnectLeavesTheDocument_data()
{
    QTest::addColumn<ConnectRequest>("request");
    QTest::addColumn<ProblemKind>("kind");
    QTest::addColumn<QString>("says");

    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString closedUrl = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    closed.close(); // nobody listens there now

    ConnectRequest unreachable;
    unreachable.mode = ConnectRequest::Mode::Url;
    unreachable.url = closedUrl;
    unreachable.token = QStringLiteral("admin");
    QTest::newRow("unreachable") << unreachable << ProblemKind::Unreachable << closedUrl;
    ConnectRequest wrongToken = byUrl({}, LivePlacement::Keystone);
    wrongToken.token = QStringLiteral("not-a-token");
    QTest::newRow("401") << wrongToken << ProblemKind::Unauthorized << QString();
    QTest::newRow("403 names the policy") << byCloud(LiveCloud::demoCloud(), {}) << ProblemKind::Forbidden
                                          << QStringLiteral("placement:resource_providers:list");
    QTest::newRow("unknown cloud") << byCloud(QStringLiteral("no-such-cloud"), {}) << ProblemKind::Configuration
                                   << QStringLiteral("provtree-admin");
    QTest::newRow("unknown tree") << byUrl(QStringLiteral("no-such-tree-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
                                  << ProblemKind::NotFound << QStringLiteral("no-such-tree-");
}

void TestInspectorCloud::failedConnectLeavesTheDocument()
{
    QFETCH(ConnectRequest, request);
    QFETCH(ProblemKind, kind);
    QFETCH(QString, says);
    Harness h;
    openEditedFile(h);
    const DocumentState before = documentState(h);

    const Status status = h.connect(request);
    QVERIFY(!status.ok());
    QCOMPARE(status.firstError().kind, kind);
    QCOMPARE(documentState(h), before);
    QVERIFY(h.window().connectAction()->isEnabled());
    QVERIFY(!h.window().pushAction()->isEnabled());
    // Shown in a clear dialog, with what the server said.
    QCOMPARE(h.problems.size(), 1);
    QCOMPARE(h.problems.first().title, QStringLiteral("Cannot connect to Placement"));
    QStringList lines;
    for (const Problem &p : h.problems.first().problems)
        lines.append(p.text());
    const QString text = lines.join(QLatin1Char('\n'));
    QVERIFY2(text.contains(says), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("nothing changed: the open tree and document are as they were")));
}

void TestInspectorCloud::cancelledConnectLeavesTheDocument()
{
    // A server that accepts connections and never answers: the connect waits until Cancel.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    Harness h;
    openEditedFile(h);
    h.window().show();
    QVERIFY(QTest::qWaitForWindowExposed(&h.window()));
    const DocumentState before = documentState(h);

    ConnectRequest request;
    request.mode = ConnectRequest::Mode::Url;
    request.url = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
    request.token = QStringLiteral("admin");
    QSignalSpy finished(h.cloud, &CloudController::connectFinished);
    h.cloud->connectTo(request);
    // The pull has started (reading the server's versions), behind the progress dialog.
    QTRY_VERIFY(h.cloud->progress() && h.cloud->progress()->dialog()
                && h.cloud->progress()->dialog()->labelText().startsWith(QStringLiteral("Reading providers from")));
    ProgressDialog *progress = h.cloud->progress()->dialog();
    QVERIFY(progress->isVisible());
    QCOMPARE(progress->windowModality(), Qt::WindowModal); // the window paints, the tree cannot be edited
    QVERIFY(!h.window().connectAction()->isEnabled()); // one step at a time
    QTest::keyClick(progress, Qt::Key_Escape); // Esc is Cancel
    QVERIFY(finished.wait(10000) || !finished.isEmpty());
    const Status status = finished.first().first().value<Status>();
    QCOMPARE(status.firstError().kind, ProblemKind::Cancelled);
    QCOMPARE(documentState(h), before);
    QCOMPARE(h.problems.size(), 1);
    QCOMPARE(h.problems.first().title, QStringLiteral("Connect cancelled"));
    QTRY_VERIFY(!h.cloud->progress());
    QVERIFY(h.window().connectAction()->isEnabled());
}

void TestInspectorCloud::closingAsksAboutUnpushedChanges()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    h.window().show();
    QVERIFY(h.window().close()); // nothing to push: closes without asking
    QVERIFY(h.unpushedAsked.isEmpty());
    h.window().show();
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 8).ok());

    h.unpushedAnswer = CloudPrompts::Unpushed::Cancel;
    QVERIFY(!h.window().close());
    QCOMPARE(h.unpushedAsked, QStringList{QStringLiteral("Placement at ") + cloud().noauthPlacementUrl()});

    // Push…: the push starts, the window stays open.
    h.unpushedAnswer = CloudPrompts::Unpushed::Push;
    QSignalSpy pushed(h.cloud, &CloudController::pushFinished);
    QVERIFY(!h.window().close());
    QVERIFY(pushed.wait(60000));
    QVERIFY(pushed.first().first().value<Status>().ok());
    QCOMPARE(apiProvider(t.server, t.root, t.root).inventories.value(kVcpu).total, 8);
    QVERIFY(!h.inspector.isModified());

    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 4).ok());
    h.unpushedAnswer = CloudPrompts::Unpushed::Discard;
    QVERIFY(h.window().close());
    QCOMPARE(h.unpushedAsked.size(), 3);
}

void TestInspectorCloud::saveAsWritesTheOrigin()
{
    const ApiTree t = makeTree();
    Harness h;
    QVERIFY(h.connect(byUrl(t.rootName)).ok());
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 12).ok());
    const QString title = h.window().windowTitle();
    h.savePath = m_dir.filePath(QStringLiteral("pulled.json"));
    QVERIFY(h.inspector.saveAs());
    const Result<SnapshotDocument> saved = parseSnapshotDocument(testing::readAll(h.savePath));
    QVERIFY(saved.ok());
    QCOMPARE(saved.value().origin.source, QStringLiteral("placement"));
    QCOMPARE(saved.value().origin.endpoint, cloud().noauthPlacementUrl());
    QCOMPARE(saved.value().origin.tree, t.rootName);
    QVERIFY(saved.value().origin.microversion.startsWith(QStringLiteral("1.")));
    QCOMPARE(comparable(saved.value().providers), comparable(h.tree().allData())); // mine, edits included
    // A copy: the document is still the cloud's, the edit still to push.
    QVERIFY(h.cloud->isActive());
    QCOMPARE(h.window().windowTitle(), title);
    QVERIFY(h.inspector.isModified());
}

void TestInspectorCloud::noSecretAnywhere()
{
    const ApiTree t = makeTree(LivePlacement::Keystone);
    Harness h;
    QStringList secrets = cloud().secretMarkers();
    const ConnectRequest direct = byUrl(t.rootName, LivePlacement::Keystone);
    secrets.append(direct.token);
    QString seen;

    // Through clouds.yaml (password from secure.yaml), then with a token by URL.
    QVERIFY(h.connect(byCloud(LiveCloud::adminCloud(), t.rootName)).ok());
    seen += visibleTexts(h);
    QVERIFY(h.connect(direct).ok());
    seen += visibleTexts(h);
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 10).ok());
    QVERIFY(apiSetTraits(t.server, t.child, {})); // a conflict-free change of theirs elsewhere
    QVERIFY(h.push().ok());
    seen += visibleTexts(h);
    for (const PushPlanView &plan : std::as_const(h.plans))
        seen += plan.target + plan.text;
    for (const PushResultView &result : std::as_const(h.results)) {
        seen += result.target + result.failure + result.localNote + result.problems.join(QString());
        for (const PushResultView::Call &call : result.calls)
            seen += call.summary + call.request;
    }
    // A failed connect's message (a wrong token: the server's answer is shown, not the token).
    ConnectRequest wrong = direct;
    wrong.token = QStringLiteral("wrong-") + direct.token.right(12);
    secrets.append(wrong.token);
    QVERIFY(!h.connect(wrong).ok());
    for (const auto &shown : std::as_const(h.problems)) {
        seen += shown.title + shown.what;
        for (const Problem &p : shown.problems)
            seen += p.toString();
    }
    // The settings and a saved snapshot.
    QSettings().sync();
    seen += QString::fromUtf8(testing::readAll(QSettings().fileName()));
    h.savePath = m_dir.filePath(QStringLiteral("secretless.json"));
    QVERIFY(h.inspector.saveAs());
    seen += QString::fromUtf8(testing::readAll(h.savePath));

    QVERIFY(seen.contains(QStringLiteral("cloud provtree-admin (RegionOne)"))); // the grep saw real text
    QVERIFY(seen.contains(cloud().placementUrl()));
    for (const QString &secret : std::as_const(secrets))
        QVERIFY2(!secret.isEmpty() && !seen.contains(secret), "a secret reached what people see");
}

namespace {
QString shotPath(const QString &name)
{
    return qEnvironmentVariable("PROVTREE_SHOTS", QCoreApplication::applicationDirPath()) + QLatin1Char('/') + name;
}

bool shoot(QWidget &widget, const QString &name)
{
    widget.show();
    return QTest::qWaitForWindowExposed(&widget) && widget.grab().save(shotPath(name));
}
} // namespace

// Pictures of every step with real data (the fixture's Keystone cloud): the window with a
// cloud open, the Connect dialog as clouds.yaml makes it, the progress dialog, the
// three-way dialog, the plan, the result, a refusal, the close question and the compare
// view after a refresh. Each is also checked for what it must say.
void TestInspectorCloud::screenshotsOfTheFlow()
{
    const ApiTree t = makeTree(LivePlacement::Keystone);
    Harness h;
    h.window().resize(1280, 800);
    h.window().show();
    QVERIFY(QTest::qWaitForWindowExposed(&h.window()));

    ConnectDialog connectDialog(h.cloud->connectChoices(), &h.window());
    QVERIFY(shoot(connectDialog, QStringLiteral("cloud-connect.png")));
    connectDialog.reject();

    // The progress dialog, held open by a server that never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ConnectRequest hanging;
    hanging.mode = ConnectRequest::Mode::Url;
    hanging.url = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
    hanging.token = QStringLiteral("admin");
    QSignalSpy connected(h.cloud, &CloudController::connectFinished);
    h.cloud->connectTo(hanging);
    QTRY_VERIFY(h.cloud->progress() && h.cloud->progress()->dialog()
                && h.cloud->progress()->dialog()->labelText().startsWith(QStringLiteral("Reading providers from")));
    QVERIFY(shoot(*h.cloud->progress()->dialog(), QStringLiteral("cloud-progress.png")));
    h.cloud->cancel();
    QTRY_COMPARE(connected.size(), 1);

    QVERIFY(h.connect(byCloud(LiveCloud::adminCloud(), t.root)).ok());
    h.window().selectProvider(t.root);
    QVERIFY(h.editor().setInventoryField(t.root, kVcpu, InventoryField::Total, 20).ok());
    QVERIFY(h.editor().addTrait(t.root, QStringLiteral("CUSTOM_GUI_SHOT")).ok());
    // The panels follow the tree's changes queued.
    QTRY_VERIFY(!h.window().findChild<QListWidget *>(QStringLiteral("traitList"))
                         ->findItems(QStringLiteral("CUSTOM_GUI_SHOT"), Qt::MatchExactly).isEmpty());
    QVERIFY(shoot(h.window(), QStringLiteral("cloud-window.png")));
    QVERIFY(h.window().windowTitle().startsWith(QStringLiteral("cloud provtree-admin (RegionOne)")));

    QVERIFY(apiSetVcpu(t.server, t.root, 24));
    h.threeWayAnswers = {ThreeWayChoice::Reapply, ThreeWayChoice::Close};
    (void)h.push();
    QCOMPARE(h.threeWays.size(), 2);
    ThreeWayDialog threeWay(h.threeWays.first(), &h.window());
    QVERIFY(shoot(threeWay, QStringLiteral("cloud-three-way.png")));
    QCOMPARE(h.plans.size(), 1);
    PushPlanDialog plan(h.plans.first(), &h.window());
    QVERIFY(plan.summaryText().contains(QStringLiteral("its value is kept there")));
    QVERIFY(shoot(plan, QStringLiteral("cloud-push-plan.png")));
    QCOMPARE(h.results.size(), 1);
    PushResultDialog result(h.results.first(), &h.window());
    QVERIFY(shoot(result, QStringLiteral("cloud-push-result.png")));

    // The close question, as the real prompt shows it.
    const CloudPrompts real = CloudPrompts::dialogs(&h.window());
    QTimer::singleShot(0, &h.window(), [] {
        QWidget *box = QApplication::activeModalWidget();
        QVERIFY(box && shoot(*box, QStringLiteral("cloud-unpushed.png")));
        if (box)
            QMetaObject::invokeMethod(box, "reject", Qt::QueuedConnection);
    });
    QCOMPARE(real.unpushed(h.cloud->document()->name()), CloudPrompts::Unpushed::Cancel);

    // A refusal (403: the demo user's role), in the window's own problems box.
    CloudPrompts showProblems;
    showProblems.problems = real.problems;
    h.cloud->setPrompts(showProblems);
    QCOMPARE(h.connect(byCloud(LiveCloud::demoCloud(), {})).firstError().kind, ProblemKind::Forbidden);
    QMessageBox *problems = h.window().findChild<QMessageBox *>(QStringLiteral("problemsBox"));
    QVERIFY(problems);
    QVERIFY(problems->informativeText().contains(QStringLiteral("placement:resource_providers:list")));
    QVERIFY(shoot(*problems, QStringLiteral("cloud-refusal.png")));
    problems->close();

    // A refresh: the compare view of the last pull and Placement now.
    QVERIFY(apiSetTraits(t.server, t.child, {}));
    QVERIFY(h.refresh().ok());
    QVERIFY(h.inspector.compareView());
    h.inspector.compareView()->selectProvider(t.child);
    QVERIFY(shoot(*h.inspector.compareView(), QStringLiteral("cloud-refresh-compare.png")));
}

QTEST_MAIN(TestInspectorCloud)
#include "tst_inspectorcloud.moc"
