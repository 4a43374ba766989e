// The immutable scenario model: what the loader builds from YAML and every session reads.
// Shared as std::shared_ptr<const Scenario>; nothing here changes after loading.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rapport/diagnostics.hpp"
#include "rapport/expression.hpp"

namespace rapport {

enum class Difficulty : std::uint8_t { Beginner, Intermediate, Advanced };
enum class Outcome : std::uint8_t { Good, Mixed, Poor };

[[nodiscard]] std::string_view difficulty_name(Difficulty d);
[[nodiscard]] std::string_view outcome_name(Outcome o);

struct Skill {
    std::string id;
    std::string label;
    std::string group;  // question, reflection, ... (docs/scenario-format.md#skills)
    std::string description;
    bool from_scenario = false;  // added by the scenario rather than the catalogue
    // What the format 1 tag stands for in format 2 (the catalogue's table; a scenario's own skills
    // map by group): a code id and novice error ids.
    std::string code;
    std::vector<std::string> errors;
};

// A behaviour code (assets/skills.yaml `codes:`): what MITI 4.2.1 would code a response as, open
// and closed questions split as in OARS, or a documented non-MITI code for talk MITI does not code.
enum class CodeCount : std::uint8_t {
    OpenQuestion,
    ClosedQuestion,
    SimpleReflection,
    ComplexReflection,
    MiAdherent,     // affirm, seeking collaboration, emphasizing autonomy
    MiNonAdherent,  // persuade, confront
    OtherMiti,      // giving information, persuading with permission
    NotMiti,        // structuring, self-disclosure, other
};

struct Code {
    std::string id;
    std::string label;
    std::string description;
    CodeCount counts_as = CodeCount::NotMiti;
    [[nodiscard]] bool is_question() const {
        return counts_as == CodeCount::OpenQuestion || counts_as == CodeCount::ClosedQuestion;
    }
    [[nodiscard]] bool is_reflection() const {
        return counts_as == CodeCount::SimpleReflection ||
               counts_as == CodeCount::ComplexReflection;
    }
};

// A novice error (assets/skills.yaml `errors:`, or the scenario's own), with where it comes from.
struct ErrorDef {
    std::string id;
    std::string label;
    std::string definition;
    std::string source;
    std::string drill_topic;  // the drill topic that practises it (may be empty)
    bool from_scenario = false;
};

// An element of a first session (assets/skills.yaml `essentials:`), with its source.
struct Essential {
    std::string id;
    std::string label;
    std::string description;
    std::string source;
    std::string drill_topic;
};

// Something the client can disclose; once shown, conditions can ask `known(id)`.
struct Fact {
    std::string id;
    std::string label;
    SourceLocation location;
};

struct StateVar {
    std::string id;
    std::string label;
    std::string description;
    int min = 0;
    int max = 100;
    int initial = 0;
    bool higher_is_better = true;
    bool visible = false;
    bool builtin = false;
    SourceLocation location;  // where declared; the file itself for untouched built-ins
};

// Where a response leads: stay on the node, go to a node, or end the session.
struct Target {
    enum class Kind : std::uint8_t { Stay, Node, Ending };
    Kind kind = Kind::Stay;
    int index = -1;  // node or ending index
};

struct Branch {
    std::optional<Expr> when;  // absent: always taken
    Target target;
    SourceLocation location;
};

struct Effect {
    int var = 0;
    int delta = 0;
};

// The client's short reaction to one particular response, shown before the next node.
struct Reply {
    std::string client;
    std::string cue;
    std::vector<int> reveal;  // fact indices
};

struct Response {
    std::string id;
    std::string say;
    int skill = -1;           // format 1: index into Scenario::skills; -1 in format 2
    int code = 0;             // index into Scenario::codes
    std::vector<int> errors;  // indices into Scenario::errors
    std::vector<int> meets;   // indices into Scenario::essentials
    std::vector<int> cites;   // fact indices: offered only once all are known
    std::string red_flag;     // non-empty: critical (unsafe or unethical); why
    std::optional<Reply> reply;
    std::vector<Effect> effects;
    std::string rationale;
    std::optional<Expr> when;
    int once_slot = -1;        // >= 0: once-only, index into the play state's used flags
    std::vector<Branch> next;  // empty: stay on this node
    SourceLocation location;
};

struct Variant {
    Expr when;
    std::optional<std::string> client;
    std::optional<std::string> cue;
    std::vector<int> reveal;  // fact indices made known when this variant is shown
    SourceLocation location;
};

// A moment the client offers that a skilled trainee answers (an emotional disclosure, ambivalence,
// a risk cue...): feedback reports whether one of `answer_with` came within `within` turns.
struct Opportunity {
    std::string kind;                    // emotion, ambivalence, risk, strength, rupture
    std::string note;                    // what the trainee should have noticed, for feedback
    std::vector<int> answer_codes;       // code indices
    std::vector<int> answer_essentials;  // essential indices (a response meeting one answers)
    int within = 2;                      // turns, counting the one at this node
};

struct Node {
    std::string id;
    std::string client;
    std::string cue;
    std::vector<Variant> variants;
    std::vector<Response> responses;
    std::optional<Opportunity> opportunity;
    std::vector<int> reveal;  // fact indices made known when the node's own line is shown
    bool drill_item = true;   // `drill_item: false`: never made into a drill item
    int visit_slot = -1;      // >= 0 when some condition asks visited(this node)
    SourceLocation location;
};

struct Ending {
    std::string id;
    std::string title;
    std::string text;
    std::string grade;
    Outcome outcome = Outcome::Mixed;
    std::vector<int> requires_met;  // essential indices; without all of them, `otherwise` instead
    int otherwise = -1;             // ending index
    SourceLocation location;
};

struct ClientProfile {
    std::string name;
    int age = 0;
    std::string pronouns;
    std::string presenting_concern;
    std::string referral;
    std::string instructor_notes;  // instructor-only (format 1 `background`): author mode, debrief
    std::string known_before;      // the intake note: all the trainee sees beforehand
};

// Where the session takes place: the law, the ethics codes and the crisis lines its
// confidentiality and risk scripts follow. Optional; the library groups and filters by it.
struct Setting {
    std::string country;  // "UK", "US" (as the author writes it; grouped case-insensitively)
    std::string region;   // optional: a state or nation whose law differs (Ohio, Wales)
    std::string service;  // the kind of service: "university counseling center"
};

// "US (Ohio), community mental health clinic"; empty when the scenario names no setting.
[[nodiscard]] std::string setting_label(const Setting& s);

struct Scenario {
    // Header
    int format = 1;
    std::string id;
    std::string title;
    std::string version;
    std::string summary;
    std::vector<std::string> objectives;
    Difficulty difficulty = Difficulty::Beginner;
    int minutes = 0;
    std::vector<std::string> content_notes;
    std::vector<std::string> tags;
    Setting setting;
    ClientProfile client;

    std::vector<StateVar> vars;    // trust, rapport, dependence first, then the author's
    std::vector<Skill> skills;     // format 1 tags: the catalogue, then the scenario's additions
    std::vector<Code> codes;       // the behaviour codes (catalogue)
    std::vector<ErrorDef> errors;  // the catalogue's novice errors, then the scenario's
    std::vector<Essential> essentials;     // the catalogue's first-session essentials
    std::vector<int> required_essentials;  // what this session requires
    std::vector<Fact> facts;
    int equally_good = 5;  // alternatives within this many score points of the best are as good
    std::vector<std::string> debrief_questions;
    int start = 0;  // node index
    Expr score;     // number
    bool shuffle = true;
    std::vector<Node> nodes;
    std::vector<Ending> endings;
    int once_slots = 0;   // number of once-only responses
    int visit_slots = 0;  // number of nodes whose visits are tracked
    int turns_cap = 0;    // 0: no condition reads `turns`; else analysis treats turns >= cap alike

    // Provenance
    std::string path;          // file it was loaded from
    std::string content_hash;  // FNV-1a 64 of the file's bytes, hex

    [[nodiscard]] std::optional<int> find_node(std::string_view id) const;
    [[nodiscard]] std::optional<int> find_ending(std::string_view id) const;
    [[nodiscard]] std::optional<int> find_var(std::string_view id) const;
    [[nodiscard]] std::optional<int> find_skill(std::string_view id) const;
    [[nodiscard]] const Code& code_of(const Response& r) const {
        return codes[static_cast<std::size_t>(r.code)];
    }
    // Play-state flags: one per essential (met), then one per fact (known).
    [[nodiscard]] int flag_count() const {
        return static_cast<int>(essentials.size() + facts.size());
    }
    [[nodiscard]] int fact_flag(int fact) const {
        return static_cast<int>(essentials.size()) + fact;
    }
};

// Index of the built-in variables in Scenario::vars.
inline constexpr int var_trust = 0;
inline constexpr int var_rapport = 1;
inline constexpr int var_dependence = 2;

}  // namespace rapport
