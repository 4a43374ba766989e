// Shared drawing helpers (see widgets.hpp).
#include "widgets.hpp"

#include <algorithm>

namespace rapport::gui {

void heading(const UiState& ui, std::string_view text) {
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopFont();
}

void bold_text(const UiState& ui, std::string_view text) {
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopFont();
}

void wrapped(std::string_view text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
}

void wrapped_colored(const ImVec4& color, std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    wrapped(text);
    ImGui::PopStyleColor();
}

void italic_wrapped(const UiState& ui, const ImVec4& color, std::string_view text) {
    ImGui::PushFont(ui.fonts.italic);
    wrapped_colored(color, text);
    ImGui::PopFont();
}

void muted_text(const UiState& ui, std::string_view text) {
    wrapped_colored(ui.palette.muted, text);
}

bool chip(std::string_view text, bool selected) {
    const std::string label(text);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 100.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 2.0f));
    if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
    const bool clicked = ImGui::SmallButton(label.c_str());
    if (selected) ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    return clicked;
}

std::string signed_text(int value) {
    return (value > 0 ? "+" : "") + std::to_string(value);
}

void meter(const UiState& ui, std::string_view label, int value, int min, int max,
           bool higher_is_better, int delta, bool show_delta, float width) {
    const Palette& p = ui.palette;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted(label.data(), label.data() + label.size());
    ImGui::PopFont();
    ImGui::SameLine();
    const std::string v = std::to_string(value);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::max(0.0f, width - ImGui::GetCursorPosX() -
                                            ImGui::CalcTextSize(v.c_str()).x -
                                            ImGui::CalcTextSize("+00").x - line));
    ImGui::TextUnformatted(v.c_str());
    if (show_delta && delta != 0) {
        ImGui::SameLine();
        const bool good = (delta > 0) == higher_is_better;
        ImGui::TextColored(good ? p.good : p.bad, "%s", signed_text(delta).c_str());
    }
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float h = std::max(6.0f, line * 0.45f);
    const ImVec2 b(a.x + width, a.y + h);
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg), h * 0.5f);
    dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), h * 0.5f);
    const float t =
        max > min ? std::clamp(static_cast<float>(value - min) / static_cast<float>(max - min),
                               0.0f, 1.0f)
                  : 0.0f;
    // Colour by how good the value is: good high for trust, good low for dependence.
    const float goodness = higher_is_better ? t : 1.0f - t;
    const ImVec4 c = goodness >= 0.6f ? p.good : goodness >= 0.35f ? p.warn : p.bad;
    if (t > 0)
        dl->AddRectFilled(a, ImVec2(a.x + width * t, b.y), ImGui::ColorConvertFloat4ToU32(c),
                          h * 0.5f);
    ImGui::Dummy(ImVec2(width, h));
}

void bubble(std::string_view text, ImU32 background, ImU32 text_color, float max_width,
            bool align_right, ImFont* font, std::string_view caption, ImFont* caption_font) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 pad(style.FramePadding.x * 1.4f, style.FramePadding.y * 1.6f);
    if (font) ImGui::PushFont(font);
    const float wrap = max_width - 2 * pad.x;
    ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap);
    if (font) ImGui::PopFont();
    float caption_h = 0;
    if (!caption.empty()) {
        if (caption_font) ImGui::PushFont(caption_font);
        const ImVec2 cs =
            ImGui::CalcTextSize(caption.data(), caption.data() + caption.size(), false, wrap);
        if (caption_font) ImGui::PopFont();
        caption_h = cs.y + style.ItemInnerSpacing.y;
        size.x = std::max(size.x, cs.x);
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float w = size.x + 2 * pad.x;
    const float h = size.y + caption_h + 2 * pad.y;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    if (align_right) pos.x += std::max(0.0f, avail - w);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), background, 10.0f);
    dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), ImGui::GetColorU32(ImGuiCol_Border), 10.0f);
    ImVec2 tp(pos.x + pad.x, pos.y + pad.y);
    if (!caption.empty()) {
        ImFont* cf = caption_font ? caption_font : ImGui::GetFont();
        dl->AddText(cf, cf->FontSize, tp, ImGui::GetColorU32(ImGuiCol_TextDisabled), caption.data(),
                    caption.data() + caption.size(), wrap);
        tp.y += caption_h;
    }
    ImFont* f = font ? font : ImGui::GetFont();
    dl->AddText(f, f->FontSize, tp, text_color, text.data(), text.data() + text.size(), wrap);
    ImGui::Dummy(ImVec2(avail, h));
}

void copy_to_clipboard(UiState& ui, const std::string& text) {
    ImGui::SetClipboardText(text.c_str());
    ui.say("Copied " + text);
}

}  // namespace rapport::gui
