// Starting part-way through a scenario: at a chosen node with chosen state values, as an author
// tries a branch (the window's "Try a branch", `rapport play --from NODE --set var=value,...`).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rapport/play_state.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

// The play state of a session that has just arrived at `node` with these values (one per
// Scenario::vars, clamped to each variable's range; missing ones keep their initial value):
// nothing used or known yet, the node visited, and the variant of its line chosen by these
// values, as on any arrival. Precondition: 0 <= node < nodes.size().
[[nodiscard]] PlayState branch_state(const Scenario& scenario, int node,
                                     const std::vector<int>& values);

// The same from text: `node` a node id (empty: the scenario's start) and `set` a comma-separated
// list of `var=value` (empty: the initial values). An unknown node or variable, a value that is
// not a whole number or is outside its variable's range, or a variable set twice gives a message
// naming the valid ones (with "did you mean" for a near miss) instead of a state.
[[nodiscard]] std::variant<PlayState, std::string> branch_state(const Scenario& scenario,
                                                                std::string_view node,
                                                                std::string_view set);

}  // namespace rapport
