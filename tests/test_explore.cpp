// Exploration: exact, bounded, with shortest witnesses; the checks built on it.
#include <doctest/doctest.h>

#include <set>

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

namespace {
// A scenario of `nodes` nodes and two counters up to `range`: about nodes x (range + 1)^2 distinct
// states, with a cycle (a step back), a condition, a once-only aside and a conditional ending at
// every node, like bench_analysis's families.
std::string counters_scenario(int nodes, int range) {
    std::string y = "state:\n  a: {max: " + std::to_string(range) +
                    "}\n  b: {max: " + std::to_string(range) + "}\nstart: n0\nnodes:\n";
    for (int i = 0; i < nodes; ++i) {
        const std::string next = "n" + std::to_string((i + 1) % nodes);
        const std::string back = "n" + std::to_string(i > 0 ? i - 1 : 0);
        y += "  - id: n" + std::to_string(i) + "\n    client: \"Line\"\n    responses:\n";
        y += "      - {say: s, skill: complex_reflection, effects: {a: 1}, rationale: r, next: " +
             next + "}\n";
        y += "      - {say: s, skill: persuading, effects: {b: 1}, rationale: r, when: a >= b, "
             "next: " +
             next + "}\n";
        y += "      - {say: s, skill: summary, rationale: r, next: " + back + "}\n";
        if (i < 2)
            y += "      - {say: s, skill: affirmation, effects: {trust: 5}, once: true, "
                 "rationale: r}\n";
        y += "      - say: s\n        skill: summary\n        rationale: r\n        when: a + b "
             ">= " +
             std::to_string(range) +
             "\n        next:\n          - {when: a > b, to: good}\n          - {to: poor}\n";
    }
    y += "endings:\n  - {id: good, title: G, text: t, grade: g, outcome: good}\n"
         "  - {id: poor, title: P, text: t, grade: g, outcome: poor}\n";
    return y;
}

void check_same(const Exploration& one, const Exploration& two) {
    CHECK(one.complete == two.complete);
    CHECK(one.states == two.states);
    REQUIRE(one.steps.size() == two.steps.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < one.steps.size(); ++i)
        if (one.steps[i].parent != two.steps[i].parent ||
            one.steps[i].response != two.steps[i].response ||
            one.steps[i].node != two.steps[i].node)
            ++differing;
    CHECK(differing == 0);
    CHECK(one.node_reached == two.node_reached);
    CHECK(one.ending_reached == two.ending_reached);
    CHECK(one.ending_state == two.ending_state);
    CHECK(one.ending_response == two.ending_response);
    CHECK(one.dead_end_state == two.dead_end_state);
    CHECK(one.response_offered == two.response_offered);
    CHECK(one.variant_shown == two.variant_shown);
}
}  // namespace

TEST_CASE("state keys are packed to the bits each value's range needs, and round-trip") {
    auto sc = test::load_ok(test::scenario_with(R"(state:
  wide: {min: -70000, max: 70000, initial: -5}
  tiny: {min: 3, max: 4, initial: 3}
  neg: {min: -10, max: -3, initial: -3}
start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "x"
        skill: open_question
        rationale: r
        once: true
        effects: {wide: 1, tiny: 1, neg: -1}
        next: end
      - say: "y"
        skill: open_question
        rationale: r
        when: not visited(a) or turns > 3
        next: end
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    const StateCodec codec(*sc);
    // 1 node + 1 ending: 1 bit; wide 18 bits, tiny 1, neg 3, the three meters their ranges, turns
    // 0..4 in 3 bits, one visit and one once-only bit: well under the 1-2-4-byte layout's bytes.
    int meter_bits = 0;
    for (std::size_t v = 0; v < 3; ++v) {
        int bits = 0;
        while ((1LL << bits) < static_cast<long long>(sc->vars[v].max) - sc->vars[v].min + 1)
            ++bits;
        meter_bits += bits;
    }
    const int bits =
        1 + meter_bits + 18 + 1 + 3 + 3 + sc->visit_slots + sc->once_slots + sc->flag_count();
    CHECK(codec.key_size() == static_cast<std::size_t>((bits + 7) / 8));

    // Every corner of every range round-trips, and different states never share a key.
    std::uint64_t x = 42;
    auto next = [&x](long long lo, long long hi) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>(
            lo + static_cast<long long>((x >> 33) % static_cast<std::uint64_t>(hi - lo + 1)));
    };
    std::set<std::vector<std::uint8_t>> keys;
    std::set<std::vector<int>> states;
    for (int i = 0; i < 2000; ++i) {
        PlayState st = initial_state(*sc);
        for (std::size_t v = 0; v < st.values.size(); ++v) {
            const int lo = sc->vars[v].min, hi = sc->vars[v].max;
            st.values[v] = i % 3 == 0 ? lo : i % 3 == 1 ? hi : next(lo, hi);
        }
        st.turns = next(0, sc->turns_cap);
        for (auto& u : st.used)
            u = static_cast<std::uint8_t>(next(0, 1));
        for (auto& v : st.visited)
            v = static_cast<std::uint8_t>(next(0, 1));
        if (i % 5 == 0) st.ending = 0;
        if (st.ended()) st.node = 0;
        std::vector<std::uint8_t> key(codec.key_size());
        codec.encode(st, key.data());
        PlayState back;
        codec.decode(key.data(), back);
        CHECK(back == st);
        std::vector<int> flat = st.values;
        flat.push_back(st.turns);
        flat.push_back(st.ending);
        for (auto u : st.used)
            flat.push_back(u);
        for (auto v : st.visited)
            flat.push_back(v);
        if (states.insert(flat).second) CHECK(keys.insert(key).second);
    }
    CHECK(keys.size() == states.size());
}

TEST_CASE("exploration on two threads gives the same states, order, witnesses and budget stop") {
    auto sc = test::load_ok(test::scenario_with(counters_scenario(40, 60)));
    const Exploration one = explore(*sc, 10'000'000, 1);
    const Exploration two = explore(*sc, 10'000'000, 2);
    CHECK(one.threads == 1);
    CHECK(two.threads == 2);  // large enough that the helper starts
    CHECK(one.complete);
    CHECK(one.states > 100'000);
    check_same(one, two);
    // Every witness is a shortest path: a state's parent was found before it, one step closer.
    std::vector<std::uint32_t> depth(one.steps.size(), 0);
    bool ordered = true;
    for (std::size_t i = 1; i < one.steps.size(); ++i) {
        ordered = ordered && one.steps[i].parent < i;
        depth[i] = depth[one.steps[i].parent] + 1;
        ordered = ordered && depth[i] >= depth[i - 1];
    }
    CHECK(ordered);

    // Stopped by the budget in the middle of a frontier: the same place on both.
    const Exploration cut_one = explore(*sc, 60'000, 1);
    const Exploration cut_two = explore(*sc, 60'000, 2);
    CHECK_FALSE(cut_one.complete);
    CHECK(cut_one.states == 60'000);
    check_same(cut_one, cut_two);
}

TEST_CASE("the state table keeps at most 32 bytes per state") {
    auto sc = test::load_ok(test::scenario_with(counters_scenario(60, 60)));
    const Exploration ex = explore(*sc, 10'000'000, 0);
    REQUIRE(ex.complete);
    REQUIRE(ex.states > 200'000);
    // Keys (a few bytes here), the index (at most 3/4 full) and the first-reached steps.
    CHECK(static_cast<double>(ex.memory_bytes) / static_cast<double>(ex.states) <= 32.0);
    CHECK(ex.steps.size() == ex.states);
    CHECK(ex.steps.capacity() == ex.steps.size());
}
