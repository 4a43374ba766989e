// Drill sessions, grading and due selection (see drill_session.hpp).
#include "rapport/drill_session.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "base/text.hpp"

namespace rapport {

namespace {

std::size_t words(std::string_view s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (!space && !in) ++n;
        in = !space;
    }
    return n;
}

}  // namespace

std::string_view drill_mode_name(DrillMode m) {
    return m == DrillMode::Exam ? "exam" : "tutor";
}

double fast_answer_seconds(const DrillItem& item) {
    std::size_t w = words(item.stem);
    for (const auto& o : item.options)
        w += words(o.text);
    return 4.0 + 0.25 * static_cast<double>(w);  // ~240 words a minute, plus time to decide
}

Rating rating_for(const DrillItem& item, bool correct, double seconds) {
    if (!correct) return Rating::Again;
    return seconds <= fast_answer_seconds(item) ? Rating::Easy : Rating::Good;
}

DrillSession::DrillSession(std::vector<DrillItem> items, DrillMode mode, std::uint64_t seed)
    : m_items(std::move(items)), m_mode(mode), m_seed(seed) {}

std::vector<int> DrillSession::order_of(std::size_t item) const {
    std::vector<int> order(m_items[item].options.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    std::uint64_t x = m_seed ^ (static_cast<std::uint64_t>(item) * 0x632BE59BD9B4E019ULL);
    for (std::size_t i = order.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(detail::splitmix64(x) % i);
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

std::optional<DrillAnswer> DrillSession::answer(const std::vector<std::size_t>& positions,
                                                double seconds) {
    if (finished() || positions.empty()) return std::nullopt;
    if (positions.size() > 1 && !current().multiple()) return std::nullopt;  // one answer
    const auto shown = order();
    DrillAnswer a;
    a.item = m_answers.size();
    for (std::size_t p : positions) {
        if (p >= shown.size()) return std::nullopt;
        a.chosen.push_back(shown[p]);
    }
    std::sort(a.chosen.begin(), a.chosen.end());
    if (std::adjacent_find(a.chosen.begin(), a.chosen.end()) != a.chosen.end()) return std::nullopt;
    const DrillItem& item = current();
    std::vector<int> correct;
    for (std::size_t i = 0; i < item.options.size(); ++i)
        if (item.options[i].correct) correct.push_back(static_cast<int>(i));
    // One correct option: choosing it is right. Several: exactly the correct set is right.
    a.correct = item.multiple() ? a.chosen == correct
                                : a.chosen.size() == 1 &&
                                      item.options[static_cast<std::size_t>(a.chosen[0])].correct;
    a.seconds = std::max(0.0, seconds);
    a.rating = rating_for(item, a.correct, a.seconds);
    m_answers.push_back(a);
    return a;
}

int DrillSession::right() const {
    return static_cast<int>(std::count_if(m_answers.begin(), m_answers.end(),
                                          [](const DrillAnswer& a) { return a.correct; }));
}

std::vector<TopicScore> DrillSession::by_topic() const {
    std::vector<TopicScore> out;
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        const DrillAnswer* a = nullptr;
        for (const auto& x : m_answers)
            if (x.item == i) a = &x;
        for (const auto& t : m_items[i].topics) {
            auto it = std::find_if(out.begin(), out.end(),
                                   [&](const TopicScore& s) { return s.topic == t; });
            if (it == out.end()) it = out.insert(out.end(), TopicScore{t, 0, 0, 0});
            ++it->total;
            if (a) ++it->answered;
            if (a && a->correct) ++it->right;
        }
    }
    return out;
}

std::string drill_score_text(int right, std::size_t answered, std::size_t asked) {
    std::string s = std::to_string(right) + " right of " + std::to_string(asked);
    if (asked > 0)
        s += " (" +
             std::to_string(
                 static_cast<int>(std::lround(100.0 * right / static_cast<double>(asked)))) +
             "%)";
    if (answered < asked) s += "; " + std::to_string(asked - answered) + " not answered";
    return s;
}

char option_letter(std::size_t position) {
    return static_cast<char>('A' + position);
}

std::optional<std::vector<std::size_t>> parse_drill_answer(std::string_view text) {
    std::vector<std::size_t> out;
    std::string part;
    std::istringstream in{std::string(text)};
    while (std::getline(in, part, '+')) {
        while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back())))
            part.pop_back();
        while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front())))
            part.erase(part.begin());
        if (part.size() != 1) return std::nullopt;
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(part[0])));
        if (c >= 'a' && c < 'a' + static_cast<char>(max_drill_options))
            out.push_back(static_cast<std::size_t>(c - 'a'));
        else if (c >= '1' && c <= '9')
            out.push_back(static_cast<std::size_t>(c - '1'));
        else
            return std::nullopt;
    }
    if (out.empty()) return std::nullopt;
    return out;
}

namespace {

// `indices` (into items) reordered to take turns between banks, in the order banks first appear.
std::vector<std::size_t> in_turns(const std::vector<DrillItem>& items,
                                  const std::vector<std::size_t>& indices) {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> banks;
    for (std::size_t i : indices) {
        auto it = std::find_if(banks.begin(), banks.end(),
                               [&](const auto& b) { return b.first == items[i].bank_id; });
        if (it == banks.end()) it = banks.insert(banks.end(), {items[i].bank_id, {}});
        it->second.push_back(i);
    }
    std::vector<std::size_t> out;
    for (std::size_t round = 0; out.size() < indices.size(); ++round)
        for (const auto& [bank, list] : banks)
            if (round < list.size()) out.push_back(list[round]);
    return out;
}

}  // namespace

std::vector<DrillItem> take_in_turns(const std::vector<DrillItem>& items, std::size_t count) {
    std::vector<std::size_t> all(items.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    std::vector<DrillItem> out;
    for (std::size_t i : in_turns(items, all)) {
        if (out.size() >= count) break;
        out.push_back(items[i]);
    }
    return out;
}

std::vector<DrillItem> select_due(const std::vector<DrillItem>& items,
                                  const std::map<std::string, ItemSchedule>& schedules,
                                  double now_days, std::size_t count) {
    std::vector<std::pair<double, std::size_t>> due;  // due day, index
    std::vector<std::size_t> fresh;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto it = schedules.find(items[i].key());
        if (it == schedules.end())
            fresh.push_back(i);
        else if (it->second.due <= now_days)
            due.emplace_back(it->second.due, i);
    }
    std::stable_sort(due.begin(), due.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<DrillItem> out;
    for (const auto& [day, i] : due) {
        if (out.size() >= count) break;
        out.push_back(items[i]);
    }
    for (std::size_t i : in_turns(items, fresh)) {
        if (out.size() >= count) break;
        out.push_back(items[i]);
    }
    return out;
}

ItemSchedule schedule_after(const Fsrs& fsrs, const std::optional<ItemSchedule>& before,
                            Rating rating, double now_days) {
    ItemSchedule s;
    std::optional<MemoryState> memory;
    double elapsed = 0;
    if (before) {
        s = *before;
        memory = before->memory;
        elapsed = std::max(0.0, now_days - before->last_review);
    }
    s.memory = fsrs.review(memory, elapsed, rating);
    s.last_review = now_days;
    ++s.reps;
    if (rating == Rating::Again) ++s.lapses;
    s.due = now_days + fsrs.next_interval(s.memory.stability);  // whole days, at least one
    return s;
}

}  // namespace rapport
