// Scoring on small hand-computed projects: rates, percentiles, factor scores, composite,
// ranks and drivers; missing values stay missing; rank intervals; interview signal.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "assessment/border.h"
#include "assessment/report.h"
#include "assessment/scoring.h"
#include "scoring_fixture.h"

using namespace canvass::assessment;
using canvass::assessment::testing::County;
using canvass::assessment::testing::Obs;

namespace {

ScoringProfile TwoFactors() {
  auto p = ScoringProfile::FromJson(R"({"format":"canvass.scoring_profile","version":1,"name":"hand","perturbations":0,"rate_smoothing":"none",
    "factors":[{"id":"f1","label":"F one","weight":0.75,"measures":[{"indicator":"x"}]},
               {"id":"f2","label":"F two","weight":0.25,"measures":[{"indicator":"y","per":"residents"}]}]})", "hand");
  REQUIRE(p.ok());
  return *p;
}

AssessmentInput Project() {
  AssessmentInput in;
  in.project_name = "Hand";
  in.areas = {County("A", "Alpha"), County("B", "Beta"), County("C", "Gamma"), County("D", "Delta")};
  // x: A 10, B 20, C 30, D missing (a status, no value).
  in.observations = {Obs("x", "A", 10), Obs("x", "B", 20), Obs("x", "C", 30)};
  Observation missing = Obs("x", "D", 0);
  missing.value.reset();
  missing.status = obs_status::kSuppressed;
  in.observations.push_back(missing);
  // y counts and populations: rates per 1,000 A 5, B 2, C 10, D 2.
  const double y[] = {5, 10, 1, 4}, pop[] = {1000, 5000, 100, 2000};
  const char* ids[] = {"A", "B", "C", "D"};
  for (int i = 0; i < 4; ++i) {
    in.observations.push_back(Obs("y", ids[i], y[i], "count"));
    in.observations.push_back(Obs("pep.pop_estimate", ids[i], pop[i], "persons"));
  }
  return in;
}

const IndicatorCell* Cell(const AssessmentResult& r, const AreaResult& a, const std::string& id) {
  for (const auto& c : a.indicators)
    if (r.indicators[static_cast<size_t>(c.indicator)].id == id) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("percentiles, rates, factor scores and the composite match a hand computation") {
  auto r = Assess(Project(), TwoFactors(), {});
  REQUIRE(r.ok());
  REQUIRE(r->areas.size() == 4);
  // Ranked C, B, A, D.
  CHECK(r->areas[0].id == "C");
  CHECK(r->areas[1].id == "B");
  CHECK(r->areas[2].id == "A");
  CHECK(r->areas[3].id == "D");
  const AreaResult& a = *r->Find("A");
  const AreaResult& b = *r->Find("B");
  const AreaResult& c = *r->Find("C");
  const AreaResult& d = *r->Find("D");
  // x percentiles among 3 areas with data: 0, 50, 100.
  CHECK(*Cell(*r, a, "x")->percentile == Approx(0));
  CHECK(*Cell(*r, b, "x")->percentile == Approx(50));
  CHECK(*Cell(*r, c, "x")->percentile == Approx(100));
  // y rates per 1,000 residents: 5, 2, 10, 2; percentiles (strictly lower / 3): 66.7, 0, 100, 0.
  CHECK(*Cell(*r, a, "y")->rate == Approx(5));
  CHECK(*Cell(*r, c, "y")->rate == Approx(10));
  CHECK(*Cell(*r, a, "y")->percentile == Approx(200.0 / 3));
  CHECK(*Cell(*r, d, "y")->percentile == Approx(0));
  // Composite: A = .25*66.7 = 16.7; B = .75*50 = 37.5; C = 100; D = f2 only (0), coverage .25.
  CHECK(*a.composite == Approx(200.0 / 12));
  CHECK(*b.composite == Approx(37.5));
  CHECK(*c.composite == Approx(100));
  CHECK(*d.composite == Approx(0));
  CHECK(d.coverage == Approx(0.25));
  // D's suppressed x is not a zero: no value, no percentile, factor without data.
  const IndicatorCell* dx = Cell(*r, d, "x");
  REQUIRE(dx);
  CHECK_FALSE(dx->value.has_value());
  CHECK_FALSE(dx->percentile.has_value());
  CHECK(dx->status == "suppressed");
  CHECK_FALSE(d.factors[0].score.has_value());
  // Drivers of C: both factors score 100; f1 gives 75 points, f2 25.
  REQUIRE(c.drivers.size() == 2);
  CHECK(c.drivers[0] == 0);
  CHECK(c.factors[0].contribution == Approx(75));
  // No perturbations: the interval is the rank itself.
  CHECK(c.rank_lo == 1);
  CHECK(c.rank_hi == 1);
}

TEST_CASE("weight perturbation and margins of error widen rank intervals, never narrow them") {
  auto in = Project();
  auto p = TwoFactors();
  p.perturbations = 200;
  auto r = Assess(in, p, {});
  REQUIRE(r.ok());
  for (const auto& a : r->areas) {
    CHECK(a.rank_lo <= a.rank);
    CHECK(a.rank_hi >= a.rank);
  }
  // B (37.5) and A (16.7) swap when f2 outweighs f1 enough: not with +-50% weights. C stays first.
  CHECK(r->Find("C")->rank_hi == 1);
  // A huge margin of error on x makes A and B uncertain.
  for (auto& o : in.observations)
    if (o.indicator_id == "x") o.moe = 40;
  auto u = Assess(in, p, {});
  REQUIRE(u.ok());
  CHECK(u->Find("B")->rank_hi - u->Find("B")->rank_lo >= 1);
  // Same seed, same intervals.
  auto again = Assess(in, p, {});
  CHECK(again->Find("B")->rank_hi == u->Find("B")->rank_hi);
}

TEST_CASE("periods: the latest year wins and an annual figure beats a quarter") {
  CHECK(PeriodNewer("2019", "2018"));
  CHECK(PeriodNewer("2016", "2016Q4"));
  CHECK(PeriodNewer("FY2018", "2017"));
  CHECK_FALSE(PeriodNewer("2016Q1", "2016Q2"));
  auto in = Project();
  in.observations.push_back(Obs("x", "A", 99));
  in.observations.back().period = "2019";  // older than 2021
  auto r = Assess(in, TwoFactors(), {});
  CHECK(*Cell(*r, *r->Find("A"), "x")->value == Approx(10));
}

TEST_CASE("interview signal: concern by area, role and form - custom places roll up to their parent") {
  auto in = Project();
  Area corridor;
  corridor.id = "a-corridor";
  corridor.level = "custom";
  corridor.name = "Truck stop corridor";
  corridor.parent_id = "A";
  in.areas.push_back(corridor);
  for (int i = 0; i < 7; ++i) {
    StakeholderFact s;
    s.form_id = "outreach_provider";
    s.role = i < 6 ? "street_outreach" : "youth_outreach";
    s.concern = i == 5 ? "no" : "yes";
    s.concern_areas = {i % 2 ? "A" : "a-corridor", "A"};  // one interview naming A twice counts once
    s.forms = {"labor_trafficking"};
    in.stakeholders.push_back(s);
  }
  auto p = TwoFactors();
  p.factors.push_back({"concern", "Concern", "concern", "", 1.0, {{"interviews.concern_count", ""}}, {}});
  // Default threshold 11: 6 interviews voiced concern about A, a small count: withheld, and
  // its breakdowns (all smaller still) are not published at all.
  auto d = Assess(in, p, {});
  REQUIRE(d.ok());
  CHECK(d->Find("A")->concern.text == "withheld");
  CHECK(d->Find("A")->concern_by_role.empty());
  CHECK(d->Find("A")->concern_by_form.empty());
  // Threshold 5 (a project setting): 6 = 5 street_outreach + 1 youth_outreach. The 1 is small;
  // the 5 is withheld too, else 6 - 5 gives it back; the total 6 can stay (the two withheld
  // rows could be anything from 1 to 5 that adds up to 6).
  AssessOptions five;
  five.suppression_threshold = 5;
  auto r = Assess(in, p, five);
  REQUIRE(r.ok());
  const AreaResult& a = *r->Find("A");
  REQUIRE(a.concern_by_role.size() == 2);
  CHECK(a.concern_by_role[0].second.text == "withheld");
  CHECK(a.concern_by_role[1].second.text == "withheld");
  CHECK(a.concern.text == "6");
  CHECK(a.concern_by_form[0].second.text == "6");
  REQUIRE(a.custom_places.size() == 1);
  CHECK(a.custom_places[0] == "Truck stop corridor");
  CHECK(r->Find("B")->concern.text == "0");
  CHECK(r->areas[0].id == "A");                  // concern outweighs everything else here
}

TEST_CASE("gap analysis: high risk without task-force coverage - silent expected sources") {
  auto in = Project();
  DataSheetFact sheet;
  sheet.areas = {"B"};
  sheet.tips_total = 12;
  sheet.tables["tips_by_source"] = {{"national_hotline", 12}, {"schools", 0}};
  in.data_sheets.push_back(sheet);
  auto p = TwoFactors();
  p.factors[0].kind = "risk";
  p.gap_risk_percentile = 90;
  p.expected_tip_sources = {"national_hotline", "schools", "health_care"};
  auto r = Assess(in, p, {});
  REQUIRE(r.ok());
  REQUIRE_FALSE(r->gaps.empty());
  CHECK(r->gaps[0].area_id == "C");  // highest risk, no data sheet
  CHECK(r->gaps[0].reason.find("no task-force data sheet") != std::string::npos);
  if (r->Find("C")->risk_index && *r->Find("C")->risk_index >= 100)  // the top area: no "100% of the others"
    CHECK(r->gaps[0].reason.find("higher than every other area") != std::string::npos);
  CHECK(r->gaps[0].reason.find("100%") == std::string::npos);
  std::vector<std::string> silent;
  for (const auto& s : r->silent_sources) silent.push_back(s.source);
  CHECK(silent == std::vector<std::string>{"health_care", "schools"});
  CHECK(r->Find("B")->taskforce_covered);
  CHECK(r->Find("B")->tips.text == "12");
  CHECK_FALSE(r->Find("A")->taskforce_covered);   // unknown, not zero
  CHECK(r->Find("A")->tips.text == "n/a");
}

TEST_CASE("profiles: the default parses and round-trips - bad profiles are refused with a reason") {
  const auto& d = DefaultProfile();
  CHECK(d.factors.size() == 10);
  double sum = 0;
  for (const auto& f : d.factors) sum += f.weight;
  CHECK(sum == Approx(1.05));  // the youth factor (0.05) was added beside the original 1.0; weights are relative
  auto again = ScoringProfile::FromValue(d.ToValue(), "round trip");
  REQUIRE(again.ok());
  CHECK(again->ToValue() == d.ToValue());
  auto bad = ScoringProfile::FromJson(R"({"format":"canvass.scoring_profile","version":1,"factors":[{"id":"a","weight":-1,"measures":[{"indicator":"x"}]}]})", "p.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("p.json") != std::string::npos);
  CHECK(bad.status().message().find("weight") != std::string::npos);
  CHECK_FALSE(ScoringProfile::FromJson(R"({"format":"x","version":1})", "p.json").ok());
  CHECK_FALSE(Assess(AssessmentInput{}, d, {}).ok());  // no areas: a clear error
}

TEST_CASE("report: one self-contained file with map, charts, method and no scripts or network") {
  auto r = Assess(Project(), TwoFactors(), {});
  REQUIRE(r.ok());
  ReportMeta m;
  m.run_id = "run-0001";
  m.boundaries_geojson = R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"C","properties":{},
    "geometry":{"type":"Polygon","coordinates":[[[-99,29],[-98,29],[-98,30],[-99,29]]]}}]})";
  m.boundaries_name = "hand";
  std::string html = RenderHtmlReport(*r, m);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<path d=\"M") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("id=\"method\"") != std::string::npos);
  CHECK(html.find("Gamma") != std::string::npos);
  std::string csv = RenderScoresCsv(*r);
  CHECK(csv.find("1,1,1,C,Gamma,100.00") != std::string::npos);
  auto moved = CompareRuns(ResultToJson(*r, m), ResultToJson(*r, m));
  CHECK(moved.back() == "  no area changed rank");
}

// Issue 13 §3: small populations' rates are smoothed (empirical Bayes), by hand.
TEST_CASE("rates of counts from small populations are smoothed toward all areas' rate (empirical Bayes, by hand)") {
  auto prof = ScoringProfile::FromJson(R"({"format":"canvass.scoring_profile","version":1,"name":"eb","perturbations":0,
    "factors":[{"id":"f","label":"F","weight":1,"measures":[{"indicator":"y","per":"residents"}]}]})", "eb");
  REQUIRE(prof.ok());
  CHECK(prof->rate_smoothing == "empirical_bayes");  // on by default
  AssessmentInput in;
  const double counts[4] = {2, 30, 50, 1}, pops[4] = {200, 10000, 20000, 100};
  for (int i = 0; i < 4; ++i) {
    std::string id = std::string(1, static_cast<char>('A' + i));
    in.areas.push_back(County(id, id));
    in.observations.push_back(Obs("y", id, counts[i], "count"));
    in.observations.push_back(Obs("pep.pop_estimate", id, pops[i], "persons"));
  }
  auto r = Assess(in, *prof, {});
  REQUIRE(r.ok());
  // m = 83 / 30300; s2 = sum n (r - m)^2 / sum n - m / nbar; C = s2 / (s2 + m / n).
  double m = 83.0 / 30300, nbar = 30300.0 / 4, s2 = 0;
  for (int i = 0; i < 4; ++i) s2 += pops[i] * std::pow(counts[i] / pops[i] - m, 2);
  s2 = std::max(0.0, s2 / 30300 - m / nbar);
  for (int i = 0; i < 4; ++i) {
    std::string id = std::string(1, static_cast<char>('A' + i));
    const IndicatorCell* c = Cell(*r, *r->Find(id), "y");
    REQUIRE(c);
    double raw = counts[i] / pops[i], C = s2 / (s2 + m / pops[i]);
    INFO(id);
    CHECK(*c->rate == Approx(raw * 1000));
    REQUIRE(c->rate_smoothed);
    CHECK(*c->rate_smoothed == Approx((m + C * (raw - m)) * 1000));
  }
  // The small populations move most: D (1 in 100) and A (2 in 200) come down toward the
  // rate of all areas (2.7 per 1,000) from 10; B and C, thousands of residents, hardly move.
  const double all = 83.0 / 30300 * 1000;
  for (const char* id : {"A", "D"}) CHECK(*Cell(*r, *r->Find(id), "y")->rate_smoothed < all + 1.5);
  CHECK(*Cell(*r, *r->Find("B"), "y")->rate_smoothed == Approx(3.0).margin(0.2));
  // "none" keeps the raw rates, and ranks on them.
  auto raw = *prof;
  raw.rate_smoothing = "none";
  auto r2 = Assess(in, raw, {});
  REQUIRE(r2.ok());
  CHECK_FALSE(Cell(*r2, *r2->Find("D"), "y")->rate_smoothed.has_value());
  CHECK(*Cell(*r2, *r2->Find("D"), "y")->percentile == Approx(200.0 / 3));
}

// Issue 20 §2 and issue 13 §3: nothing drops out without a word.
TEST_CASE("a factor that cannot be scored says why and what import fixes it - the only area with data is not ranked") {
  auto prof = ScoringProfile::FromJson(R"({"format":"canvass.scoring_profile","version":1,"name":"w","perturbations":50,
    "factors":[{"id":"labor","label":"Wage and hour violations","weight":0.5,"measures":[{"indicator":"whd.violations_count","per":"workers"}]},
               {"id":"pov","label":"Poverty","weight":0.5,"measures":[{"indicator":"saipe.poverty_rate_pct"},{"indicator":"solo"}]}]})", "w");
  REQUIRE(prof.ok());
  AssessmentInput in;
  for (int i = 0; i < 4; ++i) {
    std::string id = std::string(1, static_cast<char>('A' + i));
    in.areas.push_back(County(id, id));
    in.observations.push_back(Obs("whd.violations_count", id, 3 + i, "count"));
    in.observations.push_back(Obs("saipe.poverty_rate_pct", id, 10 + 5 * i));
  }
  in.observations.push_back(Obs("solo", "B", 7));  // one area only
  auto r = Assess(in, *prof, {});
  REQUIRE(r.ok());
  // No worker counts were imported: the wage-and-hour factor is scored nowhere, and says so.
  bool noted = false;
  for (const auto& n : r->notes) noted = noted || n.find("Wage and hour violations: not scored in any area") != std::string::npos;
  CHECK(noted);
  const AreaResult& a = *r->Find("A");
  CHECK_FALSE(a.factors[0].score.has_value());
  CHECK(a.factors[0].why_missing.find("no worker counts here; import QCEW") != std::string::npos);
  // The only area with "solo": no percentile (not a made-up 50), and the reason.
  const IndicatorCell* solo = Cell(*r, *r->Find("B"), "solo");
  REQUIRE(solo);
  CHECK_FALSE(solo->percentile.has_value());
  CHECK(solo->note == "not ranked: the only area with data");
  // Coverage counts measures: 1 of 3 (poverty) for every area, weighted by factor.
  CHECK(a.measures_scored == 1);
  CHECK(a.measures_expected == 3);
  CHECK(a.coverage == Approx(0.25));  // 0.5 * 0/1 + 0.5 * 1/2
  ReportMeta meta;
  std::string html = RenderHtmlReport(*r, meta);
  CHECK(html.find("1 of 3 measures scored") != std::string::npos);
  CHECK(html.find("not ranked: the only area with data") != std::string::npos);

  // LAUS employed residents serve as the worker count where QCEW and ACS are not imported.
  for (int i = 0; i < 4; ++i) {
    std::string id = std::string(1, static_cast<char>('A' + i));
    in.observations.push_back(Obs("laus.employed", id, 1000.0 * (i + 1), "persons"));
  }
  auto with_laus = Assess(in, *prof, {});
  REQUIRE(with_laus.ok());
  const IndicatorCell* whd = Cell(*with_laus, *with_laus->Find("B"), "whd.violations_count");
  REQUIRE(whd);
  REQUIRE(whd->rate.has_value());
  CHECK(*whd->rate == Approx(4.0 / 2000 * 1000));
  CHECK(with_laus->Find("A")->factors[0].score.has_value());
  // A QCEW employment count, where there is one, comes first.
  in.observations.push_back(Obs("qcew.emp_10", "B", 8000, "jobs"));
  auto with_qcew = Assess(in, *prof, {});
  REQUIRE(with_qcew.ok());
  CHECK(*Cell(*with_qcew, *with_qcew->Find("B"), "whd.violations_count")->rate == Approx(4.0 / 8000 * 1000));
}

TEST_CASE("spill-over: areas next to high-risk areas, from the imported county adjacency - shown, not scored") {
  auto in = Project();
  auto p = TwoFactors();
  p.factors[0].kind = "risk";
  p.gap_risk_percentile = 90;
  auto before = Assess(in, p, {});
  REQUIRE(before.ok());
  CHECK_FALSE(before->Find("A")->neighbours.known);
  CHECK(before->spillover.empty());
  CHECK(RenderHtmlReport(*before, {}).find("import the Census county adjacency file") != std::string::npos);
  // A-B, A-C, B-C, C-D (both ways, as the Census file lists them), and one pair outside the project.
  auto pair = [](const std::string& a, const std::string& b) {
    Observation o = Obs(kNeighborIndicator, a + ":" + b, 1, "flag");
    o.geo_level = kNeighborLevel;
    o.source_kind = "adjacency";
    return o;
  };
  for (auto [a, b] : std::vector<std::pair<std::string, std::string>>{{"A", "B"}, {"A", "C"}, {"B", "C"}, {"C", "D"}, {"D", "Z"}}) {
    in.observations.push_back(pair(a, b));
    in.observations.push_back(pair(b, a));
  }
  auto r = Assess(in, p, {});
  REQUIRE(r.ok());
  const AreaResult* c = r->Find("C");
  REQUIRE(c->risk_index);
  REQUIRE(*c->risk_index >= 90);  // Gamma is the high-risk one (x = 30)
  const AreaResult* a = r->Find("A");
  CHECK(a->neighbours.known);
  CHECK(a->neighbours.in_project == 2);
  CHECK(a->neighbours.high_risk == std::vector<std::string>{"Gamma"});
  CHECK(*a->neighbours.mean_risk == Approx((*r->Find("B")->risk_index + *c->risk_index) / 2));
  CHECK(r->Find("D")->neighbours.in_project == 1);          // Z is outside the project
  CHECK(r->Find("D")->neighbours.high_risk == std::vector<std::string>{"Gamma"});
  CHECK(c->neighbours.high_risk.empty());
  // The watch list: not high-risk themselves, next to one; Gamma itself is not on it.
  std::set<std::string> listed;
  for (const auto& x : r->spillover) listed.insert(x.area_id);
  CHECK(listed == std::set<std::string>{"A", "B", "D"});
  // Shown, not scored: the composites are the same as without the adjacency.
  for (const auto& x : r->areas) CHECK(x.composite == before->Find(x.id)->composite);
  std::string html = RenderHtmlReport(*r, {});
  CHECK(html.find("Next to high-risk areas (spill-over)") != std::string::npos);
  CHECK(html.find("high-risk: Gamma.") != std::string::npos);
  ReportMeta m;
  m.run_id = "run-1";
  CHECK(RunJson(*r, m).find("\"spillover\":[{\"area\":") != std::string::npos);
  CHECK(RunJson(*r, m).find("\"neighbours\":{\"high_risk\":[\"Gamma\"]") != std::string::npos);
}
