// The window's drills and progress: the banks (shipped and the user's), items from the library's
// scenarios, the running drill session with its timing, every answer written to the progress
// database at once, and the figures of the Progress screen. No ImGui (tested without a display).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_model.hpp"
#include "rapport/drill.hpp"
#include "rapport/drill_session.hpp"
#include "rapport/progress.hpp"
#include "rapport/report.hpp"

namespace rapport::gui {

struct DrillSetup {
    DrillMode mode = DrillMode::Tutor;
    int count = 10;
    std::string topic;  // empty: all
    bool from_scenarios = false;
    bool all = false;  // ask items even if not due
    double retention = 0.9;
    int time_limit_minutes = 0;  // exam countdown; 0 for none
};

struct ProgressView {
    std::vector<SessionRecord> sessions;
    std::vector<TopicAccuracy> accuracy;
    std::vector<Leech> leeches;
    int due_now = 0, due_tomorrow = 0, due_week = 0;
    std::int64_t answers = 0;
};

// Every bank item as a link the report's debrief can give (one per item and topic).
[[nodiscard]] std::vector<DrillLink> drill_links(
    const std::vector<std::shared_ptr<const DrillBank>>& banks);

class DrillModel {
public:
    DrillModel(Paths paths, std::filesystem::path shipped_drills);

    // Loads the banks (shipped drills/ and $XDG_DATA_HOME/rapport/drills/); problems are kept.
    void load_banks();
    // Loads the banks on first use (the Drills and Progress screens), not at startup.
    void ensure_loaded() {
        if (!m_loaded) load_banks();
    }
    [[nodiscard]] const std::vector<std::shared_ptr<const DrillBank>>& banks() const {
        return m_banks;
    }
    [[nodiscard]] const Diagnostics& bank_problems() const { return m_problems; }
    // What a report may link to: the banks' items (loads the banks on first use).
    [[nodiscard]] ReportOptions report_options() {
        ensure_loaded();
        return ReportOptions{drill_links(m_banks)};
    }
    [[nodiscard]] std::vector<DrillTopic> topics() const;  // of the banks, plus scenario topics
    [[nodiscard]] std::string topic_label(const std::string& id) const;
    // Items made from the library's scenarios (computed once per scenario).
    void add_scenario_items(AppModel& library);

    // How many items a drill with this setup would ask (due first, then new).
    [[nodiscard]] int available(const DrillSetup& setup);
    // Starts a drill; error message on failure (the database cannot be opened...).
    std::optional<std::string> start(const DrillSetup& setup, std::uint64_t seed,
                                     double now_seconds);
    [[nodiscard]] bool running() const { return m_session.has_value(); }
    [[nodiscard]] const DrillSession& session() const { return *m_session; }
    [[nodiscard]] const DrillSetup& setup() const { return m_setup; }
    // Answers the current item at these positions; records it at once. Error message on failure.
    std::optional<std::string> answer(const std::vector<std::size_t>& positions,
                                      double now_seconds);
    [[nodiscard]] const std::optional<DrillAnswer>& last_answer() const { return m_last; }
    [[nodiscard]] int next_interval_days() const { return m_next_interval; }
    [[nodiscard]] bool last_is_leech() const { return m_last_leech; }
    // Seconds left in an exam with a countdown (nullopt without one).
    [[nodiscard]] std::optional<double> seconds_left(double now_seconds) const;
    // Ends the drill early (time up or stopped): answered items are already recorded.
    void stop() { m_stopped = true; }
    [[nodiscard]] bool over() const { return m_session && (m_session->finished() || m_stopped); }
    void close();

    // The Progress screen's figures (null and a message when there is no database yet). Read
    // again only when the database file changes, not every frame.
    [[nodiscard]] const ProgressView* progress(std::string& problem);

private:
    std::vector<DrillItem> pool(const DrillSetup& setup) const;
    // The progress database, opened on first use; an error message when it cannot be.
    std::optional<std::string> open_store();
    [[nodiscard]] static std::optional<ProgressView> read_progress(const std::string& path,
                                                                   std::string& problem);

    // Item schedules, read when a drill starts (or first needed) and kept up to date by answer().
    std::optional<std::map<std::string, ItemSchedule>> m_schedules;
    // The Progress screen's figures and the database file state they were read at.
    std::optional<ProgressView> m_view;
    std::string m_view_problem;
    std::string m_view_stamp = "none";

    Paths m_paths;
    std::filesystem::path m_shipped;
    std::vector<std::shared_ptr<const DrillBank>> m_banks;
    Diagnostics m_problems;
    bool m_loaded = false;
    std::vector<DrillItem> m_scenario_items;
    std::vector<DrillTopic> m_scenario_topics;

    DrillSetup m_setup;
    std::optional<DrillSession> m_session;
    std::optional<ProgressStore> m_store;
    std::optional<Fsrs> m_fsrs;
    double m_shown_at = 0, m_started_at = 0;
    std::string m_drill_id;
    std::optional<DrillAnswer> m_last;
    int m_next_interval = 0;
    bool m_last_leech = false;
    bool m_stopped = false;
};

}  // namespace rapport::gui
