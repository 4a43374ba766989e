// libFuzzer target: any bytes as a test plan file (NAME.tests.yaml) read against the shipped Marek
// scenario and the format 2 example (Jo), and when they read, every plan run and its session added
// to a coverage. Seeds: tests/fuzz/testplan-seeds/ (copies of the shipped and example plan files
// and the invalid ones, kept small so that a bounded run gets far). Crashes it finds belong in
// tests/fuzz/testplan-regressions/; the test suite replays the seeds and every plan file
// (fuzz_testplan_regressions, built without libFuzzer by fuzz_replay.cpp).
// Build: cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DRAPPORT_FUZZ=ON && ninja -C build-fuzz
// fuzz_testplan Run:   build-fuzz/tests/fuzz/fuzz_testplan -max_total_time=60
// tests/fuzz/testplan-seeds tests/data/plans
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "rapport/loader.hpp"
#include "rapport/testing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<std::shared_ptr<const rapport::Scenario>> scenarios = [] {
        const auto catalogue =
            rapport::load_skill_catalogue(RAPPORT_SOURCE_DIR "/assets/skills.yaml").catalogue;
        rapport::LoadOptions options;
        options.explore = false;
        std::vector<std::shared_ptr<const rapport::Scenario>> out;
        for (const char* path : {RAPPORT_SOURCE_DIR "/scenarios/first-session.yaml",
                                 RAPPORT_SOURCE_DIR "/tests/data/valid/example-v2.yaml"})
            if (auto s = rapport::load_scenario(path, catalogue, options).scenario)
                out.push_back(std::move(s));
        return out;
    }();
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (const auto& scenario : scenarios) {
        const auto loaded = rapport::parse_test_plans(bytes, "fuzz.tests.yaml", scenario);
        (void)rapport::format_diagnostics(loaded.diagnostics);
        if (!loaded.file) continue;
        rapport::Coverage coverage(scenario);
        for (const auto& result : rapport::run_test_plans(*loaded.file, scenario)) {
            (void)rapport::format_diagnostics(result.failures);
            if (result.session) coverage.add(*result.session);
        }
        (void)coverage.responses();
    }
    return 0;
}
