// inkjs side by side (run by bench_ink.sh, which installs inkjs@2.4.0 into a temporary folder):
// generates the same story as ink and as a Rapport scenario (gen_story), then measures, in the
// same run: ink compile against `rapport validate` (each a whole process), load, choices per
// second over 200 playthroughs that walk the same paths in both, and one scripted session as a
// whole process (`rapport play --choose` against inkjs playing the same choices), with ratios.
// Where Rapport's session time goes is measured in this process too (load, the exploration at
// load, the choices, the end-of-session analysis). Benchmarks report; they never fail on time.
//   bench_ink --node NODE --modules DIR [--rapport build/rapport] [--workdir DIR] [--nodes 5000]
//             [--playthroughs 200] [--runs 3]
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "gen_story.hpp"
#include "rapport/analysis.hpp"
#include "rapport/loader.hpp"
#include "rapport/report.hpp"
#include "rapport/session.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Run {
    double ms = 0;
    double peak_mib = 0;
    int exit_code = -1;
};

// Runs argv as a child with stdout and stderr to files; its wall time and peak RSS (wait4).
Run spawn_and_wait(const std::vector<std::string>& argv, const std::string& out,
                   const std::string& err) {
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    Run r;
    pid_t pid = 0;
    const auto t0 = Clock::now();
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return r;
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    r.ms = ms_since(t0);
    r.peak_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    posix_spawn_file_actions_destroy(&actions);
    return r;
}

// Children are started by a small launcher process forked at the start, before this process
// loads anything: a child's peak RSS as the kernel reports it includes the memory of the process
// it was spawned from until its exec, so spawning from here, with a scenario and its analysis
// loaded, would add them to every child's figure.
struct Launcher {
    int to = -1, from = -1;
};
Launcher g_launcher;

bool write_all(int fd, const void* data, std::size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t w = write(fd, p, n);
        if (w <= 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}
bool read_all(int fd, void* data, std::size_t n) {
    char* p = static_cast<char*>(data);
    while (n > 0) {
        const ssize_t r = read(fd, p, n);
        if (r <= 0) return false;
        p += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}
// A request: out, err, then argv, each NUL-terminated, after its total length.
void start_launcher() {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) return;
    const pid_t pid = fork();
    if (pid == 0) {
        close(to[1]);
        close(from[0]);
        for (std::uint64_t size = 0; read_all(to[0], &size, sizeof size);) {
            std::string request(size, '\0');
            if (!read_all(to[0], request.data(), size)) break;
            std::vector<std::string> parts;
            for (std::size_t at = 0; at < request.size();) {
                const std::size_t end = request.find('\0', at);
                parts.push_back(request.substr(at, end - at));
                at = end + 1;
            }
            Run r;
            if (parts.size() >= 3)
                r = spawn_and_wait({parts.begin() + 2, parts.end()}, parts[0], parts[1]);
            if (!write_all(from[1], &r, sizeof r)) break;
        }
        std::_Exit(0);
    }
    close(to[0]);
    close(from[1]);
    g_launcher = {to[1], from[0]};
}

Run run_child(const std::vector<std::string>& argv, const std::string& out,
              const std::string& err) {
    if (g_launcher.to < 0) return spawn_and_wait(argv, out, err);
    std::string request = out + '\0' + err + '\0';
    for (const auto& a : argv)
        request += a + '\0';
    const std::uint64_t size = request.size();
    Run r;
    if (!write_all(g_launcher.to, &size, sizeof size) ||
        !write_all(g_launcher.to, request.data(), request.size()) ||
        !read_all(g_launcher.from, &r, sizeof r))
        return Run{};
    return r;
}

// The median time and the largest peak of `runs` runs.
Run repeat(int runs, const std::vector<std::string>& argv, const std::string& out,
           const std::string& err) {
    std::vector<Run> all;
    for (int i = 0; i < runs; ++i)
        all.push_back(run_child(argv, out, err));
    std::sort(all.begin(), all.end(), [](const Run& a, const Run& b) { return a.ms < b.ms; });
    Run r = all[all.size() / 2];
    for (const Run& x : all) {
        r.peak_mib = std::max(r.peak_mib, x.peak_mib);
        if (x.exit_code != 0) r.exit_code = x.exit_code;
    }
    return r;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The last line of a file that parses as a JSON object (the node script's result line).
nlohmann::json last_json(const std::string& path) {
    std::istringstream in(read_text(path));
    nlohmann::json found = nlohmann::json::object();
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object()) found = std::move(j);
    }
    return found;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

double num(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_number() ? j[key].get<double>() : -1.0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string node, modules, rapport_bin = "build/rapport",
                               workdir = std::filesystem::temp_directory_path().string(),
                               script = std::string(RAPPORT_SOURCE_DIR) + "/bench/ink_bench.js";
    int nodes = 5000, playthroughs = 200, runs = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string f = argv[i], v = argv[i + 1];
        if (f == "--node")
            node = v;
        else if (f == "--modules")
            modules = v;
        else if (f == "--rapport")
            rapport_bin = v;
        else if (f == "--workdir")
            workdir = v;
        else if (f == "--script")
            script = v;
        else if (f == "--nodes")
            nodes = std::atoi(v.c_str());
        else if (f == "--playthroughs")
            playthroughs = std::atoi(v.c_str());
        else if (f == "--runs")
            runs = std::max(1, std::atoi(v.c_str()));
    }
    if (node.empty() || modules.empty()) {
        std::fprintf(stderr,
                     "bench_ink: --node and --modules are needed (run bench/bench_ink.sh)\n");
        return 2;
    }
    rapport_bin = std::filesystem::absolute(rapport_bin).string();
    setenv("NODE_PATH", modules.c_str(), 1);
    const std::string dir = workdir + "/";
    const std::string yaml = dir + "story.yaml", ink = dir + "story.ink", json = dir + "story.json",
                      out = dir + "out.txt", err = dir + "err.txt", db = dir + "progress.db";
    // The record of finished sessions goes to a scratch database, not the user's.
    setenv("RAPPORT_DB", db.c_str(), 1);
    start_launcher();  // now, while this process is small (and with the environment set)

    const rapport::bench::Story story = rapport::bench::generate_story({nodes, 7});
    write_text(yaml, story.rapport_yaml);
    write_text(ink, story.ink);
    std::printf(
        "inkjs 2.4.0 side by side: the same %d-node story (one conditional choice per "
        "node, the same effects, clamped alike)\n",
        nodes);
    std::printf("  Rapport scenario %.2f MiB, ink source %.2f MiB; %s, %s\n\n",
                static_cast<double>(story.rapport_yaml.size()) / 1048576.0,
                static_cast<double>(story.ink.size()) / 1048576.0, yaml.c_str(), ink.c_str());
    std::fflush(stdout);

    // --- compile vs validate (whole processes) ------------------------------------------------
    const Run ink_compile = run_child({node, script, "compile", ink, json}, out, err);
    const auto compiled = last_json(out);
    if (ink_compile.exit_code != 0 || !std::filesystem::exists(json)) {
        std::printf("bench_ink: the ink compile failed (exit %d):\n%s\n", ink_compile.exit_code,
                    read_text(err).substr(0, 2000).c_str());
        return 1;
    }
    const Run validate = run_child({rapport_bin, "validate", yaml}, out, err);
    const std::string validate_out = read_text(out) + read_text(err);

    // --- load, choices per second (in process on each side) -------------------------------------
    const auto catalogue =
        rapport::load_skill_catalogue(std::string(RAPPORT_SOURCE_DIR) + "/assets/skills.yaml")
            .catalogue;
    // As `rapport play` loads: the check's exploration bounded like the report's analysis, whose
    // graph it hands over (no analysis cache here: every figure is a cold start).
    const rapport::AnalysisOptions report_bounds = rapport::report_analysis_options();
    rapport::LoadOptions as_play;
    as_play.exploration_time = report_bounds.time_budget;
    as_play.exploration_memory = report_bounds.memory_budget;
    auto t0 = Clock::now();
    auto loaded = rapport::load_scenario(yaml, catalogue, as_play);
    const double load_ms = ms_since(t0);
    rapport::LoadOptions no_explore;
    no_explore.explore = false;
    t0 = Clock::now();
    auto bare = rapport::load_scenario(yaml, catalogue, no_explore);
    const double load_bare_ms = ms_since(t0);
    if (!loaded.scenario) {
        std::printf("bench_ink: the scenario did not load:\n%s",
                    rapport::format_diagnostics(loaded.diagnostics).c_str());
        return 1;
    }
    const auto scenario = loaded.scenario;
    const auto value = [&](const rapport::Session& s, const char* var) {
        for (std::size_t v = 0; v < scenario->vars.size(); ++v)
            if (scenario->vars[v].id == var) return s.value(static_cast<int>(v));
        return -1;
    };

    const Run ink_bench =
        run_child({node, script, "bench", json, std::to_string(playthroughs)}, out, err);
    const auto inked = last_json(out);

    long long choices = 0;
    std::size_t text = 0;
    int last_trust = 0, last_rapport = 0, last_dependence = 0;
    t0 = Clock::now();
    for (int p = 0; p < playthroughs; ++p) {
        rapport::Session session(scenario, 1);
        auto x = static_cast<std::uint32_t>(static_cast<std::uint32_t>(p) * 2654435761u + 12345u);
        while (!session.finished()) {
            text += session.line().text.size();
            const std::size_t count = session.offered().size();
            if (count == 0) break;
            x = x * 1664525u + 1013904223u;
            session.choose((x >> 16) % count);
            ++choices;
        }
        last_trust = value(session, "trust");
        last_rapport = value(session, "rapport");
        last_dependence = value(session, "dependence");
    }
    const double play_ms = ms_since(t0);

    // --- one scripted session, whole processes -------------------------------------------------
    // The script: the first playthrough's choices (p = 0), to the end.
    std::vector<int> picks;
    rapport::Session scripted(scenario, 1);
    t0 = Clock::now();
    for (std::uint32_t x = 12345u; !scripted.finished();) {
        const std::size_t count = scripted.offered().size();
        if (count == 0) break;
        x = x * 1664525u + 1013904223u;
        const std::size_t pos = (x >> 16) % count;
        picks.push_back(static_cast<int>(pos) + 1);
        scripted.choose(pos);
    }
    const double script_choose_ms = ms_since(t0);
    std::string pick_list;
    for (std::size_t i = 0; i < picks.size(); ++i)
        pick_list += (i ? "," : "") + std::to_string(picks[i]);
    write_text(dir + "choices.txt", pick_list);
    // The end-of-session feedback as play builds it: the load's analysis (or a bounded one), the
    // searches at the visited states, the report.
    t0 = Clock::now();
    const std::shared_ptr<const rapport::Analysis> analysis =
        loaded.analysis ? loaded.analysis
                        : std::make_shared<const rapport::Analysis>(
                              rapport::Analysis::run(scenario, report_bounds));
    const rapport::Report report = rapport::build_report(scripted, *analysis, "practice");
    const double analysis_ms = ms_since(t0);

    const Run ink_play = repeat(runs, {node, script, "play", json, dir + "choices.txt"}, out, err);
    const auto ink_played = last_json(err);
    std::filesystem::remove(db);
    const Run rapport_play =
        repeat(runs, {rapport_bin, "play", yaml, "--choose", pick_list, "--db", db}, out, err);
    const std::string play_err = read_text(err);

    // --- the table ------------------------------------------------------------------------------
    const double ink_cps = num(inked, "choices") / (num(inked, "play_ms") / 1000.0);
    const double rapport_cps = static_cast<double>(choices) / (play_ms / 1000.0);
    std::printf("%-44s %18s %18s %12s\n", "", "inkjs 2.4.0", "Rapport", "Rapport/ink");
    std::printf("%-44s %12.0f ms     %12.0f ms     %9.2fx   (ink compile vs rapport validate)\n",
                "compile / validate, whole process", ink_compile.ms, validate.ms,
                validate.ms / ink_compile.ms);
    std::printf("%-44s %12.0f MiB    %12.0f MiB    %9.2fx\n", "  peak RSS", ink_compile.peak_mib,
                validate.peak_mib, validate.peak_mib / ink_compile.peak_mib);
    std::printf("%-44s %12.0f ms     %12s        (the compiler alone, in its process)\n",
                "  compile in process", num(compiled, "compile_ms"), "");
    std::printf(
        "%-44s %12.1f ms     %12.1f ms     %9.2fx   (new Story(json) vs load_scenario, as "
        "play loads)\n",
        "load, in process", num(inked, "load_ms"), load_ms, load_ms / num(inked, "load_ms"));
    std::printf(
        "%-44s %12s        %12.1f ms                (without the exploration of play "
        "states)\n",
        "  load without exploration", "", load_bare_ms);
    std::printf("%-44s %12.0f        %12.0f        %9.1fx   (target >= 100x)\n",
                ("choices per second, " + std::to_string(playthroughs) + " playthroughs").c_str(),
                ink_cps, rapport_cps, rapport_cps / ink_cps);
    std::printf("%-44s %12.0f MiB                           (the playthroughs' node process)\n",
                "  peak RSS", ink_bench.peak_mib);
    std::printf(
        "%-44s %12.0f ms     %12.0f ms     %9.2fx   (target <= 1x; median of %d)\n",
        ("one scripted session (" + std::to_string(picks.size()) + " choices), process").c_str(),
        ink_play.ms, rapport_play.ms, rapport_play.ms / ink_play.ms, runs);
    std::printf("%-44s %12.0f MiB    %12.0f MiB    %9.2fx\n", "  peak RSS", ink_play.peak_mib,
                rapport_play.peak_mib, rapport_play.peak_mib / ink_play.peak_mib);

    std::printf(
        "\nThe same story on both sides: %s (%lld choices in %d playthroughs each; the last "
        "ends at trust %d, rapport %d, dependence %d in Rapport, %g, %g, %g in ink); the "
        "scripted session %s in ink (%g choices) and in Rapport (exit %d)\n",
        choices == static_cast<long long>(num(inked, "choices")) &&
                last_trust == num(inked, "trust") && last_rapport == num(inked, "rapport") &&
                last_dependence == num(inked, "dependence")
            ? "yes"
            : "NO",
        choices, playthroughs, last_trust, last_rapport, last_dependence, num(inked, "trust"),
        num(inked, "rapport"), num(inked, "dependence"),
        ink_played.value("ended", false) ? "ends" : "does not end", num(ink_played, "choices"),
        rapport_play.exit_code);
    if (num(ink_played, "trust") != value(scripted, "trust") ||
        num(ink_played, "dependence") != value(scripted, "dependence"))
        std::printf("  the scripted session's final values differ: ink trust %g, Rapport %d\n",
                    num(ink_played, "trust"), value(scripted, "trust"));
    std::printf("rapport validate exit %d: %s\n", validate.exit_code,
                validate_out.substr(0, validate_out.find('\n')).c_str());
    if (rapport_play.exit_code != 0)
        std::printf("rapport play: %s\n", play_err.substr(0, 500).c_str());

    std::printf("\nWhere `rapport play`'s time goes (measured in this process):\n");
    std::printf("  load + validate without exploration   %10.1f ms\n", load_bare_ms);
    std::printf(
        "  exploration of play states at load    %10.1f ms   (load_scenario's check, bounded "
        "as play bounds it)\n",
        load_ms - load_bare_ms);
    std::printf("  the %zu choices                     %10.1f ms\n", picks.size(),
                script_choose_ms);
    std::printf(
        "  end-of-session feedback               %10.1f ms   (the report: %zu states in the graph, "
        "%s; figures %s)\n",
        analysis_ms, analysis->states(),
        analysis->complete() ? "complete" : "stopped at its bound, then searches",
        report.figures_exact ? "exact" : "partly bounds");
    (void)bare;
    (void)text;
    return 0;
}
