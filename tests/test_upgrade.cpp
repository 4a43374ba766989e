// Tests of upgrade_scenario (rapport/upgrade.hpp): the golden format 1 -> format 2 rewrite, the
// shipped scenario's original format 1 text, refusals, and the edge cases of the text rewrite.
#include <doctest/doctest.h>

#include <sstream>

#include "rapport/upgrade.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

std::string data(const std::string& name) {
    return test::read_text(test::source_dir() + "/tests/data/upgrade/" + name);
}

UpgradeResult upgrade(std::string_view text) {
    return upgrade_scenario(text, "t.yaml", test::catalogue());
}

}  // namespace

TEST_CASE("upgrade: the format 1 fixture gives its golden format 2 text byte for byte") {
    const auto r = upgrade(data("format1.yaml"));
    INFO(format_diagnostics(r.diagnostics));
    REQUIRE(r.upgraded);
    CHECK(r.diagnostics.empty());
    CHECK(r.text == data("format1.expected.yaml"));
    const auto loaded = test::load_text(r.text);
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.scenario);
    CHECK(loaded.scenario->format == 2);
}

TEST_CASE("upgrade: the original format 1 first-session loads as format 2 with every comment") {
    const std::string original = data("marek-format1.yaml");
    const auto r = upgrade(original);
    INFO(format_diagnostics(r.diagnostics));
    REQUIRE(r.upgraded);
    const auto loaded = test::load_text(r.text);
    INFO(format_diagnostics(loaded.diagnostics));
    CHECK(!loaded.diagnostics.has_errors());
    REQUIRE(loaded.scenario);
    CHECK(loaded.scenario->format == 2);
    CHECK(loaded.scenario->nodes.size() == test::load_ok(original)->nodes.size());
    std::istringstream in(original);
    std::string line;
    int comments = 0;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.find_first_not_of(' ') == std::string::npos ||
            line[line.find_first_not_of(' ')] != '#')
            continue;
        ++comments;
        CAPTURE(n);
        CAPTURE(line);
        CHECK(r.text.find(line + "\n") != std::string::npos);
    }
    CHECK(comments > 30);
}

TEST_CASE("upgrade: a file with any diagnostic is refused with those diagnostics") {
    // A warning is enough: `unused` is never read or changed (RP303).
    const std::string text = test::scenario_with(R"(start: a
state:
  unused: {initial: 0}
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Hello."
        skill: open_question
        rationale: Fine.
        next: end
endings:
  - {id: end, title: End, text: Done., grade: Ok, outcome: good}
)");
    const auto r = upgrade(text);
    CHECK_FALSE(r.upgraded);
    CHECK(r.text.empty());
    REQUIRE(r.diagnostics.all().size() == 1);
    CHECK(r.diagnostics.all()[0].code == "RP303");
    CHECK(r.diagnostics.error_count() == 0);
}

TEST_CASE("upgrade: a format 2 file is left alone") {
    const auto r =
        upgrade(test::read_text(test::source_dir() + "/tests/data/valid/example-v2.yaml"));
    CHECK(r.already_format2);
    CHECK_FALSE(r.upgraded);
    CHECK(r.diagnostics.empty());
}

TEST_CASE("upgrade: without a `format:` key, `format: 2` goes before the first top-level key") {
    std::string text = test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Hello."
        skill: open_question
        rationale: Fine.
        next: end
endings:
  - {id: end, title: End, text: Done., grade: Ok, outcome: good}
)");
    text = "# header comment\n\n" + text;  // scenario_with writes no `format:`
    const auto r = upgrade(text);
    INFO(format_diagnostics(r.diagnostics));
    REQUIRE(r.upgraded);
    CHECK(r.text.rfind("# header comment\n\nformat: 2\n", 0) == 0);
    CHECK(r.text.find("        code: open_question\n        rationale: Fine.") !=
          std::string::npos);
}

TEST_CASE("upgrade: a skill written as an alias cannot be rewritten in place: RP601") {
    const std::string text = test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: &s "Hello."
        skill: open_question
        rationale: Fine.
        next: b
  - id: b
    client: "Hi."
    responses:
      - say: "Hello again."
        skill: *s
        rationale: Fine.
        next: end
endings:
  - {id: end, title: End, text: Done., grade: Ok, outcome: good}
)");
    // `*s` is "Hello.", not a skill: the loader refuses it first (RP203).
    const auto refused = upgrade(text);
    CHECK_FALSE(refused.upgraded);
    CHECK(refused.diagnostics.has_errors());

    const std::string aliased = test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Hello."
        skill: &q open_question
        rationale: Fine.
        next: b
  - id: b
    client: "Hi."
    responses:
      - say: "Hello again."
        skill: *q
        rationale: Fine.
        next: end
endings:
  - {id: end, title: End, text: Done., grade: Ok, outcome: good}
)");
    const auto r = upgrade(aliased);
    CHECK_FALSE(r.upgraded);
    CHECK(r.text.empty());
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK(r.diagnostics.all()[0].code == "RP601");
}
