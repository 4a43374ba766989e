// Drill banks and sessions: the shipped bank (the seed item and its rationales), sessions in both
// modes, "choose all that apply", due selection, leeches, and items made from a scenario.
#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
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

TEST_CASE("drill results count every item asked; an item on two topics counts in each") {
    std::vector<DrillItem> items(3);
    for (int i = 0; i < 3; ++i) {
        auto& it = items[static_cast<std::size_t>(i)];
        it.bank_id = "b";
        it.id = "i" + std::to_string(i);
        it.stem = "Which?";
        it.options = {DrillOption{"right", true, "why"}, DrillOption{"wrong", false, "why"}};
    }
    items[0].topics = {"oars", "alliance"};
    items[1].topics = {"oars"};
    items[2].topics = {"alliance"};
    DrillSession s(items, DrillMode::Exam, 1);
    auto right_at = [&] {
        const auto o = s.order();
        return static_cast<std::size_t>(std::find(o.begin(), o.end(), 0) - o.begin());
    };
    REQUIRE(s.answer({right_at()}, 5));
    REQUIRE(s.answer({right_at()}, 5));
    // The third is never answered (the time ran out): 2 right of 3 asked, not 2 of 2.
    CHECK(s.score_text() == "2 right of 3 (67%); 1 not answered");
    const auto t = s.by_topic();
    REQUIRE(t.size() == 2);
    CHECK(t[0].topic == "oars");
    CHECK(t[0].total == 2);
    CHECK(t[0].answered == 2);
    CHECK(t[0].right == 2);
    CHECK(t[1].topic == "alliance");
    CHECK(t[1].total == 2);  // item 0 counts here too
    CHECK(t[1].answered == 1);
    CHECK(t[1].right == 1);
    CHECK(drill_score_text(4, 5, 5) == "4 right of 5 (80%)");
    CHECK(drill_score_text(4, 4, 5) == "4 right of 5 (80%); 1 not answered");
    CHECK(drill_score_text(0, 0, 0) == "0 right of 0");
}

TEST_CASE("new items take turns between banks, so the scenarios' items show in a short drill") {
    std::vector<DrillItem> items;
    for (int i = 0; i < 4; ++i) {
        DrillItem it;
        it.bank_id = "bank";
        it.id = "b" + std::to_string(i);
        items.push_back(it);
    }
    for (int i = 0; i < 2; ++i) {
        DrillItem it;
        it.bank_id = "scenario:dana";
        it.id = "s" + std::to_string(i);
        items.push_back(it);
    }
    const auto chosen = select_due(items, {}, 100, 3);
    REQUIRE(chosen.size() == 3);
    CHECK(chosen[0].id == "b0");
    CHECK(chosen[1].id == "s0");
    CHECK(chosen[2].id == "b1");
    const auto all = take_in_turns(items, 10);
    REQUIRE(all.size() == 6);
    CHECK(all[3].id == "s1");
    CHECK(all[4].id == "b2");
    CHECK(all[5].id == "b3");
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

TEST_CASE("items from a scenario: only where every wrong option is wrong in itself") {
    // Node a: three options, two of them errors: an item. Node b (reached after a's best):
    // a wrong option with no error and no cost: no item. Node c: two options: no item. Node d:
    // reached only after a red flag: no item. Node e: marked drill_item: false.
    const std::string yaml = test::scenario_with(R"(format: 2
start: a
nodes:
  - id: a
    client: "Hi."
    responses:
      - {say: "Tell me about it.", code: open_question, effects: {trust: 20}, rationale: r, next: b}
      - {say: "It'll be fine.", code: other, errors: [premature_reassurance], effects: {trust: -5}, rationale: r, next: b}
      - {say: "Everything stays between us.", code: structuring, errors: [false_confidentiality], red_flag: unsafe, rationale: r, next: d}
  - id: b
    client: "Work."
    responses:
      - {say: "Work's weighing on you.", code: simple_reflection, effects: {trust: 20}, rationale: r, next: c}
      - {say: "What about work?", code: open_question, rationale: r, next: end}
      - {say: "Try to relax.", code: persuading, errors: [unsolicited_advice], effects: {trust: -5}, rationale: r, next: end}
  - id: c
    client: "Yes."
    responses:
      - {say: "Go on.", code: other, effects: {trust: 20}, rationale: r, next: e}
      - {say: "Let's stop.", code: other, errors: [premature_closure], effects: {trust: -5}, rationale: r, next: end}
  - id: d
    client: "Good."
    responses:
      - {say: "Though there are limits: supervision and serious risk.", code: structuring, effects: {trust: 20}, rationale: r, next: end}
      - {say: "Anyway.", code: other, errors: [changing_subject], effects: {trust: -5}, rationale: r, next: end}
      - {say: "As I said.", code: other, errors: [not_answering], effects: {trust: -5}, rationale: r, next: end}
  - id: e
    drill_item: false
    client: "Well."
    responses:
      - {say: "Mm.", code: other, effects: {trust: 20}, rationale: r, next: end}
      - {say: "Hurry up.", code: other, errors: [interrogating], effects: {trust: -10}, rationale: r, next: end}
      - {say: "Time's up.", code: other, errors: [premature_closure], effects: {trust: -5}, rationale: r, next: end}
endings:
  - {id: end, title: E, text: t, grade: g, outcome: good}
)");
    auto scenario = test::load_ok(yaml);
    const Analysis analysis = Analysis::run(scenario);
    std::vector<std::string> ids;
    for (const auto& item : drill_items_from_scenario(*scenario, analysis))
        ids.push_back(item.id);
    CHECK(ids == std::vector<std::string>{"a"});
}

TEST_CASE("items from a scenario carry what the trainee had just said") {
    const auto load =
        load_scenario(test::source_dir() + "/scenarios/boundary-testing.yaml", test::catalogue());
    INFO(format_diagnostics(load.diagnostics));
    REQUIRE(load.scenario);
    const Scenario& s = *load.scenario;
    const Analysis analysis = Analysis::run(load.scenario);
    const auto items = drill_items_from_scenario(s, analysis);
    REQUIRE(items.size() >= 3);
    int with_context = 0;
    for (const auto& item : items) {
        CAPTURE(item.id);
        const bool start = item.id == s.nodes[static_cast<std::size_t>(s.start)].id;
        CHECK(item.context.empty() == start);
        if (start) continue;
        ++with_context;
        // The context is a response, of a node, that leads to this item's node.
        bool leads_here = false;
        for (const auto& n : s.nodes)
            for (const auto& r : n.responses)
                if (r.say == item.context)
                    for (const auto& nx : r.next)
                        if (nx.target.kind == Target::Kind::Node &&
                            nx.target.index == s.find_node(item.id).value_or(-2))
                            leads_here = true;
        CHECK(leads_here);
    }
    CHECK(with_context >= 2);
}

TEST_CASE("items from a scenario: decision points where one response is clearly best") {
    const auto load =
        load_scenario(test::source_dir() + "/scenarios/first-session.yaml", test::catalogue());
    INFO(format_diagnostics(load.diagnostics));
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
    // A bounded analysis (the whole graph stopped at once) gives the same items from its searches,
    // given the time; with none, only the decisions settled without searching (bounds cannot say
    // which response is best).
    AnalysisOptions searched;
    searched.state_budget = 1;
    searched.search_time = std::chrono::seconds(120);
    const Analysis bounded = Analysis::run(load.scenario, searched);
    REQUIRE_FALSE(bounded.complete());
    const auto again = drill_items_from_scenario(*load.scenario, bounded);
    REQUIRE(again.size() == items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        CHECK(again[i].id == items[i].id);
        REQUIRE(again[i].options.size() == items[i].options.size());
        for (std::size_t o = 0; o < items[i].options.size(); ++o)
            CHECK(again[i].options[o].correct == items[i].options[o].correct);
    }
    AnalysisOptions spent = searched;
    spent.search_time = std::chrono::milliseconds(0);
    const auto few = drill_items_from_scenario(*load.scenario, Analysis::run(load.scenario, spent));
    CHECK(few.size() < items.size());
    for (const auto& item : few)
        CHECK(std::any_of(items.begin(), items.end(),
                          [&](const DrillItem& i) { return i.id == item.id; }));
}

namespace {

// A bank of the given items (YAML text of each, indented as list entries under `items:`).
std::string bank_of(const std::vector<std::string>& items) {
    std::string y =
        "format: 1\nkind: drill-bank\nid: t\ntitle: T\nversion: 1.0.0\n"
        "topics:\n  - id: oars\n    label: OARS\nitems:\n";
    for (const auto& i : items)
        y += i;
    return y;
}

// A single-answer item: the key's text, then the distractors'.
std::string item(const std::string& id, const std::string& key,
                 const std::vector<std::string>& distractors) {
    std::string y = "  - id: " + id +
                    "\n    stem: Which?\n    topics: [oars]\n    difficulty: beginner\n"
                    "    reference: R.\n    options:\n      - text: \"" +
                    key + "\"\n        correct: true\n        rationale: Right because.\n";
    for (const auto& d : distractors)
        y += "      - text: \"" + d + "\"\n        rationale: Wrong because.\n";
    return y;
}

std::vector<std::string> codes(const std::string& yaml) {
    const DrillBankLoad load = parse_drill_bank(yaml, "t.yaml");
    std::vector<std::string> out;
    for (const auto& d : load.diagnostics.all())
        out.push_back(d.code);
    return out;
}

}  // namespace

TEST_CASE("clueing checks: the key is longest too often (RP507)") {
    // 2 of 5 keys longest is 40%: not more than 40%, no warning; 3 of 5 is.
    std::vector<std::string> items = {
        item("a", "Longer key text", {"Short"}), item("b", "Longer key text", {"Short"}),
        item("c", "Key", {"Longer distractor"}), item("d", "Key", {"Longer distractor"}),
        item("e", "Key", {"Longer distractor"})};
    CHECK(codes(bank_of(items)).empty());
    items[2] = item("c", "Tied", {"Tie!"});  // a tie for longest counts as longest
    CHECK(codes(bank_of(items)) == std::vector<std::string>{"RP507"});
    // Fewer than drill_longest_min_items single-answer items: too few to judge.
    items.pop_back();
    items.pop_back();
    CHECK(codes(bank_of(items)).empty());
}

TEST_CASE("clueing checks: absolute words only in distractors (RP508)") {
    const auto base = item("x", "A plain key", {"Another plain option"});
    CHECK(codes(bank_of({base, item("a", "Key one", {"You must never do it"})})) ==
          std::vector<std::string>{"RP508"});
    // The same word in a correct option anywhere in the bank clears it.
    CHECK(codes(bank_of({item("b", "Never promise secrecy", {"Promise it"}),
                         item("a", "Key one", {"You must never do it"})}))
              .empty());
    // Whole words only, any case, and the idioms in which `all` is not absolute.
    CHECK(codes(bank_of({item("a", "Key one",
                              {"All right, I will", "Not at all sure", "Allowed, after all",
                               "Wholly, alleviated"})}))
              .empty());
    CHECK(codes(bank_of({item("a", "Key one", {"ALL of them"})})) ==
          std::vector<std::string>{"RP508"});
    CHECK(std::find(std::begin(drill_absolute_words), std::end(drill_absolute_words), "only") !=
          std::end(drill_absolute_words));
}

TEST_CASE("clueing checks: every multi-select item has the same number correct (RP509)") {
    auto multi = [](const std::string& id, int correct) {
        std::string y = "  - id: " + id +
                        "\n    stem: Which?\n    topics: [oars]\n    difficulty: beginner\n"
                        "    reference: R.\n    options:\n";
        for (int k = 0; k < 5; ++k)
            y += "      - text: Option " + std::to_string(k) + "\n" +
                 (k < correct ? "        correct: true\n" : "") + "        rationale: Because.\n";
        return y;
    };
    CHECK(codes(bank_of({multi("a", 3)})).empty());  // one multi-select item: nothing to compare
    CHECK(codes(bank_of({multi("a", 3), multi("b", 3)})) == std::vector<std::string>{"RP509"});
    CHECK(codes(bank_of({multi("a", 3), multi("b", 2), multi("c", 3)})).empty());
}

TEST_CASE("clueing checks: distractors give reasons, keys do not (RP510)") {
    // Five items, each with one distractor that argues for itself: 5 of 10 distractors, 0 keys.
    std::vector<std::string> items;
    for (int i = 0; i < 5; ++i)
        items.push_back(
            item("i" + std::to_string(i), "Plain key", {"Plain move", "A move, because it helps"}));
    CHECK(codes(bank_of(items)) == std::vector<std::string>{"RP510"});
    // Keys that give their reasons as often (here 2 of 5 keys against 5 of 10 distractors: 40%
    // against 50%, more than half of it) clear it.
    items[0] = item("i0", "Plain key, since it helps", {"Plain move", "A move, because it helps"});
    items[1] = item("i1", "Key, so that it helps", {"Plain move", "A move, because it helps"});
    CHECK(codes(bank_of(items)).empty());
    // Too few reasons to judge (drill_reason_min_distractors), whole words only ("sincere").
    items = {item("a", "Key", {"Sincere move", "Move, because"}),
             item("b", "Key", {"Plain", "Move, because"}),
             item("c", "Key", {"Plain", "Move, because"}),
             item("d", "Key", {"Plain", "Move, because"})};
    CHECK(codes(bank_of(items)).empty());
    items.push_back(item("e", "Key", {"Plain", "It helps, which means yes"}));
    CHECK(codes(bank_of(items)) == std::vector<std::string>{"RP510"});
}

TEST_CASE("every clueing code has a golden example in tests/data/invalid") {
    CHECK(test::read_text(test::source_dir() + "/tests/data/invalid/drill-longest-correct.expected")
              .find("[RP507]") != std::string::npos);
    CHECK(test::read_text(test::source_dir() + "/tests/data/invalid/drill-absolute-word.expected")
              .find("[RP508]") != std::string::npos);
    CHECK(test::read_text(test::source_dir() +
                          "/tests/data/invalid/drill-same-correct-count.expected")
              .find("[RP509]") != std::string::npos);
    CHECK(test::read_text(test::source_dir() + "/tests/data/invalid/drill-reason-words.expected")
              .find("[RP510]") != std::string::npos);
}
