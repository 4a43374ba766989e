// The analysis cache (see analysis_cache.hpp). Layout, little-endian:
//   magic "RAPPORT-ANALYSIS\n" (17 bytes), u32 version, str content hash, u32 nodes, u32 vars,
//   u32 flags, u32 key size, u8 complete,
//   complete: outlook start, u32 n + n * (opt with, opt without), u32 n + n * (u32 node, u32 resp)
//   u32 n + n * (key bytes, outlook)
//   u64 FNV-1a 64 of every byte before it.
// outlook: u8 bits (1 exact, 2 best, 4 worst, 8 best response), i32 best, i32 worst, i32 best
//   response, u32 n + n * (u32 response, u8 bits (1 exact, 2 best, 4 worst), i32 best, i32 worst).
// Every count is checked against what is left of the file before anything is allocated, and
// every node and response index against the scenario.
#include "rapport/analysis_cache.hpp"

#include <cctype>
#include <cstring>

#include "base/text.hpp"
#include "rapport/explore.hpp"
#include "rapport/loader.hpp"
#include "rapport/output.hpp"

namespace rapport {

namespace {

constexpr char magic[] = "RAPPORT-ANALYSIS\n";
constexpr std::size_t magic_size = sizeof magic - 1;
constexpr std::uint32_t format_version = 2;  // 2: outlooks from the milestone bound

class Writer {
public:
    void u8(std::uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i)
            u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void bytes(std::string_view b) { m_out.append(b); }
    void str(std::string_view b) {
        u32(static_cast<std::uint32_t>(b.size()));
        bytes(b);
    }
    void opt(const std::optional<int>& v) {
        u8(v ? 1 : 0);
        i32(v.value_or(0));
    }
    void outlook(const StateOutlook& o) {
        u8(static_cast<std::uint8_t>((o.exact ? 1 : 0) | (o.best ? 2 : 0) | (o.worst ? 4 : 0) |
                                     (o.best_response ? 8 : 0)));
        i32(o.best.value_or(0));
        i32(o.worst.value_or(0));
        i32(o.best_response.value_or(0));
        u32(static_cast<std::uint32_t>(o.choices.size()));
        for (const auto& c : o.choices) {
            u32(static_cast<std::uint32_t>(c.response));
            u8(static_cast<std::uint8_t>((c.exact ? 1 : 0) | (c.best ? 2 : 0) | (c.worst ? 4 : 0)));
            i32(c.best.value_or(0));
            i32(c.worst.value_or(0));
        }
    }
    std::string& out() { return m_out; }

private:
    std::string m_out;
};

// Reads from a bounded view; any read past the end sets failed and yields zeros.
class Reader {
public:
    explicit Reader(std::string_view in) : m_in(in) {}
    [[nodiscard]] bool failed() const { return m_failed; }
    [[nodiscard]] std::size_t left() const { return m_in.size() - m_pos; }
    std::uint8_t u8() {
        if (left() < 1) return fail<std::uint8_t>();
        return static_cast<std::uint8_t>(m_in[m_pos++]);
    }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= static_cast<std::uint32_t>(u8()) << (8 * i);
        return v;
    }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::string_view bytes(std::size_t n) {
        if (left() < n) {
            m_failed = true;
            m_pos = m_in.size();
            return {};
        }
        const auto out = m_in.substr(m_pos, n);
        m_pos += n;
        return out;
    }
    std::optional<int> opt() {
        const std::uint8_t has = u8();
        const std::int32_t v = i32();
        if (has > 1) m_failed = true;
        return has ? std::optional<int>(v) : std::nullopt;
    }
    // A count of items at least `each` bytes long: refused when the rest cannot hold them.
    std::uint32_t count(std::size_t each, std::size_t most) {
        const std::uint32_t n = u32();
        if (n > most || static_cast<std::size_t>(n) * each > left()) m_failed = true;
        return m_failed ? 0 : n;
    }
    void fail() { m_failed = true; }

private:
    template <class T>
    T fail() {
        m_failed = true;
        return T{};
    }
    std::string_view m_in;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

// An outlook at a state of `node` (or, node < 0, the start) with every response index checked.
std::optional<StateOutlook> read_outlook(Reader& in, const Scenario& s, int node) {
    StateOutlook o;
    const std::uint8_t bits = in.u8();
    const std::int32_t best = in.i32(), worst = in.i32(), best_response = in.i32();
    if (bits & ~0x0Fu) return std::nullopt;
    o.exact = bits & 1;
    if (bits & 2) o.best = best;
    if (bits & 4) o.worst = worst;
    const std::size_t responses =
        s.nodes[static_cast<std::size_t>(node < 0 ? s.start : node)].responses.size();
    if (bits & 8) {
        if (best_response < 0 || static_cast<std::size_t>(best_response) >= responses)
            return std::nullopt;
        o.best_response = best_response;
    }
    const std::uint32_t n = in.count(13, responses);
    for (std::uint32_t i = 0; i < n && !in.failed(); ++i) {
        StateOutlook::Choice c;
        const std::uint32_t r = in.u32();
        const std::uint8_t cb = in.u8();
        const std::int32_t b = in.i32(), w = in.i32();
        if (r >= responses || (cb & ~0x07u)) return std::nullopt;
        c.response = static_cast<int>(r);
        c.exact = cb & 1;
        if (cb & 2) c.best = b;
        if (cb & 4) c.worst = w;
        o.choices.push_back(c);
    }
    if (in.failed()) return std::nullopt;
    return o;
}

std::optional<Analysis::Summary> fail(std::string* why, const char* what) {
    if (why) *why = what;
    return std::nullopt;
}

}  // namespace

std::string encode_analysis_cache(const Analysis& analysis) {
    const Scenario& s = analysis.scenario();
    const Analysis::Summary sum = analysis.summary();
    const StateCodec codec(s);
    Writer w;
    w.bytes({magic, magic_size});
    w.u32(format_version);
    w.str(s.content_hash);
    w.u32(static_cast<std::uint32_t>(s.nodes.size()));
    w.u32(static_cast<std::uint32_t>(s.vars.size()));
    w.u32(static_cast<std::uint32_t>(s.flag_count()));
    w.u32(static_cast<std::uint32_t>(codec.key_size()));
    w.u8(sum.complete ? 1 : 0);
    if (sum.complete) {
        w.outlook(sum.start);
        w.u32(static_cast<std::uint32_t>(sum.flag_best.size()));
        for (const auto& [with, without] : sum.flag_best) {
            w.opt(with);
            w.opt(without);
        }
        w.u32(static_cast<std::uint32_t>(sum.best_path.size()));
        for (const auto& [node, response] : sum.best_path) {
            w.u32(static_cast<std::uint32_t>(node));
            w.u32(static_cast<std::uint32_t>(response));
        }
    }
    const std::size_t n = std::min(sum.outlooks.size(), analysis_cache_max_entries);
    w.u32(static_cast<std::uint32_t>(n));
    for (std::size_t i = 0; i < n; ++i) {
        w.bytes(sum.outlooks[i].first);
        w.outlook(sum.outlooks[i].second);
    }
    w.u64(detail::fnv1a64(w.out()));
    return std::move(w.out());
}

std::optional<Analysis::Summary> decode_analysis_cache(std::string_view bytes, const Scenario& s,
                                                       std::string* why) {
    if (bytes.size() > analysis_cache_max_bytes) return fail(why, "too large");
    if (bytes.size() < magic_size + 8 || std::memcmp(bytes.data(), magic, magic_size) != 0)
        return fail(why, "not an analysis cache");
    const std::string_view body = bytes.substr(0, bytes.size() - 8);
    Reader tail(bytes.substr(bytes.size() - 8));
    const std::uint64_t sum =
        static_cast<std::uint64_t>(tail.u32()) | (static_cast<std::uint64_t>(tail.u32()) << 32);
    if (sum != detail::fnv1a64(body)) return fail(why, "checksum mismatch (corrupt or truncated)");
    if (s.nodes.empty()) return fail(why, "the scenario has no nodes");
    Reader in(body);
    (void)in.bytes(magic_size);
    if (in.u32() != format_version) return fail(why, "another cache version");
    const std::uint32_t hash_size = in.count(1, 64);
    if (in.failed() || in.bytes(hash_size) != s.content_hash)
        return fail(why, "made for another version of the scenario");
    const StateCodec codec(s);
    if (in.u32() != s.nodes.size() || in.u32() != s.vars.size() ||
        in.u32() != static_cast<std::uint32_t>(s.flag_count()) || in.u32() != codec.key_size())
        return fail(why, "does not fit the scenario");
    Analysis::Summary out;
    const std::uint8_t complete = in.u8();
    if (complete > 1) return fail(why, "malformed");
    out.complete = complete == 1;
    if (out.complete) {
        auto start = read_outlook(in, s, -1);
        if (!start) return fail(why, "malformed start outlook");
        out.start = std::move(*start);
        const std::uint32_t flags = in.count(10, static_cast<std::size_t>(s.flag_count()));
        if (flags != static_cast<std::uint32_t>(s.flag_count()) || in.failed())
            return fail(why, "malformed flag figures");
        for (std::uint32_t f = 0; f < flags; ++f) {
            auto with = in.opt();
            auto without = in.opt();
            out.flag_best.emplace_back(with, without);
        }
        // A best path is a list of responses from the start; replaying it checks every index
        // (and that each response is offered where it is chosen).
        const std::uint32_t steps = in.count(8, analysis_cache_max_entries);
        PlayState st = initial_state(s);
        for (std::uint32_t i = 0; i < steps && !in.failed(); ++i) {
            const std::uint32_t node = in.u32(), response = in.u32();
            if (st.ended() || node != static_cast<std::uint32_t>(st.node) ||
                response >= s.nodes[node].responses.size() ||
                !is_offered(s, st, static_cast<int>(response)))
                return fail(why, "malformed best path");
            apply_response(s, st, static_cast<int>(response));
            out.best_path.emplace_back(static_cast<int>(node), static_cast<int>(response));
        }
        if (steps > 0 && !st.ended()) return fail(why, "malformed best path");
    }
    const std::size_t k = codec.key_size();
    const std::uint32_t n = in.count(k + 17, analysis_cache_max_entries);
    PlayState st;
    std::string again(k, '\0');
    for (std::uint32_t i = 0; i < n && !in.failed(); ++i) {
        const std::string_view key = in.bytes(k);
        if (in.failed()) break;
        // The key must be one the codec makes for a live state: decode, re-encode, compare.
        codec.decode(reinterpret_cast<const std::uint8_t*>(key.data()), st);
        if (st.ended()) return fail(why, "malformed state key");
        codec.encode(st, reinterpret_cast<std::uint8_t*>(again.data()));
        if (again != key) return fail(why, "malformed state key");
        for (std::size_t v = 0; v < s.vars.size(); ++v)
            if (st.values[v] < s.vars[v].min || st.values[v] > s.vars[v].max)
                return fail(why, "malformed state key");
        auto outlook = read_outlook(in, s, st.node);
        if (!outlook) return fail(why, "malformed outlook");
        out.outlooks.emplace_back(std::string(key), std::move(*outlook));
    }
    if (in.failed() || in.left() != 0) return fail(why, "malformed or truncated");
    return out;
}

std::filesystem::path AnalysisCache::file_for(const Scenario& scenario) const {
    // The hash is hex (the loader makes it); anything else would not be a file name of ours.
    std::string hash = scenario.content_hash;
    for (char& c : hash)
        if (!std::isxdigit(static_cast<unsigned char>(c))) c = '_';
    return m_folder / ("analysis-" + hash + ".bin");
}

std::optional<Analysis::Summary> AnalysisCache::read(const Scenario& scenario,
                                                     std::string* why) const {
    std::error_code ec;
    const auto path = file_for(scenario);
    if (!std::filesystem::is_regular_file(path, ec)) {
        if (why) *why = "no cache file";
        return std::nullopt;
    }
    Diagnostics d;
    const auto bytes = read_file(path.string(), d, analysis_cache_max_bytes);
    if (!bytes) {
        if (why) *why = "unreadable or too large";
        return std::nullopt;
    }
    return decode_analysis_cache(*bytes, scenario, why);
}

std::optional<std::string> AnalysisCache::write(const Analysis& analysis) const {
    std::error_code ec;
    std::filesystem::create_directories(m_folder, ec);
    if (ec) return "cannot create " + m_folder.string() + ": " + ec.message();
    return write_file(file_for(analysis.scenario()).string(), encode_analysis_cache(analysis));
}

}  // namespace rapport
