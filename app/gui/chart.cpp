// Line charts (see chart.hpp). Stub: replaced by the full chart.
#include "chart.hpp"

namespace rapport::gui {

int line_chart(const UiState&, const char* id, const ChartSpec&, ImVec2 size) {
    ImGui::PushID(id);
    ImGui::Dummy(size);
    ImGui::PopID();
    return -1;
}

}  // namespace rapport::gui
