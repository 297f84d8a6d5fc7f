#pragma once

#include "command.h"

namespace provtree::cli {

// `provtree validate [--strict] [--json] FILE...`: loads each file into a scratch tree, which
// applies every rule a real load applies, and reports every problem to stdout, one line
// each ("FILE: error: LOCATION: message"), or as one JSON list. Exit code: the worst of
// the files (0 valid, 1 invalid, 2 unreadable). --strict turns warnings into errors.
class ValidateCommand : public Command
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("validate"); }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] QString syntax() const override { return QStringLiteral("FILE..."); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;
};

} // namespace provtree::cli
