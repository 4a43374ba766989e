// The feedback screen's Debrief tab: the supervisor's summary of the session, computed by the
// engine (Report::debrief): two strengths, two growth edges, one thing to practise next with its
// drill items and a drill to start on it, and a question to take to supervision. In exam mode the
// scenario's own objectives, held back at the briefing, come here; after a branch tried from
// author mode, so do the author's instructor notes (never shown to trainees).
#include <imgui.h>

#include <string>
#include <vector>

#include "feedback_parts.hpp"
#include "widgets.hpp"

namespace rapport::gui::feedback {

namespace {

void bullets(const UiState& ui, const std::vector<std::string>& items, const ImVec4& mark) {
    for (const auto& x : items) {
        ImGui::PushID(&x);
        text(ui.fonts.bold, mark, "\xE2\x80\xA2");  // •
        ImGui::SameLine();
        text(ui.fonts.regular, text_color(), x);
        ImGui::PopID();
    }
}

void titled(const UiState& ui, const char* title, const char* note) {
    text(ui.fonts.bold, text_color(), title);
    if (note) text(ui.fonts.small, ui.palette.muted, note);
    ImGui::Spacing();
}

void practise(UiState& ui, const Report& r, float width) {
    const Palette& pal = ui.palette;
    const Debrief& d = r.debrief;
    Card card;
    begin_card(card, width, u32(pal.accent));
    titled(ui, "Practise next", nullptr);
    text(ui.fonts.regular, text_color(), d.practise);
    if (!d.drills.empty()) {
        ImGui::Spacing();
        text(ui.fonts.small, pal.muted, "Drill items on it:");
        for (const auto& l : d.drills) {
            ImGui::PushID(l.id.c_str());
            text(ui.fonts.regular, text_color(), "\xE2\x80\xA2 " + l.prompt);  // • the question
            ImGui::PopID();
        }
        ImGui::Spacing();
        if (!d.practise_topic.empty() && ImGui::Button("Start a tutor drill on it (P)")) {
            ui.drill_request = d.practise_topic;
            ui.screen = Screen::Drills;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Opens Drills with a tutor drill on this topic (due items first).");
    }
    end_card(card);
}

}  // namespace

void debrief(const AppModel& model, UiState& ui, const Report& r) {
    const Palette& pal = ui.palette;
    const Debrief& d = r.debrief;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const bool two = width > ImGui::GetFontSize() * 44;
    const float gap = st.ItemSpacing.x * 1.5f;
    const float left_w = two ? (width - gap) * 0.5f : width;
    const float right_w = two ? width - gap - left_w : width;
    const float x0 = ImGui::GetCursorScreenPos().x;

    ImGui::BeginGroup();
    {
        Card card;
        begin_card(card, left_w, u32(pal.good));
        titled(ui, "Strengths", "What went well, from what you did.");
        if (d.strengths.empty()) text(ui.fonts.regular, pal.muted, "Nothing to single out yet.");
        bullets(ui, d.strengths, pal.good);
        end_card(card);
    }
    {
        Card card;
        begin_card(card, left_w, u32(pal.warn));
        titled(ui, "Growth edges", "The most serious first.");
        if (d.growth.empty()) text(ui.fonts.regular, pal.muted, "None in this session.");
        bullets(ui, d.growth, pal.warn);
        end_card(card);
    }
    ImGui::EndGroup();

    if (two) same_line_at(x0 + left_w + gap);
    ImGui::BeginGroup();
    practise(ui, r, right_w);
    {
        Card card;
        begin_card(card, right_w);
        titled(ui, "For supervision", nullptr);
        text(ui.fonts.italic, text_color(), d.question);
        end_card(card);
    }
    if (r.mode == "exam" && !r.objectives.empty()) {
        Card card;
        begin_card(card, right_w);
        titled(ui, "This session's objectives",
               "Held back at the briefing in exam mode: the goals this scenario was written for.");
        bullets(ui, r.objectives, pal.accent);
        end_card(card);
    }
    if (model.author_try() && !r.instructor_notes.empty()) {
        Card card;
        begin_card(card, right_w, u32(pal.muted));
        titled(ui, "Instructor notes", "Not shown to trainees.");
        text(ui.fonts.regular, text_color(), r.instructor_notes);
        end_card(card);
    }
    ImGui::EndGroup();
}

}  // namespace rapport::gui::feedback
