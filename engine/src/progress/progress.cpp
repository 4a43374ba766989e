// The progress database (see progress.hpp). SQLite through its C API; prepared statements with
// bound parameters only.
#include "rapport/progress.hpp"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "base/text.hpp"
#include "rapport/session.hpp"

namespace rapport {

namespace {

constexpr int application_id = 0x52415050;  // "RAPP": marks a Rapport progress database

// A prepared statement that finalizes itself.
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_s, nullptr); }
    ~Stmt() { sqlite3_finalize(m_s); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    [[nodiscard]] bool ok() const { return m_rc == SQLITE_OK; }
    Stmt& bind(int i, const std::string& v) {
        sqlite3_bind_text(m_s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(m_s, i, v);
        return *this;
    }
    Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Stmt& bind(int i, double v) {
        sqlite3_bind_double(m_s, i, v);
        return *this;
    }
    Stmt& bind_null(int i) {
        sqlite3_bind_null(m_s, i);
        return *this;
    }
    int step() { return sqlite3_step(m_s); }
    [[nodiscard]] std::string text(int c) const {
        const auto* p = sqlite3_column_text(m_s, c);
        return p ? reinterpret_cast<const char*>(p) : "";
    }
    [[nodiscard]] std::int64_t integer(int c) const { return sqlite3_column_int64(m_s, c); }
    [[nodiscard]] double real(int c) const { return sqlite3_column_double(m_s, c); }
    [[nodiscard]] bool is_null(int c) const { return sqlite3_column_type(m_s, c) == SQLITE_NULL; }

private:
    sqlite3_stmt* m_s = nullptr;
    int m_rc = SQLITE_ERROR;
};

// An item's schedule: these columns of `items`, read from column `first` of a row on.
#define SCHEDULE_COLUMNS "difficulty, stability, last_review, due, reps, lapses"
ItemSchedule schedule_row(const Stmt& q, int first) {
    ItemSchedule s;
    s.memory = {q.real(first), q.real(first + 1)};
    s.last_review = q.real(first + 2);
    s.due = q.real(first + 3);
    s.reps = static_cast<int>(q.integer(first + 4));
    s.lapses = static_cast<int>(q.integer(first + 5));
    return s;
}

std::string errmsg(sqlite3* db) {
    const int rc = sqlite3_errcode(db) & 0xFF;
    std::string m = sqlite3_errmsg(db);
    if (rc == SQLITE_FULL) m = "the disk is full (" + m + ")";
    if (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) m = "cannot write there (" + m + ")";
    return m;
}

std::optional<std::string> exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return std::nullopt;
    std::string m = err ? err : errmsg(db);
    sqlite3_free(err);
    if (sqlite3_errcode(db) == SQLITE_FULL) m = "the disk is full (" + m + ")";
    return m;
}

std::optional<int> pragma_int(sqlite3* db, const char* sql) {
    Stmt s(db, sql);
    if (!s.ok() || s.step() != SQLITE_ROW) return std::nullopt;
    return static_cast<int>(s.integer(0));
}

// Runs `body` in an IMMEDIATE transaction; rolls back on failure.
template <class F>
std::optional<std::string> transaction(sqlite3* db, F&& body) {
    if (auto e = exec(db, "BEGIN IMMEDIATE")) return e;
    if (auto e = body()) {
        (void)exec(db, "ROLLBACK");
        return e;
    }
    if (auto e = exec(db, "COMMIT")) {
        (void)exec(db, "ROLLBACK");
        return e;
    }
    return std::nullopt;
}

// Schema version 1 (Rapport 0.1 before drills had schedules): sessions and plain drill answers.
constexpr const char* schema_v1 = R"(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions(
  id INTEGER PRIMARY KEY,
  scenario_id TEXT NOT NULL, scenario_version TEXT NOT NULL, scenario_title TEXT NOT NULL,
  seed INTEGER NOT NULL, mode TEXT NOT NULL, finished INTEGER NOT NULL,
  choices TEXT NOT NULL, final_state TEXT NOT NULL, turns INTEGER NOT NULL,
  score INTEGER NOT NULL, percent_of_best INTEGER,
  ending_id TEXT NOT NULL, ending_title TEXT NOT NULL, ending_outcome TEXT NOT NULL,
  questions INTEGER NOT NULL, open_questions INTEGER NOT NULL,
  reflections INTEGER NOT NULL, complex_reflections INTEGER NOT NULL,
  autonomy_moves INTEGER NOT NULL, dependence_moves INTEGER NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT NOT NULL);
CREATE TABLE answers(
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL, topics TEXT NOT NULL, chosen TEXT NOT NULL,
  correct INTEGER NOT NULL, mode TEXT NOT NULL, drill_id TEXT NOT NULL,
  answered_at TEXT NOT NULL, day REAL NOT NULL);
CREATE INDEX answers_item ON answers(item_key);
)";

// Version 2: answer time and grade, each item's FSRS schedule (rebuilt from the answers), and
// per-topic totals kept up to date with every answer (so accuracy by topic is one small read).
constexpr const char* schema_v1_to_v2 = R"(
ALTER TABLE answers ADD COLUMN seconds REAL NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
UPDATE answers SET rating = CASE WHEN correct THEN 3 ELSE 1 END;
CREATE TABLE items(
  item_key TEXT PRIMARY KEY,
  difficulty REAL NOT NULL, stability REAL NOT NULL,
  last_review REAL NOT NULL, due REAL NOT NULL,
  reps INTEGER NOT NULL, lapses INTEGER NOT NULL);
CREATE INDEX items_due ON items(due);
CREATE INDEX answers_day ON answers(day);
CREATE TABLE topic_stats(topic TEXT PRIMARY KEY, right INTEGER NOT NULL, total INTEGER NOT NULL);
INSERT INTO topic_stats
  WITH RECURSIVE split(topic, rest, correct) AS (
    SELECT '', topics || ',', correct FROM answers
    UNION ALL
    SELECT substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1), correct
    FROM split WHERE rest <> '')
  SELECT topic, sum(correct), count(*) FROM split WHERE topic <> '' GROUP BY topic;
)";

// Version 3: each session row's key (see SessionRecord::session_key), unique, so that the same
// play-through is recorded once. Rows from before have none.
constexpr const char* schema_v2_to_v3 = R"(
ALTER TABLE sessions ADD COLUMN session_key TEXT;
CREATE UNIQUE INDEX sessions_key ON sessions(session_key);
)";

std::string random_id() {
    return detail::hex64(random_seed());
}

bool looks_like_sqlite(const std::string& path, std::uintmax_t size) {
    if (size == 0) return true;  // SQLite treats an empty file as an empty database
    std::ifstream f(path, std::ios::binary);
    char header[16] = {};
    f.read(header, 16);
    return f.gcount() == 16 && std::string(header, 16) == std::string("SQLite format 3\0", 16);
}

}  // namespace

SessionRecord session_record(const Session& session, const Report& report,
                             const std::string& started_at, const std::string& ended_at,
                             const std::string& session_id) {
    SessionRecord r;
    const Scenario& sc = session.scenario();
    r.scenario_id = sc.id;
    r.scenario_version = sc.version;
    r.scenario_title = sc.title;
    r.seed = session.seed();
    r.mode = report.mode;
    r.finished = session.finished();
    const SavedSession saved = to_saved(session, report.mode, ended_at);
    nlohmann::json choices = nlohmann::json::array();
    for (const auto& [node, response] : saved.choices)
        choices.push_back({node, response});
    r.choices_json = choices.dump();
    nlohmann::json state = nlohmann::json::object();
    for (std::size_t i = 0; i < sc.vars.size(); ++i)
        state[sc.vars[i].id] = session.value(static_cast<int>(i));
    r.final_state_json = state.dump();
    r.turns = static_cast<int>(session.transcript().size());
    r.score = report.score;
    r.percent_of_best = report.percent_of_best;
    r.ending_id = report.ending_id;
    r.ending_title = report.ending_title;
    r.ending_outcome = report.ending_outcome;
    r.questions = report.skills.questions;
    r.open_questions = report.skills.open_questions;
    r.reflections = report.skills.reflections;
    r.complex_reflections = report.skills.complex_reflections;
    r.autonomy_moves = report.skills.autonomy_moves;
    r.dependence_moves = report.skills.dependence_moves;
    r.started_at = started_at;
    r.ended_at = ended_at;
    if (!session_id.empty())
        r.session_key =
            session_id + (r.finished ? ":finished" : ":left:" + std::to_string(r.turns));
    return r;
}

double days_now() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count() / 86400.0;
}

std::variant<ProgressStore, std::string> ProgressStore::open(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (exists) {
        if (!fs::is_regular_file(path, ec)) return path + ": is not a regular file";
        if (!looks_like_sqlite(path, fs::file_size(path, ec)))
            return path +
                   ": is not a Rapport progress database (not SQLite, or damaged); it was "
                   "left untouched. Move it away or choose another file with --db.";
    } else {
        const fs::path parent = fs::path(path).parent_path();
        if (!parent.empty()) {
            fs::create_directories(parent, ec);
            if (ec) return parent.string() + ": cannot create the folder (" + ec.message() + ")";
        }
    }
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        std::string m = db ? errmsg(db) : "out of memory";
        sqlite3_close(db);
        return path + ": cannot open: " + m;
    }
    ProgressStore store(db, path);
    sqlite3_busy_timeout(db, 5000);
    // Read-only checks first: a foreign or newer database is never written to.
    const auto app = pragma_int(db, "PRAGMA application_id");
    const auto version = pragma_int(db, "PRAGMA user_version");
    const auto tables = pragma_int(db, "SELECT count(*) FROM sqlite_master");
    if (!app || !version || !tables) {
        const int code = sqlite3_errcode(db) & 0xFF;
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            return path + ": is not a Rapport progress database, or it is damaged (" + errmsg(db) +
                   "); it was left untouched";
        return path + ": cannot be read or written (" + errmsg(db) +
               "): the disk may be full, or the folder read-only; nothing was changed";
    }
    if (*app != application_id && *tables > 0)
        return path +
               ": is another program's SQLite database, not Rapport's; it was left "
               "untouched. Choose another file with --db or RAPPORT_DB.";
    if (*version > progress_schema_version)
        return path + ": was written by a newer Rapport (schema version " +
               std::to_string(*version) + "; this one reads up to " +
               std::to_string(progress_schema_version) + "); it was left untouched";
    if (auto e = exec(db, "PRAGMA journal_mode=WAL")) return path + ": " + *e;
    if (auto e = exec(db, "PRAGMA synchronous=FULL")) return path + ": " + *e;
    if (auto e = exec(db, "PRAGMA foreign_keys=ON")) return path + ": " + *e;
    if (auto e = store.migrate()) return path + ": " + *e;
    return store;
}

std::variant<ProgressStore, std::string> ProgressStore::open_read_only(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return path + ": no such file";
    if (!looks_like_sqlite(path, fs::file_size(path, ec)))
        return path +
               ": is not a Rapport progress database (not SQLite, or damaged); it was "
               "left untouched";
    // A WAL database on a read-only medium opens with immutable=1 (nothing else writes it).
    sqlite3* db = nullptr;
    for (const char* mode : {"mode=ro", "immutable=1"}) {
        sqlite3_close(db);
        db = nullptr;
        const std::string uri = "file:" + path + "?" + mode;
        if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) !=
            SQLITE_OK)
            continue;
        if (pragma_int(db, "PRAGMA user_version")) break;
    }
    const auto app = pragma_int(db, "PRAGMA application_id");
    const auto version = pragma_int(db, "PRAGMA user_version");
    if (!db || !app || !version) {
        std::string m = db ? errmsg(db) : "cannot open";
        sqlite3_close(db);
        return path + ": cannot be read (" + m + "); it was left untouched";
    }
    std::optional<std::string> refusal;
    if (*app != application_id)
        refusal = path + ": is not a Rapport progress database; it was left untouched";
    else if (*version > progress_schema_version)
        refusal = path + ": was written by a newer Rapport (schema version " +
                  std::to_string(*version) + "); it was left untouched";
    if (refusal) {
        sqlite3_close(db);
        return *refusal;
    }
    if (*version < progress_schema_version) {
        // Migrate a copy in memory: the file stays as it is.
        sqlite3* mem = nullptr;
        sqlite3_open(":memory:", &mem);
        sqlite3_backup* b = sqlite3_backup_init(mem, "main", db, "main");
        if (b) {
            sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
        }
        sqlite3_close(db);
        ProgressStore store(mem, path);
        if (auto e = store.migrate()) return path + ": " + *e;
        return store;
    }
    return ProgressStore(db, path);
}

ProgressStore::ProgressStore(ProgressStore&& o) noexcept
    : m_db(o.m_db), m_path(std::move(o.m_path)), m_migrated_from(o.m_migrated_from) {
    o.m_db = nullptr;
}

ProgressStore& ProgressStore::operator=(ProgressStore&& o) noexcept {
    if (this != &o) {
        sqlite3_close(m_db);
        m_db = o.m_db;
        m_path = std::move(o.m_path);
        m_migrated_from = o.m_migrated_from;
        o.m_db = nullptr;
    }
    return *this;
}

ProgressStore::~ProgressStore() {
    sqlite3_close(m_db);
}

int ProgressStore::schema_version() const {
    return pragma_int(m_db, "PRAGMA user_version").value_or(0);
}

std::optional<std::string> ProgressStore::migrate() {
    const int from = schema_version();
    if (from == progress_schema_version) return std::nullopt;
    return transaction(m_db, [&]() -> std::optional<std::string> {
        if (from < 1) {
            if (auto e = exec(m_db, schema_v1)) return e;
            Stmt s(m_db,
                   "INSERT INTO meta(key, value) VALUES('database_id', ?1), ('created_at', ?2)");
            s.bind(1, random_id()).bind(2, now_iso8601());
            if (s.step() != SQLITE_DONE) return errmsg(m_db);
        }
        if (from < 2) {
            if (auto e = exec(m_db, schema_v1_to_v2)) return e;
            // Rebuild every item's schedule by replaying its answers in order.
            const Fsrs fsrs;
            std::map<std::string, ItemSchedule> schedules;
            Stmt q(m_db, "SELECT item_key, rating, day FROM answers ORDER BY id");
            while (q.step() == SQLITE_ROW) {
                auto it = schedules.find(q.text(0));
                std::optional<ItemSchedule> before;
                if (it != schedules.end()) before = it->second;
                schedules[q.text(0)] =
                    schedule_after(fsrs, before, static_cast<Rating>(q.integer(1)), q.real(2));
            }
            for (const auto& [key, s] : schedules) {
                Stmt ins(m_db, "INSERT INTO items VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
                ins.bind(1, key).bind(2, s.memory.difficulty).bind(3, s.memory.stability);
                ins.bind(4, s.last_review).bind(5, s.due).bind(6, s.reps).bind(7, s.lapses);
                if (ins.step() != SQLITE_DONE) return errmsg(m_db);
            }
        }
        if (from < 3)
            if (auto e = exec(m_db, schema_v2_to_v3)) return e;
        const std::string set_version =
            "PRAGMA user_version=" + std::to_string(progress_schema_version) +
            "; PRAGMA application_id=" + std::to_string(application_id);
        if (auto e = exec(m_db, set_version.c_str())) return e;
        if (from > 0) m_migrated_from = from;
        return std::nullopt;
    });
}

std::optional<std::string> ProgressStore::add_session(SessionRecord& r) {
    // What is stored is JSON, so that every export of it is.
    if (!nlohmann::json::accept(r.choices_json) || !nlohmann::json::accept(r.final_state_json))
        return std::string("the session's choices or final state are not valid JSON");
    return transaction(m_db, [&]() -> std::optional<std::string> {
        if (!r.session_key.empty()) {
            Stmt q(m_db, "SELECT id FROM sessions WHERE session_key = ?1");
            q.bind(1, r.session_key);
            const int rc = q.step();
            if (rc == SQLITE_ROW) {
                r.id = q.integer(0);  // recorded already: nothing new
                return std::nullopt;
            }
            if (rc != SQLITE_DONE) return errmsg(m_db);
        }
        Stmt s(m_db,
               "INSERT INTO sessions(scenario_id, scenario_version, scenario_title, seed, mode, "
               "finished, choices, final_state, turns, score, percent_of_best, ending_id, "
               "ending_title, ending_outcome, questions, open_questions, reflections, "
               "complex_reflections, autonomy_moves, dependence_moves, started_at, ended_at, "
               "session_key) "
               "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
               "?21,?22,?23)");
        if (!s.ok()) return errmsg(m_db);
        s.bind(1, r.scenario_id).bind(2, r.scenario_version).bind(3, r.scenario_title);
        s.bind(4, static_cast<std::int64_t>(r.seed)).bind(5, r.mode).bind(6, r.finished ? 1 : 0);
        s.bind(7, r.choices_json).bind(8, r.final_state_json).bind(9, r.turns).bind(10, r.score);
        if (r.percent_of_best)
            s.bind(11, *r.percent_of_best);
        else
            s.bind_null(11);
        s.bind(12, r.ending_id).bind(13, r.ending_title).bind(14, r.ending_outcome);
        s.bind(15, r.questions).bind(16, r.open_questions).bind(17, r.reflections);
        s.bind(18, r.complex_reflections).bind(19, r.autonomy_moves).bind(20, r.dependence_moves);
        s.bind(21, r.started_at).bind(22, r.ended_at);
        if (r.session_key.empty())
            s.bind_null(23);
        else
            s.bind(23, r.session_key);
        if (s.step() != SQLITE_DONE) return errmsg(m_db);
        r.id = sqlite3_last_insert_rowid(m_db);
        return std::nullopt;
    });
}

namespace {

std::optional<std::string> insert_answer(sqlite3* db, AnswerRecord& a, const ItemSchedule& sch) {
    Stmt s(db,
           "INSERT INTO answers(item_key, topics, chosen, correct, mode, drill_id, "
           "answered_at, day, seconds, rating) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    if (!s.ok()) return errmsg(db);
    s.bind(1, a.item_key).bind(2, a.topics).bind(3, a.chosen).bind(4, a.correct ? 1 : 0);
    s.bind(5, a.mode).bind(6, a.drill_id).bind(7, a.answered_at).bind(8, a.day);
    s.bind(9, a.seconds).bind(10, static_cast<int>(a.rating));
    if (s.step() != SQLITE_DONE) return errmsg(db);
    a.id = sqlite3_last_insert_rowid(db);
    Stmt u(db, "INSERT OR REPLACE INTO items VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    u.bind(1, a.item_key).bind(2, sch.memory.difficulty).bind(3, sch.memory.stability);
    u.bind(4, sch.last_review).bind(5, sch.due).bind(6, sch.reps).bind(7, sch.lapses);
    if (u.step() != SQLITE_DONE) return errmsg(db);
    std::size_t start = 0;
    while (start <= a.topics.size()) {
        std::size_t comma = a.topics.find(',', start);
        if (comma == std::string::npos) comma = a.topics.size();
        const std::string topic = a.topics.substr(start, comma - start);
        if (!topic.empty()) {
            Stmt t(db,
                   "INSERT INTO topic_stats VALUES(?1, ?2, 1) ON CONFLICT(topic) DO UPDATE SET "
                   "right = right + excluded.right, total = total + 1");
            t.bind(1, topic).bind(2, a.correct ? 1 : 0);
            if (t.step() != SQLITE_DONE) return errmsg(db);
        }
        start = comma + 1;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> ProgressStore::add_answer(AnswerRecord& a, const ItemSchedule& sch) {
    return transaction(m_db, [&] { return insert_answer(m_db, a, sch); });
}

std::variant<ItemSchedule, std::string> ProgressStore::record_answer(const Fsrs& fsrs,
                                                                     const DrillItem& item,
                                                                     const DrillAnswer& answer,
                                                                     DrillMode mode,
                                                                     const std::string& drill_id) {
    std::optional<ItemSchedule> before;
    {
        Stmt q(m_db, "SELECT " SCHEDULE_COLUMNS " FROM items WHERE item_key = ?1");
        q.bind(1, item.key());
        if (q.step() == SQLITE_ROW) before = schedule_row(q, 0);
    }
    const double now = days_now();
    const ItemSchedule after = schedule_after(fsrs, before, answer.rating, now);
    AnswerRecord rec;
    rec.item_key = item.key();
    for (const auto& t : item.topics)
        rec.topics += (rec.topics.empty() ? "" : ",") + t;
    for (int c : answer.chosen)
        rec.chosen += (rec.chosen.empty() ? "" : ",") + std::to_string(c);
    rec.correct = answer.correct;
    rec.seconds = answer.seconds;
    rec.rating = answer.rating;
    rec.mode = std::string(drill_mode_name(mode));
    rec.drill_id = drill_id;
    rec.answered_at = now_iso8601();
    rec.day = now;
    if (auto err = add_answer(rec, after)) return *err;
    return after;
}

std::optional<std::string> ProgressStore::add_answers(
    std::vector<std::pair<AnswerRecord, ItemSchedule>>& batch) {
    return transaction(m_db, [&]() -> std::optional<std::string> {
        for (auto& [a, sch] : batch)
            if (auto e = insert_answer(m_db, a, sch)) return e;
        return std::nullopt;
    });
}

std::map<std::string, ItemSchedule> ProgressStore::schedules() const {
    std::map<std::string, ItemSchedule> out;
    Stmt q(m_db, "SELECT item_key, " SCHEDULE_COLUMNS " FROM items");
    while (q.step() == SQLITE_ROW)
        out.emplace(q.text(0), schedule_row(q, 1));
    return out;
}

std::vector<SessionRecord> ProgressStore::sessions() const {
    std::vector<SessionRecord> out;
    Stmt q(m_db,
           "SELECT id, scenario_id, scenario_version, scenario_title, seed, mode, finished, "
           "choices, final_state, turns, score, percent_of_best, ending_id, ending_title, "
           "ending_outcome, questions, open_questions, reflections, complex_reflections, "
           "autonomy_moves, dependence_moves, started_at, ended_at FROM sessions ORDER BY id");
    while (q.step() == SQLITE_ROW) {
        SessionRecord r;
        r.id = q.integer(0);
        r.scenario_id = q.text(1);
        r.scenario_version = q.text(2);
        r.scenario_title = q.text(3);
        r.seed = static_cast<std::uint64_t>(q.integer(4));
        r.mode = q.text(5);
        r.finished = q.integer(6) != 0;
        r.choices_json = q.text(7);
        r.final_state_json = q.text(8);
        r.turns = static_cast<int>(q.integer(9));
        r.score = static_cast<int>(q.integer(10));
        if (!q.is_null(11)) r.percent_of_best = static_cast<int>(q.integer(11));
        r.ending_id = q.text(12);
        r.ending_title = q.text(13);
        r.ending_outcome = q.text(14);
        r.questions = static_cast<int>(q.integer(15));
        r.open_questions = static_cast<int>(q.integer(16));
        r.reflections = static_cast<int>(q.integer(17));
        r.complex_reflections = static_cast<int>(q.integer(18));
        r.autonomy_moves = static_cast<int>(q.integer(19));
        r.dependence_moves = static_cast<int>(q.integer(20));
        r.started_at = q.text(21);
        r.ended_at = q.text(22);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<AnswerRecord> ProgressStore::answers() const {
    std::vector<AnswerRecord> out;
    Stmt q(m_db,
           "SELECT id, item_key, topics, chosen, correct, seconds, rating, mode, drill_id, "
           "answered_at, day FROM answers ORDER BY id");
    while (q.step() == SQLITE_ROW) {
        AnswerRecord a;
        a.id = q.integer(0);
        a.item_key = q.text(1);
        a.topics = q.text(2);
        a.chosen = q.text(3);
        a.correct = q.integer(4) != 0;
        a.seconds = q.real(5);
        a.rating = static_cast<Rating>(q.integer(6));
        a.mode = q.text(7);
        a.drill_id = q.text(8);
        a.answered_at = q.text(9);
        a.day = q.real(10);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<TopicAccuracy> ProgressStore::accuracy_by_topic() const {
    std::vector<TopicAccuracy> out;
    Stmt q(m_db, "SELECT topic, right, total FROM topic_stats ORDER BY topic");
    while (q.step() == SQLITE_ROW)
        out.push_back({q.text(0), static_cast<int>(q.integer(1)), static_cast<int>(q.integer(2))});
    return out;
}

int ProgressStore::due_count(double before_day) const {
    Stmt q(m_db, "SELECT count(*) FROM items WHERE due < ?1");
    q.bind(1, before_day);
    return q.step() == SQLITE_ROW ? static_cast<int>(q.integer(0)) : 0;
}

std::vector<Leech> ProgressStore::leeches() const {
    std::vector<Leech> out;
    Stmt q(m_db,
           "SELECT item_key, lapses FROM items WHERE lapses >= ?1 ORDER BY lapses DESC, item_key");
    q.bind(1, leech_lapses);
    while (q.step() == SQLITE_ROW)
        out.push_back({q.text(0), static_cast<int>(q.integer(1))});
    return out;
}

std::int64_t ProgressStore::answer_count() const {
    Stmt q(m_db, "SELECT count(*) FROM answers");
    return q.step() == SQLITE_ROW ? q.integer(0) : 0;
}

std::string ProgressStore::database_id() const {
    Stmt q(m_db, "SELECT value FROM meta WHERE key = 'database_id'");
    return q.step() == SQLITE_ROW ? q.text(0) : "";
}

}  // namespace rapport
