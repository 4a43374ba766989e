// Building the end-of-session report from a session and the scenario's analysis (see report.hpp).
#include "rapport/report.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>

namespace rapport {

std::optional<double> SkillProfile::reflection_to_question() const {
    if (questions == 0) return std::nullopt;
    return static_cast<double>(reflections) / questions;
}

std::optional<double> SkillProfile::complex_percent() const {
    if (reflections == 0) return std::nullopt;
    return 100.0 * complex_reflections / reflections;
}

namespace {

std::string op_text(Op op) {
    switch (op) {
        case Op::Lt:
            return "<";
        case Op::Le:
            return "<=";
        case Op::Gt:
            return ">";
        case Op::Ge:
            return ">=";
        case Op::Eq:
            return "==";
        case Op::Ne:
            return "!=";
        default:
            return "";
    }
}

bool is_comparison(Op op) {
    return !op_text(op).empty();
}

// Values that the conditions leading to endings compare each variable with (`trust >= 60`).
void collect_thresholds(const Scenario& s, std::vector<ReportVariable>& vars) {
    for (const auto& node : s.nodes)
        for (const auto& r : node.responses)
            for (const auto& b : r.next) {
                if (!b.when || b.target.kind != Target::Kind::Ending) continue;
                const Ending& e = s.endings[static_cast<std::size_t>(b.target.index)];
                const auto& code = b.when->code();
                for (std::size_t i = 2; i < code.size(); ++i) {
                    if (!is_comparison(code[i].op)) continue;
                    int var = -1, value = 0;
                    std::string text;
                    if (code[i - 2].op == Op::Var && code[i - 1].op == Op::Const) {
                        var = code[i - 2].arg;
                        value = code[i - 1].arg;
                        text = s.vars[static_cast<std::size_t>(var)].id + " " +
                               op_text(code[i].op) + " " + std::to_string(value);
                    } else if (code[i - 2].op == Op::Const && code[i - 1].op == Op::Var) {
                        var = code[i - 1].arg;
                        value = code[i - 2].arg;
                        text = std::to_string(value) + " " + op_text(code[i].op) + " " +
                               s.vars[static_cast<std::size_t>(var)].id;
                    }
                    if (var < 0) continue;
                    auto& th = vars[static_cast<std::size_t>(var)].thresholds;
                    if (std::none_of(th.begin(), th.end(),
                                     [&](const Threshold& t) { return t.value == value; }))
                        th.push_back(Threshold{value, e.grade + ": " + text});
                }
            }
    for (auto& v : vars)
        std::sort(v.thresholds.begin(), v.thresholds.end(),
                  [](const Threshold& a, const Threshold& b) { return a.value < b.value; });
}

bool is_dependence_move(const std::string& id) {
    return id == "rescuing" || id == "persuading" || id == "premature_reassurance";
}

}  // namespace

Report build_report(const Session& session, const Analysis& analysis, const std::string& mode) {
    const Scenario& s = session.scenario();
    Report r;
    r.scenario_id = s.id;
    r.scenario_title = s.title;
    r.scenario_version = s.version;
    r.client_name = s.client.name;
    r.seed = session.seed();
    r.mode = mode;
    r.finished = session.finished();
    if (const Ending* e = session.ending()) {
        r.ending_id = e->id;
        r.ending_title = e->title;
        r.ending_text = e->text;
        r.ending_grade = e->grade;
        r.ending_outcome = std::string(outcome_name(e->outcome));
    }
    r.score = session.score();
    r.score_expression = s.score.text();
    r.analysis_complete = analysis.complete();
    if (r.analysis_complete) {
        r.best_score = analysis.best_score();
        r.worst_score = analysis.worst_score();
        // Only a finished session is compared with the best; a score below zero counts as 0%.
        if (r.finished && r.best_score && *r.best_score > 0)
            r.percent_of_best =
                std::max(0, static_cast<int>(std::lround(100.0 * r.score / *r.best_score)));
    }

    for (const auto& v : s.vars)
        r.variables.push_back(
            ReportVariable{v.id, v.label, v.higher_is_better, v.visible, v.min, v.max, {}, {}, {}});
    collect_thresholds(s, r.variables);

    // Replay the session to see each turn's state, line and outlook.
    Session replay(session.scenario_ptr(), session.seed());
    for (std::size_t v = 0; v < s.vars.size(); ++v)
        r.variables[v].series.push_back(replay.value(static_cast<int>(v)));
    std::map<std::string, SkillCount> counts;
    for (std::size_t i = 0; i < session.transcript().size(); ++i) {
        const Turn& t = session.transcript()[i];
        const Node& node = s.nodes[static_cast<std::size_t>(t.node)];
        const Response& resp = node.responses[static_cast<std::size_t>(t.response)];
        const Skill& skill = s.skill_of(resp);
        ReportTurn rt;
        rt.number = static_cast<int>(i + 1);
        rt.node = t.node;
        const ClientLine line = replay.line();
        rt.client_text = std::string(line.text);
        rt.client_cue = std::string(line.cue);
        rt.response = t.response;
        rt.say = resp.say;
        rt.skill_id = skill.id;
        rt.skill_label = skill.label;
        rt.skill_group = skill.group;
        rt.rationale = resp.rationale;
        rt.before = t.before;
        rt.after = t.after;
        const int score_before = replay.score();
        auto impact_of = [&](int response) {
            PlayState after = replay.state();
            apply_response(s, after, response);
            return score_of(s, after) - score_before;
        };
        rt.impact = impact_of(t.response);
        if (const auto outlook = analysis.outlook(replay.state())) {
            rt.best_before = outlook->best;
            // Rank the offered responses by best achievable score, then by what they do now.
            auto rank = [&](const StateOutlook::Choice& c) {
                return std::make_pair(c.best.value_or(INT32_MIN), impact_of(c.response));
            };
            const StateOutlook::Choice* top = nullptr;
            const StateOutlook::Choice* chosen = nullptr;
            for (const auto& c : outlook->choices) {
                if (c.response == t.response) chosen = &c;
                if (!top || rank(c) > rank(*top)) top = &c;
            }
            if (chosen) rt.best_after = chosen->best;
            if (top && chosen && top->response != t.response && rank(*top) > rank(*chosen) &&
                top->best) {
                const Response& b = node.responses[static_cast<std::size_t>(top->response)];
                rt.better = ReportTurn::Better{top->response, b.say,      s.skill_of(b).label,
                                               b.rationale,   *top->best, impact_of(top->response)};
            }
        }
        (void)replay.choose_response(t.response);
        if (rt.impact != 0) r.turning_points.push_back(TurningPoint{rt.number, rt.impact});
        for (std::size_t v = 0; v < s.vars.size(); ++v)
            r.variables[v].series.push_back(replay.value(static_cast<int>(v)));

        auto& c = counts[skill.id];
        c.id = skill.id;
        c.label = skill.label;
        c.group = skill.group;
        ++c.count;
        SkillProfile& p = r.skills;
        if (skill.group == "question") {
            ++p.questions;
            if (skill.id == "open_question") ++p.open_questions;
            if (skill.id == "closed_question") ++p.closed_questions;
        } else if (skill.group == "reflection") {
            ++p.reflections;
            if (skill.id == "complex_reflection")
                ++p.complex_reflections;
            else
                ++p.simple_reflections;
        } else if (skill.group == "autonomy") {
            ++p.autonomy_moves;
        }
        if (skill.id == "interrogating") ++p.questions;  // question chains are questions too
        if (is_dependence_move(skill.id)) ++p.dependence_moves;
        r.turns.push_back(std::move(rt));
    }
    for (auto& [id, c] : counts)
        r.skills.counts.push_back(c);
    std::stable_sort(r.skills.counts.begin(), r.skills.counts.end(),
                     [](const SkillCount& a, const SkillCount& b) { return a.count > b.count; });
    std::stable_sort(r.turning_points.begin(), r.turning_points.end(),
                     [](const TurningPoint& a, const TurningPoint& b) {
                         return std::abs(a.impact) > std::abs(b.impact);
                     });
    if (r.turning_points.size() > 3) r.turning_points.resize(3);

    // Opportunities the client offered, and whether a named skill answered within the window.
    for (std::size_t i = 0; i < r.turns.size(); ++i) {
        const Node& node = s.nodes[static_cast<std::size_t>(r.turns[i].node)];
        if (!node.opportunity) continue;
        // Only the first turn at a node opens its opportunity (staying on a node does not re-open
        // it).
        if (i > 0 && r.turns[i - 1].node == r.turns[i].node) continue;
        MissedOpportunity m;
        m.turn = r.turns[i].number;
        m.node = r.turns[i].node;
        m.kind = node.opportunity->kind;
        m.note = node.opportunity->note;
        m.within = node.opportunity->within;
        for (int sk : node.opportunity->answer_with)
            m.answer_with.push_back(s.skills[static_cast<std::size_t>(sk)].label);
        for (std::size_t j = i; j < r.turns.size() && j < i + static_cast<std::size_t>(m.within);
             ++j) {
            const auto skill = s.find_skill(r.turns[j].skill_id);
            if (skill && std::find(node.opportunity->answer_with.begin(),
                                   node.opportunity->answer_with.end(),
                                   *skill) != node.opportunity->answer_with.end()) {
                m.answered_at = r.turns[j].number;
                break;
            }
        }
        r.opportunities.push_back(std::move(m));
    }

    // One best session, for comparison.
    if (r.analysis_complete) {
        PlayState st = initial_state(s);
        for (std::size_t v = 0; v < s.vars.size(); ++v)
            r.variables[v].best_path_series.push_back(st.values[v]);
        for (const auto& [node, response] : analysis.best_path()) {
            r.best_path.push_back(s.nodes[static_cast<std::size_t>(node)]
                                      .responses[static_cast<std::size_t>(response)]
                                      .say);
            apply_response(s, st, response);
            for (std::size_t v = 0; v < s.vars.size(); ++v)
                r.variables[v].best_path_series.push_back(st.values[v]);
        }
    }
    return r;
}

}  // namespace rapport
