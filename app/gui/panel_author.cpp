// Author mode: open a scenario file, reload it whenever it changes on disk, list its diagnostics
// (click copies file:line:col), and play from any node with chosen state values.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "panels.hpp"
#include "rapport/branch.hpp"
#include "rapport/session.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

// SameLine() when an item `width` wide still fits on this line, else the item starts a new one.
void same_line_if_fits(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right)
        ImGui::SameLine();
}

std::string location_text(const SourceLocation& l) {
    std::string out = l.file;
    if (l.line > 0) out += ":" + std::to_string(l.line);
    if (l.column > 0) out += ":" + std::to_string(l.column);
    return out;
}

void open_file(AppModel& model, UiState& ui, const std::string& path) {
    if (auto err = model.open_author(path)) {
        ui.say(*err, true);
        return;
    }
    ui.author_node = model.author()->scenario ? model.author()->scenario->start : 0;
    ui.author_values.clear();
    ui.say("Watching " + path);
}

void open_row(AppModel& model, UiState& ui) {
    if (ui.author_path[0] == 0 && model.author()) {
        const std::string& p = model.author()->path;
        p.copy(ui.author_path, sizeof ui.author_path - 1);
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    const bool enter =
        ImGui::InputTextWithHint("##path", "path/to/scenario.yaml", ui.author_path,
                                 sizeof ui.author_path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Open") || enter) open_file(model, ui, ui.author_path);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##library", "From the library...")) {
        for (const auto& e : model.library()) {
            const std::string label = e.title() + "  (" + e.path + ")";
            if (ImGui::Selectable(label.c_str())) {
                std::snprintf(ui.author_path, sizeof ui.author_path, "%s", e.path.c_str());
                open_file(model, ui, e.path);
            }
        }
        ImGui::EndCombo();
    }
}

void diagnostics_list(AppModel& model, UiState& ui) {
    const AuthorFile& a = *model.author();
    const auto& all = a.diagnostics.all();
    bold_text(ui, "Diagnostics");
    ImGui::SameLine();
    ImGui::TextDisabled("%zu error%s, %zu warning%s", a.diagnostics.error_count(),
                        a.diagnostics.error_count() == 1 ? "" : "s", a.diagnostics.warning_count(),
                        a.diagnostics.warning_count() == 1 ? "" : "s");
    if (!all.empty())
        muted_text(ui, "The same messages as rapport validate; click a row to copy its location.");
    if (all.empty()) {
        ImGui::TextColored(ui.palette.good, "No problems found.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##diagnostics", 4, flags, ImVec2(0, ImGui::GetContentRegionAvail().y)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Location", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("first-session.yaml:999:99").x);
    ImGui::TableSetupColumn("Severity", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("warning").x);
    ImGui::TableSetupColumn("Code", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("RP000").x);
    ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    int row = 0;
    auto draw_row = [&](const Diagnostic& d, bool note) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(row++);
        const std::string loc = location_text(d.location);
        const std::string shown = std::filesystem::path(d.location.file).filename().string() +
                                  loc.substr(std::min(loc.size(), d.location.file.size()));
        if (ImGui::Selectable(shown.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
            copy_to_clipboard(ui, loc);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy %s", loc.c_str());
        ImGui::PopID();
        ImGui::TableNextColumn();
        const ImVec4 c = d.severity == Severity::Error     ? ui.palette.bad
                         : d.severity == Severity::Warning ? ui.palette.warn
                                                           : ui.palette.muted;
        ImGui::TextColored(c, "%s", std::string(severity_name(d.severity)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.code.c_str());
        ImGui::TableNextColumn();
        if (note) ImGui::Indent();
        wrapped(d.message);
        if (note) ImGui::Unindent();
    };
    for (const auto& d : all) {
        draw_row(d, false);
        for (const auto& n : d.notes)
            draw_row(n, true);
    }
    ImGui::EndTable();
}

void try_branch(AppModel& model, UiState& ui) {
    const AuthorFile& a = *model.author();
    const auto& sc = a.scenario;
    bold_text(ui, "Try a branch");
    if (!sc) {
        muted_text(ui,
                   "Fix the errors first: there is no version of this file without errors "
                   "to play.");
        return;
    }
    if (!a.latest_loaded)
        wrapped_colored(ui.palette.warn,
                        "The file on disk has errors; this plays the last version without them.");
    const Scenario& s = *sc;
    if (ui.author_node < 0 || ui.author_node >= static_cast<int>(s.nodes.size()))
        ui.author_node = s.start;  // -1: a file just opened starts at its start
    if (ui.author_values.size() != s.vars.size()) {
        ui.author_values.clear();
        for (const auto& v : s.vars)
            ui.author_values.push_back(v.initial);
    }
    const Node& current = s.nodes[static_cast<std::size_t>(ui.author_node)];
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##node", ("Start at: " + current.id).c_str())) {
        for (std::size_t i = 0; i < s.nodes.size(); ++i) {
            const Node& n = s.nodes[i];
            std::string label = n.id + "  ·  " + n.client.substr(0, 60);
            if (n.client.size() > 60) label += "...";
            if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == ui.author_node))
                ui.author_node = static_cast<int>(i);
        }
        ImGui::EndCombo();
    }
    // The line a trainee arriving here with these values sees: the variant they select (the
    // engine's own choice, as the session will make it), else the node's own line.
    const PlayState preview = branch_state(s, ui.author_node, ui.author_values);
    const ClientLine line = client_line(s, preview);
    if (!current.variants.empty()) {
        const std::string which =
            line.variant >= 0
                ? "Variant " + std::to_string(line.variant + 1) + " of " +
                      std::to_string(current.variants.size()) + " (line " +
                      std::to_string(
                          current.variants[static_cast<std::size_t>(line.variant)].location.line) +
                      "), selected by these values:"
                : "The node's own line: no variant's condition holds for these values:";
        muted_text(ui, which);
    }
    if (!line.cue.empty()) italic_wrapped(ui, ui.palette.cue, "(" + std::string(line.cue) + ")");
    wrapped_colored(ui.palette.muted, "\"" + std::string(line.text) + "\"");
    ImGui::Spacing();
    // Each slider on its own line under its label: the label and the value never share the
    // slider's width, so neither is covered at any size or zoom.
    for (std::size_t v = 0; v < s.vars.size(); ++v) {
        const StateVar& var = s.vars[v];
        ImGui::PushID(static_cast<int>(v));
        wrapped(var.label.empty() ? var.id : var.label);
        const std::string value = std::to_string(ui.author_values[v]);
        const std::string range =
            "(" + std::to_string(var.min) + " to " + std::to_string(var.max) + ")";
        same_line_if_fits(ImGui::CalcTextSize(value.c_str()).x * 1.1f);
        bold_text(ui, value);
        same_line_if_fits(ImGui::CalcTextSize(range.c_str()).x);
        ImGui::TextDisabled("%s", range.c_str());
        // The value is printed above, not inside: the grab can never sit on it.
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::SliderInt("##value", &ui.author_values[v], var.min, var.max, "",
                         ImGuiSliderFlags_AlwaysClamp);
        if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
            ImGui::SetTooltip("%s: %d (Ctrl+click to type a value)", var.id.c_str(),
                              ui.author_values[v]);
        ImGui::PopID();
    }
    if (ImGui::SmallButton("Reset values")) ui.author_values.clear();
    ImGui::Spacing();
    if (ImGui::Button("Play from here", ImVec2(-1, ImGui::GetFrameHeight() * 1.4f))) {
        const std::uint64_t seed = ui.seed ? *ui.seed : random_seed();
        if (auto err = model.start_from(sc, ui.author_node, ui.author_values, seed)) {
            ui.say(*err, true);
        } else {
            ui.screen = Screen::Session;
            ui.scroll_to_bottom = true;
            ui.last_delta.clear();
        }
    }
    muted_text(ui,
               "Practice mode, not recorded. The try keeps this version even if the file "
               "changes meanwhile.");
}

void summary(const AuthorFile& a, const UiState& /*ui*/) {
    if (!a.scenario) return;
    const Scenario& s = *a.scenario;
    std::size_t responses = 0;
    for (const auto& n : s.nodes)
        responses += n.responses.size();
    ImGui::TextDisabled("%s  ·  %zu nodes, %zu responses, %zu endings, %zu variables",
                        s.title.c_str(), s.nodes.size(), responses, s.endings.size(),
                        s.vars.size());
    // The author's view: the background a trainee never sees (not in the briefing).
    if (!s.client.instructor_notes.empty() &&
        ImGui::CollapsingHeader("Instructor notes: not shown to trainees###instructor_notes",
                                ImGuiTreeNodeFlags_DefaultOpen))
        wrapped(s.client.instructor_notes);
}

void author_page(AppModel& model, UiState& ui) {
    heading(ui, "Author mode");
    muted_text(ui,
               "Open a scenario, edit it in your own editor, and save: it reloads here with "
               "its diagnostics. The format is in docs/scenario-format.md; every code is "
               "explained in docs/diagnostics.md. You can also drop a file on the window.");
    open_row(model, ui);
    if (!model.author()) {
        ImGui::Spacing();
        muted_text(ui, "No file open.");
        return;
    }
    const AuthorFile& a = *model.author();
    ImGui::Spacing();
    bold_text(ui, a.path);
    // In the user's local time zone (records elsewhere are in UTC).
    ImGui::TextDisabled("Loaded %d time%s, last at %s", a.loads, a.loads == 1 ? "" : "s",
                        local_time_text(a.loaded_at).c_str());
    const ImGuiStyle& style = ImGui::GetStyle();
    const char* follow = "Reload when the file changes";
    same_line_if_fits(ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
                      ImGui::CalcTextSize(follow).x);
    ImGui::Checkbox(follow, &ui.author_follow);
    same_line_if_fits(ImGui::CalcTextSize("Reload now").x + 2 * style.FramePadding.x);
    if (ImGui::SmallButton("Reload now")) {
        if (auto err = model.open_author(a.path)) ui.say(*err, true);
        return;  // `a` was replaced
    }
    if (a.shipped) {
        wrapped_colored(ui.palette.warn,
                        "This is a shipped scenario (reviewed content): copy it to your scenarios "
                        "to make your own version, and edit the copy.");
        if (ImGui::Button("Copy to my scenarios")) {
            const auto [path, err] = model.copy_to_user_scenarios();
            if (err) {
                ui.say(*err, true);
            } else {
                std::snprintf(ui.author_path, sizeof ui.author_path, "%s", path.c_str());
                ui.author_node = model.author()->scenario ? model.author()->scenario->start : 0;
                ui.author_values.clear();
                ui.say("Copied to " + path + "; this is your copy, open in author mode");
            }
            return;  // `a` was replaced
        }
    }
    summary(a, ui);
    ImGui::Spacing();

    const float avail_w = ImGui::GetContentRegionAvail().x;
    const float em = ImGui::CalcTextSize("M").x;
    // Side by side when both get room for their text; else one above the other (800x600 at a
    // large zoom), each the full width, rather than a diagnostics table one letter wide.
    const bool stacked = avail_w < em * 56;
    const float right_w = std::max(avail_w * 0.34f, em * 20);
    // At least a screenful of lines each, however small the window or large the zoom: the page
    // scrolls rather than squeezing the panels to a sliver.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float panel_h =
        stacked ? line * 14 : std::max(ImGui::GetContentRegionAvail().y, line * 16);
    ImGui::BeginChild(
        "##diag",
        ImVec2(stacked ? 0 : avail_w - right_w - ImGui::GetStyle().ItemSpacing.x, panel_h), true,
        ImGuiWindowFlags_AlwaysUseWindowPadding);
    diagnostics_list(model, ui);
    ImGui::EndChild();
    if (!stacked) ImGui::SameLine();
    ImGui::BeginChild("##try", ImVec2(0, stacked ? line * 20 : panel_h), true,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    try_branch(model, ui);
    if (ui.author_scroll_end) ImGui::SetScrollHereY(1.0f);  // the scripted screenshot's end view
    ImGui::EndChild();
}

}  // namespace

void draw_author(AppModel& model, UiState& ui) {
    // One scrolling page: at 800x600 and a large zoom the header alone can fill the window.
    ImGui::BeginChild("##author_page", ImVec2(0, 0), false);
    author_page(model, ui);
    if (ui.author_scroll_end) {
        ImGui::SetScrollHereY(1.0f);
        ui.author_scroll_end = false;
    }
    ImGui::EndChild();
}

}  // namespace rapport::gui
