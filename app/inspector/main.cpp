#include "inspector.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace provtree;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
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
    parser.process(app);

    Inspector inspector;
    const QStringList files = parser.positionalArguments();
    // A file that fails to load still opens the window, with the problems listed.
    (void)inspector.open(files.isEmpty() ? Inspector::samplePath() : files.constFirst());
    inspector.window()->show();
    return QApplication::exec();
}
