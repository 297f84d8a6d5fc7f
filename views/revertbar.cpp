#include "revertbar.h"

#include "neutralise.h"
#include "revertplan.h"
#include "treeeditor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace provtree {

namespace {

// A state's name in a button text: shown as it is (neutralised if it needs it), '&' not a
// mnemonic.
QString buttonText(const QString &text)
{
    QString out = neutralisedIfNeeded(text);
    out.replace(QLatin1Char('&'), QStringLiteral("&&"));
    return out;
}

RevertBar::Prompts defaultPrompts(QWidget *parent)
{
    RevertBar::Prompts prompts;
    prompts.confirm = [parent](const QString &title, const QString &question) {
        QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::Cancel, parent);
        box.setObjectName(QStringLiteral("restoreQuestion"));
        box.setTextFormat(Qt::PlainText); // names are user text
        box.setDefaultButton(QMessageBox::Yes);
        return box.exec() == QMessageBox::Yes;
    };
    prompts.refused = [parent](const QString &title, const QString &summary, const QStringList &details) {
        QString text = summary;
        for (const QString &line : details)
            text += QStringLiteral("\n• ") + line;
        auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
        box->setObjectName(QStringLiteral("revertRefusedBox"));
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    };
    return prompts;
}

} // namespace

RevertBar::RevertBar(const DiffModel &model, QWidget *parent)
    : QWidget(parent), m_model(model), m_prompts(defaultPrompts(this)), m_oldName(tr("old")),
      m_note(new QLabel(this)), m_button(new QPushButton(this))
{
    m_note->setObjectName(QStringLiteral("revertNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    // Long names wrap and must not widen the pane: no width of its own, the height for the
    // width it gets.
    QSizePolicy wrapping(QSizePolicy::Ignored, QSizePolicy::Preferred);
    wrapping.setHeightForWidth(true);
    m_note->setSizePolicy(wrapping);
    connect(m_button, &QPushButton::clicked, this, &RevertBar::clicked);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_note, 1);
    layout->addWidget(m_button, 0, Qt::AlignTop);
    refresh();
}

RevertBar::~RevertBar() = default;

void RevertBar::setPrompts(Prompts prompts)
{
    if (prompts.confirm)
        m_prompts.confirm = std::move(prompts.confirm);
    if (prompts.refused)
        m_prompts.refused = std::move(prompts.refused);
}

void RevertBar::setEditor(TreeEditor *editor)
{
    m_editor = editor;
    refresh();
}

void RevertBar::setOldName(const QString &name)
{
    m_oldName = name;
    refresh();
}

void RevertBar::setProvider(const QString &uuid)
{
    m_uuid = uuid;
    refresh();
}

QString RevertBar::note() const
{
    return m_note->text();
}

RevertPlan RevertBar::plan() const
{
    if (!m_editor || m_uuid.isEmpty())
        return {};
    return RevertPlan::make(m_model, m_uuid, m_editor->tree(), m_oldName);
}

void RevertBar::refresh()
{
    setVisible(m_editor != nullptr);
    const RevertPlan plan = this->plan();
    m_button->setEnabled(plan.isPossible());
    const QString old = buttonText(m_oldName);
    switch (plan.action()) {
    case RevertPlan::Action::Remove: m_button->setText(tr("&Remove (Not in %1)").arg(old)); break;
    case RevertPlan::Action::Restore:
        m_button->setText(plan.needsConfirmation() ? tr("&Restore from %1…").arg(old) : tr("&Restore from %1").arg(old));
        break;
    case RevertPlan::Action::Revert:
    case RevertPlan::Action::None: m_button->setText(tr("&Revert to %1").arg(old)); break;
    }
    const QString note = plan.action() == RevertPlan::Action::None ? QString()
                         : plan.isPossible()                      ? plan.description()
                                                                  : plan.blockedReason();
    m_note->setText(note);
    m_button->setToolTip(note.isEmpty() ? tr("Undo this provider's differences (one undoable step)") : note);
}

Status RevertBar::revert()
{
    if (m_uuid.isEmpty())
        return makeError(ProblemKind::UnknownProvider, tr("No provider is selected."));
    if (!m_editor)
        return makeError(ProblemKind::UnknownProvider, tr("This comparison cannot be edited."));
    const RevertPlan plan = this->plan();
    if (plan.action() == RevertPlan::Action::None)
        return {};
    if (!plan.isPossible())
        return makeError(ProblemKind::Refused, plan.blockedReason());
    if (plan.needsConfirmation() && !m_prompts.confirm(tr("Restore Removed Providers"), plan.question()))
        return makeError(ProblemKind::Cancelled, tr("Nothing was restored."));
    // One undo step, one core transaction; refused if the tree changed since the diff.
    return plan.apply(*m_editor);
}

void RevertBar::clicked()
{
    const RevertPlan plan = this->plan(); // before the revert replaces the diff
    const Status status = revert();
    if (status.ok() || status.firstError().kind == ProblemKind::Cancelled)
        return;
    m_prompts.refused(plan.title(), plan.summary(), plan.explain(status, m_model));
    emit failed(status);
}

} // namespace provtree
