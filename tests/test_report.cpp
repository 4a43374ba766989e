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

TEST_CASE("say it first: the report sets the trainee's words beside the choice (golden Markdown)") {
    const auto sc = first_session();
    const Analysis a = test::searched_analysis(sc);
    Session s(sc, 1);
    s.set_say_first(true);
    const std::vector<Said> words = {
        {"Are you OK?", false, 1200, 5100},  // a closed question
        {"", true, -1, 900},                 // skipped
        {"It's as if the depot was where you knew who you were.", false, 800, 9000},
        {"Do you want to talk about your son?", false, 500, 4000}};
    for (std::size_t i = 0; !s.finished() && i < 200; ++i)
        REQUIRE(s.choose(0, i < words.size() ? std::optional<Said>(words[i]) : std::nullopt));
    const Report r = build_report(s, a, "practice");
    REQUIRE(r.turns.size() > words.size());
    CHECK(r.turns[0].said == "Are you OK?");
    CHECK(r.turns[0].said_code == "closed_question");
    CHECK(r.turns[1].said_skipped);
    CHECK(r.turns[1].said_code.empty());
    CHECK(r.turns[2].said_code == "complex_reflection");
    CHECK_FALSE(r.turns[4].said);
    // Where the words and the choice differ in main behaviour, the turn says so, as a thing to
    // notice; a skipped turn says nothing.
    CHECK(r.turns[0].said_differs.empty());  // both closed questions
    CHECK(r.turns[1].said_differs.empty());  // skipped
    // Words of the better response's kind are pointed out, to compare (not praised: the code is
    // approximate).
    CHECK(r.turns[2].said_differs.find("the same kind as the better response; compare them") !=
          std::string::npos);
    CHECK(r.turns[3].said_differs.find("not a verdict") != std::string::npos);
    CHECK(r.say_first);
    REQUIRE(r.own_words);
    CHECK(r.own_words_turns == 3);
    CHECK(r.own_words->questions == 2);
    CHECK(r.own_words->complex_reflections == 1);
    const std::string md = report_markdown(r);
    CHECK(md.find("**You wrote:** Are you OK? *(Closed question, coded automatically)*") !=
          std::string::npos);
    CHECK(md.find("**In your own words** (3 turns you wrote") != std::string::npos);
    CHECK(report_json(r).find("\"said_code\": \"closed_question\"") != std::string::npos);
    CHECK(report_html(r).find("<p class=\"said\"><strong>You wrote:</strong> Are you OK?") !=
          std::string::npos);
    check_golden("first-session-say-first.md", md);
}

TEST_CASE("say it first: good reflections recognised but questions written is a growth edge") {
    const auto sc = test::load_ok(test::scenario_with(R"(start: a
nodes:
  - id: a
    client: "I don't know why I'm here."
    responses:
      - {say: "Part of you isn't sure this will help.", skill: complex_reflection, effects: {trust: 5}, rationale: r, next: b}
      - {say: "Why did you come, then?", skill: closed_question, rationale: r, next: b}
  - id: b
    client: "My sister made me."
    responses:
      - {say: "You came for her more than for you.", skill: complex_reflection, effects: {trust: 5}, rationale: r, next: c}
      - {say: "Is she worried about you?", skill: closed_question, rationale: r, next: c}
  - id: c
    client: "She thinks I'm not coping."
    responses:
      - {say: "Part of you wonders if she's right.", skill: complex_reflection, effects: {trust: 5}, rationale: r, next: d}
      - {say: "Are you coping?", skill: closed_question, rationale: r, next: d}
  - id: d
    client: "I'm not sleeping."
    responses:
      - {say: "The nights are the hardest part.", skill: complex_reflection, effects: {trust: 5}, rationale: r, next: end}
      - {say: "How many hours do you get?", skill: closed_question, rationale: r, next: end}
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)"));
    const Analysis a = Analysis::run(sc);
    Session s(sc, 1);
    s.set_say_first(true);
    REQUIRE(s.choose_response(0, Said{"What brought you here today?", false, -1, -1}));
    REQUIRE(s.choose_response(0, Said{"Do you get on with your sister?", false, -1, -1}));
    REQUIRE(
        s.choose_response(0, Said{"Have you had thoughts of ending your life?", false, -1, -1}));
    REQUIRE(s.choose_response(0, Said{"How are you sleeping?", false, -1, -1}));
    const Report r = build_report(s, a, "practice");
    REQUIRE(r.own_words);
    // The risk question is written, but left out of both counts, and gets no note.
    CHECK(r.own_words_turns == 4);
    CHECK(r.own_words_risk_turns == 1);
    CHECK(r.own_words->questions == 3);
    CHECK(r.own_words_chosen->reflections == 3);  // the same three turns
    CHECK(r.turns[2].said_differs.empty());
    CHECK(r.skills.reflections == 4);
    REQUIRE_FALSE(r.debrief.growth.empty());
    CHECK(r.debrief.growth[0].find("You recognised good reflections (3 of your choices) but wrote "
                                   "questions (3, coded automatically) at the same 3 turns") !=
          std::string::npos);
    CHECK(report_markdown(r).find("1 of them at a risk moment or about risk and left out of both "
                                  "counts") != std::string::npos);
    CHECK(r.debrief.practise == "Practise turning a question into a reflection.");
    // Without the words, no such edge.
    Session plain(sc, 1);
    REQUIRE(plain.choose_response(0));
    REQUIRE(plain.choose_response(0));
    REQUIRE(plain.choose_response(0));
    REQUIRE(plain.choose_response(0));
    const Report q = build_report(plain, a, "practice");
    CHECK_FALSE(q.own_words);
    for (const auto& g : q.debrief.growth)
        CHECK(g.find("You recognised good reflections") == std::string::npos);
}
