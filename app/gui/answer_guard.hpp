// AnswerGuard: makes one answer take effect once. A double key press or a double click (a few ms
// apart) must not answer the next turn with a response never read, so presses and clicks are
// ignored until the next turn is on screen and for a short moment after. No ImGui: time comes in
// as a parameter (seconds), so tests drive it without a display.
#pragma once

#include <optional>

namespace rapport::gui {

class AnswerGuard {
public:
    static constexpr double hold_seconds = 0.3;  // after the next turn is first drawn

    // May an answer (key or click) be taken now?
    [[nodiscard]] bool ready(double now) const {
        return !m_locked || (m_shown_at && now >= *m_shown_at + hold_seconds);
    }
    // An answer was taken: lock until the next turn has been drawn and held.
    void answered() {
        m_locked = true;
        m_shown_at.reset();
    }
    // The current turn's responses were drawn at `now` (called every frame they are drawn).
    void drawn(double now) {
        if (m_locked && !m_shown_at) m_shown_at = now;
    }
    // When ready() turns true, if it is not yet (for the main loop's timed redraw).
    [[nodiscard]] std::optional<double> ready_at() const {
        if (!m_locked || !m_shown_at) return std::nullopt;
        return *m_shown_at + hold_seconds;
    }
    // A new session, an undo or a replay: nothing to guard against.
    void reset() {
        m_locked = false;
        m_shown_at.reset();
    }

private:
    bool m_locked = false;
    std::optional<double> m_shown_at;
};

}  // namespace rapport::gui
