// The rules of play, shared by sessions and by the explorer that checks and analyses scenarios:
// one definition of what is offered and what a choice does, so the two can never disagree.
#pragma once

#include <cstdint>
#include <vector>

#include "rapport/scenario.hpp"

namespace rapport {

struct PlayState {
    int node = 0;                       // current node (meaningless once ended)
    int ending = -1;                    // >= 0 once the session has ended
    int turns = 0;                      // responses chosen so far
    std::vector<int> values;            // one per Scenario::vars
    std::vector<std::uint8_t> visited;  // one per tracked-visit slot
    std::vector<std::uint8_t> used;     // one per once-only response slot

    [[nodiscard]] bool ended() const { return ending >= 0; }
    [[nodiscard]] EvalContext context() const { return EvalContext{values, turns, visited}; }
    bool operator==(const PlayState&) const = default;
};

[[nodiscard]] PlayState initial_state(const Scenario& scenario);

// Is response `r` of the current node offered in this state (condition holds, not used up)?
[[nodiscard]] bool is_offered(const Scenario& scenario, const PlayState& state, int r);

// Indices of the current node's offered responses, in authoring order.
[[nodiscard]] std::vector<int> offered_responses(const Scenario& scenario, const PlayState& state);

// Which variant of the current node's line shows: its index, or -1 for the node's own line.
[[nodiscard]] int active_variant(const Scenario& scenario, const PlayState& state);

// Applies response `r` of the current node: effects (clamped), once flag, turn count, then `next`.
// Precondition: is_offered(scenario, state, r).
void apply_response(const Scenario& scenario, PlayState& state, int r);

// The destination `next` resolves to in `state` (after effects): used by apply_response.
[[nodiscard]] Target resolve_next(const Scenario& scenario, const PlayState& state,
                                  const Response& response);

[[nodiscard]] int score_of(const Scenario& scenario, const PlayState& state);

}  // namespace rapport
