// Exploration: exact, bounded, with shortest witnesses; the checks built on it.
#include <doctest/doctest.h>

#include "rapport/explore.hpp"
#include "test_helpers.hpp"

using namespace rapport;

TEST_CASE("a dead end is found with the shortest path that reaches it") {
    auto loaded = test::load_text(test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "Hello."
        skill: open_question
        effects: {trust: 20}
        rationale: r
        next: b
      - say: "Go."
        skill: summary
        rationale: r
        next: b
  - id: b
    client: "Hm."
    responses:
      - say: "Only when trusted little."
        skill: open_question
        when: trust < 40
        rationale: r
        next: end
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    CHECK_FALSE(loaded.scenario);
    const std::string text = format_diagnostics(loaded.diagnostics);
    CHECK(text ==
          "test.yaml:23:5: error: dead end: at node `b` the trainee can run out of responses "
          "(every one is "
          "conditional or once-only) [RP302]\n"
          "test.yaml:23:5: note: reached by: r1 at `a`\n");
}

TEST_CASE("state codec round trip") {
    auto sc = test::load_ok(test::scenario_with(R"(state:
  wide: {min: -70000, max: 70000, initial: -5}
start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "x"
        skill: open_question
        rationale: r
        once: true
        effects: {wide: 1}
        next: end
      - say: "y"
        skill: open_question
        rationale: r
        when: not visited(a) or turns > 3
        next: end
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    StateCodec codec(*sc);
    PlayState st = initial_state(*sc);
    st.values[3] = 65000;
    st.used[0] = 1;
    st.turns = 3;
    std::vector<std::uint8_t> bytes(codec.key_size());
    codec.encode(st, bytes.data());
    PlayState back;
    codec.decode(bytes.data(), back);
    CHECK(back == st);
    StateSpace space(*sc);
    CHECK(space.insert(st) == std::pair<std::uint32_t, bool>{0, true});
    CHECK(space.insert(st) == std::pair<std::uint32_t, bool>{0, false});
    CHECK(space.find(st) == 0u);
    PlayState other = st;
    other.values[0] += 1;
    CHECK_FALSE(space.find(other));
    st.turns = 50;
    codec.normalise(st);
    CHECK(st.turns == sc->turns_cap);
    CHECK(sc->turns_cap == 4);
}

TEST_CASE("cycles with counters are explored exactly, once per distinct state") {
    // A node that loops on itself raising a counter to 100: 101 distinct states, whatever the path
    // count.
    auto sc = test::load_ok(test::scenario_with(R"(state:
  n: {initial: 0}
start: a
nodes:
  - id: a
    client: "Again?"
    responses:
      - say: "Again."
        skill: open_question
        effects: {n: 1}
        rationale: r
      - say: "Stop."
        skill: summary
        rationale: r
        next:
          - when: n >= 100
            to: good
          - to: bad
endings:
  - {id: good, title: G, text: t, grade: g, outcome: good}
  - {id: bad, title: B, text: t, grade: g, outcome: poor}
)"));
    const Exploration ex = explore(*sc, 1'000'000);
    CHECK(ex.complete);
    CHECK(ex.states == 101);
    CHECK(ex.ending_reached[0]);
    CHECK(ex.path_to(static_cast<std::size_t>(ex.ending_state[0])).size() == 100);

    const Exploration small = explore(*sc, 10);
    CHECK_FALSE(small.complete);

    LoadOptions tight;
    tight.exploration_budget = 10;
    auto loaded = test::load_text(test::scenario_with(R"(state:
  n: {initial: 0}
start: a
nodes:
  - id: a
    client: "Again?"
    responses:
      - say: "Again."
        skill: open_question
        effects: {n: 1}
        rationale: r
      - say: "Stop."
        skill: summary
        rationale: r
        next: good
endings:
  - {id: good, title: G, text: t, grade: g, outcome: good}
)"),
                                  tight);
    REQUIRE(loaded.scenario);
    REQUIRE(loaded.diagnostics.all().size() == 1);
    CHECK(loaded.diagnostics.all()[0].code == "RP300");
    CHECK(loaded.diagnostics.all()[0].severity == Severity::Note);
}
