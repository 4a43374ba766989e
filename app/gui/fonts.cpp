// Font loading (see fonts.hpp).
#include "fonts.hpp"

#include <imgui.h>

#include <filesystem>

namespace rapport::gui {

namespace {

constexpr const char* font_dir = "/usr/share/fonts/truetype/dejavu/";
constexpr float base_size = 17.0f;

// Latin with accents (Latin-1 and Extended-A), general punctuation (dashes, curly quotes,
// ellipsis), the euro sign, arrows, minus and comparison signs, geometric shapes and check marks.
constexpr ImWchar glyph_ranges[] = {0x0020, 0x017F, 0x2000, 0x206F, 0x20AC, 0x20AC,
                                    0x2190, 0x21FF, 0x2212, 0x2212, 0x2260, 0x2265,
                                    0x25A0, 0x25FF, 0x2713, 0x2717, 0};

ImFont* add(ImFontAtlas& atlas, const std::string& file, float size, int oversample = 2) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return nullptr;
    ImFontConfig config;
    config.OversampleH = oversample;  // sharper horizontal placement; large text needs none
    config.OversampleV = 1;
    return atlas.AddFontFromFileTTF(file.c_str(), size, &config, glyph_ranges);
}

}  // namespace

Fonts load_fonts(ImFontAtlas& atlas, float scale) {
    atlas.Clear();
    Fonts f;
    f.size = base_size * scale;
    const std::string dir = font_dir;
    f.regular = add(atlas, dir + "DejaVuSans.ttf", f.size);
    if (!f.regular) {
        // No DejaVu: ImGui's own font (ASCII only), scaled.
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        f.regular = atlas.AddFontDefault(&config);
        f.bold = f.italic = f.heading = f.small = f.regular;
        f.fallback = true;
        atlas.Build();
        return f;
    }
    f.bold = add(atlas, dir + "DejaVuSans-Bold.ttf", f.size);
    if (!f.bold) f.bold = f.regular;
    f.italic = add(atlas, dir + "DejaVuSans-Oblique.ttf", f.size);  // fonts-dejavu-extra
    if (!f.italic) f.italic = f.regular;
    f.heading = add(atlas, dir + "DejaVuSans-Bold.ttf", f.size * 1.45f, 1);
    if (!f.heading) f.heading = f.bold;
    f.small = add(atlas, dir + "DejaVuSans.ttf", f.size * 0.85f, 1);
    if (!f.small) f.small = f.regular;
    atlas.Build();
    return f;
}

}  // namespace rapport::gui
