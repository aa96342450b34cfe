// Tests of the expression language: precedence, empty semantics, functions, errors, limits.
#include "forms/expression.h"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <stdexcept>

namespace canvass::forms {
namespace {

using core::Value;

struct Env {
  std::map<std::string, Value> answers;
  Value current;
  bool has_current = false;

  Value Eval(const std::string& text) const {
    auto e = ParseExpression(text);
    INFO(text);
    REQUIRE(e.ok());
    EvalContext ctx;
    ctx.lookup = [this](const std::string& id) -> const Value* {
      auto it = answers.find(id);
      return it == answers.end() ? nullptr : &it->second;
    };
    ctx.current = has_current ? &current : nullptr;
    ctx.today = "2025-03-15";
    return Evaluate(**e, ctx);
  }
  bool True(const std::string& text) const {
    auto e = ParseExpression(text);
    INFO(text);
    REQUIRE(e.ok());
    EvalContext ctx;
    ctx.lookup = [this](const std::string& id) -> const Value* {
      auto it = answers.find(id);
      return it == answers.end() ? nullptr : &it->second;
    };
    ctx.current = has_current ? &current : nullptr;
    ctx.today = "2025-03-15";
    return EvaluateBool(**e, ctx);
  }
};

std::string ParseError(const std::string& text) {
  auto e = ParseExpression(text);
  INFO(text);
  REQUIRE_FALSE(e.ok());
  return e.status().message();
}

TEST_CASE("operator precedence and associativity", "[expression]") {
  Env env;
  CHECK(env.Eval("1 + 2 * 3").as_number() == 7);
  CHECK(env.Eval("(1 + 2) * 3").as_number() == 9);
  CHECK(env.Eval("10 - 2 - 3").as_number() == 5);
  CHECK(env.Eval("2 * 3 mod 4").as_number() == 2);
  CHECK(env.Eval("7 div 2").as_number() == 3.5);
  CHECK(env.Eval("7 / 2").as_number() == 3.5);
  CHECK(env.Eval("7 mod 3").as_number() == 1);
  CHECK(env.Eval("- 2 * 3").as_number() == -6);
  CHECK(env.Eval("--2").as_number() == 2);
  CHECK(env.Eval(".5 + 1").as_number() == 1.5);
  CHECK(env.True("true or false and false"));
  CHECK_FALSE(env.True("(true or false) and false"));
  CHECK(env.True("not 1 = 2"));
  CHECK(env.True("not(1) = false"));     // "not(" is a function: (not 1) = false
  CHECK_FALSE(env.True("not (1) = 1"));  // keyword form: not (1 = 1)
  CHECK(env.True("not not true"));
  CHECK(env.True("1 + 1 = 2 and 3 > 2"));
  CHECK(env.True("true() and not(false())"));
  CHECK(env.Eval("1 div 0").is_null());  // division by zero is empty, never a crash
  CHECK(env.Eval("5 mod 0").is_null());
}

TEST_CASE("comparisons by kind", "[expression]") {
  Env env;
  env.answers["name"] = "abc";
  env.answers["flag"] = true;
  env.answers["n"] = 12;
  env.answers["when"] = "2024-02-01";
  env.answers["num_text"] = "12";
  CHECK(env.True("'abc' < 'abd'"));
  CHECK(env.True("\"x\" = 'x'"));
  CHECK(env.True("${name} = 'abc'"));
  CHECK(env.True("${flag} = true"));
  CHECK_FALSE(env.True("${flag} = false"));
  CHECK(env.True("${n} > 9"));           // numbers as numbers, not text ("12" < "9")
  CHECK(env.True("${n} = '12'"));        // numeric text compares as a number against a number
  CHECK(env.True("${num_text} < '9'"));  // two strings compare as text
  CHECK(env.True("${when} < '2024-10-01' and ${when} >= '2024-02-01'"));
  CHECK(env.True("${when} <= today()"));
  CHECK_FALSE(env.True("${name} > 3"));  // non-numeric text against a number: false
  CHECK(env.True("${name} != 3"));
}

TEST_CASE("empty (unanswered) semantics", "[expression]") {
  Env env;
  env.answers["blank"] = "";
  env.answers["none"] = Value::Array{};
  CHECK(env.True("${q} = ''"));
  CHECK_FALSE(env.True("${q} != ''"));
  CHECK(env.True("${blank} = ''"));
  CHECK(env.True("${none} = ''"));
  CHECK_FALSE(env.True("${q} > 3"));  // order comparison with empty is false
  CHECK_FALSE(env.True("${q} < 3"));
  CHECK_FALSE(env.True("${q} <= 3"));
  CHECK_FALSE(env.True("${q} + 1 > 0"));  // arithmetic with empty is empty
  CHECK(env.Eval("${q} + 1").is_null());
  CHECK(env.Eval("-${q}").is_null());
  CHECK(env.True("not(${q} > 3)"));
  CHECK_FALSE(env.True("${q} = 0"));
  CHECK(env.True("${q} != 0"));
  CHECK_FALSE(env.True("${q}"));
  env.answers["q"] = 4;
  CHECK(env.True("${q} != ''"));
  CHECK(env.True("${q} > 3"));
  CHECK(env.Eval("${q} + 1").as_number() == 5);
  CHECK_FALSE(env.True("0"));
  CHECK(env.True("'x'"));
}

TEST_CASE("functions", "[expression]") {
  Env env;
  env.answers["multi"] = Value::Array{"a", "b"};
  env.answers["single"] = "b";
  env.answers["table"] = Value::Object{{"f|minor", 2}, {"m|adult", 3}};
  env.answers["items"] = Value::Array{Value::Object{}, Value::Object{}, Value::Object{}};
  env.answers["word"] = "héllo";
  env.answers["decimal_text"] = "3.5";
  CHECK(env.True("selected(${multi}, 'a')"));
  CHECK_FALSE(env.True("selected(${multi}, 'c')"));
  CHECK(env.True("selected(${single}, 'b')"));
  CHECK_FALSE(env.True("selected(${missing}, 'b')"));
  CHECK(env.Eval("count_selected(${multi})").as_number() == 2);
  CHECK(env.Eval("count_selected(${items})").as_number() == 3);
  CHECK(env.Eval("count_selected(${missing})").as_number() == 0);
  CHECK(env.Eval("string_length(${word})").as_number() == 5);  // characters, not bytes
  CHECK(env.Eval("string_length(${missing})").as_number() == 0);
  CHECK(env.True("answered(${single})"));
  CHECK_FALSE(env.True("answered(${missing})"));
  CHECK(env.Eval("sum(${table})").as_number() == 5);
  CHECK(env.Eval("sum(${missing})").is_null());  // an unknown table is not zero
  CHECK(env.Eval("number(${decimal_text}) * 2").as_number() == 7);
  CHECK(env.Eval("number('abc')").is_null());
  CHECK(env.Eval("today()").as_string() == "2025-03-15");
  env.has_current = true;
  env.current = Value::Array{"x", "y", "z"};
  CHECK(env.True("count_selected(.) <= 3"));
  CHECK_FALSE(env.True("count_selected(.) < 3"));
}

TEST_CASE("references and '.' are reported", "[expression]") {
  auto e = ParseExpression("${a} = 1 and (selected(${b}, 'x') or . > ${a})");
  REQUIRE(e.ok());
  CHECK(ReferencedIds(**e) == std::set<std::string>{"a", "b"});
  CHECK(UsesCurrent(**e));
  auto f = ParseExpression("${c} = '.'");
  REQUIRE(f.ok());
  CHECK_FALSE(UsesCurrent(**f));
}

TEST_CASE("parse errors give the column and what was expected", "[expression]") {
  CHECK(ParseError("1 +") == "column 4: expected a value, found the end of the expression");
  CHECK(ParseError("(1 + 2") == "column 7: expected ')'");
  CHECK(ParseError("${a} = 1)").find("column 9: expected an operator or the end") == 0);
  CHECK(ParseError("foo(1)").find("column 1: unknown name 'foo'") == 0);
  CHECK(ParseError("selected(${a})").find("column 15: selected() takes 2 arguments, not 1") == 0);
  CHECK(ParseError("${a} = 'abc").find("column 8: expected a closing '") == 0);
  CHECK(ParseError("${} = 1").find("column 3: expected a question id after '${'") == 0);
  CHECK(ParseError("${a b}").find("column 4: expected '}'") == 0);
  CHECK(ParseError("1 < 2 < 3").find("comparisons cannot be chained") != std::string::npos);
  CHECK(ParseError("").find("column 1: expected an expression") == 0);
  CHECK(ParseError("1 == 2").find("column 4:") == 0);
  CHECK(ParseError("today").find("expected '(' after today") != std::string::npos);
}

TEST_CASE("nesting depth is capped - long flat chains are fine", "[expression]") {
  std::string deep(200, '(');
  CHECK(ParseError(deep + "1" + std::string(200, ')')).find("nested too deeply") !=
        std::string::npos);
  CHECK(ParseError(std::string(60000, '(')).find("nested too deeply") != std::string::npos);
  CHECK(ParseError(std::string(5000, '-') + "1").find("nested too deeply") != std::string::npos);
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "not ";
  CHECK(ParseError(nots + "true").find("nested too deeply") != std::string::npos);
  Env env;
  CHECK(env.Eval(std::string(30, '(') + "1" + std::string(30, ')')).as_number() == 1);
  std::string chain = "1";
  for (int i = 0; i < 9999; ++i) chain += "+1";
  CHECK(env.Eval(chain).as_number() == 10000);
  std::string ors = "false";
  for (int i = 0; i < 5000; ++i) ors += " or false";
  CHECK_FALSE(env.True(ors + " or false"));
  CHECK(env.True(ors + " or true"));
}

TEST_CASE("evaluation never throws", "[expression]") {
  auto e = ParseExpression("${a} = 1");
  REQUIRE(e.ok());
  EvalContext ctx;
  ctx.lookup = [](const std::string&) -> const Value* { throw std::runtime_error("boom"); };
  CHECK(Evaluate(**e, ctx).is_null());
  CHECK_FALSE(EvaluateBool(**e, ctx));
  EvalContext no_lookup;  // no lookup function at all: every question is empty
  CHECK_FALSE(EvaluateBool(**e, no_lookup));
}

TEST_CASE("random input never crashes the parser or evaluator", "[expression]") {
  const std::vector<std::string> tokens = {"${a}",      "${b}",
                                           "${",        "}",
                                           ".",         "(",
                                           ")",         "'x'",
                                           "\"y",       "1",
                                           "2.5",       "0",
                                           "+",         "-",
                                           "*",         "/",
                                           "div",       "mod",
                                           "=",         "!=",
                                           "<",         "<=",
                                           ">",         ">=",
                                           "and",       "or",
                                           "not",       "not(",
                                           "true",      "false",
                                           "selected(", "count_selected(",
                                           "sum(",      "number(",
                                           "today()",   ",",
                                           " ",         "$",
                                           "\xC3\xA9",  "\x01",
                                           "answered(", "string_length("};
  std::mt19937 rng(12345);
  Env env;
  env.answers["a"] = Value::Array{"x", 1, true};
  env.answers["b"] = Value::Object{{"r", 1}};
  env.has_current = true;
  env.current = 3;
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) text += tokens[rng() % tokens.size()];
    if (i % 7 == 0) text[rng() % text.size()] = static_cast<char>(rng() % 256);
    auto e = ParseExpression(text);
    if (e.ok()) {
      ++parsed;
      (void)env.Eval(text);
    } else {
      INFO(text);
      CHECK(e.status().message().rfind("column ", 0) == 0);
    }
  }
  CHECK(parsed > 100);  // the generator does produce valid expressions too
}

}  // namespace
}  // namespace canvass::forms
