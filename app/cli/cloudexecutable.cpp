#include "cloudexecutable.h"

#include "neutralise.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace provtree::cli {

int runCloudExecutable(char *argv[], const Console &console)
{
    // Beside this executable, wherever it was started from (applicationDirPath() reads
    // /proc/self/exe, not argv[0]).
    const QString path = QCoreApplication::applicationDirPath() + QStringLiteral("/provtree-cloud");
    const QByteArray file = QFile::encodeName(path);
    console.out.flush(); // nothing buffered may be lost, or come after provtree-cloud's output
    console.err.flush();
    std::fflush(nullptr);
    execv(file.constData(), argv);
    const int error = errno;
    console.err << "provtree: cannot run " << neutralised(path, 200) << " (" << QString::fromLocal8Bit(std::strerror(error))
        << "), which runs pull, push and candidates --live\n";
    return kExitUnreadable;
}

} // namespace provtree::cli
