// What the CLI commands share: argument parsing helpers, finding the data folder, loading with
// the catalogue, text wrapping.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rapport/analysis_cache.hpp"
#include "rapport/drill.hpp"
#include "rapport/escape.hpp"
#include "rapport/loader.hpp"
#include "rapport/output.hpp"
#include "rapport/report.hpp"
#include "rapport/session.hpp"

namespace rapport {
class Analysis;
class Coverage;
}  // namespace rapport

namespace rapport::cli {

// Exit codes shared by every command.
inline constexpr int exit_ok = 0;
inline constexpr int exit_problems = 1;  // errors in the input (or warnings with --strict)
inline constexpr int exit_usage = 2;     // bad arguments

// Thrown for a bad argument; main prints "rapport: <message>" and exits 2.
struct UsageError {
    std::string message;
};

// Walks argv: flags with values (`--seed 3` or `--seed=3`) and positionals.
class Args {
public:
    Args(int argc, char** argv, int first);
    [[nodiscard]] bool done() const { return m_i >= m_args.size(); }
    [[nodiscard]] bool is_flag() const;
    // The current flag's name (without its `=value`).
    [[nodiscard]] std::string flag() const;
    // The current flag's value: the `=value` part or the next argument. Advances past both.
    std::string value();
    std::string take();  // the current argument, advancing
    void skip() { ++m_i; }

private:
    std::vector<std::string> m_args;
    std::size_t m_i;
};

[[nodiscard]] std::uint64_t parse_seed(const std::string& text);
// --format text|json: true for json (a UsageError names anything else).
[[nodiscard]] bool parse_text_or_json(const std::string& value);
[[nodiscard]] std::vector<int> parse_choices(const std::string& text);  // "1,3,2" -> {1,3,2}
// A say-it-first script (play --say, the window's --demo-say): the words of each turn, a line a
// turn (CR LF read as LF; an empty line skips that turn). A UsageError names the option when the
// file cannot be read.
[[nodiscard]] std::vector<std::string> read_said_lines(const std::string& option,
                                                       const std::string& path);

// The folder holding scenarios/ and assets/: $RAPPORT_DATA_DIR, the installed share folder next to
// the binary, or the source tree for a binary in the build tree.
[[nodiscard]] std::filesystem::path data_dir();
[[nodiscard]] std::filesystem::path default_scenario_path();

// Loads assets/skills.yaml; on failure prints its diagnostics and returns nullopt.
[[nodiscard]] std::optional<SkillCatalogue> load_catalogue();

// Wraps `text` at `width` columns (counting UTF-8 characters), each line prefixed by `indent`.
[[nodiscard]] std::string wrap(std::string_view text, std::size_t width,
                               std::string_view indent = "");

// What the command is doing now ("loading scenarios/big.yaml"), so that running out of memory is
// told in words: main catches std::bad_alloc and names the innermost step. Steps nest.
class Step {
public:
    explicit Step(std::string what);
    ~Step();
    Step(const Step&) = delete;
    Step& operator=(const Step&) = delete;
    [[nodiscard]] static const std::string& current();  // empty outside every step

private:
    std::string m_previous;
};

// Prints, without allocating, that `command` ran out of memory: the step, and the limit to raise.
void report_out_of_memory(const char* command);

// Reads a session file written by `play --save`; prints diagnostics and returns nullopt on failure.
[[nodiscard]] std::optional<SavedSession> read_session_file(const std::string& path);

// Refuses an output path that is one of `inputs` (the same file by any name). Throws UsageError.
void check_not_an_input(const std::string& output, const std::vector<std::string>& inputs);
// A command's output: printed when `output` is empty, else written to that file (write_file).
// Returns the exit code: exit_ok, or exit_problems after saying why the file was not written.
[[nodiscard]] int emit_output(const std::string& output, std::string_view text);

// A whole number for options like --budget; throws UsageError naming `option`.
[[nodiscard]] std::uint64_t parse_count(const std::string& option, const std::string& text);

int cmd_validate(Args& args);
int cmd_play(Args& args);
int cmd_analyze(Args& args);
int cmd_graph(Args& args);
int cmd_report(Args& args);
int cmd_gui(Args& args);
int cmd_drill(Args& args);
int cmd_progress(Args& args);
int cmd_export(Args& args);
int cmd_upgrade(Args& args);
int cmd_test(Args& args);
int cmd_coverage(Args& args);
int cmd_code(Args& args);

// The scenario as a Graphviz DOT graph (rapport graph); with `coverage`, what it did not reach is
// marked (rapport coverage --format dot). Every id and label goes through dot_quoted.
[[nodiscard]] std::string scenario_dot(const Scenario& scenario, const Analysis& analysis,
                                       const Coverage* coverage);

// Topic labels of the loaded drill banks.
struct DrillBankTopics {
    std::vector<std::pair<std::string, std::string>> labels;  // id, label
    [[nodiscard]] std::string label(const std::string& id) const;
};
// Items of these banks (files or folders; default: the shipped drills/), plus, with
// `from_scenarios`, items made from the shipped scenarios. Prints diagnostics; nullopt on errors.
[[nodiscard]] std::optional<std::vector<DrillItem>> load_drill_items(
    const std::vector<std::string>& paths, bool from_scenarios, DrillBankTopics& topics);

// The analysis behind a report, computed once per scenario version: from the user's analysis
// cache ($XDG_CACHE_HOME/rapport) when it holds a valid one for this version, else the load's own
// exploration, else a bounded run (report_analysis_options). Use with play_load_options so that a
// scenario is explored once, at load, and not again when its cache is valid.
struct ReportAnalysis {
    std::optional<Analysis::Summary> cached;  // set by play_load_options' check
    std::shared_ptr<const Analysis> analysis;
    // The analysis for `load` (its scenario must have loaded).
    const Analysis& get(const ScenarioLoad& load);
    const Analysis& get(const std::shared_ptr<const Scenario>& scenario);
    // Writes what the analysis worked out (the outlooks the report asked for) to the cache; a
    // failure is a warning on standard error.
    void save() const;
};
[[nodiscard]] std::filesystem::path analysis_cache_dir();
// Load options for a command that plays and reports: the checks' exploration within the report's
// bounds, skipped when `into` finds a valid cache for the version (kept in `into.cached`).
[[nodiscard]] LoadOptions play_load_options(ReportAnalysis& into);

// What a report's debrief may link to: the items of the shipped and the user's drill banks (a
// bank that does not load is reported on standard error and left out).
[[nodiscard]] ReportOptions report_options();
// Adds a finished (or abandoned) session to the progress database, once per play-through and
// state (`session_id`, see SessionRecord::session_key); a failure is a warning.
void record_session(const Session& session, const Report& report, const std::string& started_at,
                    const std::string& session_id, const std::string& db_option);
// --db, else $RAPPORT_DB, else $XDG_DATA_HOME/rapport/progress.db.
[[nodiscard]] std::filesystem::path progress_db_path(const std::string& option);

}  // namespace rapport::cli
