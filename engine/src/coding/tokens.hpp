// The utterance coder's view of text: lower-case word tokens with contractions expanded, split
// into sentences, and phrase matching over them (engine/src/coding/tokens.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::coding {

// One sentence: its tokens (lower-case ASCII words, digits, UTF-8 letters kept as they are, and
// "," as a token of its own) and the mark that ended it ('?', '.', '!', ';', ':' or 0 at the end).
struct Sentence {
    std::vector<std::string> words;
    char end = 0;
};

struct Tokenized {
    std::vector<Sentence> sentences;
    bool truncated = false;     // only the first coding_max_bytes were read
    bool invalid_utf8 = false;  // some bytes were not UTF-8 (read as spaces)
};

// Splits `text` (at most `max_bytes` of it) into sentences of tokens. Contractions are expanded
// ("you're" -> you are, "don't" -> do not, "let's" -> let us), curly quotes and dashes are read
// as their ASCII forms, and bytes that are not UTF-8 separate words.
[[nodiscard]] Tokenized tokenize(std::string_view text, std::size_t max_bytes);

// Reads informal typing as the forms the rules look for: contractions typed without the
// apostrophe ("youve" -> you have, "dont" -> do not, "im" -> i am; not "its", "were", "well",
// "ill", which are words), "id" and "lets" at the start of a clause, chat forms ("u" -> you,
// "ur" -> your or you are by the next word, "r" -> are, "abt", "bc", "rn"). tokenize applies it.
[[nodiscard]] std::vector<std::string> normalise_informal(std::vector<std::string> words);

// Phrase patterns are words separated by single spaces; "*" matches any one word.
// Whether `pattern` occurs in `words` from index `from` on; the index of its start, or npos.
[[nodiscard]] std::size_t find_phrase(const std::vector<std::string>& words,
                                      std::string_view pattern, std::size_t from = 0);
[[nodiscard]] inline bool has_phrase(const std::vector<std::string>& words,
                                     std::string_view pattern) {
    return find_phrase(words, pattern) != std::string::npos;
}
// Whether `words` begin with `pattern` (from index `from`).
[[nodiscard]] bool starts_with_phrase(const std::vector<std::string>& words,
                                      std::string_view pattern, std::size_t from = 0);

}  // namespace rapport::coding
