#pragma once

namespace provtree {

// The microversion whose semantics the Placement client implements (1.39, Placement 8's
// newest), and the oldest it can work with: nested providers and `in_tree` (1.14).
// PlacementClient's (placementclient.h); a header of their own so that `provtree
// --version` names them without linking the client.
inline constexpr int kPlacementNewestMinor = 39;
inline constexpr int kPlacementOldestMinor = 14;

} // namespace provtree
