// A line chart drawn with ImDrawList: axes, ticks, labels, legend, threshold lines, hover values.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

#include "ui_state.hpp"

namespace rapport::gui {

struct ChartSeries {
    std::string label;
    std::vector<int> values;  // one per x (turn 0 = before the first answer)
    ImU32 color = 0;
    bool dashed = false;  // drawn thinner and dashed, without point markers (a reference curve)
};

struct ChartLine {  // a horizontal threshold
    int value = 0;
    std::string label;
};

struct ChartSpec {
    std::string title;  // bold, top left; the legend shares its row
    int y_min = 0, y_max = 100;
    std::vector<ChartSeries> series;
    std::vector<ChartLine> thresholds;
    std::vector<int> highlight_x;  // x positions to mark with a band (poor turns)
    std::string highlight_label = "could have gone better";  // its legend entry ("" for none)
    std::string x_caption = "turn";                          // under the x axis, at its right end
    std::string x_name = "Turn";                             // the tooltip's heading: "Turn 7"
    std::string x0_name = "Start";                           // the tooltip's heading at x = 0
    std::function<std::string(int x)> x_note;  // optional: a line added to the tooltip at x
    std::string hint;    // optional last tooltip line at x >= 1 ("Click to read this turn")
    std::string note;    // muted, at the right of the title row (when the legend is not there)
    bool legend = true;  // false: the caller draws one legend for several charts (chart_legend)
    int guide_x = -1;    // a vertical guide at this x when not hovered (another chart's hover)
};

// Draws the chart in a box of `size` (it advances the layout like one item, an invisible button,
// so ImGui::IsItemClicked() after it tells a click); returns the x (turn) under the mouse, or -1.
int line_chart(const UiState& ui, const char* id, const ChartSpec& spec, ImVec2 size);

// The legend `spec` would show (its series, "threshold" when it has thresholds, the highlight
// label when it has highlighted x), as one item of `width`, wrapping onto more rows if needed.
void chart_legend(const UiState& ui, const ChartSpec& spec, float width);

}  // namespace rapport::gui
