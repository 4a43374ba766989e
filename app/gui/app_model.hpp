// The window's model: the scenario library, the running session and its record, the report, the
// author's watched file. Everything the panels do goes through here; nothing here knows ImGui, so
// it is tested without a display (tests/test_gui_model.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rapport/analysis.hpp"
#include "rapport/loader.hpp"
#include "rapport/output.hpp"
#include "rapport/report.hpp"
#include "rapport/session.hpp"
#include "rapport/similarity.hpp"
#include "settings.hpp"

namespace rapport::gui {

enum class Origin { Shipped, User, CommandLine };
[[nodiscard]] const char* origin_name(Origin o);

struct LibraryEntry {
    std::string path;  // absolute
    Origin origin = Origin::Shipped;
    std::shared_ptr<const Scenario> scenario;  // null when the file has errors
    Diagnostics diagnostics;                   // errors and warnings, shown in the library
    [[nodiscard]] std::string title() const;   // the scenario's title, or the file name
    [[nodiscard]] int errors() const;
    [[nodiscard]] int warnings() const;
};

// What the library shows: a search (title, client, concern, setting, tags, essentials; any case)
// and filters by tag, by country (lower case; empty: all) and by an essential the session
// requires (its id; empty: all).
struct LibraryFilter {
    std::string search;
    std::string tag;
    std::string country;
    std::string essential;
};
[[nodiscard]] bool library_matches(const LibraryEntry& e, const LibraryFilter& f);
// The heading an entry is listed under: files from the command line, then the setting's country
// as written ("UK"), "Setting not given", or "Files with errors".
[[nodiscard]] std::string library_group(const LibraryEntry& e);
// The visible entries' indices, in the library's order, and grouped by library_group (the groups
// in the order of their first entry) when no country is picked and there are several groups.
struct LibraryView {
    std::vector<int> entries;
    bool grouped = false;
};
[[nodiscard]] LibraryView library_view(const std::vector<LibraryEntry>& lib,
                                       const LibraryFilter& f);

// What the filters offer: each country (value lower case, label as written) and each essential
// some scenario requires (value its id), with how many clients each keeps, in library order.
struct LibraryFacet {
    std::string value;
    std::string label;
    int count = 0;
};
struct LibraryFacets {
    std::vector<LibraryFacet> countries;
    std::vector<LibraryFacet> essentials;
};
[[nodiscard]] LibraryFacets library_facets(const std::vector<LibraryEntry>& lib);

// A session file in the user's sessions folder, listed in the library to resume or review.
struct SavedEntry {
    std::string path;
    SavedSession saved;
    std::string title;  // of its scenario, when found
    bool finished = false;
    bool ended = false;   // given up before its end (in sessions/ended/): listed, not resumable
    std::string problem;  // why it cannot be resumed (scenario changed, missing, damaged)
    // Where it stands: the ending reached (title, grade, outcome) and the score, once replayed.
    std::string ending, grade, outcome;
    std::optional<int> score;
};

// The author's watched scenario file.
struct AuthorFile {
    std::string path;
    std::shared_ptr<const Scenario> scenario;  // the last version without errors
    Diagnostics diagnostics;                   // of the latest version on disk
    bool latest_loaded = false;                // the latest version had no errors
    std::filesystem::file_time_type mtime{};
    std::uintmax_t size = 0;
    int loads = 0;
    std::chrono::system_clock::time_point loaded_at;  // of the latest load (shown in local time)
    bool shipped = false;  // one of the shipped scenarios (copy it to make your own)
};

// `t` in the local time zone (TZ, else /etc/localtime), as "2026-12-01 16:20:03".
[[nodiscard]] std::string local_time_text(std::chrono::system_clock::time_point t);

class AppModel {
public:
    AppModel(AppModel&&) = default;
    AppModel& operator=(AppModel&&) = default;
    ~AppModel() {
        if (m_cancel) *m_cancel = true;  // a moved-from model has none
    }
    AppModel(Paths paths, SkillCatalogue catalogue, std::filesystem::path shipped_scenarios,
             std::vector<std::string> command_line_files);

    [[nodiscard]] const Paths& paths() const { return m_paths; }
    [[nodiscard]] const SkillCatalogue& catalogue() const { return m_catalogue; }

    // Library: the shipped folder, the user's folder, the command line. Invalid files are listed
    // with their diagnostics. Without `explore`, the play-state checks (dead ends, unreachable
    // endings...) are left for check_library(), so that the window opens sooner.
    void refresh_library(bool explore = true);
    // The full checks of these files (run on a worker thread), then applied to the library.
    using LibraryChecks = std::vector<std::pair<std::string, Diagnostics>>;
    [[nodiscard]] static LibraryChecks check_library(const std::vector<std::string>& paths,
                                                     const SkillCatalogue& catalogue);
    [[nodiscard]] std::vector<std::string> library_paths() const;
    void apply_checks(const LibraryChecks& checks);
    [[nodiscard]] const std::vector<LibraryEntry>& library() const { return m_library; }
    [[nodiscard]] std::optional<int> find_entry(const std::string& path) const;
    void refresh_saved();
    [[nodiscard]] const std::vector<SavedEntry>& saved() const { return m_saved; }

    // The analysis of a scenario (computed once, then cached); waits for one being computed.
    [[nodiscard]] std::shared_ptr<const Analysis> analysis_for(
        const std::shared_ptr<const Scenario>& scenario);
    // Starts computing it on a worker thread, so the feedback at the end does not wait: a session
    // takes minutes, the analysis of a large scenario seconds.
    void prefetch_analysis(const std::shared_ptr<const Scenario>& scenario);

    // Playing. Each returns an error message on failure (and changes nothing).
    // `say_first`: the trainee writes each response before the options appear (say it first).
    std::optional<std::string> start(int entry, const std::string& mode, std::uint64_t seed,
                                     bool say_first = false);
    std::optional<std::string> resume(const SavedEntry& saved);
    // Author mode: play from `node` with these variable values; not recorded.
    std::optional<std::string> start_from(const std::shared_ptr<const Scenario>& scenario, int node,
                                          const std::vector<int>& values, std::uint64_t seed);
    // Chooses the response at `position` of the offered ones; saves the record; builds the
    // report when the session ends.
    // `said`: what the trainee wrote first (say it first), kept with the turn.
    bool choose(std::size_t position, std::optional<Said> said = std::nullopt);
    // Say it first: the position (among the offered responses) of the one closest to `typed`, or
    // -1 when none shares anything with it. A suggestion only: never what plays.
    [[nodiscard]] int suggestion(std::string_view typed) const;
    bool can_undo() const;
    bool undo();
    // Back to turn `turn` (1-based) of a session to choose again there: a new practice attempt
    // with its own record (the finished one is kept).
    std::optional<std::string> replay_from(int turn);
    // Ends the current session (the record stays, resumable if unfinished).
    void leave_session();
    // Gives up a session in progress: it goes into the progress record as abandoned and its file
    // moves to sessions/ended/ (still listed, as ended, but no longer offered to resume). Error
    // message on failure.
    std::optional<std::string> abandon(const SavedEntry& saved);

    [[nodiscard]] bool playing() const { return m_session.has_value(); }
    // Changes whenever the session is replaced or loses turns (start, resume, undo, replay).
    [[nodiscard]] std::uint64_t session_generation() const { return m_generation; }
    [[nodiscard]] const Session& session() const { return *m_session; }
    [[nodiscard]] const std::string& mode() const { return m_mode; }
    [[nodiscard]] bool exam() const { return m_mode == "exam"; }
    [[nodiscard]] bool recorded() const { return !m_record_path.empty(); }
    [[nodiscard]] const std::string& record_path() const { return m_record_path; }
    [[nodiscard]] const std::optional<std::string>& record_problem() const {
        return m_record_problem;
    }
    [[nodiscard]] bool author_try() const { return m_author_try; }
    // Why the last finished session could not be added to the progress database, if it could not.
    [[nodiscard]] const std::optional<std::string>& progress_problem() const {
        return m_progress_problem;
    }
    [[nodiscard]] const Report* report() const { return m_report ? &*m_report : nullptr; }
    // Builds the report of the session as it stands (also for an unfinished one).
    void build_report_now();
    // The report without waiting: asks for it and builds it as soon as the scenario's analysis is
    // ready (poll_report, each frame); a finished session is recorded at that moment.
    void request_report();
    bool poll_report();  // true when it built the report just now
    [[nodiscard]] bool report_pending() const { return m_report_wanted; }
    // Where reports get what lies beyond the scenario (the drill items the debrief links to).
    // Asked each time a report is built, so drill banks can load then rather than at startup.
    void set_report_options(std::function<ReportOptions()> source) {
        m_report_options = std::move(source);
    }
    [[nodiscard]] ReportOptions report_options() const {
        return m_report_options ? m_report_options() : ReportOptions{};
    }
    // Writes the report as markdown, html or json into the reports folder; returns the path.
    [[nodiscard]] std::pair<std::string, std::optional<std::string>> export_report(
        const std::string& format);

    // Author mode.
    std::optional<std::string> open_author(const std::string& path);
    // Reloads the author's file when it changed on disk; true when it did.
    bool poll_author();
    [[nodiscard]] const std::optional<AuthorFile>& author() const { return m_author; }
    // Copies the author's file (a shipped scenario) into the user's scenarios folder, under its
    // own name or, when that is taken, NAME-2.yaml, NAME-3.yaml...: never over an existing file.
    // Lists the copy in the library and opens it in author mode. The copy's path, or why not.
    std::pair<std::string, std::optional<std::string>> copy_to_user_scenarios();

private:
    // The session a saved entry holds, replayed on its library scenario; or why it cannot be.
    [[nodiscard]] std::variant<Session, std::string> replay(const SavedEntry& saved) const;
    void save_record();
    // Locks `path` for the session now open (see FileLock); why not, if another process has it.
    std::optional<std::string> lock_record(const std::string& path);
    [[nodiscard]] std::string new_record_path(const Scenario& scenario) const;
    void load_author();

    Paths m_paths;
    SkillCatalogue m_catalogue;
    std::filesystem::path m_shipped;
    std::vector<std::string> m_command_line;
    std::vector<LibraryEntry> m_library;
    std::vector<SavedEntry> m_saved;
    std::vector<std::pair<std::shared_ptr<const Scenario>,
                          std::shared_future<std::shared_ptr<const Analysis>>>>
        m_analyses;
    // Set when the model goes away, so analyses still running stop instead of holding up the exit.
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);

    std::optional<Session> m_session;
    std::optional<SimilarityIndex> m_similarity;  // of the session's scenario, for say it first
    void index_for_say_first();
    std::uint64_t m_generation = 0;
    std::string m_mode = "practice";
    std::string m_record_path;
    std::optional<std::string> m_record_problem;
    bool m_author_try = false;
    std::optional<Report> m_report;
    bool m_report_wanted = false;  // a report was asked for; its analysis is still running
    bool m_record_wanted = false;  // and the finished session is recorded once it is built
    void record_finished();
    std::function<ReportOptions()> m_report_options;
    std::string m_started_at;
    std::string m_session_id;        // this play-through (session file and record)
    std::optional<FileLock> m_lock;  // on m_record_path while the session is open
    std::optional<std::string> m_progress_problem;

    std::optional<AuthorFile> m_author;
};

}  // namespace rapport::gui
