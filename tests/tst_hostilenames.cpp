// Provider and file names that try to rewrite or forge the window's messages (%1, %2, %L1,
// a newline, ESC, a bidi override): every question, summary and problem list the main
// window shows names them exactly once, literally, with anything that could fake or hide
// a line escaped. Dialogs are replaced through MainWindow::Prompts.
#include "mainwindow.h"
#include "neutralise.h"
#include "providertree.h"
#include "treeeditor.h"

#include <QAction>
#include <QMessageBox>
#include <QTest>
#include <QUndoStack>

#include "support/hostiletext.h"
#include "support/testuuid.h"

using namespace provtree;
using provtree::testing::unsafeCharacters;
using provtree::testing::uuid;

namespace {

// A window over `tree` whose dialogs answer from the test and record what they were asked.
struct Window
{
    ProviderTree tree;
    MainWindow window{tree};
    std::optional<QString> answer; // the name every askName() prompt gets
    QStringList titles;            // askName() titles
    QStringList questions;         // confirm() questions

    Window()
    {
        window.setPrompts({[this](const QString &title, const QString &, const QString &) {
                               titles.append(title);
                               return answer;
                           },
                           [this](const QString &, const QString &question) {
                               questions.append(question);
                               return true;
                           }});
    }

    // The one visible problems box, or null.
    QMessageBox *problemsBox() const
    {
        for (QMessageBox *box : window.findChildren<QMessageBox *>(QStringLiteral("problemsBox"))) {
            if (box->isVisible())
                return box;
        }
        return nullptr;
    }
};

// `name` occurs exactly once in `text`, in its safe form (neutralisedIfNeeded(): as it is
// unless it could fake or hide a line), and nothing in `text` could.
bool namesOnce(const QString &text, const QString &name)
{
    return text.count(neutralisedIfNeeded(name)) == 1 && unsafeCharacters(text, false).isEmpty();
}

void addNameRows()
{
    QTest::addColumn<QString>("name");
    for (const auto &[tag, name] : provtree::testing::hostileNames())
        QTest::newRow(tag) << name;
}

} // namespace

class TestHostileNames : public QObject
{
    Q_OBJECT

private slots:
    void removeQuestionNamesTheProviderOnce_data() { addNameRows(); }
    void removeQuestionNamesTheProviderOnce()
    {
        QFETCH(QString, name);
        Window w;
        QVERIFY(w.tree.newRoot(name, uuid(1)).ok());
        QVERIFY(w.tree.newChild(QStringLiteral("leaf"), uuid(1), uuid(2)).ok());
        QVERIFY(w.tree.newChild(QStringLiteral("other leaf"), uuid(1), uuid(3)).ok());
        QVERIFY(w.window.selectProvider(uuid(1)));

        w.window.removeCurrent();
        QCOMPARE(w.questions, QStringList{QStringLiteral("Remove ") + neutralisedIfNeeded(name)
                                          + QStringLiteral(" and its 2 descendants?")});
        QVERIFY2(namesOnce(w.questions.constFirst(), name), qPrintable(w.questions.constFirst()));
        QVERIFY(!w.tree.exists(uuid(1)));
    }

    void newChildTitleNamesTheParentOnce_data() { addNameRows(); }
    void newChildTitleNamesTheParentOnce()
    {
        QFETCH(QString, name);
        Window w;
        QVERIFY(w.tree.newRoot(name, uuid(1)).ok());
        QVERIFY(w.window.selectProvider(uuid(1)));
        w.window.newChild(); // cancelled: answer is nullopt
        QCOMPARE(w.titles, QStringList{QStringLiteral("New child of ") + neutralisedIfNeeded(name)});
    }

    void problemsSummaryNamesTheFileOnce_data() { addNameRows(); }
    void problemsSummaryNamesTheFileOnce()
    {
        QFETCH(QString, name);
        Window w;
        const QString file = QStringLiteral("/tmp/") + name + QStringLiteral(".json");
        const Problem problem = makeError(ProblemKind::Syntax, QStringLiteral("broken"));
        w.window.showProblems(file, {problem, problem, problem});
        QMessageBox *box = w.problemsBox();
        QVERIFY(box);
        QCOMPARE(box->text(), neutralised(file, 120) + QStringLiteral(" could not be used: 3 problems."));
        box->close();
    }

    // Problem::provider and ::field may hold text as a caller gave it.
    void problemListNeverShowsRawText_data() { addNameRows(); }
    void problemListNeverShowsRawText()
    {
        QFETCH(QString, name);
        Window w;
        w.window.showProblems(QStringLiteral("f.json"),
                              {makeError(ProblemKind::InvalidName, QStringLiteral("refused"), name,
                                         QStringLiteral("inventories.") + name)});
        QMessageBox *box = w.problemsBox();
        QVERIFY(box);
        const QString details = box->informativeText();
        QCOMPARE(unsafeCharacters(details, false), QString());
        QVERIFY2(details.contains(QStringLiteral("provider ") + neutralisedIfNeeded(name).toHtmlEscaped()),
                 qPrintable(details));
        QVERIFY2(details.contains(neutralisedIfNeeded(QString(QStringLiteral("inventories.") + name)).toHtmlEscaped()),
                 qPrintable(details));
        box->close();
    }

    // The undo texts (Edit > Undo …) come from TreeEditor, which names providers through
    // neutralisedIfNeeded().
    void undoTextsNameTheProviderOnce_data() { addNameRows(); }
    void undoTextsNameTheProviderOnce()
    {
        QFETCH(QString, name);
        Window w;
        QUndoStack *stack = w.window.editor()->undoStack();

        w.answer = name;
        w.window.newRoot();
        QVERIFY2(namesOnce(stack->undoText(), name), qPrintable(stack->undoText()));
        stack->undo(); // the name is free again

        QVERIFY(w.tree.newRoot(QStringLiteral("cn-01"), uuid(1)).ok());
        QVERIFY(w.tree.newChild(QStringLiteral("a"), uuid(1), uuid(2)).ok());
        QVERIFY(w.tree.newChild(QStringLiteral("b"), uuid(1), uuid(3)).ok());
        QVERIFY(w.window.selectProvider(uuid(1)));
        w.window.renameCurrent();
        QCOMPARE(w.tree.data(uuid(1))->name, name);
        QVERIFY2(namesOnce(stack->undoText(), name), qPrintable(stack->undoText()));
        // As the Edit menu shows it.
        QVERIFY2(namesOnce(w.window.undoAction()->text(), name), qPrintable(w.window.undoAction()->text()));

        w.window.removeCurrent();
        QVERIFY(!w.tree.exists(uuid(1)));
        QVERIFY2(namesOnce(stack->undoText(), name), qPrintable(stack->undoText()));
    }
};

QTEST_MAIN(TestHostileNames)
#include "tst_hostilenames.moc"
