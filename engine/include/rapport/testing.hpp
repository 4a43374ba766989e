// Test plans and coverage: a scenario's NAME.tests.yaml beside it holds named playthroughs, given
// by node and response ids, with what must hold (ending, values, essentials, red flags, what is
// offered); plans run through the public Session API, and Coverage says what they (or saved
// sessions) reached. Every mistake in a plan file is a positioned diagnostic (RP610-RP615, and
// the field codes RP1xx); every failed expectation is one too (RP620-RP625). See
// docs/test-plans.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rapport/diagnostics.hpp"
#include "rapport/loader.hpp"
#include "rapport/scenario.hpp"
#include "rapport/session.hpp"

namespace rapport {

// An index into the scenario (node, response, essential, ending) and where the plan named it.
struct PlanRef {
    int index = 0;
    SourceLocation location;
};

// A state variable's expected value: min..max inclusive (equal for an exact value).
struct PlanValue {
    int var = 0;
    long long min = 0;
    long long max = 0;
    SourceLocation location;
};

struct PlanStep {
    PlanRef node;                      // `at`: where the session must be
    PlanRef response;                  // `choose`: the response chosen there
    std::vector<PlanRef> offered;      // responses of `node` that must be offered (before choosing)
    std::vector<PlanRef> not_offered;  // ... that must not be
    std::vector<PlanValue> expect;     // values after the response
    SourceLocation location;
};

struct TestPlan {
    std::string name;
    SourceLocation location;
    std::vector<PlanStep> steps;
    std::optional<PlanRef> ending;  // the ending the session must reach (after `requires`)
    std::vector<PlanValue> values;  // values when the plan's steps are done
    std::vector<PlanRef> essentials_met;
    std::vector<PlanRef> essentials_not_met;
    // Nodes at which a red-flag response was chosen, exactly (absent: not checked; []: none).
    std::optional<std::vector<PlanRef>> red_flags;
    SourceLocation red_flags_location;
};

struct TestPlanFile {
    std::string path;           // the plan file
    std::string scenario_path;  // the scenario it tests
    std::vector<TestPlan> plans;
};

struct TestPlanLoad {
    std::optional<TestPlanFile> file;  // nullopt when diagnostics has errors
    std::shared_ptr<const Scenario>
        scenario;  // the scenario tested (load_test_plans), if it loaded
    Diagnostics diagnostics;
};

// Is `path` a plan file (its name ends in `.tests.yaml` or `.tests.yml`)?
[[nodiscard]] bool is_test_plan_path(std::string_view path);
// NAME.yaml for NAME.tests.yaml (same folder).
[[nodiscard]] std::string scenario_path_for_plans(const std::string& plan_path);
// NAME.tests.yaml for NAME.yaml (same folder).
[[nodiscard]] std::string plans_path_for_scenario(const std::string& scenario_path);

// Reads a plan file's text against `scenario` (ids are resolved, and ranges checked, against it).
// A `scenario:` key in the text is checked as text but not followed.
[[nodiscard]] TestPlanLoad parse_test_plans(std::string_view bytes, const std::string& path,
                                            std::shared_ptr<const Scenario> scenario);
// Reads the plan file at `path` and the scenario it tests: its `scenario:` key (a path relative to
// the plan file), else NAME.yaml beside it. The scenario's errors are in `diagnostics`, and an
// RP610 on the plan file says the plans could not be read against it.
[[nodiscard]] TestPlanLoad load_test_plans(const std::string& path,
                                           const SkillCatalogue& catalogue);

// One plan played: whether every expectation held, each failure (a diagnostic at the expectation,
// saying what happened instead), and the session as far as it went (for coverage).
struct PlanResult {
    std::string name;
    SourceLocation location;
    Diagnostics failures;
    std::size_t checks = 0;  // expectations checked
    std::optional<Session> session;
    [[nodiscard]] bool passed() const { return !failures.has_errors(); }
};

[[nodiscard]] PlanResult run_test_plan(const TestPlan& plan,
                                       const std::shared_ptr<const Scenario>& scenario);
[[nodiscard]] std::vector<PlanResult> run_test_plans(
    const TestPlanFile& file, const std::shared_ptr<const Scenario>& scenario);

// Which nodes, lines (each node's own line and its variants), responses and endings a set of
// sessions reached, counted per session.
class Coverage {
public:
    explicit Coverage(std::shared_ptr<const Scenario> scenario);

    // Adds what `session` reached: every turn's node, line and response, the node it stands at
    // (and the line shown there) if unfinished, and its ending. Sessions of another scenario are
    // a programmer error.
    void add(const Session& session);

    [[nodiscard]] const Scenario& scenario() const { return *m_scenario; }
    [[nodiscard]] std::size_t sessions() const { return m_sessions; }
    [[nodiscard]] std::uint32_t node(int n) const;
    // `variant` -1 is the node's own line.
    [[nodiscard]] std::uint32_t line(int n, int variant) const;
    [[nodiscard]] std::uint32_t response(int n, int r) const;
    [[nodiscard]] std::uint32_t ending(int e) const;

    struct Count {
        std::size_t reached = 0;
        std::size_t total = 0;
    };
    [[nodiscard]] Count nodes() const;
    [[nodiscard]] Count lines() const;  // every node's own line plus its variants
    [[nodiscard]] Count responses() const;
    [[nodiscard]] Count endings() const;

private:
    std::shared_ptr<const Scenario> m_scenario;
    std::size_t m_sessions = 0;
    std::vector<std::uint32_t> m_nodes;
    std::vector<std::vector<std::uint32_t>> m_lines;  // per node: own line, then each variant
    std::vector<std::vector<std::uint32_t>> m_responses;
    std::vector<std::uint32_t> m_endings;
};

}  // namespace rapport
