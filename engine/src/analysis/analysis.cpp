// Scenario analysis (see analysis.hpp): breadth-first exploration that records the state graph
// (CSR edges), then Tarjan's strongly connected components, emitted in reverse topological order,
// give every state's best and worst achievable score in one linear pass each.
#include "rapport/analysis.hpp"

#include <algorithm>
#include <climits>
#include <deque>
#include <unordered_map>

namespace rapport {

namespace {
constexpr std::uint32_t terminal_bit = 0x80000000u;
constexpr std::int32_t no_value = INT32_MIN;
constexpr std::uint32_t unvisited = UINT32_MAX;
}  // namespace

std::size_t Analysis::memory_bytes() const {
    std::size_t bytes = m_space ? m_space->memory_bytes() : 0;
    bytes += m_steps.capacity() * sizeof(ExploreStep) + m_edge_begin.capacity() * 4 +
             m_target.capacity() * 4 + m_response.capacity() * 2 +
             (m_best.capacity() + m_worst.capacity()) * 4;
    for (const auto& t : m_terminals)
        bytes += sizeof(Terminal) + t.values.capacity() * sizeof(int) + t.flags.capacity();
    return bytes;
}

std::pair<std::optional<int>, std::optional<int>> Analysis::best_with_flag(int flag) const {
    std::optional<int> with, without;
    if (!m_complete) return {with, without};
    for (const auto& t : m_terminals) {
        auto& slot = t.flags[static_cast<std::size_t>(flag)] ? with : without;
        if (!slot || t.score > *slot) slot = t.score;
    }
    return {with, without};
}

Analysis Analysis::run(std::shared_ptr<const Scenario> scenario, const AnalysisOptions& options) {
    Analysis a;
    a.m_scenario = std::move(scenario);
    const Scenario& s = *a.m_scenario;
    a.m_ending_state.assign(s.endings.size(), -1);
    a.m_ending_response.assign(s.endings.size(), -1);
    a.m_node_reachable.assign(s.nodes.size(), 0);
    for (const auto& n : s.nodes) {
        a.m_response_reachable.emplace_back(n.responses.size(), 0);
        a.m_response_best.emplace_back(n.responses.size(), 0);
    }
    a.m_max_final.assign(s.vars.size(), INT_MIN);
    a.m_min_final.assign(s.vars.size(), INT_MAX);
    a.m_space = std::make_unique<StateSpace>(s);
    if (s.nodes.empty()) {
        a.m_complete = false;
        return a;
    }

    // --- explore, recording every edge ------------------------------------------------------
    StateSpace terminal_space(s);
    StateSpace& space = *a.m_space;
    PlayState state = initial_state(s);
    space.codec().normalise(state);
    (void)space.insert(state);
    a.m_steps.push_back(ExploreStep{0, -1, state.node});
    a.m_edge_begin.push_back(0);
    PlayState next;
    for (std::uint32_t head = 0; head < space.size() && a.m_complete; ++head) {
        if ((head & 0xFFFu) == 0 && options.cancel && options.cancel->load()) {
            a.m_complete = false;
            break;
        }
        space.decode(head, state);
        const auto node = static_cast<std::size_t>(state.node);
        a.m_node_reachable[node] = 1;
        const auto count = static_cast<int>(s.nodes[node].responses.size());
        for (int r = 0; r < count; ++r) {
            if (!is_offered(s, state, r)) continue;
            a.m_response_reachable[node][static_cast<std::size_t>(r)] = 1;
            next = state;
            apply_response(s, next, r);
            std::uint32_t target;
            if (next.ended()) {
                const int score = score_of(s, next);
                space.codec().normalise(next);
                const auto [t, fresh] = terminal_space.insert(next);
                if (fresh) {
                    a.m_terminals.push_back(Terminal{next.ending, score, next.values, next.flags});
                    for (std::size_t v = 0; v < s.vars.size(); ++v) {
                        a.m_max_final[v] = std::max(a.m_max_final[v], next.values[v]);
                        a.m_min_final[v] = std::min(a.m_min_final[v], next.values[v]);
                    }
                }
                const auto e = static_cast<std::size_t>(next.ending);
                if (a.m_ending_state[e] < 0) {
                    a.m_ending_state[e] = head;
                    a.m_ending_response[e] = r;
                }
                target = terminal_bit | t;
            } else {
                space.codec().normalise(next);
                if (space.size() >= std::min(options.state_budget, StateSpace::max_states) &&
                    !space.find(next)) {
                    a.m_complete = false;
                    break;
                }
                const auto [index, fresh] = space.insert(next);
                if (fresh) a.m_steps.push_back(ExploreStep{head, r, next.node});
                target = index;
            }
            a.m_target.push_back(target);
            a.m_response.push_back(static_cast<std::uint16_t>(r));
        }
        a.m_edge_begin.push_back(static_cast<std::uint32_t>(a.m_target.size()));
    }
    if (!a.m_complete) return a;
    a.m_steps.shrink_to_fit();
    a.m_edge_begin.shrink_to_fit();
    a.m_target.shrink_to_fit();
    a.m_response.shrink_to_fit();

    // --- strongly connected components (iterative Tarjan) -----------------------------------
    const auto n = static_cast<std::uint32_t>(space.size());
    std::vector<std::uint32_t> index(n, unvisited), low(n, 0),
        order;                            // order: members by component
    std::vector<std::uint32_t> comp_end;  // end offset of each component in order
    std::vector<std::uint8_t> on_stack(n, 0);
    std::vector<std::uint32_t> stack;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> calls;  // (state, next edge)
    order.reserve(n);
    std::uint32_t counter = 0;
    for (std::uint32_t root = 0; root < n; ++root) {
        if (index[root] != unvisited) continue;
        calls.emplace_back(root, a.m_edge_begin[root]);
        index[root] = low[root] = counter++;
        stack.push_back(root);
        on_stack[root] = 1;
        while (!calls.empty()) {
            auto& [v, e] = calls.back();
            if (e < a.m_edge_begin[v + 1]) {
                const std::uint32_t w = a.m_target[e++];
                if (w & terminal_bit) continue;
                if (index[w] == unvisited) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = 1;
                    calls.emplace_back(w, a.m_edge_begin[w]);
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            const std::uint32_t done = v;
            calls.pop_back();
            if (!calls.empty())
                low[calls.back().first] = std::min(low[calls.back().first], low[done]);
            if (low[done] == index[done]) {
                std::uint32_t w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    order.push_back(w);
                } while (w != done);
                comp_end.push_back(static_cast<std::uint32_t>(order.size()));
            }
        }
    }
    index.clear();
    index.shrink_to_fit();
    low.clear();
    low.shrink_to_fit();

    // --- best and worst achievable score, component by component ----------------------------
    // Components come out of Tarjan's algorithm after every component they reach, so one pass in
    // that order sees each edge's target already settled. Members of a component reach the same
    // endings, so they share their values.
    a.m_best.assign(n, no_value);
    a.m_worst.assign(n, no_value);
    std::vector<std::uint32_t> comp_of(n);
    std::uint32_t begin = 0;
    for (std::uint32_t c = 0; c < comp_end.size(); ++c) {
        for (std::uint32_t i = begin; i < comp_end[c]; ++i)
            comp_of[order[i]] = c;
        std::int32_t best = no_value, worst = no_value;
        for (std::uint32_t i = begin; i < comp_end[c]; ++i) {
            const std::uint32_t v = order[i];
            for (std::uint32_t e = a.m_edge_begin[v]; e < a.m_edge_begin[v + 1]; ++e) {
                const std::uint32_t w = a.m_target[e];
                std::int32_t hi, lo;
                if (w & terminal_bit) {
                    hi = lo = a.m_terminals[w & ~terminal_bit].score;
                } else {
                    // Every target lies in this component or an earlier one; inside this one it
                    // adds nothing that the component's other edges do not.
                    if (comp_of[w] == c) continue;
                    hi = a.m_best[w];
                    lo = a.m_worst[w];
                    if (hi == no_value) continue;
                }
                best = best == no_value ? hi : std::max(best, hi);
                worst = worst == no_value ? lo : std::min(worst, lo);
            }
        }
        for (std::uint32_t i = begin; i < comp_end[c]; ++i) {
            a.m_best[order[i]] = best;
            a.m_worst[order[i]] = worst;
        }
        begin = comp_end[c];
    }

    // --- responses that can lie on a best path -----------------------------------------------
    std::vector<std::uint8_t> seen(n, 0);
    std::deque<std::uint32_t> queue{0};
    seen[0] = 1;
    while (!queue.empty()) {
        const std::uint32_t v = queue.front();
        queue.pop_front();
        if (a.m_best[v] == no_value) continue;
        const int node = a.m_steps[v].node;
        for (std::uint32_t e = a.m_edge_begin[v]; e < a.m_edge_begin[v + 1]; ++e) {
            const std::uint32_t w = a.m_target[e];
            if (a.target_best(w) != a.m_best[v]) continue;
            a.m_response_best[static_cast<std::size_t>(node)][a.m_response[e]] = 1;
            if (!(w & terminal_bit) && !seen[w]) {
                seen[w] = 1;
                queue.push_back(w);
            }
        }
    }
    return a;
}

std::optional<int> Analysis::target_best(std::uint32_t target) const {
    if (target & terminal_bit) return m_terminals[target & ~terminal_bit].score;
    if (m_best[target] == no_value) return std::nullopt;
    return m_best[target];
}

std::optional<int> Analysis::target_worst(std::uint32_t target) const {
    if (target & terminal_bit) return m_terminals[target & ~terminal_bit].score;
    if (m_worst[target] == no_value) return std::nullopt;
    return m_worst[target];
}

StateOutlook Analysis::outlook_at(std::uint32_t index) const {
    StateOutlook out;
    if (!m_complete || index >= m_best.size()) return out;
    if (m_best[index] != no_value) out.best = m_best[index];
    if (m_worst[index] != no_value) out.worst = m_worst[index];
    for (std::uint32_t e = m_edge_begin[index]; e < m_edge_begin[index + 1]; ++e) {
        StateOutlook::Choice c;
        c.response = m_response[e];
        c.best = target_best(m_target[e]);
        c.worst = target_worst(m_target[e]);
        if (c.best && out.best && *c.best == *out.best && !out.best_response)
            out.best_response = c.response;
        out.choices.push_back(c);
    }
    return out;
}

std::optional<StateOutlook> Analysis::outlook(const PlayState& state) const {
    if (!m_complete || state.ended()) return std::nullopt;
    PlayState key = state;
    m_space->codec().normalise(key);
    const auto index = m_space->find(key);
    if (!index) return std::nullopt;
    return outlook_at(*index);
}

std::vector<std::optional<int>> Analysis::response_best(int node) const {
    const auto count = m_scenario->nodes[static_cast<std::size_t>(node)].responses.size();
    std::vector<std::optional<int>> out(count);
    if (!m_complete) return out;
    for (std::uint32_t i = 0; i + 1 < m_edge_begin.size(); ++i) {
        if (m_steps[i].node != node) continue;
        for (std::uint32_t e = m_edge_begin[i]; e < m_edge_begin[i + 1]; ++e)
            if (const auto b = target_best(m_target[e])) {
                auto& slot = out[m_response[e]];
                if (!slot || *b > *slot) slot = b;
            }
    }
    return out;
}

bool Analysis::response_reachable(int node, int response) const {
    return m_response_reachable[static_cast<std::size_t>(node)]
                               [static_cast<std::size_t>(response)] != 0;
}

bool Analysis::response_on_best_path(int node, int response) const {
    return m_response_best[static_cast<std::size_t>(node)][static_cast<std::size_t>(response)] != 0;
}

std::optional<std::uint32_t> Analysis::first_trapped_state() const {
    if (!m_complete) return std::nullopt;
    for (std::uint32_t i = 0; i < m_best.size(); ++i)
        if (m_best[i] == no_value && m_edge_begin[i + 1] > m_edge_begin[i]) return i;
    return std::nullopt;
}

std::vector<std::pair<int, int>> Analysis::path_to_state(std::uint32_t index) const {
    std::vector<std::pair<int, int>> path;
    for (std::size_t i = index; i != 0; i = m_steps[i].parent)
        path.emplace_back(m_steps[m_steps[i].parent].node, m_steps[i].response);
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<std::pair<int, int>> Analysis::ending_witness(int ending) const {
    const std::int64_t st = m_ending_state[static_cast<std::size_t>(ending)];
    if (st < 0) return {};
    auto path = path_to_state(static_cast<std::uint32_t>(st));
    path.emplace_back(m_steps[static_cast<std::size_t>(st)].node,
                      m_ending_response[static_cast<std::size_t>(ending)]);
    return path;
}

std::vector<std::pair<int, int>> Analysis::best_path() const {
    if (!m_complete || m_best.empty() || m_best[0] == no_value) return {};
    // Breadth-first over best edges until a terminal with the best score: a shortest best session.
    const std::int32_t goal = m_best[0];
    std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>>
        parent;  // state -> (from, edge)
    std::deque<std::uint32_t> queue{0};
    parent[0] = {0, UINT32_MAX};
    while (!queue.empty()) {
        const std::uint32_t v = queue.front();
        queue.pop_front();
        for (std::uint32_t e = m_edge_begin[v]; e < m_edge_begin[v + 1]; ++e) {
            const std::uint32_t w = m_target[e];
            if (target_best(w) != goal) continue;
            if (w & terminal_bit) {
                std::vector<std::pair<int, int>> path{{m_steps[v].node, m_response[e]}};
                for (std::uint32_t x = v; x != 0;) {
                    const auto [from, edge] = parent[x];
                    path.emplace_back(m_steps[from].node, m_response[edge]);
                    x = from;
                }
                std::reverse(path.begin(), path.end());
                return path;
            }
            if (parent.emplace(w, std::make_pair(v, e)).second) queue.push_back(w);
        }
    }
    return {};
}

}  // namespace rapport
