// The keys that work on each screen (see footer.hpp). Each text names only keys that some
// handler acts on there: the panels' own (panel_*.cpp) and the global ones (gui.cpp).
#include "footer.hpp"

namespace rapport::gui {

std::string footer_keys(Screen screen, const AppModel& model, bool writing) {
    const std::string zoom = "Ctrl+= / Ctrl+- zoom";
    switch (screen) {
        case Screen::Library:
            return "Up/Down choose   Enter open   " + zoom;
        case Screen::Briefing:
            return "Enter start   P practice   E exam   S say it first   Esc back";
        case Screen::Session: {
            if (!model.playing()) return zoom;
            std::string keys =
                writing ? "Enter send   Shift+Enter new line   Esc skip" : "1-9 answer";
            if (model.can_undo()) keys += "   Ctrl+Z undo";
            // An author's try is not recorded: there is nothing to save (panel_session.cpp).
            if (!model.author_try()) keys += "   Ctrl+S save and leave";
            return keys;
        }
        case Screen::Feedback:
            return model.playing() && !model.session().finished()
                       ? "Enter or Esc back to the session"
                   : model.author_try() ? "Enter or Esc back to author mode"
                                        : "Enter or Esc library";
        case Screen::Author:
            // No shortcuts of its own (Enter in the path field opens the file typed there).
            return zoom + "   Ctrl+T theme   Ctrl+Q quit";
        case Screen::Drills:
            return "1-9 or a letter answers   Enter start / next   Esc stop";
        case Screen::Progress:
            return zoom + "   Ctrl+T theme";
    }
    return "";
}

}  // namespace rapport::gui
