// Interview and task-force signals, small-cell suppression of everything counted from the
// project's own data, the gap analysis and silent tip sources.
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "scoring_internal.h"

namespace canvass::assessment::internal {

namespace {

const char* kResidents[] = {"pep.pop_estimate", "acs.pop_total", "ers.pop_census"};

std::map<std::string, double> Residents(const Work& w) {
  std::map<std::string, std::pair<std::string, double>> best[3];
  for (const auto& o : w.in->observations) {
    if (o.geo_level != w.profile->level || !o.value || *o.value <= 0) continue;
    for (int i = 0; i < 3; ++i)
      if (o.indicator_id == kResidents[i]) {
        auto& b = best[i][o.geo_id];
        if (b.first.empty() || PeriodNewer(o.period, b.first)) b = {o.period, *o.value};
      }
  }
  std::map<std::string, double> out;
  for (int i = 2; i >= 0; --i)
    for (const auto& [id, pv] : best[i]) out[id] = pv.second;
  return out;
}

Observation CountObs(const char* id, const std::string& level, const std::string& area, double v) {
  Observation o;
  o.indicator_id = id;
  o.geo_level = level;
  o.geo_id = area;
  o.period = "interviews";
  o.value = v;
  o.unit = "count";
  o.source_kind = "interviews";
  o.source_file = "final stakeholder interviews";
  return o;
}

}  // namespace

namespace {

// Interns keys ("street_outreach", "place: truck_stops") as small ints, so the per-interview
// tallies are array increments instead of string-keyed map updates.
struct Interner {
  std::unordered_map<std::string, int> ids;
  std::vector<const std::string*> names;
  int Id(const std::string& key) {
    auto it = ids.find(key);
    if (it != ids.end()) return it->second;
    it = ids.emplace(key, static_cast<int>(names.size())).first;
    names.push_back(&it->first);
    return it->second;
  }
};

// Counts per key and scored area ([key][area]; NaN = no row). Counts are whole numbers, so
// the order of additions does not change any sum.
struct DenseTally {
  Interner keys;
  std::vector<std::vector<double>> n;
  size_t areas = 0;
  int Id(const std::string& key) {
    int id = keys.Id(key);
    if (static_cast<size_t>(id) >= n.size()) n.emplace_back(areas, std::nan(""));
    return id;
  }
  void Add(int key, size_t area, double v) {
    double& c = n[static_cast<size_t>(key)][area];
    c = std::isnan(c) ? v : c + v;
  }
  // The rows of every area in key order (as a std::map<std::string, ...> would list them).
  void To(Signals::Rows* out) const {
    std::vector<int> order(n.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
    std::sort(order.begin(), order.end(), [&](int x, int y) { return *keys.names[static_cast<size_t>(x)] < *keys.names[static_cast<size_t>(y)]; });
    out->names.clear();
    for (int k : order) out->names.push_back(*keys.names[static_cast<size_t>(k)]);
    out->areas.assign(areas, {});
    for (size_t i = 0; i < order.size(); ++i) {
      const auto& col = n[static_cast<size_t>(order[i])];
      for (size_t a = 0; a < areas; ++a)
        if (!std::isnan(col[a])) out->areas[a].push_back({static_cast<int>(i), col[a]});
    }
  }
};

}  // namespace

void CountSignals(Work* w) {
  Signals& s = w->signals;
  size_t na = w->scored.size();
  const std::string& level = w->profile->level;
  s.concern.assign(na, 0);
  s.instability.assign(na, 0);
  // An area id resolves to the same scored area every time: resolved once per distinct id.
  struct Target {
    int index = -1;                 // scored area, -1 = none
    const Area* custom = nullptr;   // a custom place inside it (its name is listed)
  };
  std::unordered_map<std::string, Target> resolved;
  auto resolve = [&](const std::string& id) -> const Target& {
    auto hit = resolved.find(id);
    if (hit != resolved.end()) return hit->second;
    Target t;
    auto it = w->area_index.find(RollUpArea(id, w->by_id, level));
    if (it != w->area_index.end()) t.index = it->second;
    auto a = w->by_id.find(id);
    if (a != w->by_id.end() && a->second->level == "custom" && t.index >= 0) t.custom = a->second;
    return resolved.emplace(id, t).first->second;
  };
  std::vector<size_t> targets;  // distinct scored areas named by one answer
  auto collect = [&](const std::vector<std::string>& ids) {
    targets.clear();
    for (const auto& id : ids) {
      const Target& t = resolve(id);
      if (t.index < 0) continue;
      size_t a = static_cast<size_t>(t.index);
      if (std::find(targets.begin(), targets.end(), a) == targets.end()) targets.push_back(a);
      if (t.custom) {
        auto& names = s.custom_places[w->scored[a]->id];
        if (std::find(names.begin(), names.end(), t.custom->name) == names.end()) names.push_back(t.custom->name);
      }
    }
  };
  // Themes are interned by their answer within each kind, and named ("place: x") once.
  DenseTally roles, forms, themes;
  roles.areas = forms.areas = themes.areas = na;
  Interner places, industries, factors, reported;
  std::vector<int> place_theme, industry_theme, factor_theme;
  auto theme_of = [&](Interner* kind, std::vector<int>* to_theme, const char* prefix, const std::string& x) {
    size_t id = static_cast<size_t>(kind->Id(x));
    if (id >= to_theme->size()) to_theme->push_back(themes.Id(prefix + x));
    return (*to_theme)[id];
  };
  std::vector<double> reported_n;
  std::vector<int> form_ids, theme_ids;
  for (const auto& f : w->in->stakeholders) {
    s.have_stakeholders = true;
    for (const auto& src : f.reported_to) {
      size_t id = static_cast<size_t>(reported.Id(src));
      if (id >= reported_n.size()) reported_n.push_back(0);
      reported_n[id] += 1;
    }
    collect(f.instability_areas);
    for (size_t a : targets) s.instability[a] += 1;
    if (!f.voiced_concern()) continue;
    collect(f.concern_areas);
    if (targets.empty()) continue;
    int role = roles.Id(f.role.empty() ? "unspecified" : f.role);
    form_ids.clear();
    theme_ids.clear();
    for (const auto& x : f.forms) form_ids.push_back(forms.Id(x));
    for (const auto& x : f.place_types) theme_ids.push_back(theme_of(&places, &place_theme, "place: ", x));
    for (const auto& x : f.industries) theme_ids.push_back(theme_of(&industries, &industry_theme, "industry: ", x));
    for (const auto& x : f.instability_factors) theme_ids.push_back(theme_of(&factors, &factor_theme, "instability: ", x));
    for (size_t a : targets) {
      s.concern[a] += 1;
      roles.Add(role, a, 1);
      for (int x : form_ids) forms.Add(x, a, 1);
      for (int x : theme_ids) themes.Add(x, a, 1);
    }
  }
  for (size_t i = 0; i < reported_n.size(); ++i) s.reported_to[*reported.names[i]] = static_cast<int>(reported_n[i]);
  for (const auto& [area, codes] : w->in->theme_counts) {
    auto it = w->area_index.find(RollUpArea(area, w->by_id, level));
    if (it == w->area_index.end()) continue;
    for (const auto& [code, n] : codes) themes.Add(themes.Id("code: " + code), static_cast<size_t>(it->second), n);
  }
  roles.To(&s.by_role);
  forms.To(&s.by_form);
  themes.To(&s.themes);
  if (s.have_stakeholders) {
    for (size_t a = 0; a < na; ++a) {
      w->derived.push_back(CountObs("interviews.concern_count", level, w->scored[a]->id, s.concern[a]));
      w->derived.push_back(CountObs("interviews.instability_count", level, w->scored[a]->id, s.instability[a]));
    }
  } else {
    w->notes.push_back("no final stakeholder interviews: the stakeholder concern factor has no data");
  }
  if (w->in->data_sheets.empty()) {
    w->notes.push_back("no final task-force data sheets: tips, victims and cases are unknown (not zero) everywhere");
    return;
  }
  auto tf = DeriveTaskforceIndicators(w->in->data_sheets, w->in->areas, level, Residents(*w));
  w->derived.insert(w->derived.end(), tf.observations.begin(), tf.observations.end());
  w->notes.insert(w->notes.end(), tf.notes.begin(), tf.notes.end());
  s.covered = tf.covered_areas;
}

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

struct Publisher {
  Work* w;
  AssessmentResult* r;
  SuppressionLedger ledger;
  // Cells registered per area, resolved into Counts after Apply().
  struct AreaCells {
    int concern = -1, instability = -1, tf[4] = {-1, -1, -1, -1};
    std::vector<std::pair<int, int>> roles, forms, themes;   // (name index in Signals::Rows, cell)
  };
  std::vector<AreaCells> cells;
  struct TableCells {
    std::string title;
    std::vector<std::pair<std::string, int>> rows;
    int total = -1;
  };
  std::vector<TableCells> tables;
  TableCells interviews;
  std::map<std::string, int> reported_cells;

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
  std::vector<std::pair<std::string, Count>> MakeRows(const std::vector<std::pair<std::string, int>>& rows) const {
    std::vector<std::pair<std::string, Count>> out;
    for (const auto& [k, id] : rows) out.push_back({k, Make(id)});
    return out;
  }
  std::vector<std::pair<std::string, Count>> MakeRows(const std::vector<std::pair<int, int>>& rows, const Signals::Rows& names) const {
    std::vector<std::pair<std::string, Count>> out;
    out.reserve(rows.size());
    for (const auto& [k, id] : rows) out.push_back({names.names[static_cast<size_t>(k)], Make(id)});
    return out;
  }
};

const char* kTfIds[4] = {"tf.tips_count", "tf.victims_served_count", "tf.le_identified_count", "tf.prosecutions_count"};

void RegisterTaskforceTables(Publisher* p) {
  const auto& sheets = p->w->in->data_sheets;
  if (sheets.empty()) return;
  // Totals across every sheet (also those naming no project area).
  double totals[4] = {0, 0, 0, 0};
  bool have[4] = {false, false, false, false};
  for (const auto& sh : sheets) {
    const std::optional<double> v[4] = {sh.tips_total, sh.served_total, sh.le_identified_total, sh.prosecutions_total};
    for (int i = 0; i < 4; ++i) if (v[i]) { totals[i] += *v[i]; have[i] = true; }
  }
  static const char* kLabels[4] = {"tips and referrals", "victims served", "victims identified by law enforcement", "prosecutions"};
  Publisher::TableCells tot{"Task-force totals (all final data sheets)", {}, -1};
  int total_cell[4] = {-1, -1, -1, -1};
  for (int i = 0; i < 4; ++i)
    if (have[i]) { total_cell[i] = p->ledger.Add(totals[i]); tot.rows.push_back({kLabels[i], total_cell[i]}); }
  // Area cells add up to the totals when every sheet names a project area.
  bool all_assigned = true;
  for (const auto& sh : sheets) {
    bool any = false;
    for (const auto& a : sh.areas) any = any || !RollUpArea(a, p->w->by_id, p->w->profile->level).empty();
    all_assigned = all_assigned && any;
  }
  if (all_assigned)
    for (int i = 0; i < 4; ++i) {
      if (total_cell[i] < 0) continue;
      std::vector<int> members;
      for (const auto& c : p->cells) if (c.tf[i] >= 0) members.push_back(c.tf[i]);
      p->ledger.AddConstraint(members, total_cell[i]);
    }
  p->tables.push_back(tot);
  struct Spec { const char* q; const char* title; int total; };
  const Spec specs[] = {{"tips_by_source", "Tips and referrals by source", 0},
                        {"served_by_type", "Victims served by form of trafficking", 1},
                        {"served_by_sex", "Victims served by sex/gender", 1},
                        {"le_by_type", "Victims identified by law enforcement, by form", 2},
                        {"le_by_sex", "Victims identified by law enforcement, by sex/gender", 2},
                        {"prosecutions_by_type", "Prosecutions by form of trafficking", 3}};
  for (const auto& sp : specs) {
    std::map<std::string, double> sum;
    for (const auto& sh : sheets) {
      auto it = sh.tables.find(sp.q);
      if (it == sh.tables.end()) continue;
      for (const auto& [k, v] : it->second) sum[k] += v;
    }
    if (sum.empty()) continue;
    Publisher::TableCells t{sp.title, {}, -1};
    double s = 0;
    std::vector<int> members;
    for (const auto& [k, v] : sum) {
      int id = p->ledger.Add(v);
      t.rows.push_back({k, id});
      members.push_back(id);
      s += v;
    }
    // The same number shown twice must be one cell (else one copy would give the other away).
    int tc = total_cell[sp.total];
    t.total = (tc >= 0 && std::fabs(p->ledger.value(tc) - s) < 1e-9) ? tc : p->ledger.Add(s);
    p->ledger.AddConstraint(members, t.total);
    p->tables.push_back(t);
  }
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
    bool concern = w.signals.concern[a] >= prof.gap_min_concern;
    if (!high_risk && !concern) continue;
    std::optional<double> tips, rate;
    for (const auto& c : ar.indicators)
      if (r.indicators[static_cast<size_t>(c.indicator)].id == "tf.tips_count") { tips = c.value; rate = c.rate; }
    bool is_covered = covered.count(ar.id) > 0;
    double exact_tips = p->cells[a].tf[0] >= 0 ? p->ledger.value(p->cells[a].tf[0]) : 0;
    bool few = !is_covered || exact_tips == 0 || (rate && *rate <= low_tips);
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
    else if (exact_tips == 0) why += "; no tips or referrals recorded";
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

void SilentSources(Publisher* p) {
  Work& w = *p->w;
  if (w.in->data_sheets.empty()) return;
  std::map<std::string, double> by_source;
  std::map<std::string, int> named_silent;
  for (const auto& sh : w.in->data_sheets) {
    auto it = sh.tables.find("tips_by_source");
    if (it != sh.tables.end()) for (const auto& [k, v] : it->second) by_source[k] += v;
    for (const auto& s : sh.silent_sources) ++named_silent[s];
  }
  std::set<std::string> candidates(w.profile->expected_tip_sources.begin(), w.profile->expected_tip_sources.end());
  for (const auto& [s, n] : w.signals.reported_to) candidates.insert(s);
  for (const auto& [s, n] : named_silent) candidates.insert(s);
  for (const auto& s : candidates) {
    auto it = by_source.find(s);
    if (it != by_source.end() && it->second > 0) continue;
    std::string why = it == by_source.end() ? "no tips recorded from it on any data sheet" : "0 tips on the data sheets";
    bool expected = std::find(w.profile->expected_tip_sources.begin(), w.profile->expected_tip_sources.end(), s) !=
                    w.profile->expected_tip_sources.end();
    if (expected) why += "; expected by the scoring profile";
    auto rc = p->reported_cells.find(s);
    if (rc != p->reported_cells.end()) why += "; stakeholders say they reported to it (" + p->Make(rc->second).text + ")";
    if (named_silent.count(s)) why += "; named as silent on " + std::to_string(named_silent[s]) + " data sheet(s)";
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
  Publisher p{w, r, {}, {}, {}, {}, {}};
  const Signals& s = w->signals;
  size_t na = r->areas.size();
  p.cells.resize(na);
  std::set<std::string> covered(s.covered.begin(), s.covered.end());
  int tf_ind[4], concern_ind = IndicatorIndex(*r, "interviews.concern_count"),
      instability_ind = IndicatorIndex(*r, "interviews.instability_count");
  for (int i = 0; i < 4; ++i) tf_ind[i] = IndicatorIndex(*r, kTfIds[i]);
  for (size_t a = 0; a < na; ++a) {
    auto& c = p.cells[a];
    AreaResult& ar = r->areas[a];
    if (s.have_stakeholders) {
      c.concern = p.ledger.Add(s.concern[a]);
      c.instability = p.ledger.Add(s.instability[a]);
      std::vector<int> members;
      for (const auto& [k, v] : s.by_role.areas[a]) { c.roles.push_back({k, p.ledger.Add(v)}); members.push_back(c.roles.back().second); }
      if (!members.empty()) p.ledger.AddConstraint(members, c.concern);
      for (const auto& [k, v] : s.by_form.areas[a]) c.forms.push_back({k, p.ledger.Add(v)});
      for (const auto& [k, v] : s.themes.areas[a]) c.themes.push_back({k, p.ledger.Add(v)});
    }
    ar.taskforce_covered = covered.count(ar.id) > 0;
    if (ar.taskforce_covered)
      for (int i = 0; i < 4; ++i)
        for (const auto& cell : ar.indicators)
          if (cell.indicator == tf_ind[i] && cell.value) c.tf[i] = p.ledger.Add(*cell.value);
    auto cp = s.custom_places.find(ar.id);
    if (cp != s.custom_places.end()) ar.custom_places = cp->second;
  }
  for (const auto& [src, n] : s.reported_to) p.reported_cells[src] = p.ledger.Add(n);
  RegisterTaskforceTables(&p);
  // Final interviews by protocol.
  std::map<std::string, double> by_form;
  const std::string* last = nullptr;   // interviews come in runs of one protocol
  double run = 0;
  for (const auto& f : w->in->stakeholders) {
    if (last && f.form_id == *last) { run += 1; continue; }
    if (last) by_form[*last] += run;
    last = &f.form_id;
    run = 1;
  }
  if (last) by_form[*last] += run;
  if (!w->in->data_sheets.empty()) by_form["taskforce_data_sheet"] = static_cast<double>(w->in->data_sheets.size());
  p.interviews.title = "Final interviews and data sheets by protocol";
  std::vector<int> members;
  double total = 0;
  for (const auto& [k, v] : by_form) { p.interviews.rows.push_back({k, p.ledger.Add(v)}); members.push_back(p.interviews.rows.back().second); total += v; }
  p.interviews.total = p.ledger.Add(total);
  p.ledger.AddConstraint(members, p.interviews.total);

  p.ledger.Apply(w->options.suppression_threshold);

  for (size_t a = 0; a < na; ++a) {
    const auto& c = p.cells[a];
    AreaResult& ar = r->areas[a];
    ar.concern = p.Make(c.concern);
    ar.instability = p.Make(c.instability);
    ar.concern_by_role = p.MakeRows(c.roles, s.by_role);
    ar.concern_by_form = p.MakeRows(c.forms, s.by_form);
    ar.themes = p.MakeRows(c.themes, s.themes);
    ar.tips = p.Make(c.tf[0]);
    ar.victims_served = p.Make(c.tf[1]);
    ar.le_identified = p.Make(c.tf[2]);
    ar.prosecutions = p.Make(c.tf[3]);
    SetCell(&ar, concern_ind, ar.concern);
    SetCell(&ar, instability_ind, ar.instability);
    const Count* tf[4] = {&ar.tips, &ar.victims_served, &ar.le_identified, &ar.prosecutions};
    for (int i = 0; i < 4; ++i) SetCell(&ar, tf_ind[i], *tf[i]);
    for (auto& cell : ar.indicators)
      if (cell.text.empty()) cell.text = cell.value ? ShowCount(*cell.value) : cell.status;
  }
  for (const auto& t : p.tables) r->taskforce_tables.push_back({t.title, p.MakeRows(t.rows), p.Make(t.total)});
  r->interviews = {p.interviews.title, p.MakeRows(p.interviews.rows), p.Make(p.interviews.total)};
  r->data_sheets = static_cast<int>(w->in->data_sheets.size());
  Gaps(&p);
  SilentSources(&p);
  for (size_t i = 0; i < p.ledger.size(); ++i)
    if (p.ledger.suppressed(static_cast<int>(i))) {
      if (p.ledger.primary(static_cast<int>(i))) ++r->suppressed_primary; else ++r->suppressed_complementary;
    }
}

}  // namespace canvass::assessment::internal
