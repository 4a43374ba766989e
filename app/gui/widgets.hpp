// Small drawing helpers the panels share: headings, wrapped coloured text, chips, meters, cards.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

#include "ui_state.hpp"

namespace rapport::gui {

void heading(const UiState& ui, std::string_view text);
void bold_text(const UiState& ui, std::string_view text);
void wrapped(std::string_view text);
void wrapped_colored(const ImVec4& color, std::string_view text);
void italic_wrapped(const UiState& ui, const ImVec4& color, std::string_view text);
void muted_text(const UiState& ui, std::string_view text);
// A small rounded label, e.g. a tag or a difficulty. Returns true when clicked.
bool chip(std::string_view text, bool selected = false);
// A horizontal meter: label, bar, value, and the last change beside it while `show_delta`.
void meter(const UiState& ui, std::string_view label, int value, int min, int max,
           bool higher_is_better, int delta, bool show_delta, float width);
// "+5" / "-3" / "0".
[[nodiscard]] std::string signed_text(int value);
// A wrapped text block inside a rounded background (chat bubbles, cards).
void bubble(std::string_view text, ImU32 background, ImU32 text_color, float max_width,
            bool align_right, ImFont* font = nullptr, std::string_view caption = {},
            ImFont* caption_font = nullptr);
// Sets the clipboard and says so in the status bar.
void copy_to_clipboard(UiState& ui, const std::string& text);

}  // namespace rapport::gui
