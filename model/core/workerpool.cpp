#include "workerpool.h"

#include <QThreadPool>

namespace provtree {

Q_GLOBAL_STATIC(QThreadPool, theWorkerPool)

QThreadPool *workerPool()
{
    return theWorkerPool();
}

} // namespace provtree
