// Author mode. Stub.
#include <imgui.h>

#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

void draw_author(AppModel&, UiState& ui) {
    heading(ui, "Author");
}

}  // namespace rapport::gui
