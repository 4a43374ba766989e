// The window's model (see app_model.hpp).
#include "app_model.hpp"

#include "rapport/analysis_cache.hpp"
#include "rapport/branch.hpp"

#include "rapport/output.hpp"
#include "rapport/progress.hpp"
#include "rapport/testing.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <system_error>

namespace rapport::gui {

namespace fs = std::filesystem;

namespace {

// Scenario files directly in `folder` (not skill catalogues, not test plans), sorted by name.
std::vector<std::string> yaml_files(const fs::path& folder) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return out;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        const std::string ext = p.extension().string();
        if ((ext == ".yaml" || ext == ".yml") && !is_test_plan_path(p.string()) &&
            it->is_regular_file(ec))
            out.push_back(fs::absolute(p).lexically_normal().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string absolute_path(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    return (ec ? fs::path(path) : p).lexically_normal().string();
}

}  // namespace

const char* origin_name(Origin o) {
    switch (o) {
        case Origin::Shipped:
            return "shipped";
        case Origin::User:
            return "yours";
        case Origin::CommandLine:
            return "command line";
    }
    return "";
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool requires_essential(const Scenario& s, const std::string& id) {
    return std::any_of(s.required_essentials.begin(), s.required_essentials.end(),
                       [&](int i) { return s.essentials[static_cast<std::size_t>(i)].id == id; });
}

}  // namespace

std::string library_group(const LibraryEntry& e) {
    if (e.origin == Origin::CommandLine) return "Opened from the command line";
    if (!e.scenario) return "Files with errors";
    if (e.scenario->setting.country.empty()) return "Setting not given";
    return e.scenario->setting.country;
}

bool library_matches(const LibraryEntry& e, const LibraryFilter& f) {
    if (!f.country.empty() && (!e.scenario || lower(e.scenario->setting.country) != f.country))
        return false;
    if (!f.essential.empty() && (!e.scenario || !requires_essential(*e.scenario, f.essential)))
        return false;
    if (!f.tag.empty()) {
        if (!e.scenario) return false;
        const auto& tags = e.scenario->tags;
        if (std::find(tags.begin(), tags.end(), f.tag) == tags.end()) return false;
    }
    const std::string q = lower(f.search);
    if (q.empty()) return true;
    std::string hay = lower(e.title()) + " " + lower(e.path);
    if (e.scenario) {
        const Scenario& s = *e.scenario;
        hay += " " + lower(s.summary) + " " + lower(s.client.name) + " " +
               lower(s.client.presenting_concern) + " " + lower(setting_label(s.setting));
        for (const auto& t : s.tags)
            hay += " " + lower(t);
        for (int i : s.required_essentials)
            hay += " " + lower(s.essentials[static_cast<std::size_t>(i)].label);
    }
    return hay.find(q) != std::string::npos;
}

LibraryFacets library_facets(const std::vector<LibraryEntry>& lib) {
    LibraryFacets out;
    const auto count = [](std::vector<LibraryFacet>& list, const std::string& value,
                          const std::string& label) {
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const LibraryFacet& f) { return f.value == value; });
        if (it == list.end())
            list.push_back({value, label, 1});
        else
            ++it->count;
    };
    for (const auto& e : lib) {
        if (!e.scenario) continue;
        const Scenario& s = *e.scenario;
        if (!s.setting.country.empty())
            count(out.countries, lower(s.setting.country), s.setting.country);
        for (int i : s.required_essentials) {
            const Essential& x = s.essentials[static_cast<std::size_t>(i)];
            count(out.essentials, x.id, x.label);
        }
    }
    return out;
}

LibraryView library_view(const std::vector<LibraryEntry>& lib, const LibraryFilter& f) {
    LibraryView view;
    for (std::size_t i = 0; i < lib.size(); ++i)
        if (library_matches(lib[i], f)) view.entries.push_back(static_cast<int>(i));
    std::vector<std::string> groups;
    for (int i : view.entries) {
        const std::string g = library_group(lib[static_cast<std::size_t>(i)]);
        if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    }
    view.grouped = f.country.empty() && groups.size() > 1;
    if (view.grouped) {
        const auto rank = [&](int i) {
            return std::find(groups.begin(), groups.end(),
                             library_group(lib[static_cast<std::size_t>(i)])) -
                   groups.begin();
        };
        std::stable_sort(view.entries.begin(), view.entries.end(),
                         [&](int a, int b) { return rank(a) < rank(b); });
    }
    return view;
}

std::string LibraryEntry::title() const {
    if (scenario && !scenario->title.empty()) return scenario->title;
    return fs::path(path).filename().string();
}

int LibraryEntry::errors() const {
    return static_cast<int>(diagnostics.error_count());
}

int LibraryEntry::warnings() const {
    return static_cast<int>(diagnostics.warning_count());
}

AppModel::AppModel(Paths paths, SkillCatalogue catalogue, fs::path shipped_scenarios,
                   std::vector<std::string> command_line_files)
    : m_paths(std::move(paths)),
      m_catalogue(std::move(catalogue)),
      m_shipped(std::move(shipped_scenarios)),
      m_command_line(std::move(command_line_files)) {
    for (auto& f : m_command_line)
        f = absolute_path(f);
}

void AppModel::refresh_library(bool explore) {
    std::vector<std::pair<std::string, Origin>> files;
    for (const auto& f : m_command_line)
        files.emplace_back(f, Origin::CommandLine);
    for (const auto& f : yaml_files(m_shipped))
        files.emplace_back(f, Origin::Shipped);
    for (const auto& f : yaml_files(m_paths.user_scenarios()))
        files.emplace_back(f, Origin::User);

    std::vector<LibraryEntry> library;
    for (const auto& [path, origin] : files) {
        if (std::any_of(library.begin(), library.end(),
                        [&](const LibraryEntry& e) { return e.path == path; }))
            continue;
        LibraryEntry e;
        e.path = path;
        e.origin = origin;
        LoadOptions options;
        options.explore = explore;
        ScenarioLoad load = load_scenario(path, m_catalogue, options);
        e.scenario = std::move(load.scenario);
        e.diagnostics = std::move(load.diagnostics);
        library.push_back(std::move(e));
    }
    // Command-line files first, then by difficulty (beginner first) and title.
    std::stable_sort(library.begin(), library.end(),
                     [](const LibraryEntry& a, const LibraryEntry& b) {
                         if ((a.origin == Origin::CommandLine) != (b.origin == Origin::CommandLine))
                             return a.origin == Origin::CommandLine;
                         const int da = a.scenario ? static_cast<int>(a.scenario->difficulty) : 3;
                         const int db = b.scenario ? static_cast<int>(b.scenario->difficulty) : 3;
                         if (da != db) return da < db;
                         return a.title() < b.title();
                     });
    m_library = std::move(library);
    refresh_saved();
}

AppModel::LibraryChecks AppModel::check_library(const std::vector<std::string>& paths,
                                                const SkillCatalogue& catalogue) {
    LibraryChecks out;
    for (const auto& p : paths) {
        // Off the window's thread (see gui.cpp), and bounded: a large scenario's play-state
        // checks stop after 2 s with a note rather than keep a core busy.
        LoadOptions options;
        options.exploration_time = std::chrono::seconds(2);
        options.exploration_memory = std::size_t{256} << 20;
        out.emplace_back(p, load_scenario(p, catalogue, options).diagnostics);
    }
    return out;
}

std::vector<std::string> AppModel::library_paths() const {
    std::vector<std::string> out;
    for (const auto& e : m_library)
        out.push_back(e.path);
    return out;
}

void AppModel::apply_checks(const LibraryChecks& checks) {
    for (const auto& [path, diags] : checks) {
        const auto idx = find_entry(path);
        if (!idx) continue;
        LibraryEntry& e = m_library[static_cast<std::size_t>(*idx)];
        e.diagnostics = diags;
        if (diags.has_errors()) e.scenario = nullptr;  // found by exploring: not playable
    }
}

std::optional<int> AppModel::find_entry(const std::string& path) const {
    const std::string want = absolute_path(path);
    for (std::size_t i = 0; i < m_library.size(); ++i)
        if (m_library[i].path == want) return static_cast<int>(i);
    return std::nullopt;
}

void AppModel::refresh_saved() {
    m_saved.clear();
    std::vector<std::pair<std::string, bool>> files;  // path, ended
    for (const bool ended : {false, true}) {
        const fs::path dir = ended ? m_paths.sessions() / "ended" : m_paths.sessions();
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".json") files.emplace_back(it->path().string(), ended);
    }
    // Newest first (names start with the time), wherever they are.
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        return fs::path(a.first).filename() > fs::path(b.first).filename();
    });
    for (const auto& [path, ended] : files) {
        SavedEntry e;
        e.path = path;
        e.ended = ended;
        Diagnostics diags;
        // At most max_session_file_bytes of each (a larger file is listed as a problem unread).
        std::optional<SavedSession> saved = load_saved_session(path, diags);
        if (!saved) {
            e.problem = diags.empty() ? "cannot be read" : diags.all().front().message;
            e.title = fs::path(path).filename().string();
            m_saved.push_back(std::move(e));
            continue;
        }
        e.saved = std::move(*saved);
        e.title = e.saved.scenario_id;
        const auto idx = find_entry(e.saved.scenario_path);
        if (idx && m_library[static_cast<std::size_t>(*idx)].scenario) {
            const auto& sc = m_library[static_cast<std::size_t>(*idx)].scenario;
            e.title = sc->title;
            Diagnostics rd;
            if (auto s = resume_session(e.saved, sc, path, rd)) {
                e.finished = s->finished();
                e.score = s->score();
                if (const Ending* end = s->ending()) {
                    e.ending = end->title;
                    e.grade = end->grade;
                    e.outcome = std::string(outcome_name(end->outcome));
                }
            } else
                e.problem = rd.empty() ? "cannot be resumed" : rd.all().front().message;
        } else {
            e.problem = "its scenario " + e.saved.scenario_path + " is not in the library";
        }
        m_saved.push_back(std::move(e));
    }
}

std::shared_ptr<const Analysis> AppModel::analysis_for(
    const std::shared_ptr<const Scenario>& scenario) {
    prefetch_analysis(scenario);
    for (const auto& [s, a] : m_analyses)
        if (s == scenario) return a.get();
    return nullptr;  // not reached: prefetch_analysis added it
}

void AppModel::prefetch_analysis(const std::shared_ptr<const Scenario>& scenario) {
    for (const auto& [s, a] : m_analyses)
        if (s == scenario) return;
    // Keep a few: the library's scenarios and the author's latest versions.
    if (m_analyses.size() >= 8) m_analyses.erase(m_analyses.begin());
    m_analyses.emplace_back(
        scenario,
        std::async(std::launch::async, [scenario, cancel = m_cancel, cache = m_paths.cache] {
            // Bounded like every front end's report; from the analysis cache when it holds this
            // version (computed once per version, reused across sessions).
            AnalysisOptions options = report_analysis_options();
            options.cancel = cancel.get();
            if (auto cached = cache.empty() ? std::nullopt : AnalysisCache(cache).read(*scenario))
                return std::make_shared<const Analysis>(
                    Analysis::from_summary(scenario, std::move(*cached), options));
            return std::make_shared<const Analysis>(Analysis::run(scenario, options));
        }).share());
}

std::string AppModel::new_record_path(const Scenario& scenario) const {
    const std::string stem = now_iso8601(true) + "-" + scenario.id;
    fs::path p = m_paths.sessions() / (stem + ".json");
    std::error_code ec;
    for (int i = 2; fs::exists(p, ec); ++i)
        p = m_paths.sessions() / (stem + "-" + std::to_string(i) + ".json");
    return p.string();
}

std::optional<std::string> AppModel::start(int entry, const std::string& mode, std::uint64_t seed,
                                           bool say_first) {
    if (entry < 0 || entry >= static_cast<int>(m_library.size())) return "no such scenario";
    const LibraryEntry& e = m_library[static_cast<std::size_t>(entry)];
    if (!e.scenario) return e.title() + " has errors; fix them first (see its diagnostics)";
    m_session.emplace(e.scenario, seed);
    m_session->set_say_first(say_first);
    index_for_say_first();
    prefetch_analysis(e.scenario);
    ++m_generation;
    m_mode = mode;
    m_author_try = false;
    m_report.reset();
    m_report_wanted = m_record_wanted = false;
    m_record_path = new_record_path(*e.scenario);
    m_session_id = new_session_id();
    m_started_at = now_iso8601();
    save_record();
    if (lock_record(m_record_path)) m_lock.reset();  // a new name: nobody else should have it
    return std::nullopt;
}

std::variant<Session, std::string> AppModel::replay(const SavedEntry& saved) const {
    if (!saved.problem.empty()) return saved.problem;
    const auto idx = find_entry(saved.saved.scenario_path);
    if (!idx || !m_library[static_cast<std::size_t>(*idx)].scenario)
        return "the scenario " + saved.saved.scenario_path + " cannot be loaded";
    Diagnostics diags;
    auto session = resume_session(saved.saved, m_library[static_cast<std::size_t>(*idx)].scenario,
                                  saved.path, diags);
    if (!session) return diags.empty() ? "cannot be resumed" : format_diagnostics(diags);
    return std::move(*session);
}

std::optional<std::string> AppModel::resume(const SavedEntry& saved) {
    if (saved.ended) return "this session was ended before its end; it cannot be resumed";
    auto replayed = replay(saved);
    if (auto* err = std::get_if<std::string>(&replayed)) return *err;
    if (auto err = lock_record(saved.path)) return err;
    m_session.emplace(std::move(std::get<Session>(replayed)));
    index_for_say_first();
    prefetch_analysis(m_session->scenario_ptr());
    ++m_generation;
    m_mode = saved.saved.mode;
    m_author_try = false;
    m_record_path = saved.path;
    m_session_id = session_id_of(saved.saved);
    m_started_at = saved.saved.saved_at;
    m_record_problem.reset();
    m_report.reset();
    m_report_wanted = m_record_wanted = false;
    // A finished session is recorded when its report is built: again on resume, in case the window
    // closed before (the record keeps one row per session, so this never counts it twice).
    if (m_session->finished()) {
        m_record_wanted = true;
        request_report();
    }
    return std::nullopt;
}

std::optional<std::string> AppModel::start_from(const std::shared_ptr<const Scenario>& scenario,
                                                int node, const std::vector<int>& values,
                                                std::uint64_t seed) {
    if (!scenario) return "the scenario has errors";
    if (node < 0 || node >= static_cast<int>(scenario->nodes.size())) return "no such node";
    m_session.emplace(scenario, seed, branch_state(*scenario, node, values));
    m_similarity.reset();
    prefetch_analysis(scenario);
    ++m_generation;
    m_mode = "practice";
    m_author_try = true;
    m_record_path.clear();
    m_lock.reset();
    m_record_problem.reset();
    m_report.reset();
    m_report_wanted = m_record_wanted = false;
    return std::nullopt;
}

std::optional<std::string> AppModel::lock_record(const std::string& path) {
    m_lock.reset();  // ours first: resuming the session already open takes its lock again
    auto taken = FileLock::acquire(path);
    if (auto* err = std::get_if<std::string>(&taken)) return *err;
    m_lock.emplace(std::move(std::get<FileLock>(taken)));
    return std::nullopt;
}

void AppModel::save_record() {
    if (!m_session || m_record_path.empty()) return;
    std::error_code ec;
    fs::create_directories(fs::path(m_record_path).parent_path(), ec);
    SavedSession saved = to_saved(*m_session, m_mode, now_iso8601());
    saved.session_id = m_session_id;
    m_record_problem = write_file(m_record_path, saved_session_json(saved));
}

void AppModel::index_for_say_first() {
    m_similarity.reset();
    if (m_session && m_session->say_first())
        m_similarity.emplace(SimilarityIndex::for_scenario(m_session->scenario()));
}

int AppModel::suggestion(std::string_view typed) const {
    // In an exam nothing is marked: the choice is the trainee's alone.
    if (!m_session || !m_similarity || exam()) return -1;
    return suggested_option(*m_similarity, *m_session, typed);
}

bool AppModel::choose(std::size_t position, std::optional<Said> said) {
    if (!m_session || !m_session->choose(position, std::move(said))) return false;
    save_record();
    if (m_session->finished()) {
        // Finished sessions go into the progress database (not author tries), with their report.
        m_record_wanted = !m_author_try;
        request_report();
    }
    return true;
}

void AppModel::record_finished() {
    auto opened = ProgressStore::open(m_paths.progress_db().string());
    if (auto* err = std::get_if<std::string>(&opened)) {
        m_progress_problem = *err;
    } else {
        SessionRecord r =
            session_record(*m_session, *m_report, m_started_at, now_iso8601(), m_session_id);
        m_progress_problem = std::get<ProgressStore>(opened).add_session(r);
    }
}

void AppModel::request_report() {
    if (!m_session) return;
    prefetch_analysis(m_session->scenario_ptr());
    m_report_wanted = true;
    poll_report();
}

bool AppModel::poll_report() {
    if (!m_report_wanted || !m_session) return false;
    for (const auto& [s, a] : m_analyses)
        if (s == m_session->scenario_ptr() &&
            a.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return false;
    build_report_now();
    m_report_wanted = false;
    if (m_record_wanted && m_report) record_finished();
    m_record_wanted = false;
    return true;
}

bool AppModel::can_undo() const {
    return m_session && !exam() && !m_session->finished() && !m_session->transcript().empty();
}

bool AppModel::undo() {
    if (!can_undo()) return false;
    m_session->undo_to(m_session->transcript().size() - 1);
    ++m_generation;
    save_record();
    return true;
}

std::optional<std::string> AppModel::replay_from(int turn) {
    if (!m_session) return "no session";
    const auto& t = m_session->transcript();
    if (turn < 1 || turn > static_cast<int>(t.size())) return "no such turn";
    Session copy = *m_session;
    copy.undo_to(static_cast<std::size_t>(turn - 1));
    m_session.emplace(std::move(copy));
    ++m_generation;
    m_mode = "practice";  // everything is revealed already
    m_report.reset();
    m_report_wanted = m_record_wanted = false;
    if (!m_author_try) {
        m_record_path = new_record_path(m_session->scenario());
        m_session_id = new_session_id();  // a new play-through from here
        save_record();
        if (lock_record(m_record_path)) m_lock.reset();
    }
    return std::nullopt;
}

std::optional<std::string> AppModel::abandon(const SavedEntry& saved) {
    auto replayed = replay(saved);
    if (auto* err = std::get_if<std::string>(&replayed)) return *err;
    const auto session = &std::get<Session>(replayed);
    if (session->finished() || saved.ended) return "this session has ended";
    auto held = FileLock::acquire(saved.path);  // not while another process plays it
    if (auto* err = std::get_if<std::string>(&held)) return *err;
    const auto analysis = analysis_for(session->scenario_ptr());
    const Report report = build_report(*session, *analysis, saved.saved.mode, report_options());
    auto opened = ProgressStore::open(m_paths.progress_db().string());
    if (auto* err = std::get_if<std::string>(&opened)) return *err;
    SessionRecord r = session_record(*session, report, saved.saved.saved_at, now_iso8601(),
                                     session_id_of(saved.saved));
    if (auto err = std::get<ProgressStore>(opened).add_session(r)) return err;
    std::error_code ec;
    const fs::path ended = m_paths.sessions() / "ended";
    fs::create_directories(ended, ec);
    fs::rename(saved.path, ended / fs::path(saved.path).filename(), ec);
    if (ec) return "recorded, but the session file could not be moved: " + ec.message();
    refresh_saved();
    return std::nullopt;
}

void AppModel::leave_session() {
    m_session.reset();
    m_similarity.reset();
    ++m_generation;
    m_report.reset();
    m_report_wanted = m_record_wanted = false;
    m_record_path.clear();
    m_lock.reset();
    m_record_problem.reset();
    m_author_try = false;
    refresh_saved();
}

void AppModel::build_report_now() {
    if (!m_session) return;
    const auto analysis = analysis_for(m_session->scenario_ptr());
    m_report = build_report(*m_session, *analysis, m_mode, report_options());
    // Keep what the report's outlooks worked out for the next session of this version; the cache
    // is only an optimisation, so a failure to write it changes nothing else.
    if (!m_paths.cache.empty()) (void)AnalysisCache(m_paths.cache).write(*analysis);
}

std::pair<std::string, std::optional<std::string>> AppModel::export_report(
    const std::string& format) {
    if (!m_report) return {"", "no report to export"};
    std::string text, ext;
    if (format == "markdown") {
        text = report_markdown(*m_report);
        ext = ".md";
    } else if (format == "html") {
        text = report_html(*m_report);
        ext = ".html";
    } else {
        text = report_json(*m_report);
        ext = ".json";
    }
    std::error_code ec;
    fs::create_directories(m_paths.reports(), ec);
    if (ec) return {"", m_paths.reports().string() + ": " + ec.message()};
    std::string stem = m_record_path.empty() ? now_iso8601(true) + "-" + m_report->scenario_id
                                             : fs::path(m_record_path).stem().string();
    const std::string path = (m_paths.reports() / (stem + ext)).string();
    return {path, write_file(path, text)};
}

std::optional<std::string> AppModel::open_author(const std::string& path) {
    std::error_code ec;
    const std::string abs = absolute_path(path);
    if (!fs::is_regular_file(abs, ec)) return abs + ": no such file";
    m_author.emplace();
    m_author->path = abs;
    const fs::path shipped = fs::path(absolute_path(m_shipped.string()));
    m_author->shipped = !m_shipped.empty() && fs::path(abs).parent_path() == shipped;
    load_author();
    return std::nullopt;
}

std::pair<std::string, std::optional<std::string>> AppModel::copy_to_user_scenarios() {
    if (!m_author) return {"", "no file is open"};
    const fs::path source = m_author->path;
    std::ifstream in(source, std::ios::binary);
    if (!in.is_open()) return {"", source.string() + ": cannot be read"};
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return {"", source.string() + ": cannot be read"};
    const fs::path folder = m_paths.user_scenarios();
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) return {"", folder.string() + ": " + ec.message()};
    const std::string stem = source.stem().string();
    const std::string ext = source.extension().string();
    for (int i = 1; i <= 999; ++i) {
        const fs::path target =
            folder / (i == 1 ? stem + ext : stem + "-" + std::to_string(i) + ext);
        // "x": created here or not at all, so an existing file (even one made a moment ago by
        // another program) is never overwritten.
        std::FILE* f = std::fopen(target.c_str(), "wbx");
        if (!f) {
            if (errno == EEXIST) continue;
            return {"", target.string() + ": " + std::strerror(errno)};
        }
        const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        if (std::fclose(f) != 0 || !written) {
            fs::remove(target, ec);
            return {"", target.string() + ": could not be written"};
        }
        const std::string path = absolute_path(target.string());
        if (auto err = open_author(path)) return {path, err};
        if (!find_entry(path)) {
            LibraryEntry e;
            e.path = path;
            e.origin = Origin::User;
            e.diagnostics = m_author->diagnostics;
            e.scenario = m_author->latest_loaded ? m_author->scenario : nullptr;
            m_library.push_back(std::move(e));
        }
        return {path, std::nullopt};
    }
    return {"", folder.string() + ": " + stem + ext + " and its numbered copies up to " + stem +
                    "-999" + ext + " all exist"};
}

std::string local_time_text(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm local{};
    if (!localtime_r(&tt, &local)) return "";
    char buf[32];
    return std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local) ? buf : "";
}

void AppModel::load_author() {
    AuthorFile& a = *m_author;
    std::error_code ec;
    a.mtime = fs::last_write_time(a.path, ec);
    a.size = fs::file_size(a.path, ec);
    ScenarioLoad load = load_scenario(a.path, m_catalogue);
    a.diagnostics = std::move(load.diagnostics);
    a.latest_loaded = load.scenario != nullptr;
    if (load.scenario) a.scenario = std::move(load.scenario);
    ++a.loads;
    a.loaded_at = std::chrono::system_clock::now();
    // The library shows the same file: keep it in step.
    if (const auto idx = find_entry(a.path)) {
        LibraryEntry& e = m_library[static_cast<std::size_t>(*idx)];
        e.diagnostics = a.diagnostics;
        e.scenario = a.latest_loaded ? a.scenario : nullptr;
    }
}

bool AppModel::poll_author() {
    if (!m_author) return false;
    std::error_code ec1, ec2;
    const auto mtime = fs::last_write_time(m_author->path, ec1);
    const auto size = fs::file_size(m_author->path, ec2);
    if (ec1 || ec2) {
        // Editors save by rename: the file may be missing for a moment. Keep what we have.
        return false;
    }
    if (mtime == m_author->mtime && size == m_author->size) return false;
    load_author();
    return true;
}

}  // namespace rapport::gui
