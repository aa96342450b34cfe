// Tests for interview and respondent counts per area, role and form x code.
#include <catch2/catch.hpp>

#include "coding/counts.h"

using namespace canvass::coding;

namespace {

CountInput Sample() {
  CountInput in;
  in.interviews = {
      {"i1", "r1", "service provider", {"North", "East"}, {"labor"}},
      {"i2", "r1", "service provider", {"North"}, {"labor", "sex"}},
      {"i3", "r2", "police", {"North"}, {}},
  };
  in.interview_of_answer = {{"a1", "i1"}, {"a2", "i2"}, {"a3", "i3"}, {"a3b", "i3"}};
  in.codings = {
      {"a1", 0, 3, "debt", "ana", ""},      {"a1", 5, 9, "debt", "ben", ""},
      {"a2", 0, 3, "debt", "consensus", ""}, {"a3", 0, 3, "debt", "ana", ""},
      {"a3b", 0, 3, "debt", "ben", ""},      {"a3", 0, 1, "fear", "consensus", ""},
  };
  return in;
}

const CodeCount* Find(const std::vector<CodeCount>& v, const std::string& key,
                      const std::string& code) {
  for (const auto& c : v)
    if (c.key == key && c.code_guid == code) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("Any-coder counts: interviews and distinct respondents", "[counts]") {
  auto r = CountCodes(Sample());
  REQUIRE(r.ok());
  const CodeCount* north = Find(r->by_area, "North", "debt");
  REQUIRE(north);
  CHECK(north->interviews == 3);
  CHECK(north->respondents == 2);
  CHECK(Find(r->by_area, "East", "debt")->interviews == 1);
  CHECK(Find(r->by_role, "service provider", "debt")->interviews == 2);
  CHECK(Find(r->by_role, "service provider", "debt")->respondents == 1);
  CHECK(Find(r->by_form, "labor", "debt")->interviews == 2);
  CHECK(Find(r->by_form, "sex", "debt")->interviews == 1);
  CHECK(Find(r->by_role, "police", "fear")->interviews == 1);
  CHECK(r->by_area.size() == 3);  // North/debt, North/fear, East/debt
}

TEST_CASE("Consensus counts use only the consensus coder", "[counts]") {
  CountOptions opt;
  opt.basis = CountBasis::kConsensus;
  auto r = CountCodes(Sample(), opt);
  REQUIRE(r.ok());
  CHECK(Find(r->by_area, "North", "debt")->interviews == 1);
  CHECK(Find(r->by_area, "East", "debt") == nullptr);
  CHECK(Find(r->by_area, "North", "fear")->respondents == 1);
}

TEST_CASE("Counts refuse codings of unknown answers", "[counts]") {
  CountInput in = Sample();
  in.codings.push_back({"zz", 0, 1, "debt", "ana", ""});
  auto r = CountCodes(in);
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("zz") != std::string::npos);
}
