// What the feedback screen's files share (panel_feedback.cpp draws the frame, the header and the
// action row; feedback_*.cpp draw one tab each). Private to the feedback screen.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>

#include "app_model.hpp"
#include "ui_state.hpp"

namespace rapport::gui::feedback {

inline constexpr const char* check = "\xE2\x9C\x93";  // ✓
inline constexpr const char* cross = "\xE2\x9C\x97";  // ✗
inline constexpr const char* dot = "  \xC2\xB7  ";    // ·

inline constexpr int tab_overview = 0, tab_turns = 1, tab_skills = 2, tab_opportunities = 3,
                     tab_best = 4, tab_debrief = 5, tab_count = 6;

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

struct TurnView {
    const AppModel& model;
    const UiState& ui;
    const Report& r;
    bool can_replay;
};

// Worth a second look (ReportTurn::flagged: a red flag, a novice error or a real loss).
[[nodiscard]] bool poor(const ReportTurn& t);
[[nodiscard]] ImVec4 outcome_color(const UiState& ui, const std::string& outcome);
// Helpful skills in green, the roadblocks novices reach for in red, the rest in blue.
[[nodiscard]] ImVec4 skill_color(const UiState& ui, std::string_view group);
[[nodiscard]] const Skill* find_skill(const AppModel& model, std::string_view id);
// How much better the better response is, after the words: "N points more achievable; ...".
[[nodiscard]] std::string better_why(const ReportTurn& t);
[[nodiscard]] std::string rating(std::optional<double> value, double fair, double good);
[[nodiscard]] ImVec4 rating_color(const UiState& ui, std::optional<double> value, double fair,
                                  double good);

// A condition or formula from the engine ("Alliance formed: goal_agreement >= 30", "trust +
// rapport - dependence") in the words a student reads: each variable id replaced by its label,
// each comparison by words ("Agreement on goals at least 30").
[[nodiscard]] std::string human_condition(const Report& r, std::string_view text);

// The tabs, one per file.
void overview(const UiState& ui, const Report& r, Nav& nav);  // feedback_overview.cpp
void turn_list(const TurnView& v, UiState& ui, Nav& nav, Pending& pending);  // feedback_turns.cpp
void skills(const AppModel& model, const UiState& ui, const Report& r);      // feedback_skills.cpp
void opportunities(const UiState& ui, const Report& r, Nav& nav);   // feedback_opportunities.cpp
void best_session(const UiState& ui, const Report& r);              // feedback_best.cpp
void debrief(const AppModel& model, UiState& ui, const Report& r);  // feedback_debrief.cpp

}  // namespace rapport::gui::feedback
