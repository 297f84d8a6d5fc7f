#include "splitsource.h"

#include "pushoutcome.h"

namespace provtree {

SplitSource::SplitSource(std::unique_ptr<TreeSource> reader, std::unique_ptr<TreeSource> pusher, QObject *parent)
    : TreeSource(parent), m_reader(std::move(reader)), m_pusher(std::move(pusher))
{
}

SplitSource::~SplitSource() = default;

QString SplitSource::description() const
{
    return m_reader->description();
}

SourceOperation *SplitSource::load(const QString &tree)
{
    return m_reader->load(tree);
}

SourceOperation *SplitSource::refresh(const QStringList &uuids)
{
    return m_reader->refresh(uuids);
}

PushOperation *SplitSource::push(const TreeDiff &patch, const PushOptions &options)
{
    return m_pusher->push(patch, options);
}

QString SplitSource::pushRefusal() const
{
    return m_pusher->pushRefusal();
}

QString SplitSource::pushDescription() const
{
    const QString where = m_pusher->pushDescription();
    return where.isEmpty() ? m_pusher->description() : where;
}

} // namespace provtree
