// The published result of the project's own counts: the applied ledger's texts per area, the
// caseload tables and interviews by protocol, the gap analysis and silent tip sources.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "assessment/border.h"
#include "scoring_internal.h"

namespace canvass::assessment::internal {

namespace {

// FormatCount(v) ("12", "3.5"), without snprintf where the digits are plain: every cell of
// every area is shown.
std::string ShowCount(double v) {
  if (!(v >= 0) || !(v < 1e8)) return FormatCount(v);   // negative (a "-0"), large or NaN
  double r = std::round(v);
  if (std::fabs(v - r) < 1e-9) return std::to_string(static_cast<long long>(r));
  double x = v * 10, f = x - std::floor(x);
  if (std::fabs(f - 0.5) < 1e-6) return FormatCount(v);   // near a tie: snprintf rounds the exact value
  long long k = std::llround(x);
  return std::to_string(k / 10) + "." + static_cast<char>('0' + k % 10);
}

// Turns the applied ledger (scoring_protect.cpp) into the result's Counts.
struct Publisher {
  Work* w;
  AssessmentResult* r;
  const SuppressionLedger& ledger;

  Count Make(int id) const {
    Count c;
    if (id < 0) return c;
    c.suppressed = ledger.suppressed(id);
    if (c.suppressed) {
      c.text = ledger.Text(id);
    } else {
      c.value = ledger.value(id);
      c.text = ShowCount(*c.value);  // what ledger.Text(id) says of a shown cell
    }
    return c;
  }
  // Rows of a breakdown; hidden rows (under a withheld total) are not published at all.
  std::vector<std::pair<std::string, Count>> MakeRows(const std::vector<std::pair<int, int>>& rows, const Signals::Rows& names) const {
    std::vector<std::pair<std::string, Count>> out;
    out.reserve(rows.size());
    for (const auto& [k, id] : rows)
      if (!ledger.hidden(id)) out.push_back({names.names[static_cast<size_t>(k)], Make(id)});
    return out;
  }
  // The task force's figures for one area: a sheet's own figure where one sheet covers the area
  // alone, else an estimate (shares of whole sheets' figures), always shown with one decimal
  // so that it reads as an estimate and not as a count of people.
  Count Estimate(const Disclosure::TfArea& tf, int g, bool apportioned) const {
    Count c;
    if (!tf.value[g]) return c;
    if (tf.withheld[g]) {
      c.suppressed = true;
      c.text = "withheld";
      return c;
    }
    c.value = *tf.value[g];
    if (!apportioned) {
      c.text = ShowCount(*c.value);
    } else {
      char b[32];
      std::snprintf(b, sizeof b, "%.1f", *c.value);
      c.text = b;
    }
    return c;
  }
};

const char* kTfIds[4] = {"tf.victims_served_count", "tf.le_identified_count", "tf.tips_count", "tf.prosecutions_count"};

// Group totals, then every caseload table (the rows of a withheld total are not published).
void PublishCaseload(Publisher* p) {
  const Disclosure& d = p->w->disclosure;
  AssessmentResult& r = *p->r;
  if (d.caseload.counted.empty()) return;
  static const char* kLabels[4] = {"victims who received services", "victims identified by law enforcement",
                                   "tips and referrals", "prosecutions"};
  r.caseload_totals.title = "Task-force caseload: totals over every final data sheet";
  for (int g = 0; g < 4; ++g) {
    auto it = d.group_total.find(kCaseloadGroups[g]);
    if (it != d.group_total.end()) r.caseload_totals.rows.push_back({kLabels[g], p->Make(it->second)});
  }
  for (size_t i = 0; i < d.caseload.tables.size(); ++i) {
    const CaseloadTable& t = d.caseload.tables[i];
    Breakdown b;
    b.title = t.title;
    b.id = t.id;
    b.group = t.group;
    b.dimension = t.dimension;
    b.total = p->Make(d.group_total.at(t.group));
    const auto& cells = d.table_cells[i];
    for (size_t k = 0; k < t.rows.size(); ++k) {
      if (p->ledger.hidden(cells[k])) { b.rows_withheld = true; continue; }
      b.rows.push_back({t.rows[k].first, p->Make(cells[k])});
    }
    r.taskforce_tables.push_back(std::move(b));
  }
  r.caseload_notes = d.caseload.notes;
}

void Gaps(Publisher* p) {
  Work& w = *p->w;
  AssessmentResult& r = *p->r;
  const auto& prof = *w.profile;
  std::set<std::string> covered(w.signals.covered.begin(), w.signals.covered.end());
  std::vector<double> tips_rates;
  for (size_t a = 0; a < r.areas.size(); ++a) {
    AreaResult& ar = r.areas[a];
    for (const auto& c : ar.indicators)
      if (r.indicators[static_cast<size_t>(c.indicator)].id == "tf.tips_count" && c.rate) tips_rates.push_back(*c.rate);
  }
  std::sort(tips_rates.begin(), tips_rates.end());
  double low_tips = tips_rates.empty() ? 0 : tips_rates[tips_rates.size() / 3];
  for (size_t a = 0; a < r.areas.size(); ++a) {
    AreaResult& ar = r.areas[a];
    bool high_risk = ar.risk_index && *ar.risk_index >= prof.gap_risk_percentile;
    // Only what is published decides: a withheld concern count is taken as the stand-in.
    const double concern_n = ar.concern.value ? *ar.concern.value : ar.concern.suppressed ? w.disclosure.stand_in : 0;
    bool concern = concern_n >= prof.gap_min_concern;
    if (!high_risk && !concern) continue;
    std::optional<double> tips, rate;
    for (const auto& c : ar.indicators)
      if (r.indicators[static_cast<size_t>(c.indicator)].id == "tf.tips_count") { tips = c.value; rate = c.rate; }
    bool is_covered = covered.count(ar.id) > 0;
    bool no_tips = ar.tips.value && *ar.tips.value == 0;
    bool few = !is_covered || no_tips || (rate && *rate <= low_tips);
    if (!few) continue;
    std::string why;
    if (high_risk) {
      char b[96];
      if (*ar.risk_index >= 100) std::snprintf(b, sizeof b, "risk index higher than every other area's");
      else std::snprintf(b, sizeof b, "risk index higher than %.0f%% of the other areas", std::floor(*ar.risk_index));
      why = b;
      std::vector<std::string> names;
      for (int f : ar.drivers)
        if (prof.factors[static_cast<size_t>(f)].kind == "risk") names.push_back(prof.factors[static_cast<size_t>(f)].label);
      for (size_t i = 0; i < names.size(); ++i) why += (i ? ", " : " (") + names[i] + (i + 1 == names.size() ? ")" : "");
    }
    if (concern) why += std::string(why.empty() ? "" : "; ") + "stakeholders voiced concern (" + ar.concern.text + ")";
    if (!is_covered) why += "; no task-force data sheet covers this area";
    else if (no_tips) why += "; no tips or referrals recorded";
    else why += "; tips per 1,000 residents in the lowest third of covered areas";
    GapArea g;
    g.area_id = ar.id;
    g.name = ar.name;
    g.reason = why;
    g.risk_index = ar.risk_index;
    g.concern = ar.concern;
    g.tips = ar.tips;
    g.covered = is_covered;
    r.gaps.push_back(std::move(g));
  }
  std::sort(r.gaps.begin(), r.gaps.end(), [](const GapArea& x, const GapArea& y) {
    return x.risk_index.value_or(-1) > y.risk_index.value_or(-1);
  });
}

// Spill-over from the imported county adjacency: only public risk indices are read, so
// nothing here needs the disclosure control.
void Spillover(Publisher* p) {
  Work& w = *p->w;
  AssessmentResult& r = *p->r;
  NeighborMap neighbors = NeighborsFromObservations(w.in->observations);
  if (neighbors.empty()) return;
  const double high = w.profile->gap_risk_percentile;
  std::unordered_map<std::string, const AreaResult*> by_id;
  std::map<std::string, double> risk_of;
  for (const auto& ar : r.areas) {
    by_id[ar.id] = &ar;
    if (ar.risk_index) risk_of[ar.id] = *ar.risk_index;
  }
  for (auto& ar : r.areas) {
    auto it = neighbors.find(ar.id);
    ar.neighbours.known = true;
    if (it == neighbors.end()) continue;
    const NeighborSummary summary = SummarizeNeighbors(neighbors, ar.id, risk_of);
    ar.neighbours.with_risk = summary.with_value;
    ar.neighbours.mean_risk = summary.mean;
    std::vector<const AreaResult*> high_risk;
    for (const auto& id : it->second) {
      auto n = by_id.find(id);
      if (n == by_id.end()) continue;  // outside the project
      ++ar.neighbours.in_project;
      if (n->second->risk_index && *n->second->risk_index >= high) high_risk.push_back(n->second);
    }
    std::sort(high_risk.begin(), high_risk.end(), [](const AreaResult* x, const AreaResult* y) {
      return *x->risk_index != *y->risk_index ? *x->risk_index > *y->risk_index : x->name < y->name;
    });
    for (const AreaResult* n : high_risk) ar.neighbours.high_risk.push_back(n->name);
    const bool self_high = ar.risk_index && *ar.risk_index >= high;
    if (!self_high && !high_risk.empty())
      r.spillover.push_back({ar.id, ar.name, static_cast<int>(high_risk.size()), ar.risk_index});
  }
  std::sort(r.spillover.begin(), r.spillover.end(), [](const SpilloverArea& x, const SpilloverArea& y) {
    if (x.high_risk_neighbours != y.high_risk_neighbours) return x.high_risk_neighbours > y.high_risk_neighbours;
    if (x.risk_index.value_or(-1) != y.risk_index.value_or(-1)) return x.risk_index.value_or(-1) > y.risk_index.value_or(-1);
    return x.area_id < y.area_id;
  });
}

void SilentSources(Publisher* p) {
  Work& w = *p->w;
  const Disclosure& d = w.disclosure;
  if (w.in->data_sheets.empty()) return;
  std::map<std::string, double> by_source;
  bool rows_withheld = false;
  const CaseloadTable* tips = d.caseload.Find("tips_by_source");
  if (tips) {
    for (const auto& t : p->r->taskforce_tables)
      if (t.id == "tips_by_source") rows_withheld = t.rows_withheld;
    for (const auto& [k, v] : tips->rows) by_source[k] += v;
  }
  std::set<std::string> candidates(w.profile->expected_tip_sources.begin(), w.profile->expected_tip_sources.end());
  for (const auto& [s, n] : w.signals.reported_to) candidates.insert(s);
  for (const auto& [s, n] : d.silent_named) candidates.insert(s);
  for (const auto& s : candidates) {
    auto it = by_source.find(s);
    std::string why;
    if (rows_withheld) {
      why = "tips by source are withheld (too few tips in all to show them)";
    } else {
      if (it != by_source.end() && it->second > 0) continue;
      why = it == by_source.end() ? "no tips recorded from it on any data sheet" : "0 tips on the data sheets";
    }
    bool expected = std::find(w.profile->expected_tip_sources.begin(), w.profile->expected_tip_sources.end(), s) !=
                    w.profile->expected_tip_sources.end();
    if (expected) why += "; expected by the scoring profile";
    auto rc = d.reported.find(s);
    if (rc != d.reported.end()) why += "; stakeholders say they reported to it (" + p->Make(rc->second).text + ")";
    auto sn = d.silent_named.find(s);
    if (sn != d.silent_named.end()) {
      Count c = p->Make(sn->second);
      why += c.suppressed ? "; named as silent on some data sheets (how many is withheld)" : "; named as silent on " + c.text + " data sheet(s)";
    }
    p->r->silent_sources.push_back({s, why});
  }
}

// The index of an indicator in r.indicators, -1 when no area has it.
int IndicatorIndex(const AssessmentResult& r, const char* id) {
  for (size_t i = 0; i < r.indicators.size(); ++i)
    if (r.indicators[i].id == id) return static_cast<int>(i);
  return -1;
}

void SetCell(AreaResult* ar, int indicator, const Count& c) {
  for (auto& cell : ar->indicators) {
    if (cell.indicator != indicator) continue;
    cell.text = c.text;
    if (c.suppressed) cell.value = cell.rate = cell.percentile = cell.moe = cell.rate_moe = std::nullopt;
  }
}

}  // namespace

void Publish(Work* w, AssessmentResult* r) {
  const Disclosure& d = w->disclosure;
  Publisher p{w, r, d.ledger};
  const Signals& s = w->signals;
  const size_t na = r->areas.size();
  std::set<std::string> covered(s.covered.begin(), s.covered.end());
  int tf_ind[4], concern_ind = IndicatorIndex(*r, "interviews.concern_count"),
      instability_ind = IndicatorIndex(*r, "interviews.instability_count");
  for (int i = 0; i < 4; ++i) tf_ind[i] = IndicatorIndex(*r, kTfIds[i]);
  for (size_t a = 0; a < na; ++a) {
    AreaResult& ar = r->areas[a];
    const auto& c = d.areas[a];
    ar.concern = p.Make(c.concern);
    ar.instability = p.Make(c.instability);
    ar.concern_by_role = p.MakeRows(c.roles, s.by_role);
    ar.concern_by_form = p.MakeRows(c.forms, s.by_form);
    ar.themes = p.MakeRows(c.themes, s.themes);
    ar.taskforce_covered = covered.count(ar.id) > 0;
    if (ar.taskforce_covered) {
      const auto& tf = d.tf[a];
      ar.victims_served = p.Estimate(tf, 0, tf.apportioned);
      ar.le_identified = p.Estimate(tf, 1, tf.apportioned);
      ar.tips = p.Estimate(tf, 2, tf.apportioned);
      ar.prosecutions = p.Estimate(tf, 3, tf.apportioned);
      std::map<std::string, AreaResult::YearRow> years;
      for (int g : {0, 1, 3})
        for (const auto& [y, vw] : tf.by_year[g]) {
          Disclosure::TfArea one;
          one.value[g] = vw.first;
          one.withheld[g] = vw.second;
          Count c = p.Estimate(one, g, tf.apportioned);
          auto& row = years[y];
          row.year = y;
          (g == 0 ? row.served : g == 1 ? row.identified : row.prosecutions) = c;
        }
      for (auto& [y, row] : years) ar.taskforce_by_year.push_back(std::move(row));
    }
    auto cp = s.custom_places.find(ar.id);
    if (cp != s.custom_places.end()) ar.custom_places = cp->second;
    SetCell(&ar, concern_ind, ar.concern);
    SetCell(&ar, instability_ind, ar.instability);
    const Count* tf[4] = {&ar.victims_served, &ar.le_identified, &ar.tips, &ar.prosecutions};
    for (int i = 0; i < 4; ++i) SetCell(&ar, tf_ind[i], *tf[i]);
    for (auto& cell : ar.indicators) {
      // Any other project count withheld (per-year task-force figures): no value, rate or rank.
      if (cell.status == "withheld") cell.value = cell.rate = cell.percentile = cell.moe = cell.rate_moe = std::nullopt;
      if (cell.text.empty()) cell.text = cell.value ? ShowCount(*cell.value) : cell.status;
    }
  }
  PublishCaseload(&p);
  r->interviews.title = "Final interviews and data sheets by protocol";
  for (const auto& [k, id] : d.protocols)
    if (!d.ledger.hidden(id)) r->interviews.rows.push_back({k, p.Make(id)});
  r->interviews.total = p.Make(d.protocols_total);
  r->interviews.rows_withheld = r->interviews.rows.size() < d.protocols.size();
  for (const auto& [k, id] : d.protocols)
    if (k == "taskforce_data_sheet") r->data_sheets = p.Make(id);
  Gaps(&p);
  Spillover(&p);
  SilentSources(&p);
  for (size_t i = 0; i < d.ledger.size(); ++i) {
    int id = static_cast<int>(i);
    if (d.ledger.hidden(id)) ++r->hidden_rows;
    else if (d.ledger.primary(id)) ++r->suppressed_primary;
    else if (d.ledger.suppressed(id)) ++r->suppressed_complementary;
  }
  r->suppressed_differencing = d.ledger.differencing_count();
  r->suppressed_complementary -= r->suppressed_differencing;
  r->published = d.ledger.ShownByKey();
}

}  // namespace canvass::assessment::internal
