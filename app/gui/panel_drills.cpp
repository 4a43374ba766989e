// Drills: choose a mode and a topic, answer multiple-choice items (keys 1-9 or A-D), read every
// option's rationale (after each answer in tutor mode, at the end in exam mode), see the score by
// topic and what is due next. Every answer is in the progress database as soon as it is given.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

DrillSetup setup_of(const UiState& ui, const DrillModel& drills) {
    DrillSetup s;
    s.mode = ui.drill_mode == 1 ? DrillMode::Exam : DrillMode::Tutor;
    s.count = ui.drill_count;
    const auto topics = drills.topics();
    if (ui.drill_topic > 0 && ui.drill_topic <= static_cast<int>(topics.size()))
        s.topic = topics[static_cast<std::size_t>(ui.drill_topic - 1)].id;
    s.from_scenarios = ui.drill_from_scenarios || s.topic.rfind("scenario:", 0) == 0;
    s.all = ui.drill_all;
    s.retention = ui.drill_retention;
    s.time_limit_minutes = ui.drill_mode == 1 ? ui.drill_time_limit : 0;
    return s;
}

void start(AppModel& model, DrillModel& drills, UiState& ui) {
    DrillSetup setup = setup_of(ui, drills);
    if (setup.from_scenarios) drills.add_scenario_items(model);
    const std::uint64_t seed = ui.seed ? *ui.seed : random_seed();
    if (auto err = drills.start(setup, seed, ui.now)) {
        ui.say(*err, true);
        return;
    }
    ui.drill_revealed = false;
    ui.drill_ticked.clear();
}

void setup_view(AppModel& model, DrillModel& drills, UiState& ui) {
    heading(ui, "Drills");
    muted_text(ui,
               "Multiple-choice items on the ideas behind the sessions, each option with the "
               "reason it is right or wrong. Items you miss come back sooner: they are "
               "scheduled with FSRS, so a drill asks what is due first, then new items.");
    ImGui::Spacing();
    for (const auto& d : drills.bank_problems().all())
        wrapped_colored(d.severity == Severity::Error ? ui.palette.bad : ui.palette.warn,
                        format_diagnostic(d));
    const float col = std::min(ImGui::GetContentRegionAvail().x, ImGui::CalcTextSize("M").x * 46);
    ImGui::BeginChild("##setup", ImVec2(col, 0), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    bold_text(ui, "Mode");
    ImGui::RadioButton("Tutor: every rationale after each answer", &ui.drill_mode, 0);
    ImGui::RadioButton("Exam: no feedback until the end", &ui.drill_mode, 1);
    if (ui.drill_mode == 1) {
        ImGui::SetNextItemWidth(ImGui::CalcTextSize("M").x * 10);
        ImGui::InputInt("minutes countdown (0: none)", &ui.drill_time_limit);
        ui.drill_time_limit = std::clamp(ui.drill_time_limit, 0, 180);
    }
    ImGui::Spacing();
    bold_text(ui, "Topic");
    const auto topics = drills.topics();
    const std::string current =
        ui.drill_topic == 0 || ui.drill_topic > static_cast<int>(topics.size())
            ? "All topics"
            : topics[static_cast<std::size_t>(ui.drill_topic - 1)].label;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##topic", current.c_str())) {
        if (ImGui::Selectable("All topics", ui.drill_topic == 0)) ui.drill_topic = 0;
        for (std::size_t i = 0; i < topics.size(); ++i)
            if (ImGui::Selectable(topics[i].label.c_str(),
                                  ui.drill_topic == static_cast<int>(i + 1)))
                ui.drill_topic = static_cast<int>(i + 1);
        ImGui::EndCombo();
    }
    if (ImGui::Checkbox("Include items from the scenarios' decision points",
                        &ui.drill_from_scenarios) &&
        ui.drill_from_scenarios)
        drills.add_scenario_items(model);
    ImGui::Checkbox("Ask even if not due", &ui.drill_all);
    ImGui::Spacing();
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("M").x * 10);
    ImGui::SliderInt("items", &ui.drill_count, 1, 50);
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("M").x * 10);
    ImGui::SliderFloat("desired retention", &ui.drill_retention, static_cast<float>(min_retention),
                       static_cast<float>(max_retention), "%.2f");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "The chance of remembering an item when it comes back. Higher asks more often.");
    ImGui::Spacing();
    const int n = drills.available(setup_of(ui, drills));
    ImGui::TextDisabled("%d item%s ready", n, n == 1 ? "" : "s");
    ImGui::PushFont(ui.fonts.bold);
    const bool go = ImGui::Button("Start  (Enter)", ImVec2(-1, ImGui::GetFrameHeight() * 1.5f));
    ImGui::PopFont();
    ImGui::EndChild();
    // Enter in a field (the item count, the countdown) confirms the field; it does not start.
    if (go || (ui.keys.enter && !ui.keys.typing && !ImGui::IsAnyItemActive()))
        start(model, drills, ui);
}

// One option as a wide button: its letter, its text; coloured after the answer in tutor mode.
bool option_button(const UiState& ui, std::size_t position, const std::string& text, bool ticked,
                   std::optional<bool> verdict) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const float pad = st.FramePadding.x * 1.2f;
    const float letter_w = ImGui::CalcTextSize("W").x + 2 * pad;
    const float wrap = width - letter_w - 2 * pad;
    const float h =
        ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y + 3 * st.FramePadding.y;
    ImGui::PushID(static_cast<int>(position));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton("##option", ImVec2(width, h));
    ImU32 bg = ImGui::GetColorU32(ImGui::IsItemActive()    ? ImGuiCol_ButtonActive
                                  : ImGui::IsItemHovered() ? ImGuiCol_ButtonHovered
                                  : ticked                 ? ImGuiCol_Header
                                                           : ImGuiCol_Button);
    if (verdict) {
        ImVec4 c = *verdict ? ui.palette.good : ui.palette.bad;
        c.w = 0.18f;
        bg = ImGui::ColorConvertFloat4ToU32(c);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), bg, 8.0f);
    dl->AddRect(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(ImGuiCol_Border), 8.0f);
    const char letter[2] = {option_letter(position), 0};
    if (ticked) {  // a check mark at the right: this option is chosen
        const float r = ImGui::GetTextLineHeight() * 0.3f;
        const ImVec2 c(p.x + width - pad - r, p.y + h * 0.5f);
        const ImU32 col = ImGui::ColorConvertFloat4ToU32(ui.palette.accent);
        dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x - r * 0.3f, c.y + r * 0.7f), col, 2.5f);
        dl->AddLine(ImVec2(c.x - r * 0.3f, c.y + r * 0.7f), ImVec2(c.x + r, c.y - r * 0.8f), col,
                    2.5f);
    }
    const float ty = p.y + 1.5f * st.FramePadding.y;
    dl->AddText(ui.fonts.bold, ui.fonts.bold->FontSize, ImVec2(p.x + pad, ty),
                ImGui::ColorConvertFloat4ToU32(ui.palette.accent), letter);
    dl->AddText(ui.fonts.regular, ui.fonts.regular->FontSize, ImVec2(p.x + pad + letter_w, ty),
                ImGui::GetColorU32(ImGuiCol_Text), text.c_str(), nullptr, wrap);
    ImGui::PopID();
    return clicked;
}

// Every option's rationale for an answered item, in the order shown.
void rationales(const DrillModel& drills, const UiState& ui, std::size_t index,
                const DrillAnswer& a) {
    const DrillSession& s = drills.session();
    const DrillItem& item = s.items()[index];
    const auto order = s.order_of(index);
    for (std::size_t i = 0; i < order.size(); ++i) {
        const DrillOption& o = item.options[static_cast<std::size_t>(order[i])];
        const bool chosen = std::find(a.chosen.begin(), a.chosen.end(), order[i]) != a.chosen.end();
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextColored(o.correct ? ui.palette.good : ui.palette.bad, "%c  %s%s",
                           option_letter(i), o.correct ? "right" : "wrong",
                           chosen ? " (your answer)" : "");
        ImGui::PopFont();
        ImGui::Indent();
        wrapped(o.text);
        wrapped_colored(ui.palette.muted, o.rationale);
        ImGui::Unindent();
        ImGui::Spacing();
    }
    wrapped_colored(ui.palette.muted, "Reference: " + item.reference);
}

void question_view(DrillModel& drills, UiState& ui) {
    const DrillSession& s = drills.session();
    const bool tutor_feedback = ui.drill_revealed && drills.last_answer();
    const std::size_t index = tutor_feedback ? drills.last_answer()->item : s.position();
    const DrillItem& item = s.items()[index];
    const auto order = s.order_of(index);

    if (auto left = drills.seconds_left(ui.now)) {
        if (*left <= 0) {
            drills.stop();
            ui.say("Time is up: the answered items are saved");
            ui.wake(ui.now);  // draw the results at once
            return;
        }
        ui.wake(ui.now + 1.0);  // the countdown ticks
    }

    // Keys: a digit or letter chooses (or ticks, on "choose all that apply"); Enter submits or
    // moves on.
    int pressed = -1;
    if (ui.keys.digit > 0) pressed = ui.keys.digit - 1;
    if (ui.keys.letter >= 'a' && ui.keys.letter < 'a' + static_cast<char>(order.size()))
        pressed = ui.keys.letter - 'a';
    if (pressed >= static_cast<int>(order.size())) pressed = -1;

    ImGui::TextDisabled("Question %zu of %zu  ·  %s  ·  %s", index + 1, s.items().size(),
                        drills.topic_label(shown_topic(item, drills.setup().topic)).c_str(),
                        std::string(difficulty_name(item.difficulty)).c_str());
    if (auto left = drills.seconds_left(ui.now)) {
        ImGui::SameLine();
        ImGui::TextColored(*left < 60 ? ui.palette.bad : ui.palette.muted, "  ·  %d:%02d left",
                           static_cast<int>(*left) / 60, static_cast<int>(*left) % 60);
    }
    ImGui::Spacing();
    if (!item.context.empty()) muted_text(ui, "You: \"" + item.context + "\"");
    if (!item.cue.empty()) italic_wrapped(ui, ui.palette.cue, item.cue);
    ImGui::PushFont(ui.fonts.heading);
    wrapped(item.stem);
    ImGui::PopFont();
    if (item.multiple()) muted_text(ui, "Choose all that apply, then press Enter.");
    ImGui::Spacing();

    if (ui.drill_ticked.size() != order.size()) ui.drill_ticked.assign(order.size(), false);
    std::optional<std::size_t> clicked;
    for (std::size_t i = 0; i < order.size(); ++i) {
        std::optional<bool> verdict;
        if (tutor_feedback) verdict = item.options[static_cast<std::size_t>(order[i])].correct;
        if (option_button(ui, i, item.options[static_cast<std::size_t>(order[i])].text,
                          ui.drill_ticked[i], verdict))
            clicked = i;
    }
    if (pressed >= 0) clicked = static_cast<std::size_t>(pressed);
    ImGui::Spacing();

    if (tutor_feedback) {
        const DrillAnswer& a = *drills.last_answer();
        ImGui::PushFont(ui.fonts.heading);
        ImGui::TextColored(a.correct ? ui.palette.good : ui.palette.bad, "%s",
                           a.correct ? "Right." : "Not quite.");
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("  Next review in %d day%s%s", drills.next_interval_days(),
                            drills.next_interval_days() == 1 ? "" : "s",
                            drills.last_is_leech() ? "  ·  a leech: missed 8 times" : "");
        ImGui::SameLine();
        const bool next =
            ImGui::Button(drills.over() ? "See the results  (Enter)" : "Next question  (Enter)");
        ImGui::Separator();
        // The rationales scroll under the question and its verdict.
        ImGui::BeginChild("##rationales", ImVec2(0, 0), false);
        rationales(drills, ui, index, a);
        ImGui::EndChild();
        if (next || ui.keys.enter) {
            ui.drill_revealed = false;
            ui.drill_ticked.clear();
        }
        return;
    }

    auto submit = [&](const std::vector<std::size_t>& positions) {
        if (auto err = drills.answer(positions, ui.now)) {
            ui.say("The answer could not be saved: " + *err, true);
            return;
        }
        ui.drill_revealed = drills.setup().mode == DrillMode::Tutor;
        ui.drill_ticked.clear();
    };
    if (item.multiple()) {
        if (clicked) ui.drill_ticked[*clicked] = !ui.drill_ticked[*clicked];
        std::vector<std::size_t> ticked;
        for (std::size_t i = 0; i < ui.drill_ticked.size(); ++i)
            if (ui.drill_ticked[i]) ticked.push_back(i);
        ImGui::BeginDisabled(ticked.empty());
        const bool go = ImGui::Button("Answer  (Enter)");
        ImGui::EndDisabled();
        if ((go || ui.keys.enter) && !ticked.empty()) submit(ticked);
    } else if (clicked) {
        submit({*clicked});
    }
    ImGui::SameLine();
    if (ImGui::Button("Stop here")) drills.stop();
}

void results_view(DrillModel& drills, UiState& ui) {
    const DrillSession& s = drills.session();
    heading(ui, "Results");
    const auto& answers = s.answers();
    ImGui::Text("%s%s", s.score_text().c_str(),
                answers.size() < s.items().size() ? " (stopped before the end)" : "");
    const auto by_topic = s.by_topic();
    if (by_topic.size() > 1)
        ImGui::TextDisabled("By topic: an item on several topics counts in each.");
    ImGui::Spacing();
    for (const auto& t : by_topic) {
        const float f = t.total ? static_cast<float>(t.right) / static_cast<float>(t.total) : 0.0f;
        ImGui::TextUnformatted(drills.topic_label(t.topic).c_str());
        ImGui::SameLine(ImGui::CalcTextSize("M").x * 26);
        ImGui::ProgressBar(
            f, ImVec2(ImGui::CalcTextSize("M").x * 16, 0),
            (std::to_string(t.right) + " / " + std::to_string(t.total) +
             (t.answered < t.total ? "  (" + std::to_string(t.total - t.answered) + " not answered)"
                                   : ""))
                .c_str());
    }
    std::string problem;
    if (const auto v = drills.progress(problem))
        ImGui::TextDisabled("Due by the end of tomorrow: %d item%s  ·  within a week: %d",
                            v->due_tomorrow, v->due_tomorrow == 1 ? "" : "s", v->due_week);
    ImGui::Spacing();
    if (ImGui::Button("New drill  (Enter)") || ui.keys.enter) {
        drills.close();
        return;
    }
    ImGui::Separator();
    ImGui::BeginChild("##review", ImVec2(0, 0), false);
    for (const auto& a : answers) {
        const DrillItem& item = s.items()[a.item];
        ImGui::PushID(static_cast<int>(a.item));
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextColored(a.correct ? ui.palette.good : ui.palette.bad, "%zu.", a.item + 1);
        ImGui::SameLine();
        wrapped(item.stem);
        ImGui::PopFont();
        rationales(drills, ui, a.item, a);
        ImGui::Separator();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace

void draw_drills(AppModel& model, DrillModel& drills, UiState& ui) {
    drills.ensure_loaded();
    // The debrief asked for a drill on one topic: a tutor drill on it (new items if none is due).
    if (!ui.drill_request.empty() && !drills.running()) {
        const auto topics = drills.topics();
        const auto it = std::find_if(topics.begin(), topics.end(),
                                     [&](const DrillTopic& t) { return t.id == ui.drill_request; });
        ui.drill_request.clear();
        if (it != topics.end()) {
            ui.drill_topic = static_cast<int>(it - topics.begin()) + 1;
            ui.drill_mode = 0;
            ui.drill_from_scenarios = false;
            if (drills.available(setup_of(ui, drills)) == 0) ui.drill_all = true;
            start(model, drills, ui);
        }
    }
    if (!drills.running()) {
        setup_view(model, drills, ui);
        return;
    }
    if (drills.over() && !ui.drill_revealed) {
        results_view(drills, ui);
        return;
    }
    if (ui.keys.escape) {
        drills.stop();
        return;
    }
    question_view(drills, ui);
}

}  // namespace rapport::gui
