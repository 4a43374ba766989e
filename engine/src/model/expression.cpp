// Expression language: tokenizer, recursive-descent parser with type checking, and the postfix
// evaluator. Precedence, loosest first: or, and, not, comparison, + -, *, unary -.
#include "rapport/expression.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <charconv>

#include "base/text.hpp"

namespace rapport {

namespace {

enum class Tok : std::uint8_t {
    End,
    Number,
    Ident,
    LParen,
    RParen,
    Plus,
    Minus,
    Star,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    Bad
};

struct Token {
    Tok kind = Tok::End;
    std::size_t offset = 0;
    std::string_view text;
};

constexpr int max_nesting = 48;
constexpr long long max_literal = 1'000'000'000;

bool ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

class Parser {
public:
    Parser(std::string_view text, const ExprNames& names) : m_text(text), m_names(names) {
        advance();
    }

    ExprParse run(ExprType expected) {
        ExprParse result;
        const std::size_t start = m_tok.offset;
        if (m_tok.kind == Tok::End) {
            error(start, "RP204", "empty expression");
        } else {
            const ExprType got = parse_or();
            if (!m_failed && m_tok.kind != Tok::End) {
                syntax_error_here("expected an operator or the end of the expression");
            }
            if (!m_failed && got != expected) {
                error(start, "RP205",
                      expected == ExprType::Boolean
                          ? "a condition must be true or false, but this is a number; compare it, "
                            "e.g. `" +
                                std::string(m_text) + " > 0`"
                          : std::string("a score must be a number, but this is true or false"));
            }
        }
        if (m_errors.empty()) {
            // The evaluator's stack is fixed; a deeper program is refused here, not at run time.
            int depth = 0, peak = 0;
            for (const auto& ins : m_code) {
                depth += stack_effect(ins.op);
                peak = std::max(peak, depth);
            }
            if (peak > static_cast<int>(Expr::max_stack))
                error(start, "RP204", "expression is too complex (too many nested operands)");
        }
        // A syntax error or an unknown name explains any type error that follows from it.
        const bool explained =
            std::any_of(m_errors.begin(), m_errors.end(), [](const ExprError& e) {
                return e.code == "RP204" || e.code == "RP202" || e.code == "RP206";
            });
        if (explained)
            m_errors.erase(std::remove_if(m_errors.begin(), m_errors.end(),
                                          [](const ExprError& e) { return e.code == "RP205"; }),
                           m_errors.end());
        result.errors = std::move(m_errors);
        if (result.errors.empty())
            result.expr = Expr(std::string(m_text), std::move(m_code), expected);
        return result;
    }

private:
    static int stack_effect(Op op) {
        switch (op) {
            case Op::Const:
            case Op::Var:
            case Op::Turns:
            case Op::Visited:
            case Op::Flag:
                return 1;
            case Op::Neg:
            case Op::Not:
                return 0;
            default:
                return -1;
        }
    }

    void advance() {
        std::size_t i = m_pos;
        while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i])))
            ++i;
        m_tok = Token{Tok::End, i, {}};
        if (i >= m_text.size()) {
            m_pos = i;
            return;
        }
        const char c = m_text[i];
        auto two = [&](char next) { return i + 1 < m_text.size() && m_text[i + 1] == next; };
        std::size_t len = 1;
        if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i + len < m_text.size() &&
                   std::isdigit(static_cast<unsigned char>(m_text[i + len])))
                ++len;
            m_tok.kind = Tok::Number;
        } else if (ident_start(c)) {
            while (i + len < m_text.size() && ident_char(m_text[i + len]))
                ++len;
            m_tok.kind = Tok::Ident;
        } else if (c == '(') {
            m_tok.kind = Tok::LParen;
        } else if (c == ')') {
            m_tok.kind = Tok::RParen;
        } else if (c == '+') {
            m_tok.kind = Tok::Plus;
        } else if (c == '-') {
            m_tok.kind = Tok::Minus;
        } else if (c == '*') {
            m_tok.kind = Tok::Star;
        } else if (c == '<') {
            m_tok.kind = two('=') ? (len = 2, Tok::Le) : Tok::Lt;
        } else if (c == '>') {
            m_tok.kind = two('=') ? (len = 2, Tok::Ge) : Tok::Gt;
        } else if (c == '=' && two('=')) {
            m_tok.kind = Tok::Eq;
            len = 2;
        } else if (c == '!' && two('=')) {
            m_tok.kind = Tok::Ne;
            len = 2;
        } else {
            m_tok.kind = Tok::Bad;
            // Take a whole UTF-8 character so the message quotes it intact.
            const auto u = static_cast<unsigned char>(c);
            len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
            len = std::min(len, m_text.size() - i);
            if ((c == '&' || c == '|' || c == '=') && two(c)) len = 2;
        }
        m_tok.text = m_text.substr(i, len);
        m_pos = i + len;
    }

    void error(std::size_t offset, std::string code, std::string message) {
        m_errors.push_back(ExprError{offset, std::move(code), std::move(message)});
    }

    void syntax_error_here(const std::string& expected) {
        if (m_failed) return;
        m_failed = true;
        std::string msg;
        if (m_tok.kind == Tok::End) {
            msg = "unexpected end of expression: " + expected;
        } else if (m_tok.text == "=" && m_tok.offset + 1 < m_text.size() &&
                   (m_text[m_tok.offset + 1] == '>' || m_text[m_tok.offset + 1] == '<')) {
            msg = std::string("`=") + m_text[m_tok.offset + 1] + "` is not an operator: write `" +
                  m_text[m_tok.offset + 1] + "=`";
        } else if (m_tok.text == "=") {
            msg = "`=` is not an operator here: use `==` to compare";
        } else if (m_tok.text == "&&" || m_tok.text == "&") {
            msg = "use `and` instead of `" + std::string(m_tok.text) + "`";
        } else if (m_tok.text == "||" || m_tok.text == "|") {
            msg = "use `or` instead of `" + std::string(m_tok.text) + "`";
        } else if (m_tok.text == "!") {
            msg = "use `not` instead of `!`";
        } else if (m_tok.text == "/") {
            msg = "division is not supported: write the comparison with `*` instead";
        } else {
            msg = "unexpected `" + std::string(m_tok.text) + "`: " + expected;
        }
        error(m_tok.offset, "RP204", msg);
    }

    bool is_word(std::string_view w) const { return m_tok.kind == Tok::Ident && m_tok.text == w; }

    void emit(Op op, std::int32_t arg = 0) { m_code.push_back(Instr{op, arg}); }

    void expect_type(ExprType got, ExprType want, std::size_t offset, std::string_view what) {
        if (m_failed || got == want) return;
        error(offset, "RP205",
              std::string(what) + (want == ExprType::Number
                                       ? " needs a number, but this is true or false"
                                       : " needs true or false, but this is a number"));
    }

    struct Nest {
        Parser& p;
        explicit Nest(Parser& parser) : p(parser) { ++p.m_depth; }
        ~Nest() { --p.m_depth; }
    };

    bool too_deep() {
        if (m_depth <= max_nesting) return false;
        if (!m_failed) {
            m_failed = true;
            error(m_tok.offset, "RP204", "expression nests more than 48 levels deep");
        }
        return true;
    }

    ExprType parse_or() {
        Nest n(*this);
        if (too_deep()) return ExprType::Boolean;
        std::size_t left_at = m_tok.offset;
        ExprType left = parse_and();
        while (!m_failed && is_word("or")) {
            const std::size_t op_at = m_tok.offset;
            advance();
            const std::size_t right_at = m_tok.offset;
            const ExprType right = parse_and();
            expect_type(left, ExprType::Boolean, left_at, "`or`");
            expect_type(right, ExprType::Boolean, right_at, "`or`");
            emit(Op::Or);
            left = ExprType::Boolean;
            left_at = op_at;
        }
        return left;
    }

    ExprType parse_and() {
        std::size_t left_at = m_tok.offset;
        ExprType left = parse_not();
        while (!m_failed && is_word("and")) {
            const std::size_t op_at = m_tok.offset;
            advance();
            const std::size_t right_at = m_tok.offset;
            const ExprType right = parse_not();
            expect_type(left, ExprType::Boolean, left_at, "`and`");
            expect_type(right, ExprType::Boolean, right_at, "`and`");
            emit(Op::And);
            left = ExprType::Boolean;
            left_at = op_at;
        }
        return left;
    }

    ExprType parse_not() {
        Nest n(*this);
        if (too_deep()) return ExprType::Boolean;
        if (is_word("not")) {
            advance();
            const std::size_t at = m_tok.offset;
            const ExprType t = parse_not();
            expect_type(t, ExprType::Boolean, at, "`not`");
            emit(Op::Not);
            return ExprType::Boolean;
        }
        return parse_comparison();
    }

    ExprType parse_comparison() {
        const std::size_t left_at = m_tok.offset;
        const ExprType left = parse_sum();
        Op op;
        switch (m_tok.kind) {
            case Tok::Lt:
                op = Op::Lt;
                break;
            case Tok::Le:
                op = Op::Le;
                break;
            case Tok::Gt:
                op = Op::Gt;
                break;
            case Tok::Ge:
                op = Op::Ge;
                break;
            case Tok::Eq:
                op = Op::Eq;
                break;
            case Tok::Ne:
                op = Op::Ne;
                break;
            default:
                return left;
        }
        if (m_failed) return left;
        const std::string op_text(m_tok.text);
        advance();
        const std::size_t right_at = m_tok.offset;
        const ExprType right = parse_sum();
        if (!m_failed && left == ExprType::Boolean && right == ExprType::Boolean &&
            (op == Op::Eq || op == Op::Ne)) {
            // Comparing two conditions for equality is meaningful (a == b means "both or neither").
        } else {
            expect_type(left, ExprType::Number, left_at, "`" + op_text + "`");
            expect_type(right, ExprType::Number, right_at, "`" + op_text + "`");
        }
        emit(op);
        if (!m_failed) {
            switch (m_tok.kind) {
                case Tok::Lt:
                case Tok::Le:
                case Tok::Gt:
                case Tok::Ge:
                case Tok::Eq:
                case Tok::Ne:
                    syntax_error_here("comparisons do not chain; join them with `and`");
                    break;
                default:
                    break;
            }
        }
        return ExprType::Boolean;
    }

    ExprType parse_sum() {
        std::size_t left_at = m_tok.offset;
        ExprType left = parse_product();
        while (!m_failed && (m_tok.kind == Tok::Plus || m_tok.kind == Tok::Minus)) {
            const Op op = m_tok.kind == Tok::Plus ? Op::Add : Op::Sub;
            const std::string op_text(m_tok.text);
            advance();
            const std::size_t right_at = m_tok.offset;
            const ExprType right = parse_product();
            expect_type(left, ExprType::Number, left_at, "`" + op_text + "`");
            expect_type(right, ExprType::Number, right_at, "`" + op_text + "`");
            emit(op);
            left = ExprType::Number;
        }
        return left;
    }

    ExprType parse_product() {
        std::size_t left_at = m_tok.offset;
        ExprType left = parse_unary();
        while (!m_failed && m_tok.kind == Tok::Star) {
            advance();
            const std::size_t right_at = m_tok.offset;
            const ExprType right = parse_unary();
            expect_type(left, ExprType::Number, left_at, "`*`");
            expect_type(right, ExprType::Number, right_at, "`*`");
            emit(Op::Mul);
            left = ExprType::Number;
        }
        return left;
    }

    ExprType parse_unary() {
        Nest n(*this);
        if (too_deep()) return ExprType::Number;
        if (m_tok.kind == Tok::Minus) {
            advance();
            const std::size_t at = m_tok.offset;
            const ExprType t = parse_unary();
            expect_type(t, ExprType::Number, at, "`-`");
            emit(Op::Neg);
            return ExprType::Number;
        }
        return parse_primary();
    }

    ExprType parse_primary() {
        if (m_failed) return ExprType::Number;
        const Token tok = m_tok;
        switch (tok.kind) {
            case Tok::Number: {
                long long value = 0;
                const auto res =
                    std::from_chars(tok.text.data(), tok.text.data() + tok.text.size(), value);
                if (res.ec != std::errc{} || value > max_literal) {
                    error(tok.offset, "RP204",
                          "number " + std::string(tok.text) + " is too large (limit 1000000000)");
                    m_failed = true;
                    return ExprType::Number;
                }
                advance();
                emit(Op::Const, static_cast<std::int32_t>(value));
                return ExprType::Number;
            }
            case Tok::LParen: {
                advance();
                const ExprType t = parse_or();
                if (m_failed) return t;
                if (m_tok.kind != Tok::RParen) {
                    syntax_error_here("expected `)` to close the `(` at column " +
                                      std::to_string(tok.offset + 1) + " of the expression");
                    return t;
                }
                advance();
                return t;
            }
            case Tok::Ident:
                return parse_name(tok);
            default:
                syntax_error_here(
                    "expected a number, a state variable, `turns`, `visited(...)` or `(`");
                return ExprType::Number;
        }
    }

    ExprType parse_name(const Token& tok) {
        advance();
        if (tok.text == "true" || tok.text == "false") {
            emit(Op::Const, tok.text == "true" ? 1 : 0);
            return ExprType::Boolean;
        }
        if (tok.text == "turns") {
            emit(Op::Turns);
            return ExprType::Number;
        }
        if (tok.text == "visited") return parse_visited(tok);
        if ((tok.text == "met" && m_names.essential_flag) ||
            (tok.text == "known" && m_names.fact_flag))
            return parse_flag(tok);
        if ((tok.text == "met" || tok.text == "known") && m_tok.kind == Tok::LParen) {
            // Format 1 has no essentials or facts: say so once, not as a syntax error.
            const std::size_t at = tok.offset;
            std::size_t name_start = 0;
            (void)call_argument(name_start);
            error(at, "RP108",
                  "`" + std::string(tok.text) +
                      "(...)` is format 2; add `format: 2` at the top (`rapport upgrade FILE` "
                      "converts a format 1 file)");
            emit(Op::Const, 0);
            return ExprType::Boolean;
        }
        if (tok.text == "and" || tok.text == "or" || tok.text == "not") {
            m_failed = true;
            error(tok.offset, "RP204",
                  "unexpected `" + std::string(tok.text) +
                      "`: expected a number, a state variable or `(` before it");
            return ExprType::Boolean;
        }
        if (auto index = m_names.variable(tok.text)) {
            emit(Op::Var, *index);
        } else {
            std::string msg = "unknown state variable `" + std::string(tok.text) + "`";
            if (m_names.is_node && m_names.is_node(tok.text)) {
                msg += "; `" + std::string(tok.text) + "` is a node: did you mean `visited(" +
                       std::string(tok.text) + ")`?";
            } else if (m_names.variable_names) {
                auto names = m_names.variable_names();
                names.push_back("turns");
                if (auto guess = detail::closest_match(tok.text, names))
                    msg += "; did you mean `" + *guess + "`?";
            }
            error(tok.offset, "RP202", msg);
            emit(Op::Const, 0);
        }
        return ExprType::Number;
    }

    ExprType parse_visited(const Token& tok) {
        if (m_tok.kind != Tok::LParen) {
            syntax_error_here("expected `(` after `visited`, as in `visited(node_id)`");
            return ExprType::Boolean;
        }
        std::size_t name_start = 0;
        const auto name = call_argument(name_start);
        if (!name) {
            syntax_error_here("expected a node id and `)`, as in `visited(node_id)`");
            return ExprType::Boolean;
        }
        if (auto slot = m_names.visit_slot(*name)) {
            emit(Op::Visited, *slot);
        } else {
            error(name_start, "RP206", "`visited(" + std::string(*name) + ")` names no node");
            emit(Op::Const, 0);
        }
        (void)tok;
        return ExprType::Boolean;
    }

    // The id argument of `visited(...)`, `met(...)` or `known(...)`, after the `(`: read raw up to
    // `)`, since ids may contain '-'. On success the parser is past the `)`; otherwise it stands
    // where the argument went wrong, for the caller's syntax error.
    std::optional<std::string_view> call_argument(std::size_t& name_start) {
        std::size_t i = m_pos;
        while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i])))
            ++i;
        name_start = i;
        while (i < m_text.size() && (ident_char(m_text[i]) || m_text[i] == '-'))
            ++i;
        const std::string_view name = m_text.substr(name_start, i - name_start);
        while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i])))
            ++i;
        if (name.empty() || i >= m_text.size() || m_text[i] != ')') {
            m_pos = name.empty() ? name_start : i;
            advance();
            return std::nullopt;
        }
        m_pos = i + 1;
        advance();
        return name;
    }

    // `met(essential)` or `known(fact)`: a play-state flag.
    ExprType parse_flag(const Token& tok) {
        const bool met = tok.text == "met";
        const std::string fn(tok.text);
        const char* what = met ? "an essential id" : "a fact id";
        if (m_tok.kind != Tok::LParen) {
            syntax_error_here("expected `(` after `" + fn + "`, as in `" + fn + "(" +
                              (met ? "confidentiality" : "fact_id") + ")`");
            return ExprType::Boolean;
        }
        std::size_t name_start = 0;
        const auto arg = call_argument(name_start);
        if (!arg) {
            syntax_error_here(std::string("expected ") + what + " and `)`, as in `" + fn + "(" +
                              (met ? "confidentiality" : "fact_id") + ")`");
            return ExprType::Boolean;
        }
        const std::string_view name = *arg;
        const auto flag = met ? m_names.essential_flag(name) : m_names.fact_flag(name);
        if (flag) {
            emit(Op::Flag, *flag);
        } else {
            std::string msg = "`" + fn + "(" + std::string(name) + ")` names no " +
                              (met ? "essential" : "fact declared under `facts:`");
            const auto& list = met ? m_names.essential_names : m_names.fact_names;
            if (list)
                if (auto guess = detail::closest_match(name, list()))
                    msg += "; did you mean `" + *guess + "`?";
            error(name_start, met ? "RP208" : "RP209", msg);
            emit(Op::Const, 0);
        }
        return ExprType::Boolean;
    }

    std::string_view m_text;
    const ExprNames& m_names;
    std::size_t m_pos = 0;
    Token m_tok;
    int m_depth = 0;
    bool m_failed = false;
    std::vector<Instr> m_code;
    std::vector<ExprError> m_errors;
};

}  // namespace

ExprParse parse_expression(std::string_view text, ExprType expected, const ExprNames& names) {
    Parser parser(text, names);
    return parser.run(expected);
}

bool Expr::uses_turns() const {
    for (const auto& ins : m_code)
        if (ins.op == Op::Turns) return true;
    return false;
}

int Expr::evaluate(const EvalContext& ctx) const {
    std::array<long long, max_stack> stack{};
    std::size_t sp = 0;
    for (const Instr& ins : m_code) {
        switch (ins.op) {
            case Op::Const:
                stack[sp++] = ins.arg;
                break;
            case Op::Var:
                stack[sp++] = ctx.values[static_cast<std::size_t>(ins.arg)];
                break;
            case Op::Turns:
                stack[sp++] = ctx.turns;
                break;
            case Op::Visited:
                stack[sp++] = ctx.visited[static_cast<std::size_t>(ins.arg)] ? 1 : 0;
                break;
            case Op::Flag:
                stack[sp++] = ctx.flags[static_cast<std::size_t>(ins.arg)] ? 1 : 0;
                break;
            case Op::Neg:
                stack[sp - 1] = -stack[sp - 1];
                break;
            case Op::Not:
                stack[sp - 1] = stack[sp - 1] ? 0 : 1;
                break;
            default: {
                const long long b = stack[--sp];
                long long& a = stack[sp - 1];
                switch (ins.op) {
                    case Op::Add:
                        a = a + b;
                        break;
                    case Op::Sub:
                        a = a - b;
                        break;
                    case Op::Mul:
                        a = a * b;
                        break;
                    case Op::Lt:
                        a = a < b;
                        break;
                    case Op::Le:
                        a = a <= b;
                        break;
                    case Op::Gt:
                        a = a > b;
                        break;
                    case Op::Ge:
                        a = a >= b;
                        break;
                    case Op::Eq:
                        a = a == b;
                        break;
                    case Op::Ne:
                        a = a != b;
                        break;
                    case Op::And:
                        a = (a != 0) && (b != 0);
                        break;
                    case Op::Or:
                        a = (a != 0) || (b != 0);
                        break;
                    default:
                        assert(false && "unhandled binary op");
                        break;
                }
                // Keep intermediate values inside int range: scores are sums of bounded values.
                if (a > 2'000'000'000LL) a = 2'000'000'000LL;
                if (a < -2'000'000'000LL) a = -2'000'000'000LL;
            }
        }
    }
    assert(sp == 1 && "a compiled expression leaves exactly one value");
    return static_cast<int>(stack[0]);
}

}  // namespace rapport
