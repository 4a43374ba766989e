// The expression language: precedence, evaluation, types, and errors at the right column.
#include <doctest/doctest.h>

#include <array>

#include "rapport/expression.hpp"

using namespace rapport;

namespace {

ExprNames names() {
    ExprNames n;
    n.variable = [](std::string_view v) -> std::optional<int> {
        if (v == "trust") return 0;
        if (v == "rapport") return 1;
        if (v == "dependence") return 2;
        return std::nullopt;
    };
    n.visit_slot = [](std::string_view id) -> std::optional<int> {
        if (id == "money-talk") return 0;
        return std::nullopt;
    };
    n.variable_names = [] { return std::vector<std::string>{"trust", "rapport", "dependence"}; };
    return n;
}

int eval(std::string_view text, ExprType type, std::array<int, 3> values = {40, 30, 10},
         int turns = 0, bool visited = false) {
    auto p = parse_expression(text, type, names());
    INFO(text);
    REQUIRE(p.errors.empty());
    const std::array<std::uint8_t, 1> v{static_cast<std::uint8_t>(visited)};
    return p.expr->evaluate(EvalContext{values, turns, v, {}});
}

ExprError first_error(std::string_view text, ExprType type = ExprType::Boolean) {
    auto p = parse_expression(text, type, names());
    INFO(text);
    REQUIRE(!p.errors.empty());
    CHECK(!p.expr);
    return p.errors.front();
}

}  // namespace

TEST_CASE("arithmetic follows the usual precedence") {
    CHECK(eval("trust + rapport - dependence", ExprType::Number) == 60);
    CHECK(eval("trust + rapport - 2 * dependence", ExprType::Number) == 50);
    CHECK(eval("-(trust - rapport) * 3", ExprType::Number) == -30);
    CHECK(eval("2 * 3 + 4 * 5", ExprType::Number) == 26);
    CHECK(eval("10 - 3 - 2", ExprType::Number) == 5);  // left-associative
}

TEST_CASE("logic: not binds tightest, then and, then or") {
    CHECK(eval("trust >= 40 and rapport > 30", ExprType::Boolean) == 0);
    CHECK(eval("trust >= 40 or rapport > 30 and false", ExprType::Boolean) == 1);
    CHECK(eval("not trust > 50 and rapport == 30", ExprType::Boolean) == 1);
    CHECK(eval("not (trust > 30 and rapport == 30)", ExprType::Boolean) == 0);
    CHECK(eval("(trust > 50) == (rapport > 50)", ExprType::Boolean) == 1);
    CHECK(eval("trust != 40", ExprType::Boolean) == 0);
}

TEST_CASE("turns and visited read the play state") {
    CHECK(eval("turns > 3", ExprType::Boolean, {0, 0, 0}, 4) == 1);
    CHECK(eval("turns > 3", ExprType::Boolean, {0, 0, 0}, 3) == 0);
    CHECK(eval("visited(money-talk)", ExprType::Boolean, {0, 0, 0}, 0, true) == 1);
    CHECK(eval("not visited( money-talk )", ExprType::Boolean, {0, 0, 0}, 0, true) == 0);
    auto p = parse_expression("turns + 1", ExprType::Number, names());
    REQUIRE(p.expr);
    CHECK(p.expr->uses_turns());
}

TEST_CASE("syntax errors point at the offending token") {
    auto e = first_error("trust >= = 5");
    CHECK(e.code == "RP204");
    CHECK(e.offset == 9);
    CHECK(e.message == "`=` is not an operator here: use `==` to compare");

    e = first_error("trust > 5 && rapport > 2");
    CHECK(e.offset == 10);
    CHECK(e.message == "use `and` instead of `&&`");

    e = first_error("(trust > 5");
    CHECK(e.offset == 10);
    CHECK(e.message.find("expected `)`") != std::string::npos);

    e = first_error("trust > 5 rapport");
    CHECK(e.offset == 10);

    e = first_error("1 < trust < 5");
    CHECK(e.message.find("do not chain") != std::string::npos);

    e = first_error("");
    CHECK(e.message == "empty expression");

    e = first_error("trust > 99999999999");
    CHECK(e.offset == 8);

    e = first_error("trust > 5 and");
    CHECK(e.message.find("unexpected end") != std::string::npos);
    CHECK(e.offset == 13);
}

TEST_CASE("names are resolved with suggestions") {
    auto e = first_error("trsut > 5");
    CHECK(e.code == "RP202");
    CHECK(e.offset == 0);
    CHECK(e.message == "unknown state variable `trsut`; did you mean `trust`?");

    e = first_error("visited(nowhere)");
    CHECK(e.code == "RP206");
    CHECK(e.offset == 8);
}

TEST_CASE("types: conditions are true or false, scores are numbers") {
    auto e = first_error("trust");
    CHECK(e.code == "RP205");
    e = first_error("trust > 5", ExprType::Number);
    CHECK(e.code == "RP205");
    e = first_error("trust and rapport > 2");
    CHECK(e.code == "RP205");
    CHECK(e.offset == 0);
    e = first_error("not trust");
    CHECK(e.code == "RP205");
    CHECK(e.offset == 4);
    e = first_error("(trust > 1) + 2 > 0");
    CHECK(e.code == "RP205");
}

TEST_CASE("deep nesting is refused, not a stack overflow") {
    std::string deep(100000, '(');
    deep += "1";
    auto p = parse_expression(deep, ExprType::Number, names());
    REQUIRE(!p.errors.empty());
    CHECK(p.errors.front().message.find("nests more than") != std::string::npos);
    std::string nots;
    for (int i = 0; i < 10000; ++i)
        nots += "not ";
    nots += "true";
    p = parse_expression(nots, ExprType::Boolean, names());
    CHECK(!p.errors.empty());
    std::string negs(10000, '-');
    negs += "1";
    p = parse_expression(negs, ExprType::Number, names());
    CHECK(!p.errors.empty());
}

TEST_CASE("long flat expressions that fit the evaluator's stack are accepted") {
    std::string sum = "1";
    for (int i = 0; i < 500; ++i)
        sum += " + 1";
    CHECK(eval(sum, ExprType::Number) == 501);
}
