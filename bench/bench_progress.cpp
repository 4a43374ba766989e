// Drill selection and progress queries on a progress database of 100,000 drill answers (2,000
// items over 6 topics, one year of history) and 1,000 sessions. Each query is timed as the median
// of 7 runs on the warm database. Target: each under 20 ms. Usage: bench_progress [--answers N]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "rapport/drill_session.hpp"
#include "rapport/progress.hpp"

using namespace rapport;
using Clock = std::chrono::steady_clock;

namespace {

double median_ms(const std::function<void()>& f, int runs = 7) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int answers = 100000;
    if (argc > 2 && std::strcmp(argv[1], "--answers") == 0)
        answers = std::max(1, std::atoi(argv[2]));
    const int items = 2000, sessions = 1000;
    const char* topics[] = {"engagement", "alliance",       "oars",
                            "autonomy",   "rupture-repair", "first-session"};
    const auto dir = std::filesystem::temp_directory_path() /
                     ("rapport-bench-progress-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "progress.db").string();
    auto opened = ProgressStore::open(path);
    if (auto* e = std::get_if<std::string>(&opened)) {
        std::fprintf(stderr, "bench_progress: %s\n", e->c_str());
        return 1;
    }
    ProgressStore& store = std::get<ProgressStore>(opened);

    // Fill: answers spread over a year, each item's schedule replayed with FSRS as it would be.
    const Fsrs fsrs;
    const double start_day = std::floor(days_now()) - 365;
    std::vector<std::optional<ItemSchedule>> sched(items);
    std::vector<std::pair<AnswerRecord, ItemSchedule>> batch;
    std::uint64_t x = 12345;
    auto rnd = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const auto fill0 = Clock::now();
    for (int i = 0; i < answers; ++i) {
        const int item = static_cast<int>(rnd() % items);
        AnswerRecord a;
        a.item_key = "bench/item-" + std::to_string(item);
        a.topics = topics[item % 6];
        a.chosen = std::to_string(rnd() % 4);
        a.correct = rnd() % 100 < 72;
        a.seconds = 5 + static_cast<double>(rnd() % 40);
        a.rating = a.correct ? Rating::Good : Rating::Again;
        a.mode = "tutor";
        a.drill_id = "bench";
        a.day = start_day + 365.0 * i / answers;
        a.answered_at = "2026-01-01T00:00:00Z";
        sched[static_cast<std::size_t>(item)] =
            schedule_after(fsrs, sched[static_cast<std::size_t>(item)], a.rating, a.day);
        batch.emplace_back(a, *sched[static_cast<std::size_t>(item)]);
        if (batch.size() == 10000) {
            if (auto e = store.add_answers(batch))
                return std::fprintf(stderr, "%s\n", e->c_str()), 1;
            batch.clear();
        }
    }
    if (!batch.empty() && store.add_answers(batch)) return 1;
    for (int i = 0; i < sessions; ++i) {
        SessionRecord r;
        r.scenario_id = "first-session";
        r.scenario_version = "1.0.0";
        r.scenario_title = "Marek: a first session";
        r.mode = i % 3 ? "practice" : "exam";
        r.finished = true;
        r.choices_json = "[]";
        r.final_state_json = "{}";
        r.turns = 18;
        r.score = static_cast<int>(rnd() % 260);
        r.percent_of_best = r.score * 100 / 260;
        r.questions = 6;
        r.reflections = 9;
        r.started_at = r.ended_at = "2026-01-01T00:00:00Z";
        if (store.add_session(r)) return 1;
    }
    const double fill_s = std::chrono::duration<double>(Clock::now() - fill0).count();
    std::printf("database: %lld answers, %d items, %d sessions (filled in %.1f s, %.1f MiB)\n",
                static_cast<long long>(store.answer_count()), items, sessions, fill_s,
                static_cast<double>(std::filesystem::file_size(path)) / (1 << 20));

    // The bank the drill draws from: every item once.
    std::vector<DrillItem> bank(items);
    for (int i = 0; i < items; ++i) {
        bank[static_cast<std::size_t>(i)].bank_id = "bench";
        bank[static_cast<std::size_t>(i)].id = "item-" + std::to_string(i);
    }
    const double now = days_now();
    std::size_t sink = 0;
    struct Row {
        const char* what;
        double ms;
    };
    std::vector<Row> rows = {
        {"drill selection (load schedules + due first, 10 items)",
         median_ms([&] { sink += select_due(bank, store.schedules(), now, 10).size(); })},
        {"accuracy by topic", median_ms([&] { sink += store.accuracy_by_topic().size(); })},
        {"due counts (now, tomorrow, week)", median_ms([&] {
             sink += static_cast<std::size_t>(store.due_count(now) + store.due_count(now + 2) +
                                              store.due_count(now + 8));
         })},
        {"leeches", median_ms([&] { sink += store.leeches().size(); })},
        {"sessions over time (1,000)", median_ms([&] { sink += store.sessions().size(); })},
        {"answer count",
         median_ms([&] { sink += static_cast<std::size_t>(store.answer_count()); })},
        {"one answer written (transaction, fsync)", median_ms([&] {
             AnswerRecord a;
             a.item_key = "bench/item-1";
             a.topics = "oars";
             a.chosen = "0";
             a.mode = "tutor";
             a.day = now;
             sink +=
                 store.add_answer(a, schedule_after(fsrs, std::nullopt, Rating::Good, now)) ? 0 : 1;
         })},
    };
    std::printf("%-58s %9s\n", "query (median of 7)", "ms");
    bool all_under = true;
    for (const auto& r : rows) {
        std::printf("%-58s %9.2f\n", r.what, r.ms);
        if (std::strncmp(r.what, "one answer", 10) != 0) all_under &= r.ms < 20.0;
    }
    std::printf("every query under 20 ms: %s\n", all_under ? "yes" : "no");
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return sink == 0 ? 1 : 0;
}
