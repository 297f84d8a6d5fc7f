#include "compareview.h"
#include "fitevaluator.h"
#include "fitpanel.h"
#include "inspector.h"
#include "mainwindow.h"
#include "requestfield.h"
#include "windowlayoutmemory.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <optional>

using namespace provtree;

namespace {

// --screenshot: render the window (offscreen works) once it has settled, save, quit.
void scheduleScreenshot(Inspector &inspector, const QString &path, const QString &provider)
{
    QTimer::singleShot(300, &inspector, [&inspector, path, provider] {
        // The compare window when there is one (--compare), else the main window.
        CompareView *compare = inspector.compareView();
        QWidget *window = compare ? static_cast<QWidget *>(compare) : inspector.window();
        if (!provider.isEmpty()) {
            const std::optional<ProviderData> data = inspector.tree().data(provider);
            const bool selected = compare ? compare->selectProvider(provider)
                                          : data && inspector.window()->selectProvider(data->uuid);
            if (!selected)
                qWarning("provtree-inspector: no provider %s to select", qPrintable(provider));
        }
        // Once the Will It Fit? panel (--fit) has its answer: it evaluates on a worker.
        auto *settled = new QTimer(window);
        settled->setInterval(200);
        QObject::connect(settled, &QTimer::timeout, window, [&inspector, window, path, settled] {
            const FitEvaluator *fit = inspector.window()->fitPanel()->evaluator();
            if (fit->isActive() && fit->request() && (fit->isBusy() || !fit->outcome()))
                return;
            settled->stop();
            const bool saved = window->grab().save(path);
            if (!saved)
                qWarning("provtree-inspector: cannot write %s", qPrintable(path));
            QApplication::exit(saved ? 0 : 1);
        });
        settled->start();
    });
}

// --fit: the Will It Fit? panel open on a request, as if typed.
void askWillItFit(Inspector &inspector, const QString &request)
{
    FitPanel *panel = inspector.window()->fitPanel();
    panel->showAndFocus();
    panel->requestField()->setText(request);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("provtree"));
    QApplication::setApplicationName(QStringLiteral("provtree-inspector"));
    QApplication::setApplicationVersion(QStringLiteral(PROVTREE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main", "Inspect an OpenStack resource-provider tree."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
            QStringLiteral("file"),
            QApplication::translate("main", "Snapshot to open (default: the built-in sample)."),
            QStringLiteral("[file]"));
    const QCommandLineOption screenshot(
            QStringLiteral("screenshot"),
            QApplication::translate("main", "Save a picture of the window (1280x800) to <png> and quit."),
            QStringLiteral("png"));
    const QCommandLineOption select(
            QStringLiteral("select"),
            QApplication::translate("main", "Select the provider <name-or-uuid> at start."),
            QStringLiteral("name-or-uuid"));
    const QCommandLineOption compare(
            QStringLiteral("compare"),
            QApplication::translate("main", "Compare two snapshots: provtree-inspector --compare OLD NEW."));
    const QCommandLineOption fit(
            QStringLiteral("fit"),
            QApplication::translate("main", "Open View > Will It Fit? on <request> (either form provtree candidates reads)."),
            QStringLiteral("request"));
    parser.addOption(screenshot);
    parser.addOption(select);
    parser.addOption(compare);
    parser.addOption(fit);
    parser.process(app);

    Inspector inspector;
    if (parser.isSet(compare)) {
        const QStringList files = parser.positionalArguments();
        if (files.size() != 2) {
            qWarning("provtree-inspector: --compare needs two snapshot files, OLD and NEW");
            return 2;
        }
        const Status status = inspector.compareFiles(files.at(0), files.at(1));
        if (!status.ok()) {
            for (const Problem &problem : status.errors())
                qWarning("provtree-inspector: %s", qPrintable(problem.text()));
            return 1;
        }
        // The compare window is the only window: closing it (Esc, Ctrl+W) or Quit (Ctrl+Q,
        // the main window's action, which the compare window carries) ends the program.
        QObject::connect(inspector.compareView(), &QObject::destroyed, &app, &QApplication::quit,
                         Qt::QueuedConnection);
        QObject::connect(inspector.window()->quitAction(), &QAction::triggered, &app, &QApplication::quit,
                         Qt::QueuedConnection);
        // --select takes a uuid here (names may differ between the two states).
        if (parser.isSet(screenshot))
            scheduleScreenshot(inspector, parser.value(screenshot), parser.value(select));
        else if (parser.isSet(select))
            inspector.compareView()->selectProvider(parser.value(select));
        return QApplication::exec();
    }
    // A picture shows the default layout; a session, where the user left the window last
    // time (geometry and splitter, saved as they change and when the window closes).
    std::optional<WindowLayoutMemory> layout;
    if (parser.isSet(screenshot))
        inspector.window()->resize(1280, 800);
    else
        layout.emplace(*inspector.window());
    // Shown first, so that a long load has a window to show its progress over.
    inspector.window()->show();
    const QStringList files = parser.positionalArguments();
    // A file that fails to load still opens the window (empty), with the problems listed.
    (void)inspector.open(files.isEmpty() ? Inspector::samplePath() : files.constFirst());
    if (parser.isSet(fit))
        askWillItFit(inspector, parser.value(fit));
    if (parser.isSet(screenshot)) {
        // A picture, not a session: no autosave, and no recovery dialog in the way.
        scheduleScreenshot(inspector, parser.value(screenshot), parser.value(select));
        return QApplication::exec();
    }
    if (parser.isSet(select)) {
        if (const std::optional<ProviderData> data = inspector.tree().data(parser.value(select)))
            inspector.window()->selectProvider(data->uuid);
    }
    // Unsaved edits survive a crash (README.md, "Crash recovery"); without a writable data
    // directory the inspector works on, without.
    const Status recovery = inspector.enableRecovery();
    if (!recovery.ok())
        qWarning("provtree-inspector: no crash recovery: %s", qPrintable(recovery.firstError().message));
    // Once the window is up, so that the offer appears over it.
    QTimer::singleShot(0, &inspector, [&inspector] { (void)inspector.offerRecovery(); });
    return QApplication::exec();
}
