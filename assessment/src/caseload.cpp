// Caseload tables from final data sheets: repeats set aside, totals and breakdowns that add up.
#include "assessment/caseload.h"

#include <algorithm>
#include <set>

namespace canvass::assessment {

namespace {

struct Spec {
  const char* id;         // question id (or "<group>_by_year")
  const char* group;
  const char* dimension;
  const char* title;
};
const Spec kSpecs[] = {
    {"served_by_year", "served", "year", "Victims who received services, by year"},
    {"served_by_type", "served", "form", "Victims who received services, by form of trafficking"},
    {"served_by_age", "served", "age", "Victims who received services, by age group"},
    {"served_by_sex", "served", "sex", "Victims who received services, by sex/gender"},
    {"served_by_race", "served", "race", "Victims who received services, by race"},
    {"served_by_ethnicity", "served", "ethnicity", "Victims who received services, by ethnicity"},
    {"le_by_year", "identified", "year", "Victims identified by law enforcement, by year"},
    {"le_by_type", "identified", "form", "Victims identified by law enforcement, by form of trafficking"},
    {"le_by_age", "identified", "age", "Victims identified by law enforcement, by age group"},
    {"le_by_sex", "identified", "sex", "Victims identified by law enforcement, by sex/gender"},
    {"le_by_race", "identified", "race", "Victims identified by law enforcement, by race"},
    {"le_by_ethnicity", "identified", "ethnicity", "Victims identified by law enforcement, by ethnicity"},
    {"tips_by_source", "tips", "source", "Tips and referrals, by source"},
    {"prosecutions_by_year", "prosecutions", "year", "Prosecutions, by year"},
    {"prosecutions_by_type", "prosecutions", "form", "Prosecutions, by form of trafficking"},
};

// The protocol's choice order for each dimension (taskforce_data_sheet.json).
const std::vector<std::string>& Order(const std::string& dimension) {
  static const std::map<std::string, std::vector<std::string>> k = {
      {"form", {"sex", "labor", "sex_and_labor", "unknown"}},
      {"age", {"under_12", "age_12_14", "age_15_17", "age_18_24", "age_25_34", "age_35_49", "age_50_plus", "unknown"}},
      {"sex", {"female", "male", "transgender_woman", "transgender_man", "nonbinary", "unknown"}},
      {"race", {"american_indian_alaska_native", "asian", "black", "middle_eastern_north_african",
                "native_hawaiian_pacific_islander", "white", "multiracial", "other", "unknown"}},
      {"ethnicity", {"hispanic_latino", "not_hispanic_latino", "unknown"}},
      {"source", {"local_law_enforcement", "state_law_enforcement", "federal_law_enforcement", "task_force_partner",
                  "national_hotline", "state_local_hotline", "ncmec", "child_welfare", "juvenile_justice", "victim_services",
                  "outreach_programs", "health_care", "schools", "legal_services", "labor_agencies", "other_regulators",
                  "worker_immigrant_orgs", "faith_based", "businesses", "community_members", "family_friends",
                  "self_referral", "other"}}};
  static const std::vector<std::string> none;
  auto it = k.find(dimension);
  return it == k.end() ? none : it->second;
}

std::optional<double> ReportedTotal(const DataSheetFact& s, const std::string& group) {
  if (group == "served") return s.served_total;
  if (group == "identified") return s.le_identified_total;
  if (group == "tips") return s.tips_total;
  return s.prosecutions_total;
}

// One sheet's rows of a table: "row|column" keys summed per row.
std::map<std::string, double> SheetRows(const DataSheetFact& s, const Spec& sp) {
  std::string id = sp.id;
  if (id == "served_by_year") return s.served_by_year;
  if (id == "le_by_year") return s.identified_by_year;
  if (id == "prosecutions_by_year") return s.prosecutions_by_year;
  std::map<std::string, double> out;
  auto it = s.tables.find(id);
  if (it == s.tables.end()) return out;
  for (const auto& [cell, v] : it->second) out[cell.substr(0, cell.find('|'))] += v;
  return out;
}

double Sum(const std::map<std::string, double>& m) {
  double s = 0;
  for (const auto& [k, v] : m) s += v;
  return s;
}

bool Overlap(const DataSheetFact& a, const DataSheetFact& b) {
  if (a.period_start.empty() || a.period_end.empty() || b.period_start.empty() || b.period_end.empty())
    return a.period_start == b.period_start && a.period_end == b.period_end;
  return a.period_start <= b.period_end && b.period_start <= a.period_end;
}

int Figures(const DataSheetFact& s) {
  int n = 0;
  for (const char* g : kCaseloadGroups) n += ReportedTotal(s, g) ? 1 : 0;
  for (const auto& [t, rows] : s.tables) n += static_cast<int>(rows.size());
  return n + static_cast<int>(s.served_by_year.size() + s.prosecutions_by_year.size());
}

// The sheets that count: of the same agency's sheets for overlapping periods, the one that
// reaches the later end date (then more figures, then the record id, so the choice is stable).
std::vector<const DataSheetFact*> Deduplicate(const std::vector<DataSheetFact>& sheets, int* set_aside) {
  std::vector<const DataSheetFact*> order;
  for (const auto& s : sheets) order.push_back(&s);
  std::sort(order.begin(), order.end(), [](const DataSheetFact* x, const DataSheetFact* y) {
    if (x->period_end != y->period_end) return x->period_end > y->period_end;
    if (Figures(*x) != Figures(*y)) return Figures(*x) > Figures(*y);
    return x->record > y->record;
  });
  std::vector<const DataSheetFact*> kept;
  for (const DataSheetFact* s : order) {
    bool repeat = false;
    for (const DataSheetFact* k : kept)
      repeat = repeat || (!s->agency_key.empty() && s->agency_key == k->agency_key && s->agency_type == k->agency_type && Overlap(*s, *k));
    if (repeat) ++*set_aside;
    else kept.push_back(s);
  }
  // Back in the input order, so that every later sum is made in a fixed order.
  std::sort(kept.begin(), kept.end());
  return kept;
}

}  // namespace

const CaseloadTable* Caseload::Find(const std::string& id) const {
  for (const auto& t : tables)
    if (t.id == id) return &t;
  return nullptr;
}

Caseload BuildCaseload(const std::vector<DataSheetFact>& sheets) {
  Caseload out;
  std::vector<const DataSheetFact*> kept = Deduplicate(sheets, &out.set_aside);
  out.sheets = static_cast<int>(kept.size());
  // Each sheet's total per group: as given, or its largest breakdown if that is larger.
  int raised = 0;
  std::vector<std::map<std::string, double>> totals(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    const DataSheetFact& s = *kept[i];
    for (const char* g : kCaseloadGroups) {
      std::optional<double> t = ReportedTotal(s, g);
      double biggest = -1;
      for (const Spec& sp : kSpecs) {
        if (std::string(sp.group) != g) continue;
        auto rows = SheetRows(s, sp);
        if (!rows.empty()) biggest = std::max(biggest, Sum(rows));
      }
      if (!t && biggest < 0) continue;
      if (t && biggest > *t) ++raised;
      totals[i][g] = std::max(t.value_or(0), biggest);
    }
    CaseloadSheet cs;
    cs.record = s.record;
    cs.areas = s.areas;
    cs.totals = totals[i];
    if (!s.served_by_year.empty()) cs.by_year["served"] = s.served_by_year;
    if (!s.identified_by_year.empty()) cs.by_year["identified"] = s.identified_by_year;
    if (!s.prosecutions_by_year.empty()) cs.by_year["prosecutions"] = s.prosecutions_by_year;
    out.counted.push_back(std::move(cs));
    for (const auto& [g, v] : totals[i]) out.totals[g] += v;
  }
  for (const Spec& sp : kSpecs) {
    std::map<std::string, double> sum;
    double not_broken_down = 0;
    bool any = false;
    for (size_t i = 0; i < kept.size(); ++i) {
      auto t = totals[i].find(sp.group);
      if (t == totals[i].end()) continue;
      auto rows = SheetRows(*kept[i], sp);
      if (!rows.empty()) any = true;
      for (const auto& [k, v] : rows) sum[k] += v;
      not_broken_down += t->second - Sum(rows);
    }
    if (!any) continue;
    CaseloadTable t{sp.id, sp.group, sp.title, sp.dimension, {}};
    std::set<std::string> placed;
    for (const std::string& k : Order(sp.dimension))
      if (sum.count(k)) { t.rows.push_back({k, sum[k]}); placed.insert(k); }
    for (const auto& [k, v] : sum)  // years ascending; keys the protocol does not list, by name
      if (!placed.count(k)) t.rows.push_back({k, v});
    if (not_broken_down > 0.5) t.rows.push_back({"not_broken_down", not_broken_down});
    out.tables.push_back(std::move(t));
  }
  if (out.set_aside)
    out.notes.push_back(std::to_string(out.set_aside) + " data sheet(s) left out: the same agency (by name and type) reported an "
                        "overlapping period on another sheet; the one reaching the later end date was counted");
  if (raised)
    out.notes.push_back(std::to_string(raised) + " total(s) on the data sheets were smaller than their own breakdown; the "
                        "breakdown's sum was used");
  return out;
}

std::string CaseloadRowLabel(const std::string& key) {
  static const std::map<std::string, std::string> k = {
      {"sex", "Sex trafficking"}, {"labor", "Labor trafficking"}, {"sex_and_labor", "Sex and labor trafficking"},
      {"unknown", "Unknown"}, {"under_12", "Under 12"}, {"age_12_14", "12-14"}, {"age_15_17", "15-17"},
      {"age_18_24", "18-24"}, {"age_25_34", "25-34"}, {"age_35_49", "35-49"}, {"age_50_plus", "50 and over"},
      {"female", "Female"}, {"male", "Male"}, {"transgender_woman", "Transgender woman"}, {"transgender_man", "Transgender man"},
      {"nonbinary", "Nonbinary"}, {"american_indian_alaska_native", "American Indian or Alaska Native"}, {"asian", "Asian"},
      {"black", "Black or African American"}, {"middle_eastern_north_african", "Middle Eastern or North African"},
      {"native_hawaiian_pacific_islander", "Native Hawaiian or Pacific Islander"}, {"white", "White"},
      {"multiracial", "Multiracial"}, {"other", "Other"}, {"hispanic_latino", "Hispanic or Latino"},
      {"not_hispanic_latino", "Not Hispanic or Latino"}, {"not_broken_down", "Not broken down on the sheets"}};
  auto it = k.find(key);
  if (it != k.end()) return it->second;
  std::string out = key;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace canvass::assessment
