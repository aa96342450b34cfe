// BuildStatewideReport: one SuppressionLedger for every count the report shows or derives
// (each task force's own cells as its report left them, the sums across task forces), then the
// HTML page (tables, map, uncovered areas, sharp differences across lines) and the CSV.
// [SECTION] the ledger's cells (AddCells)   [SECTION] the page (Page::*)   [SECTION] BuildStatewideReport
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "assessment/caseload.h"
#include "assessment/report.h"
#include "assessment/suppression.h"
#include "core/value.h"
#include "rollup/statewide.h"

namespace canvass::rollup {

namespace as = assessment;
using core::HtmlEscape;

namespace {

// The ledger's cells and the texts they give.
struct Cells {
  as::SuppressionLedger ledger;
  std::map<std::string, int> id;  // key -> cell
  int Add(const std::string& key, double v) { return id[key] = ledger.Add(v, key); }
  std::string Text(const std::string& key) const {
    auto it = id.find(key);
    return it == id.end() ? "" : ledger.Text(it->second);
  }
};

// A task force's own cell: known to every reader if its report showed it, else withheld
// there and here.
int OwnCell(Cells* c, const std::string& key, double v, bool shown) {
  int cell = c->Add(key, v);
  if (shown) c->ledger.MarkPublished(cell);
  else c->ledger.MarkWithheldElsewhere(cell);
  return cell;
}

struct Model {
  Cells cells;
  std::map<std::string, std::string> names;                       // area id -> name
  std::map<std::string, std::vector<const AreaScoreRow*>> by_area;  // area -> its rows (all task forces)
  std::map<const AreaScoreRow*, std::string> tf_of;
  std::map<std::string, std::vector<std::string>> tfs_of_area;
  std::set<std::string> themes;
};

void AddCells(const StatewideInput& in, Model* m) {
  std::map<std::string, std::vector<int>> concern_members, group_members, theme_members;
  for (const auto& p : in.pushes) {
    for (const auto& a : p.areas) {
      m->names.emplace(a.area_id, a.area_name);
      m->by_area[a.area_id].push_back(&a);
      m->tf_of[&a] = p.task_force;
      m->tfs_of_area[a.area_id].push_back(p.task_force);
    }
    std::map<std::string, std::vector<int>> tf_theme;
    for (const auto& c : p.counts) {
      if (c.area_id.empty()) {
        group_members[c.measure].push_back(OwnCell(&m->cells, "tf/" + p.task_force + "/total/" + c.measure, c.value, c.shown));
      } else if (c.measure == "concern") {
        concern_members[c.area_id].push_back(
            OwnCell(&m->cells, "tf/" + p.task_force + "/area/" + c.area_id + "/concern", c.value, c.shown));
      }
    }
    for (const auto& t : p.themes)
      tf_theme[t.theme].push_back(OwnCell(&m->cells, "tf/" + p.task_force + "/area/" + t.area_id + "/theme/" + t.theme, t.value, t.shown));
    for (const auto& [theme, members] : tf_theme) {
      double sum = 0;
      for (int x : members) sum += m->cells.ledger.value(x);
      int total = m->cells.Add("tf/" + p.task_force + "/theme/" + theme, sum);
      m->cells.ledger.AddConstraint(members, total);
      theme_members[theme].push_back(total);
      m->themes.insert(theme);
    }
  }
  auto sums = [&](const std::map<std::string, std::vector<int>>& groups, const std::string& prefix, const std::string& suffix) {
    for (const auto& [k, members] : groups) {
      double sum = 0;
      for (int x : members) sum += m->cells.ledger.value(x);
      m->cells.ledger.AddConstraint(members, m->cells.Add(prefix + k + suffix, sum));
    }
  };
  sums(concern_members, "state/area/", "/concern");
  sums(group_members, "state/total/", "");
  sums(theme_members, "state/theme/", "");
}

std::string Pct(const std::optional<double>& v) {
  if (!v) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.0f", *v);
  return b;
}

std::string OwnText(const TaskForcePush& p, const std::string& area, const std::string& measure) {
  for (const auto& c : p.counts)
    if (c.area_id == area && c.measure == measure) return c.shown ? as::FormatCount(c.value) : "withheld";
  return "n/a";
}

// The best (highest) risk percentile of an area over the task forces that assess it.
std::map<std::string, double> BestRisk(const Model& m) {
  std::map<std::string, double> out;
  for (const auto& [area, rows] : m.by_area)
    for (const auto* r : rows)
      if (r->risk_percentile) out[area] = std::max(out.count(area) ? out[area] : 0.0, *r->risk_percentile);
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

const char* kCss =
    "body{font-family:sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}th{background:#eee}.note{color:#555}";

// The page being written: HTML and CSV side by side, from the model and its ledger.
struct Page {
  const StatewideInput& in;
  const StatewideOptions& opt;
  Model& m;
  StatewideReport& out;
  std::map<std::string, double> best;  // area -> highest risk percentile

  void Csv(const std::string& section, const std::string& area, const std::string& tf, const std::string& measure,
           const std::string& value) {
    auto q = [](const std::string& s) {
      if (s.find_first_of(",\"\n") == std::string::npos) return s;
      std::string o = "\"";
      for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
      return o + "\"";
    };
    out.csv += section + "," + q(area) + "," + q(area.empty() ? "" : m.names[area]) + "," + q(tf) + "," + q(measure) + "," +
               q(value) + "\n";
  }
  void Header();
  void Map();
  void Areas();
  void Caseload();
  void Themes();
  void Uncovered();
  void SharpDifferences();
};

void Page::Header() {
  std::string& h = out.html;
  h = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" "
      "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><title>Statewide assessment</title><style>" +
      std::string(kCss) + "</style></head><body><h1>Statewide assessment: " + std::to_string(in.pushes.size()) +
      (in.pushes.size() == 1 ? " task force</h1>" : " task forces</h1>");
  h += "<p>Made " + HtmlEscape(opt.created_at) + " from the task forces' de-identified aggregates. Counts from 1 to " +
       std::to_string(out.threshold - 1) + " are withheld, and so is any count or sum that would let a reader work one out, "
            "here or by comparing this report with the task forces' own reports or with earlier statewide reports.</p>";
  h += "<table><tr><th>Task force</th><th>Period</th><th>Run</th><th>Run date</th><th>Signing key</th><th>Areas</th></tr>";
  for (const auto& p : in.pushes)
    h += "<tr><td>" + HtmlEscape(p.task_force) + "</td><td>" + HtmlEscape(p.period) + "</td><td>" + HtmlEscape(p.run_id) + "</td><td>" +
         HtmlEscape(p.run_created_at) + "</td><td><code>" + HtmlEscape(p.signing_key.substr(0, 16)) + "…</code></td><td>" +
         std::to_string(p.areas.size()) + "</td></tr>";
  h += "</table>";
}

// The map: the best risk percentile over the task forces that assess each area.
void Page::Map() {
  if (opt.boundaries_geojson.empty()) return;
  auto geo = core::ParseJson(opt.boundaries_geojson, opt.boundaries_name, {size_t{256} << 20, 64});
  if (!geo.ok()) {
    out.html += "<p class=\"note\">The boundaries could not be read (" + HtmlEscape(geo.status().message()) + "): map omitted.</p>";
    return;
  }
  std::map<std::string, std::string> titles;
  for (const auto& [a, v] : best) titles[a] = m.names[a] + ": risk percentile " + Pct(v);
  int drawn = 0;
  std::string svg = as::SvgChoropleth(*geo, best, titles, &drawn);
  if (drawn) out.html += "<h2>Map</h2><p>Highest risk percentile among the task forces that assess each area (grey: none).</p>" + svg;
}

// One row per area and task force; the sum across task forces on the area's first row.
void Page::Areas() {
  std::string& h = out.html;
  h += "<h2>Areas</h2><table><tr><th>Area</th><th>Task force</th><th>Rank (interval)</th><th>Risk percentile</th>"
       "<th>Coverage</th><th>Stakeholders concerned</th><th>All task forces</th><th>Tips</th><th>Victims served</th></tr>";
  std::map<std::string, const TaskForcePush*> push_of;
  for (const auto& p : in.pushes) push_of[p.task_force] = &p;
  for (const auto& [area, rows] : m.by_area) {
    const std::string total = m.cells.Text("state/area/" + area + "/concern");
    for (size_t i = 0; i < rows.size(); ++i) {
      const AreaScoreRow* r = rows[i];
      const TaskForcePush& p = *push_of[m.tf_of.at(r)];
      std::string rank = r->rank ? std::to_string(r->rank) + " (" + std::to_string(r->rank_low) + "–" + std::to_string(r->rank_high) + ")"
                                 : "not ranked";
      const std::string concern = OwnText(p, area, "concern"), tips = OwnText(p, area, "tips"), served = OwnText(p, area, "served");
      h += "<tr><td>" + HtmlEscape(r->area_name) + " (" + HtmlEscape(area) + ")</td><td>" + HtmlEscape(p.task_force) + "</td><td>" +
           rank + "</td><td>" + Pct(r->risk_percentile) + "</td><td>" + Pct(r->coverage * 100) + "%</td><td>" + concern + "</td><td>" +
           (i == 0 ? HtmlEscape(total) : std::string()) + "</td><td>" + tips + "</td><td>" + served + "</td></tr>";
      Csv("area", area, p.task_force, "rank", r->rank ? std::to_string(r->rank) : "");
      Csv("area", area, p.task_force, "risk_percentile", Pct(r->risk_percentile));
      Csv("area", area, p.task_force, "concern", concern);
      Csv("area", area, p.task_force, "tips", tips);
      Csv("area", area, p.task_force, "served", served);
    }
    if (!total.empty()) Csv("area_total", area, "", "concern", total);
  }
  h += "</table>";
}

// Caseload totals per task force (as their reports show them) and their sums.
void Page::Caseload() {
  std::string& h = out.html;
  h += "<h2>Task-force caseload</h2><table><tr><th>Task force</th>";
  for (const char* g : as::kCaseloadGroups) h += std::string("<th>") + g + "</th>";
  h += "</tr>";
  auto row = [&](const std::string& label, const std::string& tf, const std::function<std::string(const char*)>& text_of) {
    h += "<tr><td>" + HtmlEscape(label) + "</td>";
    for (const char* g : as::kCaseloadGroups) {
      std::string t = text_of(g);
      h += "<td>" + HtmlEscape(t) + "</td>";
      if (!t.empty()) Csv("caseload", "", tf, g, t);
    }
    h += "</tr>";
  };
  for (const auto& p : in.pushes)
    row(p.task_force, p.task_force, [&](const char* g) {
      std::string t = OwnText(p, "", g);
      return t == "n/a" ? std::string() : t;
    });
  row("All task forces", "all", [&](const char* g) { return m.cells.Text(std::string("state/total/") + g); });
  h += "</table>";
}

// Themes: per task force (its areas added up) and statewide.
void Page::Themes() {
  if (m.themes.empty()) return;
  std::string& h = out.html;
  h += "<h2>Themes</h2><p class=\"note\">Mentions: stakeholders naming an area with the theme, added over the areas.</p>"
       "<table><tr><th>Theme</th><th>All task forces</th>";
  for (const auto& p : in.pushes) h += "<th>" + HtmlEscape(p.task_force) + "</th>";
  h += "</tr>";
  for (const auto& t : m.themes) {
    std::string all = m.cells.Text("state/theme/" + t);
    h += "<tr><td>" + HtmlEscape(t) + "</td><td>" + HtmlEscape(all) + "</td>";
    Csv("theme", "", "all", t, all);
    for (const auto& p : in.pushes) {
      std::string x = m.cells.Text("tf/" + p.task_force + "/theme/" + t);
      h += "<td>" + HtmlEscape(x) + "</td>";
      if (!x.empty()) Csv("theme", "", p.task_force, t, x);
    }
    h += "</tr>";
  }
  h += "</table>";
}

// Areas no task force's data sheets cover, of every area known here (pushed or adjacent).
void Page::Uncovered() {
  std::set<std::string> universe;
  for (const auto& [a, rows] : m.by_area) universe.insert(a);
  for (const auto& [a, ns] : opt.neighbours) universe.insert(a);
  std::vector<std::string> uncovered;
  for (const auto& a : universe) {
    bool covered = false;
    auto it = m.by_area.find(a);
    if (it != m.by_area.end())
      for (const auto* r : it->second) covered |= r->taskforce_covered;
    if (!covered) uncovered.push_back(a);
  }
  std::string& h = out.html;
  h += "<h2>Areas no task force covers</h2><p>" + std::to_string(uncovered.size()) +
       " areas (no task force's data sheets cover them; \"assessed by\" names task forces that score them).</p>"
       "<table><tr><th>Area</th><th>Assessed by</th></tr>";
  for (const auto& a : uncovered) {
    std::string by = Join(m.tfs_of_area[a]);
    h += "<tr><td>" + HtmlEscape(m.names.count(a) ? m.names[a] + " (" + a + ")" : a) + "</td><td>" +
         HtmlEscape(by.empty() ? "none" : by) + "</td></tr>";
    Csv("uncovered", a, by, "", "");
  }
  h += "</table>";
}

// Neighbours assessed by different task forces whose risk differs sharply.
void Page::SharpDifferences() {
  std::string& h = out.html;
  h += "<h2>Sharp differences across jurisdiction lines</h2>";
  if (opt.neighbours.empty()) {
    h += "<p class=\"note\">No county adjacency given (--adjacency FILE): not checked.</p>";
    return;
  }
  h += "<p>Neighbouring areas assessed by different task forces whose risk percentiles differ by " + Pct(opt.sharp_difference) +
       " points or more: worth a look at how each side measures.</p><table><tr><th>Area</th><th>Task force</th><th>Risk</th>"
       "<th>Neighbour</th><th>Task force</th><th>Risk</th></tr>";
  for (const auto& [a, ns] : opt.neighbours)
    for (const auto& b : ns) {
      if (!(a < b) || !best.count(a) || !best.count(b)) continue;
      const auto& ta = m.tfs_of_area[a];
      const auto& tb = m.tfs_of_area[b];
      if (std::set<std::string>(ta.begin(), ta.end()) == std::set<std::string>(tb.begin(), tb.end())) continue;
      if (std::fabs(best[a] - best[b]) < opt.sharp_difference) continue;
      h += "<tr><td>" + HtmlEscape(m.names[a]) + "</td><td>" + HtmlEscape(Join(ta)) + "</td><td>" + Pct(best[a]) + "</td><td>" +
           HtmlEscape(m.names[b]) + "</td><td>" + HtmlEscape(Join(tb)) + "</td><td>" + Pct(best[b]) + "</td></tr>";
      Csv("sharp_difference", a, Join(ta), b, Pct(best[a]) + " vs " + Pct(best[b]));
    }
  h += "</table>";
}

}  // namespace

StatewideReport BuildStatewideReport(const StatewideInput& in, const StatewideOptions& opt) {
  StatewideReport out;
  out.threshold = opt.threshold;
  for (const auto& p : in.pushes) out.threshold = std::max(out.threshold, p.threshold);
  Model m;
  AddCells(in, &m);
  for (const auto& e : in.earlier) m.cells.ledger.AddPriorRelease(e);
  m.cells.ledger.Apply(out.threshold);
  // The ledger's entry: every derived count shown (the task forces' own cells are theirs).
  for (const auto& [key, id] : m.cells.id) {
    if (key.rfind("state/", 0) != 0 && key.find("/theme/") == std::string::npos) continue;
    if (key.rfind("tf/", 0) == 0 && key.find("/area/") != std::string::npos) continue;
    if (!m.cells.ledger.suppressed(id)) out.shown[key] = m.cells.ledger.value(id);
  }
  for (size_t i = 0; i < m.cells.ledger.size(); ++i)
    if (m.cells.ledger.suppressed(static_cast<int>(i)) && m.cells.ledger.primary(static_cast<int>(i))) ++out.withheld_small;
  out.withheld_to_protect = m.cells.ledger.complementary_count();
  out.withheld_changed = m.cells.ledger.differencing_count();

  out.csv = "section,area_id,area_name,task_force,measure,value\n";
  Page page{in, opt, m, out, BestRisk(m)};
  page.Header();
  page.Map();
  page.Areas();
  page.Caseload();
  page.Themes();
  page.Uncovered();
  page.SharpDifferences();
  out.html += "<h2>Disclosure control</h2><p>Withheld: " + std::to_string(out.withheld_small) + " small counts, " +
              std::to_string(out.withheld_to_protect) + " to protect others, " + std::to_string(out.withheld_changed) +
              " that changed too little since an earlier statewide report. Every withheld cell reads \"withheld\".</p></body></html>\n";
  return out;
}

}  // namespace canvass::rollup
