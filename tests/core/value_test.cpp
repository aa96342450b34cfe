// Tests of core::Value: strict parsing, error positions, canonical output.
#include <catch2/catch.hpp>

#include <map>
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

namespace {
// The escaping rule, one byte at a time (what AppendJsonString did before it scanned eight
// bytes at a time): '"', '\\' and controls escaped, every other byte as it is.
std::string ReferenceJsonString(const std::string& s) {
  static const std::map<unsigned char, std::string> kShort = {
      {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', "\\r"}, {'\t', "\\t"}, {'\b', "\\b"}, {'\f', "\\f"}};
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    auto it = kShort.find(c);
    if (it != kShort.end()) out += it->second;
    else if (c < 0x20) out += std::string("\\u00") + kHex[c >> 4] + kHex[c & 15];
    else out.push_back(static_cast<char>(c));
  }
  return out + "\"";
}
}  // namespace

TEST_CASE("JSON strings are escaped the same whichever byte needs it and wherever it sits") {
  // Every byte value at every position of a run long enough for the eight-byte scan, among
  // plain ASCII and among UTF-8 bytes (>= 0x80 must never be mistaken for a control).
  for (const char filler : {'a', '\xc3'}) {
    for (int b = 0; b < 256; ++b) {
      for (size_t pos = 0; pos < 19; ++pos) {
        std::string s(19, filler);
        s[pos] = static_cast<char>(b);
        std::string got;
        canvass::core::AppendJsonString(got, s);
        INFO("byte " << b << " at " << pos);
        REQUIRE(got == ReferenceJsonString(s));
      }
    }
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? rng() % 0x24 + 0x1e : rng() % 256);  // often near the controls and '"'
    std::string got;
    canvass::core::AppendJsonString(got, s);
    REQUIRE(got == ReferenceJsonString(s));
  }
}
