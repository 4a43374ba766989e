// `rapport analyze FILE` (what any session of a scenario can achieve) and `rapport graph FILE`
// (Graphviz DOT of nodes, responses and endings, coloured by effect, best paths bold).
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_common.hpp"
#include "rapport/analysis.hpp"
#include "rapport/session.hpp"
#include "rapport/testing.hpp"

namespace rapport::cli {

namespace {

// Loads with every check, the play checks included: a scenario with a dead end, a loop with no
// way out or an ending that can never be reached is refused (exit 1), not analysed as if no
// trainee could get stuck.
std::shared_ptr<const Scenario> load_for_analysis(const std::string& file, std::size_t budget) {
    auto catalogue = load_catalogue();
    if (!catalogue) return nullptr;
    LoadOptions options;
    options.exploration_budget = std::min(options.exploration_budget, budget);
    const Step step("loading the scenario " + file);
    auto loaded = load_scenario(file, *catalogue, options);
    if (!loaded.scenario) {
        std::cerr << format_diagnostics(loaded.diagnostics);
        std::cerr << "rapport: " << file << " has errors; fix them first (rapport validate " << file
                  << ")\n";
    }
    return loaded.scenario;
}

// Sum of a response's effects, each counted in its good direction.
int effect_sign(const Scenario& s, const Response& r) {
    int total = 0;
    for (const auto& e : r.effects)
        total += s.vars[static_cast<std::size_t>(e.var)].higher_is_better ? e.delta : -e.delta;
    return total;
}

std::string effects_text(const Scenario& s, const Response& r) {
    std::string out;
    for (const auto& e : r.effects)
        out += (out.empty() ? "" : ", ") + s.vars[static_cast<std::size_t>(e.var)].id +
               (e.delta > 0 ? " +" : " ") + std::to_string(e.delta);
    return out;
}

std::string turns_text(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " turn" : " turns");
}

}  // namespace

int cmd_analyze(Args& args) {
    std::string file;
    bool json = false;
    std::size_t budget = AnalysisOptions{}.state_budget;
    while (!args.done()) {
        if (!args.is_flag()) {
            if (!file.empty()) throw UsageError{"analyze takes one scenario file"};
            file = args.take();
            continue;
        }
        const std::string f = args.flag();
        if (f == "--format") {
            json = parse_text_or_json(args.value());
        } else if (f == "--budget") {
            budget = static_cast<std::size_t>(parse_count("--budget", args.value()));
        } else {
            throw UsageError{"analyze: unknown option " + f + " (see rapport analyze --help)"};
        }
    }
    if (file.empty())
        throw UsageError{"analyze needs a scenario file (see rapport analyze --help)"};
    const auto scenario = load_for_analysis(file, budget);
    if (!scenario) return exit_problems;
    const Scenario& s = *scenario;
    const auto t0 = std::chrono::steady_clock::now();
    AnalysisOptions options;
    options.state_budget = budget;
    const Analysis a = Analysis::run(scenario, options);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    std::vector<std::string> unreached_nodes, never_offered;
    std::vector<std::pair<int, int>> never_offered_at;  // (node, response), for JSON
    std::size_t responses = 0, on_best = 0;
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        if (!a.node_reachable(static_cast<int>(n))) unreached_nodes.push_back(s.nodes[n].id);
        for (std::size_t r = 0; r < s.nodes[n].responses.size(); ++r) {
            ++responses;
            if (a.response_on_best_path(static_cast<int>(n), static_cast<int>(r))) ++on_best;
            if (a.node_reachable(static_cast<int>(n)) &&
                !a.response_reachable(static_cast<int>(n), static_cast<int>(r))) {
                never_offered.push_back(s.nodes[n].responses[r].id + " at `" + s.nodes[n].id + "`");
                never_offered_at.emplace_back(static_cast<int>(n), static_cast<int>(r));
            }
        }
    }

    if (json) {
        nlohmann::json j;
        j["scenario"] = {{"id", s.id},
                         {"version", s.version},
                         {"nodes", s.nodes.size()},
                         {"endings", s.endings.size()}};
        j["complete"] = a.complete();
        j["states"] = a.states();
        j["edges"] = a.edges();
        j["milliseconds"] = ms;
        auto opt = [](const std::optional<int>& v) {
            return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
        };
        j["score"] = {{"expression", s.score.text()},
                      {"best", opt(a.best_score())},
                      {"worst", opt(a.worst_score())}};
        j["variables"] = nlohmann::json::array();
        for (std::size_t v = 0; v < s.vars.size(); ++v)
            j["variables"].push_back(
                {{"id", s.vars[v].id},
                 {"min_final", a.complete() && a.terminals() ? nlohmann::json(a.min_final()[v])
                                                             : nlohmann::json(nullptr)},
                 {"max_final", a.complete() && a.terminals() ? nlohmann::json(a.max_final()[v])
                                                             : nlohmann::json(nullptr)}});
        j["endings"] = nlohmann::json::array();
        for (std::size_t e = 0; e < s.endings.size(); ++e) {
            nlohmann::json path = nlohmann::json::array();
            for (const auto& [node, response] : a.ending_witness(static_cast<int>(e)))
                path.push_back({{"node", s.nodes[static_cast<std::size_t>(node)].id},
                                {"response", s.nodes[static_cast<std::size_t>(node)]
                                                 .responses[static_cast<std::size_t>(response)]
                                                 .id}});
            j["endings"].push_back({{"id", s.endings[e].id},
                                    {"reachable", a.ending_reachable(static_cast<int>(e))},
                                    {"shortest_path", path}});
        }
        nlohmann::json best = nlohmann::json::array();
        for (const auto& [node, response] : a.best_path())
            best.push_back({{"node", s.nodes[static_cast<std::size_t>(node)].id},
                            {"response", s.nodes[static_cast<std::size_t>(node)]
                                             .responses[static_cast<std::size_t>(response)]
                                             .id}});
        j["best_path"] = best;
        j["unreached_nodes"] = unreached_nodes;
        // Responses are {node, response} objects here as in every path above, not text.
        j["never_offered"] = nlohmann::json::array();
        for (const auto& [node, response] : never_offered_at)
            j["never_offered"].push_back(
                {{"node", s.nodes[static_cast<std::size_t>(node)].id},
                 {"response", s.nodes[static_cast<std::size_t>(node)]
                                  .responses[static_cast<std::size_t>(response)]
                                  .id}});
        j["responses_on_a_best_path"] = on_best;
        std::cout << j.dump(2) << "\n";
        return a.complete() ? exit_ok : exit_problems;
    }

    std::cout << terminal_safe(s.title) << " (" << s.id << " " << s.version
              << "): " << s.nodes.size() << " nodes, " << s.endings.size() << " endings, "
              << responses << " responses\n";
    std::cout << "Explored " << a.states() << " distinct play states and " << a.edges()
              << " choices in " << static_cast<long>(ms + 0.5) << " ms"
              << (a.complete() ? ""
                               : " and stopped at the budget: the results below are incomplete")
              << ".\n";
    if (!a.complete()) {
        std::cout << "Raise --budget, or make the state space smaller (docs/scenario-format.md, "
                     "\"Keep the state space small\").\n";
        return exit_problems;
    }
    std::cout << "\nScore (" << s.score.text() << "): best "
              << (a.best_score() ? std::to_string(*a.best_score()) : "none") << ", worst "
              << (a.worst_score() ? std::to_string(*a.worst_score()) : "none") << "\n";
    std::cout << "Final values over all endings:";
    for (std::size_t v = 0; v < s.vars.size(); ++v)
        std::cout << (v ? "," : "") << " " << s.vars[v].id << " " << a.min_final()[v] << " to "
                  << a.max_final()[v];
    std::cout << "\n\nEndings\n";
    for (std::size_t e = 0; e < s.endings.size(); ++e) {
        const Ending& en = s.endings[e];
        std::cout << "  " << en.id << " (" << terminal_safe(en.grade) << ", "
                  << outcome_name(en.outcome) << "): ";
        if (!a.ending_reachable(static_cast<int>(e))) {
            std::cout << "never reached\n";
            continue;
        }
        const auto path = a.ending_witness(static_cast<int>(e));
        std::cout << "reachable in " << turns_text(path.size()) << ": " << describe_path(s, path)
                  << "\n";
    }
    std::cout << "\nOne best session (" << turns_text(a.best_path().size())
              << "): " << describe_path(s, a.best_path()) << "\n";
    std::cout << "Responses that can lie on a best path: " << on_best << " of " << responses
              << "\n";
    if (!unreached_nodes.empty()) {
        std::cout << "Nodes never reached:";
        for (const auto& n : unreached_nodes)
            std::cout << " " << n;
        std::cout << "\n";
    }
    if (!never_offered.empty()) {
        std::cout << "Responses never offered:";
        for (std::size_t i = 0; i < never_offered.size(); ++i)
            std::cout << (i ? "; " : " ") << never_offered[i];
        std::cout << "\n";
    }
    return exit_ok;
}

std::string scenario_dot(const Scenario& s, const Analysis& a, const Coverage* coverage) {
    // Every string goes through dot_quoted (escaping, line breaks as \n); labels are built as
    // plain text first and clipped piece by piece.
    auto q = [](std::string_view text) { return dot_quoted(text); };
    auto piece = [](std::string text, std::size_t limit) {  // one line of at most `limit`
        for (char& c : text)
            if (c == '\n' || c == '\r') c = ' ';
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        return clip(text, limit);
    };
    std::ostringstream o;
    o << "// " << terminal_safe(piece(s.title + " (" + s.id + " " + s.version + ")", 200))
      << (coverage ? ", by rapport coverage" : ", by rapport graph")
      << ". Render: dot -Tsvg FILE.dot > FILE.svg\n";
    if (coverage)
        o << "// Coverage by " << coverage->sessions()
          << " sessions: what none of them reached is dashed and marked \"not covered\" (nodes\n"
             "// filled orange, endings and responses dashed); a node's label counts its lines "
             "shown.\n";
    o << "digraph " << q(s.id)
      << " {\n  rankdir=TB;\n  node [fontname=\"DejaVu Sans\", fontsize=10];\n"
         "  edge [fontname=\"DejaVu Sans\", fontsize=8];\n";
    o << "  __start [shape=point, width=0.15];\n  __start -> "
      << q(s.nodes[static_cast<std::size_t>(s.start)].id) << ";\n";
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        const Node& node = s.nodes[n];
        const bool reached = !a.complete() || a.node_reachable(static_cast<int>(n));
        const bool covered = !coverage || coverage->node(static_cast<int>(n)) > 0;
        std::string mark;
        if (!reached) {
            mark = "\n(unreachable)";
        } else if (coverage) {
            std::size_t shown = 0;
            for (int v = -1; v < static_cast<int>(node.variants.size()); ++v)
                shown += coverage->line(static_cast<int>(n), v) > 0;
            mark = covered ? "\n" + std::to_string(shown) + " of " +
                                 std::to_string(node.variants.size() + 1) + " lines shown"
                           : "\n(not covered)";
        }
        o << "  " << q(node.id)
          << " [shape=box, style=" << q(reached && covered ? "rounded" : "rounded,dashed,filled")
          << (!reached   ? ", fillcolor=\"#eeeeee\", fontcolor=\"#888888\""
              : !covered ? ", fillcolor=\"#ffe0b2\", color=\"#e65100\""
                         : "")
          << ", label=" << q(piece(node.id, 60) + "\n" + piece(node.client, 40) + mark) << "];\n";
    }
    for (std::size_t ei = 0; ei < s.endings.size(); ++ei) {
        const Ending& e = s.endings[ei];
        const bool covered = !coverage || coverage->ending(static_cast<int>(ei)) > 0;
        const char* colour = e.outcome == Outcome::Good    ? "#2e7d32"
                             : e.outcome == Outcome::Mixed ? "#c28a00"
                                                           : "#b3261e";
        o << "  " << q(e.id) << " [shape=doubleoctagon, color=" << q(colour)
          << (covered ? "" : ", style=dashed") << ", label="
          << q(piece(e.title, 40) + "\n" + piece(e.grade, 60) + (covered ? "" : "\n(not covered)"))
          << "];\n";
    }
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        const Node& node = s.nodes[n];
        for (std::size_t r = 0; r < node.responses.size(); ++r) {
            const Response& resp = node.responses[r];
            const int sign = effect_sign(s, resp);
            const char* colour = sign > 0 ? "#2e7d32" : sign < 0 ? "#b3261e" : "#777777";
            const bool best =
                a.complete() && a.response_on_best_path(static_cast<int>(n), static_cast<int>(r));
            const std::string label =
                piece(resp.id + ": " + s.code_of(resp).label, 60) +
                (resp.effects.empty() ? "" : "\n" + piece(effects_text(s, resp), 60)) +
                (resp.when ? "\nif " + piece(resp.when->text(), 40) : "") +
                (resp.once_slot >= 0 ? " (once)" : "") +
                (coverage && !coverage->response(static_cast<int>(n), static_cast<int>(r))
                     ? "\n(not covered)"
                     : "");
            const bool covered =
                !coverage || coverage->response(static_cast<int>(n), static_cast<int>(r)) > 0;
            auto edge = [&](const std::string& to, const std::string& extra) {
                o << "  " << q(node.id) << " -> " << q(to) << " [color=" << q(colour)
                  << ", fontcolor=" << q(colour) << ", label=" << q(label + extra)
                  << (best ? ", penwidth=2.5" : "") << (covered ? "" : ", style=dashed") << "];\n";
            };
            if (resp.next.empty()) {
                edge(node.id, "");
                continue;
            }
            for (const auto& b : resp.next) {
                const std::string to = b.target.kind == Target::Kind::Ending
                                           ? s.endings[static_cast<std::size_t>(b.target.index)].id
                                           : s.nodes[static_cast<std::size_t>(b.target.index)].id;
                edge(to, b.when ? "\n[" + piece(b.when->text(), 40) + "]"
                                : std::string(resp.next.size() > 1 ? "\n[otherwise]" : ""));
            }
        }
    }
    o << "}\n";
    return o.str();
}

int cmd_graph(Args& args) {
    std::string file, out_path;
    while (!args.done()) {
        if (!args.is_flag()) {
            if (!file.empty()) throw UsageError{"graph takes one scenario file"};
            file = args.take();
            continue;
        }
        const std::string f = args.flag();
        if (f == "-o" || f == "--output")
            out_path = args.value();
        else
            throw UsageError{"graph: unknown option " + f + " (see rapport graph --help)"};
    }
    if (file.empty()) throw UsageError{"graph needs a scenario file (see rapport graph --help)"};
    if (!out_path.empty()) check_not_an_input(out_path, {file});
    const auto scenario = load_for_analysis(file, AnalysisOptions{}.state_budget);
    if (!scenario) return exit_problems;
    const Analysis a = Analysis::run(scenario);
    const std::string dot = scenario_dot(*scenario, a, nullptr);
    return emit_output(out_path, dot);
}

}  // namespace rapport::cli
