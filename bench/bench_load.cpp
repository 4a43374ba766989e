// Load benchmark: for generated scenarios, rapport's load+validate time and peak memory next to
// yaml-cpp's bare event parse of the same file, measured in the same run. Each measurement runs in
// its own child process so that peak RSS (from wait4) belongs to that measurement alone.
//   bench_load [--nodes 5000] [--repeat 5] [--sizes 1000,5000,20000,50000]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "gen_scenario.hpp"
#include "rapport/explore.hpp"
#include "rapport/loader.hpp"

namespace {

class NullHandler final : public YAML::EventHandler {
public:
    std::size_t events = 0;
    void OnDocumentStart(const YAML::Mark&) override { ++events; }
    void OnDocumentEnd() override { ++events; }
    void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++events; }
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++events; }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {
        ++events;
    }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        ++events;
    }
    void OnSequenceEnd() override { ++events; }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        ++events;
    }
    void OnMapEnd() override { ++events; }
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs one measurement in this (child) process; prints "best_ms extra" to stdout.
int measure(const std::string& mode, const std::string& file, int repeat) {
    const std::string bytes = read_all(file);
    rapport::SkillCatalogue catalogue;
    if (mode.rfind("rapport", 0) == 0) {
        auto c =
            rapport::load_skill_catalogue(std::string(RAPPORT_SOURCE_DIR) + "/assets/skills.yaml");
        catalogue = c.catalogue;
    }
    double best = 1e300;
    std::string extra;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        if (mode == "none") {
        } else if (mode == "bare") {
            std::istringstream in(bytes);
            YAML::Parser parser(in);
            NullHandler h;
            parser.HandleNextDocument(h);
            extra = std::to_string(h.events) + " events";
        } else if (mode == "node") {
            YAML::Node n = YAML::Load(bytes);
            extra = std::to_string(n.size()) + " top-level keys";
        } else {
            rapport::LoadOptions options;
            options.explore = mode == "rapport-full";
            auto loaded = rapport::parse_scenario(bytes, file, catalogue, options);
            if (!loaded.scenario) {
                std::cerr << rapport::format_diagnostics(loaded.diagnostics);
                return 1;
            }
            extra = std::to_string(loaded.scenario->nodes.size()) + " nodes, " +
                    std::to_string(loaded.diagnostics.error_count()) + " errors, " +
                    std::to_string(loaded.diagnostics.warning_count()) + " warnings";
            for (const auto& d : loaded.diagnostics.all())
                if (d.code == "RP300") extra += "; exploration stopped at its budget";
        }
        best = std::min(
            best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                      .count());
    }
    std::printf("%.3f %s\n", best, extra.c_str());
    return 0;
}

struct Result {
    double ms = 0;
    double peak_mib = 0;
    std::string extra;
};

Result run_child(const char* self, const std::string& mode, const std::string& file, int repeat) {
    int fds[2];
    if (pipe(fds) != 0) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        const std::string r = std::to_string(repeat);
        execl(self, self, "--measure", mode.c_str(), file.c_str(), r.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    std::string out;
    char buf[512];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        out.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    Result res;
    res.peak_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
    std::istringstream in(out);
    in >> res.ms;
    std::getline(in, res.extra);
    if (!res.extra.empty() && res.extra[0] == ' ') res.extra.erase(0, 1);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) res.extra = "FAILED";
    return res;
}

std::string write_generated(int nodes) {
    rapport::bench::GenOptions o;
    o.nodes = nodes;
    const std::string path =
        "/tmp/rapport-bench-" + std::to_string(getpid()) + "-" + std::to_string(nodes) + ".yaml";
    std::ofstream(path, std::ios::binary) << rapport::bench::generate_scenario(o);
    return path;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 5 && !std::strcmp(argv[1], "--measure"))
        return measure(argv[2], argv[3], std::atoi(argv[4]));
    int nodes = 5000, repeat = 5;
    std::vector<int> sizes{1000, 5000, 20000, 50000};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--nodes"))
            nodes = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeat"))
            repeat = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--sizes")) {
            sizes.clear();
            std::istringstream in(argv[i + 1]);
            for (std::string s; std::getline(in, s, ',');)
                sizes.push_back(std::atoi(s.c_str()));
        } else {
            std::cerr << "usage: bench_load [--nodes N] [--repeat R] [--sizes a,b,c]\n";
            return 2;
        }
    }
    const char* self = "/proc/self/exe";
    char exe[4096];
    const ssize_t len = readlink(self, exe, sizeof exe - 1);
    if (len <= 0) return 1;
    exe[len] = '\0';

    const std::string file = write_generated(nodes);
    std::ifstream f(file, std::ios::binary | std::ios::ate);
    const double mib = static_cast<double>(f.tellg()) / (1024.0 * 1024.0);
    std::printf("Load benchmark: generated scenario of %d nodes, %.2f MiB (%s)\n", nodes, mib,
                file.c_str());
    std::printf(
        "best of %d runs; peak RSS of a child process that reads the file and does only that "
        "step\n\n",
        repeat);

    const Result base = run_child(exe, "none", file, 1);
    const Result bare = run_child(exe, "bare", file, repeat);
    const Result node = run_child(exe, "node", file, repeat);
    const Result load = run_child(exe, "rapport", file, repeat);
    const Result full = run_child(exe, "rapport-full", file, 1);
    std::printf("%-44s %10s %10s %12s %9s\n", "step", "time ms", "peak MiB", "above base",
                "x bare");
    auto row = [&](const char* name, const Result& r) {
        std::printf("%-44s %10.1f %10.1f %12.1f %9.2f   %s\n", name, r.ms, r.peak_mib,
                    r.peak_mib - base.peak_mib, r.ms / bare.ms, r.extra.c_str());
    };
    row("process baseline (reads the file only)", base);
    row("yaml-cpp event parse (YAML::Parser, bare)", bare);
    row("yaml-cpp YAML::Load (Node tree)", node);
    row("rapport load + validate", load);
    row("rapport load + validate + exploration", full);
    std::printf(
        "\nload + validate / bare event parse: time %.2fx (target <= 2x), peak memory above base "
        "%.2fx\n",
        load.ms / bare.ms,
        (load.peak_mib - base.peak_mib) / std::max(0.1, bare.peak_mib - base.peak_mib));
    std::remove(file.c_str());

    std::printf("\nScaling (rapport load + validate, best of 3):\n%8s %10s %10s %12s %14s\n",
                "nodes", "MiB", "time ms", "x bare", "us per node");
    for (const int n : sizes) {
        const std::string p = write_generated(n);
        std::ifstream g(p, std::ios::binary | std::ios::ate);
        const double m = static_cast<double>(g.tellg()) / (1024.0 * 1024.0);
        const Result b = run_child(exe, "bare", p, 3);
        const Result r = run_child(exe, "rapport", p, 3);
        std::printf("%8d %10.2f %10.1f %12.2f %14.2f\n", n, m, r.ms, r.ms / b.ms,
                    1000.0 * r.ms / n);
        std::remove(p.c_str());
    }
    return 0;
}
