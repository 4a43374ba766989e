// Checks that screenshots are real renders: png_check WIDTH HEIGHT A.png B.png...
// Each must decode to WIDTH x HEIGHT, hold many distinct colours (text, not a uniform or blank
// frame), and differ from every other one in a good share of its pixels. Prints the figures.
#include <stb/stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

struct Image {
    std::string path;
    int w = 0, h = 0;
    std::vector<unsigned char> rgb;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: png_check WIDTH HEIGHT A.png [B.png...]\n");
        return 2;
    }
    const int want_w = std::atoi(argv[1]);
    const int want_h = std::atoi(argv[2]);
    int failures = 0;
    std::vector<Image> images;
    for (int i = 3; i < argc; ++i) {
        Image im;
        im.path = argv[i];
        int channels = 0;
        unsigned char* data = stbi_load(argv[i], &im.w, &im.h, &channels, 3);
        if (!data) {
            std::printf("FAIL %s: not a readable PNG (%s)\n", argv[i], stbi_failure_reason());
            ++failures;
            continue;
        }
        im.rgb.assign(data, data + static_cast<std::size_t>(im.w) * im.h * 3);
        stbi_image_free(data);
        std::set<unsigned> colours;
        for (std::size_t p = 0; p + 2 < im.rgb.size(); p += 3)
            colours.insert(im.rgb[p] << 16 | im.rgb[p + 1] << 8 | im.rgb[p + 2]);
        std::printf("%s: %dx%d, %zu distinct colours\n", argv[i], im.w, im.h, colours.size());
        if (im.w != want_w || im.h != want_h) {
            std::printf("FAIL %s: size %dx%d, wanted %dx%d\n", argv[i], im.w, im.h, want_w, want_h);
            ++failures;
        }
        if (colours.size() < 64) {
            std::printf("FAIL %s: only %zu colours: not a rendered screen\n", argv[i],
                        colours.size());
            ++failures;
        }
        images.push_back(std::move(im));
    }
    for (std::size_t a = 0; a < images.size(); ++a)
        for (std::size_t b = a + 1; b < images.size(); ++b) {
            const Image& x = images[a];
            const Image& y = images[b];
            if (x.rgb.size() != y.rgb.size()) continue;
            std::size_t differ = 0;
            for (std::size_t p = 0; p + 2 < x.rgb.size(); p += 3)
                if (x.rgb[p] != y.rgb[p] || x.rgb[p + 1] != y.rgb[p + 1] ||
                    x.rgb[p + 2] != y.rgb[p + 2])
                    ++differ;
            const double share =
                100.0 * static_cast<double>(differ) / static_cast<double>(x.rgb.size() / 3);
            std::printf("%s vs %s: %.1f%% of pixels differ\n", x.path.c_str(), y.path.c_str(),
                        share);
            if (share < 2.0) {
                std::printf("FAIL: %s and %s are nearly the same image\n", x.path.c_str(),
                            y.path.c_str());
                ++failures;
            }
        }
    return failures ? 1 : 0;
}
