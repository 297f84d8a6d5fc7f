// provtree: the command-line tool. Each command is a Command subclass; adding one is a
// new class and one line below. The commands that talk to a live Placement are
// provtree-cloud's (cloudmain.cpp): this executable hands them over (cloudexecutable.h).
#include "applycommand.h"
#include "candidatescommand.h"
#include "cloudcommandstandin.h"
#include "cloudexecutable.h"
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
    using namespace provtree::cli;
    nameApplicationProvtree();
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Console console{out, err};
    CommandLine commandLine(console);
    commandLine.add(std::make_unique<ValidateCommand>());
    commandLine.add(std::make_unique<StatsCommand>());
    commandLine.add(std::make_unique<DiffCommand>());
    commandLine.add(std::make_unique<ApplyCommand>());
    commandLine.add(std::make_unique<CloudCommandStandIn>(QStringLiteral("pull"), PullCommand::summaryText()));
    commandLine.add(std::make_unique<CloudCommandStandIn>(QStringLiteral("push"), PushCommand::summaryText()));
    commandLine.add(std::make_unique<CandidatesCommand>());
    commandLine.setHandOff([argv, &console] { return runCloudExecutable(argv, console); });
    return commandLine.run(QCoreApplication::arguments());
}
