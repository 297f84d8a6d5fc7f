#pragma once

#include <QDialog>

class QLabel;
class QPushButton;

namespace provtree {

class CompareView;
struct RecoveryOffer;

// What the user decides about a recovery file.
enum class RecoveryChoice {
    Recover, // open the original with the recovered state as unsaved changes
    Discard, // delete the recovery file
    Later,   // keep it; it is offered again at the next start
};

// Offers one recovery file back (RecoveryOffer): it names the document and when its state
// was saved, says when the original changed on disk since or is gone, and shows what
// Recover would bring back: the difference between the original as it is now and the
// recovered state, in a read-only compare view (only differences, the first one selected).
//
// Recover is the default button (Enter); Esc is Decide Later, which loses nothing. Focus
// starts on Recover; Tab reaches the compare view (arrows, F7 / Shift+F7). Every text from
// a file (names, paths) is shown as plain text, paths neutralised. GUI thread only.
class RecoveryDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RecoveryDialog(const RecoveryOffer &offer, QWidget *parent = nullptr);
    ~RecoveryDialog() override;

    // The button the dialog was closed with; Later until then (and for Esc).
    [[nodiscard]] RecoveryChoice choice() const { return m_choice; }

    // What the document is called: "cloud.json", "Sample snapshot", "an untitled document".
    [[nodiscard]] static QString documentName(const RecoveryOffer &offer);

    [[nodiscard]] QString headingText() const;
    [[nodiscard]] QString messageText() const;
    [[nodiscard]] QString warningText() const; // empty when there is nothing to warn about
    [[nodiscard]] QString summaryText() const;
    [[nodiscard]] CompareView *compareView() const { return m_compare; }
    [[nodiscard]] QPushButton *recoverButton() const { return m_recover; }
    [[nodiscard]] QPushButton *discardButton() const { return m_discard; }
    [[nodiscard]] QPushButton *laterButton() const { return m_later; }

private:
    void finish(RecoveryChoice choice);

    RecoveryChoice m_choice = RecoveryChoice::Later;
    // Widgets: owned by their parents in the dialog.
    QLabel *m_heading = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_summary = nullptr;
    CompareView *m_compare = nullptr;
    QPushButton *m_recover = nullptr;
    QPushButton *m_discard = nullptr;
    QPushButton *m_later = nullptr;
};

} // namespace provtree
