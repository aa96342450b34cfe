// Demo indicators: real published files for Texas counties (app/demo/, embedded) imported
// through the same importers and store as `canvass-cli indicators import`.
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

// Six invented agency data sheets for 2025 (final): metro areas and a few hot counties are
// covered, the border counties are not, and labor agencies, schools and health care send no
// tips, so the gap analysis has something true-to-life to find. All figures are synthetic.
Status AddDemoDataSheets(storage::Workspace* ws, int* added) {
  struct Sheet {
    const char* agency;
    std::vector<const char*> areas;
    int served, le, tips, pros;
    std::map<std::string, int> sources;
  };
  const Sheet sheets[] = {
      {"law_enforcement_local", {"48201"}, 41, 23, 64, 9,
       {{"national_hotline", 18}, {"local_law_enforcement", 21}, {"victim_services", 12}, {"community_members", 9}, {"ncmec", 4}}},
      {"victim_service_provider", {"48113", "48439"}, 35, 0, 27, 0,
       {{"national_hotline", 9}, {"victim_services", 11}, {"outreach_programs", 7}}},
      {"law_enforcement_local", {"48029"}, 22, 14, 31, 5,
       {{"national_hotline", 8}, {"local_law_enforcement", 13}, {"family_friends", 6}, {"child_welfare", 4}}},
      {"victim_service_provider", {"48453"}, 18, 0, 15, 0, {{"national_hotline", 6}, {"victim_services", 9}}},
      {"law_enforcement_federal", {"48141"}, 9, 12, 11, 3, {{"federal_law_enforcement", 7}, {"national_hotline", 4}}},
      {"prosecutor", {"48163", "frio-i35-corridor"}, 3, 2, 2, 1, {{"local_law_enforcement", 2}}},
  };
  *added = 0;
  for (const auto& s : sheets) {
    storage::NewInterview in;
    in.form_id = "taskforce_data_sheet";
    in.interviewer = "Coordinator";
    in.respondent_role = "task_force_member";
    in.final = true;
    auto& a = in.answers;
    a["agency_type"] = core::Value(s.agency);
    a["period_start"] = core::Value("2025-01-01");
    a["period_end"] = core::Value("2025-12-31");
    core::Value::Array areas;
    for (const char* x : s.areas) areas.push_back(core::Value(x));
    a["data_areas"] = core::Value(std::move(areas));
    a["served_total"] = core::Value(s.served);
    a["le_identified_total"] = core::Value(s.le);
    a["tips_total"] = core::Value(s.tips);
    a["prosecutions_total"] = core::Value(s.pros);
    core::Value::Object src;
    for (const auto& [k, v] : s.sources) src[k] = core::Value(v);
    for (const char* silent : {"labor_agencies", "schools", "health_care"}) src[silent] = core::Value(0);
    a["tips_by_source"] = core::Value(std::move(src));
    a["served_by_type"] = core::Value(core::Value::Object{{"sex", core::Value(s.served * 6 / 10)}, {"labor", core::Value(s.served * 3 / 10)},
                                                          {"unknown", core::Value(s.served - s.served * 6 / 10 - s.served * 3 / 10)}});
    a["tips_silent_sources"] = core::Value(core::Value::Array{core::Value("labor_agencies"), core::Value("schools")});
    a["figures_quality"] = core::Value("partial");
    auto uuid = ws->AddInterview(in);
    if (!uuid.ok()) return uuid.status().WithContext("demo data sheet");
    ++*added;
  }
  return Status::Ok();
}

}  // namespace canvass::app
