// `rapport validate PATH...`: checks scenario files (and drill banks, skill catalogues) and prints
// every problem as file:line:col diagnostics, or JSON with --format json.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "rapport/testing.hpp"

namespace rapport::cli {

namespace {

enum class FileKind { Scenario, Catalogue, DrillBank, TestPlans };

// A file says what it is with a top-level `kind:` line; scenarios have none.
FileKind sniff_kind(const std::string& path) {
    if (is_test_plan_path(path)) return FileKind::TestPlans;  // NAME.tests.yaml: by its name
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return FileKind::Scenario;  // the loader refuses it
    std::ifstream in(path, std::ios::binary);
    std::string line;
    for (int i = 0; i < 200 && std::getline(in, line); ++i)
        if (line.rfind("kind:", 0) == 0) {
            if (line.find("skill-catalogue") != std::string::npos) return FileKind::Catalogue;
            if (line.find("drill-bank") != std::string::npos) return FileKind::DrillBank;
        }
    return FileKind::Scenario;
}

bool is_yaml(const std::filesystem::path& p) {
    const auto ext = p.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

}  // namespace

int cmd_validate(Args& args) {
    namespace fs = std::filesystem;
    std::vector<std::string> inputs;
    bool strict = false;
    bool json = false;
    bool explore = true;
    std::uint64_t explore_seconds = 10;
    while (!args.done()) {
        if (!args.is_flag()) {
            inputs.push_back(args.take());
            continue;
        }
        const std::string f = args.flag();
        if (f == "--strict") {
            args.skip();
            strict = true;
        } else if (f == "--no-explore") {
            args.skip();
            explore = false;
        } else if (f == "--explore-time") {
            explore_seconds = parse_count("--explore-time", args.value());
            if (explore_seconds == 0 || explore_seconds > 86'400)
                throw UsageError{"--explore-time takes 1 to 86400 seconds"};
        } else if (f == "--format") {
            const std::string v = args.value();
            if (v != "text" && v != "json")
                throw UsageError{"--format takes text or json, not '" + v + "'"};
            json = v == "json";
        } else {
            throw UsageError{"validate: unknown option " + f + " (see rapport validate --help)"};
        }
    }
    if (inputs.empty())
        throw UsageError{
            "validate needs at least one file or folder (see rapport validate --help)"};

    Diagnostics all;
    std::vector<std::string> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            std::vector<std::string> found;
            for (fs::recursive_directory_iterator
                     it(input, fs::directory_options::skip_permission_denied, ec),
                 end;
                 !ec && it != end; it.increment(ec))
                if (it->is_regular_file(ec) && is_yaml(it->path()))
                    found.push_back(it->path().string());
            std::sort(found.begin(), found.end());
            if (found.empty()) all.warning("RP001", {input, 0, 0}, "folder holds no .yaml files");
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(input, ec)) {
            files.push_back(input);
        } else {
            all.error("RP001", {input, 0, 0}, "no such file or folder");
        }
    }

    std::optional<SkillCatalogue> catalogue;
    nlohmann::json per_file = nlohmann::json::array();
    for (const auto& file : files) {
        Diagnostics d;
        std::string kind;
        const FileKind fk = sniff_kind(file);
        if (fk == FileKind::Catalogue) {
            kind = "skill-catalogue";
            d = load_skill_catalogue(file).diagnostics;
        } else if (fk == FileKind::DrillBank) {
            kind = "drill-bank";
            const Step step("validating " + file);
            d = load_drill_bank(file).diagnostics;
        } else if (fk == FileKind::TestPlans) {
            kind = "test-plans";
            if (!catalogue) {
                catalogue = load_catalogue();
                if (!catalogue) return exit_problems;
            }
            const Step step("validating " + file);
            // The plans are read against their scenario; its own problems are its file's (listed
            // when it is validated itself), so only this file's are kept here.
            const TestPlanLoad plans = load_test_plans(file, *catalogue);
            for (const auto& x : plans.diagnostics.all())
                if (x.location.file == file)
                    d.add(x.severity, x.code, x.location, x.message).notes = x.notes;
        } else {
            kind = "scenario";
            if (!catalogue) {
                catalogue = load_catalogue();
                if (!catalogue) return exit_problems;
            }
            const Step step("validating " + file);
            // The command an author runs to check a file explores it further than the window's
            // library does while it opens (2M states), so a large scenario is checked whole, within
            // a time bound (a note says when it stopped) and 1 GiB of state graph.
            LoadOptions options;
            options.exploration_budget = 15'000'000;
            options.exploration_time = std::chrono::seconds(explore_seconds);
            options.exploration_memory = std::size_t{1} << 30;
            options.explore = explore;
            d = load_scenario(file, *catalogue, options).diagnostics;
        }
        per_file.push_back({{"path", file},
                            {"kind", kind},
                            {"errors", d.error_count()},
                            {"warnings", d.warning_count()}});
        all.append(d);
    }

    const std::size_t errors = all.error_count(), warnings = all.warning_count();
    if (json) {
        nlohmann::json out{{"files", per_file},
                           {"errors", errors},
                           {"warnings", warnings},
                           {"diagnostics", nlohmann::json::parse(diagnostics_to_json(all, -1))}};
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << format_diagnostics(all);
        std::cout << "checked " << files.size() << (files.size() == 1 ? " file: " : " files: ")
                  << errors << (errors == 1 ? " error, " : " errors, ") << warnings
                  << (warnings == 1 ? " warning\n" : " warnings\n");
    }
    if (errors > 0 || (strict && warnings > 0)) return exit_problems;
    return exit_ok;
}

}  // namespace rapport::cli
