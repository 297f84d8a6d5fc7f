#include "requestfield.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStringListModel>

namespace provtree {

namespace {

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

} // namespace

RequestField::RequestField(QWidget *parent)
    : QLineEdit(parent), m_names(new QStringListModel(this)), m_completer(new QCompleter(m_names, this))
{
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setModelSorting(QCompleter::CaseSensitivelySortedModel);
    m_completer->setMaxVisibleItems(12);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &RequestField::insertCompletion);
    connect(this, &QLineEdit::textEdited, this, &RequestField::offerCompletions);
}

RequestField::~RequestField() = default;

void RequestField::setVocabulary(const QStringList &names)
{
    m_names->setStringList(names); // sorted: the vocabulary comes sorted
}

QStringList RequestField::vocabulary() const
{
    return m_names->stringList();
}

QString RequestField::wordAtCursor() const
{
    const QString content = text();
    const int end = cursorPosition();
    int begin = end;
    while (begin > 0 && isWordCharacter(content.at(begin - 1)))
        --begin;
    return content.mid(begin, end - begin);
}

void RequestField::offerCompletions()
{
    const QString word = wordAtCursor();
    if (word.isEmpty()) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(word);
    // Nothing to offer, or only the word itself (typed in full).
    const bool typedInFull = m_completer->completionCount() == 1 && m_completer->currentCompletion() == word;
    if (m_completer->completionCount() == 0 || typedInFull) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
                  + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
}

void RequestField::insertCompletion(const QString &completion)
{
    const QString word = wordAtCursor();
    const int end = cursorPosition();
    QString content = text();
    content.replace(end - word.size(), word.size(), completion);
    setText(content);
    setCursorPosition(end - int(word.size()) + int(completion.size()));
    // As typed: whoever follows the text hears of it.
    emit textEdited(content);
    m_completer->popup()->hide();
}

void RequestField::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore(); // the completer's popup takes them
            return;
        default:
            break;
        }
    }
    QLineEdit::keyPressEvent(event);
}

void RequestField::focusInEvent(QFocusEvent *event)
{
    m_completer->setWidget(this);
    QLineEdit::focusInEvent(event);
}

} // namespace provtree
