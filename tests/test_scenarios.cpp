// Every shipped scenario validates cleanly (no errors, no warnings) and can be played to each of
// its endings through Session, along the shortest path the explorer finds.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "rapport/explore.hpp"
#include "rapport/testing.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {
std::vector<std::string> shipped_scenarios() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(test::source_dir() + "/scenarios"))
        if (e.path().extension() == ".yaml" && !is_test_plan_path(e.path().string()))
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("the default scenario is shipped and meets the content bar") {
    auto loaded =
        load_scenario(test::source_dir() + "/scenarios/first-session.yaml", test::catalogue());
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.scenario);
    const Scenario& s = *loaded.scenario;
    CHECK(s.id == "first-session");
    CHECK(s.nodes.size() >= 25);
    CHECK(s.endings.size() >= 3);
    std::size_t with_variants = 0;
    for (const auto& n : s.nodes) {
        with_variants += n.variants.empty() ? 0 : 1;
        for (const auto& r : n.responses) {
            CHECK_FALSE(r.rationale.empty());
            CHECK_FALSE(r.say.empty());
        }
    }
    CHECK(with_variants >= 3);
    std::set<Outcome> outcomes;
    for (const auto& e : s.endings)
        outcomes.insert(e.outcome);
    CHECK(outcomes.size() == 3);
}

TEST_CASE("every shipped scenario is clean and reaches each ending in play") {
    const auto files = shipped_scenarios();
    REQUIRE_FALSE(files.empty());
    for (const auto& file : files) {
        CAPTURE(file);
        LoadOptions whole;  // checked as `rapport validate` checks it: every play state
        whole.exploration_budget = 15'000'000;
        auto loaded = load_scenario(file, test::catalogue(), whole);
        INFO(format_diagnostics(loaded.diagnostics));
        REQUIRE(loaded.scenario);
        CHECK(loaded.diagnostics.empty());
        const Scenario& s = *loaded.scenario;
        const Exploration ex = explore(s, 15'000'000);
        REQUIRE(ex.complete);
        for (std::size_t e = 0; e < s.endings.size(); ++e) {
            CAPTURE(s.endings[e].id);
            REQUIRE(ex.ending_reached[e]);
            auto path = ex.path_to(static_cast<std::size_t>(ex.ending_state[e]));
            path.emplace_back(ex.steps[static_cast<std::size_t>(ex.ending_state[e])].node,
                              ex.ending_response[e]);
            Session session(loaded.scenario, 2026);
            for (const auto& [node, response] : path) {
                REQUIRE(session.state().node == node);
                REQUIRE(session.choose_response(response));
            }
            REQUIRE(session.finished());
            CHECK(session.ending()->id == s.endings[e].id);
        }
    }
}
