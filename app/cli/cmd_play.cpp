// `rapport play [FILE]`: plays a scenario in the terminal, interactively or from --choose, with
// save and resume; ends with the ending and a turn-by-turn summary.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_common.hpp"
#include "rapport/branch.hpp"
#include "rapport/briefing.hpp"
#include "rapport/report.hpp"
#include "rapport/session.hpp"
#include "rapport/similarity.hpp"

namespace rapport::cli {

namespace {

constexpr std::size_t width = 78;

struct PlayOptions {
    std::string file;
    std::optional<std::uint64_t> seed;
    std::optional<std::vector<int>> choices;
    std::string save;
    std::string resume;
    std::string mode = "practice";
    std::string db;
    bool say_first = false;  // the trainee writes a response before the options appear
    std::optional<std::vector<std::string>> said;  // --say FILE: the words of each turn, scripted
    std::string session_id;  // this play-through, kept in the session file and the record
    // A try from a chosen node and values (as the window's "Try a branch"): not saved or recorded.
    std::optional<std::string> from, set;
    [[nodiscard]] bool branch() const { return from || set; }
};

std::string turns_text(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " turn" : " turns");
}

std::string signed_delta(int d) {
    return (d > 0 ? "+" : "") + std::to_string(d);
}

// "Trust 38 (+8)   Rapport 26 (+6)   Dependence 10" for the visible variables.
std::string meters(const Scenario& s, const std::vector<int>& values,
                   const std::vector<int>* before) {
    std::string out;
    for (std::size_t i = 0; i < s.vars.size(); ++i) {
        const StateVar& v = s.vars[i];
        if (!v.visible) continue;
        if (!out.empty()) out += "   ";
        out += terminal_safe(v.label) + " " + std::to_string(values[i]);
        if (before && (*before)[i] != values[i])
            out += " (" + signed_delta(values[i] - (*before)[i]) + ")";
    }
    return out;
}

void print_briefing(const Session& session, const PlayOptions& o) {
    const Scenario& s = session.scenario();
    const std::string title = terminal_safe(s.title);
    std::cout << title << "\n"
              << std::string(std::min<std::size_t>(width, title.size()), '=') << "\n";
    const ClientProfile& c = s.client;
    std::cout << terminal_safe(c.name + ", " + std::to_string(c.age) + " (" + c.pronouns + ")")
              << "\n";
    if (const std::string where = setting_label(s.setting); !where.empty())
        std::cout << wrap("Setting: " + where, width) << "\n";
    if (!c.referral.empty()) std::cout << wrap("Referral: " + c.referral, width) << "\n";
    std::cout << wrap("Before the session: " + c.known_before, width) << "\n";
    if (!s.content_notes.empty()) {
        std::cout << "Content notes:\n";
        for (const auto& n : s.content_notes)
            std::cout << wrap("- " + n, width, "  ").substr(2) << "\n";
    }
    const Briefing b = briefing_for(s, o.mode == "exam");
    std::cout << (b.generic_objectives ? "Objectives (this session's own are shown at the end):\n"
                                       : "Objectives:\n");
    for (const auto& x : b.objectives)
        std::cout << wrap("- " + x, width, "  ") << "\n";
    std::cout << "Mode: " << o.mode << "   Seed: " << session.seed() << "\n";
}

void print_line(const Session& session) {
    const Scenario& s = session.scenario();
    const ClientLine line = session.line();
    std::cout << "\n";
    if (!line.cue.empty())
        std::cout << wrap("(" + std::string(line.cue) + ")", width, "  ") << "\n";
    std::cout << wrap(s.client.name + ": \"" + std::string(line.text) + "\"", width) << "\n\n";
}

// The options; `suggested`: the position closest to what the trainee wrote (say it first), or -1.
void print_options(const Session& session, const PlayOptions& o, bool interactive, int suggested) {
    const auto order = session.offered();
    for (std::size_t i = 0; i < order.size(); ++i) {
        const Response& r = session.node().responses[static_cast<std::size_t>(order[i])];
        std::string text = wrap(r.say, width, "     ");
        text.replace(
            0, 5, (static_cast<int>(i) == suggested ? "* " : "  ") + std::to_string(i + 1) + ". ");
        std::cout << text << "\n";
    }
    if (suggested >= 0)
        std::cout
            << "\n(* " << suggested + 1
            << " is the closest in wording (and kind) to what you wrote, not a hint about which is "
               "best; choose the one you would say.)\n";
    if (interactive) {
        const std::string range = "1-" + std::to_string(order.size());
        std::cout << "\n"
                  << (o.mode == "practice" ? "Choose " + range + ", u to undo, q to quit"
                                           : "Choose " + range + ", q to quit")
                  << ": " << std::flush;
    }
}

// Say it first: the trainee's words for this turn, typed or from --say; nullopt when standard
// input ended (the session is left).
std::optional<Said> ask_words(const PlayOptions& o, const Session& session, bool interactive) {
    const std::size_t turn = session.transcript().size();
    const auto shown = std::chrono::steady_clock::now();
    Said said;
    if (!interactive) {
        said.text = o.said && turn < o.said->size() ? (*o.said)[turn] : std::string();
        std::cout << "You would say: "
                  << (said.text.empty() ? "(skipped)" : terminal_safe(said.text)) << "\n\n";
    } else {
        std::cout << wrap("Say it first: what would you say to " +
                              terminal_safe(session.scenario().client.name) +
                              "? (Enter sends; an empty line skips; q alone quits)",
                          width)
                  << "\nYou: " << std::flush;
        if (!std::getline(std::cin, said.text)) return std::nullopt;
        if (said.text == "q" || said.text == "Q") return std::nullopt;  // leave, as at the options
        std::cout << "\n";
        said.sent_ms = static_cast<int>(std::min<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  shown)
                .count(),
            86'400'000));
    }
    while (!said.text.empty() && (said.text.back() == ' ' || said.text.back() == '\r'))
        said.text.pop_back();
    if (said.text.size() > max_said_bytes) said.text.resize(max_said_bytes);
    said.skipped = said.text.empty();
    return said;
}

bool save(const Session& session, const PlayOptions& o) {
    if (o.save.empty()) return true;
    SavedSession saved = to_saved(session, o.mode, now_iso8601());
    saved.session_id = o.session_id;
    // Absolute, so that `report` and `--resume` work from any folder.
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(saved.scenario_path, ec);
    if (!ec) saved.scenario_path = absolute.lexically_normal().string();
    const auto text = saved_session_json(saved);
    if (auto err = write_file(o.save, text)) {
        std::cerr << "rapport: could not save the session: " << *err << "\n";
        return false;
    }
    return true;
}

// "Session paused after 3 turns; saved to s.json (continue with --resume s.json)." and the
// session saved (when --save names a file): the exit code.
int stop_and_save(const Session& session, const PlayOptions& o, const char* how) {
    std::cout << "\nSession " << how << " after " << turns_text(session.transcript().size())
              << (o.save.empty()
                      ? ""
                      : "; saved to " + o.save + " (continue with --resume " + o.save + ")")
              << ".\n";
    return save(session, o) ? exit_ok : exit_problems;
}

PlayOptions parse(Args& args) {
    PlayOptions o;
    while (!args.done()) {
        if (!args.is_flag()) {
            if (!o.file.empty())
                throw UsageError{"play takes one scenario file; '" + args.take() + "' is a second"};
            o.file = args.take();
            continue;
        }
        const std::string f = args.flag();
        if (f == "--seed")
            o.seed = parse_seed(args.value());
        else if (f == "--choose")
            o.choices = parse_choices(args.value());
        else if (f == "--save")
            o.save = args.value();
        else if (f == "--resume")
            o.resume = args.value();
        else if (f == "--db")
            o.db = args.value();
        else if (f == "--say-first") {
            args.skip();
            o.say_first = true;
        } else if (f == "--say") {
            o.say_first = true;
            o.said = read_said_lines("--say", args.value());
        } else if (f == "--from" || f == "--set") {
            auto& field = f == "--from" ? o.from : o.set;
            if (field)
                throw UsageError{f + " is given twice" +
                                 (f == "--set" ? "; list every value in one: --set a=1,b=2" : "")};
            field = args.value();
        } else if (f == "--mode") {
            o.mode = args.value();
            if (o.mode != "practice" && o.mode != "exam")
                throw UsageError{"--mode takes practice or exam, not '" + o.mode + "'"};
        } else {
            throw UsageError{"play: unknown option " + f + " (see rapport play --help)"};
        }
    }
    if (o.said && !o.choices)
        throw UsageError{"--say gives the words of a scripted session: use it with --choose"};
    if (!o.resume.empty() && o.seed)
        throw UsageError{"--seed cannot be combined with --resume: the saved session has its seed"};
    if (o.branch() && !o.resume.empty())
        throw UsageError{"--from and --set start a new try; they cannot be combined with --resume"};
    if (o.branch() && !o.save.empty())
        throw UsageError{
            "a try from --from/--set is not saved (a saved session replays from the scenario's "
            "start); leave out --save"};
    return o;
}

}  // namespace

int cmd_play(Args& args) {
    PlayOptions o = parse(args);
    auto catalogue = load_catalogue();
    if (!catalogue) return exit_problems;

    // Held until the end: a second process resuming (or saving to) the same file is refused,
    // instead of the last save silently winning.
    std::vector<FileLock> locks;
    auto lock = [&](const std::string& path) {
        auto taken = FileLock::acquire(path);
        if (auto* err = std::get_if<std::string>(&taken)) {
            std::cerr << "rapport: " << *err << "\n";
            return false;
        }
        locks.push_back(std::move(std::get<FileLock>(taken)));
        return true;
    };
    if (!o.resume.empty() && !lock(o.resume)) return exit_problems;
    std::optional<SavedSession> saved;
    if (!o.resume.empty()) {
        saved = read_session_file(o.resume);
        if (!saved) return exit_problems;
        if (o.file.empty()) o.file = saved->scenario_path;
        if (o.save.empty()) o.save = o.resume;  // keep saving where it was resumed from
        o.mode = saved->mode;
        o.say_first = o.say_first || saved->say_first;
        o.session_id = session_id_of(*saved);
    } else {
        o.session_id = new_session_id();
    }
    if (o.file.empty()) o.file = default_scenario_path().string();
    if (!o.save.empty()) {
        check_not_an_input(o.save, {o.file});
        std::error_code ec;
        const auto parent = std::filesystem::absolute(o.save, ec).parent_path();
        if (!std::filesystem::is_directory(parent, ec)) {
            std::cerr << "rapport: cannot save to " << o.save << ": the folder " << parent.string()
                      << " does not exist\n";
            return exit_problems;
        }
        if (o.save != o.resume && !lock(o.save)) return exit_problems;
        if (std::filesystem::exists(o.save, ec) && o.save != o.resume) {
            // Only a session file may be replaced: never a scenario, a report or anything else.
            Diagnostics d;
            if (!load_saved_session(o.save, d)) {
                std::cerr << "rapport: refusing to overwrite " << o.save
                          << ": it exists and is not a Rapport session file; choose another name\n";
                return exit_problems;
            }
        }
    }

    std::optional<Step> loading(std::in_place, "loading the scenario " + o.file);
    // One exploration: at load (bounded), reused for the report; none when the analysis cache
    // already holds this version.
    ReportAnalysis analysis;
    auto loaded = load_scenario(o.file, *catalogue, play_load_options(analysis));
    loading.reset();
    if (!loaded.scenario) {
        std::cerr << format_diagnostics(loaded.diagnostics);
        std::cerr << "rapport: " << o.file
                  << " has errors; fix them and try again (rapport validate " << o.file << ")\n";
        return exit_problems;
    }

    std::optional<Session> session;
    if (saved) {
        Diagnostics d;
        session = resume_session(*saved, loaded.scenario, o.resume, d);
        if (!session) {
            std::cerr << format_diagnostics(d);
            return exit_problems;
        }
    } else {
        // Interactive play gets a fresh order each time; a scripted run is reproducible by default.
        const std::uint64_t seed = o.seed ? *o.seed : o.choices ? 1 : random_seed();
        if (o.branch()) {
            // The same start as the window's "Try a branch" (rapport/branch.hpp).
            auto start = branch_state(*loaded.scenario, o.from.value_or(""), o.set.value_or(""));
            if (auto* err = std::get_if<std::string>(&start)) {
                std::cerr << "rapport: " << terminal_safe(*err) << "\n";
                return exit_usage;
            }
            session.emplace(loaded.scenario, seed, std::move(std::get<PlayState>(start)));
        } else {
            session.emplace(loaded.scenario, seed);
        }
    }
    if (o.say_first) session->set_say_first(true);
    // Say it first only: the suggestion's weights over every response of the scenario.
    std::optional<SimilarityIndex> similarity;
    if (session->say_first()) similarity.emplace(SimilarityIndex::for_scenario(*loaded.scenario));

    const std::string started_at = saved ? saved->saved_at : now_iso8601();
    print_briefing(*session, o);
    if (session->say_first())
        std::cout << wrap(
                         "Say it first: at each turn you write what you would say, then choose. "
                         "Your words are kept with the session and in your progress record, "
                         "coded roughly by a rule-based coder, and included in anything you "
                         "export; they stay on this computer otherwise.",
                         width)
                  << "\n\n";
    if (saved) std::cout << "Resumed after " << turns_text(session->transcript().size()) << ".\n";
    if (o.branch()) {
        const Scenario& s = session->scenario();
        std::string values;
        for (std::size_t i = 0; i < s.vars.size(); ++i)
            values +=
                (i ? ", " : "") + s.vars[i].id + "=" + std::to_string(session->state().values[i]);
        std::cout << wrap("Trying a branch from node " + session->node().id +
                              (values.empty() ? "" : " with " + values) +
                              " (not saved, not in your progress record).",
                          width)
                  << "\n";
    }
    const bool interactive = !o.choices;
    std::size_t next_choice = 0;
    while (!session->finished()) {
        print_line(*session);
        std::optional<Said> said;
        int suggested = -1;
        if (session->say_first()) {
            said = ask_words(o, *session, interactive);
            if (!said) {  // standard input ended: leave as at q
                std::cout << "\nSession left after " << turns_text(session->transcript().size())
                          << ".\n";
                return save(*session, o) ? exit_ok : exit_problems;
            }
            // In an exam nothing is marked: the choice is the trainee's alone.
            if (!said->skipped && o.mode != "exam")
                suggested = suggested_option(*similarity, *session, said->text);
        }
        print_options(*session, o, interactive, suggested);
        const std::size_t count = session->offered().size();
        std::size_t position = 0;
        if (!interactive) {
            if (next_choice >= o.choices->size()) {
                return stop_and_save(*session, o, "paused");
            }
            const int pick = (*o.choices)[next_choice++];
            if (static_cast<std::size_t>(pick) > count) {
                std::cerr << "rapport: choice " << pick << " at turn " << next_choice << ": only "
                          << count << " responses are offered\n";
                return exit_problems;
            }
            std::cout << "> " << pick << "\n";
            position = static_cast<std::size_t>(pick - 1);
        } else {
            // Asked until a number offered is typed: a wrong entry asks again for the number only,
            // keeping the words written for this turn.
            bool undone = false;
            for (bool chosen = false; !chosen;) {
                std::string input;
                const bool got = static_cast<bool>(std::getline(std::cin, input));
                while (!input.empty() && (input.back() == ' ' || input.back() == '\r'))
                    input.pop_back();
                while (!input.empty() && input.front() == ' ')
                    input.erase(0, 1);
                if (!got || input == "q" || input == "Q" || input == "quit") {
                    if (!session->transcript().empty() && !o.branch()) {  // abandoned: recorded too
                        record_session(*session,
                                       build_report(*session, analysis.get(loaded), o.mode),
                                       started_at, o.session_id, o.db);
                        analysis.save();
                    }
                    return stop_and_save(*session, o, "left");
                }
                if (input == "u" || input == "U" || input == "undo") {
                    if (o.mode == "exam") {
                        std::cout << "Undo is not available in exam mode. Choose 1-" << count
                                  << ": " << std::flush;
                    } else if (session->transcript().empty()) {
                        std::cout << "Nothing to undo. Choose 1-" << count << ": " << std::flush;
                    } else {
                        session->undo_to(session->transcript().size() - 1);
                        if (o.mode == "practice")
                            std::cout
                                << "\n  "
                                << meters(session->scenario(), session->state().values, nullptr)
                                << "\n";
                        undone = true;
                        break;
                    }
                    continue;
                }
                // The marked option is never a default: the trainee types the one they choose.
                int pick = 0;
                const bool digits = !input.empty() && input.size() <= 3 &&
                                    std::all_of(input.begin(), input.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
                if (digits) pick = std::stoi(input);
                if (!digits || input[0] == '0' || pick < 1 ||
                    static_cast<std::size_t>(pick) > count) {
                    std::cout << "Type a number from 1 to " << count << ": " << std::flush;
                    continue;
                }
                position = static_cast<std::size_t>(pick - 1);
                chosen = true;
            }
            if (undone) continue;  // the turn before, from its line (and its words) again
        }
        session->choose(position, std::move(said));
        if (const Reply* reply = session->last_reply()) {
            std::cout << "\n";
            if (!reply->cue.empty()) std::cout << wrap("(" + reply->cue + ")", width, "  ") << "\n";
            if (!reply->client.empty())
                std::cout << wrap(session->scenario().client.name + ": \"" + reply->client + "\"",
                                  width)
                          << "\n";
        }
        if (o.mode == "practice") {
            const Turn& t = session->transcript().back();
            std::cout << "\n  " << meters(session->scenario(), t.after, &t.before) << "\n";
        }
        if (!save(*session, o)) return exit_problems;
    }
    if (o.choices && next_choice < o.choices->size())
        std::cerr << "rapport: warning: the session ended after "
                  << turns_text(session->transcript().size()) << "; "
                  << o.choices->size() - next_choice << " more --choose number"
                  << (o.choices->size() - next_choice == 1 ? " was" : "s were") << " not used\n";
    const Report report = build_report(*session, analysis.get(loaded), o.mode, report_options());
    analysis.save();
    std::cout << "\n" << report_text(report);
    if (!o.branch()) record_session(*session, report, started_at, o.session_id, o.db);
    if (!o.save.empty())
        std::cout << "\nExport this report: rapport report " << o.save
                  << " --format html -o report.html\n";
    return exit_ok;
}

}  // namespace rapport::cli
