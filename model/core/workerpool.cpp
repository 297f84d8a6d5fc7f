#include "workerpool.h"

#include <QThreadPool>

namespace provtree {

QThreadPool *workerPool()
{
    // A function's static rather than Q_GLOBAL_STATIC, whose destructor's atomic fence g++
    // refuses to compile with ThreadSanitizer.
    static QThreadPool pool;
    return &pool;
}

} // namespace provtree
