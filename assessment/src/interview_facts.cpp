// Structured facts from final interviews, and task-force indicators from data sheets.
#include "assessment/interview_facts.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace canvass::assessment {

using core::Value;
using Answers = std::map<std::string, Value>;

namespace {

std::string Str(const Answers& a, const char* k) {
  auto it = a.find(k);
  return it != a.end() && it->second.is_string() ? it->second.as_string() : std::string();
}

std::vector<std::string> List(const Answers& a, const char* k) {
  std::vector<std::string> out;
  auto it = a.find(k);
  if (it == a.end()) return out;
  if (it->second.is_string()) {
    out.push_back(it->second.as_string());
  } else if (it->second.is_array()) {
    for (const auto& v : it->second.as_array())
      if (v.is_string()) out.push_back(v.as_string());
  }
  return out;
}

std::optional<double> Num(const Answers& a, const char* k) {
  auto it = a.find(k);
  if (it == a.end() || !it->second.is_number() || it->second.as_number() < 0) return std::nullopt;
  return it->second.as_number();
}

// A repeat of {year, count} items: year -> count. Items without both are left out.
std::map<std::string, double> ByYear(const Answers& a, const char* k, const char* year_q, const char* count_q) {
  std::map<std::string, double> out;
  auto it = a.find(k);
  if (it == a.end() || !it->second.is_array()) return out;
  for (const auto& item : it->second.as_array()) {
    if (!item.is_object()) continue;
    const Value* y = item.Find(year_q);
    const Value* n = item.Find(count_q);
    if (!y || !n || !y->is_number() || !n->is_number() || n->as_number() < 0) continue;
    double year = y->as_number();
    if (year < 1900 || year > 2200 || year != static_cast<double>(static_cast<int>(year))) continue;
    out[std::to_string(static_cast<int>(year))] += n->as_number();
  }
  return out;
}

// "Coastal  County Sheriff's Office" -> "coastalcountysheriffsoffice": the same agency typed
// twice is one agency.
std::string FoldName(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    else if (c >= 0x80) out.push_back(static_cast<char>(c));
  return out;
}

const char* kTables[] = {"served_by_type", "served_by_age", "served_by_sex", "served_by_race", "served_by_ethnicity",
                         "le_by_type", "le_by_age", "le_by_sex", "le_by_race", "le_by_ethnicity",
                         "tips_by_source", "prosecutions_by_type"};

}  // namespace

FactKind ExtractFacts(const std::string& form_id, const std::string& form_kind, const std::string& role,
                      const Answers& answers, StakeholderFact* s, DataSheetFact* d) {
  if (form_kind == "stakeholder_interview") {
    *s = StakeholderFact{};
    s->form_id = form_id;
    s->role = role;
    s->concern = Str(answers, "concern");
    s->concern_areas = List(answers, "concern_areas");
    s->instability_areas = List(answers, "instability_areas");
    s->forms = List(answers, "trafficking_forms");
    s->place_types = List(answers, "place_types");
    s->industries = List(answers, "concern_industries");
    s->instability_factors = List(answers, "instability_factors");
    s->reported_to = List(answers, "reported_to");
    return FactKind::kStakeholder;
  }
  if (form_id == "precursor_brainstorm") {
    *s = StakeholderFact{};
    s->form_id = form_id;
    s->role = role;
    s->concern = Str(answers, "member_concern");
    s->concern_areas = List(answers, "member_concern_areas");
    s->forms = List(answers, "pc_forms");
    return FactKind::kStakeholder;
  }
  if (form_kind == "data_sheet") {
    *d = DataSheetFact{};
    d->agency_type = Str(answers, "agency_type");
    d->agency_key = FoldName(Str(answers, "agency_name"));
    d->period_start = Str(answers, "period_start");
    d->period_end = Str(answers, "period_end");
    d->areas = List(answers, "data_areas");
    d->served_total = Num(answers, "served_total");
    d->le_identified_total = Num(answers, "le_identified_total");
    d->tips_total = Num(answers, "tips_total");
    d->prosecutions_total = Num(answers, "prosecutions_total");
    for (const char* t : kTables) {
      auto it = answers.find(t);
      if (it == answers.end() || !it->second.is_object()) continue;
      auto& dst = d->tables[t];
      for (const auto& [cell, v] : it->second.as_object())
        if (v.is_number() && v.as_number() >= 0) dst[cell] = v.as_number();
    }
    d->silent_sources = List(answers, "tips_silent_sources");
    d->served_by_year = ByYear(answers, "served_by_year", "served_year", "served_year_count");
    d->identified_by_year = ByYear(answers, "le_by_year", "le_year", "le_year_count");
    d->prosecutions_by_year = ByYear(answers, "prosecutions_by_year", "prosecution_year", "prosecution_year_count");
    return FactKind::kDataSheet;
  }
  return FactKind::kNone;
}

std::string RollUpArea(const std::string& id, const std::map<std::string, const Area*>& by_id, const std::string& level) {
  std::string cur = id;
  for (int depth = 0; depth < 8 && !cur.empty(); ++depth) {
    auto it = by_id.find(cur);
    if (it == by_id.end()) return "";
    if (it->second->level == level) return cur;
    cur = it->second->parent_id;
  }
  return "";
}

TaskforceIndicators DeriveTaskforceIndicators(const std::vector<DataSheetFact>& sheets, const std::vector<Area>& areas,
                                              const std::string& level, const std::map<std::string, double>& population) {
  TaskforceIndicators out;
  std::map<std::string, const Area*> by_id;
  for (const auto& a : areas) by_id[a.id] = &a;
  struct Acc {
    std::optional<double> v[4];
    bool apportioned = false;
  };
  static const char* kIds[4] = {"tf.tips_count", "tf.victims_served_count", "tf.le_identified_count", "tf.prosecutions_count"};
  std::map<std::string, Acc> acc;
  std::string first, last;
  int no_area = 0, equal = 0;
  for (const auto& sh : sheets) {
    std::set<std::string> targets;
    for (const auto& a : sh.areas) {
      std::string r = RollUpArea(a, by_id, level);
      if (!r.empty()) targets.insert(r);
    }
    if (targets.empty()) { ++no_area; continue; }
    if (!sh.period_start.empty() && (first.empty() || sh.period_start < first)) first = sh.period_start;
    if (!sh.period_end.empty() && sh.period_end > last) last = sh.period_end;
    double pop_sum = 0;
    bool all_pop = true;
    for (const auto& t : targets) {
      auto p = population.find(t);
      if (p == population.end() || p->second <= 0) all_pop = false; else pop_sum += p->second;
    }
    if (!all_pop && targets.size() > 1) ++equal;
    const std::optional<double> vals[4] = {sh.tips_total, sh.served_total, sh.le_identified_total, sh.prosecutions_total};
    for (const auto& t : targets) {
      double share = targets.size() == 1 ? 1.0 : all_pop ? population.at(t) / pop_sum : 1.0 / static_cast<double>(targets.size());
      Acc& a = acc[t];
      if (targets.size() > 1) a.apportioned = true;
      for (int i = 0; i < 4; ++i)
        if (vals[i]) a.v[i] = a.v[i].value_or(0) + *vals[i] * share;
    }
  }
  std::string period = first.substr(0, 4);
  if (last.size() >= 4 && last.substr(0, 4) != period) period += (period.empty() ? "" : "-") + last.substr(0, 4);
  if (period.empty()) period = "unknown";
  for (const auto& [area, a] : acc) {
    out.covered_areas.push_back(area);
    for (int i = 0; i < 4; ++i) {
      Observation o;
      o.indicator_id = kIds[i];
      o.geo_level = level;
      o.geo_id = area;
      o.period = period;
      o.value = a.v[i];
      o.unit = "count";
      o.status = !a.v[i] ? obs_status::kNotAvailable : a.apportioned ? obs_status::kApportioned : obs_status::kOk;
      o.source_kind = "taskforce";
      o.source_file = "taskforce_data_sheet (final sheets)";
      out.observations.push_back(std::move(o));
    }
  }
  if (no_area) out.notes.push_back(std::to_string(no_area) + " data sheet(s) name no area of the project: counted in project totals only");
  if (equal) out.notes.push_back(std::to_string(equal) + " data sheet(s) cover several areas without a population for each: split equally");
  return out;
}

}  // namespace canvass::assessment
