// provtree-cloud: the commands of provtree that talk to a live Placement, which provtree
// hands over to this executable (cloudexecutable.h). Not meant to be run by hand; it
// speaks as provtree.
#include "commandline.h"
#include "livecandidatescommand.h"
#include "pullcommand.h"
#include "pushcommand.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    using namespace provtree::cli;
    nameApplicationProvtree();
    QTextStream out(stdout);
    QTextStream err(stderr);
    CommandLine commandLine({out, err});
    commandLine.add(std::make_unique<PullCommand>());
    commandLine.add(std::make_unique<PushCommand>());
    commandLine.add(std::make_unique<LiveCandidatesCommand>());
    return commandLine.run(QCoreApplication::arguments());
}
