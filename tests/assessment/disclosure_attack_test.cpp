// Issue 20's attack suite against the product's own outputs (tests/assessment/attack.h): on a
// project built to have counts of 1 to 4 everywhere, the reader recovers no withheld count and
// narrows no small one; outputs do not depend on the true value of a withheld count (so that
// percentiles, factors and ranks cannot be inverted); a second release cannot be compared with
// the first to read a small change; the shareable dataset has no interview-level rows.
#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <set>

#include "assessment/dataset_export.h"
#include "assessment/release.h"
#include "assessment/report.h"
#include "attack.h"

using namespace canvass::assessment;
using canvass::core::Value;

namespace {

const char* kRoles[] = {"street_outreach", "legal_service_provider", "youth_outreach", "advocacy_group"};
const char* kForms[] = {"sex_trafficking", "labor_trafficking", "both"};
const char* kPlaces[] = {"truck_stops", "farms", "motels", "massage_businesses"};

StakeholderFact Interview(const std::string& record, const std::vector<std::string>& areas, int role, int form, int place) {
  StakeholderFact s;
  s.record = record;
  s.form_id = role % 2 ? "legal_service_provider" : "outreach_provider";
  s.role = kRoles[role % 4];
  s.concern = "yes";
  s.concern_areas = areas;
  s.instability_areas = {areas.front()};
  s.forms = {kForms[form % 3]};
  s.place_types = {kPlaces[place % 4]};
  return s;
}

// 14 counties, most named by 1 to 4 interviews, two by many; five data sheets with small
// figures, one covering three counties.
AssessmentInput SmallCounts(unsigned seed = 3) {
  AssessmentInput in;
  in.project_name = "Small counts";
  std::mt19937 rng(seed);
  for (int i = 0; i < 14; ++i) {
    Area a;
    a.id = std::to_string(48001 + 2 * i);
    a.level = "county";
    a.name = "County " + a.id;
    in.areas.push_back(a);
    Observation pop;
    pop.indicator_id = "pep.pop_estimate";
    pop.geo_level = "county";
    pop.geo_id = a.id;
    pop.period = "2021";
    pop.value = 2000 + 900 * i;
    pop.unit = "persons";
    pop.source_kind = "pep";
    pop.source_file = "pep.csv";
    in.observations.push_back(pop);
    Observation pov = pop;
    pov.indicator_id = "saipe.poverty_rate_pct";
    pov.value = 8 + (i * 7) % 19;
    pov.unit = "percent";
    pov.source_kind = "saipe";
    in.observations.push_back(pov);
  }
  int n = 0;
  for (int i = 0; i < 14; ++i) {
    int k = i < 2 ? 15 + 3 * i : 1 + static_cast<int>(rng() % 4);  // 1-4 almost everywhere
    for (int j = 0; j < k; ++j)
      in.stakeholders.push_back(Interview("iv" + std::to_string(++n), {in.areas[static_cast<size_t>(i)].id}, static_cast<int>(rng() % 97),
                                          static_cast<int>(rng() % 97), static_cast<int>(rng() % 97)));
  }
  const int tips[5] = {3, 14, 2, 25, 4};
  for (int s = 0; s < 5; ++s) {
    DataSheetFact d;
    d.record = "sheet" + std::to_string(s);
    d.agency_key = "agency" + std::to_string(s);
    d.agency_type = "law_enforcement_local";
    d.period_start = "2025-01-01";
    d.period_end = "2025-12-31";
    d.areas = s == 4 ? std::vector<std::string>{"48001", "48003", "48005"} : std::vector<std::string>{in.areas[static_cast<size_t>(2 + s)].id};
    d.tips_total = tips[s];
    d.tables["tips_by_source"] = {{"national_hotline", tips[s] - 1}, {"schools", 0}, {"ncmec", 1}};
    d.served_total = 1 + s;
    d.served_by_year = {{"2025", 1.0 + s}};
    d.tables["served_by_sex"] = {{"female", 1.0 + s}};
    d.prosecutions_total = s % 2;
    d.silent_sources = {"schools"};
    in.data_sheets.push_back(d);
  }
  return in;
}

Value RunOf(const AssessmentResult& r) {
  ReportMeta meta;
  meta.run_id = "run-x";
  return ResultToJson(r, meta);
}

void ExpectNothingRecovered(const AssessmentInput& in, int T) {
  AssessOptions opt;
  opt.suppression_threshold = T;
  auto r = Assess(in, DefaultProfile(), opt);
  REQUIRE(r.ok());
  if (getenv("DUMP_RUN")) printf("%s\n", RunOf(*r).ToPrettyJson().c_str());
  auto o = attack::Attack(RunOf(*r), attack::Truth(in), T);
  INFO("threshold " << T << ": " << o.withheld << " withheld; e.g. " << (o.examples.empty() ? "" : o.examples[0]));
  CHECK(o.withheld > 10);
  CHECK(o.exact == 0);
  CHECK(o.narrowed == 0);
}

}  // namespace

TEST_CASE("attack: counts of 1-4 everywhere - no withheld count recovered or narrowed (totals minus shown, across tables, shares)") {
  for (unsigned seed : {3u, 4u, 5u}) {
    INFO("seed " << seed);
    ExpectNothingRecovered(SmallCounts(seed), 11);
    ExpectNothingRecovered(SmallCounts(seed), 5);  // a lower project setting holds too
  }
}

TEST_CASE("attack: the reader is not blind - primary suppression alone is broken by it (the suite can fail)") {
  // A run published the way the issue's reviewer found it: the small count withheld, its
  // table's other cells and total shown; and a per-area breakdown with one small row.
  auto run = canvass::core::ParseJson(R"({"areas":[{"id":"48001","concern":12,"concern_by_role":["withheld",9],
    "concern_by_form":[],"themes":[],"indicators":[],"taskforce_covered":false,"tips":null,"victims_served":null,
    "le_identified":null,"prosecutions":null}],
    "columns":{"concern_by_form":[],"concern_by_role":["legal_service_provider","street_outreach"],"themes":[]},
    "caseload":{"notes":[],"totals":{"tips and referrals":23}},"indicators":[],
    "taskforce_tables":[{"id":"tips_by_source","group":"tips","dimension":"source","rows":{"national_hotline":20,"ncmec":"withheld"},
      "rows_withheld":false,"title":"t","total":23}],
    "interviews":{"rows":{"outreach_provider":12},"rows_withheld":false,"total":12}})", "run");
  REQUIRE(run.ok());
  std::map<std::string, double> truth{{"caseload/tips_by_source/ncmec", 3}, {"area/48001/role/legal_service_provider", 3}};
  auto o = attack::Attack(*run, truth, 11);
  CHECK(o.withheld == 2);
  CHECK(o.exact == 2);
}

TEST_CASE("attack: outputs do not depend on a withheld count's true value (percentiles, factors and ranks cannot be inverted)") {
  // Two areas whose concern counts are 2 and 7 (both withheld), then 7 and 2: everything
  // published is the same, byte for byte.
  auto build = [](int x, int y) {
    AssessmentInput in = SmallCounts();
    std::vector<StakeholderFact> kept;
    for (const auto& s : in.stakeholders)
      if (s.concern_areas.front() != "48021" && s.concern_areas.front() != "48023") kept.push_back(s);
    in.stakeholders = kept;
    for (int i = 0; i < 9; ++i) {
      std::string area = i < x ? "48021" : "48023";
      (void)y;
      in.stakeholders.push_back(Interview("swap" + std::to_string(i), {area}, 0, 0, 0));
    }
    return in;
  };
  auto a = Assess(build(2, 7), DefaultProfile(), {});
  auto b = Assess(build(7, 2), DefaultProfile(), {});
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->Find("48021")->concern.text == "withheld");
  ReportMeta meta;
  meta.run_id = "run-x";
  if (getenv("DUMP_RUN")) printf("A %s\nB %s\n", RunJson(*a, meta).c_str(), RunJson(*b, meta).c_str());
  CHECK(RunJson(*a, meta) == RunJson(*b, meta));
  CHECK(RenderScoresCsv(*a) == RenderScoresCsv(*b));
  // And a withheld count carries no rate or percentile of its own.
  for (const auto& c : a->Find("48021")->indicators)
    if (c.text == "withheld") {
      CHECK_FALSE(c.rate.has_value());
      CHECK_FALSE(c.percentile.has_value());
    }
  // Data sheets: two single-area sheets with 3 and 8 tips, then 8 and 3.
  auto sheets = [](double x, double y) {
    AssessmentInput in = SmallCounts();
    in.data_sheets[0].tips_total = x;
    in.data_sheets[0].tables["tips_by_source"] = {{"national_hotline", x}};
    in.data_sheets[2].tips_total = y;
    in.data_sheets[2].tables["tips_by_source"] = {{"national_hotline", y}};
    return in;
  };
  auto c = Assess(sheets(3, 8), DefaultProfile(), {});
  auto d = Assess(sheets(8, 3), DefaultProfile(), {});
  REQUIRE(c.ok());
  REQUIRE(d.ok());
  CHECK(RunJson(*c, meta) == RunJson(*d, meta));
}

TEST_CASE("attack: differencing two releases - a few new interviews are refused, more are published without a small change") {
  AssessmentInput in = SmallCounts();
  auto r1 = Assess(in, DefaultProfile(), {});
  REQUIRE(r1.ok());
  const auto fp1 = RecordFingerprints(in);
  std::vector<PriorRelease> earlier{{"run-0001", "2026-12-01T00:00:00Z", fp1}};
  // One more interview: the release is refused (it would tell that interview's answers).
  AssessmentInput plus1 = in;
  plus1.stakeholders.push_back(Interview("new0", {"48001"}, 1, 1, 1));
  CHECK_FALSE(CheckRelease(RecordFingerprints(plus1), earlier, 11).ok());
  // An edit to one interview is a change too.
  AssessmentInput edited = in;
  edited.stakeholders[0].forms = {"labor_trafficking", "sex_trafficking"};
  CHECK_FALSE(CheckRelease(RecordFingerprints(edited), earlier, 11).ok());
  // Twelve new interviews, one of them naming a large area: allowed; no count both releases
  // show moved by fewer than 11, and the new release holds up to the reader on its own.
  AssessmentInput more = in;
  for (int i = 0; i < 12; ++i) more.stakeholders.push_back(Interview("new" + std::to_string(i), {i == 0 ? "48001" : "48027"}, i, i, i));
  CHECK(CheckRelease(RecordFingerprints(more), earlier, 11).ok());
  more.prior_releases.push_back(r1->published);
  auto r2 = Assess(more, DefaultProfile(), {});
  REQUIRE(r2.ok());
  CHECK(r2->suppressed_differencing > 0);  // 48001 (15 -> 16) among them
  CHECK(r2->Find("48001")->concern.text == "withheld");
  CHECK(attack::SmallChangesShown(RunOf(*r1), RunOf(*r2), 11) == 0);
  auto o = attack::Attack(RunOf(*r2), attack::Truth(more), 11);
  CHECK(o.exact == 0);
  CHECK(o.narrowed == 0);
  // Without the ledger's memory, the same release would show a change of 1.
  more.prior_releases.clear();
  auto naive = Assess(more, DefaultProfile(), {});
  REQUIRE(naive.ok());
  CHECK(attack::SmallChangesShown(RunOf(*r1), RunOf(*naive), 11) > 0);
}

TEST_CASE("attack: the shareable dataset cannot be recounted - tables only, no interview-level rows") {
  AssessmentInput in = SmallCounts();
  auto r = Assess(in, DefaultProfile(), {});
  REQUIRE(r.ok());
  auto files = BuildDataset(*r);
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"areas.csv", "caseload.csv", "protocols.csv", "dictionary.csv"});
  for (const auto& f : files) {
    INFO(f.name);
    CHECK(f.csv.find("iv1") == std::string::npos);
    CHECK(f.csv.find("R00001") == std::string::npos);
    CHECK(f.csv.find("street_outreach") == std::string::npos);  // no per-interview role column
  }
  // areas.csv: one row per area.
  const std::string& areas = files[0].csv;
  CHECK(static_cast<size_t>(std::count(areas.begin(), areas.end(), '\n')) == in.areas.size() + 1);
  // "named as silent on N data sheets" goes through the same control.
  for (const auto& s : r->silent_sources)
    if (s.source == "schools") CHECK(s.reason.find("how many is withheld") != std::string::npos);
}

TEST_CASE("release: record fingerprints are the same hashed by two threads as one at a time, out of order and repeated") {
  // 5,000 interviews take the two-thread path; each print must equal the print of its
  // interview alone (one thread), and a record named twice keeps its last print.
  AssessmentInput in;
  for (int i = 0; i < 5000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "r%05d", (i * 7919) % 5000);  // not in record order
    in.stakeholders.push_back(Interview(id, {i % 3 ? "48001" : "48027"}, i, i / 3, i / 5));
  }
  in.stakeholders.push_back(Interview("r00042", {"48453"}, 1, 2, 3));  // r00042 again, different answers
  in.stakeholders.push_back(Interview("", {"48453"}, 1, 2, 3));        // no record: no print
  const auto all = RecordFingerprints(in);
  REQUIRE(all.size() == 5000);
  std::set<std::string> distinct;
  for (const auto& s : in.stakeholders) {
    if (s.record.empty() || (s.record == "r00042" && s.concern_areas.front() != "48453")) continue;
    AssessmentInput one;
    one.stakeholders.push_back(s);
    auto p = RecordFingerprints(one);
    REQUIRE(p.size() == 1);
    CHECK(all.at(s.record) == p.begin()->second);
    distinct.insert(p.begin()->second);
  }
  CHECK(distinct.size() > 50);  // the prints depend on the answers
}
