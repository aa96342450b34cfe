// Tests of core::Value: strict parsing, error positions, canonical output.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

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

TEST_CASE("plain strings and arrays of them read directly give what the full parser gives") {
  // A leading space takes the full parser (rapidjson skips it); the bare text may take the
  // direct path. Both must agree on success and on the value, whatever the bytes.
  const std::vector<std::string> parts = {"a", "Z", "0", " ", "\"", "\\", ",", "[", "]", "\t", "\xc3\xa9", "\x01", "\x7f", "\xff", "u"};
  std::mt19937 rng(7);
  auto piece = [&] {
    std::string s;
    for (int n = static_cast<int>(rng() % 5); n > 0; --n) s += parts[rng() % parts.size()];
    return s;
  };
  int direct = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string t;
    switch (rng() % 4) {
      case 0: t = "\"" + piece() + "\""; break;
      case 1: {
        t = "[";
        for (int n = static_cast<int>(rng() % 4); n > 0; --n) t += (t.size() > 1 ? "," : "") + std::string("\"") + piece() + "\"";
        t += "]";
        break;
      }
      case 2: t = "[" + piece() + "]"; break;
      default: t = piece(); break;
    }
    auto fast = canvass::core::ParseJson(t, "t");
    auto full = canvass::core::ParseJson(" " + t, "t");
    INFO(t);
    REQUIRE(fast.ok() == full.ok());
    if (fast.ok()) {
      CHECK(*fast == *full);
      CHECK(fast->ToJson() == full->ToJson());
      ++direct;
    }
  }
  CHECK(direct > 5000);  // the plain shapes were tried often
  CHECK(canvass::core::ParseJson("[\"48163\",\"48013\"]", "t")->as_array().size() == 2);
  CHECK(canvass::core::ParseJson("[]", "t")->as_array().empty());
  CHECK_FALSE(canvass::core::ParseJson("[\"a\",]", "t").ok());
}
