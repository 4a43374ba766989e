// Exam-prep drills: banks of multiple-choice items with a rationale for every option, loaded from
// YAML with the same positioned diagnostics as scenarios (codes RP5xx for what is particular to
// drills), and items made from scenario decision points where the analysis shows one response
// clearly best. Drill sessions (tutor and exam modes) run over any list of items.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rapport/analysis.hpp"
#include "rapport/diagnostics.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

struct DrillOption {
    std::string text;
    bool correct = false;
    std::string rationale;
};

struct DrillItem {
    std::string id;       // unique within its bank; progress records use bank_id + "/" + id
    std::string bank_id;  // the bank, or "scenario:<scenario id>" for items made from a scenario
    std::string stem;
    std::string cue;  // items from scenarios: the client's nonverbal cue
    // Items from scenarios: what the trainee had just said (the response that leads there on a
    // shortest way from the start), so the client's line reads in its moment; empty at the start.
    std::string context;
    std::vector<std::string> topics;
    Difficulty difficulty = Difficulty::Beginner;
    std::vector<DrillOption> options;  // in authoring order; sessions shuffle them
    std::string reference;
    SourceLocation location;
    [[nodiscard]] std::string key() const { return bank_id + "/" + id; }
    [[nodiscard]] bool multiple() const;  // more than one correct option: choose all that apply
};

struct DrillTopic {
    std::string id;
    std::string label;
};

struct DrillBank {
    int format = 1;
    std::string id, title, version, summary;
    std::vector<DrillTopic> topics;
    std::vector<DrillItem> items;
    std::string path;
    std::string content_hash;
    [[nodiscard]] const DrillTopic* find_topic(std::string_view id) const;
};

struct DrillBankLoad {
    std::shared_ptr<const DrillBank> bank;  // null when diagnostics has errors
    Diagnostics diagnostics;
};

inline constexpr std::size_t min_drill_options = 2;
inline constexpr std::size_t max_drill_options = 9;

// Clueing checks (warnings RP507-RP510; docs/diagnostics.md): cues that give the key away to a
// test-wise student who does not know the content.
// RP507: the correct option is a longest option (no option longer, in characters) in more than
// this share of the single-answer items, checked from this many single-answer items on.
inline constexpr int drill_longest_correct_percent = 40;
inline constexpr std::size_t drill_longest_min_items = 5;
// RP508: absolute words (specific determiners) that appear in distractors and in no correct
// option across the bank. Whole words, any case; "all right", "at all" and "after all" do not
// count as `all`.
inline constexpr std::string_view drill_absolute_words[] = {
    "always", "never", "nothing",  "none",       "nobody",
    "only",   "every", "everyone", "everything", "all"};

// RP510: distractors that argue for themselves ("..., because ...") far more often than the
// correct options do, in single-answer items: a test-wise student learns that the option giving
// a reason is wrong. Warned when at least this many distractors (and this share of them) give a
// reason, and the share of correct options that do is under half of theirs.
inline constexpr std::string_view drill_reason_words[] = {"because", "since", "so that",
                                                          "which means"};
inline constexpr std::size_t drill_reason_min_distractors = 5;
inline constexpr int drill_reason_min_percent = 10;

// The topic an item is shown under: the drill's topic when the drill asks one topic and the item
// is on it (an item on several topics is asked under the one chosen), else its first topic.
[[nodiscard]] const std::string& shown_topic(const DrillItem& item, const std::string& drill_topic);

[[nodiscard]] DrillBankLoad load_drill_bank(const std::string& path);
[[nodiscard]] DrillBankLoad parse_drill_bank(std::string_view bytes, const std::string& path);

// Is this YAML text a drill bank (a top-level `kind: drill-bank`)? Cheap: for routing files.
[[nodiscard]] bool looks_like_drill_bank(std::string_view bytes);

// Items made from a scenario: every decision point (node, in the state the analysis's shortest
// path first reaches it) where one offered response is clearly best: its best achievable score is
// higher than every other offered response's by at least `margin`. The client's line and cue are
// the stem, the offered responses the options, their rationales the feedback. The topic is
// "scenario:<id>"; ids are the node ids. Only decisions whose figures are exact make items (a
// bounded analysis whose search time ran out leaves the rest out).
[[nodiscard]] std::vector<DrillItem> drill_items_from_scenario(const Scenario& scenario,
                                                               const Analysis& analysis,
                                                               int margin = 10);

}  // namespace rapport
