// Entry point of the `rapport` command: dispatches to the subcommands and documents them.
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "cli_common.hpp"

namespace {

constexpr const char* main_help =
    R"(rapport: rehearse first counselling sessions with simulated clients

Usage:
  rapport                      open the window (library, sessions, feedback, author mode)
  rapport FILE.yaml...         open the window with these scenarios listed first
  rapport COMMAND [OPTIONS]

Commands:
  gui [FILE...]                open the window (see rapport gui --help)
  drill [BANK...]              exam-prep drills, scheduled with spaced repetition (FSRS)
  progress                     your sessions, skill trend, drill accuracy, what is due
  export                       your records as CSV, JSON or xAPI statements
  validate PATH...             check scenario files and folders; print every problem
  play [FILE]                  play a scenario in the terminal (default: first-session)
  report SESSION [FILE]        the feedback report of a saved session (text, markdown, html, json)
  analyze FILE                 what any session can achieve: best score, endings, best path
  graph FILE                   the scenario as a Graphviz DOT graph
  upgrade FILE                 rewrite a format 1 scenario as format 2, keeping its comments
  test [PATH...]               run scenarios' test plans (NAME.tests.yaml); print what failed
  coverage FILE [SESSION...]   what the test plans (or saved sessions) reached, and what not
  code                         code utterances (one per line of standard input) with MITI codes
  help [COMMAND]               show help for a command

Options:
  -h, --help                   show this help (or a command's, after the command)
  --version                    print the version

Exit codes: 0 success, 1 problems in the input, 2 bad arguments.
Environment: RAPPORT_DATA_DIR, the folder holding scenarios/, drills/ and assets/; RAPPORT_DB,
the progress database (default $XDG_DATA_HOME/rapport/progress.db).
Docs: docs/scenario-format.md (writing scenarios), docs/diagnostics.md (every error code),
docs/feedback.md (how the report is computed), docs/test-plans.md (test plans, coverage),
docs/coding.md (the utterance coder).
)";

constexpr const char* code_help = R"(rapport code: code therapist utterances with MITI 4.2.1 codes

Usage:
  rapport code [--format text|json] [--context] < utterances.txt

Reads one utterance per line of standard input and prints, per line, the behaviour code the
coder assigns: open_question, closed_question, simple_reflection, complex_reflection,
affirmation, giving_information, persuading, persuading_with_permission, emphasizing_autonomy,
seeking_collaboration, confronting, structuring or other. The coder uses rules over the words
(question forms, reflection stems, advice and permission forms, cue words); what each code
means, the cues and the measured accuracy are in docs/coding.md. On 200 new utterances the rules
were not written against, it gets the main behaviour (question, reflection, other) right 84.5%
of the time with their client lines (--context) and 81.5% without; open vs closed 93%, simple
vs complex 88% with the client lines. Read a code as a hint, not a rating.

A blank line gives an empty line (json: {"code":null,...}), so output line N answers input
line N. Only the first 4096 bytes of a line are read (cue "truncated"); bytes that are not UTF-8
are read as spaces.

Options:
  --format text|json           text (default): the code; json: one object per line with
                               "code", "confidence" (0-1, how often the deciding rule was right
                               on the development set) and "cues" (what decided it)
  --context                    each line is client<TAB>utterance: the utterance is coded knowing
                               the client line it answers (a statement that says back the
                               client's words is a reflection; simple or complex by what it
                               adds); a line without a TAB is coded without context

Exit codes: 0 coded, 2 bad arguments.
)";

constexpr const char* test_help = R"(rapport test: run scenarios' test plans

Usage:
  rapport test [--format text|json] [PATH...]

PATH is a test plan file (NAME.tests.yaml), a scenario (its NAME.tests.yaml beside it is run), or
a folder (every *.tests.yaml in it, recursively; scenarios there without one are listed). Default:
the shipped scenarios. Each plan plays a session by node and response ids and checks what the
plan expects: where it is at each step, what is offered and not offered there, state values after
a step and at the end, the ending, the essentials met and not met, and where red flags were
raised. Each failed expectation prints as file:line:col: error: what happened instead [RP62x];
mistakes in a plan file (an unknown node or response id, a range that can never hold) print
the same way [RP61x, RP1xx]. The format is in docs/test-plans.md.

Options:
  --format text|json           output format (default text)

Exit codes: 0 every plan passed, 1 a plan failed or a file has problems, 2 bad arguments.
)";

constexpr const char* coverage_help = R"(rapport coverage: what the tests (or students) reached

Usage:
  rapport coverage SCENARIO [SESSION_FILE...] [--tests] [--format text|json|dot] [-o FILE]

Counts which nodes, lines (each node's own line and each of its variants), responses and endings
were reached by the scenario's test plans (--tests, the default without session files: its
NAME.tests.yaml is played, failing plans as far as they go) and by saved session files (written by
rapport play --save or the window, finished or not), and lists what none of them reached.

Options:
  --tests                      include the test plans' sessions (default when no session files)
  --format FORMAT              text (default), json, or dot: the scenario graph of rapport graph
                               with what was not covered dashed and marked "not covered"
  -o, --output FILE            write to FILE instead of standard output

Exit codes: 0 written, 1 the scenario, plan or a session file has problems, 2 bad arguments.
)";

constexpr const char* report_help = R"(rapport report: the feedback report of a saved session

Usage:
  rapport report SESSION_FILE [SCENARIO_FILE] [--format text|markdown|html|json] [-o FILE]

SESSION_FILE is a file written by `rapport play --save`, finished or not. The scenario is the one
the session names, or SCENARIO_FILE if it moved. The report shows the outcome and how close the
session came to the best achievable one, each state variable turn by turn against the thresholds
of the endings and a best session, every turn's skill, effect and rationale with the better
response where there was one, turning points, the skill profile against MITI 4.2.1 thresholds,
and the opportunities the client offered.

Options:
  --format FORMAT              text (default), markdown, html (one self-contained file with SVG
                               charts, for printing) or json
  -o, --output FILE            write to FILE instead of standard output

Exit codes: 0 written, 1 the session or scenario file has problems, 2 bad arguments.
)";

constexpr const char* analyze_help = R"(rapport analyze: what any session of a scenario can achieve

Usage:
  rapport analyze FILE [--format text|json] [--budget STATES]

Explores every distinct reachable play state exactly and prints the best and worst achievable
score, the range of each variable's final value, each ending's reachability with a shortest path,
one best session, how many responses can lie on a best path, and nodes or responses that are
never reached.

Options:
  --format text|json           output format (default text)
  --budget STATES              stop after this many distinct states (default 10000000)

The file is first checked as by `rapport validate`, play checks included: a dead end, a loop
with no way out or an ending that can never be reached is reported and the analysis refused.

Exit codes: 0 analysed, 1 the file has errors or the budget was reached, 2 bad arguments.
)";

constexpr const char* graph_help = R"(rapport graph: the scenario as a Graphviz graph

Usage:
  rapport graph FILE [-o FILE.dot]

Nodes are boxes (unreachable ones dashed and grey), endings are octagons coloured by outcome,
responses are edges labelled with their id, skill, effects and condition, coloured green or red
by their effect, and bold when they can lie on a best path. Render with: dot -Tsvg FILE.dot

The file is first checked as by `rapport validate`, play checks included (dead ends, loops with
no way out, endings that can never be reached): with an error nothing is written.

Exit codes: 0 written, 1 the file has errors, 2 bad arguments.
)";

constexpr const char* upgrade_help =
    R"(rapport upgrade: rewrite a format 1 scenario as format 2

Usage:
  rapport upgrade FILE                 print the upgraded file to standard output
  rapport upgrade FILE -o OUT          write it to OUT (a new file)
  rapport upgrade --in-place FILE      rewrite FILE

Each response's `skill:` becomes the `code:` (and `errors:`) the skill stands for, `format: 1`
becomes `format: 2`, the client's `background` becomes `instructor_notes`, the scenario's own
`skills:` list goes (its skills map by their code or group) and opportunities' `answer_with`
skills become codes. Everything else, comments and layout included, is kept byte for byte; the
result is checked to load as format 2 and play exactly as the original. The tables are in
docs/clinical-model.md; read the result through afterwards.

Nothing is written when FILE has any problem, error or warning (they are printed as
file:line:col: severity: message [code]): run rapport validate FILE and fix them first.

Options:
  -o, --output OUT             write to OUT; refuses an OUT that exists
  --in-place                   rewrite FILE itself (atomically)

Exit codes: 0 upgraded (or already format 2), 1 problems in the file, 2 bad arguments.
)";

constexpr const char* validate_help =
    R"(rapport validate: check scenario files and print every problem

Usage:
  rapport validate [--strict] [--format text|json] [--no-explore | --explore-time SECONDS] PATH...

PATH is a scenario file, a skill catalogue, or a folder (searched for .yaml and .yml files).
Problems print as file:line:col: error|warning: message [code]; codes are explained in
docs/diagnostics.md.

Options:
  --strict                     warnings fail too
  --format text|json           output format (default text); json is for editors and tools
  --explore-time SECONDS       stop exploring play states (dead ends, conditions that never
                               hold) after this long; a note [RP300] says so (default 10)
  --no-explore                 skip exploring play states: structure and fields only

Exit codes: 0 no errors (warnings allowed unless --strict), 1 problems found, 2 bad arguments.
)";

constexpr const char* gui_help = R"(rapport gui: the desktop window

Usage:
  rapport [gui] [FILE.yaml...] [--seed N] [--mode practice|exam] [--author FILE] [--screen NAME]

Opens the window: the library of scenarios (shipped, yours in $XDG_DATA_HOME/rapport/scenarios,
and FILEs), the briefing, the session, the feedback, and author mode. Sessions are saved after
every answer in $XDG_DATA_HOME/rapport/sessions (the same format as rapport play --save) and
can be resumed from the library; window size, theme, zoom and the last scenario are remembered
in $XDG_CONFIG_HOME/rapport/settings.json.

Keys: 1-9 answer, Ctrl+Z undo (practice), Ctrl+S save and leave, Enter open/start,
Up/Down choose, Esc back, Ctrl+= / Ctrl+- / Ctrl+0 zoom, Ctrl+T light or dark theme,
Ctrl+Q quit.

Options:
  --seed N                     order in which responses are shown (default random)
  --mode practice|exam         the mode the briefing starts with (default practice)
  --author FILE                open author mode on FILE: it reloads whenever FILE changes
  --screen NAME                open on library (default), drills, progress or author

For tests, screenshots and benchmarks:
  --demo 1,3,2,...             play the first listed scenario (FILE, else the default) to an
                               ending with these response numbers, pressing the keys a user
                               would, then quit; prints the session record's path (seed 1
                               unless --seed); exit 1 if a number is not offered or the
                               session has not ended
  --demo-say FILE              with --demo: say it first, typing each line of FILE at its turn
                               (an empty line skips); screenshots say-writing.png, say-options.png
  --demo-drill b,a,c           open Drills, start a tutor drill and answer with these letters
                               (Enter past each item's rationales), then quit
  --screenshots DIR            with --demo: save library, briefing, session and feedback PNGs;
                               with --demo-drill: drill-question, drill-rationales and
                               drill-results PNGs; without: save the opening screen (library.png, drills.png,
                               progress.png or author.png, and author-end.png scrolled to its end)
  --size WxH                   window size (default: remembered, else 1280x800)
  --quit-after-first-frame     quit once the first frame is shown
  --bench-turns N              start the first listed scenario and answer 1 N times
  --bench-frames N             then draw N frames and print the CPU time per frame

Exit codes: 0 closed normally, 1 the window cannot open (no display, no OpenGL 3.3) or a
--demo response was not offered, 2 bad arguments.
)";

constexpr const char* drill_help =
    R"(rapport drill: multiple-choice drills with a rationale for every option

Usage:
  rapport drill [BANK...] [--from-scenarios] [--topic T] [--count N] [--mode tutor|exam]
                [--answers b,a,c] [--answer-seconds S] [--all] [--seed N] [--retention R]
                [--time-limit MIN] [--db FILE]

BANK is a drill bank (YAML, docs/drill-format.md) or a folder of them; default: the shipped
drills/. A drill asks the items that are due first (most overdue first), then new ones. Each
answer is graded for the scheduler (wrong = Again, right = Good, right and fast = Easy), written to
the progress database at once, and scheduled with FSRS-6 for when you are about to forget it.

Options:
  --from-scenarios             also ask items made from the shipped scenarios' decision points
                               where one response is clearly best
  --topic T                    only items on topic T (e.g. autonomy, oars, first-session)
  --count N                    at most N items (default 10)
  --mode tutor|exam            tutor (default): every option's rationale after each answer;
                               exam: no feedback until the end, then a score by topic and every
                               rationale
  --answers b,a,c              answer without asking (scripted runs); a+c chooses several
  --answer-seconds S           how long scripted answers count as taking (default 20)
  --all                        ask items even if they are not due (taking turns between banks)
  --seed N                     order of the options (default random; 1 with --answers)
  --retention R                desired retention, 0.70-0.97 (default 0.9): higher asks more often
  --time-limit MIN             exam countdown: stop asking after MIN minutes
  --db FILE                    the progress database (default $RAPPORT_DB, else
                               $XDG_DATA_HOME/rapport/progress.db)

Exit codes: 0 done (or nothing due), 1 a bank has errors or the database cannot be used,
2 bad arguments.
)";

constexpr const char* progress_help = R"(rapport progress: your record

Usage:
  rapport progress [--db FILE]
  rapport progress --check [--db FILE]

Prints your scenario sessions over time (ending, score, % of the best achievable, reflections per
question and % complex reflections), the skill trend, drill accuracy by topic, how many items are
due now, by the end of tomorrow and within a week, and leeches (items missed 8 times or more).

--check reads every page of the record (PRAGMA quick_check) and replays every drill item's answers
in the order they were recorded: it says whether each item's stored FSRS schedule is that replay,
and lists the items whose schedule is not.

Exit codes: 0 printed (--check: all sound), 1 no database yet, it cannot be used, or (--check) a
schedule is not the replay of its answers, 2 bad arguments.
)";

constexpr const char* export_help = R"(rapport export: your records for an instructor

Usage:
  rapport export [--format csv|json|xapi] [-o FILE] [--actor-name NAME] [--actor-email EMAIL]
                 [--db FILE]

csv: one row per session, per drill answer and, for say it first, per turn written ("said": the
words and their code). json: everything, as recorded. xapi: xAPI 1.0.3 statements (initialized,
responded, completed, passed/failed for sessions; answered for drill answers; a say-it-first turn's
responded statement has the trainee's words as its response), each with actor, verb, object,
result, timestamp and a UUID that stays the same when you export again, ready to send to any
Learning Record Store. The actor is --actor-email (mbox) or --actor-name (default $USER, or
"student" when $USER is not set).

Exit codes: 0 written, 1 no database yet or it cannot be used, 2 bad arguments.
)";

constexpr const char* play_help = R"(rapport play: play a scenario in the terminal

Usage:
  rapport play [FILE] [--seed N] [--mode practice|exam] [--say-first] [--choose 1,3,2] [--save FILE]
               [--resume FILE] [--say FILE]
  rapport play [FILE] --from NODE [--set var=value,...] [--seed N] [--choose 1,3,2]

FILE defaults to the shipped first-session scenario. Each turn shows the client's line and the
numbered responses; type a number to answer, u to undo (practice mode), q to quit. The session
ends with the feedback report (see rapport report --help).

Options:
  --seed N                     order in which responses are shown (default: random when
                               interactive, 1 with --choose); the same seed and choices always
                               give the same session
  --mode practice|exam         practice shows the meters after each turn and allows undo; exam
                               hides them and has no undo (default practice)
  --say-first                  say it first: before the options appear, write what you would say
                               (Enter sends, an empty line skips); the option closest to your
                               words is marked (*) (wording, not quality); the report sets your
                               words (coded automatically) beside your choice; with either mode
  --say FILE                   the words of a scripted session (--choose), one line per turn (an
                               empty line: that turn skipped); implies --say-first
  --choose 1,3,2               play these response numbers without asking, then stop; a session
                               that has not ended is paused (saved with --save)
  --save FILE                  save the session to FILE after every turn (JSON)
  --resume FILE                continue a saved session; FILE defaults to the saved scenario and
                               later turns are saved back to the same file
  --db FILE                    the progress database that finished and abandoned sessions are
                               added to (default $RAPPORT_DB, else
                               $XDG_DATA_HOME/rapport/progress.db)
  --from NODE                  start at the node with this id instead of the scenario's start,
                               as the window's "Try a branch": the client's line is the variant
                               the values select; a try is not saved or recorded (no --save or
                               --resume)
  --set var=value,...          start with these state values (variable ids, each within its
                               range; the others keep their initial value); with or without
                               --from

Exit codes: 0 played (ended, paused or quit), 1 the scenario or session file has problems or a
--choose number is not offered, 2 bad arguments (also an unknown --from node, an unknown --set
variable or a value out of its range: the message names the valid ones).
)";

int help(const std::string& command) {
    if (command == "validate")
        std::cout << validate_help;
    else if (command == "play")
        std::cout << play_help;
    else if (command == "report")
        std::cout << report_help;
    else if (command == "analyze")
        std::cout << analyze_help;
    else if (command == "graph")
        std::cout << graph_help;
    else if (command == "upgrade")
        std::cout << upgrade_help;
    else if (command == "gui")
        std::cout << gui_help;
    else if (command == "drill")
        std::cout << drill_help;
    else if (command == "progress")
        std::cout << progress_help;
    else if (command == "export")
        std::cout << export_help;
    else if (command == "test")
        std::cout << test_help;
    else if (command == "coverage")
        std::cout << coverage_help;
    else if (command == "code")
        std::cout << code_help;
    else if (command.empty())
        std::cout << main_help;
    else {
        std::cerr << "rapport: no command '" << command << "' (see rapport --help)\n";
        return rapport::cli::exit_usage;
    }
    return rapport::cli::exit_ok;
}

bool wants_help(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace rapport::cli;
    // Out of memory where no catch can reach (inside a noexcept library call): still in words.
    static const char* command_name = argc > 1 ? argv[1] : "";
    static std::terminate_handler previous = nullptr;
    previous = std::set_terminate([] {
        if (const auto e = std::current_exception()) {
            try {
                std::rethrow_exception(e);
            } catch (const std::bad_alloc&) {
                report_out_of_memory(command_name);
                std::_Exit(exit_problems);
            } catch (...) {
            }
        }
        if (previous) previous();
        std::abort();
    });
    // Past the file-size limit (ulimit -f) a write fails with EFBIG, which write_file reports in
    // words, keeping the last good file; by default SIGXFSZ would kill the process mid-write.
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        const std::string command = argc > 1 ? argv[1] : "";
        if (command == "-h" || command == "--help") return help("");
        if (command == "help") return help(argc > 2 ? argv[2] : "");
        if (command == "--version") {
            if (argc > 2) throw UsageError{"--version takes no arguments"};
            std::cout << "rapport " << RAPPORT_VERSION << "\ndata: " << data_dir().string() << "\n";
            return exit_ok;
        }
        if (command == "validate" || command == "play" || command == "report" ||
            command == "analyze" || command == "graph" || command == "gui" || command == "drill" ||
            command == "progress" || command == "export" || command == "upgrade" ||
            command == "test" || command == "coverage" || command == "code") {
            if (wants_help(argc, argv)) return help(command);
            Args args(argc, argv, 2);
            if (command == "validate") return cmd_validate(args);
            if (command == "play") return cmd_play(args);
            if (command == "report") return cmd_report(args);
            if (command == "analyze") return cmd_analyze(args);
            if (command == "gui") return cmd_gui(args);
            if (command == "drill") return cmd_drill(args);
            if (command == "progress") return cmd_progress(args);
            if (command == "export") return cmd_export(args);
            if (command == "upgrade") return cmd_upgrade(args);
            if (command == "test") return cmd_test(args);
            if (command == "coverage") return cmd_coverage(args);
            if (command == "code") return cmd_code(args);
            return cmd_graph(args);
        }
        // `rapport` and `rapport some-file.yaml [--seed N ...]` open the window.
        if (command.empty() || command.starts_with("--") ||
            (command.size() > 5 && (command.ends_with(".yaml") || command.ends_with(".yml")))) {
            if (wants_help(argc, argv)) return help("gui");
            Args args(argc, argv, 1);
            return cmd_gui(args);
        }
        std::cerr << "rapport: unknown command '" << command << "' (see rapport --help)\n";
        return exit_usage;
    } catch (const UsageError& e) {
        std::cerr << "rapport: " << e.message << "\n";
        return exit_usage;
    } catch (const std::bad_alloc&) {
        report_out_of_memory(argc > 1 ? argv[1] : "");
        return exit_problems;
    } catch (const std::exception& e) {
        std::cerr << "rapport: " << e.what() << "\n";
        return exit_problems;
    }
}
