// The progress database (see progress.hpp). SQLite through its C API; prepared statements with
// bound parameters only.
#include "rapport/progress.hpp"

#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "base/text.hpp"
#include "rapport/session.hpp"

namespace rapport {

namespace {

namespace fs = std::filesystem;

constexpr int application_id = 0x52415050;  // "RAPP": marks a Rapport progress database
constexpr int busy_timeout_ms = 10000;      // other Rapport processes writing at the same moment
constexpr std::int64_t max_count = 1'000'000'000;  // any count a real record can hold (turns...)

std::string errmsg(sqlite3* db) {
    const int rc = sqlite3_errcode(db) & 0xFF;
    std::string m = sqlite3_errmsg(db);
    if (rc == SQLITE_FULL) m = "the disk is full (" + m + ")";
    if (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) m = "cannot write there (" + m + ")";
    return m;
}

// What PRAGMA quick_check says of the file, in a sentence (its first few findings).
std::string quick_check_words(sqlite3* db) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(3)", -1, &s, nullptr) != SQLITE_OK)
        return "PRAGMA quick_check cannot run (" + std::string(sqlite3_errmsg(db)) + ")";
    std::string found;
    int rc = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const auto* t = sqlite3_column_text(s, 0);
        found +=
            (found.empty() ? "" : "; ") + std::string(t ? reinterpret_cast<const char*>(t) : "");
    }
    std::string out;
    if (rc != SQLITE_DONE)
        out = "PRAGMA quick_check cannot read it either (" + std::string(sqlite3_errmsg(db)) + ")";
    else if (found == "ok")
        out =
            "PRAGMA quick_check finds its pages intact, so its tables were changed by another "
            "program";
    else
        out = "PRAGMA quick_check reports: " + found;
    sqlite3_finalize(s);
    return out;
}

// The one message for a failed step: the file, what was being done, SQLite's reason and, when the
// file itself may be at fault, what quick_check finds. Nothing is ever half written (every write
// is one transaction), so the message says so.
std::string failure(sqlite3* db, const std::string& path, const std::string& doing) {
    const int code = sqlite3_errcode(db) & 0xFF;
    std::string m = path + ": cannot " + doing + " (" + errmsg(db) + ")";
    switch (code) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
        case SQLITE_ERROR:
        case SQLITE_SCHEMA:
            m += "; " + quick_check_words(db) +
                 ". Nothing was written; restore the file from a backup, or save what is readable "
                 "with: sqlite3 '" +
                 path + "' .recover | sqlite3 recovered.db";
            break;
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
            m += ": the disk may be full, or the folder read-only; nothing was changed";
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            m += ": another program kept the database locked for " +
                 std::to_string(busy_timeout_ms / 1000) + " s; nothing was changed, try again";
            break;
        default:
            m += "; nothing was changed";
    }
    return m;
}

// The one way to run SQL on the record: a prepared statement that finalizes itself, whose every
// step is checked (a row, the end, or a ProgressError naming the file), and whose columns are
// type- and range-checked as they are read, so a crafted or damaged row never reaches arithmetic.
class Stmt {
public:
    // `doing` completes "cannot ..." in messages ("read the drill answers").
    Stmt(sqlite3* db, const std::string& path, const char* sql, std::string doing)
        : m_db(db), m_path(path), m_doing(std::move(doing)) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_s, nullptr) != SQLITE_OK) fail();
    }
    ~Stmt() { sqlite3_finalize(m_s); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& bind(int i, const std::string& v) {
        return check_bind(
            sqlite3_bind_text(m_s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    }
    Stmt& bind(int i, std::int64_t v) { return check_bind(sqlite3_bind_int64(m_s, i, v)); }
    Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Stmt& bind(int i, double v) { return check_bind(sqlite3_bind_double(m_s, i, v)); }
    Stmt& bind_null(int i) { return check_bind(sqlite3_bind_null(m_s, i)); }
    // One step: true with a row, false at the end; anything else throws.
    bool next() {
        const int rc = sqlite3_step(m_s);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail();
    }
    // Every row, to the end.
    template <class F>
    void for_each_row(F&& f) {
        while (next())
            f(*this);
    }
    // A statement that returns no rows (or whose rows do not matter), run to its end.
    void run() {
        while (next()) {
        }
    }
    // A query that must give one row (count(*), a pragma): its first column.
    std::int64_t single_integer(std::int64_t lo, std::int64_t hi) {
        if (!next()) throw ProgressError(m_path + ": cannot " + m_doing + " (no row)");
        return integer(0, lo, hi);
    }

    [[nodiscard]] std::string text(int c) const {
        const auto* p = sqlite3_column_text(m_s, c);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(m_s, c)))
                 : "";
    }
    [[nodiscard]] std::int64_t integer(int c, std::int64_t lo, std::int64_t hi) const {
        if (sqlite3_column_type(m_s, c) != SQLITE_INTEGER) bad_value(c, "is not a whole number");
        const std::int64_t v = sqlite3_column_int64(m_s, c);
        if (v < lo || v > hi)
            bad_value(c, "is " + std::to_string(v) + ", outside " + std::to_string(lo) + " to " +
                             std::to_string(hi));
        return v;
    }
    // A count (turns, questions, repetitions...): 0 to max_count, so sums and ratios of them fit.
    [[nodiscard]] int count(int c) const { return static_cast<int>(integer(c, 0, max_count)); }
    [[nodiscard]] int score(int c) const {
        return static_cast<int>(integer(c, -max_count, max_count));
    }
    [[nodiscard]] double real(int c) const {
        const int t = sqlite3_column_type(m_s, c);
        if (t != SQLITE_FLOAT && t != SQLITE_INTEGER) bad_value(c, "is not a number");
        const double v = sqlite3_column_double(m_s, c);
        if (!std::isfinite(v) || std::fabs(v) > 1e12) bad_value(c, "is not a finite number");
        return v;
    }
    [[nodiscard]] bool is_null(int c) const { return sqlite3_column_type(m_s, c) == SQLITE_NULL; }

private:
    [[noreturn]] void fail() const { throw ProgressError(failure(m_db, m_path, m_doing)); }
    [[noreturn]] void bad_value(int c, const std::string& why) const {
        throw ProgressError(m_path + ": cannot " + m_doing + ": a stored " +
                            sqlite3_column_name(m_s, c) + " " + why +
                            " (the database was changed by another program); it was left "
                            "untouched");
    }
    Stmt& check_bind(int rc) {
        if (rc != SQLITE_OK) fail();
        return *this;
    }
    sqlite3* m_db;
    const std::string& m_path;
    std::string m_doing;
    sqlite3_stmt* m_s = nullptr;
};

// Statements that return nothing, several at once (schema scripts, pragmas).
void exec(sqlite3* db, const std::string& path, const char* sql, const std::string& doing) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        throw ProgressError(failure(db, path, doing));
}

// Runs `body` in an IMMEDIATE transaction (the write lock first, so what the body reads is still
// true when it writes); rolls back on failure. Returns the error message, if any.
template <class F>
std::optional<std::string> transaction(sqlite3* db, const std::string& path, F&& body) {
    try {
        exec(db, path, "BEGIN IMMEDIATE", "start writing");
        try {
            body();
            exec(db, path, "COMMIT", "finish writing");
        } catch (...) {
            (void)sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    } catch (const ProgressError& e) {
        return e.what();
    }
    return std::nullopt;
}

// An item's schedule: these columns of `items`, read from column `first` of a row on.
#define SCHEDULE_COLUMNS "difficulty, stability, last_review, due, reps, lapses"
ItemSchedule schedule_row(const Stmt& q, int first) {
    ItemSchedule s;
    s.memory = {q.real(first), q.real(first + 1)};
    s.last_review = q.real(first + 2);
    s.due = q.real(first + 3);
    s.reps = q.count(first + 4);
    s.lapses = q.count(first + 5);
    return s;
}

// What identifies the file, read in one statement (one snapshot: a Rapport creating the database
// at this moment is seen before or after, never half way).
struct Header {
    std::int64_t application = 0, version = 0, tables = 0;
    bool has_meta = false, has_items = false, has_session_key = false, has_said = false;
};

Header read_header(sqlite3* db, const std::string& path) {
    Stmt q(db, path,
           "SELECT (SELECT application_id FROM pragma_application_id), "
           "(SELECT user_version FROM pragma_user_version), "
           "(SELECT count(*) FROM sqlite_master), "
           "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'), "
           "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'items'), "
           "(SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'sessions_key'), "
           "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'said')",
           "read its header");
    if (!q.next()) throw ProgressError(path + ": cannot read its header");
    Header h;
    h.application = q.integer(0, INT32_MIN, INT32_MAX);
    h.version = q.integer(1, INT32_MIN, INT32_MAX);
    h.tables = q.integer(2, 0, INT64_MAX);
    h.has_meta = q.integer(3, 0, 1) == 1;
    h.has_items = q.integer(4, 0, 1) == 1;
    h.has_session_key = q.integer(5, 0, 1) == 1;
    h.has_said = q.integer(6, 0, 1) == 1;
    return h;
}

// Why a file with this header must not be used, if it must not.
std::optional<std::string> refusal(const Header& h, const std::string& path) {
    if (h.application != application_id && h.tables > 0)
        return path +
               ": is another program's SQLite database, not Rapport's; it was left "
               "untouched. Choose another file with --db or RAPPORT_DB.";
    if (h.version > progress_schema_version)
        return path + ": was written by a newer Rapport (schema version " +
               std::to_string(h.version) + "; this one reads up to " +
               std::to_string(progress_schema_version) + "); it was left untouched";
    // The version must describe the tables: a user_version set back by hand would make the
    // migration re-create tables that are there.
    const std::int64_t holds = h.tables == 0       ? 0
                               : h.has_said        ? 4
                               : h.has_session_key ? 3
                               : h.has_items       ? 2
                               : h.has_meta        ? 1
                                                   : -1;
    if (h.application == application_id && h.version != holds)
        return path + ": its schema version (PRAGMA user_version) is " + std::to_string(h.version) +
               ", but its tables are " +
               (holds < 0 ? std::string("not those of any Rapport version")
                          : "those of version " + std::to_string(holds)) +
               ": something changed it by hand. It was left untouched." +
               (holds > 0 ? " If it is your record, set the version back with: sqlite3 '" + path +
                                "' 'PRAGMA user_version=" + std::to_string(holds) + "'"
                          : "");
    return std::nullopt;
}

// A path as an SQLite URI (RFC 3986 escapes for the characters URIs give a meaning: `%` `#` `?`),
// so that any file name opens that file, with query parameters (`mode=ro`) after it.
std::string sqlite_uri(const std::string& path, const std::string& params) {
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    if (ec) abs = path;
    std::string out = "file://";
    for (const char c : abs.string()) {
        if (c == '%' || c == '#' || c == '?') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    return params.empty() ? out : out + "?" + params;
}

// Opens a connection (the one way: always through a URI). Error message, or the connection.
std::variant<sqlite3*, std::string> connect(const std::string& path, int flags,
                                            const std::string& params) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(sqlite_uri(path, params).c_str(), &db, flags | SQLITE_OPEN_URI, nullptr);
    if (rc != SQLITE_OK) {
        std::string m = db ? errmsg(db) : "out of memory";
        sqlite3_close(db);
        return path + ": cannot open: " + m;
    }
    sqlite3_busy_timeout(db, busy_timeout_ms);
    return db;
}

// A copy of `db` in memory (to migrate without touching the file, or to keep what was read from
// a private copy). Closes `db`.
std::variant<sqlite3*, std::string> copy_to_memory(sqlite3* db, const std::string& path) {
    sqlite3* mem = nullptr;
    if (sqlite3_open(":memory:", &mem) != SQLITE_OK) {
        sqlite3_close(mem);
        sqlite3_close(db);
        return path + ": cannot read it (out of memory)";
    }
    sqlite3_backup* b = sqlite3_backup_init(mem, "main", db, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(mem);
    if (b) sqlite3_backup_finish(b);
    std::optional<std::string> err;
    if (rc != SQLITE_DONE) err = failure(db, path, "read it");
    sqlite3_close(db);
    if (err) {
        sqlite3_close(mem);
        return *err;
    }
    return mem;
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

// Version 4: say it first. Whether a session was played that way, and what the trainee wrote at
// each turn (the words, skipped or not, the automatic code, the times), one row per turn.
constexpr const char* schema_v3_to_v4 = R"(
ALTER TABLE sessions ADD COLUMN say_first INTEGER NOT NULL DEFAULT 0;
CREATE TABLE said(
  session INTEGER NOT NULL REFERENCES sessions(id),
  turn INTEGER NOT NULL, text TEXT NOT NULL, skipped INTEGER NOT NULL, code TEXT NOT NULL,
  first_key_ms INTEGER, sent_ms INTEGER,
  PRIMARY KEY(session, turn));
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
    r.say_first = report.say_first;
    for (const ReportTurn& t : report.turns) {
        if (!t.said) continue;
        SaidRecord w;
        w.turn = t.number;
        w.text = *t.said;
        w.skipped = t.said_skipped;
        w.code = t.said_code;
        const auto& turns = session.transcript();
        if (t.number >= 1 && static_cast<std::size_t>(t.number) <= turns.size())
            if (const auto& said = turns[static_cast<std::size_t>(t.number - 1)].said) {
                w.first_key_ms = said->first_key_ms;
                w.sent_ms = said->sent_ms;
            }
        r.said.push_back(std::move(w));
    }
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
    auto connected = connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "");
    if (auto* err = std::get_if<std::string>(&connected)) return *err;
    ProgressStore store(std::get<sqlite3*>(connected), path);
    try {
        // Read-only checks first: a foreign or newer database is never written to.
        const Header h = read_header(store.m_db, path);
        if (auto r = refusal(h, path)) return *r;
        // Switching a new database to WAL needs it to itself, and SQLite reports a race with
        // another Rapport opening it as "busy" at once, without waiting: try again for a while.
        for (int attempt = 0;; ++attempt) {
            try {
                exec(store.m_db, path, "PRAGMA journal_mode=WAL", "switch it to WAL");
                break;
            } catch (const ProgressError&) {
                if (attempt >= 200) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        exec(store.m_db, path, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "set it up");
        if (h.version != progress_schema_version) {
            if (auto e = store.migrate()) return *e;
        }
    } catch (const ProgressError& e) {
        return e.what();
    }
    return store;
}

namespace {

// A WAL that holds changes, beside the database.
bool has_pending_wal(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path + "-wal", ec);
    return !ec && size > 0;
}

// Reads a database whose WAL SQLite cannot index where it is (no -shm, and the folder cannot be
// written): copies both to a private folder, lets SQLite apply the WAL there, and keeps the
// result in memory. The original files are only read.
std::variant<sqlite3*, std::string> read_private_copy(const std::string& path) {
    std::string dir = (fs::temp_directory_path() / "rapport-read-XXXXXX").string();
    const std::string refuse =
        path +
        ": has changes still in its -wal file, which SQLite cannot read here (its -shm "
        "file is missing and the folder cannot be written), and a private copy could not "
        "be made (";
    const std::string recover =
        "). It was left untouched; to recover, copy " + path + " together with " + path +
        "-wal to a folder you can write and run rapport progress --db on the copy";
    if (!::mkdtemp(dir.data())) return refuse + std::strerror(errno) + recover;
    const fs::path copy = fs::path(dir) / "progress.db";
    std::error_code ec;
    fs::copy_file(path, copy, ec);
    if (!ec) fs::copy_file(path + "-wal", copy.string() + "-wal", ec);
    std::variant<sqlite3*, std::string> out = refuse + ec.message() + recover;
    if (!ec) {
        auto connected = connect(copy.string(), SQLITE_OPEN_READWRITE, "");
        if (auto* err = std::get_if<std::string>(&connected))
            out = refuse + *err + recover;
        else {
            sqlite3* db = std::get<sqlite3*>(connected);
            try {
                (void)read_header(db, path);  // applies the WAL
                out = copy_to_memory(db, path);
            } catch (const ProgressError& e) {
                sqlite3_close(db);
                out = std::string(e.what());
            }
        }
    }
    fs::remove_all(dir, ec);
    return out;
}

}  // namespace

std::variant<ProgressStore, std::string> ProgressStore::open_read_only(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return path + ": no such file";
    if (!looks_like_sqlite(path, fs::file_size(path, ec)))
        return path +
               ": is not a Rapport progress database (not SQLite, or damaged); it was "
               "left untouched";
    // An ordinary read-only connection sees the WAL (its -shm exists or can be made). Where it
    // cannot be, the WAL's changes are read from a private copy; a file without a WAL is complete
    // as it is, and immutable=1 reads it on a read-only medium without any lock files.
    sqlite3* db = nullptr;
    std::string first_error;
    {
        auto connected = connect(path, SQLITE_OPEN_READONLY, "mode=ro");
        if (auto* d = std::get_if<sqlite3*>(&connected)) {
            try {
                (void)read_header(*d, path);
                db = *d;
            } catch (const ProgressError& e) {
                first_error = e.what();
                sqlite3_close(*d);
            }
        } else {
            first_error = std::get<std::string>(connected);
        }
    }
    if (!db) {
        auto fallback = has_pending_wal(path) ? read_private_copy(path)
                                              : connect(path, SQLITE_OPEN_READONLY, "immutable=1");
        if (auto* err = std::get_if<std::string>(&fallback)) return *err;
        db = std::get<sqlite3*>(fallback);
    }
    ProgressStore store(db, path);
    try {
        const Header h = read_header(db, path);
        if (h.application != application_id)
            return path + ": is not a Rapport progress database; it was left untouched";
        if (auto r = refusal(h, path)) return *r;
        if (h.version < progress_schema_version) {
            // Migrate a copy in memory: the file stays as it is.
            auto mem = copy_to_memory(store.m_db, path);
            store.m_db = nullptr;
            if (auto* err = std::get_if<std::string>(&mem)) return *err;
            store.m_db = std::get<sqlite3*>(mem);
            if (auto e = store.migrate()) return *e;
        }
    } catch (const ProgressError& e) {
        return e.what();
    }
    return store;
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
    return static_cast<int>(Stmt(m_db, m_path, "PRAGMA user_version", "read its schema version")
                                .single_integer(INT32_MIN, INT32_MAX));
}

namespace {

// Every item's schedule rebuilt from its answers, in the order they were recorded (each answer's
// schedule is written in the transaction that records it, so the order of ids is the order the
// schedules were built in).
std::map<std::string, ItemSchedule> replay_answers(sqlite3* db, const std::string& path,
                                                   const Fsrs& fsrs, const std::string& why) {
    std::map<std::string, ItemSchedule> schedules;
    Stmt q(db, path, "SELECT item_key, rating, day FROM answers ORDER BY id",
           "read the drill answers to " + why);
    q.for_each_row([&](const Stmt& row) {
        auto it = schedules.find(row.text(0));
        std::optional<ItemSchedule> before;
        if (it != schedules.end()) before = it->second;
        schedules[row.text(0)] =
            schedule_after(fsrs, before, static_cast<Rating>(row.integer(1, 1, 4)), row.real(2));
    });
    return schedules;
}

bool same_schedule(const ItemSchedule& a, const ItemSchedule& b) {
    const auto near = [](double x, double y) {
        return std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)});
    };
    return a.reps == b.reps && a.lapses == b.lapses && near(a.due, b.due) &&
           near(a.last_review, b.last_review) && near(a.memory.stability, b.memory.stability) &&
           near(a.memory.difficulty, b.memory.difficulty);
}

}  // namespace

std::optional<std::string> ProgressStore::migrate() {
    return transaction(m_db, m_path, [&] {
        // Again under the write lock: another Rapport may have created or migrated it meanwhile.
        const Header h = read_header(m_db, m_path);
        if (auto r = refusal(h, m_path)) throw ProgressError(*r);
        const auto from = static_cast<int>(h.version);
        if (from == progress_schema_version) return;
        if (from < 1) {
            exec(m_db, m_path, schema_v1, "create its tables");
            Stmt s(m_db, m_path,
                   "INSERT INTO meta(key, value) VALUES('database_id', ?1), ('created_at', ?2)",
                   "create its tables");
            s.bind(1, random_id()).bind(2, now_iso8601()).run();
        }
        if (from < 2) {
            exec(m_db, m_path, schema_v1_to_v2, "migrate it to schema version 2");
            // Rebuild every item's schedule by replaying its answers in order.
            const auto schedules = replay_answers(m_db, m_path, Fsrs{}, "migrate it");
            for (const auto& [key, s] : schedules) {
                Stmt ins(m_db, m_path, "INSERT INTO items VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         "migrate it to schema version 2");
                ins.bind(1, key).bind(2, s.memory.difficulty).bind(3, s.memory.stability);
                ins.bind(4, s.last_review).bind(5, s.due).bind(6, s.reps).bind(7, s.lapses);
                ins.run();
            }
        }
        if (from < 3) exec(m_db, m_path, schema_v2_to_v3, "migrate it to schema version 3");
        if (from < 4) exec(m_db, m_path, schema_v3_to_v4, "migrate it to schema version 4");
        const std::string set_version =
            "PRAGMA user_version=" + std::to_string(progress_schema_version) +
            "; PRAGMA application_id=" + std::to_string(application_id);
        exec(m_db, m_path, set_version.c_str(), "set its schema version");
        if (from > 0) m_migrated_from = from;
    });
}

std::optional<std::string> ProgressStore::add_session(SessionRecord& r) {
    // What is stored is JSON, so that every export of it is.
    if (!nlohmann::json::accept(r.choices_json) || !nlohmann::json::accept(r.final_state_json))
        return std::string("the session's choices or final state are not valid JSON");
    return transaction(m_db, m_path, [&] {
        if (!r.session_key.empty()) {
            Stmt q(m_db, m_path, "SELECT id FROM sessions WHERE session_key = ?1",
                   "look the session up in the record");
            q.bind(1, r.session_key);
            if (q.next()) {
                r.id = q.integer(0, 1, INT64_MAX);  // recorded already: nothing new
                return;
            }
        }
        Stmt s(m_db, m_path,
               "INSERT INTO sessions(scenario_id, scenario_version, scenario_title, seed, mode, "
               "finished, choices, final_state, turns, score, percent_of_best, ending_id, "
               "ending_title, ending_outcome, questions, open_questions, reflections, "
               "complex_reflections, autonomy_moves, dependence_moves, started_at, ended_at, "
               "session_key, say_first) "
               "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
               "?21,?22,?23,?24)",
               "record the session");
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
        s.bind(24, r.say_first ? 1 : 0);
        s.run();
        r.id = sqlite3_last_insert_rowid(m_db);
        for (const SaidRecord& w : r.said) {
            Stmt ins(m_db, m_path,
                     "INSERT INTO said(session, turn, text, skipped, code, first_key_ms, sent_ms) "
                     "VALUES(?1,?2,?3,?4,?5,?6,?7)",
                     "record what the trainee wrote");
            ins.bind(1, r.id).bind(2, w.turn).bind(3, w.text).bind(4, w.skipped ? 1 : 0);
            ins.bind(5, w.code);
            if (w.first_key_ms >= 0)
                ins.bind(6, w.first_key_ms);
            else
                ins.bind_null(6);
            if (w.sent_ms >= 0)
                ins.bind(7, w.sent_ms);
            else
                ins.bind_null(7);
            ins.run();
        }
    });
}

namespace {

void insert_answer(sqlite3* db, const std::string& path, AnswerRecord& a, const ItemSchedule& sch) {
    const std::string doing = "record the answer";
    Stmt s(db, path,
           "INSERT INTO answers(item_key, topics, chosen, correct, mode, drill_id, "
           "answered_at, day, seconds, rating) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
           doing);
    s.bind(1, a.item_key).bind(2, a.topics).bind(3, a.chosen).bind(4, a.correct ? 1 : 0);
    s.bind(5, a.mode).bind(6, a.drill_id).bind(7, a.answered_at).bind(8, a.day);
    s.bind(9, a.seconds).bind(10, static_cast<int>(a.rating));
    s.run();
    a.id = sqlite3_last_insert_rowid(db);
    Stmt u(db, path, "INSERT OR REPLACE INTO items VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)", doing);
    u.bind(1, a.item_key).bind(2, sch.memory.difficulty).bind(3, sch.memory.stability);
    u.bind(4, sch.last_review).bind(5, sch.due).bind(6, sch.reps).bind(7, sch.lapses);
    u.run();
    std::size_t start = 0;
    while (start <= a.topics.size()) {
        std::size_t comma = a.topics.find(',', start);
        if (comma == std::string::npos) comma = a.topics.size();
        const std::string topic = a.topics.substr(start, comma - start);
        if (!topic.empty()) {
            Stmt t(db, path,
                   "INSERT INTO topic_stats VALUES(?1, ?2, 1) ON CONFLICT(topic) DO UPDATE SET "
                   "right = right + excluded.right, total = total + 1",
                   doing);
            t.bind(1, topic).bind(2, a.correct ? 1 : 0).run();
        }
        start = comma + 1;
    }
}

}  // namespace

std::optional<std::string> ProgressStore::add_answer(AnswerRecord& a, const ItemSchedule& sch) {
    return transaction(m_db, m_path, [&] { insert_answer(m_db, m_path, a, sch); });
}

std::variant<ItemSchedule, std::string> ProgressStore::record_answer(const Fsrs& fsrs,
                                                                     const DrillItem& item,
                                                                     const DrillAnswer& answer,
                                                                     DrillMode mode,
                                                                     const std::string& drill_id) {
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
    ItemSchedule after;
    // The schedule is read, advanced and written under one write lock: another process answering
    // the same item at the same moment waits, and builds on this answer (no repetition lost). The
    // time is taken under the lock too, so the answers' order is their days' order.
    auto err = transaction(m_db, m_path, [&] {
        std::optional<ItemSchedule> before;
        Stmt q(m_db, m_path, "SELECT " SCHEDULE_COLUMNS " FROM items WHERE item_key = ?1",
               "read the item's schedule");
        q.bind(1, item.key());
        if (q.next()) before = schedule_row(q, 0);
        rec.day = days_now();
        rec.answered_at = now_iso8601();
        after = schedule_after(fsrs, before, answer.rating, rec.day);
        insert_answer(m_db, m_path, rec, after);
    });
    if (err) return *err;
    return after;
}

std::optional<std::string> ProgressStore::add_answers(
    std::vector<std::pair<AnswerRecord, ItemSchedule>>& batch) {
    return transaction(m_db, m_path, [&] {
        for (auto& [a, sch] : batch)
            insert_answer(m_db, m_path, a, sch);
    });
}

void ProgressStore::verify() const {
    std::string found;
    Stmt(m_db, m_path, "PRAGMA quick_check(3)", "check it").for_each_row([&](const Stmt& q) {
        found += (found.empty() ? "" : "; ") + q.text(0);
    });
    if (found != "ok")
        throw ProgressError(m_path + ": is damaged: PRAGMA quick_check reports: " + found +
                            ". Nothing was written; restore the file from a backup, or save what "
                            "is readable with: sqlite3 '" +
                            m_path + "' .recover | sqlite3 recovered.db");
}

ScheduleCheck ProgressStore::check_schedules(const Fsrs& fsrs) const {
    ScheduleCheck out;
    const auto stored = schedules();
    const auto replayed = replay_answers(m_db, m_path, fsrs, "replay them");
    out.items = static_cast<int>(replayed.size());
    out.answers = answer_count();
    for (const auto& [key, r] : replayed) {
        const auto it = stored.find(key);
        if (it == stored.end())
            out.mismatches.push_back({key, std::nullopt, r});
        else if (!same_schedule(it->second, r))
            out.mismatches.push_back({key, it->second, r});
    }
    for (const auto& [key, s] : stored)
        if (!replayed.count(key)) out.mismatches.push_back({key, s, std::nullopt});
    return out;
}

std::map<std::string, ItemSchedule> ProgressStore::schedules() const {
    std::map<std::string, ItemSchedule> out;
    Stmt(m_db, m_path, "SELECT item_key, " SCHEDULE_COLUMNS " FROM items",
         "read the drill schedules")
        .for_each_row([&](const Stmt& q) { out.emplace(q.text(0), schedule_row(q, 1)); });
    return out;
}

std::vector<SessionRecord> ProgressStore::sessions() const {
    std::vector<SessionRecord> out;
    Stmt(m_db, m_path,
         "SELECT id, scenario_id, scenario_version, scenario_title, seed, mode, finished, "
         "choices, final_state, turns, score, percent_of_best, ending_id, ending_title, "
         "ending_outcome, questions, open_questions, reflections, complex_reflections, "
         "autonomy_moves, dependence_moves, started_at, ended_at, say_first FROM sessions "
         "ORDER BY id",
         "read the sessions")
        .for_each_row([&](const Stmt& q) {
            SessionRecord r;
            r.id = q.integer(0, INT64_MIN, INT64_MAX);
            r.scenario_id = q.text(1);
            r.scenario_version = q.text(2);
            r.scenario_title = q.text(3);
            r.seed = static_cast<std::uint64_t>(q.integer(4, INT64_MIN, INT64_MAX));
            r.mode = q.text(5);
            r.finished = q.integer(6, 0, 1) != 0;
            r.choices_json = q.text(7);
            r.final_state_json = q.text(8);
            r.turns = q.count(9);
            r.score = q.score(10);
            if (!q.is_null(11)) r.percent_of_best = q.score(11);
            r.ending_id = q.text(12);
            r.ending_title = q.text(13);
            r.ending_outcome = q.text(14);
            r.questions = q.count(15);
            r.open_questions = q.count(16);
            r.reflections = q.count(17);
            r.complex_reflections = q.count(18);
            r.autonomy_moves = q.count(19);
            r.dependence_moves = q.count(20);
            r.started_at = q.text(21);
            r.ended_at = q.text(22);
            r.say_first = q.integer(23, 0, 1) != 0;
            out.push_back(std::move(r));
        });
    // What was written, attached to its session (rows are in id order, so a binary search finds
    // it).
    Stmt(m_db, m_path,
         "SELECT session, turn, text, skipped, code, first_key_ms, sent_ms FROM said "
         "ORDER BY session, turn",
         "read what the trainee wrote")
        .for_each_row([&](const Stmt& q) {
            const std::int64_t session = q.integer(0, INT64_MIN, INT64_MAX);
            const auto it =
                std::lower_bound(out.begin(), out.end(), session,
                                 [](const SessionRecord& r, std::int64_t id) { return r.id < id; });
            SaidRecord w;
            w.turn = static_cast<int>(q.integer(1, 1, max_count));
            w.text = q.text(2);
            w.skipped = q.integer(3, 0, 1) != 0;
            w.code = q.text(4);
            w.first_key_ms = q.is_null(5) ? -1 : static_cast<int>(q.integer(5, 0, INT32_MAX));
            w.sent_ms = q.is_null(6) ? -1 : static_cast<int>(q.integer(6, 0, INT32_MAX));
            // A row of a session that is not there (another program deleted it) is not shown.
            if (it != out.end() && it->id == session) it->said.push_back(std::move(w));
        });
    return out;
}

std::vector<AnswerRecord> ProgressStore::answers() const {
    std::vector<AnswerRecord> out;
    Stmt(m_db, m_path,
         "SELECT id, item_key, topics, chosen, correct, seconds, rating, mode, drill_id, "
         "answered_at, day FROM answers ORDER BY id",
         "read the drill answers")
        .for_each_row([&](const Stmt& q) {
            AnswerRecord a;
            a.id = q.integer(0, INT64_MIN, INT64_MAX);
            a.item_key = q.text(1);
            a.topics = q.text(2);
            a.chosen = q.text(3);
            a.correct = q.integer(4, 0, 1) != 0;
            a.seconds = q.real(5);
            a.rating = static_cast<Rating>(q.integer(6, 1, 4));
            a.mode = q.text(7);
            a.drill_id = q.text(8);
            a.answered_at = q.text(9);
            a.day = q.real(10);
            out.push_back(std::move(a));
        });
    return out;
}

std::vector<TopicAccuracy> ProgressStore::accuracy_by_topic() const {
    std::vector<TopicAccuracy> out;
    Stmt(m_db, m_path, "SELECT topic, right, total FROM topic_stats ORDER BY topic",
         "read the accuracy by topic")
        .for_each_row([&](const Stmt& q) {
            TopicAccuracy t{q.text(0), q.count(1), q.count(2)};
            if (t.right > t.total)
                throw ProgressError(m_path + ": cannot read the accuracy by topic: topic " +
                                    t.topic +
                                    " has more right answers than answers (the "
                                    "database was changed by another program); it was left "
                                    "untouched");
            out.push_back(std::move(t));
        });
    return out;
}

int ProgressStore::due_count(double before_day) const {
    Stmt q(m_db, m_path, "SELECT count(*) FROM items WHERE due < ?1", "count the items due");
    q.bind(1, before_day);
    return static_cast<int>(q.single_integer(0, max_count));
}

std::vector<Leech> ProgressStore::leeches() const {
    std::vector<Leech> out;
    Stmt q(m_db, m_path,
           "SELECT item_key, lapses FROM items WHERE lapses >= ?1 ORDER BY lapses DESC, item_key",
           "read the leeches");
    q.bind(1, leech_lapses);
    q.for_each_row([&](const Stmt& row) { out.push_back({row.text(0), row.count(1)}); });
    return out;
}

std::int64_t ProgressStore::answer_count() const {
    return Stmt(m_db, m_path, "SELECT count(*) FROM answers", "count the drill answers")
        .single_integer(0, INT64_MAX);
}

std::string ProgressStore::database_id() const {
    Stmt q(m_db, m_path, "SELECT value FROM meta WHERE key = 'database_id'",
           "read the database id");
    return q.next() ? q.text(0) : "";
}

}  // namespace rapport
