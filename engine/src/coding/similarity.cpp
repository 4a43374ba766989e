// Closest option to a trainee's own words (see similarity.hpp).
#include "rapport/similarity.hpp"

#include "rapport/coding.hpp"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <memory>

namespace rapport {

namespace {

// Words that carry no content in a counselling utterance. Kept small on purpose: question words,
// "you", "feel" and negations stay, since they are what tells a reflection from a question.
constexpr std::array<std::string_view, 40> stop_words = {
    "a",  "an",   "the",  "and",  "or",  "but",  "to",     "of",   "in",    "on",
    "at", "for",  "with", "is",   "are", "was",  "were",   "be",   "been",  "am",
    "it", "its",  "this", "that", "so",  "just", "really", "very", "um",    "uh",
    "er", "well", "ok",   "okay", "mm",  "hmm",  "quite",  "as",   "there", "then"};

bool is_stop(std::string_view w) {
    return std::find(stop_words.begin(), stop_words.end(), w) != stop_words.end();
}

// The Snowball English (Porter 2) stemmer: "feeling", "feels" and "feel" meet. One per call of
// content_words (a stemmer is not shared between threads).
struct Stemmer {
    Stemmer() : s(sb_stemmer_new("english", "UTF_8")) {}
    ~Stemmer() {
        if (s) sb_stemmer_delete(s);
    }
    Stemmer(const Stemmer&) = delete;
    Stemmer& operator=(const Stemmer&) = delete;
    std::string operator()(const std::string& w) const {
        if (!s) return w;
        const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(w.data()),
                                               static_cast<int>(w.size()));
        if (!out) return w;  // out of memory: the word as it is
        return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(s))};
    }
    sb_stemmer* s;
};

// Lower-cased ASCII words; an apostrophe inside a word is dropped ("can't" -> "cant"); any other
// byte that is not a letter or digit (UTF-8 included) separates words.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (std::isalnum(c) != 0 && c < 0x80) {
            cur.push_back(static_cast<char>(std::tolower(c)));
        } else if ((c == '\'' || c == 0xE2) && !cur.empty()) {
            // ' or the UTF-8 right single quotation mark (E2 80 99) inside a word
            if (c == 0xE2) {
                if (i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                    static_cast<unsigned char>(text[i + 2]) == 0x99)
                    i += 2;
                else {
                    out.push_back(std::move(cur));
                    cur.clear();
                }
            }
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

constexpr std::size_t max_text = 4096;  // what is compared of a text (an utterance is far shorter)

double cosine(const std::unordered_map<std::string, double>& a,
              const std::unordered_map<std::string, double>& b) {
    double dot = 0, na = 0, nb = 0;
    for (const auto& [k, v] : a) {
        na += v * v;
        if (const auto it = b.find(k); it != b.end()) dot += v * it->second;
    }
    for (const auto& [k, v] : b)
        nb += v * v;
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

}  // namespace

std::vector<std::string> content_words(std::string_view text) {
    std::vector<std::string> out;
    const Stemmer stem;
    for (auto& w : words_of(text.substr(0, max_text)))
        if (!is_stop(w)) out.push_back(stem(w));
    return out;
}

std::vector<std::string> stem_each(const std::vector<std::string>& words) {
    std::vector<std::string> out;
    out.reserve(words.size());
    const Stemmer stem;
    for (const auto& w : words)
        out.push_back(stem(w));
    return out;
}

SimilarityIndex::SimilarityIndex(std::span<const std::string> corpus) {
    for (const auto& doc : corpus) {
        ++m_documents;
        Features f = word_features(doc);
        for (auto& [k, v] : char_features(doc))
            f.emplace(k, v);
        for (const auto& [k, v] : f)
            ++m_df[k];
    }
}

SimilarityIndex SimilarityIndex::for_scenario(const Scenario& scenario) {
    std::vector<std::string> corpus;
    for (const auto& n : scenario.nodes)
        for (const auto& r : n.responses)
            corpus.push_back(r.say);
    return SimilarityIndex(corpus);
}

double SimilarityIndex::idf(const std::string& feature) const {
    const auto it = m_df.find(feature);
    const int df = it == m_df.end() ? 0 : it->second;
    return std::log((m_documents + 1.0) / (df + 1.0)) + 1.0;
}

// Term counts of content words ("w:") and of adjacent content-word pairs ("b:").
SimilarityIndex::Features SimilarityIndex::word_features(std::string_view text) const {
    Features f;
    const auto words = content_words(text);
    for (std::size_t i = 0; i < words.size(); ++i) {
        f["w:" + words[i]] += 1;
        if (i + 1 < words.size()) f["b:" + words[i] + " " + words[i + 1]] += 1;
    }
    return f;
}

// Counts of the character trigrams of the words joined by single spaces, padded at both ends.
SimilarityIndex::Features SimilarityIndex::char_features(std::string_view text) const {
    Features f;
    std::string joined = " ";
    for (const auto& w : words_of(text.substr(0, max_text)))
        joined += w + " ";
    for (std::size_t i = 0; i + 3 <= joined.size(); ++i)
        f["c:" + joined.substr(i, 3)] += 1;
    return f;
}

std::vector<double> SimilarityIndex::scores(std::string_view typed,
                                            std::span<const std::string> options) const {
    const auto weigh = [&](Features f) {
        for (auto& [k, v] : f)
            v = (1.0 + std::log(v)) * idf(k);
        return f;
    };
    const Features tw = weigh(word_features(typed)), tc = weigh(char_features(typed));
    std::vector<double> out;
    out.reserve(options.size());
    for (const auto& o : options) {
        // Content words decide most; trigrams break ties and catch near-misses in spelling.
        const double w = cosine(tw, weigh(word_features(o)));
        const double c = cosine(tc, weigh(char_features(o)));
        out.push_back(0.65 * w + 0.35 * c);
    }
    return out;
}

std::vector<double> suggestion_scores(const SimilarityIndex& index, std::string_view typed,
                                      std::span<const std::string> options,
                                      std::span<const std::string> option_codes,
                                      std::string_view client) {
    std::vector<double> out = index.scores(typed, options);
    const std::string code =
        client.empty() ? code_utterance(typed).code : code_utterance(typed, client).code;
    for (std::size_t i = 0; i < out.size() && i < option_codes.size(); ++i) {
        if (out[i] <= 0) continue;  // no words in common: no suggestion from the code alone
        if (option_codes[i] == code)
            out[i] += 0.1;
        else if (main_behaviour(option_codes[i]) == main_behaviour(code))
            out[i] += 0.05;
    }
    return out;
}

int closest_option(std::span<const double> scores) {
    int best = -1;
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (scores[i] > 0 && (best < 0 || scores[i] > scores[static_cast<std::size_t>(best)]))
            best = static_cast<int>(i);
    return best;
}

int suggested_option(const SimilarityIndex& index, const Session& session, std::string_view typed) {
    if (session.finished() || typed.empty()) return -1;
    const Scenario& sc = session.scenario();
    const Node& node = session.node();
    const auto offered = session.offered();
    std::vector<std::string> texts, codes;
    for (int r : offered) {
        const Response& resp = node.responses[static_cast<std::size_t>(r)];
        texts.push_back(resp.say);
        codes.push_back(sc.code_of(resp).id);
    }
    const ClientLine line = session.line();
    const int best = closest_option(suggestion_scores(index, typed, texts, codes, line.text));
    if (best < 0) return -1;
    return node.responses[static_cast<std::size_t>(offered[static_cast<std::size_t>(best)])]
                   .red_flag.empty()
               ? best
               : -1;
}

}  // namespace rapport
