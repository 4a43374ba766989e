// Progress: your sessions over time (percentage of the best session, reflections per question
// against the MITI thresholds), drill accuracy by topic, what is due, and leeches; all read from
// the progress database.
#include <imgui.h>

#include <algorithm>

#include "chart.hpp"
#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

void sessions_charts(const ProgressView& v, const UiState& ui) {
    if (v.sessions.empty()) {
        muted_text(ui, "No sessions yet: play one from the library.");
        return;
    }
    ChartSpec pct;
    pct.title = "Percentage of the best session";
    pct.x_caption = "session";
    pct.x_name = "Session";
    pct.x0_name = "Session";
    ChartSeries s{"your sessions", {}, ui.palette.series[0], false};
    ChartSpec ratio;
    ratio.title = "Reflections per 10 questions";
    ratio.x_caption = "session";
    ratio.x_name = "Session";
    ratio.x0_name = "Session";
    ratio.thresholds = {{10, "MITI fair: 10 per 10 questions (1:1)"},
                        {20, "MITI good: 20 per 10 questions (2:1)"}};
    ChartSeries r{"reflections per 10 questions", {}, ui.palette.series[1], false};
    int rmax = 30;
    std::vector<const SessionRecord*> finished;
    for (const auto& rec : v.sessions)
        if (rec.finished) finished.push_back(&rec);
    if (finished.empty()) {
        muted_text(ui, "No finished sessions yet: the charts start with the first ending.");
        return;
    }
    for (const SessionRecord* p : finished) {
        const SessionRecord& rec = *p;
        s.values.push_back(rec.percent_of_best.value_or(0));
        const int per10 =
            rec.questions ? 10 * rec.reflections / rec.questions : 10 * rec.reflections;
        r.values.push_back(per10);
        rmax = std::max(rmax, per10 + 5);
    }
    pct.series = {s};
    ratio.series = {r};
    ratio.y_max = rmax;
    pct.x_note = [&finished](int x) {
        if (x < 0 || x >= static_cast<int>(finished.size())) return std::string();
        const auto& rec = *finished[static_cast<std::size_t>(x)];
        return rec.scenario_title + ", " + rec.mode + ": " +
               (rec.finished ? rec.ending_title : std::string("left before the end")) + " (" +
               rec.ended_at.substr(0, 10) + ")";
    };
    ratio.x_note = pct.x_note;
    const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const float h = ImGui::GetTextLineHeight() * 13;
    line_chart(ui, "##pct", pct, ImVec2(w, h));
    ImGui::SameLine();
    line_chart(ui, "##ratio", ratio, ImVec2(w, h));
}

void sessions_table(const ProgressView& v) {
    if (v.sessions.empty()) return;
    if (!ImGui::BeginTable("##sessions", 6,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY,
                           ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 8)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"When", "Scenario", "Mode", "Ending", "Score", "% of best"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (auto it = v.sessions.rbegin(); it != v.sessions.rend(); ++it) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string when = it->ended_at.size() >= 16
                                     ? it->ended_at.substr(0, 10) + " " + it->ended_at.substr(11, 5)
                                     : it->ended_at;
        ImGui::TextUnformatted(when.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(it->scenario_title.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(it->mode.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(it->finished ? it->ending_title.c_str() : "(left before the end)");
        ImGui::TableNextColumn();
        ImGui::Text("%d", it->score);
        ImGui::TableNextColumn();
        if (it->percent_of_best)
            ImGui::Text("%d%%", *it->percent_of_best);
        else
            ImGui::TextDisabled("-");
    }
    ImGui::EndTable();
}

void drills_part(const ProgressView& v, const DrillModel& drills, const UiState& ui) {
    bold_text(ui, "Drills");
    ImGui::TextDisabled("%lld answers", static_cast<long long>(v.answers));
    if (v.accuracy.empty()) muted_text(ui, "No drill answers yet.");
    const float label_w = ImGui::CalcTextSize("M").x * 18;
    for (const auto& t : v.accuracy) {
        const float f = t.total ? static_cast<float>(t.right) / static_cast<float>(t.total) : 0.0f;
        const std::string label = drills.topic_label(t.topic);
        ImGui::TextUnformatted(label.c_str());
        ImGui::SameLine(label_w);
        char overlay[48];
        std::snprintf(overlay, sizeof overlay, "%d / %d  (%d%%)", t.right, t.total,
                      static_cast<int>(f * 100.0f + 0.5f));
        ImGui::ProgressBar(f, ImVec2(-1, 0), overlay);
    }
    ImGui::Spacing();
    bold_text(ui, "Due");
    ImGui::Text("%d now  ·  %d by the end of tomorrow  ·  %d within a week", v.due_now,
                v.due_tomorrow, v.due_week);
    ImGui::Spacing();
    bold_text(ui, "Leeches");
    if (v.leeches.empty()) muted_text(ui, "None: no item has been missed 8 times.");
    for (const auto& l : v.leeches) {
        ImGui::TextColored(ui.palette.bad, "%s", l.item_key.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("missed %d times: read its rationales again", l.lapses);
    }
}

}  // namespace

void draw_progress(DrillModel& drills, UiState& ui) {
    drills.ensure_loaded();
    heading(ui, "Progress");
    std::string problem;
    const auto view = drills.progress(problem);
    if (!view) {
        muted_text(ui, problem);
        return;
    }
    ImGui::BeginChild("##progress", ImVec2(0, 0), false);
    bold_text(ui, "Sessions");
    sessions_charts(*view, ui);
    sessions_table(*view);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    drills_part(*view, drills, ui);
    ImGui::EndChild();
}

}  // namespace rapport::gui
