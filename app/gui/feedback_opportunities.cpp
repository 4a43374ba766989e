// The feedback screen's Opportunities tab: what the client offered, answered or missed.
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feedback_parts.hpp"
#include "widgets.hpp"

namespace rapport::gui::feedback {

namespace {

ImVec4 kind_color(const UiState& ui, const std::string& kind) {
    if (kind == "risk") return ui.palette.bad;
    if (kind == "rupture") return ui.palette.warn;
    if (kind == "strength") return ui.palette.good;
    return ui.palette.accent;
}

}  // namespace

void opportunities(const UiState& ui, const Report& r, Nav& nav) {
    const Palette& pal = ui.palette;
    const float width = ImGui::GetContentRegionAvail().x;
    if (r.opportunities.empty()) {
        text(ui.fonts.regular, pal.muted,
             "No marked opportunity came up in this session. Scenarios can mark the moments "
             "where the client offers an opening (a feeling, ambivalence, a strength, a risk or "
             "a rupture) that a particular skill answers; they are listed here with whether you "
             "took them.");
        return;
    }
    int answered = 0;
    for (const auto& o : r.opportunities)
        answered += o.answered_at ? 1 : 0;
    const int all = static_cast<int>(r.opportunities.size());
    ImGui::PushTextWrapPos(0.0f);
    text(ui.fonts.regular, text_color(),
         r.client_name + " offered " + plural(all, "opening", "openings") + "; you took " +
             std::to_string(answered) +
             ". An opening is a moment (a feeling, ambivalence, a "
             "strength, a risk, a rupture) that a particular skill "
             "answers.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    int index = 0;
    for (const auto& o : r.opportunities) {
        ImGui::PushID(index++);
        const bool ok = o.answered_at.has_value();
        Card card;
        begin_card(card, width, u32(ok ? pal.good : pal.bad));
        const float right = card.start.x + width - card.pad.x;
        ImGui::AlignTextToFramePadding();
        text(ui.fonts.bold, text_color(), "Turn " + std::to_string(o.turn));
        ImGui::SameLine();
        pill(ui, o.kind, kind_color(ui, o.kind), ImGui::GetFrameHeight());
        ImGui::SameLine();
        pill(ui,
             ok ? std::string(check) + " answered at turn " + std::to_string(*o.answered_at)
                : std::string("missed"),
             ok ? pal.good : pal.bad, ImGui::GetFrameHeight());
        const std::string read = "Read turn " + std::to_string(o.turn);
        same_line_right(right, ImGui::CalcTextSize(read.c_str()).x);
        if (link(ui, read, ImGui::GetFrameHeight())) {
            nav.jump_turn = o.turn;
            nav.request_tab = tab_turns;
        }
        text(ui.fonts.regular, text_color(), o.note);
        std::string skills;
        for (std::size_t i = 0; i < o.answer_with.size(); ++i)
            skills += (i ? (i + 1 == o.answer_with.size() ? " or " : ", ") : "") + o.answer_with[i];
        const std::string within = plural(o.within, "turn", "turns");
        if (ok)
            text(ui.fonts.regular, pal.muted,
                 *o.answered_at == o.turn
                     ? "You answered it straight away."
                     : "You answered it at turn " + std::to_string(*o.answered_at) +
                           ", within the " + within + " it allows.");
        else
            text(ui.fonts.regular, pal.muted,
                 capitalized(skills) + " within " + within + " would have answered it.");
        end_card(card);
        ImGui::PopID();
    }
}

}  // namespace rapport::gui::feedback
