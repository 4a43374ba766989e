// The window's drills and progress (see drill_model.hpp).
#include "drill_model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace rapport::gui {

namespace fs = std::filesystem;

std::vector<DrillLink> drill_links(const std::vector<std::shared_ptr<const DrillBank>>& banks) {
    std::vector<DrillLink> out;
    for (const auto& b : banks)
        for (const auto& item : b->items)
            for (const auto& topic : item.topics)
                out.push_back({topic, item.id, item.stem});
    return out;
}

DrillModel::DrillModel(Paths paths, fs::path shipped_drills)
    : m_paths(std::move(paths)), m_shipped(std::move(shipped_drills)) {}

void DrillModel::load_banks() {
    m_loaded = true;
    m_banks.clear();
    m_problems = Diagnostics{};
    std::vector<std::string> files;
    for (const fs::path& dir : {m_shipped, m_paths.data / "drills"}) {
        std::error_code ec;
        std::vector<std::string> found;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".yaml" || it->path().extension() == ".yml")
                found.push_back(it->path().string());
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    for (const auto& f : files) {
        DrillBankLoad load = load_drill_bank(f);
        m_problems.append(load.diagnostics);
        if (load.bank) m_banks.push_back(load.bank);
    }
}

void DrillModel::add_scenario_items(AppModel& library) {
    if (!m_scenario_items.empty()) return;
    for (const auto& e : library.library()) {
        if (!e.scenario) continue;
        const auto analysis = library.analysis_for(e.scenario);
        auto items = drill_items_from_scenario(*e.scenario, *analysis);
        if (items.empty()) continue;
        m_scenario_topics.push_back({"scenario:" + e.scenario->id, "From " + e.scenario->title});
        m_scenario_items.insert(m_scenario_items.end(), items.begin(), items.end());
    }
}

std::vector<DrillTopic> DrillModel::topics() const {
    std::vector<DrillTopic> out;
    for (const auto& b : m_banks)
        for (const auto& t : b->topics)
            if (std::none_of(out.begin(), out.end(),
                             [&](const DrillTopic& x) { return x.id == t.id; }))
                out.push_back(t);
    out.insert(out.end(), m_scenario_topics.begin(), m_scenario_topics.end());
    return out;
}

std::string DrillModel::topic_label(const std::string& id) const {
    for (const auto& t : topics())
        if (t.id == id && !t.label.empty()) return t.label;
    // No label (a scenario's topic, a topic no bank describes): words from the id, never the id.
    std::string s = id.rfind("scenario:", 0) == 0 ? id.substr(9) : id;
    for (char& c : s)
        if (c == '_' || c == '-' || c == ':' || c == '/') c = ' ';
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::vector<DrillItem> DrillModel::pool(const DrillSetup& setup) const {
    std::vector<DrillItem> items;
    for (const auto& b : m_banks)
        items.insert(items.end(), b->items.begin(), b->items.end());
    if (setup.from_scenarios)
        items.insert(items.end(), m_scenario_items.begin(), m_scenario_items.end());
    if (!setup.topic.empty())
        std::erase_if(items, [&](const DrillItem& i) {
            return std::find(i.topics.begin(), i.topics.end(), setup.topic) == i.topics.end();
        });
    return items;
}

std::optional<std::string> DrillModel::open_store() {
    if (m_store) return std::nullopt;
    auto opened = ProgressStore::open(m_paths.progress_db().string());
    if (auto* err = std::get_if<std::string>(&opened)) return *err;
    m_store.emplace(std::move(std::get<ProgressStore>(opened)));
    return std::nullopt;
}

int DrillModel::available(const DrillSetup& setup) {
    const auto items = pool(setup);
    if (setup.all)
        return static_cast<int>(
            std::min<std::size_t>(items.size(), static_cast<std::size_t>(setup.count)));
    if (open_store()) return 0;
    try {
        if (!m_schedules) m_schedules = m_store->schedules();
    } catch (const ProgressError&) {
        return 0;  // start() says why
    }
    return static_cast<int>(
        select_due(items, *m_schedules, days_now(), static_cast<std::size_t>(setup.count)).size());
}

std::optional<std::string> DrillModel::start(const DrillSetup& setup, std::uint64_t seed,
                                             double now_seconds) {
    if (auto err = open_store()) return err;
    try {
        m_schedules = m_store->schedules();  // another program (rapport drill) may have answered
    } catch (const ProgressError& e) {
        return std::string(e.what());
    }
    const auto items = pool(setup);
    std::vector<DrillItem> chosen;
    if (setup.all)
        chosen = take_in_turns(items, static_cast<std::size_t>(setup.count));
    else
        chosen = select_due(items, *m_schedules, days_now(), static_cast<std::size_t>(setup.count));
    if (chosen.empty())
        return "nothing is due and there are no new items; tick \"Ask even if not due\"";
    FsrsParameters p;
    p.desired_retention = setup.retention;
    m_fsrs.emplace(p);
    m_setup = setup;
    m_session.emplace(std::move(chosen), setup.mode, seed);
    m_shown_at = m_started_at = now_seconds;
    m_drill_id = now_iso8601(true) + "-" + std::to_string(seed % 100000);
    m_last.reset();
    m_stopped = false;
    return std::nullopt;
}

std::optional<std::string> DrillModel::answer(const std::vector<std::size_t>& positions,
                                              double now_seconds) {
    if (!m_session || over()) return "no question";
    auto a = m_session->answer(positions, now_seconds - m_shown_at);
    if (!a) return "not one of the options";
    const DrillItem& item = m_session->items()[a->item];
    auto recorded = m_store->record_answer(*m_fsrs, item, *a, m_setup.mode, m_drill_id);
    m_last = a;
    m_shown_at = now_seconds;
    if (auto* err = std::get_if<std::string>(&recorded)) return *err;
    const ItemSchedule& after = std::get<ItemSchedule>(recorded);
    if (m_schedules) (*m_schedules)[item.key()] = after;
    m_next_interval = m_fsrs->next_interval(after.memory.stability);
    m_last_leech = after.lapses >= leech_lapses;
    return std::nullopt;
}

std::optional<double> DrillModel::seconds_left(double now_seconds) const {
    if (!m_session || m_setup.mode != DrillMode::Exam || m_setup.time_limit_minutes <= 0)
        return std::nullopt;
    return std::max(0.0, m_started_at + m_setup.time_limit_minutes * 60.0 - now_seconds);
}

void DrillModel::close() {
    m_session.reset();
    m_last.reset();
    m_stopped = false;
}

const ProgressView* DrillModel::progress(std::string& problem) {
    const std::string path = m_paths.progress_db().string();
    // The file and its write-ahead log as they are now: a write changes one or the other.
    std::string stamp;
    for (const std::string& f : {path, path + "-wal"}) {
        std::error_code ec1, ec2;
        const auto t = fs::last_write_time(f, ec1);
        const auto size = fs::file_size(f, ec2);
        stamp += ec1 || ec2 ? std::string("-;")
                            : std::to_string(t.time_since_epoch().count()) + ":" +
                                  std::to_string(size) + ";";
    }
    if (stamp != m_view_stamp) {
        m_view_stamp = stamp;
        m_view.reset();
        m_view_problem.clear();
        m_view = read_progress(path, m_view_problem);
    }
    problem = m_view_problem;
    return m_view ? &*m_view : nullptr;
}

std::optional<ProgressView> DrillModel::read_progress(const std::string& path,
                                                      std::string& problem) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        problem = "No progress yet: finish a session or answer a drill, and it appears here.";
        return std::nullopt;
    }
    auto opened = ProgressStore::open_read_only(path);
    if (auto* err = std::get_if<std::string>(&opened)) {
        problem = *err;
        return std::nullopt;
    }
    const ProgressStore& s = std::get<ProgressStore>(opened);
    ProgressView v;
    try {
        s.verify();
        v.sessions = s.sessions();
        v.accuracy = s.accuracy_by_topic();
        v.leeches = s.leeches();
        const double now = days_now(), today = std::floor(now);
        v.due_now = s.due_count(now);
        v.due_tomorrow = s.due_count(today + 2);
        v.due_week = s.due_count(today + 8);
        v.answers = s.answer_count();
    } catch (const ProgressError& e) {
        problem = e.what();  // shown instead of a partial view
        return std::nullopt;
    }
    return v;
}

}  // namespace rapport::gui
