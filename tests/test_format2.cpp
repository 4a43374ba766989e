// Format 2 end to end on a small scenario whose answers are worked by hand: essentials gate an
// ending, a fact gates a response, red flags, replies, "equally good", turning points, the debrief.
#include <doctest/doctest.h>

#include "rapport/analysis.hpp"
#include "rapport/report.hpp"
#include "rapport/similarity.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

// Trust starts at 30, rapport 20, dependence 10; score = trust + rapport - dependence.
const char* const body = R"(format: 2
essentials: [frame, risk_screen]
facts:
  - {id: sleep, label: Sleeps badly}
start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - say: "We have fifty minutes. It stays with me and my supervisor unless someone is at serious risk."
        code: structuring
        meets: [frame]
        effects: {trust: 10}
        rationale: You set the frame.
        next: b
      - say: "What brings you here?"
        code: open_question
        effects: {trust: 5}
        rationale: An open start, but no frame.
        next: b
  - id: b
    client: "I can't sleep. What's the point."
    reveal: [sleep]
    responses:
      - say: "Not sleeping, and asking what the point is. Are you having thoughts of ending your life?"
        code: closed_question
        meets: [risk_screen]
        effects: {trust: 10}
        rationale: You asked directly.
        next: c
      - say: "Lots of people sleep badly."
        code: other
        errors: [premature_reassurance, missed_risk_cue]
        red_flag: It passes over a hopelessness cue.
        reply: {client: "Right.", cue: looks away}
        effects: {trust: -5}
        rationale: It dismisses the cue.
        next: c
  - id: c
    client: "So what now?"
    responses:
      - say: "With no sleep, everything feels heavier."
        code: complex_reflection
        cites: [sleep]
        effects: {rapport: 10}
        rationale: You reflected the weight of it.
        next: [{when: trust >= 40, to: good}, {to: ok}]
      - say: "What would you like from these sessions?"
        code: seeking_collaboration
        effects: {rapport: 6}
        rationale: You asked what they want.
        next: [{when: trust >= 40, to: good}, {to: ok}]
endings:
  - {id: good, title: Good, text: t, grade: A, outcome: good, requires: [frame, risk_screen], otherwise: ok}
  - {id: ok, title: OK, text: t, grade: B, outcome: mixed}
)";

std::shared_ptr<const Scenario> scenario() {
    return test::load_ok(test::scenario_with(body));
}

Session play(const std::shared_ptr<const Scenario>& s, std::initializer_list<int> responses) {
    Session session(s, 1);
    for (int r : responses)
        REQUIRE(session.choose_response(r));
    return session;
}

int essential(const Scenario& s, const char* id) {
    for (std::size_t i = 0; i < s.essentials.size(); ++i)
        if (s.essentials[i].id == id) return static_cast<int>(i);
    FAIL("no essential " << id);
    return -1;
}

}  // namespace

TEST_CASE("format 2: analysis accounts for essentials exactly") {
    const auto s = scenario();
    const Analysis a = Analysis::run(s);
    REQUIRE(a.complete());
    // Best: frame (40), risk screen (50), reflection (rapport 30): 50 + 30 - 10 = 70, ending good.
    CHECK(a.best_score() == 70);
    // Without the frame the best is 35 -> 45 -> reflection: 65, passed on to `ok`.
    const auto [with_frame, without_frame] = a.best_with_flag(essential(*s, "frame"));
    CHECK(with_frame == 70);
    CHECK(without_frame == 65);
    // Without the risk screen: 40 -> 35 -> reflection: 55.
    const auto [with_risk, without_risk] = a.best_with_flag(essential(*s, "risk_screen"));
    CHECK(with_risk == 70);
    CHECK(without_risk == 55);
    // Worst: no frame (35), the red flag (30), collaboration (rapport 26): 30 + 26 - 10 = 46.
    CHECK(a.worst_score() == 46);
}

TEST_CASE("format 2: endings require essentials; a fact gates the response that cites it") {
    const auto s = scenario();
    const Session without_frame = play(s, {1, 0, 0});
    REQUIRE(without_frame.finished());
    CHECK(without_frame.ending()->id == "ok");  // trust 45 opened `good`, the frame was missing
    const Session full = play(s, {0, 0, 0});
    CHECK(full.ending()->id == "good");

    PlayState st = initial_state(*s);
    apply_response(*s, st, 0);
    CHECK(st.flags[static_cast<std::size_t>(s->fact_flag(0))] == 1);  // shown at `b`: known
    apply_response(*s, st, 0);
    CHECK(is_offered(*s, st, 0));
    st.flags[static_cast<std::size_t>(s->fact_flag(0))] = 0;  // had it never been said...
    CHECK_FALSE(is_offered(*s, st, 0));                       // ...nothing may cite it
    CHECK(is_offered(*s, st, 1));
}

TEST_CASE("format 2 report: red flags, checklist, replies, turning points, debrief") {
    const auto s = scenario();
    const Analysis a = Analysis::run(s);
    const Session session = play(s, {0, 1, 0});  // frame, the red flag, the reflection
    REQUIRE(session.finished());
    CHECK(session.ending()->id == "ok");  // trust 40 -> 35: below the 40 `good` needs
    const Report r = build_report(session, a, "practice");

    REQUIRE(r.red_flags.size() == 1);
    CHECK(r.red_flags[0].turn == 2);
    CHECK(r.red_flags[0].note == "It passes over a hopelessness cue.");
    CHECK(r.red_flags[0].instead.rfind("Not sleeping", 0) == 0);

    REQUIRE(r.essentials.size() == 2);
    CHECK(r.essentials[0].id == "frame");
    CHECK(r.essentials[0].met);
    CHECK(r.essentials[0].turn == 1);
    CHECK(r.essentials[1].id == "risk_screen");
    CHECK_FALSE(r.essentials[1].met);
    CHECK(r.essentials[1].could_turn == 2);
    CHECK(r.essentials[1].could_say.rfind("Not sleeping", 0) == 0);
    CHECK(r.essentials[1].best_with == 70);
    CHECK(r.essentials[1].best_without == 55);

    const ReportTurn& t2 = r.turns[1];
    CHECK(t2.reply == "Right.");
    CHECK(t2.reply_cue == "looks away");
    CHECK(t2.red_flag == "It passes over a hopelessness cue.");
    CHECK(t2.error_labels.size() == 2);
    REQUIRE(t2.better);
    CHECK(t2.better->difference == 15);  // 70 instead of 55
    CHECK(t2.skill_group == "novice_error");

    // The reflection (score 55) against collaboration (51): within 5, equally good, not flagged.
    const ReportTurn& t3 = r.turns[2];
    CHECK_FALSE(t3.better);
    CHECK(t3.equally_good == 1);

    // The turning point is turn 2, where trust fell below what `good` needed.
    bool found = false;
    for (const auto& tp : r.turning_points)
        if (tp.turn == 2 && tp.kind == "threshold") {
            found = true;
            CHECK(tp.decided.find("Trust fell to 35") != std::string::npos);
            CHECK(tp.decided.find("at least 40") != std::string::npos);
        }
    CHECK(found);

    // Codes only: no question (the red flag is coded `other`), one complex reflection.
    CHECK(r.skills.questions == 0);
    CHECK(r.skills.complex_reflections == 1);

    // The debrief: the red flag is the first growth edge; practise points to the risk topic.
    REQUIRE(r.debrief.growth.size() == 2);
    CHECK(r.debrief.growth[0].find("red flag") != std::string::npos);
    CHECK(r.debrief.practise_topic == "risk");
    CHECK(r.debrief.question.find("turn 2") != std::string::npos);

    const std::string json = report_json(r);
    for (const char* key :
         {"\"essentials\"", "\"red_flags\"", "\"turning_points\"", "\"debrief\"", "\"decided\""})
        CHECK(json.find(key) != std::string::npos);
}

TEST_CASE("format 2 report: a session passed on for want of an essential says so") {
    const auto s = scenario();
    const Analysis a = Analysis::run(s);
    const Session session = play(s, {1, 0, 0});  // no frame
    const Report r = build_report(session, a, "practice");
    bool opened = false, passed_on = false;
    for (const auto& tp : r.turning_points) {
        if (tp.kind == "threshold" && tp.decided.find("opened the ending") != std::string::npos)
            opened = true;
        if (tp.kind == "requires") {
            passed_on = true;
            CHECK(tp.decided.find("the frame") != std::string::npos);
            CHECK(tp.turn == 3);
        }
    }
    CHECK(opened);
    CHECK(passed_on);
    // What decided the ending is the first growth edge, and practise points to its drill topic.
    REQUIRE(r.deciding_essentials.size() == 1);
    CHECK(r.deciding_essentials[0] == "frame");
    REQUIRE_FALSE(r.debrief.growth.empty());
    CHECK(r.debrief.growth[0].rfind("The frame was missed", 0) == 0);
    CHECK(r.debrief.practise_topic == "first-session");
    // One essential of two met is not offered as a strength ("1 of 2" is half: it is).
    for (const auto& x : r.debrief.strengths)
        CHECK(x.find("0 of") == std::string::npos);
    CHECK_FALSE(r.essentials[0].met);
    CHECK(r.essentials[0].could_turn == 1);
}

TEST_CASE("format 2 report: the best session names the gates that let it through") {
    const auto s = scenario();
    const Analysis a = Analysis::run(s);
    const Session session = play(s, {0, 0, 0});  // frame, the risk question, the reflection
    REQUIRE(session.finished());
    REQUIRE(session.ending()->id == "good");
    const Report r = build_report(session, a, "practice");
    std::vector<int> gates;
    for (const auto& tp : r.turning_points)
        if (tp.kind == "gate") {
            gates.push_back(tp.turn);
            CHECK(tp.decided.find("made the ending \u2018Good\u2019 possible") !=
                  std::string::npos);
            CHECK(tp.decided.find("would have ended \u2018OK\u2019") != std::string::npos);
        }
    CHECK(gates == std::vector<int>{1, 2});  // the frame at turn 1, the risk screen at turn 2
    // A session that reached "OK" passed through no gate.
    const Report poor = build_report(play(s, {1, 0, 0}), a, "practice");
    for (const auto& tp : poor.turning_points)
        CHECK(tp.kind != "gate");
}

TEST_CASE("say it first: an unsafe option is never the suggestion, however close in wording") {
    const auto s = scenario();
    Session session(s, 1);
    REQUIRE(session.choose_response(0));  // to node b, where response 2 is a red flag
    const SimilarityIndex index = SimilarityIndex::for_scenario(*s);
    const auto offered = session.offered();
    REQUIRE(offered.size() == 2);
    std::size_t flagged = 0, safe = 0;
    for (std::size_t i = 0; i < offered.size(); ++i)
        (s->nodes[1].responses[static_cast<std::size_t>(offered[i])].red_flag.empty() ? safe
                                                                                      : flagged) =
            i;
    // Words closest to the red flag: nothing is marked (not the next closest either).
    CHECK(closest_option(suggestion_scores(
              index, "lots of people sleep badly",
              std::vector<std::string>{
                  s->nodes[1].responses[static_cast<std::size_t>(offered[0])].say,
                  s->nodes[1].responses[static_cast<std::size_t>(offered[1])].say},
              std::vector<std::string>{"closed_question", "other"})) == static_cast<int>(flagged));
    CHECK(suggested_option(index, session, "lots of people sleep badly") == -1);
    // Words closest to the safe option: it is marked.
    CHECK(suggested_option(index, session, "are you having thoughts of ending your life") ==
          static_cast<int>(safe));
    CHECK(suggested_option(index, session, "") == -1);
}
