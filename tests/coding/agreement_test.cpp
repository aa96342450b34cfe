// Tests for agreement figures against hand-worked examples and published values (1e-9).
#include <catch2/catch.hpp>

#include "coding/agreement.h"

using namespace canvass::coding;

namespace {

const std::optional<int> N;  // missing value

Approx Exactly(double v) { return Approx(v).margin(1e-9).epsilon(0); }

}  // namespace

TEST_CASE("Cohen's kappa: textbook 2x2 example (po 0.7, pe 0.5)", "[agreement]") {
  // Wikipedia "Cohen's kappa", simple example: 20 yes/yes, 5 A-only, 10 B-only, 15 no/no.
  BinaryTable t{20, 5, 10, 15};
  CHECK(*PercentAgreement(t) == Exactly(0.7));
  CHECK(*CohenKappa(t) == Exactly(0.4));
  CHECK(!CohenKappa(BinaryTable{0, 0, 0, 10}).has_value());  // pe = 1: undefined
}

TEST_CASE("Krippendorff 2011: 4 observers x 12 units, nominal, missing data", "[agreement]") {
  std::vector<std::vector<std::optional<int>>> data = {
      {1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N},
      {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3},
      {N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N},
      {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N},
  };
  // Published 0.743; exactly 1 - 39 * 4/608 = 113/152.
  double alpha = *KrippendorffAlphaNominal(data);
  CHECK(alpha == Exactly(113.0 / 152.0));
  CHECK(alpha == Approx(0.743).margin(0.0005));
}

TEST_CASE("Krippendorff 2011: two observers, binary data", "[agreement]") {
  std::vector<std::vector<std::optional<int>>> data = {
      {0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
      {1, 1, 1, 0, 0, 1, 0, 0, 0, 0},
  };
  // Published 0.095; exactly 1 - 19 * 4/(14 * 6) = 2/21.
  double alpha = *KrippendorffAlphaNominal(data);
  CHECK(alpha == Exactly(2.0 / 21.0));
  CHECK(alpha == Approx(0.095).margin(0.0005));
  CHECK(!KrippendorffAlphaNominal({{1, 1}, {1, 1}}).has_value());  // no variation
}

TEST_CASE("QualCoder example: 1000 characters, 100 each, 80 overlap", "[agreement]") {
  AgreementInput in;
  in.coders = {"A", "B"};
  in.answers = {{"q1", 1000}};
  in.codings = {{"q1", 0, 100, "code", "A", ""}, {"q1", 20, 120, "code", "B", ""}};
  auto r = CharacterAgreement(in);
  REQUIRE(r.ok());
  REQUIRE(r->per_code.size() == 1);
  const AgreementFigures& f = r->per_code[0];
  CHECK(f.table.both == 80);
  CHECK(f.table.only_a == 20);
  CHECK(f.table.only_b == 20);
  CHECK(f.table.neither == 880);
  CHECK(*f.percent_agreement == Exactly(0.96));
  CHECK(*f.cohen_kappa == Exactly(7.0 / 9.0));  // 0.778: (0.96 - 0.82) / 0.18
  CHECK(*f.krippendorff_alpha == Exactly(7001.0 / 9000.0));
  CHECK(f.units == 1000);
  // One code only: pooled equals the code.
  CHECK(*r->pooled.cohen_kappa == Exactly(7.0 / 9.0));
}

TEST_CASE("Three coders at character level (hand-worked)", "[agreement]") {
  AgreementInput in;
  in.coders = {"A", "B", "C"};
  in.answers = {{"q1", 10}};
  in.codings = {{"q1", 0, 5, "x", "A", ""}, {"q1", 0, 5, "x", "B", ""}, {"q1", 0, 4, "x", "C", ""}};
  auto r = CharacterAgreement(in);
  REQUIRE(r.ok());
  const AgreementFigures& f = r->per_code[0];
  CHECK(!f.cohen_kappa.has_value());
  CHECK(*f.percent_agreement == Exactly((9 + 1.0 / 3) / 10));
  // n = 30, n1 = 14, n0 = 16; character 4 gives 2 disagreeing coincidences.
  CHECK(*f.krippendorff_alpha == Exactly(1 - 29.0 * 2 / (900 - 196 - 256)));
}

TEST_CASE("Pooling sums the per-code tables - absent codes count as agreement", "[agreement]") {
  AgreementInput in;
  in.coders = {"A", "B"};
  in.answers = {{"q1", 10}, {"q2", 10}};
  in.codings = {{"q1", 0, 10, "x", "A", ""}, {"q1", 0, 10, "x", "B", ""},
                {"q2", 0, 5, "y", "A", ""},  {"q2", 5, 10, "y", "B", ""},
                {"q3", 0, 3, "x", "A", ""},  // answer not completed by all: ignored
                {"q1", 0, 3, "x", "Z", ""}}; // coder not compared: ignored
  auto r = CharacterAgreement(in);
  REQUIRE(r.ok());
  REQUIRE(r->per_code.size() == 2);
  CHECK(r->per_code[0].code_guid == "x");
  CHECK(*r->per_code[0].cohen_kappa == Exactly(1.0));
  // y: 5 A-only, 5 B-only, 10 neither: po 0.5, pe 0.25*0.25 + 0.75*0.75 = 0.625
  const BinaryTable& y = r->per_code[1].table;
  CHECK(y.only_a == 5);
  CHECK(y.only_b == 5);
  CHECK(y.neither == 10);
  CHECK(*r->per_code[1].cohen_kappa == Exactly((0.5 - 0.625) / (1 - 0.625)));
  const BinaryTable& p = r->pooled.table;
  CHECK(p.both == 10);
  CHECK(p.neither == 20);
  CHECK(p.total() == 40);
  // po = 30/40; A yes 15/40, B yes 15/40: pe = 0.140625 + 0.390625.
  CHECK(*r->pooled.cohen_kappa == Exactly((0.75 - 0.53125) / (1 - 0.53125)));
}

TEST_CASE("Segment level: code present or absent per answer", "[agreement]") {
  AgreementInput in;
  in.coders = {"A", "B"};
  in.answers = {{"q1", 10}, {"q2", 10}, {"q3", 10}, {"q4", 10}};
  in.codings = {{"q1", 0, 2, "x", "A", ""}, {"q1", 7, 9, "x", "B", ""},  // both: agree
                {"q2", 0, 2, "x", "A", ""}};                             // A only
  in.code_guids = {"x", "unused"};
  auto r = SegmentAgreement(in);
  REQUIRE(r.ok());
  const BinaryTable& t = r->per_code[0].table;
  CHECK(t.both == 1);
  CHECK(t.only_a == 1);
  CHECK(t.neither == 2);
  // po 0.75, pe = 0.5*0.25 + 0.5*0.75 = 0.5
  CHECK(*r->per_code[0].cohen_kappa == Exactly(0.5));
  CHECK(!r->per_code[1].cohen_kappa.has_value());
  CHECK(*r->per_code[1].percent_agreement == Exactly(1.0));
}

TEST_CASE("Invalid input is refused with a message naming it", "[agreement]") {
  AgreementInput in;
  in.coders = {"A"};
  CHECK(!CharacterAgreement(in).ok());
  in.coders = {"A", "A"};
  CHECK(!CharacterAgreement(in).ok());
  in.coders = {"A", "B"};
  in.answers = {{"q1", 5}};
  in.codings = {{"q1", 2, 9, "x", "A", ""}};
  auto r = CharacterAgreement(in);
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("q1") != std::string::npos);
}

TEST_CASE("Disagreements list the spans where coders differ", "[agreement]") {
  AgreementInput in;
  in.coders = {"A", "B", "C"};
  in.answers = {{"q1", 20}};
  in.codings = {{"q1", 0, 10, "x", "A", ""}, {"q1", 5, 10, "x", "B", ""},
                {"q1", 5, 12, "x", "C", ""}, {"q1", 0, 4, "y", "A", ""},
                {"q1", 0, 4, "y", "B", ""},  {"q1", 0, 4, "y", "C", ""}};
  auto d = ListDisagreements(in);
  REQUIRE(d.ok());
  REQUIRE(d->size() == 2);
  CHECK((*d)[0].start == 0);
  CHECK((*d)[0].end == 5);
  CHECK((*d)[0].applied_by == std::vector<std::string>{"A"});
  CHECK((*d)[0].not_applied_by == std::vector<std::string>{"B", "C"});
  CHECK((*d)[1].start == 10);
  CHECK((*d)[1].end == 12);
  CHECK((*d)[1].applied_by == std::vector<std::string>{"C"});
}
