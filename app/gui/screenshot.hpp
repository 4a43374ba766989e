// Saves the current OpenGL back buffer as a PNG (glReadPixels + stb_image_write).
#pragma once

#include <optional>
#include <string>

namespace rapport::gui {

// Returns an error message on failure.
std::optional<std::string> save_screenshot(const std::string& path, int width, int height);

}  // namespace rapport::gui
