// The status bar's list of keys: only those that act on the screen showing, in its present state
// (no display needed, so tests/test_gui_model.cpp checks it).
#pragma once

#include <string>

#include "app_model.hpp"
#include "screen.hpp"

namespace rapport::gui {

// Say it first: `writing`, the box is showing (its own keys).
[[nodiscard]] std::string footer_keys(Screen screen, const AppModel& model, bool writing = false);

}  // namespace rapport::gui
