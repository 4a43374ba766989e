// Where the window keeps its things (XDG base directories) and the settings it remembers between
// runs: window size and position, theme, zoom, last scenario. No ImGui here.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::gui {

struct Paths {
    std::filesystem::path config;  // $XDG_CONFIG_HOME/rapport (settings.json)
    std::filesystem::path data;    // $XDG_DATA_HOME/rapport (scenarios/, sessions/, reports/)
    std::filesystem::path cache;   // $XDG_CACHE_HOME/rapport (analysis caches; safe to delete)
    [[nodiscard]] std::filesystem::path settings_file() const { return config / "settings.json"; }
    [[nodiscard]] std::filesystem::path user_scenarios() const { return data / "scenarios"; }
    [[nodiscard]] std::filesystem::path sessions() const { return data / "sessions"; }
    [[nodiscard]] std::filesystem::path reports() const { return data / "reports"; }
    // The progress database: $RAPPORT_DB, else data/progress.db.
    [[nodiscard]] std::filesystem::path progress_db() const;
};

// From $XDG_CONFIG_HOME, $XDG_DATA_HOME and $XDG_CACHE_HOME, falling back to ~/.config,
// ~/.local/share and ~/.cache.
[[nodiscard]] Paths xdg_paths();

enum class Theme { Light, Dark };

struct Settings {
    int x = -1, y = -1;  // -1: let the window system place it
    int width = 1280, height = 800;
    bool maximized = false;
    Theme theme = Theme::Light;
    float zoom = 1.0f;  // on top of the monitor's content scale
    std::string last_scenario;
};

struct SettingsLoad {
    Settings settings;
    // Set when the file exists but cannot be used; the file is then left alone (never
    // overwritten), and the message is shown.
    std::optional<std::string> problem;
    // Values out of range or of an unknown kind: replaced by a default or the nearest allowed
    // value, and said.
    std::vector<std::string> warnings;
};

[[nodiscard]] SettingsLoad load_settings(const std::filesystem::path& file);
// The settings in `bytes` (a file's contents; `name` for messages).
[[nodiscard]] SettingsLoad parse_settings(std::string_view bytes, const std::string& name);
// Writes atomically; returns an error message on failure.
[[nodiscard]] std::optional<std::string> save_settings(const std::filesystem::path& file,
                                                       const Settings& settings);

inline constexpr float min_zoom = 0.6f;
inline constexpr float max_zoom = 2.5f;

}  // namespace rapport::gui
