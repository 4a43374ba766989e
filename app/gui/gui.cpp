// The window: GLFW + OpenGL 3.3 core (glad) + Dear ImGui. Owns the main loop, which sleeps on
// events (no busy loop while idle), the keyboard shortcuts, zoom, themes, remembered settings,
// and the automation used by tests and benchmarks (demo script, screenshots, frame timing).
#include "gui.hpp"

#include <glad/gl.h>
// glad first: GLFW must not include the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <variant>

#include "app_model.hpp"
#include "panels.hpp"
#include "screenshot.hpp"
#include "theme.hpp"
#include "ui_state.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

namespace fs = std::filesystem;

// What the GLFW callbacks report to the loop (through the window's user pointer).
struct LoopSignals {
    int events = 0;
    // Key presses in order. ImGui 1.86 tracks keys as up/down states per frame, so a press and
    // release that arrive between two frames (fast typing, xdotool) would be lost; the queue
    // keeps every press, and the loop hands the panels one per frame.
    std::deque<std::pair<int, int>> key_presses;  // GLFW key, modifier bits (| repeat_bit)
    std::string last_error;
    std::vector<std::string> dropped;  // files dropped on the window
};

constexpr int repeat_bit = 1 << 20;  // beside GLFW's modifier bits: a held key repeating

LoopSignals* signals_of(GLFWwindow* w) {
    return static_cast<LoopSignals*>(glfwGetWindowUserPointer(w));
}

void mark(GLFWwindow* w) {
    if (auto* s = signals_of(w)) ++s->events;
}

void install_activity_callbacks(GLFWwindow* w) {
    // ImGui's backend chains these (it calls the previously installed ones), so every input
    // wakes the loop; the ones it does not install are ours alone.
    glfwSetKeyCallback(w, [](GLFWwindow* w, int key, int, int action, int mods) {
        if (auto* s = signals_of(w); s && action != GLFW_RELEASE && s->key_presses.size() < 64)
            s->key_presses.emplace_back(key, mods | (action == GLFW_REPEAT ? repeat_bit : 0));
        mark(w);
    });
    glfwSetCharCallback(w, [](GLFWwindow* w, unsigned) { mark(w); });
    glfwSetMouseButtonCallback(w, [](GLFWwindow* w, int, int, int) { mark(w); });
    glfwSetScrollCallback(w, [](GLFWwindow* w, double, double) { mark(w); });
    glfwSetWindowFocusCallback(w, [](GLFWwindow* w, int) { mark(w); });
    glfwSetCursorEnterCallback(w, [](GLFWwindow* w, int) { mark(w); });
    glfwSetCursorPosCallback(w, [](GLFWwindow* w, double, double) { mark(w); });
    glfwSetWindowSizeCallback(w, [](GLFWwindow* w, int, int) { mark(w); });
    glfwSetFramebufferSizeCallback(w, [](GLFWwindow* w, int, int) { mark(w); });
    glfwSetWindowRefreshCallback(w, [](GLFWwindow* w) { mark(w); });
    glfwSetWindowContentScaleCallback(w, [](GLFWwindow* w, float, float) { mark(w); });
    glfwSetDropCallback(w, [](GLFWwindow* w, int count, const char** paths) {
        if (auto* s = signals_of(w))
            for (int i = 0; i < count; ++i)
                s->dropped.emplace_back(paths[i]);
        mark(w);
    });
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The Keys of one key press (GLFW key code and modifiers).
Keys keys_of(int key, int mods) {
    const ImGuiIO& io = ImGui::GetIO();
    const bool typing = io.WantTextInput;
    const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    const bool plain = !ctrl && (mods & GLFW_MOD_ALT) == 0;
    Keys k;
    k.typing = typing;
    if (mods & repeat_bit) {  // holding a key repeats only moves, never answers
        k.up = !typing && key == GLFW_KEY_UP;
        k.down = !typing && key == GLFW_KEY_DOWN;
        return k;
    }
    if (plain && !typing) {
        if (key >= GLFW_KEY_1 && key <= GLFW_KEY_9) k.digit = key - GLFW_KEY_0;
        if (key >= GLFW_KEY_KP_1 && key <= GLFW_KEY_KP_9) k.digit = key - GLFW_KEY_KP_0;
        if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z)
            k.letter = static_cast<char>('a' + key - GLFW_KEY_A);
        k.undo = key == GLFW_KEY_BACKSPACE;
        k.up = key == GLFW_KEY_UP;
        k.down = key == GLFW_KEY_DOWN;
    }
    k.enter = key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER;
    k.shift = (mods & GLFW_MOD_SHIFT) != 0;
    k.escape = key == GLFW_KEY_ESCAPE;
    if (ctrl) {
        k.zoom_in = key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD;
        k.zoom_out = key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT;
        k.zoom_reset = key == GLFW_KEY_0 || key == GLFW_KEY_KP_0;
        k.toggle_theme = key == GLFW_KEY_T;
        k.undo = key == GLFW_KEY_Z;
        k.save_quit = key == GLFW_KEY_S;
        k.quit = key == GLFW_KEY_Q;
    }
    return k;
}

// The demo script: the keys a user would press, one step per frame, with screenshots.
struct Step {
    enum class Kind { Keys, Shot, Wait, Check, Tab, ScrollEnd, Type } kind = Kind::Wait;
    Keys keys;
    std::string shot;                 // Shot: the file name; Type: the text typed
    Screen screen = Screen::Library;  // Check: the screen that must be showing
    int frames = 1;                   // Wait: frames; Tab: the feedback tab to open
};

std::deque<Step> demo_script(const std::vector<int>& choices, bool screenshots,
                             const std::optional<std::vector<std::string>>& said) {
    std::deque<Step> s;
    auto wait = [&](int frames) { s.push_back({Step::Kind::Wait, {}, {}, {}, frames}); };
    auto key = [&](Keys k) {
        s.push_back({Step::Kind::Keys, k, {}, {}, 1});
        wait(3);  // let the screen settle (ImGui lays out new windows over a frame or two)
    };
    auto check = [&](Screen sc) { s.push_back({Step::Kind::Check, {}, {}, sc, 1}); };
    auto shot = [&](const char* name) {
        if (screenshots) s.push_back({Step::Kind::Shot, {}, name, {}, 1});
    };
    Keys enter;
    enter.enter = true;
    wait(4);
    check(Screen::Library);
    shot("library");
    key(enter);
    check(Screen::Briefing);
    if (said) {
        Keys s_key;
        s_key.letter = 's';
        key(s_key);
    }
    shot("briefing");
    key(enter);
    check(Screen::Session);
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (said) {  // say it first: type the words and send them, or skip
            if (i < said->size() && !(*said)[i].empty()) {
                s.push_back({Step::Kind::Type, {}, (*said)[i], {}, 1});
                wait(3);
                if (i == 0) shot("say-writing");
                key(enter);
                if (i == 0) shot("say-options");
            } else {
                Keys esc;
                esc.escape = true;
                key(esc);
            }
        }
        if (i + 1 == choices.size()) shot("session");
        Keys k;
        k.digit = choices[i];
        key(k);
    }
    check(Screen::Feedback);
    wait(2);
    shot("feedback");
    // The other feedback tabs, as a click on each would open them.
    if (screenshots) {
        const std::pair<int, const char*> tabs[] = {
            {1, "feedback-turns"}, {2, "feedback-skills"}, {5, "feedback-debrief"}};
        for (const auto& [tab, name] : tabs) {
            s.push_back({Step::Kind::Tab, {}, {}, {}, tab});
            wait(3);
            shot(name);
        }
    }
    return s;
}

std::deque<Step> drill_script(const std::vector<char>& answers, bool screenshots) {
    std::deque<Step> s;
    auto wait = [&](int frames) { s.push_back({Step::Kind::Wait, {}, {}, {}, frames}); };
    auto key = [&](Keys k) {
        s.push_back({Step::Kind::Keys, k, {}, {}, 1});
        wait(3);
    };
    auto shot = [&](const char* name) {
        if (screenshots) s.push_back({Step::Kind::Shot, {}, name, {}, 1});
    };
    Keys enter;
    enter.enter = true;
    wait(4);
    s.push_back({Step::Kind::Check, {}, {}, Screen::Drills, 1});
    key(enter);
    shot("drill-question");
    for (std::size_t i = 0; i < answers.size(); ++i) {
        Keys k;
        k.letter = answers[i];
        key(k);
        if (i == 0) shot("drill-rationales");
        key(enter);
    }
    Keys escape;  // stop: the results of the items answered
    escape.escape = true;
    key(escape);
    shot("drill-results");
    return s;
}

void draw_root(AppModel& model, DrillModel& drills, UiState& ui) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##root", nullptr, flags);
    ImGui::PopStyleVar();
    draw_topbar(model, ui);
    const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::PushStyleVar(
        ImGuiStyleVar_WindowPadding,
        ImVec2(20 * ui.content_scale * ui.settings.zoom, 12 * ui.content_scale * ui.settings.zoom));
    ImGui::BeginChild("##screen", ImVec2(0, -status_h), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar |
                          ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();
    switch (ui.screen) {
        case Screen::Library:
            draw_library(model, ui);
            break;
        case Screen::Briefing:
            draw_briefing(model, ui);
            break;
        case Screen::Session:
            draw_session(model, ui);
            break;
        case Screen::Feedback:
            draw_feedback(model, ui);
            break;
        case Screen::Author:
            draw_author(model, ui);
            break;
        case Screen::Drills:
            draw_drills(model, drills, ui);
            break;
        case Screen::Progress:
            draw_progress(drills, ui);
            break;
    }
    ImGui::EndChild();
    draw_statusbar(model, ui);
    ImGui::End();
}

void handle_global_keys(UiState& ui) {
    const Keys& k = ui.keys;
    if (k.quit) ui.quit = true;  // the session record is already saved after every answer
    float& z = ui.settings.zoom;
    if (k.zoom_in) z = std::min(max_zoom, z * 1.1f);
    if (k.zoom_out) z = std::max(min_zoom, z / 1.1f);
    if (k.zoom_reset) z = 1.0f;
    if (k.zoom_in || k.zoom_out || k.zoom_reset) ui.rebuild_fonts = true;
    if (k.toggle_theme) {
        ui.settings.theme = ui.settings.theme == Theme::Dark ? Theme::Light : Theme::Dark;
        ui.rebuild_fonts = true;  // also re-applies the (scaled) style
    }
}

void rebuild_fonts(UiState& ui) {
    const float scale = ui.content_scale * ui.settings.zoom;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ui.fonts = load_fonts(*ImGui::GetIO().Fonts, scale);
    ImGui::GetIO().FontDefault = ui.fonts.regular;
    ImGui_ImplOpenGL3_CreateFontsTexture();
    apply_theme(ui.settings.theme, scale);
    ui.palette = make_palette(ui.settings.theme);
    ui.rebuild_fonts = false;
    // New text sizes change the transcript's height: keep the latest turn in view. ImGui clamps a
    // scroll to the last frame's content size, so follow for a few frames while it settles.
    ui.follow_frames = 3;
}

}  // namespace

int run(const GuiOptions& o) {
    const auto process_start = std::chrono::steady_clock::now();
    const Paths paths = xdg_paths();
    UiState ui;
    SettingsLoad loaded = load_settings(paths.settings_file());
    ui.settings = loaded.settings;
    if (loaded.problem) std::cerr << "rapport: " << *loaded.problem << "\n";
    for (const auto& w : loaded.warnings)
        std::cerr << "rapport: " << w << "\n";
    const bool scripted = o.demo_choices || o.demo_drill || !o.screenshots.empty();
    const bool automated = scripted || o.bench_frames > 0 || o.quit_after_first_frame;
    if (o.width > 0 && o.height > 0) {
        ui.settings.width = o.width;
        ui.settings.height = o.height;
        ui.settings.maximized = false;
    }

    // The skill catalogue and the library load on a worker thread while the window and its
    // OpenGL context are created (no GUI or GL there): the first frame comes sooner.
    const fs::path data = o.data_dir;
    std::future<std::variant<AppModel, std::string>> library =
        std::async(std::launch::async, [&]() -> std::variant<AppModel, std::string> {
            CatalogueLoad catalogue =
                load_skill_catalogue((data / "assets" / "skills.yaml").string());
            if (catalogue.diagnostics.has_errors())
                return format_diagnostics(catalogue.diagnostics);
            AppModel m(paths, std::move(catalogue.catalogue), data / "scenarios", o.files);
            m.refresh_library(false);  // the play-state checks run after the first frame
            return m;
        });

    LoopSignals signals;
    glfwSetErrorCallback([](int, const char* description) {
        std::cerr << "rapport: GLFW: " << description << "\n";
    });
    if (!glfwInit()) {
        const char* display = std::getenv("DISPLAY");
        const char* wayland = std::getenv("WAYLAND_DISPLAY");
        std::cerr << "rapport: cannot open the window: "
                  << ((!display || !*display) && (!wayland || !*wayland)
                          ? "no display (DISPLAY and WAYLAND_DISPLAY are not set)"
                          : "the display cannot be reached")
                  << ".\nTo rehearse in the terminal instead: rapport play (see rapport --help)\n";
        return 1;
    }
    // The fonts, at the primary monitor's content scale, also build while the window opens.
    float monitor_scale = 1;
    if (GLFWmonitor* m = glfwGetPrimaryMonitor()) {
        float sy = 1;
        glfwGetMonitorContentScale(m, &monitor_scale, &sy);
        monitor_scale = std::clamp(std::max(monitor_scale, sy), 0.5f, 4.0f);
    }
    auto atlas = std::make_unique<ImFontAtlas>();
    std::future<Fonts> fonts = std::async(
        std::launch::async, [&] { return load_fonts(*atlas, monitor_scale * ui.settings.zoom); });
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    if (ui.settings.maximized && !automated) glfwWindowHint(GLFW_MAXIMIZED, GLFW_TRUE);
    // Never larger than the monitor, before the window exists: a size from a damaged settings
    // file (16384x16384) would otherwise allocate its framebuffer first (2.2 GB, seconds).
    if (GLFWmonitor* m = glfwGetPrimaryMonitor())
        if (const GLFWvidmode* mode = glfwGetVideoMode(m)) {
            ui.settings.width = std::min(ui.settings.width, mode->width);
            ui.settings.height = std::min(ui.settings.height, mode->height);
        }
    GLFWwindow* window =
        glfwCreateWindow(ui.settings.width, ui.settings.height, "Rapport", nullptr, nullptr);
    if (!window) {
        std::cerr << "rapport: cannot create a window with OpenGL 3.3 (core profile); the "
                     "graphics driver may be too old.\nTo rehearse in the terminal instead: "
                     "rapport play\n";
        glfwTerminate();
        return 1;
    }
    if (GLFWmonitor* m = glfwGetPrimaryMonitor(); m && !automated) {
        // A remembered size or place that no longer fits (another monitor, a damaged file).
        int wx = 0, wy = 0, ww = 0, wh = 0;
        glfwGetMonitorWorkarea(m, &wx, &wy, &ww, &wh);
        if (ww > 0 && wh > 0) {
            int w = 0, h = 0;
            glfwGetWindowSize(window, &w, &h);
            if (w > ww || h > wh) glfwSetWindowSize(window, std::min(w, ww), std::min(h, wh));
            if (ui.settings.x >= wx + ww || ui.settings.y >= wy + wh)
                ui.settings.x = ui.settings.y = -1;
        }
    }
    if (ui.settings.x >= 0 && ui.settings.y >= 0 && !automated)
        glfwSetWindowPos(window, ui.settings.x, ui.settings.y);
    glfwMakeContextCurrent(window);
    const int gl = gladLoadGL(glfwGetProcAddress);
    if (!gl || GLAD_VERSION_MAJOR(gl) * 10 + GLAD_VERSION_MINOR(gl) < 33) {
        std::cerr << "rapport: OpenGL 3.3 is not available (found " << GLAD_VERSION_MAJOR(gl) << "."
                  << GLAD_VERSION_MINOR(gl)
                  << ").\nTo rehearse in the terminal instead: rapport play\n";
        glfwDestroyWindow(window);
        glfwTerminate();
        return 1;
    }
    glfwSwapInterval(o.bench_frames > 0 ? 0 : 1);
    glfwSetWindowUserPointer(window, &signals);
    install_activity_callbacks(window);

    IMGUI_CHECKVERSION();
    ui.fonts = fonts.get();
    ImGui::CreateContext(atlas.get());
    ImGuiIO& io = ImGui::GetIO();
    io.FontDefault = ui.fonts.regular;
    io.IniFilename = nullptr;  // our own settings file instead
    io.ConfigWindowsMoveFromTitleBarOnly = true;
    // Tab and the arrow keys move between controls, Space activates: every button and field can
    // be reached without a mouse (the panels' own shortcuts come from the key queue).
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGui_ImplOpenGL3_CreateDeviceObjects();  // now, so that a font rebuild can replace them

    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window, &sx, &sy);
    ui.content_scale = std::clamp(std::max(sx, sy), 0.5f, 4.0f);
    apply_theme(ui.settings.theme, ui.content_scale * ui.settings.zoom);
    ui.palette = make_palette(ui.settings.theme);
    if (ui.content_scale != monitor_scale) rebuild_fonts(ui);  // on another monitor
    if (ui.fonts.fallback)
        std::cerr << "rapport: DejaVu Sans not found (install fonts-dejavu-core); using the "
                     "built-in font, which has no accented letters\n";

    auto loaded_model = library.get();
    if (auto* err = std::get_if<std::string>(&loaded_model)) {
        std::cerr << *err;
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(window);
        glfwTerminate();
        return 1;
    }
    AppModel& model = std::get<AppModel>(loaded_model);
    const std::vector<std::string>& files = o.files;
    DrillModel drills(paths, data / "drills");  // banks load when first needed
    // Reports link their debrief to drill items: the banks load when the first report is built.
    model.set_report_options([&drills] { return drills.report_options(); });
    ui.seed = o.seed;
    if (o.demo_choices && !ui.seed) ui.seed = 1;  // as `rapport play --choose`
    ui.exam = o.mode == "exam";
    // Select: the command line's first file, else the last scenario played, else the default.
    std::optional<int> select;
    if (!files.empty()) select = model.find_entry(files.front());
    if (!select && !automated && !ui.settings.last_scenario.empty())
        select = model.find_entry(ui.settings.last_scenario);
    if (!select) select = model.find_entry((data / "scenarios" / "first-session.yaml").string());
    ui.selected = select.value_or(0);
    if (!o.author_file.empty()) {
        if (auto err = model.open_author(o.author_file))
            ui.say(*err, true);
        else
            ui.screen = Screen::Author;  // at its start (author_node -1)
    }

    if (o.screen == "drills") ui.screen = Screen::Drills;
    if (o.screen == "progress") ui.screen = Screen::Progress;
    if (o.screen == "author") ui.screen = Screen::Author;

    std::deque<Step> script;
    if (scripted) {
        if (o.demo_choices) {
            script = demo_script(*o.demo_choices, !o.screenshots.empty(), o.demo_said);
        } else if (o.demo_drill) {
            ui.screen = Screen::Drills;
            script = drill_script(*o.demo_drill, !o.screenshots.empty());
        } else {  // a screenshot of the opening screen (e.g. author mode), then quit
            script.push_back({Step::Kind::Wait, {}, {}, {}, 4});
            const char* name = ui.screen == Screen::Author     ? "author"
                               : ui.screen == Screen::Drills   ? "drills"
                               : ui.screen == Screen::Progress ? "progress"
                                                               : "library";
            script.push_back({Step::Kind::Shot, {}, name, {}, 1});
            if (ui.screen == Screen::Author) {  // and scrolled to its end (the try's sliders)
                script.push_back({Step::Kind::ScrollEnd, {}, {}, {}, 1});
                script.push_back({Step::Kind::Wait, {}, {}, {}, 4});
                script.push_back({Step::Kind::Shot, {}, "author-end", {}, 1});
            }
        }
        if (!o.screenshots.empty()) {
            std::error_code ec;
            fs::create_directories(o.screenshots, ec);
        }
    }
    int demo_status = 0;
    if (o.bench_turns > 0 || o.bench_frames > 0) {
        if (auto err = model.start(ui.selected, "practice", ui.seed.value_or(1))) {
            std::cerr << "rapport: " << *err << "\n";
            demo_status = 1;
        } else {
            for (int i = 0; i < o.bench_turns && !model.session().finished(); ++i)
                model.choose(0);
            ui.screen = Screen::Session;
            ui.scroll_to_bottom = true;
        }
    }

    // The library's full checks (exploring play states) on a worker, after the first frame.
    std::future<AppModel::LibraryChecks> checks;
    bool checks_started = false;

    int redraw = 3;  // frames to draw before sleeping again
    int frame = 0;
    int bench_frame = 0;
    double bench_ui_cpu = 0, bench_cpu_start = 0, bench_wall_start = 0;
    bool first_frame_done = false;
    while (!glfwWindowShouldClose(window) && !ui.quit) {
        const bool busy = !script.empty() || !signals.key_presses.empty() ||
                          (o.bench_frames > 0 && bench_frame < o.bench_frames + 10);
        if (redraw <= 0 && !busy) {
            // Sleep until an event, the next timed redraw, or (author mode) the next file check.
            const int before = signals.events;
            std::optional<double> timeout;
            if (ui.wake_at) timeout = std::max(0.0, *ui.wake_at - glfwGetTime());
            if (model.author() && ui.author_follow) timeout = std::min(timeout.value_or(0.5), 0.5);
            if (timeout)
                glfwWaitEventsTimeout(*timeout + 0.001);
            else
                glfwWaitEvents();
            bool wake = signals.events != before;
            if (ui.wake_at && glfwGetTime() >= *ui.wake_at) wake = true;
            if (ui.author_follow && model.poll_author()) {
                ui.say("Reloaded " + fs::path(model.author()->path).filename().string());
                wake = true;
            }
            if (!wake) continue;
            redraw = 3;
        } else {
            const int before = signals.events;
            glfwPollEvents();
            // Input that arrives while frames are still being drawn (a button's release after
            // its press) needs frames of its own: ImGui acts on it one frame later.
            if (signals.events != before) redraw = std::max(redraw, 3);
        }
        if (checks.valid() &&
            checks.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            model.apply_checks(checks.get());
            model.refresh_saved();
        }
        if (!signals.dropped.empty()) {
            if (auto err = model.open_author(signals.dropped.back())) {
                ui.say(*err, true);
            } else {
                ui.screen = Screen::Author;
                ui.author_node = -1;  // the new file's start, with its initial values
                ui.author_values.clear();
                std::snprintf(ui.author_path, sizeof ui.author_path, "%s",
                              model.author()->path.c_str());
            }
            signals.dropped.clear();
        }
        if (ui.rebuild_fonts) rebuild_fonts(ui);

        ui.now = glfwGetTime();
        ui.wake_at.reset();
        const double ui_cpu0 = thread_cpu_seconds();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ui.keys = Keys{};
        if (!signals.key_presses.empty()) {
            const auto [key, mods] = signals.key_presses.front();
            signals.key_presses.pop_front();
            ui.keys = keys_of(key, mods);
            redraw = std::max(redraw, 3);  // also draws the frames for the presses still queued
        }
        std::optional<Step> step;
        if (!script.empty()) {
            step = script.front();
            if (step->kind == Step::Kind::Keys) ui.keys = step->keys;
            if (step->kind == Step::Kind::Type) {
                ImGui::GetIO().AddInputCharactersUTF8(step->shot.c_str());
                ui.keys.typing = true;
            }
            if (step->kind == Step::Kind::Tab) ui.feedback_tab = step->frames;
            if (step->kind == Step::Kind::ScrollEnd) ui.author_scroll_end = true;
            // An answer waits, as a user would, until the turn it answers has been on screen
            // for a moment (the session drops earlier presses: AnswerGuard).
            const bool held = (step->kind == Step::Kind::Keys && step->keys.digit > 0 &&
                               ui.screen == Screen::Session && !ui.answer_guard.ready(ui.now)) ||
                              model.report_pending();  // the feedback is still being worked out
            if (held) {
                ui.keys = Keys{};
                step.reset();
            } else if (step->kind == Step::Kind::Wait && --script.front().frames > 0)
                step.reset();
            else
                script.pop_front();
        }
        if (step && step->kind == Step::Kind::Check && ui.screen != step->screen) {
            std::string why = "the script stopped on an unexpected screen";
            if (ui.screen == Screen::Session && model.playing() && o.demo_choices) {
                const std::size_t turns = model.session().transcript().size();
                why = turns < o.demo_choices->size()
                          ? "response " + std::to_string((*o.demo_choices)[turns]) + " at turn " +
                                std::to_string(turns + 1) + " is not offered (only " +
                                std::to_string(model.session().offered().size()) + ")"
                          : "the session has not ended after " + std::to_string(turns) +
                                " responses; give more numbers";
            }
            std::cerr << "rapport: demo: " << why << "\n";
            demo_status = 1;
            script.clear();
            ui.quit = true;
        }
        handle_global_keys(ui);
        const Screen screen_before = ui.screen;
        draw_root(model, drills, ui);
        // A screen that changed mid-frame was drawn half old, half new: draw it again.
        if (ui.screen != screen_before) redraw = std::max(redraw, 3);
        ImGui::Render();
        int fb_w = 0, fb_h = 0;
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        glViewport(0, 0, fb_w, fb_h);
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (o.bench_frames > 0) {
            glFinish();               // count the rendering this frame caused, not the next one's
            if (bench_frame == 10) {  // after warm-up
                bench_cpu_start = process_cpu_seconds();
                bench_wall_start = glfwGetTime();
                bench_ui_cpu = 0;
            }
            if (bench_frame >= 10) bench_ui_cpu += thread_cpu_seconds() - ui_cpu0;
            ++bench_frame;
        }
        if (step && step->kind == Step::Kind::Shot) {
            const std::string path = (fs::path(o.screenshots) / (step->shot + ".png")).string();
            if (auto err = save_screenshot(path, fb_w, fb_h)) {
                std::cerr << "rapport: " << *err << "\n";
                demo_status = 1;
            } else {
                std::cout << "screenshot: " << path << "\n";
            }
        }
        glfwSwapBuffers(window);
        ++frame;
        --redraw;
        if (!first_frame_done) {
            first_frame_done = true;
            if (!checks_started) {
                checks_started = true;
                checks = std::async(std::launch::async,
                                    [paths = model.library_paths(), catalogue = model.catalogue()] {
                                        auto out = AppModel::check_library(paths, catalogue);
                                        glfwPostEmptyEvent();  // wake the loop to show them
                                        return out;
                                    });
            }
            if (o.quit_after_first_frame) {
                const double ms = std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - process_start)
                                      .count();
                std::cout << "first frame: " << ms << " ms after start of run()\n" << std::flush;
                ui.quit = true;
            }
        }
        if (scripted && script.empty() && demo_status == 0 && !ui.quit) {
            if (model.recorded()) std::cout << "record: " << model.record_path() << "\n";
            ui.quit = true;
        }
        if (o.bench_frames > 0 && bench_frame >= o.bench_frames + 10) {
            const double n = o.bench_frames;
            const std::size_t turns = model.playing() ? model.session().transcript().size() : 0;
            std::printf(
                "frames %d, transcript %zu turns, ui cpu %.3f ms/frame, process cpu %.3f "
                "ms/frame, wall %.3f ms/frame\n",
                o.bench_frames, turns, 1000.0 * bench_ui_cpu / n,
                1000.0 * (process_cpu_seconds() - bench_cpu_start) / n,
                1000.0 * (glfwGetTime() - bench_wall_start) / n);
            ui.quit = true;
        }
    }

    // Remember the window (not for automated runs, which must not change the user's settings).
    if (!automated && !loaded.problem) {
        ui.settings.maximized = glfwGetWindowAttrib(window, GLFW_MAXIMIZED) != 0;
        if (!ui.settings.maximized && o.width == 0) {  // --size is for this run only
            glfwGetWindowPos(window, &ui.settings.x, &ui.settings.y);
            glfwGetWindowSize(window, &ui.settings.width, &ui.settings.height);
        } else if (o.width > 0) {
            ui.settings.width = loaded.settings.width;
            ui.settings.height = loaded.settings.height;
        }
        if (auto err = save_settings(paths.settings_file(), ui.settings))
            std::cerr << "rapport: settings not saved: " << *err << "\n";
    }
    // The library's play-state checks of a large scenario can still be running: do not make the
    // user wait for them. Everything is on disk already (the session record after every answer,
    // the progress record in its own transactions, the settings just now) and the checks write
    // nothing, so the process ends here rather than join them.
    if (checks.valid() && checks.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(demo_status);
    }
    if (checks.valid()) checks.wait();  // it wakes GLFW when done: GLFW must still be there
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    atlas.reset();
    glfwDestroyWindow(window);
    glfwTerminate();
    return demo_status;
}

}  // namespace rapport::gui
