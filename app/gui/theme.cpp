// The light and dark themes (see theme.hpp).
#include "theme.hpp"

namespace rapport::gui {

namespace {

ImVec4 rgb(int hex, float a = 1.0f) {
    return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f,
                  static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
                  static_cast<float>(hex & 0xFF) / 255.0f, a);
}

ImU32 u32(int hex, float a = 1.0f) {
    return ImGui::ColorConvertFloat4ToU32(rgb(hex, a));
}

Palette make_light() {
    Palette p{};
    p.client_bubble = u32(0xFFFFFF);
    p.trainee_bubble = u32(0xDCEBFA);
    p.client_text = u32(0x1F2430);
    p.trainee_text = u32(0x15304D);
    p.muted = rgb(0x6B7280);
    p.accent = rgb(0x2563A8);
    p.good = rgb(0x1E7B45);
    p.bad = rgb(0xB4232C);
    p.warn = rgb(0xA15C07);
    p.cue = rgb(0x5B5F6B);
    p.chart_grid = u32(0xD9DDE3);
    p.chart_axis = u32(0x6B7280);
    p.chart_threshold = u32(0xA15C07);
    p.chart_best = u32(0x9CA3AF);
    p.chart_poor_band = u32(0xB4232C, 0.10f);
    const int series[6] = {0x2563A8, 0x1E7B45, 0xB4232C, 0x7C3AED, 0xA15C07, 0x0E7490};
    for (int i = 0; i < 6; ++i)
        p.series[i] = u32(series[i]);
    return p;
}

Palette make_dark() {
    Palette p{};
    p.client_bubble = u32(0x2A2F3A);
    p.trainee_bubble = u32(0x1F3A5C);
    p.client_text = u32(0xE6E8EC);
    p.trainee_text = u32(0xE3EEFB);
    p.muted = rgb(0x9AA3B2);
    p.accent = rgb(0x6CA8F0);
    p.good = rgb(0x5BC98A);
    p.bad = rgb(0xF0707A);
    p.warn = rgb(0xE8A64C);
    p.cue = rgb(0xA9AFBC);
    p.chart_grid = u32(0x363C48);
    p.chart_axis = u32(0x9AA3B2);
    p.chart_threshold = u32(0xE8A64C);
    p.chart_best = u32(0x7B8494);
    p.chart_poor_band = u32(0xF0707A, 0.12f);
    const int series[6] = {0x6CA8F0, 0x5BC98A, 0xF0707A, 0xB794F6, 0xE8A64C, 0x4FC3D9};
    for (int i = 0; i < 6; ++i)
        p.series[i] = u32(series[i]);
    return p;
}

}  // namespace

Palette make_palette(Theme theme) {
    return theme == Theme::Dark ? make_dark() : make_light();
}

void apply_theme(Theme theme, float scale) {
    ImGuiStyle style;
    if (theme == Theme::Dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.PopupRounding = 6;
    style.GrabRounding = 6;
    style.TabRounding = 6;
    style.ScrollbarRounding = 8;
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(10, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 14;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = theme == Theme::Light ? 1.0f : 0.0f;

    ImVec4* c = style.Colors;
    if (theme == Theme::Light) {
        c[ImGuiCol_WindowBg] = rgb(0xF4F5F7);
        c[ImGuiCol_ChildBg] = rgb(0xFFFFFF, 0.0f);
        c[ImGuiCol_PopupBg] = rgb(0xFFFFFF);
        c[ImGuiCol_Border] = rgb(0xD9DDE3);
        c[ImGuiCol_Text] = rgb(0x1F2430);
        c[ImGuiCol_TextDisabled] = rgb(0x8A909C);
        c[ImGuiCol_FrameBg] = rgb(0xFFFFFF);
        c[ImGuiCol_FrameBgHovered] = rgb(0xEEF3FA);
        c[ImGuiCol_FrameBgActive] = rgb(0xDCEBFA);
        c[ImGuiCol_Button] = rgb(0xFFFFFF);
        c[ImGuiCol_ButtonHovered] = rgb(0xDCEBFA);
        c[ImGuiCol_ButtonActive] = rgb(0xBFD8F5);
        c[ImGuiCol_Header] = rgb(0xDCEBFA);
        c[ImGuiCol_HeaderHovered] = rgb(0xE8F0FA);
        c[ImGuiCol_HeaderActive] = rgb(0xBFD8F5);
        c[ImGuiCol_Tab] = rgb(0xE6E9EE);
        c[ImGuiCol_TabHovered] = rgb(0xDCEBFA);
        c[ImGuiCol_TabActive] = rgb(0xFFFFFF);
        c[ImGuiCol_TableHeaderBg] = rgb(0xE9ECF1);
        c[ImGuiCol_TableRowBgAlt] = rgb(0xF7F8FA);
        c[ImGuiCol_CheckMark] = rgb(0x2563A8);
        c[ImGuiCol_SliderGrab] = rgb(0x2563A8);
        c[ImGuiCol_SliderGrabActive] = rgb(0x1D4F86);
        c[ImGuiCol_PlotHistogram] = rgb(0x2563A8);
        c[ImGuiCol_Separator] = rgb(0xD9DDE3);
    } else {
        c[ImGuiCol_WindowBg] = rgb(0x1B1E24);
        c[ImGuiCol_ChildBg] = rgb(0x1B1E24, 0.0f);
        c[ImGuiCol_PopupBg] = rgb(0x232730);
        c[ImGuiCol_Border] = rgb(0x363C48);
        c[ImGuiCol_Text] = rgb(0xE6E8EC);
        c[ImGuiCol_TextDisabled] = rgb(0x7B8494);
        c[ImGuiCol_FrameBg] = rgb(0x262A33);
        c[ImGuiCol_FrameBgHovered] = rgb(0x2E3440);
        c[ImGuiCol_FrameBgActive] = rgb(0x1F3A5C);
        c[ImGuiCol_Button] = rgb(0x2A2F3A);
        c[ImGuiCol_ButtonHovered] = rgb(0x1F3A5C);
        c[ImGuiCol_ButtonActive] = rgb(0x2B5486);
        c[ImGuiCol_Header] = rgb(0x1F3A5C);
        c[ImGuiCol_HeaderHovered] = rgb(0x26476F);
        c[ImGuiCol_HeaderActive] = rgb(0x2B5486);
        c[ImGuiCol_Tab] = rgb(0x262A33);
        c[ImGuiCol_TabHovered] = rgb(0x1F3A5C);
        c[ImGuiCol_TabActive] = rgb(0x2E3440);
        c[ImGuiCol_TableHeaderBg] = rgb(0x262A33);
        c[ImGuiCol_TableRowBgAlt] = rgb(0x20242B);
        c[ImGuiCol_CheckMark] = rgb(0x6CA8F0);
        c[ImGuiCol_SliderGrab] = rgb(0x6CA8F0);
        c[ImGuiCol_SliderGrabActive] = rgb(0x8DBBF3);
        c[ImGuiCol_PlotHistogram] = rgb(0x6CA8F0);
        c[ImGuiCol_Separator] = rgb(0x363C48);
    }
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

}  // namespace rapport::gui
