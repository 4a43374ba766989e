// Author mistakes that YAML reads differently from how they look (issue 11 s.1): each gets a true,
// positioned message with a stable code. One test per mistake, each with a near miss that must
// stay silent, so that the checks can fail both ways.
#include <doctest/doctest.h>

#include <algorithm>

#include "test_helpers.hpp"

using namespace rapport;
using rapport::test::load_text;
using rapport::test::scenario_with;

namespace {

std::vector<const Diagnostic*> with_code(const Diagnostics& d, std::string_view code) {
    std::vector<const Diagnostic*> out;
    for (const auto& x : d.all())
        if (x.code == code) out.push_back(&x);
    return out;
}

// A node `a` whose first response has the given extra lines (indented 8), and an ending.
std::string one_node(std::string_view response_lines, std::string_view extra_responses = "") {
    return std::string(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Hello there."
        skill: open_question
)") + std::string(response_lines) +
           std::string(extra_responses) + R"(endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)";
}

}  // namespace

TEST_CASE("an unclosed quote is named at its opening quote, not as swallowed keys") {
    SUBCASE("in the middle of the file") {
        const auto loaded = load_text(scenario_with(
            one_node("        rationale: \"An open question.\n        next: end\n",
                     "      - say: \"Bye.\"\n        skill: open_question\n        rationale: r\n"
                     "        next: end\n")));
        INFO(format_diagnostics(loaded.diagnostics));
        const auto rp010 = with_code(loaded.diagnostics, "RP010");
        REQUIRE(rp010.size() == 1);
        CHECK(rp010[0]->message.find("unclosed quote") == 0);
        CHECK(rp010[0]->message.find("`next:`") != std::string::npos);
        CHECK(with_code(loaded.diagnostics, "RP102").empty());
        CHECK(loaded.diagnostics.all().size() == 1);
    }
    SUBCASE("in the last mapping of a file that ends with a line break") {
        std::string text = scenario_with(one_node("        rationale: r\n        next: end\n"));
        const auto at = text.find("title: E");
        text.replace(at, 8, "title: \"E");
        // Written out as a block mapping so that the quote swallows the keys below it.
        text.replace(text.find("{id: end, "), 10, "id: end\n    ");
        text.replace(text.find(", text: t, grade: g, outcome: good}"), 35,
                     "\n    text: t\n    grade: g\n    outcome: good\n");
        const auto loaded = load_text(text);
        INFO(text);
        INFO(format_diagnostics(loaded.diagnostics));
        const auto rp010 = with_code(loaded.diagnostics, "RP010");
        REQUIRE(rp010.size() == 1);
        CHECK(with_code(loaded.diagnostics, "RP102").empty());
    }
    SUBCASE("quotes that close on a later line without swallowing a key are fine") {
        const auto loaded = load_text(scenario_with(
            one_node("        rationale: \"An open question,\n          over two lines.\"\n"
                     "        next: end\n")));
        INFO(format_diagnostics(loaded.diagnostics));
        CHECK(with_code(loaded.diagnostics, "RP010").empty());
        CHECK(loaded.scenario);
    }
}

TEST_CASE("a key line inside a text block warns at that line (RP111)") {
    const auto loaded = load_text(scenario_with(one_node(
        "        rationale: >\n          An open question: she chooses.\n          next: end\n",
        "      - say: \"Bye.\"\n        skill: open_question\n        rationale: r\n"
        "        next: end\n")));
    INFO(format_diagnostics(loaded.diagnostics));
    const auto w = with_code(loaded.diagnostics, "RP111");
    REQUIRE(w.size() == 1);  // `An open question:` is prose, not a known key
    CHECK(w[0]->severity == Severity::Warning);
    CHECK(w[0]->location.column == 11);
    CHECK(w[0]->message.find("`next:`") == 0);
}

TEST_CASE("` #` in unquoted text warns at the `#` (RP112); a comment after an id does not") {
    const auto loaded =
        load_text(scenario_with(one_node("        rationale: She is the #1 worrier here.\n        "
                                         "next: end   # the only ending\n")));
    INFO(format_diagnostics(loaded.diagnostics));
    const auto w = with_code(loaded.diagnostics, "RP112");
    REQUIRE(w.size() == 1);
    CHECK(w[0]->location.column == 31);
    CHECK(w[0]->message.find("`#1 worrier here.`") != std::string::npos);
    REQUIRE(loaded.scenario);
    CHECK(loaded.scenario->nodes[0].responses[0].rationale == "She is the");
    // In quotes the `#` is text.
    const auto quoted = load_text(scenario_with(
        one_node("        rationale: \"She is the #1 worrier here.\"\n        next: end\n")));
    CHECK(with_code(quoted.diagnostics, "RP112").empty());
}

TEST_CASE("a misspelt key gets a suggestion everywhere, and a misspelt required key is one error") {
    SUBCASE("a longer form of a key") {
        const auto loaded =
            load_text(scenario_with(std::string("state:\n  trust: {initial: 10, maximum: 50}\n") +
                                    one_node("        rationale: r\n        next: end\n")));
        const auto e = with_code(loaded.diagnostics, "RP101");
        REQUIRE(e.size() == 1);
        CHECK(e[0]->message.find("did you mean `max`?") != std::string::npos);
    }
    SUBCASE("a required key") {
        std::string text = scenario_with(one_node("        rationale: r\n        next: end\n"));
        text.replace(text.find("    client: \"Hi.\""), 17, "    clinet: \"Hi.\"");
        const auto loaded = load_text(text);
        INFO(format_diagnostics(loaded.diagnostics));
        CHECK(with_code(loaded.diagnostics, "RP101").size() == 1);
        CHECK(with_code(loaded.diagnostics, "RP102").empty());
    }
    SUBCASE("a key at the wrong level names where it belongs") {
        std::string text = scenario_with(one_node("        rationale: r\n        next: end\n"));
        text.replace(text.find("    responses:"), 14, "    next: end\n    responses:");
        const auto loaded = load_text(text);
        const auto e = with_code(loaded.diagnostics, "RP101");
        REQUIRE(e.size() == 1);
        CHECK(e[0]->message.find("belongs in a response") != std::string::npos);
    }
}

TEST_CASE("YAML reader errors are explained in plain words, with a likely cause") {
    SUBCASE("a key moved out of its list item") {
        const auto loaded = load_text(scenario_with(
            one_node("        effects: {trust: 3}\n      rationale: r\n        next: end\n")));
        INFO(format_diagnostics(loaded.diagnostics));
        const auto e = with_code(loaded.diagnostics, "RP006");
        REQUIRE(e.size() == 1);
        CHECK(e[0]->message.find("(the YAML reader says: ") != std::string::npos);
        REQUIRE_FALSE(e[0]->notes.empty());
        CHECK(e[0]->notes[0].message.find("likely cause: `rationale`") == 0);
    }
    SUBCASE("an unclosed flow mapping") {
        const auto loaded = load_text(scenario_with(
            one_node("        effects: {trust: 3\n        rationale: r\n        next: end\n")));
        INFO(format_diagnostics(loaded.diagnostics));
        const auto e = with_code(loaded.diagnostics, "RP006");
        REQUIRE(e.size() == 1);
        CHECK(e[0]->message.find("YAML syntax error: a `{` is never closed") == 0);
    }
}

TEST_CASE("a score that uses `turns` is reported at `turns`") {
    const std::string text = scenario_with(std::string("score: trust + rapport - turns\n") +
                                           one_node("        rationale: r\n        next: end\n"));
    const auto loaded = load_text(text);
    const auto e = with_code(loaded.diagnostics, "RP205");
    REQUIRE(e.size() == 1);
    const auto line_start = text.rfind('\n', text.find("score:")) + 1;
    CHECK(e[0]->location.column == text.find("turns", line_start) - line_start + 1);
}

TEST_CASE("expressions whose values can leave the computed range are refused (RP213)") {
    const auto big = load_text(
        scenario_with(std::string("state:\n  trust: {max: 100000}\nscore: trust * trust\n") +
                      one_node("        rationale: r\n        next: end\n")));
    const auto e = with_code(big.diagnostics, "RP213");
    REQUIRE(e.size() == 1);
    CHECK(e[0]->message.find("10000000000") != std::string::npos);
    CHECK_FALSE(big.scenario);
    // Within range: 100 * 100 * 100 is far from the limit.
    const auto fine =
        load_text(scenario_with(std::string("score: trust * trust * rapport\n") +
                                one_node("        rationale: r\n        next: end\n")));
    INFO(format_diagnostics(fine.diagnostics));
    CHECK(with_code(fine.diagnostics, "RP213").empty());
    CHECK(fine.scenario);
}

TEST_CASE("meter farming: a repeatable response or loop that raises the score warns (RP313)") {
    const std::string back = R"(  - id: b
    client: "Well."
    responses:
      - say: "Back."
        skill: open_question
        effects: {rapport: EFFECT}
        rationale: back
        next: a
)";
    auto with_loop = [&](std::string effect) {
        std::string node_b = back;
        node_b.replace(node_b.find("EFFECT"), 6, effect);
        std::string text = scenario_with(
            one_node("        effects: {trust: 2}\n        rationale: r\n        next: b\n",
                     "      - say: \"Bye.\"\n        skill: open_question\n        rationale: r\n"
                     "        next: end\n"));
        text.insert(text.find("endings:"), node_b);
        return load_text(text);
    };
    SUBCASE("a loop with a net gain") {
        const auto loaded = with_loop("1");
        INFO(format_diagnostics(loaded.diagnostics));
        const auto w = with_code(loaded.diagnostics, "RP313");
        REQUIRE(w.size() == 1);
        CHECK(w[0]->message.find("raises the score by 3") != std::string::npos);
        CHECK(w[0]->notes.size() == 2);
    }
    SUBCASE("a loop whose way back costs as much is not farming") {
        const auto loaded = with_loop("-2");
        INFO(format_diagnostics(loaded.diagnostics));
        CHECK(with_code(loaded.diagnostics, "RP313").empty());
    }
    SUBCASE("a stay-on-node response with a gain, and the same made once-only") {
        const auto farm = load_text(scenario_with(
            one_node("        effects: {trust: 2}\n        rationale: r\n",
                     "      - say: \"Bye.\"\n        skill: open_question\n        rationale: r\n"
                     "        next: end\n")));
        CHECK(with_code(farm.diagnostics, "RP313").size() == 1);
        const auto once = load_text(scenario_with(
            one_node("        effects: {trust: 2}\n        once: true\n        rationale: r\n",
                     "      - say: \"Bye.\"\n        skill: open_question\n        rationale: r\n"
                     "        next: end\n")));
        CHECK(with_code(once.diagnostics, "RP313").empty());
    }
}
