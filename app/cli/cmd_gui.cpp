// `rapport gui` (also `rapport` alone and `rapport FILE.yaml`): opens the window.
#include "cli_common.hpp"
#include "gui.hpp"

#include <iostream>

namespace rapport::cli {

int cmd_gui(Args& args) {
    gui::GuiOptions o;
    o.data_dir = data_dir().string();
    while (!args.done()) {
        if (!args.is_flag()) {
            o.files.push_back(args.take());
            continue;
        }
        const std::string f = args.flag();
        if (f == "--seed") {
            o.seed = parse_seed(args.value());
        } else if (f == "--mode") {
            o.mode = args.value();
            if (o.mode != "practice" && o.mode != "exam")
                throw UsageError{"--mode must be practice or exam, not '" + o.mode + "'"};
        } else if (f == "--screen") {
            o.screen = args.value();
            if (o.screen != "library" && o.screen != "drills" && o.screen != "progress" &&
                o.screen != "author")
                throw UsageError{"--screen must be library, drills, progress or author, not '" +
                                 o.screen + "'"};
        } else if (f == "--author") {
            o.author_file = args.value();
        } else if (f == "--demo") {
            o.demo_choices = parse_choices(args.value());
        } else if (f == "--demo-say") {
            o.demo_said = read_said_lines("--demo-say", args.value());
        } else if (f == "--demo-drill") {
            std::vector<char> letters;
            for (char c : args.value()) {
                if (c == ',') continue;
                if (c < 'a' || c > 'i')
                    throw UsageError{
                        "--demo-drill takes option letters a-i separated by commas, e.g. b,a,c"};
                letters.push_back(c);
            }
            if (letters.empty()) throw UsageError{"--demo-drill needs at least one letter"};
            o.demo_drill = letters;
        } else if (f == "--screenshots") {
            o.screenshots = args.value();
        } else if (f == "--size") {
            const std::string v = args.value();
            const auto x = v.find('x');
            if (x == std::string::npos)
                throw UsageError{"--size must be WIDTHxHEIGHT, like 1280x800"};
            o.width = static_cast<int>(parse_count("--size", v.substr(0, x)));
            o.height = static_cast<int>(parse_count("--size", v.substr(x + 1)));
            if (o.width < 320 || o.height < 240 || o.width > 16384 || o.height > 16384)
                throw UsageError{"--size must be between 320x240 and 16384x16384"};
        } else if (f == "--quit-after-first-frame") {
            args.skip();
            o.quit_after_first_frame = true;
        } else if (f == "--bench-turns" || f == "--bench-frames") {
            const std::uint64_t n = parse_count(f, args.value());
            if (n > 1'000'000) throw UsageError{f + " must be at most 1000000"};
            (f == "--bench-turns" ? o.bench_turns : o.bench_frames) = static_cast<int>(n);
        } else {
            throw UsageError{"gui: unknown option '" + f + "' (see rapport gui --help)"};
        }
    }
#if RAPPORT_HAS_GUI
    return gui::run(o);
#else
    // Configured with RAPPORT_BUILD_GUI=OFF, as the sanitizer build of the tests is: no window.
    std::cerr << "rapport: cannot open the window: this build has none (configured with "
                 "RAPPORT_BUILD_GUI=OFF).\nTo rehearse in the terminal instead: rapport play (see "
                 "rapport --help)\n";
    return exit_problems;
#endif
}

}  // namespace rapport::cli
