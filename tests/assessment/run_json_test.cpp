// The run JSON (version 2): canonical text, what it holds, no small count in it; runs saved
// by earlier builds (version 1) still compared; rank draws deterministic and the same on one
// thread or two.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "assessment/report.h"
#include "assessment/scoring.h"
#include "assessment/suppression.h"
#include "run_project.h"

using namespace canvass::assessment;
using canvass::core::ParseJson;
using canvass::core::Value;

namespace {

ReportMeta Meta(const std::string& id) {
  ReportMeta m;
  m.run_id = id;
  m.created_at = "2026-11-24T00:00:00Z";
  return m;
}

AssessmentResult Run(const ScoringProfile& p, AssessOptions opt = {}) {
  auto r = Assess(testing::RunProject(), p, opt);
  REQUIRE(r.ok());
  return std::move(*r);
}

std::string V1Fixture() {
  std::ifstream f(std::string(CANVASS_ASSESSMENT_TEST_DIR) + "/run_v1_fixture.json", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  REQUIRE(!ss.str().empty());
  return ss.str();
}

// The text a version 2 count stands for (number shown, string suppressed, null unknown).
std::string Text(const Value& c) {
  if (c.is_number()) return FormatCount(c.as_number());
  if (c.is_string()) return c.as_string();
  if (c.is_null()) return "n/a";
  return c.Find("text")->as_string();
}

// Every count a version 2 run shows, with where it is.
void Counts(const Value& run, std::vector<std::pair<std::string, Value>>* out) {
  for (const auto& a : run.Find("areas")->as_array()) {
    std::string id = a.Find("id")->as_string();
    for (const char* k : {"concern", "tips", "victims_served", "le_identified", "prosecutions"}) out->push_back({id + " " + k, *a.Find(k)});
    for (const char* k : {"concern_by_role", "concern_by_form", "themes"})
      for (const auto& c : a.Find(k)->as_array())
        if (!c.is_null()) out->push_back({id + " " + k, c});
  }
  for (const auto& t : run.Find("taskforce_tables")->as_array()) {
    for (const auto& [k, c] : t.Find("rows")->as_object()) out->push_back({"table " + k, c});
    out->push_back({"table total", *t.Find("total")});
  }
  for (const auto& [k, c] : run.Find("interviews")->Find("rows")->as_object()) out->push_back({"interviews " + k, c});
  for (const auto& g : run.Find("gaps")->as_array()) out->push_back({"gap", *g.Find("concern")});
}

std::string Intervals(const AssessmentResult& r) {
  std::string out;
  for (const auto& a : r.areas) out += a.id + ":" + std::to_string(a.rank) + "[" + std::to_string(a.rank_lo) + "," + std::to_string(a.rank_hi) + "] ";
  return out;
}

}  // namespace

TEST_CASE("run JSON version 2: canonical compact text holding what the result holds") {
  AssessmentResult r = Run(DefaultProfile());
  std::string text = RunJson(r, Meta("run-0002"));
  auto v = ParseJson(text, "run");
  REQUIRE(v.ok());
  CHECK(v->ToJson() == text);  // written in canonical form: the bytes a parse and write give
  CHECK(ResultToJson(r, Meta("run-0002")) == *v);
  CHECK(v->Find("format")->as_string() == "canvass.assessment_run");
  CHECK(v->Find("version")->as_int() == 2);
  CHECK(v->Find("seed")->as_int() == static_cast<int64_t>(r.options.seed));
  CHECK(v->Find("perturbations")->as_int() == r.perturbations);
  CHECK(v->Find("sources")->as_array().at(0).Find("sha256")->as_string() == "ab12");
  const auto& inds = v->Find("indicators")->as_array();
  REQUIRE(inds.size() == r.indicators.size());
  const auto& areas = v->Find("areas")->as_array();
  REQUIRE(areas.size() == r.areas.size());
  const auto& roles = v->Find("columns")->Find("concern_by_role")->as_array();
  for (size_t k = 0; k < r.areas.size(); ++k) {
    const AreaResult& a = r.areas[k];
    const Value& j = areas[k];
    INFO(a.id);
    CHECK(j.Find("id")->as_string() == a.id);
    CHECK(j.Find("rank")->as_int() == a.rank);
    CHECK(j.Find("rank_low")->as_int() == a.rank_lo);
    CHECK(j.Find("rank_high")->as_int() == a.rank_hi);
    CHECK(Text(*j.Find("concern")) == a.concern.text);
    CHECK(Text(*j.Find("tips")) == a.tips.text);
    const auto& factors = j.Find("factors")->as_array();
    REQUIRE(factors.size() == r.profile.factors.size());
    for (size_t f = 0; f < factors.size(); ++f) {
      if (a.factors[f].score) CHECK(factors[f].as_number() == Approx(*a.factors[f].score).margin(0.005));
      else CHECK(factors[f].is_null());
    }
    // Indicators: one entry per indicator of the run, null where the area has none.
    const auto& cells = j.Find("indicators")->as_array();
    REQUIRE(cells.size() == inds.size());
    size_t present = 0;
    for (const auto& c : a.indicators) {
      const Value& cell = cells[static_cast<size_t>(c.indicator)];
      REQUIRE(cell.is_array());
      ++present;
      CHECK(cell.as_array()[0].as_string() == c.text);
      std::string period = cell.as_array().size() > 3 ? cell.as_array()[3].as_string()
                                                      : inds[static_cast<size_t>(c.indicator)].Find("period")->as_string();
      CHECK(period == c.period);
    }
    CHECK(std::count_if(cells.begin(), cells.end(), [](const Value& c) { return !c.is_null(); }) == static_cast<long>(present));
    // Role rows: the named columns, the same texts.
    std::map<std::string, std::string> want, got;
    for (const auto& [role, c] : a.concern_by_role) want[role] = c.text;
    const auto& row = j.Find("concern_by_role")->as_array();
    REQUIRE(row.size() == roles.size());
    for (size_t i = 0; i < row.size(); ++i)
      if (!row[i].is_null()) got[roles[i].as_string()] = Text(row[i]);
    CHECK(got == want);
  }
  // A period that is not the indicator's usual one is written in the cell.
  CHECK(text.find("\"2020\"]") != std::string::npos);
  CHECK(Text(*v->Find("interviews")->Find("total")) == r.interviews.total.text);
}

TEST_CASE("the run JSON shows no small count: suppressed counts only as their text") {
  AssessmentResult r = Run(DefaultProfile());
  const int T = r.options.suppression_threshold;
  auto v = ParseJson(RunJson(r, Meta("run-0001")), "run");
  REQUIRE(v.ok());
  std::vector<std::pair<std::string, Value>> counts;
  Counts(*v, &counts);
  size_t suppressed = 0;
  for (const auto& [where, c] : counts) {
    INFO(where << " " << c.ToJson());
    if (c.is_string()) {
      CHECK(c.as_string() == "withheld");
      ++suppressed;
    } else if (c.is_number()) {
      CHECK((c.as_number() == 0 || c.as_number() >= T));
    } else if (c.is_object()) {
      // An apportioned task-force estimate (one decimal): a share of a whole sheet's figure.
      CHECK(c.Find("value")->is_number());
      if (c.Find("value")->as_number() != 0 && c.Find("value")->as_number() < T)
        CHECK(c.Find("text")->as_string().find('.') != std::string::npos);
    }
  }
  CHECK(suppressed >= 4);  // 48001's total, 48005, the "schools" tips...
  // A suppressed project count keeps no rate or percentile either (rate x population = count).
  const auto& inds = v->Find("indicators")->as_array();
  for (const auto& a : v->Find("areas")->as_array()) {
    const auto& cells = a.Find("indicators")->as_array();
    for (size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].is_null() || cells[i].as_array()[0].as_string() != "withheld") continue;
      INFO(inds[i].Find("id")->as_string());
      CHECK(cells[i].as_array()[1].is_null());
      CHECK(cells[i].as_array()[2].is_null());
    }
  }
}

TEST_CASE("runs saved by earlier builds (version 1) are still compared, either way round") {
  auto old = ParseJson(V1Fixture(), "run-0001");
  REQUIRE(old.ok());
  REQUIRE(old->Find("version")->as_int() == 1);
  AssessmentResult same = Run(DefaultProfile());
  Value now = ResultToJson(same, Meta("run-0002"));
  auto lines = CompareRuns(*old, now);
  for (const auto& l : lines) UNSCOPED_INFO(l);
  // Since the fixture was saved, the default profile gained a factor (youth in child welfare /
  // juvenile justice), and the stakeholder concern counts of this small project (4, 11, 1, 6)
  // became withheld at the default threshold 11: the scores use them only as the stand-in 5.5,
  // so the stakeholder concern factor no longer tells the areas apart, and three ranks move.
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] == "Comparing run-0001 (2026-11-20T10:00:00Z) with run-0002 (2026-11-24T00:00:00Z)");
  CHECK(lines[1] == "  factor added: youth_systems (weight 0.05)");
  CHECK(lines[3] == "  County 48007: rank 2 -> 4 [1-4]; stakeholder_concern 33 -> 0");
  // Weights changed: the ranks move, explained from the version 1 factor scores.
  ScoringProfile p = DefaultProfile();
  for (auto& f : p.factors) {
    f.weight = f.id == "stakeholder_concern" ? 0.05 : f.id == "economic_instability" ? 0.6 : f.weight;
    if (f.id == "economic_instability")  // poverty alone: 48007 highest, 48001 lowest
      f.measures.erase(std::remove_if(f.measures.begin(), f.measures.end(),
                                      [](const auto& m) { return m.indicator != "saipe.poverty_rate_pct"; }),
                       f.measures.end());
  }
  AssessmentResult moved = Run(p);
  REQUIRE(Intervals(moved) != Intervals(same));
  Value after = ResultToJson(moved, Meta("run-0003"));
  const std::pair<Value, Value> ways[2] = {{*old, after}, {after, *old}};
  const char* expect[2] = {"  County 48005: rank 4 -> 2 [1-3]; economic_instability 50 -> 67",
                           "  County 48005: rank 2 -> 4 [3-4]; economic_instability 67 -> 50"};
  for (int w = 0; w < 2; ++w) {
    auto cmp = CompareRuns(ways[w].first, ways[w].second);
    std::string all;
    for (const auto& l : cmp) all += l + "\n";
    INFO(all);
    CHECK(all.find("  weight of stakeholder_concern: ") != std::string::npos);
    CHECK(all.find("4 areas changed rank") != std::string::npos);
    CHECK(std::find(cmp.begin(), cmp.end(), expect[w]) != cmp.end());  // the factor scores of both versions read
    CHECK(all.find("final interviews") == std::string::npos);          // the same total, read from both versions
  }
  // The version 1 total is read from {"text"}: a changed total shows, both versions mixed.
  Value fewer = *old;
  fewer.mutable_object()["interviews"].mutable_object()["total"] = Value(Value::Object{{"suppressed", false}, {"text", "20"}, {"value", 20}});
  auto cmp = CompareRuns(fewer, now);
  CHECK(std::find(cmp.begin(), cmp.end(), "  final interviews and data sheets: 20 -> 23") != cmp.end());
}

TEST_CASE("rank draws: the same seed gives the same intervals, on one thread or two") {
  ScoringProfile p = DefaultProfile();
  p.perturbations = 300;
  AssessOptions one, two;
  one.threads = 1;
  two.threads = 0;
  std::string a = Intervals(Run(p, one)), b = Intervals(Run(p, two)), c = Intervals(Run(p, two));
  CHECK(a == b);
  CHECK(b == c);
  // A larger project, where the two threads share many draws (the ring wraps many times).
  AssessmentInput big = testing::RunProject();
  for (int i = 0; i < 400; ++i) {
    Area x;
    x.id = "49" + std::to_string(100 + i);
    x.level = "county";
    x.name = "Extra " + x.id;
    big.areas.push_back(x);
    Observation o;
    o.indicator_id = "saipe.poverty_rate_pct";
    o.geo_level = "county";
    o.geo_id = x.id;
    o.period = "2021";
    o.value = (i * 37) % 41;
    o.moe = 1 + i % 5;
    o.unit = "percent";
    o.source_kind = "saipe";
    big.observations.push_back(o);
  }
  auto r1 = Assess(big, p, one), r2 = Assess(big, p, two);
  REQUIRE(r1.ok());
  REQUIRE(r2.ok());
  CHECK(Intervals(*r1) == Intervals(*r2));
  // Another seed draws other numbers: the intervals are not a constant.
  AssessOptions other = two;
  other.seed = 7;
  auto r3 = Assess(big, p, other);
  REQUIRE(r3.ok());
  CHECK(Intervals(*r3) != Intervals(*r2));
}

TEST_CASE("indicator cells show FormatCount's text for any value (ties, near-integers, large, negative)") {
  AssessmentInput in;
  in.project_name = "Texts";
  std::mt19937_64 rng(3);
  std::vector<double> values = {0, 0.05, 0.15, 0.25, 0.35, 2.45, 80.65, 1.9999999999, 2.0000000001, -0.04, -3.5,
                                12345678.95, 99999999.95, 1e12 + 0.5, 3.0 - 1e-12, 7.25, 1e-9};
  for (int i = 0; i < 3000; ++i) {
    double x = static_cast<double>(rng() % 2000000) / std::pow(10.0, static_cast<double>(rng() % 4));
    values.push_back(i % 7 == 0 ? -x : x);
  }
  for (size_t i = 0; i < values.size(); ++i) {
    Area a;
    a.id = "A" + std::to_string(10000 + i);
    a.level = "county";
    a.name = a.id;
    in.areas.push_back(a);
    Observation o;
    o.indicator_id = "generic.x";
    o.geo_level = "county";
    o.geo_id = a.id;
    o.period = "2021";
    o.value = values[i];
    o.unit = "percent";
    o.source_kind = "generic";
    in.observations.push_back(o);
  }
  auto r = Assess(in, DefaultProfile(), {});
  REQUIRE(r.ok());
  size_t checked = 0;
  for (const auto& a : r->areas)
    for (const auto& c : a.indicators) {
      REQUIRE(c.value);
      INFO(a.id << " " << *c.value);
      CHECK(c.text == FormatCount(*c.value));
      ++checked;
    }
  CHECK(checked == values.size());
}

// The interview signals are tallied in two halves on two threads when there are many
// (assessment/src/scoring_signals.cpp): merged in order, they must give every count, breakdown
// and custom place list of one pass in order, custom places first named in the second half too.
TEST_CASE("interview signals tallied in two halves give what one pass gives") {
  ScoringProfile p = DefaultProfile();
  p.perturbations = 20;
  AssessmentInput big = testing::RunProject();
  const char* ids[4] = {"48001", "48003", "48005", "48007"};
  for (int c = 0; c < 6; ++c) {
    Area x;
    x.id = "place-" + std::to_string(c);
    x.level = "custom";
    x.name = "Place " + std::to_string(c);
    x.parent_id = ids[c % 4];
    big.areas.push_back(x);
  }
  const char* roles[] = {"street_outreach", "", "legal_service_provider", "advocacy_group", "youth_outreach"};
  const char* forms[] = {"labor_trafficking", "sex_trafficking", "debt_bondage"};
  const char* themes[] = {"farms", "motels_hotels", "online", "truck_stops"};
  std::mt19937 rng(5);
  for (int i = 0; i < 12000; ++i) {
    StakeholderFact s;
    s.form_id = i % 3 ? "outreach_provider" : "legal_service_provider";
    s.role = roles[rng() % 5];
    s.concern = rng() % 4 ? "yes" : (rng() % 2 ? "unsure" : "no");
    for (int k = static_cast<int>(rng() % 3); k >= 0; --k) s.concern_areas.push_back(ids[rng() % 4]);
    // Places 4 and 5 are first named in the second half only.
    if (rng() % 7 == 0) s.concern_areas.push_back("place-" + std::to_string(i < 6000 ? rng() % 4 : rng() % 6));
    s.instability_areas = {ids[rng() % 4]};
    s.forms = {forms[rng() % 3]};
    if (i > 9000) s.forms.push_back("forced_criminality");  // a key only the second half has
    s.place_types = {themes[rng() % 4]};
    s.industries = {rng() % 2 ? "agriculture" : "hotels"};
    s.instability_factors = {rng() % 2 ? "poverty_job_loss" : "homelessness"};
    s.reported_to = {rng() % 2 ? "hotline" : "police"};
    big.stakeholders.push_back(s);
  }
  AssessOptions one, two;
  one.threads = 1;
  two.threads = 0;
  auto r1 = Assess(big, p, one), r2 = Assess(big, p, two);
  REQUIRE(r1.ok());
  REQUIRE(r2.ok());
  ReportMeta meta;
  meta.run_id = "run-0001";
  meta.created_at = "2026-12-07T00:00:00Z";
  const std::string j1 = ResultToJson(*r1, meta).ToJson(), j2 = ResultToJson(*r2, meta).ToJson();
  CHECK(j1 == j2);
  const AreaResult* a = r2->Find("48001");
  REQUIRE(a);
  CHECK(a->concern.value > 1000);
  CHECK(!a->concern_by_form.empty());
  bool late_place = false;
  for (const auto& area : r2->areas)
    for (const auto& name : area.custom_places) late_place = late_place || name == "Place 4" || name == "Place 5";
  CHECK(late_place);
}
