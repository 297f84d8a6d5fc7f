#pragma once

#include <QList>
#include <QtGlobal>

#include <optional>
#include <tuple>
#include <vector>

// The order of a push plan's provider operations (internal to pushplan.cpp; exposed for
// tests): a dependency graph, sorted topologically, whose cycles are broken by renaming one
// provider to a temporary name first. Pure: no Qt objects, callable from any thread.
namespace provtree::pushorder {

// One operation on one provider. The order of the enumerators is the order of one
// provider's operations when nothing else decides.
enum class OpKind { TemporaryName, Create, Update, Inventories, Traits, Aggregates, Delete };

struct Operation
{
    OpKind kind = OpKind::Update;
    qsizetype provider = -1; // the caller's index of the provider
    // Where the provider stands in the order people read (parents before children): among
    // operations that may go next, the smallest (deletes last, position, kind) goes first.
    qsizetype position = 0;
    bool operator==(const Operation &) const = default;
};

// Operations and their dependencies; sorted() gives an order that respects them all.
//
// Every edge says "A before B". A name edge also says why: B takes a name that provider H
// holds, and A is H's rename or delete that frees it. When the remaining operations wait
// on each other in a cycle, sorted() breaks it at one of the cycle's name edges: it adds
// TemporaryName(H), moves every name edge of H to start there, and puts it before A. The
// new operation has nothing before it, so it can never be part of a cycle, and H's name
// edges never return to A: each break removes H from the cycles for good, so sorted()
// ends after at most one break per provider. A cycle without a name edge cannot be
// broken this way; the caller's edges must not allow one (pushplan.cpp shows why its
// edges do not), and sorted() reports it as nullopt.
class DependencyGraph
{
public:
    int add(const Operation &operation);
    // `before` must come before `after`.
    void require(int before, int after);
    // `taker` takes a name that provider `holder` holds, and `releaser` (holder's rename or
    // delete) frees it.
    void requireName(int releaser, int taker, qsizetype holder);

    // The operations in an order that respects every edge, temporary names included; nullopt
    // if a cycle without a name edge remains. Deterministic.
    [[nodiscard]] std::optional<QList<Operation>> sorted();

private:
    struct Edge
    {
        int from = 0;
        int to = 0;
        qsizetype holder = -1; // >= 0: a name edge
        bool alive = true;
    };
    using Key = std::tuple<bool, qsizetype, OpKind, int>; // (is delete, position, kind, id)

    [[nodiscard]] Key key(int node) const;
    int addEdge(int from, int to, qsizetype holder);
    // A cycle among the nodes not yet emitted, as edge indices; empty if there is none.
    [[nodiscard]] std::vector<int> findCycle(const std::vector<bool> &emitted) const;
    // Breaks `cycle` at a name edge; returns the temporary-name node, or -1.
    int breakCycle(const std::vector<int> &cycle);

    std::vector<Operation> m_nodes;
    std::vector<Edge> m_edges;
    std::vector<std::vector<int>> m_in;  // per node: its edges' indices
    std::vector<std::vector<int>> m_out;
};

} // namespace provtree::pushorder
