// UI-only state: which screen is shown, what is typed in search fields, what is selected, the
// display settings. The model (AppModel) holds everything that is not about presentation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "answer_guard.hpp"
#include "fonts.hpp"
#include "rapport/session.hpp"
#include "screen.hpp"
#include "settings.hpp"
#include "theme.hpp"

namespace rapport::gui {

// A key press the panels react to. Keys come from the keyboard (GLFW) or from a demo script;
// both go through the same handlers.
struct Keys {
    int digit = 0;    // 1-9 pressed this frame (top row or keypad), 0 for none
    char letter = 0;  // a-z pressed this frame (lower case), 0 for none
    bool enter = false, escape = false, up = false, down = false;
    bool shift = false;  // held with this key (Shift+Enter: a new line in the say-it-first box)
    bool undo = false;   // Ctrl+Z or Backspace
    bool zoom_in = false, zoom_out = false, zoom_reset = false;
    bool toggle_theme = false;  // Ctrl+T
    bool save_quit = false;     // Ctrl+S in a session
    bool quit = false;          // Ctrl+Q
    bool typing = false;        // a text field had the keyboard (its Enter confirms the field)
};

// The transcript's laid-out turn heights, kept until the width, the font or the session changes
// (so a 1,000-turn transcript is measured once, not every frame).
struct TranscriptLayout {
    float width = 0, font = 0;
    std::uint64_t generation = 0;
    std::vector<float> turn_h;  // per turn
    std::vector<float> top;     // prefix sums: top[i] is where turn i starts
};

struct UiState {
    Screen screen = Screen::Library;
    Settings settings;
    Fonts fonts;
    Palette palette;             // of settings.theme
    float content_scale = 1.0f;  // the monitor's
    bool rebuild_fonts = false;  // zoom changed: rebuild the atlas before the next frame
    double now = 0;              // seconds (glfwGetTime) at the start of this frame
    Keys keys;
    bool quit = false;

    // Library
    char search[128] = {};
    std::string tag;        // filter; empty for all
    std::string country;    // setting filter (as the scenarios write it); empty for all
    std::string essential;  // filter: scenarios that require this essential id; empty for all
    int selected = 0;       // library entry
    // Briefing
    bool exam = false;
    bool say_first = false;             // write each response before the options appear
    std::optional<std::uint64_t> seed;  // fixed by --seed; random otherwise
    // Session
    bool scroll_to_bottom = false;
    int follow_frames = 0;        // frames left to keep the transcript at its end (after a zoom)
    double changed_at = -100;     // when the meters last changed (deltas show for a while)
    std::vector<int> last_delta;  // per variable
    TranscriptLayout transcript_layout;
    AnswerGuard answer_guard;             // one answer per turn shown (no double presses)
    std::uint64_t answer_generation = 0;  // the session the guard is about
    // Say it first: the words being written for the turn on screen, and when. `said_turn` is the
    // turn (transcript size) and session generation they belong to; a new turn starts afresh.
    char said[max_said_bytes + 1] = {};
    std::size_t said_turn = static_cast<std::size_t>(-1);
    std::uint64_t said_generation = 0;
    double said_shown_at = 0;       // the client's line (and the empty box) appeared
    double said_first_key_at = -1;  // the first keystroke in the box; -1: none yet
    std::optional<Said> said_sent;  // sent or skipped: the options show
    int suggested = -1;             // the position of the option closest to the words; -1: none
    bool said_newline = false;      // Shift+Enter: insert a new line at the cursor
    bool said_focus = false;        // put the keyboard in the box (a new turn)
    // Feedback
    bool feedback_poor_only = false;
    int feedback_tab = 0;
    // Drills: the setup being edited, the options ticked on a "choose all that apply" item, and
    // whether the tutor's rationales are showing.
    int drill_mode = 0;  // 0 tutor, 1 exam
    int drill_count = 10;
    int drill_topic = 0;  // 0: all; else index + 1 into DrillModel::topics()
    bool drill_from_scenarios = false;
    bool drill_all = false;
    float drill_retention = 0.9f;
    int drill_time_limit = 0;  // minutes, exam only
    std::vector<bool> drill_ticked;
    bool drill_revealed = false;
    std::string drill_request;  // a topic to start a tutor drill on (the debrief's button)
    // Author
    char author_path[1024] = {};
    int author_node = -1;  // -1: the scenario's start
    std::vector<int> author_values;
    bool author_follow = true;       // reload when the file changes
    bool author_scroll_end = false;  // scroll the page and the try to their ends (screenshots)

    // A message in the status bar (errors in red) and when it was set.
    std::string status;
    bool status_error = false;
    double status_at = -100;

    // Redraws needed without any input (a delta fading, a status to clear): the main loop sleeps
    // until the earliest of these.
    std::optional<double> wake_at;
    void wake(double at) {
        if (!wake_at || at < *wake_at) wake_at = at;
    }
    void say(std::string text, bool error = false) {
        status = std::move(text);
        status_error = error;
        status_at = now;
    }
};

inline constexpr double delta_seconds = 3.0;   // how long a meter's last change is shown
inline constexpr double status_seconds = 8.0;  // how long a status message stays

}  // namespace rapport::gui
