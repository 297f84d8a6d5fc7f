#include "recoverydialog.h"

#include "compareview.h"
#include "neutralise.h"
#include "recoveryoffer.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace provtree {

namespace {

// "on Tuesday, 12 March 2025 at 14:32:05"
QString whenText(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    return RecoveryDialog::tr("on %1 at %2")
            .arg(QLocale().toString(local.date(), QLocale::LongFormat),
                 local.time().toString(QStringLiteral("HH:mm:ss")));
}

// "5 minutes ago"
QString agoText(const QDateTime &time)
{
    const qint64 seconds = time.secsTo(QDateTime::currentDateTimeUtc());
    const auto count = [](qint64 n, const QString &one, const QString &many) {
        return n == 1 ? one : many.arg(n);
    };
    if (seconds < 60)
        return RecoveryDialog::tr("less than a minute ago");
    if (seconds < 3600)
        return count(seconds / 60, RecoveryDialog::tr("1 minute ago"), RecoveryDialog::tr("%1 minutes ago"));
    if (seconds < 86400)
        return count(seconds / 3600, RecoveryDialog::tr("1 hour ago"), RecoveryDialog::tr("%1 hours ago"));
    return count(seconds / 86400, RecoveryDialog::tr("1 day ago"), RecoveryDialog::tr("%1 days ago"));
}

QLabel *textLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setTextFormat(Qt::PlainText); // names and paths come from files
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

QString RecoveryDialog::documentName(const RecoveryOffer &offer)
{
    switch (offer.info.document) {
    case RecoveryInfo::Document::File: return neutralisedIfNeeded(QFileInfo(offer.info.path).fileName());
    case RecoveryInfo::Document::Sample: return tr("Sample snapshot");
    case RecoveryInfo::Document::Untitled: break;
    }
    return tr("an untitled document");
}

RecoveryDialog::RecoveryDialog(const RecoveryOffer &offer, QWidget *parent) : QDialog(parent)
{
    const QString name = documentName(offer);
    setWindowTitle(tr("Recover Unsaved Changes — provtree inspector"));

    m_heading = textLabel(tr("Recover unsaved changes to %1?").arg(name));
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.2);
    m_heading->setFont(headingFont);

    QString message = tr("The inspector ended without closing normally while %1 had unsaved changes. "
                         "They were saved automatically %2 (%3).")
                              .arg(name, whenText(offer.info.written), agoText(offer.info.written));
    if (offer.info.document == RecoveryInfo::Document::File)
        message += u'\n' + tr("File: %1").arg(neutralisedIfNeeded(offer.info.path));
    else if (offer.info.document == RecoveryInfo::Document::Untitled)
        message += u'\n' + tr("Recover opens them as a new document; Save asks where to keep it.");
    m_message = textLabel(message);

    QString warning;
    switch (offer.originalState) {
    case RecoveryOffer::Original::ChangedOnDisk:
        warning = tr("%1 has changed on disk since these edits began (it was modified %2). Below, the file as it "
                     "is now is compared with the recovered state: saving after Recover replaces the newer "
                     "content of the file.")
                          .arg(name, whenText(offer.originalModifiedNow));
        break;
    case RecoveryOffer::Original::Missing:
        warning = tr("%1 no longer exists. Recover opens the recovered state as a new document; Save asks where "
                     "to keep it.")
                          .arg(name);
        break;
    case RecoveryOffer::Original::Unreadable: {
        const QString reason = offer.originalProblems.isEmpty() ? tr("unknown problem")
                                                                : offer.originalProblems.constFirst().message;
        warning = tr("%1 cannot be opened any more (%2). Recover opens the recovered state as a new document; "
                     "Save asks where to keep it.")
                          .arg(name, reason);
        break;
    }
    case RecoveryOffer::Original::Unchanged:
    case RecoveryOffer::Original::Sample:
    case RecoveryOffer::Original::Untitled:
        break;
    }
    m_warning = textLabel(warning);
    m_warning->setObjectName(QStringLiteral("recoveryWarning"));
    m_warning->setStyleSheet(QStringLiteral(
            "QLabel#recoveryWarning { background: #fff4c2; color: #5a4500; border: 1px solid #e0c860;"
            " padding: 6px 10px; }"));
    m_warning->setVisible(!warning.isEmpty());

    m_compare = new CompareView;
    m_compare->setOnlyDifferences(true); // first: the tree then lays out only what differs
    const bool sample = offer.originalState == RecoveryOffer::Original::Sample;
    m_compare->setStateNames(sample ? tr("sample") : offer.hasOriginal() ? tr("%1 on disk").arg(name) : tr("no original"),
                             tr("recovered"));
    m_compare->setDiff(offer.diff, offer.original, offer.recovered);
    (void)m_compare->nextDifference();

    // The compare view's legend counts the differences; this says what is compared.
    QString summary;
    if (offer.diff.isEmpty())
        summary = tr("The recovered state is the same as %1 on disk: Recover brings nothing back.").arg(name);
    else if (sample)
        summary = tr("What Recover brings back, compared with the sample:");
    else if (offer.hasOriginal())
        summary = tr("What Recover brings back, compared with %1 as it is on disk:").arg(name);
    else
        summary = tr("What Recover brings back (%1 providers):").arg(offer.recovered.size());
    m_summary = textLabel(summary);

    auto *buttons = new QDialogButtonBox;
    m_recover = buttons->addButton(tr("&Recover"), QDialogButtonBox::AcceptRole);
    m_recover->setToolTip(tr("Open %1 with these changes as unsaved edits (Undo takes them back)").arg(name));
    m_discard = buttons->addButton(tr("&Discard"), QDialogButtonBox::DestructiveRole);
    m_discard->setToolTip(tr("Delete the recovered changes"));
    m_later = buttons->addButton(tr("Decide &Later"), QDialogButtonBox::RejectRole);
    m_later->setToolTip(tr("Keep the recovered changes and ask again at the next start (Esc)"));
    connect(m_recover, &QPushButton::clicked, this, [this] { finish(RecoveryChoice::Recover); });
    connect(m_discard, &QPushButton::clicked, this, [this] { finish(RecoveryChoice::Discard); });
    connect(m_later, &QPushButton::clicked, this, [this] { finish(RecoveryChoice::Later); });

    auto *icon = new QLabel;
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxQuestion, nullptr, this).pixmap(iconSize));
    icon->setAlignment(Qt::AlignTop);
    auto *texts = new QVBoxLayout;
    texts->addWidget(m_heading);
    texts->addWidget(m_message);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(texts, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_warning);
    layout->addWidget(m_summary);
    layout->addWidget(m_compare, 1);
    layout->addWidget(buttons);
    // Now that the button is in the dialog: the dialog makes it the default it returns to
    // whenever the focus leaves another button (the compare view has some of its own).
    m_recover->setDefault(true);
    resize(1100, 720);
    m_recover->setFocus();
}

RecoveryDialog::~RecoveryDialog() = default;

QString RecoveryDialog::headingText() const
{
    return m_heading->text();
}

QString RecoveryDialog::messageText() const
{
    return m_message->text();
}

QString RecoveryDialog::warningText() const
{
    return m_warning->text();
}

QString RecoveryDialog::summaryText() const
{
    return m_summary->text();
}

void RecoveryDialog::finish(RecoveryChoice choice)
{
    m_choice = choice;
    if (choice == RecoveryChoice::Later)
        reject();
    else
        accept();
}

} // namespace provtree
