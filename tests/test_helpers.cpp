// Shared test helpers (see test_helpers.hpp).
#include "test_helpers.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace rapport::test {

std::string source_dir() {
    return RAPPORT_SOURCE_DIR;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const SkillCatalogue& catalogue() {
    // Loaded once per test run; tests only read it.
    static const SkillCatalogue cat = [] {
        auto loaded = load_skill_catalogue(source_dir() + "/assets/skills.yaml");
        REQUIRE_MESSAGE(!loaded.diagnostics.has_errors(), format_diagnostics(loaded.diagnostics));
        return loaded.catalogue;
    }();
    return cat;
}

ScenarioLoad load_text(std::string_view yaml, const LoadOptions& options) {
    return parse_scenario(yaml, "test.yaml", catalogue(), options);
}

std::shared_ptr<const Scenario> load_ok(std::string_view yaml) {
    auto loaded = load_text(yaml);
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.scenario);
    return loaded.scenario;
}

std::string scenario_with(std::string_view body) {
    std::string s = R"(id: t
title: T
version: "1"
summary: s
objectives: [o]
difficulty: beginner
minutes: 5
client: {name: Sam, age: 30, pronouns: he/him, presenting_concern: c, known_before: k}
)";
    s += body;
    return s;
}

Analysis searched_analysis(std::shared_ptr<const Scenario> scenario) {
    AnalysisOptions o;
    o.state_budget = 1;
    o.search_time = std::chrono::minutes(5);
    return Analysis::run(std::move(scenario), o);
}

}  // namespace rapport::test
