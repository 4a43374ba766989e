// How far each state variable can still move from a play state, for the branch-and-bound searches
// of the analysis (analysis.cpp): an upper bound on the score still reachable prunes most of a
// search, and a tight one lets the search finish exactly.
//
// Two bounds, both over-approximations, and the tighter of the two is used:
//  - per node, over the node graph with every branch taken and no condition read (always
//    available, loose where a flag-guarded branch closes a loop: then any effect in the loop looks
//    repeatable without limit);
//  - per milestone state: the play state without its numbers (node, nodes visited, once-only
//    responses used, essentials met, facts known). Conditions on milestones are read exactly and
//    conditions on numbers as "may hold". Milestones only ever get set, so a loop of milestone
//    states changes none of them: an effect inside one is truly repeatable, and an effect that
//    meets an essential or uses a once-only response is not. Built once per scenario, up to a
//    number of milestone states; beyond it only the node bound is used.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "rapport/expression.hpp"
#include "rapport/play_state.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

inline constexpr std::int64_t gain_unlimited = INT64_MAX;
inline constexpr std::int64_t value_cap = 2'000'000'000LL;  // as Expr::evaluate keeps intermediates

struct Interval {
    std::int64_t lo = 0, hi = 0;
};

// Interval evaluation of a compiled expression: every value the expression can take when each
// input lies in its interval (booleans are {0,0}, {1,1} or {0,1} for "may be either").
[[nodiscard]] Interval eval_interval(const Expr& e, std::span<const Interval> values,
                                     Interval turns, std::span<const Interval> visited,
                                     std::span<const Interval> flags);

// Whether a response can be taken at most once in a session: once-only, or its condition requires
// an essential not yet met that the response itself meets (met essentials never clear).
[[nodiscard]] bool at_most_once(const Response& r);

class GainBound {
public:
    // Explores milestone states from the start of `scenario` (which must outlive this) within
    // `max_bytes` of memory and of states made (about 64 bytes a state plus a bit, and a byte
    // made, for each milestone); past that the milestone bound is not available (a scenario with
    // thousands of tracked visits or once-only responses), and only the node bound is used.
    explicit GainBound(const Scenario& scenario, std::size_t max_bytes = std::size_t{16} << 20);

    // Per variable, the most it can still rise (`up`) and fall (`down`) from `state` on
    // (gain_unlimited: no limit). Node bound, tightened by the milestone bound where known.
    void gains(const PlayState& state, std::span<std::int64_t> up,
               std::span<std::int64_t> down) const;

    [[nodiscard]] bool milestones_complete() const { return m_complete; }
    [[nodiscard]] std::size_t milestone_states() const { return m_index.size(); }

private:
    void compute_node_gains();
    bool explore_milestones(std::size_t max_bytes);
    [[nodiscard]] std::string key_of(const PlayState& state) const;
    void decode(const std::string& key, PlayState& state) const;  // milestones only

    const Scenario* m_scenario;
    std::size_t m_vars;
    std::vector<std::int64_t> m_node_up, m_node_down;  // per node * variable
    bool m_complete = false;
    std::unordered_map<std::string, std::uint32_t> m_index;  // milestone key -> state
    std::vector<std::int64_t> m_up, m_down;                  // per milestone state * variable
};

}  // namespace rapport
