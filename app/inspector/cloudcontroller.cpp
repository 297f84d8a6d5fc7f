#include "cloudcontroller.h"

#include "cloudconfig.h"
#include "cloudsession.h"
#include "cloudviews.h"
#include "connecthistory.h"
#include "inspector.h"
#include "livedocument.h"
#include "mainwindow.h"
#include "neutralise.h"
#include "operationprogress.h"
#include "placementdatabasesource.h"
#include "placementclient.h"
#include "placementsource.h"
#include "providertree.h"
#include "pushflow.h"
#include "splitsource.h"
#include "threeway.h"
#include "treediff.h"
#include "treeeditor.h"
#include "treestatecommand.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>
#include <QUndoStack>

namespace provtree {

namespace {

// The first candidate that exists and can be read: the one openstacksdk (and
// resolveCloud()) reads.
QString firstReadable(const QStringList &candidates)
{
    for (const QString &path : candidates) {
        const QFileInfo file(path);
        if (file.isFile() && file.isReadable())
            return file.absoluteFilePath();
    }
    return {};
}

QString rootOf(const QList<ProviderData> &records)
{
    for (const ProviderData &record : records) {
        if (record.parentUuid.isEmpty())
            return record.uuid;
    }
    return {};
}

QHash<QString, QString> namesOf(const QList<ProviderData> &a, const QList<ProviderData> &b)
{
    QHash<QString, QString> names;
    for (const QList<ProviderData> *list : {&a, &b}) {
        for (const ProviderData &record : *list)
            names.insert(record.uuid, record.name);
    }
    return names;
}

// What resolveCloud() is asked for: a clouds.yaml entry, or a URL and token without
// Keystone (no catalog, so no interface), with the request's region.
CloudOptions cloudOptions(bool byUrl, const QString &cloud, const QString &url, const QString &token,
                          const ConnectRequest &request)
{
    CloudOptions options;
    if (byUrl) {
        options.url = url;
        if (!token.isEmpty())
            options.token = Secret(token);
    } else {
        options.cloud = cloud;
        options.interface = request.interface;
    }
    options.region = request.region;
    return options;
}

} // namespace

CloudController::CloudController(Inspector &inspector, QObject *parent)
    : QObject(parent),
      m_inspector(inspector),
      m_prompts(CloudPrompts::dialogs(inspector.window())),
      m_session(new CloudSession(this)),
      m_statusLabel(new QLabel)
{
    MainWindow *window = m_inspector.window();
    m_statusLabel->setObjectName(QStringLiteral("cloudStatus"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setContentsMargins(12, 0, 4, 0); // apart from the provider count
    m_statusLabel->hide();
    window->statusBar()->addPermanentWidget(m_statusLabel);
    connect(window, &MainWindow::connectRequested, this, &CloudController::connectInteractively);
    connect(window, &MainWindow::refreshRequested, this, &CloudController::refresh);
    connect(window, &MainWindow::pushRequested, this, &CloudController::push);
    updateActions();
}

CloudController::~CloudController()
{
    // Operations first: they use their source's client.
    delete m_push;
    delete m_operation.data();
}

void CloudController::setPrompts(const CloudPrompts &prompts)
{
    if (prompts.connect)
        m_prompts.connect = prompts.connect;
    if (prompts.reviewPlan)
        m_prompts.reviewPlan = prompts.reviewPlan;
    if (prompts.showResult)
        m_prompts.showResult = prompts.showResult;
    if (prompts.resolve)
        m_prompts.resolve = prompts.resolve;
    if (prompts.unpushed)
        m_prompts.unpushed = prompts.unpushed;
    if (prompts.problems)
        m_prompts.problems = prompts.problems;
}

ConnectChoices CloudController::connectChoices() const
{
    const CloudFiles files = CloudFiles::standard(m_environment);
    ConnectChoices choices;
    const Result<QStringList> names = cloudNames(files);
    if (names.ok())
        choices.clouds = names.value();
    else
        choices.cloudsProblem = names.status().firstError().text();
    // Paths are shown as text: whatever the environment put in them cannot fake a line.
    choices.cloudsFile = neutralisedIfNeeded(firstReadable(files.clouds));
    if (!choices.cloudsFile.isEmpty())
        choices.secureFile = neutralisedIfNeeded(firstReadable(files.secure));
    for (const QString &folder : files.folders())
        choices.searched.append(neutralisedIfNeeded(folder));
    choices.recentClouds = ConnectHistory::recentClouds();
    choices.recentUrls = ConnectHistory::recentUrls();
    choices.lastWasUrl = ConnectHistory::lastWasUrl();
    choices.recentDatabases = ConnectHistory::recentDatabases();
    choices.databasePush = ConnectHistory::databasePush();
    choices.lastWasDatabase = ConnectHistory::lastWasDatabase();
    return choices;
}

bool CloudController::isBusy() const
{
    return m_connecting || m_operation || m_push || m_session->isOpening();
}

SnapshotOrigin CloudController::origin() const
{
    return m_document ? m_document->origin() : SnapshotOrigin();
}

OperationProgress *CloudController::progress() const
{
    return m_push ? m_push->progress() : m_progress;
}

OperationProgress *CloudController::startProgress(const QString &title)
{
    delete m_progress;
    m_progress = new OperationProgress(m_inspector.window(), title, this);
    connect(m_progress, &OperationProgress::cancelRequested, this, &CloudController::cancel);
    return m_progress;
}

void CloudController::stepEnded()
{
    m_connecting = false;
    if (m_progress) {
        m_progress->close();
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    updateActions();
}

void CloudController::cancel()
{
    if (m_push)
        m_push->cancel();
    else if (m_operation)
        m_operation->cancel();
    else if (m_session->isOpening())
        m_session->cancel();
    else if (m_connecting)
        m_cancelled = true; // signed in (or direct) but the pull not started yet: it won't

}

// --- connect ----------------------------------------------------------------------------

void CloudController::connectInteractively()
{
    if (isBusy() || !m_inspector.maybeSave())
        return;
    const std::optional<ConnectRequest> request = m_prompts.connect(connectChoices());
    if (request)
        connectTo(*request);
}

void CloudController::connectTo(const ConnectRequest &request)
{
    if (isBusy())
        return;
    if (request.mode == ConnectRequest::Mode::Database) {
        connectToDatabase(request);
        return;
    }
    const CloudOptions options = cloudOptions(request.mode == ConnectRequest::Mode::Url, request.cloud, request.url,
                                              request.token, request);
    const QString what = request.mode == ConnectRequest::Mode::Url
                                 ? LiveDocument::endpointText(request.url)
                                 : tr("cloud %1").arg(neutralisedIfNeeded(request.cloud));
    // Remembered once connected; the token is not part of what is kept.
    ConnectRequest remembered = request;
    remembered.token.clear();
    openPlacement(options, what, [this, remembered](const PlacementConnection &connection) {
        SnapshotOrigin where;
        where.cloud = connection.cloudName;
        where.endpoint = connection.endpoint;
        where.region = connection.region;
        startPull(std::make_unique<PlacementSource>(connection), remembered, LiveDocument::nameFor(where));
    });
}

void CloudController::openPlacement(const CloudOptions &options, const QString &what,
                                    const std::function<void(const PlacementConnection &)> &connected)
{
    const Result<CloudConfig> config = resolveCloud(options, m_environment, CloudFiles::standard(m_environment));
    if (!config.ok()) {
        connectFailed(what, config.status());
        return;
    }
    m_connecting = true;
    m_cancelled = false;
    OperationProgress *progress = startProgress(tr("Connect to Placement"));
    const CloudConfig &cloud = config.value();
    progress->showBusy(cloud.authType == AuthType::Direct
                               ? tr("Connecting to Placement at %1…").arg(LiveDocument::endpointText(cloud.placementEndpoint))
                               : tr("Signing in to Keystone at %1…").arg(LiveDocument::endpointText(cloud.authUrl)));
    updateActions();
    m_session->open(cloud, this, [this, what, connected](const Result<PlacementConnection> &connection) {
        if (!connection.ok()) {
            connectFailed(what, connection.status());
            return;
        }
        if (m_cancelled) {
            connectFailed(what, makeError(ProblemKind::Cancelled, tr("cancelled by the user")));
            return;
        }
        connected(connection.value());
    });
}

void CloudController::connectToDatabase(const ConnectRequest &request)
{
    const Result<DatabaseUrl> url = DatabaseUrl::parse(request.databaseUrl);
    if (!url.ok()) {
        connectFailed(tr("Placement's database"), url.status());
        return;
    }
    // The URL's password first, then PROVTREE_DB_PASSWORD, then the dialog's field.
    const Secret typed(request.databasePassword);
    const DatabaseUrl database = withPassword(url.value(), m_environment, [&typed]() -> std::optional<Secret> {
        return typed.isEmpty() ? std::nullopt : std::optional<Secret>(typed);
    });
    ConnectRequest remembered = request;
    remembered.databasePassword.clear();
    remembered.push.token.clear();
    const QString name = PlacementDatabaseSource::descriptionOf(database);
    if (request.push.mode == PushThrough::Mode::None) {
        m_connecting = true;
        m_cancelled = false;
        (void)startProgress(tr("Connect to Placement"));
        startPull(std::make_unique<PlacementDatabaseSource>(database), remembered, name);
        return;
    }
    // Reads from the database, pushes through the API: signed in (and so checked) first,
    // as a connection to the API would be, before the database is read.
    const bool byUrl = request.push.mode == PushThrough::Mode::Url;
    const CloudOptions options = cloudOptions(byUrl, request.push.cloud, request.push.url, request.push.token, request);
    const QString what = tr("%1, pushing through %2")
                                 .arg(name, byUrl ? LiveDocument::endpointText(request.push.url)
                                                  : tr("cloud %1").arg(neutralisedIfNeeded(request.push.cloud)));
    openPlacement(options, what, [this, database, remembered, name, what](const PlacementConnection &connection) {
        // The API is asked for its versions now, not after the edits: a wrong URL or a server
        // that is no Placement is said before anything is read.
        auto pusher = std::make_unique<PlacementSource>(connection);
        PlacementClient *client = pusher->client();
        m_newSource = std::make_unique<SplitSource>(std::make_unique<PlacementDatabaseSource>(database), std::move(pusher));
        client->ensureNegotiated(this, [this, remembered, name, what](const Status &negotiated) {
            if (negotiated.ok() && m_cancelled)
                return connectFailed(what, makeError(ProblemKind::Cancelled, tr("cancelled by the user")));
            if (!negotiated.ok())
                return connectFailed(what, negotiated);
            startPull(std::move(m_newSource), remembered, name);
        });
    });
}

void CloudController::startPull(std::unique_ptr<TreeSource> source, const ConnectRequest &remembered,
                                const QString &name)
{
    m_newSource = std::move(source);
    SourceOperation *pull = m_newSource->load(remembered.tree);
    pull->setParent(this);
    m_operation = pull;
    m_progress->follow(pull, tr("Reading providers from %1…").arg(name), tr("providers"));
    updateActions();
    connect(pull, &SourceOperation::finished, this, [this, pull, remembered, name] {
        m_operation.clear();
        pull->deleteLater(); // not inside its own signal
        pulled(*pull, remembered, name);
    });
}

void CloudController::pulled(SourceOperation &pull, const ConnectRequest &request, const QString &name)
{
    // The source goes after the operation that uses its client (both deleted later, in order).
    std::unique_ptr<TreeSource> source = std::move(m_newSource);
    if (!pull.status().ok()) {
        source.release()->deleteLater();
        connectFailed(name, pull.status());
        return;
    }
    const QList<ProviderData> &records = pull.loaded().providers;
    // Replaces the tree as opening a file does; the old document (maybe a live one) ends.
    const Status opened = m_inspector.openState(records, name);
    if (!opened.ok()) {
        source.release()->deleteLater();
        connectFailed(name, opened);
        return;
    }
    const QString scope = request.tree.isEmpty() ? QString() : rootOf(records);
    m_document = std::make_unique<LiveDocument>(std::move(source), scope, m_inspector.tree().allData(),
                                                pull.loaded().origin);
    ConnectHistory::remember(request);
    stepEnded();
    documentChanged();
    m_inspector.window()->statusBar()->showMessage(
            records.size() == 1 ? tr("Pulled 1 provider from %1.").arg(name)
                                : tr("Pulled %1 providers from %2.").arg(QString::number(records.size()), name),
            10000);
    emit connectFinished(opened);
}

void CloudController::connectFailed(const QString &what, const Status &status)
{
    if (m_newSource)
        m_newSource.release()->deleteLater(); // maybe inside a call of its client
    stepEnded();
    const bool cancelled = status.firstError().kind == ProblemKind::Cancelled;
    Problems problems = status.problems();
    problems.append(makeWarning(ProblemKind::Cancelled, tr("nothing changed: the open tree and document are as they were")));
    m_prompts.problems(cancelled ? tr("Connect cancelled") : tr("Cannot connect to Placement"), what, problems);
    emit connectFinished(status);
}

// --- refresh ----------------------------------------------------------------------------

void CloudController::refresh()
{
    if (!m_document || isBusy())
        return;
    OperationProgress *progress = startProgress(tr("Refresh"));
    SourceOperation *pull = m_document->source().load(m_document->scope());
    pull->setParent(this);
    m_operation = pull;
    progress->follow(pull, tr("Reading providers from %1…").arg(m_document->name()), tr("providers"));
    updateActions();
    connect(pull, &SourceOperation::finished, this, [this, pull] {
        m_operation.clear();
        pull->deleteLater();
        refreshed(*pull);
    });
}

void CloudController::refreshed(SourceOperation &pull)
{
    stepEnded();
    const QString name = m_document->name();
    if (!pull.status().ok()) {
        if (pull.status().firstError().kind != ProblemKind::Cancelled)
            m_prompts.problems(tr("Cannot refresh"), name, pull.status().problems());
        emit refreshFinished(pull.status());
        return;
    }
    // What Placement holds goes through the core's rules, in the core's form.
    ProviderTree pulled;
    const Status accepted = pulled.replaceAll(pull.loaded().providers);
    if (!accepted.ok()) {
        m_prompts.problems(tr("Cannot refresh"), name, accepted.problems());
        emit refreshFinished(accepted);
        return;
    }
    const QList<ProviderData> oldBase = m_document->base();
    const QList<ProviderData> newBase = pulled.allData();
    TreeEditor &editor = *m_inspector.window()->editor();
    const ProviderTree::Snapshot mine = editor.tree().snapshot();
    const Rebase merged = rebase(oldBase, mine.providers, newBase);
    const Status applied = TreeStateCommand::apply(editor, mine.providers, mine.sequence, merged.merged,
                                                   tr("Refresh from Placement"));
    if (!applied.ok()) {
        m_prompts.problems(tr("Cannot refresh"), name, applied.problems());
        emit refreshFinished(applied);
        return;
    }
    m_document->setBase(newBase);
    m_document->setOrigin(pull.loaded().origin);
    documentChanged();

    if (TreeDiff::compute(oldBase, newBase, false).isEmpty()) {
        m_inspector.window()->statusBar()->showMessage(tr("Placement has not changed since the last pull."), 10000);
    } else {
        m_inspector.compareStates(oldBase, newBase, tr("Changed in Placement since the last pull — %1").arg(name),
                                  tr("last pull"), tr("Placement now"));
    }
    if (merged.hasConflicts()) {
        const QList<ThreeWayField> conflicts = merged.conflicts();
        const QString summary = tr("Placement changed fields you had edited too. Placement's values were kept "
                                   "and yours dropped; Edit > Undo takes the refresh back with all your edits.");
        (void)m_prompts.resolve(threeWayView(conflicts, name, summary, false, namesOf(mine.providers, newBase)));
    }
    emit refreshFinished(accepted);
}

// --- push -------------------------------------------------------------------------------

void CloudController::push()
{
    if (!m_document || isBusy())
        return;
    m_push = new PushFlow(*m_document, *m_inspector.window()->editor(), m_inspector.window(), m_prompts, this);
    m_push->setDocumentChanged([this] { documentChanged(); });
    connect(m_push, &PushFlow::message, this,
            [this](const QString &text) { m_inspector.window()->statusBar()->showMessage(text, 10000); });
    connect(m_push, &PushFlow::finished, this, [this](const Status &status) {
        std::exchange(m_push, nullptr)->deleteLater();
        updateActions();
        emit pushFinished(status);
    });
    updateActions();
    m_push->start();
}

// --- the document -----------------------------------------------------------------------

void CloudController::endDocument()
{
    if (!m_document)
        return;
    delete m_push; // (the progress dialogs are window-modal: nothing else ends a document mid-step)
    m_push = nullptr;
    delete m_operation.data();
    m_document.reset();
    m_statusLabel->hide();
    updateActions();
}

bool CloudController::maybeKeepUnpushed()
{
    if (!m_document)
        return true;
    switch (m_prompts.unpushed(m_document->name())) {
    case CloudPrompts::Unpushed::Push: push(); return false;
    case CloudPrompts::Unpushed::SaveAs: return m_inspector.saveAs();
    case CloudPrompts::Unpushed::Discard: return true;
    case CloudPrompts::Unpushed::Cancel: return false;
    }
    return false;
}

void CloudController::updateModified()
{
    if (!m_document)
        return;
    QUndoStack *stack = m_inspector.window()->editor()->undoStack();
    if (TreeDiff::compute(m_document->base(), m_inspector.tree().allData(), false).isEmpty())
        stack->setClean();
    else
        stack->resetClean(); // no earlier state of the stack is known to be Placement's now
}

void CloudController::documentChanged()
{
    updateModified();
    m_statusLabel->setText(m_document->statusText());
    m_statusLabel->setToolTip(m_document->statusToolTip());
    m_statusLabel->show();
    m_inspector.baseChanged();
    updateActions();
}

void CloudController::updateActions()
{
    MainWindow *window = m_inspector.window();
    const bool idle = !isBusy();
    window->connectAction()->setEnabled(idle);
    window->refreshAction()->setEnabled(idle && m_document);
    // Placement's database is only read: without an API to push through, the edits of such
    // a document go nowhere but a file.
    const bool readOnly = m_document && m_document->isReadOnly();
    window->pushAction()->setEnabled(idle && m_document && !readOnly);
    window->pushAction()->setStatusTip(
            readOnly ? tr("Push is off: this document was read from Placement's database, which provtree never "
                          "writes. To push, connect again with a cloud or URL to push through.")
                     : QString());
}

} // namespace provtree
