// The task force's caseload (assessment/caseload.h) from three agencies' data sheets over three
// years: every table cell and total by hand, repeats counted once, breakdowns that add up, and
// the same cells as published (disclosure control applied) in the result, report, CSV and JSON.
#include <catch2/catch.hpp>

#include <map>

#include "assessment/caseload.h"
#include "assessment/report.h"
#include "assessment/scoring.h"
#include "assessment/suppression.h"

using namespace canvass::assessment;

namespace {

// Agency a (0, 1, 2) in year y (2023-2025): a sheet with every breakdown the protocol asks for.
DataSheetFact Sheet(int a, int y) {
  DataSheetFact d;
  d.record = "sheet-" + std::to_string(a) + "-" + std::to_string(y);
  d.agency_key = "agency" + std::to_string(a);
  d.agency_type = a == 2 ? "prosecutor" : "law_enforcement_local";
  d.period_start = std::to_string(y) + "-01-01";
  d.period_end = std::to_string(y) + "-12-31";
  d.areas = {a == 0 ? "48001" : a == 1 ? "48003" : "48005"};
  const double k = y - 2022;  // 1, 2, 3
  const double served = 20 * (a + 1) + 10 * k;  // agency 0: 30 40 50; 1: 50 60 70; 2: 70 80 90
  d.served_total = served;
  d.served_by_year = {{std::to_string(y), served}};
  d.tables["served_by_type"] = {{"sex", served - 12}, {"labor", 12}};
  d.tables["served_by_sex"] = {{"female", served - 15}, {"male", 15}};
  d.tables["served_by_age"] = {{"age_15_17|sex", 4}, {"age_15_17|labor", 1}, {"age_25_34|sex", served - 5}};
  d.tables["served_by_race"] = {{"white", served / 2}, {"black", served / 2 - 2}, {"asian", 2}};  // 2 per sheet: small
  d.tables["served_by_ethnicity"] = {{"hispanic_latino", 15}};                                     // the rest not broken down
  d.le_identified_total = 10 * (a + 1);
  d.identified_by_year = {{std::to_string(y), 10.0 * (a + 1)}};
  d.tables["le_by_type"] = {{"sex", 10.0 * (a + 1)}};
  d.tips_total = 30;
  d.tables["tips_by_source"] = {{"national_hotline", 20}, {"schools", 0}, {"ncmec", 10}};
  d.prosecutions_total = a + 1;  // 1, 2, 3 a year
  d.prosecutions_by_year = {{std::to_string(y), static_cast<double>(a + 1)}};
  return d;
}

std::vector<DataSheetFact> Sheets() {
  std::vector<DataSheetFact> out;
  for (int a = 0; a < 3; ++a)
    for (int y = 2023; y <= 2025; ++y) out.push_back(Sheet(a, y));
  return out;
}

std::map<std::string, double> Rows(const CaseloadTable* t) {
  std::map<std::string, double> m;
  if (t)
    for (const auto& [k, v] : t->rows) m[k] = v;
  return m;
}

AssessmentInput Project() {
  AssessmentInput in;
  in.project_name = "Caseload test";
  for (const char* id : {"48001", "48003", "48005"}) {
    Area a;
    a.id = id;
    a.level = "county";
    a.name = std::string("County ") + id;
    in.areas.push_back(a);
  }
  in.data_sheets = Sheets();
  return in;
}

const Breakdown* Table(const AssessmentResult& r, const std::string& id) {
  for (const auto& t : r.taskforce_tables)
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE("caseload: three agencies over three years, every cell by hand") {
  Caseload c = BuildCaseload(Sheets());
  CHECK(c.sheets == 9);
  CHECK(c.set_aside == 0);
  // Served: agency 0 30+40+50, agency 1 50+60+70, agency 2 70+80+90 = 540.
  CHECK(c.totals.at("served") == 540);
  CHECK(c.totals.at("identified") == 3 * (10 + 20 + 30));
  CHECK(c.totals.at("tips") == 9 * 30);
  CHECK(c.totals.at("prosecutions") == 3 * (1 + 2 + 3));
  // Per year: 2023 = 30+50+70, 2024 = 40+60+80, 2025 = 50+70+90; nothing left over.
  CHECK(Rows(c.Find("served_by_year")) == std::map<std::string, double>{{"2023", 150}, {"2024", 180}, {"2025", 210}});
  CHECK(Rows(c.Find("le_by_year")) == std::map<std::string, double>{{"2023", 60}, {"2024", 60}, {"2025", 60}});
  CHECK(Rows(c.Find("prosecutions_by_year")) == std::map<std::string, double>{{"2023", 6}, {"2024", 6}, {"2025", 6}});
  CHECK(Rows(c.Find("served_by_type")) == std::map<std::string, double>{{"sex", 540 - 9 * 12}, {"labor", 9 * 12}});
  CHECK(Rows(c.Find("served_by_sex")) == std::map<std::string, double>{{"female", 540 - 9 * 15}, {"male", 9 * 15}});
  // Age: the age x form table collapses to age groups; the rest of each sheet's total is "not broken down" (0 here).
  CHECK(Rows(c.Find("served_by_age")) == std::map<std::string, double>{{"age_15_17", 9 * 5}, {"age_25_34", 540 - 9 * 5}});
  CHECK(Rows(c.Find("served_by_race")) ==
        std::map<std::string, double>{{"white", 270}, {"black", 270 - 18}, {"asian", 18}});
  // Ethnicity: 15 per sheet given, the rest not broken down.
  CHECK(Rows(c.Find("served_by_ethnicity")) == std::map<std::string, double>{{"hispanic_latino", 135}, {"not_broken_down", 540 - 135}});
  CHECK(Rows(c.Find("tips_by_source")) == std::map<std::string, double>{{"national_hotline", 180}, {"schools", 0}, {"ncmec", 90}});
  // Every table adds up to its group's total.
  for (const auto& t : c.tables) {
    double sum = 0;
    for (const auto& [k, v] : t.rows) sum += v;
    INFO(t.id);
    CHECK(sum == c.totals.at(t.group));
  }
  // Rows come in the protocol's order.
  const auto* src = c.Find("tips_by_source");
  REQUIRE(src);
  CHECK(src->rows[0].first == "national_hotline");
  CHECK(src->rows[1].first == "ncmec");
}

TEST_CASE("caseload: the same agency's sheet entered twice for one period counts once, a total below its breakdown is raised") {
  auto sheets = Sheets();
  DataSheetFact again = Sheet(1, 2024);
  again.record = "sheet-1-2024-typed-again";
  sheets.push_back(again);
  DataSheetFact partial = Sheet(0, 2025);  // same agency, a half year inside 2025: overlapping
  partial.record = "sheet-0-2025-h1";
  partial.period_end = "2025-06-30";
  sheets.push_back(partial);
  DataSheetFact other_year = Sheet(0, 2025);  // same agency, 2026: not a repeat
  other_year.record = "sheet-0-2026";
  other_year.period_start = "2026-01-01";
  other_year.period_end = "2026-12-31";
  other_year.served_by_year = {{"2026", 50}};
  sheets.push_back(other_year);
  Caseload c = BuildCaseload(sheets);
  CHECK(c.sheets == 10);
  CHECK(c.set_aside == 2);
  CHECK(c.totals.at("served") == 540 + 50);
  REQUIRE_FALSE(c.notes.empty());
  CHECK(c.notes[0].find("2 data sheet(s) left out") == 0);
  // A sheet whose breakdown exceeds its total: the breakdown is taken, and said.
  std::vector<DataSheetFact> one{Sheet(0, 2023)};
  one[0].served_total = 10;  // the breakdowns add up to 30
  Caseload d = BuildCaseload(one);
  CHECK(d.totals.at("served") == 30);
  bool said = false;
  for (const auto& n : d.notes) said = said || n.find("smaller than their own breakdown") != std::string::npos;
  CHECK(said);
}

TEST_CASE("caseload as published: shown cells equal the counts, small ones withheld (never 0), report, CSV and JSON agree") {
  auto in = Project();
  auto r = Assess(in, DefaultProfile(), {});
  REQUIRE(r.ok());
  const int T = r->options.suppression_threshold;
  REQUIRE(T == 11);
  Caseload truth = BuildCaseload(in.data_sheets);
  size_t shown = 0, withheld = 0;
  for (const auto& t : truth.tables) {
    const Breakdown* b = Table(*r, t.id);
    REQUIRE(b);
    INFO(t.id);
    CHECK(b->total.text == (b->total.suppressed ? "withheld" : FormatCount(truth.totals.at(t.group))));
    std::map<std::string, double> want = Rows(&t);
    for (const auto& [k, c] : b->rows) {
      INFO(k << " = " << want[k] << " shown as " << c.text);
      if (c.suppressed) {
        ++withheld;
        CHECK(c.text == "withheld");
        CHECK_FALSE(c.value.has_value());
      } else {
        ++shown;
        REQUIRE(c.value.has_value());
        CHECK(*c.value == want[k]);
        CHECK((*c.value == 0 || *c.value >= T));
      }
    }
    if (b->rows_withheld) CHECK(b->total.suppressed);
  }
  CHECK(shown > 20);
  // Prosecutions are 18 in all, 6 a year: the yearly rows are small, withheld, and with them
  // enough else that 18 - the others cannot give any back.
  const Breakdown* py = Table(*r, "prosecutions_by_year");
  REQUIRE(py);
  for (const auto& [k, c] : py->rows) CHECK(c.text == "withheld");
  CHECK(withheld >= 3);
  // Asian: 2 per sheet, 18 in all: shown (18 is not small); per area it is never published.
  const Breakdown* race = Table(*r, "served_by_race");
  REQUIRE(race);
  std::map<std::string, std::string> race_text;
  for (const auto& [k, c] : race->rows) race_text[k] = c.text;
  CHECK(race_text["asian"] == "18");
  // Per-year figures per area: agency 1 (48003) served 50, 60, 70 in 2023-2025.
  const AreaResult* a = r->Find("48003");
  REQUIRE(a);
  std::map<std::string, std::string> by_year;
  for (const auto& y : a->taskforce_by_year) by_year[y.year] = y.served.text;
  CHECK(by_year == std::map<std::string, std::string>{{"2023", "50"}, {"2024", "60"}, {"2025", "70"}});
  // The latest year is also an indicator a scoring profile may measure.
  bool latest = false;
  for (const auto& cell : a->indicators)
    latest = latest || (r->indicators[static_cast<size_t>(cell.indicator)].id == "tf.victims_served_by_year" && cell.period == "2025" && cell.text == "70");
  CHECK(latest);
  CHECK(a->victims_served.text == "180");
  // Report, CSV and run JSON carry the same texts.
  ReportMeta meta;
  meta.run_id = "run-0001";
  std::string html = RenderHtmlReport(*r, meta);
  CHECK(html.find("id=\"caseload\"") != std::string::npos);
  CHECK(html.find("<td>Asian</td><td class=\"n\">18</td>") != std::string::npos);
  CHECK(html.find("By year") != std::string::npos);
  std::string csv = RenderCaseloadCsv(*r);
  CHECK(csv.find("served_by_year,served,year,2024,2024,180\n") != std::string::npos);
  CHECK(csv.find("totals,served,,total,victims who received services,540\n") != std::string::npos);
  CHECK(csv.find("prosecutions_by_year,prosecutions,year,2023,2023,withheld\n") != std::string::npos);
  std::string json = RunJson(*r, meta);
  CHECK(json.find("\"id\":\"served_by_year\"") != std::string::npos);
  CHECK(json.find("\"asian\":18") != std::string::npos);
}

TEST_CASE("caseload with no data sheets says so, with how to add them") {
  AssessmentInput in = Project();
  in.data_sheets.clear();
  auto r = Assess(in, DefaultProfile(), {});
  REQUIRE(r.ok());
  CHECK(r->taskforce_tables.empty());
  ReportMeta meta;
  std::string html = RenderHtmlReport(*r, meta);
  CHECK(html.find("No data yet.") != std::string::npos);
  CHECK(html.find("--form taskforce_data_sheet") != std::string::npos);
  CHECK(RenderCaseloadCsv(*r) == "table,group,dimension,row,label,count\n");
}
