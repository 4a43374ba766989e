// The report: for scripted sessions of the default scenario, the better alternative at each poor
// turn, the skill ratios, the percentage of the best, and a golden Markdown report.
// RAPPORT_UPDATE_GOLDEN=1 rewrites tests/data/reports/*.md (review the diff before committing).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "rapport/report.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

std::shared_ptr<const Scenario> first_session() {
    auto loaded =
        load_scenario(test::source_dir() + "/scenarios/first-session.yaml", test::catalogue());
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.scenario);
    return loaded.scenario;
}

Session play_path(const std::shared_ptr<const Scenario>& sc,
                  const std::vector<std::pair<int, int>>& path) {
    Session s(sc, 11);
    for (const auto& [node, response] : path) {
        REQUIRE(s.state().node == node);
        REQUIRE(s.choose_response(response));
    }
    return s;
}

// The ending whose shortest path the test plays: the first with the given outcome.
int ending_with(const Scenario& s, Outcome outcome) {
    for (std::size_t e = 0; e < s.endings.size(); ++e)
        if (s.endings[e].outcome == outcome) return static_cast<int>(e);
    FAIL("no ending with that outcome");
    return -1;
}

void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = test::source_dir() + "/tests/data/reports/" + name;
    if (std::getenv("RAPPORT_UPDATE_GOLDEN")) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    CHECK(actual == test::read_text(path));
}

}  // namespace

TEST_CASE("a poor session of the default scenario: better alternatives, ratios, percent of best") {
    const auto sc = first_session();
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    const int poor = ending_with(*sc, Outcome::Poor);
    const Session session = play_path(sc, a.ending_witness(poor));
    REQUIRE(session.finished());
    const Report r = build_report(session, a, "practice");

    CHECK(r.finished);
    CHECK(r.ending_outcome == "poor");
    REQUIRE(r.best_score);
    CHECK(*r.best_score == *a.best_score());
    CHECK(r.score < *r.best_score);
    if (*r.best_score > 0)
        CHECK(r.percent_of_best ==
              std::max(0, static_cast<int>(std::lround(100.0 * r.score / *r.best_score))));

    // Every turn that lowered the best achievable score by more than the tolerance names a better
    // response, offered then, that keeps the best score, with its rationale; a smaller difference
    // is "equally good" and never flagged.
    int poor_turns = 0;
    for (const auto& t : r.turns) {
        CAPTURE(t.number);
        REQUIRE(t.best_before);
        if (t.cost() > sc->equally_good) {
            ++poor_turns;
            REQUIRE(t.better);
            CHECK(t.better->best == *t.best_before);
            CHECK(t.better->best > *t.best_after);
        }
        if (t.red_flag.empty() && t.cost() <= sc->equally_good) CHECK_FALSE(t.better);
        if (t.better) {
            CHECK(t.better->difference == t.better->best - *t.best_after);
            CHECK((t.better->difference > sc->equally_good || !t.red_flag.empty()));
            CHECK_FALSE(t.better->rationale.empty());
            CHECK(t.better->response != t.response);
            CHECK(sc->nodes[static_cast<std::size_t>(t.node)]
                      .responses[static_cast<std::size_t>(t.better->response)]
                      .say == t.better->say);
        }
    }
    CHECK(poor_turns > 0);

    // Skill ratios recomputed independently from the transcript.
    int reflections = 0, complex = 0, questions = 0;
    for (const auto& t : session.transcript()) {
        const Code& code = sc->code_of(sc->nodes[static_cast<std::size_t>(t.node)]
                                           .responses[static_cast<std::size_t>(t.response)]);
        if (code.is_reflection()) ++reflections;
        if (code.counts_as == CodeCount::ComplexReflection) ++complex;
        if (code.is_question()) ++questions;
    }
    CHECK(r.skills.reflections == reflections);
    CHECK(r.skills.complex_reflections == complex);
    CHECK(r.skills.questions == questions);
    if (questions > 0)
        CHECK(*r.skills.reflection_to_question() ==
              doctest::Approx(static_cast<double>(reflections) / questions));
    check_golden("first-session-poor.md", report_markdown(r));
}

TEST_CASE("a best session scores 100% of the best and has no better alternatives") {
    const auto sc = first_session();
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    const Session session = play_path(sc, a.best_path());
    const Report r = build_report(session, a, "exam");
    CHECK(r.score == *a.best_score());
    if (*a.best_score() > 0) CHECK(r.percent_of_best == 100);
    for (const auto& t : r.turns)
        CHECK(t.cost() == 0);
    for (std::size_t v = 0; v < r.variables.size(); ++v)
        CHECK(r.variables[v].series == r.variables[v].best_path_series);
    CHECK(r.skills.reflection_to_question().value_or(99) >=
          1.0);  // the model session meets MITI "fair"
    check_golden("first-session-best.md", report_markdown(r));
}

TEST_CASE("opportunities: answered and missed") {
    const auto sc = test::load_ok(test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "I shouted at my son."
    opportunity: {kind: emotion, note: Name the shame., answer_with: [complex_reflection], within: 2}
    responses:
      - {say: "You're ashamed of it.", skill: complex_reflection, effects: {trust: 5}, rationale: r, next: b}
      - {say: "How old is he?", skill: closed_question, rationale: r, next: b}
  - id: b
    client: "Yeah."
    responses:
      - {say: "It's still with you.", skill: complex_reflection, rationale: r, next: end}
      - {say: "Shall we move on?", skill: changing_subject, rationale: r, next: end}
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    const Analysis a = Analysis::run(sc);
    auto report_for = [&](int first, int second) {
        Session s(sc, 1);
        REQUIRE(s.choose_response(first));
        REQUIRE(s.choose_response(second));
        return build_report(s, a, "practice");
    };
    auto r = report_for(0, 1);
    REQUIRE(r.opportunities.size() == 1);
    CHECK(r.opportunities[0].answered_at == 1);
    r = report_for(1, 0);
    CHECK(r.opportunities[0].answered_at == 2);  // within two turns
    r = report_for(1, 1);
    CHECK_FALSE(r.opportunities[0].answered_at);
    CHECK(report_markdown(r).find("Missed: Complex reflection within 2 turns") !=
          std::string::npos);
}

TEST_CASE("an abandoned session still gets a report") {
    const auto sc = first_session();
    const Analysis a = test::searched_analysis(sc);
    Session s(sc, 3);
    REQUIRE(s.choose(0));
    const Report r = build_report(s, a, "practice");
    CHECK_FALSE(r.finished);
    CHECK(r.turns.size() == 1);
    CHECK(report_text(r).find("Session not finished") != std::string::npos);
    CHECK(report_json(r).find("\"finished\": false") != std::string::npos);
}
