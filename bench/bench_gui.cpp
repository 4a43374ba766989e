// The window's benchmark, under an X server (make bench runs it in Xvfb):
//  1. start to first frame: `rapport --quit-after-first-frame` against a bare GLFW + ImGui window
//     (bare_window), measured in this run, alternating, from spawn to the "first frame" line;
//  2. CPU per frame with a 1,000-turn transcript (and with 10 turns, for scale): the app's own
//     figures, printed by `rapport --bench-turns N --bench-frames F`;
//  3. idle CPU: the window left alone for 5 s, from /proc/PID/stat.
// Usage: bench_gui RAPPORT BARE_WINDOW [--runs 11]. Prints figures; never fails on time.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Child {
    pid_t pid = -1;
    FILE* out = nullptr;
};

Child spawn(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) return {};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    Child c;
    if (posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) c.pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    c.out = fdopen(fds[0], "r");
    return c;
}

// Milliseconds from spawn to the child's "first frame" line; -1 on failure.
double first_frame_ms(const std::vector<std::string>& args) {
    const auto t0 = Clock::now();
    Child c = spawn(args);
    if (c.pid < 0 || !c.out) return -1;
    char line[512];
    double ms = -1;
    while (std::fgets(line, sizeof line, c.out))
        if (std::strncmp(line, "first frame", 11) == 0) {
            ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            break;
        }
    while (std::fgets(line, sizeof line, c.out)) {
    }
    std::fclose(c.out);
    int status = 0;
    waitpid(c.pid, &status, 0);
    return ms;
}

std::string run_output(const std::vector<std::string>& args) {
    Child c = spawn(args);
    if (c.pid < 0 || !c.out) return {};
    std::string out;
    char line[512];
    while (std::fgets(line, sizeof line, c.out))
        out += line;
    std::fclose(c.out);
    int status = 0;
    waitpid(c.pid, &status, 0);
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

long cpu_ticks(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto close_paren = s.rfind(')');
    if (close_paren == std::string::npos) return -1;
    std::istringstream in(s.substr(close_paren + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && in >> field; ++i) {
        if (i == 14) utime = std::stol(field);
        if (i == 15) stime = std::stol(field);
    }
    return utime + stime;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_gui RAPPORT BARE_WINDOW [--runs N]\n");
        return 2;
    }
    if (!std::getenv("DISPLAY")) {
        std::fprintf(stderr, "bench_gui: no DISPLAY; run it under xvfb-run (make bench does)\n");
        return 2;
    }
    const std::string rapport = argv[1];
    const std::string bare = argv[2];
    int runs = 11;
    if (argc > 4 && std::strcmp(argv[3], "--runs") == 0) runs = std::max(1, std::atoi(argv[4]));
    // A throwaway home so the benchmark never touches the user's settings or sessions.
    const std::filesystem::path home =
        std::filesystem::temp_directory_path() / ("rapport-bench-gui-" + std::to_string(getpid()));
    std::filesystem::create_directories(home);
    setenv("XDG_DATA_HOME", (home / "data").c_str(), 1);
    setenv("XDG_CONFIG_HOME", (home / "config").c_str(), 1);

    std::printf("start to first frame, %d runs each, alternating (median / min ms):\n", runs);
    std::vector<double> app, base;
    first_frame_ms({bare, "1280x800"});  // warm the caches for both
    first_frame_ms({rapport, "--quit-after-first-frame", "--size", "1280x800"});
    for (int i = 0; i < runs; ++i) {
        base.push_back(first_frame_ms({bare, "1280x800"}));
        app.push_back(first_frame_ms({rapport, "--quit-after-first-frame", "--size", "1280x800"}));
    }
    const double mb = median(base), ma = median(app);
    std::printf("  bare GLFW + ImGui window   %8.1f  %8.1f\n", mb,
                *std::min_element(base.begin(), base.end()));
    std::printf("  rapport (library screen)   %8.1f  %8.1f\n", ma,
                *std::min_element(app.begin(), app.end()));
    std::printf("  rapport / bare: %.2fx (target <= 1.5x)\n\n", ma / mb);

    std::printf("CPU per frame, 1280x800, response list and transcript on screen:\n");
    const std::string long_talk = std::string(RAPPORT_SOURCE_DIR) + "/bench/data/long-talk.yaml";
    for (const char* turns : {"10", "1000"}) {
        const std::string out = run_output({rapport, long_talk, "--bench-turns", turns,
                                            "--bench-frames", "300", "--size", "1280x800"});
        std::printf("  %s", out.empty() ? "(no output)\n" : out.c_str());
    }
    std::printf(
        "  ui cpu: building and submitting the frame on the main thread (target < 2 ms);\n"
        "  process cpu adds Mesa's software rasterizer (llvmpipe) drawing the pixels.\n\n");

    // Idle: start, let it settle, then measure 5 s.
    Child c = spawn({rapport, "--size", "1280x800"});
    if (c.pid > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2000));
        const long t0 = cpu_ticks(c.pid);
        const auto w0 = Clock::now();
        std::this_thread::sleep_for(std::chrono::seconds(5));
        const long t1 = cpu_ticks(c.pid);
        const double secs = std::chrono::duration<double>(Clock::now() - w0).count();
        const double pct =
            100.0 * static_cast<double>(t1 - t0) / static_cast<double>(sysconf(_SC_CLK_TCK)) / secs;
        std::printf("idle CPU: %.2f%% of one core over %.1f s (target < 5%%)\n", pct, secs);
        kill(c.pid, SIGTERM);
        if (c.out) std::fclose(c.out);
        int status = 0;
        waitpid(c.pid, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(home, ec);
    return 0;
}
