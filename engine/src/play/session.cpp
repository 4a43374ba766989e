// Session runtime and session files (see session.hpp).
#include "rapport/session.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>

#include "base/text.hpp"

namespace rapport {

namespace {}  // namespace

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
    const Node& n = node();
    ClientLine out{n.client, n.cue, -1};
    const int v = active_variant(*m_scenario, m_state);
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

bool Session::choose(std::size_t position) {
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
    m_transcript.push_back(std::move(turn));
    return true;
}

bool Session::choose_response(int response) {
    const auto order = offered();
    for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i] == response) return choose(i);
    return false;
}

void Session::undo_to(std::size_t turns) {
    if (turns >= m_transcript.size()) return;
    // Replaying from the start rebuilds the derived state (visits, used responses) exactly.
    std::vector<Turn> old = std::move(m_transcript);
    m_transcript.clear();
    m_state = m_start;
    for (std::size_t i = 0; i < turns; ++i) {
        const bool ok = choose_response(old[i].response);
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
    }
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
    for (const auto& [node, response] : s.choices)
        choices.push_back({{"node", node}, {"response", response}});
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
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<SavedSession> read_saved_session(std::string_view bytes, const std::string& path,
                                               Diagnostics& diagnostics) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::parse_error& e) {
        diagnostics.error(
            "RP402", {path, 0, 0},
            "not a Rapport session file: it is not valid JSON (the problem is at byte " +
                std::to_string(e.byte) + ")");
        return std::nullopt;
    }
    try {
        if (!j.is_object() || !j.contains("rapport_session")) {
            diagnostics.error("RP402", {path, 0, 0},
                              "not a Rapport session file: no `rapport_session` key");
            return std::nullopt;
        }
        if (j.at("rapport_session").get<int>() != 1) {
            diagnostics.error("RP402", {path, 0, 0},
                              "session file format " + j.at("rapport_session").dump() +
                                  " is not supported; this Rapport reads format 1");
            return std::nullopt;
        }
        SavedSession s;
        const auto& sc = j.at("scenario");
        s.scenario_id = sc.at("id").get<std::string>();
        s.scenario_version = sc.at("version").get<std::string>();
        s.scenario_hash = sc.value("hash", "");
        s.scenario_path = sc.value("path", "");
        s.seed = j.at("seed").get<std::uint64_t>();
        s.mode = j.value("mode", "practice");
        if (s.mode != "practice" && s.mode != "exam") {
            diagnostics.error(
                "RP402", {path, 0, 0},
                "session file is damaged: mode `" + s.mode + "` is neither practice nor exam");
            return std::nullopt;
        }
        if (!j.at("seed").is_number_unsigned()) {
            diagnostics.error("RP402", {path, 0, 0},
                              "session file is damaged: the seed is not a whole number from 0 up");
            return std::nullopt;
        }
        s.saved_at = j.value("saved_at", "");
        s.session_id = j.value("session_id", "");
        for (const auto& c : j.at("choices"))
            s.choices.emplace_back(c.at("node").get<std::string>(),
                                   c.at("response").get<std::string>());
        return s;
    } catch (const nlohmann::json::exception& e) {
        // nlohmann's messages start with a bracketed id; keep the readable part.
        std::string what = e.what();
        if (const auto close = what.find("] "); close != std::string::npos)
            what.erase(0, close + 2);
        diagnostics.error("RP402", {path, 0, 0}, "session file is damaged: " + what);
        return std::nullopt;
    }
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
    for (std::size_t i = 0; i < saved.choices.size(); ++i) {
        const auto& [node_id, response_id] = saved.choices[i];
        const Node* node = session.finished() ? nullptr : &session.node();
        int response = -1;
        if (node && node->id == node_id)
            for (std::size_t r = 0; r < node->responses.size(); ++r)
                if (node->responses[r].id == response_id) response = static_cast<int>(r);
        if (response < 0 || !session.choose_response(response)) {
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
