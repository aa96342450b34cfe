// The attacks of issue 20, run against what the product publishes (the run JSON, which holds
// everything the report, the scores CSV and the shareable dataset show): a reader who knows
// the tables' structure combines every sum (totals minus shown cells, across tables, per-area
// breakdowns, the task-force figures of all areas against the caseload totals) by bounds
// propagation, written here independently of the product's own ledger. Then, for every
// withheld count, compares what the reader can narrow it to with the true value: a count read
// exactly is a recovery; a small count (1..T-1) whose range no longer holds all of 1..T-1 is
// narrowed. Header-only: used by assessment_tests and the demo attack in tests/app.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "assessment/caseload.h"
#include "assessment/interview_facts.h"
#include "assessment/scoring.h"
#include "core/value.h"

namespace canvass::assessment::attack {

using core::Value;

constexpr double kInf = 1e15;

// A published count as the run JSON has it: a number (shown), "withheld", null (unknown), or
// {"text","value"} (an estimate with its value).
struct Published {
  bool known = false, withheld = false;
  double value = 0;
};
inline Published Read(const Value& c) {
  Published p;
  if (c.is_number()) { p.known = true; p.value = c.as_number(); }
  else if (c.is_string() && c.as_string() == "withheld") p.withheld = true;
  else if (c.is_object() && c.Find("value") && c.Find("value")->is_number()) { p.known = true; p.value = c.Find("value")->as_number(); }
  return p;
}

class Reader {
 public:
  // A variable for a published count; `key` names it for the truth.
  int Var(const std::string& key, const Published& p) {
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;  // the same count shown twice is one unknown
    int id = static_cast<int>(lo_.size());
    index_[key] = id;
    keys_.push_back(key);
    withheld_.push_back(p.withheld);
    if (p.known) { lo_.push_back(p.value); hi_.push_back(p.value); }
    else if (p.withheld) { lo_.push_back(1); hi_.push_back(kInf); }
    else { lo_.push_back(0); hi_.push_back(kInf); }
    return id;
  }
  // members add up to total, within +-tol (estimates rounded to 2 decimals).
  void Sum(const std::vector<int>& members, int total, double tol = 0) { sums_.push_back({members, total, tol}); }
  void Part(int part, int whole) { parts_.push_back({part, whole}); }
  void Solve() {
    for (int round = 0; round < 500; ++round) {
      bool moved = false;
      for (const auto& s : sums_) {
        double lo = 0, hi = 0;
        for (int m : s.members) { lo += lo_[m]; hi = hi >= kInf || hi_[m] >= kInf ? kInf : hi + hi_[m]; }
        moved |= Narrow(s.total, lo - s.tol, hi >= kInf ? kInf : hi + s.tol);
        for (int m : s.members) {
          double olo = lo - lo_[m], ohi = hi >= kInf ? kInf : hi - hi_[m];
          if (hi < kInf && hi_[m] >= kInf) ohi = kInf;
          if (hi >= kInf) {  // recompute the others' upper sum without m
            ohi = 0;
            for (int o : s.members) if (o != m) ohi = ohi >= kInf || hi_[o] >= kInf ? kInf : ohi + hi_[o];
          }
          double nlo = ohi >= kInf ? lo_[m] : lo_[s.total] - ohi - s.tol;
          double nhi = hi_[s.total] >= kInf ? kInf : hi_[s.total] - olo + s.tol;
          moved |= Narrow(m, nlo, nhi);
        }
      }
      for (const auto& [p, w] : parts_) moved |= Narrow(p, lo_[p], hi_[w]);
      if (!moved) break;
    }
  }
  // The reader's range of a count (whole numbers).
  std::pair<double, double> Range(const std::string& key) const {
    int id = index_.at(key);
    return {std::ceil(lo_[id] - 1e-6), hi_[id] >= kInf ? kInf : std::floor(hi_[id] + 1e-6)};
  }
  const std::vector<std::string>& keys() const { return keys_; }
  bool withheld(const std::string& key) const { return withheld_[index_.at(key)]; }
  bool has(const std::string& key) const { return index_.count(key) > 0; }

 private:
  bool Narrow(int v, double lo, double hi) {
    bool moved = false;
    if (lo > lo_[v] + 1e-9) { lo_[v] = lo; moved = true; }
    if (hi < hi_[v] - 1e-9) { hi_[v] = hi; moved = true; }
    return moved;
  }
  struct S {
    std::vector<int> members;
    int total;
    double tol;
  };
  std::map<std::string, int> index_;
  std::vector<std::string> keys_;
  std::vector<bool> withheld_;
  std::vector<double> lo_, hi_;
  std::vector<S> sums_;
  std::vector<std::pair<int, int>> parts_;
};

// Everything the run JSON says, as sums the reader may use.
inline void LoadRun(const Value& run, Reader* r) {
  const auto& cols = *run.Find("columns");
  const char* groups[4] = {"victims_served", "le_identified", "tips", "prosecutions"};
  const char* caseload_groups[4] = {"served", "identified", "tips", "prosecutions"};
  std::vector<int> per_group[4];
  for (const auto& a : run.Find("areas")->as_array()) {
    const std::string id = a.Find("id")->as_string();
    int concern = r->Var("area/" + id + "/concern", Read(*a.Find("concern")));
    std::vector<int> roles;
    const auto& role_names = cols.Find("concern_by_role")->as_array();
    const auto& role_cells = a.Find("concern_by_role")->as_array();
    for (size_t i = 0; i < role_cells.size(); ++i)
      if (!role_cells[i].is_null()) roles.push_back(r->Var("area/" + id + "/role/" + role_names[i].as_string(), Read(role_cells[i])));
    if (!roles.empty()) r->Sum(roles, concern);
    for (const char* k : {"concern_by_form", "themes"}) {
      const auto& names = cols.Find(k)->as_array();
      const auto& cells = a.Find(k)->as_array();
      const std::string kind = std::string(k) == "themes" ? "theme" : "form";
      for (size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].is_null()) continue;
        const std::string name = names[i].as_string();
        int v = r->Var("area/" + id + "/" + kind + "/" + name, Read(cells[i]));
        if (name.rfind("code: ", 0) != 0) r->Part(v, concern);  // coded themes count any coded interview
      }
    }
    // The interview counts also sit in the indicator table (its text, then rate and percentile).
    const auto& inds = run.Find("indicators")->as_array();
    const auto& cells = a.Find("indicators")->as_array();
    for (size_t i = 0; i < cells.size() && i < inds.size(); ++i) {
      const std::string ind = inds[i].Find("id")->as_string();
      if (cells[i].is_null() || (ind != "interviews.concern_count" && ind != "interviews.instability_count")) continue;
      const std::string text = cells[i].as_array()[0].as_string();
      Published p;
      if (text == "withheld") p.withheld = true;
      else { p.known = true; p.value = std::stod(text); }
      r->Var("area/" + id + (ind == "interviews.concern_count" ? "/concern" : "/instability"), p);
    }
    if (a.Find("taskforce_covered")->as_bool())
      for (int g = 0; g < 4; ++g) {
        // An area's task-force figure is a share of whole sheets' figures: when withheld it may
        // be anything from 0 (a share of a withheld or unpublished sheet figure).
        Published p = Read(*a.Find(groups[g]));
        bool withheld = p.withheld;
        p.withheld = false;
        if (p.known || withheld) per_group[g].push_back(r->Var("area/" + id + "/tf/" + caseload_groups[g], p));
      }
  }
  // Caseload: totals, tables (rows add up to the group's total).
  std::map<std::string, int> group_total;
  const auto* cl = run.Find("caseload");
  static const char* kTotalLabels[4] = {"victims who received services", "victims identified by law enforcement",
                                        "tips and referrals", "prosecutions"};
  if (cl)
    for (int g = 0; g < 4; ++g)
      if (const Value* c = cl->Find("totals")->Find(kTotalLabels[g]))
        group_total[caseload_groups[g]] = r->Var(std::string("caseload/") + caseload_groups[g] + "/total", Read(*c));
  for (const auto& t : run.Find("taskforce_tables")->as_array()) {
    const std::string tid = t.Find("id")->as_string(), group = t.Find("group")->as_string();
    int total = group_total.count(group) ? group_total[group] : r->Var("caseload/" + group + "/total", Read(*t.Find("total")));
    if (t.Find("rows_withheld")->as_bool()) continue;  // its rows are not published
    std::vector<int> rows;
    for (const auto& [k, c] : t.Find("rows")->as_object()) rows.push_back(r->Var("caseload/" + tid + "/" + k, Read(c)));
    r->Sum(rows, total);
  }
  // Every sheet names an area of these projects: the areas' figures add up to the totals
  // (estimates are written with 2 decimals: a tolerance of 0.01 each).
  for (int g = 0; g < 4; ++g)
    if (group_total.count(caseload_groups[g]) && !per_group[g].empty())
      r->Sum(per_group[g], group_total[caseload_groups[g]], 0.01 * static_cast<double>(per_group[g].size()));
  const auto& iv = *run.Find("interviews");
  int total = r->Var("protocols/total", Read(*iv.Find("total")));
  if (!iv.Find("rows_withheld")->as_bool()) {
    std::vector<int> rows;
    for (const auto& [k, c] : iv.Find("rows")->as_object()) rows.push_back(r->Var("protocols/" + k, Read(c)));
    r->Sum(rows, total);
  }
}

// The true counts, recounted here from the facts (independently of the product's tallies).
inline std::map<std::string, double> Truth(const AssessmentInput& in, const std::string& level = "county") {
  std::map<std::string, double> t;
  std::map<std::string, const Area*> by_id;
  for (const auto& a : in.areas) by_id[a.id] = &a;
  auto up = [&](const std::vector<std::string>& ids) {
    std::set<std::string> out;
    for (const auto& x : ids) {
      std::string r = RollUpArea(x, by_id, level);
      if (!r.empty()) out.insert(r);
    }
    return out;
  };
  std::map<std::string, double> protocols;
  for (const auto& f : in.stakeholders) {
    protocols[f.form_id] += 1;
    for (const auto& a : up(f.instability_areas)) t["area/" + a + "/instability"] += 1;
    if (!f.voiced_concern()) continue;
    for (const auto& a : up(f.concern_areas)) {
      const std::string k = "area/" + a + "/";
      t[k + "concern"] += 1;
      t[k + "role/" + (f.role.empty() ? "unspecified" : f.role)] += 1;
      for (const auto& x : f.forms) t[k + "form/" + x] += 1;
      for (const auto& x : f.place_types) t[k + "theme/place: " + x] += 1;
      for (const auto& x : f.industries) t[k + "theme/industry: " + x] += 1;
      for (const auto& x : f.instability_factors) t[k + "theme/instability: " + x] += 1;
    }
  }
  for (const auto& [area, codes] : in.theme_counts) {
    std::string a = RollUpArea(area, by_id, level);
    if (a.empty()) continue;
    for (const auto& [code, n] : codes) t["area/" + a + "/theme/code: " + code] += n;
  }
  if (!in.data_sheets.empty()) protocols["taskforce_data_sheet"] = static_cast<double>(in.data_sheets.size());
  double all = 0;
  for (const auto& [k, v] : protocols) { t["protocols/" + k] = v; all += v; }
  t["protocols/total"] = all;
  Caseload c = BuildCaseload(in.data_sheets);
  for (const auto& [g, v] : c.totals) t["caseload/" + g + "/total"] = v;
  for (const auto& tb : c.tables)
    for (const auto& [k, v] : tb.rows) t["caseload/" + tb.id + "/" + k] = v;
  return t;
}

struct Outcome {
  int withheld = 0, exact = 0, narrowed = 0;
  std::vector<std::string> examples;
};

// Every withheld count the reader sees: recovered exactly, or (small) narrowed inside 1..T-1.
inline Outcome Attack(const Value& run, const std::map<std::string, double>& truth, int T) {
  Reader r;
  LoadRun(run, &r);
  r.Solve();
  Outcome o;
  for (const auto& key : r.keys()) {
    if (!r.withheld(key) || key.find("/tf/") != std::string::npos) continue;  // estimates are not counts
    auto it = truth.find(key);
    INFO("withheld key " << key);
    REQUIRE(it != truth.end());  // every withheld count is one the truth knows
    const double v = it->second;
    auto [lo, hi] = r.Range(key);
    ++o.withheld;
    INFO(key << " = " << v << ", the reader finds [" << lo << ", " << hi << "]");
    REQUIRE(lo <= v + 1e-9);  // the reader's model is right: the truth is always inside
    REQUIRE(hi >= v - 1e-9);
    bool exact = hi - lo < 0.5;
    bool narrowed = v >= 1 && v < T && (lo > 1 + 1e-9 || hi < T - 1 - 1e-9);
    if (exact) ++o.exact;
    if (narrowed) ++o.narrowed;
    if ((exact || narrowed) && o.examples.size() < 5)
      o.examples.push_back(key + "=" + std::to_string(v) + " in [" + std::to_string(lo) + "," + std::to_string(hi) + "]");
  }
  return o;
}

// Differencing two releases: a count both show must not have moved by 1..T-1.
inline int SmallChangesShown(const Value& before, const Value& after, int T) {
  Reader a, b;
  LoadRun(before, &a);
  LoadRun(after, &b);
  int n = 0;
  for (const auto& key : a.keys()) {
    if (!b.has(key) || a.withheld(key) || b.withheld(key) || key.find("/tf/") != std::string::npos) continue;
    double d = std::fabs(a.Range(key).first - b.Range(key).first);
    if (d >= 1 && d < T) ++n;
  }
  return n;
}

}  // namespace canvass::assessment::attack
