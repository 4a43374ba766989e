// `rapport drill`: multiple-choice drills in the terminal, tutor or exam mode, scheduled with
// FSRS; every answer is written to the progress database as soon as it is given.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include "cli_common.hpp"
#include "rapport/drill.hpp"
#include "rapport/drill_session.hpp"
#include "rapport/progress.hpp"
#include "rapport/testing.hpp"
#include "settings.hpp"

namespace rapport::cli {

namespace {

namespace fs = std::filesystem;
constexpr std::size_t width = 78;

struct DrillOptions {
    std::vector<std::string> banks;
    bool from_scenarios = false;
    std::string topic;
    std::size_t count = 10;
    DrillMode mode = DrillMode::Tutor;
    std::optional<std::vector<std::string>> answers;
    double answer_seconds = 20;
    std::optional<std::uint64_t> seed;
    std::string db;
    double retention = 0.9;
    bool all = false;
    double time_limit_minutes = 0;
};

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        out.push_back(
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

double parse_number(const std::string& option, const std::string& text, double lo, double hi) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (...) {
        used = 0;
    }
    if (used != text.size() || !(v >= lo && v <= hi)) {
        char range[64];
        std::snprintf(range, sizeof range, "%g to %g", lo, hi);
        throw UsageError{option + " takes a number from " + range + ", not '" + text + "'"};
    }
    return v;
}

void print_item(const DrillSession& s, const DrillBankTopics& topics, const std::string& topic) {
    const DrillItem& item = s.current();
    std::cout << "\n"
              << "Question " << s.position() + 1 << " of " << s.items().size() << "  ["
              << topics.label(shown_topic(item, topic)) << ", " << difficulty_name(item.difficulty)
              << "]\n";
    if (!item.context.empty()) std::cout << wrap("You: \"" + item.context + "\"", width) << "\n";
    if (!item.cue.empty()) std::cout << wrap("(" + item.cue + ")", width, "  ") << "\n";
    std::cout << wrap(item.stem, width) << "\n";
    if (item.multiple()) std::cout << "Choose all that apply (e.g. A+C).\n";
    std::cout << "\n";
    const auto order = s.order();
    for (std::size_t i = 0; i < order.size(); ++i) {
        std::string text =
            wrap(item.options[static_cast<std::size_t>(order[i])].text, width, "     ");
        text.replace(0, 5, std::string("  ") + option_letter(i) + ") ");
        std::cout << text << "\n";
    }
}

void print_rationales(const DrillSession& s, std::size_t index, const DrillAnswer& a) {
    const DrillItem& item = s.items()[index];
    const auto order = s.order_of(index);
    std::cout << (a.correct ? "Right." : "Not quite.") << "\n";
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto o = static_cast<std::size_t>(order[i]);
        const DrillOption& opt = item.options[o];
        const bool chosen =
            std::find(a.chosen.begin(), a.chosen.end(), static_cast<int>(o)) != a.chosen.end();
        std::string head = std::string("  ") + option_letter(i) + ") " +
                           (opt.correct ? "[correct] " : "[wrong]   ") +
                           (chosen ? "(your answer) " : "");
        std::string text = wrap(head + opt.text, width, "     ");
        text.replace(0, 5, "");
        std::cout << text << "\n" << wrap(opt.rationale, width, "       ") << "\n";
    }
    std::cout << wrap("Reference: " + item.reference, width, "  ") << "\n";
}

}  // namespace

// Topic labels of every loaded bank (items from scenarios label their own).
std::string DrillBankTopics::label(const std::string& id) const {
    for (const auto& [tid, label] : labels)
        if (tid == id) return label;
    if (id.rfind("scenario:", 0) == 0) return "from a scenario";
    return id;
}

ReportOptions report_options() {
    ReportOptions options;
    DrillBankTopics topics;
    if (auto items = load_drill_items({}, false, topics))
        for (const auto& item : *items)
            for (const auto& topic : item.topics)
                options.drills.push_back(DrillLink{topic, item.id, item.stem});
    return options;
}

std::optional<std::vector<DrillItem>> load_drill_items(const std::vector<std::string>& paths,
                                                       bool from_scenarios,
                                                       DrillBankTopics& topics) {
    std::vector<std::string> files;
    std::vector<std::string> inputs = paths;
    if (inputs.empty()) {  // the shipped banks and the user's, as in the window
        inputs.push_back((data_dir() / "drills").string());
        std::error_code ec;
        const fs::path mine = gui::xdg_paths().data / "drills";
        if (fs::is_directory(mine, ec)) inputs.push_back(mine.string());
    }
    for (const auto& p : inputs) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (const auto& e : fs::directory_iterator(p, ec))
                if (e.path().extension() == ".yaml" || e.path().extension() == ".yml")
                    found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(p);
        }
    }
    std::vector<DrillItem> items;
    bool failed = false;
    for (const auto& f : files) {
        const Step step("loading the drill bank " + f);
        DrillBankLoad load = load_drill_bank(f);
        if (!load.diagnostics.empty()) std::cerr << format_diagnostics(load.diagnostics);
        if (!load.bank) {
            failed = true;
            continue;
        }
        for (const auto& t : load.bank->topics)
            topics.labels.emplace_back(t.id, t.label);
        items.insert(items.end(), load.bank->items.begin(), load.bank->items.end());
    }
    if (failed) return std::nullopt;
    if (from_scenarios) {
        auto catalogue = load_catalogue();
        if (!catalogue) return std::nullopt;
        std::error_code ec;
        std::vector<std::string> scenarios;
        for (const fs::path& dir : {data_dir() / "scenarios", gui::xdg_paths().user_scenarios()})
            for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
                if ((it->path().extension() == ".yaml" || it->path().extension() == ".yml") &&
                    !is_test_plan_path(it->path().string()))
                    scenarios.push_back(it->path().string());
        std::sort(scenarios.begin(), scenarios.end());
        for (const auto& f : scenarios) {
            ScenarioLoad load = load_scenario(f, *catalogue);
            if (!load.scenario) continue;
            // The load's exploration when it was complete; else bounded, with exact searches at
            // the decisions (a decision whose search runs out of time makes no item).
            const std::shared_ptr<const Analysis> analysis =
                load.analysis && load.analysis->complete()
                    ? load.analysis
                    : std::make_shared<const Analysis>(
                          Analysis::run(load.scenario, drill_analysis_options()));
            auto more = drill_items_from_scenario(*load.scenario, *analysis);
            topics.labels.emplace_back("scenario:" + load.scenario->id,
                                       "from the scenario " + load.scenario->title);
            items.insert(items.end(), more.begin(), more.end());
        }
    }
    return items;
}

fs::path progress_db_path(const std::string& option) {
    if (!option.empty()) return option;
    return gui::xdg_paths().progress_db();
}

int cmd_drill(Args& args) {
    DrillOptions o;
    while (!args.done()) {
        if (!args.is_flag()) {
            o.banks.push_back(args.take());
            continue;
        }
        const std::string f = args.flag();
        if (f == "--from-scenarios") {
            args.skip();
            o.from_scenarios = true;
        } else if (f == "--all") {
            args.skip();
            o.all = true;
        } else if (f == "--topic") {
            o.topic = args.value();
        } else if (f == "--count") {
            o.count = parse_count(f, args.value());
        } else if (f == "--mode") {
            const std::string m = args.value();
            if (m != "tutor" && m != "exam")
                throw UsageError{"--mode must be tutor or exam, not '" + m + "'"};
            o.mode = m == "exam" ? DrillMode::Exam : DrillMode::Tutor;
        } else if (f == "--answers") {
            o.answers = split_commas(args.value());
        } else if (f == "--answer-seconds") {
            o.answer_seconds = parse_number(f, args.value(), 0, 86400);
        } else if (f == "--seed") {
            o.seed = parse_seed(args.value());
        } else if (f == "--db") {
            o.db = args.value();
        } else if (f == "--retention") {
            o.retention = parse_number(f, args.value(), min_retention, max_retention);
        } else if (f == "--time-limit") {
            o.time_limit_minutes = parse_number(f, args.value(), 0.1, 600);
        } else {
            throw UsageError{"drill: unknown option '" + f + "' (see rapport drill --help)"};
        }
    }
    if (o.answers)
        for (const auto& a : *o.answers)
            if (!parse_drill_answer(a))
                throw UsageError{
                    "--answers takes letters separated by commas (b,a,c; a+c to choose "
                    "several), not '" +
                    a + "'"};

    DrillBankTopics topics;
    auto loaded = load_drill_items(o.banks, o.from_scenarios, topics);
    if (!loaded) return exit_problems;
    std::vector<DrillItem> items = std::move(*loaded);
    if (!o.topic.empty()) {
        std::set<std::string> known;
        for (const auto& i : items)
            known.insert(i.topics.begin(), i.topics.end());
        if (!known.count(o.topic)) {
            // Ids are what the student types; the labels say what each one is.
            std::string list;
            for (const auto& k : known)
                list += std::string(list.empty() ? "" : "\n") + "  " + k + "  (" + topics.label(k) +
                        ")";
            throw UsageError{"no items on topic '" + o.topic + "'; topics (type the id):\n" + list};
        }
        std::erase_if(items, [&](const DrillItem& i) {
            return std::find(i.topics.begin(), i.topics.end(), o.topic) == i.topics.end();
        });
    }

    auto opened = ProgressStore::open(progress_db_path(o.db).string());
    if (auto* err = std::get_if<std::string>(&opened)) {
        std::cerr << "rapport: " << *err << "\n";
        return exit_problems;
    }
    ProgressStore& store = std::get<ProgressStore>(opened);
    const double today = days_now();
    std::vector<DrillItem> chosen;
    if (o.all) {
        chosen = take_in_turns(items, o.count);
    } else {
        chosen = select_due(items, store.schedules(), today, o.count);
    }
    if (chosen.empty()) {
        std::cout << "Nothing is due now and there are no new items"
                  << (o.topic.empty() ? "" : " on this topic")
                  << ". Practise anyway with --all; see what comes next with rapport progress.\n";
        return exit_ok;
    }
    // Interactive drills get a fresh order; scripted ones are reproducible by default.
    const std::uint64_t seed = o.seed ? *o.seed : o.answers ? 1 : random_seed();
    FsrsParameters params;
    params.desired_retention = o.retention;
    const Fsrs fsrs(params);
    DrillSession session(std::move(chosen), o.mode, seed);
    const std::string drill_id = now_iso8601(true) + "-" + std::to_string(seed % 100000);
    const auto from_scenarios = static_cast<std::size_t>(
        std::count_if(session.items().begin(), session.items().end(),
                      [](const DrillItem& i) { return i.bank_id.starts_with("scenario:"); }));
    std::cout << "Drill: " << session.items().size() << " item"
              << (session.items().size() == 1 ? "" : "s")
              << (o.from_scenarios ? " (" + std::to_string(from_scenarios) + " from the scenarios)"
                                   : "")
              << (o.topic.empty() ? "" : " on " + topics.label(o.topic)) << ", "
              << drill_mode_name(o.mode) << " mode"
              << (o.mode == DrillMode::Exam ? " (rationales at the end)" : "")
              << ". Answer with a letter; q quits.\n";
    const auto started = std::chrono::steady_clock::now();
    std::size_t scripted = 0;
    bool quit = false, timed_out = false;
    while (!session.finished() && !quit) {
        if (o.time_limit_minutes > 0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >
                o.time_limit_minutes * 60) {
            timed_out = true;
            break;
        }
        print_item(session, topics, o.topic);
        const auto shown_at = std::chrono::steady_clock::now();
        std::optional<DrillAnswer> answer;
        double seconds = 0;
        if (o.answers) {
            if (scripted >= o.answers->size()) break;  // the script ran out: stop here
            const std::string& a = (*o.answers)[scripted++];
            std::cout << "Answer: " << a << "\n";
            seconds = o.answer_seconds;
            answer = session.answer(*parse_drill_answer(a), seconds);
            if (!answer) {
                std::cerr << "rapport: answer '" << a << "' is not one of the options shown\n";
                return exit_problems;
            }
        } else {
            while (!answer) {
                std::cout << "Answer (" << option_letter(0) << "-"
                          << option_letter(session.current().options.size() - 1)
                          << ", q to quit): " << std::flush;
                std::string line;
                if (!std::getline(std::cin, line) || line == "q" || line == "Q") {
                    quit = true;
                    break;
                }
                const auto positions = parse_drill_answer(line);
                seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - shown_at)
                              .count();
                if (positions) answer = session.answer(*positions, seconds);
                if (!answer && positions && positions->size() > 1 && !session.current().multiple())
                    std::cout << "This item takes one answer.\n";
                else if (!answer)
                    std::cout << "Type one of the letters shown"
                              << (session.current().multiple() ? ", joined with + for several" : "")
                              << ".\n";
            }
            if (quit) break;
        }
        // Record at once: an answer given is never lost.
        const DrillItem& item = session.items()[answer->item];
        auto recorded = store.record_answer(fsrs, item, *answer, o.mode, drill_id);
        if (auto* err = std::get_if<std::string>(&recorded)) {
            std::cerr << "rapport: the answer could not be saved: " << *err << "\n";
            return exit_problems;
        }
        const ItemSchedule& after = std::get<ItemSchedule>(recorded);
        if (o.mode == DrillMode::Tutor) {
            print_rationales(session, answer->item, *answer);
            std::cout << "  Next review: in " << fsrs.next_interval(after.memory.stability)
                      << " day" << (fsrs.next_interval(after.memory.stability) == 1 ? "" : "s")
                      << (after.lapses >= leech_lapses
                              ? "  (a leech: missed " + std::to_string(after.lapses) + " times)"
                              : "")
                      << "\n";
        }
    }

    // Results.
    const auto& answers = session.answers();
    // Every item asked counts: one not answered (time up, or q) is not right.
    std::cout << "\n"
              << (timed_out ? "Time is up. " : "") << "Score: " << session.score_text()
              << (answers.size() < session.items().size()
                      ? (timed_out ? " (the time ran out)" : " (you stopped)")
                      : "")
              << "\n";
    const auto by_topic = session.by_topic();
    std::cout << "By topic"
              << (by_topic.size() > 1 ? " (an item on several topics counts in each)" : "")
              << ":\n";
    for (const auto& t : by_topic)
        std::cout << "  " << terminal_safe(topics.label(t.topic)) << ": "
                  << drill_score_text(t.right, static_cast<std::size_t>(t.answered),
                                      static_cast<std::size_t>(t.total))
                  << "\n";
    if (o.mode == DrillMode::Exam) {
        std::cout << "\nEvery item, with every option's rationale:\n";
        for (const auto& a : answers) {
            const DrillItem& item = session.items()[a.item];
            std::cout << "\n" << wrap(std::to_string(a.item + 1) + ". " + item.stem, width) << "\n";
            print_rationales(session, a.item, a);
        }
    }
    const int due_tomorrow = store.due_count(std::floor(today) + 2.0);
    std::cout << "\nDue by the end of tomorrow: " << due_tomorrow << " item"
              << (due_tomorrow == 1 ? "" : "s") << ". Progress: rapport progress\n";
    const auto leeches = store.leeches();
    if (!leeches.empty()) {
        std::cout << "Leeches (missed " << leech_lapses
                  << " times or more; study the rationales):\n";
        for (const auto& l : leeches)
            std::cout << "  " << terminal_safe(l.item_key) << " (" << l.lapses << ")\n";
    }
    return exit_ok;
}

}  // namespace rapport::cli
