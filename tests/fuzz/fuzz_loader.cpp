// libFuzzer target: any bytes through the scenario loader and, when they load, a short play.
// Build: cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DRAPPORT_FUZZ=ON && ninja -C build-fuzz
// fuzz_loader Run:   build-fuzz/tests/fuzz/fuzz_loader -max_total_time=60 tests/data/invalid
// tests/data/valid
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rapport/loader.hpp"
#include "rapport/session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const rapport::SkillCatalogue catalogue =
        rapport::load_skill_catalogue(RAPPORT_SOURCE_DIR "/assets/skills.yaml").catalogue;
    rapport::LoadOptions options;
    options.exploration_budget = 20000;
    auto loaded =
        rapport::parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size),
                                "fuzz.yaml", catalogue, options);
    (void)rapport::format_diagnostics(loaded.diagnostics);
    if (loaded.scenario) {
        rapport::Session session(loaded.scenario, size);
        for (int i = 0; i < 50 && !session.finished() && !session.offered().empty(); ++i)
            session.choose(0);
        if (!session.transcript().empty()) session.undo_to(0);
    }
    return 0;
}
