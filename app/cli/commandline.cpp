#include "commandline.h"

#include "neutralise.h"
#include "placementmicroversion.h"

#include <QCoreApplication>

#include <algorithm>

namespace provtree::cli {

namespace {
// QCommandLineParser's messages quote the user's option as typed: escape what could forge output.
QString parserError(const QCommandLineParser &parser)
{
    const QString text = neutralised(parser.errorText(), 500);
    return text.mid(1, text.size() - 2); // without neutralised()'s quotes
}
} // namespace

void nameApplicationProvtree()
{
    QCoreApplication::setApplicationName(QStringLiteral("provtree"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROVTREE_VERSION));
}

void CommandLine::add(std::unique_ptr<Command> command)
{
    m_commands.push_back(std::move(command));
}

const Command *CommandLine::find(const QString &name) const
{
    const auto it = std::find_if(m_commands.cbegin(), m_commands.cend(),
                                 [&](const auto &command) { return command->name() == name; });
    return it == m_commands.cend() ? nullptr : it->get();
}

QString CommandLine::usage() const
{
    QString text = QStringLiteral("Usage: provtree [--help] [--version] COMMAND [OPTIONS] [ARGUMENTS]\n\n"
                                  "Checks and summarises OpenStack resource-provider tree snapshots.\n\n"
                                  "Commands:\n");
    qsizetype width = 0;
    for (const auto &command : m_commands)
        width = std::max(width, command->name().size());
    for (const auto &command : m_commands)
        text += QStringLiteral("  ") + command->name().leftJustified(width + 2) + command->summary()
              + QLatin1Char('\n');
    text += QStringLiteral("\nOptions:\n"
                           "  -h, --help     Shows this help.\n"
                           "  -v, --version  Shows the version.\n\n"
                           "Run \"provtree COMMAND --help\" for the options of a command.\n"
                           "Exit codes: 0 done (input valid, or equal for diff), 1 input invalid (different for diff,\n"
                           "conflicts for apply, no candidate for candidates), 2 input unreadable or bad usage.\n");
    return text;
}

int CommandLine::run(const QStringList &arguments) const
{
    QCommandLineParser parser;
    // Everything after the command's name belongs to the command.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")});
    parser.addOption(help);
    parser.addOption(version);
    if (!parser.parse(arguments)) {
        m_console.err << "provtree: " << parserError(parser) << "\n\n" << usage();
        return kExitUsage;
    }
    if (parser.isSet(version)) {
        m_console.out << "provtree " << QCoreApplication::applicationVersion() << '\n'
                      << "Placement API: microversion 1." << kPlacementNewestMinor
                      << " (Placement 8), or the newest the server offers from 1." << kPlacementOldestMinor
                      << " on\n";
        return kExitOk;
    }
    if (parser.isSet(help)) {
        m_console.out << usage();
        return kExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        m_console.err << "provtree: no command given\n\n" << usage();
        return kExitUsage;
    }
    const Command *command = find(positional.first());
    if (!command) {
        m_console.err << "provtree: unknown command " << neutralised(positional.first()) << "\n\n" << usage();
        return kExitUsage;
    }
    return runCommand(*command, positional);
}

int CommandLine::runCommand(const Command &command, const QStringList &arguments) const
{
    if (m_handOff && command.isStandIn())
        return m_handOff();
    QCommandLineParser parser;
    parser.setApplicationDescription(command.summary());
    const QCommandLineOption help = parser.addHelpOption();
    command.configure(parser);
    // QCommandLineParser writes its own program name into the first line: use ours.
    const auto helpText = [&]() -> QString {
        const QString text = parser.helpText();
        return QStringLiteral("Usage: provtree ") + command.name() + QStringLiteral(" [options] ")
             + command.syntax() + QLatin1Char('\n') + text.mid(text.indexOf(QLatin1Char('\n')));
    };
    if (!parser.parse(arguments)) { // arguments.first() (the name) stands for the program
        m_console.err << "provtree " << command.name() << ": " << parserError(parser) << "\n\n" << helpText();
        return kExitUsage;
    }
    if (parser.isSet(help)) {
        m_console.out << helpText();
        return kExitOk;
    }
    if (m_handOff && command.needsPlacement(parser))
        return m_handOff();
    return command.run(parser, parser.positionalArguments(), m_console);
}

} // namespace provtree::cli
