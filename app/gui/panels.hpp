// The panels, one per file. Each draws into the current ImGui window from the model and UiState
// and changes them only through their public functions.
#pragma once

#include "app_model.hpp"
#include "drill_model.hpp"
#include "ui_state.hpp"

namespace rapport::gui {

void draw_topbar(AppModel& model, UiState& ui);
void draw_statusbar(AppModel& model, UiState& ui);
void draw_library(AppModel& model, UiState& ui);
void draw_briefing(AppModel& model, UiState& ui);
void draw_session(AppModel& model, UiState& ui);
void draw_feedback(AppModel& model, UiState& ui);
void draw_author(AppModel& model, UiState& ui);
void draw_drills(AppModel& model, DrillModel& drills, UiState& ui);
void draw_progress(DrillModel& drills, UiState& ui);

// Shared actions, so keys and buttons do the same thing.
void go_to_library(AppModel& model, UiState& ui);
void start_session(AppModel& model, UiState& ui);
void choose_response(AppModel& model, UiState& ui, std::size_t position);

}  // namespace rapport::gui
