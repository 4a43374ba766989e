// Analysis benchmark: first the state table alone (explore(): distinct states per second on one
// thread and on every core, bytes per state retained, peak RSS against them, each run in its own
// child process), then the exact analysis of generated scenarios of growing size (nodes, state
// variables, conditions, cycles, once-only responses): distinct states, time, states per second,
// bytes per state, and peak RSS; then the analysis time of every shipped scenario.
//   bench_analysis [--max-states N] [--table-only]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "rapport/analysis.hpp"
#include "rapport/explore.hpp"
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

// User + system CPU time of this process (all its threads), in ms.
double cpu_ms() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return (static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
}

double current_mib() {
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
           (1024.0 * 1024.0);
}

// One exploration in a child process, so that its peak RSS is its own: prints one row.
void table_row(const std::string& text, const rapport::SkillCatalogue& catalogue, int nodes,
               int range, int once, unsigned threads, std::size_t max_states) {
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        rapport::LoadOptions no_explore;
        no_explore.explore = false;
        auto loaded = rapport::parse_scenario(text, "bench.yaml", catalogue, no_explore);
        if (!loaded.scenario) std::_Exit(1);
        const double base_mib = current_mib();
        const double cpu0 = cpu_ms();
        const auto t0 = std::chrono::steady_clock::now();
        const rapport::Exploration ex = rapport::explore(*loaded.scenario, max_states, threads);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        const double cpu = cpu_ms() - cpu0;
        // A fingerprint of the breadth-first order (every state's parent, response and node):
        // the same on any number of threads.
        std::uint64_t order = 0xcbf29ce484222325ULL;
        for (const auto& step : ex.steps)
            order = (order ^
                     (step.parent * 1000003ULL + static_cast<std::uint32_t>(step.response) * 31ULL +
                      static_cast<std::uint32_t>(step.node))) *
                    0x100000001B3ULL;
        const double states = static_cast<double>(ex.steps.size());
        const double retained_mib = static_cast<double>(ex.memory_bytes) / (1024.0 * 1024.0);
        const double above = peak_mib() - base_mib;
        std::printf(
            "%7d %6d %5d %8u %12zu %9.1f %12.0f %9.1f %12.0f %12.1f %10.1f %9.1f %7.2f   "
            "%016llx%s\n",
            nodes, range, once, ex.threads, ex.steps.size(), ms, states / (ms / 1000.0), cpu,
            states / (cpu / 1000.0), static_cast<double>(ex.memory_bytes) / states, retained_mib,
            above, above / retained_mib, static_cast<unsigned long long>(order),
            ex.complete ? "" : "  (incomplete: budget)");
        std::fflush(stdout);
        std::_Exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        std::printf("%7d %6d %5d  (the child failed)\n", nodes, range, once);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t max_states = 20'000'000;
    bool table_only = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--max-states") && i + 1 < argc)
            max_states = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--table-only"))
            table_only = true;
    }
    const auto catalogue =
        rapport::load_skill_catalogue(std::string(RAPPORT_SOURCE_DIR) + "/assets/skills.yaml")
            .catalogue;
    rapport::LoadOptions no_explore;
    no_explore.explore = false;

    // The state table alone, before anything else runs in this process (each row is a child).
    std::printf(
        "State table (explore(): keys, index and first-reached steps), one child process "
        "per row; %u cores\n\n",
        std::thread::hardware_concurrency());
    std::printf("%7s %6s %5s %8s %12s %9s %12s %9s %12s %12s %10s %9s %7s   %s\n", "nodes", "range",
                "once", "threads", "states", "time ms", "states/s", "cpu ms", "states/cpu-s",
                "bytes/state", "kept MiB", "peak MiB", "peak/kept", "BFS order");
    struct TableCase {
        int nodes, range, once;
    };
    const TableCase table_cases[] = {
        {100, 40, 2}, {200, 60, 4}, {400, 60, 4}, {800, 60, 4}, {800, 80, 4}};
    for (const TableCase& c : table_cases) {
        const std::string text = family(c.nodes, c.range, c.once);
        table_row(text, catalogue, c.nodes, c.range, c.once, 1, max_states);
        table_row(text, catalogue, c.nodes, c.range, c.once, 0, max_states);
    }
    std::printf(
        "\nbytes/state: keys + index + first-reached steps kept when the exploration ends; "
        "peak MiB: the child's peak RSS above its RSS before explore(); BFS order: a "
        "fingerprint of every state's parent, response and node (the same on 1 and 2 "
        "threads)\n\n");
    if (table_only) return 0;

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
