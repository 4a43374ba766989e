// Shared drawing helpers (see widgets.hpp).
#include "widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cctype>

namespace rapport::gui {

std::string wrap_words(ImFont* f, std::string_view s, float width) {
    if (width <= 0 || s.empty()) return std::string(s);
    auto w = [f](std::string_view t) {
        return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, t.data(), t.data() + t.size()).x;
    };
    std::string out;
    out.reserve(s.size() + 8);
    std::size_t i = 0;
    while (true) {
        std::size_t nl = s.find('\n', i);
        if (nl == std::string_view::npos) nl = s.size();
        const std::string_view para = s.substr(i, nl - i);
        std::string line;
        bool first = true;
        for (std::size_t p = 0; p <= para.size();) {
            std::size_t sp = para.find(' ', p);
            if (sp == std::string_view::npos) sp = para.size();
            const std::string_view word = para.substr(p, sp - p);
            std::string candidate = first ? std::string(word) : line + " " + std::string(word);
            if (!first && !line.empty() && w(candidate) > width) {
                out += line;
                out += '\n';
                line = std::string(word);
            } else {
                line = std::move(candidate);
            }
            first = false;
            p = sp + 1;
        }
        out += line;
        if (nl >= s.size()) break;
        out += '\n';
        i = nl + 1;
    }
    return out;
}

const char* fitting_label(std::initializer_list<const char*> labels, float width) {
    const char* out = "";
    for (const char* l : labels) {
        out = l;
        if (ImGui::CalcTextSize(l).x + 2 * ImGui::GetStyle().FramePadding.x <= width) break;
    }
    return out;
}

void text_unformatted(std::string_view s) {
    const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
    const float wrap_x = window->DC.TextWrapPos;
    if (wrap_x < 0.0f) {
        ImGui::TextUnformatted(s.data(), s.data() + s.size());
        return;
    }
    const float width = ImGui::CalcWrapWidthForPos(window->DC.CursorPos, wrap_x);
    const std::string t = wrap_words(ImGui::GetFont(), s, width - 1.0f);
    ImGui::TextUnformatted(t.data(), t.data() + t.size());
}

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
    text_unformatted(text);
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
    const std::string v = std::to_string(value);
    ImGui::PushFont(ui.fonts.bold);
    const float label_w = ImGui::CalcTextSize(label.data(), label.data() + label.size()).x;
    ImGui::TextUnformatted(label.data(), label.data() + label.size());
    ImGui::PopFont();
    // The value and its change take "000 +00" at the right; a longer label puts them below it.
    const float value_w = ImGui::CalcTextSize(v.c_str()).x + ImGui::CalcTextSize("+00").x + line;
    if (label_w + ImGui::GetStyle().ItemSpacing.x + value_w <= width) ImGui::SameLine();
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
    const std::string lines = wrap_words(font ? font : ImGui::GetFont(), text, wrap);
    text = lines;
    ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap + 1.0f);
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
    dl->AddText(f, f->FontSize, tp, text_color, text.data(), text.data() + text.size(),
                wrap + 1.0f);
    ImGui::Dummy(ImVec2(avail, h));
}

void copy_to_clipboard(UiState& ui, const std::string& text) {
    ImGui::SetClipboardText(text.c_str());
    ui.say("Copied " + text);
}

namespace {
constexpr const char* lquote = "\xE2\x80\x9C";  // “
constexpr const char* rquote = "\xE2\x80\x9D";  // ”
}  // namespace

std::string in_quotes(std::string_view s) {
    return std::string(lquote) + std::string(s) + rquote;
}

std::string capitalized(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string plural(int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

ImVec4 with_alpha(ImVec4 c, float a) {
    c.w = a;
    return c;
}

ImU32 u32(const ImVec4& c) {
    return ImGui::ColorConvertFloat4ToU32(c);
}

ImVec4 text_color() {
    return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

float text_height(ImFont* f, std::string_view s, float wrap) {
    if (s.empty()) return 0;
    const std::string t = wrap_words(f, s, wrap - 1.0f);  // as text_unformatted() breaks it
    return f
        ->CalcTextSizeA(f->FontSize, FLT_MAX, std::max(wrap, 1.0f), t.data(), t.data() + t.size())
        .y;
}

void text(ImFont* font, const ImVec4& color, std::string_view s) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    text_unformatted(s);
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

// Wraps the following text at this screen x.
void push_wrap_at(float screen_x) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (screen_x - ImGui::GetCursorScreenPos().x));
}

// A small rounded label with a tinted background, vertically centred in a line of `line_h`
// (the text line by default). It is an item, so IsItemHovered() works after it.
void pill(const UiState& ui, std::string_view label, const ImVec4& color, float line_h) {
    ImFont* f = ui.fonts.small;
    const ImVec2 ts =
        f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, label.data(), label.data() + label.size());
    const float pad_x = f->FontSize * 0.55f, h = f->FontSize + 5.0f;
    if (line_h <= 0) line_h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + std::max(0.0f, (line_h - h) * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + ts.x + 2 * pad_x, y + h),
                      u32(with_alpha(color, 0.14f)), h * 0.5f);
    dl->AddText(f, f->FontSize, ImVec2(p.x + pad_x, y + (h - ts.y) * 0.5f), u32(color),
                label.data(), label.data() + label.size());
    ImGui::Dummy(ImVec2(ts.x + 2 * pad_x, std::max(line_h, h)));
}

float pill_width(const UiState& ui, std::string_view label) {
    ImFont* f = ui.fonts.small;
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, label.data(), label.data() + label.size())
               .x +
           2 * f->FontSize * 0.55f;
}

// A text button drawn as a link, vertically centred in a line of `line_h` (the text's by default).
bool link(const UiState& ui, const std::string& label, float line_h) {
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    ImVec2 p = ImGui::GetCursorScreenPos();
    const bool clicked =
        ImGui::InvisibleButton(label.c_str(), ImVec2(size.x, std::max(size.y, line_h)));
    const bool hovered = ImGui::IsItemHovered();
    p.y += std::max(0.0f, (line_h - size.y) * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(p, u32(ui.palette.accent), label.c_str());
    if (hovered) {
        dl->AddLine(ImVec2(p.x, p.y + size.y), ImVec2(p.x + size.x, p.y + size.y),
                    u32(ui.palette.accent));
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    return clicked;
}

// A button in the accent colour, for the screen's main action.
bool primary_button(const UiState& ui, const char* label) {
    const ImVec4 a = ui.palette.accent;
    ImGui::PushStyleColor(ImGuiCol_Button, a);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, with_alpha(a, 0.88f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, with_alpha(a, 0.75f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
    ImGui::PushStyleColor(ImGuiCol_Border, a);
    ImGui::PushFont(ui.fonts.bold);
    const bool clicked = ImGui::Button(label);
    ImGui::PopFont();
    ImGui::PopStyleColor(5);
    return clicked;
}

void begin_card(Card& c, float width, ImU32 stripe) {
    ImGui::BeginGroup();  // the whole card, so that SameLine() after it continues at its top
    ImDrawList* dl = ImGui::GetWindowDrawList();
    c.splitter.Split(dl, 2);
    c.splitter.SetCurrentChannel(dl, 1);
    c.start = ImGui::GetCursorScreenPos();
    c.width = width;
    const ImGuiStyle& st = ImGui::GetStyle();
    c.pad = ImVec2(st.WindowPadding.x * (stripe ? 1.25f : 1.0f), st.WindowPadding.y);
    c.fill = ImGui::GetColorU32(ImGuiCol_FrameBg);
    c.border = ImGui::GetColorU32(ImGuiCol_Border);
    c.stripe = stripe;
    ImGui::SetCursorScreenPos(ImVec2(c.start.x + c.pad.x, c.start.y + c.pad.y));
    ImGui::BeginGroup();
    push_wrap_at(c.start.x + width - c.pad.x);
}

float card_inner_width(const Card& c) {
    return c.width - 2 * c.pad.x;
}

void end_card(Card& c) {
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float bottom = ImGui::GetItemRectMax().y + c.pad.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    c.splitter.SetCurrentChannel(dl, 0);
    const ImVec2 a = c.start, b(c.start.x + c.width, bottom);
    const float rounding = ImGui::GetStyle().ChildRounding;
    dl->AddRectFilled(a, b, c.fill, rounding);
    if (c.stripe)
        dl->AddRectFilled(a, ImVec2(a.x + 5.0f, b.y), c.stripe, rounding,
                          ImDrawFlags_RoundCornersLeft);
    dl->AddRect(a, b, c.border, rounding, 0, c.border_w);
    if (c.divider_x > 0)
        dl->AddLine(ImVec2(c.divider_x, a.y + c.pad.y), ImVec2(c.divider_x, b.y - c.pad.y),
                    ImGui::GetColorU32(ImGuiCol_Separator));
    for (int i = 0; i < c.box_count; ++i) {
        const Box& x = c.boxes[i];
        dl->AddRectFilled(x.min, x.max, x.fill, rounding * 0.75f);
        if (x.stripe)
            dl->AddRectFilled(x.min, ImVec2(x.min.x + 3.0f, x.max.y), x.stripe, rounding * 0.75f,
                              ImDrawFlags_RoundCornersLeft);
    }
    c.splitter.Merge(dl);
    ImGui::SetCursorScreenPos(ImVec2(a.x, bottom));
    ImGui::Dummy(ImVec2(c.width, 0.0f));
    ImGui::EndGroup();
}

// A thin horizontal line across a card's content.
void card_rule(const Card& c) {
    const float sp = ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(c.start.x + c.pad.x, p.y + sp * 0.5f),
                                        ImVec2(c.start.x + c.width - c.pad.x, p.y + sp * 0.5f),
                                        ImGui::GetColorU32(ImGuiCol_Separator));
    ImGui::Dummy(ImVec2(1.0f, sp));
}

// A horizontal bar in `width`: `fraction` of it filled.
void bar(float width, float height, float fraction, ImU32 fill, ImU32 track) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + height), track, height * 0.5f);
    fraction = std::clamp(fraction, 0.0f, 1.0f);
    if (fraction > 0)
        dl->AddRectFilled(p, ImVec2(p.x + std::max(width * fraction, height), p.y + height), fill,
                          height * 0.5f);
    ImGui::Dummy(ImVec2(width, height));
}

// Continues the line at screen x `x` (SameLine's offset is relative to the enclosing group).
void same_line_at(float x) {
    ImGui::SameLine();
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
}

// Right-aligns the next item of width `w` on the current line, ending at screen x `right`.
void same_line_right(float right, float w) {
    ImGui::SameLine();
    const float x = right - w;
    if (x > ImGui::GetCursorScreenPos().x)
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
}

}  // namespace rapport::gui
