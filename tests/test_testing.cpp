// Test plans and coverage (rapport/testing.hpp): the shipped scenarios' plans pass and mean
// something, a deliberately wrong plan fails at each expectation (tests/data/plans/failing.*),
// plan files find their scenario, and coverage counts what sessions reached.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "rapport/analysis.hpp"
#include "rapport/testing.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

namespace fs = std::filesystem;

std::shared_ptr<const Scenario> example_v2() {
    auto loaded =
        load_scenario(test::source_dir() + "/tests/data/valid/example-v2.yaml", test::catalogue());
    REQUIRE(loaded.scenario);
    return loaded.scenario;
}

std::string failures_text(const std::vector<PlanResult>& results) {
    std::string out;
    for (const auto& r : results) {
        Diagnostics d = r.failures;
        d.sort_by_location();
        out += format_diagnostics(d);
    }
    return out;
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("rapport-plans-" + std::to_string(std::rand()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

TEST_CASE("the shipped scenarios' test plans pass, and pin the best session and poor ones") {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(test::source_dir() + "/scenarios"))
        if (is_test_plan_path(e.path().string())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    // Every shipped scenario has its plans.
    for (const auto& e : fs::directory_iterator(test::source_dir() + "/scenarios"))
        if (e.path().extension() == ".yaml" && !is_test_plan_path(e.path().string())) {
            CAPTURE(e.path().string());
            CHECK(fs::exists(plans_path_for_scenario(e.path().string())));
        }
    REQUIRE(files.size() >= 2);
    for (const auto& file : files) {
        CAPTURE(file);
        const TestPlanLoad loaded = load_test_plans(file, test::catalogue());
        INFO(format_diagnostics(loaded.diagnostics));
        REQUIRE(loaded.file);
        CHECK_FALSE(loaded.diagnostics.has_errors());
        const auto results = run_test_plans(*loaded.file, loaded.scenario);
        INFO(failures_text(results));
        REQUIRE(results.size() >= 4);
        const Analysis analysis = Analysis::run(loaded.scenario);
        REQUIRE(analysis.complete());
        bool best = false, red_flag = false;
        std::set<Outcome> outcomes;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& r = results[i];
            const TestPlan& plan = loaded.file->plans[i];
            CAPTURE(r.name);
            CHECK(r.passed());
            REQUIRE(r.session);
            REQUIRE(r.session->finished());
            CHECK(plan.ending);  // every shipped plan pins its ending
            outcomes.insert(r.session->ending()->outcome);
            if (r.name.rfind("best session", 0) == 0) {
                best = true;  // the best plan scores what the analysis says is best
                CHECK(r.session->score() == *analysis.best_score());
                CHECK(r.session->ending()->outcome == Outcome::Good);
                REQUIRE(plan.red_flags);
                CHECK(plan.red_flags->empty());
            }
            if (plan.red_flags && !plan.red_flags->empty()) red_flag = true;
        }
        CHECK(best);
        CHECK(red_flag);                       // some plan pins where a red flag is raised
        CHECK(outcomes.count(Outcome::Poor));  // and some reach a poor ending
    }
}

TEST_CASE("a deliberately wrong plan file fails at every expectation, saying what happened") {
    const std::string dir = test::source_dir() + "/tests/data/plans/";
    const std::string bytes = test::read_text(dir + "failing.tests.yaml");
    const auto scenario = example_v2();
    const TestPlanLoad loaded = parse_test_plans(bytes, "failing.tests.yaml", scenario);
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.file);
    const auto results = run_test_plans(*loaded.file, scenario);
    const std::string actual = failures_text(results);
    if (std::getenv("RAPPORT_UPDATE_GOLDEN")) {
        std::ofstream(dir + "failing.expected", std::ios::binary) << actual;
        return;
    }
    CHECK(actual == test::read_text(dir + "failing.expected"));
    std::set<std::string> codes;
    for (const auto& r : results) {
        CAPTURE(r.name);
        CHECK_FALSE(r.passed());
        for (const auto& d : r.failures.all()) {
            codes.insert(d.code);
            CHECK(d.location.line > 0);
            CHECK(d.location.column > 0);
        }
    }
    for (const char* code : {"RP620", "RP621", "RP622", "RP623", "RP624", "RP625"}) {
        CAPTURE(code);
        CHECK(codes.count(code) == 1);
    }
    // A plan stops where the session went elsewhere: nothing after is checked.
    CHECK(results[1].failures.all().size() == 1);
    CHECK(results[1].session->transcript().size() == 2);
}

TEST_CASE("a plan file finds its scenario beside it or by `scenario:`, and says when it cannot") {
    TempDir tmp;
    const std::string example =
        test::read_text(test::source_dir() + "/tests/data/valid/example-v2.yaml");
    const std::string plans =
        test::read_text(test::source_dir() + "/tests/data/valid/example-v2.tests.yaml");
    std::ofstream(tmp.path / "jo.yaml") << example;
    std::ofstream(tmp.path / "jo.tests.yaml") << plans;
    CHECK(scenario_path_for_plans((tmp.path / "jo.tests.yaml").string()) ==
          (tmp.path / "jo.yaml").string());
    CHECK(plans_path_for_scenario((tmp.path / "jo.yaml").string()) ==
          (tmp.path / "jo.tests.yaml").string());
    auto loaded = load_test_plans((tmp.path / "jo.tests.yaml").string(), test::catalogue());
    REQUIRE(loaded.file);
    CHECK(loaded.file->plans.size() == 2);
    for (const auto& r : run_test_plans(*loaded.file, loaded.scenario))
        CHECK(r.passed());

    // No scenario beside it: RP610 on the plan file.
    std::ofstream(tmp.path / "orphan.tests.yaml") << plans;
    loaded = load_test_plans((tmp.path / "orphan.tests.yaml").string(), test::catalogue());
    CHECK_FALSE(loaded.file);
    REQUIRE(loaded.diagnostics.all().size() == 1);
    CHECK(loaded.diagnostics.all()[0].code == "RP610");

    // `scenario:` names it.
    fs::create_directories(tmp.path / "plans");
    std::ofstream(tmp.path / "plans" / "named.tests.yaml") << "scenario: ../jo.yaml\n" << plans;
    loaded = load_test_plans((tmp.path / "plans" / "named.tests.yaml").string(), test::catalogue());
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.file);
    CHECK(loaded.file->scenario_path == (tmp.path / "jo.yaml").string());

    // A scenario with errors: its errors, then RP610 at the `scenario:` key.
    std::ofstream(tmp.path / "broken.yaml") << "id: broken\n";
    std::ofstream(tmp.path / "plans" / "broken.tests.yaml") << "scenario: ../broken.yaml\n"
                                                            << plans;
    loaded =
        load_test_plans((tmp.path / "plans" / "broken.tests.yaml").string(), test::catalogue());
    CHECK_FALSE(loaded.file);
    REQUIRE(loaded.diagnostics.all().size() > 1);
    const Diagnostic& last = loaded.diagnostics.all().back();
    CHECK(last.code == "RP610");
    CHECK(last.location.line == 1);
    CHECK(last.location.column == 11);
}

TEST_CASE("coverage counts the nodes, lines, responses and endings sessions reached") {
    const auto scenario = example_v2();
    const std::string bytes =
        test::read_text(test::source_dir() + "/tests/data/valid/example-v2.tests.yaml");
    const TestPlanLoad loaded = parse_test_plans(bytes, "example-v2.tests.yaml", scenario);
    REQUIRE(loaded.file);
    Coverage c(scenario);
    for (const auto& r : run_test_plans(*loaded.file, scenario)) {
        REQUIRE(r.passed());
        c.add(*r.session);
    }
    const Scenario& s = *scenario;
    auto node = [&](const char* id) { return *s.find_node(id); };
    CHECK(c.sessions() == 2);
    CHECK(c.node(node("opening")) == 2);
    CHECK(c.node(node("safety")) == 1);  // only the best session screens for risk
    CHECK(c.response(node("opening"), 0) == 1);
    CHECK(c.response(node("opening"), 1) == 1);
    CHECK(c.response(node("opening"), 2) == 0);
    // At pressure, Jo's variant (trust >= 40) shows in the best session, the own line in the other.
    CHECK(c.line(node("pressure"), 0) == 1);
    CHECK(c.line(node("pressure"), -1) == 1);
    CHECK(c.ending(*s.find_ending("alliance")) == 1);
    CHECK(c.ending(*s.find_ending("fragile")) == 1);
    CHECK(c.nodes().reached == 5);
    CHECK(c.nodes().total == s.nodes.size());
    std::size_t responses = 0;
    for (const auto& n : s.nodes)
        responses += n.responses.size();
    CHECK(c.responses().total == responses);
    CHECK(c.responses().reached == 8);  // opening r1 r2, pressure r1, low r1 r2, safety r1,
                                        // closing r1 r2
    CHECK(c.endings().reached == 2);

    // An unfinished session counts the node it stands at and the line shown there, once.
    Coverage u(scenario);
    Session session(scenario, 7);
    REQUIRE(session.choose_response(0));
    u.add(session);
    u.add(session);
    CHECK(u.sessions() == 2);
    CHECK(u.node(node("pressure")) == 2);
    CHECK(u.line(node("pressure"), 0) == 2);  // opening r1 took trust to 40: Jo's variant
    CHECK(u.line(node("pressure"), -1) == 0);
    CHECK(u.response(node("pressure"), 0) == 0);
    CHECK(u.endings().reached == 0);
}
