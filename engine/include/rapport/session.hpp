// A session: one play-through of an immutable Scenario. Holds the play state, the transcript and
// the seed; any number of sessions can share one scenario. Deterministic: same seed and choices,
// same transcript.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rapport/diagnostics.hpp"
#include "rapport/play_state.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

// The client's line as shown now, with its variant resolved.
struct ClientLine {
    std::string_view text;
    std::string_view cue;  // empty when none
    int variant = -1;      // -1: the node's own line
};

// The client's line in `state`: the variant chosen on arrival at its node, or the node's own line.
[[nodiscard]] ClientLine client_line(const Scenario& scenario, const PlayState& state);

// What the trainee wrote before the options appeared (say it first): their own words for the turn.
inline constexpr std::size_t max_said_bytes = 4096;  // what is kept of one turn's words

struct Said {
    std::string text;       // empty when skipped
    bool skipped = false;   // the trainee chose to see the options without writing
    int first_key_ms = -1;  // milliseconds from the client's line to the first keystroke; -1: none
    int sent_ms = -1;  // milliseconds from the client's line to sending (or skipping); -1: none
    bool operator==(const Said&) const = default;
};

struct Turn {
    int node = 0;      // where the client spoke
    int variant = -1;  // which version of the line was shown
    int response = 0;  // index into the node's responses (authoring order)
    int position = 0;  // 0-based position it was shown at
    std::vector<int> before;
    std::vector<int> after;
    Target destination;
    std::optional<Said> said;  // say it first: what the trainee wrote before choosing
};

class Session {
public:
    Session(std::shared_ptr<const Scenario> scenario, std::uint64_t seed);
    // A session that starts from `start` instead of the scenario's start (authors trying a branch
    // with chosen state values). Undo goes back to `start`.
    Session(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, PlayState start);

    [[nodiscard]] const Scenario& scenario() const { return *m_scenario; }
    [[nodiscard]] const std::shared_ptr<const Scenario>& scenario_ptr() const { return m_scenario; }
    [[nodiscard]] std::uint64_t seed() const { return m_seed; }
    [[nodiscard]] const PlayState& state() const { return m_state; }
    [[nodiscard]] const PlayState& start_state() const { return m_start; }
    // False for a session started from a chosen node or state (author mode).
    [[nodiscard]] bool from_scenario_start() const;

    [[nodiscard]] bool finished() const { return m_state.ended(); }
    [[nodiscard]] const Ending* ending() const;
    [[nodiscard]] const Node& node() const;
    [[nodiscard]] ClientLine line() const;

    // The responses offered now, in the order shown (shuffled by seed when the scenario asks).
    [[nodiscard]] std::vector<int> offered() const;
    // The current node's responses that are not offered now (condition false or used up).
    [[nodiscard]] std::vector<int> withheld() const;

    // Chooses the response shown at `position` (0-based) of offered(). False if out of range or
    // ended.
    // `said`: in say it first, what the trainee wrote before the options appeared.
    bool choose(std::size_t position, std::optional<Said> said = std::nullopt);
    // Chooses by index into the node's responses. False if that response is not offered now.
    bool choose_response(int response, std::optional<Said> said = std::nullopt);

    // Say it first: the trainee writes each response before the options appear.
    [[nodiscard]] bool say_first() const { return m_say_first; }
    void set_say_first(bool on) { m_say_first = on; }

    // Goes back so that only the first `turns` turns remain (0: back to the start).
    void undo_to(std::size_t turns);

    [[nodiscard]] const std::vector<Turn>& transcript() const { return m_transcript; }
    // The client's reaction to the last response chosen, if it has one (shown before the next
    // line); null before the first turn.
    [[nodiscard]] const Reply* last_reply() const;
    [[nodiscard]] int value(int var) const { return m_state.values[static_cast<std::size_t>(var)]; }
    [[nodiscard]] int score() const { return score_of(*m_scenario, m_state); }

private:
    std::shared_ptr<const Scenario> m_scenario;
    std::uint64_t m_seed;
    PlayState m_start;
    PlayState m_state;
    std::vector<Turn> m_transcript;
    bool m_say_first = false;
};

// Saving and resuming. The file is JSON: the scenario's id, version and content hash, the seed, the
// mode, and the choices by node and response id. Resuming replays the choices, so a scenario that
// changed since the save is detected (RP401) rather than silently mis-resumed.
struct SavedSession {
    std::string scenario_id;
    std::string scenario_version;
    std::string scenario_hash;
    std::string scenario_path;
    std::uint64_t seed = 0;
    std::string mode = "practice";
    std::vector<std::pair<std::string, std::string>> choices;  // node id, response id
    std::vector<std::optional<Said>> said;                     // per choice (say it first)
    bool say_first = false;
    std::string saved_at;    // ISO 8601 UTC, given by the caller
    std::string session_id;  // this play-through (new_session_id); empty in files from before
};

// A new play-through's id: 16 hex digits from the system's random source.
[[nodiscard]] std::string new_session_id();
// The saved play-through's id: its own, or for a file from before ids, one made from what it
// holds (the same for every resume of the same file).
[[nodiscard]] std::string session_id_of(const SavedSession& saved);

// A fresh 64-bit seed from the system's random source, for sessions and drills not given one.
[[nodiscard]] std::uint64_t random_seed();

// The time now in ISO 8601 UTC ("2026-11-26T04:11:57Z"), for records; with `for_file`, a form fit
// for file names ("20261126-041157").
[[nodiscard]] std::string now_iso8601(bool for_file = false);

[[nodiscard]] SavedSession to_saved(const Session& session, std::string mode, std::string saved_at);
[[nodiscard]] std::string saved_session_json(const SavedSession& saved);

// The largest session file read. A session records one choice per turn (about 60 bytes each):
// even a very long one is a few kilobytes, so anything near this is not a session; refusing it
// keeps the reader's memory to a small multiple of this.
inline constexpr std::size_t max_session_file_bytes = 1u << 20;

// Reads a session file's text; problems are positioned diagnostics (RP402) on `diagnostics`,
// never an exception: its size, nesting and numbers are checked before it is parsed, and every
// value's kind before it is read.
[[nodiscard]] std::optional<SavedSession> read_saved_session(std::string_view bytes,
                                                             const std::string& path,
                                                             Diagnostics& diagnostics);
// Reads the file at `path` (at most max_session_file_bytes of it) with read_saved_session.
[[nodiscard]] std::optional<SavedSession> load_saved_session(const std::string& path,
                                                             Diagnostics& diagnostics);

// Rebuilds the session from `saved` on `scenario`; nullopt (and RP401/RP402) when it does not fit.
[[nodiscard]] std::optional<Session> resume_session(const SavedSession& saved,
                                                    std::shared_ptr<const Scenario> scenario,
                                                    const std::string& path,
                                                    Diagnostics& diagnostics);

}  // namespace rapport
