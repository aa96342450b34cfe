// The assess bench's workspace (assess_workspace_build.h).
#include "assess_workspace_build.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "assess_bench_util.h"
#include "assessment/area_import.h"
#include "assessment/scoring_profile.h"
#include "core/crypto_util.h"
#include "core/file_util.h"
#include "storage/indicator_store.h"
#include "storage/merge_session.h"
#include "storage/workspace.h"

namespace canvass::bench {

namespace as = canvass::assessment;
using core::Value;

namespace {

std::vector<as::Area> Counties(int n) {
  auto t = as::ReadCsvFile(std::string(CANVASS_TEST_DATA) + "/geo/2016_Gaz_counties_national.txt");
  if (!t.ok()) Die(t.status(), "gazetteer");
  auto areas = as::AreasFromTable(*t, "2016_Gaz_counties_national.txt", {});
  if (!areas.ok()) Die(areas.status(), "gazetteer");
  std::vector<as::Area> out = std::move(areas->areas);
  for (int i = 0; static_cast<int>(out.size()) < n; ++i) {  // beyond the 3,221 real ones: synthetic
    as::Area a;
    char id[16];
    std::snprintf(id, sizeof id, "99%03d", i % 1000);
    a.id = id;
    a.level = "county";
    a.name = std::string("Synthetic County ") + id;
    out.push_back(a);
  }
  out.resize(static_cast<size_t>(n));
  return out;
}

// 50 indicators: the default profile's non-interview measures, fillers, population, employment.
as::ImportResult Indicators(const std::vector<as::Area>& areas, std::mt19937& rng) {
  std::vector<std::string> ids;
  for (const auto& f : as::DefaultProfile().factors)
    for (const auto& m : f.measures)
      if (m.indicator.rfind("interviews.", 0) && m.indicator.rfind("tf.", 0)) ids.push_back(m.indicator);
  while (ids.size() < 48) ids.push_back("bench.extra_" + std::to_string(ids.size()));
  ids.push_back("pep.pop_estimate");
  ids.push_back("qcew.emp_10");
  std::uniform_real_distribution<double> u(0, 100);
  as::ImportResult r;
  for (const auto& a : areas)
    for (size_t i = 0; i < ids.size(); ++i) {
      as::Observation o;
      o.indicator_id = ids[i];
      o.geo_level = "county";
      o.geo_id = a.id;
      o.period = "2021";
      if (rng() % 97 == 0) {
        o.status = as::obs_status::kSuppressed;  // a few missing values, as real files have
      } else {
        o.value = ids[i] == "pep.pop_estimate" ? 1000 + u(rng) * 5000 : ids[i] == "qcew.emp_10" ? 500 + u(rng) * 300 : u(rng);
        if (i % 3 == 0) o.moe = u(rng) / 10;
      }
      o.unit = ids[i].find("pct") != std::string::npos ? "percent" : "count";
      o.source_kind = "generic";
      o.source_file = "bench_indicators.csv";
      o.source_row = r.observations.size() + 2;
      r.observations.push_back(std::move(o));
    }
  r.source = {"generic", "bench_indicators.csv", core::Blake2bHex("bench indicators"), 12u << 20, r.observations.size()};
  return r;
}

class InterviewMaker {
 public:
  InterviewMaker(const std::vector<as::Area>& areas, const std::string& device) : areas_(areas), device_(device), rng_(7) {}
  std::map<std::string, int> versions;  // form id -> the workspace's latest version (else 1)

  // Header and versions (answers + status) of one interview of `form_id`.
  void Make(const std::string& form_id, const std::string& role, const std::string& status, storage::InterviewHeader* h,
            std::vector<storage::Version>* vs) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-8%03x-%08x%04x", Rnd(), Rnd() & 0xffff, Rnd() & 0xfff, Rnd() & 0xfff, Rnd(), Rnd() & 0xffff);
    auto v = versions.find(form_id);
    *h = {uuid, form_id, v == versions.end() ? 1 : v->second, device_, "interviewer " + std::to_string(Rnd() % 40), role, "en", Hlc()};
    vs->clear();
    Value::Object a;
    if (form_id == "taskforce_data_sheet") DataSheet(&a);
    else if (form_id == "precursor_brainstorm") Brainstorm(&a);
    else Stakeholder(&a);
    for (auto& [qid, v] : a) vs->push_back(Ver(*h, "answer", qid, std::move(v)));
    // As in the field: some answers corrected after a review (a version replacing another),
    // some interviews reopened and finalised again, a few cells conflicting between devices.
    unsigned edit = Rnd() % 1000;
    if (edit < 10 && a.count("concern_areas")) vs->push_back(Ver(*h, "answer", "concern_areas", Areas(1, 2), {Find(*vs, "concern_areas")}));
    if (edit >= 10 && edit < 12) vs->push_back(Ver(*h, "answer", "trafficking_forms", Value(Value::Array{Value("other")})));
    if (edit >= 12 && edit < 17) {
      vs->push_back(Ver(*h, "status", "", Value("draft")));
      vs->push_back(Ver(*h, "status", "", Value(status), {vs->back().id}));
    } else {
      vs->push_back(Ver(*h, "status", "", Value(status)));
    }
  }

 private:
  unsigned Rnd() { return static_cast<unsigned>(rng_()); }
  std::string Hlc() { return core::Hlc::ToText((uint64_t{1764000000000} << 16) + ++hlc_); }
  // Skewed toward the first counties, as concern concentrates in a few places.
  std::string Area() {
    if (Rnd() % 100 == 0) return "place-" + std::to_string(Rnd() % 40);
    double x = std::uniform_real_distribution<double>(0, 1)(rng_);
    return areas_[static_cast<size_t>(x * x * static_cast<double>(areas_.size()))].id;
  }
  Value Pick(const std::vector<const char*>& from, int lo, int hi) {
    Value::Array out;
    int n = lo + static_cast<int>(Rnd() % static_cast<unsigned>(hi - lo + 1));
    for (int i = 0; i < n; ++i) {
      Value v(from[Rnd() % from.size()]);
      bool dup = false;
      for (const auto& o : out) dup = dup || o == v;
      if (!dup) out.push_back(v);
    }
    return Value(std::move(out));
  }
  Value Areas(int lo, int hi) {
    Value::Array out;
    int n = lo + static_cast<int>(Rnd() % static_cast<unsigned>(hi - lo + 1));
    for (int i = 0; i < n; ++i) out.push_back(Value(Area()));
    return Value(std::move(out));
  }
  static std::string Find(const std::vector<storage::Version>& vs, const std::string& field) {
    for (const auto& v : vs)
      if (v.field == field) return v.id;
    return "";
  }
  storage::Version Ver(const storage::InterviewHeader& h, const char* kind, const std::string& field, Value v,
                       std::vector<std::string> parents = {}) {
    storage::Version out;
    out.parents = std::move(parents);
    out.kind = kind;
    out.subject = h.uuid;
    out.field = field;
    out.value = std::move(v);
    out.hlc = Hlc();
    out.device_id = device_;
    out.author = h.interviewer;
    out.id = storage::ComputeVersionId(out);
    return out;
  }
  void Stakeholder(Value::Object* a) {
    static const std::vector<const char*> kForms = {"sex_trafficking", "labor_trafficking", "both_unsure", "minor_sex_trafficking",
                                                    "domestic_servitude", "forced_criminality", "debt_bondage", "survival_sex"};
    static const std::vector<const char*> kPlaces = {"truck_stops", "motels_hotels", "farms_labor_camps", "bars_cantinas",
                                                     "massage_businesses", "construction_sites", "private_homes", "online"};
    static const std::vector<const char*> kIndustries = {"agriculture", "construction", "hotels", "restaurants", "domestic_work",
                                                         "massage", "landscaping", "meatpacking", "online_commercial_sex"};
    static const std::vector<const char*> kInstability = {"housing_costs", "poverty_job_loss", "homelessness", "youth_leaving_systems",
                                                          "substance_use", "seasonal_temporary_work", "family_violence", "isolation"};
    static const std::vector<const char*> kTips = {"local_law_enforcement", "national_hotline", "state_local_hotline",
                                                   "victim_services", "outreach_programs", "schools", "health_care"};
    static const std::vector<const char*> kPops = {"immigrants", "runaway_homeless_youth", "unhoused_adults", "low_income", "limited_english"};
    unsigned c = Rnd() % 10;
    std::string concern = c < 6 ? "yes" : c < 9 ? "no" : "unsure";
    (*a)["consent"] = Value("yes");
    (*a)["org_type"] = Value("nonprofit");
    (*a)["concern"] = Value(concern);
    if (concern != "no") {
      (*a)["concern_areas"] = Areas(1, 3);
      (*a)["place_types"] = Pick(kPlaces, 1, 3);
      (*a)["concern_places"] = Value("near the highway exit and two motels on the frontage road");
    } else {
      (*a)["no_concern_reason"] = Value("has not seen signs in the people the organisation serves");
    }
    (*a)["trafficking_forms"] = Pick(kForms, 1, 3);
    if (Rnd() % 2) (*a)["concern_industries"] = Pick(kIndustries, 1, 2);
    (*a)["victim_populations"] = Pick(kPops, 1, 3);
    (*a)["confidence"] = Value("strong_suspicion");
    bool reported = Rnd() % 3 == 0;
    (*a)["reported"] = Value(reported ? "yes" : "no");
    if (reported) (*a)["reported_to"] = Pick(kTips, 1, 2);
    (*a)["instability_factors"] = Pick(kInstability, 1, 3);
    if (Rnd() % 2) (*a)["instability_areas"] = Areas(1, 2);
    (*a)["indicators_narrative"] = Value("Workers described recruiters who hold their documents and deduct housing and "
                                         "transport from pay; several said they could not leave before the season ended.");
    (*a)["contacts_per_month"] = Value(static_cast<int64_t>(Rnd() % 200));
  }
  void Brainstorm(Value::Object* a) {
    static const std::vector<const char*> kForms = {"sex_trafficking", "labor_trafficking", "minor_sex_trafficking", "survival_sex"};
    (*a)["member_concern"] = Value(Rnd() % 4 ? "yes" : "no");
    (*a)["member_concern_areas"] = Areas(1, 4);
    (*a)["pc_forms"] = Pick(kForms, 1, 2);
  }
  void DataSheet(Value::Object* a) {
    static const std::vector<const char*> kTips = {"local_law_enforcement", "state_law_enforcement", "national_hotline",
                                                   "state_local_hotline", "ncmec", "child_welfare", "victim_services",
                                                   "outreach_programs", "health_care", "schools", "community_members"};
    static const std::vector<const char*> kAgency = {"law_enforcement_local", "law_enforcement_state", "victim_services",
                                                     "prosecutor"};
    (*a)["agency_type"] = Value(kAgency[Rnd() % kAgency.size()]);
    (*a)["agency_name"] = Value("County agency");
    (*a)["period_start"] = Value("2024-01-01");
    (*a)["period_end"] = Value("2024-12-31");
    (*a)["data_areas"] = Areas(1, 2);
    int64_t tips = Rnd() % 60, served = Rnd() % 30;
    (*a)["tips_total"] = Value(tips);
    Value::Object by_source;
    int64_t left = tips;
    for (const char* s : kTips) {
      int64_t n = left ? static_cast<int64_t>(Rnd() % static_cast<unsigned>(left + 1)) : 0;
      if (Rnd() % 3 == 0) continue;
      by_source[s] = Value(n);
      left -= n;
    }
    (*a)["tips_by_source"] = Value(std::move(by_source));
    (*a)["tips_silent_sources"] = Pick(kTips, 0, 3);
    (*a)["served_total"] = Value(served);
    (*a)["served_by_type"] = Value(Value::Object{{"sex", Value(served / 2)}, {"labor", Value(served - served / 2)}});
    (*a)["served_by_age"] = Value(Value::Object{{"age_18_24|sex", Value(served / 3)}, {"age_25_34|labor", Value(served / 3)}});
    if (Rnd() % 2) (*a)["le_identified_total"] = Value(static_cast<int64_t>(Rnd() % 20));
    if (Rnd() % 2) (*a)["prosecutions_total"] = Value(static_cast<int64_t>(Rnd() % 5));
    (*a)["figures_limitations"] = Value("Counts are of cases opened in the period; duplicates across agencies are possible.");
  }

  const std::vector<as::Area>& areas_;
  std::string device_;
  std::mt19937 rng_;
  uint64_t hlc_ = 0;
};

}  // namespace

void BuildAssessWorkspace(const WorkspaceSize& cfg, const std::string& path) {
  Stopwatch all;
  auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "bench");
  if (!ws.ok()) Die(ws.status(), "create");
  std::mt19937 rng(42);
  auto areas = Counties(cfg.counties);
  auto obs = Indicators(areas, rng);
  for (int i = 0; i < 40; ++i) {  // named places inside counties (custom areas), which roll up
    as::Area p;
    p.id = "place-" + std::to_string(i);
    p.level = "custom";
    p.name = "Frontage road motels " + std::to_string(i);
    p.parent_id = areas[static_cast<size_t>(i * 7) % areas.size()].id;
    areas.push_back(p);
  }
  if (auto st = (*ws)->ImportAreas(areas); !st.ok()) Die(st.status(), "areas");
  auto boundaries = core::ReadFileBounded(std::string(CANVASS_TEST_DATA) + "/geo/geojson-counties-fips.subset_AK_CT_SD_TX_VA.json", 64u << 20);
  int features = 0;
  if (boundaries.ok()) (void)(*ws)->SetBoundaries(*boundaries, "geojson-counties-fips subset (AK, CT, SD, TX, VA)", &features);
  Timing t_areas = all.Stop();
  Stopwatch ind;
  storage::IndicatorStore store(ws->get());
  if (auto st = store.Import(obs); !st.ok()) Die(st.status(), "indicator import");
  Timing t_ind = ind.Stop();
  // Interviews: the five stakeholder protocols (+ brainstorms), data sheets, and 2% drafts.
  static const std::vector<std::pair<const char*, std::vector<const char*>>> kForms = {
      {"outreach_provider", {"street_outreach", "youth_outreach", "community_service_provider"}},
      {"community_member", {"community_member", "local_business", "faith_community"}},
      {"advocacy_group", {"advocacy_group", "worker_advocate", "immigrant_advocate"}},
      {"legal_service_provider", {"legal_service_provider", "immigration_legal_provider"}},
      {"regulatory_agency", {"regulatory_agency", "labor_inspector"}}};
  Stopwatch iv;
  InterviewMaker maker(areas, (*ws)->info().device_id);
  if (auto forms = (*ws)->ListForms(); forms.ok())
    for (const auto& f : *forms) maker.versions[f.form_id] = std::max(maker.versions[f.form_id], f.version);
  int total = cfg.interviews + cfg.sheets, drafts = total / 50, done = 0;
  int64_t versions = 0;
  storage::InterviewHeader h;
  std::vector<storage::Version> vs;
  while (done < total + drafts) {
    auto session = (*ws)->BeginMerge();
    if (!session.ok()) Die(session.status(), "merge");
    for (int n = 0; n < 10000 && done < total + drafts; ++n, ++done) {
      bool draft = done >= total;
      int k = done % total;
      if (k < cfg.sheets) {
        maker.Make("taskforce_data_sheet", "law_enforcement", draft ? "draft" : "final", &h, &vs);
      } else if (k % 50 == 0) {
        maker.Make("precursor_brainstorm", "task_force_member", draft ? "draft" : "final", &h, &vs);
      } else {
        const auto& f = kForms[static_cast<size_t>(k) % kForms.size()];
        maker.Make(f.first, f.second[static_cast<size_t>(k / 7) % f.second.size()], draft ? "draft" : "final", &h, &vs);
      }
      if (auto st = (*session)->AddInterview(h); !st.ok()) Die(st, "interview");
      for (const auto& v : vs)
        if (auto st = (*session)->AddVersion(v, "", true); !st.ok()) Die(st, "version");
      versions += static_cast<int64_t>(vs.size());
    }
    if (auto st = (*session)->Commit(nullptr, ""); !st.ok()) Die(st.status(), "commit");
  }
  Timing t_iv = iv.Stop();
  ws->reset();
  struct stat sb{};
  stat(path.c_str(), &sb);
  std::printf("setup (not part of the target): areas %d + boundaries (%d features) %.2f s; %zu indicator values through "
              "IndicatorStore::Import %.2f s wall, %.2f s CPU;\n  %d final interviews + %d data sheets + %d drafts (%lld versions) "
              "through MergeSession, 10,000 per transaction: %.1f s wall, %.1f s CPU; file %.0f MB\n",
              cfg.counties, features, t_areas.wall, obs.observations.size(), t_ind.wall, t_ind.cpu, cfg.interviews, cfg.sheets,
              drafts, static_cast<long long>(versions), t_iv.wall, t_iv.cpu, static_cast<double>(sb.st_size) / 1e6);
}

}  // namespace canvass::bench
