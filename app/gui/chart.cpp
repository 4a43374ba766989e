// Line charts (see chart.hpp). Everything is drawn with the window's ImDrawList inside one
// invisible button, so the chart lays out, clips, scrolls and hovers like any other item. Long
// series are reduced to at most two points per pixel column (the column's lowest and highest
// value), so a 1,000-turn session draws as cheaply as a short one.
#include "chart.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace rapport::gui {

namespace {

// The smallest of 1, 2, 2.5, 5 x 10^k that is at least `raw`, and a whole number (at least 1).
int nice_step(double raw) {
    if (raw <= 1.0) return 1;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        const double s = m * mag;
        if (s + 1e-9 >= raw && std::fabs(s - std::round(s)) < 1e-9) return static_cast<int>(s);
    }
    return static_cast<int>(10.0 * mag);
}

// Multiples of `step` from the first one at or above `from`.
int first_multiple(int from, int step) {
    const int q = from / step;
    const int m = q * step;
    return m < from ? m + step : m;
}

struct Frame {
    float l = 0, t = 0, r = 0, b = 0;  // the plot area
    int n = 0;                         // points along x
    int y_min = 0, y_max = 1;
    [[nodiscard]] float x(int i) const {
        if (n <= 1) return (l + r) * 0.5f;
        return l + (r - l) * static_cast<float>(i) / static_cast<float>(n - 1);
    }
    [[nodiscard]] float y(int v) const {
        if (y_max <= y_min) return (t + b) * 0.5f;
        const int c = std::clamp(v, y_min, y_max);
        return b - (b - t) * static_cast<float>(c - y_min) / static_cast<float>(y_max - y_min);
    }
    [[nodiscard]] float step_px() const {
        return n > 1 ? (r - l) / static_cast<float>(n - 1) : r - l;
    }
};

ImVec2 lerp(ImVec2 a, ImVec2 b, float t) {
    return ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
}

void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thickness,
                     float on, float off) {
    bool draw = true;
    float remaining = on;
    for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
        const ImVec2 a = pts[k], b = pts[k + 1];
        const float len = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
        if (len <= 0.0f) continue;
        float pos = 0;
        while (pos < len) {
            const float step = std::min(remaining, len - pos);
            if (draw)
                dl->AddLine(lerp(a, b, pos / len), lerp(a, b, (pos + step) / len), col, thickness);
            pos += step;
            remaining -= step;
            if (remaining <= 0.0f) {
                draw = !draw;
                remaining = draw ? on : off;
            }
        }
    }
}

void dashed_hline(ImDrawList* dl, float x0, float x1, float y, ImU32 col, float thickness) {
    for (float x = x0; x < x1; x += 9.0f)
        dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 5.0f, x1), y), col, thickness);
}

// The series as screen points, at most two per pixel column (its lowest and highest value, in
// the order they occur) when there are more points than columns.
void series_points(const Frame& f, const std::vector<int>& values, std::vector<ImVec2>& out) {
    out.clear();
    const int n = static_cast<int>(values.size());
    if (n == 0) return;
    if (static_cast<float>(n) <= (f.r - f.l) + 1.0f) {
        out.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            out.emplace_back(f.x(i), f.y(values[static_cast<std::size_t>(i)]));
        return;
    }
    out.reserve(static_cast<std::size_t>(2.0f * (f.r - f.l) + 4.0f));
    int column = -1, lo = 0, hi = 0, lo_at = 0, hi_at = 0;
    float column_x = 0;
    auto flush = [&] {
        if (column < 0) return;
        if (lo == hi) {
            out.emplace_back(column_x, f.y(lo));
        } else if (lo_at < hi_at) {
            out.emplace_back(column_x, f.y(lo));
            out.emplace_back(column_x, f.y(hi));
        } else {
            out.emplace_back(column_x, f.y(hi));
            out.emplace_back(column_x, f.y(lo));
        }
    };
    for (int i = 0; i < n; ++i) {
        const int v = values[static_cast<std::size_t>(i)];
        const float x = f.x(i);
        const int c = static_cast<int>(std::floor(x));
        if (c != column) {
            flush();
            column = c;
            column_x = x;
            lo = hi = v;
            lo_at = hi_at = i;
        } else {
            if (v < lo) lo = v, lo_at = i;
            if (v > hi) hi = v, hi_at = i;
        }
    }
    flush();
}

float text_w(ImFont* f, std::string_view s) {
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x;
}

enum class LegendKind { Line, Dashed, Threshold, Band };

struct LegendItem {
    LegendKind kind;
    ImU32 color;
    std::string_view label;
    float width;  // sample + gap + text
};

constexpr float sample_w = 20.0f;
constexpr float sample_gap = 5.0f;
constexpr float item_gap = 14.0f;

void draw_legend_item(ImDrawList* dl, ImFont* font, const LegendItem& it, ImVec2 p, float row_h,
                      ImU32 text_col) {
    const float cy = p.y + row_h * 0.5f;
    switch (it.kind) {
        case LegendKind::Line:
            dl->AddLine(ImVec2(p.x, cy), ImVec2(p.x + sample_w, cy), it.color, 2.0f);
            break;
        case LegendKind::Dashed:
            dl->AddLine(ImVec2(p.x, cy), ImVec2(p.x + 7, cy), it.color, 1.6f);
            dl->AddLine(ImVec2(p.x + 11, cy), ImVec2(p.x + sample_w, cy), it.color, 1.6f);
            break;
        case LegendKind::Threshold:
            dashed_hline(dl, p.x, p.x + sample_w, cy, it.color, 1.2f);
            break;
        case LegendKind::Band: {
            const float h = std::min(row_h * 0.8f, 12.0f);
            dl->AddRectFilled(ImVec2(p.x + 4, cy - h * 0.5f),
                              ImVec2(p.x + sample_w - 4, cy + h * 0.5f), it.color, 2.0f);
            break;
        }
    }
    const float ty = p.y + (row_h - font->FontSize) * 0.5f;
    dl->AddText(font, font->FontSize, ImVec2(p.x + sample_w + sample_gap, ty), text_col,
                it.label.data(), it.label.data() + it.label.size());
}

std::vector<LegendItem> legend_items(const UiState& ui, const ChartSpec& spec, bool any_band) {
    ImFont* small = ui.fonts.small ? ui.fonts.small : ImGui::GetFont();
    const Palette& pal = ui.palette;
    std::vector<LegendItem> legend;
    for (const auto& s : spec.series)
        if (!s.values.empty() && !s.label.empty())
            legend.push_back({s.dashed ? LegendKind::Dashed : LegendKind::Line, s.color, s.label,
                              sample_w + sample_gap + text_w(small, s.label)});
    constexpr std::string_view threshold_label = "threshold";
    bool any_threshold = false;
    for (const auto& t : spec.thresholds)
        any_threshold = any_threshold || (t.value >= spec.y_min && t.value <= spec.y_max);
    if (any_threshold)
        legend.push_back({LegendKind::Threshold, pal.chart_threshold, threshold_label,
                          sample_w + sample_gap + text_w(small, threshold_label)});
    if (any_band && !spec.highlight_label.empty())
        legend.push_back({LegendKind::Band, pal.chart_poor_band, spec.highlight_label,
                          sample_w + sample_gap + text_w(small, spec.highlight_label)});
    return legend;
}

void tooltip(const UiState& ui, const ChartSpec& spec, int i, const std::vector<bool>& bands) {
    ImGui::BeginTooltip();
    ImGui::PushFont(ui.fonts.bold);
    if (i == 0 && !spec.x0_name.empty())
        ImGui::TextUnformatted(spec.x0_name.c_str());
    else
        ImGui::Text("%s %d", spec.x_name.c_str(), i);
    ImGui::PopFont();
    float label_w = 0;
    for (const auto& s : spec.series)
        label_w = std::max(label_w, ImGui::CalcTextSize(s.label.c_str()).x);
    const float sq = ImGui::GetTextLineHeight() * 0.6f;
    for (const auto& s : spec.series) {
        if (i >= static_cast<int>(s.values.size())) continue;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float cy = p.y + ImGui::GetTextLineHeight() * 0.5f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (s.dashed)
            dl->AddLine(ImVec2(p.x, cy), ImVec2(p.x + sq, cy), s.color, 2.0f);
        else
            dl->AddRectFilled(ImVec2(p.x, cy - sq * 0.5f), ImVec2(p.x + sq, cy + sq * 0.5f),
                              s.color, 2.0f);
        ImGui::Dummy(ImVec2(sq, ImGui::GetTextLineHeight()));
        ImGui::SameLine();
        const float x0 = ImGui::GetCursorPosX();
        ImGui::TextUnformatted(s.label.c_str());
        ImGui::SameLine(x0 + label_w + ImGui::GetStyle().ItemSpacing.x * 2);
        ImGui::PushFont(ui.fonts.bold);
        ImGui::Text("%d", s.values[static_cast<std::size_t>(i)]);
        ImGui::PopFont();
    }
    const std::string note = spec.x_note ? spec.x_note(i) : std::string();
    const bool band = i < static_cast<int>(bands.size()) && bands[static_cast<std::size_t>(i)] &&
                      !spec.highlight_label.empty();
    if (!note.empty() || band) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
        if (!note.empty()) ImGui::TextUnformatted(note.c_str());
        if (band) {
            std::string text = spec.highlight_label;
            text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
            ImGui::TextColored(ui.palette.bad, "%s", text.c_str());
        }
        ImGui::PopTextWrapPos();
    }
    if (!spec.hint.empty() && i > 0) ImGui::TextColored(ui.palette.muted, "%s", spec.hint.c_str());
    ImGui::EndTooltip();
}

}  // namespace

int line_chart(const UiState& ui, const char* id, const ChartSpec& spec, ImVec2 size) {
    if (size.x <= 0) size.x = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    if (size.y <= 0) size.y = ImGui::GetTextLineHeight() * 12;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    if (!ImGui::IsItemVisible()) return -1;  // scrolled away: nothing to draw

    const Palette& pal = ui.palette;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* small = ui.fonts.small ? ui.fonts.small : ImGui::GetFont();
    ImFont* bold = ui.fonts.bold ? ui.fonts.bold : ImGui::GetFont();
    const float fs = small->FontSize;
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 muted_col = ImGui::ColorConvertFloat4ToU32(pal.muted);
    const ImU32 bg_col = ImGui::GetColorU32(ImGuiCol_FrameBg);

    int n = 0;
    for (const auto& s : spec.series)
        n = std::max(n, static_cast<int>(s.values.size()));

    // Which x positions carry a band (for the tooltip), and whether any is in range.
    std::vector<bool> bands(static_cast<std::size_t>(std::max(n, 0)), false);
    bool any_band = false;
    for (const int h : spec.highlight_x)
        if (h >= 1 && h < n) bands[static_cast<std::size_t>(h)] = any_band = true;

    // Title and legend: the legend follows the title on its row when it fits, else it wraps
    // onto rows of its own.
    std::vector<LegendItem> legend;
    if (spec.legend) legend = legend_items(ui, spec, any_band);
    const float title_h = spec.title.empty() ? 0.0f : bold->FontSize;
    const float title_w = spec.title.empty() ? 0.0f : text_w(bold, spec.title);
    const float row_h = std::max(fs, title_h);
    float legend_w = 0;
    for (const auto& it : legend)
        legend_w += it.width + (legend_w > 0 ? item_gap : 0.0f);
    float header_h = title_h;
    if (!spec.title.empty()) dl->AddText(bold, bold->FontSize, p0, text_col, spec.title.c_str());
    if (legend.empty() && !spec.note.empty()) {
        const float w = text_w(small, spec.note);
        if (title_w + item_gap * 2 + w <= size.x) {
            dl->AddText(small, fs, ImVec2(p0.x + size.x - w, p0.y + (row_h - fs) * 0.5f), muted_col,
                        spec.note.c_str());
        } else {  // below the title, never dropped: it is the chart's caption
            const float y = p0.y + title_h + (title_h > 0 ? 4.0f : 0.0f);
            dl->AddText(small, fs, ImVec2(p0.x, y), muted_col, spec.note.c_str(), nullptr, size.x);
            header_h = y - p0.y + small->CalcTextSizeA(fs, FLT_MAX, size.x, spec.note.c_str()).y;
        }
    }
    if (!legend.empty()) {
        if (title_w + item_gap * 2 + legend_w <= size.x) {
            // Right-aligned on the title's row.
            float x = p0.x + size.x - legend_w;
            for (const auto& it : legend) {
                draw_legend_item(dl, small, it, ImVec2(x, p0.y), row_h, muted_col);
                x += it.width + item_gap;
            }
            header_h = row_h;
        } else {
            float x = p0.x, y = p0.y + title_h + (title_h > 0 ? 4.0f : 0.0f);
            for (const auto& it : legend) {
                if (x > p0.x && x + it.width > p0.x + size.x) {
                    x = p0.x;
                    y += fs + 4.0f;
                }
                draw_legend_item(dl, small, it, ImVec2(x, y), fs, muted_col);
                x += it.width + item_gap;
            }
            header_h = y + fs - p0.y;
        }
    }

    // The plot area: y labels on the left, x labels and the caption below.
    char buf[32];
    Frame f;
    f.n = n;
    f.y_min = spec.y_min;
    f.y_max = std::max(spec.y_max, spec.y_min);
    std::snprintf(buf, sizeof buf, "%d", f.y_max);
    float ylab_w = text_w(small, buf);
    std::snprintf(buf, sizeof buf, "%d", f.y_min);
    ylab_w = std::max(ylab_w, text_w(small, buf));
    const float caption_w = spec.x_caption.empty() ? 0.0f : text_w(small, spec.x_caption);
    const float zero_w = text_w(small, "0");
    const float left = std::max(ylab_w + 8.0f, caption_w + zero_w * 0.5f + 10.0f);
    f.l = p0.x + left;
    f.r = p0.x + size.x - 6.0f;
    f.t = p0.y + header_h + (header_h > 0 ? 10.0f : 4.0f);
    f.b = p0.y + size.y - fs - 6.0f;
    if (f.r - f.l < 24.0f || f.b - f.t < 24.0f) return hovered ? 0 : -1;
    const float plot_h = f.b - f.t;

    dl->AddRectFilled(ImVec2(f.l, f.t), ImVec2(f.r, f.b), bg_col);

    // Bands for the highlighted turns, centred on the value after the turn.
    if (n > 1) {
        const float half = std::max(f.step_px() * 0.5f, 0.5f);
        for (int h = 1; h < n; ++h) {
            if (!bands[static_cast<std::size_t>(h)]) continue;
            const float x = f.x(h);
            dl->AddRectFilled(ImVec2(std::max(x - half, f.l), f.t),
                              ImVec2(std::min(x + half, f.r), f.b), pal.chart_poor_band);
        }
    }

    // Y grid and labels.
    if (f.y_max > f.y_min) {
        const double target = std::max(2.0, static_cast<double>(plot_h / (fs * 2.4f)));
        const int step = nice_step(static_cast<double>(f.y_max - f.y_min) / target);
        for (int v = first_multiple(f.y_min, step); v <= f.y_max; v += step) {
            const float y = f.y(v);
            if (v != f.y_min) dl->AddLine(ImVec2(f.l, y), ImVec2(f.r, y), pal.chart_grid, 1.0f);
            std::snprintf(buf, sizeof buf, "%d", v);
            const float w = text_w(small, buf);
            dl->AddText(small, fs, ImVec2(f.l - 6.0f - w, y - fs * 0.5f), muted_col, buf);
        }
    } else {
        std::snprintf(buf, sizeof buf, "%d", f.y_min);
        dl->AddText(small, fs, ImVec2(f.l - 6.0f - text_w(small, buf), f.y(f.y_min) - fs * 0.5f),
                    muted_col, buf);
    }

    // X ticks and labels, thinned to what fits.
    if (n > 0) {
        std::snprintf(buf, sizeof buf, "%d", std::max(n - 1, 0));
        const float label_w = text_w(small, buf) + 14.0f;
        const int fit = std::max(1, static_cast<int>((f.r - f.l) / label_w));
        const int step = n <= 1 ? 1 : nice_step(static_cast<double>(n - 1) / fit);
        const float ly = f.b + 4.0f;
        for (int i = 0; i < n; i += step) {
            const float x = f.x(i);
            if (i > 0 && n > 1) dl->AddLine(ImVec2(x, f.t), ImVec2(x, f.b), pal.chart_grid, 1.0f);
            dl->AddLine(ImVec2(x, f.b), ImVec2(x, f.b + 3.0f), pal.chart_axis, 1.0f);
            std::snprintf(buf, sizeof buf, "%d", i);
            const float w = text_w(small, buf);
            const float lx = std::min(x - w * 0.5f, f.r + 4.0f - w);
            dl->AddText(small, fs, ImVec2(lx, ly), muted_col, buf);
        }
        if (!spec.x_caption.empty())
            dl->AddText(small, fs, ImVec2(p0.x, ly), muted_col, spec.x_caption.c_str());
    }

    // Axes.
    dl->AddLine(ImVec2(f.l, f.t), ImVec2(f.l, f.b), pal.chart_axis, 1.0f);
    dl->AddLine(ImVec2(f.l, f.b), ImVec2(f.r, f.b), pal.chart_axis, 1.0f);

    // Thresholds: dashed lines, each labelled at its right end (above the line, or below it near
    // the top); labels that would overlap are moved apart.
    {
        std::vector<ImVec4> placed;  // x0, y0, x1, y1 of the labels drawn so far
        placed.reserve(spec.thresholds.size());
        for (const auto& t : spec.thresholds) {
            if (t.value < f.y_min || t.value > f.y_max) continue;
            const float y = f.y(t.value);
            dashed_hline(dl, f.l, f.r, y, pal.chart_threshold, 1.3f);
            if (t.label.empty()) continue;
            const float w = text_w(small, t.label);
            const float x1 = f.r - 4.0f, x0 = std::max(f.l + 2.0f, x1 - w);
            float ly = y - fs - 2.0f;
            if (ly < f.t) ly = y + 2.0f;
            for (int guard = 0; guard < 8; ++guard) {
                bool clash = false;
                for (const auto& q : placed)
                    if (x0 < q.z && x1 > q.x && ly < q.w && ly + fs > q.y) {
                        clash = true;
                        ly = q.y - fs - 1.0f >= f.t ? q.y - fs - 1.0f : q.w + 1.0f;
                        break;
                    }
                if (!clash) break;
            }
            dl->AddRectFilled(ImVec2(x0 - 3.0f, ly - 1.0f), ImVec2(x1 + 2.0f, ly + fs + 1.0f),
                              ImGui::GetColorU32(ImGuiCol_FrameBg, 0.85f), 3.0f);
            dl->PushClipRect(ImVec2(x0 - 3.0f, ly - 2.0f), ImVec2(x1 + 3.0f, ly + fs + 2.0f), true);
            dl->AddText(small, fs, ImVec2(x0, ly), pal.chart_threshold, t.label.c_str());
            dl->PopClipRect();
            placed.emplace_back(x0 - 3.0f, ly - 1.0f, x1 + 2.0f, ly + fs + 1.0f);
        }
    }

    // Series: reference (dashed) curves under the others.
    std::vector<ImVec2> pts;
    const bool markers = n > 1 && f.step_px() >= 9.0f;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& s : spec.series) {
            if (s.values.empty() || s.dashed != (pass == 0)) continue;
            series_points(f, s.values, pts);
            if (pts.size() == 1) {
                dl->AddCircleFilled(pts[0], 3.5f, s.color);
                continue;
            }
            if (s.dashed) {
                dashed_polyline(dl, pts, s.color, 1.8f, 6.0f, 4.0f);
            } else {
                dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, 2.2f);
                if (markers)
                    for (const auto& p : pts)
                        dl->AddCircleFilled(p, 2.6f, s.color, 10);
            }
        }
    }

    // Hover: the nearest x, a guide, the values.
    int hx = -1;
    if (hovered && n > 0) {
        const float mx = ImGui::GetIO().MousePos.x;
        hx = n == 1 ? 0
                    : std::clamp(static_cast<int>(std::lround((mx - f.l) / f.step_px())), 0, n - 1);
    }
    const int guide = hx >= 0 ? hx : (spec.guide_x >= 0 && spec.guide_x < n ? spec.guide_x : -1);
    if (guide >= 0) {
        const float x = f.x(guide);
        dl->AddLine(ImVec2(x, f.t), ImVec2(x, f.b), pal.chart_axis, hx >= 0 ? 1.5f : 1.0f);
        for (int pass = 0; pass < 2; ++pass)  // reference curves' markers under the others
            for (const auto& s : spec.series) {
                if (s.dashed != (pass == 0) || guide >= static_cast<int>(s.values.size())) continue;
                const ImVec2 p(x, f.y(s.values[static_cast<std::size_t>(guide)]));
                dl->AddCircleFilled(p, 4.8f, s.color, 14);
                dl->AddCircle(p, 4.8f, bg_col, 14, 1.5f);
            }
    }
    if (hx >= 0) tooltip(ui, spec, hx, bands);
    return hx;
}

}  // namespace rapport::gui

namespace rapport::gui {

void chart_legend(const UiState& ui, const ChartSpec& spec, float width) {
    const auto legend = legend_items(ui, spec, !spec.highlight_x.empty());
    if (legend.empty() || width <= 0) return;
    ImFont* small = ui.fonts.small ? ui.fonts.small : ImGui::GetFont();
    const float fs = small->FontSize;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = ImGui::ColorConvertFloat4ToU32(ui.palette.muted);
    float x = p0.x, y = p0.y;
    for (const auto& it : legend) {
        if (x > p0.x && x + it.width > p0.x + width) {
            x = p0.x;
            y += fs + 4.0f;
        }
        draw_legend_item(dl, small, it, ImVec2(x, y), fs, col);
        x += it.width + item_gap;
    }
    ImGui::Dummy(ImVec2(width, y + fs - p0.y));
}

}  // namespace rapport::gui
