// `rapport report SESSION_FILE`: the end-of-session report for a saved (finished or abandoned)
// session, as text, Markdown, HTML or JSON.
#include <iostream>

#include "cli_common.hpp"
#include "rapport/report.hpp"

namespace rapport::cli {

namespace {

std::optional<Session> load_saved_session(const std::string& session_file,
                                          std::string scenario_file, std::string& mode) {
    const auto saved = read_session_file(session_file);
    if (!saved) return std::nullopt;
    Diagnostics d;
    if (scenario_file.empty()) scenario_file = saved->scenario_path;
    auto catalogue = load_catalogue();
    if (!catalogue) return std::nullopt;
    LoadOptions options;
    options.explore = false;
    const Step step("loading the scenario " + scenario_file);
    auto loaded = load_scenario(scenario_file, *catalogue, options);
    if (!loaded.scenario) {
        std::cerr << format_diagnostics(loaded.diagnostics);
        std::cerr << "rapport: cannot load the session's scenario " << scenario_file
                  << " (name it after the session file if it moved)\n";
        return std::nullopt;
    }
    auto session = resume_session(*saved, loaded.scenario, session_file, d);
    if (!session) {
        std::cerr << format_diagnostics(d);
        return std::nullopt;
    }
    mode = saved->mode;
    return session;
}

std::string render_report(const Session& session, const std::string& mode,
                          const std::string& format) {
    ReportAnalysis analysis;  // from the analysis cache, else a bounded run (then cached)
    const Report report =
        build_report(session, analysis.get(session.scenario_ptr()), mode, report_options());
    analysis.save();
    if (format == "markdown") return report_markdown(report);
    if (format == "html") return report_html(report);
    if (format == "json") return report_json(report);
    return report_text(report);
}

}  // namespace

int cmd_report(Args& args) {
    std::string session_file, scenario_file, format = "text", out_path;
    while (!args.done()) {
        if (!args.is_flag()) {
            if (session_file.empty())
                session_file = args.take();
            else if (scenario_file.empty())
                scenario_file = args.take();
            else
                throw UsageError{"report takes a session file and, optionally, its scenario file"};
            continue;
        }
        const std::string f = args.flag();
        if (f == "--format") {
            format = args.value();
            if (format != "text" && format != "markdown" && format != "html" && format != "json")
                throw UsageError{"--format takes text, markdown, html or json, not '" + format +
                                 "'"};
        } else if (f == "-o" || f == "--output") {
            out_path = args.value();
        } else {
            throw UsageError{"report: unknown option " + f + " (see rapport report --help)"};
        }
    }
    if (session_file.empty())
        throw UsageError{
            "report needs a session file saved with play --save (see rapport report --help)"};
    if (!out_path.empty()) check_not_an_input(out_path, {session_file, scenario_file});
    std::string mode;
    const auto session = load_saved_session(session_file, scenario_file, mode);
    if (!session) return exit_problems;
    const std::string text = render_report(*session, mode, format);
    return emit_output(out_path, text);
}

}  // namespace rapport::cli
