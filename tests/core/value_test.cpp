// Tests of core::Value: strict parsing, error positions, canonical output.
#include <catch2/catch.hpp>

#include "core/value.h"

using canvass::core::ParseJson;
using canvass::core::Value;

TEST_CASE("canonical JSON sorts keys and prints integers plainly") {
  auto v = ParseJson(R"({"b": 2.0, "a": [true, null, "x\n"], "c": 1.5})", "t");
  REQUIRE(v.ok());
  CHECK(v->ToJson() == R"({"a":[true,null,"x\n"],"b":2,"c":1.5})");
  auto again = ParseJson(v->ToJson(), "t2");
  REQUIRE(again.ok());
  CHECK(*again == *v);
}

TEST_CASE("JSON errors give line and column") {
  auto v = ParseJson("{\n  \"a\": 1,\n  \"b\": }\n", "answers.json");
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().message().find("answers.json:3:") == 0);
}

TEST_CASE("duplicate keys, trailing text, deep nesting and bad UTF-8 are rejected") {
  CHECK_FALSE(ParseJson(R"({"a":1,"a":2})", "t").ok());
  CHECK_FALSE(ParseJson(R"({"a":1} x)", "t").ok());
  CHECK_FALSE(ParseJson(std::string(200, '[') + std::string(200, ']'), "t").ok());
  CHECK_FALSE(ParseJson("\"\xff\xfe\"", "t").ok());
  CHECK_FALSE(ParseJson("", "t").ok());
  CHECK(ParseJson("\xEF\xBB\xBF{\"a\":1}", "bom").ok());
}

TEST_CASE("numbers round-trip exactly") {
  for (double d : {0.1, 1e300, -2.5, 123456789012.0, 3.0}) {
    Value v(d);
    auto back = ParseJson(v.ToJson(), "n");
    REQUIRE(back.ok());
    CHECK(back->as_number() == d);
  }
}
