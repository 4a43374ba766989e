// The rules of play (see play_state.hpp).
#include "rapport/play_state.hpp"

#include <algorithm>
#include <cassert>

namespace rapport {

namespace {
int choose_variant(const Scenario& s, const PlayState& state) {
    const Node& node = s.nodes[static_cast<std::size_t>(state.node)];
    const EvalContext ctx = state.context();
    for (std::size_t i = 0; i < node.variants.size(); ++i)
        if (node.variants[i].when.holds(ctx)) return static_cast<int>(i);
    return -1;
}

void reveal(const Scenario& s, PlayState& state, const std::vector<int>& facts) {
    for (int f : facts)
        state.flags[static_cast<std::size_t>(s.fact_flag(f))] = 1;
}
}  // namespace

void enter_node(const Scenario& s, PlayState& state, int node) {
    state.node = node;
    const Node& n = s.nodes[static_cast<std::size_t>(node)];
    if (n.visit_slot >= 0) state.visited[static_cast<std::size_t>(n.visit_slot)] = 1;
    // The variant is chosen before the line's own facts are known, and kept: the line shown on
    // arrival stays the line shown.
    state.variant = choose_variant(s, state);
    reveal(
        s, state,
        state.variant >= 0 ? n.variants[static_cast<std::size_t>(state.variant)].reveal : n.reveal);
}

int resolve_ending(const Scenario& s, const PlayState& state, int ending) {
    // The loader rejects `otherwise` cycles; the bound keeps a bad model from looping regardless.
    for (std::size_t hops = 0; hops <= s.endings.size(); ++hops) {
        const Ending& e = s.endings[static_cast<std::size_t>(ending)];
        const bool all_met = std::all_of(e.requires_met.begin(), e.requires_met.end(),
                                         [&](int x) { return essential_met(state, x); });
        if (all_met || e.otherwise < 0) return ending;
        ending = e.otherwise;
    }
    return ending;
}

PlayState initial_state(const Scenario& s) {
    PlayState state;
    state.values.reserve(s.vars.size());
    for (const auto& v : s.vars)
        state.values.push_back(v.initial);
    state.visited.assign(static_cast<std::size_t>(s.visit_slots), 0);
    state.used.assign(static_cast<std::size_t>(s.once_slots), 0);
    state.flags.assign(static_cast<std::size_t>(s.flag_count()), 0);
    if (!s.nodes.empty()) enter_node(s, state, s.start);
    return state;
}

bool is_offered(const Scenario& s, const PlayState& state, int r) {
    const Response& resp =
        s.nodes[static_cast<std::size_t>(state.node)].responses[static_cast<std::size_t>(r)];
    if (resp.once_slot >= 0 && state.used[static_cast<std::size_t>(resp.once_slot)]) return false;
    for (int f : resp.cites)
        if (!state.flags[static_cast<std::size_t>(s.fact_flag(f))]) return false;
    return !resp.when || resp.when->holds(state.context());
}

std::vector<int> offered_responses(const Scenario& s, const PlayState& state) {
    std::vector<int> out;
    if (state.ended()) return out;
    const auto count =
        static_cast<int>(s.nodes[static_cast<std::size_t>(state.node)].responses.size());
    for (int r = 0; r < count; ++r)
        if (is_offered(s, state, r)) out.push_back(r);
    return out;
}

int active_variant(const Scenario& s, const PlayState& state) {
    (void)s;
    return state.variant;
}

Target resolve_next(const Scenario& s, const PlayState& state, const Response& response) {
    (void)s;
    if (response.next.empty()) return Target{Target::Kind::Stay, state.node};
    const EvalContext ctx = state.context();
    for (const auto& branch : response.next)
        if (!branch.when || branch.when->holds(ctx)) return branch.target;
    // The loader requires an unconditional last branch; staying put is the safe reading regardless.
    return Target{Target::Kind::Stay, state.node};
}

void apply_response(const Scenario& s, PlayState& state, int r) {
    assert(!state.ended() && "apply_response on a session that has ended");
    assert(is_offered(s, state, r) && "apply_response with a response that is not offered");
    const Response& resp =
        s.nodes[static_cast<std::size_t>(state.node)].responses[static_cast<std::size_t>(r)];
    for (const Effect& e : resp.effects) {
        const StateVar& v = s.vars[static_cast<std::size_t>(e.var)];
        int& value = state.values[static_cast<std::size_t>(e.var)];
        value = std::clamp(value + e.delta, v.min, v.max);
    }
    if (resp.once_slot >= 0) state.used[static_cast<std::size_t>(resp.once_slot)] = 1;
    for (int e : resp.meets)
        state.flags[static_cast<std::size_t>(e)] = 1;
    if (resp.reply) reveal(s, state, resp.reply->reveal);
    ++state.turns;
    const Target t = resolve_next(s, state, resp);
    switch (t.kind) {
        case Target::Kind::Stay:
            // The client speaks again: the line is chosen anew for the changed state.
            enter_node(s, state, state.node);
            break;
        case Target::Kind::Node:
            enter_node(s, state, t.index);
            break;
        case Target::Kind::Ending:
            state.ending = resolve_ending(s, state, t.index);
            break;
    }
}

int score_of(const Scenario& s, const PlayState& state) {
    return s.score.evaluate(state.context());
}

}  // namespace rapport
