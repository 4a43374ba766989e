// Scenario analysis: the exact graph of reachable play states, and from it what any session could
// have achieved. Each distinct play state is explored once (cost grows with distinct states, not
// paths); strongly connected components make cycles exact; a state budget bounds the work.
#pragma once

#include <atomic>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rapport/explore.hpp"
#include "rapport/play_state.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

struct AnalysisOptions {
    std::size_t state_budget =
        15'000'000;  // most distinct play states before giving up (incomplete)
    // When set and true, the analysis stops soon and is incomplete (a window closing).
    const std::atomic<bool>* cancel = nullptr;
};

// Best and worst session score still achievable from one play state, and what each offered
// response leads to. Scores are absent when no ending can be reached any more.
struct StateOutlook {
    std::optional<int> best;
    std::optional<int> worst;
    std::optional<int> best_response;  // index into the node's responses
    struct Choice {
        int response = 0;
        std::optional<int> best;  // best achievable after choosing it
        std::optional<int> worst;
    };
    std::vector<Choice> choices;  // one per offered response, in authoring order
};

class Analysis {
public:
    [[nodiscard]] static Analysis run(std::shared_ptr<const Scenario> scenario,
                                      const AnalysisOptions& options = {});

    [[nodiscard]] const Scenario& scenario() const { return *m_scenario; }
    [[nodiscard]] bool complete() const { return m_complete; }
    [[nodiscard]] std::size_t states() const { return m_space ? m_space->size() : 0; }
    [[nodiscard]] std::size_t edges() const { return m_target.size(); }
    [[nodiscard]] std::size_t terminals() const { return m_terminals.size(); }
    [[nodiscard]] std::size_t memory_bytes() const;

    // From the start of a session (absent when no ending is reachable, or the analysis is
    // incomplete).
    [[nodiscard]] std::optional<int> best_score() const { return outlook_at(0).best; }
    [[nodiscard]] std::optional<int> worst_score() const { return outlook_at(0).worst; }
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
    [[nodiscard]] std::optional<StateOutlook> outlook(const PlayState& state) const;

private:
    [[nodiscard]] StateOutlook outlook_at(std::uint32_t index) const;
    [[nodiscard]] std::optional<int> target_best(std::uint32_t target) const;
    [[nodiscard]] std::optional<int> target_worst(std::uint32_t target) const;

    std::shared_ptr<const Scenario> m_scenario;
    bool m_complete = true;
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
