// Small drawing helpers the panels share: headings, wrapped coloured text, chips, meters, cards,
// pills, links, bars and the text helpers around them.
#pragma once

#include <imgui.h>

#include <initializer_list>
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

// --- Text ----------------------------------------------------------------------------------------

[[nodiscard]] std::string in_quotes(std::string_view s);  // between curly double quotes
[[nodiscard]] std::string capitalized(std::string s);     // first letter upper case
[[nodiscard]] std::string plural(int n, const char* one, const char* many);  // "3 turns"
[[nodiscard]] ImVec4 with_alpha(ImVec4 c, float a);
[[nodiscard]] ImU32 u32(const ImVec4& c);
[[nodiscard]] ImVec4 text_color();  // the style's text colour
// The height of `s` in font `f` wrapped at `wrap` pixels.
[[nodiscard]] float text_height(ImFont* f, std::string_view s, float wrap);
// `s` broken into lines no wider than `width` (pixels, in font `f`) at spaces only. ImGui 1.86 also
// breaks after . , ; ! ? and ", which splits "I'm..." and leaves a closing quote alone on a line;
// text wrapped here keeps every word with its punctuation. A word wider than a line stays whole
// (ImGui cuts it where it must). Existing line breaks are kept.
[[nodiscard]] std::string wrap_words(ImFont* f, std::string_view s, float width);
// TextUnformatted, wrapped with wrap_words() at the current wrap position (if any).
void text_unformatted(std::string_view s);
// Text in a font and colour, wrapped at the current wrap position.
void text(ImFont* font, const ImVec4& color, std::string_view s);
// Wraps the following text at this screen x.
void push_wrap_at(float screen_x);

// --- Pills, links, buttons, bars -----------------------------------------------------------------

// A small rounded label with a tinted background, vertically centred in a line of `line_h`
// (the text line by default). It is an item, so IsItemHovered() works after it.
void pill(const UiState& ui, std::string_view label, const ImVec4& color, float line_h = 0);
[[nodiscard]] float pill_width(const UiState& ui, std::string_view label);
// A text button drawn as a link, vertically centred in a line of `line_h` (the text's by default).
bool link(const UiState& ui, const std::string& label, float line_h = 0);
// A button in the accent colour, for the screen's main action.
bool primary_button(const UiState& ui, const char* label);
// The first of `labels` whose button fits in `width` (the last if none does).
[[nodiscard]] const char* fitting_label(std::initializer_list<const char*> labels, float width);
// A horizontal bar in `width`: `fraction` of it filled.
void bar(float width, float height, float fraction, ImU32 fill, ImU32 track);
// Continues the line at screen x `x` (SameLine's offset is relative to the enclosing group).
void same_line_at(float x);
// Right-aligns the next item of width `w` on the current line, ending at screen x `right`.
void same_line_right(float right, float w);

// --- Cards ---------------------------------------------------------------------------------------

// A card: a rounded panel behind whatever is drawn between begin_card() and end_card(). The
// content goes first on one draw channel and the background after it on the channel below, so
// the card's height follows its content. Up to three inner boxes can be filled the same way.
struct Box {
    ImVec2 min, max;
    ImU32 fill = 0;
    ImU32 stripe = 0;  // a bar down the left side
};

struct Card {
    ImDrawListSplitter splitter;
    ImVec2 start;
    float width = 0;
    ImVec2 pad;
    ImU32 fill = 0, border = 0, stripe = 0;
    float border_w = 1.0f;
    float divider_x = -1;  // a vertical divider at this screen x
    Box boxes[4];
    int box_count = 0;
};

// Places pills one after another, starting a new line when the next would pass `right`.
struct Flow {
    float right;
    bool first = true;
    void next(float w) {
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        first = false;
    }
};

void begin_card(Card& c, float width, ImU32 stripe = 0);
[[nodiscard]] float card_inner_width(const Card& c);
void end_card(Card& c);
// A thin horizontal line across a card's content.
void card_rule(const Card& c);

}  // namespace rapport::gui
