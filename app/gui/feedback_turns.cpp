// The feedback screen's Turn by turn tab: what the trainee said (its behaviour code, the novice
// errors it makes, the essentials it meets, a red flag), how the client replied, what it did to
// the client, what would have been better and why, and a way back to any turn to answer again. Only
// the cards on screen are laid out; the heights of the others are remembered in ImGui's window
// storage.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feedback_parts.hpp"
#include "widgets.hpp"

namespace rapport::gui::feedback {

namespace {

// The inner box layout of a turn card (both the drawing and the estimate use it).
struct TurnLayout {
    ImVec2 card_pad, box_pad;
    float inner_w, gap, left_w, right_w;
};

TurnLayout turn_layout(float width, bool has_better) {
    const ImGuiStyle& st = ImGui::GetStyle();
    TurnLayout l;
    l.card_pad = ImVec2(st.WindowPadding.x * 1.25f, st.WindowPadding.y);
    l.box_pad = ImVec2(st.FramePadding.x * 1.3f, st.FramePadding.y * 1.5f);
    l.inner_w = width - 2 * l.card_pad.x;
    l.gap = st.ItemSpacing.x * 1.5f;
    l.left_w = has_better ? (l.inner_w - l.gap) * 0.5f : l.inner_w;
    l.right_w = has_better ? l.inner_w - l.gap - l.left_w : 0;
    return l;
}

// What the trainee wrote at a say-it-first turn, as shown on its card.
std::string said_text(const ReportTurn& t) {
    if (!t.said) return "(not written)";
    if (t.said_skipped) return "(skipped: you went straight to the options)";
    return in_quotes(*t.said);
}

// A card's height without drawing it (close; the drawn height replaces it once it is on screen).
float estimate_turn_height(const TurnView& v, const ReportTurn& t, float width) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const UiState& ui = v.ui;
    const TurnLayout l = turn_layout(width, t.better.has_value());
    const float line = ImGui::GetTextLineHeight(), sp = st.ItemSpacing.y;
    float h = 2 * l.card_pad.y + ImGui::GetFrameHeight() + sp;
    h += line + sp + text_height(ui.fonts.regular, in_quotes(t.client_text), l.inner_w) + sp;
    if (!t.red_flag.empty())
        h += text_height(ui.fonts.regular, "Red flag: " + t.red_flag, l.inner_w - 2 * l.box_pad.x) +
             2 * l.box_pad.y + sp;
    const float lw = l.left_w - 2 * l.box_pad.x;
    if (v.r.say_first) {
        h += line + sp + text_height(ui.fonts.regular, said_text(t), l.inner_w - 2 * l.box_pad.x) +
             2 * l.box_pad.y + sp;
        if (!t.said_differs.empty())
            h += text_height(ui.fonts.regular, t.said_differs, l.inner_w - 2 * l.box_pad.x) + sp;
    }
    float left = line + sp + text_height(ui.fonts.regular, in_quotes(t.say), lw) + sp + line + sp +
                 text_height(ui.fonts.regular, t.rationale, lw);
    if (!t.error_labels.empty() || !t.meets.empty()) left += line + sp;
    if (!t.reply.empty() || !t.reply_cue.empty())
        left += line + sp + text_height(ui.fonts.regular, in_quotes(t.reply), lw) + sp;
    float right = 0;
    if (t.better) {
        const float rw = l.right_w - 2 * l.box_pad.x;
        right = line + sp + text_height(ui.fonts.regular, in_quotes(t.better->say), rw) + sp +
                text_height(ui.fonts.regular, t.better->rationale, rw) + sp +
                ui.fonts.small->FontSize;
    }
    h += std::max(left, right) + 2 * l.box_pad.y + sp;
    return h;
}

// The novice errors a response makes (labels, never ids) and the essentials it meets, as pills.
void error_and_meets_pills(const TurnView& v, const ReportTurn& t, float right) {
    const UiState& ui = v.ui;
    if (t.error_labels.empty() && t.meets.empty()) return;
    Flow flow{right};
    for (const auto& e : t.error_labels) {
        const std::string label = "error: " + e;
        flow.next(pill_width(ui, label));
        pill(ui, label, ui.palette.bad);
    }
    for (const auto& m : t.meets) {
        const std::string label = std::string(check) + " " + m;
        flow.next(pill_width(ui, label));
        pill(ui, label, ui.palette.good);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("An essential of a first session, met here");
    }
}

// The client's reply to the response, as a chat line: name, cue, words.
void reply_line(const TurnView& v, const ReportTurn& t) {
    if (t.reply.empty() && t.reply_cue.empty()) return;
    const UiState& ui = v.ui;
    ImGui::Spacing();
    text(ui.fonts.bold, ui.palette.accent, v.r.client_name);
    if (!t.reply_cue.empty()) {
        ImGui::SameLine();
        text(ui.fonts.italic, ui.palette.cue, "(" + t.reply_cue + ")");
    }
    if (!t.reply.empty()) text(ui.fonts.regular, text_color(), in_quotes(t.reply));
}

void effect_pills(const TurnView& v, const ReportTurn& t, float right) {
    const UiState& ui = v.ui;
    Flow flow{right};
    flow.next(ImGui::CalcTextSize("Effect").x);
    text(ui.fonts.regular, ui.palette.muted, "Effect");
    bool any = false;
    for (std::size_t i = 0; i < v.r.variables.size() && i < t.before.size() && i < t.after.size();
         ++i) {
        const int d = t.after[i] - t.before[i];
        if (d == 0) continue;
        any = true;
        const ReportVariable& var = v.r.variables[i];
        const std::string label = var.label + " " + signed_text(d);
        flow.next(pill_width(ui, label));
        pill(ui, label, (d > 0) == var.higher_is_better ? ui.palette.good : ui.palette.bad);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s: %d %s %d", var.label.c_str(), t.before[i], "->", t.after[i]);
    }
    if (!any) {
        flow.next(pill_width(ui, "no change"));
        pill(ui, "no change", ui.palette.muted);
    }
}

void skill_pill(const TurnView& v, const std::string& id, const std::string& label,
                const std::string& group, float line_h = 0) {
    pill(v.ui, label, skill_color(v.ui, group), line_h);
    if (ImGui::IsItemHovered()) {
        if (const Skill* s = find_skill(v.model, id); s && !s->description.empty()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
            text(v.ui.fonts.bold, text_color(), s->label);
            ImGui::TextUnformatted(s->description.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
}

// The skill of the better response, found by its label (the report keeps the label only).
const Skill* skill_by_label(const AppModel& model, const std::string& label) {
    const auto& skills =
        model.playing() ? model.session().scenario().skills : model.catalogue().skills;
    for (const auto& s : skills)
        if (s.label == label) return &s;
    return nullptr;
}

// A box across the card (a red flag, what the trainee wrote), tinted `color`, holding `body`.
template <class Body>
void banner(Card& card, const TurnLayout& l, const ImVec4& color, Body&& body) {
    const ImVec2 b0 = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(b0.x + l.box_pad.x, b0.y + l.box_pad.y));
    ImGui::BeginGroup();
    push_wrap_at(b0.x + l.inner_w - l.box_pad.x);
    body();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float bh = ImGui::GetItemRectSize().y + 2 * l.box_pad.y;
    card.boxes[card.box_count++] =
        Box{b0, ImVec2(b0.x + l.inner_w, b0.y + bh), u32(with_alpha(color, 0.10f)), u32(color)};
    ImGui::SetCursorScreenPos(ImVec2(b0.x, b0.y + bh));
    ImGui::Dummy(ImVec2(l.inner_w, 0.0f));
    ImGui::Spacing();
}

void turn_card(const TurnView& v, const ReportTurn& t, float width, bool focused,
               Pending& pending) {
    const UiState& ui = v.ui;
    const Palette& pal = ui.palette;
    const ImGuiStyle& st = ImGui::GetStyle();
    const bool is_poor = poor(t);
    const TurnLayout l = turn_layout(width, t.better.has_value());
    ImGui::PushID(t.number);
    Card card;
    // Exact outlook here (from the whole graph or a search that finished): a verdict can be given.
    const bool known = t.outlook_exact && t.best_before.has_value();
    begin_card(card, width, u32(is_poor ? pal.bad : known ? pal.good : pal.muted));
    if (focused) {
        card.border = u32(pal.accent);
        card.border_w = 2.0f;
    }
    const float left = ImGui::GetCursorScreenPos().x;
    const float right = left + l.inner_w;

    // Turn number, skill, verdict; the replay button on the right.
    const float row_h = ImGui::GetFrameHeight();
    ImGui::AlignTextToFramePadding();
    text(ui.fonts.bold, text_color(), "Turn " + std::to_string(t.number));
    ImGui::SameLine();
    skill_pill(v, t.skill_id, t.skill_label, t.skill_group, row_h);
    if (!t.red_flag.empty()) {
        ImGui::SameLine();
        pill(ui, "red flag", pal.bad, row_h);
    } else if (is_poor) {
        ImGui::SameLine();
        pill(ui, "could have gone better", pal.bad, row_h);
    } else if (known && t.cost() == 0) {
        ImGui::SameLine();
        pill(ui, std::string(check) + " a best response", pal.good, row_h);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("No response offered here kept a higher best achievable score.");
    } else if (known) {
        ImGui::SameLine();
        pill(ui, std::string(check) + " as good as the best", pal.good, row_h);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Within %d points of the best achievable: differences of %d or less "
                "count as equally good.",
                t.tolerance, t.tolerance);
    }
    if (v.can_replay) {
        const char* label = "Try another response here";
        const float w = ImGui::CalcTextSize(label).x + 2 * st.FramePadding.x;
        same_line_right(right, w);
        if (ImGui::Button(label)) {
            pending.action = Action::Replay;
            pending.turn = t.number;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Go back to turn %d and answer differently%s", t.number,
                v.model.author_try() ? "." : ": a new practice attempt. This session stays saved.");
    }

    // The client's line.
    text(ui.fonts.bold, pal.accent, v.r.client_name);
    if (!t.client_cue.empty()) {
        ImGui::SameLine();
        text(ui.fonts.italic, pal.cue, "(" + t.client_cue + ")");
    }
    text(ui.fonts.regular, text_color(), in_quotes(t.client_text));
    ImGui::Spacing();

    // A red flag: a banner across the card, whatever the score says.
    if (!t.red_flag.empty())
        banner(card, l, pal.bad, [&] {
            text(ui.fonts.bold, pal.bad, "Red flag");
            ImGui::SameLine();
            text(ui.fonts.regular, text_color(), t.red_flag);
        });

    // Say it first: what the trainee wrote, across the card, before what they chose.
    if (v.r.say_first)
        banner(card, l, pal.accent, [&] {
            text(ui.fonts.bold, pal.accent, "You wrote");
            if (t.said && !t.said_skipped && !t.said_code_label.empty()) {
                ImGui::SameLine();
                pill(ui, "coded automatically (approx.): " + t.said_code_label, pal.muted);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip(
                        "Rapport's rule-based coder read your words this way. It is approximate "
                        "(docs/coding.md): a thing to notice, not a verdict.");
            }
            text(ui.fonts.regular, t.said && !t.said_skipped ? text_color() : pal.muted,
                 said_text(t));
            if (!t.said_differs.empty()) text(ui.fonts.regular, pal.warn, t.said_differs);
        });

    // What the trainee said, and what would have been better, side by side.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(origin.x + l.box_pad.x, origin.y + l.box_pad.y));
    ImGui::BeginGroup();
    push_wrap_at(origin.x + l.left_w - l.box_pad.x);
    text(ui.fonts.bold, pal.muted, v.r.say_first ? "You chose" : "You said");
    text(ui.fonts.regular, text_color(), in_quotes(t.say));
    error_and_meets_pills(v, t, origin.x + l.left_w - l.box_pad.x);
    reply_line(v, t);
    effect_pills(v, t, origin.x + l.left_w - l.box_pad.x);
    text(ui.fonts.regular, pal.muted, t.rationale);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    float box_h = ImGui::GetItemRectSize().y;
    if (t.better) {
        const float bx = origin.x + l.left_w + l.gap;
        ImGui::SetCursorScreenPos(ImVec2(bx + l.box_pad.x, origin.y + l.box_pad.y));
        ImGui::BeginGroup();
        push_wrap_at(bx + l.right_w - l.box_pad.x);
        text(ui.fonts.bold, pal.good, "A better response");
        ImGui::SameLine();
        const Skill* s = skill_by_label(v.model, t.better->skill_label);
        skill_pill(v, s ? s->id : std::string(), t.better->skill_label,
                   s ? s->group : std::string());
        text(ui.fonts.regular, text_color(), in_quotes(t.better->say));
        text(ui.fonts.regular, pal.muted, t.better->rationale);
        text(ui.fonts.small, pal.good, better_why(t) + ".");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "The best achievable score is the highest score still reachable "
                "after an answer, however the rest of the session goes.");
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        box_h = std::max(box_h, ImGui::GetItemRectSize().y);
        card.boxes[card.box_count++] =
            Box{ImVec2(bx, origin.y), ImVec2(bx + l.right_w, origin.y + box_h + 2 * l.box_pad.y),
                u32(with_alpha(pal.good, 0.09f)), u32(pal.good)};
    }
    card.boxes[card.box_count++] =
        Box{origin, ImVec2(origin.x + l.left_w, origin.y + box_h + 2 * l.box_pad.y),
            pal.trainee_bubble, 0};
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + box_h + 2 * l.box_pad.y));
    ImGui::Dummy(ImVec2(l.inner_w, 0.0f));
    end_card(card);
    ImGui::PopID();
}

}  // namespace

void turn_list(const TurnView& v, UiState& ui, Nav& nav, Pending& pending) {
    const Report& r = v.r;
    const Palette& pal = ui.palette;
    int poor_count = 0;
    for (const auto& t : r.turns)
        poor_count += poor(t) ? 1 : 0;

    // A jump to a turn the filter hides shows every turn again.
    if (nav.jump_turn > 0 && nav.jump_turn <= static_cast<int>(r.turns.size()) &&
        !poor(r.turns[static_cast<std::size_t>(nav.jump_turn - 1)]))
        ui.feedback_poor_only = false;

    ImGui::Checkbox("Only the turns to review", &ui.feedback_poor_only);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    text(ui.fonts.regular, pal.muted,
         r.figures_exact
             ? "(" + std::to_string(poor_count) + " of " + std::to_string(r.turns.size()) + ")"
         : r.best_score
             ? "(some best achievable scores are only bounds: the analysis stopped at its " +
                   r.analysis_limit + " limit)"
             : "(the best achievable score could not be computed for this scenario)");
    ImGui::Spacing();

    if (r.turns.empty()) {
        text(ui.fonts.regular, pal.muted, "No answers yet.");
        return;
    }
    if (ui.feedback_poor_only && poor_count == 0) {
        text(ui.fonts.regular, pal.good,
             std::string(check) +
                 " Every answer kept the best achievable score: nothing to "
                 "review here.");
        return;
    }

    // The cards' heights, remembered per turn with the width and font they were laid out for;
    // cards off screen are stepped over with one Dummy.
    const float width = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    char key[96];
    std::snprintf(key, sizeof key, "%u/%d/%d", nav.report, static_cast<int>(width),
                  static_cast<int>(ImGui::GetFontSize() * 10));
    const int stamp = static_cast<int>(ImGui::GetID(key));
    ImGuiStorage* store = ImGui::GetStateStorage();
    float skip = 0;
    auto flush = [&] {
        if (skip > 0) ImGui::Dummy(ImVec2(width, std::max(skip - spacing, 0.0f)));
        skip = 0;
    };
    ImGui::PushID("heights");
    for (const auto& t : r.turns) {
        if (ui.feedback_poor_only && !poor(t)) continue;
        ImGui::PushID(t.number);
        const ImGuiID hid = ImGui::GetID("h"), sid = ImGui::GetID("s");
        ImGui::PopID();
        float h = store->GetFloat(hid, -1.0f);
        if (h < 0 || store->GetInt(sid, 0) != stamp) {
            h = estimate_turn_height(v, t, width) + spacing;
            store->SetFloat(hid, h);
            store->SetInt(sid, stamp);
        }
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (nav.jump_turn == t.number) {
            // Scrolled there over a few frames: the cards above may change height once drawn.
            const float target = ImGui::GetCursorPosY() + skip - spacing;
            const float scroll = ImGui::GetScrollY();
            // (Near the end the scroll stops short of it: a few tries, then done.)
            if (std::fabs(scroll - target) <= 1.0f || ++nav.jump_tries > 4) {
                nav.jump_turn = 0;
                nav.jump_tries = 0;
            } else {
                ImGui::SetScrollY(target);
            }
            nav.focus_turn = t.number;
        }
        if (!ImGui::IsRectVisible(ImVec2(p.x, p.y + skip), ImVec2(p.x + width, p.y + skip + h))) {
            skip += h;
            continue;
        }
        flush();
        const float y0 = ImGui::GetCursorPosY();
        turn_card(v, t, width, nav.focus_turn == t.number, pending);
        store->SetFloat(hid, ImGui::GetCursorPosY() - y0);
    }
    flush();
    ImGui::PopID();
}

}  // namespace rapport::gui::feedback
