// Tests for the codebook: GUIDs, lookup by path, rename, move, merge, memos, starter set.
#include <catch2/catch.hpp>

#include "coding/codebook.h"
#include "coding/starter_codebook.h"
#include "core/crypto_util.h"

using namespace canvass::coding;

TEST_CASE("StableGuid is deterministic, distinct per key and a valid UUID", "[codebook]") {
  std::string a = StableGuid("code", "Labor trafficking/Agriculture");
  CHECK(a == StableGuid("code", "Labor trafficking/Agriculture"));
  CHECK(a != StableGuid("code", "Labor trafficking/Manufacturing"));
  CHECK(a != StableGuid("memo", "Labor trafficking/Agriculture"));
  CHECK(canvass::core::IsUuid(a));
  CHECK(a[14] == '8');
  CHECK(std::string("89ab").find(a[19]) != std::string::npos);
}

TEST_CASE("Codes are found by GUID and by name path", "[codebook]") {
  Codebook book;
  auto labor = book.Add("", "Labor trafficking", "forced labor", "#2471A3");
  REQUIRE(labor.ok());
  auto agri = book.Add(*labor, "Agriculture");
  REQUIRE(agri.ok());
  CHECK(*agri == StableGuid("code", "Labor trafficking/Agriculture"));
  REQUIRE(book.FindByPath("Labor trafficking/Agriculture") != nullptr);
  CHECK(book.FindByPath("Labor trafficking / Agriculture")->guid == *agri);
  CHECK(book.FindByPath("Agriculture") == nullptr);
  CHECK(book.FindByPath("Labor trafficking/Nope") == nullptr);
  CHECK(book.FindByGuid(*labor)->description == "forced labor");
  CHECK(book.PathOf(*agri) == "Labor trafficking/Agriculture");
}

TEST_CASE("Add rejects bad names, colors, parents and duplicates", "[codebook]") {
  Codebook book;
  REQUIRE(book.Add("", "A").ok());
  CHECK(book.Add("", "A").status().code() == canvass::core::Code::kAlreadyExists);
  CHECK(book.Add("", "  ").status().code() == canvass::core::Code::kInvalidArgument);
  CHECK(book.Add("", "a/b").status().code() == canvass::core::Code::kInvalidArgument);
  CHECK(book.Add("", "B", "", "red").status().code() == canvass::core::Code::kInvalidArgument);
  CHECK(book.Add("00000000-0000-0000-0000-000000000000", "C").status().code() ==
        canvass::core::Code::kNotFound);
  auto braced = book.Add("", "D", "", "", "{2C4B1F3C-5B0E-4C43-9F3A-2F8E0C7E6A11}");
  REQUIRE(braced.ok());
  CHECK(*braced == "2c4b1f3c-5b0e-4c43-9f3a-2f8e0c7e6a11");
  CHECK(!book.Add("", "E", "", "", *braced).ok());
}

TEST_CASE("Rename and move keep the GUID - move refuses cycles", "[codebook]") {
  Codebook book;
  std::string a = *book.Add("", "A");
  std::string b = *book.Add(a, "B");
  std::string c = *book.Add(b, "C");
  REQUIRE(book.Rename(b, "Bee").ok());
  CHECK(book.FindByPath("A/Bee/C")->guid == c);
  CHECK(!book.Move(a, c).ok());
  CHECK(!book.Move(a, a).ok());
  REQUIRE(book.Move(c, "").ok());
  CHECK(book.FindByPath("C")->guid == c);
  CHECK(book.PathOf(c) == "C");
  std::string c2 = *book.Add(a, "C");
  CHECK(book.Move(c, a).code() == canvass::core::Code::kAlreadyExists);
  CHECK(book.FindByGuid(c2) != nullptr);
}

TEST_CASE("Merge re-points codings, children and memos to the target", "[codebook]") {
  Codebook book;
  std::string a = *book.Add("", "Debt");
  std::string b = *book.Add("", "Debt bondage");
  std::string child = *book.Add(b, "Fees");
  REQUIRE(book.AddMemo(b, "ana", "same as Debt?", "2025-01-01T00:00:00Z").ok());
  std::vector<Coding> codings = {
      {"ans1", 0, 5, a, "ana", ""},
      {"ans1", 0, 5, b, "ana", ""},  // duplicate after merge
      {"ans2", 3, 9, b, "ben", ""},
      {"ans2", 1, 2, child, "ben", ""},
  };
  REQUIRE(book.Merge(a, b, &codings).ok());
  CHECK(book.FindByGuid(b) == nullptr);
  CHECK(book.PathOf(child) == "Debt/Fees");
  CHECK(book.MemosFor(a).size() == 1);
  REQUIRE(codings.size() == 3);
  CHECK(codings[1].code_guid == a);
  CHECK(codings[1].answer_id == "ans2");
  CHECK(codings[2].code_guid == child);
  CHECK(!book.Merge(a, a, &codings).ok());
  CHECK(book.Merge(child, a, nullptr).code() == canvass::core::Code::kInvalidArgument);
}

TEST_CASE("A new code at a renamed code's old path gets a fresh GUID", "[codebook]") {
  Codebook book;
  std::string a = *book.Add("", "A");
  REQUIRE(book.Rename(a, "B").ok());
  auto again = book.Add("", "A");
  REQUIRE(again.ok());
  CHECK(*again != a);
  CHECK(*again == StableGuid("code", "A#2"));
}

TEST_CASE("Tree order lists parents before children", "[codebook]") {
  Codebook book;
  std::string a = *book.Add("", "A");
  std::string b = *book.Add("", "B");
  std::string a1 = *book.Add(a, "A1");
  REQUIRE(book.Move(a, b).ok());
  auto order = book.InTreeOrder();
  REQUIRE(order.size() == 3);
  CHECK(order[0]->guid == b);
  CHECK(order[1]->guid == a);
  CHECK(order[2]->guid == a1);
}

TEST_CASE("Starter codebook covers the guidance with fixed GUIDs", "[codebook]") {
  Codebook book = StarterCodebook();
  for (const char* path :
       {"Sex trafficking", "Labor trafficking/Agriculture", "Sex and labor trafficking",
        "Populations and vulnerabilities/Runaway and homeless youth",
        "Populations and vulnerabilities/Guest workers on visas",
        "Indicators and signs/Wage and hour violations", "Places/Highways and transport corridors",
        "Actors/Recruiters or labor contractors", "Barriers to reporting/Language barriers",
        "Tip sources/Regulatory agencies", "Tip sources/Missing tip sources"}) {
    INFO(path);
    const Code* c = book.FindByPath(path);
    REQUIRE(c != nullptr);
    CHECK(c->guid == StableGuid("code", path));
  }
  CHECK(book.size() > 50);
  CHECK(StarterCodebook().InTreeOrder().size() == book.size());
}
