// Tests of core crypto helpers: UUIDs, hex, HLC ordering.
#include <catch2/catch.hpp>

#include <set>

#include "core/clock.h"
#include "core/crypto_util.h"

using namespace canvass::core;

TEST_CASE("UUIDs are v4, distinct and recognised") {
  REQUIRE(InitCrypto().ok());
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = NewUuid();
    CHECK(IsUuid(u));
    CHECK(u[14] == '4');
    seen.insert(u);
  }
  CHECK(seen.size() == 1000);
  CHECK_FALSE(IsUuid("not-a-uuid"));
}

TEST_CASE("hex round trip") {
  std::string out;
  REQUIRE(FromHex(ToHex(std::string("\x00\xff\x10", 3)), &out));
  CHECK(out == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(FromHex("abc", &out));
  CHECK_FALSE(FromHex("zz", &out));
}

TEST_CASE("HLC never goes backwards and passes observed times") {
  FakeClock clock(1000);
  Hlc hlc(&clock);
  uint64_t a = hlc.Now();
  clock.Set(500);  // wall clock jumps back
  uint64_t b = hlc.Now();
  CHECK(b > a);
  hlc.Observe(b + 1000);
  CHECK(hlc.Now() > b + 1000);
  uint64_t parsed = 0;
  REQUIRE(Hlc::FromText(Hlc::ToText(b), &parsed));
  CHECK(parsed == b);
  CHECK(Hlc::ToText(a) < Hlc::ToText(b));
}
