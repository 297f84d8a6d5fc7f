// tst_recovery's stand-in for a user at provtree-inspector: the real Inspector with the real
// recovery code, set up as main() sets it up (organisation and application name, so the
// default recovery directory under XDG_DATA_HOME; enableRecovery() with
// PROVTREE_AUTOSAVE_MS), driven by its arguments instead of a keyboard, so that the test
// can kill it (-9) in a known state.
//
//   tst_recovery_helper FILE edit EXPECTED
//       opens FILE, makes a fixed set of edits through the window's editor, writes the
//       edited tree canonically to EXPECTED, prints "edited", then waits.
//   tst_recovery_helper FILE churn
//       opens FILE, then renames cn-01 to churn-1, churn-2, ... as fast as it can, printing
//       "churn N" every 100 renames, until it is killed.
//   tst_recovery_helper FILE open
//       opens FILE and waits, without editing.
//
// Lines on stdin: "close-discard" / "close-save" close the window, answering the unsaved
// changes prompt with Discard / Save; the event loop ends and the process exits normally.
#include "inspector.h"
#include "inventory.h"
#include "mainwindow.h"
#include "snapshotwriter.h"
#include "treeeditor.h"

#include <QApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>

using namespace provtree;

namespace {

void say(const QByteArray &line)
{
    std::fputs(line.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QString uuidOf(const Inspector &inspector, const QString &name)
{
    const std::optional<ProviderData> data = inspector.tree().data(name);
    return data ? data->uuid : QString();
}

// The edits tst_recovery expects back: one of each kind the editor makes.
bool edit(Inspector &inspector)
{
    TreeEditor &editor = *inspector.window()->editor();
    return editor.rename(uuidOf(inspector, QStringLiteral("cn-01")), QStringLiteral("cn-01-recovered")).ok()
        && editor.setInventoryField(uuidOf(inspector, QStringLiteral("cn-02_numa0")), QStringLiteral("VCPU"),
                                    InventoryField::Total, 64)
                   .ok()
        && editor.addTrait(uuidOf(inspector, QStringLiteral("cn-03")), QStringLiteral("CUSTOM_RECOVERED")).ok()
        && editor.removeSubtree(uuidOf(inspector, QStringLiteral("cn-04:Open vSwitch agent"))).ok() // no allocations
        && editor.addProvider(QStringLiteral("crash-root")).ok();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("provtree"));
    QApplication::setApplicationName(QStringLiteral("provtree-inspector"));
    const QStringList args = QApplication::arguments();
    if (args.size() < 3)
        return 2;
    const QString file = args.at(1);
    const QString mode = args.at(2);

    Inspector inspector;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    inspector.setPrompts({{}, {}, [&answer](const QString &) { return answer; }});
    inspector.window()->show();
    if (!inspector.open(file).ok())
        return 3;
    if (!inspector.enableRecovery().ok())
        return 4;

    QSocketNotifier commands(0, QSocketNotifier::Read);
    QObject::connect(&commands, &QSocketNotifier::activated, &inspector, [&] {
        char line[64] = {};
        if (!std::fgets(line, sizeof line, stdin))
            return commands.setEnabled(false);
        const QByteArray command = QByteArray(line).trimmed();
        if (command == "close-discard" || command == "close-save") {
            answer = command == "close-save" ? QMessageBox::Save : QMessageBox::Discard;
            inspector.window()->close();
        }
    });

    QTimer churn;
    int renames = 0;
    if (mode == QLatin1String("edit")) {
        if (args.size() < 4 || !edit(inspector) || !saveSnapshot(inspector.tree(), args.at(3)).ok())
            return 5;
        say("edited");
    } else if (mode == QLatin1String("churn")) {
        const QString uuid = uuidOf(inspector, QStringLiteral("cn-01"));
        QObject::connect(&churn, &QTimer::timeout, &inspector, [&inspector, &renames, uuid] {
            (void)inspector.window()->editor()->rename(uuid, QStringLiteral("churn-%1").arg(++renames));
            if (renames % 100 == 0)
                say("churn " + QByteArray::number(renames));
        });
        churn.start(0);
    } else if (mode != QLatin1String("open")) {
        return 2;
    }
    return QApplication::exec();
}
