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

struct Response {
    std::string id;
    std::string say;
    int skill = 0;  // index into Scenario::skills
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
    SourceLocation location;
};

// A moment the client offers that a skilled trainee answers (an emotional disclosure, ambivalence,
// a risk cue...): feedback reports whether one of `answer_with` came within `within` turns.
struct Opportunity {
    std::string kind;              // emotion, ambivalence, risk, strength, rupture
    std::string note;              // what the trainee should have noticed, for feedback
    std::vector<int> answer_with;  // skill indices
    int within = 2;                // turns, counting the one at this node
};

struct Node {
    std::string id;
    std::string client;
    std::string cue;
    std::vector<Variant> variants;
    std::vector<Response> responses;
    std::optional<Opportunity> opportunity;
    int visit_slot = -1;  // >= 0 when some condition asks visited(this node)
    SourceLocation location;
};

struct Ending {
    std::string id;
    std::string title;
    std::string text;
    std::string grade;
    Outcome outcome = Outcome::Mixed;
    SourceLocation location;
};

struct ClientProfile {
    std::string name;
    int age = 0;
    std::string pronouns;
    std::string presenting_concern;
    std::string referral;
    std::string background;
    std::string known_before;
};

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
    ClientProfile client;

    std::vector<StateVar> vars;  // trust, rapport, dependence first, then the author's
    std::vector<Skill> skills;   // the catalogue, then the scenario's additions
    int start = 0;               // node index
    Expr score;                  // number
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
    [[nodiscard]] const Skill& skill_of(const Response& r) const {
        return skills[static_cast<std::size_t>(r.skill)];
    }
};

// Index of the built-in variables in Scenario::vars.
inline constexpr int var_trust = 0;
inline constexpr int var_rapport = 1;
inline constexpr int var_dependence = 2;

}  // namespace rapport
