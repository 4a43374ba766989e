// Analysis against hand-computed answers: reachability, best and worst score, best response,
// cycles, once-only responses, more than 10^15 paths, and the budget's incomplete result.
#include <doctest/doctest.h>

#include "rapport/analysis.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {
std::shared_ptr<const Scenario> small() {
    // Start trust 30 rapport 20 dependence 10 (score 40).
    //  a: r1 reflect (+10 trust) -> b ; r2 advise (+10 dependence) -> b ; r3 leave -> bad
    //  b: r1 summary (+5 rapport) -> good ; r2 only if trust >= 40: deep (+20 rapport) -> good
    // Best: a.r1 then b.r2: 40+10+20 = 70. Worst: a.r2 then b.r1: 40-10+5 = 35, or leave: 40.
    // Worst 35.
    return test::load_ok(test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - {say: reflect, skill: complex_reflection, effects: {trust: 10}, rationale: r, next: b}
      - {say: advise, skill: persuading, effects: {dependence: 10}, rationale: r, next: b}
      - {say: leave, skill: changing_subject, rationale: r, next: bad}
  - id: b
    client: "Hm."
    responses:
      - {say: summary, skill: summary, effects: {rapport: 5}, rationale: r, next: good}
      - {say: deep, skill: complex_reflection, effects: {rapport: 20}, rationale: r, when: trust >= 40, next: good}
      - {say: never, skill: summary, rationale: r, when: trust > 100, next: island}
  - id: island
    client: "Never shown."
    responses:
      - {say: x, skill: summary, rationale: r, next: good}
endings:
  - {id: good, title: G, text: t, grade: g, outcome: good}
  - {id: bad, title: B, text: t, grade: g, outcome: poor}
)"));
}
}  // namespace

TEST_CASE("best and worst scores, best responses and reachability on a small scenario") {
    const auto sc = small();
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    CHECK(a.best_score() == 70);
    CHECK(a.worst_score() == 35);
    CHECK(a.states() == 3);  // a, b after reflect, b after advise
    CHECK(a.ending_reachable(0));
    CHECK(a.ending_reachable(1));
    CHECK_FALSE(a.node_reachable(2));
    CHECK_FALSE(a.response_reachable(1, 2));
    CHECK(a.response_reachable(1, 1));
    CHECK(a.ending_witness(1) == std::vector<std::pair<int, int>>{{0, 2}});
    CHECK(a.ending_witness(0).size() == 2);
    CHECK(a.response_on_best_path(0, 0));
    CHECK_FALSE(a.response_on_best_path(0, 1));
    CHECK(a.response_on_best_path(1, 1));
    CHECK_FALSE(a.response_on_best_path(1, 0));
    CHECK(a.best_path() == std::vector<std::pair<int, int>>{{0, 0}, {1, 1}});
    CHECK(a.max_final()[var_rapport] == 40);
    CHECK(a.min_final()[var_rapport] == 20);
    CHECK(a.max_final()[var_dependence] == 20);

    Session s(sc, 1);
    auto o = a.outlook(s.state());
    REQUIRE(o);
    CHECK(o->best == 70);
    CHECK(o->best_response == 0);
    REQUIRE(o->choices.size() == 3);
    CHECK(o->choices[1].best == 35);  // after advising only the summary is left: 30 + 25 - 20
    CHECK(o->choices[2].best == 40);
    REQUIRE(s.choose_response(1));
    o = a.outlook(s.state());
    REQUIRE(o);
    CHECK(o->best == 35);
    REQUIRE(o->choices.size() == 1);  // the deep reflection is not offered at trust 30
}

TEST_CASE("cycles: the best score may need many trips round a loop") {
    const auto sc = test::load_ok(test::scenario_with(R"(state:
  n: {max: 50}
score: n
start: a
nodes:
  - id: a
    client: "Again?"
    responses:
      - {say: again, skill: open_question, effects: {n: 1}, rationale: r}
      - {say: back, skill: summary, rationale: r, next: b}
      - {say: stop, skill: summary, rationale: r, next: end}
  - id: b
    client: "Back?"
    responses:
      - {say: to a, skill: summary, rationale: r, next: a}
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    CHECK(a.states() == 102);  // a and b for n = 0..50
    CHECK(a.best_score() == 50);
    CHECK(a.worst_score() == 0);
    CHECK(a.best_path().size() == 51);
    CHECK(a.response_on_best_path(0, 0));
    CHECK(a.response_on_best_path(0, 1));  // going round via b loses nothing
    CHECK(a.response_on_best_path(1, 0));
}

TEST_CASE("once-only responses are part of the state") {
    const auto sc = test::load_ok(test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - {say: bonus, skill: affirmation, effects: {trust: 10}, once: true, rationale: r}
      - {say: done, skill: summary, rationale: r, next: end}
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    CHECK(a.states() == 2);
    CHECK(a.best_score() == 50);  // 30+10 + 20 - 10
    CHECK(a.worst_score() == 40);
}

TEST_CASE("more than 10^15 paths, analysed exactly") {
    // 60 nodes, each with three responses to the next node: +1, -1 or 0 on `x` (range -60..60).
    // 3^60 ~ 4e28 paths; distinct states are (node, x): at most 60 * 121.
    std::string body =
        "state:\n  x: {min: -60, max: 60, initial: 0}\nscore: x\nstart: n0\nnodes:\n";
    for (int i = 0; i < 60; ++i) {
        const std::string next = i + 1 < 60 ? "n" + std::to_string(i + 1) : "end";
        body += "  - id: n" + std::to_string(i) + "\n    client: \"...\"\n    responses:\n";
        body +=
            "      - {say: up, skill: affirmation, effects: {x: 1}, rationale: r, next: " + next +
            "}\n";
        body +=
            "      - {say: down, skill: persuading, effects: {x: -1}, rationale: r, next: " + next +
            "}\n";
        body += "      - {say: same, skill: summary, rationale: r, next: " + next + "}\n";
    }
    body += "endings:\n  - {id: end, title: E, text: t, grade: g, outcome: good}\n";
    const auto sc = test::load_ok(test::scenario_with(body));
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    CHECK(a.best_score() == 60);
    CHECK(a.worst_score() == -60);
    std::size_t expected = 0;
    for (int i = 0; i < 60; ++i)
        expected += static_cast<std::size_t>(2 * i + 1);  // x in [-i, i] at node i
    CHECK(a.states() == expected);
    CHECK(a.terminals() == 121);
}

TEST_CASE("the budget gives an incomplete result, not an unbounded run") {
    const auto sc = test::load_ok(test::scenario_with(R"(state:
  n: {max: 1000}
start: a
nodes:
  - id: a
    client: "Again?"
    responses:
      - {say: again, skill: open_question, effects: {n: 1}, rationale: r}
      - {say: stop, skill: summary, rationale: r, next: end}
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    AnalysisOptions tight;
    tight.state_budget = 100;
    const Analysis a = Analysis::run(sc, tight);
    CHECK_FALSE(a.complete());
    CHECK(a.states() == 100);
    CHECK_FALSE(a.best_score());
    const Analysis full = Analysis::run(sc);
    CHECK(full.complete());
    // Past the graph's budget an outlook comes from a search (here exact: n is not in the score,
    // so the bound is the score already reached and nothing needs expanding).
    const auto searched = a.outlook(initial_state(*sc));
    REQUIRE(searched);
    CHECK(searched->exact);
    CHECK(searched->best == full.best_score());
    CHECK(searched->worst == full.worst_score());
    CHECK(full.best_score() == 30 + 20 - 10 + 1000 * 0);  // n is not in the default score
}
