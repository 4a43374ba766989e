// The top bar: the app's name, where the user is, navigation, theme and zoom.
#include <imgui.h>

#include <algorithm>

#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

const char* screen_title(Screen s) {
    switch (s) {
        case Screen::Library:
            return "Library";
        case Screen::Briefing:
            return "Briefing";
        case Screen::Session:
            return "Session";
        case Screen::Feedback:
            return "Feedback";
        case Screen::Author:
            return "Author";
        case Screen::Drills:
            return "Drills";
        case Screen::Progress:
            return "Progress";
    }
    return "";
}

}  // namespace

void go_to_library(AppModel& model, UiState& ui) {
    if (model.playing()) model.leave_session();
    model.refresh_saved();
    ui.screen = Screen::Library;
}

void draw_topbar(AppModel& model, UiState& ui) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float pad = 20 * ui.content_scale * ui.settings.zoom;
    const float h = ImGui::GetFrameHeight() + 2 * style.WindowPadding.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(p, ImVec2(p.x + ImGui::GetWindowWidth(), p.y + h),
                      ImGui::GetColorU32(ImGuiCol_MenuBarBg));
    dl->AddLine(ImVec2(p.x, p.y + h - 1), ImVec2(p.x + ImGui::GetWindowWidth(), p.y + h - 1),
                ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + style.WindowPadding.y));
    ImGui::PushFont(ui.fonts.heading);
    const float heading_h = ImGui::GetTextLineHeight();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (ImGui::GetFrameHeight() - heading_h) * 0.5f);
    ImGui::TextColored(ui.palette.accent, "Rapport");
    ImGui::PopFont();
    // Narrow windows (800 wide, or zoomed): drop the screen title, then shorten the theme
    // button, so that no label is cut at the right edge.
    const bool in_session =
        ui.screen == Screen::Session && model.playing() && !model.session().finished();
    auto button_w = [&](const char* l) {
        return ImGui::CalcTextSize(l).x + 2 * style.FramePadding.x + style.ItemSpacing.x;
    };
    float nav_w = 0;
    if (ui.screen != Screen::Library && !in_session) nav_w += button_w("Library");
    for (const char* l : {"Drills", "Progress", "Author"})
        if (!in_session) nav_w += button_w(l);
    const char* title = screen_title(ui.screen);
    const float title_w = ImGui::CalcTextSize("/  ").x + ImGui::CalcTextSize(title).x;
    const bool dark = ui.settings.theme == Theme::Dark;
    const float zoom_w =
        button_w("A-") + button_w("A+") + ImGui::CalcTextSize("100%").x + style.ItemSpacing.x;
    const float fixed = ImGui::GetItemRectMax().x - p.x + 3 * pad + nav_w + zoom_w;
    const float width = ImGui::GetWindowWidth();
    const bool show_title =
        fixed + title_w + button_w(dark ? "Light theme" : "Dark theme") <= width;
    const char* theme_label =
        fixed + (show_title ? title_w : 0.0f) + button_w(dark ? "Light theme" : "Dark theme") <=
                width
            ? (dark ? "Light theme" : "Dark theme")
            : (dark ? "Light" : "Dark");
    if (show_title) {
        ImGui::SameLine();
        ImGui::SetCursorPosY(p.y - ImGui::GetWindowPos().y + style.WindowPadding.y);
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("/  %s", title);
    }

    // Navigation: the library, author mode. Leaving a session keeps its record (resume later).
    ImGui::SameLine();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + pad);
    if (ui.screen != Screen::Library && !in_session && ImGui::Button("Library"))
        go_to_library(model, ui);
    const std::pair<Screen, const char*> places[] = {
        {Screen::Drills, "Drills"}, {Screen::Progress, "Progress"}, {Screen::Author, "Author"}};
    for (const auto& [screen, label] : places) {
        if (ui.screen == screen || in_session) continue;
        ImGui::SameLine();
        if (ImGui::Button(label)) ui.screen = screen;
    }

    // Right side: theme and zoom.
    const float right_w = ImGui::CalcTextSize(theme_label).x + ImGui::CalcTextSize("A-A+100%").x +
                          style.FramePadding.x * 6 + style.ItemSpacing.x * 3 + pad;
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + pad, ImGui::GetWindowWidth() - right_w));
    if (ImGui::Button("A-")) ui.keys.zoom_out = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Smaller text (Ctrl+-)");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%d%%", static_cast<int>(ui.settings.zoom * 100.0f + 0.5f));
    ImGui::SameLine();
    if (ImGui::Button("A+")) ui.keys.zoom_in = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger text (Ctrl+=; Ctrl+0 resets)");
    ImGui::SameLine();
    if (ImGui::Button(theme_label)) ui.keys.toggle_theme = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Switch theme (Ctrl+T)");
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
}

}  // namespace rapport::gui
