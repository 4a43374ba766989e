// The progress database: a new one, answers and schedules, sessions, migration from schema 1, and
// files it must refuse and leave untouched (not SQLite, another program's, a newer Rapport's).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "rapport/progress.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using namespace rapport;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("rapport-progress-test-" + std::to_string(::getpid()) +
                                            "-" + std::to_string(std::rand()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, ec);
        fs::remove_all(path, ec);
    }
};

ProgressStore open_ok(const fs::path& p) {
    auto r = ProgressStore::open(p.string());
    if (auto* e = std::get_if<std::string>(&r)) FAIL(*e);
    return std::move(std::get<ProgressStore>(r));
}

std::string bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void sql(const fs::path& p, const char* text) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(p.string().c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, text, nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

AnswerRecord answer(const std::string& key, const std::string& topics, bool correct, double day) {
    AnswerRecord a;
    a.item_key = key;
    a.topics = topics;
    a.chosen = "1";
    a.correct = correct;
    a.seconds = 12;
    a.rating = correct ? Rating::Good : Rating::Again;
    a.mode = "tutor";
    a.drill_id = "d1";
    a.answered_at = "2026-11-26T10:00:00Z";
    a.day = day;
    return a;
}

}  // namespace

TEST_CASE("a new database: schema, answers with their schedules, accuracy, due counts, leeches") {
    TempDir t;
    const fs::path db = t.path / "sub" / "progress.db";  // the folder is created
    ProgressStore s = open_ok(db);
    CHECK(s.schema_version() == progress_schema_version);
    CHECK_FALSE(s.migrated_from().has_value());
    CHECK_FALSE(s.database_id().empty());
    const Fsrs f;
    std::optional<ItemSchedule> sch;
    for (int k = 0; k < leech_lapses; ++k) {
        AnswerRecord a = answer("b/hard", "oars", false, 100 + 2 * k);
        sch = schedule_after(f, sch, Rating::Again, a.day);
        REQUIRE_FALSE(s.add_answer(a, *sch).has_value());
        CHECK(a.id > 0);
    }
    AnswerRecord good = answer("b/easy", "oars,alliance", true, 100);
    REQUIRE_FALSE(
        s.add_answer(good, schedule_after(f, std::nullopt, Rating::Good, 100)).has_value());
    CHECK(s.answer_count() == leech_lapses + 1);
    const auto all = s.schedules();
    REQUIRE(all.size() == 2);
    CHECK(all.at("b/hard").lapses == leech_lapses);
    CHECK(all.at("b/easy").due == doctest::Approx(102));
    const auto acc = s.accuracy_by_topic();
    REQUIRE(acc.size() == 2);
    CHECK(acc[0].topic == "alliance");
    CHECK(acc[0].right == 1);
    CHECK(acc[1].topic == "oars");
    CHECK(acc[1].total == leech_lapses + 1);
    CHECK(acc[1].right == 1);
    CHECK(s.due_count(101) == 0);
    CHECK(s.due_count(1000) == 2);
    REQUIRE(s.leeches().size() == 1);
    CHECK(s.leeches()[0].item_key == "b/hard");

    // Reopening keeps everything.
    ProgressStore again = open_ok(db);
    CHECK(again.answer_count() == leech_lapses + 1);
}

TEST_CASE("sessions are recorded from a session and its report") {
    TempDir t;
    ProgressStore s = open_ok(t.path / "p.db");
    const auto load =
        load_scenario(test::source_dir() + "/scenarios/first-session.yaml", test::catalogue());
    REQUIRE(load.scenario);
    Session session(load.scenario, 1);
    while (!session.finished())
        REQUIRE(session.choose(0));
    const Analysis analysis = test::searched_analysis(load.scenario);
    const Report report = build_report(session, analysis, "exam");
    REQUIRE(report.percent_of_best);  // exact from the searches
    SessionRecord r =
        session_record(session, report, "2026-11-26T10:00:00Z", "2026-11-26T10:20:00Z");
    REQUIRE_FALSE(s.add_session(r).has_value());
    const auto back = s.sessions();
    REQUIRE(back.size() == 1);
    CHECK(back[0].scenario_id == "first-session");
    CHECK(back[0].finished);
    CHECK(back[0].mode == "exam");
    CHECK(back[0].turns == static_cast<int>(session.transcript().size()));
    CHECK(back[0].score == report.score);
    CHECK(back[0].percent_of_best == report.percent_of_best);
    CHECK(back[0].ending_id == report.ending_id);
    CHECK(back[0].final_state_json.find("\"trust\"") != std::string::npos);
    CHECK(back[0].reflections == report.skills.reflections);
}

TEST_CASE("say it first: what the trainee wrote is recorded per turn, with its code and times") {
    TempDir t;
    const fs::path db = t.path / "p.db";
    const auto load =
        load_scenario(test::source_dir() + "/scenarios/first-session.yaml", test::catalogue());
    REQUIRE(load.scenario);
    Session session(load.scenario, 1);
    session.set_say_first(true);
    REQUIRE(session.choose(0, Said{"What brings you here today?", false, 2300, 9100}));
    REQUIRE(session.choose(0, Said{"", true, -1, 1500}));
    REQUIRE(session.choose(0, Said{"It sounds like \"quote\" and a\nnew line", false, 800, 4000}));
    const Analysis analysis = test::searched_analysis(load.scenario);
    const Report report = build_report(session, analysis, "practice");
    SessionRecord r =
        session_record(session, report, "2026-12-01T10:00:00Z", "2026-12-01T10:20:00Z", "abc");
    CHECK(r.say_first);
    REQUIRE(r.said.size() == 3);
    {
        ProgressStore s = open_ok(db);
        REQUIRE_FALSE(s.add_session(r).has_value());
    }
    ProgressStore s = open_ok(db);
    const auto back = s.sessions();
    REQUIRE(back.size() == 1);
    CHECK(back[0].say_first);
    REQUIRE(back[0].said.size() == 3);
    CHECK(back[0].said == r.said);
    CHECK(back[0].said[0].turn == 1);
    CHECK(back[0].said[0].text == "What brings you here today?");
    CHECK(back[0].said[0].code == "open_question");
    CHECK(back[0].said[0].first_key_ms == 2300);
    CHECK(back[0].said[0].sent_ms == 9100);
    CHECK(back[0].said[1].skipped);
    CHECK(back[0].said[1].text.empty());
    CHECK(back[0].said[1].code.empty());
    CHECK(back[0].said[1].first_key_ms == -1);
    CHECK(back[0].said[2].text == "It sounds like \"quote\" and a\nnew line");

    // A session played without it records nothing written.
    Session plain(load.scenario, 2);
    REQUIRE(plain.choose(0));
    const Report plain_report = build_report(plain, analysis, "practice");
    SessionRecord p = session_record(plain, plain_report, "a", "b", "def");
    CHECK_FALSE(p.say_first);
    CHECK(p.said.empty());
    REQUIRE_FALSE(s.add_session(p).has_value());
    const auto both = s.sessions();
    REQUIRE(both.size() == 2);
    CHECK_FALSE(both[1].say_first);
    CHECK(both[1].said.empty());
    CHECK(both[0].said.size() == 3);
}

TEST_CASE("a schema 3 database is migrated to 4: its sessions kept, none said first") {
    TempDir t;
    const fs::path db = t.path / "v3.db";
    {
        ProgressStore s = open_ok(db);
        SessionRecord r;
        r.scenario_id = "s";
        r.choices_json = "[]";
        r.final_state_json = "{}";
        r.session_key = "k:finished";
        REQUIRE_FALSE(s.add_session(r).has_value());
    }
    // Back to what version 3 wrote.
    sql(db,
        "DROP TABLE said; ALTER TABLE sessions DROP COLUMN say_first; PRAGMA user_version = 3;");
    ProgressStore s = open_ok(db);
    REQUIRE(s.migrated_from().has_value());
    CHECK(*s.migrated_from() == 3);
    CHECK(s.schema_version() == 4);
    const auto back = s.sessions();
    REQUIRE(back.size() == 1);
    CHECK_FALSE(back[0].say_first);
    CHECK(back[0].said.empty());
}

TEST_CASE("a schema 1 database is migrated, its answers kept and their schedules rebuilt") {
    TempDir t;
    const fs::path db = t.path / "old.db";
    sql(db, R"(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES('database_id', 'abc'), ('created_at', '2026-01-01T00:00:00Z');
      CREATE TABLE sessions(id INTEGER PRIMARY KEY, scenario_id TEXT NOT NULL, scenario_version TEXT NOT NULL,
        scenario_title TEXT NOT NULL, seed INTEGER NOT NULL, mode TEXT NOT NULL, finished INTEGER NOT NULL,
        choices TEXT NOT NULL, final_state TEXT NOT NULL, turns INTEGER NOT NULL, score INTEGER NOT NULL,
        percent_of_best INTEGER, ending_id TEXT NOT NULL, ending_title TEXT NOT NULL, ending_outcome TEXT NOT NULL,
        questions INTEGER NOT NULL, open_questions INTEGER NOT NULL, reflections INTEGER NOT NULL,
        complex_reflections INTEGER NOT NULL, autonomy_moves INTEGER NOT NULL, dependence_moves INTEGER NOT NULL,
        started_at TEXT NOT NULL, ended_at TEXT NOT NULL);
      CREATE TABLE answers(id INTEGER PRIMARY KEY, item_key TEXT NOT NULL, topics TEXT NOT NULL,
        chosen TEXT NOT NULL, correct INTEGER NOT NULL, mode TEXT NOT NULL, drill_id TEXT NOT NULL,
        answered_at TEXT NOT NULL, day REAL NOT NULL);
      CREATE INDEX answers_item ON answers(item_key);
      INSERT INTO answers(item_key, topics, chosen, correct, mode, drill_id, answered_at, day) VALUES
        ('b/x', 'oars', '1', 1, 'tutor', 'd', '2026-01-01T00:00:00Z', 100),
        ('b/x', 'oars', '0', 1, 'tutor', 'd', '2026-01-03T00:00:00Z', 102),
        ('b/y', 'alliance', '2', 0, 'exam', 'd', '2026-01-03T00:00:00Z', 102);
      INSERT INTO sessions VALUES(1, 's', '1.0', 'S', 1, 'practice', 1, '[]', '{}', 3, 40, 50, 'e', 'E', 'good',
        1, 1, 2, 1, 0, 0, 'a', 'b');
      PRAGMA user_version = 1;
      PRAGMA application_id = 1380012112;
    )");
    // Read-only (rapport progress, export): readable at once, the file not changed.
    const std::string before = bytes_of(db);
    {
        auto ro = ProgressStore::open_read_only(db.string());
        if (auto* e = std::get_if<std::string>(&ro)) FAIL(*e);
        const ProgressStore& r = std::get<ProgressStore>(ro);
        CHECK(r.answer_count() == 3);
        CHECK(r.schedules().size() == 2);
        CHECK(r.accuracy_by_topic().size() == 2);
    }
    CHECK(bytes_of(db) == before);

    ProgressStore s = open_ok(db);
    CHECK(s.schema_version() == progress_schema_version);
    REQUIRE(s.migrated_from().has_value());
    CHECK(*s.migrated_from() == 1);
    CHECK(s.answer_count() == 3);
    CHECK(s.sessions().size() == 1);
    CHECK(s.database_id() == "abc");
    // The schedules, replayed with FSRS: x was right twice (Good, then Good after 2 days: S =
    // 10.964332, due in 11 days from day 102), y wrong once.
    const auto sch = s.schedules();
    REQUIRE(sch.size() == 2);
    CHECK(sch.at("b/x").reps == 2);
    CHECK(sch.at("b/x").memory.stability == doctest::Approx(10.964332).epsilon(1e-5));
    CHECK(sch.at("b/x").due == doctest::Approx(113));
    CHECK(sch.at("b/y").lapses == 1);
    const auto answers = s.answers();
    CHECK(answers[0].rating == Rating::Good);
    CHECK(answers[2].rating == Rating::Again);
}

TEST_CASE("files that are not ours are refused and left exactly as they were") {
    TempDir t;
    SUBCASE("not SQLite") {
        const fs::path p = t.path / "notes.db";
        std::ofstream(p) << "my notes, not a database\n";
        const std::string before = bytes_of(p);
        auto r = ProgressStore::open(p.string());
        REQUIRE(std::holds_alternative<std::string>(r));
        CHECK(std::get<std::string>(r).find("not a Rapport progress database") !=
              std::string::npos);
        CHECK(bytes_of(p) == before);
    }
    SUBCASE("a damaged SQLite file") {
        const fs::path p = t.path / "damaged.db";
        { ProgressStore s = open_ok(p); }
        std::string bytes = bytes_of(p);
        REQUIRE(bytes.size() > 200);
        for (std::size_t i = 100; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>(0xA5);
        std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
        fs::remove(t.path / "damaged.db-wal");
        fs::remove(t.path / "damaged.db-shm");
        auto r = ProgressStore::open(p.string());
        REQUIRE(std::holds_alternative<std::string>(r));
        CHECK(bytes_of(p) == bytes);
    }
    SUBCASE("another program's database") {
        const fs::path p = t.path / "other.db";
        sql(p, "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES('soup');");
        const std::string before = bytes_of(p);
        auto r = ProgressStore::open(p.string());
        REQUIRE(std::holds_alternative<std::string>(r));
        CHECK(std::get<std::string>(r).find("another program") != std::string::npos);
        CHECK(bytes_of(p) == before);
    }
    SUBCASE("a newer Rapport's database") {
        const fs::path p = t.path / "newer.db";
        sql(p,
            "CREATE TABLE meta(key TEXT); PRAGMA user_version = 99; PRAGMA application_id = "
            "1380012112;");
        const std::string before = bytes_of(p);
        auto r = ProgressStore::open(p.string());
        REQUIRE(std::holds_alternative<std::string>(r));
        CHECK(std::get<std::string>(r).find("newer Rapport") != std::string::npos);
        CHECK(bytes_of(p) == before);
    }
    SUBCASE("a folder that cannot be written") {
        if (::geteuid() == 0) return;  // root writes anywhere
        const fs::path ro = t.path / "ro";
        fs::create_directories(ro);
        fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
        auto r = ProgressStore::open((ro / "p.db").string());
        CHECK(std::holds_alternative<std::string>(r));
    }
}
