// Shared CLI helpers (see cli_common.hpp).
#include <sys/resource.h>

#include <unistd.h>
#include <cstdio>
#include <cstring>

#include "cli_common.hpp"

#include "settings.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>

namespace rapport::cli {

Args::Args(int argc, char** argv, int first) : m_i(0) {
    for (int i = first; i < argc; ++i)
        m_args.emplace_back(argv[i]);
}

bool Args::is_flag() const {
    return m_args[m_i].size() > 1 && m_args[m_i][0] == '-';
}

std::string Args::flag() const {
    const std::string& a = m_args[m_i];
    const auto eq = a.find('=');
    return eq == std::string::npos ? a : a.substr(0, eq);
}

std::string Args::value() {
    const std::string a = m_args[m_i++];
    const auto eq = a.find('=');
    if (eq != std::string::npos) return a.substr(eq + 1);
    if (m_i >= m_args.size()) throw UsageError{a + " needs a value"};
    return m_args[m_i++];
}

std::string Args::take() {
    return m_args[m_i++];
}

int emit_output(const std::string& output, std::string_view text) {
    if (output.empty()) {
        std::cout << text;
    } else if (auto err = write_file(output, text)) {
        std::cerr << "rapport: " << *err << "\n";
        return exit_problems;
    }
    return exit_ok;
}

void check_not_an_input(const std::string& output, const std::vector<std::string>& inputs) {
    std::error_code ec;
    for (const auto& input : inputs)
        if (!input.empty() && std::filesystem::equivalent(output, input, ec))
            throw UsageError{"refusing to write to " + output + ": it is the input file " + input};
}

std::uint64_t parse_count(const std::string& option, const std::string& text) {
    std::uint64_t v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc{} || res.ptr != text.data() + text.size() || v == 0)
        throw UsageError{option + " takes a whole number above 0, not '" + text + "'"};
    return v;
}

std::vector<std::string> read_said_lines(const std::string& option, const std::string& path) {
    Diagnostics d;
    const auto bytes = read_file(path, d, 16u << 20);
    if (!bytes) throw UsageError{option + ": " + format_diagnostics(d)};
    std::vector<std::string> lines;
    std::string line;
    for (const char c : *bytes) {
        if (c == '\n') {
            lines.push_back(std::move(line));
            line.clear();
        } else if (c != '\r') {
            line.push_back(c);
        }
    }
    if (!line.empty()) lines.push_back(std::move(line));
    return lines;
}

bool parse_text_or_json(const std::string& value) {
    if (value != "text" && value != "json")
        throw UsageError{"--format takes text or json, not '" + value + "'"};
    return value == "json";
}

std::uint64_t parse_seed(const std::string& text) {
    std::uint64_t v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc{} || res.ptr != text.data() + text.size())
        throw UsageError{"--seed takes a whole number from 0 to 18446744073709551615, not '" +
                         text + "'"};
    return v;
}

std::vector<int> parse_choices(const std::string& text) {
    std::vector<int> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::string part =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        int v = 0;
        const auto res = std::from_chars(part.data(), part.data() + part.size(), v);
        if (part.empty() || res.ec != std::errc{} || res.ptr != part.data() + part.size() || v < 1)
            throw UsageError{
                "--choose takes response numbers from 1 separated by commas, e.g. 1,3,2; '" + part +
                "' is not one"};
        out.push_back(v);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::filesystem::path data_dir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("RAPPORT_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = (exe.parent_path() / RAPPORT_BIN_TO_DATA).lexically_normal();
        if (fs::exists(installed / "assets" / "skills.yaml", ec)) return installed;
    }
    return RAPPORT_SOURCE_DIR;
}

std::filesystem::path default_scenario_path() {
    return data_dir() / "scenarios" / "first-session.yaml";
}

std::optional<SkillCatalogue> load_catalogue() {
    const auto path = (data_dir() / "assets" / "skills.yaml").string();
    auto loaded = load_skill_catalogue(path);
    if (loaded.diagnostics.has_errors()) {
        std::cerr << format_diagnostics(loaded.diagnostics);
        std::cerr << "rapport: the skill catalogue could not be loaded (set RAPPORT_DATA_DIR to "
                     "the folder "
                     "holding assets/ and scenarios/)\n";
        return std::nullopt;
    }
    return std::move(loaded.catalogue);
}

namespace {
std::string& step_text() {
    static std::string current;  // one process, one command: the CLI's only state of its kind
    return current;
}
}  // namespace

Step::Step(std::string what) : m_previous(std::move(step_text())) {
    step_text() = std::move(what);
}

Step::~Step() {
    step_text() = std::move(m_previous);
}

const std::string& Step::current() {
    return step_text();
}

void report_out_of_memory(const char* command) {
    // Memory is exhausted: nothing here allocates (fixed buffers, write(2)).
    char limit_words[160];
    rlimit limit{};
    if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        std::snprintf(limit_words, sizeof limit_words,
                      ": this process may use at most %llu MiB (ulimit -v); raise that limit, or "
                      "make the input smaller\n",
                      static_cast<unsigned long long>(limit.rlim_cur >> 20));
    else
        std::snprintf(limit_words, sizeof limit_words,
                      ": the input needs more memory than this machine has free; close other "
                      "programs, or make the input smaller\n");
    auto put = [](const char* text) { (void)!::write(2, text, std::strlen(text)); };
    put("rapport: out of memory while ");
    if (Step::current().empty()) {
        put("running `rapport ");
        put(command);
        put("`");
    } else {
        put(Step::current().c_str());
    }
    put(limit_words);
}

std::optional<SavedSession> read_session_file(const std::string& path) {
    const Step step("reading the session file " + path);
    Diagnostics d;
    std::optional<SavedSession> saved = load_saved_session(path, d);
    if (!saved) std::cerr << format_diagnostics(d);
    return saved;
}

std::string wrap(std::string_view raw, std::size_t width, std::string_view indent) {
    // Everything wrapped is for the terminal, and much of it comes from files.
    const std::string safe = terminal_safe(raw);
    const std::string_view text = safe;
    std::string out;
    std::string line(indent);
    std::size_t line_len = indent.size();
    auto chars = [](std::string_view w) {
        std::size_t n = 0;
        for (const char c : w)
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
        return n;
    };
    std::size_t i = 0;
    bool first_word = true;
    while (i < text.size()) {
        if (text[i] == '\n') {
            out += line + "\n";
            line = std::string(indent);
            line_len = indent.size();
            first_word = true;
            ++i;
            continue;
        }
        if (text[i] == ' ' || text[i] == '\t') {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n' && text[j] != '\t')
            ++j;
        const std::string_view word = text.substr(i, j - i);
        const std::size_t wl = chars(word);
        if (!first_word && line_len + 1 + wl > width) {
            out += line + "\n";
            line = std::string(indent);
            line_len = indent.size();
            first_word = true;
        }
        if (!first_word) {
            line += ' ';
            ++line_len;
        }
        line += word;
        line_len += wl;
        first_word = false;
        i = j;
    }
    if (!first_word || out.empty()) out += line;
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

std::filesystem::path analysis_cache_dir() {
    return gui::xdg_paths().cache;
}

LoadOptions play_load_options(ReportAnalysis& into) {
    const AnalysisOptions bounds = report_analysis_options();
    LoadOptions options;
    options.exploration_time = bounds.time_budget;
    options.exploration_memory = bounds.memory_budget;
    options.explored_before = [&into](const Scenario& s) {
        into.cached = AnalysisCache(analysis_cache_dir()).read(s);
        return into.cached.has_value();
    };
    return options;
}

const Analysis& ReportAnalysis::get(const ScenarioLoad& load) {
    if (!analysis && !cached && load.analysis) analysis = load.analysis;
    return get(load.scenario);
}

const Analysis& ReportAnalysis::get(const std::shared_ptr<const Scenario>& scenario) {
    if (analysis) return *analysis;
    if (!cached) cached = AnalysisCache(analysis_cache_dir()).read(*scenario);
    if (cached)
        analysis = std::make_shared<const Analysis>(
            Analysis::from_summary(scenario, std::move(*cached), report_analysis_options()));
    else
        analysis =
            std::make_shared<const Analysis>(Analysis::run(scenario, report_analysis_options()));
    cached.reset();
    return *analysis;
}

void ReportAnalysis::save() const {
    if (!analysis) return;
    if (const auto problem = AnalysisCache(analysis_cache_dir()).write(*analysis))
        std::cerr << "rapport: warning: cannot keep the analysis cache: " << *problem << "\n";
}

}  // namespace rapport::cli
