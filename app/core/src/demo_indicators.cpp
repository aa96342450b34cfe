// Demo indicators: real published files for Texas counties (app/demo/, embedded) imported
// through the same importers and store as `canvass-cli indicators import`.
#include <algorithm>
#include <map>
#include <set>

#include "app/demo.h"
#include "assessment/border.h"
#include "assessment/indicator_import.h"
#include "core/crypto_util.h"
#include "storage/indicator_store.h"

namespace canvass::app {

using core::Status;
namespace as = assessment;

namespace {

Status ImportOne(storage::IndicatorStore* store, as::ImportRequest req, const std::string& name, int* values) {
  req.bytes = DemoResource(name);
  req.name = name;
  if (req.bytes.empty()) return Status::NotFound("demo resource " + name + " is missing from this build");
  CANVASS_ASSIGN_OR_RETURN(auto r, as::ImportIndicators(req));
  CANVASS_ASSIGN_OR_RETURN(auto st, store->Import(r));
  *values += static_cast<int>(st.added + st.replaced);
  return Status::Ok();
}

// border.international for the project's counties, from the built-in list (no adjacency
// file ships with the demo, so border.state_line is not derived here).
Status ImportBorderFlags(storage::IndicatorStore* store, const std::vector<as::Area>& areas, int* values) {
  const auto& list = as::InternationalBorderCounties();
  std::set<std::string> border(list.begin(), list.end());
  as::ImportResult r;
  std::string text;
  for (const auto& c : list) text += c + "\n";
  r.source = {"border", "built-in international border county list", core::Sha256Hex(text), text.size(), list.size()};
  for (const auto& a : areas) {
    if (a.level != "county") continue;
    as::Observation o;
    o.indicator_id = "border.international";
    o.geo_level = "county";
    o.geo_id = a.id;
    o.period = "2016";
    o.value = border.count(a.id) ? 1.0 : 0.0;
    o.unit = "flag";
    o.status = as::obs_status::kDerived;
    o.source_kind = "border";
    o.source_file = r.source.file_name;
    r.observations.push_back(o);
  }
  CANVASS_ASSIGN_OR_RETURN(auto st, store->Import(r));
  *values += static_cast<int>(st.added + st.replaced);
  return Status::Ok();
}

}  // namespace

Status ImportDemoIndicators(storage::Workspace* ws, int* values) {
  *values = 0;
  storage::IndicatorStore store(ws);
  as::ImportRequest req;
  req.kind = as::SourceKind::kSaipe;
  CANVASS_RETURN_IF_ERROR(ImportOne(&store, req, "PovertyEstimates_SAIPE2021_TX.csv", values));
  req.kind = as::SourceKind::kRucc;
  CANVASS_RETURN_IF_ERROR(ImportOne(&store, req, "Ruralurbancontinuumcodes2023_TX.csv", values));
  CANVASS_ASSIGN_OR_RETURN(auto gaz_table, as::ParseCsv(DemoResource("gazetteer_2016_tx_counties.tsv"), "gazetteer_2016_tx_counties.tsv"));
  CANVASS_ASSIGN_OR_RETURN(auto names, as::CountyNameIndexFromTable(gaz_table, "gazetteer_2016_tx_counties.tsv"));
  req.kind = as::SourceKind::kPep;
  req.crosswalks.county_names = &names;
  CANVASS_RETURN_IF_ERROR(ImportOne(&store, req, "co-est2019-annres_TX.csv", values));
  req.crosswalks = {};
  CANVASS_ASSIGN_OR_RETURN(auto coc_table, as::ParseCsv(DemoResource("county_coc_match_2017_TX.csv"), "county_coc_match_2017_TX.csv"));
  CANVASS_ASSIGN_OR_RETURN(auto coc, as::CocCountyFromTable(coc_table, "county_coc_match_2017_TX.csv"));
  CANVASS_ASSIGN_OR_RETURN(auto obs, store.LoadObservations());
  for (const auto& o : obs)
    if (o.indicator_id == "ers.pop_census" && o.value) req.options.county_population[o.geo_id] = *o.value;
  req.kind = as::SourceKind::kPit;
  req.crosswalks.coc_county = &coc;
  CANVASS_RETURN_IF_ERROR(ImportOne(&store, req, "2017_pit_TX.csv", values));
  CANVASS_ASSIGN_OR_RETURN(auto areas, ws->ListAreas());
  return ImportBorderFlags(&store, areas, values);
}

}  // namespace canvass::app

namespace canvass::app {

// Invented agency data sheets (final), one per agency and year for 2023-2025, with every
// breakdown the data sheet asks for: metro areas and a few hot counties are covered, the border
// counties are not, and labor agencies, schools and health care send no tips, so the gap
// analysis has something true-to-life to find. One agency's 2025 sheet is entered twice (the
// caseload counts it once). All figures are synthetic.
namespace {

struct DemoAgency {
  const char* name;
  const char* type;
  std::vector<const char*> areas;
  int served, le, tips, pros;  // 2025 figures; earlier years a little lower
  std::map<std::string, int> sources;
};

// Splits n over weights (largest remainder), so the parts add up to n exactly.
core::Value::Object Split(int n, const std::vector<std::pair<const char*, int>>& weights) {
  int wsum = 0;
  for (const auto& [k, w] : weights) wsum += w;
  core::Value::Object out;
  int given = 0;
  std::vector<std::pair<int, const char*>> rest;
  for (const auto& [k, w] : weights) {
    int part = wsum ? n * w / wsum : 0;
    out[k] = core::Value(part);
    given += part;
    rest.push_back({wsum ? n * w % wsum : 0, k});
  }
  std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; given < n && i < rest.size(); ++i, ++given) out[rest[i].second] = core::Value(out[rest[i].second].as_int() + 1);
  return out;
}

core::Value YearItem(const char* year_q, const char* count_q, int year, int n) {
  return core::Value(core::Value::Array{core::Value(core::Value::Object{{year_q, core::Value(year)}, {count_q, core::Value(n)}})});
}

storage::NewInterview DemoSheet(const DemoAgency& g, int year) {
  const int pct = year == 2025 ? 100 : year == 2024 ? 85 : 70;
  auto scale = [&](int n) { return n * pct / 100; };
  storage::NewInterview in;
  in.form_id = "taskforce_data_sheet";
  in.interviewer = "Coordinator";
  in.respondent_role = "task_force_member";
  in.final = true;
  auto& a = in.answers;
  a["agency_type"] = core::Value(g.type);
  a["agency_name"] = core::Value(g.name);
  a["period_start"] = core::Value(std::to_string(year) + "-01-01");
  a["period_end"] = core::Value(std::to_string(year) + "-12-31");
  core::Value::Array areas;
  for (const char* x : g.areas) areas.push_back(core::Value(x));
  a["data_areas"] = core::Value(std::move(areas));
  const int served = scale(g.served), le = scale(g.le), tips = scale(g.tips), pros = scale(g.pros);
  a["served_total"] = core::Value(served);
  a["served_by_year"] = YearItem("served_year", "served_year_count", year, served);
  a["served_by_type"] = core::Value(Split(served, {{"sex", 6}, {"labor", 3}, {"sex_and_labor", 0}, {"unknown", 1}}));
  // served_by_age is a table of age group x form of trafficking: the form here is "unknown".
  core::Value::Object age;
  for (const auto& [k, v] : Split(served, {{"under_12", 0}, {"age_12_14", 1}, {"age_15_17", 3}, {"age_18_24", 5}, {"age_25_34", 6},
                                          {"age_35_49", 3}, {"age_50_plus", 1}, {"unknown", 1}}))
    age[k + "|unknown"] = v;
  a["served_by_age"] = core::Value(std::move(age));
  a["served_by_sex"] = core::Value(Split(served, {{"female", 7}, {"male", 3}, {"transgender_woman", 0}, {"unknown", 1}}));
  a["served_by_race"] = core::Value(Split(served, {{"white", 4}, {"black", 3}, {"asian", 1}, {"american_indian_alaska_native", 0},
                                                   {"multiracial", 1}, {"unknown", 1}}));
  a["served_by_ethnicity"] = core::Value(Split(served, {{"hispanic_latino", 5}, {"not_hispanic_latino", 4}, {"unknown", 1}}));
  a["le_identified_total"] = core::Value(le);
  if (le > 0) {
    a["le_by_year"] = YearItem("le_year", "le_year_count", year, le);
    a["le_by_type"] = core::Value(Split(le, {{"sex", 7}, {"labor", 2}, {"unknown", 1}}));
    a["le_by_sex"] = core::Value(Split(le, {{"female", 8}, {"male", 2}}));
  }
  a["tips_total"] = core::Value(tips);
  core::Value::Object src;
  for (const auto& [k, v] : g.sources) src[k] = core::Value(scale(v));
  for (const char* silent : {"labor_agencies", "schools", "health_care"}) src[silent] = core::Value(0);
  a["tips_by_source"] = core::Value(std::move(src));
  a["tips_silent_sources"] = core::Value(core::Value::Array{core::Value("labor_agencies"), core::Value("schools")});
  a["prosecutions_total"] = core::Value(pros);
  if (pros > 0) {
    a["prosecutions_by_year"] = YearItem("prosecution_year", "prosecution_year_count", year, pros);
    a["prosecutions_by_type"] = core::Value(Split(pros, {{"sex", 3}, {"labor", 1}}));
  }
  a["figures_quality"] = core::Value("partial");
  return in;
}

}  // namespace

Status AddDemoDataSheets(storage::Workspace* ws, int* added) {
  const DemoAgency agencies[] = {
      {"Harris County Sheriff's Office", "law_enforcement_local", {"48201"}, 141, 93, 164, 29,
       {{"national_hotline", 48}, {"local_law_enforcement", 51}, {"victim_services", 32}, {"community_members", 19}, {"ncmec", 14}}},
      {"Coastal Bend Survivor Services", "victim_service_provider", {"48113", "48439"}, 95, 0, 67, 0,
       {{"national_hotline", 29}, {"victim_services", 21}, {"outreach_programs", 17}}},
      {"Bexar County Anti-Trafficking Unit", "law_enforcement_local", {"48029"}, 72, 54, 81, 15,
       {{"national_hotline", 28}, {"local_law_enforcement", 33}, {"family_friends", 12}, {"child_welfare", 8}}},
      {"Capital Area Survivor Network", "victim_service_provider", {"48453"}, 38, 0, 35, 0,
       {{"national_hotline", 16}, {"victim_services", 19}}},
      {"Federal task force, El Paso", "law_enforcement_federal", {"48141"}, 19, 32, 21, 13,
       {{"federal_law_enforcement", 17}, {"national_hotline", 4}}},
      {"Frio County Attorney", "prosecutor", {"48163", "frio-i35-corridor"}, 3, 2, 2, 4, {{"local_law_enforcement", 2}}},
  };
  *added = 0;
  for (const auto& g : agencies)
    for (int year : {2023, 2024, 2025}) {
      auto uuid = ws->AddInterview(DemoSheet(g, year));
      if (!uuid.ok()) return uuid.status().WithContext("demo data sheet");
      ++*added;
    }
  // The same sheet entered a second time by mistake: counted once (docs/assessment.md).
  auto again = ws->AddInterview(DemoSheet(agencies[0], 2025));
  if (!again.ok()) return again.status().WithContext("demo data sheet");
  ++*added;
  return Status::Ok();
}

}  // namespace canvass::app
