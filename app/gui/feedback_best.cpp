// The feedback screen's A best session tab: one shortest session reaching the best score.
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feedback_parts.hpp"
#include "widgets.hpp"

namespace rapport::gui::feedback {

void best_session(const UiState& ui, const Report& r) {
    const Palette& pal = ui.palette;
    ImGui::PushTextWrapPos(0.0f);
    if (r.best_path.empty()) {
        text(ui.fonts.regular, pal.muted,
             r.analysis_complete ? "There is no best session to show for this scenario."
                                 : "The scenario is too large to compute a best session.");
        ImGui::PopTextWrapPos();
        return;
    }
    text(ui.fonts.regular, text_color(),
         "One shortest session that reaches the best achievable score" +
             (r.best_score ? " (" + std::to_string(*r.best_score) + ")" : std::string()) +
             ": the therapist's words, answer by answer. Other sessions can reach the same "
             "score; read this one for the pacing and the choice of skill at each step.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const ImGuiStyle& st = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const float num_w = ImGui::CalcTextSize("000").x + st.ItemSpacing.x;
    const float bubble_w = std::min(width - num_w, ImGui::GetFontSize() * 48);
    for (std::size_t i = 0; i < r.best_path.size(); ++i) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h =
            text_height(ui.fonts.regular, r.best_path[i], bubble_w - 2 * st.FramePadding.x * 1.4f) +
            2 * st.FramePadding.y * 1.6f;
        if (!ImGui::IsRectVisible(ImVec2(p.x, p.y), ImVec2(p.x + width, p.y + h))) {
            ImGui::Dummy(ImVec2(width, h));
            continue;
        }
        ImGui::BeginGroup();
        const std::string n = std::to_string(i + 1);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float line = ImGui::GetTextLineHeight();
        dl->AddText(
            ui.fonts.bold, ui.fonts.bold->FontSize,
            ImVec2(p.x + num_w - st.ItemSpacing.x - ImGui::CalcTextSize(n.c_str()).x,
                   p.y + st.FramePadding.y * 1.6f + (line - ui.fonts.bold->FontSize) * 0.5f),
            u32(pal.accent), n.c_str());
        ImGui::SetCursorScreenPos(ImVec2(p.x + num_w, p.y));
        bubble(r.best_path[i], pal.trainee_bubble, pal.trainee_text, bubble_w, false);
        ImGui::EndGroup();
    }
}

}  // namespace rapport::gui::feedback
