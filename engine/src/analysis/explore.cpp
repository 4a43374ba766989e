// Exact breadth-first exploration of play states (see explore.hpp).
#include "rapport/explore.hpp"

#include <algorithm>
#include <cstring>

namespace rapport {

namespace {
int width_for(long long range) {
    return range < 256 ? 1 : range < 65536 ? 2 : 4;
}

void put(std::uint8_t*& p, std::uint32_t v, int width) {
    for (int i = 0; i < width; ++i)
        *p++ = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint32_t get(const std::uint8_t*& p, int width) {
    std::uint32_t v = 0;
    for (int i = 0; i < width; ++i)
        v |= static_cast<std::uint32_t>(*p++) << (8 * i);
    return v;
}
}  // namespace

StateCodec::StateCodec(const Scenario& s) : m_scenario(s) {
    m_node_width = width_for(static_cast<long long>(s.nodes.size() + s.endings.size()));
    m_key_size = static_cast<std::size_t>(m_node_width);
    for (const auto& v : s.vars) {
        m_min.push_back(v.min);
        m_width.push_back(width_for(static_cast<long long>(v.max) - v.min));
        m_key_size += static_cast<std::size_t>(m_width.back());
    }
    m_turns_width = s.turns_cap > 0 ? width_for(s.turns_cap) : 0;
    m_key_size += static_cast<std::size_t>(m_turns_width);
    std::size_t variants = 0;
    for (const auto& n : s.nodes)
        variants = std::max(variants, n.variants.size());
    m_variant_width = variants > 0 ? width_for(static_cast<long long>(variants) + 1) : 0;
    m_key_size += static_cast<std::size_t>(m_variant_width);
    m_key_size += static_cast<std::size_t>((s.visit_slots + s.once_slots + s.flag_count() + 7) / 8);
}

void StateCodec::normalise(PlayState& state) const {
    if (m_scenario.turns_cap == 0)
        state.turns = 0;
    else if (state.turns > m_scenario.turns_cap)
        state.turns = m_scenario.turns_cap;
}

void StateCodec::encode(const PlayState& st, std::uint8_t* out) const {
    std::uint8_t* p = out;
    const std::size_t nodes = m_scenario.nodes.size();
    put(p,
        static_cast<std::uint32_t>(st.ended() ? nodes + static_cast<std::size_t>(st.ending)
                                              : static_cast<std::size_t>(st.node)),
        m_node_width);
    for (std::size_t i = 0; i < st.values.size(); ++i)
        put(p, static_cast<std::uint32_t>(st.values[i] - m_min[i]), m_width[i]);
    if (m_turns_width) put(p, static_cast<std::uint32_t>(st.turns), m_turns_width);
    if (m_variant_width) put(p, static_cast<std::uint32_t>(st.variant + 1), m_variant_width);
    std::uint8_t byte = 0;
    int bit = 0;
    auto flag = [&](bool on) {
        if (on) byte = static_cast<std::uint8_t>(byte | (1u << bit));
        if (++bit == 8) {
            *p++ = byte;
            byte = 0;
            bit = 0;
        }
    };
    for (auto v : st.visited)
        flag(v != 0);
    for (auto u : st.used)
        flag(u != 0);
    for (auto f : st.flags)
        flag(f != 0);
    if (bit) *p++ = byte;
}

void StateCodec::decode(const std::uint8_t* key, PlayState& st) const {
    const std::uint8_t* p = key;
    const std::size_t nodes = m_scenario.nodes.size();
    const std::uint32_t where = get(p, m_node_width);
    st.ending = where >= nodes ? static_cast<int>(where - nodes) : -1;
    st.node = where >= nodes ? 0 : static_cast<int>(where);
    st.values.resize(m_min.size());
    for (std::size_t i = 0; i < m_min.size(); ++i)
        st.values[i] = static_cast<int>(get(p, m_width[i])) + m_min[i];
    st.turns = m_turns_width ? static_cast<int>(get(p, m_turns_width)) : 0;
    st.variant = m_variant_width ? static_cast<int>(get(p, m_variant_width)) - 1 : -1;
    st.visited.resize(static_cast<std::size_t>(m_scenario.visit_slots));
    st.used.resize(static_cast<std::size_t>(m_scenario.once_slots));
    st.flags.resize(static_cast<std::size_t>(m_scenario.flag_count()));
    int bit = 0;
    auto flag = [&]() {
        const auto on = static_cast<std::uint8_t>((*p >> bit) & 1u);
        if (++bit == 8) {
            bit = 0;
            ++p;
        }
        return on;
    };
    for (auto& v : st.visited)
        v = flag();
    for (auto& u : st.used)
        u = flag();
    for (auto& f : st.flags)
        f = flag();
}

StateSpace::StateSpace(const Scenario& s)
    : m_codec(s), m_slots(1024, 0), m_scratch(m_codec.key_size()) {}

std::uint64_t StateSpace::hash(const std::uint8_t* key) const {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (std::size_t i = 0; i < m_codec.key_size(); ++i)
        h = (h ^ key[i]) * 0x100000001B3ULL;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}

void StateSpace::grow() {
    std::vector<std::uint32_t> slots(m_slots.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    const std::size_t k = m_codec.key_size();
    for (std::uint32_t i = 0; i < m_count; ++i) {
        const std::uint64_t h = hash(&m_keys[i * k]);
        std::size_t pos = h & mask;
        while (slots[pos])
            pos = (pos + 1) & mask;
        slots[pos] = slot_value(h, i);
    }
    m_slots.swap(slots);
}

std::pair<std::uint32_t, bool> StateSpace::insert(const PlayState& state) {
    const std::size_t k = m_codec.key_size();
    m_codec.encode(state, m_scratch.data());
    if ((m_count + 1) * 2 > m_slots.size()) grow();
    const std::size_t mask = m_slots.size() - 1;
    const std::uint64_t h = hash(m_scratch.data());
    const std::uint32_t tag = slot_tag(h);
    std::size_t pos = h & mask;
    while (const std::uint32_t slot = m_slots[pos]) {
        // The tag (hash bits kept beside the index) rules out most other keys without reading them.
        if ((slot & ~index_mask) == tag) {
            const std::uint32_t i = (slot & index_mask) - 1;
            if (std::memcmp(&m_keys[static_cast<std::size_t>(i) * k], m_scratch.data(), k) == 0)
                return {i, false};
        }
        pos = (pos + 1) & mask;
    }
    const auto index = static_cast<std::uint32_t>(m_count++);
    m_slots[pos] = slot_value(h, index);
    m_keys.insert(m_keys.end(), m_scratch.begin(), m_scratch.end());
    return {index, true};
}

std::optional<std::uint32_t> StateSpace::find(const PlayState& state) const {
    const std::size_t k = m_codec.key_size();
    std::vector<std::uint8_t> key(k);
    m_codec.encode(state, key.data());
    const std::size_t mask = m_slots.size() - 1;
    const std::uint64_t h = hash(key.data());
    std::size_t pos = h & mask;
    while (const std::uint32_t slot = m_slots[pos]) {
        if ((slot & ~index_mask) == slot_tag(h)) {
            const std::uint32_t i = (slot & index_mask) - 1;
            if (std::memcmp(&m_keys[static_cast<std::size_t>(i) * k], key.data(), k) == 0) return i;
        }
        pos = (pos + 1) & mask;
    }
    return std::nullopt;
}

void StateSpace::decode(std::uint32_t index, PlayState& out) const {
    m_codec.decode(&m_keys[static_cast<std::size_t>(index) * m_codec.key_size()], out);
}

std::size_t StateSpace::memory_bytes() const {
    return m_keys.capacity() + m_slots.capacity() * sizeof(std::uint32_t);
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
    for (const auto& n : s.nodes) {
        ex.response_offered.emplace_back(n.responses.size(), 0);
        ex.variant_shown.emplace_back(n.variants.size(), 0);
    }
    if (n_nodes == 0) return ex;

    StateSpace space(s);
    PlayState state = initial_state(s);
    space.codec().normalise(state);
    (void)space.insert(state);
    ex.steps.push_back(ExploreStep{0, -1, state.node});

    PlayState next;
    std::vector<int> offered;
    // States are numbered in discovery order, so processing them by index is breadth-first.
    for (std::uint32_t head = 0; head < space.size(); ++head) {
        space.decode(head, state);
        ++ex.states;
        const auto node = static_cast<std::size_t>(state.node);
        ex.node_reached[node] = 1;
        if (const int v = active_variant(s, state); v >= 0)
            ex.variant_shown[node][static_cast<std::size_t>(v)] = 1;
        offered.clear();
        const auto count = static_cast<int>(s.nodes[node].responses.size());
        for (int r = 0; r < count; ++r)
            if (is_offered(s, state, r)) offered.push_back(r);
        if (offered.empty() && ex.dead_end_state[node] < 0) ex.dead_end_state[node] = head;
        for (const int r : offered) {
            ex.response_offered[node][static_cast<std::size_t>(r)] = 1;
            next = state;
            apply_response(s, next, r);
            if (next.ended()) {
                const auto e = static_cast<std::size_t>(next.ending);
                if (!ex.ending_reached[e]) {
                    ex.ending_reached[e] = 1;
                    ex.ending_state[e] = head;
                    ex.ending_response[e] = r;
                }
                continue;
            }
            space.codec().normalise(next);
            if (space.size() >= std::min(budget, StateSpace::max_states) && !space.find(next)) {
                ex.complete = false;
                ex.states = space.size();  // distinct states found, most not yet expanded
                ex.memory_bytes = space.memory_bytes() + ex.steps.capacity() * sizeof(ExploreStep);
                return ex;
            }
            if (space.insert(next).second) ex.steps.push_back(ExploreStep{head, r, next.node});
        }
    }
    ex.memory_bytes = space.memory_bytes() + ex.steps.capacity() * sizeof(ExploreStep);
    return ex;
}

}  // namespace rapport
