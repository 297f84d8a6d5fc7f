#include "pushflow.h"

#include "cloudviews.h"
#include "livedocument.h"
#include "livemerge.h"
#include "neutralise.h"
#include "operationprogress.h"
#include "patchapply.h"
#include "placementpush.h"
#include "providertree.h"
#include "treeeditor.h"
#include "treesource.h"
#include "treestatecommand.h"

#include <QDateTime>
#include <QSet>

namespace provtree {

namespace {

bool hasGenerationConflict(const Status &status)
{
    const Problems errors = status.errors();
    return std::any_of(errors.cbegin(), errors.cend(),
                       [](const Problem &problem) { return problem.kind == ProblemKind::GenerationConflict; });
}

// The providers the patch changes (adds, removes, changes or moves).
QStringList changedProviders(const TreeDiff &patch)
{
    QStringList uuids;
    for (const ProviderDiff &diff : patch.providers()) {
        if (diff.isChange())
            uuids.append(diff.uuid);
    }
    return uuids;
}

const ProviderData *findRecord(const QList<ProviderData> &records, const QString &uuid)
{
    const auto it = std::find_if(records.cbegin(), records.cend(), [&uuid](const ProviderData &p) { return p.uuid == uuid; });
    return it == records.cend() ? nullptr : &*it;
}

QHash<QString, QString> namesOf(std::initializer_list<const QList<ProviderData> *> lists)
{
    QHash<QString, QString> names;
    for (const QList<ProviderData> *list : lists) {
        for (const ProviderData &record : *list)
            names.insert(record.uuid, record.name);
    }
    return names;
}

} // namespace

PushFlow::PushFlow(LiveDocument &document, TreeEditor &editor, QWidget *window, const CloudPrompts &prompts,
                   QObject *parent)
    : QObject(parent),
      m_document(document),
      m_editor(editor),
      m_window(window),
      m_prompts(prompts),
      m_progress(new OperationProgress(window, tr("Push Changes"), this))
{
    connect(m_progress, &OperationProgress::cancelRequested, this, &PushFlow::cancel);
}

PushFlow::~PushFlow()
{
    delete m_operation.data(); // stops it
}

void PushFlow::cancel()
{
    if (m_operation)
        m_operation->cancel(); // it finishes, Cancelled; the step after it says what happened
}

template <typename Operation>
void PushFlow::run(Operation *operation, const QString &label, const QString &unit, void (PushFlow::*next)(Operation &))
{
    operation->setParent(this);
    m_operation = operation;
    m_progress->follow(operation, label, unit);
    connect(operation, &SourceOperation::finished, this, [this, operation, next] {
        m_operation.clear();
        operation->deleteLater(); // not inside its own signal
        (this->*next)(*operation);
    });
}

void PushFlow::start(bool rebase)
{
    m_rebase = rebase;
    m_outcome = PushOutcome();
    m_status = Status();
    m_settleNote.clear();
    m_patch = TreeDiff::compute(m_document.base(), m_editor.tree().allData(), false);
    if (m_patch.isEmpty()) {
        emit message(tr("Nothing to push: the tree is as it was pulled."));
        finish({});
        return;
    }
    PushOptions options;
    options.dryRun = true;
    options.rebase = rebase;
    run(m_document.source().push(m_patch, options),
        tr("Planning the push: reading Placement's current state of the trees you changed…"), tr("providers"),
        &PushFlow::planned);
}

void PushFlow::planned(PushOperation &operation)
{
    const PushOutcome &outcome = operation.outcome();
    const Status &status = operation.status();
    // A re-apply plans around conflicts (Placement's value is kept there): they are no
    // reason not to send the rest.
    const Problems errors = status.errors();
    const bool conflictsOnly = m_rebase && !outcome.plan.isEmpty() && outcome.hasConflicts()
                               && std::all_of(errors.cbegin(), errors.cend(), [](const Problem &p) {
                                      return p.kind == ProblemKind::GenerationConflict;
                                  });
    if (!status.ok() && !conflictsOnly) {
        if (hasGenerationConflict(status)) {
            m_progress->close();
            refused(outcome.now.providers, status);
            return;
        }
        m_prompts.problems(tr("Cannot push"), m_document.pushName(), status.problems());
        finish(status);
        return;
    }
    if (outcome.plan.isEmpty()) {
        // Placement holds my state already (someone made the same change): adopt it.
        run(m_document.source().refresh(settleReadSet(m_patch)), tr("Reading Placement back…"), tr("providers"),
            &PushFlow::readBack);
        return;
    }
    m_progress->close();
    PushPlanView review = pushPlanView(outcome.plan, m_document.pushName(), m_rebase);
    review.conflicts = outcome.conflicts().size();
    if (!m_prompts.reviewPlan(review)) {
        emit message(tr("Push cancelled: nothing was sent."));
        finish(makeError(ProblemKind::Cancelled, tr("push cancelled by the user; nothing was sent")));
        return;
    }
    PushOptions options;
    options.rebase = m_rebase;
    run(m_document.source().push(m_patch, options), tr("Pushing to %1…").arg(m_document.pushName()), tr("calls"),
        &PushFlow::pushed);
}

void PushFlow::pushed(PushOperation &operation)
{
    m_outcome = operation.outcome();
    m_status = operation.status();
    if (!m_outcome.sent) {
        // Refused before anything was sent (Placement changed since the dry run), or
        // nothing to send after all.
        if (hasGenerationConflict(m_status)) {
            m_progress->close();
            refused(m_outcome.now.providers, m_status);
            return;
        }
        if (!m_status.ok()) {
            if (!m_status.errors().isEmpty() && m_status.firstError().kind != ProblemKind::Cancelled)
                m_prompts.problems(tr("Cannot push"), m_document.pushName(), m_status.problems());
            finish(m_status);
            return;
        }
    }
    // Whatever was applied, the base must follow Placement: read back what the push touched.
    run(m_document.source().refresh(settleReadSet(m_patch)), tr("Reading Placement back…"), tr("providers"),
        &PushFlow::readBack);
}

void PushFlow::refused(const QList<ProviderData> &now, const Status &status)
{
    const QList<ThreeWayField> rows = changesSincePull(m_document.base(), m_editor.tree().allData(), now,
                                                       touchedProviders(m_patch), changedProviders(m_patch));
    askAboutConflicts(rows, now, status);
}

void PushFlow::readBack(SourceOperation &operation)
{
    m_progress->close();
    const QList<ProviderData> &now = operation.loaded().providers;
    const QStringList asked = settleReadSet(m_patch);
    QStringList conflicted;
    if (operation.status().ok()) {
        conflicted = settleWith(now, asked);
    } else {
        m_settleNote = tr("Placement could not be read back (%1); View > Refresh brings the tree up to date.")
                               .arg(operation.status().firstError().text());
    }
    if (m_outcome.sent || !m_outcome.plan.isEmpty())
        m_prompts.showResult(pushResultView(m_outcome, m_status, m_document.pushName(), localNote()));
    else
        emit message(tr("Placement already holds your changes."));
    if (!conflicted.isEmpty()) {
        // What is left unresolved: the providers settle() kept as they were.
        askAboutConflicts(changesSincePull(m_document.base(), m_editor.tree().allData(), now, asked, conflicted), now,
                          m_status);
        return;
    }
    finish(m_status);
}

QStringList PushFlow::settleWith(const QList<ProviderData> &now, const QStringList &asked)
{
    ProviderTree &tree = m_editor.tree();
    const ProviderTree::Snapshot mine = tree.snapshot();
    const Settlement settled = settle(m_document.base(), mine.providers, now, asked);
    // Generations and others' changes come in as one transaction, not an undo step: undoing
    // it would make Placement's state look like my edit.
    TreeEdit edit = editFor(mine.providers, settled.mine);
    const Status applied = tree.apply(edit.expectTreeUnchangedSince(mine.sequence)).status();
    if (!applied.ok()) {
        m_settleNote = tr("The local tree could not take Placement's new state (%1); View > Refresh brings it up "
                          "to date. Your edits are kept.")
                               .arg(applied.firstError().text());
        return {};
    }
    m_document.setBase(settled.base);
    m_document.setPushedAt(QDateTime::currentDateTimeUtc());
    if (m_documentChanged)
        m_documentChanged();
    return settled.conflicted;
}

QString PushFlow::localNote() const
{
    if (!m_settleNote.isEmpty())
        return m_settleNote;
    const TreeDiff left = TreeDiff::compute(m_document.base(), m_editor.tree().allData(), false);
    if (left.isEmpty())
        return tr("Placement holds all your changes now.");
    const qsizetype count = left.added().size() + left.removed().size() + left.changed().size();
    return count == 1 ? tr("Your edits are kept: 1 provider still differs from Placement (File > Show Unsaved "
                           "Changes shows it).")
                      : tr("Your edits are kept: %1 providers still differ from Placement (File > Show Unsaved "
                           "Changes shows them).")
                                .arg(count);
}

void PushFlow::askAboutConflicts(const QList<ThreeWayField> &fields, const QList<ProviderData> &now,
                                 const Status &status)
{
    const QList<ProviderData> mine = m_editor.tree().allData();
    const qsizetype conflicts = std::count_if(fields.cbegin(), fields.cend(), [](const ThreeWayField &f) { return f.isConflict(); });
    QString summary = m_outcome.sent ? tr("Placement changed providers you edited; where you both changed a field, "
                                          "Placement's value was kept and yours was not sent.")
                                     : tr("Placement changed providers you edited since the pull, so nothing was sent.");
    if (conflicts > 0)
        summary += QLatin1Char(' ') + (conflicts == 1 ? tr("1 field conflicts.") : tr("%1 fields conflict.").arg(conflicts));
    ThreeWayView view = threeWayView(fields, m_document.pushName(), summary, true,
                                     namesOf({&m_document.base(), &mine, &now}));
    // A provider whose generation moved without a field shown changing (nova's allocations
    // move it too): one row, so that it is listed and can be dropped or re-applied.
    QSet<QString> listed;
    for (const ThreeWayView::Row &row : std::as_const(view.rows))
        listed.insert(row.providerUuid);
    for (const Problem &problem : status.errors()) {
        const ProviderData *pulled = findRecord(m_document.base(), problem.provider);
        const ProviderData *current = findRecord(now, problem.provider);
        if (problem.kind != ProblemKind::GenerationConflict || listed.contains(problem.provider) || !pulled || !current)
            continue;
        listed.insert(problem.provider);
        ThreeWayView::Row row;
        row.providerUuid = problem.provider;
        row.provider = neutralised(pulled->name);
        row.field = QStringLiteral("generation");
        row.pulled = row.mine = QString::number(pulled->generation);
        row.now = QString::number(current->generation);
        row.outcome = tr("Placement's");
        row.detail = tr("Placement changed the provider (its allocations, say) but none of its fields differ.");
        view.rows.append(row);
    }
    switch (m_prompts.resolve(view)) {
    case ThreeWayChoice::Reapply:
        start(true);
        return;
    case ThreeWayChoice::Drop:
        drop(QStringList(listed.cbegin(), listed.cend()), now);
        return;
    case ThreeWayChoice::Close:
        finish(status);
        return;
    }
}

void PushFlow::drop(QStringList uuids, const QList<ProviderData> &now)
{
    uuids.sort();
    const ProviderTree::Snapshot mine = m_editor.tree().snapshot();
    const QString text = uuids.size() == 1 ? tr("Drop My Changes to 1 Provider")
                                           : tr("Drop My Changes to %1 Providers").arg(uuids.size());
    const Status status = TreeStateCommand::apply(m_editor, mine.providers, mine.sequence,
                                                  withProvidersAsIn(mine.providers, now, uuids), text);
    if (!status.ok()) {
        m_prompts.problems(tr("Cannot drop your changes"), m_document.name(), status.problems());
        finish(status);
        return;
    }
    m_document.setBase(withProvidersAsIn(m_document.base(), now, uuids));
    if (m_documentChanged)
        m_documentChanged();
    emit message(uuids.size() == 1 ? tr("Your changes to 1 provider were dropped; Edit > Undo brings them back.")
                                   : tr("Your changes to %1 providers were dropped; Edit > Undo brings them back.")
                                             .arg(uuids.size()));
    finish({});
}

void PushFlow::finish(const Status &status)
{
    m_progress->close();
    emit finished(status);
}

} // namespace provtree
