// The utterance coder (rapport/coding.hpp): specific rules, bad input, and the pinned subset
// (tests/data/coding/pinned.tsv), each line of which must keep the code it has.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "coding/tokens.hpp"
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

TEST_CASE("coding: informal typing reads as the forms it stands for") {
    // Contractions without the apostrophe.
    CHECK(code_of("youve stopped going to the shops") == "simple_reflection");
    CHECK(code_of("whats been getting in the way") == "open_question");
    CHECK(code_of("dont you think she knows") == "closed_question");
    CHECK(code_of("im wondering what u make of that") == "open_question");
    // Chat forms: u, ur (your or you are by what follows), r.
    CHECK(code_of("how r u getting on with it") == "open_question");
    CHECK(code_of("ur worried about ur mum") == "simple_reflection");
    CHECK(code_of("u should talk to ur gp") == "persuading");
    // Questions typed without a question mark.
    CHECK(code_of("roughly how much on a saturday") == "closed_question");
    CHECK(code_of("any days off at all in that time") == "closed_question");
    // A greeting before a question typed without its mark is the question; a greeting alone
    // is a greeting.
    CHECK(code_of("hi marek, what brings you in today") == "open_question");
    CHECK(code_of("hello, how are you feeling today") == "open_question");
    CHECK(code_of("hi, are you ok") == "closed_question");
    CHECK(code_of("hi marek") == "other");
    CHECK(code_of("Welcome, come in") == "other");
    // Words that look like contractions but are words stay words.
    CHECK(code_of("Its opening hours are on the website.") == "giving_information");
    CHECK(code_of("lets work this out together") == "seeking_collaboration");
}

TEST_CASE("coding: the informal forms, token by token") {
    using rapport::coding::normalise_informal;
    using V = std::vector<std::string>;
    CHECK(normalise_informal(V{"youve", "got"}) == V{"you", "have", "got"});
    CHECK(normalise_informal(V{"ur", "mum"}) == V{"your", "mum"});
    CHECK(normalise_informal(V{"ur", "feeling", "low"}) == V{"you", "are", "feeling", "low"});
    CHECK(normalise_informal(V{"ur", "not", "sure"}) == V{"you", "are", "not", "sure"});
    CHECK(normalise_informal(V{"id", "like", "to"}) == V{"i", "would", "like", "to"});
    CHECK(normalise_informal(V{"your", "id", "card"}) == V{"your", "id", "card"});
    CHECK(normalise_informal(V{"it", "lets", "you"}) == V{"it", "lets", "you"});
    CHECK(normalise_informal(V{"its", "were", "well", "ill", "hell"}) ==
          V{"its", "were", "well", "ill", "hell"});
    CHECK(normalise_informal(V{"ur"}) == V{"you", "are"});
    CHECK(normalise_informal(V{}).empty());
}

TEST_CASE("coding: the client's line as context") {
    const std::string client = "I've been having nightmares about Afghanistan again.";
    // Without the client's line a statement is information; with it, saying back is reflecting.
    CHECK(code_of("the nightmares are back") == "giving_information");
    const auto with = code_utterance("the nightmares are back", client);
    CHECK(with.code == "simple_reflection");
    CHECK(with.rule == "echo_simple");
    REQUIRE(!with.cues.empty());
    CHECK(with.cues.front() == "echoes the client ('nightmares')");
    // The one-argument form is the two-argument form with no context.
    CHECK(code_utterance("the nightmares are back", "").code == "giving_information");
    CHECK(code_utterance("the nightmares are back", "   ").code == "giving_information");
    // Information the client did not say stays information, whatever it shares.
    CHECK(code_utterance("Chest tightness and a racing heart are really common in panic.",
                         "My chest goes tight and I think I'm having a heart attack.")
              .code == "giving_information");
    // Simple when it mostly repeats, complex when it adds what the client did not say.
    const std::string tired = "I'm so tired of pretending everything's fine.";
    const auto simple = code_utterance("you're tired of pretending", tired);
    CHECK(simple.code == "simple_reflection");
    CHECK(simple.cues.front().find("mostly the client's words") != std::string::npos);
    const auto complex = code_utterance("You're tired of being lectured about it.",
                                        "I know I need to lose weight. I've heard it all before.");
    CHECK(complex.code == "complex_reflection");
    CHECK(complex.cues.front().find("adds what the client did not say") != std::string::npos);
    // A feeling the client named is not added meaning: "furious" said back is simple.
    CHECK(code_of("You're furious with him.") == "complex_reflection");
    CHECK(code_utterance("You're furious with him.", "I'm furious with him.").code ==
          "simple_reflection");
    // A state said of the client without "you" reads as a reflection, with or without context.
    CHECK(main_behaviour(code_of("It's still really hard to say it out loud.")) == "reflection");
    CHECK(main_behaviour(code_utterance("Coming here feels like admitting something's wrong.",
                                        "I feel stupid even being here.")
                             .code) == "reflection");
    // An answer to the client's question is information, even in the question's words.
    CHECK(code_utterance("Alcohol and these antibiotics don't mix well.",
                         "Is it safe to drink on these antibiotics?")
              .code == "giving_information");
    CHECK(main_behaviour(code_utterance("Alcohol and these antibiotics don't mix well.",
                                        "I drink on these antibiotics.")
                             .code) == "reflection");
    // Questions and advice are not changed by the client's line.
    CHECK(code_utterance("What's been happening with the nightmares?", client).code ==
          "open_question");
    CHECK(code_utterance("You really need to book it.", "I keep putting off the dentist.").code ==
          "persuading");
}

TEST_CASE("coding: context from bad input is coded, never fatal") {
    std::string huge;
    while (huge.size() < 1'000'000)
        huge += "nightmares again and again ";
    const auto a = code_utterance("the nightmares are back", huge);
    CHECK(a.code == "simple_reflection");
    const auto b = code_utterance("\xff\xfe the nightmares\xc3 are back", "\xff nightmares \xc3");
    CHECK(std::find(coder_codes.begin(), coder_codes.end(), b.code) != coder_codes.end());
    for (const char* client : {"", "?", ",,,", "\t", "you", "I.", "\xc3"}) {
        const auto c = code_utterance("you feel sad", client);
        CHECK(c.code == "simple_reflection");
        CHECK(!c.cues.empty());
    }
    CHECK(code_utterance("", "I feel sad.").code == "other");
}
