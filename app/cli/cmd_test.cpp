// `rapport test [PATH...]` (runs every test plan, NAME.tests.yaml, and prints each failed
// expectation at its position) and `rapport coverage SCENARIO` (what the plans or saved sessions
// reached: text, JSON, or the scenario graph with what they missed marked).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "rapport/analysis.hpp"
#include "rapport/testing.hpp"

namespace rapport::cli {

namespace {

namespace fs = std::filesystem;

nlohmann::json diagnostics_json(const Diagnostics& d) {
    return nlohmann::json::parse(diagnostics_to_json(d, -1));
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string percent(const Coverage::Count& c) {
    if (c.total == 0) return "";
    return " (" + std::to_string((c.reached * 100 + c.total / 2) / c.total) + "%)";
}

}  // namespace

int cmd_test(Args& args) {
    std::vector<std::string> inputs;
    bool json = false;
    while (!args.done()) {
        if (!args.is_flag()) {
            inputs.push_back(args.take());
            continue;
        }
        const std::string f = args.flag();
        if (f == "--format") {
            json = parse_text_or_json(args.value());
        } else {
            throw UsageError{"test: unknown option " + f + " (see rapport test --help)"};
        }
    }
    if (inputs.empty()) inputs.push_back((data_dir() / "scenarios").string());

    Diagnostics problems;  // inputs and plan files that cannot be run
    std::vector<std::string> plan_files, untested;
    for (const auto& input : inputs) {
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            std::vector<std::string> found, scenarios;
            for (fs::recursive_directory_iterator
                     it(input, fs::directory_options::skip_permission_denied, ec),
                 end;
                 !ec && it != end; it.increment(ec)) {
                if (!it->is_regular_file(ec)) continue;
                const std::string p = it->path().string();
                const std::string ext = it->path().extension().string();
                if (is_test_plan_path(p))
                    found.push_back(p);
                else if (ext == ".yaml" || ext == ".yml")
                    scenarios.push_back(p);
            }
            std::sort(found.begin(), found.end());
            std::sort(scenarios.begin(), scenarios.end());
            if (found.empty())
                problems.error("RP610", {input, 0, 0},
                               "folder holds no test plan files (NAME.tests.yaml)");
            for (const auto& sc : scenarios)
                if (!fs::exists(plans_path_for_scenario(sc), ec) && sc.find("/.") == sc.npos)
                    untested.push_back(sc);
            plan_files.insert(plan_files.end(), found.begin(), found.end());
        } else if (!fs::exists(input, ec)) {
            problems.error("RP001", {input, 0, 0}, "no such file or folder");
        } else if (is_test_plan_path(input)) {
            plan_files.push_back(input);
        } else {
            const std::string plans = plans_path_for_scenario(input);
            if (fs::exists(plans, ec))
                plan_files.push_back(plans);
            else
                problems.error("RP610", {input, 0, 0},
                               "this scenario has no test plan file: write " + plans +
                                   " (docs/test-plans.md)");
        }
    }

    auto catalogue = load_catalogue();
    if (!catalogue) return exit_problems;
    std::size_t plans_run = 0, plans_failed = 0, checks = 0;
    bool load_errors = false;
    nlohmann::json files_json = nlohmann::json::array();
    std::string text;
    for (const auto& file : plan_files) {
        const Step step("testing " + file);
        TestPlanLoad loaded = load_test_plans(file, *catalogue);
        if (loaded.diagnostics.has_errors()) load_errors = true;
        nlohmann::json fj{{"path", file},
                          {"scenario", loaded.file ? loaded.file->scenario_path : ""},
                          {"plans", nlohmann::json::array()},
                          {"diagnostics", diagnostics_json(loaded.diagnostics)}};
        if (!loaded.file) {
            text += format_diagnostics(loaded.diagnostics);
            text += terminal_safe(file) + ": cannot run its plans (the problems above)\n";
            files_json.push_back(fj);
            continue;
        }
        text += format_diagnostics(loaded.diagnostics);  // warnings, if any
        text += terminal_safe(file) + " (" + terminal_safe(loaded.file->scenario_path) + ")\n";
        std::string failures;
        for (const auto& result : run_test_plans(*loaded.file, loaded.scenario)) {
            ++plans_run;
            checks += result.checks;
            if (!result.passed()) ++plans_failed;
            text +=
                std::string(result.passed() ? "  pass  " : "  FAIL  ") +
                terminal_safe(result.name) + " (" +
                plural(result.session ? result.session->transcript().size() : 0, "turn", "turns") +
                ", " + plural(result.checks, "check", "checks") + ")\n";
            Diagnostics sorted = result.failures;
            sorted.sort_by_location();
            for (const auto& d : sorted.all())
                failures += format_diagnostic(d);
            fj["plans"].push_back(
                {{"name", result.name},
                 {"line", result.location.line},
                 {"passed", result.passed()},
                 {"checks", result.checks},
                 {"turns", result.session ? result.session->transcript().size() : 0},
                 {"ending", result.session && result.session->finished()
                                ? nlohmann::json(result.session->ending()->id)
                                : nlohmann::json(nullptr)},
                 {"failures", diagnostics_json(sorted)}});
        }
        text += failures;
        files_json.push_back(fj);
    }

    const bool ok = !problems.has_errors() && !load_errors && plans_failed == 0;
    if (json) {
        nlohmann::json out{{"files", files_json},
                           {"plans", plans_run},
                           {"passed", plans_run - plans_failed},
                           {"failed", plans_failed},
                           {"checks", checks},
                           {"untested_scenarios", untested},
                           {"diagnostics", diagnostics_json(problems)},
                           {"ok", ok}};
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << format_diagnostics(problems);
        std::cout << text;
        for (const auto& u : untested)
            std::cout << "no test plans: " << terminal_safe(u) << " (write "
                      << terminal_safe(plans_path_for_scenario(u)) << ")\n";
        std::cout << "ran " << plural(plans_run, "plan", "plans") << " in "
                  << plural(plan_files.size(), "file", "files") << ": "
                  << (plans_run - plans_failed) << " passed, " << plans_failed << " failed, "
                  << plural(checks, "check", "checks") << "\n";
    }
    return ok ? exit_ok : exit_problems;
}

int cmd_coverage(Args& args) {
    std::string scenario_file, out_path, format = "text";
    std::vector<std::string> sessions;
    bool tests = false;
    while (!args.done()) {
        if (!args.is_flag()) {
            if (scenario_file.empty())
                scenario_file = args.take();
            else
                sessions.push_back(args.take());
            continue;
        }
        const std::string f = args.flag();
        if (f == "--format") {
            format = args.value();
            if (format != "text" && format != "json" && format != "dot")
                throw UsageError{"--format takes text, json or dot, not '" + format + "'"};
        } else if (f == "--tests") {
            args.skip();
            tests = true;
        } else if (f == "-o" || f == "--output") {
            out_path = args.value();
        } else {
            throw UsageError{"coverage: unknown option " + f + " (see rapport coverage --help)"};
        }
    }
    if (scenario_file.empty())
        throw UsageError{"coverage needs a scenario file (see rapport coverage --help)"};
    if (sessions.empty()) tests = true;
    if (!out_path.empty()) {
        std::vector<std::string> inputs = sessions;
        inputs.push_back(scenario_file);
        inputs.push_back(plans_path_for_scenario(scenario_file));
        check_not_an_input(out_path, inputs);
    }

    auto catalogue = load_catalogue();
    if (!catalogue) return exit_problems;
    std::shared_ptr<const Scenario> scenario;
    {
        const Step step("loading the scenario " + scenario_file);
        auto loaded = load_scenario(scenario_file, *catalogue);
        if (!loaded.scenario) {
            std::cerr << format_diagnostics(loaded.diagnostics);
            std::cerr << "rapport: " << scenario_file << " has errors; fix them first (rapport "
                      << "validate " << scenario_file << ")\n";
            return exit_problems;
        }
        scenario = loaded.scenario;
    }
    Coverage coverage(scenario);
    std::size_t plans = 0, plans_failed = 0, session_files = 0;
    if (tests) {
        const std::string plan_path = plans_path_for_scenario(scenario_file);
        Diagnostics d;
        std::error_code ec;
        if (!fs::exists(plan_path, ec)) {
            d.error("RP610", {scenario_file, 0, 0},
                    "this scenario has no test plan file: write " + plan_path +
                        " (docs/test-plans.md), or give saved session files");
            std::cerr << format_diagnostics(d);
            return exit_problems;
        }
        const auto bytes = read_file(plan_path, d, 16u << 20);
        TestPlanLoad loaded;
        if (bytes) loaded = parse_test_plans(*bytes, plan_path, scenario);
        d.append(loaded.diagnostics);
        if (!loaded.file) {
            std::cerr << format_diagnostics(d);
            return exit_problems;
        }
        for (const auto& r : run_test_plans(*loaded.file, scenario)) {
            ++plans;
            plans_failed += !r.passed();
            if (r.session) coverage.add(*r.session);
        }
    }
    for (const auto& file : sessions) {
        Diagnostics d;
        auto saved = load_saved_session(file, d);
        std::optional<Session> session;
        if (saved) session = resume_session(*saved, scenario, file, d);
        if (!session) {
            std::cerr << format_diagnostics(d);
            std::cerr << "rapport: " << file << " is not a session of " << scenario_file << "\n";
            return exit_problems;
        }
        coverage.add(*session);
        ++session_files;
    }

    const Scenario& s = *scenario;
    std::string out;
    const std::string by =
        (tests ? plural(plans, "test plan", "test plans") : std::string()) +
        (tests && session_files ? " and " : "") +
        (session_files ? plural(session_files, "saved session", "saved sessions") : std::string());
    if (format == "dot") {
        const Analysis a = Analysis::run(scenario);
        out = scenario_dot(s, a, &coverage);
    } else if (format == "json") {
        nlohmann::json j;
        j["scenario"] = {{"id", s.id}, {"version", s.version}, {"path", scenario_file}};
        j["test_plans"] = plans;
        j["test_plans_failed"] = plans_failed;
        j["session_files"] = session_files;
        auto count = [](const Coverage::Count& c) {
            return nlohmann::json{{"reached", c.reached}, {"total", c.total}};
        };
        nlohmann::json nodes = nlohmann::json::array();
        nlohmann::json missed_nodes = nlohmann::json::array(),
                       missed_lines = nlohmann::json::array(),
                       missed_responses = nlohmann::json::array(),
                       missed_endings = nlohmann::json::array();
        for (std::size_t n = 0; n < s.nodes.size(); ++n) {
            const Node& node = s.nodes[n];
            const int ni = static_cast<int>(n);
            nlohmann::json lines = nlohmann::json::array(), responses = nlohmann::json::object();
            for (int v = -1; v < static_cast<int>(node.variants.size()); ++v) {
                lines.push_back(coverage.line(ni, v));
                if (!coverage.line(ni, v))
                    missed_lines.push_back({{"node", node.id}, {"variant", v + 1}});
            }
            for (std::size_t r = 0; r < node.responses.size(); ++r) {
                responses[node.responses[r].id] = coverage.response(ni, static_cast<int>(r));
                if (!coverage.response(ni, static_cast<int>(r)))
                    missed_responses.push_back(
                        {{"node", node.id}, {"response", node.responses[r].id}});
            }
            if (!coverage.node(ni)) missed_nodes.push_back(node.id);
            nodes.push_back({{"id", node.id},
                             {"sessions", coverage.node(ni)},
                             {"lines", lines},
                             {"responses", responses}});
        }
        nlohmann::json endings = nlohmann::json::object();
        for (std::size_t e = 0; e < s.endings.size(); ++e) {
            endings[s.endings[e].id] = coverage.ending(static_cast<int>(e));
            if (!coverage.ending(static_cast<int>(e))) missed_endings.push_back(s.endings[e].id);
        }
        j["sessions"] = coverage.sessions();
        j["totals"] = {{"nodes", count(coverage.nodes())},
                       {"lines", count(coverage.lines())},
                       {"responses", count(coverage.responses())},
                       {"endings", count(coverage.endings())}};
        j["not_covered"] = {{"nodes", missed_nodes},
                            {"lines", missed_lines},
                            {"responses", missed_responses},
                            {"endings", missed_endings}};
        j["nodes"] = nodes;
        j["endings"] = endings;
        out = j.dump(2) + "\n";
    } else {
        auto row = [&](const char* what, const Coverage::Count& c) {
            out += std::string("  ") + what + std::string(11 - std::string(what).size(), ' ') +
                   std::to_string(c.reached) + " of " + std::to_string(c.total) + percent(c) + "\n";
        };
        out += "Coverage of " + terminal_safe(s.title) + " (" + terminal_safe(s.id) + " " +
               terminal_safe(s.version) + ") by " + by +
               (plans_failed ? " (" + plural(plans_failed, "plan fails", "plans fail") +
                                   ": rapport test " + terminal_safe(scenario_file) + ")"
                             : std::string()) +
               "\n";
        row("nodes", coverage.nodes());
        row("lines", coverage.lines());
        row("responses", coverage.responses());
        row("endings", coverage.endings());
        out += "(lines: each node's own line and each of its variants)\n";
        std::string nodes_missed, lines_missed, responses_missed, endings_missed;
        for (std::size_t n = 0; n < s.nodes.size(); ++n) {
            const Node& node = s.nodes[n];
            const int ni = static_cast<int>(n);
            if (!coverage.node(ni)) {
                nodes_missed += " " + terminal_safe(node.id);
                continue;  // its lines and responses go with it
            }
            for (int v = -1; v < static_cast<int>(node.variants.size()); ++v)
                if (!coverage.line(ni, v))
                    lines_missed +=
                        "  " + terminal_safe(node.id) + ": " +
                        (v < 0 ? std::string("its own line")
                               : "variant " + std::to_string(v + 1) + " (when " +
                                     terminal_safe(
                                         node.variants[static_cast<std::size_t>(v)].when.text()) +
                                     ")") +
                        "\n";
            std::string here;
            for (std::size_t r = 0; r < node.responses.size(); ++r)
                if (!coverage.response(ni, static_cast<int>(r)))
                    here += " " + terminal_safe(node.responses[r].id);
            if (!here.empty())
                responses_missed += "  " + terminal_safe(node.id) + ":" + here + "\n";
        }
        for (std::size_t e = 0; e < s.endings.size(); ++e)
            if (!coverage.ending(static_cast<int>(e)))
                endings_missed += " " + terminal_safe(s.endings[e].id);
        if (!nodes_missed.empty()) out += "\nNodes never reached:" + nodes_missed + "\n";
        if (!endings_missed.empty()) out += "\nEndings never reached:" + endings_missed + "\n";
        if (!lines_missed.empty())
            out += "\nLines never shown (at nodes reached):\n" + lines_missed;
        if (!responses_missed.empty())
            out += "\nResponses never chosen (at nodes reached):\n" + responses_missed;
    }
    return emit_output(out_path, out);
}

}  // namespace rapport::cli
