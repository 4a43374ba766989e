// libFuzzer target: any bytes as the window's settings file (settings.json): never a crash, and
// what is kept is always in range whatever the file says.
// Build and run: see tests/fuzz_ci.sh (part of `make test`).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto loaded = rapport::gui::parse_settings(
        std::string_view(reinterpret_cast<const char*>(data), size), "settings.json");
    if (loaded.problem) return 0;
    const auto& s = loaded.settings;
    // The values kept are always in range, whatever the file said.
    if (s.width < 400 || s.width > 16384 || s.height < 300 || s.height > 16384) std::abort();
    if (!(s.zoom >= rapport::gui::min_zoom && s.zoom <= rapport::gui::max_zoom)) std::abort();
    return 0;
}
