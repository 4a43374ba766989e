// The end-of-session report as data: what the trainee did, what it did to the client, what would
// have been better and why, and how close the session came to the best achievable one. Every front
// end renders this one model (text, Markdown, HTML, JSON here; the window later).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rapport/analysis.hpp"
#include "rapport/session.hpp"

namespace rapport {

// MITI 4.2.1 proficiency thresholds (Moyers et al., 2016).
struct MitiThresholds {
    static constexpr double reflection_question_fair = 1.0;
    static constexpr double reflection_question_good = 2.0;
    static constexpr double complex_reflection_fair = 40.0;  // percent of all reflections
    static constexpr double complex_reflection_good = 50.0;
};

struct ReportTurn {
    int number = 0;  // 1-based
    int node = 0;
    std::string client_text;
    std::string client_cue;
    int response = 0;
    std::string say;
    std::string skill_id;
    std::string skill_label;
    std::string skill_group;
    std::string rationale;
    std::vector<int> before;
    std::vector<int> after;
    std::optional<int> best_before;  // best achievable score before the choice
    std::optional<int> best_after;   // best achievable after it
    int impact = 0;                  // change in the score's value this turn
    // A response offered at this turn that kept a higher best achievable score, or as high a one
    // while doing the client more good now (a larger score change this turn): mistakes that a
    // long session could make up for are still mistakes.
    struct Better {
        int response = 0;
        std::string say;
        std::string skill_label;
        std::string rationale;
        int best = 0;    // best achievable score had it been chosen
        int impact = 0;  // its change in the score's value this turn
    };
    std::optional<Better> better;
    [[nodiscard]] int cost() const {  // how much this choice lowered the best achievable score
        return best_before && best_after ? *best_before - *best_after : 0;
    }
};

struct TurningPoint {
    int turn = 0;    // 1-based turn number
    int impact = 0;  // change in the session score's value that turn
};

struct SkillCount {
    std::string id;
    std::string label;
    std::string group;
    int count = 0;
};

struct SkillProfile {
    std::vector<SkillCount> counts;  // skills used, most used first
    int questions = 0, open_questions = 0, closed_questions = 0;
    int reflections = 0, simple_reflections = 0, complex_reflections = 0;
    int autonomy_moves = 0;    // emphasizing autonomy, seeking collaboration
    int dependence_moves = 0;  // rescuing, unsolicited advice, premature reassurance
    [[nodiscard]] std::optional<double> reflection_to_question() const;
    [[nodiscard]] std::optional<double> complex_percent() const;
};

struct MissedOpportunity {
    int turn = 0;  // 1-based turn at which the client offered it
    int node = 0;
    std::string kind;
    std::string note;
    std::vector<std::string> answer_with;  // skill labels
    int within = 2;
    std::optional<int> answered_at;  // 1-based turn that answered it, if any
};

struct Threshold {
    int value = 0;
    std::string label;  // e.g. "Alliance formed: trust >= 60"
};

struct ReportVariable {
    std::string id;
    std::string label;
    bool higher_is_better = true;
    bool visible = true;
    int min = 0, max = 100;
    std::vector<int> series;            // value before turn 1, then after every turn
    std::vector<int> best_path_series;  // the same along one best session
    std::vector<Threshold> thresholds;  // values the ending conditions compare it with
};

struct Report {
    std::string scenario_id, scenario_title, scenario_version, client_name;
    std::uint64_t seed = 0;
    std::string mode;
    bool finished = false;
    std::string ending_id, ending_title, ending_text, ending_grade, ending_outcome;
    int score = 0;  // the score expression on the final state (also for an abandoned session)
    std::string score_expression;
    bool analysis_complete = false;
    std::optional<int> best_score, worst_score;
    std::optional<int>
        percent_of_best;  // finished sessions: max(0, round(100 * score / best)) when best > 0
    std::vector<ReportVariable> variables;
    std::vector<ReportTurn> turns;
    std::vector<TurningPoint> turning_points;  // up to three, largest impact first
    SkillProfile skills;
    std::vector<MissedOpportunity> opportunities;  // every marked opportunity met, answered or not
    std::vector<std::string> best_path;            // the trainee's words of one best session
};

[[nodiscard]] Report build_report(const Session& session, const Analysis& analysis,
                                  const std::string& mode);

[[nodiscard]] std::string report_text(const Report& report);
[[nodiscard]] std::string report_markdown(const Report& report);
[[nodiscard]] std::string report_html(const Report& report);
[[nodiscard]] std::string report_json(const Report& report);

}  // namespace rapport
