// Whole-scenario checks (see checks.hpp): structure first, then exact exploration.
#include "language/checks.hpp"

#include <algorithm>
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
                    ending_ref[static_cast<std::size_t>(b.target.index)] = 1;
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

void check_exploration(const Scenario& s, const CheckInput& in,
                       const std::vector<std::uint8_t>& reachable, Diagnostics& d) {
    const Exploration ex = explore(s, in.budget);
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        if (ex.dead_end_state[i] >= 0) {
            auto& diag = d.error("RP302", n.location,
                                 "dead end: at node `" + n.id +
                                     "` the trainee can run out of responses (every one is "
                                     "conditional or once-only)");
            diag.notes.push_back(note(
                n.location, "reached by: " + describe_path(s, ex.path_to(static_cast<std::size_t>(
                                                                  ex.dead_end_state[i])))));
        }
    }
    if (!ex.complete) {
        d.add(Severity::Note, "RP300", {s.path, 0, 0},
              "stopped exploring after " + std::to_string(ex.states) +
                  " play states; dead ends and conditions that never hold were checked only that "
                  "far");
        return;
    }
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        if (reachable[i] && !ex.node_reached[i])
            d.warning(
                "RP301", n.location,
                "node `" + n.id + "` is unreachable: the conditions on the way to it never hold");
        if (!ex.node_reached[i]) continue;
        for (std::size_t r = 0; r < n.responses.size(); ++r)
            if (!ex.response_offered[i][r])
                d.warning(
                    "RP305", n.responses[r].location,
                    "response `" + n.responses[r].id + "` of node `" + n.id +
                        "` is never offered: its condition never holds when the node is shown");
        for (std::size_t v = 0; v < n.variants.size(); ++v)
            if (!ex.variant_shown[i][v])
                d.warning("RP306", n.variants[v].location,
                          "variant " + std::to_string(v + 1) + " of node `" + n.id +
                              "` never shows: its condition never holds here, or an earlier "
                              "variant always wins");
    }
    // A loop the trainee can never leave: responses are offered, but no ending can be reached.
    // (Only when no dead end was found: a dead end is the same problem, already reported.)
    if (std::none_of(ex.dead_end_state.begin(), ex.dead_end_state.end(),
                     [](std::int64_t x) { return x >= 0; })) {
        const std::shared_ptr<const Scenario> view(&s,
                                                   [](const Scenario*) {});  // borrowed, not owned
        AnalysisOptions options;
        options.state_budget = in.budget;
        const Analysis a = Analysis::run(view, options);
        if (const auto trapped = a.first_trapped_state()) {
            const Node& n = s.nodes[static_cast<std::size_t>(a.node_of_state(*trapped))];
            auto& diag = d.error("RP307", n.location,
                                 "no way out: from node `" + n.id +
                                     "` the session can go on but can never reach an ending (every "
                                     "way out is closed by a condition)");
            diag.notes.push_back(
                note(n.location, "reached by: " + describe_path(s, a.path_to_state(*trapped))));
        }
    }
    for (std::size_t e = 0; e < s.endings.size(); ++e)
        if (!ex.ending_reached[e]) {
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
    std::vector<std::uint8_t> reachable;
    check_structure(s, d, reachable);
    if (in.explore && !d.has_errors()) check_exploration(s, in, reachable, d);
}

}  // namespace rapport::detail
