// The desktop window's entry point. `rapport` with no arguments, `rapport FILE.yaml` and
// `rapport gui` call run(); everything else of the window is internal to app/gui.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::gui {

struct GuiOptions {
    std::string data_dir;            // holds scenarios/ and assets/
    std::vector<std::string> files;  // scenarios named on the command line (listed first)
    std::string author_file;         // open author mode on this file
    std::string screen;              // open on this screen: library, drills, progress, author
    std::optional<std::uint64_t> seed;
    std::string mode = "practice";

    // Automation, for tests, screenshots and benchmarks.
    // Play the first listed scenario (the command line's, else the default) with these response
    // numbers, pressing the same keys a user would, then quit.
    std::optional<std::vector<int>> demo_choices;
    // With demo_choices: play in say it first, typing these words at each turn (an empty line, or
    // a turn past the last line, skips); screenshots say-writing.png and say-options.png.
    std::optional<std::vector<std::string>> demo_said;
    // Open the Drills screen, start a drill (Enter) and answer with these letters, pressing Enter
    // past each item's rationales; screenshots of the question, the rationales and the results.
    std::optional<std::vector<char>> demo_drill;
    std::string screenshots;  // folder: library.png, briefing.png, session.png, feedback.png
    bool quit_after_first_frame = false;
    int bench_turns = 0;        // start the first scenario and choose response 1 this many times
    int bench_frames = 0;       // then draw this many frames, print CPU per frame, and quit
    int width = 0, height = 0;  // window size in screen coordinates (0: remembered or default)
};

// Opens the window and runs until it is closed. Returns the process exit code; problems that keep
// the window from opening (no display, no OpenGL 3.3) are explained on stderr.
int run(const GuiOptions& options);

}  // namespace rapport::gui
