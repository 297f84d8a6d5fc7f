#include "cloudprompts.h"

#include "mainwindow.h"

#include <QMessageBox>
#include <QPushButton>

namespace provtree {

CloudPrompts CloudPrompts::dialogs(MainWindow *window)
{
    CloudPrompts prompts;
    prompts.connect = [window](const ConnectChoices &choices) -> std::optional<ConnectRequest> {
        ConnectDialog dialog(choices, window);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.request();
    };
    prompts.reviewPlan = [window](const PushPlanView &plan) {
        PushPlanDialog dialog(plan, window);
        return dialog.exec() == QDialog::Accepted;
    };
    prompts.showResult = [window](const PushResultView &result) {
        PushResultDialog dialog(result, window);
        dialog.exec();
    };
    prompts.resolve = [window](const ThreeWayView &view) {
        ThreeWayDialog dialog(view, window);
        dialog.exec();
        return dialog.choice();
    };
    prompts.unpushed = [window](const QString &name) {
        QMessageBox box(QMessageBox::Warning, QMessageBox::tr("Changes not pushed"),
                        QMessageBox::tr("%1 has changes that are not pushed to Placement.").arg(name),
                        QMessageBox::NoButton, window);
        box.setObjectName(QStringLiteral("unpushedBox"));
        box.setTextFormat(Qt::PlainText);
        box.setInformativeText(QMessageBox::tr("Push them, save them to a snapshot file, or discard them?"));
        QPushButton *push = box.addButton(QMessageBox::tr("&Push…"), QMessageBox::AcceptRole);
        QPushButton *saveAs = box.addButton(QMessageBox::tr("&Save As…"), QMessageBox::AcceptRole);
        QPushButton *discard = box.addButton(QMessageBox::Discard);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(push);
        box.exec();
        const QAbstractButton *clicked = box.clickedButton();
        return clicked == push      ? Unpushed::Push
               : clicked == saveAs  ? Unpushed::SaveAs
               : clicked == discard ? Unpushed::Discard
                                    : Unpushed::Cancel;
    };
    prompts.problems = [window](const QString &title, const QString &what, const Problems &problems) {
        window->showProblems(what, problems, title);
    };
    return prompts;
}

} // namespace provtree
