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
    std::vector<std::uint8_t> flags;    // Scenario::flag_count(): essentials met, then facts known
    int variant = -1;  // the variant of the current node's line shown on arrival (-1: its own)

    [[nodiscard]] bool ended() const { return ending >= 0; }
    [[nodiscard]] EvalContext context() const { return EvalContext{values, turns, visited, flags}; }
    bool operator==(const PlayState&) const = default;
};

[[nodiscard]] PlayState initial_state(const Scenario& scenario);

// Is response `r` of the current node offered in this state (condition holds, not used up)?
[[nodiscard]] bool is_offered(const Scenario& scenario, const PlayState& state, int r);

// Indices of the current node's offered responses, in authoring order.
[[nodiscard]] std::vector<int> offered_responses(const Scenario& scenario, const PlayState& state);

// Which variant of the current node's line shows: its index, or -1 for the node's own line. It is
// chosen on arrival (before the line's facts are revealed) and kept in the state.
[[nodiscard]] int active_variant(const Scenario& scenario, const PlayState& state);

// Puts the state at `node`: marks the visit, chooses the variant shown, and reveals its facts.
void enter_node(const Scenario& scenario, PlayState& state, int node);

// The ending a session reaches when it arrives at `ending`: each ending whose `requires` are not
// all met passes the session on to its `otherwise` (the loader rules out cycles).
[[nodiscard]] int resolve_ending(const Scenario& scenario, const PlayState& state, int ending);

[[nodiscard]] inline bool essential_met(const PlayState& state, int essential) {
    return state.flags[static_cast<std::size_t>(essential)] != 0;
}

// Applies response `r` of the current node: effects (clamped), once flag, turn count, essentials it
// meets and facts its reply reveals, then `next`.
// Precondition: is_offered(scenario, state, r).
void apply_response(const Scenario& scenario, PlayState& state, int r);

// The destination `next` resolves to in `state` (after effects): used by apply_response.
[[nodiscard]] Target resolve_next(const Scenario& scenario, const PlayState& state,
                                  const Response& response);

[[nodiscard]] int score_of(const Scenario& scenario, const PlayState& state);

}  // namespace rapport
