// Say it first: which offered response is closest to what the trainee wrote.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rapport/coding.hpp"
#include "rapport/similarity.hpp"
#include "test_helpers.hpp"

using namespace rapport;

namespace {

// Marek's opening options (scenarios/first-session.yaml, node `arrival`), as the corpus and the
// options, so the weights are those a session uses.
const std::vector<std::string> arrival = {
    "Welcome. Before we start, I just need a couple of details for the form. Are you working at "
    "the moment? And would anything like cost or travel stop you coming every week?",
    "Thanks for coming in, Marek. We've got fifty minutes, and it's your time. Can I start by "
    "saying how this works, and who hears what you tell me?",
    "Don't worry, there's nothing to it. Lots of people feel unsure at first, and they're always "
    "glad they came.",
    "Welcome, Marek. What brings you here today?"};

int closest(const std::string& typed) {
    const SimilarityIndex index(arrival);
    return closest_option(index.scores(typed, arrival));
}

}  // namespace

TEST_CASE("similarity: the obviously closest option wins, in the trainee's own words") {
    CHECK(closest("Hi Marek, what has brought you in today?") == 3);
    CHECK(closest("We have fifty minutes; can I first explain how this works and who hears it?") ==
          1);
    CHECK(closest("No need to worry, lots of people feel unsure when they first come") == 2);
    CHECK(closest("Are you working at the moment? Could cost or travel get in the way?") == 0);
    // Inflections meet through the stemmer ("feeling" / "feel", "works" / "working").
    CHECK(content_words("Feeling worried; it works") == content_words("feel worry it working"));
}

TEST_CASE("similarity: nothing in common gives no suggestion; ties go to the earlier option") {
    const SimilarityIndex index(arrival);
    CHECK(closest_option(index.scores("", arrival)) == -1);
    CHECK(closest_option(index.scores("zzzz qqqq", arrival)) == -1);
    const std::vector<std::string> twins = {"Tell me more about that.", "Tell me more about that."};
    const auto s = index.scores("tell me more", twins);
    REQUIRE(s.size() == 2);
    CHECK(s[0] == s[1]);
    CHECK(s[0] > 0);
    CHECK(closest_option(s) == 0);
    for (double x : index.scores("Welcome, Marek. What brings you here today?", arrival)) {
        CHECK(x >= 0.0);
        CHECK(x <= 1.0 + 1e-9);
    }
    CHECK(index.scores("Welcome, Marek. What brings you here today?", arrival)[3] ==
          doctest::Approx(1.0));
}

TEST_CASE("similarity: any bytes, however long, are compared without trouble") {
    const SimilarityIndex index(arrival);
    std::string hostile(1 << 20, 'a');
    hostile += "\xFF\xFE\xC3 \xE2\x80 \xE2\x80\x99s what brings you";
    const auto s = index.scores(hostile, arrival);
    CHECK(s.size() == arrival.size());
    CHECK(content_words("can\xE2\x80\x99t") == content_words("can't"));
    const SimilarityIndex empty(std::vector<std::string>{});
    CHECK(empty.scores("hello", arrival).size() == arrival.size());
}

TEST_CASE("similarity: an index over a whole scenario") {
    const auto loaded = load_scenario(test::source_dir() + "/scenarios/first-session.yaml",
                                      test::catalogue(), LoadOptions{.explore = false});
    REQUIRE(loaded.scenario);
    const auto index = SimilarityIndex::for_scenario(*loaded.scenario);
    CHECK(closest_option(index.scores("What brings you here today, Marek?", arrival)) == 3);
}

TEST_CASE(
    "suggestion: the code of the words breaks a near tie, and a greeting does not hide a "
    "question") {
    CHECK(code_utterance("Hi Marek, what brings you in today?").code == "open_question");
    CHECK(code_utterance("Hi, how are you doing?").code == "open_question");
    CHECK(code_utterance("Hello.").code == "other");
    // The same words, once as a reflection and once as a question: a tie on words, which the
    // typed question's code breaks (without it, the earlier option would win).
    const std::vector<std::string> options = {"You feel stuck at home.", "You feel stuck at home?"};
    const std::vector<std::string> codes = {"simple_reflection", "closed_question"};
    const SimilarityIndex index(options);
    const auto plain = index.scores("Do you feel stuck at home?", options);
    CHECK(plain[0] == plain[1]);
    CHECK(closest_option(plain) == 0);
    const auto with_code = suggestion_scores(index, "Do you feel stuck at home?", options, codes);
    CHECK(with_code[1] > with_code[0]);
    CHECK(closest_option(with_code) == 1);
    // No words in common: the code alone suggests nothing.
    CHECK(closest_option(suggestion_scores(index, "zzz?", options, codes)) == -1);
}
