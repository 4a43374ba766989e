// `rapport progress` (sessions over time, skill trend, drill accuracy, due counts, leeches) and
// `rapport export` (CSV, JSON, or xAPI 1.0.3 statements for a Learning Record Store).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_common.hpp"
#include "rapport/progress.hpp"

namespace rapport::cli {

namespace {

std::optional<ProgressStore> open_store(const std::string& db) {
    const auto path = progress_db_path(db).string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        std::cerr << "rapport: no progress yet (" << path
                  << " does not exist): play a session or run a drill first\n";
        return std::nullopt;
    }
    auto opened = ProgressStore::open_read_only(path);
    if (auto* err = std::get_if<std::string>(&opened)) {
        std::cerr << "rapport: " << *err << "\n";
        return std::nullopt;
    }
    return std::move(std::get<ProgressStore>(opened));
}

std::string short_time(const std::string& iso) {
    return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) : iso;
}

std::string ratio_text(int reflections, int questions) {
    if (questions == 0) return reflections > 0 ? "all R" : "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(reflections) / questions);
    return buf;
}

// A column of the table: text from the record, made safe for the terminal, cut or padded to `n`.
std::string pad(std::string_view raw, std::size_t n) {
    std::string s = terminal_safe(raw);
    if (s.size() > n) s = s.substr(0, n - 1) + "~";
    return s + std::string(n - s.size(), ' ');
}

std::string bar(double fraction, int width = 20) {
    const int n = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * width));
    return std::string(static_cast<std::size_t>(n), '#') +
           std::string(static_cast<std::size_t>(width - n), '.');
}

// A deterministic UUID (RFC 9562 version 8) for a record, from the database id and the record:
// exporting twice gives the same statement ids, so a Learning Record Store can deduplicate.
std::string record_uuid(const std::string& database_id, const std::string& what) {
    const std::uint64_t a = std::hash<std::string>{}("a:" + database_id + ":" + what);
    std::uint64_t h1 = 1469598103934665603ULL, h2 = 1099511628211ULL ^ a;
    for (char c : database_id + "|" + what) {
        h1 = (h1 ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        h2 = (h2 ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL + 0x9E3779B97F4A7C15ULL;
    }
    h1 = (h1 & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000008000ULL;  // version 8
    h2 = (h2 & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC variant
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(h1 >> 32),
                  static_cast<unsigned long long>((h1 >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(h1 & 0xFFFF),
                  static_cast<unsigned long long>(h2 >> 48),
                  static_cast<unsigned long long>(h2 & 0xFFFFFFFFFFFFULL));
    return buf;
}

// An item key ("bank/item") as a path of the activity id: each part percent-encoded.
std::string item_iri_path(const std::string& key) {
    std::string out;
    std::size_t start = 0;
    for (std::size_t slash; (slash = key.find('/', start)) != std::string::npos; start = slash + 1)
        out += uri_segment(std::string_view(key).substr(start, slash - start)) + "/";
    return out + uri_segment(std::string_view(key).substr(start));
}

std::string seconds_text(double seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", std::max(0.0, seconds));
    return buf;
}

std::string iso_duration(double seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "PT%.2fS", std::max(0.0, seconds));
    return buf;
}

// The stored [node, response] pairs as {"node", "response"} objects, as in session files and the
// analysis's paths.
nlohmann::json choice_objects(const nlohmann::json& pairs) {
    if (!pairs.is_array()) return pairs;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : pairs)
        if (p.is_array() && p.size() == 2)
            out.push_back({{"node", p[0]}, {"response", p[1]}});
        else
            out.push_back(p);
    return out;
}

// A JSON value stored in the record (choices, final state), for an export. The record validates
// them when it writes them; a value that is not JSON anyway (another program wrote it) is
// exported as a string, and so is one nested deeper than a session's values ever are, which also
// keeps parsing linear in its size.
nlohmann::json stored_json(const std::string& text) {
    constexpr int max_depth = 16;
    int depth = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return text;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    auto value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded()) return text;
    return value;
}

// A stored value where the export wants text: a string as it is, anything else as its JSON.
std::string json_text(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>()
                             : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Every JSON export is written this way: bytes that are not UTF-8 (from a damaged or foreign
// record) become U+FFFD instead of aborting the export.
std::string dump_json(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

nlohmann::json verb(const std::string& name) {
    return {{"id", "http://adlnet.gov/expapi/verbs/" + name}, {"display", {{"en-US", name}}}};
}

// What a say-it-first session's trainee wrote, for the JSON export.
nlohmann::json said_objects(const std::vector<SaidRecord>& said) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& w : said)
        out.push_back({{"turn", w.turn},
                       {"text", w.text},
                       {"skipped", w.skipped},
                       {"code", w.code.empty() ? nlohmann::json() : nlohmann::json(w.code)},
                       {"first_key_ms",
                        w.first_key_ms >= 0 ? nlohmann::json(w.first_key_ms) : nlohmann::json()},
                       {"sent_ms", w.sent_ms >= 0 ? nlohmann::json(w.sent_ms) : nlohmann::json()}});
    return out;
}

// The result of turn `i`'s `responded` statement. Its `response` is what the trainee said: their
// own words when they wrote them first (say it first), else the response they chose. The chosen
// response is always in an extension, and for a written turn the words' automatic code and the
// time to send them as well.
nlohmann::json responded_result(const SessionRecord& s, std::size_t i, const std::string& chosen) {
    const std::string ext = "https://rapport.invalid/xapi/";
    nlohmann::json result = {{"response", chosen}, {"extensions", {{ext + "chosen", chosen}}}};
    const auto it = std::find_if(s.said.begin(), s.said.end(), [&](const SaidRecord& w) {
        return w.turn == static_cast<int>(i) + 1;
    });
    if (it == s.said.end()) return result;
    result["extensions"][ext + "said-skipped"] = it->skipped;
    if (!it->skipped) {
        result["response"] = it->text;
        result["extensions"][ext + "said-code"] = it->code;
    }
    if (it->sent_ms >= 0) result["duration"] = iso_duration(it->sent_ms / 1000.0);
    return result;
}

}  // namespace

void record_session(const Session& session, const Report& report, const std::string& started_at,
                    const std::string& session_id, const std::string& db_option) {
    auto opened = ProgressStore::open(progress_db_path(db_option).string());
    if (auto* err = std::get_if<std::string>(&opened)) {
        std::cerr << "rapport: warning: the session is not in your progress record: " << *err
                  << "\n";
        return;
    }
    SessionRecord r = session_record(session, report, started_at, now_iso8601(), session_id);
    if (auto err = std::get<ProgressStore>(opened).add_session(r))
        std::cerr << "rapport: warning: the session is not in your progress record: " << *err
                  << "\n";
}

// A schedule in a line: "reps 4, lapses 1, stability 2.31 d, difficulty 5.12, due 2026-12-03".
std::string schedule_text(const std::optional<ItemSchedule>& s) {
    if (!s) return "none";
    char buf[160];
    const auto due = static_cast<std::time_t>(s->due * 86400.0);
    char day[16] = "?";
    if (std::tm tm{}; gmtime_r(&due, &tm)) std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
    std::snprintf(buf, sizeof buf, "reps %d, lapses %d, stability %.4g d, difficulty %.4g, due %s",
                  s->reps, s->lapses, s->memory.stability, s->memory.difficulty, day);
    return buf;
}

// `rapport progress --check`: every page sound, and every item's schedule the replay of its
// answers.
int check_record(ProgressStore& store) {
    const Step step("checking the progress record " + store.path());
    store.verify();
    const auto check = store.check_schedules(Fsrs{});
    std::cout << store.path() << ": every page is sound (PRAGMA quick_check: ok)\n";
    if (check.mismatches.empty()) {
        std::cout << store.path() << ": the schedules of all " << check.items
                  << " drill items are the replay of their " << check.answers << " answers\n";
        return exit_ok;
    }
    std::cout << store.path() << ": " << check.mismatches.size() << " of " << check.items
              << " drill items have a schedule that is not the replay of their answers (an "
                 "update lost, or an edit by another program):\n";
    for (std::size_t i = 0; i < check.mismatches.size() && i < 20; ++i) {
        const auto& m = check.mismatches[i];
        std::cout << "  " << terminal_safe(m.item_key)
                  << "\n    stored:   " << schedule_text(m.stored)
                  << "\n    replayed: " << schedule_text(m.replayed) << "\n";
    }
    if (check.mismatches.size() > 20)
        std::cout << "  ... and " << check.mismatches.size() - 20 << " more\n";
    std::cout
        << "Every answer is kept; only the timing of those items' next reviews is affected.\n";
    return exit_problems;
}

int cmd_progress(Args& args) {
    std::string db;
    bool check = false;
    while (!args.done()) {
        const std::string f = args.is_flag() ? args.flag() : args.take();
        if (f == "--db")
            db = args.value();
        else if (f == "--check") {
            args.skip();
            check = true;
        } else
            throw UsageError{"progress: unknown argument '" + f +
                             "' (see rapport progress --help)"};
    }
    auto store = open_store(db);
    if (!store) return exit_problems;
    if (check) return check_record(*store);
    // Everything is read before anything is printed: a record that cannot be read completely
    // (ProgressError, reported by main) prints no partial summary.
    const Step step("reading the progress record " + store->path());
    store->verify();
    const auto sessions = store->sessions();
    const auto accuracy = store->accuracy_by_topic();
    const auto answer_count = store->answer_count();
    const double now = days_now(), today = std::floor(now);
    const int due[3] = {store->due_count(now), store->due_count(today + 2),
                        store->due_count(today + 8)};
    const auto leeches = store->leeches();
    std::cout << "Progress in " << store->path() << "\n";

    std::cout << "\nSessions (" << sessions.size() << ")\n";
    if (sessions.empty())
        std::cout << "  none yet: rapport (the window) or rapport play\n";
    else
        std::cout << "  " << pad("when", 17) << pad("scenario", 26) << pad("mode", 14)
                  << pad("ending", 24) << pad("score", 7) << pad("% best", 8) << pad("R:Q", 6)
                  << "%CR\n";
    for (const auto& s : sessions) {
        const std::string ending = s.finished ? s.ending_title : "(left before the end)";
        const std::string pct = s.percent_of_best ? std::to_string(*s.percent_of_best) + "%" : "-";
        const std::string cr =
            s.reflections
                ? std::to_string(std::int64_t{100} * s.complex_reflections / s.reflections) + "%"
                : "-";
        std::cout << "  " << pad(short_time(s.ended_at), 17) << pad(s.scenario_title, 26)
                  << pad(s.mode + (s.say_first ? " +say" : ""), 14) << pad(ending, 23) << " "
                  << pad(std::to_string(s.score), 7) << pad(pct, 8)
                  << pad(ratio_text(s.reflections, s.questions), 6) << cr << "\n";
    }
    if (std::any_of(sessions.begin(), sessions.end(), [](const auto& s) { return s.say_first; }))
        std::cout << "  (+say: said it first; what you wrote is in rapport export)\n";
    if (sessions.size() >= 2) {
        std::cout << "\nSkill trend (reflections per question, session by session; MITI 4.2.1: 1.0 "
                     "fair, 2.0 good):\n  ";
        for (std::size_t i = 0; i < sessions.size(); ++i)
            std::cout << (i ? " -> " : "")
                      << ratio_text(sessions[i].reflections, sessions[i].questions);
        std::cout << "\n";
    }

    std::cout << "\nDrills (" << answer_count << " answers)\n";
    if (accuracy.empty()) std::cout << "  none yet: rapport drill\n";
    // Topics by their labels in the banks (an id only when no bank names it any more).
    DrillBankTopics topics;
    if (!accuracy.empty()) (void)load_drill_items({}, false, topics);
    for (const auto& t : accuracy) {
        const double f = t.total ? static_cast<double>(t.right) / t.total : 0;
        std::cout << "  " << pad(topics.label(t.topic), 34) << bar(f) << "  " << t.right << "/"
                  << t.total << " (" << std::lround(100 * f) << "%)\n";
    }
    std::cout << "\nDue: " << due[0] << " now, " << due[1] << " by the end of tomorrow, " << due[2]
              << " within a week\n";
    std::cout << "Leeches (missed " << leech_lapses
              << " times or more): " << (leeches.empty() ? "none" : "") << "\n";
    for (const auto& l : leeches)
        std::cout << "  " << terminal_safe(l.item_key) << " (" << l.lapses << " misses)\n";
    return exit_ok;
}

int cmd_export(Args& args) {
    std::string db, format = "csv", output;
    const char* user = std::getenv("USER");
    std::string actor_name = user && *user ? user : "student";
    std::string actor_email;
    while (!args.done()) {
        const std::string f = args.is_flag() ? args.flag() : args.take();
        if (f == "--db")
            db = args.value();
        else if (f == "--format") {
            format = args.value();
            if (format != "csv" && format != "json" && format != "xapi")
                throw UsageError{"--format must be csv, json or xapi, not '" + format + "'"};
        } else if (f == "-o" || f == "--output")
            output = args.value();
        else if (f == "--actor-name")
            actor_name = args.value();
        else if (f == "--actor-email")
            actor_email = args.value();
        else
            throw UsageError{"export: unknown argument '" + f + "' (see rapport export --help)"};
    }
    if (!output.empty()) check_not_an_input(output, {progress_db_path(db).string()});
    auto store = open_store(db);
    if (!store) return exit_problems;
    // The whole export is built before a byte is written (a record that cannot be read completely
    // throws ProgressError, which main reports): never a partial file.
    std::optional<Step> reading(std::in_place, "reading the progress record " + store->path());
    const auto sessions = store->sessions();
    const auto answers = store->answers();
    reading.emplace("building the " + format + " export of " + std::to_string(answers.size()) +
                    " answers and " + std::to_string(sessions.size()) + " sessions");
    std::ostringstream out;
    if (format == "csv") {
        // RFC 4180 with CRLF line ends; every field through csv_field (quoting, and the
        // formula-injection prefix), ours as well as the record's.
        auto row = [&](const std::vector<std::string>& fields) {
            for (std::size_t i = 0; i < fields.size(); ++i)
                out << (i ? "," : "") << csv_field(fields[i]);
            out << "\r\n";
        };
        row({"record", "actor", "timestamp", "activity", "title", "mode", "result", "score",
             "percent_of_best", "turns_or_seconds", "details"});
        for (const auto& s : sessions)
            row({"session", actor_name, s.ended_at, s.scenario_id + "@" + s.scenario_version,
                 s.scenario_title, s.mode, s.finished ? s.ending_id : "abandoned",
                 std::to_string(s.score),
                 s.percent_of_best ? std::to_string(*s.percent_of_best) : "",
                 std::to_string(s.turns),
                 "reflections " + std::to_string(s.reflections) + ", questions " +
                     std::to_string(s.questions)});
        // Say it first: a row per turn the trainee wrote (or skipped), after the sessions.
        for (const auto& s : sessions)
            for (const auto& w : s.said)
                row({"said", actor_name, s.ended_at, s.scenario_id + "@" + s.scenario_version,
                     "turn " + std::to_string(w.turn), s.mode, w.skipped ? "skipped" : w.code, "",
                     "", w.sent_ms >= 0 ? seconds_text(w.sent_ms / 1000.0) : "", w.text});
        for (const auto& a : answers)
            row({"answer", actor_name, a.answered_at, a.item_key, a.topics, a.mode,
                 a.correct ? "right" : "wrong", a.correct ? "1" : "0", "", seconds_text(a.seconds),
                 "chosen " + a.chosen + ", rating " + std::to_string(static_cast<int>(a.rating))});
    } else if (format == "json") {
        nlohmann::json j = {{"format", "rapport-progress-export"},
                            {"actor", actor_name},
                            {"sessions", nlohmann::json::array()},
                            {"answers", nlohmann::json::array()}};
        for (const auto& s : sessions)
            j["sessions"].push_back(
                {{"scenario_id", s.scenario_id},
                 {"scenario_version", s.scenario_version},
                 {"title", s.scenario_title},
                 {"seed", s.seed},
                 {"mode", s.mode},
                 {"finished", s.finished},
                 {"choices", choice_objects(stored_json(s.choices_json))},
                 {"final_state", stored_json(s.final_state_json)},
                 {"turns", s.turns},
                 {"score", s.score},
                 {"percent_of_best",
                  s.percent_of_best ? nlohmann::json(*s.percent_of_best) : nlohmann::json()},
                 {"ending", s.ending_id},
                 {"outcome", s.ending_outcome},
                 {"started_at", s.started_at},
                 {"ended_at", s.ended_at},
                 {"say_first", s.say_first},
                 {"said", said_objects(s.said)}});
        for (const auto& a : answers)
            j["answers"].push_back({{"item", a.item_key},
                                    {"topics", a.topics},
                                    {"chosen", a.chosen},
                                    {"correct", a.correct},
                                    {"seconds", a.seconds},
                                    {"rating", static_cast<int>(a.rating)},
                                    {"mode", a.mode},
                                    {"drill", a.drill_id},
                                    {"answered_at", a.answered_at}});
        out << dump_json(j);
    } else {
        // xAPI 1.0.3 statements: actor, verb (ADL vocabulary), object (an Activity with an IRI
        // id), result, timestamp, UUID id, and the version.
        const std::string dbid = store->database_id();
        nlohmann::json actor = {{"objectType", "Agent"}, {"name", actor_name}};
        if (!actor_email.empty())
            actor["mbox"] = "mailto:" + actor_email;
        else
            actor["account"] = {{"homePage", "https://rapport.invalid/"}, {"name", actor_name}};
        nlohmann::json statements = nlohmann::json::array();
        auto statement = [&](const std::string& id, const std::string& v, nlohmann::json object,
                             std::optional<nlohmann::json> result, const std::string& ts) {
            nlohmann::json s = {{"id", id},        {"actor", actor},
                                {"verb", verb(v)}, {"object", std::move(object)},
                                {"timestamp", ts}, {"version", "1.0.3"}};
            if (result) s["result"] = std::move(*result);
            statements.push_back(std::move(s));
        };
        for (const auto& s : sessions) {
            const std::string iri =
                "https://rapport.invalid/scenarios/" + uri_segment(s.scenario_id);
            nlohmann::json object = {
                {"objectType", "Activity"},
                {"id", iri},
                {"definition",
                 {{"name", {{"en-US", s.scenario_title}}},
                  {"type", "http://adlnet.gov/expapi/activities/simulation"}}}};
            const std::string key = "session:" + std::to_string(s.id);
            statement(record_uuid(dbid, key + ":initialized"), "initialized", object, std::nullopt,
                      s.started_at);
            const auto choices = stored_json(s.choices_json);
            if (choices.is_array())
                for (std::size_t i = 0; i < choices.size(); ++i) {
                    if (!choices[i].is_array() || choices[i].size() != 2) continue;
                    nlohmann::json turn = {
                        {"objectType", "Activity"},
                        {"id", iri + "/nodes/" + uri_segment(json_text(choices[i][0]))},
                        {"definition",
                         {{"name", {{"en-US", "Turn " + std::to_string(i + 1)}}},
                          {"type", "http://adlnet.gov/expapi/activities/interaction"}}}};
                    statement(record_uuid(dbid, key + ":responded:" + std::to_string(i)),
                              "responded", turn, responded_result(s, i, json_text(choices[i][1])),
                              s.started_at);
                }
            if (!s.finished) continue;
            nlohmann::json result = {{"completion", true}, {"score", {{"raw", s.score}}}};
            if (s.percent_of_best) {
                result["score"]["scaled"] = std::clamp(*s.percent_of_best / 100.0, -1.0, 1.0);
                result["success"] = *s.percent_of_best >= 50;
            }
            result["extensions"] = {{"https://rapport.invalid/xapi/ending", s.ending_id},
                                    {"https://rapport.invalid/xapi/outcome", s.ending_outcome}};
            statement(record_uuid(dbid, key + ":completed"), "completed", object, result,
                      s.ended_at);
            const bool passed = s.ending_outcome == "good";
            statement(record_uuid(dbid, key + (passed ? ":passed" : ":failed")),
                      passed ? "passed" : "failed", object,
                      nlohmann::json{{"success", passed}, {"score", result["score"]}}, s.ended_at);
        }
        for (const auto& a : answers) {
            nlohmann::json object = {
                {"objectType", "Activity"},
                {"id", "https://rapport.invalid/drills/" + item_iri_path(a.item_key)},
                {"definition",
                 {{"name", {{"en-US", a.item_key}}},
                  {"type", "http://adlnet.gov/expapi/activities/cmi.interaction"},
                  {"interactionType", "choice"}}}};
            nlohmann::json result = {{"success", a.correct},
                                     {"response", a.chosen},
                                     {"duration", iso_duration(a.seconds)},
                                     {"score",
                                      {{"raw", a.correct ? 1 : 0},
                                       {"min", 0},
                                       {"max", 1},
                                       {"scaled", a.correct ? 1.0 : 0.0}}}};
            statement(record_uuid(dbid, "answer:" + std::to_string(a.id)), "answered", object,
                      result, a.answered_at);
        }
        out << dump_json(statements);
    }
    return emit_output(output, out.str());
}

}  // namespace rapport::cli
