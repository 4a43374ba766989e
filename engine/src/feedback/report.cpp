// Building the end-of-session report from a session and the scenario's analysis (see report.hpp).
#include "rapport/report.hpp"

#include "rapport/coding.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
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

// Counts one use of a code in a profile (the MITI tallies; the per-code counts are kept apart).
void count_code(SkillProfile& p, CodeCount counts_as, const std::string& id) {
    switch (counts_as) {
        case CodeCount::OpenQuestion:
            ++p.questions;
            ++p.open_questions;
            break;
        case CodeCount::ClosedQuestion:
            ++p.questions;
            ++p.closed_questions;
            break;
        case CodeCount::SimpleReflection:
            ++p.reflections;
            ++p.simple_reflections;
            break;
        case CodeCount::ComplexReflection:
            ++p.reflections;
            ++p.complex_reflections;
            break;
        case CodeCount::MiAdherent:
            ++p.mi_adherent;
            if (id != "affirmation") ++p.autonomy_moves;
            break;
        case CodeCount::MiNonAdherent:
            ++p.mi_non_adherent;
            break;
        default:
            break;
    }
}

// How a code id the automatic coder gives counts: as the scenario's catalogue says, else by id.
CodeCount counts_as_of(const Scenario& s, const std::string& id) {
    for (const auto& c : s.codes)
        if (c.id == id) return c.counts_as;
    if (id == "open_question") return CodeCount::OpenQuestion;
    if (id == "closed_question") return CodeCount::ClosedQuestion;
    if (id == "simple_reflection") return CodeCount::SimpleReflection;
    if (id == "complex_reflection") return CodeCount::ComplexReflection;
    if (id == "affirmation" || id == "seeking_collaboration" || id == "emphasizing_autonomy")
        return CodeCount::MiAdherent;
    if (id == "persuading" || id == "confronting") return CodeCount::MiNonAdherent;
    if (id == "giving_information" || id == "persuading_with_permission")
        return CodeCount::OtherMiti;
    return CodeCount::NotMiti;
}

// Whether words ask about suicide or self-harm (a risk screen): a small list of the usual forms.
bool mentions_risk(const std::string& words) {
    std::string w;
    for (const char c : words)
        w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (const char* cue :
         {"suicid", "end your life", "ending your life", "kill yourself", "killing yourself",
          "harm yourself", "harming yourself", "hurt yourself", "hurting yourself",
          "take your own life", "better off without", "not be here", "not being here",
          "not wanting to live", "want to die", "wanting to die"})
        if (w.find(cue) != std::string::npos) return true;
    return false;
}

// The label of a code id in the scenario's catalogue, or the id in words.
std::string code_label_of(const Scenario& s, const std::string& id) {
    for (const auto& c : s.codes)
        if (c.id == id) return c.label;
    std::string words = id;
    std::replace(words.begin(), words.end(), '_', ' ');
    return words;
}

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

std::string threshold_words(Op op, int value) {
    const std::string v = std::to_string(value);
    switch (op) {
        case Op::Lt:
            return "below " + v;
        case Op::Le:
            return "at most " + v;
        case Op::Gt:
            return "above " + v;
        case Op::Ge:
            return "at least " + v;
        case Op::Eq:
            return "exactly " + v;
        case Op::Ne:
            return "other than " + v;
        default:
            return v;
    }
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
                    Op op = code[i].op;
                    if (code[i - 2].op == Op::Var && code[i - 1].op == Op::Const) {
                        var = code[i - 2].arg;
                        value = code[i - 1].arg;
                    } else if (code[i - 2].op == Op::Const && code[i - 1].op == Op::Var) {
                        var = code[i - 1].arg;
                        value = code[i - 2].arg;
                        op = op == Op::Lt   ? Op::Gt
                             : op == Op::Le ? Op::Ge
                             : op == Op::Gt ? Op::Lt
                             : op == Op::Ge ? Op::Le
                                            : op;
                    }
                    if (var < 0) continue;
                    const std::string text = s.vars[static_cast<std::size_t>(var)].label + " " +
                                             threshold_words(op, value);
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

std::string quoted(const std::string& s);

// The family a response's code belongs to, for colouring; a response with an error is shown as one.
std::string code_group(const Code& code, const Response& r) {
    if (!r.errors.empty()) return "novice_error";
    switch (code.counts_as) {
        case CodeCount::OpenQuestion:
        case CodeCount::ClosedQuestion:
            return "question";
        case CodeCount::SimpleReflection:
        case CodeCount::ComplexReflection:
            return "reflection";
        case CodeCount::MiAdherent:
            return "autonomy";
        case CodeCount::OtherMiti:
            return "information";
        case CodeCount::MiNonAdherent:
            return "advice";
        case CodeCount::NotMiti:
            return "structuring";
    }
    return "structuring";
}

bool answers(const Opportunity& op, const Response& r) {
    if (!r.red_flag.empty()) return false;
    if (std::find(op.answer_codes.begin(), op.answer_codes.end(), r.code) != op.answer_codes.end())
        return true;
    return std::any_of(r.meets.begin(), r.meets.end(), [&](int e) {
        return std::find(op.answer_essentials.begin(), op.answer_essentials.end(), e) !=
               op.answer_essentials.end();
    });
}

bool is_dependence_error(const std::string& id) {
    return id == "rescuing" || id == "unsolicited_advice" || id == "premature_reassurance";
}

std::string first_sentence(const std::string& text) {
    const auto end = text.find(". ");
    std::string out = end == std::string::npos ? text : text.substr(0, end + 1);
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n'))
        out.pop_back();
    return out;
}

std::string lower_first(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && !(s.size() > 1 && s[1] >= 'A' && s[1] <= 'Z'))
        s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

std::string join_labels(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return out;
}

std::string percent_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// A comparison `var OP const` (or `const OP var`) in compiled code, normalised to var-first.
struct Comparison {
    int var = -1;
    Op op = Op::Ge;
    int value = 0;
};

std::vector<Comparison> comparisons_in(const Expr& e) {
    std::vector<Comparison> out;
    const auto& code = e.code();
    for (std::size_t i = 2; i < code.size(); ++i) {
        if (!is_comparison(code[i].op)) continue;
        if (code[i - 2].op == Op::Var && code[i - 1].op == Op::Const) {
            out.push_back({code[i - 2].arg, code[i].op, code[i - 1].arg});
        } else if (code[i - 2].op == Op::Const && code[i - 1].op == Op::Var) {
            Op flipped = code[i].op;
            switch (code[i].op) {
                case Op::Lt:
                    flipped = Op::Gt;
                    break;
                case Op::Le:
                    flipped = Op::Ge;
                    break;
                case Op::Gt:
                    flipped = Op::Lt;
                    break;
                case Op::Ge:
                    flipped = Op::Le;
                    break;
                default:
                    break;
            }
            out.push_back({code[i - 1].arg, flipped, code[i - 2].arg});
        }
    }
    return out;
}

bool holds(const Comparison& c, int v) {
    switch (c.op) {
        case Op::Lt:
            return v < c.value;
        case Op::Le:
            return v <= c.value;
        case Op::Gt:
            return v > c.value;
        case Op::Ge:
            return v >= c.value;
        case Op::Eq:
            return v == c.value;
        case Op::Ne:
            return v != c.value;
        default:
            return false;
    }
}

// The last turn (1-based) at which `c` went from false to `to` along `series`; 0 when none.
int last_crossing(const std::vector<int>& series, const Comparison& c, bool to) {
    for (std::size_t i = series.size(); i-- > 1;)
        if (holds(c, series[i]) == to && holds(c, series[i - 1]) != to) return static_cast<int>(i);
    return 0;
}

// Where the session was decided. (1) The threshold crossings behind the ending: along the branches
// of the last response, each condition that took the session to its ending holds at the end; the
// turn at which each of its comparisons last became true decided it. Each earlier branch to a
// better ending failed; where one of its comparisons was true and then became false, that turn
// closed the better ending. (2) An ending passed on for want of essentials. (3) The gates the
// ending reached was let through: the turn each essential it requires was met. (4) The largest
// losses of best achievable score (beyond the tolerance).
void build_turning_points(const Session& session, const std::vector<int>& essential_turn,
                          Report& r) {
    const Scenario& s = session.scenario();
    const auto& transcript = session.transcript();
    auto series = [&](int var) -> const std::vector<int>& {
        return r.variables[static_cast<std::size_t>(var)].series;
    };
    auto add = [&](int turn, std::string kind, std::string decided, int loss = 0) {
        if (turn <= 0) return;
        for (const auto& tp : r.turning_points)
            if (tp.turn == turn && tp.decided == decided) return;
        TurningPoint tp;
        tp.turn = turn;
        tp.impact = r.turns[static_cast<std::size_t>(turn - 1)].impact;
        tp.kind = std::move(kind);
        tp.decided = std::move(decided);
        tp.loss = loss;
        r.turning_points.push_back(std::move(tp));
    };
    if (session.finished() && !transcript.empty()) {
        const Turn& last = transcript.back();
        const Response& resp = s.nodes[static_cast<std::size_t>(last.node)]
                                   .responses[static_cast<std::size_t>(last.response)];
        const Ending& reached = *session.ending();
        const EvalContext final_ctx = session.state().context();
        for (const auto& b : resp.next) {
            const bool taken = !b.when || b.when->holds(final_ctx);
            if (b.target.kind == Target::Kind::Ending && b.when) {
                const Ending& e = s.endings[static_cast<std::size_t>(b.target.index)];
                const auto comps = comparisons_in(*b.when);
                for (const auto& c : comps) {
                    const StateVar& v = s.vars[static_cast<std::size_t>(c.var)];
                    const bool now =
                        holds(c, session.state().values[static_cast<std::size_t>(c.var)]);
                    if (taken && now) {
                        const int turn = last_crossing(series(c.var), c, true);
                        if (!turn) continue;
                        const int value = series(c.var)[static_cast<std::size_t>(turn)];
                        // What decided a good ending is a meter that got better; a poor one, a
                        // meter that got worse (rapport rising is not why a session ended in
                        // dependence, though the condition asks for it too).
                        const bool improved =
                            (value > series(c.var)[static_cast<std::size_t>(turn - 1)]) ==
                            r.variables[static_cast<std::size_t>(c.var)].higher_is_better;
                        if ((reached.outcome == Outcome::Good && !improved) ||
                            (reached.outcome == Outcome::Poor && improved))
                            continue;
                        // A threshold that opened an ending the session was then passed on from
                        // (for want of essentials) says so; the `requires` point says why.
                        const bool passed_on = b.target.index != session.state().ending;
                        // The earlier turns that moved it the same way: what pushed it over.
                        const bool up = value > series(c.var)[static_cast<std::size_t>(turn - 1)];
                        std::vector<std::string> by;
                        for (int i = 1; i < turn; ++i) {
                            const int d = series(c.var)[static_cast<std::size_t>(i)] -
                                          series(c.var)[static_cast<std::size_t>(i - 1)];
                            if (up ? d > 0 : d < 0) by.push_back(std::to_string(i));
                        }
                        std::string pushed;
                        if (!by.empty())
                            pushed = std::string(up ? "; earlier turns had pushed it up"
                                                    : "; earlier turns had pushed it down") +
                                     (by.size() > 4
                                          ? " (" + std::to_string(by.size()) + " of them)"
                                          : std::string(" (turn") + (by.size() == 1 ? " " : "s ") +
                                                join_labels(by) + ")");
                        add(turn, "threshold",
                            v.label + " reached " + std::to_string(value) + " here (" +
                                threshold_words(c.op, c.value) + pushed + "); " +
                                (passed_on ? "this opened the ending " + quoted(e.title)
                                           : "this made the ending " + quoted(reached.title)) +
                                ".");
                    } else if (!taken && !now &&
                               static_cast<int>(e.outcome) < static_cast<int>(reached.outcome)) {
                        const int turn = last_crossing(series(c.var), c, false);
                        if (!turn) continue;
                        const int value = series(c.var)[static_cast<std::size_t>(turn)];
                        // The ending needed it high (it fell), low (it rose) or exactly so.
                        const char* moved = c.op == Op::Gt || c.op == Op::Ge   ? " fell to "
                                            : c.op == Op::Lt || c.op == Op::Le ? " rose to "
                                                                               : " became ";
                        add(turn, "threshold",
                            v.label + moved + std::to_string(value) + " here; " + quoted(e.title) +
                                " needed it " + threshold_words(c.op, c.value) + ".");
                    }
                }
            }
            if (taken) break;
        }
        // Endings passed on for want of essentials.
        // Only the branch the session took: the first whose condition holds at the end.
        for (const auto& b : resp.next) {
            if (b.when && !b.when->holds(final_ctx)) continue;
            if (b.target.kind != Target::Kind::Ending) break;
            int at = b.target.index;
            const int final_ending = session.state().ending;
            while (at != final_ending && at >= 0) {
                const Ending& e = s.endings[static_cast<std::size_t>(at)];
                std::vector<std::string> missing;
                for (int x : e.requires_met)
                    if (!essential_met(session.state(), x)) {
                        missing.push_back(
                            lower_first(s.essentials[static_cast<std::size_t>(x)].label));
                        const std::string& id = s.essentials[static_cast<std::size_t>(x)].id;
                        if (std::find(r.deciding_essentials.begin(), r.deciding_essentials.end(),
                                      id) == r.deciding_essentials.end())
                            r.deciding_essentials.push_back(id);
                    }
                if (!missing.empty())
                    add(static_cast<int>(transcript.size()), "requires",
                        quoted(e.title) + " needs " + join_labels(missing) + "; without " +
                            (missing.size() == 1 ? "it" : "them") + " the session ended " +
                            quoted(reached.title) + ".");
                at = e.otherwise;
            }
            break;
        }
        // The gates the session passed: essentials the ending reached requires, each where met
        // (those met at the same turn in one point).
        std::map<int, std::vector<int>> gates;  // turn -> essentials met there
        for (int x : reached.requires_met)
            if (const int turn = essential_turn[static_cast<std::size_t>(x)])
                gates[turn].push_back(x);
        for (const auto& [turn, met] : gates) {
            std::vector<std::string> labels;
            for (int x : met)
                labels.push_back(quoted(s.essentials[static_cast<std::size_t>(x)].label));
            // Without them: the first ending down the `otherwise` chain that does not need them.
            int alt = reached.otherwise;
            while (alt >= 0 && std::any_of(met.begin(), met.end(), [&](int x) {
                       const auto& req = s.endings[static_cast<std::size_t>(alt)].requires_met;
                       return std::find(req.begin(), req.end(), x) != req.end();
                   }))
                alt = s.endings[static_cast<std::size_t>(alt)].otherwise;
            const std::string otherwise =
                alt >= 0 ? quoted(s.endings[static_cast<std::size_t>(alt)].title) : std::string();
            const bool one = labels.size() == 1;
            const std::string what = join_labels(labels) + (one ? " was" : " were") + " met here";
            if (reached.outcome == Outcome::Good || otherwise.empty())
                add(turn, "gate",
                    what + ", which made the ending " + quoted(reached.title) + " possible" +
                        (otherwise.empty() ? ""
                                           : std::string("; without ") + (one ? "it" : "them") +
                                                 " the session would have ended " + otherwise) +
                        ".");
            else
                add(turn, "gate", what + ", which kept the session from ending " + otherwise + ".");
        }
    }
    // The largest losses of best achievable score.
    std::vector<const ReportTurn*> losses;
    for (const auto& t : r.turns)
        if (t.better && t.cost() > r.tolerance) losses.push_back(&t);
    std::stable_sort(losses.begin(), losses.end(), [](const ReportTurn* a, const ReportTurn* b) {
        return a->cost() > b->cost();
    });
    for (std::size_t i = 0; i < losses.size() && i < 3; ++i) {
        const ReportTurn& t = *losses[i];
        std::string what = t.error_labels.empty() ? t.skill_label : join_labels(t.error_labels);
        add(t.number, "loss",
            what + " here lost " + std::to_string(t.cost()) +
                " points of the best achievable session.",
            t.cost());
    }
    std::stable_sort(r.turning_points.begin(), r.turning_points.end(),
                     [](const TurningPoint& a, const TurningPoint& b) { return a.turn < b.turn; });
}

// Opportunities the client offered, and whether a response answered within the window.
void find_opportunities(const Scenario& s, Report& r) {
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
        for (int c : node.opportunity->answer_codes)
            m.answer_with.push_back(s.codes[static_cast<std::size_t>(c)].label);
        for (int e : node.opportunity->answer_essentials)
            m.answer_with.push_back(s.essentials[static_cast<std::size_t>(e)].label);
        for (std::size_t j = i; j < r.turns.size() && j < i + static_cast<std::size_t>(m.within);
             ++j) {
            const Response& rj = s.nodes[static_cast<std::size_t>(r.turns[j].node)]
                                     .responses[static_cast<std::size_t>(r.turns[j].response)];
            if (answers(*node.opportunity, rj)) {
                m.answered_at = r.turns[j].number;
                break;
            }
        }
        r.opportunities.push_back(std::move(m));
    }
}

// Two strengths, two growth edges, one thing to practise (with drill items on its topic) and one
// question for supervision, each computed from what happened in the session.
void build_debrief(const Scenario& s, Report& r, const ReportOptions& options) {
    Debrief& d = r.debrief;
    struct Edge {
        std::string text;
        std::string topic;
        std::string practise;
    };
    std::vector<std::string> strengths;
    std::vector<Edge> growth;
    // Strengths, most telling first.
    std::vector<std::string> met;
    for (const auto& e : r.essentials)
        if (e.met) met.push_back(lower_first(e.label) + " (turn " + std::to_string(*e.turn) + ")");
    const auto ratio = r.skills.reflection_to_question();
    const auto complex = r.skills.complex_percent();
    if (r.red_flags.empty() && !r.essentials.empty() && met.size() == r.essentials.size())
        strengths.push_back("You covered every essential of a first session: " + join_labels(met) +
                            ".");
    if (r.skills.autonomy_moves >= 2)
        strengths.push_back("You handed decisions back to " + r.client_name + " " +
                            std::to_string(r.skills.autonomy_moves) +
                            " times (seeking collaboration, emphasizing autonomy), which builds "
                            "autonomy rather than dependence.");
    if (ratio && *ratio >= MitiThresholds::reflection_question_fair)
        strengths.push_back("You reflected more than you asked (" + percent_text(*ratio) +
                            " reflections per question), so " + r.client_name +
                            " could lead with what mattered.");
    else if (r.skills.reflections >= 3 && r.skills.questions == 0)
        strengths.push_back("You listened with reflections rather than questions throughout.");
    if (complex && *complex >= MitiThresholds::complex_reflection_good && r.skills.reflections >= 2)
        strengths.push_back("Most of your reflections were complex (" + percent_text(*complex) +
                            "%): you said back meaning, not only words.");
    int answered = 0;
    for (const auto& o : r.opportunities)
        if (o.answered_at) ++answered;
    // Counts are strengths only when they are most of the chance ("1 of 10" is a growth edge);
    // otherwise the strength names what was done, without the count.
    if (answered > 0 && 2 * static_cast<std::size_t>(answered) >= r.opportunities.size()) {
        strengths.push_back("You answered " + std::to_string(answered) + " of " +
                            std::to_string(r.opportunities.size()) + " moments " + r.client_name +
                            " offered.");
    } else if (answered > 0) {
        for (const auto& o : r.opportunities)
            if (o.answered_at) {
                strengths.push_back("You answered the " + o.kind + " " + r.client_name +
                                    " offered at turn " + std::to_string(o.turn) + ".");
                break;
            }
    }
    if (!met.empty() && met.size() < r.essentials.size())
        strengths.push_back("You covered " + join_labels(met) + ".");
    // The turns that did the client most good without an error or a flag, best first.
    std::vector<const ReportTurn*> good_turns;
    for (const auto& t : r.turns)
        if (!t.flagged() && t.impact > 0) good_turns.push_back(&t);
    std::stable_sort(
        good_turns.begin(), good_turns.end(),
        [](const ReportTurn* a, const ReportTurn* b) { return a->impact > b->impact; });
    for (std::size_t i = 0; i < good_turns.size() && i < 2; ++i)
        strengths.push_back("Turn " + std::to_string(good_turns[i]->number) + ", " +
                            lower_first(good_turns[i]->skill_label) + ": " +
                            first_sentence(good_turns[i]->rationale));

    // Growth edges: what decided the ending first (essentials whose absence passed the session on
    // from a better ending), then red flags, then other missed essentials, then errors.
    auto missed_essential = [&](const EssentialCheck& e) {
        const Essential* def = nullptr;
        for (const auto& x : s.essentials)
            if (x.id == e.id) def = &x;
        std::string text = lower_first(e.label) + " was missed: " + lower_first(e.description);
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
        if (e.could_turn)
            text += " You could have at turn " + std::to_string(*e.could_turn) + ": \u201C" +
                    e.could_say + "\u201D";
        return Edge{text, def ? def->drill_topic : "", lower_first(e.label)};
    };
    auto deciding = [&](const EssentialCheck& e) {
        return std::find(r.deciding_essentials.begin(), r.deciding_essentials.end(), e.id) !=
               r.deciding_essentials.end();
    };
    for (const auto& e : r.essentials)
        if (!e.met && deciding(e)) growth.push_back(missed_essential(e));
    for (const auto& f : r.red_flags) {
        // Practise what the red flag got wrong: the drill topic of its errors, a risk topic first
        // (a red flag is a safety matter before it is anything else).
        std::string topic = "risk",
                    what = "responding safely where a supervisor would stop the session";
        const ErrorDef* chosen = nullptr;
        for (const auto& id : r.turns[static_cast<std::size_t>(f.turn - 1)].error_ids)
            for (const auto& x : s.errors)
                if (x.id == id && !x.drill_topic.empty() &&
                    (!chosen || (x.drill_topic == "risk" && chosen->drill_topic != "risk")))
                    chosen = &x;
        if (chosen) {
            topic = chosen->drill_topic;
            what = "what to say instead of the red flag at turn " + std::to_string(f.turn) + " (" +
                   lower_first(chosen->label) + ")";
        }
        growth.push_back(
            {"Turn " + std::to_string(f.turn) + " was a red flag: " + f.note, topic, what});
    }
    for (const auto& e : r.essentials) {
        if (e.met || deciding(e)) continue;
        growth.push_back(missed_essential(e));
    }
    // Say it first: good reflections recognised, questions written.
    // Both counts are over the same turns: those written, less the risk turns.
    if (r.own_words && r.own_words_turns - r.own_words_risk_turns >= 3 &&
        r.own_words->questions > r.own_words->reflections &&
        r.own_words_chosen->reflections > r.own_words_chosen->questions)
        growth.push_back(
            {"You recognised good reflections (" + std::to_string(r.own_words_chosen->reflections) +
                 " of your choices) but wrote questions (" +
                 std::to_string(r.own_words->questions) + ", coded automatically) at the same " +
                 std::to_string(r.own_words_turns - r.own_words_risk_turns) +
                 " turns (risk moments left out).",
             "oars", "turning a question into a reflection"});
    for (const auto& e : r.errors) {
        std::string turns;
        for (std::size_t i = 0; i < e.turns.size(); ++i)
            turns += (i ? ", " : "") + std::to_string(e.turns[i]);
        const ErrorDef* def = nullptr;
        for (const auto& x : s.errors)
            if (x.id == e.id) def = &x;
        growth.push_back(
            {e.label + " (turn" + (e.turns.size() > 1 ? "s " : " ") + turns + "): " + e.definition,
             def ? def->drill_topic : "", "noticing " + lower_first(e.label)});
    }
    if (ratio && *ratio < MitiThresholds::reflection_question_fair)
        growth.push_back({"You asked more than you reflected (" + percent_text(*ratio) +
                              " reflections per question; MITI's fair level is 1).",
                          "oars", "reflecting before asking"});
    for (std::size_t i = 0; i < strengths.size() && d.strengths.size() < 2; ++i)
        d.strengths.push_back(strengths[i]);
    for (std::size_t i = 0; i < growth.size() && d.growth.size() < 2; ++i)
        d.growth.push_back(growth[i].text);
    if (!growth.empty()) {
        const Edge& first = growth.front();
        d.practise = "Practise " + first.practise + ".";
        d.practise_topic = first.topic;
    } else {
        d.practise = "Try a harder client next, and keep handing decisions back.";
    }
    for (const auto& link : options.drills)
        if (!d.practise_topic.empty() && link.topic == d.practise_topic && d.drills.size() < 3)
            d.drills.push_back(link);
    if (!s.debrief_questions.empty()) {
        // The author's questions, chosen by the session's seed so a class sees them all.
        d.question =
            s.debrief_questions[static_cast<std::size_t>(r.seed % s.debrief_questions.size())];
    } else if (!r.red_flags.empty()) {
        d.question = "At turn " + std::to_string(r.red_flags.front().turn) +
                     ", what was happening for you, and what would you say instead next time?";
    } else if (!growth.empty()) {
        d.question = "What made " + growth.front().practise +
                     " hard in this session, and what would help you with it next time?";
    } else {
        d.question = "What did you notice in yourself when " + r.client_name +
                     " pressed you for answers, and how did you choose what to do with it?";
    }
}

std::string quoted(const std::string& s) {
    return "\u2018" + s + "\u2019";
}

}  // namespace

Report build_report(const Session& session, const Analysis& analysis, const std::string& mode,
                    const ReportOptions& options) {
    const Scenario& s = session.scenario();
    Report r;
    r.scenario_id = s.id;
    r.scenario_title = s.title;
    r.scenario_version = s.version;
    r.client_name = s.client.name;
    r.seed = session.seed();
    r.say_first = session.say_first();
    r.mode = mode;
    r.finished = session.finished();
    r.tolerance = s.equally_good;
    r.objectives = s.objectives;
    r.instructor_notes = s.client.instructor_notes;
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
    if (!r.analysis_complete) r.analysis_limit = limit_name(analysis.limit());
    {
        // Exact from the whole graph; else from a bounded search, exact unless it hit its limit.
        const StateOutlook start = analysis.start_outlook();
        r.best_score = start.best;
        r.worst_score = start.worst;
        r.best_exact = start.exact;
        r.figures_exact = start.exact;
        // Only a finished session is compared with the best; a score below zero counts as 0%.
        if (r.best_exact && r.finished && r.best_score && *r.best_score > 0)
            r.percent_of_best =
                std::max(0, static_cast<int>(std::lround(100.0 * r.score / *r.best_score)));
    }

    for (const auto& v : s.vars)
        r.variables.push_back(
            ReportVariable{v.id, v.label, v.higher_is_better, v.visible, v.min, v.max, {}, {}, {}});
    collect_thresholds(s, r.variables);

    // Replay the session to see each turn's state, line and outlook (from where it started: a
    // branch tried from a chosen node and values starts there, not at the scenario's start).
    Session replay(session.scenario_ptr(), session.seed(), session.start_state());
    for (std::size_t v = 0; v < s.vars.size(); ++v)
        r.variables[v].series.push_back(replay.value(static_cast<int>(v)));
    std::map<std::string, SkillCount> counts;
    std::vector<int> essential_turn(s.essentials.size(), 0);
    std::vector<std::pair<int, int>> could(s.essentials.size(), {0, -1});  // turn, response
    std::map<int, ErrorUse> errors;
    for (std::size_t i = 0; i < session.transcript().size(); ++i) {
        const Turn& t = session.transcript()[i];
        const Node& node = s.nodes[static_cast<std::size_t>(t.node)];
        const Response& resp = node.responses[static_cast<std::size_t>(t.response)];
        const Code& code = s.code_of(resp);
        ReportTurn rt;
        rt.number = static_cast<int>(i + 1);
        rt.node = t.node;
        rt.tolerance = s.equally_good;
        const ClientLine line = replay.line();
        rt.client_text = std::string(line.text);
        rt.client_cue = std::string(line.cue);
        rt.response = t.response;
        rt.say = resp.say;
        if (t.said) {
            rt.said = t.said->text;
            rt.said_skipped = t.said->skipped;
            if (!t.said->skipped && !t.said->text.empty()) {
                // Coded knowing the client line the trainee answered: a reflection that does not
                // start with "you" is told from information by the words it says back.
                rt.said_code = code_utterance(t.said->text, rt.client_text).code;
                rt.said_code_label = code_label_of(s, rt.said_code);
            }
        }
        rt.skill_id = code.id;
        rt.skill_label = code.label;
        rt.skill_group = code_group(code, resp);
        for (int e : resp.errors) {
            const ErrorDef& def = s.errors[static_cast<std::size_t>(e)];
            rt.error_ids.push_back(def.id);
            rt.error_labels.push_back(def.label);
            auto& use = errors[e];
            use.id = def.id;
            use.label = def.label;
            use.definition = def.definition;
            use.source = def.source;
            use.turns.push_back(rt.number);
        }
        for (int e : resp.meets) {
            rt.meets.push_back(s.essentials[static_cast<std::size_t>(e)].label);
            if (!essential_turn[static_cast<std::size_t>(e)])
                essential_turn[static_cast<std::size_t>(e)] = rt.number;
        }
        // Where each essential not yet met could have been met: the first offer of it.
        for (int o : replay.offered()) {
            for (int e : node.responses[static_cast<std::size_t>(o)].meets)
                if (!could[static_cast<std::size_t>(e)].first && !essential_met(replay.state(), e))
                    could[static_cast<std::size_t>(e)] = {rt.number, o};
        }
        rt.red_flag = resp.red_flag;
        if (resp.reply) {
            rt.reply = resp.reply->client;
            rt.reply_cue = resp.reply->cue;
        }
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
            rt.outlook_exact = outlook->exact;
            if (!outlook->exact) r.figures_exact = false;
            const StateOutlook::Choice* top = nullptr;
            const StateOutlook::Choice* chosen = nullptr;
            for (const auto& c : outlook->choices) {
                if (c.response == t.response) chosen = &c;
                // The best alternative: highest best achievable, and among those no red flag.
                const auto key = [&](const StateOutlook::Choice& x) {
                    const bool flag =
                        !node.responses[static_cast<std::size_t>(x.response)].red_flag.empty();
                    return std::make_pair(x.best.value_or(INT32_MIN), !flag);
                };
                if (c.response != t.response && (!top || key(c) > key(*top))) top = &c;
            }
            if (chosen) rt.best_after = chosen->best;
            const int chosen_best = chosen && chosen->best ? *chosen->best : INT32_MIN / 2;
            // Bounds do not show a difference: only exact figures are compared.
            const bool chosen_exact = chosen && chosen->exact;
            for (const auto& c : outlook->choices)
                if (c.response != t.response && c.best && c.exact && chosen_exact &&
                    std::abs(*c.best - chosen_best) <= s.equally_good)
                    ++rt.equally_good;
            // Only a real difference is a better response: more than the tolerance, or any
            // alternative without a red flag when this one has one.
            const Response* b =
                top ? &node.responses[static_cast<std::size_t>(top->response)] : nullptr;
            if (top && top->best && top->exact && chosen_exact && b->red_flag.empty() &&
                (*top->best - chosen_best > s.equally_good || !resp.red_flag.empty())) {
                rt.better = ReportTurn::Better{top->response,
                                               b->say,
                                               s.code_of(*b).label,
                                               b->rationale,
                                               *top->best,
                                               impact_of(top->response),
                                               std::max(0, *top->best - chosen_best)};
            }
        }
        if (!resp.red_flag.empty())
            r.red_flags.push_back(
                RedFlag{rt.number, resp.say, resp.red_flag, rt.better ? rt.better->say : ""});
        (void)replay.choose_response(t.response);
        for (std::size_t v = 0; v < s.vars.size(); ++v)
            r.variables[v].series.push_back(replay.value(static_cast<int>(v)));

        auto& c = counts[code.id];
        c.id = code.id;
        c.label = code.label;
        c.group = code_group(code, Response{});
        ++c.count;
        SkillProfile& p = r.skills;
        count_code(p, code.counts_as, code.id);
        if (std::any_of(rt.error_ids.begin(), rt.error_ids.end(), is_dependence_error))
            ++p.dependence_moves;
        if (!rt.said_code.empty()) {
            // A risk turn (a risk moment, or words about suicide or self-harm) is left out of both
            // own-words columns and gets no note: a direct question about risk is the right form
            // for a screen, closed or not, never counted against the trainee, and a code match
            // there says nothing about whether the risk was asked about.
            const bool risk =
                mentions_risk(*rt.said) || (node.opportunity && node.opportunity->kind == "risk");
            if (!r.own_words) {
                r.own_words.emplace();
                r.own_words_chosen.emplace();
            }
            ++r.own_words_turns;
            if (risk) {
                ++r.own_words_risk_turns;
            } else {
                count_code(*r.own_words, counts_as_of(s, rt.said_code), rt.said_code);
                count_code(*r.own_words_chosen, code.counts_as, code.id);
            }
            const Code* better =
                rt.better
                    ? &s.code_of(node.responses[static_cast<std::size_t>(rt.better->response)])
                    : nullptr;
            if (risk) {
            } else if (better && better->id == rt.said_code && better->id != code.id)
                rt.said_differs = "Your words were coded " + rt.said_code_label +
                                  ", the same kind as the better response; compare them with the "
                                  "one you chose.";
            else if (main_behaviour(rt.said_code) != main_behaviour(code.id))
                rt.said_differs = "Your words were coded " + rt.said_code_label +
                                  "; the response you chose is " + code.label +
                                  ". A difference is a thing to notice, not a verdict: this "
                                  "turn's rationale says what the moment needed.";
        }
        r.turns.push_back(std::move(rt));
    }
    for (auto& [id, c] : counts)
        r.skills.counts.push_back(c);
    std::stable_sort(r.skills.counts.begin(), r.skills.counts.end(),
                     [](const SkillCount& a, const SkillCount& b) { return a.count > b.count; });
    for (auto& [e, use] : errors)
        r.errors.push_back(std::move(use));
    std::stable_sort(r.errors.begin(), r.errors.end(), [](const ErrorUse& a, const ErrorUse& b) {
        return a.turns.size() > b.turns.size();
    });

    // The essentials checklist.
    for (int e : s.required_essentials) {
        const Essential& def = s.essentials[static_cast<std::size_t>(e)];
        EssentialCheck ch;
        ch.id = def.id;
        ch.label = def.label;
        ch.description = def.description;
        const int at = essential_turn[static_cast<std::size_t>(e)];
        ch.met = at > 0;
        if (ch.met) ch.turn = at;
        if (!ch.met && could[static_cast<std::size_t>(e)].first) {
            const auto [turn, resp] = could[static_cast<std::size_t>(e)];
            ch.could_turn = turn;
            const Turn& t = session.transcript()[static_cast<std::size_t>(turn - 1)];
            ch.could_say = s.nodes[static_cast<std::size_t>(t.node)]
                               .responses[static_cast<std::size_t>(resp)]
                               .say;
        }
        const auto [with, without] = analysis.best_with_flag(e);
        ch.best_with = with;
        ch.best_without = without;
        r.essentials.push_back(std::move(ch));
    }

    build_turning_points(session, essential_turn, r);
    find_opportunities(s, r);
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
    build_debrief(s, r, options);
    return r;
}

}  // namespace rapport
