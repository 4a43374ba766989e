// libFuzzer target: any bytes through the drill bank loader and, when they load, a drill session
// over its items answered with positions taken from the input.
// Build: cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DRAPPORT_FUZZ=ON && ninja -C build-fuzz
// fuzz_drill Run:   build-fuzz/tests/fuzz/fuzz_drill -max_total_time=60 drills tests/data/invalid
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rapport/drill.hpp"
#include "rapport/drill_session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto loaded = rapport::parse_drill_bank(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
    (void)rapport::format_diagnostics(loaded.diagnostics);
    if (loaded.bank) {
        rapport::DrillSession s(loaded.bank->items, rapport::DrillMode::Exam, size);
        for (std::size_t i = 0; !s.finished() && i < 64; ++i) {
            const std::size_t pos = size ? data[i % size] % 10 : 0;
            if (!s.answer({pos}, 1.0)) (void)s.answer({0}, 1.0);
        }
        (void)s.by_topic();
    }
    return 0;
}
