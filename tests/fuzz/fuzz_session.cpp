// libFuzzer target: any bytes as a session file, and when they read, a resume on the default
// scenario. Crashes it has found are kept in tests/fuzz/session-regressions/ and replayed by the
// test suite (fuzz_session_regressions, built without libFuzzer by fuzz_replay.cpp).
// Build: cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DRAPPORT_FUZZ=ON && ninja -C build-fuzz
// fuzz_session Run:   build-fuzz/tests/fuzz/fuzz_session -max_total_time=60
// tests/fuzz/session-regressions tests/data/invalid
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rapport/loader.hpp"
#include "rapport/session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::shared_ptr<const rapport::Scenario> scenario = [] {
        const auto catalogue =
            rapport::load_skill_catalogue(RAPPORT_SOURCE_DIR "/assets/skills.yaml").catalogue;
        rapport::LoadOptions options;
        options.explore = false;
        return rapport::load_scenario(RAPPORT_SOURCE_DIR "/scenarios/first-session.yaml", catalogue,
                                      options)
            .scenario;
    }();
    rapport::Diagnostics d;
    const auto saved = rapport::read_saved_session(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json", d);
    if (saved && scenario) (void)rapport::resume_session(*saved, scenario, "fuzz.json", d);
    (void)rapport::format_diagnostics(d);
    return 0;
}
