// XDG paths and the settings file (see settings.hpp).
#include "settings.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "rapport/loader.hpp"
#include "rapport/output.hpp"
#include "rapport/session.hpp"

namespace rapport::gui {

namespace {

std::filesystem::path env_path(const char* name) {
    const char* v = std::getenv(name);
    // The XDG spec: relative paths are invalid and must be ignored.
    if (v && *v == '/') return v;
    return {};
}

std::filesystem::path home() {
    if (const char* h = std::getenv("HOME"); h && *h) return h;
    return "/tmp";
}

}  // namespace

std::filesystem::path Paths::progress_db() const {
    if (const char* v = std::getenv("RAPPORT_DB"); v && *v) return v;
    return data / "progress.db";
}

Paths xdg_paths() {
    Paths p;
    std::filesystem::path config = env_path("XDG_CONFIG_HOME");
    if (config.empty()) config = home() / ".config";
    std::filesystem::path data = env_path("XDG_DATA_HOME");
    if (data.empty()) data = home() / ".local" / "share";
    std::filesystem::path cache = env_path("XDG_CACHE_HOME");
    if (cache.empty()) cache = home() / ".cache";
    p.config = config / "rapport";
    p.data = data / "rapport";
    p.cache = cache / "rapport";
    return p;
}

SettingsLoad load_settings(const std::filesystem::path& file) {
    SettingsLoad out;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return out;
    Diagnostics diags;
    const auto bytes = read_file(file.string(), diags, 1u << 20);
    if (!bytes) {
        out.problem =
            file.string() + ": cannot be read; using default settings and leaving it alone";
        return out;
    }
    return parse_settings(*bytes, file.string());
}

SettingsLoad parse_settings(std::string_view bytes, const std::string& name) {
    SettingsLoad out;
    const nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        out.problem = name +
                      ": not a Rapport settings file (invalid JSON); using default settings and "
                      "leaving it alone";
        return out;
    }
    Settings& s = out.settings;
    const std::string where = name + ": ";
    auto get_int = [&](const char* key, int& v, int lo, int hi) {
        const auto it = j.find(key);
        if (it == j.end()) return;
        if (!it->is_number()) {
            out.warnings.push_back(where + "`" + key + "` is not a number; using " +
                                   std::to_string(v));
            return;
        }
        const double d = it->get<double>();
        const int clamped = d < lo ? lo : d > hi ? hi : static_cast<int>(d);
        if (d < lo || d > hi)
            out.warnings.push_back(where + "`" + key + "` " + it->dump() +
                                   " is out of range; using " + std::to_string(clamped));
        v = clamped;
    };
    get_int("x", s.x, -100000, 100000);
    get_int("y", s.y, -100000, 100000);
    get_int("width", s.width, 400, 16384);
    get_int("height", s.height, 300, 16384);
    if (auto it = j.find("maximized"); it != j.end() && it->is_boolean()) s.maximized = *it;
    if (auto it = j.find("theme"); it != j.end()) {
        const std::string t = it->is_string() ? it->get<std::string>() : it->dump();
        if (t == "dark" || t == "light")
            s.theme = t == "dark" ? Theme::Dark : Theme::Light;
        else
            out.warnings.push_back(where + "`theme` must be \"light\" or \"dark\", not " +
                                   it->dump() + "; using light");
    }
    if (auto it = j.find("zoom"); it != j.end()) {
        const double z = it->is_number() ? it->get<double>() : -1;
        if (z >= min_zoom && z <= max_zoom) {
            s.zoom = static_cast<float>(z);
        } else {
            s.zoom = z > max_zoom ? max_zoom : z > 0 ? min_zoom : 1.0f;
            char buf[96];
            std::snprintf(buf, sizeof buf, "`zoom` must be from %.1f to %.1f; using %.1f",
                          static_cast<double>(min_zoom), static_cast<double>(max_zoom),
                          static_cast<double>(s.zoom));
            out.warnings.push_back(where + buf);
        }
    }
    if (auto it = j.find("last_scenario"); it != j.end() && it->is_string())
        s.last_scenario = it->get<std::string>();
    return out;
}

std::optional<std::string> save_settings(const std::filesystem::path& file, const Settings& s) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return file.parent_path().string() + ": " + ec.message();
    nlohmann::json j = {{"format", "rapport-settings"},
                        {"x", s.x},
                        {"y", s.y},
                        {"width", s.width},
                        {"height", s.height},
                        {"maximized", s.maximized},
                        {"theme", s.theme == Theme::Dark ? "dark" : "light"},
                        {"zoom", s.zoom},
                        {"last_scenario", s.last_scenario}};
    return write_file(file.string(), j.dump(2) + "\n");
}

}  // namespace rapport::gui
