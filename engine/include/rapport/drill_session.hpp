// A drill session over a list of items: tutor mode (each answer is followed by every option's
// rationale) or exam mode (no feedback until the end, then a score by topic and every rationale).
// Options are shown in an order drawn from the session's seed. Also: grading an answer for the
// scheduler, and choosing which items a "due today" drill asks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rapport/drill.hpp"
#include "rapport/fsrs.hpp"

namespace rapport {

enum class DrillMode { Tutor, Exam };
[[nodiscard]] std::string_view drill_mode_name(DrillMode m);

// An answer counts as fast (graded Easy when right) within this many seconds, plus a little per
// word of the stem and options, since long items take longer to read.
[[nodiscard]] double fast_answer_seconds(const DrillItem& item);
// Wrong = Again; right = Good; right and fast = Easy.
[[nodiscard]] Rating rating_for(const DrillItem& item, bool correct, double seconds);

struct DrillAnswer {
    std::size_t item = 0;     // index into the session's items
    std::vector<int> chosen;  // option indices (authoring order), sorted
    bool correct = false;
    double seconds = 0;
    Rating rating = Rating::Again;
};

// A topic's result in a drill. An item with several topics counts under each of them, so the
// topics' totals can add up to more than the items asked. `total`: the drill's items on the topic
// (answered or not); `answered`: those answered; `right`: those answered right.
struct TopicScore {
    std::string topic;
    int right = 0, total = 0, answered = 0;
};

// A drill's score line, counting every item asked: "4 right of 5 (80%); 1 not answered". An item
// not answered (the time ran out, or the trainee stopped) counts against the percentage: 4 right
// of 5 asked is 80%, not 4 of 4.
[[nodiscard]] std::string drill_score_text(int right, std::size_t answered, std::size_t asked);

class DrillSession {
public:
    DrillSession(std::vector<DrillItem> items, DrillMode mode, std::uint64_t seed);

    [[nodiscard]] DrillMode mode() const { return m_mode; }
    [[nodiscard]] std::uint64_t seed() const { return m_seed; }
    [[nodiscard]] const std::vector<DrillItem>& items() const { return m_items; }
    [[nodiscard]] std::size_t position() const { return m_answers.size(); }
    [[nodiscard]] bool finished() const { return m_answers.size() >= m_items.size(); }
    [[nodiscard]] const DrillItem& current() const { return m_items[m_answers.size()]; }
    // The order the current item's options are shown in: option indices (authoring order).
    [[nodiscard]] std::vector<int> order() const { return order_of(m_answers.size()); }
    [[nodiscard]] std::vector<int> order_of(std::size_t item) const;

    // Answers the current item with the options shown at these positions (0-based). Returns the
    // answer, or nullopt when a position is out of range, repeated or empty (nothing changes).
    std::optional<DrillAnswer> answer(const std::vector<std::size_t>& positions, double seconds);
    [[nodiscard]] const std::vector<DrillAnswer>& answers() const { return m_answers; }
    [[nodiscard]] int right() const;
    // Per topic, over every item of the drill (in the order the topics first appear).
    [[nodiscard]] std::vector<TopicScore> by_topic() const;
    [[nodiscard]] std::string score_text() const {
        return drill_score_text(right(), m_answers.size(), m_items.size());
    }

private:
    std::vector<DrillItem> m_items;
    DrillMode m_mode;
    std::uint64_t m_seed;
    std::vector<DrillAnswer> m_answers;
};

// Parses a scripted answer: "b" (one letter), "a+c" (choose all that apply), or "2" (a number).
// Returns 0-based positions, or nullopt if not an answer.
[[nodiscard]] std::optional<std::vector<std::size_t>> parse_drill_answer(std::string_view text);
[[nodiscard]] char option_letter(std::size_t position);  // 0 -> 'A'

// Where an item stands in the scheduler.
struct ItemSchedule {
    MemoryState memory;
    double last_review = 0;  // days since the Unix epoch
    double due = 0;          // days since the Unix epoch
    int reps = 0, lapses = 0;
};

inline constexpr int leech_lapses = 8;  // items missed this many times are leeches

// The items a drill asks: due ones first (most overdue first), then new ones, up to `count`;
// items neither due nor new are not asked. `schedules` maps item keys to their state. New items
// take turns between their banks (the scenarios' items are a bank of their own), each bank's in
// its order, so a short drill over several banks, or with the scenarios' items, draws on each.
// The first `count` items taking turns between banks as above, due or not (`rapport drill --all`).
[[nodiscard]] std::vector<DrillItem> take_in_turns(const std::vector<DrillItem>& items,
                                                   std::size_t count);
[[nodiscard]] std::vector<DrillItem> select_due(
    const std::vector<DrillItem>& items, const std::map<std::string, ItemSchedule>& schedules,
    double now_days, std::size_t count);

// The schedule after an answer at `now_days`.
[[nodiscard]] ItemSchedule schedule_after(const Fsrs& fsrs,
                                          const std::optional<ItemSchedule>& before, Rating rating,
                                          double now_days);

}  // namespace rapport
