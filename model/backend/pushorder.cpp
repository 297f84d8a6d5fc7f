#include "pushorder.h"

#include <set>

namespace provtree::pushorder {

int DependencyGraph::add(const Operation &operation)
{
    m_nodes.push_back(operation);
    m_in.emplace_back();
    m_out.emplace_back();
    return int(m_nodes.size()) - 1;
}

int DependencyGraph::addEdge(int from, int to, qsizetype holder)
{
    Q_ASSERT(from >= 0 && from < int(m_nodes.size()) && to >= 0 && to < int(m_nodes.size()));
    m_edges.push_back({from, to, holder, true});
    const int index = int(m_edges.size()) - 1;
    m_out[size_t(from)].push_back(index);
    m_in[size_t(to)].push_back(index);
    return index;
}

void DependencyGraph::require(int before, int after)
{
    if (before != after)
        addEdge(before, after, -1);
}

void DependencyGraph::requireName(int releaser, int taker, qsizetype holder)
{
    Q_ASSERT(holder >= 0);
    if (releaser != taker)
        addEdge(releaser, taker, holder);
}

DependencyGraph::Key DependencyGraph::key(int node) const
{
    const Operation &op = m_nodes[size_t(node)];
    return {op.kind == OpKind::Delete, op.position, op.kind, node};
}

std::vector<int> DependencyGraph::findCycle(const std::vector<bool> &emitted) const
{
    // Every node not emitted still waits for another node not emitted (else it would be
    // ready), so walking from any of them against its edges must come back to a node
    // already on the walk: the edges from there on are a cycle. Always the smallest
    // predecessor, so the same graph gives the same cycle.
    int start = -1;
    for (int node = 0; node < int(m_nodes.size()); ++node) {
        if (!emitted[size_t(node)] && (start < 0 || key(node) < key(start)))
            start = node;
    }
    if (start < 0)
        return {};
    std::vector<int> onWalk(m_nodes.size(), -1); // node -> its index in `walk`
    std::vector<int> walk{start};
    std::vector<int> edges; // edges[i] goes from walk[i + 1] to walk[i]
    onWalk[size_t(start)] = 0;
    for (;;) {
        const int current = walk.back();
        int chosen = -1;
        for (const int e : m_in[size_t(current)]) {
            const Edge &edge = m_edges[size_t(e)];
            if (edge.alive && !emitted[size_t(edge.from)]
                && (chosen < 0 || key(edge.from) < key(m_edges[size_t(chosen)].from)))
                chosen = e;
        }
        if (chosen < 0)
            return {}; // `current` is ready: not a stall
        edges.push_back(chosen);
        const int next = m_edges[size_t(chosen)].from;
        if (onWalk[size_t(next)] >= 0)
            return {edges.begin() + onWalk[size_t(next)], edges.end()};
        onWalk[size_t(next)] = int(walk.size());
        walk.push_back(next);
    }
}

int DependencyGraph::breakCycle(const std::vector<int> &cycle)
{
    // The name edge whose releaser comes first in the reading order: the same cycle is
    // always broken at the same provider.
    int chosen = -1;
    for (const int e : cycle) {
        if (m_edges[size_t(e)].holder >= 0
            && (chosen < 0 || key(m_edges[size_t(e)].from) < key(m_edges[size_t(chosen)].from)))
            chosen = e;
    }
    if (chosen < 0)
        return -1;
    const qsizetype holder = m_edges[size_t(chosen)].holder;
    const int releaser = m_edges[size_t(chosen)].from;
    const int temporary = add({OpKind::TemporaryName, holder, m_nodes[size_t(releaser)].position});
    // Every taker of the holder's name now waits for the temporary name instead. Plain
    // edges: a node without incoming edges is on no cycle, so these can never be broken.
    const size_t edgeCount = m_edges.size();
    for (size_t e = 0; e < edgeCount; ++e) {
        if (m_edges[e].alive && m_edges[e].holder == holder) {
            m_edges[e].alive = false;
            addEdge(temporary, m_edges[e].to, -1);
        }
    }
    // The holder's own rename or delete expects the temporary name (and must not be
    // overwritten by it).
    addEdge(temporary, releaser, -1);
    return temporary;
}

std::optional<QList<Operation>> DependencyGraph::sorted()
{
    std::vector<bool> emitted(m_nodes.size(), false);
    std::vector<int> waitingFor(m_nodes.size(), 0);
    std::set<Key> ready;
    const auto recount = [&] {
        emitted.resize(m_nodes.size(), false);
        waitingFor.assign(m_nodes.size(), 0);
        for (const Edge &edge : m_edges) {
            if (edge.alive && !emitted[size_t(edge.from)])
                ++waitingFor[size_t(edge.to)];
        }
        for (int node = 0; node < int(m_nodes.size()); ++node) {
            if (!emitted[size_t(node)] && waitingFor[size_t(node)] == 0)
                ready.insert(key(node));
        }
    };
    recount();

    QList<Operation> order;
    order.reserve(qsizetype(m_nodes.size()));
    while (order.size() < qsizetype(m_nodes.size())) {
        if (ready.empty()) {
            const std::vector<int> cycle = findCycle(emitted);
            if (cycle.empty() || breakCycle(cycle) < 0)
                return std::nullopt;
            recount();
            continue;
        }
        const int node = std::get<3>(*ready.begin());
        ready.erase(ready.begin());
        emitted[size_t(node)] = true;
        order.append(m_nodes[size_t(node)]);
        for (const int e : m_out[size_t(node)]) {
            const Edge &edge = m_edges[size_t(e)];
            if (edge.alive && --waitingFor[size_t(edge.to)] == 0)
                ready.insert(key(edge.to));
        }
    }
    return order;
}

} // namespace provtree::pushorder
