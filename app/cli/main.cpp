// Entry point of the `rapport` command: dispatches to the subcommands and documents them.
#include <cstring>
#include <iostream>
#include <string>

#include "cli_common.hpp"

namespace {

constexpr const char* main_help = R"(rapport: rehearse first counselling sessions with simulated clients

Usage:
  rapport                      play the default scenario in the terminal
  rapport COMMAND [OPTIONS]

Commands:
  validate PATH...             check scenario files and folders; print every problem
  play [FILE]                  play a scenario in the terminal (default: first-session)
  help [COMMAND]               show help for a command

Options:
  -h, --help                   show this help (or a command's, after the command)
  --version                    print the version

Exit codes: 0 success, 1 problems in the input, 2 bad arguments.
Environment: RAPPORT_DATA_DIR, the folder holding scenarios/ and assets/.
Docs: docs/scenario-format.md (writing scenarios), docs/diagnostics.md (every error code).
)";

constexpr const char* validate_help = R"(rapport validate: check scenario files and print every problem

Usage:
  rapport validate [--strict] [--format text|json] PATH...

PATH is a scenario file, a skill catalogue, or a folder (searched for .yaml and .yml files).
Problems print as file:line:col: error|warning: message [code]; codes are explained in
docs/diagnostics.md.

Options:
  --strict                     warnings fail too
  --format text|json           output format (default text); json is for editors and tools

Exit codes: 0 no errors (warnings allowed unless --strict), 1 problems found, 2 bad arguments.
)";

constexpr const char* play_help = R"(rapport play: play a scenario in the terminal

Usage:
  rapport play [FILE] [--seed N] [--mode practice|exam] [--choose 1,3,2] [--save FILE] [--resume FILE]

FILE defaults to the shipped first-session scenario. Each turn shows the client's line and the
numbered responses; type a number to answer, u to undo (practice mode), q to quit. The session
ends with its ending, the score and a summary of every turn: skill, effect and rationale.

Options:
  --seed N                     order in which responses are shown (default: random when
                               interactive, 1 with --choose); the same seed and choices always
                               give the same session
  --mode practice|exam         practice shows the meters after each turn and allows undo; exam
                               hides them and has no undo (default practice)
  --choose 1,3,2               play these response numbers without asking, then stop; a session
                               that has not ended is paused (saved with --save)
  --save FILE                  save the session to FILE after every turn (JSON)
  --resume FILE                continue a saved session; FILE defaults to the saved scenario and
                               later turns are saved back to the same file

Exit codes: 0 played (ended, paused or quit), 1 the scenario or session file has problems or a
--choose number is not offered, 2 bad arguments.
)";

int help(const std::string& command) {
    if (command == "validate") std::cout << validate_help;
    else if (command == "play") std::cout << play_help;
    else if (command.empty()) std::cout << main_help;
    else {
        std::cerr << "rapport: no command '" << command << "' (see rapport --help)\n";
        return rapport::cli::exit_usage;
    }
    return rapport::cli::exit_ok;
}

bool wants_help(int argc, char** argv) {
    for (int i = 2; i < argc; ++i)
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace rapport::cli;
    try {
        const std::string command = argc > 1 ? argv[1] : "";
        if (command == "-h" || command == "--help") return help("");
        if (command == "help") return help(argc > 2 ? argv[2] : "");
        if (command == "--version") {
            std::cout << "rapport " << RAPPORT_VERSION << "\ndata: " << data_dir().string() << "\n";
            return exit_ok;
        }
        if (command == "validate" || command == "play") {
            if (wants_help(argc, argv)) return help(command);
            Args args(argc, argv, 2);
            return command == "validate" ? cmd_validate(args) : cmd_play(args);
        }
        if (command.empty()) {
            Args args(argc, argv, 1);
            return cmd_play(args);
        }
        // `rapport some-file.yaml` plays it.
        if (command.size() > 5 && (command.ends_with(".yaml") || command.ends_with(".yml"))) {
            Args args(argc, argv, 1);
            return cmd_play(args);
        }
        std::cerr << "rapport: unknown command '" << command << "' (see rapport --help)\n";
        return exit_usage;
    } catch (const UsageError& e) {
        std::cerr << "rapport: " << e.message << "\n";
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "rapport: " << e.what() << "\n";
        return exit_problems;
    }
}
