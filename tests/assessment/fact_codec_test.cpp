// Interview facts as the facts cache keeps them (assessment/interview_facts.h): every fact comes
// back as it was, with its fingerprint; damaged bytes are refused, never read past their end.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "assessment/interview_facts.h"

using namespace canvass::assessment;

namespace {

std::string Word(std::mt19937& rng) {
  static const std::string kWords[] = {"", "48201", "labor_trafficking", "yes", "agriculture", "b", "ñandú – año", "x|y",
                                       std::string(300, 'q')};  // a length of two varint bytes
  std::string w = kWords[rng() % 9];
  if (rng() % 9 == 0) w += std::string(1, '\0') + "tail";  // bytes, not C strings
  return w;
}

std::vector<std::string> Words(std::mt19937& rng) {
  std::vector<std::string> v(rng() % 4);
  for (auto& w : v) w = Word(rng);
  return v;
}

StakeholderFact RandomStakeholder(std::mt19937& rng) {
  StakeholderFact f;
  f.form_id = Word(rng);
  f.role = Word(rng);
  f.concern = Word(rng);
  for (auto* v : {&f.concern_areas, &f.instability_areas, &f.forms, &f.place_types, &f.industries, &f.instability_factors,
                  &f.reported_to})
    *v = Words(rng);
  return f;
}

std::optional<double> Count(std::mt19937& rng) {
  if (rng() % 3 == 0) return std::nullopt;
  return static_cast<double>(rng() % 5000) / (rng() % 2 ? 1.0 : 8.0);
}

DataSheetFact RandomSheet(std::mt19937& rng) {
  DataSheetFact d;
  for (auto* v : {&d.agency_key, &d.agency_type, &d.period_start, &d.period_end}) *v = Word(rng);
  d.areas = Words(rng);
  for (auto* v : {&d.served_total, &d.le_identified_total, &d.tips_total, &d.prosecutions_total}) *v = Count(rng);
  for (int t = static_cast<int>(rng() % 4); t > 0; --t)
    for (int c = static_cast<int>(rng() % 5); c > 0; --c) d.tables["table" + std::to_string(t)][Word(rng) + std::to_string(c)] = Count(rng).value_or(0.0);
  d.silent_sources = Words(rng);
  for (auto* m : {&d.served_by_year, &d.identified_by_year, &d.prosecutions_by_year})
    for (int y = static_cast<int>(rng() % 3); y > 0; --y) (*m)[std::to_string(2018 + y)] = static_cast<double>(rng() % 90);
  return d;
}

bool Same(const StakeholderFact& a, const StakeholderFact& b) {
  return a.form_id == b.form_id && a.role == b.role && a.concern == b.concern && a.concern_areas == b.concern_areas &&
         a.instability_areas == b.instability_areas && a.forms == b.forms && a.place_types == b.place_types &&
         a.industries == b.industries && a.instability_factors == b.instability_factors && a.reported_to == b.reported_to;
}

bool Same(const DataSheetFact& a, const DataSheetFact& b) {
  return a.agency_key == b.agency_key && a.agency_type == b.agency_type && a.period_start == b.period_start &&
         a.period_end == b.period_end && a.areas == b.areas && a.served_total == b.served_total &&
         a.le_identified_total == b.le_identified_total && a.tips_total == b.tips_total &&
         a.prosecutions_total == b.prosecutions_total && a.tables == b.tables && a.silent_sources == b.silent_sources &&
         a.served_by_year == b.served_by_year && a.identified_by_year == b.identified_by_year &&
         a.prosecutions_by_year == b.prosecutions_by_year;
}

}  // namespace

TEST_CASE("encoded facts decode to the same facts and carry their fingerprint") {
  std::mt19937 rng(20261207);
  for (int k = 0; k < 500; ++k) {
    INFO("case " << k);
    StakeholderFact s = RandomStakeholder(rng), s2;
    DataSheetFact d = RandomSheet(rng), d2;
    REQUIRE(DecodeFacts(EncodeFacts(s), &s2, &d2) == FactKind::kStakeholder);
    CHECK(Same(s, s2));
    CHECK(s2.print == FactPrint(s));
    CHECK(s2.print.size() == 32);
    REQUIRE(DecodeFacts(EncodeFacts(d), &s2, &d2) == FactKind::kDataSheet);
    CHECK(Same(d, d2));
    CHECK(d2.print == FactPrint(d));
  }
}

TEST_CASE("a fingerprint changes with anything the assessment counts, and with nothing else") {
  StakeholderFact a;
  a.form_id = "community_member";
  a.concern = "yes";
  a.concern_areas = {"48201", "48113"};
  StakeholderFact b = a;
  b.record = "another interview id";  // not counted: the id is the ledger's key, not its content
  CHECK(FactPrint(a) == FactPrint(b));
  b.concern_areas = {"48201"};
  CHECK(FactPrint(a) != FactPrint(b));
  b = a;
  b.concern_areas = {"4820", "148113"};  // the same letters split otherwise: length-prefixed
  CHECK(FactPrint(a) != FactPrint(b));
  DataSheetFact s, t;
  s.tips_total = 0;
  CHECK(FactPrint(s) != FactPrint(t));  // a zero is not a blank
}

TEST_CASE("damaged encoded facts are refused at every cut and never read past their end") {
  std::mt19937 rng(7);
  for (int k = 0; k < 60; ++k) {
    const std::string bytes = k % 2 ? EncodeFacts(RandomSheet(rng)) : EncodeFacts(RandomStakeholder(rng));
    StakeholderFact s;
    DataSheetFact d;
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      const std::string part = bytes.substr(0, cut);  // its own allocation: a read past it is caught by ASan
      INFO("case " << k << " cut " << cut);
      REQUIRE(DecodeFacts(part, &s, &d) == FactKind::kNone);
    }
    REQUIRE(DecodeFacts(bytes + "x", &s, &d) == FactKind::kNone);  // trailing bytes
    for (int flip = 0; flip < 50; ++flip) {  // random damage: any answer but a crash or a hang
      std::string bad = bytes;
      bad[rng() % bad.size()] = static_cast<char>(rng());
      (void)DecodeFacts(bad, &s, &d);
    }
  }
  StakeholderFact s;
  DataSheetFact d;
  CHECK(DecodeFacts("", &s, &d) == FactKind::kNone);
  CHECK(DecodeFacts("Z", &s, &d) == FactKind::kNone);
  CHECK(DecodeFacts(std::string("S\xff\xff\xff\xff\x7f", 6), &s, &d) == FactKind::kNone);  // a length beyond the bytes
}
