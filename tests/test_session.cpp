// Sessions: choices and their effects, clamping, determinism, undo, save and resume, two
// sessions side by side, and starting part-way (a branch from a chosen node and values).
#include <doctest/doctest.h>

#include <variant>

#include "rapport/branch.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

const char* loop_body = R"(state:
  trust: {initial: 95}
  asked: {initial: 0, max: 3}
start: a
nodes:
  - id: a
    client: "Hi."
    variants:
      - when: asked >= 2
        client: "You keep asking."
        cue: sighs
    responses:
      - id: ask
        say: "Tell me more?"
        skill: open_question
        effects: {trust: 10, asked: 1}
        rationale: r
        once: true
      - id: again
        say: "And more?"
        skill: open_question
        effects: {asked: 1, dependence: -50}
        rationale: r
        when: visited(b) or asked < 3
      - id: go
        say: "Let's move on."
        skill: summary
        effects: {rapport: 5}
        rationale: r
        next:
          - when: trust >= 100
            to: b
          - to: end
  - id: b
    client: "Okay."
    responses:
      - id: back
        say: "Back to the start."
        skill: summary
        rationale: r
        next: a
      - id: finish
        say: "We're done."
        skill: summary
        rationale: r
        next: end
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)";

std::shared_ptr<const Scenario> loop_scenario() {
    return test::load_ok(test::scenario_with(loop_body));
}

bool choose_id(Session& s, std::string_view id) {
    const auto& rs = s.node().responses;
    for (std::size_t i = 0; i < rs.size(); ++i)
        if (rs[i].id == id) return s.choose_response(static_cast<int>(i));
    return false;
}

std::vector<std::string> transcript_ids(const Session& s) {
    std::vector<std::string> out;
    for (const auto& t : s.transcript())
        out.push_back(s.scenario().nodes[static_cast<std::size_t>(t.node)].id + "/" +
                      s.scenario()
                          .nodes[static_cast<std::size_t>(t.node)]
                          .responses[static_cast<std::size_t>(t.response)]
                          .id);
    return out;
}

}  // namespace

SCENARIO("effects are applied and clamped, once-only responses disappear") {
    GIVEN("a session at the first node") {
        Session s(loop_scenario(), 7);
        CHECK(s.line().text == "Hi.");
        CHECK(s.offered().size() == 3);
        WHEN("the trainee asks once") {
            REQUIRE(choose_id(s, "ask"));
            THEN("trust is clamped at its maximum and the once-only response is withheld") {
                CHECK(s.value(var_trust) == 100);
                CHECK(s.offered().size() == 2);
                REQUIRE(s.withheld().size() == 1);
                CHECK(s.node().responses[static_cast<std::size_t>(s.withheld()[0])].id == "ask");
                const Turn& t = s.transcript().back();
                CHECK(t.before[var_trust] == 95);
                CHECK(t.after[var_trust] == 100);
                CHECK(t.destination.kind == Target::Kind::Stay);
            }
            AND_WHEN("asks again, the client's line changes with state") {
                REQUIRE(choose_id(s, "again"));
                CHECK(s.line().text == "You keep asking.");
                CHECK(s.line().cue == "sighs");
                CHECK(s.value(var_dependence) == 0);  // clamped at the minimum
                AND_THEN("the conditional response is withheld once asked reaches 3") {
                    REQUIRE(choose_id(s, "again"));
                    CHECK(s.offered().size() == 1);
                    CHECK_FALSE(choose_id(s, "again"));
                }
            }
        }
        WHEN("the conditional next is taken") {
            REQUIRE(choose_id(s, "ask"));
            REQUIRE(choose_id(s, "go"));
            CHECK(s.node().id == "b");
            REQUIRE(choose_id(s, "finish"));
            THEN("the session ends at the ending with its score") {
                REQUIRE(s.finished());
                CHECK(s.ending()->id == "end");
                CHECK(s.score() == 100 + 25 - 10);
                CHECK_FALSE(s.choose(0));
                CHECK(s.offered().empty());
            }
        }
    }
}

TEST_CASE("same seed and choices give the same transcript; seeds change the order shown") {
    auto sc = loop_scenario();
    Session a(sc, 42), b(sc, 42);
    for (int i = 0; i < 3 && !a.finished(); ++i) {
        CHECK(a.offered() == b.offered());
        a.choose(0);
        b.choose(0);
    }
    CHECK(transcript_ids(a) == transcript_ids(b));
    bool differs = false;
    for (std::uint64_t seed = 0; seed < 20 && !differs; ++seed)
        differs = Session(sc, seed).offered() != Session(sc, seed + 100).offered();
    CHECK(differs);
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        auto order = Session(sc, seed).offered();
        std::sort(order.begin(), order.end());
        CHECK(order == std::vector<int>{0, 1, 2});
    }
}

TEST_CASE("undo goes back to any earlier turn exactly") {
    Session s(loop_scenario(), 3);
    REQUIRE(choose_id(s, "ask"));
    const PlayState after_one = s.state();
    REQUIRE(choose_id(s, "again"));
    REQUIRE(choose_id(s, "go"));
    REQUIRE(choose_id(s, "back"));
    CHECK(s.transcript().size() == 4);
    s.undo_to(1);
    CHECK(s.transcript().size() == 1);
    CHECK(s.state() == after_one);
    s.undo_to(0);
    CHECK(s.transcript().empty());
    CHECK(s.state() == initial_state(s.scenario()));
    CHECK(s.offered().size() == 3);  // the once-only response is back
}

TEST_CASE("two sessions of one scenario run side by side") {
    auto sc = loop_scenario();
    Session a(sc, 1), b(sc, 1);
    REQUIRE(choose_id(a, "ask"));
    CHECK(a.value(var_trust) == 100);
    CHECK(b.value(var_trust) == 95);
    CHECK(b.transcript().empty());
    REQUIRE(choose_id(b, "go"));
    CHECK(b.finished());
    CHECK_FALSE(a.finished());
}

TEST_CASE("save and resume round trip") {
    auto sc = loop_scenario();
    Session s(sc, 99);
    REQUIRE(choose_id(s, "ask"));
    REQUIRE(choose_id(s, "go"));
    REQUIRE(choose_id(s, "back"));
    const std::string json = saved_session_json(to_saved(s, "exam", "2026-11-26T00:00:00Z"));
    Diagnostics d;
    auto saved = read_saved_session(json, "s.json", d);
    REQUIRE(saved);
    CHECK(saved->mode == "exam");
    CHECK(saved->seed == 99);
    CHECK(saved->choices.size() == 3);
    auto resumed = resume_session(*saved, sc, "s.json", d);
    INFO(format_diagnostics(d));
    REQUIRE(resumed);
    CHECK(transcript_ids(*resumed) == transcript_ids(s));
    CHECK(resumed->state() == s.state());
    CHECK(resumed->offered() == s.offered());
}

TEST_CASE(
    "say it first: the trainee's words and times are kept with each turn, saved and resumed") {
    auto sc = loop_scenario();
    Session s(sc, 7);
    s.set_say_first(true);
    const auto at = [&](const char* id) {
        const Node& n = s.node();
        for (std::size_t r = 0; r < n.responses.size(); ++r)
            if (n.responses[r].id == id) return static_cast<int>(r);
        return -1;
    };
    REQUIRE(s.choose_response(at("ask"), Said{"What's been going on for you?", false, 900, 4200}));
    REQUIRE(s.choose_response(at("go"), Said{"", true, -1, 1500}));  // skipped
    REQUIRE(s.choose_response(at("back")));                          // no words (undo replays it)
    s.undo_to(2);
    REQUIRE(s.transcript().size() == 2);
    CHECK(s.transcript()[0].said->text == "What's been going on for you?");
    CHECK(s.transcript()[1].said->skipped);
    REQUIRE(
        s.choose_response(at("back"), Said{"You \"can't\" \u00e9 \n two lines", false, 10, 20}));
    const std::string json = saved_session_json(to_saved(s, "practice", "2026-12-01T00:00:00Z"));
    CHECK(json.find("\"say_first\": true") != std::string::npos);
    Diagnostics d;
    auto saved = read_saved_session(json, "s.json", d);
    INFO(format_diagnostics(d));
    REQUIRE(saved);
    CHECK(saved->say_first);
    REQUIRE(saved->said.size() == 3);
    auto resumed = resume_session(*saved, sc, "s.json", d);
    REQUIRE(resumed);
    CHECK(resumed->say_first());
    for (std::size_t i = 0; i < 3; ++i)
        CHECK(resumed->transcript()[i].said == s.transcript()[i].said);
    CHECK(resumed->transcript()[0].said->first_key_ms == 900);
    CHECK(resumed->transcript()[0].said->sent_ms == 4200);
    // A session from before say it first has no words and is not in the mode.
    Session plain(sc, 7);
    REQUIRE(plain.choose(0));
    auto back = read_saved_session(saved_session_json(to_saved(plain, "exam", "")), "p.json", d);
    REQUIRE(back);
    CHECK_FALSE(back->say_first);
    CHECK_FALSE(back->said.at(0));
    // Wrong kinds are damage, reported.
    for (const char* bad : {"\"said\": 3", "\"said\": \"x\", \"said_skipped\": 1",
                            "\"said\": \"x\", \"said_sent_ms\": -4",
                            "\"said\": \"x\", \"said_first_key_ms\": 1e12"}) {
        std::string text = saved_session_json(to_saved(plain, "exam", ""));
        const auto c = text.find("\"node\"");
        text.insert(c, std::string(bad) + ", ");
        Diagnostics e;
        CHECK_FALSE(read_saved_session(text, "s.json", e));
        CHECK(format_diagnostics(e).find("RP402") != std::string::npos);
    }
}

TEST_CASE("a changed scenario is detected, not silently mis-resumed") {
    auto sc = loop_scenario();
    Session s(sc, 5);
    REQUIRE(choose_id(s, "ask"));
    const SavedSession saved = to_saved(s, "practice", "");

    SUBCASE("a new version") {
        std::string text = test::scenario_with(loop_body);
        text.replace(text.find("version: \"1\""), 12, "version: \"2\"");
        auto changed = test::load_ok(text);
        Diagnostics d;
        CHECK_FALSE(resume_session(saved, changed, "s.json", d));
        CHECK(format_diagnostics(d) ==
              "s.json: error: scenario `t` has changed: the session was saved with version 1, the "
              "file is now "
              "version 2 [RP401]\n");
    }
    SUBCASE("the same version with edited content") {
        std::string text = test::scenario_with(loop_body);
        text.replace(text.find("Tell me more?"), 13, "Tell me more!");
        auto changed = test::load_ok(text);
        Diagnostics d;
        CHECK_FALSE(resume_session(saved, changed, "s.json", d));
        CHECK(format_diagnostics(d).find("was edited after this session was saved") !=
              std::string::npos);
    }
    SUBCASE("another scenario") {
        std::string text = test::scenario_with(loop_body);
        text.replace(0, 5, "id: u");
        Diagnostics d;
        CHECK_FALSE(resume_session(saved, test::load_ok(text), "s.json", d));
        CHECK(d.all().at(0).code == "RP401");
    }
    SUBCASE("a choice that no longer fits") {
        SavedSession bad = saved;
        bad.choices.emplace_back("a", "nonexistent");
        Diagnostics d;
        CHECK_FALSE(resume_session(bad, sc, "s.json", d));
        CHECK(format_diagnostics(d).find("choice 2 (response `nonexistent` at node `a`)") !=
              std::string::npos);
    }
}

TEST_CASE("damaged or foreign session files are reported") {
    for (const char* text :
         {"", "not json", "[1,2]", "{\"rapport_session\": 2}", "{\"rapport_session\": 1}",
          "{\"rapport_session\": 1, \"scenario\": {\"id\": 3}}", "\xFF\xFE",
          "{\"rapport_session\": 1, \"scenario\": {\"id\": \"t\", \"version\": \"1\"}, \"seed\": "
          "-5, \"choices\": []}",
          "{\"rapport_session\": 1, \"scenario\": {\"id\": \"t\", \"version\": \"1\"}, \"seed\": "
          "5, \"mode\": \"god\", "
          "\"choices\": []}"}) {
        Diagnostics d;
        CHECK_FALSE(read_saved_session(text, "s.json", d));
        REQUIRE(d.has_errors());
        CHECK(d.all()[0].code == "RP402");
    }
}

// Starting part-way (rapport/branch.hpp): the window's "Try a branch" and `play --from --set`.
TEST_CASE("a branch starts at the node with the values given, showing the variant they select") {
    const auto sc =
        load_scenario(test::source_dir() + "/tests/data/valid/example.yaml", test::catalogue())
            .scenario;
    REQUIRE(sc);
    int pressure = -1, trust = -1;
    for (std::size_t i = 0; i < sc->nodes.size(); ++i)
        if (sc->nodes[i].id == "pressure") pressure = static_cast<int>(i);
    for (std::size_t i = 0; i < sc->vars.size(); ++i)
        if (sc->vars[i].id == "trust") trust = static_cast<int>(i);
    REQUIRE(pressure >= 0);
    REQUIRE(trust >= 0);
    const Node& node = sc->nodes[static_cast<std::size_t>(pressure)];
    REQUIRE(node.variants.size() == 1);  // when: trust >= 35

    std::vector<int> values;
    for (const auto& v : sc->vars)
        values.push_back(v.initial);
    values[static_cast<std::size_t>(trust)] = 34;
    const PlayState low = branch_state(*sc, pressure, values);
    CHECK(low.node == pressure);
    CHECK(client_line(*sc, low).variant == -1);
    CHECK(client_line(*sc, low).text == node.client);
    values[static_cast<std::size_t>(trust)] = 35;
    const PlayState high = branch_state(*sc, pressure, values);
    CHECK(client_line(*sc, high).variant == 0);
    CHECK(client_line(*sc, high).text == *node.variants[0].client);
    CHECK(client_line(*sc, high).cue == "voice drops");
    // A session started there shows the same line.
    const Session s(sc, 1, high);
    CHECK(s.line().variant == 0);
    CHECK(s.node().id == "pressure");
    // Values outside a range are clamped; at the start with the initial values it is the start.
    values[static_cast<std::size_t>(trust)] = 100000;
    CHECK(branch_state(*sc, pressure, values).values[static_cast<std::size_t>(trust)] ==
          sc->vars[static_cast<std::size_t>(trust)].max);
    std::vector<int> initial;
    for (const auto& v : sc->vars)
        initial.push_back(v.initial);
    CHECK(branch_state(*sc, sc->start, initial) == initial_state(*sc));

    // From text: the same state, and a clear message for every mistake.
    auto from_text = branch_state(*sc, "pressure", "trust=35");
    REQUIRE(std::holds_alternative<PlayState>(from_text));
    CHECK(std::get<PlayState>(from_text) == branch_state(*sc, pressure, [&] {
              auto v = initial;
              v[static_cast<std::size_t>(trust)] = 35;
              return v;
          }()));
    CHECK(std::get<PlayState>(branch_state(*sc, "", "")) == initial_state(*sc));
    CHECK(std::get<PlayState>(branch_state(*sc, " pressure ", " trust = +35 ")).values ==
          std::get<PlayState>(from_text).values);
    auto message = [&](std::string_view from, std::string_view set) {
        auto r = branch_state(*sc, from, set);
        REQUIRE(std::holds_alternative<std::string>(r));
        return std::get<std::string>(r);
    };
    CHECK(message("presure", "") ==
          "no node 'presure' in this scenario; did you mean 'pressure'? (the nodes are opening, "
          "pressure)");
    CHECK(message("zzz", "").find("did you mean") == std::string::npos);
    CHECK(message("", "trst=40")
              .find("no state variable 'trst' in this scenario; did you mean "
                    "'trust'? (the variables are ") == 0);
    CHECK(message("", "trust=101") == "trust=101 is out of range: trust goes from 0 to 100");
    CHECK(message("", "trust=-1") == "trust=-1 is out of range: trust goes from 0 to 100");
    CHECK(message("", "trust=99999999999999999999").find("out of range") != std::string::npos);
    CHECK(message("", "trust=4x") ==
          "trust=4x: the value must be a whole number (trust goes from 0 to 100)");
    CHECK(message("", "trust=").find("whole number") != std::string::npos);
    CHECK(message("", "trust=+-3").find("whole number") != std::string::npos);
    CHECK(message("", "trust").find("is not var=value") != std::string::npos);
    CHECK(message("", "trust=3,").find("empty item") != std::string::npos);
    CHECK(message("", "trust=3,trust=4") == "trust is set twice");
}
