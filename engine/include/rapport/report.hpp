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
    // Say it first: what the trainee wrote before the options appeared (nullopt: not asked).
    std::optional<std::string> said;
    bool said_skipped = false;
    // Its automatic code (rapport/coding.hpp; approximate), and, when it differs from the chosen
    // response's code, a plain sentence saying so.
    std::string said_code, said_code_label, said_differs;
    // The behaviour code (what MITI would code it as). `skill_group` is the code's family for
    // colouring: question, reflection, autonomy (MI-adherent), information, advice (MI-non-
    // adherent), structuring (not a MITI code), novice_error (the response makes an error).
    std::string skill_id;
    std::string skill_label;
    std::string skill_group;
    std::vector<std::string> error_ids, error_labels;  // novice errors it makes
    std::vector<std::string> meets;                    // labels of the essentials it meets
    std::string red_flag;                              // non-empty: why it is critical
    std::string reply, reply_cue;                      // the client's reaction to it
    std::string rationale;
    std::vector<int> before;
    std::vector<int> after;
    std::optional<int> best_before;  // best achievable score before the choice
    std::optional<int> best_after;   // best achievable after it
    // false: the analysis stopped at a bound here, and best_before/best_after are upper bounds
    // (what could at most still be achieved), not exact figures.
    bool outlook_exact = true;
    int impact = 0;     // change in the score's value this turn
    int tolerance = 5;  // the scenario's `equally_good`
    // A response offered at this turn whose best achievable score is more than the tolerance above
    // the chosen one's: a real difference, stated in words first (its rationale), then in points.
    struct Better {
        int response = 0;
        std::string say;
        std::string skill_label;
        std::string rationale;
        int best = 0;        // best achievable score had it been chosen
        int impact = 0;      // its change in the score's value this turn
        int difference = 0;  // best - the chosen response's best achievable
    };
    std::optional<Better> better;
    int equally_good = 0;  // other offered responses within the tolerance of the chosen one
    [[nodiscard]] int cost() const {  // how much this choice lowered the best achievable score
        return outlook_exact && best_before && best_after ? *best_before - *best_after : 0;
    }
    // Worth a second look: a red flag, a novice error, or a real loss of best achievable score.
    [[nodiscard]] bool flagged() const {
        return !red_flag.empty() || !error_ids.empty() || better.has_value();
    }
};

// Where the session was decided: a threshold crossing that made the ending (or closed a better
// one), an ending passed on for want of essentials, or one of the largest losses of best
// achievable score.
struct TurningPoint {
    int turn = 0;         // 1-based turn number
    int impact = 0;       // change in the session score's value that turn
    std::string kind;     // threshold, requires, gate, loss
    std::string decided;  // what it decided, in a sentence
    int loss = 0;         // for `loss`: best achievable score lost
};

struct SkillCount {
    std::string id;
    std::string label;
    std::string group;
    int count = 0;
};

// Counted from behaviour codes only (errors do not change what a response counts as): every
// question counts; a summary counts as a simple reflection, as MITI 4.2.1 codes it unless it adds
// meaning (code such a summary `complex_reflection`).
struct SkillProfile {
    std::vector<SkillCount> counts;  // codes used, most used first
    int questions = 0, open_questions = 0, closed_questions = 0;
    int reflections = 0, simple_reflections = 0, complex_reflections = 0;
    int mi_adherent = 0;       // affirm, seeking collaboration, emphasizing autonomy
    int mi_non_adherent = 0;   // persuade, confront
    int autonomy_moves = 0;    // emphasizing autonomy, seeking collaboration
    int dependence_moves = 0;  // responses that rescue, advise unasked or reassure too soon
    [[nodiscard]] std::optional<double> reflection_to_question() const;
    [[nodiscard]] std::optional<double> complex_percent() const;
};

struct MissedOpportunity {
    int turn = 0;  // 1-based turn at which the client offered it
    int node = 0;
    std::string kind;
    std::string note;
    std::vector<std::string> answer_with;  // code and essential labels
    int within = 2;
    std::optional<int> answered_at;  // 1-based turn that answered it, if any
};

struct Threshold {
    int value = 0;
    std::string label;  // e.g. "Alliance formed: Trust at least 60"
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

// One required essential: met (at which turn), or missed and where it could have been met.
struct EssentialCheck {
    std::string id;
    std::string label;
    std::string description;
    bool met = false;
    std::optional<int> turn;        // met: the turn that met it
    std::optional<int> could_turn;  // missed: the first turn at which a response offered it
    std::string could_say;          // that response
    std::optional<int> best_with, best_without;  // best achievable with and without it
};

struct RedFlag {
    int turn = 0;
    std::string say;
    std::string note;     // why a supervisor would stop the session here
    std::string instead;  // a better response offered at that turn, if any
};

struct ErrorUse {
    std::string id;
    std::string label;
    std::string definition;
    std::string source;
    std::vector<int> turns;
};

struct DrillLink {
    std::string topic;   // drill topic id
    std::string id;      // item id
    std::string prompt;  // the item's question
};

// The supervisor-style debrief: computed from the session.
struct Debrief {
    std::vector<std::string> strengths;  // two
    std::vector<std::string> growth;     // two growth edges
    std::string practise;                // one thing to practise next
    std::string practise_topic;          // its drill topic id (may be empty)
    std::vector<DrillLink> drills;       // drill items on that topic, when banks were given
    std::string question;                // one reflective question to take to supervision
};

struct Report {
    std::string scenario_id, scenario_title, scenario_version, client_name;
    std::uint64_t seed = 0;
    std::string mode;
    bool finished = false;
    std::string ending_id, ending_title, ending_text, ending_grade, ending_outcome;
    int score = 0;  // the score expression on the final state (also for an abandoned session)
    std::string score_expression;
    bool analysis_complete = false;  // the whole state graph was explored
    std::string analysis_limit;      // when not: which bound stopped it (time, memory, states)
    // Every best/worst figure below and in the turns is exact (false: some are bounds; the
    // renderings say "at most" / "at least" for them).
    bool figures_exact = true;
    bool best_exact = true;  // best_score is exact (false: an upper bound), worst_score likewise
    std::optional<int> best_score, worst_score;
    std::optional<int>
        percent_of_best;  // finished sessions: max(0, round(100 * score / best)) when best > 0
    int tolerance = 5;    // the scenario's `equally_good`
    std::vector<ReportVariable> variables;
    std::vector<ReportTurn> turns;
    std::vector<RedFlag> red_flags;            // listed first, apart from points
    std::vector<EssentialCheck> essentials;    // the scenario's required essentials
    std::vector<TurningPoint> turning_points;  // in turn order
    // Essentials whose absence passed the session on from a better ending (ids): what decided it.
    std::vector<std::string> deciding_essentials;
    std::vector<ErrorUse> errors;  // novice errors made, most frequent first
    SkillProfile skills;
    // Say it first: the same profile of what the trainee wrote, as the automatic coder codes it
    // (approximate), and of what they chose at the same turns; nullopt when no turn was written.
    // Both leave out the risk turns (a risk moment, or words about risk): a direct question there
    // is the right form for a screen, never counted as a question. `own_words_turns`: the turns
    // written; `own_words_risk_turns`: those of them left out.
    std::optional<SkillProfile> own_words, own_words_chosen;
    bool say_first = false;  // the session was played in say it first
    int own_words_turns = 0, own_words_risk_turns = 0;
    std::vector<MissedOpportunity> opportunities;  // every marked opportunity met, answered or not
    std::vector<std::string> best_path;            // the trainee's words of one best session
    Debrief debrief;
    std::vector<std::string> objectives;  // the scenario's own (exam mode shows them only here)
    std::string instructor_notes;         // the author's background notes, for the debrief
};

// What the report may link to beyond the scenario.
struct ReportOptions {
    std::vector<DrillLink> drills;  // drill items by topic, for the debrief's "practise next"
};

[[nodiscard]] Report build_report(const Session& session, const Analysis& analysis,
                                  const std::string& mode, const ReportOptions& options = {});

// The line every rendering carries: the ratios describe the options chosen, not coded speech.
inline constexpr const char* menu_is_not_coding =
    "Choosing from a menu is not MITI coding: these figures describe the options you chose, not "
    "coded speech of your own.";

[[nodiscard]] std::string report_text(const Report& report);
[[nodiscard]] std::string report_markdown(const Report& report);
[[nodiscard]] std::string report_html(const Report& report);
[[nodiscard]] std::string report_json(const Report& report);

}  // namespace rapport
