// Exact breadth-first exploration of play states (see explore.hpp).
#include "rapport/explore.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace rapport {

namespace {
// Bits to hold 0 .. values - 1.
int bits_for(unsigned long long values) {
    int bits = 0;
    while (bits < 63 && (1ULL << bits) < values)
        ++bits;
    return bits;
}

// Fields are at most 32 bits wide.
std::uint64_t low_bits(int bits) {
    return (1ULL << bits) - 1;
}

// Eight 0-or-not bytes as eight bits, the first byte's the lowest: each byte made 0 or 1, then
// gathered into the top byte by one multiplication.
std::uint64_t gather_bits(const std::uint8_t* bytes) {
    std::uint64_t x;
    std::memcpy(&x, bytes, 8);
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL, high = 0x8080808080808080ULL;
    x = ((((x & low7) + low7) | x) & high) >> 7;
    return (x * 0x0102040810204080ULL) >> 56;
}

// Writes fields of up to 32 bits, least significant bit first. Whole 32-bit groups are stored four
// bytes at once (they are key bits, so they lie within the key), the rest byte by byte at the end.
struct BitWriter {
    std::uint8_t* p;
    std::uint64_t acc = 0;
    int n = 0;
    void put(std::uint64_t v, int bits) {
        acc |= (v & low_bits(bits)) << n;
        n += bits;
        if (n >= 32) {
            const auto word = static_cast<std::uint32_t>(acc);
            std::memcpy(p, &word, 4);
            p += 4;
            acc >>= 32;
            n -= 32;
        }
    }
    void put_bit(bool on) {
        acc |= static_cast<std::uint64_t>(on) << n;
        if (++n == 32) {
            const auto word = static_cast<std::uint32_t>(acc);
            std::memcpy(p, &word, 4);
            p += 4;
            acc = 0;
            n = 0;
        }
    }
    // One bit per byte of `bytes` (set when not 0), eight at a time.
    void put_flags(const std::vector<std::uint8_t>& bytes) {
        const std::size_t count = bytes.size();
        std::size_t i = 0;
        for (; i + 8 <= count; i += 8)
            put(gather_bits(bytes.data() + i), 8);
        for (; i < count; ++i)
            put_bit(bytes[i] != 0);
    }
    void finish() {
        for (; n > 0; n -= 8) {
            *p++ = static_cast<std::uint8_t>(acc);
            acc >>= 8;
        }
    }
};

struct BitReader {
    const std::uint8_t* p;
    std::uint64_t acc = 0;
    int n = 0;
    std::uint32_t get(int bits) {
        while (n < bits) {
            acc |= static_cast<std::uint64_t>(*p++) << n;
            n += 8;
        }
        const auto v = static_cast<std::uint32_t>(acc & low_bits(bits));
        acc >>= bits;
        n -= bits;
        return v;
    }
};
}  // namespace

StateCodec::StateCodec(const Scenario& s) : m_scenario(s) {
    m_node_bits = bits_for(s.nodes.size() + s.endings.size());
    std::size_t bits = static_cast<std::size_t>(m_node_bits);
    for (const auto& v : s.vars) {
        m_min.push_back(v.min);
        m_bits.push_back(bits_for(static_cast<unsigned long long>(
            static_cast<long long>(v.max) - static_cast<long long>(v.min) + 1)));
        bits += static_cast<std::size_t>(m_bits.back());
    }
    m_turns_bits = s.turns_cap > 0 ? bits_for(static_cast<unsigned long long>(s.turns_cap) + 1) : 0;
    bits += static_cast<std::size_t>(m_turns_bits);
    std::size_t variants = 0;
    for (const auto& n : s.nodes)
        variants = std::max(variants, n.variants.size());
    m_variant_bits = variants > 0 ? bits_for(variants + 1) : 0;
    bits += static_cast<std::size_t>(m_variant_bits);
    bits += static_cast<std::size_t>(s.visit_slots + s.once_slots + s.flag_count());
    m_key_size = std::max<std::size_t>((bits + 7) / 8, 1);
}

void StateCodec::normalise(PlayState& state) const {
    if (m_scenario.turns_cap == 0)
        state.turns = 0;
    else if (state.turns > m_scenario.turns_cap)
        state.turns = m_scenario.turns_cap;
}

void StateCodec::encode(const PlayState& st, std::uint8_t* out) const {
    BitWriter w{out};
    const std::size_t nodes = m_scenario.nodes.size();
    w.put(st.ended() ? nodes + static_cast<std::size_t>(st.ending)
                     : static_cast<std::size_t>(st.node),
          m_node_bits);
    for (std::size_t i = 0; i < st.values.size(); ++i)
        w.put(static_cast<std::uint64_t>(static_cast<long long>(st.values[i]) - m_min[i]),
              m_bits[i]);
    w.put(static_cast<std::uint64_t>(st.turns), m_turns_bits);
    w.put(static_cast<std::uint64_t>(st.variant + 1), m_variant_bits);
    w.put_flags(st.visited);
    w.put_flags(st.used);
    w.put_flags(st.flags);
    w.finish();
    // A key of no bits at all (one node, nothing else) still has its one byte.
    if (w.p == out) *out = 0;
}

void StateCodec::decode(const std::uint8_t* key, PlayState& st) const {
    BitReader r{key};
    const std::size_t nodes = m_scenario.nodes.size();
    const std::uint32_t where = r.get(m_node_bits);
    st.ending = where >= nodes ? static_cast<int>(where - nodes) : -1;
    st.node = where >= nodes ? 0 : static_cast<int>(where);
    st.values.resize(m_min.size());
    for (std::size_t i = 0; i < m_min.size(); ++i)
        st.values[i] = static_cast<int>(static_cast<long long>(r.get(m_bits[i])) + m_min[i]);
    st.turns = static_cast<int>(r.get(m_turns_bits));
    st.variant = static_cast<int>(r.get(m_variant_bits)) - 1;
    st.visited.resize(static_cast<std::size_t>(m_scenario.visit_slots));
    st.used.resize(static_cast<std::size_t>(m_scenario.once_slots));
    st.flags.resize(static_cast<std::size_t>(m_scenario.flag_count()));
    for (auto& v : st.visited)
        v = static_cast<std::uint8_t>(r.get(1));
    for (auto& u : st.used)
        u = static_cast<std::uint8_t>(r.get(1));
    for (auto& f : st.flags)
        f = static_cast<std::uint8_t>(r.get(1));
}

StateSpace::StateSpace(const Scenario& s)
    : m_codec(s), m_slots(1024, 0), m_scratch(m_codec.key_size()) {
    m_chunks.reserve((max_states + chunk_states) / chunk_states + 1);
}

std::uint64_t StateSpace::hash_key(const std::uint8_t* key) const {
    // Eight bytes at a time, each word mixed in by a multiply and a shift, then a finaliser
    // (splitmix64's) so that the low bits (the position) and the top bits (the tag) are both good.
    const std::size_t k = m_codec.key_size();
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ k;
    std::size_t i = 0;
    for (; i + 8 <= k; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, key + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    if (i < k) {
        std::uint64_t w = 0;
        std::memcpy(&w, key + i, k - i);
        h = (h ^ w) * 0x94D049BB133111EBULL;
        h ^= h >> 29;
    }
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
}

void StateSpace::grow() {
    std::vector<std::uint32_t> slots(m_slots.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t i = 0; i < m_count; ++i) {
        const std::uint64_t h = hash_key(key(i));
        std::size_t pos = h & mask;
        while (slots[pos])
            pos = (pos + 1) & mask;
        slots[pos] = slot_value(h, i);
    }
    m_slots.swap(slots);
}

// The index of `key` if present (-1 if not); `pos` is left at its slot or the empty slot where it
// belongs.
std::int64_t StateSpace::probe(const std::uint8_t* k, std::uint64_t h, std::size_t& pos) const {
    const std::size_t bytes = m_codec.key_size();
    const std::size_t mask = m_slots.size() - 1;
    const std::uint32_t tag = slot_tag(h);
    pos = h & mask;
    while (const std::uint32_t slot = m_slots[pos]) {
        // The tag (hash bits kept beside the index) rules out most other keys without reading them.
        if ((slot & ~index_mask) == tag) {
            const std::uint32_t i = (slot & index_mask) - 1;
            if (std::memcmp(key(i), k, bytes) == 0) return i;
        }
        pos = (pos + 1) & mask;
    }
    return -1;
}

std::pair<std::uint32_t, bool> StateSpace::insert_key(const std::uint8_t* k, std::uint64_t h) {
    if ((m_count + 1) * 4 > m_slots.size() * 3) grow();
    std::size_t pos = 0;
    if (const std::int64_t found = probe(k, h, pos); found >= 0)
        return {static_cast<std::uint32_t>(found), false};
    const auto index = static_cast<std::uint32_t>(m_count);
    const std::size_t bytes = m_codec.key_size();
    if ((index & (chunk_states - 1)) == 0) {
        m_chunks.emplace_back();
        // The first chunk grows with the space (small scenarios stay small); later ones are
        // allocated whole, so their keys never move.
        m_chunks.back().reserve(index == 0 ? std::min<std::size_t>(chunk_states, 256) * bytes
                                           : static_cast<std::size_t>(chunk_states) * bytes);
    }
    auto& chunk = m_chunks.back();
    chunk.insert(chunk.end(), k, k + bytes);
    ++m_count;
    m_slots[pos] = slot_value(h, index);
    return {index, true};
}

bool StateSpace::contains_key(const std::uint8_t* k, std::uint64_t h) const {
    std::size_t pos = 0;
    return probe(k, h, pos) >= 0;
}

std::pair<std::uint32_t, bool> StateSpace::insert(const PlayState& state) {
    m_codec.encode(state, m_scratch.data());
    return insert_key(m_scratch.data(), hash_key(m_scratch.data()));
}

std::optional<std::uint32_t> StateSpace::find(const PlayState& state) const {
    std::vector<std::uint8_t> k(m_codec.key_size());
    m_codec.encode(state, k.data());
    std::size_t pos = 0;
    const std::int64_t found = probe(k.data(), hash_key(k.data()), pos);
    if (found < 0) return std::nullopt;
    return static_cast<std::uint32_t>(found);
}

void StateSpace::decode(std::uint32_t index, PlayState& out) const {
    m_codec.decode(key(index), out);
}

std::size_t StateSpace::memory_bytes() const {
    std::size_t bytes = m_slots.capacity() * sizeof(std::uint32_t);
    for (const auto& c : m_chunks)
        bytes += c.capacity();
    return bytes;
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

namespace {

// What expanding one batch of states (heads) found, in head order, for the merge to apply.
struct Successor {
    std::int32_t response = 0;
    std::int32_t node = 0;     // the successor's node (when not ended)
    std::int32_t ending = -1;  // >= 0: the response ends the session (no key)
    std::uint64_t hash = 0;    // of its key (when not ended)
};
struct HeadResult {
    std::int32_t node = 0;
    std::int32_t variant = -1;
    std::uint32_t successors_end = 0;  // end of its successors in Batch::successors
};
struct Batch {
    std::uint32_t first = 0, last = 0;  // the heads [first, last)
    bool done = false;
    std::vector<HeadResult> heads;
    std::vector<Successor> successors;
    std::vector<std::uint8_t> keys;  // key_size bytes per successor not ended, in order
    std::size_t key_bytes = 0;       // of keys, in use
};

// Expands heads: decodes each, finds what is offered and where each response leads, and encodes
// and hashes the successors. Reads the space only (keys already inserted), so one runs per thread.
class Expander {
public:
    Expander(const Scenario& s, const StateSpace& space) : m_s(s), m_space(space) {}
    void run(Batch& b) {
        const std::size_t k = m_space.codec().key_size();
        b.heads.clear();
        b.successors.clear();
        b.key_bytes = 0;
        for (std::uint32_t head = b.first; head < b.last; ++head) {
            m_space.decode(head, m_state);
            HeadResult out;
            out.node = m_state.node;
            out.variant = active_variant(m_s, m_state);
            const auto count = static_cast<int>(
                m_s.nodes[static_cast<std::size_t>(m_state.node)].responses.size());
            for (int r = 0; r < count; ++r) {
                if (!is_offered(m_s, m_state, r)) continue;
                m_next = m_state;
                apply_response(m_s, m_next, r);
                Successor succ;
                succ.response = r;
                if (m_next.ended()) {
                    succ.ending = m_next.ending;
                } else {
                    m_space.codec().normalise(m_next);
                    succ.node = m_next.node;
                    const std::size_t at = b.key_bytes;
                    if (at + k > b.keys.size()) b.keys.resize(std::max(b.keys.size() * 2, 64 * k));
                    b.key_bytes += k;
                    m_space.codec().encode(m_next, b.keys.data() + at);
                    succ.hash = m_space.hash_key(b.keys.data() + at);
                }
                b.successors.push_back(succ);
            }
            out.successors_end = static_cast<std::uint32_t>(b.successors.size());
            b.heads.push_back(out);
        }
    }

private:
    const Scenario& m_s;
    const StateSpace& m_space;
    PlayState m_state, m_next;
};

// Steps in fixed-size chunks while exploring (never copied as they grow), then one exact vector.
class StepChunks {
public:
    void push(const ExploreStep& step) {
        if (m_chunks.empty() || m_chunks.back().size() == chunk) {
            m_chunks.emplace_back();
            m_chunks.back().reserve(m_chunks.size() == 1 ? 256 : chunk);
        }
        m_chunks.back().push_back(step);
        ++m_size;
    }
    [[nodiscard]] std::size_t bytes() const {
        std::size_t b = 0;
        for (const auto& c : m_chunks)
            b += c.capacity() * sizeof(ExploreStep);
        return b;
    }
    // Moves the steps into `out`, freeing each chunk once copied.
    void drain_into(std::vector<ExploreStep>& out) {
        out.clear();
        out.reserve(m_size);
        for (auto& c : m_chunks) {
            out.insert(out.end(), c.begin(), c.end());
            std::vector<ExploreStep>().swap(c);
        }
        m_chunks.clear();
        m_size = 0;
    }

private:
    static constexpr std::size_t chunk = std::size_t{1} << 14;
    std::vector<std::vector<ExploreStep>> m_chunks;
    std::size_t m_size = 0;
};

// Heads per batch: small enough that two threads share a frontier evenly, large enough that
// handing a batch over costs little beside expanding it.
constexpr std::uint32_t batch_heads = 512;
// Batches expanded ahead of the merge, at most.
constexpr std::size_t max_batches_ahead = 16;
// Helpers start once the space holds this many states (the first chunk of keys is full, so no
// key read by a helper ever moves) and the frontier has at least two batches' worth.
constexpr std::size_t parallel_from = std::size_t{1} << 14;

}  // namespace

Exploration explore(const Scenario& s, std::size_t budget) {
    return explore(s, budget, 0);
}

Exploration explore(const Scenario& s, std::size_t budget, unsigned threads) {
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
    // One merging thread keeps up with about one helper: more cores than two gain little.
    if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 2u);

    auto space_owner = std::make_unique<StateSpace>(s);
    StateSpace& space = *space_owner;
    const std::size_t k = space.codec().key_size();
    const std::size_t limit = std::min(budget, StateSpace::max_states);
    StepChunks steps;
    {
        PlayState start = initial_state(s);
        space.codec().normalise(start);
        (void)space.insert(start);
        steps.push(ExploreStep{0, -1, start.node});
    }

    // Applies a batch's results in head order, exactly as a one-thread loop over heads would:
    // states are numbered in discovery order, so processing them by index is breadth-first, and
    // the same order of insertion gives the same indices, witnesses and budget stop.
    bool stopped = false;
    auto merge = [&](const Batch& b) {
        std::uint32_t succ = 0;
        std::size_t key_at = 0;
        for (std::uint32_t h = b.first; h < b.last; ++h) {
            const HeadResult& head = b.heads[h - b.first];
            ++ex.states;
            const auto node = static_cast<std::size_t>(head.node);
            ex.node_reached[node] = 1;
            if (head.variant >= 0)
                ex.variant_shown[node][static_cast<std::size_t>(head.variant)] = 1;
            if (succ == head.successors_end && ex.dead_end_state[node] < 0)
                ex.dead_end_state[node] = h;
            for (; succ < head.successors_end; ++succ) {
                const Successor& next = b.successors[succ];
                ex.response_offered[node][static_cast<std::size_t>(next.response)] = 1;
                if (next.ending >= 0) {
                    const auto e = static_cast<std::size_t>(next.ending);
                    if (!ex.ending_reached[e]) {
                        ex.ending_reached[e] = 1;
                        ex.ending_state[e] = h;
                        ex.ending_response[e] = next.response;
                    }
                    continue;
                }
                const std::uint8_t* key = b.keys.data() + key_at;
                key_at += k;
                if (space.size() >= limit && !space.contains_key(key, next.hash)) {
                    ex.complete = false;
                    ex.states = space.size();  // distinct states found, most not yet expanded
                    stopped = true;
                    return;
                }
                if (space.insert_key(key, next.hash).second)
                    steps.push(ExploreStep{h, next.response, next.node});
            }
        }
    };

    // The batches taken and not yet merged, oldest first; helpers take the next batch of heads
    // already inserted (below `published`) and the main thread merges in order, expanding a batch
    // itself when the oldest is not ready.
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::unique_ptr<Batch>> batches;
    std::vector<std::unique_ptr<Batch>> spare;
    std::uint32_t next_head = 0;
    std::uint32_t published = 1;
    bool quit = false;
    auto take = [&]() -> Batch* {  // with the mutex held
        if (next_head >= published || batches.size() >= max_batches_ahead) return nullptr;
        std::unique_ptr<Batch> b;
        if (!spare.empty()) {
            b = std::move(spare.back());
            spare.pop_back();
        } else {
            b = std::make_unique<Batch>();
        }
        b->first = next_head;
        b->last = std::min<std::uint32_t>(published, next_head + batch_heads);
        b->done = false;
        next_head = b->last;
        batches.push_back(std::move(b));
        return batches.back().get();
    };

    std::vector<std::thread> helpers;
    auto helper = [&]() {
        Expander expander(s, space);
        std::unique_lock lock(mutex);
        while (!quit) {
            Batch* b = take();
            if (!b) {
                changed.wait(lock);
                continue;
            }
            lock.unlock();
            expander.run(*b);
            lock.lock();
            b->done = true;
            changed.notify_all();
        }
    };

    Expander expander(s, space);
    {
        std::unique_lock lock(mutex);
        while (true) {
            if (!batches.empty() && batches.front()->done) {
                std::unique_ptr<Batch> b = std::move(batches.front());
                batches.pop_front();
                lock.unlock();
                merge(*b);
                lock.lock();
                spare.push_back(std::move(b));
                if (stopped) break;
                published = static_cast<std::uint32_t>(space.size());
                if (helpers.empty() && threads > 1 && space.size() >= parallel_from &&
                    published - next_head >= 2 * batch_heads) {
                    for (unsigned t = 1; t < threads; ++t)
                        helpers.emplace_back(helper);
                }
                changed.notify_all();
                continue;
            }
            if (Batch* b = take()) {
                lock.unlock();
                expander.run(*b);
                lock.lock();
                b->done = true;
                continue;
            }
            if (batches.empty()) break;  // every state inserted has been expanded and merged
            changed.wait(lock);          // the oldest batch is being expanded by a helper
        }
        quit = true;
        changed.notify_all();
    }
    for (auto& t : helpers)
        t.join();
    ex.threads = static_cast<unsigned>(helpers.size()) + 1;

    ex.memory_bytes = space.memory_bytes() + steps.bytes();
    space_owner.reset();  // the keys are not needed any more: free them before the steps are copied
    steps.drain_into(ex.steps);
    return ex;
}

}  // namespace rapport
