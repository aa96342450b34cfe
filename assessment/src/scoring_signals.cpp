// Interview signals: per scored area, the stakeholders voicing concern or naming instability,
// by role, form of trafficking and theme (exact tallies; scoring_protect.cpp protects them).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "scoring_internal.h"

namespace canvass::assessment::internal {

namespace {
const char* kResidents[] = {"pep.pop_estimate", "acs.pop_total", "ers.pop_census"};
}  // namespace

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
  // The counts reach the scores only through the disclosure control (scoring_protect.cpp).
  if (!s.have_stakeholders) w->notes.push_back("no final stakeholder interviews: the stakeholder concern factor has no data");
  if (w->in->data_sheets.empty())
    w->notes.push_back("no final task-force data sheets: tips, victims and cases are unknown (not zero) everywhere");
}


}  // namespace canvass::assessment::internal
