// Golden diagnostics: each tests/data/invalid/NAME.yaml (a scenario; catalogue-* a skill catalogue;
// drill-* a drill bank; plan-*.tests.yaml a test plan file against
// tests/data/valid/example-v2.yaml; session-*.json a saved session) is loaded as "NAME.yaml" and
// its rendered diagnostics must equal NAME.expected exactly. RAPPORT_UPDATE_GOLDEN=1 rewrites the
// .expected files (review the diff before committing).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "rapport/drill.hpp"
#include "rapport/testing.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

// Compares the rendered diagnostics with FILE's .expected beside it (or, updating, writes it).
// False when updating: nothing more to check.
bool matches_golden(const std::filesystem::path& file, const Diagnostics& d, bool update) {
    std::filesystem::path expected_path = file;
    expected_path.replace_extension(".expected");
    const std::string actual = format_diagnostics(d);
    if (update) {
        std::ofstream(expected_path, std::ios::binary) << actual;
        return false;
    }
    REQUIRE_MESSAGE(std::filesystem::exists(expected_path), "missing " << expected_path.string());
    CHECK(actual == test::read_text(expected_path.string()));
    return true;
}

// The scenario the plan-*.tests.yaml files test.
std::shared_ptr<const Scenario> example_v2() {
    auto scenario =
        load_scenario(test::source_dir() + "/tests/data/valid/example-v2.yaml", test::catalogue())
            .scenario;
    REQUIRE(scenario);
    return scenario;
}

}  // namespace

TEST_CASE("golden diagnostics for every invalid file") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(test::source_dir()) / "tests" / "data" / "invalid";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 25);
    const bool update = std::getenv("RAPPORT_UPDATE_GOLDEN") != nullptr;
    std::set<std::string> codes;
    for (const auto& file : files) {
        CAPTURE(file.filename().string());
        const std::string bytes = test::read_text(file.string());
        const std::string name = file.filename().string();
        Diagnostics d =
            name.rfind("plan-", 0) == 0 ? parse_test_plans(bytes, name, example_v2()).diagnostics
            : name.rfind("catalogue-", 0) == 0 ? parse_skill_catalogue(bytes, name).diagnostics
            : name.rfind("drill-", 0) == 0
                ? parse_drill_bank(bytes, name).diagnostics
                : parse_scenario(bytes, name, test::catalogue()).diagnostics;
        if (!matches_golden(file, d, update)) continue;
        CHECK_FALSE(d.empty());  // an invalid file must say something
        for (const auto& x : d.all())
            codes.insert(x.code);
    }
    if (!update) {
        // Every code the loader can emit from a file has a golden example.
        for (const char* code :
             {"RP002", "RP003", "RP004", "RP006", "RP007", "RP008", "RP009", "RP010",
              "RP101", "RP102", "RP103", "RP104", "RP105", "RP106", "RP107", "RP108",
              "RP110", "RP111", "RP112", "RP201", "RP202", "RP203", "RP204", "RP205",
              "RP206", "RP207", "RP208", "RP209", "RP210", "RP211", "RP212", "RP213",
              "RP301", "RP302", "RP303", "RP304", "RP305", "RP307", "RP306", "RP308",
              "RP309", "RP310", "RP311", "RP312", "RP313", "RP501", "RP502", "RP503",
              "RP504", "RP505", "RP506", "RP611", "RP612", "RP613", "RP614"}) {
            CAPTURE(code);
            CHECK(codes.count(code) == 1);
        }
    }
}

TEST_CASE("golden diagnostics for every invalid session file") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(test::source_dir()) / "tests" / "data" / "invalid";
    const bool update = std::getenv("RAPPORT_UPDATE_GOLDEN") != nullptr;
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".json") continue;
        ++files;
        const std::string name = e.path().filename().string();
        CAPTURE(name);
        Diagnostics d;
        CHECK_FALSE(read_saved_session(test::read_text(e.path().string()), name, d));
        if (!matches_golden(e.path(), d, update)) continue;
        for (const auto& x : d.all())
            CHECK(x.code == "RP402");
    }
    CHECK(files >= 8);
}
