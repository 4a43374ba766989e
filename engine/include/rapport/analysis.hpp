// Scenario analysis: the exact graph of reachable play states, and from it what any session could
// have achieved. Each distinct play state is explored once (cost grows with distinct states, not
// paths); strongly connected components make cycles exact. The work is bounded by states, time and
// memory; when a bound stops the whole graph, outlooks at single states (the ones a trainee
// visited) come from a branch-and-bound search that prunes with an upper bound from the effects
// still collectable, and say whether they are exact or bounds. One exploration serves both the
// load-time checks (dead ends, conditions that never hold) and the feedback.
#pragma once

#include <atomic>
#include <chrono>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rapport/explore.hpp"
#include "rapport/play_state.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

class GainBound;  // engine/src/analysis/gain_bound.hpp

// Which bound stopped the exploration of the whole state graph (none: it is complete).
// `cached`: restored from a cache (see analysis_cache.hpp) without exploring again.
enum class AnalysisLimit : std::uint8_t { none, states, time, memory, cancelled, cached };
[[nodiscard]] const char* limit_name(AnalysisLimit limit);

struct AnalysisOptions {
    std::size_t state_budget =
        15'000'000;  // most distinct play states before giving up (incomplete)
    std::chrono::milliseconds time_budget{0};  // wall time for the whole graph; 0: no limit
    std::size_t memory_budget = 0;             // bytes for the whole graph; 0: no limit
    // Total wall time for branch-and-bound outlook searches when the whole graph is incomplete,
    // shared by every outlook() call on this analysis; when spent, outlooks are bounds only.
    std::chrono::milliseconds search_time{1000};
    std::size_t search_memory = 64u << 20;  // bytes of state storage per search
    // When set and true, the analysis stops soon and is incomplete (a window closing).
    const std::atomic<bool>* cancel = nullptr;
};

// Bounded defaults for the end-of-session report in every front end: the whole graph when it fits
// in a fraction of a second and 96 MiB, else searches at the visited states (about 0.6 s in all).
[[nodiscard]] AnalysisOptions report_analysis_options();
// For drill items made from a scenario: the same, with searches at each node's first decision
// (up to about 2 s in all for a scenario whose whole graph does not fit).
[[nodiscard]] AnalysisOptions drill_analysis_options();

// Best and worst session score still achievable from one play state, and what each offered
// response leads to. Scores are absent when no ending can be reached any more.
// `exact` false: a search stopped at its limit, and `best` is an upper bound, `worst` a lower
// bound.
struct StateOutlook {
    std::optional<int> best;
    std::optional<int> worst;
    std::optional<int> best_response;  // index into the node's responses
    bool exact = true;
    struct Choice {
        int response = 0;
        std::optional<int> best;  // best achievable after choosing it
        std::optional<int> worst;
        bool exact = true;
    };
    std::vector<Choice> choices;  // one per offered response, in authoring order
};

class Analysis {
public:
    [[nodiscard]] static Analysis run(std::shared_ptr<const Scenario> scenario,
                                      const AnalysisOptions& options = {});

    [[nodiscard]] const Scenario& scenario() const { return *m_scenario; }
    // The whole state graph was explored (every figure below is exact).
    [[nodiscard]] bool complete() const { return m_complete; }
    [[nodiscard]] AnalysisLimit limit() const { return m_limit; }
    [[nodiscard]] std::size_t states() const { return m_states; }
    [[nodiscard]] std::size_t edges() const { return m_edges; }
    [[nodiscard]] std::size_t terminals() const { return m_terminals.size(); }
    [[nodiscard]] std::size_t memory_bytes() const;

    // From the start of a session (absent when no ending is reachable, or the analysis is
    // incomplete).
    [[nodiscard]] std::optional<int> best_score() const {
        return m_complete ? m_start.best : std::nullopt;
    }
    [[nodiscard]] std::optional<int> worst_score() const {
        return m_complete ? m_start.worst : std::nullopt;
    }
    // Highest and lowest final value of each variable over all reachable endings.
    [[nodiscard]] const std::vector<int>& max_final() const { return m_max_final; }
    [[nodiscard]] const std::vector<int>& min_final() const { return m_min_final; }

    [[nodiscard]] bool ending_reachable(int ending) const {
        return m_ending_state[static_cast<std::size_t>(ending)] >= 0;
    }
    // Shortest list of (node, response) that reaches the ending from the start.
    [[nodiscard]] std::vector<std::pair<int, int>> ending_witness(int ending) const;
    [[nodiscard]] bool node_reachable(int node) const {
        return m_node_reachable[static_cast<std::size_t>(node)] != 0;
    }
    [[nodiscard]] bool response_reachable(int node, int response) const;
    // Can choosing this response be part of a session that reaches the best score?
    [[nodiscard]] bool response_on_best_path(int node, int response) const;
    // Per response of `node`: the highest best achievable score after choosing it, over every
    // reachable state at the node (absent for a response never offered or leading nowhere).
    [[nodiscard]] std::vector<std::optional<int>> response_best(int node) const;
    // One best session from the start: (node, response) pairs.
    [[nodiscard]] std::vector<std::pair<int, int>> best_path() const;

    // The first state (breadth-first, so reached by a shortest path) from which no ending can be
    // reached any more although responses are still offered: a loop the trainee cannot leave.
    [[nodiscard]] std::optional<std::uint32_t> first_trapped_state() const;
    [[nodiscard]] int node_of_state(std::uint32_t index) const { return m_steps[index].node; }
    // (node, response) pairs from the start to a state.
    [[nodiscard]] std::vector<std::pair<int, int>> path_to_state(std::uint32_t index) const;

    // Best achievable session score from the start among sessions that end with play-state flag
    // `flag` set (an essential met, a fact known), and among those that end without it; absent when
    // no such session exists or the analysis is incomplete.
    [[nodiscard]] std::pair<std::optional<int>, std::optional<int>> best_with_flag(int flag) const;

    // The outlook from any play state the analysis saw; nullopt for one it did not (incomplete).
    // Complete: from the graph. Incomplete: a branch-and-bound search from the state (memoised),
    // exact unless it hit its limit (see StateOutlook::exact). nullopt for an ended state.
    [[nodiscard]] std::optional<StateOutlook> outlook(const PlayState& state) const;
    // The outlook from the start of a session (see outlook()).
    [[nodiscard]] StateOutlook start_outlook() const;

    // What the exploration saw (also when it stopped early: then only as far as it got).
    [[nodiscard]] bool variant_shown(int node, int variant) const {
        return m_variant_shown[static_cast<std::size_t>(node)][static_cast<std::size_t>(variant)] !=
               0;
    }
    // A state at `node` where no response is offered (breadth-first: a shortest path reaches it).
    [[nodiscard]] std::optional<std::uint32_t> dead_end_state(int node) const {
        const auto st = m_dead_end_state[static_cast<std::size_t>(node)];
        return st < 0 ? std::nullopt : std::optional<std::uint32_t>(static_cast<std::uint32_t>(st));
    }

    // Upper (or, with `upper` false, lower) bound of the session score reachable from a live state:
    // each variable can still rise (fall) by at most the effects collectable on the way to an
    // ending, clamped by its range; flags can still turn on. Exposed for tests.
    [[nodiscard]] std::int64_t score_bound(const PlayState& state, bool upper) const;

    // What a cache keeps (see analysis_cache.hpp): the outlooks worked out so far, by encoded
    // state key, and for a complete analysis its whole-session figures.
    struct Summary {
        bool complete = false;
        StateOutlook start;
        std::vector<std::pair<std::optional<int>, std::optional<int>>> flag_best;  // per flag
        std::vector<std::pair<int, int>> best_path;
        std::vector<std::pair<std::string, StateOutlook>> outlooks;
    };
    [[nodiscard]] Summary summary() const;
    // An analysis that does not explore: its figures come from `summary` (validated by the
    // caller against the scenario) and, for states it does not know, from bounded searches.
    [[nodiscard]] static Analysis from_summary(std::shared_ptr<const Scenario> scenario,
                                               Summary summary,
                                               const AnalysisOptions& options = {});

    Analysis();
    Analysis(Analysis&&) noexcept;
    Analysis& operator=(Analysis&&) noexcept;
    ~Analysis();

private:
    struct Search;  // outlook searches: memo, time spent, the gain bound (mutable, guarded)
    // How far each variable can still move from a state, for the score bound: built on first use.
    [[nodiscard]] const GainBound& gain_bound() const;
    [[nodiscard]] StateOutlook search_outlook(const PlayState& state) const;
    // Best (maximise) or worst score reachable from a live state; exact false: a bound.
    [[nodiscard]] std::pair<std::optional<int>, bool> search_score(const PlayState& state,
                                                                   bool maximise) const;

    [[nodiscard]] StateOutlook outlook_at(std::uint32_t index) const;
    [[nodiscard]] std::optional<int> target_best(std::uint32_t target) const;
    [[nodiscard]] std::optional<int> target_worst(std::uint32_t target) const;

    std::shared_ptr<const Scenario> m_scenario;
    bool m_complete = true;
    AnalysisLimit m_limit = AnalysisLimit::none;
    AnalysisOptions m_options;
    std::size_t m_states = 0, m_edges = 0;
    std::vector<std::int64_t> m_dead_end_state;  // per node: -1 or a state index
    std::vector<std::vector<std::uint8_t>> m_variant_shown;
    std::unique_ptr<Search> m_search;
    StateOutlook m_start;  // complete: from the start of a session
    // From a cache with no graph (complete when it was made): the figures that need the graph.
    std::optional<std::vector<std::pair<std::optional<int>, std::optional<int>>>> m_flag_best;
    std::optional<std::vector<std::pair<int, int>>> m_best_path;
    std::unique_ptr<StateSpace> m_space;
    std::vector<ExploreStep> m_steps;         // per state: how it was first reached (BFS: shortest)
    std::vector<std::uint32_t> m_edge_begin;  // per state + 1: CSR offsets into the edge arrays
    std::vector<std::uint32_t> m_target;  // per edge: state index, or terminal_bit | terminal index
    std::vector<std::uint16_t> m_response;  // per edge: response index
    struct Terminal {
        int ending = 0;
        int score = 0;
        std::vector<int> values;
        std::vector<std::uint8_t> flags;
    };
    std::vector<Terminal> m_terminals;
    std::vector<std::int32_t> m_best, m_worst;  // per state; no_value when no ending is reachable
    std::vector<int> m_max_final, m_min_final;
    std::vector<std::int64_t>
        m_ending_state;  // per ending: state it is reached from (shortest), or -1
    std::vector<std::int32_t> m_ending_response;
    std::vector<std::uint8_t> m_node_reachable;
    std::vector<std::vector<std::uint8_t>> m_response_reachable, m_response_best;
};

}  // namespace rapport
