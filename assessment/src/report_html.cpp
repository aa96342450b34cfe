// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no network).
//
// [SECTION] Helpers
// [SECTION] Summary, map and charts
// [SECTION] Ranked table and gaps
// [SECTION] Per-area pages
// [SECTION] Sources and method
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "assessment/caseload.h"
#include "assessment/guidance.h"
#include "assessment/naics.h"
#include "assessment/report.h"

namespace canvass::assessment {

using core::Value;

// [SECTION] Helpers

namespace {

std::string F1(const std::optional<double>& v) {
  if (!v) return "&ndash;";
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", *v);
  return b;
}

std::string F0(const std::optional<double>& v) {
  if (!v) return "&ndash;";
  char b[32];
  std::snprintf(b, sizeof b, "%.0f", *v);
  return b;
}

std::string Rank(const AreaResult& a) {
  if (!a.rank) return "not ranked";
  if (a.rank_lo == a.rank_hi) return std::to_string(a.rank);
  return std::to_string(a.rank) + " <span class=\"iv\">(" + std::to_string(a.rank_lo) + "&ndash;" + std::to_string(a.rank_hi) + ")</span>";
}

std::string E(const std::string& s) { return HtmlEscape(s); }

// Tables in the report stop here; the CSV has every area (a meeting needs the top).
constexpr size_t kMaxTableRows = 100;

std::string Label(const std::string& code) {
  std::string s = code;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

const char* kCss = R"CSS(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #a50f15;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.88em}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}.iv{color:#666;font-size:.9em}
.note{color:#555;font-size:.9em}.box{background:#fff5f0;border-left:4px solid #de2d26;padding:.5em 1em;margin:1em 0}
.area{page-break-before:always;border-top:1px dashed #999;margin-top:2em}.legend span{display:inline-block;width:2em;height:.9em;margin-right:.2em}
nav a{margin-right:1em}@media print{nav{display:none}a{color:inherit;text-decoration:none}}
)CSS";

std::string CountTable(const std::string& title, const std::vector<std::pair<std::string, Count>>& rows, const Count* total) {
  if (rows.empty()) return "";
  std::string s = "<table><tr><th>" + E(title) + "</th><th>count</th></tr>";
  for (const auto& [k, c] : rows) s += "<tr><td>" + E(Label(k)) + "</td><td class=\"n\">" + E(c.text) + "</td></tr>";
  if (total) s += "<tr><th>total</th><th class=\"n\">" + E(total->text) + "</th></tr>";
  return s + "</table>";
}

// An indicator id with its sector named where it has one ("oflc.h2a_workers_certified_naics_111"
// -> "... (Crop Production)").
std::string IndicatorLabel(const std::string& id) {
  size_t k = id.rfind("_naics_");
  if (k == std::string::npos) return id;
  std::string name = NaicsSectorName(id.substr(k + 7));
  return name.empty() ? id : id + " (" + name + ")";
}

// What "withheld" means, with this run's figures.
std::string WithheldLegend(const AssessmentResult& r) {
  const int T = r.options.suppression_threshold;
  return "Counts from the project's own interviews and data sheets from 1 to " + std::to_string(T - 1) +
         " are <b>withheld</b>, and so are some larger ones, so that a small count cannot be worked out from totals, "
         "from other tables or from an earlier report (" + std::to_string(r.suppressed_primary) + " small, " +
         std::to_string(r.suppressed_complementary) + " withheld to protect them, " + std::to_string(r.suppressed_differencing) +
         " that changed by fewer than " + std::to_string(T) + " since an earlier release; a table whose total is withheld shows no rows). "
         "Every withheld count looks the same, so no one can tell which is small. Threshold " + std::to_string(T) +
         (T < 11 ? " (lower than the default 11: set for this project)." : ".");
}

// A table of counts by one dimension, side by side for several groups (served, identified,
// prosecutions): rows in the first table's order, then rows only the others have.
std::string SideBySide(const std::string& title, const std::vector<const Breakdown*>& tables) {
  static const std::map<std::string, std::string> kHead = {
      {"served", "victims served"}, {"identified", "identified by law enforcement"}, {"tips", "tips"}, {"prosecutions", "prosecutions"}};
  std::vector<std::string> keys;
  for (const Breakdown* t : tables)
    for (const auto& [k, c] : t->rows)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  std::string s = "<h3>" + E(title) + "</h3><table><tr><th></th>";
  for (const Breakdown* t : tables) s += "<th>" + E(kHead.count(t->group) ? kHead.at(t->group) : t->group) + "</th>";
  s += "</tr>";
  for (const auto& k : keys) {
    s += "<tr><td>" + E(CaseloadRowLabel(k)) + "</td>";
    for (const Breakdown* t : tables) {
      std::string cell = t->rows_withheld ? "" : "0";
      for (const auto& [rk, c] : t->rows)
        if (rk == k) cell = c.text;
      s += "<td class=\"n\">" + E(cell) + "</td>";
    }
    s += "</tr>";
  }
  s += "<tr><th>total</th>";
  for (const Breakdown* t : tables) s += "<th class=\"n\">" + E(t->total.text) + (t->rows_withheld ? " (rows not shown)" : "") + "</th>";
  return s + "</tr></table>";
}

// The task force's own numbers: totals, then served and identified side by side by year,
// form, age, sex, race and ethnicity; prosecutions by year and form; tips by source.
std::string CaseloadSection(const AssessmentResult& r) {
  std::string s = "<h2 id=\"caseload\">Task-force caseload</h2>";
  if (r.caseload_totals.rows.empty())
    return s + "<p><b>No data yet.</b> No final task-force data sheet: victims served and identified, tips and prosecutions are "
               "unknown. Ask each member agency to fill in the &ldquo;Task force member data sheet&rdquo; (desktop app: New "
               "interview; or <code>canvass-cli interview add FILE --form taskforce_data_sheet --answers A.json --final</code>).</p>";
  s += "<p>Added up over " + E(r.data_sheets.text) + " final data sheets. Each agency's figures are its own: agencies may "
       "count the same victim, so the totals are not de-duplicated across agencies. Every table adds up to its total; what a "
       "sheet did not break down is in &ldquo;not broken down on the sheets&rdquo;.</p>";
  s += CountTable("total", r.caseload_totals.rows, nullptr);
  const char* dims[][2] = {{"year", "By year"}, {"form", "By form of trafficking"}, {"age", "By age group"},
                           {"sex", "By sex/gender"}, {"race", "By race"}, {"ethnicity", "By ethnicity"}, {"source", "Tips and referrals by source"}};
  for (const auto& d : dims) {
    std::vector<const Breakdown*> ts;
    for (const auto& t : r.taskforce_tables)
      if (t.dimension == d[0]) ts.push_back(&t);
    if (!ts.empty()) s += SideBySide(d[1], ts);
  }
  s += "<p class=\"note\">" + WithheldLegend(r) + "</p>";
  if (!r.caseload_notes.empty()) {
    s += "<ul class=\"note\">";
    for (const auto& n : r.caseload_notes) s += "<li>" + E(n) + "</li>";
    s += "</ul>";
  }
  return s;
}

// Guest workers by sector over all areas (public OFLC data): which sectors certify them.
std::string SectorsSection(const AssessmentResult& r) {
  std::map<std::string, std::map<std::string, double>> by_sector;  // sector code -> visa -> workers
  for (size_t i = 0; i < r.indicators.size(); ++i) {
    const std::string& id = r.indicators[i].id;
    size_t k = id.rfind("_naics_");
    if (id.rfind("oflc.", 0) != 0 || k == std::string::npos) continue;
    std::string visa = id.substr(5, id.find('_') - 5);
    for (const auto& a : r.areas)
      for (const auto& c : a.indicators)
        if (c.indicator == static_cast<int>(i) && c.value) by_sector[id.substr(k + 7)][visa] += *c.value;
  }
  if (by_sector.empty()) return "";
  std::string s = "<h3>Guest workers by sector</h3><p class=\"note\">Workers certified (H-2A, H-2B) and positions (H-1B) in all "
                  "areas, by the employer's NAICS sector (DOL OFLC disclosure data).</p><table><tr><th>sector</th><th>H-2A</th>"
                  "<th>H-2B</th><th>H-1B</th></tr>";
  for (const auto& sector : by_sector) {
    const std::string& code = sector.first;
    const auto& v = sector.second;
    auto cell = [&](const char* visa) { auto it = v.find(visa); return it == v.end() ? std::string("&ndash;") : F0(it->second); };
    std::string name = NaicsSectorName(code);
    s += "<tr><td>" + E(code) + (name.empty() ? "" : " " + E(name)) + "</td><td class=\"n\">" + cell("h2a") + "</td><td class=\"n\">" +
         cell("h2b") + "</td><td class=\"n\">" + cell("h1b") + "</td></tr>";
  }
  return s + "</table>";
}

// Every consideration of the guidance: answered in this run, or how to add what answers it.
std::string GuidanceSection(const AssessmentResult& r) {
  std::string s = "<h2 id=\"guidance\">The guidance, consideration by consideration</h2><p>Every consideration of the "
                  "community-assessment guidance, what in this assessment answers it, and whether this run has the data. "
                  "Where it has none, the last column says how to add it.</p><table><tr><th>consideration</th>"
                  "<th>answered by</th><th>in this run</th><th>where</th></tr>";
  std::string group;
  for (const auto& g : GuidanceCoverage(r)) {
    if (g.group != group) {
      group = g.group;
      s += "<tr><th colspan=\"4\">" + E(group) + "</th></tr>";
    }
    s += "<tr><td>" + E(g.question) + "</td><td>" + E(g.answered_by) + "</td><td>" +
         (g.has_data ? E(g.status) : "<b>no data yet</b>: " + E(g.how_to_add)) + "</td><td>" + E(g.where) + "</td></tr>";
  }
  return s + "</table>";
}

// [SECTION] Summary, map and charts

std::string Summary(const AssessmentResult& r, const ReportMeta& m) {
  int ranked = 0;
  for (const auto& a : r.areas) ranked += a.rank ? 1 : 0;
  std::string s = "<h2 id=\"summary\">Summary</h2><div class=\"box\"><p>";
  s += std::to_string(ranked) + " of " + std::to_string(r.areas.size()) + " areas (" + E(r.profile.level) +
       ") were scored on " + std::to_string(r.indicators.size()) + " indicators from " + std::to_string(r.sources.size()) +
       " imported data files, " + E(r.interviews.total.text) + " final interviews and data sheets. ";
  s += "The composite index combines " + std::to_string(r.profile.factors.size()) + " factors weighted by the \"" +
       E(r.profile.name) + "\" scoring profile (see <a href=\"#method\">Method</a>).</p>";
  s += "<p><b>Highest-ranked areas</b> (rank with its 90% interval under " + std::to_string(r.perturbations) +
       " perturbations of weights and margins of error):</p><ol>";
  for (size_t i = 0; i < r.areas.size() && i < 5; ++i) {
    const auto& a = r.areas[i];
    if (!a.rank) break;
    s += "<li><a href=\"#area-" + E(a.id) + "\">" + E(a.name) + "</a> &mdash; rank " + Rank(a) + "; driven by ";
    for (size_t k = 0; k < a.drivers.size(); ++k)
      s += (k ? ", " : "") + E(r.profile.factors[static_cast<size_t>(a.drivers[k])].label);
    s += "</li>";
  }
  s += "</ol><p><b>Gaps:</b> " + std::to_string(r.gaps.size()) +
       " areas with high risk factors or stakeholder concern but few or no tips/referrals; " +
       std::to_string(r.silent_sources.size()) + " expected tip sources are silent (<a href=\"#gaps\">details</a>).</p>";
  s += "<p class=\"note\">" + WithheldLegend(r) + " The report contains no names, contacts or quotations.</p></div>";
  s += CountTable("Protocol", r.interviews.rows, &r.interviews.total);
  (void)m;
  return s;
}

std::string MapSection(const AssessmentResult& r, const ReportMeta& m) {
  std::string s = "<h2 id=\"map\">Map</h2>";
  if (m.boundaries_geojson.empty()) return s + "<p class=\"note\">No area boundaries were available: map omitted.</p>";
  auto geo = core::ParseJson(m.boundaries_geojson, m.boundaries_name);
  if (!geo.ok()) return s + "<p class=\"note\">Boundaries unreadable (" + E(geo.status().message()) + "): map omitted.</p>";
  std::map<std::string, double> values;
  std::map<std::string, std::string> titles;
  for (const auto& a : r.areas) {
    if (a.composite) values[a.id] = *a.composite;
    titles[a.id] = a.name + (a.rank ? ": rank " + std::to_string(a.rank) + " (" + std::to_string(a.rank_lo) + "-" +
                                          std::to_string(a.rank_hi) + "), index " + F1(a.composite)
                                    : ": no data");
  }
  int drawn = 0;
  std::string svg = SvgChoropleth(*geo, values, titles, &drawn);
  if (!drawn) return s + "<p class=\"note\">None of the project's areas is in the boundary file: map omitted.</p>";
  s += "<p>Composite index by area (darker = higher; grey = no data). Hover an area for its rank interval; click for its page.</p>" + svg;
  s += "<p class=\"legend note\"><span style=\"background:#fee5d9\"></span>0&ndash;20 <span style=\"background:#fcae91\"></span>20&ndash;40 "
       "<span style=\"background:#fb6a4a\"></span>40&ndash;60 <span style=\"background:#de2d26\"></span>60&ndash;80 "
       "<span style=\"background:#a50f15\"></span>80&ndash;100 &nbsp; Boundaries: " + E(m.boundaries_name) + "</p>";
  return s;
}

std::string Charts(const AssessmentResult& r) {
  std::vector<BarRow> rows;
  for (size_t i = 0; i < r.areas.size() && rows.size() < 20; ++i) {
    const auto& a = r.areas[i];
    if (!a.rank) break;
    rows.push_back({a.name, "rank " + std::to_string(a.rank) + " (" + std::to_string(a.rank_lo) + "-" + std::to_string(a.rank_hi) + ")",
                    "#area-" + a.id, *a.composite, -1, -1});
  }
  std::string s = "<h2 id=\"charts\">Charts</h2>" + SvgBars(rows, "Composite index, top " + std::to_string(rows.size()) + " areas");
  for (const auto& t : r.taskforce_tables) {
    if (t.id != "tips_by_source" || t.rows_withheld) continue;
    double max = 0;
    for (const auto& [k, c] : t.rows) if (c.value) max = std::max(max, *c.value);
    std::vector<BarRow> tr;
    for (const auto& [k, c] : t.rows)
      tr.push_back({Label(k), c.text, "", c.value && max > 0 ? *c.value / max * 100.0 : 0, -1, -1});
    s += "<p></p>" + SvgBars(tr, "Tips and referrals by source (withheld counts drawn empty)");
  }
  return s;
}

// [SECTION] Ranked table and gaps

std::string RankedTable(const AssessmentResult& r) {
  std::string s = "<h2 id=\"ranking\">Ranked areas</h2><p class=\"note\">Factor columns are scores 0&ndash;100 (mean percentile of the factor's measures among the project's areas). "
                  "Coverage is the share of the profile's weight with data. Ranks in brackets: 90% interval.</p><table><tr><th>rank</th><th>area</th><th>index</th><th>coverage</th>";
  for (const auto& f : r.profile.factors) s += "<th>" + E(f.label) + " <span class=\"iv\">(" + F0(f.weight * 100) + "%)</span></th>";
  s += "<th>stakeholders concerned</th><th>tips</th></tr>";
  size_t shown = 0;
  for (const auto& a : r.areas) {
    if (!a.rank || ++shown > kMaxTableRows) continue;
    s += "<tr><td>" + Rank(a) + "</td><td><a href=\"#area-" + E(a.id) + "\">" + E(a.name) + "</a></td><td class=\"n\">" +
         F1(a.composite) + "</td><td class=\"n\">" + F0(a.coverage * 100) + "%</td>";
    for (const auto& fs : a.factors) s += "<td class=\"n\">" + F0(fs.score) + "</td>";
    s += "<td class=\"n\">" + E(a.concern.text) + "</td><td class=\"n\">" + E(a.taskforce_covered ? a.tips.text : "no data") + "</td></tr>";
  }
  int unranked = 0;
  for (const auto& a : r.areas) unranked += a.rank ? 0 : 1;
  s += "</table>";
  if (shown > kMaxTableRows)
    s += "<p class=\"note\">" + std::to_string(shown - kMaxTableRows) + " more ranked areas are in the scores CSV (--csv).</p>";
  if (unranked) s += "<p class=\"note\">" + std::to_string(unranked) + " areas have no data for any factor and are not ranked.</p>";
  return s;
}

// Areas next to high-risk areas (from the imported county adjacency), or how to add it.
std::string SpilloverSection(const AssessmentResult& r) {
  std::string s = "<h3 id=\"spillover\">Next to high-risk areas (spill-over)</h3>";
  bool known = !r.areas.empty() && r.areas.front().neighbours.known;
  if (!known)
    return s + "<p class=\"note\">No data yet: import the Census county adjacency file (canvass-cli indicators import FILE "
               "county_adjacency.txt --source adjacency) to list the areas that border high-risk ones.</p>";
  if (r.spillover.empty()) return s + "<p>No area below the high-risk line borders a high-risk area.</p>";
  s += "<p>Areas whose own risk index is below the " + F0(r.profile.gap_risk_percentile) +
       "th percentile but that border high-risk areas: exploitation moves along roads and labour markets that cross "
       "county lines. Shown, not scored.</p><table><tr><th>area</th><th>risk percentile</th><th>high-risk neighbours</th></tr>";
  for (size_t i = 0; i < r.spillover.size() && i < kMaxTableRows; ++i) {
    const SpilloverArea& x = r.spillover[i];
    s += "<tr><td><a href=\"#area-" + E(x.area_id) + "\">" + E(x.name) + "</a></td><td class=\"n\">" + F0(x.risk_index) +
         "</td><td class=\"n\">" + std::to_string(x.high_risk_neighbours) + "</td></tr>";
  }
  s += "</table>";
  if (r.spillover.size() > kMaxTableRows)
    s += "<p class=\"note\">" + std::to_string(r.spillover.size() - kMaxTableRows) + " more in the area pages.</p>";
  return s;
}

std::string GapsSection(const AssessmentResult& r) {
  std::string s = "<h2 id=\"gaps\">Gap analysis</h2><p>Areas with high risk factors (risk index at or above the " +
                  F0(r.profile.gap_risk_percentile) + "th percentile) or concern from at least " +
                  std::to_string(r.profile.gap_min_concern) + " stakeholders, but few or no tips and referrals.</p>";
  if (r.gaps.empty()) s += "<p>None.</p>";
  else {
    s += "<table><tr><th>area</th><th>risk percentile</th><th>stakeholders concerned</th><th>tips</th><th>why it is listed</th></tr>";
    for (size_t i = 0; i < r.gaps.size() && i < kMaxTableRows; ++i) {
      const GapArea& g = r.gaps[i];
      s += "<tr><td><a href=\"#area-" + E(g.area_id) + "\">" + E(g.name) + "</a></td><td class=\"n\">" + F0(g.risk_index) +
           "</td><td class=\"n\">" + E(g.concern.text) + "</td><td class=\"n\">" + E(g.covered ? g.tips.text : "no data") +
           "</td><td>" + E(g.reason) + "</td></tr>";
    }
    s += "</table>";
    if (r.gaps.size() > kMaxTableRows)
      s += "<p class=\"note\">" + std::to_string(r.gaps.size() - kMaxTableRows) + " more gap areas are marked in the scores CSV.</p>";
  }
  s += SpilloverSection(r);
  s += "<h3>Silent tip sources</h3>";
  if (r.caseload_totals.rows.empty()) return s + "<p class=\"note\">No final task-force data sheets: tip sources cannot be assessed.</p>";
  if (r.silent_sources.empty()) return s + "<p>Every expected source produced tips.</p>";
  s += "<table><tr><th>source</th><th>why it is listed</th></tr>";
  for (const auto& x : r.silent_sources) s += "<tr><td>" + E(Label(x.source)) + "</td><td>" + E(x.reason) + "</td></tr>";
  s += "</table><p class=\"note\">Tips by source are in the <a href=\"#caseload\">task-force caseload</a>.</p>";
  return s;
}

// [SECTION] Per-area pages

std::string AreaPage(const AssessmentResult& r, const AreaResult& a) {
  std::string s = "<section class=\"area\" id=\"area-" + E(a.id) + "\"><h2>" + E(a.name) + " <span class=\"iv\">(" + E(a.id) + ")</span></h2>";
  s += "<p><b>Rank " + Rank(a) + "</b> of " + std::to_string(r.areas.size()) + "; composite index " + F1(a.composite) +
       "; data coverage " + F0(a.coverage * 100) + "% of the profile's weight (" + std::to_string(a.measures_scored) + " of " +
       std::to_string(a.measures_expected) + " measures scored).";
  if (a.coverage < 0.5) s += " <b>Thin data: read this rank with care; the interval counts what is missing.</b>";
  s += "</p>";
  if (!a.custom_places.empty()) {
    s += "<p>Places named inside this area: ";
    for (size_t i = 0; i < a.custom_places.size(); ++i) s += (i ? ", " : "") + E(a.custom_places[i]);
    s += ".</p>";
  }
  if (a.neighbours.known) {
    s += "<p>Neighbours in this project: " + std::to_string(a.neighbours.in_project);
    if (a.neighbours.mean_risk) s += " (mean risk percentile " + F0(a.neighbours.mean_risk) + ")";
    if (a.neighbours.high_risk.empty()) s += "; none is high-risk.</p>";
    else {
      s += "; high-risk: ";
      for (size_t i = 0; i < a.neighbours.high_risk.size(); ++i) s += (i ? ", " : "") + E(a.neighbours.high_risk[i]);
      s += ".</p>";
    }
  }
  s += "<table><tr><th>factor</th><th>score</th><th>points of the index</th><th>driver</th><th>measures</th><th>what is missing</th></tr>";
  for (size_t f = 0; f < a.factors.size(); ++f) {
    bool drv = std::find(a.drivers.begin(), a.drivers.end(), static_cast<int>(f)) != a.drivers.end();
    const FactorScore& fs = a.factors[f];
    s += "<tr><td>" + E(r.profile.factors[f].label) + "</td><td class=\"n\">" + (fs.score ? F0(fs.score) : "not scored") +
         "</td><td class=\"n\">" + (fs.score ? F1(fs.contribution) : "&ndash;") + "</td><td>" + (drv ? "yes" : "") + "</td><td class=\"n\">" +
         std::to_string(fs.measures_used) + " of " + std::to_string(fs.measures_expected) + "</td><td>" + E(fs.why_missing) + "</td></tr>";
  }
  s += "</table><h3>Indicators</h3><table><tr><th>indicator</th><th>value</th><th>rate per 1,000</th><th>smoothed rate</th><th>percentile</th><th>period</th><th>status</th><th>source</th></tr>";
  for (const auto& c : a.indicators) {
    const auto& m = r.indicators[static_cast<size_t>(c.indicator)];
    std::string val = E(c.text) + (c.moe ? " &plusmn;" + F1(c.moe) : "") + " <span class=\"iv\">" + E(m.unit) + "</span>";
    std::string rate = c.rate ? F1(c.rate) + (c.rate_moe ? " &plusmn;" + F1(c.rate_moe) : "") + " " + E(m.per) : "&ndash;";
    std::string src = c.source >= 0 ? r.sources[static_cast<size_t>(c.source)].file_name : m.source_kind;
    std::string pct = c.percentile ? F0(c.percentile) : c.note.empty() ? "&ndash;" : E(c.note);
    s += "<tr><td>" + E(IndicatorLabel(m.id)) + "</td><td class=\"n\">" + val + "</td><td class=\"n\">" + rate + "</td><td class=\"n\">" +
         F1(c.rate_smoothed) + "</td><td class=\"n\">" + pct + "</td><td>" + E(c.period) + "</td><td>" + E(StatusLabel(c.status)) + "</td><td>" + E(src) + "</td></tr>";
  }
  s += "</table><h3>Interview signal</h3><p>Stakeholders who voiced concern about this area: <b>" + E(a.concern.text) +
       "</b>; who named it for causes of instability: " + E(a.instability.text) + ".</p>";
  s += CountTable("by respondent role", a.concern_by_role, &a.concern);
  s += CountTable("by form of trafficking named", a.concern_by_form, nullptr);
  s += CountTable("themes (places, industries, instability named; coded themes)", a.themes, nullptr);
  s += "<h3>Task-force signal</h3>";
  if (!a.taskforce_covered) s += "<p>No final task-force data sheet covers this area: tips, victims and cases are unknown here (not zero).</p>";
  else
    s += "<table><tr><th>tips and referrals</th><th>victims served</th><th>identified by law enforcement</th><th>prosecutions</th></tr><tr><td class=\"n\">" +
         E(a.tips.text) + "</td><td class=\"n\">" + E(a.victims_served.text) + "</td><td class=\"n\">" + E(a.le_identified.text) +
         "</td><td class=\"n\">" + E(a.prosecutions.text) + "</td></tr></table>";
  if (!a.taskforce_by_year.empty()) {
    s += "<table><tr><th>year</th><th>victims served</th><th>identified by law enforcement</th><th>prosecutions</th></tr>";
    for (const auto& y : a.taskforce_by_year)
      s += "<tr><td>" + E(y.year) + "</td><td class=\"n\">" + E(y.served.text) + "</td><td class=\"n\">" + E(y.identified.text) +
           "</td><td class=\"n\">" + E(y.prosecutions.text) + "</td></tr>";
    s += "</table>";
  }
  return s + "<p class=\"note\"><a href=\"#ranking\">back to the ranking</a></p></section>";
}

// [SECTION] Sources and method

std::string Sources(const AssessmentResult& r) {
  std::string s = "<h2 id=\"sources\">Data sources and vintages</h2><table><tr><th>kind</th><th>file</th><th>periods</th><th>values</th><th>imported</th><th>SHA-256 (first 16)</th></tr>";
  for (const auto& x : r.sources)
    s += "<tr><td>" + E(x.kind) + "</td><td>" + E(x.file_name) + "</td><td>" + E(x.periods) + "</td><td class=\"n\">" +
         std::to_string(x.observations) + "</td><td>" + E(x.imported_at) + "</td><td><code>" + E(x.sha256.substr(0, 16)) + "</code></td></tr>";
  s += "<tr><td>interviews</td><td colspan=\"5\">final stakeholder interviews (answers to concern, concern_areas, instability_areas, trafficking_forms, place_types, concern_industries, instability_factors, reported_to)</td></tr>";
  s += "<tr><td>taskforce</td><td colspan=\"5\">final taskforce_data_sheet records (" + E(r.data_sheets.text) + "): tips_total, served_total, le_identified_total, prosecutions_total and their breakdowns</td></tr></table>";
  return s;
}

std::string Method(const AssessmentResult& r) {
  const auto& p = r.profile;
  std::string s = "<h2 id=\"method\">Method</h2><p>Scoring profile <b>" + E(p.name) + "</b>: " + E(p.description) + "</p>";
  s += "<table><tr><th>factor</th><th>kind</th><th>weight</th><th>rationale</th><th>measured by</th><th>interview codes</th></tr>";
  for (const auto& f : p.factors) {
    std::string ms, cs;
    for (const auto& m : f.measures) ms += (ms.empty() ? "" : "<br>") + E(m.indicator) + (m.per.empty() ? "" : " per 1,000 " + E(m.per));
    for (const auto& c : f.codes) cs += (cs.empty() ? "" : "<br>") + E(c);
    s += "<tr><td>" + E(f.label) + "</td><td>" + E(f.kind) + "</td><td class=\"n\">" + F1(f.weight * 100) + "%</td><td>" +
         E(f.rationale) + "</td><td>" + ms + "</td><td>" + cs + "</td></tr>";
  }
  s += "</table><ul>"
       "<li><b>Indicators.</b> For each area the latest period of each indicator is used (an annual figure before a quarter). Counts become rates per 1,000 residents (population: PEP estimate, else ACS total, else the 2020 census count) or per 1,000 workers (QCEW total employment, else ACS employed). A missing value stays missing: it is never read as zero, and a rate without a denominator is left out.</li>"
       "<li><b>Percentiles.</b> An area's percentile on a measure is the share of the other areas with data that have a strictly lower value (ties share the lower percentile).</li>"
       "<li><b>Factors and index.</b> A factor's score is the mean percentile of its measures that have data; the composite index is the weighted mean of the factors with data, weights renormalised over them. Coverage says how much of the weight had data.</li>"
       "<li><b>Drivers.</b> The factors contributing most points to an area's index among those scoring 60 or more.</li>"
       "<li><b>Uncertainty.</b> " + std::to_string(r.perturbations) + " draws: every weight multiplied by a uniform factor in [" + F1((1 - p.weight_jitter) * 100) + "%, " + F1((1 + p.weight_jitter) * 100) +
       "%], every value with a published margin of error redrawn from a normal distribution (MOE/1.645 = one standard error) and re-ranked. The rank interval is the 5th&ndash;95th percentile of an area's ranks (always including its point rank).</li>"
       "<li><b>Interview signal.</b> Distinct final stakeholder interviews that answered yes or not sure to the concern question and named the area (custom places count for their parent area). Draft interviews are not counted. Free-text answers are never read by the scoring.</li>"
       "<li><b>Task-force signal.</b> Final data sheets; a sheet covering several areas is split by population (an estimate, shown with a decimal). Agencies may count the same victim; totals are not de-duplicated across agencies. The same agency's sheet for overlapping periods is counted once (the one reaching the later end date).</li>"
       "<li><b>Disclosure control.</b> Threshold " + std::to_string(r.options.suppression_threshold) + " (set per project: <code>canvass-cli settings set FILE suppression_threshold N</code>). "
       "Every count from the project's own records goes through one ledger with every sum that links them (tables and totals, breakdowns and their area's count, the sheets behind each task-force figure). "
       "A count from 1 to " + std::to_string(r.options.suppression_threshold - 1) + " is withheld; more cells are withheld until a reader who combines every published sum still finds every value from 1 to " +
       std::to_string(r.options.suppression_threshold - 1) + " possible for each of them; a table whose total is withheld shows no rows. Rates, percentiles, factors, the index and ranks are computed after this, "
       "a withheld count entering as " + F1(r.options.suppression_threshold / 2.0) + " whatever its value. A count that changed by fewer than " + std::to_string(r.options.suppression_threshold) +
       " since an earlier release is withheld too (docs/assessment.md, &ldquo;Disclosure control&rdquo;).</li></ul>";
  if (!r.notes.empty()) {
    s += "<h3>Notes from this run</h3><ul>";
    for (const auto& n : r.notes) s += "<li>" + E(n) + "</li>";
    s += "</ul>";
  }
  return s;
}

}  // namespace

std::string RenderHtmlReport(const AssessmentResult& r, const ReportMeta& m) {
  std::string s = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
                  "<title>Community assessment: " + E(r.project_name) + "</title><style>" + kCss + "</style></head><body>";
  s += "<h1>Community assessment: " + E(r.project_name) + "</h1><p class=\"note\">Run " + E(m.run_id) + ", " + E(m.created_at) +
       "; scoring profile &ldquo;" + E(r.profile.name) + "&rdquo;; small-cell threshold " + std::to_string(r.options.suppression_threshold) +
       ". A threat/safety assessment to set outreach priorities: a rank says where to look first, not where trafficking is proven.</p>";
  if (m.draft)
    s += "<div class=\"box\"><b>Internal draft &mdash; not for release.</b> Made with --not-for-release: it was not checked "
         "against earlier releases, so comparing the two could reveal a few interviews. Do not share it.</div>";
  s += "<nav><a href=\"#summary\">Summary</a><a href=\"#map\">Map</a><a href=\"#ranking\">Ranking</a><a href=\"#gaps\">Gaps</a><a href=\"#caseload\">Caseload</a><a href=\"#guidance\">Guidance</a><a href=\"#areas\">Areas</a><a href=\"#sources\">Sources</a><a href=\"#method\">Method</a></nav>";
  s += Summary(r, m) + MapSection(r, m) + Charts(r) + RankedTable(r) + GapsSection(r) + CaseloadSection(r) + GuidanceSection(r) + SectorsSection(r);
  s += "<h2 id=\"areas\">Area pages</h2><p class=\"note\">The top " + std::to_string(m.area_pages) + " areas and up to " + std::to_string(m.area_pages) + " more from the gap analysis (highest risk first).</p>";
  std::set<std::string> gap_ids;
  for (const auto& g : r.gaps) gap_ids.insert(g.area_id);
  size_t gap_pages = 0;
  for (size_t i = 0; i < r.areas.size(); ++i) {
    bool top = i < m.area_pages && r.areas[i].rank;
    bool gap = !top && gap_ids.count(r.areas[i].id) && gap_pages < m.area_pages;
    if (gap) ++gap_pages;
    if (top || gap) s += AreaPage(r, r.areas[i]);
  }
  s += Sources(r) + Method(r) + "</body></html>\n";
  return s;
}

}  // namespace canvass::assessment
