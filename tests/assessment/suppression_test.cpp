// Disclosure control of one publication (assessment/suppression.h): an attacker who knows the
// rules combines every published sum and must never pin a withheld count, nor narrow a
// withheld small count inside 1..T-1; rows of small totals are not shown; earlier releases
// cannot be compared with this one to read a small change.
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <set>

#include "assessment/suppression.h"

using namespace canvass::assessment;

namespace {

// The brute-force attacker for one table: every shown cell as shown, every "withheld" cell any
// whole number from 1 to `cap`, hidden cells ("") unknown (any value from 0). For each cell,
// the set of values some assignment consistent with "members add up to the total" allows.
std::vector<std::set<int>> Feasible(const std::vector<std::string>& cells, const std::string& total, int cap = 60) {
  auto unknown = [](const std::string& t) { return t == "withheld" || t.empty(); };
  std::vector<std::set<int>> seen(cells.size() + 1);
  std::vector<int> v(cells.size(), 0), open;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (unknown(cells[i])) open.push_back(static_cast<int>(i));
    else v[i] = std::stoi(cells[i]);
  }
  if (unknown(total)) {  // no equation to use: every unknown keeps its whole domain
    for (int i : open)
      for (int x = cells[static_cast<size_t>(i)].empty() ? 0 : 1; x <= cap; ++x) seen[static_cast<size_t>(i)].insert(x);
    for (int x = total.empty() ? 0 : 1; x <= cap; ++x) seen.back().insert(x);
    return seen;
  }
  const int target = std::stoi(total);
  int shown = 0;
  for (size_t i = 0; i < cells.size(); ++i)
    if (!unknown(cells[i])) shown += v[i];
  std::function<void(size_t, int)> rec = [&](size_t k, int sum) {
    if (sum > target) return;
    if (k == open.size()) {
      if (sum != target) return;
      for (int u : open) seen[static_cast<size_t>(u)].insert(v[static_cast<size_t>(u)]);
      return;
    }
    size_t i = static_cast<size_t>(open[k]);
    for (int x = cells[i].empty() ? 0 : 1; x <= cap && sum + x <= target; ++x) {
      v[i] = x;
      rec(k + 1, sum + x);
    }
  };
  rec(0, shown);
  return seen;
}

// Every withheld small cell keeps all of 1..T-1; every withheld cell keeps at least 2 values.
void ExpectProtected(const std::vector<int>& truth, const std::vector<std::string>& texts, int truth_total,
                     const std::string& total_text, int T) {
  auto seen = Feasible(texts, total_text);
  std::vector<int> all = truth;
  all.push_back(truth_total);
  std::vector<std::string> shown = texts;
  shown.push_back(total_text);
  for (size_t i = 0; i < all.size(); ++i) {
    if (shown[i] != "withheld") continue;
    INFO("cell " << i << " = " << all[i]);
    REQUIRE(seen[i].count(all[i]));  // the truth is among them (the attacker's model is right)
    CHECK(seen[i].size() >= 2);
    if (all[i] > 0 && all[i] < T)
      for (int x = 1; x < T; ++x) CHECK(seen[i].count(x));
  }
}

}  // namespace

TEST_CASE("ledger: one small cell and a shown total: enough is withheld for 1..T-1 to stay possible") {
  SuppressionLedger l;
  int a = l.Add(3), b = l.Add(20), t = l.Add(23);
  l.AddConstraint({a, b}, t);
  l.Apply(5);
  CHECK(l.Text(a) == "withheld");
  CHECK(l.primary(a));
  CHECK(l.suppressed(b));  // else 23 - 20 = 3
  CHECK(l.Text(t) == "23");
  ExpectProtected({3, 20}, {l.Text(a), l.Text(b)}, 23, l.Text(t), 5);
}

TEST_CASE("ledger: 1 + 5 = 6 is protected without withholding the total: withheld cells all look alike") {
  SuppressionLedger l;
  int a = l.Add(1), b = l.Add(5), t = l.Add(6);
  l.AddConstraint({a, b}, t);
  l.Apply(5);
  CHECK(l.suppressed(a));
  CHECK(l.suppressed(b));
  ExpectProtected({1, 5}, {l.Text(a), l.Text(b)}, 6, l.Text(t), 5);
}

TEST_CASE("ledger: two small cells whose sum leaves room for each protect each other") {
  SuppressionLedger l;
  int a = l.Add(2), b = l.Add(3), c = l.Add(10), t = l.Add(15);
  l.AddConstraint({a, b, c}, t);
  l.Apply(5);
  CHECK(l.Text(a) == "withheld");
  CHECK(l.Text(b) == "withheld");
  CHECK(l.Text(c) == "10");
  CHECK(l.Text(t) == "15");
  CHECK(l.complementary_count() == 0);
}

TEST_CASE("ledger: two small cells that add up to little: a larger cell is withheld too") {
  SuppressionLedger l;
  int a = l.Add(1), b = l.Add(2), c = l.Add(30), t = l.Add(33);
  l.AddConstraint({a, b, c}, t);
  l.Apply(11);
  // a + b = 3 would leave a in [1, 2]: c is withheld so that a may be anything up to 10.
  CHECK(l.suppressed(c));
  ExpectProtected({1, 2, 30}, {l.Text(a), l.Text(b), l.Text(c)}, 33, l.Text(t), 11);
}

TEST_CASE("ledger: zeros and counts at the threshold are shown, the rows of a small total are not shown at all") {
  SuppressionLedger l;
  int z = l.Add(0), k = l.Add(11);
  int r1 = l.Add(3), r2 = l.Add(0), r3 = l.Add(1), t = l.Add(4);
  l.AddConstraint({r1, r2, r3}, t);
  l.Apply(11);
  CHECK(l.Text(z) == "0");
  CHECK(l.Text(k) == "11");
  CHECK(l.Text(t) == "withheld");
  // Shown as "withheld", 3 and 1 would say the total is at least 2; the 0 would say which rows hold it.
  for (int r : {r1, r2, r3}) {
    CHECK(l.hidden(r));
    CHECK(l.Text(r).empty());
  }
  auto b = l.Bounds(t);
  CHECK(b.first <= 1);
  CHECK(b.second >= 10);
}

TEST_CASE("ledger: a part of a small whole is hidden, a part of a large whole keeps its full range") {
  SuppressionLedger l;
  int whole = l.Add(6), part = l.Add(2), big = l.Add(40), part2 = l.Add(3);
  l.AddPart(part, whole);
  l.AddPart(part2, big);
  l.Apply(11);
  CHECK(l.hidden(part));
  CHECK(l.Text(big) == "40");
  CHECK(l.Text(part2) == "withheld");
  auto b = l.Bounds(part2);
  CHECK(b.first == 1);
  CHECK(b.second >= 10);
}

TEST_CASE("ledger: linked tables are protected together (a cell is a total here and a row there)") {
  // Table 1: x + y = T1 (shown 40); table 2: T1 is one row of a bigger table with total 100.
  SuppressionLedger l;
  int x = l.Add(4), y = l.Add(36), t1 = l.Add(40), other = l.Add(60), t2 = l.Add(100);
  l.AddConstraint({x, y}, t1);
  l.AddConstraint({t1, other}, t2);
  l.Apply(11);
  CHECK(l.suppressed(x));
  // Whatever else is withheld, the attacker who combines both sums cannot narrow x.
  auto b = l.Bounds(x);
  CHECK(b.first <= 1);
  CHECK(b.second >= 10);
  // Withholding y alone would do here: t1 = 40 is shown and y in [30, 39] fits.
  CHECK(l.Text(t1) == "40");
  CHECK(l.Text(t2) == "100");
}

TEST_CASE("ledger: a count that moved by fewer than T since an earlier release is withheld, with what protects it") {
  SuppressionLedger l;
  int a = l.Add(25, "area/1/concern"), b = l.Add(30, "area/2/concern"), c = l.Add(44, "area/3/concern"), t = l.Add(99, "total");
  l.AddConstraint({a, b, c}, t);
  l.AddPriorRelease({{"area/1/concern", 22}, {"area/2/concern", 30}, {"area/3/concern", 30}, {"total", 82}});
  l.Apply(11);
  CHECK(l.suppressed(a));   // 22 -> 25: a change of 3 would tell three interviews' area
  CHECK(l.differencing_count() == 1);  // b did not move, c moved by 14, the total by 17: not small
  // With b, c and the total shown, 99 - 74 would give a back: one more is withheld to protect it.
  CHECK(l.complementary_count() >= 1);
  auto r = l.Bounds(a);
  CHECK(r.first <= 22 - 10);
  CHECK(r.second >= 22 + 10);
  // The next release compares with what this one showed, and only that.
  auto shown = l.ShownByKey();
  CHECK_FALSE(shown.count("area/1/concern"));
  for (const auto& [k, v] : shown) CHECK(!l.suppressed(k == "total" ? t : k == "area/2/concern" ? b : c));
}

TEST_CASE("random linked tables: no withheld count is pinned, no small one narrowed (brute force per table)") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const int T = trial % 2 ? 5 : 11;
    int n = 2 + static_cast<int>(rng() % 3);
    SuppressionLedger l;
    std::vector<int> ids, vals;
    int sum = 0;
    for (int i = 0; i < n; ++i) {
      int v = rng() % 3 == 0 ? static_cast<int>(rng() % 4) : static_cast<int>(rng() % 30);
      ids.push_back(l.Add(v));
      vals.push_back(v);
      sum += v;
    }
    int t = l.Add(sum);
    l.AddConstraint(ids, t);
    l.Apply(T);
    std::vector<std::string> texts;
    for (int id : ids) texts.push_back(l.Text(id));
    INFO("trial " << trial);
    ExpectProtected(vals, texts, sum, l.Text(t), T);
  }
}

// The complement search remembers its dead ends (a cell whose search failed at some depth is
// not searched again from a deeper one). That must change only the time it takes: on linked
// two-way tables and on the caseload's shape (sheets, years, totals), where the search goes
// several sums deep, both ways withhold the same cells.
TEST_CASE("ledger: remembering the search's dead ends withholds the same cells as searching them again") {
  std::mt19937 rng(23);
  int complements = 0, deep = 0;
  size_t skips = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int T = trial % 3 ? 11 : 5;
    const int rows = 2 + static_cast<int>(rng() % 7), cols = 2 + static_cast<int>(rng() % 7);
    auto build = [&](SuppressionLedger* l, std::mt19937 r) {
      std::vector<std::vector<int>> cell(static_cast<size_t>(rows), std::vector<int>(static_cast<size_t>(cols)));
      std::vector<int> row_sum(static_cast<size_t>(rows), 0), col_sum(static_cast<size_t>(cols), 0);
      for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
          // Mostly small counts: most cells withheld, so the search often finds a row's and a
          // column's sums used up and goes further.
          int v = r() % 10 < 7 ? 1 + static_cast<int>(r() % static_cast<unsigned>(T - 1)) : static_cast<int>(r() % 40);
          cell[static_cast<size_t>(i)][static_cast<size_t>(j)] = l->Add(v);
          row_sum[static_cast<size_t>(i)] += v;
          col_sum[static_cast<size_t>(j)] += v;
        }
      std::vector<int> row_total, col_total;
      int grand = 0;
      for (int i = 0; i < rows; ++i) {
        row_total.push_back(l->Add(row_sum[static_cast<size_t>(i)]));
        l->AddConstraint(cell[static_cast<size_t>(i)], row_total.back());
        grand += row_sum[static_cast<size_t>(i)];
      }
      for (int j = 0; j < cols; ++j) {
        std::vector<int> members;
        for (int i = 0; i < rows; ++i) members.push_back(cell[static_cast<size_t>(i)][static_cast<size_t>(j)]);
        col_total.push_back(l->Add(col_sum[static_cast<size_t>(j)]));
        l->AddConstraint(members, col_total.back());
      }
      int g = l->Add(grand);
      l->AddConstraint(row_total, g);
      l->AddConstraint(col_total, g);
      if (r() % 2) l->AddPart(cell[0][0], row_total[0]);  // a part, as a form is of an area's concern
    };
    // The caseload's shape (scoring_protect.cpp): sheets whose totals split into years and a
    // rest, the group total over the sheets, and the year table over the sheets' years.
    auto caseload = [&](SuppressionLedger* l, std::mt19937 r) {
      const int sheets = 10 + static_cast<int>(r() % 40), years = 2 + static_cast<int>(r() % 3);
      std::vector<int> totals, rests;
      std::vector<std::vector<int>> by_year(static_cast<size_t>(years));
      std::vector<double> year_sum(static_cast<size_t>(years), 0);
      double grand = 0, rest_sum = 0;
      for (int k = 0; k < sheets; ++k) {
        std::vector<int> parts;
        double total = 0;
        for (int y = 0; y < years; ++y) {
          int v = r() % 3 ? static_cast<int>(r() % static_cast<unsigned>(T)) : static_cast<int>(r() % 30);
          if (r() % 4 == 0) continue;  // a sheet without this year
          parts.push_back(l->Add(v));
          by_year[static_cast<size_t>(y)].push_back(parts.back());
          year_sum[static_cast<size_t>(y)] += v;
          total += v;
        }
        int rest = static_cast<int>(r() % 3);
        rests.push_back(l->Add(rest));
        parts.push_back(rests.back());
        rest_sum += rest;
        total += rest;
        totals.push_back(l->Add(total));
        l->AddConstraint(parts, totals.back());
        grand += total;
      }
      int g = l->Add(grand);
      l->AddConstraint(totals, g);
      std::vector<int> rows;
      for (int y = 0; y < years; ++y) {
        rows.push_back(l->Add(year_sum[static_cast<size_t>(y)]));
        l->AddConstraint(by_year[static_cast<size_t>(y)], rows.back());
      }
      rows.push_back(l->Add(rest_sum));
      l->AddConstraint(rests, rows.back());
      l->AddConstraint(rows, g);
    };
    SuppressionLedger with, without;
    without.set_remember_dead_ends(false);
    if (trial % 2) {
      caseload(&with, std::mt19937(static_cast<unsigned>(trial)));
      caseload(&without, std::mt19937(static_cast<unsigned>(trial)));
    } else {
      build(&with, std::mt19937(static_cast<unsigned>(trial)));
      build(&without, std::mt19937(static_cast<unsigned>(trial)));
    }
    with.Apply(T);
    without.Apply(T);
    REQUIRE(with.size() == without.size());
    std::string a, b;
    for (int i = 0; i < static_cast<int>(with.size()); ++i) {
      a += with.Text(i) + ",";
      b += without.Text(i) + ",";
    }
    INFO("trial " << trial << (trial % 2 ? " (caseload" : " (two-way table") << ", T " << T << ")");
    CHECK(a == b);
    complements += with.complementary_count() > 0 ? 1 : 0;
    deep += with.complementary_count() > rows ? 1 : 0;
    skips += with.dead_end_skips();
    CHECK(without.dead_end_skips() == 0);
  }
  // The tables exercise the search: most need complements, many more than one per row, and
  // the remembered dead ends are used thousands of times (31,000 when this was written).
  CHECK(complements > 200);
  CHECK(deep > 50);
  CHECK(skips > 5000);
}
