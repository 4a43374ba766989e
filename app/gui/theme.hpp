// Light and dark themes: ImGui style colours plus the few colours the panels draw themselves.
#pragma once

#include <imgui.h>

#include "settings.hpp"

namespace rapport::gui {

struct Palette {
    ImU32 client_bubble, trainee_bubble, client_text, trainee_text;
    ImVec4 muted, accent, good, bad, warn, cue;
    ImU32 chart_grid, chart_axis, chart_threshold, chart_best, chart_poor_band;
    ImU32 series[6];
};

// Applies the theme and sizes scaled by `scale` to ImGui's style.
void apply_theme(Theme theme, float scale);
[[nodiscard]] Palette make_palette(Theme theme);

}  // namespace rapport::gui
