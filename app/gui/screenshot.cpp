// PNG screenshots of the back buffer (see screenshot.hpp).
#include "screenshot.hpp"

#include <glad/gl.h>
#include <stb/stb_image_write.h>

#include <string>
#include <vector>

#include "rapport/output.hpp"

namespace rapport::gui {

std::optional<std::string> save_screenshot(const std::string& path, int width, int height) {
    if (width <= 0 || height <= 0) return "the window has no size";
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (glGetError() != GL_NO_ERROR) return "glReadPixels failed";
    stbi_flip_vertically_on_write(1);  // OpenGL's rows start at the bottom
    // Encoded in memory, then written the one safe way (rapport::write_file).
    std::string png;
    auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
    };
    if (!stbi_write_png_to_func(append, &png, width, height, 3, pixels.data(), width * 3))
        return path + ": cannot encode the PNG";
    return write_file(path, png);
}

}  // namespace rapport::gui
