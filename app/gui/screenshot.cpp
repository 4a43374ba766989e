// PNG screenshots of the back buffer (see screenshot.hpp).
#include "screenshot.hpp"

#include <glad/gl.h>
#include <stb/stb_image_write.h>

#include <vector>

namespace rapport::gui {

std::optional<std::string> save_screenshot(const std::string& path, int width, int height) {
    if (width <= 0 || height <= 0) return "the window has no size";
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (glGetError() != GL_NO_ERROR) return "glReadPixels failed";
    stbi_flip_vertically_on_write(1);  // OpenGL's rows start at the bottom
    if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3))
        return path + ": cannot write the PNG";
    return std::nullopt;
}

}  // namespace rapport::gui
