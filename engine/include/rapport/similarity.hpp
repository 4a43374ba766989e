// Which offered response is closest to what a trainee wrote (say it first). Short utterances share
// few words, so two views are combined: content words (lower-cased, a small English stop list
// removed, stemmed with Snowball's English stemmer: "feeling", "feels" and "feel" meet) as unigrams
// and bigrams, and character trigrams (which catch "overwhelmed" against "overwhelming", or a
// typo), each weighted by TF-IDF over the scenario's responses and compared by cosine. It is a
// suggestion shown to the trainee, never what plays. docs/say-it-first.md describes it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rapport/scenario.hpp"
#include "rapport/session.hpp"

namespace rapport {

// The words of a text as the similarity sees them: lower case, stop words out, stemmed.
[[nodiscard]] std::vector<std::string> content_words(std::string_view text);

// Each word stemmed as it is (no stop list, no splitting), with one stemmer: the coder's view of
// which words an utterance shares with the client's line.
[[nodiscard]] std::vector<std::string> stem_each(const std::vector<std::string>& words);

class SimilarityIndex {
public:
    // The document frequencies of `corpus` (usually every response of a scenario) give each
    // feature its weight: a word every response uses says little about which is closest.
    explicit SimilarityIndex(std::span<const std::string> corpus);
    [[nodiscard]] static SimilarityIndex for_scenario(const Scenario& scenario);

    // Per option, its similarity to `typed`, from 0 (nothing in common) to 1.
    [[nodiscard]] std::vector<double> scores(std::string_view typed,
                                             std::span<const std::string> options) const;

private:
    using Features = std::unordered_map<std::string, double>;
    [[nodiscard]] Features word_features(std::string_view text) const;
    [[nodiscard]] Features char_features(std::string_view text) const;
    [[nodiscard]] double idf(const std::string& feature) const;

    std::unordered_map<std::string, int> m_df;  // feature -> documents holding it
    int m_documents = 0;
};

// The scores that pick the suggestion: similarity, plus 0.1 when the automatic code of `typed`
// (rapport/coding.hpp) is the option's code, or 0.05 when only their main behaviour (question,
// reflection, other) agrees. `option_codes`: each option's code id.
// `client`: the client's line the words answer (the coder reads it; empty: none).
[[nodiscard]] std::vector<double> suggestion_scores(const SimilarityIndex& index,
                                                    std::string_view typed,
                                                    std::span<const std::string> options,
                                                    std::span<const std::string> option_codes,
                                                    std::string_view client = {});

// The position of the highest score (the first of equal ones: ties go to the earlier option);
// -1 when nothing scores above zero (no suggestion).
[[nodiscard]] int closest_option(std::span<const double> scores);

// The suggestion at the current turn of `session`: the position, among the offered responses, of
// the one closest to `typed` (suggestion_scores, the words coded with the client's line); -1 when
// none shares words with them, or when the closest is a red flag: an unsafe or unethical option
// is never highlighted. Both front ends show it; neither shows one in exam mode.
[[nodiscard]] int suggested_option(const SimilarityIndex& index, const Session& session,
                                   std::string_view typed);

}  // namespace rapport
