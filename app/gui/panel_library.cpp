// The library: every scenario found (shipped, the user's folder, the command line) with title,
// difficulty, length, objectives, client, setting and essentials; search, filters by setting,
// essential and tag, grouped by setting; invalid files listed with
// their diagnostics; saved sessions to resume or review.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

LibraryFilter filter_of(const UiState& ui) {
    return LibraryFilter{ui.search, ui.tag, ui.country, ui.essential};
}

// Tags as chips that wrap to the width; clicking one filters the library by it (again: all).
void tag_chips(UiState& ui, const std::vector<std::string>& tags) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    bool first = true;
    auto one = [&](const std::string& label, bool selected) {
        const float w = ImGui::CalcTextSize(label.c_str()).x + 2 * st.FramePadding.x;
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        first = false;
        return chip(label, selected);
    };
    for (const auto& t : tags)
        if (one(t, ui.tag == t)) ui.tag = ui.tag == t ? "" : t;
}

// A combo of "any" and the values with their counts; `current` is the value (empty: any).
void filter_combo(const char* id, const char* any, const std::vector<LibraryFacet>& facets,
                  std::string& current) {
    std::string preview = any;
    for (const auto& f : facets)
        if (f.value == current) preview = f.label;
    if (ImGui::BeginCombo(id, preview.c_str())) {
        if (ImGui::Selectable(any, current.empty())) current.clear();
        for (const auto& f : facets) {
            const std::string item = f.label + "  (" + std::to_string(f.count) + ")";
            if (ImGui::Selectable(item.c_str(), f.value == current)) current = f.value;
        }
        ImGui::EndCombo();
    }
}

// The library's filters: by setting (country) and by a first-session essential the scenario
// requires, each with how many clients it keeps; a tag picked in the details shows as a chip.
void filters(UiState& ui, const std::vector<LibraryEntry>& lib) {
    const LibraryFacets facets = library_facets(lib);
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (!facets.countries.empty()) {
        ImGui::SetNextItemWidth(half);
        filter_combo("##setting", "Any setting", facets.countries, ui.country);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the clients of one setting");
        ImGui::SameLine();
    }
    if (!facets.essentials.empty()) {
        ImGui::SetNextItemWidth(-1);
        filter_combo("##essential", "Any essential", facets.essentials, ui.essential);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Show the clients whose session requires this essential");
    }
    if (!ui.tag.empty()) {
        ImGui::TextDisabled("Tag:");
        ImGui::SameLine();
        if (chip(ui.tag + "  \xC3\x97", true)) ui.tag.clear();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show every tag again");
    }
}

void entry_details(AppModel& model, UiState& ui, int index) {
    const LibraryEntry& e = model.library()[static_cast<std::size_t>(index)];
    heading(ui, e.title());
    muted_text(ui, e.path + "  (" + origin_name(e.origin) + ")");
    ImGui::Spacing();
    if (!e.scenario) {
        ImGui::TextColored(ui.palette.bad, "This file has %d error%s and cannot be played yet.",
                           e.errors(), e.errors() == 1 ? "" : "s");
        muted_text(ui,
                   "Fix them in your editor; the codes are explained in docs/diagnostics.md. "
                   "Author mode reloads the file each time you save it.");
        if (ImGui::Button("Open in author mode")) {
            if (auto err = model.open_author(e.path))
                ui.say(*err, true);
            else
                ui.screen = Screen::Author;
        }
        ImGui::Spacing();
        for (const auto& d : e.diagnostics.all()) {
            const ImVec4 c = d.severity == Severity::Error ? ui.palette.bad : ui.palette.warn;
            wrapped_colored(c, format_diagnostic(d));
        }
        return;
    }
    const Scenario& s = *e.scenario;
    ImGui::Text("%s  ·  about %d minutes  ·  version %s",
                std::string(difficulty_name(s.difficulty)).c_str(), s.minutes, s.version.c_str());
    ImGui::Spacing();
    wrapped(s.summary);
    ImGui::Spacing();
    bold_text(ui, "The client");
    wrapped(s.client.name + ", " + std::to_string(s.client.age) + " (" + s.client.pronouns +
            "): " + s.client.presenting_concern);
    if (const std::string where = setting_label(s.setting); !where.empty()) {
        ImGui::Spacing();
        bold_text(ui, "Setting");
        wrapped(where);
    }
    if (!s.required_essentials.empty()) {
        ImGui::Spacing();
        bold_text(ui, "The session requires");
        std::string list;
        for (int i : s.required_essentials)
            list += (list.empty() ? "" : "; ") + s.essentials[static_cast<std::size_t>(i)].label;
        wrapped(list);
    }
    if (!s.objectives.empty()) {
        ImGui::Spacing();
        bold_text(ui, "You will practise");
        for (const auto& o : s.objectives) {
            ImGui::Bullet();
            ImGui::SameLine();
            wrapped(o);
        }
    }
    if (!s.tags.empty()) {
        ImGui::Spacing();
        tag_chips(ui, s.tags);
    }
    if (e.warnings() > 0) {
        ImGui::Spacing();
        ImGui::TextColored(ui.palette.warn, "%d warning%s (see author mode)", e.warnings(),
                           e.warnings() == 1 ? "" : "s");
    }
    ImGui::Spacing();
    ImGui::Spacing();
    if (ImGui::Button("Open briefing  (Enter)")) ui.keys.enter = true;
    ImGui::SameLine();
    if (ImGui::Button("Author mode")) {
        const std::string path = e.path;
        if (auto err = model.open_author(path)) {
            ui.say(*err, true);
        } else {
            ui.screen = Screen::Author;
            ui.author_node = -1;  // this file's start, with its initial values
            ui.author_values.clear();
            std::snprintf(ui.author_path, sizeof ui.author_path, "%s", path.c_str());
        }
    }
}

// What a saved session came to: "finished: He doesn't come back (Rupture, poor outcome), score
// 90", "ended before the end, score so far 40", "in progress, score so far 40".
std::string saved_outcome(const SavedEntry& s) {
    std::string out;
    if (s.finished) {
        out = "finished";
        if (!s.ending.empty()) {
            out += ": " + s.ending;
            std::string detail = s.grade;
            if (!s.outcome.empty()) detail += (detail.empty() ? "" : ", ") + s.outcome + " outcome";
            if (!detail.empty()) out += " (" + detail + ")";
        }
    } else {
        out = s.ended ? "ended before the end" : "in progress";
    }
    if (s.score) out += (s.finished ? ", score " : ", score so far ") + std::to_string(*s.score);
    return out;
}

void saved_sessions(AppModel& model, UiState& ui) {
    const auto& saved = model.saved();
    if (saved.empty()) return;
    ImGui::Spacing();
    ImGui::Separator();
    bold_text(ui, "Your sessions");
    int shown = 0;
    for (std::size_t i = 0; i < saved.size() && shown < 30; ++i, ++shown) {
        const SavedEntry& s = saved[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Spacing();
        if (s.problem.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::PushFont(ui.fonts.bold);
            ImGui::TextUnformatted(s.title.c_str());
            ImGui::PopFont();
            const ImVec4 c = s.finished && s.outcome == "good"   ? ui.palette.good
                             : s.finished && s.outcome == "poor" ? ui.palette.bad
                             : s.finished                        ? ui.palette.warn
                                                                 : ui.palette.muted;
            ImGui::PushStyleColor(ImGuiCol_Text, c);
            ImGui::TextUnformatted(saved_outcome(s).c_str());
            ImGui::PopStyleColor();
            std::string when = s.saved.saved_at;  // 2026-11-26T04:19:56Z -> 2026-11-26 04:19
            if (when.size() >= 16) when = when.substr(0, 10) + " " + when.substr(11, 5);
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextUnformatted(
                (s.saved.mode + "  \xC2\xB7  " + std::to_string(s.saved.choices.size()) +
                 (s.saved.choices.size() == 1 ? " answer" : " answers") + "  \xC2\xB7  " + when)
                    .c_str());
            ImGui::PopStyleColor();
            ImGui::PopTextWrapPos();
            if (!s.ended) {
                const char* label = s.finished ? "Review" : "Resume";
                if (ImGui::SmallButton(label)) {
                    if (auto err = model.resume(s)) {
                        ui.say(*err, true);
                    } else {
                        ui.screen = model.session().finished() ? Screen::Feedback : Screen::Session;
                        ui.scroll_to_bottom = true;
                        ui.last_delta.clear();
                    }
                }
            }
            if (!s.finished && !s.ended) {
                // Away from Resume, and asked again: ending a session cannot be undone.
                ImGui::SameLine(0, ImGui::GetFontSize() * 2);
                if (ImGui::SmallButton("End...")) ImGui::OpenPopup("End this session?");
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip(
                        "Give this session up: it goes into your progress as left "
                        "before the end");
                bool changed = false;
                if (ImGui::BeginPopupModal("End this session?", nullptr,
                                           ImGuiWindowFlags_AlwaysAutoResize)) {
                    ImGui::TextUnformatted(s.title.c_str());
                    ImGui::TextUnformatted(
                        "It goes into your progress as left before the end, and can no longer "
                        "be resumed.");
                    ImGui::Spacing();
                    if (ImGui::Button("End the session")) {
                        if (auto err = model.abandon(s))
                            ui.say(*err, true);
                        else
                            ui.say("Ended; it is in your progress as left before the end");
                        changed = true;
                        ImGui::CloseCurrentPopup();
                    }
                    ImGui::SameLine();
                    if (ImGui::Button("Keep it") || ui.keys.escape) ImGui::CloseCurrentPopup();
                    ImGui::EndPopup();
                }
                if (changed) {
                    ImGui::PopID();
                    break;  // the list changed
                }
            }
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            wrapped(s.title + ": " + s.problem);
            ImGui::PopStyleColor();
        }
        ImGui::PopID();
    }
}

}  // namespace

void draw_library(AppModel& model, UiState& ui) {
    const auto& lib = model.library();
    const LibraryView view = library_view(lib, filter_of(ui));
    const std::vector<int>& visible = view.entries;
    const bool grouped = view.grouped;

    // Keys: Up/Down move through the visible entries, Enter opens the selected one.
    auto pos = std::find(visible.begin(), visible.end(), ui.selected);
    if (pos == visible.end() && !visible.empty()) ui.selected = visible.front();
    if (!visible.empty()) {
        auto it = std::find(visible.begin(), visible.end(), ui.selected);
        if (ui.keys.down && it + 1 != visible.end()) ui.selected = *(it + 1);
        if (ui.keys.up && it != visible.begin()) ui.selected = *(it - 1);
    }

    const float list_w =
        std::max(ImGui::GetContentRegionAvail().x * 0.36f, ImGui::CalcTextSize("M").x * 24);
    ImGui::BeginChild("##list", ImVec2(list_w, 0), false);
    heading(ui, "Clients");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##search", "Search title, client, concern, tag", ui.search,
                             sizeof ui.search);
    filters(ui, lib);
    ImGui::Spacing();
    if (visible.empty()) muted_text(ui, "No scenario matches.");
    std::string group;
    for (int i : visible) {
        const LibraryEntry& e = lib[static_cast<std::size_t>(i)];
        if (grouped && library_group(e) != group) {
            group = library_group(e);
            const auto n = std::count_if(visible.begin(), visible.end(), [&](int j) {
                return library_group(lib[static_cast<std::size_t>(j)]) == group;
            });
            ImGui::Spacing();
            ImGui::PushStyleColor(ImGuiCol_Text, ui.palette.muted);
            ImGui::TextUnformatted(
                (group + "  \xC2\xB7  " + std::to_string(n) + (n == 1 ? " client" : " clients"))
                    .c_str());
            ImGui::PopStyleColor();
            ImGui::Separator();
        }
        ImGui::PushID(i);
        const bool selected = i == ui.selected;
        const float line = ImGui::GetTextLineHeightWithSpacing();
        if (ImGui::Selectable("##entry", selected, ImGuiSelectableFlags_AllowDoubleClick,
                              ImVec2(0, line * 2.2f))) {
            ui.selected = i;
            if (ImGui::IsMouseDoubleClicked(0)) ui.keys.enter = true;
        }
        const ImVec2 after = ImGui::GetCursorPos();
        ImGui::SetCursorPos(ImVec2(
            ImGui::GetItemRectMin().x - ImGui::GetWindowPos().x + ImGui::GetStyle().FramePadding.x,
            ImGui::GetItemRectMin().y - ImGui::GetWindowPos().y + ImGui::GetScrollY()));
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextUnformatted(e.title().c_str());
        ImGui::PopFont();
        ImGui::SetCursorPosX(ImGui::GetItemRectMin().x - ImGui::GetWindowPos().x);
        if (e.scenario)
            ImGui::TextDisabled("%s · %d min · %s%s%s",
                                std::string(difficulty_name(e.scenario->difficulty)).c_str(),
                                e.scenario->minutes, e.scenario->client.name.c_str(),
                                e.origin == Origin::Shipped ? "" : " · ",
                                e.origin == Origin::Shipped ? "" : origin_name(e.origin));
        else
            ImGui::TextColored(ui.palette.bad, "%d error%s · %s", e.errors(),
                               e.errors() == 1 ? "" : "s", origin_name(e.origin));
        ImGui::SetCursorPos(after);
        if (selected && (ui.keys.up || ui.keys.down)) ImGui::SetScrollHereY();
        ImGui::PopID();
    }
    saved_sessions(model, ui);
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##details", ImVec2(0, 0), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    if (ui.selected >= 0 && ui.selected < static_cast<int>(lib.size()) && !visible.empty())
        entry_details(model, ui, ui.selected);
    else
        muted_text(ui, "Add your own scenarios to " + model.paths().user_scenarios().string() +
                           ", or open one with: rapport path/to/file.yaml");
    ImGui::EndChild();

    const bool asking =  // the "End this session?" question is open: Enter is its own
        ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    if (ui.keys.enter && !asking && ui.selected >= 0 &&
        ui.selected < static_cast<int>(lib.size())) {
        const LibraryEntry& e = lib[static_cast<std::size_t>(ui.selected)];
        if (e.scenario)
            ui.screen = Screen::Briefing;
        else
            ui.say(e.title() + " has errors; fix them first", true);
    }
}

}  // namespace rapport::gui
