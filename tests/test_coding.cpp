// The utterance coder (rapport/coding.hpp): specific rules, bad input, and the pinned subset
// (tests/data/coding/pinned.tsv), each line of which must keep the code it has.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "rapport/coding.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {
std::string code_of(std::string_view text) {
    return code_utterance(text).code;
}
}  // namespace

TEST_CASE("coding: questions, open and closed by their form") {
    CHECK(code_of("What brought you here?") == "open_question");
    CHECK(code_of("So how did that go for you?") == "open_question");
    // MITI 4.2.1 codes "Tell me about..." as a question.
    CHECK(code_of("Tell me about your family.") == "open_question");
    CHECK(code_of("Could you tell me more about that?") == "open_question");
    CHECK(code_of("Do you drink every day?") == "closed_question");
    CHECK(code_of("Would you like to talk about your sister?") == "closed_question");
    CHECK(code_of("How many cigarettes do you smoke?") == "closed_question");
    CHECK(code_of("Where do you live") == "closed_question");
    CHECK(code_of("You've told your mum, haven't you?") == "closed_question");
    // The question after a "when ..." clause decides.
    CHECK(code_of("When you say it's too much, what do you mean?") == "open_question");
    const auto q = code_utterance("Why is that important?");
    REQUIRE(!q.cues.empty());
    CHECK(q.cues.front() == "question word 'why'");
    CHECK(q.rule == "wh_open");
}

TEST_CASE("coding: reflections, simple or complex") {
    CHECK(code_of("You're worried about money.") == "simple_reflection");
    CHECK(code_of("You said it's been hard.") == "simple_reflection");
    CHECK(code_of("Part of you wants to go, and part of you wants to stay.") ==
          "complex_reflection");
    CHECK(code_of("It sounds like you feel nobody sees how hard you try.") == "complex_reflection");
    CHECK(code_of("On the one hand it helps you sleep, on the other it costs you.") ==
          "complex_reflection");
    // A statement said as a question is still a reflection.
    CHECK(code_of("You feel sad?") == "simple_reflection");
    // Curly apostrophes read as straight ones.
    CHECK(code_of("You\xE2\x80\x99re sick of it.") == "simple_reflection");
}

TEST_CASE("coding: advice, permission, autonomy and the rest") {
    CHECK(code_of("You should stop drinking.") == "persuading");
    CHECK(code_of("Why don't you go to bed earlier?") == "persuading");
    CHECK(code_of("Since you asked, I'd try the group.") == "persuading_with_permission");
    CHECK(code_of("I think you should see your GP, but it's your decision.") ==
          "persuading_with_permission");
    CHECK(code_of("You should see your GP. It's up to you, of course.") ==
          "persuading_with_permission");
    CHECK(code_of("It's entirely your choice.") == "emphasizing_autonomy");
    CHECK(code_of("Let's work this out together.") == "seeking_collaboration");
    CHECK(code_of("You're in denial.") == "confronting");
    CHECK(code_of("We have about ten minutes left.") == "structuring");
    CHECK(code_of("Well done for coming.") == "affirmation");
    CHECK(code_of("Many people find the first week the hardest.") == "giving_information");
    CHECK(code_of("Good morning.") == "other");
    CHECK(code_of("Mm-hmm.") == "other");
    // "Don't ..." opens a question only with a subject after it.
    CHECK(code_of("Don't worry about it.") == "other");
    CHECK(code_of("Don't you think she knows?") == "closed_question");
    // Someone else's advice, reported, is a reflection.
    CHECK(code_of("Your dad thinks you should move out.") == "simple_reflection");
    CHECK(code_of("I really think you'd benefit from a break.") == "persuading");
    // A statement built on a wh-clause is not a question.
    CHECK(code_of("What worries you most is the money.") != "open_question");
    CHECK(code_of("In what ways has it helped?") == "open_question");
}

TEST_CASE("coding: every code assigned is in the catalogue's list") {
    for (const char* text : {"", "?", "...", "you", "What?", "Hmm?", ",,,", "Try.", "I."}) {
        const auto c = code_utterance(text);
        CHECK(std::find(coder_codes.begin(), coder_codes.end(), c.code) != coder_codes.end());
        CHECK(c.confidence >= 0.0);
        CHECK(c.confidence <= 1.0);
        CHECK(!c.cues.empty());
    }
}

TEST_CASE("coding: bad input is coded, never fatal") {
    const auto empty = code_utterance("   ");
    CHECK(empty.code == "other");
    CHECK(empty.confidence == 0.0);
    CHECK(empty.cues == std::vector<std::string>{"empty"});

    const auto invalid = code_utterance("\xff\xfe What happened\xc3 next?");
    CHECK(invalid.code == "open_question");
    CHECK(std::find(invalid.cues.begin(), invalid.cues.end(), "invalid UTF-8 read as spaces") !=
          invalid.cues.end());

    std::string huge = "Tell me about it. ";
    while (huge.size() < 1'000'000)
        huge += "You feel sad and ";
    const auto cut = code_utterance(huge);
    CHECK(std::find(cut.cues.begin(), cut.cues.end(), "truncated") != cut.cues.end());

    // A cut inside a multi-byte character does not read as invalid UTF-8.
    std::string accents(coding_max_bytes - 1, 'a');
    accents += "\xC3\xA9\xC3\xA9";
    const auto a = code_utterance(accents);
    CHECK(std::find(a.cues.begin(), a.cues.end(), "invalid UTF-8 read as spaces") == a.cues.end());
}

TEST_CASE("coding: the pinned subset keeps its codes") {
    std::ifstream in(test::source_dir() + "/tests/data/coding/pinned.tsv");
    REQUIRE(in);
    std::string line;
    int count = 0;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.empty() || line[0] == '#') continue;
        const auto t1 = line.find('\t');
        const auto t2 = line.find('\t', t1 + 1);
        REQUIRE(t2 != std::string::npos);
        const std::string code = line.substr(0, t1), second = line.substr(t1 + 1, t2 - t1 - 1);
        const std::string text = line.substr(t2 + 1);
        const auto got = code_utterance(text).code;
        INFO("pinned.tsv:" << n << ": " << text);
        CHECK((got == code || got == second));
        ++count;
    }
    CHECK(count >= 40);
}
