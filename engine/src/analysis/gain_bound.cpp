// The bounds on what a play state can still gain (see gain_bound.hpp).
#include "gain_bound.hpp"

#include <algorithm>
#include <cstring>

namespace rapport {

namespace {
constexpr std::uint32_t unvisited = UINT32_MAX;
constexpr std::uint32_t terminal = UINT32_MAX;

std::int64_t cap(std::int64_t v) {
    return std::clamp(v, -value_cap, value_cap);
}

// The instructions of the subexpression ending at `end` (exclusive) begin at the returned index.
std::size_t operand_start(const std::vector<Instr>& code, std::size_t end) {
    int need = 1;
    std::size_t i = end;
    while (need > 0 && i > 0) {
        --i;
        switch (code[i].op) {
            case Op::Const:
            case Op::Var:
            case Op::Turns:
            case Op::Visited:
            case Op::Flag:
                --need;
                break;
            case Op::Neg:
            case Op::Not:
                break;
            default:
                ++need;
                break;
        }
    }
    return i;
}

// Whether the condition over code[begin, end) has a conjunct `not met(E)` for an essential the
// response meets: taking the response makes its own condition false for good (met flags never
// clear), so it can be taken at most once, like a once-only response.
bool disables_itself(const std::vector<Instr>& code, std::size_t begin, std::size_t end,
                     const Response& r) {
    if (end <= begin) return false;
    const Instr& last = code[end - 1];
    if (last.op == Op::And) {
        const std::size_t right = operand_start(code, end - 1);
        return disables_itself(code, begin, right, r) || disables_itself(code, right, end - 1, r);
    }
    return last.op == Op::Not && end - begin == 2 && code[begin].op == Op::Flag &&
           std::find(r.meets.begin(), r.meets.end(), code[begin].arg) != r.meets.end();
}

}  // namespace

bool at_most_once(const Response& r) {
    if (r.once_slot >= 0) return true;
    return r.when && disables_itself(r.when->code(), 0, r.when->code().size(), r);
}

Interval eval_interval(const Expr& e, std::span<const Interval> values, Interval turns,
                       std::span<const Interval> visited, std::span<const Interval> flags) {
    std::vector<Interval> st;
    st.reserve(Expr::max_stack);
    auto truth = [](Interval x) -> Interval {  // x != 0
        if (x.lo == 0 && x.hi == 0) return {0, 0};
        if (x.lo > 0 || x.hi < 0) return {1, 1};
        return {0, 1};
    };
    for (const Instr& ins : e.code()) {
        const auto arg = static_cast<std::size_t>(ins.arg);
        switch (ins.op) {
            case Op::Const:
                st.push_back({ins.arg, ins.arg});
                continue;
            case Op::Var:
                st.push_back(values[arg]);
                continue;
            case Op::Turns:
                st.push_back(turns);
                continue;
            case Op::Visited:
                st.push_back(visited[arg]);
                continue;
            case Op::Flag:
                st.push_back(flags[arg]);
                continue;
            case Op::Neg:
                st.back() = {-st.back().hi, -st.back().lo};
                continue;
            case Op::Not: {
                const Interval t = truth(st.back());
                st.back() = {1 - t.hi, 1 - t.lo};
                continue;
            }
            default:
                break;
        }
        const Interval b = st.back();
        st.pop_back();
        Interval& a = st.back();
        Interval r{0, 1};
        switch (ins.op) {
            case Op::Add:
                r = {a.lo + b.lo, a.hi + b.hi};
                break;
            case Op::Sub:
                r = {a.lo - b.hi, a.hi - b.lo};
                break;
            case Op::Mul: {
                const std::int64_t p[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
                r = {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
                break;
            }
            case Op::Lt:
                r = a.hi < b.lo ? Interval{1, 1} : a.lo >= b.hi ? Interval{0, 0} : r;
                break;
            case Op::Le:
                r = a.hi <= b.lo ? Interval{1, 1} : a.lo > b.hi ? Interval{0, 0} : r;
                break;
            case Op::Gt:
                r = a.lo > b.hi ? Interval{1, 1} : a.hi <= b.lo ? Interval{0, 0} : r;
                break;
            case Op::Ge:
                r = a.lo >= b.hi ? Interval{1, 1} : a.hi < b.lo ? Interval{0, 0} : r;
                break;
            case Op::Eq:
            case Op::Ne: {
                Interval eq{0, 1};
                if (a.lo == a.hi && b.lo == b.hi && a.lo == b.lo)
                    eq = {1, 1};
                else if (a.hi < b.lo || b.hi < a.lo)
                    eq = {0, 0};
                r = ins.op == Op::Eq ? eq : Interval{1 - eq.hi, 1 - eq.lo};
                break;
            }
            case Op::And: {
                const Interval x = truth(a), y = truth(b);
                r = {std::min(x.lo, y.lo), std::min(x.hi, y.hi)};
                break;
            }
            case Op::Or: {
                const Interval x = truth(a), y = truth(b);
                r = {std::max(x.lo, y.lo), std::max(x.hi, y.hi)};
                break;
            }
            default:
                break;
        }
        a = {cap(r.lo), cap(r.hi)};
    }
    return st.empty() ? Interval{} : st.back();
}

namespace {

// A graph whose edges carry a response's effects: to a state, or to an ending (terminal).
struct GainGraph {
    std::vector<std::uint32_t> begin{0};  // per state + 1: offsets into target / effect
    std::vector<std::uint32_t> target;    // state index, or terminal
    std::vector<std::uint32_t> effect;    // index into rise / fall (per effect * variable)
    std::vector<std::uint8_t> once;       // per effect: the response is taken at most once
    std::vector<std::int64_t> rise, fall;
};

// Per state and variable, the most the variable can rise (fall) on any way from the state to an
// ending: Tarjan's strongly connected components, emitted in reverse topological order. Inside a
// component every member reaches every exit and a loop can take several responses before leaving:
// the best exit's gain plus every at-most-once internal effect (each once), or no limit when a
// repeatable internal response has the effect.
void component_gains(const GainGraph& g, std::size_t nv, std::vector<std::int64_t>& up,
                     std::vector<std::int64_t>& down) {
    const std::size_t n = g.begin.size() - 1;
    up.assign(n * nv, 0);
    down.assign(n * nv, 0);
    std::vector<std::uint32_t> index(n, unvisited), low(n, 0), stack, members;
    std::vector<std::uint8_t> on_stack(n, 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> calls;  // state, next edge
    std::vector<std::int64_t> best_up(nv), best_down(nv), once_up(nv), once_down(nv);
    std::vector<std::uint8_t> loop_up(nv), loop_down(nv);
    std::uint32_t counter = 0;
    const auto finish = [&](std::uint32_t root) {
        members.clear();
        std::uint32_t w;
        do {
            w = stack.back();
            stack.pop_back();
            on_stack[w] = 0;
            index[w] = unvisited - 1;  // done: marks membership below by `in_component`
            members.push_back(w);
        } while (w != root);
        std::fill(best_up.begin(), best_up.end(), 0);
        std::fill(best_down.begin(), best_down.end(), 0);
        std::fill(once_up.begin(), once_up.end(), 0);
        std::fill(once_down.begin(), once_down.end(), 0);
        std::fill(loop_up.begin(), loop_up.end(), 0);
        std::fill(loop_down.begin(), loop_down.end(), 0);
        for (const std::uint32_t v : members)
            low[v] = root;  // component id: its root
        for (const std::uint32_t v : members)
            for (std::uint32_t e = g.begin[v]; e < g.begin[v + 1]; ++e) {
                const std::uint32_t t = g.target[e], fx = g.effect[e];
                const bool inside = t != terminal && low[t] == root && index[t] == unvisited - 1;
                for (std::size_t x = 0; x < nv; ++x) {
                    const std::int64_t r = g.rise[fx * nv + x], f = g.fall[fx * nv + x];
                    if (inside) {
                        if (g.once[fx]) {
                            once_up[x] += r;
                            once_down[x] += f;
                        } else {
                            loop_up[x] |= static_cast<std::uint8_t>(r > 0);
                            loop_down[x] |= static_cast<std::uint8_t>(f > 0);
                        }
                        continue;
                    }
                    const std::int64_t gu = t == terminal ? 0 : up[t * nv + x];
                    const std::int64_t gd = t == terminal ? 0 : down[t * nv + x];
                    best_up[x] = std::max(best_up[x], gu == gain_unlimited ? gu : gu + r);
                    best_down[x] = std::max(best_down[x], gd == gain_unlimited ? gd : gd + f);
                }
            }
        for (std::size_t x = 0; x < nv; ++x) {
            const std::int64_t u = loop_up[x] || best_up[x] == gain_unlimited
                                       ? gain_unlimited
                                       : std::min(best_up[x] + once_up[x], value_cap * 4);
            const std::int64_t d = loop_down[x] || best_down[x] == gain_unlimited
                                       ? gain_unlimited
                                       : std::min(best_down[x] + once_down[x], value_cap * 4);
            for (const std::uint32_t v : members) {
                up[v * nv + x] = u;
                down[v * nv + x] = d;
            }
        }
    };
    for (std::uint32_t root = 0; root < n; ++root) {
        if (index[root] != unvisited) continue;
        calls.emplace_back(root, g.begin[root]);
        index[root] = low[root] = counter++;
        stack.push_back(root);
        on_stack[root] = 1;
        while (!calls.empty()) {
            auto& [v, e] = calls.back();
            if (e < g.begin[v + 1]) {
                const std::uint32_t w = g.target[e++];
                if (w == terminal) continue;
                if (index[w] == unvisited) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = 1;
                    calls.emplace_back(w, g.begin[w]);
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            const std::uint32_t done = v;
            calls.pop_back();
            if (!calls.empty()) {
                const std::uint32_t parent = calls.back().first;
                low[parent] = std::min(low[parent], low[done]);
            }
            if (low[done] == index[done]) finish(done);
        }
    }
}

// The effects of every response, once: rise and fall per (node, response) * variable.
void response_effects(const Scenario& s, GainGraph& g, std::vector<std::uint32_t>& first) {
    const std::size_t nv = s.vars.size();
    first.clear();
    for (const auto& node : s.nodes) {
        first.push_back(static_cast<std::uint32_t>(g.once.size()));
        for (const auto& r : node.responses) {
            g.once.push_back(at_most_once(r) ? 1 : 0);
            const std::size_t at = g.rise.size();
            g.rise.resize(at + nv, 0);
            g.fall.resize(at + nv, 0);
            for (const Effect& e : r.effects) {
                if (e.delta > 0) g.rise[at + static_cast<std::size_t>(e.var)] += e.delta;
                if (e.delta < 0) g.fall[at + static_cast<std::size_t>(e.var)] -= e.delta;
            }
        }
    }
}

}  // namespace

GainBound::GainBound(const Scenario& scenario, std::size_t max_bytes)
    : m_scenario(&scenario), m_vars(scenario.vars.size()) {
    compute_node_gains();
    if (!scenario.nodes.empty() && m_vars > 0) m_complete = explore_milestones(max_bytes);
    if (!m_complete) {
        m_index.clear();
        m_up.clear();
        m_down.clear();
    }
}

// The node graph with every branch taken and no condition read.
void GainBound::compute_node_gains() {
    const Scenario& s = *m_scenario;
    GainGraph g;
    std::vector<std::uint32_t> first;
    response_effects(s, g, first);
    for (std::size_t v = 0; v < s.nodes.size(); ++v) {
        for (std::size_t r = 0; r < s.nodes[v].responses.size(); ++r) {
            const Response& resp = s.nodes[v].responses[r];
            const auto fx = static_cast<std::uint32_t>(first[v] + r);
            bool stays = resp.next.empty() || resp.next.back().when.has_value();
            for (const auto& b : resp.next) {
                if (b.target.kind == Target::Kind::Node) {
                    g.target.push_back(static_cast<std::uint32_t>(b.target.index));
                    g.effect.push_back(fx);
                } else if (b.target.kind == Target::Kind::Stay) {
                    stays = true;
                } else {
                    g.target.push_back(terminal);
                    g.effect.push_back(fx);
                }
            }
            if (stays) {
                g.target.push_back(static_cast<std::uint32_t>(v));
                g.effect.push_back(fx);
            }
        }
        g.begin.push_back(static_cast<std::uint32_t>(g.target.size()));
    }
    component_gains(g, m_vars, m_node_up, m_node_down);
}

std::string GainBound::key_of(const PlayState& st) const {
    std::string key(sizeof(int), '\0');
    std::memcpy(key.data(), &st.node, sizeof(int));
    std::uint8_t byte = 0;
    int bit = 0;
    const auto put = [&](std::uint8_t b) {
        byte = static_cast<std::uint8_t>(byte | ((b ? 1u : 0u) << bit));
        if (++bit == 8) {
            key.push_back(static_cast<char>(byte));
            byte = 0;
            bit = 0;
        }
    };
    for (const auto b : st.visited)
        put(b);
    for (const auto b : st.used)
        put(b);
    for (const auto b : st.flags)
        put(b);
    if (bit) key.push_back(static_cast<char>(byte));
    return key;
}

void GainBound::decode(const std::string& key, PlayState& st) const {
    std::memcpy(&st.node, key.data(), sizeof(int));
    std::size_t at = 0;
    const auto get = [&] {
        const auto byte = static_cast<unsigned char>(key[sizeof(int) + at / 8]);
        const auto b = static_cast<std::uint8_t>((byte >> (at % 8)) & 1u);
        ++at;
        return b;
    };
    for (auto& b : st.visited)
        b = get();
    for (auto& b : st.used)
        b = get();
    for (auto& b : st.flags)
        b = get();
}

// Breadth-first over milestone states. Conditions read milestones exactly and numbers as any value
// in their range; where a condition may hold or not, both ways are followed.
bool GainBound::explore_milestones(std::size_t max_bytes) {
    const Scenario& s = *m_scenario;
    GainGraph g;
    std::vector<std::uint32_t> first;
    response_effects(s, g, first);
    std::vector<Interval> values;
    for (const auto& v : s.vars)
        values.push_back({v.min, v.max});
    const Interval turns{0, value_cap};
    std::vector<Interval> visited, flags;
    const auto eval = [&](const Expr& e, const PlayState& st) {
        visited.resize(st.visited.size());
        flags.resize(st.flags.size());
        for (std::size_t i = 0; i < st.visited.size(); ++i)
            visited[i] = {st.visited[i] ? 1 : 0, st.visited[i] ? 1 : 0};
        for (std::size_t i = 0; i < st.flags.size(); ++i)
            flags[i] = {st.flags[i] ? 1 : 0, st.flags[i] ? 1 : 0};
        const Interval r = eval_interval(e, values, turns, visited, flags);
        return Interval{r.lo > 0 || r.hi < 0 ? 1 : 0, r.lo == 0 && r.hi == 0 ? 0 : 1};
    };
    // The states by index: their keys in m_index (whose elements never move). Each costs its key,
    // the map's node and its edges; past the budget the milestone bound is given up.
    std::vector<const std::string*> states;
    std::size_t bytes = 0, work = 0;  // memory kept; bytes of states made (a bound on time)
    std::vector<std::uint32_t> targets;
    const auto add = [&](PlayState&& st) -> bool {
        work += st.visited.size() + st.used.size() + st.flags.size() + 64;
        if (work > max_bytes) return false;
        auto [it, fresh] =
            m_index.try_emplace(key_of(st), static_cast<std::uint32_t>(states.size()));
        if (fresh) {
            bytes += it->first.capacity() + 64;
            if (bytes > max_bytes) return false;
            states.push_back(&it->first);
        }
        targets.push_back(it->second);
        return true;
    };
    // Arrival at a node: the visit, then the variant (each that may be the one shown), its facts.
    const auto arrive = [&](PlayState st, int node) -> bool {
        st.node = node;
        const Node& n = s.nodes[static_cast<std::size_t>(node)];
        if (n.visit_slot >= 0) st.visited[static_cast<std::size_t>(n.visit_slot)] = 1;
        const auto with_facts = [&](const std::vector<int>& facts) {
            PlayState shown = st;
            for (int f : facts)
                shown.flags[static_cast<std::size_t>(s.fact_flag(f))] = 1;
            return add(std::move(shown));
        };
        for (const auto& v : n.variants) {
            const Interval holds = eval(v.when, st);
            if (holds.hi == 0) continue;
            if (!with_facts(v.reveal)) return false;
            if (holds.lo == 1) return true;
        }
        return with_facts(n.reveal);
    };
    PlayState here = initial_state(s);
    here.values.clear();
    here.turns = 0;
    here.variant = -1;
    std::fill(here.flags.begin(), here.flags.end(), 0);
    std::fill(here.visited.begin(), here.visited.end(), 0);
    if (!arrive(here, s.start)) return false;
    targets.clear();
    m_index.reserve(1024);
    for (std::size_t head = 0; head < states.size(); ++head) {
        decode(*states[head], here);
        const Node& node = s.nodes[static_cast<std::size_t>(here.node)];
        for (std::size_t r = 0; r < node.responses.size(); ++r) {
            const Response& resp = node.responses[r];
            if (resp.once_slot >= 0 && here.used[static_cast<std::size_t>(resp.once_slot)])
                continue;
            if (std::any_of(resp.cites.begin(), resp.cites.end(), [&](int f) {
                    return !here.flags[static_cast<std::size_t>(s.fact_flag(f))];
                }))
                continue;
            if (resp.when && eval(*resp.when, here).hi == 0) continue;
            PlayState after = here;
            if (resp.once_slot >= 0) after.used[static_cast<std::size_t>(resp.once_slot)] = 1;
            for (int e : resp.meets)
                after.flags[static_cast<std::size_t>(e)] = 1;
            if (resp.reply)
                for (int f : resp.reply->reveal)
                    after.flags[static_cast<std::size_t>(s.fact_flag(f))] = 1;
            const auto fx =
                static_cast<std::uint32_t>(first[static_cast<std::size_t>(here.node)] + r);
            targets.clear();
            bool settled = resp.next.empty();
            if (settled && !arrive(after, here.node)) return false;
            for (const auto& b : resp.next) {
                const Interval holds = b.when ? eval(*b.when, after) : Interval{1, 1};
                if (holds.hi == 0) continue;
                bool ok = true;
                switch (b.target.kind) {
                    case Target::Kind::Stay:
                        ok = arrive(after, here.node);
                        break;
                    case Target::Kind::Node:
                        ok = arrive(after, b.target.index);
                        break;
                    case Target::Kind::Ending:
                        targets.push_back(terminal);
                        break;
                }
                if (!ok) return false;
                if (holds.lo == 1) {
                    settled = true;
                    break;
                }
            }
            if (!settled && !arrive(after, here.node)) return false;
            for (const std::uint32_t t : targets) {
                g.target.push_back(t);
                g.effect.push_back(fx);
            }
            bytes += targets.size() * 8;
        }
        g.begin.push_back(static_cast<std::uint32_t>(g.target.size()));
    }
    component_gains(g, m_vars, m_up, m_down);
    return true;
}

void GainBound::gains(const PlayState& state, std::span<std::int64_t> up,
                      std::span<std::int64_t> down) const {
    const auto node = static_cast<std::size_t>(state.node);
    for (std::size_t x = 0; x < m_vars; ++x) {
        up[x] = m_node_up[node * m_vars + x];
        down[x] = m_node_down[node * m_vars + x];
    }
    if (!m_complete) return;
    const auto it = m_index.find(key_of(state));
    if (it == m_index.end()) return;  // a state no session reaches from the start (a try)
    for (std::size_t x = 0; x < m_vars; ++x) {
        up[x] = std::min(up[x], m_up[it->second * m_vars + x]);
        down[x] = std::min(down[x], m_down[it->second * m_vars + x]);
    }
}

}  // namespace rapport
