#pragma once

#include "command.h"

namespace provtree::cli {

// provtree's entry for a command that only provtree-cloud has (pull, push): its name and
// summary for the usage; every run of it is handed over whole (cloudexecutable.h), its
// --help included.
class CloudCommandStandIn : public Command
{
public:
    CloudCommandStandIn(QString name, QString summary) : m_name(std::move(name)), m_summary(std::move(summary)) {}

    [[nodiscard]] QString name() const override { return m_name; }
    [[nodiscard]] QString summary() const override { return m_summary; }
    [[nodiscard]] QString syntax() const override { return QString(); }
    void configure(QCommandLineParser &parser) const override { Q_UNUSED(parser); }
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override
    {
        Q_UNUSED(parser);
        Q_UNUSED(arguments);
        console.err << "provtree " << m_name << ": only provtree-cloud runs this command\n";
        return kExitUsage;
    }
    [[nodiscard]] bool isStandIn() const override { return true; }

private:
    QString m_name;
    QString m_summary;
};

} // namespace provtree::cli
