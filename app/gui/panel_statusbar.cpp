// The status bar: the last message (errors in red), the keys that work on this screen.
#include <imgui.h>

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
    const char* keys = "";
    switch (ui.screen) {
        case Screen::Library:
            keys = "Up/Down choose   Enter open   Ctrl+= / Ctrl+- zoom";
            break;
        case Screen::Briefing:
            keys = "Enter start   P practice   E exam   Esc back";
            break;
        case Screen::Session:
            keys = model.can_undo() ? "1-9 answer   Ctrl+Z undo   Ctrl+S save and leave"
                                    : "1-9 answer   Ctrl+S save and leave";
            if (model.playing() && model.session().finished()) keys = "Enter feedback";
            break;
        case Screen::Feedback:
            keys = model.playing() && !model.session().finished()
                       ? "Enter or Esc back to the session"
                   : model.author_try() ? "Enter or Esc back to author mode"
                                        : "Enter or Esc library";
            break;
        case Screen::Author:
            keys = "Edit the file in your editor: it reloads when saved";
            break;
        case Screen::Drills:
            keys = "1-9 or a letter answers   Enter start / next   Esc stop";
            break;
        case Screen::Progress:
            keys = "Ctrl+= / Ctrl+- zoom   Ctrl+T theme";
            break;
    }
    const bool show_status = !ui.status.empty() && ui.now - ui.status_at < status_seconds;
    if (show_status) {
        ui.wake(ui.status_at + status_seconds);
        const ImVec4 c = ui.status_error ? ui.palette.bad : ui.palette.good;
        ImGui::TextColored(c, "%s", ui.status.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui.status.c_str());
    } else {
        ImGui::TextDisabled("%s", keys);
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
