// Exact breadth-first exploration of play states (see explore.hpp).
#include "rapport/explore.hpp"

#include <cstring>
#include <unordered_map>

namespace rapport {

StateCodec::StateCodec(const Scenario& s) : m_scenario(s) {
    for (const auto& v : s.vars) {
        m_min.push_back(v.min);
        const long long range = static_cast<long long>(v.max) - v.min;
        m_width.push_back(range < 256 ? 1 : range < 65536 ? 2 : 4);
    }
}

void StateCodec::normalise(PlayState& state) const {
    if (m_scenario.turns_cap == 0)
        state.turns = 0;
    else if (state.turns > m_scenario.turns_cap)
        state.turns = m_scenario.turns_cap;
}

void StateCodec::encode(const PlayState& st, std::string& out) const {
    out.clear();
    auto put = [&](std::uint32_t v, int width) {
        for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    };
    const std::size_t nodes = m_scenario.nodes.size();
    put(static_cast<std::uint32_t>(st.ended() ? nodes + static_cast<std::size_t>(st.ending) : static_cast<std::size_t>(st.node)),
        nodes + m_scenario.endings.size() < 256 ? 1 : nodes + m_scenario.endings.size() < 65536 ? 2 : 4);
    for (std::size_t i = 0; i < st.values.size(); ++i)
        put(static_cast<std::uint32_t>(st.values[i] - m_min[i]), m_width[i]);
    if (m_scenario.turns_cap > 0) put(static_cast<std::uint32_t>(st.turns), m_scenario.turns_cap < 256 ? 1 : 4);
    std::uint8_t byte = 0;
    int bit = 0;
    auto flag = [&](bool on) {
        if (on) byte = static_cast<std::uint8_t>(byte | (1u << bit));
        if (++bit == 8) {
            out.push_back(static_cast<char>(byte));
            byte = 0;
            bit = 0;
        }
    };
    for (auto v : st.visited) flag(v != 0);
    for (auto u : st.used) flag(u != 0);
    if (bit) out.push_back(static_cast<char>(byte));
}

PlayState StateCodec::decode(const std::string& bytes) const {
    PlayState st;
    std::size_t pos = 0;
    auto get = [&](int width) {
        std::uint32_t v = 0;
        for (int i = 0; i < width; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[pos++])) << (8 * i);
        return v;
    };
    const std::size_t nodes = m_scenario.nodes.size();
    const std::uint32_t where =
        get(nodes + m_scenario.endings.size() < 256 ? 1 : nodes + m_scenario.endings.size() < 65536 ? 2 : 4);
    if (where >= nodes) {
        st.ending = static_cast<int>(where - nodes);
    } else {
        st.node = static_cast<int>(where);
    }
    for (std::size_t i = 0; i < m_min.size(); ++i) st.values.push_back(static_cast<int>(get(m_width[i])) + m_min[i]);
    if (m_scenario.turns_cap > 0) st.turns = static_cast<int>(get(m_scenario.turns_cap < 256 ? 1 : 4));
    st.visited.resize(static_cast<std::size_t>(m_scenario.visit_slots));
    st.used.resize(static_cast<std::size_t>(m_scenario.once_slots));
    int bit = 0;
    auto flag = [&]() {
        const bool on = (static_cast<unsigned char>(bytes[pos]) >> bit) & 1u;
        if (++bit == 8) {
            bit = 0;
            ++pos;
        }
        return static_cast<std::uint8_t>(on);
    };
    for (auto& v : st.visited) v = flag();
    for (auto& u : st.used) u = flag();
    return st;
}

std::vector<std::pair<int, int>> Exploration::path_to(std::size_t index) const {
    std::vector<std::pair<int, int>> path;
    while (index != 0 && index < steps.size()) {
        const ExploreStep& step = steps[index];
        path.emplace_back(steps[step.parent].node, step.response);
        index = step.parent;
    }
    return {path.rbegin(), path.rend()};
}

std::string describe_path(const Scenario& s, const std::vector<std::pair<int, int>>& path) {
    if (path.empty()) return "at the start";
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const Node& n = s.nodes[static_cast<std::size_t>(path[i].first)];
        if (i) out += " -> ";
        out += n.responses[static_cast<std::size_t>(path[i].second)].id + " at `" + n.id + "`";
    }
    return out;
}

Exploration explore(const Scenario& s, std::size_t budget) {
    Exploration ex;
    const std::size_t n_nodes = s.nodes.size();
    ex.node_reached.assign(n_nodes, 0);
    ex.ending_reached.assign(s.endings.size(), 0);
    ex.ending_state.assign(s.endings.size(), -1);
    ex.ending_response.assign(s.endings.size(), -1);
    ex.dead_end_state.assign(n_nodes, -1);
    ex.node_state.assign(n_nodes, -1);
    for (const auto& n : s.nodes) {
        ex.response_offered.emplace_back(n.responses.size(), 0);
        ex.variant_shown.emplace_back(n.variants.size(), 0);
    }
    if (n_nodes == 0) return ex;

    const StateCodec codec(s);
    std::unordered_map<std::string, std::uint32_t> seen;
    std::vector<std::string> queue_keys;  // states in discovery order; BFS processes them in order
    std::string key;

    PlayState start = initial_state(s);
    codec.normalise(start);
    codec.encode(start, key);
    seen.emplace(key, 0);
    queue_keys.push_back(key);
    ex.steps.push_back(ExploreStep{0, -1, start.node});

    for (std::size_t head = 0; head < queue_keys.size(); ++head) {
        const PlayState state = codec.decode(queue_keys[head]);
        queue_keys[head].clear();
        queue_keys[head].shrink_to_fit();
        ++ex.states;
        const auto node = static_cast<std::size_t>(state.node);
        if (!ex.node_reached[node]) ex.node_state[node] = static_cast<std::int64_t>(head);
        ex.node_reached[node] = 1;
        if (const int v = active_variant(s, state); v >= 0) ex.variant_shown[node][static_cast<std::size_t>(v)] = 1;
        const auto offered = offered_responses(s, state);
        if (offered.empty() && ex.dead_end_state[node] < 0) ex.dead_end_state[node] = static_cast<std::int64_t>(head);
        for (const int r : offered) {
            ex.response_offered[node][static_cast<std::size_t>(r)] = 1;
            PlayState next = state;
            apply_response(s, next, r);
            if (next.ended()) {
                const auto e = static_cast<std::size_t>(next.ending);
                if (!ex.ending_reached[e]) {
                    ex.ending_reached[e] = 1;
                    ex.ending_state[e] = static_cast<std::int64_t>(head);
                    ex.ending_response[e] = r;
                }
                continue;
            }
            codec.normalise(next);
            codec.encode(next, key);
            if (seen.find(key) != seen.end()) continue;
            if (seen.size() >= budget) {
                ex.complete = false;
                return ex;
            }
            seen.emplace(key, static_cast<std::uint32_t>(queue_keys.size()));
            queue_keys.push_back(key);
            ex.steps.push_back(ExploreStep{static_cast<std::uint32_t>(head), r, next.node});
        }
    }
    return ex;
}

}  // namespace rapport
