// provtree: the command-line tool. Each command is a Command subclass; adding one is a
// new class and one line below.
#include "applycommand.h"
#include "candidatescommand.h"
#include "commandline.h"
#include "diffcommand.h"
#include "pullcommand.h"
#include "pushcommand.h"
#include "statscommand.h"
#include "validatecommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("provtree"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROVTREE_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    provtree::cli::CommandLine commandLine({out, err});
    commandLine.add(std::make_unique<provtree::cli::ValidateCommand>());
    commandLine.add(std::make_unique<provtree::cli::StatsCommand>());
    commandLine.add(std::make_unique<provtree::cli::DiffCommand>());
    commandLine.add(std::make_unique<provtree::cli::ApplyCommand>());
    commandLine.add(std::make_unique<provtree::cli::PullCommand>());
    commandLine.add(std::make_unique<provtree::cli::PushCommand>());
    commandLine.add(std::make_unique<provtree::cli::CandidatesCommand>());
    return commandLine.run(QCoreApplication::arguments());
}
