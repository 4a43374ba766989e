// The utterance coder: assigns a therapist utterance one behaviour code of the catalogue
// (assets/skills.yaml, MITI 4.2.1 with open and closed questions split) by rules over its words,
// question forms, reflection stems and advice forms. Definitions and accuracy: docs/coding.md.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

// The codes the coder assigns (ids of the catalogue's codes:). Summaries are coded as
// reflections and self-disclosure as other, as MITI 4.2.1 does.
inline constexpr std::array<std::string_view, 13> coder_codes{"open_question",
                                                              "closed_question",
                                                              "simple_reflection",
                                                              "complex_reflection",
                                                              "affirmation",
                                                              "giving_information",
                                                              "persuading",
                                                              "persuading_with_permission",
                                                              "emphasizing_autonomy",
                                                              "seeking_collaboration",
                                                              "confronting",
                                                              "structuring",
                                                              "other"};

// Only this many bytes of an utterance are read; the rest is ignored (cue "truncated").
inline constexpr std::size_t coding_max_bytes = 4096;

struct CodedUtterance {
    std::string code;               // one of coder_codes
    double confidence = 0;          // 0..1: how often the deciding rule was right on dev.tsv
    std::vector<std::string> cues;  // what decided it, e.g. "question word 'what'"
    std::string rule;               // the deciding rule's name (docs/coding.md lists them)
};

// Codes one utterance (one turn; several sentences are coded together). Any bytes are accepted:
// text that is not UTF-8 is read as spaces; an empty utterance is "other" with confidence 0.
[[nodiscard]] CodedUtterance code_utterance(std::string_view text);

// The same, knowing the client line the utterance answers (empty: no context, as above). A
// statement that says back the client's content words (Snowball stems shared with `client`) and
// has no stronger cue is a reflection, not information; a reflection is simple when it mostly
// repeats the client's words and complex when it adds a feeling or meaning they did not say. The
// cues say when the client's line decided ("echoes the client ('nightmares')").
[[nodiscard]] CodedUtterance code_utterance(std::string_view text, std::string_view client);

// The main behaviour of a code: "question", "reflection" or "other".
[[nodiscard]] std::string_view main_behaviour(std::string_view code);

}  // namespace rapport
