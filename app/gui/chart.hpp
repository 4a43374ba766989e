// A line chart drawn with ImDrawList: axes, ticks, labels, legend, threshold lines, hover values.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "ui_state.hpp"

namespace rapport::gui {

struct ChartSeries {
    std::string label;
    std::vector<int> values;  // one per x (turn 0 = before the first answer)
    ImU32 color = 0;
    bool dashed = false;
};

struct ChartLine {  // a horizontal threshold
    int value = 0;
    std::string label;
};

struct ChartSpec {
    std::string title;
    int y_min = 0, y_max = 100;
    std::vector<ChartSeries> series;
    std::vector<ChartLine> thresholds;
    std::vector<int> highlight_x;  // x positions to mark (poor turns)
};

// Draws the chart in a box of `size`; returns the x (turn) under the mouse, or -1.
int line_chart(const UiState& ui, const char* id, const ChartSpec& spec, ImVec2 size);

}  // namespace rapport::gui
