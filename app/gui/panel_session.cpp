// The session: a chat-style transcript (client lines with nonverbal cues in italics, the
// trainee's lines, the client's reply to a response before the next line), the offered responses as
// large numbered buttons (keys 1-9), meters for the visible state variables with the last change
// beside each, undo in practice, save and leave. Long transcripts are clipped: only the turns on
// screen are laid out and drawn.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <numeric>
#include <optional>

#include "panels.hpp"
#include "widgets.hpp"

namespace rapport::gui {

namespace {

struct LineText {
    std::string_view text, cue;
};

LineText client_line_of(const Scenario& s, const Turn& t) {
    const Node& n = s.nodes[static_cast<std::size_t>(t.node)];
    LineText out{n.client, n.cue};
    if (t.variant >= 0) {
        const Variant& v = n.variants[static_cast<std::size_t>(t.variant)];
        if (v.client) out.text = *v.client;
        if (v.cue) out.cue = *v.cue;
    }
    return out;
}

// The client's reply to the response of turn `t` (shown before the next node's line), if any.
std::optional<LineText> reply_of(const Scenario& s, const Turn& t) {
    const auto& reply = s.nodes[static_cast<std::size_t>(t.node)]
                            .responses[static_cast<std::size_t>(t.response)]
                            .reply;
    if (!reply || (reply->client.empty() && reply->cue.empty())) return std::nullopt;
    return LineText{reply->client, reply->cue};
}

struct BubbleLayout {
    float pad_x, pad_y, wrap;
};

BubbleLayout bubble_layout(float width) {
    const ImGuiStyle& st = ImGui::GetStyle();
    BubbleLayout b{st.FramePadding.x * 1.4f, st.FramePadding.y * 1.6f, 0};
    b.wrap = width * 0.78f - 2 * b.pad_x;
    return b;
}

// Sizes and drawing of text broken with wrap_words() (words keep their punctuation), with ImGui's
// own wrapping one pixel wider only to cut a word longer than a line.
float text_h(ImFont* f, std::string_view t, float wrap) {
    if (t.empty()) return 0;
    const std::string s = wrap_words(f, t, wrap);
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap + 1.0f, s.data(), s.data() + s.size()).y;
}

float text_w(ImFont* f, std::string_view t, float wrap) {
    if (t.empty()) return 0;
    const std::string s = wrap_words(f, t, wrap);
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap + 1.0f, s.data(), s.data() + s.size()).x;
}

void add_text(ImDrawList* dl, ImFont* f, ImVec2 pos, ImU32 color, std::string_view t, float wrap) {
    const std::string s = wrap_words(f, t, wrap);
    dl->AddText(f, f->FontSize, pos, color, s.data(), s.data() + s.size(), wrap + 1.0f);
}

// A client bubble: name (bold), cue (italic), line. Returns its height; draws when `draw`.
float client_bubble(const UiState& ui, const std::string& name, LineText line, float width,
                    bool draw) {
    const BubbleLayout b = bubble_layout(width);
    const float gap = ImGui::GetStyle().ItemInnerSpacing.y;
    const float name_h = ui.fonts.bold->FontSize;
    const float cue_h = text_h(ui.fonts.italic, line.cue, b.wrap);
    const float line_h = text_h(ui.fonts.regular, line.text, b.wrap);
    const float h = 2 * b.pad_y + name_h + gap + (cue_h > 0 ? cue_h + gap : 0) + line_h;
    if (!draw) return h;
    const float w = 2 * b.pad_x + std::max({text_w(ui.fonts.bold, name, b.wrap),
                                            text_w(ui.fonts.italic, line.cue, b.wrap),
                                            text_w(ui.fonts.regular, line.text, b.wrap)});
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.palette.client_bubble, 10.0f);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(ImGuiCol_Border), 10.0f);
    float y = p.y + b.pad_y;
    dl->AddText(ui.fonts.bold, ui.fonts.bold->FontSize, ImVec2(p.x + b.pad_x, y),
                ImGui::ColorConvertFloat4ToU32(ui.palette.accent), name.c_str());
    y += name_h + gap;
    if (cue_h > 0) {
        add_text(dl, ui.fonts.italic, ImVec2(p.x + b.pad_x, y),
                 ImGui::ColorConvertFloat4ToU32(ui.palette.cue), line.cue, b.wrap);
        y += cue_h + gap;
    }
    add_text(dl, ui.fonts.regular, ImVec2(p.x + b.pad_x, y), ui.palette.client_text, line.text,
             b.wrap);
    ImGui::Dummy(ImVec2(width, h));
    return h;
}

// The trainee's bubble, on the right.
float trainee_bubble(const UiState& ui, std::string_view say, float width, bool draw) {
    const BubbleLayout b = bubble_layout(width);
    const float h = 2 * b.pad_y + text_h(ui.fonts.regular, say, b.wrap);
    if (!draw) return h;
    const float w = 2 * b.pad_x + text_w(ui.fonts.regular, say, b.wrap);
    ImVec2 p = ImGui::GetCursorScreenPos();
    p.x += width - w;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.palette.trainee_bubble, 10.0f);
    add_text(dl, ui.fonts.regular, ImVec2(p.x + b.pad_x, p.y + b.pad_y), ui.palette.trainee_text,
             say, b.wrap);
    ImGui::Dummy(ImVec2(width, h));
    return h;
}

void transcript(const AppModel& model, UiState& ui, TranscriptLayout& cache) {
    const Session& s = model.session();
    const Scenario& sc = s.scenario();
    const auto& turns = s.transcript();
    const float width = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    if (cache.width != width || cache.font != ui.fonts.size ||
        cache.generation != model.session_generation() || cache.top.empty()) {
        cache = TranscriptLayout{width, ui.fonts.size, model.session_generation(), {}, {0.0f}};
    }
    while (cache.turn_h.size() < turns.size()) {
        const Turn& t = turns[cache.turn_h.size()];
        const Response& r = sc.nodes[static_cast<std::size_t>(t.node)]
                                .responses[static_cast<std::size_t>(t.response)];
        float h = client_bubble(ui, sc.client.name, client_line_of(sc, t), width, false) +
                  trainee_bubble(ui, r.say, width, false) + 2 * spacing;
        if (const auto reply = reply_of(sc, t))
            h += client_bubble(ui, sc.client.name, *reply, width, false) + spacing;
        cache.turn_h.push_back(h);
        cache.top.push_back(cache.top.back() + h);
    }
    // Only the turns that intersect the visible part of the scroll region are drawn.
    const float scroll = ImGui::GetScrollY();
    const float view_h = ImGui::GetWindowHeight();
    const float origin = ImGui::GetCursorPosY();
    const auto first = static_cast<std::size_t>(
        std::upper_bound(cache.top.begin(), cache.top.end(), scroll - origin) - cache.top.begin());
    std::size_t i = first > 0 ? first - 1 : 0;
    if (i > 0) ImGui::Dummy(ImVec2(width, cache.top[i] - spacing));
    for (; i < turns.size(); ++i) {
        if (cache.top[i] + origin > scroll + view_h) break;
        const Turn& t = turns[i];
        const Response& r = sc.nodes[static_cast<std::size_t>(t.node)]
                                .responses[static_cast<std::size_t>(t.response)];
        client_bubble(ui, sc.client.name, client_line_of(sc, t), width, true);
        trainee_bubble(ui, r.say, width, true);
        // The reply to the latest answer is the session's own (Session::last_reply); earlier
        // ones come from the scenario's response of each turn.
        std::optional<LineText> reply;
        if (i + 1 == turns.size()) {
            if (const Reply* last = s.last_reply();
                last && !(last->client.empty() && last->cue.empty()))
                reply = LineText{last->client, last->cue};
        } else {
            reply = reply_of(sc, t);
        }
        if (reply) client_bubble(ui, sc.client.name, *reply, width, true);
        ImGui::Dummy(ImVec2(width, 0));
    }
    if (i < turns.size()) ImGui::Dummy(ImVec2(width, cache.top.back() - cache.top[i] - spacing));
    // The line the client says now.
    if (!s.finished()) {
        const ClientLine now = s.line();
        client_bubble(ui, sc.client.name, LineText{now.text, now.cue}, width, true);
    }
    if (ui.scroll_to_bottom || ui.follow_frames > 0) {
        ImGui::SetScrollHereY(1.0f);
        ui.scroll_to_bottom = false;
        if (ui.follow_frames > 0 && --ui.follow_frames > 0) ui.wake(ui.now);
    }
}

// A wide button with the response number and its wrapped text.
// `marked`: the option closest in wording to what the trainee wrote (say it first), outlined.
bool response_button(const UiState& ui, int number, std::string_view say, float width, bool draw,
                     bool marked = false) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float pad = st.FramePadding.x * 1.2f;
    const std::string num = std::to_string(number);
    const float num_w = ImGui::CalcTextSize("00").x + pad;
    const float wrap = width - num_w - 2 * pad;
    const float h = text_h(ui.fonts.regular, say, wrap) + 2 * st.FramePadding.y * 1.5f;
    if (!draw) return false;
    ImGui::PushID(number);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton("##response", ImVec2(width, h));
    const bool hovered = ImGui::IsItemHovered();
    const bool held = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h),
                      ImGui::GetColorU32(held      ? ImGuiCol_ButtonActive
                                         : hovered ? ImGuiCol_ButtonHovered
                                                   : ImGuiCol_Button),
                      8.0f);
    if (marked)
        dl->AddRect(p, ImVec2(p.x + width, p.y + h),
                    ImGui::ColorConvertFloat4ToU32(ui.palette.accent), 8.0f, 0, 3.0f);
    else
        dl->AddRect(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(ImGuiCol_Border), 8.0f);
    const float ty = p.y + st.FramePadding.y * 1.5f;
    dl->AddText(ui.fonts.bold, ui.fonts.bold->FontSize, ImVec2(p.x + pad, ty),
                ImGui::ColorConvertFloat4ToU32(ui.palette.accent), num.c_str());
    add_text(dl, ui.fonts.regular, ImVec2(p.x + pad + num_w, ty), ImGui::GetColorU32(ImGuiCol_Text),
             say, wrap);
    ImGui::PopID();
    return clicked;
}

float response_height(const UiState& ui, std::string_view say, float width) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float pad = st.FramePadding.x * 1.2f;
    const float wrap = width - ImGui::CalcTextSize("00").x - 3 * pad;
    return text_h(ui.fonts.regular, say, wrap) + 2 * st.FramePadding.y * 1.5f;
}

void side_panel(AppModel& model, UiState& ui) {
    const Session& s = model.session();
    const Scenario& sc = s.scenario();
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(sc.client.name.c_str());
    ImGui::PopFont();
    muted_text(ui, sc.title);
    ImGui::TextDisabled("Turn %zu  ·  %s%s", s.transcript().size() + 1,
                        model.exam() ? "exam" : "practice",
                        s.say_first() ? "  ·  say it first" : "");
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (model.exam()) {
        muted_text(ui,
                   "Exam mode: the client's state is hidden until the feedback. Watch "
                   "the words and the cues.");
    } else {
        const bool fresh = ui.now - ui.changed_at < delta_seconds;
        if (fresh) ui.wake(ui.changed_at + delta_seconds);
        for (std::size_t v = 0; v < sc.vars.size(); ++v) {
            const StateVar& var = sc.vars[v];
            if (!var.visible) continue;
            const int delta = v < ui.last_delta.size() ? ui.last_delta[v] : 0;
            meter(ui, var.label, s.value(static_cast<int>(v)), var.min, var.max,
                  var.higher_is_better, delta, fresh, w);
            if (ImGui::IsItemHovered() && !var.description.empty())
                ImGui::SetTooltip("%s", var.description.c_str());
            ImGui::Spacing();
        }
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (model.author_try()) {
        ImGui::TextColored(ui.palette.warn, "Trying a branch (not recorded)");
        if (ImGui::Button("Back to author mode", ImVec2(-1, 0))) {
            model.leave_session();
            ui.screen = Screen::Author;
            return;
        }
    }
    if (model.can_undo()) {
        if (ImGui::Button(
                fitting_label({"Undo last answer  (Ctrl+Z)", "Undo  (Ctrl+Z)", "Undo"}, w),
                ImVec2(-1, 0)))
            ui.keys.undo = true;
    }
    if (!model.author_try() &&
        ImGui::Button(fitting_label({"Save and leave  (Ctrl+S)", "Save and leave", "Save"}, w),
                      ImVec2(-1, 0)))
        ui.keys.save_quit = true;
    if (!model.exam() && !s.transcript().empty() &&
        ImGui::Button("Feedback so far", ImVec2(-1, 0))) {
        model.request_report();
        ui.screen = Screen::Feedback;
    }
}

// Say it first: a new turn (or another session) starts with an empty box and its clock.
void start_writing_if_new_turn(const AppModel& model, UiState& ui) {
    const Session& s = model.session();
    if (ui.said_turn == s.transcript().size() && ui.said_generation == model.session_generation())
        return;
    ui.said_turn = s.transcript().size();
    ui.said_generation = model.session_generation();
    ui.said[0] = '\0';
    ui.said_sent.reset();
    ui.suggested = -1;
    ui.said_first_key_at = -1;
    ui.said_shown_at = ui.now;
    ui.said_newline = false;
    ui.said_focus = true;
}

int elapsed_ms(double from, double to) {
    return static_cast<int>(std::clamp((to - from) * 1000.0, 0.0, 2.0e9));
}

// Sends the words (or skips): the options appear, the closest in wording to the words marked.
void send_words(const AppModel& model, UiState& ui, bool skip) {
    Said said;
    said.skipped = skip;
    if (!skip) {
        std::string_view text(ui.said);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
            text.remove_suffix(1);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
            text.remove_prefix(1);
        if (text.empty()) return;  // nothing written: Enter does nothing (Esc or Skip skips)
        said.text = std::string(text);
        ui.suggested = model.suggestion(said.text);
    }
    said.first_key_ms =
        ui.said_first_key_at < 0 ? -1 : elapsed_ms(ui.said_shown_at, ui.said_first_key_at);
    said.sent_ms = elapsed_ms(ui.said_shown_at, ui.now);
    ui.said_sent = std::move(said);
    ui.answer_guard.reset();  // the options are new on screen: a press waits for them
}

// The box's own handling: Enter is the panel's (it sends), so ImGui must not insert its new line;
// Shift+Enter (the panel sets said_newline) inserts one at the cursor.
int said_callback(ImGuiInputTextCallbackData* data) {
    auto* ui = static_cast<UiState*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter)
        return data->EventChar == '\n' ? 1 : 0;
    if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways && ui->said_newline) {
        data->InsertChars(data->CursorPos, "\n");
        ui->said_newline = false;
    }
    return 0;
}

// The say-it-first box in place of the options: write, then send or skip.
void writing_area(const AppModel& model, UiState& ui) {
    const Session& s = model.session();
    const float line = ImGui::GetTextLineHeight();
    bold_text(ui, "Say it first: what would you say to " + s.scenario().client.name + "?");
    muted_text(ui,
               "Write it in your own words. Enter sends, Shift+Enter starts a new line. Then the "
               "options appear and you choose as usual.");
    ImGui::Spacing();
    if (ui.said_focus) {
        ImGui::SetKeyboardFocusHere();
        ui.said_focus = false;
    }
    const float buttons_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    const float box_h =
        std::max(line * 3.5f, ImGui::GetContentRegionAvail().y - buttons_h - line * 2.5f);
    if (ImGui::InputTextMultiline(
            "##said", ui.said, sizeof ui.said, ImVec2(-1, box_h),
            ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_CallbackAlways,
            said_callback, &ui) &&
        ui.said_first_key_at < 0)
        ui.said_first_key_at = ui.now;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Kept with this session on this computer; exported only if you export it.");
    const bool empty = ui.said[0] == '\0';
    if (empty) ImGui::BeginDisabled();
    ImGui::PushFont(ui.fonts.bold);
    const bool send = ImGui::Button("Send  (Enter)");
    ImGui::PopFont();
    if (empty) ImGui::EndDisabled();
    ImGui::SameLine();
    const bool skip = ImGui::Button("Skip: show me the options  (Esc)");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("For a turn where you are stuck: the options appear without your words.");
    const std::size_t used = std::strlen(ui.said);
    if (used + 200 > max_said_bytes) {
        ImGui::SameLine();
        ImGui::TextDisabled("%zu of %zu bytes", used, max_said_bytes);
    }
    if (send) send_words(model, ui, false);
    if (skip) send_words(model, ui, true);
}

}  // namespace

void choose_response(AppModel& model, UiState& ui, std::size_t position) {
    if (!model.playing()) return;
    std::optional<Said> said;
    if (model.session().say_first()) {
        if (!ui.said_sent) return;  // the words (or a skip) come first
        said = ui.said_sent;
    }
    const std::vector<int> before = model.session().state().values;
    if (!model.choose(position, std::move(said))) return;
    ui.answer_guard.answered();
    const std::vector<int>& after = model.session().state().values;
    ui.last_delta.assign(after.size(), 0);
    for (std::size_t i = 0; i < after.size(); ++i)
        ui.last_delta[i] = after[i] - before[i];
    ui.changed_at = ui.now;
    ui.scroll_to_bottom = true;
    if (model.session().finished()) {
        ui.screen = Screen::Feedback;
        ui.feedback_tab = 0;
    }
}

void draw_session(AppModel& model, UiState& ui) {
    if (!model.playing()) {
        ui.screen = Screen::Library;
        return;
    }
    if (model.session().finished()) {
        ui.screen = Screen::Feedback;
        return;
    }
    // A new session, an undo or a replay: the guard starts afresh.
    if (ui.answer_generation != model.session_generation()) {
        ui.answer_guard.reset();
        ui.answer_generation = model.session_generation();
    }
    // Say it first: the box comes before the options, its keys before theirs.
    const bool say_first = model.session().say_first();
    if (say_first) start_writing_if_new_turn(model, ui);
    const bool writing = say_first && !ui.said_sent;
    if (writing) {
        if (ui.keys.enter && ui.keys.shift)
            ui.said_newline = true;
        else if (ui.keys.enter)
            send_words(model, ui, false);
        else if (ui.keys.escape)
            send_words(model, ui, true);
        ui.keys.digit = 0;                         // numbers are words here
        if (ui.keys.typing) ui.keys.undo = false;  // Ctrl+Z undoes typing, not the turn
    }
    // The marked option is never a default (Enter does nothing here): the trainee presses the
    // number of the one they choose, or clicks it.
    // Keys first, so a press acts on what was shown (a number not offered does nothing). A press
    // before the turn it answers has been on screen for a moment is dropped (AnswerGuard).
    if (ui.keys.digit > 0 && ui.answer_guard.ready(ui.now)) {
        choose_response(model, ui, static_cast<std::size_t>(ui.keys.digit - 1));
        if (ui.screen != Screen::Session) return;
    }
    if (ui.keys.undo && model.undo()) {
        ui.last_delta.clear();
        ui.scroll_to_bottom = true;
    }
    if (ui.keys.save_quit && !model.author_try()) {
        const std::string path = model.record_path();
        go_to_library(model, ui);
        ui.say("Session saved; resume it from the library (" + path + ")");
        return;
    }

    const Session& s = model.session();
    const float side_w =
        std::max(ImGui::GetContentRegionAvail().x * 0.27f, ImGui::CalcTextSize("M").x * 16);
    const float main_w =
        ImGui::GetContentRegionAvail().x - side_w - ImGui::GetStyle().ItemSpacing.x;

    ImGui::BeginGroup();
    // Responses first in size: they must all fit; the transcript takes what is left.
    const auto order = s.offered();
    const Node& node = s.node();
    const bool writing_now = s.say_first() && !ui.said_sent;
    float responses_h = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    if (s.say_first() && ui.said_sent) responses_h += 3.5f * ImGui::GetTextLineHeightWithSpacing();
    const float button_w = main_w - 2 * ImGui::GetStyle().WindowPadding.x;
    for (int r : order)
        responses_h +=
            response_height(ui, node.responses[static_cast<std::size_t>(r)].say, button_w) +
            ImGui::GetStyle().ItemSpacing.y;
    responses_h += 2 * ImGui::GetStyle().WindowPadding.y;
    // The transcript keeps room for the client's current line (a few lines); the responses get
    // the rest, so that at 800x600 every response is on screen.
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const float transcript_min = std::min(avail_h * 0.4f, ImGui::GetTextLineHeight() * 7.5f);
    responses_h = std::min(responses_h, std::max(avail_h - transcript_min, avail_h * 0.5f));
    if (writing_now) responses_h = std::max(avail_h * 0.42f, ImGui::GetTextLineHeight() * 11.0f);

    ImGui::BeginChild("##transcript", ImVec2(main_w, avail_h - responses_h), true,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    transcript(model, ui, ui.transcript_layout);
    ImGui::EndChild();

    ImGui::BeginChild("##responses", ImVec2(main_w, 0), true,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    std::optional<std::size_t> clicked;
    if (writing_now) {
        writing_area(model, ui);
    } else {
        if (s.say_first() && ui.said_sent) {
            if (ui.said_sent->skipped) {
                muted_text(ui, "You skipped writing this turn.");
            } else {
                bold_text(ui, "You would say:");
                ImGui::SameLine();
                wrapped(ui.said_sent->text);
                muted_text(ui, ui.suggested >= 0
                                   ? "Outlined: the option closest in wording (and kind) to yours, "
                                     "not a hint about which is best. Choose the one you would "
                                     "say."
                                   : "No option shares words with yours. Choose the one you would "
                                     "say.");
            }
        }
        ImGui::TextDisabled("Your response (1-%zu)", order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            const Response& r = node.responses[static_cast<std::size_t>(order[i])];
            const bool marked =
                s.say_first() && ui.said_sent && ui.suggested == static_cast<int>(i);
            // A label, so that the outline is not taken for the keyboard's focus.
            if (marked)
                ImGui::TextColored(ui.palette.accent, "Closest to your wording (not a hint):");
            if (response_button(ui, static_cast<int>(i + 1), r.say,
                                ImGui::GetContentRegionAvail().x, true, marked))
                clicked = i;
            if (marked && ImGui::IsItemHovered())
                ImGui::SetTooltip("Closest in wording to what you wrote");
        }
    }
    ImGui::EndChild();
    ImGui::EndGroup();

    ImGui::SameLine();
    ImGui::BeginChild("##side", ImVec2(0, 0), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    side_panel(model, ui);
    ImGui::EndChild();
    if (!writing_now)
        ui.answer_guard.drawn(ui.now);  // this turn's responses are on screen from now
    if (clicked && model.playing() && ui.answer_guard.ready(ui.now))
        choose_response(model, ui, *clicked);
}

}  // namespace rapport::gui
