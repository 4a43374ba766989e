// The feedback screen: the report model as a lesson. A header card with the ending, its grade and
// how close the session came to the best achievable one; then tabs, one per file (feedback_*.cpp,
// sharing feedback_parts.hpp): Overview, Turn by turn, Skills, Opportunities, A best session and
// Debrief.
// Exports and the way back sit in a row at the bottom. This file draws the frame, the header and
// the action row, and holds the helpers the tabs share.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feedback_parts.hpp"
#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace feedback {

bool poor(const ReportTurn& t) {
    return t.flagged();
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

// How much better the better response is, in points, after the words (as the reports say it).
std::string better_why(const ReportTurn& t) {
    return plural(t.better->difference, "point", "points") + " more achievable; differences of " +
           std::to_string(t.tolerance) + " or less count as equally good";
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

std::string human_condition(const Report& r, std::string_view text) {
    auto word_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    };
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (word_char(text[i]) && (i == 0 || !word_char(text[i - 1]))) {
            std::size_t j = i;
            while (j < text.size() && word_char(text[j]))
                ++j;
            const std::string_view word = text.substr(i, j - i);
            const auto v = std::find_if(r.variables.begin(), r.variables.end(),
                                        [&](const ReportVariable& x) { return x.id == word; });
            out += v != r.variables.end() ? v->label : std::string(word);
            i = j;
            continue;
        }
        static constexpr std::pair<std::string_view, std::string_view> ops[] = {
            {" >= ", " at least "}, {" <= ", " at most "}, {" == ", " is "},  {" != ", " is not "},
            {" > ", " above "},     {" < ", " below "},    {" && ", " and "}, {" || ", " or "}};
        bool replaced = false;
        for (const auto& [op, words] : ops)
            if (text.substr(i, op.size()) == op) {
                out += words;
                i += op.size();
                replaced = true;
                break;
            }
        if (!replaced) out += text[i++];
    }
    return out;
}

}  // namespace feedback

namespace {

using namespace feedback;

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
                human_condition(r, r.score_expression).c_str(), pct);
    } else {
        text(ui.fonts.small, pal.muted, r.finished ? "Score" : "Score so far");
        ImGui::PushFont(ui.fonts.heading);
        ImGui::Text("%d", r.score);
        ImGui::PopFont();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Score = %s", human_condition(r, r.score_expression).c_str());
        if (r.best_score && !r.best_exact) {
            text(ui.fonts.small, pal.muted,
                 "A best session scores at most " + std::to_string(*r.best_score) +
                     (r.worst_score ? ", the worst at least " + std::to_string(*r.worst_score)
                                    : "") +
                     " (bounds: the analysis stopped at its " + r.analysis_limit + " limit).");
        } else if (r.best_score) {
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

// --- Actions -------------------------------------------------------------------------------------

// "Feedback so far": the session is still going, and the way back leads to it.
bool can_resume(const AppModel& model, const Report& r) {
    return model.playing() && !r.finished && !model.session().finished();
}

void action_row(const AppModel& model, const UiState& ui, const Report& r, Pending& pending) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    // At 800 wide the long labels do not fit beside the way back: shorter ones, never cut.
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool narrow = avail < ImGui::GetFontSize() * 52;
    ImGui::AlignTextToFramePadding();
    text(ui.fonts.regular, ui.palette.muted, narrow ? "Export:" : "Save the report:");
    ImGui::SameLine();
    if (ImGui::Button(narrow ? "Markdown" : "Export Markdown"))
        pending = {Action::Export, 0, "markdown"};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A text report, for notes and version control");
    ImGui::SameLine();
    if (ImGui::Button(narrow ? "HTML" : "Export HTML")) pending = {Action::Export, 0, "html"};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("One self-contained page with the charts; prints well for supervision");
    ImGui::SameLine();
    if (ImGui::Button(narrow ? "JSON" : "Export JSON")) pending = {Action::Export, 0, "json"};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every number of the report, for other tools");

    const bool resume = can_resume(model, r);
    const char* back = resume               ? (model.author_try() ? "Author mode" : "Library")
                       : model.author_try() ? "Back to author mode  (Enter)"
                                            : "Back to the library  (Enter)";
    const char* cont = "Back to the session  (Enter)";
    ImGui::PushFont(ui.fonts.bold);
    float w = ImGui::CalcTextSize(resume ? cont : back).x + 2 * st.FramePadding.x;
    ImGui::PopFont();
    if (resume) w += ImGui::CalcTextSize(back).x + 2 * st.FramePadding.x + st.ItemSpacing.x;
    same_line_right(right, w);
    if (resume) {
        if (ImGui::Button(back))
            pending.action = model.author_try() ? Action::Author : Action::Library;
        ImGui::SameLine();
        if (primary_button(ui, cont)) pending.action = Action::Session;
    } else if (primary_button(ui, back)) {
        pending.action = model.author_try() ? Action::Author : Action::Library;
    }
}

}  // namespace

void draw_feedback(AppModel& model, UiState& ui) {
    const Report* report = model.report();
    if (!report) {
        if (model.playing() && !model.report_pending()) model.request_report();
        model.poll_report();
        report = model.report();
        if (!report && model.report_pending()) {
            // The analysis of a large scenario takes seconds; it started with the session.
            heading(ui, "Feedback");
            muted_text(ui,
                       "Working out the best achievable session to compare yours with. This "
                       "takes a few seconds for a large scenario, once.");
            ui.wake(ui.now + 0.2);  // look again soon
            return;
        }
        if (!report) {
            ui.screen = Screen::Library;
            return;
        }
    }
    const Report& r = *report;
    Pending pending;
    // Enter and Esc go back where the student came from: to the session for "Feedback so far".
    if (ui.keys.enter || ui.keys.escape)
        pending.action = can_resume(model, r) ? Action::Session
                         : model.author_try() ? Action::Author
                                              : Action::Library;
    // P: practise next, a tutor drill on the debrief's topic (the Debrief tab's button).
    if (ui.keys.letter == 'p' && !r.debrief.practise_topic.empty() && !ui.keys.typing) {
        ui.drill_request = r.debrief.practise_topic;
        ui.screen = Screen::Drills;
        return;
    }

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
    // The labels, shorter when the long ones would not fit side by side (800 wide): a tab bar
    // shrinks its tabs and cuts their labels.
    const std::string review = r.figures_exact && poor_count > 0
                                   ? " (" + std::to_string(poor_count) + " to review)"
                                   : std::string();
    const std::string missing =
        missed > 0 ? " (" + std::to_string(missed) + " missed)" : std::string();
    std::string labels[tab_count] = {
        "Overview###overview",   "Turn by turn" + review + "###turns",
        "Skills###skills",       "Opportunities" + missing + "###opportunities",
        "A best session###best", "Debrief###debrief",
    };
    float tabs_w = 0;
    for (const auto& l : labels)
        tabs_w += ImGui::CalcTextSize(l.c_str(), nullptr, true).x + 2 * st.FramePadding.x +
                  st.ItemInnerSpacing.x;
    if (tabs_w > ImGui::GetContentRegionAvail().x) {
        labels[tab_turns] = "Turns" + review + "###turns";
        labels[tab_best] = "Best session###best";
    }
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
                case tab_debrief:
                    debrief(model, ui, r);
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
