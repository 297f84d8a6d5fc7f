#include "treesource.h"

namespace provtree {

void SourceOperation::finish(Status status, LoadedTree loaded)
{
    if (m_finished)
        return;
    m_finished = true;
    m_status = std::move(status);
    m_loaded = std::move(loaded);
    emit finished();
}

} // namespace provtree
