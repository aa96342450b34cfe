// BuildAggregates: the run's scores as saved, the exact counts recounted from the snapshot
// (checked against every value the run showed), the indicators the run read, the caseload.
#include "rollup/aggregates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "assessment/caseload.h"
#include "assessment/interview_facts.h"
#include "assessment/scoring.h"
#include "core/crypto_util.h"

namespace canvass::rollup {

using core::Result;
using core::Status;
using core::Value;
namespace as = assessment;

namespace {

std::string Str(const Value* v) { return v && v->is_string() ? v->as_string() : ""; }
std::optional<double> Num(const Value* v) {
  if (v && v->is_number()) return v->as_number();
  return std::nullopt;
}
const Value::Array& Arr(const Value* v) {
  static const Value::Array kEmpty;
  return v && v->is_array() ? v->as_array() : kEmpty;
}

// A count as the run shows it: a number, {"text","value"} (an estimate), "withheld" / ""
// (not shown), null (unknown).
struct Shown {
  bool known = false, shown = false;
  double value = 0;
};
Shown ReadCount(const Value* c) {
  Shown s;
  if (!c || c->is_null()) return s;
  s.known = true;
  if (c->is_number()) {
    s.shown = true;
    s.value = c->as_number();
  } else if (c->is_object()) {
    if (auto v = Num(c->Find("value"))) {
      s.shown = true;
      s.value = *v;
    }
  }
  return s;
}

// Exact tallies per area of the run (the same rule as the scoring's CountSignals: a
// stakeholder voicing concern counts once per distinct area named; themes by answer, and the
// coded themes by the project's count rule).
struct Tallies {
  std::map<std::string, double> concern;
  std::map<std::string, std::map<std::string, double>> themes;
};

Tallies Count(const as::AssessmentInput& in, const std::string& level, const std::set<std::string>& run_areas) {
  std::map<std::string, const as::Area*> by_id;
  for (const auto& a : in.areas) by_id[a.id] = &a;
  Tallies t;
  for (const auto& f : in.stakeholders) {
    if (!f.voiced_concern()) continue;
    std::set<std::string> targets;
    for (const auto& id : f.concern_areas) {
      std::string up = as::RollUpArea(id, by_id, level);
      if (run_areas.count(up)) targets.insert(up);
    }
    for (const auto& a : targets) {
      t.concern[a] += 1;
      for (const auto& x : f.place_types) t.themes[a]["place: " + x] += 1;
      for (const auto& x : f.industries) t.themes[a]["industry: " + x] += 1;
      for (const auto& x : f.instability_factors) t.themes[a]["instability: " + x] += 1;
    }
  }
  for (const auto& [area, codes] : in.theme_counts) {
    std::string up = as::RollUpArea(area, by_id, level);
    if (!run_areas.count(up)) continue;
    for (const auto& [code, n] : codes) t.themes[up]["code: " + code] += n;
  }
  return t;
}

// The latest resident count per area (PEP, else ACS, else the census), as the scoring
// apportions a sheet covering several areas.
std::map<std::string, double> Residents(const as::AssessmentInput& in, const std::string& level) {
  const char* kinds[] = {"pep.pop_estimate", "acs.pop_total", "ers.pop_census"};
  std::map<std::string, std::pair<std::string, double>> best[3];
  for (const auto& o : in.observations) {
    if (o.geo_level != level || !o.value || *o.value <= 0) continue;
    for (int i = 0; i < 3; ++i)
      if (o.indicator_id == kinds[i]) {
        auto& b = best[i][o.geo_id];
        if (b.first.empty() || as::PeriodNewer(o.period, b.first)) b = {o.period, *o.value};
      }
  }
  std::map<std::string, double> out;
  for (int i = 2; i >= 0; --i)
    for (const auto& [id, pv] : best[i]) out[id] = pv.second;
  return out;
}

Status Disagree(const std::string& run_id, const std::string& what) {
  return Status::Conflict("the central file no longer matches " + run_id + " (" + what +
                          "): run `canvass-cli assess FILE --out REPORT.html` again, then push");
}

// Adds one exact count, checked against what the run showed.
Status AddCount(Aggregates* g, const std::string& area, const std::string& measure, double exact, const Shown& s,
                double tolerance) {
  if (s.shown && std::fabs(s.value - exact) > tolerance)
    return Disagree(g->run_id, "area " + (area.empty() ? std::string("total") : area) + ", " + measure + ": the run shows " +
                                   core::FormatNumber(s.value) + ", the file now counts " + core::FormatNumber(exact));
  g->counts.push_back({area, measure, exact, s.shown});
  return Status::Ok();
}

void AddIndicators(const Value& run, const as::AssessmentInput& in, const std::string& level,
                   const std::set<std::string>& run_areas, Aggregates* g) {
  std::set<std::string> wanted;
  for (const auto& m : Arr(run.Find("indicators"))) {
    std::string kind = Str(m.Find("source_kind"));
    if (kind != "interviews" && kind != "taskforce") wanted.insert(Str(m.Find("id")));
  }
  std::map<std::pair<std::string, std::string>, std::string> sha;  // (kind, file) -> sha256
  for (const auto& s : in.sources) sha[{s.kind, s.file_name}] = s.sha256;
  std::map<std::pair<std::string, std::string>, const as::Observation*> latest;  // (area, indicator)
  for (const auto& o : in.observations) {
    if (o.geo_level != level || !wanted.count(o.indicator_id) || !run_areas.count(o.geo_id)) continue;
    auto& slot = latest[{o.geo_id, o.indicator_id}];
    if (!slot || as::PeriodNewer(o.period, slot->period)) slot = &o;
  }
  for (const auto& [key, o] : latest) {
    auto s = sha.find({o->source_kind, o->source_file});
    g->indicators.push_back({key.first, key.second, o->period, o->unit, o->status, o->source_kind,
                             s == sha.end() ? "" : s->second, o->value, o->moe});
  }
}

// Per-area task-force estimates as the scoring makes them: each counted sheet's totals shared
// among the areas it covers, by residents (equally when one has none). (area, group) -> value.
std::map<std::pair<std::string, std::string>, double> TaskforceEstimates(const as::AssessmentInput& in, const as::Caseload& caseload,
                                                                         const std::string& level,
                                                                         const std::set<std::string>& run_areas) {
  const auto population = Residents(in, level);
  std::map<std::string, const as::Area*> by_id;
  for (const auto& a : in.areas) by_id[a.id] = &a;
  std::map<std::pair<std::string, std::string>, double> out;
  for (const auto& sheet : caseload.counted) {
    std::set<std::string> targets;
    for (const auto& a : sheet.areas) {
      std::string up = as::RollUpArea(a, by_id, level);
      if (run_areas.count(up)) targets.insert(up);
    }
    double pop_sum = 0;
    bool all_pop = true;
    for (const auto& t : targets) {
      auto p = population.find(t);
      if (p == population.end() || p->second <= 0) all_pop = false;
      else pop_sum += p->second;
    }
    for (const auto& t : targets) {
      double share = targets.size() == 1 ? 1.0 : all_pop ? population.at(t) / pop_sum : 1.0 / static_cast<double>(targets.size());
      for (const auto& [group, v] : sheet.totals) out[{t, group}] += v * share;
    }
  }
  return out;
}

// One area of the run: its scores as saved, its exact counts checked against what it shows.
Status AddArea(const Value& a, const Tallies& t, const std::map<std::pair<std::string, std::string>, double>& tf_value,
               const std::vector<std::string>& theme_names, Aggregates* g) {
  AreaScoreRow r;
  r.area_id = Str(a.Find("id"));
  r.area_name = Str(a.Find("name"));
  r.rank = static_cast<int>(Num(a.Find("rank")).value_or(0));
  r.rank_low = static_cast<int>(Num(a.Find("rank_low")).value_or(0));
  r.rank_high = static_cast<int>(Num(a.Find("rank_high")).value_or(0));
  r.composite = Num(a.Find("composite"));
  r.risk_percentile = Num(a.Find("risk_percentile"));
  r.coverage = Num(a.Find("coverage")).value_or(0);
  const Value* cov = a.Find("taskforce_covered");
  r.taskforce_covered = cov && cov->is_bool() && cov->as_bool();
  g->areas.push_back(r);
  Shown concern = ReadCount(a.Find("concern"));
  auto c = t.concern.find(r.area_id);
  if (concern.known || c != t.concern.end())
    CANVASS_RETURN_IF_ERROR(AddCount(g, r.area_id, "concern", c == t.concern.end() ? 0 : c->second, concern, 1e-9));
  const char* kGroup[] = {"tips", "served", "identified", "prosecutions"};
  const char* kRunKey[] = {"tips", "victims_served", "le_identified", "prosecutions"};
  for (int i = 0; i < 4; ++i) {
    auto v = tf_value.find({r.area_id, kGroup[i]});
    if (v == tf_value.end()) continue;  // no sheet covers it: unknown, not 0
    CANVASS_RETURN_IF_ERROR(AddCount(g, r.area_id, kGroup[i], v->second, ReadCount(a.Find(kRunKey[i])), 0.006));
  }
  auto exact_themes = t.themes.find(r.area_id);
  const auto& cells = Arr(a.Find("themes"));
  for (size_t k = 0; k < theme_names.size() && k < cells.size(); ++k) {
    Shown s = ReadCount(&cells[k]);
    double exact = 0;
    if (exact_themes != t.themes.end()) {
      auto e = exact_themes->second.find(theme_names[k]);
      if (e != exact_themes->second.end()) exact = e->second;
    }
    if (!s.known && exact == 0) continue;
    if (s.shown && std::fabs(s.value - exact) > 1e-9) return Disagree(g->run_id, "area " + r.area_id + ", theme " + theme_names[k]);
    g->themes.push_back({r.area_id, theme_names[k], exact, s.shown});
  }
  return Status::Ok();
}

}  // namespace

std::string Aggregates::Digest() const {
  std::string s = task_force + '\x1f' + period + '\x1f' + run_id + '\x1f' + run_created_at + '\x1f' + profile_name + '\x1f' +
                  level + '\x1f' + signing_key + '\x1f' + std::to_string(threshold) + '\x1e';
  auto num = [](const std::optional<double>& v) { return v ? core::FormatNumber(*v) : std::string("-"); };
  for (const auto& a : areas)
    s += a.area_id + '\x1f' + a.area_name + '\x1f' + std::to_string(a.rank) + '\x1f' + std::to_string(a.rank_low) + '\x1f' +
         std::to_string(a.rank_high) + '\x1f' + num(a.composite) + '\x1f' + num(a.risk_percentile) + '\x1f' +
         core::FormatNumber(a.coverage) + (a.taskforce_covered ? "\x1fy\x1e" : "\x1fn\x1e");
  for (const auto& c : counts) s += c.area_id + '\x1f' + c.measure + '\x1f' + core::FormatNumber(c.value) + (c.shown ? "y\x1e" : "n\x1e");
  for (const auto& t : themes) s += t.area_id + '\x1f' + t.theme + '\x1f' + core::FormatNumber(t.value) + (t.shown ? "y\x1e" : "n\x1e");
  for (const auto& i : indicators)
    s += i.area_id + '\x1f' + i.indicator_id + '\x1f' + i.period + '\x1f' + i.unit + '\x1f' + i.status + '\x1f' + i.source_kind +
         '\x1f' + i.source_sha256 + '\x1f' + num(i.value) + '\x1f' + num(i.moe) + '\x1e';
  return core::Blake2bHex(s);
}

Result<Aggregates> BuildAggregates(const Value& run, const as::AssessmentInput& in, const std::string& signing_key_hex,
                                   const std::string& period) {
  if (Str(run.Find("format")) != "canvass.assessment_run" || Num(run.Find("version")).value_or(0) != 2)
    return Status::Unsupported("the latest assessment run was saved by an older build: run `canvass-cli assess FILE --out "
                               "REPORT.html` again, then push");
  Aggregates g;
  g.run_id = Str(run.Find("run_id"));
  g.run_created_at = Str(run.Find("created_at"));
  const Value* profile = run.Find("profile");
  g.profile_name = profile ? Str(profile->Find("name")) : "";
  g.level = profile ? Str(profile->Find("level")) : "";
  if (g.level.empty()) g.level = "county";
  g.threshold = static_cast<int>(Num(run.Find("suppression_threshold")).value_or(11));
  g.signing_key = signing_key_hex;
  g.period = period.empty() ? g.run_created_at.substr(0, 4) : period;
  std::set<std::string> run_areas;
  for (const auto& a : Arr(run.Find("areas"))) run_areas.insert(Str(a.Find("id")));

  const Tallies t = Count(in, g.level, run_areas);
  const as::Caseload caseload = as::BuildCaseload(in.data_sheets);
  const auto tf_value = TaskforceEstimates(in, caseload, g.level, run_areas);
  std::vector<std::string> theme_names;
  if (const Value* cols = run.Find("columns"))
    for (const auto& n : Arr(cols->Find("themes"))) theme_names.push_back(Str(&n));
  for (const auto& a : Arr(run.Find("areas"))) CANVASS_RETURN_IF_ERROR(AddArea(a, t, tf_value, theme_names, &g));
  // The caseload totals of the whole task force.
  // (The run names them by their labels: scoring_publish.cpp, PublishCaseload.)
  const char* kLabels[4] = {"victims who received services", "victims identified by law enforcement", "tips and referrals",
                            "prosecutions"};
  const Value* totals = run.Find("caseload") ? run.Find("caseload")->Find("totals") : nullptr;
  for (int i = 0; i < 4; ++i) {
    auto it = caseload.totals.find(as::kCaseloadGroups[i]);
    if (it == caseload.totals.end()) continue;
    CANVASS_RETURN_IF_ERROR(
        AddCount(&g, "", as::kCaseloadGroups[i], it->second, ReadCount(totals ? totals->Find(kLabels[i]) : nullptr), 1e-9));
  }
  AddIndicators(run, in, g.level, run_areas, &g);
  return g;
}

}  // namespace canvass::rollup
