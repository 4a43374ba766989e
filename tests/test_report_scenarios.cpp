// Report tests on scripted sessions of the shipped format 2 scenarios: the essentials checklist,
// red flags, an equally good alternative not flagged, the turning point at the threshold crossing
// that decided the ending, the gates of a best session, and the debrief. Each script is written as
// the analysis prints paths: the node, and the response's number in the file (r1 is the first).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "rapport/analysis.hpp"
#include "rapport/report.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

struct Step {
    const char* node;
    int response;  // 1-based, in file order
};

std::shared_ptr<const Scenario> shipped(const char* name) {
    auto loaded = load_scenario(test::source_dir() + "/scenarios/" + name, test::catalogue());
    INFO(format_diagnostics(loaded.diagnostics));
    REQUIRE(loaded.scenario);
    return loaded.scenario;
}

Session play_script(const std::shared_ptr<const Scenario>& sc, const std::vector<Step>& script) {
    Session s(sc, 1);
    for (const auto& step : script) {
        INFO("at node " << std::string(step.node) << " r" << step.response);
        REQUIRE_FALSE(s.finished());
        REQUIRE(sc->nodes[static_cast<std::size_t>(s.state().node)].id == step.node);
        REQUIRE(s.choose_response(step.response - 1));
    }
    REQUIRE(s.finished());
    return s;
}

const EssentialCheck& check_of(const Report& r, const char* id) {
    for (const auto& e : r.essentials)
        if (e.id == id) return e;
    FAIL("no essential " << id << " in the checklist");
    return r.essentials.front();
}

bool has_error(const ReportTurn& t, const char* id) {
    return std::find(t.error_ids.begin(), t.error_ids.end(), id) != t.error_ids.end();
}

// One best session, as the analysis gives it.
Session play_best(const std::shared_ptr<const Scenario>& sc, const Analysis& a) {
    Session session(sc, 1);
    for (const auto& [node, response] : a.best_path())
        REQUIRE(session.choose_response(response));
    REQUIRE(session.finished());
    return session;
}

// Each essential the ending requires is named in a gate point at the turn it was met.
void check_gates(const Scenario& sc, const Session& session, const Report& r) {
    for (int x : session.ending()->requires_met) {
        const auto& e = sc.essentials[static_cast<std::size_t>(x)];
        INFO(e.id);
        bool named = false;
        for (const auto& tp : r.turning_points)
            if (tp.kind == "gate" &&
                tp.decided.find("\u2018" + e.label + "\u2019") != std::string::npos) {
                named = true;
                CHECK(tp.turn == check_of(r, e.id.c_str()).turn);
                CHECK(tp.decided.find("made the ending") != std::string::npos);
            }
        CHECK(named);
    }
}

void show(const Report& r) {
    if (std::getenv("RAPPORT_SHOW_REPORTS")) std::cout << report_text(r) << "\n";
}

}  // namespace

TEST_CASE("Dana, a session that rescues and reassures: dependence decides it") {
    const auto sc = shipped("dana-ambivalence.yaml");
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    const Session session = play_script(sc, {{"arrival", 2},
                                             {"how_long", 2},
                                             {"her_version", 1},
                                             {"label", 1},
                                             {"drinking_role", 1},
                                             {"other_side", 1},
                                             {"mood", 1},
                                             {"importance", 1},
                                             {"values", 1},
                                             {"disclosure", 2},
                                             {"hr_pressure", 1},
                                             {"her_goal", 5},
                                             {"cut_down", 4},
                                             {"shaky_hands", 1},
                                             {"safe_plan", 1},
                                             {"confidence", 6},
                                             {"wrap_up", 4},
                                             {"closing", 4}});
    const Report r = build_report(session, a, "practice");
    show(r);
    CHECK(session.ending()->id == "your_plan");

    // Red flags first: laughing off the shaking at turn 13, with the better words.
    REQUIRE(r.red_flags.size() == 1);
    CHECK(r.red_flags[0].turn == 13);
    CHECK(r.red_flags[0].note.find("withdrawal") != std::string::npos);
    CHECK(r.red_flags[0].instead == "What did you make of the shaking, looking back?");

    // The checklist: the frame and trainee status missed at turn 1, where they were offered;
    // the risk screen met at turn 7; the safety information never offered on this path.
    CHECK_FALSE(check_of(r, "frame").met);
    CHECK(check_of(r, "frame").could_turn == 1);
    CHECK_FALSE(check_of(r, "trainee_status").met);
    CHECK(check_of(r, "risk_screen").met);
    CHECK(check_of(r, "risk_screen").turn == 7);
    CHECK(check_of(r, "withdrawal_safety").turn == 14);
    CHECK_FALSE(check_of(r, "crisis_information").met);
    CHECK_FALSE(check_of(r, "crisis_information").could_turn);
    CHECK(*check_of(r, "crisis_information").best_with >
          *check_of(r, "crisis_information").best_without);

    // The turning point that decided it: the third rescue, at turn 17, took dependence over 50,
    // and it names the earlier rescues that pushed it there. Rapport reaching 120 (also in the
    // condition) did not decide a poor ending and is not listed.
    bool dependence_point = false;
    for (const auto& tp : r.turning_points) {
        CHECK(tp.decided.find("Rapport reached") == std::string::npos);
        if (tp.kind == "threshold" && tp.decided.rfind("Dependence reached 55", 0) == 0) {
            dependence_point = true;
            CHECK(tp.turn == 17);
            CHECK(tp.decided.find("earlier turns had pushed it up (turns 12, 13 and 16)") !=
                  std::string::npos);
            CHECK(tp.decided.find("Your plan, not hers") != std::string::npos);
        }
    }
    CHECK(dependence_point);
    for (int t : {12, 16, 17})
        CHECK(has_error(r.turns[static_cast<std::size_t>(t - 1)], "rescuing"));
    CHECK(r.turns[16].better);  // the rescue at turn 17 has a better alternative, by 80
    CHECK(r.turns[16].better->difference == 80);

    // The debrief leads with the red flag and points practice at it.
    REQUIRE(r.debrief.growth.size() == 2);
    CHECK(r.debrief.growth[0].rfind("Turn 13 was a red flag", 0) == 0);
    CHECK(r.debrief.practise.find("turn 13") != std::string::npos);
    CHECK(r.debrief.strengths.size() == 2);
    CHECK_FALSE(r.debrief.question.empty());
}

TEST_CASE("Dana, a best session: no better response anywhere, and the gates it passed") {
    const auto sc = shipped("dana-ambivalence.yaml");
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    const Session session = play_best(sc, a);
    const Report r = build_report(session, a, "practice");
    show(r);
    CHECK(session.ending()->id == "own_reasons");
    CHECK(r.score == *a.best_score());
    CHECK(r.red_flags.empty());
    for (const auto& e : r.essentials) {
        INFO(e.id);
        CHECK(e.met);
    }
    int equally_good = 0;
    for (const auto& t : r.turns) {
        CHECK_FALSE(t.better);
        equally_good += t.equally_good;
    }
    CHECK(equally_good > 0);  // alternatives within 5 points exist, and none is flagged
    // Every essential the good ending requires is a gate, at the turn it was met.
    check_gates(*sc, session, r);
}

// Marek, as the walk-through plays him: rescues and reassurance, no risk question at the
// cues, no word about being in training.
const std::vector<Step> marek_rescuing = {
    {"arrival", 2},   {"reluctant_start", 3}, {"what_happened", 1},   {"identity", 1},
    {"shame", 5},     {"hopeless", 8},        {"dependence_pull", 3}, {"relief", 3},
    {"own_ideas", 2}, {"strengths", 1},       {"support", 2},         {"let_in", 1},
    {"goals", 3},     {"goal_setting", 4},    {"tasks", 2},           {"doubt", 2},
    {"wrap_up", 1},   {"feedback", 1}};

TEST_CASE("Marek, rescuing and reassuring, never asking about risk: the rescues and the gate") {
    const auto sc = shipped("first-session.yaml");
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    auto script = marek_rescuing;
    script.push_back({"closing", 9});  // "I'll ring you every evening this week"
    const Session session = play_script(sc, script);
    const Report r = build_report(session, a, "practice");
    show(r);
    CHECK(session.ending()->id == "unsafe_close");

    // The checklist: the risk screen and the trainee disclosure missed, each with where.
    CHECK_FALSE(check_of(r, "risk_screen").met);
    CHECK(check_of(r, "risk_screen").could_turn);
    CHECK_FALSE(check_of(r, "trainee_status").met);
    CHECK(check_of(r, "trainee_status").could_turn);
    CHECK(*check_of(r, "risk_screen").best_with > *check_of(r, "risk_screen").best_without);

    // The rescues pushed dependence over 70, which opened "leaning on you"; the missing risk screen
    // then made the session end without a safety plan.
    bool opened = false, passed_on = false;
    for (const auto& tp : r.turning_points) {
        if (tp.kind == "threshold" && tp.decided.rfind("Dependence reached", 0) == 0) {
            opened = true;
            CHECK(tp.decided.find("opened the ending") != std::string::npos);
            CHECK(has_error(r.turns[static_cast<std::size_t>(tp.turn - 1)], "rescuing"));
        }
        if (tp.kind == "requires") {
            passed_on = true;
            CHECK(tp.decided.find("asking about risk") != std::string::npos);
        }
    }
    CHECK(opened);
    CHECK(passed_on);
    REQUIRE_FALSE(r.deciding_essentials.empty());
    CHECK(r.deciding_essentials[0] == "risk_screen");

    // The debrief names what to practise: the risk screen, on the risk topic.
    REQUIRE(r.debrief.growth.size() == 2);
    CHECK(r.debrief.practise_topic == "risk");
    CHECK_FALSE(r.debrief.practise.empty());
    // Every question counts in the ratios, whatever error it carries.
    int questions = 0;
    for (const auto& t : r.turns)
        if (t.skill_id == "open_question" || t.skill_id == "closed_question") ++questions;
    CHECK(r.skills.questions == questions);
}

TEST_CASE("Marek, rescuing but asking about risk at the door: dependence decides the ending") {
    const auto sc = shipped("first-session.yaml");
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    auto script = marek_rescuing;
    for (const Step& s :
         {Step{"closing", 6}, Step{"doorknob", 1}, Step{"door_plan", 1}, Step{"late_safety", 1}})
        script.push_back(s);
    const Session session = play_script(sc, script);
    const Report r = build_report(session, a, "practice");
    show(r);
    CHECK(session.ending()->id == "leaning_on_you");
    bool decided = false;
    for (const auto& tp : r.turning_points)
        if (tp.kind == "threshold" && tp.decided.rfind("Dependence reached", 0) == 0) {
            decided = true;
            CHECK(tp.decided.find("this made the ending") != std::string::npos);
            CHECK(has_error(r.turns[static_cast<std::size_t>(tp.turn - 1)], "rescuing"));
        }
    CHECK(decided);
    CHECK(check_of(r, "risk_screen").met);
    CHECK(check_of(r, "safety_plan").met);
    CHECK_FALSE(check_of(r, "trainee_status").met);
    REQUIRE(r.percent_of_best);
    CHECK(*r.percent_of_best < 50);
}

TEST_CASE("Marek, a best session: screens for risk, hands decisions back, and scores best") {
    const auto sc = shipped("first-session.yaml");
    const Analysis a = Analysis::run(sc);
    REQUIRE(a.complete());
    const Session session = play_best(sc, a);
    const Report r = build_report(session, a, "practice");
    show(r);
    CHECK(session.ending()->id == "alliance_formed");
    CHECK(r.red_flags.empty());
    for (const auto& e : r.essentials) {
        INFO(e.id);
        CHECK(e.met);
    }
    for (const auto& t : r.turns)
        CHECK_FALSE(t.better);
    CHECK(r.skills.autonomy_moves >= 2);
    CHECK(r.skills.dependence_moves == 0);
    check_gates(*sc, session, r);
}
