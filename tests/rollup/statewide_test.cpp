// The statewide report over a real server: every task force on one table, the areas no task
// force covers, sharp differences across jurisdiction lines, the map; and the disclosure
// attack suite: a reader who holds the statewide report, every task force's own published
// counts and the earlier statewide reports, combining every sum, recovers no small count.
#include <random>

#include "assessment/suppression.h"
#include "attack.h"
#include "rollup/push.h"
#include "rollup/statewide.h"
#include "rollup_fixture.h"
#include "test_support.h"

namespace canvass::testing {

namespace as = assessment;
namespace attack = assessment::attack;

namespace {

// Pushes one run per task force (role -> areas) and makes the statewide report as the state.
rollup::StatewideReport Report(const std::map<std::string, std::vector<AreaSpec>>& by_role, const std::string& run_id,
                               const std::string& when, rollup::StatewideOptions opt = {}, std::map<std::string, double> tips = {}) {
  for (const auto& [role, areas] : by_role) {
    auto c = ConnectAs(role);
    auto r = rollup::Push(c.get(), MakeAggregates(run_id, when, areas, tips.count(role) ? tips[role] : 40), false);
    INFO(r.status().message());
    REQUIRE(r.ok());
  }
  auto state = ConnectAs(kStateRole);
  auto in = rollup::LoadStatewide(state.get());
  INFO(in.status().message());
  REQUIRE(in.ok());
  auto rep = rollup::BuildStatewideReport(*in, opt);
  REQUIRE(rollup::RecordStatewideReport(state.get(), rep).ok());
  return rep;
}

// The report's CSV as section|area|task force|measure -> text.
std::map<std::string, std::string> Cells(const std::string& csv) {
  std::map<std::string, std::string> out;
  size_t at = csv.find('\n') + 1;
  while (at < csv.size()) {
    size_t end = csv.find('\n', at);
    std::string line = csv.substr(at, end - at);
    at = end + 1;
    std::vector<std::string> f;
    size_t s = 0;
    for (size_t e; (e = line.find(',', s)) != std::string::npos; s = e + 1) f.push_back(line.substr(s, e - s));
    f.push_back(line.substr(s));
    if (f.size() >= 6) out[f[0] + "|" + f[1] + "|" + f[3] + "|" + f[4]] = f[5];
  }
  return out;
}

attack::Published Pub(const std::string& text) {
  attack::Published p;
  if (text == "withheld") p.withheld = true;
  else if (!text.empty()) { p.known = true; p.value = std::stod(text); }
  return p;
}

}  // namespace

TEST_CASE("the ledger never withholds a cell another publication shows, and keeps one it withheld") {
  // Without MarkPublished the plain ledger protects the 3 by withholding the 12 beside it,
  // which the task force's own report shows anyway: 15 - 12 = 3.
  as::SuppressionLedger plain;
  int a = plain.Add(12), b = plain.Add(3), t = plain.Add(15);
  plain.AddConstraint({a, b}, t);
  plain.Apply(11);
  CHECK(plain.suppressed(a));
  CHECK_FALSE(plain.suppressed(t));
  as::SuppressionLedger l;
  a = l.Add(12), b = l.Add(3), t = l.Add(15);
  l.AddConstraint({a, b}, t);
  l.MarkPublished(a);
  l.MarkWithheldElsewhere(b);
  l.Apply(11);
  CHECK_FALSE(l.suppressed(a));
  CHECK(l.suppressed(b));
  CHECK(l.suppressed(t));
  // A large count another report withheld (to protect something there) stays withheld, and
  // the sums here keep it uncertain by at least T-1.
  as::SuppressionLedger big;
  int p = big.Add(40), q = big.Add(25), s = big.Add(65);
  big.AddConstraint({p, q}, s);
  big.MarkPublished(p);
  big.MarkWithheldElsewhere(q);
  big.Apply(11);
  CHECK(big.suppressed(q));
  CHECK(big.suppressed(s));
}

TEST_CASE("the statewide report: one table, uncovered areas, sharp differences across lines, the map") {
  FreshDatabase();
  rollup::StatewideOptions opt;
  // 48001-48003-48005 in a row; 48007 next to 48005 and assessed by nobody.
  opt.neighbours = {{"48001", {"48003"}}, {"48003", {"48001", "48005"}}, {"48005", {"48003", "48007"}}, {"48007", {"48005"}}};
  opt.boundaries_geojson = ReadAll(std::string(CANVASS_TEST_DATA) + "/geo/geojson-counties-fips.subset_AK_CT_SD_TX_VA.json");
  opt.boundaries_name = "test counties";
  auto rep = Report({{kNorthRole, {{"48001", 30, 0, 95}, {"48003", 25, 0, 90, false}}},
                     {kSouthRole, {{"48003", 12, 0, 80}, {"48005", 40, 0, 10}}}},
                    "run-0001", "2026-03-01T10:00:00Z", opt);
  auto cells = Cells(rep.csv);
  CHECK(cells["area|48003|North Task Force|concern"] == "25");
  CHECK(cells["area|48003|South Task Force|concern"] == "12");
  CHECK(cells["area_total|48003||concern"] == "37");  // across the two task forces
  CHECK(cells["caseload||all|tips"] == "80");
  // 48007 no one assesses; every other area some task force's sheets cover.
  CHECK(cells.count("uncovered|48007||"));
  CHECK_FALSE(cells.count("uncovered|48003||"));
  // 48003 (best 90) next to 48005 (10), assessed by different task forces: a sharp difference.
  CHECK(rep.csv.find("sharp_difference,48003") != std::string::npos);
  CHECK(rep.csv.find("sharp_difference,48001") == std::string::npos);  // same task force on both sides
  CHECK(rep.html.find("<svg") != std::string::npos);
  CHECK(rep.html.find("North Task Force") != std::string::npos);
}

TEST_CASE("disclosure attack: no small count is recoverable across task forces or successive reports") {
  const double T = 11;
  const char* roles[] = {kNorthRole, kSouthRole};
  const char* names[] = {kNorthName, kSouthName};
  int trials = 0, withheld_checked = 0, changes_checked = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    FreshDatabase();
    std::mt19937 rng(seed);
    auto count = [&] {
      int k = static_cast<int>(rng() % 10);
      return k < 3 ? 0.0 : k < 6 ? 1.0 + rng() % 10 : 11.0 + rng() % 40;
    };
    std::map<std::string, std::vector<AreaSpec>> runs[2];
    for (int r = 0; r < 2; ++r)
      for (int tf = 0; tf < 2; ++tf)
        for (int a = 0; a < 8; ++a) {
          if ((a + tf) % 3 == 0) continue;  // areas the task force does not assess
          AreaSpec s{std::to_string(48001 + 2 * a), count(), count()};
          if (r == 1) {  // the second run: the same, with small changes here and there
            s = runs[0][roles[tf]][runs[1][roles[tf]].size()];
            if (rng() % 3 == 0) s.concern += 1 + rng() % 4;
          }
          runs[r][roles[tf]].push_back(s);
        }
    std::map<std::string, double> tips = {{kNorthRole, count()}, {kSouthRole, count()}};
    auto first = Report(runs[0], "run-0001", "2026-03-01T10:00:00Z", {}, tips);
    auto second = Report(runs[1], "run-0002", "2026-04-01T10:00:00Z", {}, tips);
    ++trials;
    for (int r = 0; r < 2; ++r) {
      const auto& rep = r == 0 ? first : second;
      auto cells = Cells(rep.csv);
      attack::Reader reader;
      std::map<std::string, std::vector<int>> area_members, theme_members;
      std::map<std::string, double> truth;
      std::vector<int> tips_members;
      for (int tf = 0; tf < 2; ++tf) {
        for (const auto& s : runs[r][roles[tf]]) {
          const std::string k = std::string(names[tf]) + "/" + s.id;
          attack::Published own = Pub(OwnShown(s.concern) ? as::FormatCount(s.concern) : "withheld");
          area_members[s.id].push_back(reader.Var(k + "/concern", own));
          truth[k + "/concern"] = s.concern;
          if (s.theme > 0) {
            theme_members[names[tf]].push_back(reader.Var(k + "/theme", Pub(OwnShown(s.theme) ? as::FormatCount(s.theme) : "withheld")));
            truth[k + "/theme"] = s.theme;
          }
        }
        tips_members.push_back(reader.Var(std::string(names[tf]) + "/tips", Pub(OwnShown(tips[roles[tf]]) ? as::FormatCount(tips[roles[tf]]) : "withheld")));
        truth[std::string(names[tf]) + "/tips"] = tips[roles[tf]];
      }
      for (const auto& [area, members] : area_members)
        reader.Sum(members, reader.Var("total/" + area, Pub(cells["area_total|" + area + "||concern"])));
      std::vector<int> tf_themes;
      for (const auto& [tf, members] : theme_members) {
        int total = reader.Var("theme/" + tf, Pub(cells["theme||" + tf + "|place: truck_stops"]));
        reader.Sum(members, total);
        tf_themes.push_back(total);
      }
      if (!tf_themes.empty()) reader.Sum(tf_themes, reader.Var("theme/all", Pub(cells["theme||all|place: truck_stops"])));
      reader.Sum(tips_members, reader.Var("tips/all", Pub(cells["caseload||all|tips"])));
      reader.Solve();
      for (const auto& [key, v] : truth) {
        if (!reader.withheld(key)) continue;
        auto range = reader.Range(key);
        std::string themes_csv;
        for (const auto& [ck, cv] : cells) if (ck.rfind("theme", 0) == 0) themes_csv += ck + "=" + cv + "; ";
        for (const auto& [tk, tv] : truth) if (tk.find("theme") != std::string::npos) themes_csv += tk + "=" + std::to_string(tv) + "; ";
        INFO(themes_csv);
        INFO("seed " << seed << " report " << r << " " << key << " = " << v << ": reader narrows it to " << range.first << ".."
                     << range.second);
        if (v >= 1 && v < T) CHECK((range.first <= 1 && range.second >= T - 1));
        else CHECK((range.first <= std::max(1.0, v - (T - 1)) && range.second >= v + (T - 1)));
        ++withheld_checked;
      }
    }
    // Differencing: every derived count both reports show moved by 0 or by at least T.
    auto c1 = Cells(first.csv), c2 = Cells(second.csv);
    for (const auto& [k, v1] : c1) {
      if (k.rfind("area_total|", 0) != 0 && k.rfind("theme|", 0) != 0 && k.rfind("caseload||all", 0) != 0) continue;
      auto it = c2.find(k);
      if (it == c2.end() || v1 == "withheld" || it->second == "withheld" || v1.empty() || it->second.empty()) continue;
      double d = std::fabs(std::stod(it->second) - std::stod(v1));
      INFO("seed " << seed << " " << k << ": " << v1 << " then " << it->second);
      CHECK((d == 0 || d >= T));
      ++changes_checked;
    }
  }
  CHECK(trials == 12);
  CHECK(withheld_checked > 50);
  CHECK(changes_checked > 20);
}

}  // namespace canvass::testing
