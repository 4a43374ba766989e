// The briefing: who the client is and what the trainee knows before the session (the engine's
// Briefing: never the instructor notes), the goals, the mode. In exam mode the goals are the
// generic ones; the scenario's own come at the end, in the feedback's Debrief.
#include <imgui.h>

#include "rapport/briefing.hpp"

#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

void field(const UiState& ui, const char* label, const std::string& text) {
    if (text.empty()) return;
    bold_text(ui, label);
    wrapped(text);
    ImGui::Spacing();
}

}  // namespace

void start_session(AppModel& model, UiState& ui) {
    const std::uint64_t seed = ui.seed ? *ui.seed : random_seed();
    if (auto err = model.start(ui.selected, ui.exam ? "exam" : "practice", seed, ui.say_first)) {
        ui.say(*err, true);
        return;
    }
    ui.settings.last_scenario = model.session().scenario().path;
    ui.screen = Screen::Session;
    ui.scroll_to_bottom = true;
    ui.last_delta.clear();
    ui.changed_at = -100;
}

void draw_briefing(AppModel& model, UiState& ui) {
    const auto& lib = model.library();
    if (ui.selected < 0 || ui.selected >= static_cast<int>(lib.size()) ||
        !lib[static_cast<std::size_t>(ui.selected)].scenario) {
        ui.screen = Screen::Library;
        return;
    }
    const Scenario& s = *lib[static_cast<std::size_t>(ui.selected)].scenario;
    if (ui.keys.letter == 'p') ui.exam = false;
    if (ui.keys.letter == 'e') ui.exam = true;
    if (ui.keys.letter == 's') ui.say_first = !ui.say_first;
    if (ui.keys.escape) {
        ui.screen = Screen::Library;
        return;
    }

    const Briefing b = briefing_for(s, ui.exam);
    const float col = ImGui::GetContentRegionAvail().x * 0.58f;
    ImGui::BeginChild("##profile", ImVec2(col, 0), false);
    heading(ui, b.title);
    ImGui::TextDisabled("%s  ·  about %d minutes",
                        std::string(difficulty_name(s.difficulty)).c_str(), s.minutes);
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(b.client_name.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%d, %s", b.client_age, b.pronouns.c_str());
    ImGui::Spacing();
    field(ui, "Presenting concern", b.presenting_concern);
    if (!b.setting.empty()) field(ui, "Setting", b.setting);
    field(ui, "Referral", b.referral);
    field(ui, "What you know before the session", b.intake_note);
    if (!b.content_notes.empty()) {
        bold_text(ui, "Content notes");
        for (const auto& n : b.content_notes) {
            ImGui::Bullet();
            ImGui::SameLine();
            wrapped(n);
        }
    }
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##mode", ImVec2(0, 0), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    heading(ui, "Your goals");
    for (const auto& o : b.objectives) {
        ImGui::Bullet();
        ImGui::SameLine();
        wrapped(o);
    }
    if (b.generic_objectives)
        muted_text(ui,
                   "Exam mode: these are the goals of any first session. This session's own "
                   "objectives come at the end, in the feedback's Debrief.");
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    bold_text(ui, "Mode");
    if (ImGui::RadioButton("Practice (P)", !ui.exam)) ui.exam = false;
    muted_text(ui,
               "The client's trust, rapport and dependence are shown after every answer, and "
               "you can take an answer back.");
    if (ImGui::RadioButton("Exam (E)", ui.exam)) ui.exam = true;
    muted_text(ui,
               "No meters and no undo, as in a real session. Everything is revealed in the "
               "feedback at the end.");
    ImGui::Spacing();
    ImGui::Checkbox("Say it first (S)", &ui.say_first);
    muted_text(ui,
               "With practice or exam: at each turn you first write what you would say in your "
               "own words; then the options appear, the one closest to your wording outlined "
               "(wording, not quality), and you choose. The feedback sets your words beside your "
               "choice and a better response where there was one. Your words are kept with the "
               "session and in your progress record, coded roughly by a rule-based coder, and "
               "included in anything you export.");
    ImGui::Spacing();
    muted_text(ui,
               "Answer with the mouse or the keys 1-9. Your session is saved after every "
               "answer; leave at any time and resume it from the library.");
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.bold);
    const bool start =
        ImGui::Button("Start the session  (Enter)", ImVec2(-1, ImGui::GetFrameHeight() * 1.6f));
    ImGui::PopFont();
    if (ImGui::Button("Back to the library  (Esc)", ImVec2(-1, 0))) ui.screen = Screen::Library;
    ImGui::EndChild();
    if (start || ui.keys.enter) start_session(model, ui);
}

}  // namespace rapport::gui
