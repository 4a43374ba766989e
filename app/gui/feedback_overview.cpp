// The feedback screen's Overview tab: first what a supervisor looks at before any number (the red
// flags and the checklist of essentials), then a chart of every state variable with the grading
// thresholds and a best session's curve, the turning points, and the session at a glance.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chart.hpp"
#include "feedback_parts.hpp"
#include "widgets.hpp"

namespace rapport::gui::feedback {

namespace {

void chart_grid(const UiState& ui, const Report& r, float width, Nav& nav) {
    const Palette& pal = ui.palette;
    const ImGuiStyle& st = ImGui::GetStyle();
    std::vector<int> poor_turns;
    for (const auto& t : r.turns)
        if (t.flagged()) poor_turns.push_back(t.number);

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
            spec.thresholds.push_back({t.value, human_condition(r, t.label)});
        spec.highlight_x = poor_turns;
        spec.highlight_label = "to review";
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

// A link that opens a turn in the turn list, as a click on a chart does. After `same_line`, it
// continues the line if it fits before `right`, else it starts the next one.
void turn_link(const UiState& ui, Nav& nav, int turn, const std::string& label,
               bool same_line = false, float right = 0) {
    if (same_line) {
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + ImGui::CalcTextSize(label.c_str()).x > right)
            ImGui::NewLine();
    }
    ImGui::PushID(turn);
    if (link(ui, label)) {
        nav.jump_turn = turn;
        nav.request_tab = tab_turns;
    }
    ImGui::PopID();
}

void red_flags(const UiState& ui, const Report& r, float width, Nav& nav) {
    const Palette& pal = ui.palette;
    Card card;
    begin_card(card, width, u32(pal.bad));
    text(ui.fonts.bold, pal.bad, "Red flags");
    text(ui.fonts.small, pal.muted,
         "A supervisor would stop the session at these points, whatever the score.");
    for (const auto& f : r.red_flags) {
        card_rule(card);
        ImGui::PushID(&f);
        text(ui.fonts.bold, text_color(), "Turn " + std::to_string(f.turn));
        turn_link(ui, nav, f.turn, "Read turn " + std::to_string(f.turn), true,
                  card.start.x + width - card.pad.x);
        text(ui.fonts.italic, text_color(), in_quotes(f.say));
        text(ui.fonts.regular, text_color(), f.note);
        if (!f.instead.empty())
            text(ui.fonts.regular, pal.good, "Instead: " + in_quotes(f.instead));
        ImGui::PopID();
    }
    end_card(card);
}

void essentials(const UiState& ui, const Report& r, float width, Nav& nav) {
    const Palette& pal = ui.palette;
    int met = 0;
    for (const auto& e : r.essentials)
        met += e.met ? 1 : 0;
    const int all = static_cast<int>(r.essentials.size());
    Card card;
    begin_card(card, width, u32(met == all ? pal.good : pal.warn));
    text(ui.fonts.bold, text_color(), "Essentials of a first session");
    text(ui.fonts.small, pal.muted, std::to_string(met) + " of " + std::to_string(all) + " met.");
    ImGui::Spacing();
    const float right = card.start.x + width - card.pad.x;
    for (const auto& e : r.essentials) {
        ImGui::PushID(e.id.c_str());
        text(ui.fonts.bold, e.met ? pal.good : pal.bad, e.met ? check : cross);
        if (ImGui::IsItemHovered() && !e.description.empty())
            ImGui::SetTooltip("%s", e.description.c_str());
        ImGui::SameLine();
        ImGui::BeginGroup();
        text(ui.fonts.bold, text_color(), e.label);
        if (ImGui::IsItemHovered() && !e.description.empty())
            ImGui::SetTooltip("%s", e.description.c_str());
        if (e.met && e.turn) {
            turn_link(ui, nav, *e.turn, "met at turn " + std::to_string(*e.turn), true, right);
        } else if (!e.met && e.could_turn) {
            text(ui.fonts.regular, pal.bad, "Missed;");
            turn_link(ui, nav, *e.could_turn,
                      "you could have met it at turn " + std::to_string(*e.could_turn), true,
                      right);
            text(ui.fonts.italic, pal.muted, in_quotes(e.could_say));
        } else if (!e.met) {
            text(ui.fonts.regular, pal.bad,
                 "Missed; it was not offered on this path, so it had to be met earlier.");
        }
        ImGui::EndGroup();
        ImGui::PopID();
    }
    end_card(card);
}

// Red flags and essentials, before any chart: side by side when both fit.
void decisive(const UiState& ui, const Report& r, float width, Nav& nav) {
    if (r.red_flags.empty() && r.essentials.empty()) return;
    const float gap = ImGui::GetStyle().ItemSpacing.x * 1.5f;
    const bool both = !r.red_flags.empty() && !r.essentials.empty();
    const bool two = both && width > ImGui::GetFontSize() * 44;
    const float w = two ? (width - gap) * 0.5f : width;
    const float x0 = ImGui::GetCursorScreenPos().x;
    ImGui::BeginGroup();
    if (!r.red_flags.empty()) red_flags(ui, r, w, nav);
    ImGui::EndGroup();
    if (two) same_line_at(x0 + w + gap);
    ImGui::BeginGroup();
    if (!r.essentials.empty()) essentials(ui, r, w, nav);
    ImGui::EndGroup();
    ImGui::Spacing();
}

void turning_points(const UiState& ui, const Report& r, float width, Nav& nav) {
    const Palette& pal = ui.palette;
    Card card;
    begin_card(card, width);
    text(ui.fonts.bold, text_color(), "Turning points");
    text(ui.fonts.small, pal.muted, "Where the session was decided.");
    if (r.turning_points.empty()) {
        ImGui::Spacing();
        text(ui.fonts.regular, pal.muted, "No single answer decided this session.");
    }
    for (const auto& tp : r.turning_points) {
        if (tp.turn < 1 || tp.turn > static_cast<int>(r.turns.size())) continue;
        const ReportTurn& t = r.turns[static_cast<std::size_t>(tp.turn - 1)];
        card_rule(card);
        ImGui::PushID(&tp);
        text(ui.fonts.bold, text_color(), "Turn " + std::to_string(tp.turn));
        ImGui::SameLine();
        pill(ui, t.skill_label, skill_color(ui, t.skill_group));
        text(ui.fonts.italic, text_color(), in_quotes(t.say));
        text(ui.fonts.regular, text_color(), tp.decided);
        turn_link(ui, nav, tp.turn, "Read turn " + std::to_string(tp.turn));
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
        poor_count += t.flagged() ? 1 : 0;
    const int n = static_cast<int>(r.turns.size());
    if (r.figures_exact)
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

}  // namespace

void overview(const UiState& ui, const Report& r, Nav& nav) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const bool side = width > ImGui::GetFontSize() * 48;
    const float side_w =
        side ? std::clamp(width * 0.28f, ImGui::GetFontSize() * 16, ImGui::GetFontSize() * 24)
             : width;
    const float main_w = side ? width - side_w - st.ItemSpacing.x * 1.5f : width;
    const float x0 = ImGui::GetCursorScreenPos().x;

    decisive(ui, r, width, nav);
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
        any_poor = any_poor || t.flagged();
    if (any_best) legend.series.push_back({"a best session", {0}, ui.palette.chart_best, true});
    if (any_threshold) legend.thresholds.push_back({0, "threshold"});
    if (any_poor) legend.highlight_x.push_back(1);
    legend.highlight_label = "to review: a red flag, an error or a better response";
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

}  // namespace rapport::gui::feedback
