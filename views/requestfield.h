#pragma once

#include <QLineEdit>
#include <QStringList>

class QCompleter;
class QStringListModel;

namespace provtree {

// A one-line field for a GET /allocation_candidates request (the query or the flavor
// form) that completes the word being typed (a resource class or trait: a run of letters,
// digits and '_' ending at the cursor) from a vocabulary, e.g. the names the tree has:
// "resources=VCPU:1,MEM" offers MEMORY_MB, and choosing it replaces only "MEM". Matching
// ignores case; the popup takes Enter, Tab and Esc while it is open.
//
// GUI-thread widget.
class RequestField : public QLineEdit
{
    Q_OBJECT

public:
    explicit RequestField(QWidget *parent = nullptr);
    ~RequestField() override;

    void setVocabulary(const QStringList &names);
    [[nodiscard]] QStringList vocabulary() const;
    // The completer (not installed with setCompleter(): it completes a word, not the text).
    [[nodiscard]] QCompleter *wordCompleter() const { return m_completer; }
    // The word the cursor ends, as completion sees it.
    [[nodiscard]] QString wordAtCursor() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    void offerCompletions();
    void insertCompletion(const QString &completion);

    QStringListModel *m_names;  // Owned (QObject child).
    QCompleter *m_completer;    // Owned (QObject child).
};

} // namespace provtree
