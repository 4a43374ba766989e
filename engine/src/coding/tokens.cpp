// Tokens for the utterance coder: normalising, contraction expansion, informal typing, sentence
// splitting and phrase matching (see tokens.hpp).
#include "coding/tokens.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "base/text.hpp"

namespace rapport::coding {

namespace {

// Contractions read as two words. "'s" is read as "is" (it is, what is, that is); a possessive
// ("mum's car") then reads "mum is car", which no rule looks for.
struct Contraction {
    std::string_view suffix;
    std::string_view word;
};
constexpr std::array<Contraction, 7> contractions{{{"n't", "not"},
                                                   {"'re", "are"},
                                                   {"'ve", "have"},
                                                   {"'ll", "will"},
                                                   {"'d", "would"},
                                                   {"'m", "am"},
                                                   {"'s", "is"}}};

void push_word(std::vector<std::string>& out, std::string word) {
    // Trim apostrophes and hyphens at either end ('cause, quotes used as apostrophes).
    while (!word.empty() && (word.front() == '\'' || word.front() == '-'))
        word.erase(0, 1);
    while (!word.empty() && (word.back() == '\'' || word.back() == '-'))
        word.pop_back();
    if (word.empty()) return;
    if (word == "let's") {
        out.emplace_back("let");
        out.emplace_back("us");
        return;
    }
    if (word == "can't" || word == "cannot") {
        out.emplace_back("can");
        out.emplace_back("not");
        return;
    }
    if (word == "won't") {
        out.emplace_back("will");
        out.emplace_back("not");
        return;
    }
    if (word == "shan't") {
        out.emplace_back("shall");
        out.emplace_back("not");
        return;
    }
    if (word == "ain't") {
        out.emplace_back("is");
        out.emplace_back("not");
        return;
    }
    for (const auto& c : contractions) {
        if (word.size() > c.suffix.size() && word.ends_with(c.suffix)) {
            out.push_back(word.substr(0, word.size() - c.suffix.size()));
            out.emplace_back(c.word);
            return;
        }
    }
    out.push_back(std::move(word));
}

// Contractions typed without the apostrophe, as trainees type ("youve", "dont", "im"), and chat
// forms. Only forms that are not also English words are listed: "its", "were", "well", "ill",
// "hell", "shed", "wed", "id" and "lets" are words (the last two are read in context, below).
struct Informal {
    std::string_view typed;
    std::string_view first;
    std::string_view second;  // empty: one word
};
constexpr std::array<Informal, 52> informal_words{{
    {"youve", "you", "have"},
    {"youre", "you", "are"},
    {"youd", "you", "would"},
    {"youll", "you", "will"},
    {"whats", "what", "is"},
    {"hows", "how", "is"},
    {"whos", "who", "is"},
    {"wheres", "where", "is"},
    {"thats", "that", "is"},
    {"theyre", "they", "are"},
    {"theyve", "they", "have"},
    {"theres", "there", "is"},
    {"dont", "do", "not"},
    {"doesnt", "does", "not"},
    {"didnt", "did", "not"},
    {"cant", "can", "not"},
    {"couldnt", "could", "not"},
    {"wouldnt", "would", "not"},
    {"shouldnt", "should", "not"},
    {"isnt", "is", "not"},
    {"arent", "are", "not"},
    {"wasnt", "was", "not"},
    {"werent", "were", "not"},
    {"havent", "have", "not"},
    {"hasnt", "has", "not"},
    {"hadnt", "had", "not"},
    {"wont", "will", "not"},
    {"aint", "is", "not"},
    {"im", "i", "am"},
    {"ive", "i", "have"},
    {"itll", "it", "will"},
    {"thatll", "that", "will"},
    {"weve", "we", "have"},
    {"u", "you", ""},
    {"ya", "you", ""},
    {"r", "are", ""},
    {"abt", "about", ""},
    {"bc", "because", ""},
    {"bcos", "because", ""},
    {"cuz", "because", ""},
    {"coz", "because", ""},
    {"cos", "because", ""},
    {"rn", "right", "now"},
    {"tho", "though", ""},
    {"pls", "please", ""},
    {"plz", "please", ""},
    {"gonna", "going", "to"},
    {"wanna", "want", "to"},
    {"kinda", "kind", "of"},
    {"sorta", "sort", "of"},
    {"idk", "i", "do not know"},
    {"atm", "at", "the moment"},
}};

// Words after "ur" that make it "you are" ("ur scared", "ur not", "ur still"); otherwise it is
// "your" ("ur mum"). Words ending in -ing or -ed count too ("ur feeling", "ur worried").
constexpr std::array<std::string_view, 34> after_you_are{
    "a",     "an",      "the",   "not",    "so",    "really",  "very",  "still",
    "just",  "already", "all",   "right",  "sure",  "afraid",  "angry", "sad",
    "upset", "tired",   "here",  "there",  "okay",  "ok",      "fine",  "able",
    "stuck", "lonely",  "alone", "unsure", "ready", "allowed", "too",   "quite"};

// Splits "a b c" into words and appends them.
void append_words(std::vector<std::string>& out, std::string_view words) {
    for (std::size_t start = 0; start < words.size();) {
        std::size_t space = words.find(' ', start);
        if (space == std::string_view::npos) space = words.size();
        if (space > start) out.emplace_back(words.substr(start, space - start));
        start = space + 1;
    }
}

bool is_word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c == '-';
}

}  // namespace

std::vector<std::string> normalise_informal(std::vector<std::string> words) {
    std::vector<std::string> out;
    out.reserve(words.size() + 4);
    const auto ends = [](const std::string& w, std::string_view suffix) {
        return w.size() > suffix.size() + 1 && w.ends_with(suffix);
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        const std::string next = i + 1 < words.size() ? words[i + 1] : std::string();
        // The first word of a clause: the sentence's, or after a comma or a discourse marker.
        const bool opens = out.empty() || out.back() == "," || out.back() == "so" ||
                           out.back() == "and" || out.back() == "but" || out.back() == "okay" ||
                           out.back() == "ok";
        if (w == "ur") {
            const bool are = std::find(after_you_are.begin(), after_you_are.end(), next) !=
                                 after_you_are.end() ||
                             ends(next, "ing") || ends(next, "ed") || next.empty() || next == ",";
            append_words(out, are ? "you are" : "your");
            continue;
        }
        // "id rather", "id like to" at the start of a clause: "I'd"; elsewhere "id" is a word.
        if (w == "id" && opens && !next.empty() && next != ",") {
            append_words(out, "i would");
            continue;
        }
        // "lets try", "lets look at": "let's" at the start of a clause; "it lets you" is a verb.
        if (w == "lets" && opens && !next.empty() && next != ",") {
            append_words(out, "let us");
            continue;
        }
        const auto it = std::find_if(informal_words.begin(), informal_words.end(),
                                     [&](const Informal& f) { return f.typed == w; });
        if (it == informal_words.end()) {
            out.push_back(w);
            continue;
        }
        append_words(out, it->first);
        append_words(out, it->second);
    }
    return out;
}

Tokenized tokenize(std::string_view text, std::size_t max_bytes) {
    Tokenized result;
    if (text.size() > max_bytes) {
        // Cut at a character boundary so that the last character is not read as invalid.
        std::size_t cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text = text.substr(0, cut);
        result.truncated = true;
    }
    Sentence current;
    std::string word;
    auto end_word = [&] {
        if (!word.empty()) push_word(current.words, std::move(word));
        word.clear();
    };
    auto end_sentence = [&](char mark) {
        end_word();
        while (!current.words.empty() && current.words.back() == ",")
            current.words.pop_back();
        current.words = normalise_informal(std::move(current.words));
        if (!current.words.empty()) {
            current.end = mark;
            result.sentences.push_back(std::move(current));
        } else if (mark == '?' && !result.sentences.empty() && result.sentences.back().end != '?') {
            // "...?!" or "... ?": the question mark still belongs to the sentence before.
            result.sentences.back().end = '?';
        }
        current = Sentence{};
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80) {
            std::uint32_t cp = 0;
            const std::size_t len = detail::utf8_sequence_at(text, i, cp);
            if (len == 0) {
                result.invalid_utf8 = true;
                end_word();
                ++i;
                continue;
            }
            if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) {
                word += '\'';  // curly apostrophes
            } else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2026 || cp == 0x201C ||
                       cp == 0x201D || cp == 0x00A0) {
                end_word();  // dashes, ellipsis, curly double quotes, no-break space
                if (cp == 0x2026) end_sentence('.');
            } else if (cp == 0xFF1F) {
                end_sentence('?');  // fullwidth question mark
            } else {
                word.append(text.substr(i, len));  // a letter of another script: part of a word
            }
            i += len;
            continue;
        }
        char c = static_cast<char>(byte);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (is_word_byte(c)) {
            // A hyphen between spaces is a dash, not part of a word.
            if (c == '-' && word.empty()) {
                ++i;
                continue;
            }
            word += c;
        } else if (c == '?' || c == '!' || c == ';' || c == ':') {
            end_sentence(c);
        } else if (c == '.') {
            // "3.5" stays one word; "..." and "." end the sentence.
            if (!word.empty() && word.back() >= '0' && word.back() <= '9' && i + 1 < text.size() &&
                text[i + 1] >= '0' && text[i + 1] <= '9') {
                word += c;
            } else {
                end_sentence('.');
            }
        } else if (c == ',') {
            end_word();
            if (!current.words.empty() && current.words.back() != ",")
                current.words.emplace_back(",");
        } else {
            end_word();
        }
        ++i;
    }
    end_sentence(0);
    return result;
}

std::size_t find_phrase(const std::vector<std::string>& words, std::string_view pattern,
                        std::size_t from) {
    std::array<std::string_view, 12> parts{};
    std::size_t n = 0;
    for (std::size_t start = 0; start <= pattern.size();) {
        std::size_t space = pattern.find(' ', start);
        if (space == std::string_view::npos) space = pattern.size();
        if (space > start && n < parts.size()) parts[n++] = pattern.substr(start, space - start);
        start = space + 1;
    }
    if (n == 0 || words.size() < n) return std::string::npos;
    for (std::size_t i = from; i + n <= words.size(); ++i) {
        bool match = true;
        for (std::size_t k = 0; k < n && match; ++k)
            match = parts[k] == "*" || words[i + k] == parts[k];
        if (match) return i;
    }
    return std::string::npos;
}

bool starts_with_phrase(const std::vector<std::string>& words, std::string_view pattern,
                        std::size_t from) {
    return find_phrase(words, pattern, from) == from && from < words.size();
}

}  // namespace rapport::coding
