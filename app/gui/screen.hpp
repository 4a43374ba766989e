// The screens of the window (which one is showing is UI state; see ui_state.hpp).
#pragma once

namespace rapport::gui {

enum class Screen { Library, Briefing, Session, Feedback, Author, Drills, Progress };

}  // namespace rapport::gui
