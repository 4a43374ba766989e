// The feedback screen's Skills tab: the skill profile against the MITI 4.2.1 thresholds (with the
// reminder that choosing from a menu is not coding), MI-consistent and inconsistent moves, the
// codes used and the novice errors made.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feedback_parts.hpp"
#include "widgets.hpp"

namespace rapport::gui::feedback {

namespace {

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

// The novice errors made: label, turns, definition (labels, never ids).
void novice_errors(const UiState& ui, const Report& r, float width) {
    const Palette& pal = ui.palette;
    Card card;
    begin_card(card, width, r.errors.empty() ? 0 : u32(pal.bad));
    text(ui.fonts.bold, text_color(), "Novice errors");
    if (r.errors.empty()) {
        text(ui.fonts.regular, pal.good, std::string(check) + " None in this session.");
        end_card(card);
        return;
    }
    text(ui.fonts.small, pal.muted, "Most frequent first.");
    for (const auto& e : r.errors) {
        card_rule(card);
        ImGui::PushID(e.id.c_str());
        std::string turns = e.turns.size() > 1 ? "turns " : "turn ";
        for (std::size_t i = 0; i < e.turns.size(); ++i)
            turns += (i ? ", " : "") + std::to_string(e.turns[i]);
        text(ui.fonts.bold, pal.bad, e.label);
        ImGui::SameLine();
        text(ui.fonts.regular, pal.muted, "(" + turns + ")");
        text(ui.fonts.regular, text_color(), e.definition);
        if (!e.source.empty()) text(ui.fonts.small, pal.muted, e.source);
        ImGui::PopID();
    }
    end_card(card);
}

}  // namespace

// Say it first: the codes of what the trainee wrote beside those of what they chose, as counts
// (the coder is approximate, so no MITI rating), risk questions left out.
void own_words(const UiState& ui, const Report& r, float width) {
    const Palette& pal = ui.palette;
    const SkillProfile& w = *r.own_words;
    const SkillProfile& p = *r.own_words_chosen;
    Card card;
    begin_card(card, width);
    const float inner = card_inner_width(card);
    text(ui.fonts.bold, text_color(), "In your own words");
    text(ui.fonts.small, pal.muted,
         plural(r.own_words_turns, "turn", "turns") +
             " you wrote, coded by Rapport's rule-based coder with the client's lines. It is "
             "approximate: on new text it tells a question from a reflection (or neither) about "
             "five times in six, and simple from complex about seven times in eight "
             "(docs/coding.md). Counts to notice, not a MITI rating.");
    if (r.own_words_risk_turns > 0)
        text(ui.fonts.small, pal.muted,
             plural(r.own_words_risk_turns, "turn", "turns") +
                 " at a risk moment or about risk are left out of both columns: a direct question "
                 "about risk is the right form there, never counted as a question.");
    ImGui::Spacing();
    if (ImGui::BeginTable("##own", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg,
                          ImVec2(inner, 0))) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("You wrote", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("You chose (same turns)", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableHeadersRow();
        const std::pair<const char*, std::pair<int, int>> rows[] = {
            {"Questions", {w.questions, p.questions}},
            {"  open", {w.open_questions, p.open_questions}},
            {"  closed", {w.closed_questions, p.closed_questions}},
            {"Reflections", {w.reflections, p.reflections}},
            {"  simple", {w.simple_reflections, p.simple_reflections}},
            {"  complex", {w.complex_reflections, p.complex_reflections}}};
        for (const auto& [label, counts] : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(label);
            ImGui::TableNextColumn();
            ImGui::Text("%d", counts.first);
            ImGui::TableNextColumn();
            ImGui::Text("%d", counts.second);
        }
        ImGui::EndTable();
    }
    end_card(card);
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
        text(ui.fonts.regular, pal.warn, menu_is_not_coding);
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
        ImGui::Spacing();
        ImGui::Spacing();
        split_measure(ui, "MI-consistent and MI-inconsistent", p.mi_adherent, "MI-consistent",
                      pal.good, p.mi_non_adherent, "MI-inconsistent", pal.bad,
                      "MI-consistent: affirming, seeking collaboration, emphasizing autonomy. "
                      "MI-inconsistent: persuading, confronting.",
                      w);
        end_card(card);
    }
    if (r.own_words) own_words(ui, r, left_w);
    ImGui::EndGroup();

    if (two) {
        same_line_at(x0 + left_w + gap);
        ImGui::BeginGroup();
    }
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
    novice_errors(ui, r, right_w);
    if (two) ImGui::EndGroup();
}

}  // namespace rapport::gui::feedback
