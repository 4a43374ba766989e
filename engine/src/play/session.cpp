// Session runtime and session files (see session.hpp).
#include "rapport/session.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>

#include "base/text.hpp"
#include "rapport/loader.hpp"

namespace rapport {

namespace {

// A session file nests three deep ({"choices": [{"node": ...}]}); deeper is not one, and is
// refused before nlohmann builds a value per bracket (16 MiB of `[` took 1.27 GB).
constexpr std::size_t max_session_depth = 8;

// A light walk over JSON text, with no values built: calls `visit(path, offset, token)` at the
// start of every value (path: the keys and array indices from the root; token: the scalar's text,
// empty for objects, arrays and strings) until `visit` returns true, and stops (returning the
// offset) at the first bracket deeper than `max_depth`. Lenient: malformed text is nlohmann's to
// report.
template <class Visit>
std::optional<std::size_t> walk_json(std::string_view t, std::size_t max_depth, Visit&& visit) {
    struct Level {
        bool object;
        bool expect_key;
        std::size_t index;
        std::string key;
    };
    std::vector<Level> stack;
    std::vector<std::string> path;
    auto value_path = [&] {
        path.clear();
        for (const auto& l : stack)
            path.push_back(l.object ? l.key : std::to_string(l.index));
        return path;
    };
    auto end_string = [&](std::size_t i) {
        for (++i; i < t.size() && t[i] != '"'; ++i)
            if (t[i] == '\\') ++i;
        return i;
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':') continue;
        if (c == ',') {
            if (!stack.empty()) {
                ++stack.back().index;
                stack.back().expect_key = stack.back().object;
            }
            continue;
        }
        if (c == '}' || c == ']') {
            if (!stack.empty()) stack.pop_back();
            continue;
        }
        if (c == '"' && !stack.empty() && stack.back().expect_key) {
            const std::size_t e = end_string(i);
            stack.back().key = std::string(t.substr(i + 1, std::min(e, t.size()) - i - 1));
            stack.back().expect_key = false;
            i = e;
            continue;
        }
        const std::size_t start = i;
        std::string_view token;
        if (c == '"') {
            i = end_string(i);
        } else if (c != '{' && c != '[') {
            while (i + 1 < t.size() && !std::strchr(" \t\n\r,:]}[{\"", t[i + 1]))
                ++i;
            token = t.substr(start, i + 1 - start);
        }
        if (visit(value_path(), start, token)) return std::nullopt;
        if (c == '{' || c == '[') {
            if (stack.size() >= max_depth) return start;
            stack.push_back({c == '{', c == '{', 0, {}});
        }
    }
    return std::nullopt;
}

// Where a session file's problems are: the value at `path` (keys and indices from the root), or
// the whole file when there is no such value.
class SessionText {
public:
    SessionText(std::string_view bytes, const std::string& path) : m_bytes(bytes), m_path(path) {}
    [[nodiscard]] SourceLocation at_offset(std::size_t offset) const {
        const auto lc = detail::line_column_at(m_bytes, offset);
        return {m_path, lc.line, lc.column};
    }
    [[nodiscard]] SourceLocation at(const std::vector<std::string>& path) const {
        std::optional<std::size_t> found;
        (void)walk_json(m_bytes, max_session_depth, [&](const auto& p, std::size_t o, auto) {
            if (p == path) found = o;
            return found.has_value();
        });
        return found ? at_offset(*found) : SourceLocation{m_path, 0, 0};
    }

private:
    std::string_view m_bytes;
    const std::string& m_path;
};

const char* json_kind(const nlohmann::json& v) {
    if (v.is_boolean()) return "true or false";
    if (v.is_number_float()) return "a number with a fraction or an exponent";
    if (v.is_number()) return "a whole number";
    if (v.is_string()) return "text";
    if (v.is_array()) return "a list";
    if (v.is_object()) return "an object";
    return "null";
}

}  // namespace

Session::Session(std::shared_ptr<const Scenario> scenario, std::uint64_t seed)
    : m_scenario(std::move(scenario)),
      m_seed(seed),
      m_start(initial_state(*m_scenario)),
      m_state(m_start) {}

Session::Session(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, PlayState start)
    : m_scenario(std::move(scenario)), m_seed(seed), m_start(std::move(start)), m_state(m_start) {}

bool Session::from_scenario_start() const {
    return m_start == initial_state(*m_scenario);
}

const Ending* Session::ending() const {
    return finished() ? &m_scenario->endings[static_cast<std::size_t>(m_state.ending)] : nullptr;
}

const Node& Session::node() const {
    return m_scenario->nodes[static_cast<std::size_t>(m_state.node)];
}

ClientLine Session::line() const {
    return client_line(*m_scenario, m_state);
}

ClientLine client_line(const Scenario& scenario, const PlayState& state) {
    const Node& n = scenario.nodes[static_cast<std::size_t>(state.node)];
    ClientLine out{n.client, n.cue, -1};
    const int v = active_variant(scenario, state);
    if (v >= 0) {
        const Variant& var = n.variants[static_cast<std::size_t>(v)];
        if (var.client) out.text = *var.client;
        if (var.cue) out.cue = *var.cue;
        out.variant = v;
    }
    return out;
}

std::vector<int> Session::offered() const {
    std::vector<int> order = offered_responses(*m_scenario, m_state);
    if (!m_scenario->shuffle || order.size() < 2) return order;
    // A per-turn stream derived from the seed: the order depends only on seed, turn and node, so
    // undo and resume show the same order again. Fisher-Yates with our own generator (the standard
    // distributions differ between library implementations).
    std::uint64_t x = m_seed ^ (static_cast<std::uint64_t>(m_transcript.size()) << 32) ^
                      static_cast<std::uint64_t>(m_state.node) * 0x632BE59BD9B4E019ULL;
    for (std::size_t i = order.size() - 1; i > 0; --i) {
        const std::size_t j = static_cast<std::size_t>(detail::splitmix64(x) % (i + 1));
        std::swap(order[i], order[j]);
    }
    return order;
}

std::vector<int> Session::withheld() const {
    std::vector<int> out;
    if (finished()) return out;
    const auto count = static_cast<int>(node().responses.size());
    for (int r = 0; r < count; ++r)
        if (!is_offered(*m_scenario, m_state, r)) out.push_back(r);
    return out;
}

const Reply* Session::last_reply() const {
    if (m_transcript.empty()) return nullptr;
    const Turn& t = m_transcript.back();
    const auto& reply = m_scenario->nodes[static_cast<std::size_t>(t.node)]
                            .responses[static_cast<std::size_t>(t.response)]
                            .reply;
    return reply ? &*reply : nullptr;
}

bool Session::choose(std::size_t position, std::optional<Said> said) {
    if (finished()) return false;
    const auto order = offered();
    if (position >= order.size()) return false;
    Turn turn;
    turn.node = m_state.node;
    turn.variant = active_variant(*m_scenario, m_state);
    turn.response = order[position];
    turn.position = static_cast<int>(position);
    turn.before = m_state.values;
    apply_response(*m_scenario, m_state, turn.response);
    turn.after = m_state.values;
    turn.destination = m_state.ended()             ? Target{Target::Kind::Ending, m_state.ending}
                       : m_state.node == turn.node ? Target{Target::Kind::Stay, m_state.node}
                                                   : Target{Target::Kind::Node, m_state.node};
    turn.said = std::move(said);
    m_transcript.push_back(std::move(turn));
    return true;
}

bool Session::choose_response(int response, std::optional<Said> said) {
    const auto order = offered();
    for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i] == response) return choose(i, std::move(said));
    return false;
}

void Session::undo_to(std::size_t turns) {
    if (turns >= m_transcript.size()) return;
    // Replaying from the start rebuilds the derived state (visits, used responses) exactly.
    std::vector<Turn> old = std::move(m_transcript);
    m_transcript.clear();
    m_state = m_start;
    for (std::size_t i = 0; i < turns; ++i) {
        const bool ok = choose_response(old[i].response, std::move(old[i].said));
        (void)ok;
    }
}

std::uint64_t random_seed() {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

std::string now_iso8601(bool for_file) {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, for_file ? "%Y%m%d-%H%M%S" : "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

SavedSession to_saved(const Session& session, std::string mode, std::string saved_at) {
    SavedSession s;
    const Scenario& sc = session.scenario();
    s.scenario_id = sc.id;
    s.scenario_version = sc.version;
    s.scenario_hash = sc.content_hash;
    s.scenario_path = sc.path;
    s.seed = session.seed();
    s.mode = std::move(mode);
    s.saved_at = std::move(saved_at);
    for (const auto& t : session.transcript()) {
        const Node& n = sc.nodes[static_cast<std::size_t>(t.node)];
        s.choices.emplace_back(n.id, n.responses[static_cast<std::size_t>(t.response)].id);
        s.said.push_back(t.said);
    }
    s.say_first = session.say_first();
    return s;
}

std::string new_session_id() {
    return detail::hex64(random_seed());
}

std::string session_id_of(const SavedSession& saved) {
    if (!saved.session_id.empty()) return saved.session_id;
    std::string what = saved.scenario_id + "|" + std::to_string(saved.seed) + "|" + saved.saved_at;
    for (const auto& [node, response] : saved.choices)
        what += "|" + node + "/" + response;
    return "file-" + detail::hex64(detail::fnv1a64(what));
}

std::string saved_session_json(const SavedSession& s) {
    nlohmann::json choices = nlohmann::json::array();
    for (std::size_t i = 0; i < s.choices.size(); ++i) {
        nlohmann::json c{{"node", s.choices[i].first}, {"response", s.choices[i].second}};
        if (i < s.said.size() && s.said[i]) {
            const Said& w = *s.said[i];
            c["said"] = w.text;
            if (w.skipped) c["said_skipped"] = true;
            if (w.first_key_ms >= 0) c["said_first_key_ms"] = w.first_key_ms;
            if (w.sent_ms >= 0) c["said_sent_ms"] = w.sent_ms;
        }
        choices.push_back(std::move(c));
    }
    nlohmann::json j{{"rapport_session", 1},
                     {"scenario",
                      {{"id", s.scenario_id},
                       {"version", s.scenario_version},
                       {"hash", s.scenario_hash},
                       {"path", s.scenario_path}}},
                     {"seed", s.seed},
                     {"mode", s.mode},
                     {"saved_at", s.saved_at},
                     {"choices", choices}};
    if (!s.session_id.empty()) j["session_id"] = s.session_id;
    if (s.say_first) j["say_first"] = true;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<SavedSession> read_saved_session(std::string_view bytes, const std::string& path,
                                               Diagnostics& diagnostics) {
    const SessionText text(bytes, path);
    if (bytes.size() > max_session_file_bytes) {
        diagnostics.error("RP402", {path, 0, 0},
                          "session file is " + std::to_string(bytes.size() >> 10) +
                              " KiB, larger than a session file can be (" +
                              std::to_string(max_session_file_bytes >> 10) +
                              " KiB); it is not a Rapport session");
        return std::nullopt;
    }
    // Before nlohmann: nesting (its memory grows with every bracket) and numbers it cannot hold.
    std::optional<std::pair<std::size_t, std::string>> bad_number;
    const auto too_deep = walk_json(
        bytes, max_session_depth, [&](const auto&, std::size_t o, std::string_view token) {
            if (!token.empty() && (token[0] == '-' || (token[0] >= '0' && token[0] <= '9')) &&
                !std::isfinite(std::strtod(std::string(token).c_str(), nullptr)))
                bad_number.emplace(o, std::string(token));
            return bad_number.has_value();
        });
    if (too_deep) {
        diagnostics.error("RP402", text.at_offset(*too_deep),
                          "not a Rapport session file: its values nest more than " +
                              std::to_string(max_session_depth) + " deep");
        return std::nullopt;
    }
    if (bad_number) {
        diagnostics.error("RP402", text.at_offset(bad_number->first),
                          "session file is damaged: the number " +
                              bad_number->second.substr(0, 40) + " is too large to read");
        return std::nullopt;
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::exception& e) {
        const auto* pe = dynamic_cast<const nlohmann::json::parse_error*>(&e);
        const std::size_t byte = pe ? pe->byte : 0;
        diagnostics.error("RP402", byte ? text.at_offset(byte - 1) : SourceLocation{path, 0, 0},
                          "not a Rapport session file: it is not valid JSON (the problem is at "
                          "byte " +
                              std::to_string(byte) + ")");
        return std::nullopt;
    }
    // Every value is checked for its kind before it is read: nothing converts (1.9 is not 1, nor
    // 4294967297, nor true) and nothing throws.
    std::optional<Diagnostic> problem;
    auto damaged = [&](const std::vector<std::string>& where, const std::string& message) {
        if (!problem) problem = Diagnostic{Severity::Error, "RP402", message, text.at(where), {}};
        return false;
    };
    auto member = [&](const nlohmann::json& obj, const std::vector<std::string>& where,
                      const char* key) -> const nlohmann::json* {
        const auto it = obj.find(key);
        if (it != obj.end()) return &*it;
        std::vector<std::string> parent = where;
        damaged(parent, std::string("session file is damaged: key '") + key + "' not found");
        return nullptr;
    };
    auto string_at = [&](const nlohmann::json& v, std::vector<std::string> where,
                         std::string& out) {
        if (!v.is_string())
            return damaged(where, "session file is damaged: `" + where.back() +
                                      "` must be text, not " + json_kind(v));
        out = v.get<std::string>();
        return true;
    };
    auto optional_string = [&](const nlohmann::json& obj, std::vector<std::string> where,
                               const char* key, std::string& out) {
        const auto it = obj.find(key);
        if (it == obj.end()) return true;
        where.emplace_back(key);
        return string_at(*it, where, out);
    };
    auto optional_flag = [&](const nlohmann::json& obj, std::vector<std::string> where,
                             const char* key) {
        const auto it = obj.find(key);
        if (it == obj.end()) return false;
        where.emplace_back(key);
        if (!it->is_boolean())
            return damaged(where, "session file is damaged: `" + where.back() +
                                      "` must be true or false, not " + json_kind(*it));
        return it->get<bool>();
    };
    // A time in milliseconds: a whole number from 0 up to a day; -1 when absent.
    auto optional_ms = [&](const nlohmann::json& obj, std::vector<std::string> where,
                           const char* key) {
        const auto it = obj.find(key);
        if (it == obj.end()) return -1;
        where.emplace_back(key);
        if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 86'400'000u) {
            damaged(where, "session file is damaged: `" + where.back() +
                               "` must be a whole number of milliseconds from 0 to 86400000, "
                               "not " +
                               it->dump().substr(0, 40));
            return -1;
        }
        return static_cast<int>(it->get<std::uint64_t>());
    };
    if (!j.is_object() || !j.contains("rapport_session")) {
        diagnostics.error("RP402", {path, 0, 0},
                          "not a Rapport session file: no `rapport_session` key");
        return std::nullopt;
    }
    const auto& format = j.at("rapport_session");
    if (!format.is_number_integer() || format.get<std::int64_t>() != 1) {
        diagnostics.error("RP402", text.at({"rapport_session"}),
                          "session file format " + format.dump().substr(0, 40) +
                              " is not supported; this Rapport reads format 1");
        return std::nullopt;
    }
    SavedSession s;
    s.mode = "practice";
    const nlohmann::json* sc = member(j, {}, "scenario");
    if (sc && !sc->is_object())
        damaged({"scenario"}, std::string("session file is damaged: `scenario` must be an "
                                          "object, not ") +
                                  json_kind(*sc));
    else if (sc) {
        if (const auto* v = member(*sc, {"scenario"}, "id"))
            string_at(*v, {"scenario", "id"}, s.scenario_id);
        if (const auto* v = member(*sc, {"scenario"}, "version"))
            string_at(*v, {"scenario", "version"}, s.scenario_version);
        optional_string(*sc, {"scenario"}, "hash", s.scenario_hash);
        optional_string(*sc, {"scenario"}, "path", s.scenario_path);
    }
    if (const auto* seed = member(j, {}, "seed")) {
        if (!seed->is_number_unsigned())
            damaged({"seed"},
                    "session file is damaged: the seed is not a whole number from 0 up "
                    "(it is " +
                        seed->dump().substr(0, 40) + ")");
        else
            s.seed = seed->get<std::uint64_t>();
    }
    optional_string(j, {}, "mode", s.mode);
    if (!problem && s.mode != "practice" && s.mode != "exam")
        damaged({"mode"},
                "session file is damaged: mode `" + s.mode + "` is neither practice nor exam");
    optional_string(j, {}, "saved_at", s.saved_at);
    optional_string(j, {}, "session_id", s.session_id);
    if (const auto* choices = member(j, {}, "choices")) {
        if (!choices->is_array())
            damaged({"choices"},
                    std::string("session file is damaged: `choices` must be a list, not ") +
                        json_kind(*choices));
        else
            for (std::size_t i = 0; i < choices->size() && !problem; ++i) {
                const auto& c = (*choices)[i];
                const std::vector<std::string> where{"choices", std::to_string(i)};
                if (!c.is_object()) {
                    damaged(where, "session file is damaged: choice " + std::to_string(i + 1) +
                                       " must be an object with `node` and `response`, not " +
                                       json_kind(c));
                    break;
                }
                std::string node, response;
                const auto* n = member(c, where, "node");
                const auto* r = member(c, where, "response");
                if (n && r && string_at(*n, {"choices", std::to_string(i), "node"}, node) &&
                    string_at(*r, {"choices", std::to_string(i), "response"}, response))
                    s.choices.emplace_back(std::move(node), std::move(response));
                s.said.emplace_back();
                if (c.contains("said")) {
                    Said w;
                    if (!optional_string(c, where, "said", w.text)) break;
                    w.skipped = optional_flag(c, where, "said_skipped");
                    w.first_key_ms = optional_ms(c, where, "said_first_key_ms");
                    w.sent_ms = optional_ms(c, where, "said_sent_ms");
                    s.said.back() = std::move(w);
                }
            }
    }
    s.say_first = optional_flag(j, {}, "say_first");
    if (problem) {
        diagnostics.error(problem->code, problem->location, problem->message);
        return std::nullopt;
    }
    return s;
}

std::optional<SavedSession> load_saved_session(const std::string& path, Diagnostics& diagnostics) {
    const auto bytes = read_file(path, diagnostics, max_session_file_bytes);
    if (!bytes) return std::nullopt;
    return read_saved_session(*bytes, path, diagnostics);
}

std::optional<Session> resume_session(const SavedSession& saved,
                                      std::shared_ptr<const Scenario> scenario,
                                      const std::string& path, Diagnostics& diagnostics) {
    const Scenario& sc = *scenario;
    if (saved.scenario_id != sc.id) {
        diagnostics.error(
            "RP401", {path, 0, 0},
            "this session is of scenario `" + saved.scenario_id + "`, not `" + sc.id + "`");
        return std::nullopt;
    }
    if (saved.scenario_version != sc.version) {
        diagnostics.error("RP401", {path, 0, 0},
                          "scenario `" + sc.id +
                              "` has changed: the session was saved with version " +
                              saved.scenario_version + ", the file is now version " + sc.version);
        return std::nullopt;
    }
    if (!saved.scenario_hash.empty() && saved.scenario_hash != sc.content_hash) {
        diagnostics.error(
            "RP401", {path, 0, 0},
            "scenario `" + sc.id + "` (version " + sc.version +
                ") was edited after this session was saved, though its version was not changed; "
                "replaying it could give a different session");
        return std::nullopt;
    }
    Session session(std::move(scenario), saved.seed);
    session.set_say_first(saved.say_first);
    for (std::size_t i = 0; i < saved.choices.size(); ++i) {
        const auto& [node_id, response_id] = saved.choices[i];
        const Node* node = session.finished() ? nullptr : &session.node();
        int response = -1;
        if (node && node->id == node_id)
            for (std::size_t r = 0; r < node->responses.size(); ++r)
                if (node->responses[r].id == response_id) response = static_cast<int>(r);
        const std::optional<Said> said = i < saved.said.size() ? saved.said[i] : std::nullopt;
        if (response < 0 || !session.choose_response(response, said)) {
            diagnostics.error("RP401", {path, 0, 0},
                              "choice " + std::to_string(i + 1) + " (response `" + response_id +
                                  "` at node `" + node_id +
                                  "`) cannot be replayed on this scenario");
            return std::nullopt;
        }
    }
    return session;
}

}  // namespace rapport
