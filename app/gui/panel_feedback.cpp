// The feedback screen. Stub: replaced by the full report view.
#include <imgui.h>

#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

void draw_feedback(AppModel& model, UiState& ui) {
    const Report* r = model.report();
    if (!r) {
        if (model.playing()) model.build_report_now();
        r = model.report();
        if (!r) {
            ui.screen = Screen::Library;
            return;
        }
    }
    heading(ui, r->ending_title);
    if (ui.keys.enter || ui.keys.escape) go_to_library(model, ui);
}

}  // namespace rapport::gui
