// The scenario expression language (conditions and the score), compiled once at load time to a
// small postfix program and evaluated against a play state. Grammar and types:
// docs/scenario-format.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

enum class ExprType : std::uint8_t { Number, Boolean };

enum class Op : std::uint8_t {
    Const,    // push arg
    Var,      // push state value arg
    Turns,    // push turns taken
    Visited,  // push visited flag of tracked-visit slot arg
    Flag,     // push play-state flag arg (an essential met, a fact known)
    Neg,
    Add,
    Sub,
    Mul,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
    Not,
};

struct Instr {
    Op op;
    std::int32_t arg = 0;
};

// What an expression can see of a play state.
struct EvalContext {
    std::span<const int> values;            // one per state variable
    int turns = 0;                          // responses chosen so far
    std::span<const std::uint8_t> visited;  // one per tracked-visit slot (see Scenario)
    std::span<const std::uint8_t> flags;    // essentials met, then facts known (see Scenario)
};

class Expr {
public:
    static constexpr std::size_t max_stack = 64;

    Expr() = default;
    Expr(std::string text, std::vector<Instr> code, ExprType type)
        : m_text(std::move(text)), m_code(std::move(code)), m_type(type) {}

    [[nodiscard]] int evaluate(const EvalContext& context) const;
    [[nodiscard]] bool holds(const EvalContext& context) const { return evaluate(context) != 0; }

    [[nodiscard]] const std::string& text() const { return m_text; }
    [[nodiscard]] const std::vector<Instr>& code() const { return m_code; }
    [[nodiscard]] ExprType type() const { return m_type; }
    [[nodiscard]] bool uses_turns() const;
    [[nodiscard]] bool empty() const { return m_code.empty(); }

private:
    std::string m_text;
    std::vector<Instr> m_code;
    ExprType m_type = ExprType::Number;
};

// A problem in an expression, at a byte offset into its text.
struct ExprError {
    std::size_t offset = 0;
    std::string code;  // RP202 unknown variable, RP204 syntax, RP205 type, RP206 unknown node
    std::string message;
};

// Resolves names while parsing. Each returns an index, or nullopt when the name is unknown.
struct ExprNames {
    std::function<std::optional<int>(std::string_view)> variable;
    std::function<std::optional<int>(std::string_view)> visit_slot;  // node id -> tracked slot
    std::function<std::vector<std::string>()> variable_names;        // for "did you mean"
    std::function<bool(std::string_view)> is_node;  // for "did you mean visited(...)"
    // Format 2: `met(essential)` and `known(fact)` -> play-state flag; unset in format 1.
    std::function<std::optional<int>(std::string_view)> essential_flag;
    std::function<std::optional<int>(std::string_view)> fact_flag;
    std::function<std::vector<std::string>()> essential_names;
    std::function<std::vector<std::string>()> fact_names;
};

struct ExprParse {
    std::optional<Expr> expr;  // set when there are no errors
    std::vector<ExprError> errors;
};

// Parses and type-checks `text`; `expected` is the type the context needs.
[[nodiscard]] ExprParse parse_expression(std::string_view text, ExprType expected,
                                         const ExprNames& names);

}  // namespace rapport
