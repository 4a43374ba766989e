// Drill banks and sessions: the shipped bank (the seed item and its rationales), sessions in both
// modes, "choose all that apply", due selection, leeches, and items made from a scenario.
#include <doctest/doctest.h>

#include <set>

#include "rapport/analysis.hpp"
#include "rapport/drill.hpp"
#include "rapport/drill_session.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

std::shared_ptr<const DrillBank> shipped_bank() {
    DrillBankLoad load = load_drill_bank(test::source_dir() + "/drills/engagement.yaml");
    INFO(format_diagnostics(load.diagnostics));
    REQUIRE(load.bank);
    CHECK(load.diagnostics.empty());
    return load.bank;
}

}  // namespace

TEST_CASE("the shipped bank: the seed item with a rationale for every option, and 30 more") {
    const auto bank = shipped_bank();
    REQUIRE(bank->items.size() >= 31);
    const DrillItem& seed = bank->items.front();
    CHECK(seed.stem == "What is the ultimate goal of engaging clients in therapy?");
    REQUIRE(seed.options.size() == 4);
    CHECK(seed.options[0].text == "Identifying the client's social network");
    CHECK(seed.options[1].text == "Building rapport and facilitating cooperation");
    CHECK(seed.options[2].text == "Making clients dependent on the therapist");
    CHECK(seed.options[3].text == "Assessing the client's financial situation");
    CHECK_FALSE(seed.options[0].correct);
    CHECK(seed.options[1].correct);
    CHECK_FALSE(seed.options[2].correct);
    CHECK_FALSE(seed.options[3].correct);
    // The distractors' rationales teach what CLINICAL.md says of each.
    CHECK(seed.options[0].rationale.find("support") != std::string::npos);
    CHECK(seed.options[2].rationale.find("autonomy") != std::string::npos);
    CHECK(seed.options[3].rationale.find("barrier") != std::string::npos);
    // Every option of every item has a rationale; every item a reference; the topics of the issue.
    std::set<std::string> topics;
    for (const auto& item : bank->items) {
        CAPTURE(item.id);
        CHECK_FALSE(item.reference.empty());
        for (const auto& o : item.options)
            CHECK(o.rationale.size() > 20);
        topics.insert(item.topics.begin(), item.topics.end());
    }
    for (const char* t :
         {"engagement", "alliance", "oars", "autonomy", "rupture-repair", "first-session"})
        CHECK(topics.count(t) == 1);
}

TEST_CASE("a drill session shuffles options by seed and grades answers") {
    const auto bank = shipped_bank();
    std::vector<DrillItem> items(bank->items.begin(), bank->items.begin() + 3);
    DrillSession a(items, DrillMode::Tutor, 7), b(items, DrillMode::Tutor, 7),
        c(items, DrillMode::Tutor, 8);
    CHECK(a.order() == b.order());
    bool differs = false;
    for (std::size_t i = 0; i < 3; ++i)
        differs |= a.order_of(i) != c.order_of(i);
    CHECK(differs);
    // Answer the seed item right: find where option 1 (the correct one) is shown.
    const auto order = a.order();
    const auto right_at =
        static_cast<std::size_t>(std::find(order.begin(), order.end(), 1) - order.begin());
    const auto ans = a.answer({right_at}, 60);
    REQUIRE(ans);
    CHECK(ans->correct);
    CHECK(ans->rating == Rating::Good);
    CHECK(ans->chosen == std::vector<int>{1});
    // A wrong one, then out of range and repeated positions are refused.
    CHECK_FALSE(a.answer({99}, 1));
    CHECK_FALSE(a.answer({0, 0}, 1));
    const auto o2 = a.order();
    std::size_t wrong_at = 0;
    while (a.current().options[static_cast<std::size_t>(o2[wrong_at])].correct)
        ++wrong_at;
    const auto wrong = a.answer({wrong_at}, 1);
    REQUIRE(wrong);
    CHECK_FALSE(wrong->correct);
    CHECK(wrong->rating == Rating::Again);
    CHECK(a.right() == 1);
    CHECK(a.position() == 2);
    const auto topics = a.by_topic();
    REQUIRE_FALSE(topics.empty());
    int total = 0;
    for (const auto& t : topics)
        total += t.total;
    CHECK(total >= 2);
}

TEST_CASE("choose all that apply: exactly the correct set is right") {
    DrillItem item;
    item.id = "multi";
    item.bank_id = "t";
    item.stem = "Which are open questions? Choose all that apply.";
    item.topics = {"oars"};
    item.options = {{"What brings you here?", true, "r"},
                    {"Are you OK?", false, "r"},
                    {"How has it been?", true, "r"}};
    REQUIRE(item.multiple());
    DrillSession s({item, item, item}, DrillMode::Exam, 1);
    auto pos = [&](int option) {
        const auto o = s.order();
        return static_cast<std::size_t>(std::find(o.begin(), o.end(), option) - o.begin());
    };
    CHECK(s.answer({pos(0), pos(2)}, 10)->correct);
    CHECK_FALSE(s.answer({pos(0)}, 10)->correct);
    CHECK_FALSE(s.answer({pos(0), pos(1), pos(2)}, 10)->correct);
    CHECK(s.finished());
}

TEST_CASE("scripted answers parse as letters, numbers, or letters joined with +") {
    CHECK(parse_drill_answer("b") == std::vector<std::size_t>{1});
    CHECK(parse_drill_answer("B") == std::vector<std::size_t>{1});
    CHECK(parse_drill_answer("3") == std::vector<std::size_t>{2});
    CHECK(parse_drill_answer("a+c") == std::vector<std::size_t>{0, 2});
    CHECK_FALSE(parse_drill_answer(""));
    CHECK_FALSE(parse_drill_answer("bb"));
    CHECK_FALSE(parse_drill_answer("z"));
    CHECK(option_letter(3) == 'D');
}

TEST_CASE("due selection: due items first (most overdue first), then new ones; leeches") {
    std::vector<DrillItem> items(5);
    for (int i = 0; i < 5; ++i) {
        items[static_cast<std::size_t>(i)].bank_id = "b";
        items[static_cast<std::size_t>(i)].id = "i" + std::to_string(i);
    }
    std::map<std::string, ItemSchedule> sch;
    sch["b/i0"].due = 105;  // not due yet
    sch["b/i1"].due = 99;   // due, 1 day late
    sch["b/i3"].due = 95;   // due, 5 days late
    const auto chosen = select_due(items, sch, 100, 10);
    REQUIRE(chosen.size() == 4);
    CHECK(chosen[0].id == "i3");
    CHECK(chosen[1].id == "i1");
    CHECK(chosen[2].id == "i2");  // new, in bank order
    CHECK(chosen[3].id == "i4");
    CHECK(select_due(items, sch, 100, 1).front().id == "i3");

    // Eight misses make a leech.
    const Fsrs f;
    std::optional<ItemSchedule> s;
    for (int k = 0; k < leech_lapses; ++k)
        s = schedule_after(f, s, Rating::Again, 100 + 2 * k);
    CHECK(s->lapses == leech_lapses);
}

TEST_CASE("items from a scenario: decision points where one response is clearly best") {
    const auto load =
        load_scenario(test::source_dir() + "/scenarios/first-session.yaml", test::catalogue());
    REQUIRE(load.scenario);
    const Analysis analysis = Analysis::run(load.scenario);
    const auto items = drill_items_from_scenario(*load.scenario, analysis);
    REQUIRE(items.size() >= 3);
    for (const auto& item : items) {
        CAPTURE(item.id);
        CHECK(item.bank_id == "scenario:first-session");
        CHECK(load.scenario->find_node(item.id).has_value());
        CHECK(item.options.size() >= 2);
        int correct = 0;
        for (const auto& o : item.options) {
            correct += o.correct ? 1 : 0;
            CHECK_FALSE(o.rationale.empty());
        }
        CHECK(correct == 1);
        // The correct option is the response with the best outlook from that node's first state.
    }
    // The opening: setting the frame (structuring) is the clearly best first response.
    const auto opening = std::find_if(items.begin(), items.end(), [&](const DrillItem& i) {
        return i.id == load.scenario->nodes[static_cast<std::size_t>(load.scenario->start)].id;
    });
    if (opening != items.end()) {
        const auto right = std::find_if(opening->options.begin(), opening->options.end(),
                                        [](const DrillOption& o) { return o.correct; });
        CHECK(right->text.find("how this works") != std::string::npos);
    }
}
