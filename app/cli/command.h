#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace provtree::cli {

// The process exit codes, the same for every command.
enum ExitCode : int {
    kExitOk = 0,         // done; the input is valid (warnings may have been printed)
    kExitInvalid = 1,    // an input breaks the snapshot format or Placement's rules
    kExitUnreadable = 2, // an input could not be read, or is not JSON
    kExitUsage = 2,      // the command line is wrong
};

// The long name of `-o/--output OUT`, the option of every command that writes a snapshot.
inline const QString kOutputOption = QStringLiteral("output");

// Where a command writes: `out` for its result (text or JSON), `err` for diagnostics.
struct Console
{
    QTextStream &out;
    QTextStream &err;
};

// One `provtree COMMAND` (validate, stats, ...). To add a command: subclass, and register
// an instance in main.cpp. Commands run on the main thread, once per process.
class Command
{
public:
    virtual ~Command() = default;

    [[nodiscard]] virtual QString name() const = 0;
    [[nodiscard]] virtual QString summary() const = 0; // one line, for `provtree --help`
    [[nodiscard]] virtual QString syntax() const = 0;  // positional arguments, e.g. "FILE..."
    // Declares the options and positional arguments (--help is added by the caller).
    virtual void configure(QCommandLineParser &parser) const = 0;
    // `arguments` are the positional arguments after the command's name.
    [[nodiscard]] virtual int run(const QCommandLineParser &parser, const QStringList &arguments,
                                  const Console &console) const = 0;

    // Whether this run talks to a live Placement (its options parsed): provtree hands such
    // runs to provtree-cloud (cloudexecutable.h).
    [[nodiscard]] virtual bool needsPlacement(const QCommandLineParser &parser) const
    {
        Q_UNUSED(parser);
        return false;
    }
    // Whether this is provtree's stand-in for a command only provtree-cloud has: handed over
    // before its options are read, as only provtree-cloud knows them.
    [[nodiscard]] virtual bool isStandIn() const { return false; }
};

} // namespace provtree::cli
