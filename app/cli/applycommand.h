#pragma once

#include "command.h"

namespace provtree::cli {

// `provtree apply FILE PATCH -o OUT`: loads the snapshot FILE (with every rule of a real
// load), applies the patch (all or nothing, through the core: applyPatch()) and writes
// the result canonically and atomically to OUT (QSaveFile). Exit code: 0 applied; 1 the
// patch does not apply (every conflict is listed on stderr, OUT is not written); 2 FILE or
// PATCH does not load, OUT cannot be written, or the command line is wrong.
class ApplyCommand : public Command
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("apply"); }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] QString syntax() const override { return QStringLiteral("FILE PATCH -o OUT"); }
    void configure(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QCommandLineParser &parser, const QStringList &arguments,
                          const Console &console) const override;
};

} // namespace provtree::cli
