// The loader: a valid file becomes the right Scenario; bad input of every kind becomes
// diagnostics within bounded time and memory, never a crash.
#include <doctest/doctest.h>

#include <random>

#include "rapport/briefing.hpp"
#include "test_helpers.hpp"

using namespace rapport;
using rapport::test::load_text;
using rapport::test::scenario_with;

namespace {
const char* tiny_body = R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Hello."
        skill: open_question
        rationale: r
        next: end
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)";

bool has_code(const Diagnostics& d, std::string_view code) {
    for (const auto& x : d.all())
        if (x.code == code) return true;
    return false;
}
}  // namespace

TEST_CASE("the annotated example of the format docs loads as documented") {
    auto loaded =
        load_scenario(test::source_dir() + "/tests/data/valid/example.yaml", test::catalogue());
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.scenario);
    CHECK(loaded.diagnostics.empty());
    const Scenario& s = *loaded.scenario;
    CHECK(s.id == "exam-nerves");
    CHECK(s.version == "1.0.0");
    CHECK(s.difficulty == Difficulty::Beginner);
    CHECK(s.client.name == "Jo");
    CHECK(s.client.age == 19);
    REQUIRE(s.vars.size() == 4);
    CHECK(s.vars[var_trust].initial == 30);
    CHECK(s.vars[var_rapport].initial == 20);
    CHECK(s.vars[var_dependence].higher_is_better == false);
    CHECK(s.vars[3].id == "readiness");
    CHECK(s.vars[3].visible);
    CHECK(s.vars[3].label == "Readiness to change");
    CHECK(s.nodes.size() == 2);
    CHECK(s.endings.size() == 2);
    CHECK(s.score.text() == "trust + rapport - dependence");
    const Response& r = s.nodes[1].responses[0];
    REQUIRE(r.next.size() == 2);
    CHECK(r.next[0].when);
    CHECK(r.next[1].target.kind == Target::Kind::Ending);
    CHECK(s.skills[static_cast<std::size_t>(r.skill)].id == "open_question");
    CHECK(s.nodes[1].variants.size() == 1);
}

TEST_CASE("defaults: built-in variables, shuffle, response ids") {
    auto s = test::load_ok(scenario_with(tiny_body));
    CHECK(s->shuffle);
    CHECK(s->vars.size() == 3);
    CHECK(s->vars[var_trust].visible);
    CHECK(s->nodes[0].responses[0].id == "r1");
    CHECK(s->turns_cap == 0);
}

TEST_CASE("an author variable takes its defaults and may be hidden") {
    auto s = test::load_ok(scenario_with(
        std::string("state:\n  goal_agreement:\nscore: trust + goal_agreement\n") + tiny_body));
    REQUIRE(s->vars.size() == 4);
    CHECK(s->vars[3].initial == 0);
    CHECK_FALSE(s->vars[3].visible);
    CHECK(s->vars[3].label == "Goal agreement");
}

TEST_CASE("the setting: read, labelled for the briefing, and checked") {
    auto s = test::load_ok(scenario_with(
        std::string("setting:\n  country: US\n  region: Ohio\n  service: community clinic\n") +
        tiny_body));
    CHECK(s->setting.country == "US");
    CHECK(s->setting.region == "Ohio");
    CHECK(setting_label(s->setting) == "US (Ohio), community clinic");
    CHECK(briefing_for(*s, false).setting == "US (Ohio), community clinic");
    auto none = test::load_ok(scenario_with(tiny_body));
    CHECK(setting_label(none->setting).empty());
    CHECK(briefing_for(*none, false).setting.empty());

    // A misspelt key is a positioned error that names the right one; so is a setting that is
    // not a mapping, and one without its service.
    auto bad =
        load_text(scenario_with(std::string("setting:\n  country: UK\n  servce: x\n") + tiny_body));
    CHECK_FALSE(bad.scenario);
    CHECK(has_code(bad.diagnostics, "RP101"));
    INFO(format_diagnostics(bad.diagnostics));
    CHECK(format_diagnostics(bad.diagnostics).find("service") != std::string::npos);
    auto scalar = load_text(scenario_with(std::string("setting: UK\n") + tiny_body));
    CHECK_FALSE(scalar.scenario);
    auto no_service =
        load_text(scenario_with(std::string("setting:\n  country: UK\n") + tiny_body));
    CHECK_FALSE(no_service.scenario);
    CHECK(format_diagnostics(no_service.diagnostics).find("service") != std::string::npos);
}

TEST_CASE("every problem in one run, not only the first") {
    auto loaded = load_text(scenario_with(R"(start: a
colour: blue
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Hello."
        skill: open_questoin
        effects: {trust: 5, trsut: 2}
        when: trust >= = 3
        next: nowhere
endings:
  - {id: end, title: E, text: t, grade: g, outcome: great}
)"));
    CHECK_FALSE(loaded.scenario);
    const auto& d = loaded.diagnostics;
    CHECK(has_code(d, "RP101"));  // colour
    CHECK(has_code(d, "RP203"));  // skill
    CHECK(has_code(d, "RP202"));  // trsut
    CHECK(has_code(d, "RP204"));  // condition
    CHECK(has_code(d, "RP201"));  // nowhere
    CHECK(has_code(d, "RP106"));  // outcome
    CHECK(has_code(d, "RP110"));  // rationale
    CHECK(d.error_count() >= 7);
}

TEST_CASE("hostile input: empty, binary, invalid UTF-8, not a mapping") {
    CHECK(has_code(load_text("").diagnostics, "RP002"));
    CHECK(has_code(load_text("# only a comment\n").diagnostics, "RP002"));
    CHECK(has_code(load_text(std::string("id: a\0b", 7)).diagnostics, "RP003"));
    CHECK(has_code(load_text("id: caf\xC3\x28\n").diagnostics, "RP004"));
    CHECK(has_code(load_text(std::string("\xFF\xFE"
                                         "a\0b\0",
                                         6))
                       .diagnostics,
                   "RP003"));
    CHECK(has_code(load_text("- a\n- b\n").diagnostics, "RP103"));
    CHECK(has_code(load_text("just a sentence").diagnostics, "RP103"));
    CHECK(has_code(load_text("a: [1, 2\n").diagnostics, "RP006"));
    CHECK(has_code(load_text("a: 1\n---\nb: 2\n").diagnostics, "RP009"));
}

TEST_CASE("hostile input: deep nesting and alias bombs stay bounded") {
    const std::string deep_flow(200000, '[');
    CHECK(load_text(deep_flow).diagnostics.has_errors());
    std::string deep_block;
    for (int i = 0; i < 3000; ++i)
        deep_block += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
    CHECK(load_text(deep_block).diagnostics.has_errors());

    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'z'; ++c) {
        const char prev = static_cast<char>(c - 1);
        bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
                prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
                ", *" + prev + "]\n";
    }
    auto loaded = load_text(bomb);
    CHECK(has_code(loaded.diagnostics, "RP008"));
}

TEST_CASE("hostile input: aliasing a long string many times is bounded by its text") {
    std::string bomb = "a: &a \"" + std::string(100000, 'x') + "\"\n";
    bomb += "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
    for (char c = 'c'; c <= 'h'; ++c) {
        const char p = static_cast<char>(c - 1);
        bomb += std::string(1, c) + ": &" + c + " [*" + p + ", *" + p + ", *" + p + ", *" + p +
                ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + "]\n";
    }
    CHECK(has_code(load_text(bomb).diagnostics, "RP008"));
}

TEST_CASE("hostile input: size limit is checked before parsing") {
    LoadOptions small;
    small.max_bytes = 1024;
    CHECK(has_code(load_text(std::string(4096, '#'), small).diagnostics, "RP005"));
}

TEST_CASE("hostile input: random and mutated bytes never crash") {
    const std::string valid =
        test::read_text(test::source_dir() + "/tests/data/valid/example.yaml");
    std::mt19937 rng(12345);
    for (int i = 0; i < 300; ++i) {
        std::string s = valid;
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < edits; ++k) {
            const std::size_t pos = rng() % s.size();
            switch (rng() % 4) {
                case 0:
                    s[pos] = static_cast<char>(rng() % 128);
                    break;
                case 1:
                    s.erase(pos, rng() % 20);
                    break;
                case 2:
                    s.insert(pos, std::string(1, "[]{}:-&*!|>'\"#\n "[rng() % 17]));
                    break;
                default:
                    s.insert(pos, s.substr(rng() % s.size(), rng() % 80));
                    break;
            }
        }
        auto loaded = load_text(s);
        CHECK((loaded.scenario != nullptr || loaded.diagnostics.has_errors()));
    }
    for (int i = 0; i < 200; ++i) {
        std::string s(rng() % 400, '\0');
        for (auto& c : s)
            c = static_cast<char>(rng() % 256);
        (void)load_text(s);
    }
}

TEST_CASE("a skill catalogue with problems reports them") {
    auto loaded = parse_skill_catalogue(
        "kind: skill-catalogue\nskills:\n  - {id: a, label: A, group: questoin}\n"
        "  - {id: a, label: A2, group: question}\n",
        "cat.yaml");
    CHECK(has_code(loaded.diagnostics, "RP106"));
    auto dup = parse_skill_catalogue(
        "kind: skill-catalogue\nskills:\n  - {id: a, label: A, group: question}\n"
        "  - {id: a, label: A2, group: question}\n",
        "cat.yaml");
    CHECK(has_code(dup.diagnostics, "RP105"));
    CHECK(dup.catalogue.skills.size() == 1);
}

TEST_CASE("a scenario may extend the skill catalogue") {
    auto s = test::load_ok(scenario_with(R"(skills:
  - {id: safety_check, label: Asking about safety, group: assessment}
start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Are you safe?"
        skill: safety_check
        rationale: r
        next: end
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    CHECK(s->skills[static_cast<std::size_t>(s->nodes[0].responses[0].skill)].label ==
          "Asking about safety");
    CHECK(s->skills[static_cast<std::size_t>(s->nodes[0].responses[0].skill)].from_scenario);
}
