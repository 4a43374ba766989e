// Exact exploration of a scenario's reachable play states: each distinct state (node, values,
// tracked visits, used once-only responses, turns up to the scenario's cap) is visited once, so the
// cost grows with distinct states, not with the number of paths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rapport/play_state.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

// Packs play states into fixed-size keys, bit by bit: the node (or ending), each value offset by
// its minimum in as many bits as its range needs, turns when conditions read them, the variant
// shown, then one bit per tracked visit, once-only response, essential and fact.
class StateCodec {
public:
    explicit StateCodec(const Scenario& scenario);
    [[nodiscard]] std::size_t key_size() const { return m_key_size; }
    void encode(const PlayState& state, std::uint8_t* out) const;
    // Fills `out` (whose vectors are reused, so decoding in a loop does not allocate).
    void decode(const std::uint8_t* key, PlayState& out) const;
    // Makes `state` canonical for exploration: turns saturated at the cap (or dropped when unused).
    void normalise(PlayState& state) const;

private:
    const Scenario& m_scenario;
    std::vector<int> m_min;
    std::vector<int> m_bits;  // bits per value (0 when its range is a single value)
    int m_node_bits = 0;
    int m_turns_bits = 0;
    int m_variant_bits = 0;  // 0 when no node has variants
    std::size_t m_key_size = 0;
};

// A set of distinct play states: keys stored in fixed-size chunks (never moved, so growing never
// copies them) with an open-addressing index of 4-byte slots kept at most 3/4 full: about
// key_size + 5.3 to 10.7 bytes per state, no allocation per state.
class StateSpace {
public:
    explicit StateSpace(const Scenario& scenario);
    // Index of `state` (normalised by the caller), inserting it when new; second is true if new.
    std::pair<std::uint32_t, bool> insert(const PlayState& state);
    [[nodiscard]] std::optional<std::uint32_t> find(const PlayState& state) const;
    void decode(std::uint32_t index, PlayState& out) const;
    [[nodiscard]] std::size_t size() const { return m_count; }
    [[nodiscard]] std::size_t memory_bytes() const;
    [[nodiscard]] const StateCodec& codec() const { return m_codec; }

    // The same on keys already encoded (codec().encode) with their hash_key, for callers that
    // encode on other threads. key(index) stays valid, and unchanged, while the space lives; keys
    // of states already inserted may be read while another thread inserts.
    [[nodiscard]] std::uint64_t hash_key(const std::uint8_t* key) const;
    std::pair<std::uint32_t, bool> insert_key(const std::uint8_t* key, std::uint64_t hash);
    [[nodiscard]] bool contains_key(const std::uint8_t* key, std::uint64_t hash) const;
    [[nodiscard]] const std::uint8_t* key(std::uint32_t index) const {
        return m_chunks[index >> chunk_shift].data() +
               static_cast<std::size_t>(index & (chunk_states - 1)) * m_codec.key_size();
    }

    // The most states a space can hold: a slot keeps the index in its low 26 bits.
    static constexpr std::size_t max_states = (std::size_t{1} << 26) - 2;

private:
    void grow();
    [[nodiscard]] std::int64_t probe(const std::uint8_t* key, std::uint64_t hash,
                                     std::size_t& pos) const;
    static constexpr int chunk_shift = 14;
    static constexpr std::uint32_t chunk_states = std::uint32_t{1} << chunk_shift;
    // A slot: 0 when empty, else the top 6 bits of the key's hash (a tag that rules out most other
    // keys without reading them) above the state's index + 1.
    static constexpr std::uint32_t index_mask = (std::uint32_t{1} << 26) - 1;
    static std::uint32_t slot_tag(std::uint64_t h) {
        return static_cast<std::uint32_t>(h >> 58) << 26;
    }
    static std::uint32_t slot_value(std::uint64_t h, std::uint32_t index) {
        return slot_tag(h) | (index + 1);
    }

    StateCodec m_codec;
    std::size_t m_count = 0;
    // Chunks of chunk_states keys each; the outer vector is reserved for max_states up front, so
    // it never reallocates either.
    std::vector<std::vector<std::uint8_t>> m_chunks;
    std::vector<std::uint32_t> m_slots;  // see slot_value; size a power of two
    std::vector<std::uint8_t> m_scratch;
};

struct ExploreStep {
    std::uint32_t parent = 0;    // index of the state this one was first reached from
    std::int32_t response = -1;  // response chosen in the parent (-1 for the start)
    std::int32_t node = 0;       // this state's node
};

struct Exploration {
    bool complete = true;                    // false: the budget ran out first
    std::size_t states = 0;                  // distinct live (not ended) states explored
    std::vector<std::uint8_t> node_reached;  // per node
    std::vector<std::uint8_t> ending_reached;
    std::vector<std::vector<std::uint8_t>> response_offered;  // per node, per response
    std::vector<std::vector<std::uint8_t>> variant_shown;     // per node, per variant
    // Dead ends: states where no response is offered. First witness per node (state index).
    std::vector<std::int64_t> dead_end_state;  // per node, -1 if none
    std::vector<std::int64_t>
        ending_state;  // per ending: a state index from which it was reached by ending_response
    std::vector<std::int32_t> ending_response;
    std::vector<ExploreStep> steps;  // per state index: how it was first reached
    std::size_t memory_bytes = 0;    // state storage at the end, for benchmarks
    unsigned threads = 1;            // threads that expanded states

    // Responses (node id, response id) from the start to state `index`.
    [[nodiscard]] std::vector<std::pair<int, int>> path_to(std::size_t index) const;
};

// Breadth-first, so every witness path is a shortest one. Large frontiers are expanded on up to
// `threads` threads (0: one per core, at most 2 here); the result (state indices, witnesses, where
// a budget stops) is the same for any number of threads.
[[nodiscard]] Exploration explore(const Scenario& scenario, std::size_t budget);
[[nodiscard]] Exploration explore(const Scenario& scenario, std::size_t budget, unsigned threads);

// A readable witness: "r1 at `opening` → r2 at `pressure`".
[[nodiscard]] std::string describe_path(const Scenario& scenario,
                                        const std::vector<std::pair<int, int>>& path);

}  // namespace rapport
