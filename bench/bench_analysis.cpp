// Analysis benchmark: exact analysis of generated scenarios of growing size (nodes, state
// variables, conditions, cycles, once-only responses). Prints distinct states, time, states per
// second, bytes per state, and peak RSS; then the analysis time of every shipped scenario.
//   bench_analysis [--max-states N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "rapport/analysis.hpp"
#include "rapport/loader.hpp"

namespace {

// A scenario whose distinct states grow with `nodes` x the ranges of its variables x 2^once:
// every node offers a reflection (+1 trust-like counter), a conditional deeper move, a once-only
// aside that stays, a step back (a cycle), and a conditional ending.
std::string family(int nodes, int range, int once_nodes) {
    std::string y =
        "id: bench\ntitle: B\nversion: \"1\"\nsummary: s\nobjectives: [o]\ndifficulty: advanced\n"
        "minutes: 60\nclient: {name: A, age: 30, pronouns: they/them, presenting_concern: c, "
        "known_before: k}\n";
    y += "state:\n  a: {max: " + std::to_string(range) + "}\n  b: {max: " + std::to_string(range) +
         "}\nscore: trust + rapport - dependence + a - b\nstart: n0\nnodes:\n";
    for (int i = 0; i < nodes; ++i) {
        const std::string id = "n" + std::to_string(i);
        const std::string next = "n" + std::to_string((i + 1) % nodes);
        const std::string back = "n" + std::to_string(i > 0 ? i - 1 : 0);
        y += "  - id: " + id + "\n    client: \"Line " + std::to_string(i) + "\"\n    responses:\n";
        y += "      - {say: s, skill: complex_reflection, effects: {a: 1}, rationale: r, next: " +
             next + "}\n";
        y += "      - {say: s, skill: persuading, effects: {b: 1}, rationale: r, when: a >= b, "
             "next: " +
             next + "}\n";
        y += "      - {say: s, skill: summary, rationale: r, next: " + back + "}\n";
        if (i < once_nodes)
            y += "      - {say: s, skill: affirmation, effects: {trust: 5}, once: true, rationale: "
                 "r}\n";
        y += "      - say: s\n        skill: summary\n        rationale: r\n        when: a + b "
             ">= " +
             std::to_string(range) +
             "\n        next:\n          - {when: a > b, to: good}\n          - {to: poor}\n";
    }
    y += "endings:\n  - {id: good, title: G, text: t, grade: g, outcome: good}\n"
         "  - {id: poor, title: P, text: t, grade: g, outcome: poor}\n";
    return y;
}

double peak_mib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t max_states = 20'000'000;
    for (int i = 1; i + 1 < argc; i += 2)
        if (!std::strcmp(argv[i], "--max-states"))
            max_states = std::strtoull(argv[i + 1], nullptr, 10);
    const auto catalogue =
        rapport::load_skill_catalogue(std::string(RAPPORT_SOURCE_DIR) + "/assets/skills.yaml")
            .catalogue;
    rapport::LoadOptions no_explore;
    no_explore.explore = false;

    std::printf("Analysis benchmark (exact exploration + best/worst from every state)\n\n");
    std::printf("%7s %6s %5s %12s %10s %10s %14s %12s %10s\n", "nodes", "range", "once", "states",
                "edges", "time ms", "states/s", "bytes/state", "peak MiB");
    struct Case {
        int nodes, range, once;
    };
    const Case cases[] = {{50, 20, 0},  {100, 30, 0}, {100, 40, 2},
                          {200, 50, 2}, {200, 60, 4}, {400, 60, 4}};
    for (const Case& c : cases) {
        const std::string text = family(c.nodes, c.range, c.once);
        auto loaded = rapport::parse_scenario(text, "bench.yaml", catalogue, no_explore);
        if (!loaded.scenario) {
            std::fputs(rapport::format_diagnostics(loaded.diagnostics).c_str(), stderr);
            return 1;
        }
        rapport::AnalysisOptions options;
        options.state_budget = max_states;
        const auto t0 = std::chrono::steady_clock::now();
        const auto analysis = rapport::Analysis::run(loaded.scenario, options);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        const double states = static_cast<double>(analysis.states());
        std::printf("%7d %6d %5d %12zu %10zu %10.1f %14.0f %12.1f %10.1f%s\n", c.nodes, c.range,
                    c.once, analysis.states(), analysis.edges(), ms, states / (ms / 1000.0),
                    static_cast<double>(analysis.memory_bytes()) / states, peak_mib(),
                    analysis.complete() ? "" : "  (incomplete: budget)");
    }

    std::printf("\nShipped scenarios (analysis runs after every session; target < 50 ms):\n");
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(RAPPORT_SOURCE_DIR) + "/scenarios")) {
        if (entry.path().extension() != ".yaml") continue;
        auto loaded = rapport::load_scenario(entry.path().string(), catalogue, no_explore);
        if (!loaded.scenario) continue;
        double best_ms = 1e300;
        rapport::Analysis last;
        for (int i = 0; i < 5; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            last = rapport::Analysis::run(loaded.scenario);
            best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(
                                            std::chrono::steady_clock::now() - t0)
                                            .count());
        }
        if (!last.complete()) {
            std::printf("  %-28s incomplete after %zu states\n", entry.path().filename().c_str(),
                        last.states());
            continue;
        }
        std::printf("  %-28s %10zu states %10.1f ms (best of 5)%s\n",
                    entry.path().filename().c_str(), last.states(), best_ms,
                    last.complete() ? "" : "  (incomplete)");
    }
    return 0;
}
