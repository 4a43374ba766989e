// Rendering the report model: plain text (terminal), Markdown, self-contained HTML with inline SVG
// charts (prints well), and JSON. All four read the same Report; none computes anything new.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "rapport/escape.hpp"
#include "rapport/report.hpp"

namespace rapport {

namespace {

std::string signed_delta(int d) {
    return (d > 0 ? "+" : "") + std::to_string(d);
}

std::string changes(const Report& r, const ReportTurn& t) {
    std::string out;
    for (std::size_t v = 0; v < r.variables.size(); ++v) {
        if (t.before[v] == t.after[v]) continue;
        if (!out.empty()) out += ", ";
        out += r.variables[v].id + " " + signed_delta(t.after[v] - t.before[v]);
    }
    return out.empty() ? "no change" : out;
}

std::string fixed(double v, int digits = 2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string rating(std::optional<double> value, double fair, double good) {
    if (!value) return "not measured";
    if (*value >= good) return "good";
    if (*value >= fair) return "fair";
    return "below fair";
}

std::string outcome_line(const Report& r) {
    std::string s = (r.finished ? "Score " : "Score so far ") + std::to_string(r.score) + " (" +
                    r.score_expression + ")";
    if (r.best_score && r.best_exact) {
        s += "; best achievable " + std::to_string(*r.best_score);
        if (r.worst_score) s += ", worst " + std::to_string(*r.worst_score);
        if (r.percent_of_best) s += ": " + std::to_string(*r.percent_of_best) + "% of the best";
    } else if (r.best_score) {
        s += "; best achievable at most " + std::to_string(*r.best_score);
        if (r.worst_score) s += ", worst at least " + std::to_string(*r.worst_score);
    } else if (!r.analysis_complete && !r.best_exact) {
        s += "; the scenario is too large to compute the best achievable score";
    }
    s += ".";
    if (!r.figures_exact)
        s += " Figures marked \"at most\" or \"at least\" are bounds, not exact: the analysis "
             "stopped at its " +
             r.analysis_limit + " limit.";
    return s;
}

std::string series_text(const std::vector<int>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i)
        s += (i ? " " : "") + std::to_string(v[i]);
    return s;
}

// The caveat of the own-words profile: what it counts and that the coding is automatic.
std::string own_words_note(const Report& r) {
    std::string s = std::to_string(r.own_words_turns) +
                    (r.own_words_turns == 1 ? " turn" : " turns") + " you wrote";
    if (r.own_words_risk_turns > 0)
        s += ", " + std::to_string(r.own_words_risk_turns) +
             " of them at a risk moment or about risk and left out of both counts (a direct "
             "question about risk is the right form there, never counted as a question)";
    return s +
           "; coded by Rapport's rule-based coder, which is approximate and not validated on "
           "trainees' typed words (docs/coding.md): counts to notice, not a MITI rating";
}

std::string own_counts_text(const SkillProfile& w) {
    return "questions " + std::to_string(w.questions) + " (open " +
           std::to_string(w.open_questions) + ", closed " + std::to_string(w.closed_questions) +
           "), reflections " + std::to_string(w.reflections) + " (simple " +
           std::to_string(w.simple_reflections) + ", complex " +
           std::to_string(w.complex_reflections) + ")";
}

std::string ratio_text(const SkillProfile& p) {
    const auto rq = p.reflection_to_question();
    return "Reflection-to-question ratio: " +
           (rq ? fixed(*rq) + ":1" : std::string("not defined, no questions asked")) + " (" +
           std::to_string(p.reflections) + " reflections, " + std::to_string(p.questions) +
           " questions); MITI 4.2.1: fair 1:1, good 2:1: " +
           rating(rq, MitiThresholds::reflection_question_fair,
                  MitiThresholds::reflection_question_good);
}

std::string complex_text(const SkillProfile& p) {
    const auto cp = p.complex_percent();
    if (!cp)
        return "Complex reflections: none (no reflections); MITI 4.2.1: fair 40%, good 50% of "
               "reflections";
    return "Complex reflections: " + fixed(*cp, 0) + "% of reflections (" +
           std::to_string(p.complex_reflections) + " of " + std::to_string(p.reflections) +
           "); MITI 4.2.1: fair 40%, good 50%: " +
           rating(cp, MitiThresholds::complex_reflection_fair,
                  MitiThresholds::complex_reflection_good);
}

std::string opportunity_text(const MissedOpportunity& m) {
    std::string skills;
    for (std::size_t i = 0; i < m.answer_with.size(); ++i)
        skills += (i ? " or " : "") + m.answer_with[i];
    if (m.answered_at) return "Answered at turn " + std::to_string(*m.answered_at);
    return "Missed: " + skills + " within " + std::to_string(m.within) +
           (m.within == 1 ? " turn" : " turns") + " would have answered it";
}

// How big the difference is, after the words: points second.
std::string better_why(const ReportTurn& t) {
    const std::string after = t.best_after ? std::to_string(*t.best_after) : std::string("none");
    return "best achievable session " + std::to_string(t.better->best) + " instead of " + after +
           ": " + std::to_string(t.better->difference) + " points; differences of " +
           std::to_string(t.tolerance) + " or less count as equally good";
}

std::string code_text(const ReportTurn& t) {
    std::string out = t.skill_label;
    if (!t.error_labels.empty()) {
        out += "; error: ";
        for (std::size_t i = 0; i < t.error_labels.size(); ++i)
            out += (i ? ", " : "") + t.error_labels[i];
    }
    if (!t.meets.empty()) {
        out += "; meets: ";
        for (std::size_t i = 0; i < t.meets.size(); ++i)
            out += (i ? ", " : "") + t.meets[i];
    }
    return out;
}

std::string essential_text(const EssentialCheck& e) {
    if (e.met) return "met at turn " + std::to_string(*e.turn);
    std::string out = "missed";
    if (e.could_turn)
        out += "; you could have met it at turn " + std::to_string(*e.could_turn) + ": \"" +
               e.could_say + "\"";
    else
        out += "; it was not offered on this path, so it had to be met earlier";
    return out;
}

std::string mi_text(const SkillProfile& p) {
    return "MI-consistent (affirming, seeking collaboration, emphasizing autonomy): " +
           std::to_string(p.mi_adherent) +
           "; MI-inconsistent (persuading, confronting): " + std::to_string(p.mi_non_adherent);
}

}  // namespace

std::string report_text(const Report& r) {
    std::ostringstream o;
    o << "== " << (r.finished ? r.ending_title : "Session not finished") << " ==\n";
    if (r.finished) o << "Grade: " << r.ending_grade << " (" << r.ending_outcome << ")\n";
    o << outcome_line(r) << "\n";
    if (r.finished) o << r.ending_text << "\n";

    if (!r.red_flags.empty()) {
        o << "\nRed flags (a supervisor would stop the session here)\n";
        for (const auto& f : r.red_flags) {
            o << "  Turn " << f.turn << ": \"" << f.say << "\"\n    " << f.note << "\n";
            if (!f.instead.empty()) o << "    Instead: \"" << f.instead << "\"\n";
        }
    }
    if (!r.essentials.empty()) {
        o << "\nEssentials of a first session\n";
        for (const auto& e : r.essentials)
            o << "  [" << (e.met ? "x" : " ") << "] " << e.label << ": " << essential_text(e)
              << "\n";
    }
    o << "\nHow " << r.client_name << "'s state moved (start, then after each turn)\n";
    for (const auto& v : r.variables) {
        o << "  " << v.label << (v.higher_is_better ? "" : " (lower is better)") << ": "
          << series_text(v.series) << "\n";
        if (!v.best_path_series.empty())
            o << "    a best session: " << series_text(v.best_path_series) << "\n";
        for (const auto& t : v.thresholds)
            o << "    threshold " << t.label << "\n";
    }

    o << "\nTurn by turn\n";
    for (const auto& t : r.turns) {
        o << t.number << ". " << r.client_name << ": \"" << t.client_text << "\""
          << (t.client_cue.empty() ? "" : " (" + t.client_cue + ")") << "\n";
        if (r.say_first && !t.said) o << "   You wrote: (not written)\n";
        if (t.said)
            o << "   You wrote: "
              << (t.said_skipped
                      ? std::string("(skipped)")
                      : "\"" + *t.said + "\"  [" + t.said_code_label + ", coded automatically]")
              << "\n";
        o << "   " << (r.say_first || t.said ? "You chose" : "You") << ": \"" << t.say << "\"  ["
          << code_text(t) << "]  " << changes(r, t) << "\n";
        if (!t.reply.empty() || !t.reply_cue.empty())
            o << "   " << r.client_name << ": \"" << t.reply << "\""
              << (t.reply_cue.empty() ? "" : " (" + t.reply_cue + ")") << "\n";
        if (!t.red_flag.empty()) o << "   RED FLAG: " << t.red_flag << "\n";
        o << "   Why: " << t.rationale << "\n";
        if (t.better)
            o << "   Better: \"" << t.better->say << "\"  [" << t.better->skill_label
              << "]: " << t.better->rationale << " (" << better_why(t) << ")\n";
        if (!t.said_differs.empty()) o << "   " << t.said_differs << "\n";
    }

    if (!r.turning_points.empty()) {
        o << "\nTurning points (where the session was decided)\n";
        for (const auto& tp : r.turning_points)
            o << "  Turn " << tp.turn << ": " << tp.decided << "\n";
    }
    if (!r.errors.empty()) {
        o << "\nNovice errors\n";
        for (const auto& e : r.errors) {
            o << "  " << e.label << " (turn" << (e.turns.size() > 1 ? "s" : "");
            for (std::size_t i = 0; i < e.turns.size(); ++i)
                o << (i ? ", " : " ") << e.turns[i];
            o << "): " << e.definition << "\n";
        }
    }

    o << "\nSkill profile\n  " << menu_is_not_coding << "\n  " << ratio_text(r.skills) << "\n  "
      << complex_text(r.skills) << "\n  " << mi_text(r.skills) << "\n";
    o << "  Open questions " << r.skills.open_questions << ", closed questions "
      << r.skills.closed_questions << "\n";
    o << "  Moves that support autonomy: " << r.skills.autonomy_moves
      << "; moves that build dependence: " << r.skills.dependence_moves << "\n";
    o << "  Skills used:";
    for (std::size_t i = 0; i < r.skills.counts.size(); ++i)
        o << (i ? ", " : " ") << r.skills.counts[i].label << " " << r.skills.counts[i].count;
    o << "\n";
    if (r.own_words) {
        const SkillProfile& w = *r.own_words;
        o << "  In your own words (" << own_words_note(r)
          << "):\n    you wrote: " << own_counts_text(w)
          << "\n    you chose, at the same turns: " << own_counts_text(*r.own_words_chosen) << "\n";
    }

    if (!r.opportunities.empty()) {
        o << "\nOpportunities the client offered\n";
        for (const auto& m : r.opportunities)
            o << "  Turn " << m.turn << " (" << m.kind << "): " << m.note << " "
              << opportunity_text(m) << ".\n";
    }
    if (!r.best_path.empty()) {
        o << "\nOne best session\n";
        for (std::size_t i = 0; i < r.best_path.size(); ++i)
            o << "  " << i + 1 << ". \"" << r.best_path[i] << "\"\n";
    }
    const Debrief& d = r.debrief;
    o << "\nDebrief\n";
    for (const auto& x : d.strengths)
        o << "  Strength: " << x << "\n";
    for (const auto& x : d.growth)
        o << "  Growth edge: " << x << "\n";
    o << "  Practise next: " << d.practise << "\n";
    for (const auto& l : d.drills)
        o << "    drill " << l.id << ": " << l.prompt << "\n";
    o << "  For supervision: " << d.question << "\n";
    if (r.mode == "exam" && !r.objectives.empty()) {
        o << "  This session's objectives:\n";
        for (const auto& x : r.objectives)
            o << "    - " << x << "\n";
    }
    // Read in a terminal: nothing from the scenario may reach it as an escape sequence.
    return terminal_safe(o.str());
}

std::string report_markdown(const Report& r) {
    std::ostringstream o;
    o << "# Session report: " << markdown_text(r.scenario_title) << "\n\n";
    o << "Scenario `" << markdown_text(r.scenario_id) << "` version "
      << markdown_text(r.scenario_version) << ", " << markdown_text(r.mode) << " mode, seed "
      << r.seed << ".\n\n";
    o << "## Outcome\n\n";
    if (r.finished)
        o << "**" << markdown_text(r.ending_title) << "**: " << markdown_text(r.ending_grade)
          << " (" << markdown_text(r.ending_outcome) << ").\n\n"
          << markdown_text(r.ending_text) << "\n\n";
    else
        o << "**The session was not finished.**\n\n";
    o << markdown_text(outcome_line(r)) << "\n\n";

    if (!r.red_flags.empty()) {
        o << "## Red flags\n\nA supervisor would stop the session at these points, whatever the "
             "score.\n\n";
        for (const auto& f : r.red_flags) {
            o << "- **Turn " << f.turn << ":** \"" << markdown_text(f.say) << "\" "
              << markdown_text(f.note);
            if (!f.instead.empty()) o << " Instead: \"" << markdown_text(f.instead) << "\"";
            o << "\n";
        }
        o << "\n";
    }
    if (!r.essentials.empty()) {
        o << "## Essentials of a first session\n\n";
        for (const auto& e : r.essentials)
            o << "- [" << (e.met ? "x" : " ") << "] **" << markdown_text(e.label)
              << "**: " << markdown_text(essential_text(e)) << "\n";
        o << "\n";
    }

    o << "## State over the session\n\nValues at the start (turn 0) and after each turn.\n\n| turn "
         "|";
    for (const auto& v : r.variables)
        o << " " << markdown_text(v.label) << " |";
    o << "\n| ---: |";
    for (std::size_t i = 0; i < r.variables.size(); ++i)
        o << " ---: |";
    o << "\n";
    for (std::size_t t = 0; !r.variables.empty() && t < r.variables[0].series.size(); ++t) {
        o << "| " << t << " |";
        for (const auto& v : r.variables)
            o << " " << v.series[t] << " |";
        o << "\n";
    }
    o << "\n";
    for (const auto& v : r.variables) {
        if (!v.best_path_series.empty())
            o << "- " << markdown_text(v.label) << (v.higher_is_better ? "" : " (lower is better)")
              << ": ended at " << v.series.back() << "; a best session ends at "
              << v.best_path_series.back();
        else
            o << "- " << markdown_text(v.label) << ": ended at " << v.series.back();
        for (const auto& t : v.thresholds)
            o << "; threshold " << markdown_text(t.label);
        o << "\n";
    }

    o << "\n## Turn by turn\n\n";
    for (const auto& t : r.turns) {
        o << "### Turn " << t.number
          << (!t.red_flag.empty() ? " (red flag)"
              : t.better          ? " (a better response was available)"
                                  : "")
          << "\n\n";
        o << "> **" << markdown_text(r.client_name) << ":** " << markdown_text(t.client_text);
        if (!t.client_cue.empty()) o << " *(" << markdown_text(t.client_cue) << ")*";
        if (r.say_first && !t.said) o << "\n\n**You wrote:** *(not written)*";
        if (t.said)
            o << "\n\n**You wrote:** "
              << (t.said_skipped
                      ? std::string("*(skipped)*")
                      : markdown_text(*t.said) + " *(" + markdown_text(t.said_code_label) +
                            ", coded automatically)*");
        o << "\n\n**" << (r.say_first || t.said ? "You chose" : "You") << ":** "
          << markdown_text(t.say) << "\n\n";
        if (!t.reply.empty() || !t.reply_cue.empty()) {
            o << "> **" << markdown_text(r.client_name) << ":** " << markdown_text(t.reply);
            if (!t.reply_cue.empty()) o << " *(" << markdown_text(t.reply_cue) << ")*";
            o << "\n\n";
        }
        o << "- Code: " << markdown_text(code_text(t))
          << "\n- Effect: " << markdown_text(changes(r, t));
        if (!t.red_flag.empty()) o << "\n- **Red flag:** " << markdown_text(t.red_flag);
        o << "\n- Why: " << markdown_text(t.rationale) << "\n";
        if (t.better) {
            o << "- Better: \"" << markdown_text(t.better->say) << "\" ("
              << markdown_text(t.better->skill_label) << "). " << markdown_text(t.better->rationale)
              << " (" << markdown_text(better_why(t)) << ")\n";
        }
        if (!t.said_differs.empty()) o << "- " << markdown_text(t.said_differs) << "\n";
        o << "\n";
    }

    if (!r.turning_points.empty()) {
        o << "## Turning points\n\nWhere the session was decided.\n\n";
        for (const auto& tp : r.turning_points) {
            const auto& t = r.turns[static_cast<std::size_t>(tp.turn - 1)];
            o << "- Turn " << tp.turn << " (\"" << markdown_text(t.say)
              << "\"): " << markdown_text(tp.decided) << "\n";
        }
        o << "\n";
    }
    if (!r.errors.empty()) {
        o << "## Novice errors\n\n";
        for (const auto& e : r.errors) {
            o << "- **" << markdown_text(e.label) << "** (turn" << (e.turns.size() > 1 ? "s" : "");
            for (std::size_t i = 0; i < e.turns.size(); ++i)
                o << (i ? ", " : " ") << e.turns[i];
            o << "): " << markdown_text(e.definition) << "\n";
        }
        o << "\n";
    }

    o << "## Skill profile\n\n"
      << menu_is_not_coding << "\n\n- " << ratio_text(r.skills) << "\n- " << complex_text(r.skills)
      << "\n- " << mi_text(r.skills) << "\n";
    o << "- Open questions: " << r.skills.open_questions
      << "; closed questions: " << r.skills.closed_questions << "\n";
    o << "- Moves that support autonomy: " << r.skills.autonomy_moves
      << "; moves that build dependence: " << r.skills.dependence_moves << "\n\n";
    o << "| code | times |\n| --- | ---: |\n";
    for (const auto& c : r.skills.counts)
        o << "| " << markdown_text(c.label) << " | " << c.count << " |\n";
    if (r.own_words) {
        const SkillProfile& w = *r.own_words;
        o << "\n**In your own words** (" << own_words_note(r) << "): you wrote "
          << own_counts_text(w) << "; you chose, at the same turns, "
          << own_counts_text(*r.own_words_chosen) << "\n";
    }

    if (!r.opportunities.empty()) {
        o << "\n## Opportunities the client offered\n\n";
        for (const auto& m : r.opportunities)
            o << "- Turn " << m.turn << " (" << markdown_text(m.kind)
              << "): " << markdown_text(m.note) << " " << markdown_text(opportunity_text(m))
              << ".\n";
    }
    if (!r.best_path.empty()) {
        o << "\n## One best session\n\n";
        for (std::size_t i = 0; i < r.best_path.size(); ++i)
            o << i + 1 << ". " << markdown_text(r.best_path[i]) << "\n";
    }
    const Debrief& d = r.debrief;
    o << "\n## Debrief\n\n";
    for (const auto& x : d.strengths)
        o << "- **Strength:** " << markdown_text(x) << "\n";
    for (const auto& x : d.growth)
        o << "- **Growth edge:** " << markdown_text(x) << "\n";
    o << "- **Practise next:** " << markdown_text(d.practise) << "\n";
    for (const auto& l : d.drills)
        o << "  - drill `" << markdown_text(l.id) << "`: " << markdown_text(l.prompt) << "\n";
    o << "- **For supervision:** " << markdown_text(d.question) << "\n";
    if (r.mode == "exam" && !r.objectives.empty()) {
        o << "\nThis session's objectives:\n\n";
        for (const auto& x : r.objectives)
            o << "- " << markdown_text(x) << "\n";
    }
    return o.str();
}

namespace {

// A line chart of one variable: the trainee's curve, a best session's curve, the thresholds.
std::string svg_chart(const ReportVariable& v) {
    const double w = 640, h = 220, left = 44, right = 150, top = 14, bottom = 30;
    const double pw = w - left - right, ph = h - top - bottom;
    const std::size_t points = std::max(v.series.size(), v.best_path_series.size());
    const double xmax = std::max<double>(1, static_cast<double>(points) - 1);
    auto x = [&](std::size_t i) { return left + pw * static_cast<double>(i) / xmax; };
    auto y = [&](int value) {
        return top + ph * (1.0 - static_cast<double>(value - v.min) / std::max(1, v.max - v.min));
    };
    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " << w << " " << h
      << "\" role=\"img\" aria-label=\"" << html_escape(v.label) << " over the session\">\n";
    o << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << pw << "\" height=\"" << ph
      << "\" fill=\"#fafafa\" stroke=\"#999\"/>\n";
    for (int k = 0, last = v.min - 1; k <= 4; ++k) {
        const int value = v.min + (v.max - v.min) * k / 4;
        if (value == last) continue;  // small ranges: no repeated ticks
        last = value;
        o << "<text x=\"" << left - 6 << "\" y=\"" << y(value) + 4
          << "\" text-anchor=\"end\" class=\"tick\">" << value << "</text>\n";
    }
    const std::size_t step = std::max<std::size_t>(1, points / 10);
    for (std::size_t i = 0; i < points; i += step)
        o << "<text x=\"" << x(i) << "\" y=\"" << h - 12
          << "\" text-anchor=\"middle\" class=\"tick\">" << i << "</text>\n";
    o << "<text x=\"" << left + pw / 2 << "\" y=\"" << h - 1
      << "\" text-anchor=\"middle\" class=\"tick\">turn</text>\n";
    for (const auto& t : v.thresholds) {
        if (t.value < v.min || t.value > v.max) continue;
        o << "<line x1=\"" << left << "\" x2=\"" << left + pw << "\" y1=\"" << y(t.value)
          << "\" y2=\"" << y(t.value) << "\" stroke=\"#c60\" stroke-dasharray=\"2 3\"><title>"
          << html_escape(t.label) << "</title></line>\n";
        o << "<text x=\"" << left + pw - 4 << "\" y=\"" << y(t.value) - 3
          << "\" text-anchor=\"end\" class=\"tick\" fill=\"#a50\">" << html_escape(t.label)
          << "</text>\n";
    }
    auto polyline = [&](const std::vector<int>& series, const char* cls, const char* colour,
                        const char* dash) {
        if (series.empty()) return;
        o << "<polyline class=\"" << cls << "\" fill=\"none\" stroke=\"" << colour
          << "\" stroke-width=\"2\"" << dash << " points=\"";
        for (std::size_t i = 0; i < series.size(); ++i)
            o << (i ? " " : "") << x(i) << "," << y(series[i]);
        o << "\"/>\n";
        for (std::size_t i = 0; i < series.size(); ++i)
            o << "<circle cx=\"" << x(i) << "\" cy=\"" << y(series[i]) << "\" r=\"2.5\" fill=\""
              << colour << "\"><title>turn " << i << ": " << series[i] << "</title></circle>\n";
    };
    polyline(v.best_path_series, "best", "#888", " stroke-dasharray=\"6 4\"");
    polyline(v.series, "trainee", "#1f5fa8", "");
    const double lx = left + pw + 12;
    o << "<line x1=\"" << lx << "\" x2=\"" << lx + 22 << "\" y1=\"" << top + 10 << "\" y2=\""
      << top + 10 << "\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>"
      << "<text x=\"" << lx + 28 << "\" y=\"" << top + 14
      << "\" class=\"legend\">your session</text>\n";
    if (!v.best_path_series.empty())
        o << "<line x1=\"" << lx << "\" x2=\"" << lx + 22 << "\" y1=\"" << top + 28 << "\" y2=\""
          << top + 28
          << "\" stroke=\"#888\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"" << lx + 28
          << "\" y=\"" << top + 32 << "\" class=\"legend\">a best session</text>\n";
    if (!v.thresholds.empty())
        o << "<line x1=\"" << lx << "\" x2=\"" << lx + 22 << "\" y1=\"" << top + 46 << "\" y2=\""
          << top + 46 << "\" stroke=\"#c60\" stroke-dasharray=\"2 3\"/><text x=\"" << lx + 28
          << "\" y=\"" << top + 50 << "\" class=\"legend\">thresholds</text>\n";
    o << "</svg>\n";
    return o.str();
}

}  // namespace

std::string report_html(const Report& r) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Session "
         "report: "
      << html_escape(r.scenario_title)
      << "</title>\n<style>\n"
         "body{font-family:'DejaVu Sans',system-ui,sans-serif;max-width:52rem;margin:2rem "
         "auto;padding:0 1rem;color:#222;line-height:1.45}\n"
         "h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid "
         "#ccc;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}\n"
         ".meta{color:#666}.outcome{padding:.6rem 1rem;border-left:6px solid "
         "#888;background:#f4f4f4}\n"
         ".good{border-color:#2e7d32}.mixed{border-color:#c28a00}.poor{border-color:#b3261e}\n"
         ".redflag{color:#8c1d18}.client{background:#f1f4f8;padding:.4rem "
         ".7rem;border-radius:.4rem}.cue{color:#555;font-style:italic}\n"
         ".turn.poorturn{border-left:4px solid "
         "#b3261e;padding-left:.7rem}.better{background:#eef7ee;padding:.4rem "
         ".7rem;border-radius:.4rem}\n"
         ".said{background:#fff7e0;border-left:4px solid #8a6100;padding:.4rem .7rem;"
         "font-size:1.05em}\n"
         ".chart{width:100%;max-width:640px;height:auto}.tick{font-size:10px;fill:#555}.legend{"
         "font-size:11px;fill:#333}\n"
         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem "
         ".5rem;text-align:left}\n"
         "@media "
         "print{body{margin:0;max-width:none}.turn{break-inside:avoid}svg{break-inside:avoid}}\n"
         "</style>\n</head>\n<body>\n";
    o << "<h1>Session report: " << html_escape(r.scenario_title)
      << "</h1>\n<p class=\"meta\">Scenario <code>" << html_escape(r.scenario_id)
      << "</code> version " << html_escape(r.scenario_version) << ", " << html_escape(r.mode)
      << " mode, seed " << r.seed << "</p>\n";
    o << "<h2>Outcome</h2>\n<div class=\"outcome " << html_escape(r.ending_outcome) << "\">";
    if (r.finished)
        o << "<p><strong>" << html_escape(r.ending_title)
          << "</strong>: " << html_escape(r.ending_grade) << "</p><p>" << html_escape(r.ending_text)
          << "</p>";
    else
        o << "<p><strong>The session was not finished.</strong></p>";
    o << "<p>" << html_escape(outcome_line(r)) << "</p></div>\n";
    if (!r.red_flags.empty()) {
        o << "<h2>Red flags</h2>\n<p>A supervisor would stop the session at these points, "
             "whatever the score.</p>\n<ul>\n";
        for (const auto& f : r.red_flags) {
            o << "<li class=\"redflag\"><strong>Turn " << f.turn << ":</strong> \""
              << html_escape(f.say) << "\" " << html_escape(f.note);
            if (!f.instead.empty()) o << " Instead: \"" << html_escape(f.instead) << "\"";
            o << "</li>\n";
        }
        o << "</ul>\n";
    }
    if (!r.essentials.empty()) {
        o << "<h2>Essentials of a first session</h2>\n<ul>\n";
        for (const auto& e : r.essentials)
            o << "<li>" << (e.met ? "&#10003; " : "&#10007; ") << "<strong>" << html_escape(e.label)
              << "</strong>: " << html_escape(essential_text(e)) << "</li>\n";
        o << "</ul>\n";
    }

    o << "<h2>State over the session</h2>\n";
    for (const auto& v : r.variables) {
        o << "<h3>" << html_escape(v.label) << (v.higher_is_better ? "" : " (lower is better)")
          << "</h3>\n"
          << svg_chart(v);
        if (!v.thresholds.empty()) {
            o << "<p class=\"meta\">Thresholds: ";
            for (std::size_t i = 0; i < v.thresholds.size(); ++i)
                o << (i ? "; " : "") << html_escape(v.thresholds[i].label);
            o << "</p>\n";
        }
    }

    o << "<h2>Turn by turn</h2>\n";
    for (const auto& t : r.turns) {
        o << "<div class=\"turn" << (t.better ? " poorturn" : "") << "\">\n<h3>Turn " << t.number
          << "</h3>\n<p class=\"client\"><strong>" << html_escape(r.client_name) << ":</strong> "
          << html_escape(t.client_text);
        if (!t.client_cue.empty())
            o << " <span class=\"cue\">(" << html_escape(t.client_cue) << ")</span>";
        o << "</p>\n";
        if (r.say_first && !t.said)
            o << "<p class=\"said\"><strong>You wrote:</strong> <em>(not written)</em></p>\n";
        if (t.said)
            o << "<p class=\"said\"><strong>You wrote:</strong> "
              << (t.said_skipped
                      ? std::string("<em>(skipped)</em>")
                      : html_escape(*t.said) + " <span class=\"code\">(" +
                            html_escape(t.said_code_label) + ", coded automatically)</span>")
              << "</p>\n";
        o << "<p><strong>" << (r.say_first || t.said ? "You chose" : "You") << ":</strong> "
          << html_escape(t.say) << "</p>\n";
        if (!t.reply.empty() || !t.reply_cue.empty()) {
            o << "<p class=\"client\"><strong>" << html_escape(r.client_name) << ":</strong> "
              << html_escape(t.reply);
            if (!t.reply_cue.empty())
                o << " <span class=\"cue\">(" << html_escape(t.reply_cue) << ")</span>";
            o << "</p>\n";
        }
        if (!t.red_flag.empty())
            o << "<p class=\"redflag\"><strong>Red flag:</strong> " << html_escape(t.red_flag)
              << "</p>\n";
        o << "<p>" << html_escape(code_text(t)) << "; " << html_escape(changes(r, t)) << ". "
          << html_escape(t.rationale) << "</p>\n";
        if (t.better)
            o << "<p class=\"better\"><strong>Better:</strong> \"" << html_escape(t.better->say)
              << "\" (" << html_escape(t.better->skill_label) << "). "
              << html_escape(t.better->rationale) << " (" << html_escape(better_why(t))
              << ")</p>\n";
        if (!t.said_differs.empty())
            o << "<p class=\"said\">" << html_escape(t.said_differs) << "</p>\n";
        o << "</div>\n";
    }
    if (!r.turning_points.empty()) {
        o << "<h2>Turning points</h2>\n<p>Where the session was decided.</p>\n<ul>\n";
        for (const auto& tp : r.turning_points)
            o << "<li>Turn " << tp.turn << ": " << html_escape(tp.decided) << "</li>\n";
        o << "</ul>\n";
    }
    if (!r.errors.empty()) {
        o << "<h2>Novice errors</h2>\n<ul>\n";
        for (const auto& e : r.errors) {
            o << "<li><strong>" << html_escape(e.label) << "</strong> (turn"
              << (e.turns.size() > 1 ? "s" : "");
            for (std::size_t i = 0; i < e.turns.size(); ++i)
                o << (i ? ", " : " ") << e.turns[i];
            o << "): " << html_escape(e.definition) << "</li>\n";
        }
        o << "</ul>\n";
    }
    o << "<h2>Skill profile</h2>\n<p>" << menu_is_not_coding << "</p>\n<ul>\n<li>"
      << html_escape(ratio_text(r.skills)) << "</li>\n<li>" << html_escape(mi_text(r.skills))
      << "</li>\n<li>" << html_escape(complex_text(r.skills))
      << "</li>\n<li>Open questions: " << r.skills.open_questions
      << "; closed questions: " << r.skills.closed_questions
      << "</li>\n<li>Moves that support autonomy: " << r.skills.autonomy_moves
      << "; moves that build dependence: " << r.skills.dependence_moves
      << "</li>\n</ul>\n<table>\n<tr><th>code</th><th>times</th></tr>\n";
    for (const auto& c : r.skills.counts)
        o << "<tr><td>" << html_escape(c.label) << "</td><td>" << c.count << "</td></tr>\n";
    o << "</table>\n";
    if (r.own_words) {
        const SkillProfile& w = *r.own_words;
        const SkillProfile& c = *r.own_words_chosen;
        o << "<h3>In your own words</h3>\n<p>" << html_escape(own_words_note(r))
          << "</p>\n<table>\n<tr><th>kind</th><th>you wrote</th><th>you chose, at the same "
             "turns</th></tr>\n";
        const std::tuple<const char*, int, int> rows[] = {
            {"questions", w.questions, c.questions},
            {"open", w.open_questions, c.open_questions},
            {"closed", w.closed_questions, c.closed_questions},
            {"reflections", w.reflections, c.reflections},
            {"simple", w.simple_reflections, c.simple_reflections},
            {"complex", w.complex_reflections, c.complex_reflections}};
        for (const auto& [label, a, b] : rows)
            o << "<tr><td>" << label << "</td><td>" << a << "</td><td>" << b << "</td></tr>\n";
        o << "</table>\n";
    }
    if (!r.opportunities.empty()) {
        o << "<h2>Opportunities the client offered</h2>\n<ul>\n";
        for (const auto& m : r.opportunities)
            o << "<li>Turn " << m.turn << " (" << html_escape(m.kind)
              << "): " << html_escape(m.note) << " " << html_escape(opportunity_text(m))
              << ".</li>\n";
        o << "</ul>\n";
    }
    if (!r.best_path.empty()) {
        o << "<h2>One best session</h2>\n<ol>\n";
        for (const auto& say : r.best_path)
            o << "<li>" << html_escape(say) << "</li>\n";
        o << "</ol>\n";
    }
    const Debrief& d = r.debrief;
    o << "<h2>Debrief</h2>\n<ul>\n";
    for (const auto& x : d.strengths)
        o << "<li><strong>Strength:</strong> " << html_escape(x) << "</li>\n";
    for (const auto& x : d.growth)
        o << "<li><strong>Growth edge:</strong> " << html_escape(x) << "</li>\n";
    o << "<li><strong>Practise next:</strong> " << html_escape(d.practise);
    for (const auto& l : d.drills)
        o << "<br/>drill <code>" << html_escape(l.id) << "</code>: " << html_escape(l.prompt);
    o << "</li>\n<li><strong>For supervision:</strong> " << html_escape(d.question)
      << "</li>\n</ul>\n";
    if (r.mode == "exam" && !r.objectives.empty()) {
        o << "<p>This session's objectives:</p>\n<ul>\n";
        for (const auto& x : r.objectives)
            o << "<li>" << html_escape(x) << "</li>\n";
        o << "</ul>\n";
    }
    o << "</body>\n</html>\n";
    return o.str();
}

std::string report_json(const Report& r) {
    using nlohmann::json;
    auto opt = [](const std::optional<int>& v) { return v ? json(*v) : json(nullptr); };
    json j;
    j["scenario"] = {
        {"id", r.scenario_id}, {"title", r.scenario_title}, {"version", r.scenario_version}};
    j["client"] = r.client_name;
    j["seed"] = r.seed;
    j["mode"] = r.mode;
    j["finished"] = r.finished;
    j["ending"] = r.finished ? json{{"id", r.ending_id},
                                    {"title", r.ending_title},
                                    {"grade", r.ending_grade},
                                    {"outcome", r.ending_outcome},
                                    {"text", r.ending_text}}
                             : json(nullptr);
    j["score"] = {{"value", r.score},
                  {"expression", r.score_expression},
                  {"best", opt(r.best_score)},
                  {"worst", opt(r.worst_score)},
                  {"percent_of_best", opt(r.percent_of_best)},
                  {"analysis_complete", r.analysis_complete},
                  {"exact", r.figures_exact}};
    if (!r.analysis_complete) j["score"]["analysis_limit"] = r.analysis_limit;
    if (!r.best_exact) j["score"]["best_is_bound"] = true;
    j["variables"] = json::array();
    for (const auto& v : r.variables) {
        json th = json::array();
        for (const auto& t : v.thresholds)
            th.push_back({{"value", t.value}, {"label", t.label}});
        j["variables"].push_back({{"id", v.id},
                                  {"label", v.label},
                                  {"higher_is_better", v.higher_is_better},
                                  {"visible", v.visible},
                                  {"min", v.min},
                                  {"max", v.max},
                                  {"series", v.series},
                                  {"best_path_series", v.best_path_series},
                                  {"thresholds", th}});
    }
    j["say_first"] = r.say_first;
    j["turns"] = json::array();
    for (const auto& t : r.turns) {
        json jt{{"number", t.number},
                {"client", t.client_text},
                {"cue", t.client_cue},
                {"say", t.say},
                {"said", t.said ? json(*t.said) : json()},
                {"said_skipped", t.said_skipped},
                {"said_code", t.said_code.empty() ? json() : json(t.said_code)},
                {"said_differs", t.said_differs.empty() ? json() : json(t.said_differs)},
                {"skill", t.skill_id},
                {"skill_label", t.skill_label},
                {"code", t.skill_id},
                {"errors", t.error_ids},
                {"meets", t.meets},
                {"red_flag", t.red_flag.empty() ? json(nullptr) : json(t.red_flag)},
                {"reply", t.reply.empty() && t.reply_cue.empty()
                              ? json(nullptr)
                              : json{{"client", t.reply}, {"cue", t.reply_cue}}},
                {"rationale", t.rationale},
                {"before", t.before},
                {"after", t.after},
                {"best_before", opt(t.best_before)},
                {"best_after", opt(t.best_after)},
                {"cost", t.cost()},
                {"impact", t.impact}};
        if (!t.outlook_exact) jt["best_is_bound"] = true;  // best_before/best_after: upper bounds
        jt["better"] = t.better ? json{{"say", t.better->say},
                                       {"skill_label", t.better->skill_label},
                                       {"rationale", t.better->rationale},
                                       {"best", t.better->best},
                                       {"impact", t.better->impact},
                                       {"difference", t.better->difference}}
                                : json(nullptr);
        j["turns"].push_back(std::move(jt));
    }
    j["turning_points"] = json::array();
    for (const auto& tp : r.turning_points)
        j["turning_points"].push_back({{"turn", tp.turn},
                                       {"kind", tp.kind},
                                       {"decided", tp.decided},
                                       {"impact", tp.impact},
                                       {"loss", tp.loss}});
    j["essentials"] = json::array();
    for (const auto& e : r.essentials)
        j["essentials"].push_back({{"id", e.id},
                                   {"label", e.label},
                                   {"met", e.met},
                                   {"turn", opt(e.turn)},
                                   {"could_turn", opt(e.could_turn)},
                                   {"could_say", e.could_say},
                                   {"best_with", opt(e.best_with)},
                                   {"best_without", opt(e.best_without)}});
    j["red_flags"] = json::array();
    for (const auto& f : r.red_flags)
        j["red_flags"].push_back(
            {{"turn", f.turn}, {"say", f.say}, {"note", f.note}, {"instead", f.instead}});
    j["errors"] = json::array();
    for (const auto& e : r.errors)
        j["errors"].push_back({{"id", e.id},
                               {"label", e.label},
                               {"definition", e.definition},
                               {"source", e.source},
                               {"turns", e.turns}});
    json drills = json::array();
    for (const auto& l : r.debrief.drills)
        drills.push_back({{"topic", l.topic}, {"id", l.id}, {"prompt", l.prompt}});
    j["debrief"] = {
        {"strengths", r.debrief.strengths},
        {"growth", r.debrief.growth},
        {"practise",
         {{"text", r.debrief.practise}, {"topic", r.debrief.practise_topic}, {"drills", drills}}},
        {"question", r.debrief.question}};
    j["tolerance"] = r.tolerance;
    j["note"] = menu_is_not_coding;
    const auto& p = r.skills;
    json counts = json::array();
    for (const auto& c : p.counts)
        counts.push_back(
            {{"id", c.id}, {"label", c.label}, {"group", c.group}, {"count", c.count}});
    auto optd = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
    j["skills"] = {{"counts", counts},
                   {"questions", p.questions},
                   {"open_questions", p.open_questions},
                   {"closed_questions", p.closed_questions},
                   {"reflections", p.reflections},
                   {"simple_reflections", p.simple_reflections},
                   {"complex_reflections", p.complex_reflections},
                   {"reflection_to_question", optd(p.reflection_to_question())},
                   {"complex_percent", optd(p.complex_percent())},
                   {"mi_adherent", p.mi_adherent},
                   {"mi_non_adherent", p.mi_non_adherent},
                   {"autonomy_moves", p.autonomy_moves},
                   {"dependence_moves", p.dependence_moves},
                   {"miti",
                    {{"reflection_to_question", {{"fair", 1.0}, {"good", 2.0}}},
                     {"complex_percent", {{"fair", 40.0}, {"good", 50.0}}}}}};
    if (r.own_words) {
        const SkillProfile& w = *r.own_words;
        const SkillProfile& c = *r.own_words_chosen;
        j["own_words"] = {{"turns_written", r.own_words_turns},
                          {"risk_turns_left_out", r.own_words_risk_turns},
                          {"note", own_words_note(r)},
                          {"chosen_at_same_turns",
                           {{"questions", c.questions},
                            {"open_questions", c.open_questions},
                            {"closed_questions", c.closed_questions},
                            {"reflections", c.reflections},
                            {"simple_reflections", c.simple_reflections},
                            {"complex_reflections", c.complex_reflections}}},
                          {"questions", w.questions},
                          {"open_questions", w.open_questions},
                          {"closed_questions", w.closed_questions},
                          {"reflections", w.reflections},
                          {"simple_reflections", w.simple_reflections},
                          {"complex_reflections", w.complex_reflections},
                          {"rated", false}};
    } else {
        j["own_words"] = nullptr;
    }
    j["opportunities"] = json::array();
    for (const auto& m : r.opportunities)
        j["opportunities"].push_back({{"turn", m.turn},
                                      {"kind", m.kind},
                                      {"note", m.note},
                                      {"answer_with", m.answer_with},
                                      {"within", m.within},
                                      {"answered_at", opt(m.answered_at)}});
    j["best_path"] = r.best_path;
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace rapport
