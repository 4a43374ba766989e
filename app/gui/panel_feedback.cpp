// The feedback screen: the report model as a lesson. A header card with the ending, its grade and
// how close the session came to the best achievable one; then tabs: Overview (a chart of every
// state variable with the grading thresholds and a best session's curve; turning points), Turn by
// turn (what the trainee said, what it did to the client, what would have been better and why,
// and a way back to any turn to answer again), Skills (against the MITI 4.2.1 thresholds),
// Opportunities, and A best session. Exports and the way back sit in a row at the bottom.
// Long sessions stay cheap: the turn list lays out only the cards on screen, with the heights of
// the others remembered in ImGui's window storage.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chart.hpp"
#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

constexpr const char* lquote = "\xE2\x80\x9C";  // “
constexpr const char* rquote = "\xE2\x80\x9D";  // ”
constexpr const char* check = "\xE2\x9C\x93";   // ✓
constexpr const char* dot = "  \xC2\xB7  ";     // ·

constexpr int tab_overview = 0, tab_turns = 1, tab_skills = 2, tab_opportunities = 3, tab_best = 4,
              tab_count = 5;

// What a click asked for; done after the frame's drawing, because most of these replace the
// report that the drawing reads.
enum class Action { None, Replay, Library, Author, Session, Export };
struct Pending {
    Action action = Action::None;
    int turn = 0;
    const char* format = "";
};

// Moving between tabs (a click on a chart, a turning point or an opportunity opens that turn),
// kept in the window's ImGui storage from one frame to the next.
struct Nav {
    int jump_turn = 0;     // scroll the turn list to this turn (0: none)
    int jump_tries = 0;    // frames spent scrolling to it
    ImGuiID report = 0;    // which report this is about (a new one starts afresh)
    int focus_turn = 0;    // outlined in the turn list: the last turn jumped to
    int hover_x = -1;      // the turn under the mouse in any chart last frame
    int request_tab = -1;  // a tab to open
};

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

bool poor(const ReportTurn& t) {
    return t.better.has_value() || t.cost() > 0;
}

ImVec4 outcome_color(const UiState& ui, const std::string& outcome) {
    if (outcome == "good") return ui.palette.good;
    if (outcome == "mixed") return ui.palette.warn;
    if (outcome == "poor") return ui.palette.bad;
    return ui.palette.accent;
}

// Helpful skills in green, the roadblocks novices reach for in red, the rest in blue.
ImVec4 skill_color(const UiState& ui, std::string_view group) {
    if (group == "novice_error" || group == "advice" || group == "confrontation")
        return ui.palette.bad;
    if (group == "reflection" || group == "affirmation" || group == "summary" ||
        group == "autonomy")
        return ui.palette.good;
    return ui.palette.accent;
}

const Skill* find_skill(const AppModel& model, std::string_view id) {
    const auto& skills =
        model.playing() ? model.session().scenario().skills : model.catalogue().skills;
    for (const auto& s : skills)
        if (s.id == id) return &s;
    return nullptr;
}

// Why the better response is better, in numbers (as the text, Markdown and HTML reports say it).
std::string better_why(const ReportTurn& t) {
    const std::string after = t.best_after ? std::to_string(*t.best_after) : std::string("none");
    if (!t.best_after || t.better->best > *t.best_after)
        return "Best achievable score " + std::to_string(t.better->best) + " instead of " + after;
    return "Same best achievable score, " + std::to_string(t.better->best) + ", but score " +
           signed_text(t.better->impact) + " this turn instead of " + signed_text(t.impact);
}

std::string rating(std::optional<double> value, double fair, double good) {
    if (!value) return "not measured";
    if (*value >= good) return "good";
    if (*value >= fair) return "fair";
    return "below fair";
}

ImVec4 rating_color(const UiState& ui, std::optional<double> value, double fair, double good) {
    if (!value) return ui.palette.muted;
    if (*value >= good) return ui.palette.good;
    if (*value >= fair) return ui.palette.warn;
    return ui.palette.bad;
}

// --- Small drawing helpers -------------------------------------------------------------------

void text(ImFont* font, const ImVec4& color, std::string_view s) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

// Wraps the following text at this screen x.
void push_wrap_at(float screen_x) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (screen_x - ImGui::GetCursorScreenPos().x));
}

// A small rounded label with a tinted background, vertically centred in a line of `line_h`
// (the text line by default). It is an item, so IsItemHovered() works after it.
void pill(const UiState& ui, std::string_view label, const ImVec4& color, float line_h = 0) {
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
bool link(const UiState& ui, const std::string& label, float line_h = 0) {
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

// A card: a rounded panel behind whatever is drawn between begin_card() and end_card(). The
// content goes first on one draw channel and the background after it on the channel below, so
// the card's height follows its content. Up to two inner boxes can be filled the same way.
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
    Box boxes[2];
    int box_count = 0;
};

void begin_card(Card& c, float width, ImU32 stripe = 0) {
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

// --- Header ----------------------------------------------------------------------------------

void header(const AppModel& model, const UiState& ui, const Report& r) {
    const Palette& pal = ui.palette;
    const ImGuiStyle& st = ImGui::GetStyle();
    Card card;
    begin_card(card, ImGui::GetContentRegionAvail().x);
    const float inner = card_inner_width(card);
    const float gap = st.WindowPadding.x * 2;
    const float right_w =
        std::clamp(inner * 0.3f, ImGui::GetFontSize() * 15, ImGui::GetFontSize() * 24);
    const float left_w = inner - right_w - gap;
    const float left_edge = ImGui::GetCursorScreenPos().x;

    ImGui::BeginGroup();
    push_wrap_at(left_edge + left_w);
    std::string meta = r.scenario_title + dot + (r.mode == "exam" ? "exam" : "practice") + " mode" +
                       dot + plural(static_cast<int>(r.turns.size()), "turn", "turns");
    if (model.author_try())
        meta += std::string(dot) + "a branch tried from author mode (not recorded)";
    text(ui.fonts.small, pal.muted, meta);
    const ImVec4 oc = r.finished ? outcome_color(ui, r.ending_outcome) : pal.warn;
    text(ui.fonts.heading, oc, r.finished ? r.ending_title : "Session not finished");
    if (r.finished && !r.ending_grade.empty()) {
        const std::string grade =
            r.ending_grade +
            (r.ending_outcome.empty() ? std::string() : " (" + r.ending_outcome + " outcome)");
        const float heading_h = ui.fonts.heading->FontSize;
        const float w = pill_width(ui, grade);
        ImGui::SameLine(0, st.ItemSpacing.x * 1.5f);
        if (ImGui::GetCursorScreenPos().x + w > left_edge + left_w) ImGui::NewLine();
        pill(ui, grade, oc, heading_h);
    }
    ImGui::Spacing();
    if (r.finished) {
        text(ui.fonts.regular, text_color(), r.ending_text);
    } else {
        text(ui.fonts.regular, text_color(),
             "The session stopped after " +
                 plural(static_cast<int>(r.turns.size()), "turn", "turns") +
                 ", before it reached an ending, so there is no outcome yet. Everything below "
                 "is about the session so far.");
    }
    if (r.mode == "exam")
        text(ui.fonts.small, pal.muted,
             "Exam mode: the client's state was hidden during the session. It is all shown "
             "here.");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    same_line_at(left_edge + left_w + gap);
    card.divider_x = ImGui::GetCursorScreenPos().x - gap * 0.5f;
    ImGui::BeginGroup();
    const float right_edge = ImGui::GetCursorScreenPos().x + right_w;
    push_wrap_at(right_edge);
    const ImU32 track = pal.chart_grid;
    if (r.percent_of_best) {
        const int pct = *r.percent_of_best;
        const ImVec4 c = pct >= 80 ? pal.good : pct >= 50 ? pal.warn : pal.bad;
        text(ui.fonts.small, pal.muted, "How close you came to the best session");
        ImGui::PushFont(ui.fonts.heading);
        ImGui::TextColored(c, "%d%%", pct);
        ImGui::PopFont();
        const bool hover_pct = ImGui::IsItemHovered();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        text(ui.fonts.regular, pal.muted, "of the best achievable");
        bar(right_w, 8.0f, static_cast<float>(pct) / 100.0f, u32(c), track);
        ImGui::Spacing();
        std::string line = "Score " + std::to_string(r.score) + "; a best session scores " +
                           std::to_string(r.best_score.value_or(0));
        if (r.worst_score) line += ", the worst " + std::to_string(*r.worst_score);
        text(ui.fonts.small, pal.muted, line + ".");
        if (hover_pct || ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Score = %s on the client's final state.\n%d%% = score / best "
                "achievable score, rounded.",
                r.score_expression.c_str(), pct);
    } else {
        text(ui.fonts.small, pal.muted, r.finished ? "Score" : "Score so far");
        ImGui::PushFont(ui.fonts.heading);
        ImGui::Text("%d", r.score);
        ImGui::PopFont();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Score = %s", r.score_expression.c_str());
        if (r.best_score) {
            text(ui.fonts.small, pal.muted,
                 "A best session scores " + std::to_string(*r.best_score) +
                     (r.worst_score ? ", the worst " + std::to_string(*r.worst_score) : "") + ".");
        } else if (!r.analysis_complete) {
            text(ui.fonts.small, pal.muted,
                 "The scenario is too large to compute the best achievable score.");
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    end_card(card);
}

// --- Overview ------------------------------------------------------------------------------------

void chart_grid(const UiState& ui, const Report& r, float width, Nav& nav) {
    const Palette& pal = ui.palette;
    const ImGuiStyle& st = ImGui::GetStyle();
    std::vector<int> poor_turns;
    for (const auto& t : r.turns)
        if (poor(t)) poor_turns.push_back(t.number);

    const bool two = width > ImGui::GetFontSize() * 40 && r.variables.size() > 1;
    const float gap = st.ItemSpacing.x * 1.5f;
    const float card_w = two ? (width - gap) * 0.5f : width;
    const float chart_h = std::clamp(ImGui::GetFontSize() * 12.5f, 170.0f, 420.0f);
    int hovered = -1;
    const float x0 = ImGui::GetCursorScreenPos().x;
    for (std::size_t i = 0; i < r.variables.size(); ++i) {
        const ReportVariable& v = r.variables[i];
        if (two && i % 2 == 1) same_line_at(x0 + card_w + gap);
        // Cards off screen are skipped (their height is known: the chart's plus the padding).
        const float card_h = chart_h + 2 * st.WindowPadding.y;
        if (!ImGui::IsRectVisible(ImVec2(card_w, card_h))) {
            ImGui::Dummy(ImVec2(card_w, card_h));
            continue;
        }
        ChartSpec spec;
        spec.title = v.label + (v.higher_is_better ? "" : " (lower is better)");
        spec.y_min = v.min;
        spec.y_max = v.max;
        spec.series.push_back({"your session", v.series, pal.series[0], false});
        if (!v.best_path_series.empty())
            spec.series.push_back({"a best session", v.best_path_series, pal.chart_best, true});
        for (const auto& t : v.thresholds)
            spec.thresholds.push_back({t.value, t.label});
        spec.highlight_x = poor_turns;
        spec.guide_x = nav.hover_x;
        if (!v.series.empty()) {
            spec.note = "ended at " + std::to_string(v.series.back());
            if (!v.best_path_series.empty())
                spec.note += ", a best session at " + std::to_string(v.best_path_series.back());
        }
        spec.x_note = [&r, i](int x) {
            if (x < 1 || x > static_cast<int>(r.turns.size())) return std::string();
            const ReportTurn& t = r.turns[static_cast<std::size_t>(x - 1)];
            std::string s = "You: " + t.skill_label;
            if (i < t.before.size() && i < t.after.size()) {
                const int d = t.after[i] - t.before[i];
                s += "\n" + r.variables[i].label + ": " +
                     (d == 0 ? std::string("no change") : signed_text(d));
            }
            return s;
        };
        spec.hint = "Click to read this turn";
        spec.legend = false;
        Card card;
        begin_card(card, card_w);
        ImGui::PushID(static_cast<int>(i));
        const int h = line_chart(ui, "##chart", spec, ImVec2(card_inner_width(card), chart_h));
        const bool clicked = ImGui::IsItemClicked();
        ImGui::PopID();
        end_card(card);
        if (h >= 0) hovered = h;
        if (clicked && h >= 1) {
            nav.jump_turn = h;
            nav.request_tab = tab_turns;
        }
    }
    nav.hover_x = hovered;
}

void turning_points(const UiState& ui, const Report& r, float width, Nav& nav) {
    const Palette& pal = ui.palette;
    Card card;
    begin_card(card, width);
    text(ui.fonts.bold, text_color(), "Turning points");
    text(ui.fonts.small, pal.muted, "The answers that changed the score most, up or down.");
    if (r.turning_points.empty()) {
        ImGui::Spacing();
        text(ui.fonts.regular, pal.muted, "No answer changed the score.");
    }
    for (const auto& tp : r.turning_points) {
        if (tp.turn < 1 || tp.turn > static_cast<int>(r.turns.size())) continue;
        const ReportTurn& t = r.turns[static_cast<std::size_t>(tp.turn - 1)];
        card_rule(card);
        ImGui::PushID(tp.turn);
        text(ui.fonts.bold, text_color(), "Turn " + std::to_string(tp.turn));
        ImGui::SameLine();
        pill(ui, "score " + signed_text(tp.impact), tp.impact >= 0 ? pal.good : pal.bad);
        ImGui::SameLine();
        pill(ui, t.skill_label, skill_color(ui, t.skill_group));
        text(ui.fonts.italic, text_color(), in_quotes(t.say));
        if (link(ui, "Read turn " + std::to_string(tp.turn))) {
            nav.jump_turn = tp.turn;
            nav.request_tab = tab_turns;
        }
        ImGui::PopID();
    }
    end_card(card);
}

void at_a_glance(const UiState& ui, const Report& r, float width) {
    const Palette& pal = ui.palette;
    const SkillProfile& p = r.skills;
    Card card;
    begin_card(card, width);
    text(ui.fonts.bold, text_color(), "At a glance");
    ImGui::Spacing();
    const float value_x = card.start.x + width - card.pad.x;
    auto row = [&](const std::string& label, const std::string& value, const ImVec4& c) {
        ImGui::PushTextWrapPos(-1.0f);
        text(ui.fonts.regular, pal.muted, label);
        ImGui::PushFont(ui.fonts.bold);
        const float w = ImGui::CalcTextSize(value.c_str()).x;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w > value_x)
            ImGui::SetCursorScreenPos(ImVec2(value_x - w, ImGui::GetCursorScreenPos().y));
        else
            same_line_right(value_x, w);
        ImGui::TextColored(c, "%s", value.c_str());
        ImGui::PopFont();
        ImGui::PopTextWrapPos();
    };
    int poor_count = 0;
    for (const auto& t : r.turns)
        poor_count += poor(t) ? 1 : 0;
    const int n = static_cast<int>(r.turns.size());
    if (r.analysis_complete)
        row("Answers to review", std::to_string(poor_count) + " of " + std::to_string(n),
            poor_count == 0       ? pal.good
            : poor_count * 3 <= n ? pal.warn
                                  : pal.bad);
    const auto rq = p.reflection_to_question();
    char buf[64];
    if (rq)
        std::snprintf(buf, sizeof buf, "%.1f : 1, %s", *rq,
                      rating(rq, MitiThresholds::reflection_question_fair,
                             MitiThresholds::reflection_question_good)
                          .c_str());
    else
        std::snprintf(buf, sizeof buf, "no questions");
    row("Reflections per question", buf,
        rating_color(ui, rq, MitiThresholds::reflection_question_fair,
                     MitiThresholds::reflection_question_good));
    const auto cp = p.complex_percent();
    if (cp)
        std::snprintf(buf, sizeof buf, "%.0f%%, %s", *cp,
                      rating(cp, MitiThresholds::complex_reflection_fair,
                             MitiThresholds::complex_reflection_good)
                          .c_str());
    else
        std::snprintf(buf, sizeof buf, "no reflections");
    row("Complex reflections", buf,
        rating_color(ui, cp, MitiThresholds::complex_reflection_fair,
                     MitiThresholds::complex_reflection_good));
    row("Autonomy / dependence moves",
        std::to_string(p.autonomy_moves) + " / " + std::to_string(p.dependence_moves),
        p.dependence_moves > p.autonomy_moves ? pal.bad
        : p.dependence_moves > 0              ? pal.warn
                                              : pal.good);
    if (!r.opportunities.empty()) {
        int answered = 0;
        for (const auto& o : r.opportunities)
            answered += o.answered_at ? 1 : 0;
        const int all = static_cast<int>(r.opportunities.size());
        row("Opportunities answered", std::to_string(answered) + " of " + std::to_string(all),
            answered == all       ? pal.good
            : answered * 2 >= all ? pal.warn
                                  : pal.bad);
    }
    end_card(card);
}

void overview(const UiState& ui, const Report& r, Nav& nav) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const bool side = width > ImGui::GetFontSize() * 48;
    const float side_w =
        side ? std::clamp(width * 0.28f, ImGui::GetFontSize() * 16, ImGui::GetFontSize() * 24)
             : width;
    const float main_w = side ? width - side_w - st.ItemSpacing.x * 1.5f : width;
    const float x0 = ImGui::GetCursorScreenPos().x;

    ImGui::BeginGroup();
    push_wrap_at(x0 + main_w);
    text(ui.fonts.regular, ui.palette.muted,
         "How " + r.client_name +
             "'s state moved: at the start (turn 0) and after each of your answers. Hover a "
             "chart for the values; click it to read that turn.");
    ImGui::PopTextWrapPos();
    // One legend for all the charts.
    ChartSpec legend;
    legend.series.push_back({"your session", {0}, ui.palette.series[0], false});
    bool any_best = false, any_threshold = false, any_poor = false;
    for (const auto& v : r.variables) {
        any_best = any_best || !v.best_path_series.empty();
        any_threshold = any_threshold || !v.thresholds.empty();
    }
    for (const auto& t : r.turns)
        any_poor = any_poor || poor(t);
    if (any_best) legend.series.push_back({"a best session", {0}, ui.palette.chart_best, true});
    if (any_threshold) legend.thresholds.push_back({0, "threshold"});
    if (any_poor) legend.highlight_x.push_back(1);
    chart_legend(ui, legend, main_w);
    ImGui::Spacing();
    chart_grid(ui, r, main_w, nav);
    ImGui::EndGroup();

    if (side) {
        same_line_at(x0 + main_w + st.ItemSpacing.x * 1.5f);
        ImGui::BeginGroup();
    }
    turning_points(ui, r, side_w, nav);
    at_a_glance(ui, r, side_w);
    if (side) ImGui::EndGroup();
}

// --- Turn by turn --------------------------------------------------------------------------------

struct TurnView {
    const AppModel& model;
    const UiState& ui;
    const Report& r;
    bool can_replay;
};

float text_height(ImFont* f, std::string_view s, float wrap) {
    if (s.empty()) return 0;
    return f
        ->CalcTextSizeA(f->FontSize, FLT_MAX, std::max(wrap, 1.0f), s.data(), s.data() + s.size())
        .y;
}

// The inner box layout of a turn card (both the drawing and the estimate use it).
struct TurnLayout {
    ImVec2 card_pad, box_pad;
    float inner_w, gap, left_w, right_w;
};

TurnLayout turn_layout(float width, bool has_better) {
    const ImGuiStyle& st = ImGui::GetStyle();
    TurnLayout l;
    l.card_pad = ImVec2(st.WindowPadding.x * 1.25f, st.WindowPadding.y);
    l.box_pad = ImVec2(st.FramePadding.x * 1.3f, st.FramePadding.y * 1.5f);
    l.inner_w = width - 2 * l.card_pad.x;
    l.gap = st.ItemSpacing.x * 1.5f;
    l.left_w = has_better ? (l.inner_w - l.gap) * 0.5f : l.inner_w;
    l.right_w = has_better ? l.inner_w - l.gap - l.left_w : 0;
    return l;
}

// A card's height without drawing it (close; the drawn height replaces it once it is on screen).
float estimate_turn_height(const TurnView& v, const ReportTurn& t, float width) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const UiState& ui = v.ui;
    const TurnLayout l = turn_layout(width, t.better.has_value());
    const float line = ImGui::GetTextLineHeight(), sp = st.ItemSpacing.y;
    float h = 2 * l.card_pad.y + ImGui::GetFrameHeight() + sp;
    h += line + sp + text_height(ui.fonts.regular, in_quotes(t.client_text), l.inner_w) + sp;
    const float lw = l.left_w - 2 * l.box_pad.x;
    float left = line + sp + text_height(ui.fonts.regular, in_quotes(t.say), lw) + sp + line + sp +
                 text_height(ui.fonts.regular, t.rationale, lw);
    float right = 0;
    if (t.better) {
        const float rw = l.right_w - 2 * l.box_pad.x;
        right = line + sp + text_height(ui.fonts.regular, in_quotes(t.better->say), rw) + sp +
                text_height(ui.fonts.regular, t.better->rationale, rw) + sp +
                ui.fonts.small->FontSize;
    }
    h += std::max(left, right) + 2 * l.box_pad.y + sp;
    return h;
}

void effect_pills(const TurnView& v, const ReportTurn& t, float right) {
    const UiState& ui = v.ui;
    Flow flow{right};
    flow.next(ImGui::CalcTextSize("Effect").x);
    text(ui.fonts.regular, ui.palette.muted, "Effect");
    bool any = false;
    for (std::size_t i = 0; i < v.r.variables.size() && i < t.before.size() && i < t.after.size();
         ++i) {
        const int d = t.after[i] - t.before[i];
        if (d == 0) continue;
        any = true;
        const ReportVariable& var = v.r.variables[i];
        const std::string label = var.label + " " + signed_text(d);
        flow.next(pill_width(ui, label));
        pill(ui, label, (d > 0) == var.higher_is_better ? ui.palette.good : ui.palette.bad);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s: %d %s %d", var.label.c_str(), t.before[i], "->", t.after[i]);
    }
    if (!any) {
        flow.next(pill_width(ui, "no change"));
        pill(ui, "no change", ui.palette.muted);
    }
}

void skill_pill(const TurnView& v, const std::string& id, const std::string& label,
                const std::string& group, float line_h = 0) {
    pill(v.ui, label, skill_color(v.ui, group), line_h);
    if (ImGui::IsItemHovered()) {
        if (const Skill* s = find_skill(v.model, id); s && !s->description.empty()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
            text(v.ui.fonts.bold, text_color(), s->label);
            ImGui::TextUnformatted(s->description.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
}

// The skill of the better response, found by its label (the report keeps the label only).
const Skill* skill_by_label(const AppModel& model, const std::string& label) {
    const auto& skills =
        model.playing() ? model.session().scenario().skills : model.catalogue().skills;
    for (const auto& s : skills)
        if (s.label == label) return &s;
    return nullptr;
}

void turn_card(const TurnView& v, const ReportTurn& t, float width, bool focused,
               Pending& pending) {
    const UiState& ui = v.ui;
    const Palette& pal = ui.palette;
    const ImGuiStyle& st = ImGui::GetStyle();
    const bool is_poor = poor(t);
    const TurnLayout l = turn_layout(width, t.better.has_value());
    ImGui::PushID(t.number);
    Card card;
    begin_card(card, width, u32(is_poor ? pal.bad : v.r.analysis_complete ? pal.good : pal.muted));
    if (focused) {
        card.border = u32(pal.accent);
        card.border_w = 2.0f;
    }
    const float left = ImGui::GetCursorScreenPos().x;
    const float right = left + l.inner_w;

    // Turn number, skill, verdict; the replay button on the right.
    const float row_h = ImGui::GetFrameHeight();
    ImGui::AlignTextToFramePadding();
    text(ui.fonts.bold, text_color(), "Turn " + std::to_string(t.number));
    ImGui::SameLine();
    skill_pill(v, t.skill_id, t.skill_label, t.skill_group, row_h);
    if (is_poor) {
        ImGui::SameLine();
        pill(ui, "could have gone better", pal.bad, row_h);
    } else if (v.r.analysis_complete) {
        ImGui::SameLine();
        pill(ui, std::string(check) + " a best response", pal.good, row_h);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("No response offered here kept a higher best achievable score.");
    }
    if (v.can_replay) {
        const char* label = "Try another response here";
        const float w = ImGui::CalcTextSize(label).x + 2 * st.FramePadding.x;
        same_line_right(right, w);
        if (ImGui::Button(label)) {
            pending.action = Action::Replay;
            pending.turn = t.number;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Go back to turn %d and answer differently%s", t.number,
                v.model.author_try() ? "." : ": a new practice attempt. This session stays saved.");
    }

    // The client's line.
    text(ui.fonts.bold, pal.accent, v.r.client_name);
    if (!t.client_cue.empty()) {
        ImGui::SameLine();
        text(ui.fonts.italic, pal.cue, "(" + t.client_cue + ")");
    }
    text(ui.fonts.regular, text_color(), in_quotes(t.client_text));
    ImGui::Spacing();

    // What the trainee said, and what would have been better, side by side.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(origin.x + l.box_pad.x, origin.y + l.box_pad.y));
    ImGui::BeginGroup();
    push_wrap_at(origin.x + l.left_w - l.box_pad.x);
    text(ui.fonts.bold, pal.muted, "You said");
    text(ui.fonts.regular, text_color(), in_quotes(t.say));
    effect_pills(v, t, origin.x + l.left_w - l.box_pad.x);
    text(ui.fonts.regular, pal.muted, t.rationale);
    if (is_poor && !t.better && t.best_before && t.best_after)
        text(ui.fonts.small, pal.bad,
             "This answer lowered the best achievable score from " +
                 std::to_string(*t.best_before) + " to " + std::to_string(*t.best_after) + ".");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    float box_h = ImGui::GetItemRectSize().y;
    if (t.better) {
        const float bx = origin.x + l.left_w + l.gap;
        ImGui::SetCursorScreenPos(ImVec2(bx + l.box_pad.x, origin.y + l.box_pad.y));
        ImGui::BeginGroup();
        push_wrap_at(bx + l.right_w - l.box_pad.x);
        text(ui.fonts.bold, pal.good, "A better response");
        ImGui::SameLine();
        const Skill* s = skill_by_label(v.model, t.better->skill_label);
        skill_pill(v, s ? s->id : std::string(), t.better->skill_label,
                   s ? s->group : std::string());
        text(ui.fonts.regular, text_color(), in_quotes(t.better->say));
        text(ui.fonts.regular, pal.muted, t.better->rationale);
        text(ui.fonts.small, pal.good, better_why(t) + ".");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "The best achievable score is the highest score still reachable "
                "after an answer, however the rest of the session goes.");
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        box_h = std::max(box_h, ImGui::GetItemRectSize().y);
        card.boxes[card.box_count++] =
            Box{ImVec2(bx, origin.y), ImVec2(bx + l.right_w, origin.y + box_h + 2 * l.box_pad.y),
                u32(with_alpha(pal.good, 0.09f)), u32(pal.good)};
    }
    card.boxes[card.box_count++] =
        Box{origin, ImVec2(origin.x + l.left_w, origin.y + box_h + 2 * l.box_pad.y),
            pal.trainee_bubble, 0};
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + box_h + 2 * l.box_pad.y));
    ImGui::Dummy(ImVec2(l.inner_w, 0.0f));
    end_card(card);
    ImGui::PopID();
}

void turn_list(const TurnView& v, UiState& ui, Nav& nav, Pending& pending) {
    const Report& r = v.r;
    const Palette& pal = ui.palette;
    int poor_count = 0;
    for (const auto& t : r.turns)
        poor_count += poor(t) ? 1 : 0;

    // A jump to a turn the filter hides shows every turn again.
    if (nav.jump_turn > 0 && nav.jump_turn <= static_cast<int>(r.turns.size()) &&
        !poor(r.turns[static_cast<std::size_t>(nav.jump_turn - 1)]))
        ui.feedback_poor_only = false;

    ImGui::Checkbox("Only the turns that could have gone better", &ui.feedback_poor_only);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    text(ui.fonts.regular, pal.muted,
         r.analysis_complete
             ? "(" + std::to_string(poor_count) + " of " + std::to_string(r.turns.size()) + ")"
             : "(the best achievable score could not be computed for this scenario)");
    ImGui::Spacing();

    if (r.turns.empty()) {
        text(ui.fonts.regular, pal.muted, "No answers yet.");
        return;
    }
    if (ui.feedback_poor_only && poor_count == 0) {
        text(ui.fonts.regular, pal.good,
             std::string(check) +
                 " Every answer kept the best achievable score: nothing to "
                 "review here.");
        return;
    }

    // The cards' heights, remembered per turn with the width and font they were laid out for;
    // cards off screen are stepped over with one Dummy.
    const float width = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    char key[96];
    std::snprintf(key, sizeof key, "%u/%d/%d", nav.report, static_cast<int>(width),
                  static_cast<int>(ImGui::GetFontSize() * 10));
    const int stamp = static_cast<int>(ImGui::GetID(key));
    ImGuiStorage* store = ImGui::GetStateStorage();
    float skip = 0;
    auto flush = [&] {
        if (skip > 0) ImGui::Dummy(ImVec2(width, std::max(skip - spacing, 0.0f)));
        skip = 0;
    };
    ImGui::PushID("heights");
    for (const auto& t : r.turns) {
        if (ui.feedback_poor_only && !poor(t)) continue;
        ImGui::PushID(t.number);
        const ImGuiID hid = ImGui::GetID("h"), sid = ImGui::GetID("s");
        ImGui::PopID();
        float h = store->GetFloat(hid, -1.0f);
        if (h < 0 || store->GetInt(sid, 0) != stamp) {
            h = estimate_turn_height(v, t, width) + spacing;
            store->SetFloat(hid, h);
            store->SetInt(sid, stamp);
        }
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (nav.jump_turn == t.number) {
            // Scrolled there over a few frames: the cards above may change height once drawn.
            const float target = ImGui::GetCursorPosY() + skip - spacing;
            const float scroll = ImGui::GetScrollY();
            // (Near the end the scroll stops short of it: a few tries, then done.)
            if (std::fabs(scroll - target) <= 1.0f || ++nav.jump_tries > 4) {
                nav.jump_turn = 0;
                nav.jump_tries = 0;
            } else {
                ImGui::SetScrollY(target);
            }
            nav.focus_turn = t.number;
        }
        if (!ImGui::IsRectVisible(ImVec2(p.x, p.y + skip), ImVec2(p.x + width, p.y + skip + h))) {
            skip += h;
            continue;
        }
        flush();
        const float y0 = ImGui::GetCursorPosY();
        turn_card(v, t, width, nav.focus_turn == t.number, pending);
        store->SetFloat(hid, ImGui::GetCursorPosY() - y0);
    }
    flush();
    ImGui::PopID();
}

// --- Skills ------------------------------------------------------------------------------------

// A measure against the MITI thresholds: tinted zones (below fair, fair, good), the value as a bar,
// the thresholds marked and labelled.
void miti_measure(const UiState& ui, const char* title, std::optional<double> value,
                  const std::string& value_text, const std::string& detail, double fair,
                  double good, double scale, const char* fair_label, const char* good_label,
                  float width) {
    const Palette& pal = ui.palette;
    const ImVec4 c = rating_color(ui, value, fair, good);
    text(ui.fonts.bold, text_color(), title);
    const std::string verdict = rating(value, fair, good);
    ImGui::PushFont(ui.fonts.bold);
    const float vw = ImGui::CalcTextSize(value_text.c_str()).x;
    ImGui::PopFont();
    const float right = ImGui::GetCursorScreenPos().x + width;
    same_line_right(right, vw + pill_width(ui, verdict) + ImGui::GetStyle().ItemSpacing.x);
    text(ui.fonts.bold, c, value_text);
    ImGui::SameLine();
    pill(ui, verdict, c);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = 12.0f, y = p.y + 4.0f;
    auto at = [&](double x) {
        return p.x + width * static_cast<float>(std::clamp(x / scale, 0.0, 1.0));
    };
    const float fx = at(fair), gx = at(good);
    const float rounding = h * 0.5f;
    dl->AddRectFilled(ImVec2(p.x, y), ImVec2(fx, y + h), u32(with_alpha(pal.bad, 0.18f)), rounding,
                      ImDrawFlags_RoundCornersLeft);
    dl->AddRectFilled(ImVec2(fx, y), ImVec2(gx, y + h), u32(with_alpha(pal.warn, 0.24f)));
    dl->AddRectFilled(ImVec2(gx, y), ImVec2(p.x + width, y + h), u32(with_alpha(pal.good, 0.2f)),
                      rounding, ImDrawFlags_RoundCornersRight);
    if (value) {
        const float vx = std::max(at(*value), p.x + 6.0f);
        dl->AddRectFilled(ImVec2(p.x, y + 4.0f), ImVec2(vx, y + h - 4.0f), u32(c), 2.0f);
        dl->AddCircleFilled(ImVec2(vx, y + h * 0.5f), h * 0.5f + 1.0f, u32(c));
        dl->AddCircle(ImVec2(vx, y + h * 0.5f), h * 0.5f + 1.0f,
                      ImGui::GetColorU32(ImGuiCol_FrameBg), 0, 2.0f);
    }
    for (const float x : {fx, gx})
        dl->AddLine(ImVec2(x, y - 3.0f), ImVec2(x, y + h + 3.0f), pal.chart_axis, 1.5f);
    ImFont* f = ui.fonts.small;
    const float ly = y + h + 5.0f;
    const ImU32 mc = u32(pal.muted);
    const float fw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, fair_label).x;
    dl->AddText(f, f->FontSize, ImVec2(std::max(p.x, fx - fw - 3.0f), ly), mc, fair_label);
    dl->AddText(f, f->FontSize, ImVec2(gx + 3.0f, ly), mc, good_label);
    ImGui::Dummy(ImVec2(width, h + 8.0f + f->FontSize));
    text(ui.fonts.small, pal.muted, detail);
}

// Two counts as one bar split between them.
void split_measure(const UiState& ui, const char* title, int a, const std::string& a_label,
                   const ImVec4& a_color, int b, const std::string& b_label, const ImVec4& b_color,
                   const char* explanation, float width) {
    const Palette& pal = ui.palette;
    text(ui.fonts.bold, text_color(), title);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = 12.0f, y = p.y + 3.0f, r = h * 0.5f;
    const int total = a + b;
    if (total == 0) {
        dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + width, y + h), pal.chart_grid, r);
    } else {
        const float ax = p.x + width * static_cast<float>(a) / static_cast<float>(total);
        if (a > 0)
            dl->AddRectFilled(ImVec2(p.x, y), ImVec2(ax, y + h), u32(a_color), r,
                              b > 0 ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersAll);
        if (b > 0)
            dl->AddRectFilled(ImVec2(ax, y), ImVec2(p.x + width, y + h), u32(b_color), r,
                              a > 0 ? ImDrawFlags_RoundCornersRight : ImDrawFlags_RoundCornersAll);
        if (a > 0 && b > 0)
            dl->AddLine(ImVec2(ax, y), ImVec2(ax, y + h), ImGui::GetColorU32(ImGuiCol_FrameBg),
                        2.0f);
    }
    ImGui::Dummy(ImVec2(width, h + 6.0f));
    const std::string left = std::to_string(a) + " " + a_label;
    const std::string right = std::to_string(b) + " " + b_label;
    text(ui.fonts.bold, a_color, left);
    ImGui::PushFont(ui.fonts.bold);
    const float rw = ImGui::CalcTextSize(right.c_str()).x;
    ImGui::PopFont();
    same_line_right(p.x + width, rw);
    text(ui.fonts.bold, b_color, right);
    text(ui.fonts.small, pal.muted, explanation);
}

void skills(const AppModel& model, const UiState& ui, const Report& r) {
    const Palette& pal = ui.palette;
    const ImGuiStyle& st = ImGui::GetStyle();
    const SkillProfile& p = r.skills;
    const float width = ImGui::GetContentRegionAvail().x;
    const bool two = width > ImGui::GetFontSize() * 44;
    const float gap = st.ItemSpacing.x * 1.5f;
    const float left_w = two ? (width - gap) * 0.56f : width;
    const float right_w = two ? width - gap - left_w : width;
    const float x0 = ImGui::GetCursorScreenPos().x;

    ImGui::BeginGroup();
    {
        Card card;
        begin_card(card, left_w);
        const float w = card_inner_width(card);
        text(ui.fonts.bold, text_color(), "Reflections and questions");
        text(ui.fonts.small, pal.muted,
             "The MITI 4.2.1 proficiency thresholds (Moyers et al., 2016): fair is at least one "
             "reflection per question with 40% of reflections complex; good is two per question "
             "and 50%. They are reference lines for your mix of skills, not a MITI coding of "
             "this session.");
        ImGui::Spacing();
        ImGui::Spacing();
        const auto rq = p.reflection_to_question();
        char buf[64];
        if (rq)
            std::snprintf(buf, sizeof buf, "%.2f : 1", *rq);
        else
            std::snprintf(buf, sizeof buf, "no questions");
        miti_measure(ui, "Reflection-to-question ratio", rq, buf,
                     plural(p.reflections, "reflection", "reflections") + " and " +
                         plural(p.questions, "question", "questions") + ".",
                     MitiThresholds::reflection_question_fair,
                     MitiThresholds::reflection_question_good, std::max(3.0, rq.value_or(0) * 1.15),
                     "fair 1:1", "good 2:1", w);
        ImGui::Spacing();
        ImGui::Spacing();
        const auto cp = p.complex_percent();
        if (cp)
            std::snprintf(buf, sizeof buf, "%.0f%%", *cp);
        else
            std::snprintf(buf, sizeof buf, "no reflections");
        miti_measure(ui, "Complex reflections", cp, buf,
                     std::to_string(p.complex_reflections) + " complex and " +
                         std::to_string(p.simple_reflections) + " simple of " +
                         plural(p.reflections, "reflection", "reflections") + ".",
                     MitiThresholds::complex_reflection_fair,
                     MitiThresholds::complex_reflection_good, 100.0, "fair 40%", "good 50%", w);
        end_card(card);
    }
    {
        Card card;
        begin_card(card, left_w);
        const float w = card_inner_width(card);
        split_measure(ui, "Open and closed questions", p.open_questions, "open", pal.good,
                      p.closed_questions, "closed", pal.warn,
                      "Open questions let the client answer in their own way; a run of closed "
                      "ones puts you in charge and keeps the answers short.",
                      w);
        ImGui::Spacing();
        ImGui::Spacing();
        split_measure(ui, "Autonomy and dependence", p.autonomy_moves, "supporting autonomy",
                      pal.good, p.dependence_moves, "building dependence", pal.bad,
                      "Supporting autonomy: emphasizing autonomy, seeking collaboration. Building "
                      "dependence: rescuing, unsolicited advice, premature reassurance.",
                      w);
        end_card(card);
    }
    ImGui::EndGroup();

    if (two) same_line_at(x0 + left_w + gap);
    Card card;
    begin_card(card, right_w);
    const float w = card_inner_width(card);
    text(ui.fonts.bold, text_color(), "Skills you used");
    text(ui.fonts.small, pal.muted, "Hover a skill for what it is.");
    ImGui::Spacing();
    int most = 1;
    for (const auto& c : p.counts)
        most = std::max(most, c.count);
    float label_w = 0;
    for (const auto& c : p.counts)
        label_w = std::max(label_w, ImGui::CalcTextSize(c.label.c_str()).x);
    label_w = std::min(label_w, w * 0.55f);
    const float count_w = ImGui::CalcTextSize("000").x;
    const float bar_w = std::max(w - label_w - count_w - 2 * st.ItemSpacing.x, 10.0f);
    if (p.counts.empty()) text(ui.fonts.regular, pal.muted, "No answers yet.");
    const float left = ImGui::GetCursorScreenPos().x;
    for (const auto& c : p.counts) {
        ImGui::PushID(c.id.c_str());
        const ImVec4 col = skill_color(ui, c.group);
        ImGui::PushTextWrapPos(-1.0f);
        ImGui::TextUnformatted(c.label.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered()) {
            if (const Skill* s = find_skill(model, c.id); s && !s->description.empty()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
                text(ui.fonts.bold, text_color(), s->label);
                ImGui::TextUnformatted(s->description.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(
            ImVec2(left + label_w + st.ItemSpacing.x,
                   ImGui::GetCursorScreenPos().y + (ImGui::GetTextLineHeight() - 10.0f) * 0.5f));
        bar(bar_w * static_cast<float>(c.count) / static_cast<float>(most), 10.0f, 1.0f, u32(col),
            u32(col));
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(
            ImVec2(left + label_w + bar_w + 2 * st.ItemSpacing.x,
                   ImGui::GetItemRectMin().y - (ImGui::GetTextLineHeight() - 10.0f) * 0.5f));
        text(ui.fonts.bold, text_color(), std::to_string(c.count));
        ImGui::PopID();
    }
    ImGui::Spacing();
    Flow flow{left + w};
    const std::pair<const char*, ImVec4> keys[] = {
        {"helpful", pal.good}, {"neutral", pal.accent}, {"roadblock", pal.bad}};
    for (const auto& [label, col] : keys) {
        flow.next(pill_width(ui, label));
        pill(ui, label, col);
    }
    end_card(card);
}

// --- Opportunities ---------------------------------------------------------------------------

ImVec4 kind_color(const UiState& ui, const std::string& kind) {
    if (kind == "risk") return ui.palette.bad;
    if (kind == "rupture") return ui.palette.warn;
    if (kind == "strength") return ui.palette.good;
    return ui.palette.accent;
}

void opportunities(const UiState& ui, const Report& r, Nav& nav) {
    const Palette& pal = ui.palette;
    const float width = ImGui::GetContentRegionAvail().x;
    if (r.opportunities.empty()) {
        text(ui.fonts.regular, pal.muted,
             "No marked opportunity came up in this session. Scenarios can mark the moments "
             "where the client offers an opening (a feeling, ambivalence, a strength, a risk or "
             "a rupture) that a particular skill answers; they are listed here with whether you "
             "took them.");
        return;
    }
    int answered = 0;
    for (const auto& o : r.opportunities)
        answered += o.answered_at ? 1 : 0;
    const int all = static_cast<int>(r.opportunities.size());
    ImGui::PushTextWrapPos(0.0f);
    text(ui.fonts.regular, text_color(),
         r.client_name + " offered " + plural(all, "opening", "openings") + "; you took " +
             std::to_string(answered) +
             ". An opening is a moment (a feeling, ambivalence, a "
             "strength, a risk, a rupture) that a particular skill "
             "answers.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    int index = 0;
    for (const auto& o : r.opportunities) {
        ImGui::PushID(index++);
        const bool ok = o.answered_at.has_value();
        Card card;
        begin_card(card, width, u32(ok ? pal.good : pal.bad));
        const float right = card.start.x + width - card.pad.x;
        ImGui::AlignTextToFramePadding();
        text(ui.fonts.bold, text_color(), "Turn " + std::to_string(o.turn));
        ImGui::SameLine();
        pill(ui, o.kind, kind_color(ui, o.kind), ImGui::GetFrameHeight());
        ImGui::SameLine();
        pill(ui,
             ok ? std::string(check) + " answered at turn " + std::to_string(*o.answered_at)
                : std::string("missed"),
             ok ? pal.good : pal.bad, ImGui::GetFrameHeight());
        const std::string read = "Read turn " + std::to_string(o.turn);
        same_line_right(right, ImGui::CalcTextSize(read.c_str()).x);
        if (link(ui, read, ImGui::GetFrameHeight())) {
            nav.jump_turn = o.turn;
            nav.request_tab = tab_turns;
        }
        text(ui.fonts.regular, text_color(), o.note);
        std::string skills;
        for (std::size_t i = 0; i < o.answer_with.size(); ++i)
            skills += (i ? (i + 1 == o.answer_with.size() ? " or " : ", ") : "") + o.answer_with[i];
        const std::string within = plural(o.within, "turn", "turns");
        if (ok)
            text(ui.fonts.regular, pal.muted,
                 *o.answered_at == o.turn
                     ? "You answered it straight away."
                     : "You answered it at turn " + std::to_string(*o.answered_at) +
                           ", within the " + within + " it allows.");
        else
            text(ui.fonts.regular, pal.muted,
                 capitalized(skills) + " within " + within + " would have answered it.");
        end_card(card);
        ImGui::PopID();
    }
}

// --- A best session --------------------------------------------------------------------------

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

// --- Actions -------------------------------------------------------------------------------------

void action_row(const AppModel& model, const UiState& ui, const Report& r, Pending& pending) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    ImGui::AlignTextToFramePadding();
    text(ui.fonts.regular, ui.palette.muted, "Save the report:");
    ImGui::SameLine();
    if (ImGui::Button("Export Markdown")) pending = {Action::Export, 0, "markdown"};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A text report, for notes and version control");
    ImGui::SameLine();
    if (ImGui::Button("Export HTML")) pending = {Action::Export, 0, "html"};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("One self-contained page with the charts; prints well for supervision");
    ImGui::SameLine();
    if (ImGui::Button("Export JSON")) pending = {Action::Export, 0, "json"};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every number of the report, for other tools");

    const char* back =
        model.author_try() ? "Back to author mode  (Enter)" : "Back to the library  (Enter)";
    const bool resume = model.playing() && !r.finished && !model.session().finished();
    const char* cont = "Back to the session";
    ImGui::PushFont(ui.fonts.bold);
    float w = ImGui::CalcTextSize(back).x + 2 * st.FramePadding.x;
    ImGui::PopFont();
    if (resume) w += ImGui::CalcTextSize(cont).x + 2 * st.FramePadding.x + st.ItemSpacing.x;
    same_line_right(right, w);
    if (resume) {
        if (ImGui::Button(cont)) pending.action = Action::Session;
        ImGui::SameLine();
    }
    if (primary_button(ui, back))
        pending.action = model.author_try() ? Action::Author : Action::Library;
}

}  // namespace

void draw_feedback(AppModel& model, UiState& ui) {
    const Report* report = model.report();
    if (!report) {
        if (model.playing()) model.build_report_now();
        report = model.report();
        if (!report) {
            ui.screen = Screen::Library;
            return;
        }
    }
    const Report& r = *report;
    Pending pending;
    if (ui.keys.enter || ui.keys.escape)
        pending.action = model.author_try() ? Action::Author : Action::Library;

    // Navigation state from the last frame.
    ImGuiStorage* store = ImGui::GetStateStorage();
    const ImGuiID jump_id = ImGui::GetID("##feedback_jump");
    const ImGuiID tries_id = ImGui::GetID("##feedback_jump_tries");
    const ImGuiID focus_id = ImGui::GetID("##feedback_focus");
    const ImGuiID hover_id = ImGui::GetID("##feedback_hover");
    const ImGuiID shown_id = ImGui::GetID("##feedback_shown_tab");
    const ImGuiID report_id = ImGui::GetID("##feedback_report");
    const ImGuiID top_id = ImGui::GetID("##feedback_to_top");  // tabs to scroll back to the top
    char key[96];
    std::snprintf(key, sizeof key, "##report/%llu/%zu/%d/%llu",
                  static_cast<unsigned long long>(model.session_generation()), r.turns.size(),
                  r.score, static_cast<unsigned long long>(r.seed));
    Nav nav;
    nav.report = ImGui::GetID(key);
    if (static_cast<ImGuiID>(store->GetInt(report_id, 0)) != nav.report) {
        store->SetInt(jump_id, 0);
        store->SetInt(tries_id, 0);
        store->SetInt(focus_id, 0);
        store->SetInt(top_id, (1 << tab_count) - 1);
        store->SetInt(hover_id, -1);
        store->SetInt(report_id, static_cast<int>(nav.report));
    }
    nav.jump_turn = store->GetInt(jump_id, 0);
    nav.jump_tries = store->GetInt(tries_id, 0);
    nav.focus_turn = store->GetInt(focus_id, 0);
    nav.hover_x = store->GetInt(hover_id, -1);

    const ImGuiStyle& st = ImGui::GetStyle();
    const float bottom = ImGui::GetCursorPosY() + ImGui::GetContentRegionAvail().y;
    const float actions_h = ImGui::GetFrameHeight() + st.ItemSpacing.y * 2;

    header(model, ui, r);
    ImGui::Spacing();

    const int shown = store->GetInt(shown_id, -1);
    const int want = std::clamp(ui.feedback_tab, 0, tab_count - 1);
    int selected = shown;
    int poor_count = 0;
    for (const auto& t : r.turns)
        poor_count += poor(t) ? 1 : 0;
    int missed = 0;
    for (const auto& o : r.opportunities)
        missed += o.answered_at ? 0 : 1;
    const std::string labels[tab_count] = {
        "Overview",
        r.analysis_complete && poor_count > 0
            ? "Turn by turn (" + std::to_string(poor_count) + " to review)###turns"
            : std::string("Turn by turn###turns"),
        "Skills",
        missed > 0 ? "Opportunities (" + std::to_string(missed) + " missed)###opportunities"
                   : std::string("Opportunities###opportunities"),
        "A best session",
    };
    const TurnView view{model, ui, r, model.playing()};
    if (ImGui::BeginTabBar("##feedback_tabs", ImGuiTabBarFlags_NoTooltip)) {
        for (int i = 0; i < tab_count; ++i) {
            const ImGuiTabItemFlags flags =
                want != shown && i == want ? ImGuiTabItemFlags_SetSelected : 0;
            if (!ImGui::BeginTabItem(labels[i].c_str(), nullptr, flags)) continue;
            selected = i;
            ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, st.ItemSpacing.y));
            ImGui::BeginChild("##tab", ImVec2(0, -actions_h), false,
                              ImGuiWindowFlags_AlwaysUseWindowPadding);
            ImGui::PopStyleVar();
            if (const int top = store->GetInt(top_id, 0); top & (1 << i)) {
                ImGui::SetScrollY(0.0f);
                store->SetInt(top_id, top & ~(1 << i));
            }
            ImGui::PushTextWrapPos(0.0f);  // text wraps at the tab's width (cards set their own)
            switch (i) {
                case tab_overview:
                    overview(ui, r, nav);
                    break;
                case tab_turns:
                    turn_list(view, ui, nav, pending);
                    break;
                case tab_skills:
                    skills(model, ui, r);
                    break;
                case tab_opportunities:
                    opportunities(ui, r, nav);
                    break;
                case tab_best:
                    best_session(ui, r);
                    break;
                default:
                    break;
            }
            ImGui::PopTextWrapPos();
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (selected != tab_overview) nav.hover_x = -1;

    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), bottom - ImGui::GetFrameHeight()));
    action_row(model, ui, r, pending);

    ui.feedback_tab = nav.request_tab >= 0 ? nav.request_tab : std::max(selected, 0);
    store->SetInt(shown_id, selected);
    store->SetInt(jump_id, nav.jump_turn);
    store->SetInt(tries_id, nav.jump_tries);
    store->SetInt(focus_id, nav.focus_turn);
    store->SetInt(hover_id, nav.hover_x);

    // A tab to open or a turn to scroll to takes more frames: ask for them.
    if (nav.jump_turn > 0 || nav.request_tab >= 0) ui.wake(ui.now);

    // The actions: after the drawing, which reads the report they replace.
    switch (pending.action) {
        case Action::None:
            break;
        case Action::Export: {
            auto [path, err] = model.export_report(pending.format);
            if (err) {
                ui.say(*err, true);
            } else {
                ImGui::SetClipboardText(path.c_str());
                ui.say("Saved " + path + " (the path is on the clipboard)");
            }
            break;
        }
        case Action::Replay: {
            const int turn = pending.turn;
            if (auto err = model.replay_from(turn)) {
                ui.say(*err, true);
            } else {
                ui.screen = Screen::Session;
                ui.scroll_to_bottom = true;
                ui.last_delta.clear();
                ui.changed_at = -100;
                ui.say("Back at turn " + std::to_string(turn) + ": choose another response." +
                       (model.author_try()
                            ? std::string()
                            : " This is a new practice attempt; the earlier one stays saved."));
            }
            break;
        }
        case Action::Session:
            ui.screen = Screen::Session;
            ui.scroll_to_bottom = true;
            break;
        case Action::Author:
            model.leave_session();
            ui.screen = Screen::Author;
            break;
        case Action::Library:
            go_to_library(model, ui);
            break;
    }
}

}  // namespace rapport::gui
