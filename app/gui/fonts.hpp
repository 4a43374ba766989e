// The fonts: DejaVu Sans (fonts-dejavu-core) regular and bold, oblique when fonts-dejavu-extra is
// there, a larger bold for headings; ImGui's built-in font when the files are missing.
#pragma once

struct ImFont;
struct ImFontAtlas;

namespace rapport::gui {

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* italic = nullptr;
    ImFont* heading = nullptr;
    ImFont* small = nullptr;
    bool fallback = false;  // the DejaVu files were not found
    float size = 0;         // pixel size of the regular font
};

// (Re)builds `atlas` at `scale` (content scale x zoom). Needs no ImGui context, so the first
// build can run on a worker thread while the window opens; the caller then recreates the
// renderer's font texture.
Fonts load_fonts(ImFontAtlas& atlas, float scale);

}  // namespace rapport::gui
