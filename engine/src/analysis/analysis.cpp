// Scenario analysis (see analysis.hpp): breadth-first exploration that records the state graph
// (CSR edges), then Tarjan's strongly connected components, emitted in reverse topological order,
// give every state's best and worst achievable score in one linear pass each. When a bound stops
// the exploration, outlooks come from best-first branch-and-bound searches (search_score).
#include "rapport/analysis.hpp"

#include "gain_bound.hpp"

#include <algorithm>
#include <climits>
#include <deque>
#include <mutex>
#include <queue>
#include <string>
#include <unordered_map>

namespace rapport {

namespace {
constexpr std::uint32_t terminal_bit = 0x80000000u;
constexpr std::int32_t no_value = INT32_MIN;
constexpr std::uint32_t unvisited = UINT32_MAX;

using Clock = std::chrono::steady_clock;

std::int64_t cap(std::int64_t v) {
    return std::clamp(v, -value_cap, value_cap);
}

}  // namespace

const char* limit_name(AnalysisLimit limit) {
    switch (limit) {
        case AnalysisLimit::none:
            return "none";
        case AnalysisLimit::states:
            return "states";
        case AnalysisLimit::time:
            return "time";
        case AnalysisLimit::memory:
            return "memory";
        case AnalysisLimit::cancelled:
            return "cancelled";
        case AnalysisLimit::cached:
            return "cached";
    }
    return "none";
}

AnalysisOptions report_analysis_options() {
    AnalysisOptions o;
    o.time_budget = std::chrono::milliseconds(300);
    o.memory_budget = std::size_t{96} << 20;
    o.search_time = std::chrono::milliseconds(600);
    o.search_memory = std::size_t{48} << 20;
    return o;
}

AnalysisOptions drill_analysis_options() {
    AnalysisOptions o = report_analysis_options();
    o.search_time = std::chrono::seconds(2);
    return o;
}

struct Analysis::Search {
    std::mutex mutex;
    Clock::duration spent{};
    std::unordered_map<std::string, StateOutlook> memo;  // by encoded state key
    std::once_flag bound_once;
    std::unique_ptr<GainBound> bound;
};

const GainBound& Analysis::gain_bound() const {
    std::call_once(m_search->bound_once,
                   [&] { m_search->bound = std::make_unique<GainBound>(*m_scenario); });
    return *m_search->bound;
}

Analysis::Analysis() : m_search(std::make_unique<Search>()) {}
Analysis::Analysis(Analysis&&) noexcept = default;
Analysis& Analysis::operator=(Analysis&&) noexcept = default;
Analysis::~Analysis() = default;

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
    if (m_flag_best)
        return static_cast<std::size_t>(flag) < m_flag_best->size()
                   ? (*m_flag_best)[static_cast<std::size_t>(flag)]
                   : std::make_pair(with, without);
    for (const auto& t : m_terminals) {
        auto& slot = t.flags[static_cast<std::size_t>(flag)] ? with : without;
        if (!slot || t.score > *slot) slot = t.score;
    }
    return {with, without};
}

std::int64_t Analysis::score_bound(const PlayState& state, bool upper) const {
    const Scenario& s = *m_scenario;
    const std::size_t nv = s.vars.size();
    std::vector<Interval> values(nv), visited(state.visited.size()), flags(state.flags.size());
    std::vector<std::int64_t> up(nv), down(nv);
    gain_bound().gains(state, up, down);
    for (std::size_t x = 0; x < nv; ++x) {
        const std::int64_t v = state.values[x];
        const std::int64_t u = up[x], d = down[x];
        values[x].hi =
            u == gain_unlimited ? s.vars[x].max : std::min<std::int64_t>(s.vars[x].max, v + u);
        values[x].lo =
            d == gain_unlimited ? s.vars[x].min : std::max<std::int64_t>(s.vars[x].min, v - d);
    }
    for (std::size_t i = 0; i < visited.size(); ++i)
        visited[i] = {state.visited[i] ? 1 : 0, 1};
    for (std::size_t i = 0; i < flags.size(); ++i)
        flags[i] = {state.flags[i] ? 1 : 0, 1};
    const Interval r =
        eval_interval(s.score, values, Interval{state.turns, value_cap}, visited, flags);
    return upper ? r.hi : r.lo;
}

Analysis Analysis::run(std::shared_ptr<const Scenario> scenario, const AnalysisOptions& options) {
    Analysis a;
    a.m_scenario = std::move(scenario);
    a.m_options = options;
    const Scenario& s = *a.m_scenario;
    const auto started = Clock::now();
    a.m_dead_end_state.assign(s.nodes.size(), -1);
    for (const auto& n : s.nodes)
        a.m_variant_shown.emplace_back(n.variants.size(), 0);
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
        a.m_limit = AnalysisLimit::states;
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
    // Bytes the graph will take per state and edge once the components are computed, to stop
    // before the memory bound rather than after it.
    const auto projected = [&] {
        return space.memory_bytes() + a.m_steps.capacity() * sizeof(ExploreStep) +
               a.m_edge_begin.capacity() * 4 + a.m_target.capacity() * 4 +
               a.m_response.capacity() * 2 + space.size() * 29;
    };
    const auto stop = [&](AnalysisLimit why) {
        a.m_complete = false;
        a.m_limit = why;
    };
    for (std::uint32_t head = 0; head < space.size() && a.m_complete; ++head) {
        if ((head & 0x3FFu) == 0) {
            if (options.cancel && options.cancel->load()) {
                stop(AnalysisLimit::cancelled);
                break;
            }
            if (options.time_budget.count() > 0 && Clock::now() - started > options.time_budget) {
                stop(AnalysisLimit::time);
                break;
            }
            if (options.memory_budget > 0 && projected() > options.memory_budget) {
                stop(AnalysisLimit::memory);
                break;
            }
        }
        space.decode(head, state);
        const auto node = static_cast<std::size_t>(state.node);
        a.m_node_reachable[node] = 1;
        if (state.variant >= 0)
            a.m_variant_shown[node][static_cast<std::size_t>(state.variant)] = 1;
        const auto count = static_cast<int>(s.nodes[node].responses.size());
        const std::size_t edges_before = a.m_target.size();
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
                    stop(AnalysisLimit::states);
                    break;
                }
                const auto [index, fresh] = space.insert(next);
                if (fresh) a.m_steps.push_back(ExploreStep{head, r, next.node});
                target = index;
            }
            a.m_target.push_back(target);
            a.m_response.push_back(static_cast<std::uint16_t>(r));
        }
        if (a.m_complete && a.m_target.size() == edges_before && a.m_dead_end_state[node] < 0)
            a.m_dead_end_state[node] = head;
        a.m_edge_begin.push_back(static_cast<std::uint32_t>(a.m_target.size()));
    }
    a.m_states = space.size();
    a.m_edges = a.m_target.size();
    if (!a.m_complete) {
        // Keep how each state was first reached (witness paths for the checks) and drop the rest
        // of the partial graph: outlooks now come from searches.
        a.m_space.reset();
        a.m_edge_begin = {};
        a.m_target = {};
        a.m_response = {};
        a.m_steps.shrink_to_fit();
        return a;
    }
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
    a.m_start = a.outlook_at(0);
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
    if (state.ended() || !m_scenario || m_scenario->nodes.empty()) return std::nullopt;
    if (!m_space) return search_outlook(state);
    PlayState key = state;
    m_space->codec().normalise(key);
    const auto index = m_space->find(key);
    if (!index) return std::nullopt;
    StateOutlook out = outlook_at(*index);
    // Remembered, so that a cache of this analysis can answer for the states sessions visit.
    std::string bytes(m_space->codec().key_size(), '\0');
    m_space->codec().encode(key, reinterpret_cast<std::uint8_t*>(bytes.data()));
    const std::lock_guard lock(m_search->mutex);
    m_search->memo.emplace(std::move(bytes), out);
    return out;
}

StateOutlook Analysis::start_outlook() const {
    if (m_complete && !m_best_path) return outlook_at(0);
    if (m_complete) return m_start;
    if (!m_scenario || m_scenario->nodes.empty()) return {};
    return search_outlook(initial_state(*m_scenario));
}

Analysis::Summary Analysis::summary() const {
    Summary out;
    out.complete = m_complete;
    if (m_complete) {
        out.start = start_outlook();
        for (int f = 0; f < m_scenario->flag_count(); ++f)
            out.flag_best.push_back(best_with_flag(f));
        out.best_path = best_path();
    }
    const std::lock_guard lock(m_search->mutex);
    for (const auto& [key, outlook] : m_search->memo)
        out.outlooks.emplace_back(key, outlook);
    std::sort(out.outlooks.begin(), out.outlooks.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    return out;
}

Analysis Analysis::from_summary(std::shared_ptr<const Scenario> scenario, Summary summary,
                                const AnalysisOptions& options) {
    Analysis a;
    a.m_scenario = std::move(scenario);
    a.m_options = options;
    a.m_complete = summary.complete;
    a.m_limit = AnalysisLimit::cached;
    // What only the graph knows stays empty but well-formed (nothing reached, nothing seen).
    const Scenario& s = *a.m_scenario;
    a.m_ending_state.assign(s.endings.size(), -1);
    a.m_ending_response.assign(s.endings.size(), -1);
    a.m_node_reachable.assign(s.nodes.size(), 0);
    a.m_dead_end_state.assign(s.nodes.size(), -1);
    for (const auto& n : s.nodes) {
        a.m_response_reachable.emplace_back(n.responses.size(), 0);
        a.m_response_best.emplace_back(n.responses.size(), 0);
        a.m_variant_shown.emplace_back(n.variants.size(), 0);
    }
    a.m_max_final.assign(s.vars.size(), INT_MIN);
    a.m_min_final.assign(s.vars.size(), INT_MAX);
    if (summary.complete) {
        a.m_start = summary.start;
        a.m_flag_best = std::move(summary.flag_best);
        a.m_best_path = std::move(summary.best_path);
    }
    for (auto& [key, outlook] : summary.outlooks)
        a.m_search->memo.emplace(std::move(key), std::move(outlook));
    return a;
}

StateOutlook Analysis::search_outlook(const PlayState& state) const {
    const Scenario& s = *m_scenario;
    PlayState key_state = state;
    const StateCodec codec(s);
    codec.normalise(key_state);
    std::string key(codec.key_size(), '\0');
    codec.encode(key_state, reinterpret_cast<std::uint8_t*>(key.data()));
    {
        const std::lock_guard lock(m_search->mutex);
        if (const auto it = m_search->memo.find(key); it != m_search->memo.end()) return it->second;
    }
    StateOutlook out;
    const auto count =
        static_cast<int>(s.nodes[static_cast<std::size_t>(state.node)].responses.size());
    PlayState next;
    for (int r = 0; r < count; ++r) {
        if (!is_offered(s, state, r)) continue;
        next = state;
        apply_response(s, next, r);
        StateOutlook::Choice c;
        c.response = r;
        if (next.ended()) {
            c.best = c.worst = score_of(s, next);
        } else {
            const auto [best, best_exact] = search_score(next, true);
            const auto [worst, worst_exact] = search_score(next, false);
            c.best = best;
            c.worst = worst;
            c.exact = best_exact && worst_exact;
        }
        out.exact = out.exact && c.exact;
        if (c.best && (!out.best || *c.best > *out.best)) out.best = c.best;
        if (c.worst && (!out.worst || *c.worst < *out.worst)) out.worst = c.worst;
        out.choices.push_back(c);
    }
    for (const auto& c : out.choices)
        if (c.best && out.best && *c.best == *out.best) {
            out.best_response = c.response;
            break;
        }
    const std::lock_guard lock(m_search->mutex);
    m_search->memo.emplace(std::move(key), out);
    return out;
}

// Best-first branch and bound: states are expanded in order of their score bound (highest first
// when maximising), and a state whose bound cannot beat the best ending found so far is never
// expanded. When the best remaining bound is no better than that ending, it is the exact answer.
// Stopped by the shared search time or the per-search memory, it returns the best remaining bound
// (an upper bound when maximising, a lower one when minimising) and exact false.
std::pair<std::optional<int>, bool> Analysis::search_score(const PlayState& from,
                                                           bool maximise) const {
    const Scenario& s = *m_scenario;
    const auto started = Clock::now();
    Clock::duration allowed;
    {
        const std::lock_guard lock(m_search->mutex);
        allowed = m_options.search_time - m_search->spent;
    }
    // Signed so that one comparison serves both directions: larger is more promising.
    const auto sign = maximise ? 1 : -1;
    const auto bound = [&](const PlayState& st) { return sign * score_bound(st, maximise); };
    std::optional<std::int64_t> incumbent;  // signed
    StateSpace seen(s);
    using Entry = std::pair<std::int64_t, std::uint32_t>;
    std::priority_queue<Entry> open;
    PlayState state = from, next;
    seen.codec().normalise(state);
    open.emplace(bound(state), seen.insert(state).first);
    bool exact = true;
    std::int64_t lost = INT64_MIN;  // best bound of a state dropped for want of room
    std::size_t pops = 0;
    while (!open.empty()) {
        const auto [b, index] = open.top();
        if (incumbent && b <= *incumbent) break;  // nothing left can do better: exact
        if ((++pops & 0xFFu) == 1 &&
            (Clock::now() - started > allowed ||
             seen.memory_bytes() + open.size() * sizeof(Entry) > m_options.search_memory ||
             (m_options.cancel && m_options.cancel->load()))) {
            exact = false;
            break;
        }
        open.pop();
        seen.decode(index, state);
        const auto count =
            static_cast<int>(s.nodes[static_cast<std::size_t>(state.node)].responses.size());
        for (int r = 0; r < count; ++r) {
            if (!is_offered(s, state, r)) continue;
            next = state;
            apply_response(s, next, r);
            if (next.ended()) {
                const std::int64_t v = sign * static_cast<std::int64_t>(score_of(s, next));
                if (!incumbent || v > *incumbent) incumbent = v;
                continue;
            }
            seen.codec().normalise(next);
            const std::int64_t nb = bound(next);
            if (incumbent && nb <= *incumbent) continue;
            if (seen.size() >= StateSpace::max_states) {
                exact = false;
                lost = std::max(lost, nb);
                continue;
            }
            const auto [i, fresh] = seen.insert(next);
            if (fresh) open.emplace(nb, i);
        }
    }
    {
        const std::lock_guard lock(m_search->mutex);
        m_search->spent += Clock::now() - started;
    }
    if (exact) {
        if (!incumbent) return {std::nullopt, true};
        return {static_cast<int>(sign * *incumbent), true};
    }
    // The answer lies between the incumbent and the best remaining bound.
    std::int64_t top = std::max(incumbent.value_or(INT64_MIN), lost);
    if (!open.empty()) top = std::max(top, open.top().first);
    if (top == INT64_MIN) return {std::nullopt, false};
    return {static_cast<int>(cap(sign * top)), false};
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
    if (m_best_path) return m_complete ? *m_best_path : std::vector<std::pair<int, int>>{};
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
