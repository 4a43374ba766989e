// The status bar: the last message (errors in red), the keys that work on this screen.
#include <imgui.h>

#include "footer.hpp"
#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

void draw_statusbar(AppModel& model, UiState& ui) {
    const float pad = 20 * ui.content_scale * ui.settings.zoom;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddLine(p, ImVec2(p.x + ImGui::GetWindowWidth(), p.y), ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + ImGui::GetStyle().ItemSpacing.y));
    ImGui::AlignTextToFramePadding();
    const bool writing = ui.screen == Screen::Session && model.playing() &&
                         model.session().say_first() && !ui.said_sent;
    const std::string keys = footer_keys(ui.screen, model, writing);
    const bool show_status = !ui.status.empty() && ui.now - ui.status_at < status_seconds;
    if (show_status) {
        ui.wake(ui.status_at + status_seconds);
        const ImVec4 c = ui.status_error ? ui.palette.bad : ui.palette.good;
        ImGui::TextColored(c, "%s", ui.status.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui.status.c_str());
    } else {
        ImGui::TextDisabled("%s", keys.c_str());
    }
    if (model.progress_problem()) {
        ImGui::SameLine();
        ImGui::TextColored(ui.palette.bad, "  Not in your progress record: %s",
                           model.progress_problem()->c_str());
    }
    if (model.record_problem()) {
        ImGui::SameLine();
        ImGui::TextColored(ui.palette.bad, "  Session not saved: %s",
                           model.record_problem()->c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", model.record_problem()->c_str());
    }
}

}  // namespace rapport::gui
