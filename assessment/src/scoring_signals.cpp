// Interview signals: per scored area, the stakeholders voicing concern or naming instability,
// by role, form of trafficking and theme (exact tallies; scoring_protect.cpp protects them).
#include <algorithm>
#include <cmath>
#include <exception>
#include <system_error>
#include <thread>
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
  // Adds another tally's counts, key by key name.
  void Merge(const DenseTally& o) {
    for (size_t k = 0; k < o.n.size(); ++k) {
      int id = Id(*o.keys.names[k]);
      for (size_t a = 0; a < areas; ++a)
        if (!std::isnan(o.n[k][a])) Add(id, a, o.n[k][a]);
    }
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

// The tallies of a run of stakeholder interviews. Two runs merged in order give what one
// pass over both would: sums, and custom place names in the order first named.
struct Tally {
  explicit Tally(size_t areas) : concern(areas, 0), instability(areas, 0) { roles.areas = forms.areas = themes.areas = areas; }
  bool any = false;
  std::vector<double> concern, instability;
  DenseTally roles, forms, themes;
  Interner reported;
  std::vector<double> reported_n;
  std::map<size_t, std::vector<std::string>> custom;  // scored area -> custom place names

  void AddReported(const std::string& source, double n) {
    size_t id = static_cast<size_t>(reported.Id(source));
    if (id >= reported_n.size()) reported_n.push_back(0);
    reported_n[id] += n;
  }

  void Merge(const Tally& later) {
    any = any || later.any;
    for (size_t a = 0; a < concern.size(); ++a) {
      concern[a] += later.concern[a];
      instability[a] += later.instability[a];
    }
    roles.Merge(later.roles);
    forms.Merge(later.forms);
    themes.Merge(later.themes);
    for (size_t i = 0; i < later.reported_n.size(); ++i) AddReported(*later.reported.names[i], later.reported_n[i]);
    for (const auto& [a, names] : later.custom)
      for (const auto& name : names) {
        auto& mine = custom[a];
        if (std::find(mine.begin(), mine.end(), name) == mine.end()) mine.push_back(name);
      }
  }
};

// Tallies the stakeholder interviews [from, to).
void CountRange(const Work& w, const StakeholderFact* from, const StakeholderFact* to, Tally* t) {
  const std::string& level = w.profile->level;
  // An area id resolves to the same scored area every time: resolved once per distinct id.
  struct Target {
    int index = -1;                 // scored area, -1 = none
    const Area* custom = nullptr;   // a custom place inside it (its name is listed)
  };
  std::unordered_map<std::string, Target> resolved;
  auto resolve = [&](const std::string& id) -> const Target& {
    auto hit = resolved.find(id);
    if (hit != resolved.end()) return hit->second;
    Target x;
    auto it = w.area_index.find(RollUpArea(id, w.by_id, level));
    if (it != w.area_index.end()) x.index = it->second;
    auto a = w.by_id.find(id);
    if (a != w.by_id.end() && a->second->level == "custom" && x.index >= 0) x.custom = a->second;
    return resolved.emplace(id, x).first->second;
  };
  std::vector<size_t> targets;  // distinct scored areas named by one answer
  auto collect = [&](const std::vector<std::string>& ids) {
    targets.clear();
    for (const auto& id : ids) {
      const Target& x = resolve(id);
      if (x.index < 0) continue;
      size_t a = static_cast<size_t>(x.index);
      if (std::find(targets.begin(), targets.end(), a) == targets.end()) targets.push_back(a);
      if (x.custom) {
        auto& names = t->custom[a];
        if (std::find(names.begin(), names.end(), x.custom->name) == names.end()) names.push_back(x.custom->name);
      }
    }
  };
  // Themes are interned by their answer within each kind, and named ("place: x") once.
  Interner places, industries, factors;
  std::vector<int> place_theme, industry_theme, factor_theme;
  auto theme_of = [&](Interner* kind, std::vector<int>* to_theme, const char* prefix, const std::string& x) {
    size_t id = static_cast<size_t>(kind->Id(x));
    if (id >= to_theme->size()) to_theme->push_back(t->themes.Id(prefix + x));
    return (*to_theme)[id];
  };
  std::vector<int> form_ids, theme_ids;
  for (const StakeholderFact* f = from; f != to; ++f) {
    t->any = true;
    for (const auto& src : f->reported_to) t->AddReported(src, 1);
    collect(f->instability_areas);
    for (size_t a : targets) t->instability[a] += 1;
    if (!f->voiced_concern()) continue;
    collect(f->concern_areas);
    if (targets.empty()) continue;
    int role = t->roles.Id(f->role.empty() ? "unspecified" : f->role);
    form_ids.clear();
    theme_ids.clear();
    for (const auto& x : f->forms) form_ids.push_back(t->forms.Id(x));
    for (const auto& x : f->place_types) theme_ids.push_back(theme_of(&places, &place_theme, "place: ", x));
    for (const auto& x : f->industries) theme_ids.push_back(theme_of(&industries, &industry_theme, "industry: ", x));
    for (const auto& x : f->instability_factors) theme_ids.push_back(theme_of(&factors, &factor_theme, "instability: ", x));
    for (size_t a : targets) {
      t->concern[a] += 1;
      t->roles.Add(role, a, 1);
      for (int x : form_ids) t->forms.Add(x, a, 1);
      for (int x : theme_ids) t->themes.Add(x, a, 1);
    }
  }
}

}  // namespace

// The interviews are tallied in two halves, the second on a thread of its own when there are
// many (the caller's thread has nothing else to do meanwhile), and the halves merged in order.
void CountSignals(Work* w) {
  Signals& s = w->signals;
  const size_t na = w->scored.size();
  const std::string& level = w->profile->level;
  const auto& st = w->in->stakeholders;
  Tally all(na), second(na);
  const StakeholderFact* begin = st.data();
  const StakeholderFact* mid = begin + st.size() / 2;
  const StakeholderFact* end = begin + st.size();
  std::thread helper;
  std::exception_ptr failed;
  if (w->options.threads != 1 && st.size() >= 8192) {
    try {
      helper = std::thread([&] {
        try {
          CountRange(*w, mid, end, &second);
        } catch (...) {
          failed = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      // no thread available: in turn, below
    }
  }
  if (helper.joinable()) {
    try {
      CountRange(*w, begin, mid, &all);
    } catch (...) {
      helper.join();
      throw;
    }
    helper.join();
    if (failed) std::rethrow_exception(failed);
    all.Merge(second);
  } else {
    CountRange(*w, begin, end, &all);
  }
  s.have_stakeholders = all.any;
  s.concern = std::move(all.concern);
  s.instability = std::move(all.instability);
  for (size_t i = 0; i < all.reported_n.size(); ++i) s.reported_to[*all.reported.names[i]] = static_cast<int>(all.reported_n[i]);
  for (auto& [a, names] : all.custom) s.custom_places[w->scored[a]->id] = std::move(names);
  for (const auto& [area, codes] : w->in->theme_counts) {
    auto it = w->area_index.find(RollUpArea(area, w->by_id, level));
    if (it == w->area_index.end()) continue;
    for (const auto& [code, n] : codes) all.themes.Add(all.themes.Id("code: " + code), static_cast<size_t>(it->second), n);
  }
  all.roles.To(&s.by_role);
  all.forms.To(&s.by_form);
  all.themes.To(&s.themes);
  // The counts reach the scores only through the disclosure control (scoring_protect.cpp).
  if (!s.have_stakeholders) w->notes.push_back("no final stakeholder interviews: the stakeholder concern factor has no data");
  if (w->in->data_sheets.empty())
    w->notes.push_back("no final task-force data sheets: tips, victims and cases are unknown (not zero) everywhere");
}

}  // namespace canvass::assessment::internal
