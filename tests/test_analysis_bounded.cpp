// The bounded analysis: limits by time, memory and states, branch-and-bound outlooks that agree
// with the whole graph where they are exact and are true bounds where they are not, one
// exploration shared by the checks and the feedback, and the analysis cache (round trip, and
// corrupt, truncated, foreign and hostile files refused).
#include <doctest/doctest.h>

#include <random>

#include "rapport/analysis.hpp"
#include "rapport/analysis_cache.hpp"
#include "rapport/loader.hpp"
#include "rapport/output.hpp"
#include "rapport/report.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

std::shared_ptr<const Scenario> shipped(const char* name) {
    auto loaded = load_scenario(test::source_dir() + "/scenarios/" + name, test::catalogue());
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.scenario);
    return loaded.scenario;
}

// A loop with a gain (farmable up to the meter's max) and a once-only response: the bound must
// allow for the repeats, and the search must still be exact.
std::shared_ptr<const Scenario> loopy() {
    return test::load_ok(test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - {say: stay, skill: complex_reflection, effects: {trust: 5}, rationale: r}
      - {say: once, skill: summary, effects: {rapport: 30}, once: true, rationale: r}
      - {say: on, skill: complex_reflection, effects: {dependence: -5}, rationale: r, next: b}
  - id: b
    client: "Hm."
    responses:
      - {say: good, skill: summary, rationale: r, when: trust >= 60, next: good}
      - {say: back, skill: persuading, effects: {trust: -20}, rationale: r, next: a}
      - {say: bad, skill: persuading, rationale: r, next: bad}
endings:
  - {id: good, title: G, text: t, grade: g, outcome: good}
  - {id: bad, title: B, text: t, grade: g, outcome: poor}
)"));
}

// Walks random sessions and compares the searched outlook with the graph's at every state.
void compare_along_random_sessions(const std::shared_ptr<const Scenario>& sc, int sessions) {
    const Analysis whole = Analysis::run(sc);
    REQUIRE(whole.complete());
    AnalysisOptions bounded;
    bounded.state_budget = 1;  // the graph stops at once: every outlook is searched
    bounded.search_time = std::chrono::seconds(60);
    const Analysis searched = Analysis::run(sc, bounded);
    REQUIRE_FALSE(searched.complete());
    CHECK(searched.limit() == AnalysisLimit::states);
    const StateOutlook start = searched.start_outlook();
    CHECK(start.exact);
    CHECK(start.best == whole.best_score());
    CHECK(start.worst == whole.worst_score());
    std::mt19937 rng(7);
    for (int k = 0; k < sessions; ++k) {
        PlayState st = initial_state(*sc);
        for (int step = 0; step < 60 && !st.ended(); ++step) {
            const auto g = whole.outlook(st);
            const auto b = searched.outlook(st);
            REQUIRE(g);
            REQUIRE(b);
            CHECK(b->exact);
            CHECK(b->best == g->best);
            CHECK(b->worst == g->worst);
            REQUIRE(b->choices.size() == g->choices.size());
            for (std::size_t i = 0; i < g->choices.size(); ++i) {
                CHECK(b->choices[i].response == g->choices[i].response);
                CHECK(b->choices[i].best == g->choices[i].best);
                CHECK(b->choices[i].worst == g->choices[i].worst);
            }
            // The bound holds at every state: no reachable ending scores above (below) it.
            if (g->best) CHECK(searched.score_bound(st, true) >= *g->best);
            if (g->worst) CHECK(searched.score_bound(st, false) <= *g->worst);
            const auto offered = offered_responses(*sc, st);
            if (offered.empty()) break;
            apply_response(*sc, st, offered[rng() % offered.size()]);
        }
    }
}

}  // namespace

TEST_CASE("bounded analysis: searched outlooks equal the whole graph's on a loop with gains") {
    compare_along_random_sessions(loopy(), 30);
}

TEST_CASE("bounded analysis: searched outlooks equal the whole graph's on Dana") {
    compare_along_random_sessions(shipped("dana-ambivalence.yaml"), 8);
}

// Marek's loops close through branches guarded by essentials (`when: not met(...)`): the node
// graph sees them as repeatable without limit, the milestone bound reads the guards, so the
// searches finish exactly and agree with the whole graph at every state.
TEST_CASE("bounded analysis: searched outlooks equal the whole graph's on Marek") {
    compare_along_random_sessions(shipped("first-session.yaml"), 3);
}

// A loop of nodes closed by a branch guarded by an essential (`when: not met(frame)`) that the way
// into the loop meets: over the node graph `on` looks repeatable without limit; the milestone
// bound reads the guard, so the bound is the best score itself. And a response guarded by
// `not met(E)` that meets E (`ask`, staying on its node) counts once, not without limit.
TEST_CASE("bounded analysis: loops guarded by essentials are bounded exactly") {
    const auto sc = test::load_ok(test::scenario_with(R"(format: 2
essentials: [frame, risk_screen]
start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - {say: ask, code: complex_reflection, effects: {trust: 10}, when: not met(risk_screen), meets: [risk_screen], rationale: r}
      - {say: on, code: complex_reflection, effects: {rapport: 5}, meets: [frame], rationale: r, next: b}
  - id: b
    client: "Hm."
    responses:
      - {say: back, code: summary, rationale: r, next: [{when: not met(frame), to: a}, {to: good}]}
      - {say: end, code: other, rationale: r, next: bad}
endings:
  - {id: good, title: G, text: t, grade: g, outcome: good}
  - {id: bad, title: B, text: t, grade: g, outcome: poor}
)"));
    const Analysis whole = Analysis::run(sc);
    REQUIRE(whole.complete());
    REQUIRE(whole.best_score());
    CHECK(whole.score_bound(initial_state(*sc), true) == *whole.best_score());
    compare_along_random_sessions(sc, 20);
}

TEST_CASE("bounded analysis: a spent search time gives bounds, marked as bounds") {
    const auto sc = shipped("dana-ambivalence.yaml");
    const Analysis whole = Analysis::run(sc);
    REQUIRE(whole.complete());
    AnalysisOptions none;
    none.state_budget = 1;
    none.search_time = std::chrono::milliseconds(0);
    const Analysis a = Analysis::run(sc, none);
    const StateOutlook start = a.start_outlook();
    CHECK_FALSE(start.exact);
    REQUIRE(start.best);
    REQUIRE(start.worst);
    CHECK(*start.best >= *whole.best_score());
    CHECK(*start.worst <= *whole.worst_score());
    // The report says so: no percentage, the figures flagged as bounds in every rendering.
    Session session(sc, 1);
    for (int i = 0; i < 200 && !session.finished(); ++i)
        REQUIRE(session.choose(0));
    const Report r = build_report(session, a, "practice");
    CHECK_FALSE(r.analysis_complete);
    CHECK(r.analysis_limit == "states");
    CHECK_FALSE(r.figures_exact);
    CHECK_FALSE(r.best_exact);
    CHECK_FALSE(r.percent_of_best);
    const std::string text = report_text(r);
    CHECK(text.find("best achievable at most") != std::string::npos);
    CHECK(text.find("are bounds, not exact") != std::string::npos);
    CHECK(report_json(r).find("\"best_is_bound\": true") != std::string::npos);
    for (const auto& t : r.turns) {
        CHECK_FALSE(t.outlook_exact);
        CHECK_FALSE(t.better);  // bounds never claim a better response
        CHECK(t.cost() == 0);
    }
}

TEST_CASE("bounded analysis: time and memory limits stop the whole graph and say which") {
    const auto sc = shipped("first-session.yaml");
    AnalysisOptions t;
    t.time_budget = std::chrono::milliseconds(1);
    t.search_time = std::chrono::milliseconds(0);
    const Analysis by_time = Analysis::run(sc, t);
    CHECK_FALSE(by_time.complete());
    CHECK(by_time.limit() == AnalysisLimit::time);
    AnalysisOptions m;
    m.memory_budget = 1u << 20;
    m.search_time = std::chrono::milliseconds(0);
    const Analysis by_memory = Analysis::run(sc, m);
    CHECK_FALSE(by_memory.complete());
    CHECK(by_memory.limit() == AnalysisLimit::memory);
    CHECK(by_memory.memory_bytes() < (2u << 20));  // the partial graph is let go
}

TEST_CASE("one exploration: the load hands its analysis over, and a known version skips it") {
    const std::string path = test::source_dir() + "/scenarios/dana-ambivalence.yaml";
    const auto loaded = load_scenario(path, test::catalogue());
    REQUIRE(loaded.scenario);
    REQUIRE(loaded.analysis);
    CHECK(loaded.analysis->complete());
    CHECK(&loaded.analysis->scenario() == loaded.scenario.get());
    CHECK(loaded.analysis->best_score() == Analysis::run(loaded.scenario).best_score());
    LoadOptions skip;
    int asked = 0;
    skip.explored_before = [&](const Scenario&) { return ++asked, true; };
    const auto again = load_scenario(path, test::catalogue(), skip);
    REQUIRE(again.scenario);
    CHECK(asked == 1);
    CHECK_FALSE(again.analysis);
    LoadOptions bounded;
    bounded.exploration_time = std::chrono::milliseconds(1);
    const auto big = load_scenario(test::source_dir() + "/scenarios/first-session.yaml",
                                   test::catalogue(), bounded);
    REQUIRE(big.scenario);
    bool noted = false;
    for (const auto& d : big.diagnostics.all())
        if (d.code == "RP300" && d.message.find("time limit") != std::string::npos) noted = true;
    CHECK(noted);
}

TEST_CASE("analysis cache: round trip answers as the analysis did") {
    const auto sc = shipped("dana-ambivalence.yaml");
    const Analysis whole = Analysis::run(sc);
    Session session(sc, 3);
    std::vector<std::optional<StateOutlook>> seen;
    for (int i = 0; i < 200 && !session.finished(); ++i) {
        seen.push_back(whole.outlook(session.state()));
        REQUIRE(session.choose(session.offered().size() - 1));
    }
    const std::string bytes = encode_analysis_cache(whole);
    std::string why;
    auto summary = decode_analysis_cache(bytes, *sc, &why);
    INFO(why);
    REQUIRE(summary);
    CHECK(summary->complete);
    CHECK(!summary->outlooks.empty());
    CHECK(summary->outlooks.size() <= seen.size());  // a state seen twice is kept once
    AnalysisOptions no_search;
    no_search.search_time = std::chrono::milliseconds(0);  // answers must come from the cache
    const Analysis cached = Analysis::from_summary(sc, std::move(*summary), no_search);
    CHECK(cached.complete());
    CHECK(cached.limit() == AnalysisLimit::cached);
    CHECK(cached.best_score() == whole.best_score());
    CHECK(cached.worst_score() == whole.worst_score());
    CHECK(cached.best_path() == whole.best_path());
    for (int f = 0; f < sc->flag_count(); ++f)
        CHECK(cached.best_with_flag(f) == whole.best_with_flag(f));
    Session replay(sc, 3);
    for (const auto& want : seen) {
        const auto got = cached.outlook(replay.state());
        REQUIRE(got);
        REQUIRE(want);
        CHECK(got->exact);
        CHECK(got->best == want->best);
        CHECK(got->worst == want->worst);
        CHECK(got->choices.size() == want->choices.size());
        REQUIRE(replay.choose(replay.offered().size() - 1));
    }
    // The same report from the cache as from the graph.
    CHECK(report_json(build_report(session, cached, "practice")) ==
          report_json(build_report(session, whole, "practice")));
}

TEST_CASE("analysis cache: corrupt, truncated, foreign and hostile files are refused") {
    const auto sc = shipped("dana-ambivalence.yaml");
    const Analysis whole = Analysis::run(sc);
    Session session(sc, 5);
    for (int i = 0; i < 200 && !session.finished(); ++i) {
        (void)whole.outlook(session.state());
        REQUIRE(session.choose(0));
    }
    const std::string good = encode_analysis_cache(whole);
    REQUIRE(decode_analysis_cache(good, *sc));
    std::string why;
    CHECK_FALSE(decode_analysis_cache("", *sc, &why));
    CHECK_FALSE(decode_analysis_cache("RAPPORT-ANALYSIS\n", *sc, &why));
    for (std::size_t cut = 0; cut < good.size(); cut += 7)
        CHECK_FALSE(decode_analysis_cache(good.substr(0, cut), *sc));
    std::string flipped = good;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x40);
    CHECK_FALSE(decode_analysis_cache(flipped, *sc, &why));
    CHECK(why.find("checksum") != std::string::npos);
    // Another scenario's file (another hash): refused.
    const auto other = test::load_ok(test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - {say: x, skill: summary, effects: {trust: 1}, rationale: r, next: good}
endings:
  - {id: good, title: G, text: t, grade: g, outcome: good}
)"));
    CHECK_FALSE(decode_analysis_cache(good, *other, &why));
    // Hostile: bytes changed and the checksum recomputed, so only the validation stands between
    // them and the report. Every outcome is a refusal or a summary whose indices are in range.
    std::mt19937 rng(11);
    const std::size_t body = good.size() - 8;
    int accepted = 0;
    for (int k = 0; k < 3000; ++k) {
        std::string bad = good.substr(0, body);
        const int changes = 1 + static_cast<int>(rng() % 4);
        for (int c = 0; c < changes; ++c)
            bad[rng() % bad.size()] = static_cast<char>(rng());
        std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64, as the file's checksum
        for (const unsigned char ch : bad)
            h = (h ^ ch) * 0x100000001b3ULL;
        for (int i = 0; i < 8; ++i)
            bad.push_back(static_cast<char>(h >> (8 * i)));
        const auto s = decode_analysis_cache(bad, *sc);
        if (!s) continue;
        ++accepted;
        const Analysis a = Analysis::from_summary(sc, *s);
        Session replay(sc, 5);
        for (int i = 0; i < 200 && !replay.finished(); ++i) {
            if (const auto o = a.outlook(replay.state()))
                for (const auto& c : o->choices)
                    CHECK(
                        static_cast<std::size_t>(c.response) <
                        sc->nodes[static_cast<std::size_t>(replay.state().node)].responses.size());
            REQUIRE(replay.choose(0));
        }
        (void)build_report(replay, a, "practice");
    }
    CHECK(accepted < 3000);
}

TEST_CASE("analysis cache: a folder keyed by content hash; a bad file is ignored and rewritten") {
    const auto sc = shipped("dana-ambivalence.yaml");
    const auto dir = std::filesystem::temp_directory_path() /
                     ("rapport-cache-test-" + std::to_string(std::random_device{}()));
    const AnalysisCache cache(dir);
    CHECK_FALSE(cache.read(*sc));
    const Analysis whole = Analysis::run(sc);
    REQUIRE_FALSE(cache.write(whole));
    CHECK(cache.file_for(*sc).filename().string() == "analysis-" + sc->content_hash + ".bin");
    REQUIRE(cache.read(*sc));
    REQUIRE_FALSE(write_file(cache.file_for(*sc).string(), "garbage"));
    std::string why;
    CHECK_FALSE(cache.read(*sc, &why));
    REQUIRE_FALSE(cache.write(whole));
    CHECK(cache.read(*sc));
    std::filesystem::remove_all(dir);
}
