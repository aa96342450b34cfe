// Small-cell suppression: a reader who knows the rules tries to recover every suppressed
// count from what the outputs show (tables and their totals) and never pins one down.
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <set>

#include "assessment/report.h"
#include "assessment/scoring.h"
#include "assessment/suppression.h"

using namespace canvass::assessment;
using canvass::core::Value;

namespace {

// The attacker: a table's shown cells, its suppressed cells ("<T": 1..T-1, "(s)": 0 or >= T)
// and its total (shown or not). Returns, for every "<T" cell, how many values remain possible
// (brute force over the hidden cells, values up to `cap`).
std::vector<int> Possibilities(const std::vector<std::string>& cells, const std::string& total, int T, int cap = 80) {
  std::vector<int> hidden;
  double shown = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i][0] == '<' || cells[i] == "(s)") hidden.push_back(static_cast<int>(i));
    else shown += std::stod(cells[i]);
  }
  bool total_known = total[0] != '<' && total != "(s)";
  std::vector<std::set<int>> seen(cells.size());
  if (!total_known) {  // no equation: every cell keeps its whole range
    std::vector<int> out;
    for (int i : hidden) if (cells[static_cast<size_t>(i)][0] == '<') out.push_back(T - 1);
    return out;
  }
  double target = std::stod(total) - shown;
  std::vector<int> v(hidden.size(), 0);
  auto ok = [&](size_t k, int x) {
    const std::string& c = cells[static_cast<size_t>(hidden[k])];
    return c[0] == '<' ? (x >= 1 && x < T) : (x == 0 || x >= T);
  };
  std::function<void(size_t, int)> rec = [&](size_t k, int sum) {
    if (k == hidden.size()) {
      if (sum == static_cast<int>(target))
        for (size_t j = 0; j < hidden.size(); ++j) seen[static_cast<size_t>(hidden[j])].insert(v[j]);
      return;
    }
    for (int x = 0; x <= cap && sum + x <= target; ++x)
      if (ok(k, x)) { v[k] = x; rec(k + 1, sum + x); }
  };
  rec(0, 0);
  std::vector<int> out;
  for (int i : hidden) if (cells[static_cast<size_t>(i)][0] == '<') out.push_back(static_cast<int>(seen[static_cast<size_t>(i)].size()));
  return out;
}

// The text of a count in the run JSON (version 2): a number shown, a string (suppressed: what
// is shown), null (unknown), or {"text","value"}.
std::string CountText(const Value& c) {
  if (c.is_number()) return FormatCount(c.as_number());
  if (c.is_string()) return c.as_string();
  if (c.is_null()) return "n/a";
  return c.Find("text")->as_string();
}

// rows: {"key": count} (tables), or an area's array of counts (null = no row).
void AttackTable(const Value& rows, const Value& total, int T) {
  std::vector<std::string> cells;
  if (rows.is_object())
    for (const auto& [k, c] : rows.as_object()) cells.push_back(CountText(c));
  else
    for (const auto& c : rows.as_array())
      if (!c.is_null()) cells.push_back(CountText(c));
  for (int n : Possibilities(cells, CountText(total), T)) CHECK(n >= 2);
}

}  // namespace

TEST_CASE("ledger: the classic leaks are closed") {
  SECTION("one small cell and a shown total") {
    SuppressionLedger l;
    int a = l.Add(3), b = l.Add(20), t = l.Add(23);
    l.AddConstraint({a, b}, t);
    l.Apply(5);
    CHECK(l.Text(a) == "<5");
    CHECK(l.suppressed(b));  // else 23 - 20 = 3
  }
  SECTION("1 + 5 = 6: the complementary 5 is the only value >= 5 that fits, so the total goes too") {
    SuppressionLedger l;
    int a = l.Add(1), b = l.Add(5), t = l.Add(6);
    l.AddConstraint({a, b}, t);
    l.Apply(5);
    CHECK(l.suppressed(t));
  }
  SECTION("two small cells protect each other when their sum leaves room") {
    SuppressionLedger l;
    int a = l.Add(2), b = l.Add(3), c = l.Add(10), t = l.Add(15);
    l.AddConstraint({a, b, c}, t);
    l.Apply(5);
    CHECK(l.Text(a) == "<5");
    CHECK(l.Text(b) == "<5");
    CHECK(l.Text(c) == "10");
    CHECK(l.Text(t) == "15");
  }
  SECTION("zeros are shown; counts at the threshold are shown") {
    SuppressionLedger l;
    int z = l.Add(0), k = l.Add(5);
    l.Apply(5);
    CHECK(l.Text(z) == "0");
    CHECK(l.Text(k) == "5");
  }
}

TEST_CASE("random tables: no suppressed count can be recovered by subtraction") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    int n = 2 + static_cast<int>(rng() % 4);
    SuppressionLedger l;
    std::vector<int> ids;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      double v = rng() % 3 == 0 ? rng() % 5 : rng() % 25;
      ids.push_back(l.Add(v));
      sum += v;
    }
    int t = l.Add(sum);
    l.AddConstraint(ids, t);
    l.Apply(5);
    std::vector<std::string> cells;
    for (int id : ids) cells.push_back(l.Text(id));
    for (int p : Possibilities(cells, l.Text(t), 5)) CHECK(p >= 2);
  }
}

TEST_CASE("the report and JSON export of a small project leak no small count") {
  AssessmentInput in;
  in.project_name = "Leak test";
  for (const char* id : {"48001", "48003", "48005"}) {
    Area a;
    a.id = id;
    a.level = "county";
    a.name = std::string("County ") + id;
    in.areas.push_back(a);
  }
  // 48001: 3 street_outreach + 1 legal (total 4); 48003: 9 + 2 (total 11); 48005: 1.
  auto add = [&](const char* area, const char* role, int n) {
    for (int i = 0; i < n; ++i) {
      StakeholderFact s;
      s.form_id = "outreach_provider";
      s.role = role;
      s.concern = "yes";
      s.concern_areas = {area};
      in.stakeholders.push_back(s);
    }
  };
  add("48001", "street_outreach", 3);
  add("48001", "legal_service_provider", 1);
  add("48003", "street_outreach", 9);
  add("48003", "legal_service_provider", 2);
  add("48005", "youth_outreach", 1);
  DataSheetFact sh;
  sh.areas = {"48003"};
  sh.tips_total = 23;
  sh.tables["tips_by_source"] = {{"national_hotline", 20}, {"schools", 3}};
  in.data_sheets.push_back(sh);
  auto r = Assess(in, DefaultProfile(), {});
  REQUIRE(r.ok());
  ReportMeta meta;
  meta.run_id = "run-0001";
  Value json = ResultToJson(*r, meta);
  const int T = 5;
  for (const auto& a : json.Find("areas")->as_array()) AttackTable(*a.Find("concern_by_role"), *a.Find("concern"), T);
  for (const auto& t : json.Find("taskforce_tables")->as_array())
    if (CountText(*t.Find("total")) != "n/a") AttackTable(*t.Find("rows"), *t.Find("total"), T);
  AttackTable(*json.Find("interviews")->Find("rows"), *json.Find("interviews")->Find("total"), T);
  // The true small values appear nowhere as a count.
  std::string text = json.ToJson();
  CHECK(text.find("\"schools\":\"<5\"") != std::string::npos);
  const AreaResult& a1 = *r->Find("48001");
  CHECK(a1.concern.text == "<5");
  for (const auto& [role, c] : a1.concern_by_role) CHECK_FALSE(c.value.has_value());
  // HTML: the small cells are shown as "<5" and their values are not printed beside them.
  std::string html = RenderHtmlReport(*r, meta);
  CHECK(html.find("<td>legal service provider</td><td class=\"n\">&lt;5</td>") != std::string::npos);
  CHECK(html.find("<td>legal service provider</td><td class=\"n\">1</td>") == std::string::npos);
  CHECK(html.find("<td>legal service provider</td><td class=\"n\">2</td>") == std::string::npos);
  CHECK(html.find("<td>schools</td><td class=\"n\">3</td>") == std::string::npos);
  // A rate or percentile of a suppressed count would give it back (rate x population).
  for (const auto& c : a1.indicators)
    if (r->indicators[static_cast<size_t>(c.indicator)].project_data && c.text == "<5") {
      CHECK_FALSE(c.rate.has_value());
      CHECK_FALSE(c.percentile.has_value());
    }
  std::string csv = RenderScoresCsv(*r);
  CHECK(csv.find("48005,County 48005") != std::string::npos);
  CHECK(csv.find(",1,no,") == std::string::npos);
}
