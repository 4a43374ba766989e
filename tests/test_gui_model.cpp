// The window's model (app/gui/app_model.hpp) and settings, without a display: the library,
// session records saved after every answer, resume, replay from a turn, report export, author
// mode's reload, settings files that are never overwritten when damaged, and the report of a
// format 2 session (red flags, essentials, debrief) with drill links from the banks.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <unistd.h>
#include <thread>

#include <filesystem>
#include <fstream>

#include "answer_guard.hpp"
#include "app_model.hpp"
#include "drill_model.hpp"
#include "footer.hpp"
#include "rapport/briefing.hpp"
#include "rapport/progress.hpp"
#include "settings.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using namespace rapport;
using namespace rapport::gui;

namespace {

// A fresh XDG data folder per test.
struct TempHome {
    fs::path root;
    TempHome() {
        root = fs::temp_directory_path() / ("rapport-gui-test-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::rand()));
        fs::create_directories(root);
    }
    ~TempHome() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    [[nodiscard]] Paths paths() const { return Paths{root / "config", root / "data"}; }
};

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

// Without the library's play-state checks (as the window opens: it runs them on a worker), which
// would explore all twelve shipped scenarios in every test; `explore` for the tests that read them.
AppModel make_model(const TempHome& home, std::vector<std::string> files = {},
                    bool explore = false) {
    AppModel m(home.paths(), test::catalogue(), fs::path(test::source_dir()) / "scenarios",
               std::move(files));
    m.refresh_library(explore);
    return m;
}

// A finished session's report is built once the scenario's analysis, running in the background
// since the start, is ready (the window polls each frame): waits for it, as the window would.
void wait_for_report(AppModel& m) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    while (m.report_pending() && std::chrono::steady_clock::now() < deadline)
        if (!m.poll_report()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

int default_entry(const AppModel& m) {
    const auto i = m.find_entry(test::source_dir() + "/scenarios/first-session.yaml");
    REQUIRE(i.has_value());
    return *i;
}

// The session files in a folder (not the lock of the one open, `.NAME.lock`).
std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json") out.push_back(it->path().string());
    return out;
}

}  // namespace

TEST_CASE("the library lists shipped, user and command-line scenarios; invalid ones with errors") {
    TempHome home;
    write(home.paths().user_scenarios() / "mine.yaml",
          test::read_text(test::source_dir() + "/tests/data/valid/example.yaml"));
    write(home.root / "broken.yaml", "format: 1\nid: [unclosed\n");
    AppModel m = make_model(home, {(home.root / "broken.yaml").string()});
    const auto& lib = m.library();
    REQUIRE(lib.size() >= 3);
    CHECK(lib[0].origin == Origin::CommandLine);
    CHECK(lib[0].scenario == nullptr);
    CHECK(lib[0].errors() >= 1);
    CHECK(format_diagnostics(lib[0].diagnostics).find("broken.yaml:") != std::string::npos);
    const auto mine = m.find_entry((home.paths().user_scenarios() / "mine.yaml").string());
    REQUIRE(mine);
    CHECK(lib[static_cast<std::size_t>(*mine)].origin == Origin::User);
    CHECK(lib[static_cast<std::size_t>(*mine)].title() == "Jo: exam nerves");
    CHECK(lib[static_cast<std::size_t>(default_entry(m))].origin == Origin::Shipped);
}

TEST_CASE("the library filters by setting, essential, tag and search, and groups by setting") {
    TempHome home;
    write(home.paths().user_scenarios() / "mine.yaml",  // names no setting
          test::read_text(test::source_dir() + "/tests/data/valid/example.yaml"));
    write(home.root / "broken.yaml", "format: 1\nid: [unclosed\n");
    AppModel m = make_model(home, {(home.root / "broken.yaml").string()});
    const auto& lib = m.library();
    auto ids = [&](const LibraryView& v) {
        std::vector<std::string> out;
        for (int i : v.entries) {
            const auto& e = lib[static_cast<std::size_t>(i)];
            out.push_back(e.scenario ? e.scenario->id : "(errors)");
        }
        return out;
    };
    auto has = [](const std::vector<std::string>& v, const std::string& id) {
        return std::find(v.begin(), v.end(), id) != v.end();
    };

    // Everything, grouped: the command line's file first, each group together, once.
    const LibraryView all = library_view(lib, {});
    CHECK(all.grouped);
    CHECK(all.entries.size() == lib.size());
    std::vector<std::string> groups;
    for (int i : all.entries) {
        const std::string g = library_group(lib[static_cast<std::size_t>(i)]);
        if (groups.empty() || groups.back() != g) {
            CHECK_MESSAGE(std::find(groups.begin(), groups.end(), g) == groups.end(),
                          "group listed twice: " << g);
            groups.push_back(g);
        }
    }
    REQUIRE(groups.size() >= 4);
    CHECK(groups.front() == "Opened from the command line");
    CHECK(has(groups, "UK"));
    CHECK(has(groups, "US"));
    CHECK(has(groups, "Setting not given"));

    // One country (as the combo stores it, lower case): only its clients, not grouped.
    const LibraryView us = library_view(lib, {"", "", "us", ""});
    CHECK_FALSE(us.grouped);
    const auto us_ids = ids(us);
    CHECK(has(us_ids, "risk-passive-si"));
    CHECK(has(us_ids, "safeguarding-disclosure"));
    CHECK_FALSE(has(us_ids, "first-session"));
    CHECK_FALSE(has(us_ids, "example"));
    for (int i : us.entries)
        CHECK(lib[static_cast<std::size_t>(i)].scenario->setting.country == "US");

    // An essential: the clients whose session requires it.
    const auto withdrawal = ids(library_view(lib, {"", "", "", "withdrawal_safety"}));
    CHECK(withdrawal == std::vector<std::string>{"dana-ambivalence"});
    const auto risk = ids(library_view(lib, {"", "", "", "risk_screen"}));
    CHECK(has(risk, "risk-passive-si"));
    CHECK(has(risk, "first-session"));
    CHECK_FALSE(has(risk, "example"));  // format 1: no essentials
    const auto tagged = ids(library_view(lib, {"", "risk-screening", "", ""}));
    CHECK(has(tagged, "risk-passive-si"));
    CHECK_FALSE(has(tagged, "example"));
    // Filters combine; a filter no entry meets shows none.
    CHECK(ids(library_view(lib, {"", "", "uk", "withdrawal_safety"})) ==
          std::vector<std::string>{"dana-ambivalence"});
    CHECK(library_view(lib, {"", "", "us", "withdrawal_safety"}).entries.empty());

    // What the filters offer: each country once, lower case, with its count; each essential.
    const LibraryFacets facets = library_facets(lib);
    int uk_count = 0, us_count = 0;
    for (const auto& c : facets.countries) {
        if (c.value == "uk") uk_count = c.count;
        if (c.value == "us") us_count = c.count;
    }
    CHECK(uk_count >= 5);
    CHECK(us_count >= 4);
    CHECK(facets.countries.size() == 2);
    CHECK(std::any_of(facets.essentials.begin(), facets.essentials.end(), [](const auto& e) {
        return e.value == "withdrawal_safety" && e.count == 1;
    }));
    // The search reads the setting and the essentials' names too, in any case.
    CHECK(ids(library_view(lib, {"OHIO", "", "", ""})) ==
          std::vector<std::string>{"safeguarding-disclosure"});
    CHECK(has(ids(library_view(lib, {"withdrawal safety", "", "", ""})), "dana-ambivalence"));
}

TEST_CASE("a session is recorded after every answer, in the format of rapport play --save") {
    TempHome home;
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 7).has_value());
    const std::string record = m.record_path();
    CHECK(fs::path(record).parent_path() == home.paths().sessions());
    for (int i = 0; i < 3; ++i)
        REQUIRE(m.choose(0));
    // The file on disk replays to the same session.
    Diagnostics d;
    const auto bytes = read_file(record, d);
    REQUIRE(bytes);
    const auto saved = read_saved_session(*bytes, record, d);
    REQUIRE(saved);
    CHECK(saved->choices.size() == 3);
    CHECK(saved->seed == 7);
    CHECK(saved->mode == "practice");
    const SavedSession expected = to_saved(m.session(), "practice", saved->saved_at);
    CHECK(saved->choices == expected.choices);

    // Undo rewrites the record; exam mode has no undo.
    REQUIRE(m.undo());
    CHECK(read_saved_session(*read_file(record, d), record, d)->choices.size() == 2);
    REQUIRE_FALSE(m.start(default_entry(m), "exam", 7).has_value());
    REQUIRE(m.choose(0));
    CHECK_FALSE(m.can_undo());
    CHECK_FALSE(m.undo());
}

TEST_CASE("leaving a session keeps it resumable from the library; a finished one has a report") {
    TempHome home;
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 3).has_value());
    REQUIRE(m.choose(1));
    REQUIRE(m.choose(0));
    const auto choices = to_saved(m.session(), "practice", "").choices;
    m.leave_session();
    CHECK_FALSE(m.playing());
    REQUIRE(m.saved().size() == 1);
    CHECK_FALSE(m.saved()[0].finished);
    CHECK(m.saved()[0].problem.empty());
    REQUIRE_FALSE(m.resume(m.saved()[0]).has_value());
    CHECK(to_saved(m.session(), "practice", "").choices == choices);
    // Play to the end: the report is built.
    int guard = 0;
    while (!m.session().finished() && guard++ < 200)
        REQUIRE(m.choose(0));
    REQUIRE(m.session().finished());
    wait_for_report(m);
    REQUIRE(m.report() != nullptr);
    CHECK(m.report()->finished);
    CHECK(m.report()->turns.size() == m.session().transcript().size());
}

TEST_CASE("replaying from a turn starts a new practice attempt and keeps the finished record") {
    TempHome home;
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.start(default_entry(m), "exam", 5).has_value());
    int guard = 0;
    while (!m.session().finished() && guard++ < 200)
        REQUIRE(m.choose(0));
    const std::string first = m.record_path();
    const std::size_t turns = m.session().transcript().size();
    REQUIRE(turns >= 3);
    REQUIRE_FALSE(m.replay_from(3).has_value());
    CHECK(m.session().transcript().size() == 2);
    CHECK(m.mode() == "practice");
    CHECK(m.record_path() != first);
    CHECK(m.report() == nullptr);
    CHECK(files_in(home.paths().sessions()).size() == 2);
    Diagnostics d;
    CHECK(read_saved_session(*read_file(first, d), first, d)->choices.size() == turns);
    CHECK(m.replay_from(0).has_value());
    CHECK(m.replay_from(99).has_value());
}

TEST_CASE("the report exports as Markdown, HTML and JSON into the reports folder") {
    TempHome home;
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 1).has_value());
    int guard = 0;
    while (!m.session().finished() && guard++ < 200)
        REQUIRE(m.choose(0));
    wait_for_report(m);
    REQUIRE(m.report());
    for (const char* format : {"markdown", "html", "json"}) {
        const auto [path, err] = m.export_report(format);
        REQUIRE_FALSE(err.has_value());
        CHECK(fs::path(path).parent_path() == home.paths().reports());
        Diagnostics d;
        const auto text = read_file(path, d);
        REQUIRE(text);
        CHECK(text->find(m.report()->ending_title) != std::string::npos);
    }
}

TEST_CASE("author mode reloads a file when it changes and plays from a chosen node and state") {
    TempHome home;
    AppModel m = make_model(home);
    const fs::path file = home.root / "draft.yaml";
    const std::string good = test::read_text(test::source_dir() + "/tests/data/valid/example.yaml");
    write(file, good);
    REQUIRE_FALSE(m.open_author(file.string()).has_value());
    REQUIRE(m.author()->scenario);
    CHECK(m.author()->latest_loaded);
    CHECK_FALSE(m.poll_author());  // unchanged

    // Break it: the new diagnostics show, the last good version stays playable.
    std::string broken = good;
    const auto at = broken.find("start: opening");
    REQUIRE(at != std::string::npos);
    broken.replace(at, 14, "start: openin");
    write(file, broken);
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
    CHECK(m.poll_author());
    CHECK_FALSE(m.author()->latest_loaded);
    CHECK(m.author()->diagnostics.has_errors());
    CHECK(format_diagnostics(m.author()->diagnostics).find("[RP201]") != std::string::npos);
    REQUIRE(m.author()->scenario);
    CHECK(m.author()->loads == 2);

    const auto sc = m.author()->scenario;
    const int node = sc->start;
    std::vector<int> values(sc->vars.size(), 0);
    values[0] = 77;
    values[1] = 1000;  // clamped to the variable's max
    REQUIRE_FALSE(m.start_from(sc, node, values, 1).has_value());
    CHECK(m.author_try());
    CHECK_FALSE(m.recorded());
    CHECK(m.session().state().node == node);
    CHECK(m.session().value(0) == 77);
    CHECK(m.session().value(1) == sc->vars[1].max);
    CHECK_FALSE(m.session().from_scenario_start());
    REQUIRE(m.choose(0));
    REQUIRE(m.undo());
    CHECK(m.session().state() == m.session().start_state());
    CHECK(m.start_from(sc, 9999, values, 1).has_value());
}

TEST_CASE("author mode: a try shows the variant the chosen values select, not the default line") {
    TempHome home;
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.open_author(test::source_dir() + "/tests/data/valid/example.yaml").has_value());
    const auto sc = m.author()->scenario;
    REQUIRE(sc);
    int pressure = -1;
    for (std::size_t i = 0; i < sc->nodes.size(); ++i)
        if (sc->nodes[i].id == "pressure") pressure = static_cast<int>(i);
    REQUIRE(pressure >= 0);
    std::vector<int> values;
    for (const auto& v : sc->vars)
        values.push_back(v.id == "trust" ? 35 : v.initial);  // the variant's when: trust >= 35
    REQUIRE_FALSE(m.start_from(sc, pressure, values, 1).has_value());
    CHECK(m.session().line().variant == 0);
    CHECK(m.session().line().text ==
          *sc->nodes[static_cast<std::size_t>(pressure)].variants[0].client);
    for (auto& v : values)
        if (v == 35) v = 34;
    REQUIRE_FALSE(m.start_from(sc, pressure, values, 1).has_value());
    CHECK(m.session().line().variant == -1);
    CHECK(m.session().line().text == sc->nodes[static_cast<std::size_t>(pressure)].client);
}

TEST_CASE("author mode: a YAML error is the engine's diagnostic, with the terminal's message") {
    TempHome home;
    AppModel m = make_model(home);
    const fs::path file = home.root / "broken.yaml";
    write(file, "id: x\ntitle: \"unclosed\nnodes: [\n");
    REQUIRE_FALSE(m.open_author(file.string()).has_value());
    const Diagnostics& d = m.author()->diagnostics;
    REQUIRE(d.has_errors());
    // What `rapport validate` prints for the same file, message for message.
    const ScenarioLoad terminal = load_scenario(file.string(), test::catalogue());
    CHECK(format_diagnostics(d) == format_diagnostics(terminal.diagnostics));
    CHECK_FALSE(m.author()->latest_loaded);
}

TEST_CASE("author mode: a shipped scenario is copied to the user's folder, never overwriting") {
    TempHome home;
    AppModel m = make_model(home);
    const std::string shipped = test::source_dir() + "/scenarios/first-session.yaml";
    REQUIRE_FALSE(m.open_author(shipped).has_value());
    CHECK(m.author()->shipped);
    const fs::path folder = home.paths().user_scenarios();
    // A file of the user's already has the name: it stays as it was.
    write(folder / "first-session.yaml", "mine\n");
    auto [path, err] = m.copy_to_user_scenarios();
    REQUIRE_FALSE(err.has_value());
    CHECK(fs::path(path) == fs::absolute(folder / "first-session-2.yaml").lexically_normal());
    CHECK(test::read_text((folder / "first-session.yaml").string()) == "mine\n");
    CHECK(test::read_text(path) == test::read_text(shipped));
    // The copy is open in author mode, no longer shipped, and listed in the library as the user's.
    REQUIRE(m.author());
    CHECK(m.author()->path == path);
    CHECK_FALSE(m.author()->shipped);
    CHECK(m.author()->latest_loaded);
    const auto entry = m.find_entry(path);
    REQUIRE(entry.has_value());
    CHECK(m.library()[static_cast<std::size_t>(*entry)].origin == Origin::User);
    CHECK(m.library()[static_cast<std::size_t>(*entry)].scenario);
    // Again from the shipped file: the next free name.
    REQUIRE_FALSE(m.open_author(shipped).has_value());
    auto second = m.copy_to_user_scenarios();
    REQUIRE_FALSE(second.second.has_value());
    CHECK(fs::path(second.first).filename() == "first-session-3.yaml");
    // A fresh library finds the copies in the XDG folder it reads.
    AppModel again = make_model(home);
    REQUIRE(again.find_entry(path).has_value());
    CHECK(again.library()[static_cast<std::size_t>(*again.find_entry(path))].origin ==
          Origin::User);
    // A user's own file is not shipped.
    REQUIRE_FALSE(m.open_author(path).has_value());
    CHECK_FALSE(m.author()->shipped);
}

TEST_CASE("author mode: load times are shown in local time") {
    // A fixed POSIX zone (no tz database needed): 5 h 30 min east of UTC.
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    setenv("TZ", "IST-5:30", 1);
    tzset();
    const auto t = std::chrono::system_clock::from_time_t(1764605400);  // 2025-12-01 16:10:00 UTC
    CHECK(local_time_text(t) == "2025-12-01 21:40:00");
    setenv("TZ", "UTC0", 1);
    tzset();
    CHECK(local_time_text(t) == "2025-12-01 16:10:00");
    if (old)
        setenv("TZ", saved.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
    TempHome home;
    AppModel m = make_model(home);
    const auto before = std::chrono::system_clock::now();
    REQUIRE_FALSE(m.open_author(test::source_dir() + "/tests/data/valid/example.yaml").has_value());
    CHECK(m.author()->loaded_at >= before);
    CHECK(m.author()->loaded_at <= std::chrono::system_clock::now());
}

TEST_CASE("the status bar lists only the keys that work on the screen showing") {
    TempHome home;
    AppModel m = make_model(home);
    const std::string author = footer_keys(Screen::Author, m);
    CHECK(author.find("Ctrl+= / Ctrl+- zoom") != std::string::npos);
    CHECK(author.find("1-9") == std::string::npos);
    CHECK(author.find("Enter") == std::string::npos);
    CHECK(author.find("Esc") == std::string::npos);
    CHECK(author.find("Ctrl+S") == std::string::npos);
    // A recorded session can be saved and left; an author's try cannot (nothing is saved).
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 1).has_value());
    CHECK(footer_keys(Screen::Session, m).find("Ctrl+S save and leave") != std::string::npos);
    CHECK(footer_keys(Screen::Session, m).find("Ctrl+Z") == std::string::npos);  // nothing yet
    REQUIRE(m.choose(0));
    CHECK(footer_keys(Screen::Session, m).find("Ctrl+Z undo") != std::string::npos);
    const auto sc = m.library()[static_cast<std::size_t>(default_entry(m))].scenario;
    REQUIRE_FALSE(m.start_from(sc, sc->start, {}, 1).has_value());
    CHECK(footer_keys(Screen::Session, m).find("Ctrl+S") == std::string::npos);
    CHECK(footer_keys(Screen::Session, m).find("1-9 answer") == 0);
    m.leave_session();
    CHECK(footer_keys(Screen::Session, m).find("1-9") == std::string::npos);
}

TEST_CASE("say it first in the window's model: the suggestion, the words kept, resume, the keys") {
    TempHome home;
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 1, true).has_value());
    REQUIRE(m.session().say_first());
    // The offered response closest in wording to the words (a suggestion; the choice plays).
    const auto& node = m.session().node();
    const auto offered = m.session().offered();
    int welcome = -1;
    for (std::size_t i = 0; i < offered.size(); ++i)
        if (node.responses[static_cast<std::size_t>(offered[i])].say.find("What brings you") !=
            std::string::npos)
            welcome = static_cast<int>(i);
    REQUIRE(welcome >= 0);
    CHECK(m.suggestion("hi marek, what brings you in today") == welcome);
    CHECK(m.suggestion("zzz qqq") == -1);  // nothing in common: no suggestion
    CHECK(footer_keys(Screen::Session, m, true).find("Enter send") == 0);
    CHECK(footer_keys(Screen::Session, m, false).find("Enter") == std::string::npos);
    // The choice made is not the suggestion: what plays is the trainee's own choice.
    const std::size_t other = welcome == 0 ? 1 : 0;
    REQUIRE(m.choose(other, Said{"hi marek, what brings you in today", false, 1200, 5400}));
    REQUIRE(m.choose(0, Said{"", true, -1, 800}));
    const auto& t = m.session().transcript();
    REQUIRE(t.size() == 2);
    CHECK(t[0].response == offered[other]);
    REQUIRE(t[0].said);
    CHECK(t[0].said->text == "hi marek, what brings you in today");
    CHECK(t[1].said->skipped);
    // The record on disk keeps the words, and resuming it brings them and the mode back.
    const std::string path = m.record_path();
    m.leave_session();
    m.refresh_saved();
    const SavedEntry* saved = nullptr;
    for (const auto& e : m.saved())
        if (e.path == path) saved = &e;
    REQUIRE(saved != nullptr);
    REQUIRE_FALSE(m.resume(*saved).has_value());
    CHECK(m.session().say_first());
    REQUIRE(m.session().transcript().size() == 2);
    CHECK(m.session().transcript()[0].said->first_key_ms == 1200);
    CHECK(m.session().transcript()[0].said->sent_ms == 5400);
    // The index is there again after a resume: an option's own words suggest that option.
    const auto now = m.session().offered();
    REQUIRE(now.size() >= 2);
    CHECK(m.suggestion(m.session().node().responses[static_cast<std::size_t>(now[1])].say) == 1);
    // In an exam nothing is marked.
    REQUIRE_FALSE(m.start(default_entry(m), "exam", 1, true).has_value());
    CHECK(m.suggestion("hi marek, what brings you in today") == -1);
    // A session not played that way gives no suggestion.
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 1).has_value());
    CHECK(m.suggestion("hi marek, what brings you in today") == -1);
}

TEST_CASE("settings round trip; a damaged settings file is reported and never overwritten") {
    TempHome home;
    const fs::path file = home.paths().settings_file();
    Settings s;
    s.width = 1400;
    s.theme = Theme::Dark;
    s.zoom = 1.3f;
    s.last_scenario = "/x/y.yaml";
    REQUIRE_FALSE(save_settings(file, s).has_value());
    const SettingsLoad back = load_settings(file);
    CHECK_FALSE(back.problem.has_value());
    CHECK(back.settings.width == 1400);
    CHECK(back.settings.theme == Theme::Dark);
    CHECK(back.settings.zoom == doctest::Approx(1.3));
    CHECK(back.settings.last_scenario == "/x/y.yaml");

    write(file, "{ not json");
    const SettingsLoad bad = load_settings(file);
    REQUIRE(bad.problem.has_value());
    CHECK(bad.problem->find("settings.json") != std::string::npos);
    CHECK(bad.settings.width == Settings{}.width);

    // Out-of-range values are clamped, not trusted.
    write(file, R"({"width": 5, "zoom": 99, "theme": "neon"})");
    const SettingsLoad odd = load_settings(file);
    CHECK_FALSE(odd.problem.has_value());
    CHECK(odd.settings.width == 400);
    CHECK(odd.settings.zoom == doctest::Approx(max_zoom));
    CHECK(odd.settings.theme == Theme::Light);
    // ...and each is said.
    REQUIRE(odd.warnings.size() == 3);
    CHECK(odd.warnings[0].find("`width` 5 is out of range; using 400") != std::string::npos);
}

TEST_CASE("the library opens before the play-state checks, which then mark what they find") {
    TempHome home;
    const std::string dead_end = test::source_dir() + "/tests/data/invalid/dead-end.yaml";
    AppModel m(home.paths(), test::catalogue(), fs::path(test::source_dir()) / "scenarios",
               {dead_end});
    m.refresh_library(false);
    const auto idx = m.find_entry(dead_end);
    REQUIRE(idx);
    // Without exploring, the dead end is not found yet: the file reads as playable.
    CHECK(m.library()[static_cast<std::size_t>(*idx)].scenario != nullptr);
    m.apply_checks(AppModel::check_library(m.library_paths(), m.catalogue()));
    const LibraryEntry& e = m.library()[static_cast<std::size_t>(*idx)];
    CHECK(e.scenario == nullptr);
    CHECK(format_diagnostics(e.diagnostics).find("[RP302]") != std::string::npos);
    // The shipped scenario stays playable.
    CHECK(m.library()[static_cast<std::size_t>(default_entry(m))].scenario != nullptr);
}

TEST_CASE("the window's drills: a tutor drill records each answer at once; progress reads them") {
    TempHome home;
    ::setenv("RAPPORT_DB", "", 1);  // the temporary data folder's database
    DrillModel d(home.paths(), fs::path(test::source_dir()) / "drills");
    d.ensure_loaded();
    REQUIRE_FALSE(d.banks().empty());
    CHECK(d.bank_problems().empty());
    CHECK(d.topic_label("autonomy") == "Dependence and autonomy");
    std::string problem;
    CHECK(d.progress(problem) == nullptr);  // no database yet
    CHECK_FALSE(problem.empty());

    DrillSetup setup;
    setup.count = 3;
    REQUIRE(d.available(setup) == 3);
    REQUIRE_FALSE(d.start(setup, 1, 100.0).has_value());
    CHECK(d.session().current().id == "engagement-ultimate-goal");
    const auto order = d.session().order();
    const auto right =
        static_cast<std::size_t>(std::find(order.begin(), order.end(), 1) - order.begin());
    REQUIRE_FALSE(d.answer({right}, 130.0).has_value());
    REQUIRE(d.last_answer());
    CHECK(d.last_answer()->correct);
    CHECK(d.last_answer()->seconds == doctest::Approx(30.0));
    CHECK(d.next_interval_days() >= 1);
    REQUIRE_FALSE(d.answer({0}, 140.0).has_value());
    d.stop();
    CHECK(d.over());

    const auto view = d.progress(problem);
    REQUIRE(view != nullptr);
    CHECK(view->answers == 2);
    CHECK_FALSE(view->accuracy.empty());
    // The two answered items are scheduled; a new drill asks the third (new) item first... or
    // any new item: nothing is due yet.
    d.close();
    CHECK(d.available(setup) == 3);
}

TEST_CASE("a session in progress can be given up: recorded as abandoned, no longer resumable") {
    TempHome home;
    ::setenv("RAPPORT_DB", "", 1);
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 3).has_value());
    REQUIRE(m.choose(0));
    REQUIRE(m.choose(0));
    m.leave_session();
    REQUIRE(m.saved().size() == 1);
    CHECK_FALSE(m.saved()[0].ended);
    CHECK(m.saved()[0].score.has_value());
    REQUIRE_FALSE(m.abandon(m.saved()[0]).has_value());
    // Still listed, as ended, with its score so far; neither resumable nor to be ended again.
    REQUIRE(m.saved().size() == 1);
    CHECK(m.saved()[0].ended);
    CHECK_FALSE(m.saved()[0].finished);
    CHECK(m.saved()[0].problem.empty());
    CHECK(m.saved()[0].score.has_value());
    CHECK(m.resume(m.saved()[0]).has_value());
    CHECK(m.abandon(m.saved()[0]).has_value());
    auto opened = ProgressStore::open_read_only(home.paths().progress_db().string());
    REQUIRE(std::holds_alternative<ProgressStore>(opened));
    const auto sessions = std::get<ProgressStore>(opened).sessions();
    REQUIRE(sessions.size() == 1);
    CHECK_FALSE(sessions[0].finished);
    CHECK(sessions[0].turns == 2);
    CHECK(fs::exists(home.paths().sessions() / "ended"));
}

TEST_CASE("a finished session is listed with its ending, grade, outcome and score") {
    TempHome home;
    AppModel m = make_model(home);
    REQUIRE_FALSE(m.start(default_entry(m), "practice", 1).has_value());
    for (int i = 0; i < 19 && !m.session().finished(); ++i)
        REQUIRE(m.choose(0));
    REQUIRE(m.session().finished());
    const int score = m.session().score();
    const std::string ending = m.session().ending()->title;
    m.leave_session();
    REQUIRE(m.saved().size() == 1);
    const SavedEntry& e = m.saved()[0];
    CHECK(e.finished);
    CHECK_FALSE(e.ended);
    CHECK(e.ending == ending);
    CHECK_FALSE(e.outcome.empty());
    REQUIRE(e.score.has_value());
    CHECK(*e.score == score);
}

TEST_CASE("an answer takes effect once: presses before the next turn is on screen are dropped") {
    AnswerGuard g;
    CHECK(g.ready(10.0));
    g.answered();                  // a key press answers at t = 10.000
    CHECK_FALSE(g.ready(10.015));  // the second press of a double press, before any drawing
    g.drawn(10.016);               // the next turn is drawn
    CHECK_FALSE(g.ready(10.030));
    CHECK_FALSE(g.ready(10.016 + AnswerGuard::hold_seconds - 0.001));
    g.drawn(10.2);  // drawing again does not move the moment it was first shown
    REQUIRE(g.ready_at().has_value());
    CHECK(*g.ready_at() == doctest::Approx(10.016 + AnswerGuard::hold_seconds));
    CHECK(g.ready(10.016 + AnswerGuard::hold_seconds));
    CHECK(g.ready(12.0));
    g.answered();
    CHECK_FALSE(g.ready(20.0));  // never drawn: still waiting for the turn to be on screen
    g.reset();                   // undo, a new session
    CHECK(g.ready(20.0));
}

TEST_CASE(
    "the window's report of a format 2 session: red flags, essentials, debrief, drill links") {
    TempHome home;
    ::setenv("RAPPORT_DB", "", 1);
    const std::string file = test::source_dir() + "/tests/data/valid/example-v2.yaml";
    AppModel m = make_model(home, {file});
    DrillModel drills(home.paths(), fs::path(test::source_dir()) / "drills");
    m.set_report_options([&drills] { return drills.report_options(); });
    CHECK(drills.banks().empty());  // start-up stays cheap: the banks load with the first report

    const auto entry = m.find_entry(file);
    REQUIRE(entry);
    REQUIRE_FALSE(m.start(*entry, "exam", 1).has_value());
    // Seed 1: the frame (met), premature reassurance, the leading risk question (a red flag),
    // then the only response left at the end of the session.
    for (const std::size_t position : {0u, 0u, 1u, 0u})
        REQUIRE(m.choose(position));
    REQUIRE(m.session().finished());
    wait_for_report(m);
    REQUIRE(m.report() != nullptr);
    CHECK_FALSE(drills.banks().empty());
    const Report& r = *m.report();

    // The same report the engine builds with the banks' items as drill links.
    const auto analysis = m.analysis_for(m.session().scenario_ptr());
    const Report engine =
        build_report(m.session(), *analysis, "exam", ReportOptions{drill_links(drills.banks())});
    CHECK(report_json(r) == report_json(engine));

    REQUIRE(r.red_flags.size() == 1);
    CHECK(r.red_flags[0].turn == 3);
    CHECK(r.red_flags[0].say == engine.red_flags[0].say);
    CHECK_FALSE(r.red_flags[0].note.empty());
    CHECK(r.red_flags[0].instead == "Are you having thoughts of killing yourself?");
    REQUIRE(r.essentials.size() == 7);
    CHECK(r.essentials[0].met);
    CHECK(r.essentials[0].turn == 1);
    int missed = 0;
    for (const auto& e : r.essentials)
        missed += e.met ? 0 : 1;
    CHECK(missed == 4);
    CHECK(r.turns[2].flagged());
    CHECK_FALSE(r.turns[2].red_flag.empty());
    CHECK(r.turns[0].reply == "OK. Yeah.");
    CHECK(r.turns[1].error_labels == std::vector<std::string>{"Premature reassurance"});

    const Debrief& d = r.debrief;
    CHECK(d.strengths.size() == 2);
    CHECK(d.growth.size() == 2);
    CHECK_FALSE(d.practise.empty());
    CHECK(d.practise_topic == "risk");
    CHECK_FALSE(d.question.empty());
    REQUIRE_FALSE(d.drills.empty());  // real items from the shipped banks
    for (const auto& l : d.drills) {
        CHECK(l.topic == "risk");
        CHECK_FALSE(l.id.empty());
        CHECK_FALSE(l.prompt.empty());
    }
    // The Debrief's drill button starts a drill on that topic: the Drills screen knows it.
    const auto topics = drills.topics();
    CHECK(std::any_of(topics.begin(), topics.end(),
                      [&](const DrillTopic& t) { return t.id == d.practise_topic; }));
    // Exam mode: the scenario's own objectives come with the report, the briefing had generic ones.
    CHECK(r.objectives == m.session().scenario().objectives);
    const Briefing exam = briefing_for(m.session().scenario(), true);
    CHECK(exam.generic_objectives);
    CHECK(exam.objectives == generic_objectives());
    CHECK(briefing_for(m.session().scenario(), false).objectives == r.objectives);
}

TEST_CASE("without drill banks the window's report has no drill links and is otherwise the same") {
    TempHome home;
    ::setenv("RAPPORT_DB", "", 1);
    const std::string file = test::source_dir() + "/tests/data/valid/example-v2.yaml";
    AppModel m = make_model(home, {file});
    DrillModel drills(home.paths(), home.root / "no-drills");
    m.set_report_options([&drills] { return drills.report_options(); });
    REQUIRE_FALSE(m.start(*m.find_entry(file), "practice", 1).has_value());
    REQUIRE(m.choose(0));
    m.build_report_now();
    REQUIRE(m.report() != nullptr);
    CHECK(m.report()->debrief.drills.empty());
    const auto analysis = m.analysis_for(m.session().scenario_ptr());
    CHECK(report_json(*m.report()) ==
          report_json(build_report(m.session(), *analysis, "practice")));
}

TEST_CASE("bad session files are listed with their problem, and the library still loads") {
    TempHome home;
    const fs::path dir = home.paths().sessions();
    write(dir / "20260101-000000-huge.json",
          R"({"rapport_session": 1, "scenario": {"id": "t", "version": "1"}, "seed": 1e400,)"
          R"( "choices": []})");
    write(dir / "20260101-000001-fraction.json",
          R"({"rapport_session": 1.9, "scenario": {"id": "t", "version": "1"}, "seed": 5,)"
          R"( "choices": []})");
    write(dir / "20260101-000002-deep.json",
          "{\"rapport_session\": 1, \"choices\": " + std::string(200000, '[') +
              std::string(200000, ']') + "}");
    write(dir / "20260101-000003-big.json", std::string(max_session_file_bytes + 1, ' '));
    AppModel m = make_model(home);
    m.refresh_saved();
    REQUIRE(m.saved().size() == 4);
    for (const auto& e : m.saved()) {
        CAPTURE(e.path);
        CHECK_FALSE(e.problem.empty());
    }
}
