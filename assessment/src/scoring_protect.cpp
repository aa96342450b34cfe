// Disclosure control of every count the assessment takes from the project's own records
// (docs/assessment.md, "Disclosure control"): one ledger for all of them and every sum that
// links them, applied before anything is scored, so that rates, percentiles, factors, the
// index and ranks are computed from what may be published (a withheld count enters as the
// stand-in T/2, the same for every withheld cell).
#include <algorithm>
#include <cmath>
#include <set>

#include "scoring_internal.h"

namespace canvass::assessment::internal {

namespace {

// The task-force indicators per area, by group (kCaseloadGroups order).
const char* kTfIds[4] = {"tf.victims_served_count", "tf.le_identified_count", "tf.tips_count", "tf.prosecutions_count"};
const char* kTfYearIds[4] = {"tf.victims_served_by_year", "tf.le_identified_by_year", "", "tf.prosecutions_by_year"};

int GroupIndex(const std::string& g) {
  for (int i = 0; i < 4; ++i)
    if (g == kCaseloadGroups[i]) return i;
  return -1;
}

Observation ProjectObs(const char* id, const std::string& level, const std::string& area, const std::string& period,
                       const char* kind, const char* file) {
  Observation o;
  o.indicator_id = id;
  o.geo_level = level;
  o.geo_id = area;
  o.period = period;
  o.unit = "count";
  o.source_kind = kind;
  o.source_file = file;
  return o;
}

// Interview counts per area: concern (with its role breakdown, which adds up to it),
// instability, and forms and themes (each a part of the area's concern).
void RegisterAreas(Work* w) {
  Disclosure& d = w->disclosure;
  const Signals& s = w->signals;
  d.areas.resize(w->scored.size());
  if (!s.have_stakeholders) return;
  for (size_t a = 0; a < w->scored.size(); ++a) {
    auto& c = d.areas[a];
    const std::string_view id = w->scored[a]->id;
    c.concern = d.ledger.Add(s.concern[a], {"area/", id, "/concern"});
    c.instability = d.ledger.Add(s.instability[a], {"area/", id, "/instability"});
    std::vector<int> members;
    for (const auto& [k, v] : s.by_role.areas[a]) {
      c.roles.push_back({k, d.ledger.Add(v, {"area/", id, "/role/", s.by_role.names[static_cast<size_t>(k)]})});
      members.push_back(c.roles.back().second);
    }
    if (!members.empty()) d.ledger.AddConstraint(members, c.concern);
    for (const auto& [k, v] : s.by_form.areas[a]) {
      c.forms.push_back({k, d.ledger.Add(v, {"area/", id, "/form/", s.by_form.names[static_cast<size_t>(k)]})});
      d.ledger.AddPart(c.forms.back().second, c.concern);
    }
    for (const auto& [k, v] : s.themes.areas[a]) {
      const std::string& name = s.themes.names[static_cast<size_t>(k)];
      c.themes.push_back({k, d.ledger.Add(v, {"area/", id, "/theme/", name})});
      // Places, industries and instability named by the interviews voicing concern here are
      // parts of that count; coded themes count every coded interview naming the area.
      if (name.rfind("code: ", 0) != 0) d.ledger.AddPart(c.themes.back().second, c.concern);
    }
  }
}

// The sheets behind the task-force figures: per sheet and group its total (and per year),
// adding up to the caseload totals and tables; the per-area estimates are shares of them.
struct SheetCells {
  int total[4] = {-1, -1, -1, -1};
  std::map<std::string, int> year[4];  // year -> cell
  int rest[4] = {-1, -1, -1, -1};      // the part of the total no year holds
};

std::vector<SheetCells> RegisterCaseload(Work* w) {
  Disclosure& d = w->disclosure;
  const Caseload& cl = d.caseload;
  std::vector<SheetCells> sheets(cl.counted.size());
  for (const char* g : kCaseloadGroups) {
    auto t = cl.totals.find(g);
    if (t != cl.totals.end()) d.group_total[g] = d.ledger.Add(t->second, std::string("caseload/") + g + "/total");
  }
  for (size_t i = 0; i < cl.counted.size(); ++i) {
    const CaseloadSheet& s = cl.counted[i];
    for (const auto& [g, v] : s.totals) {
      int gi = GroupIndex(g);
      const std::string key = "sheet/" + s.record + "/" + g;
      sheets[i].total[gi] = d.ledger.Add(v, key);
      auto years = s.by_year.find(g);
      double in_years = 0;
      std::vector<int> parts;
      if (years != s.by_year.end())
        for (const auto& [y, n] : years->second) {
          sheets[i].year[gi][y] = d.ledger.Add(n, key + "/" + y);
          parts.push_back(sheets[i].year[gi][y]);
          in_years += n;
        }
      sheets[i].rest[gi] = d.ledger.Add(std::max(0.0, v - in_years));
      parts.push_back(sheets[i].rest[gi]);
      d.ledger.AddConstraint(parts, sheets[i].total[gi]);
    }
  }
  for (const auto& [g, cell] : d.group_total) {
    std::vector<int> members;
    int gi = GroupIndex(g);
    for (const auto& s : sheets)
      if (s.total[gi] >= 0) members.push_back(s.total[gi]);
    d.ledger.AddConstraint(members, cell);
  }
  // The tables: each adds up to its group's total; a year row is the sum of the sheets' years.
  for (const CaseloadTable& t : cl.tables) {
    std::vector<int> cells;
    const int gi = GroupIndex(t.group);
    const bool by_year = t.dimension == "year";
    for (const auto& [k, v] : t.rows) {
      cells.push_back(d.ledger.Add(v, "caseload/" + t.id + "/" + k));
      if (!by_year) continue;
      std::vector<int> from;
      for (const auto& s : sheets) {
        if (k == "not_broken_down") {
          if (s.rest[gi] >= 0) from.push_back(s.rest[gi]);
        } else if (auto y = s.year[gi].find(k); y != s.year[gi].end()) {
          from.push_back(y->second);
        }
      }
      if (!from.empty()) d.ledger.AddConstraint(from, cells.back());
    }
    d.ledger.AddConstraint(cells, d.group_total.at(t.group));
    d.table_cells.push_back(std::move(cells));
  }
  return sheets;
}

// Final interviews and data sheets by protocol (the rows add up to the total), what
// stakeholders say they reported to, and the sources sheets name as silent.
void RegisterRecords(Work* w) {
  Disclosure& d = w->disclosure;
  std::map<std::string, double> by_form;
  const std::string* last = nullptr;  // interviews come in runs of one protocol
  double run = 0;
  for (const auto& f : w->in->stakeholders) {
    if (last && f.form_id == *last) { run += 1; continue; }
    if (last) by_form[*last] += run;
    last = &f.form_id;
    run = 1;
  }
  if (last) by_form[*last] += run;
  if (!w->in->data_sheets.empty()) by_form["taskforce_data_sheet"] = static_cast<double>(w->in->data_sheets.size());
  std::vector<int> members;
  double total = 0;
  for (const auto& [k, v] : by_form) {
    d.protocols.push_back({k, d.ledger.Add(v, "protocols/" + k)});
    members.push_back(d.protocols.back().second);
    total += v;
  }
  d.protocols_total = d.ledger.Add(total, "protocols/total");
  d.ledger.AddConstraint(members, d.protocols_total);
  for (const auto& [src, n] : w->signals.reported_to) d.reported[src] = d.ledger.Add(n, "reported/" + src);
  std::map<std::string, double> silent;
  for (const auto& sh : w->in->data_sheets)
    for (const auto& src : sh.silent_sources) silent[src] += 1;
  for (const auto& [src, n] : silent) d.silent_named[src] = d.ledger.Add(n, "silent/" + src);
}

// Per-area task-force estimates: each sheet's figures shared among the areas it covers by
// residents (equally when a population is missing); withheld when a figure behind it is.
void DeriveTaskforce(Work* w, const std::vector<SheetCells>& cells) {
  Disclosure& d = w->disclosure;
  const Caseload& cl = d.caseload;
  const std::string& level = w->profile->level;
  const size_t na = w->scored.size();
  d.tf.assign(na, {});
  const auto population = Residents(*w);
  std::vector<std::map<std::string, double>> year_value[4];
  std::vector<std::map<std::string, bool>> year_withheld[4];
  for (int g = 0; g < 4; ++g) {
    year_value[g].resize(na);
    year_withheld[g].resize(na);
  }
  std::vector<bool> apportioned(na, false);
  int no_area = 0, equal = 0;
  std::string first, last;
  for (size_t i = 0; i < cl.counted.size(); ++i) {
    const CaseloadSheet& s = cl.counted[i];
    std::set<size_t> targets;
    for (const auto& a : s.areas) {
      auto it = w->area_index.find(RollUpArea(a, w->by_id, level));
      if (it != w->area_index.end()) targets.insert(static_cast<size_t>(it->second));
    }
    if (targets.empty()) { ++no_area; continue; }
    double pop_sum = 0;
    bool all_pop = true;
    for (size_t t : targets) {
      auto p = population.find(w->scored[t]->id);
      if (p == population.end() || p->second <= 0) all_pop = false; else pop_sum += p->second;
    }
    if (!all_pop && targets.size() > 1) ++equal;
    for (size_t t : targets) {
      double share = targets.size() == 1 ? 1.0 : all_pop ? population.at(w->scored[t]->id) / pop_sum : 1.0 / static_cast<double>(targets.size());
      auto& tf = d.tf[t];
      tf.covered = true;
      if (targets.size() > 1) apportioned[t] = tf.apportioned = true;
      for (int g = 0; g < 4; ++g) {
        if (cells[i].total[g] < 0) continue;
        tf.value[g] = tf.value[g].value_or(0) + d.ledger.value(cells[i].total[g]) * share;
        tf.withheld[g] = tf.withheld[g] || d.ledger.suppressed(cells[i].total[g]);
        for (const auto& [y, cell] : cells[i].year[g]) {
          year_value[g][t][y] += d.ledger.value(cell) * share;
          year_withheld[g][t][y] = year_withheld[g][t][y] || d.ledger.suppressed(cell);
        }
      }
    }
  }
  for (const auto& sh : w->in->data_sheets) {
    if (!sh.period_start.empty() && (first.empty() || sh.period_start < first)) first = sh.period_start;
    if (!sh.period_end.empty() && sh.period_end > last) last = sh.period_end;
  }
  std::string period = first.substr(0, 4);
  if (last.size() >= 4 && last.substr(0, 4) != period) period += (period.empty() ? "" : "-") + last.substr(0, 4);
  if (period.empty()) period = "unknown";
  for (size_t a = 0; a < na; ++a) {
    auto& tf = d.tf[a];
    if (!tf.covered) continue;
    w->signals.covered.push_back(w->scored[a]->id);
    for (int g = 0; g < 4; ++g) {
      Observation o = ProjectObs(kTfIds[g], level, w->scored[a]->id, period, "taskforce", "taskforce_data_sheet (final sheets)");
      if (!tf.value[g]) o.status = obs_status::kNotAvailable;
      else if (tf.withheld[g]) { o.value = d.stand_in; o.status = "withheld"; }
      else { o.value = tf.value[g]; o.status = apportioned[a] ? obs_status::kApportioned : obs_status::kOk; }
      w->derived.push_back(std::move(o));
      if (!*kTfYearIds[g]) continue;
      for (const auto& [y, v] : year_value[g][a]) d.tf[a].by_year[g][y] = {v, year_withheld[g][a][y]};
      for (const auto& [y, v] : year_value[g][a]) {
        Observation yo = ProjectObs(kTfYearIds[g], level, w->scored[a]->id, y, "taskforce", "taskforce_data_sheet (per-year figures)");
        bool withheld = year_withheld[g][a][y];
        yo.value = withheld ? d.stand_in : v;
        yo.status = withheld ? "withheld" : apportioned[a] ? obs_status::kApportioned : obs_status::kOk;
        w->derived.push_back(std::move(yo));
      }
    }
  }
  if (no_area) w->notes.push_back("some data sheets name no area of the project: counted in the task-force totals only");
  if (equal) w->notes.push_back("some data sheets cover several areas without a population for each: their figures are split equally");
}

// The interview counts per area as the scores may use them.
void DeriveInterviewCounts(Work* w) {
  const Disclosure& d = w->disclosure;
  if (!w->signals.have_stakeholders) return;
  const std::string& level = w->profile->level;
  for (size_t a = 0; a < w->scored.size(); ++a)
    for (const auto& [id, cell] : {std::make_pair("interviews.concern_count", d.areas[a].concern),
                                   std::make_pair("interviews.instability_count", d.areas[a].instability)}) {
      Observation o = ProjectObs(id, level, w->scored[a]->id, "interviews", "interviews", "final stakeholder interviews");
      bool withheld = d.ledger.suppressed(cell);
      o.value = withheld ? d.stand_in : d.ledger.value(cell);
      o.status = withheld ? "withheld" : obs_status::kOk;
      w->derived.push_back(std::move(o));
    }
}

}  // namespace

void Protect(Work* w) {
  Disclosure& d = w->disclosure;
  const int T = w->options.suppression_threshold;
  d.stand_in = T / 2.0;
  d.caseload = BuildCaseload(w->in->data_sheets);
  w->notes.insert(w->notes.end(), d.caseload.notes.begin(), d.caseload.notes.end());
  RegisterAreas(w);
  std::vector<SheetCells> sheets = RegisterCaseload(w);
  RegisterRecords(w);
  for (const auto& release : w->in->prior_releases) d.ledger.AddPriorRelease(release);
  d.ledger.Apply(T);
  DeriveInterviewCounts(w);
  DeriveTaskforce(w, sheets);
}

}  // namespace canvass::assessment::internal
