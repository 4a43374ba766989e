// Whole-scenario checks (see checks.hpp): structure first, then exact exploration.
#include "language/checks.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>

#include "rapport/analysis.hpp"
#include "rapport/explore.hpp"

namespace rapport::detail {

namespace {

Diagnostic note(const SourceLocation& at, std::string message) {
    return Diagnostic{Severity::Note, "", std::move(message), at, {}};
}

// Largest literal in any expression that reads `turns`: beyond it, turn counts compare alike.
int compute_turns_cap(const Scenario& s) {
    int cap = 0;
    auto scan = [&](const Expr& e) {
        if (!e.uses_turns()) return;
        int biggest = 0;
        for (const auto& ins : e.code())
            if (ins.op == Op::Const) biggest = std::max(biggest, std::abs(ins.arg));
        cap = std::max(cap, biggest + 1);
    };
    scan(s.score);
    for (const auto& n : s.nodes) {
        for (const auto& v : n.variants)
            scan(v.when);
        for (const auto& r : n.responses) {
            if (r.when) scan(*r.when);
            for (const auto& b : r.next)
                if (b.when) scan(*b.when);
        }
    }
    return std::min(cap, 1'000'000);
}

void check_structure(const Scenario& s, Diagnostics& d, std::vector<std::uint8_t>& reachable) {
    reachable.assign(s.nodes.size(), 0);
    std::vector<std::uint8_t> ending_ref(s.endings.size(), 0);
    if (s.nodes.empty()) return;
    std::vector<int> stack{s.start};
    reachable[static_cast<std::size_t>(s.start)] = 1;
    while (!stack.empty()) {
        const Node& n = s.nodes[static_cast<std::size_t>(stack.back())];
        stack.pop_back();
        for (const auto& r : n.responses)
            for (const auto& b : r.next) {
                if (b.target.kind == Target::Kind::Ending) {
                    // An ending's `otherwise` is reached through it.
                    for (int e = b.target.index; e >= 0 && !ending_ref[static_cast<std::size_t>(e)];
                         e = s.endings[static_cast<std::size_t>(e)].otherwise)
                        ending_ref[static_cast<std::size_t>(e)] = 1;
                } else if (b.target.kind == Target::Kind::Node &&
                           !reachable[static_cast<std::size_t>(b.target.index)]) {
                    reachable[static_cast<std::size_t>(b.target.index)] = 1;
                    stack.push_back(b.target.index);
                }
            }
    }
    for (std::size_t i = 0; i < s.nodes.size(); ++i)
        if (!reachable[i] && !s.nodes[i].id.empty())
            d.warning("RP301", s.nodes[i].location,
                      "node `" + s.nodes[i].id +
                          "` is unreachable: no response from the start leads to it");
    for (std::size_t i = 0; i < s.endings.size(); ++i)
        if (!ending_ref[i] && !s.endings[i].id.empty())
            d.error("RP304", s.endings[i].location,
                    "ending `" + s.endings[i].id +
                        "` can never be reached: no reachable response leads to it");
}

// Words whose presence can give an answer away: tone markers novices learn to spot.
const std::vector<std::string>& tone_words() {
    static const std::vector<std::string> words{
        "honestly",   "don't worry", "i'm sure",  "!",         "together",
        "your call",  "up to you",   "of course", "totally",   "definitely",
        "absolutely", "just",        "really",    "completely"};
    return words;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Whole-word (or, for "!", any) occurrence of `word` in lower-cased `text`; curly apostrophes are
// read as straight ones.
bool has_word(std::string text, const std::string& word) {
    for (std::size_t p; (p = text.find("\xE2\x80\x99")) != std::string::npos;)
        text.replace(p, 3, "'");
    if (word == "!") return text.find('!') != std::string::npos;
    for (std::size_t p = text.find(word); p != std::string::npos; p = text.find(word, p + 1)) {
        const bool left = p == 0 || !std::isalnum(static_cast<unsigned char>(text[p - 1]));
        const std::size_t e = p + word.size();
        const bool right = e >= text.size() || !std::isalnum(static_cast<unsigned char>(text[e]));
        if (left && right) return true;
    }
    return false;
}

// What a format 2 scenario teaches, checked against its analysis: red flags never on a best
// session (RP309), the best response not given away by length (RP310) or tone (RP311).
void check_teaching(const Scenario& s, const Analysis& a, Diagnostics& d) {
    int decision_points = 0;
    std::vector<std::string> longest_best;
    const SourceLocation* first_longest = nullptr;
    struct Tone {
        int good = 0, poor = 0;
        const Response* where = nullptr;
    };
    std::vector<Tone> tones(tone_words().size());
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        const Node& node = s.nodes[n];
        for (std::size_t r = 0; r < node.responses.size(); ++r) {
            const Response& resp = node.responses[r];
            if (!resp.red_flag.empty() &&
                a.response_on_best_path(static_cast<int>(n), static_cast<int>(r)))
                d.warning("RP309", resp.location,
                          "response `" + resp.id + "` of node `" + node.id +
                              "` is a red flag but can lie on a best session; make it cost what "
                              "it would cost the client, so that no best session includes it");
        }
        if (node.responses.size() < 2) continue;
        const auto best = a.response_best(static_cast<int>(n));
        std::optional<int> top;
        for (const auto& b : best)
            if (b && (!top || *b > *top)) top = b;
        if (!top) continue;
        ++decision_points;
        // The strictly longest option, and whether it is (one of) the best.
        std::size_t longest = 0;
        bool strict = true;
        for (std::size_t r = 1; r < node.responses.size(); ++r) {
            const auto len = node.responses[r].say.size();
            if (len > node.responses[longest].say.size()) {
                longest = r;
                strict = true;
            } else if (len == node.responses[longest].say.size()) {
                strict = false;
            }
        }
        if (strict && best[longest] && *best[longest] == *top) {
            longest_best.push_back(node.id);
            if (!first_longest) first_longest = &node.location;
        }
        for (std::size_t r = 0; r < node.responses.size(); ++r) {
            const Response& resp = node.responses[r];
            if (!best[r]) continue;
            const bool good =
                *top - *best[r] <= s.equally_good && resp.red_flag.empty() && resp.errors.empty();
            const bool poor =
                !resp.errors.empty() || !resp.red_flag.empty() || *top - *best[r] > s.equally_good;
            const std::string text = lower(resp.say);
            for (std::size_t w = 0; w < tone_words().size(); ++w)
                if (has_word(text, tone_words()[w])) {
                    if (good) ++tones[w].good;
                    if (poor) ++tones[w].poor;
                    if (!tones[w].where) tones[w].where = &resp;
                }
        }
    }
    if (decision_points > 0 &&
        2 * longest_best.size() > static_cast<std::size_t>(decision_points)) {
        auto& diag = d.warning("RP310", *first_longest,
                               "the best response is the longest option at " +
                                   std::to_string(longest_best.size()) + " of " +
                                   std::to_string(decision_points) +
                                   " decision points, so length gives the answer away; shorten "
                                   "some best responses or lengthen plausible poor ones");
        std::string list;
        for (std::size_t i = 0; i < longest_best.size(); ++i)
            list += (i ? ", " : "") + std::string("`") + longest_best[i] + "`";
        diag.notes.push_back(note(*first_longest, "at: " + list));
    }
    for (std::size_t w = 0; w < tone_words().size(); ++w) {
        const Tone& t = tones[w];
        if (t.good + t.poor < 2 || (t.good > 0 && t.poor > 0)) continue;
        d.warning("RP311", t.where->location,
                  "\"" + tone_words()[w] + "\" appears only in " + (t.good ? "good" : "poor") +
                      " options (" + std::to_string(t.good + t.poor) +
                      "), so the word gives the answer away; use it in a " +
                      (t.good ? "poor" : "good") + " option too, or rephrase");
    }
}

// Format 2 content that can never count (RP308, RP312).
void check_declared(const Scenario& s, Diagnostics& d) {
    if (s.format < 2) return;
    std::vector<std::uint8_t> meets(s.essentials.size(), 0), revealed(s.facts.size(), 0),
        used(s.facts.size(), 0);
    auto mark = [](std::vector<std::uint8_t>& v, const std::vector<int>& xs) {
        for (int x : xs)
            v[static_cast<std::size_t>(x)] = 1;
    };
    auto mark_expr = [&](const Expr& e) {
        for (const auto& ins : e.code())
            if (ins.op == Op::Flag && ins.arg >= static_cast<int>(s.essentials.size()))
                used[static_cast<std::size_t>(ins.arg) - s.essentials.size()] = 1;
    };
    for (const auto& n : s.nodes) {
        mark(revealed, n.reveal);
        for (const auto& v : n.variants) {
            mark(revealed, v.reveal);
            mark_expr(v.when);
        }
        for (const auto& r : n.responses) {
            mark(meets, r.meets);
            mark(used, r.cites);
            if (r.reply) mark(revealed, r.reply->reveal);
            if (r.when) mark_expr(*r.when);
            for (const auto& b : r.next)
                if (b.when) mark_expr(*b.when);
        }
    }
    for (int e : s.required_essentials)
        if (!meets[static_cast<std::size_t>(e)])
            d.warning("RP308", {s.path, 0, 0},
                      "the scenario requires the essential `" +
                          s.essentials[static_cast<std::size_t>(e)].id +
                          "` but no response meets it; add `meets: [" +
                          s.essentials[static_cast<std::size_t>(e)].id +
                          "]` to the responses that do, or remove it from `essentials:`");
    for (std::size_t f = 0; f < s.facts.size(); ++f) {
        if (!revealed[f])
            d.warning("RP312", s.facts[f].location,
                      "fact `" + s.facts[f].id + "` is never revealed: add `reveal: [" +
                          s.facts[f].id + "]` to the line where the client says it");
        else if (!used[f])
            d.warning("RP312", s.facts[f].location,
                      "fact `" + s.facts[f].id +
                          "` is revealed but nothing cites it or asks `known(" + s.facts[f].id +
                          ")`; cite it on the responses that rely on it, or remove it");
    }
}

// How much choosing `r` once changes the score, measured at `ctx_base` (exact for a score that is
// a sum of variables, as the default is; a first-order estimate otherwise).
long long score_gain(const Scenario& s, const Response& r, const std::vector<int>& base,
                     const EvalContext& ctx_base) {
    if (r.effects.empty()) return 0;
    std::vector<int> after = base;
    for (const auto& e : r.effects)
        after[static_cast<std::size_t>(e.var)] += e.delta;
    EvalContext c = ctx_base;
    c.values = after;
    return static_cast<long long>(s.score.evaluate(c)) - s.score.evaluate(ctx_base);
}

std::string effects_list(const Scenario& s, const Response& r) {
    std::string out;
    for (const auto& e : r.effects)
        out += (out.empty() ? "" : ", ") + s.vars[static_cast<std::size_t>(e.var)].id + " " +
               (e.delta > 0 ? "+" : "") + std::to_string(e.delta);
    return out;
}

// A condition that, once true, stays true for the rest of a session: only essentials met, facts
// known and nodes visited, joined by `and` / `or` (no numbers, no `not`: those never clear).
bool monotone(const Expr& e) {
    return std::all_of(e.code().begin(), e.code().end(), [](const Instr& i) {
        return i.op == Op::Const || i.op == Op::Visited || i.op == Op::Flag || i.op == Op::And ||
               i.op == Op::Or;
    });
}

// Meter farming (RP313): a response that can be chosen again and again, each time raising the
// score. Either it stays on its node, or it lies on a loop of responses whose gains add up to
// more than zero; in both cases with no once-only response on the way, and no condition but ones
// that stay true once they hold (`when: met(frame)`). Found on
// the node/response graph, by a longest-path relaxation that detects a positive cycle, with a
// bounded amount of work.
void check_farming(const Scenario& s, const std::vector<std::uint8_t>& reachable, Diagnostics& d) {
    if (s.nodes.empty()) return;
    // Gains are measured from the middle of every range, where no effect is cut by a bound.
    std::vector<int> base(s.vars.size());
    for (std::size_t v = 0; v < s.vars.size(); ++v)
        base[v] = s.vars[v].min + (s.vars[v].max - s.vars[v].min) / 2;
    const std::vector<std::uint8_t> visited(static_cast<std::size_t>(s.visit_slots), 0);
    const std::vector<std::uint8_t> flags(static_cast<std::size_t>(s.flag_count()), 0);
    EvalContext ctx{base, 0, visited, flags};

    struct Edge {
        int from, to, response;
        long long gain;
    };
    std::vector<Edge> edges;
    std::vector<std::uint8_t> farming_node(s.nodes.size(), 0);
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        if (!reachable[n]) continue;
        const Node& node = s.nodes[n];
        for (std::size_t r = 0; r < node.responses.size(); ++r) {
            const Response& resp = node.responses[r];
            // Once-only responses cannot repeat; a condition may close a response after its first
            // use (`when: not met(x)` on the response that meets x, `when: trust < 50`), so, to
            // stay free of false alarms without exploring, only conditions that never close once
            // open are kept, and branches are left out.
            if (resp.once_slot >= 0 || (resp.when && !monotone(*resp.when))) continue;
            const long long gain = score_gain(s, resp, base, ctx);
            if (resp.next.empty()) {
                if (gain > 0) {
                    farming_node[n] = 1;
                    d.warning("RP313", resp.location,
                              "meter farming: response `" + resp.id + "` of node `" + node.id +
                                  "` stays on the node, is not once-only and has no condition that "
                                  "closes it, and each time it is chosen the score rises by " +
                                  std::to_string(gain) + " (" + effects_list(s, resp) +
                                  "), so a trainee can choose it again and again to raise the "
                                  "score; add `once: true`, a `next`, or a condition that closes "
                                  "it");
                }
                continue;
            }
            // Only a response that always goes to one node: with branches, which one is taken
            // depends on conditions.
            const Branch& only = resp.next.front();
            if (resp.next.size() == 1 && !only.when && only.target.kind == Target::Kind::Node)
                edges.push_back(
                    {static_cast<int>(n), only.target.index, static_cast<int>(r), gain});
        }
    }
    if (edges.empty()) return;
    // Longest-path relaxation from every node at once (all distances start at 0): if a pass over
    // the edges still improves something after as many passes as there are nodes, a loop with a
    // net gain exists, and following the predecessors from that node lands on it.
    const std::size_t n_nodes = s.nodes.size();
    std::vector<long long> dist(n_nodes, 0);
    std::vector<int> pred(n_nodes, -1);  // edge index
    constexpr std::size_t work_limit = 50'000'000;
    std::size_t work = 0;
    int changed_at = -1;
    for (std::size_t pass = 0; pass <= n_nodes; ++pass) {
        changed_at = -1;
        for (std::size_t e = 0; e < edges.size(); ++e) {
            const Edge& ed = edges[e];
            const auto from = static_cast<std::size_t>(ed.from),
                       to = static_cast<std::size_t>(ed.to);
            if (dist[from] + ed.gain > dist[to]) {
                dist[to] = dist[from] + ed.gain;
                pred[to] = static_cast<int>(e);
                changed_at = ed.to;
            }
        }
        work += edges.size();
        if (changed_at < 0 || work > work_limit) break;
    }
    if (changed_at < 0 || work > work_limit) return;
    // Walk back n_nodes steps to be sure to stand on the loop, then collect it.
    int at = changed_at;
    for (std::size_t i = 0; i < n_nodes; ++i)
        at = edges[static_cast<std::size_t>(pred[static_cast<std::size_t>(at)])].from;
    std::vector<std::pair<int, int>> loop;
    long long total = 0;
    int cur = at;
    do {
        const Edge& ed = edges[static_cast<std::size_t>(pred[static_cast<std::size_t>(cur)])];
        loop.emplace_back(ed.from, ed.response);
        total += ed.gain;
        cur = ed.from;
    } while (cur != at && loop.size() <= n_nodes);
    std::reverse(loop.begin(), loop.end());
    const Node& first = s.nodes[static_cast<std::size_t>(loop.front().first)];
    const Response& first_resp = first.responses[static_cast<std::size_t>(loop.front().second)];
    auto& diag =
        d.warning("RP313", first_resp.location,
                  "meter farming: the loop " + describe_path(s, loop) + " -> back to `" + first.id +
                      "` can be gone round again and again (no response on "
                      "it is once-only or has a condition that closes it), and each round raises "
                      "the score by " +
                      std::to_string(total) +
                      "; make a response on it `once: true`, or give the way back a "
                      "cost or a condition that closes it");
    for (const auto& [n, r] : loop) {
        const Response& resp =
            s.nodes[static_cast<std::size_t>(n)].responses[static_cast<std::size_t>(r)];
        diag.notes.push_back(
            note(resp.location, "response `" + resp.id + "` of node `" +
                                    s.nodes[static_cast<std::size_t>(n)].id + "`" +
                                    (resp.effects.empty() ? std::string(": no effects")
                                                          : ": " + effects_list(s, resp))));
    }
}

void check_exploration(const Scenario& s, const CheckInput& in,
                       const std::vector<std::uint8_t>& reachable, Diagnostics& d) {
    // One exploration: the analysis's state graph answers the checks here and, handed back to the
    // loader's caller, the feedback after a session.
    AnalysisOptions options = report_analysis_options();
    options.state_budget = in.budget;
    options.time_budget = in.time_budget;
    options.memory_budget = in.memory_budget;
    const std::shared_ptr<const Scenario> view =
        in.owner ? in.owner
                 : std::shared_ptr<const Scenario>(&s, [](const Scenario*) {});  // borrowed
    auto a = std::make_shared<const Analysis>(Analysis::run(view, options));
    bool dead_end = false;
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        if (const auto st = a->dead_end_state(static_cast<int>(i))) {
            dead_end = true;
            auto& diag = d.error("RP302", n.location,
                                 "dead end: at node `" + n.id +
                                     "` the trainee can run out of responses (every one is "
                                     "conditional or once-only)");
            diag.notes.push_back(
                note(n.location, "reached by: " + describe_path(s, a->path_to_state(*st))));
        }
    }
    if (in.owner && in.analysis) *in.analysis = a;
    if (!a->complete()) {
        const AnalysisLimit why = a->limit();
        d.add(Severity::Note, "RP300", {s.path, 0, 0},
              "stopped exploring after " + std::to_string(a->states()) + " play states" +
                  (why == AnalysisLimit::time     ? " (time limit)"
                   : why == AnalysisLimit::memory ? " (memory limit)"
                                                  : "") +
                  "; dead ends and conditions that never hold were checked only that far");
        return;
    }
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        const int node = static_cast<int>(i);
        if (reachable[i] && !a->node_reachable(node))
            d.warning(
                "RP301", n.location,
                "node `" + n.id + "` is unreachable: the conditions on the way to it never hold");
        if (!a->node_reachable(node)) continue;
        for (std::size_t r = 0; r < n.responses.size(); ++r)
            if (!a->response_reachable(node, static_cast<int>(r)))
                d.warning("RP305", n.responses[r].location,
                          "response `" + n.responses[r].id + "` of node `" + n.id +
                              "` is never offered: " +
                              (n.responses[r].cites.empty()
                                   ? std::string("its condition never holds when the node is shown")
                                   : "its condition never holds, or a fact it cites is never "
                                     "known, when the node is shown"));
        for (std::size_t v = 0; v < n.variants.size(); ++v)
            if (!a->variant_shown(node, static_cast<int>(v)))
                d.warning("RP306", n.variants[v].location,
                          "variant " + std::to_string(v + 1) + " of node `" + n.id +
                              "` never shows: its condition never holds here, or an earlier "
                              "variant always wins");
    }
    // A loop the trainee can never leave: responses are offered, but no ending can be reached.
    // (Only when no dead end was found: a dead end is the same problem, already reported.)
    if (!dead_end) {
        if (s.format >= 2) check_teaching(s, *a, d);
        if (const auto trapped = a->first_trapped_state()) {
            const Node& n = s.nodes[static_cast<std::size_t>(a->node_of_state(*trapped))];
            auto& diag = d.error("RP307", n.location,
                                 "no way out: from node `" + n.id +
                                     "` the session can go on but can never reach an ending (every "
                                     "way out is closed by a condition)");
            diag.notes.push_back(
                note(n.location, "reached by: " + describe_path(s, a->path_to_state(*trapped))));
        }
    }
    for (std::size_t e = 0; e < s.endings.size(); ++e)
        if (!a->ending_reachable(static_cast<int>(e))) {
            // Structurally unreachable endings were already reported.
            bool referenced = false;
            for (std::size_t i = 0; i < s.nodes.size() && !referenced; ++i)
                if (reachable[i])
                    for (const auto& r : s.nodes[i].responses)
                        for (const auto& b : r.next)
                            if (b.target.kind == Target::Kind::Ending &&
                                b.target.index == static_cast<int>(e))
                                referenced = true;
            if (referenced)
                d.error("RP304", s.endings[e].location,
                        "ending `" + s.endings[e].id +
                            "` can never be reached: the conditions on every way to it never hold");
        }
}

}  // namespace

void check_scenario(Scenario& s, const CheckInput& in, Diagnostics& d) {
    s.turns_cap = compute_turns_cap(s);
    // After an error the model is incomplete (a dropped response, an unresolved `next`), and
    // whole-scenario findings would be noise that follows from it.
    if (d.has_errors()) return;
    for (std::size_t v = 0; v < s.vars.size(); ++v)
        if (!s.vars[v].builtin && !in.used_vars.count(static_cast<int>(v)))
            d.warning("RP303", s.vars[v].location,
                      "state variable `" + s.vars[v].id +
                          "` is never used: no effect changes it and no condition reads it");
    check_declared(s, d);
    std::vector<std::uint8_t> reachable;
    check_structure(s, d, reachable);
    check_farming(s, reachable, d);
    if (in.explore && !d.has_errors() && !(in.explored_before && in.explored_before(s)))
        check_exploration(s, in, reachable, d);
}

}  // namespace rapport::detail
