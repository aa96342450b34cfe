// Scoring profile JSON (read, write, validate) and the built-in default profile.
#include "assessment/scoring_profile.h"

#include <cmath>
#include <set>

namespace canvass::assessment {

using core::Result;
using core::Status;
using core::Value;

namespace {

const char* kDefault = R"JSON({
 "format": "canvass.scoring_profile", "version": 1, "name": "default",
 "description": "Built-in profile for a county-level community (threat/safety) assessment. Weights: docs/assessment.md.",
 "level": "county", "perturbations": 200, "weight_jitter": 0.5,
 "gap": {"risk_percentile": 90, "min_concern": 2},
 "expected_tip_sources": ["local_law_enforcement", "national_hotline", "victim_services", "outreach_programs",
   "health_care", "schools", "child_welfare", "labor_agencies", "worker_immigrant_orgs", "community_members"],
 "factors": [
  {"id": "economic_instability", "label": "Poverty and economic instability", "kind": "risk", "weight": 0.15,
   "rationale": "Poverty and unemployment are the most consistently reported vulnerabilities exploited by traffickers; the guidance asks 'What percentage of the population is in poverty?' and 'What percentage of the population are temporary/transitory workers?'.",
   "measures": [{"indicator": "saipe.poverty_rate_pct"}, {"indicator": "saipe.child_poverty_rate_pct"},
                {"indicator": "acs.poverty_rate_pct"}, {"indicator": "acs.unemployment_rate_pct"},
                {"indicator": "laus.unemployment_rate_pct"}, {"indicator": "qcew.temp_help_share_pct"}],
   "codes": ["instability_factors=poverty_job_loss", "instability_factors=housing_costs", "victim_populations=low_income"]},
  {"id": "high_risk_industries", "label": "Industries where trafficking is known to occur", "kind": "risk", "weight": 0.15,
   "rationale": "Labor trafficking concentrates in agriculture, hospitality and food service, construction, landscaping/janitorial and personal care; the guidance asks which of these industries are present and how large they are.",
   "measures": [{"indicator": "qcew.emp_11", "per": "workers"}, {"indicator": "qcew.emp_72", "per": "workers"},
                {"indicator": "qcew.emp_5617", "per": "workers"}, {"indicator": "qcew.emp_812", "per": "workers"},
                {"indicator": "acs.emp_share_agriculture_pct"}, {"indicator": "acs.emp_share_accommodation_food_arts_pct"}],
   "codes": ["concern_industries", "place_types=farms_labor_camps|restaurants|motels_hotels|construction_sites"]},
  {"id": "guest_workers", "label": "Guest-worker (H-2A/H-2B/H-1B) employment", "kind": "risk", "weight": 0.10,
   "rationale": "Visa-tied workers depend on one employer and often owe recruitment fees; the guidance asks whether businesses employ guest workers (H2A, H2B, H1B visas) and in what sectors.",
   "measures": [{"indicator": "oflc.h2a_workers_certified", "per": "residents"}, {"indicator": "oflc.h2b_workers_certified", "per": "residents"},
                {"indicator": "oflc.h1b_positions_certified", "per": "residents"}],
   "codes": ["victim_populations=guest_workers|migrant_farmworkers"]},
  {"id": "labor_violations", "label": "Wage and hour violations", "kind": "risk", "weight": 0.10,
   "rationale": "Wage theft and child-labor findings mark employers and sectors where labor exploitation is already documented; the guidance asks how many wage and hour violations there are.",
   "measures": [{"indicator": "whd.violations_count", "per": "workers"}, {"indicator": "whd.employees_owed_count", "per": "workers"},
                {"indicator": "whd.h2a_violations_count", "per": "workers"}],
   "codes": ["instability_factors=wage_theft_unsafe_work"]},
  {"id": "housing_instability", "label": "Homelessness and unstable housing", "kind": "risk", "weight": 0.10,
   "rationale": "Unstably housed people and runaway/homeless youth are targeted for sex and labor trafficking; the guidance asks for the unstably housed share and runaway/homeless youth.",
   "measures": [{"indicator": "hud.pit_homeless_total", "per": "residents"}, {"indicator": "hud.pit_unaccompanied_youth_u25", "per": "residents"},
                {"indicator": "ed.homeless_students_count", "per": "residents"}, {"indicator": "ed.unaccompanied_homeless_youth_count", "per": "residents"}],
   "codes": ["instability_factors=homelessness|youth_leaving_systems", "victim_populations=runaway_homeless_youth|unhoused_adults"]},
  {"id": "youth_systems", "label": "Youth in child welfare and juvenile justice", "kind": "risk", "weight": 0.05,
   "rationale": "Youth in foster care and in juvenile justice placements are recruited by traffickers and leave those systems with little support; the guidance asks how many youth are involved in the child welfare/juvenile justice systems. County figures are mostly state dashboards or KIDS COUNT entered by hand, so the weight is small.",
   "measures": [{"indicator": "cw.children_in_foster_care_count", "per": "residents"}, {"indicator": "cw.entries_per_1000_children"},
                {"indicator": "jj.youth_in_placement_count", "per": "residents"}, {"indicator": "jj.juvenile_court_referrals_count", "per": "residents"}],
   "codes": ["instability_factors=youth_leaving_systems", "victim_populations=child_welfare_youth|juvenile_justice_youth"]},
  {"id": "population_change", "label": "Population growth and migration", "kind": "risk", "weight": 0.05,
   "rationale": "Rapid growth and in-migration (e.g. oil-field or construction booms) bring transient workforces and demand; the guidance lists Census data on population growth.",
   "measures": [{"indicator": "pep.pop_change_pct_5yr"}, {"indicator": "pep.netmig_rate_per_1000"}],
   "codes": ["instability_factors=population_growth|seasonal_temporary_work"]},
  {"id": "geography", "label": "Border and transit geography", "kind": "risk", "weight": 0.05,
   "rationale": "Borders and transit corridors (highways) are listed among geographic factors in the guidance; border flags come from the Census adjacency file and highways from a table the task force makes (docs/indicators.md, Highways), and a flag says little alone, so the weight is small.",
   "measures": [{"indicator": "border.international"}, {"indicator": "border.any"},
                {"indicator": "geo.highway_present"}, {"indicator": "geo.highway_miles_per_100_sq_mi"}],
   "codes": ["instability_factors=transport_hubs_events", "place_types=truck_stops|transit_hubs"]},
  {"id": "stakeholder_concern", "label": "Stakeholder concern", "kind": "concern", "weight": 0.20,
   "rationale": "The guidance centres the assessment on the experience of task-force stakeholders: whether they know of or are concerned about trafficking, and where. Counted as distinct final interviews naming the area.",
   "measures": [{"indicator": "interviews.concern_count"}, {"indicator": "interviews.instability_count"}],
   "codes": ["concern=yes|unsure", "concern_areas", "instability_areas", "member_concern_areas"]},
  {"id": "taskforce_signal", "label": "Task-force tips, victims and cases", "kind": "taskforce", "weight": 0.10,
   "rationale": "Tips, victims served and victims identified, and human-trafficking offenses reported by police (FBI UCR), show where trafficking has already been found. Weighted low because they also reflect where the task force and the police already look (the gap analysis reads them the other way).",
   "measures": [{"indicator": "tf.tips_count", "per": "residents"}, {"indicator": "tf.victims_served_count", "per": "residents"},
                {"indicator": "tf.le_identified_count", "per": "residents"}, {"indicator": "ucr.ht_offenses_count", "per": "residents"}],
   "codes": ["tips_total", "served_total", "le_identified_total"]}
 ]
})JSON";

Status Bad(const std::string& source, const std::string& what) {
  return Status::InvalidArgument(source + ": " + what + " (see docs/assessment.md, \"Scoring profile\")");
}

std::vector<std::string> Strings(const Value* v) {
  std::vector<std::string> out;
  if (v && v->is_array())
    for (const auto& s : v->as_array())
      if (s.is_string()) out.push_back(s.as_string());
  return out;
}

}  // namespace

Value ScoringProfile::ToValue() const {
  Value::Array fs;
  for (const auto& f : factors) {
    Value::Array ms;
    for (const auto& m : f.measures) {
      Value::Object o{{"indicator", m.indicator}};
      if (!m.per.empty()) o["per"] = m.per;
      ms.push_back(Value(std::move(o)));
    }
    Value::Array codes(f.codes.begin(), f.codes.end());
    fs.push_back(Value(Value::Object{{"id", f.id}, {"label", f.label}, {"kind", f.kind}, {"weight", f.weight},
                                     {"rationale", f.rationale}, {"measures", Value(std::move(ms))},
                                     {"codes", Value(std::move(codes))}}));
  }
  Value::Array exp(expected_tip_sources.begin(), expected_tip_sources.end());
  return Value(Value::Object{{"format", "canvass.scoring_profile"}, {"version", 1}, {"name", name},
                             {"description", description}, {"level", level}, {"perturbations", perturbations},
                             {"weight_jitter", weight_jitter}, {"rate_smoothing", rate_smoothing},
                             {"gap", Value(Value::Object{{"risk_percentile", gap_risk_percentile}, {"min_concern", gap_min_concern}})},
                             {"expected_tip_sources", Value(std::move(exp))}, {"factors", Value(std::move(fs))}});
}

Result<ScoringProfile> ScoringProfile::FromValue(const Value& v, const std::string& source) {
  if (!v.is_object()) return Bad(source, "a scoring profile is a JSON object");
  const Value* fmt = v.Find("format");
  const Value* ver = v.Find("version");
  if (!fmt || !fmt->is_string() || fmt->as_string() != "canvass.scoring_profile")
    return Bad(source, "\"format\" must be \"canvass.scoring_profile\"");
  if (!ver || !ver->is_number() || ver->as_number() != 1) return Bad(source, "unsupported \"version\" (this Canvass reads version 1)");
  ScoringProfile p;
  if (const Value* x = v.Find("name"); x && x->is_string()) p.name = x->as_string();
  if (const Value* x = v.Find("description"); x && x->is_string()) p.description = x->as_string();
  if (const Value* x = v.Find("level"); x && x->is_string()) p.level = x->as_string();
  if (const Value* x = v.Find("perturbations"); x && x->is_number()) p.perturbations = static_cast<int>(x->as_number());
  if (const Value* x = v.Find("weight_jitter"); x && x->is_number()) p.weight_jitter = x->as_number();
  if (const Value* x = v.Find("rate_smoothing"); x && x->is_string()) p.rate_smoothing = x->as_string();
  if (p.rate_smoothing != "empirical_bayes" && p.rate_smoothing != "none")
    return Bad(source, "\"rate_smoothing\" must be \"empirical_bayes\" or \"none\"");
  if (const Value* g = v.Find("gap"); g && g->is_object()) {
    if (const Value* x = g->Find("risk_percentile"); x && x->is_number()) p.gap_risk_percentile = x->as_number();
    if (const Value* x = g->Find("min_concern"); x && x->is_number()) p.gap_min_concern = static_cast<int>(x->as_number());
  }
  if (p.perturbations < 0 || p.perturbations > 10000) return Bad(source, "\"perturbations\" must be between 0 and 10000");
  if (p.weight_jitter < 0 || p.weight_jitter >= 1) return Bad(source, "\"weight_jitter\" must be at least 0 and below 1");
  p.expected_tip_sources = Strings(v.Find("expected_tip_sources"));
  const Value* fs = v.Find("factors");
  if (!fs || !fs->is_array() || fs->as_array().empty()) return Bad(source, "\"factors\" must be a non-empty array");
  std::set<std::string> ids;
  double total = 0;
  for (size_t i = 0; i < fs->as_array().size(); ++i) {
    const Value& fv = fs->as_array()[i];
    std::string where = "factors[" + std::to_string(i) + "]";
    Factor f;
    if (!fv.is_object()) return Bad(source, where + " must be an object");
    if (const Value* x = fv.Find("id"); x && x->is_string()) f.id = x->as_string();
    if (f.id.empty() || !ids.insert(f.id).second) return Bad(source, where + ": \"id\" missing or repeated");
    where += " (" + f.id + ")";
    if (const Value* x = fv.Find("label"); x && x->is_string()) f.label = x->as_string();
    if (f.label.empty()) f.label = f.id;
    if (const Value* x = fv.Find("kind"); x && x->is_string()) f.kind = x->as_string();
    if (f.kind != "risk" && f.kind != "concern" && f.kind != "taskforce")
      return Bad(source, where + ": \"kind\" must be risk, concern or taskforce");
    if (const Value* x = fv.Find("rationale"); x && x->is_string()) f.rationale = x->as_string();
    const Value* w = fv.Find("weight");
    if (!w || !w->is_number() || !std::isfinite(w->as_number()) || w->as_number() < 0)
      return Bad(source, where + ": \"weight\" must be a number of at least 0");
    f.weight = w->as_number();
    total += f.weight;
    const Value* ms = fv.Find("measures");
    if (!ms || !ms->is_array() || ms->as_array().empty()) return Bad(source, where + ": \"measures\" must list at least one indicator");
    for (const auto& mv : ms->as_array()) {
      Measure m;
      if (const Value* x = mv.Find("indicator"); x && x->is_string()) m.indicator = x->as_string();
      if (const Value* x = mv.Find("per"); x && x->is_string()) m.per = x->as_string();
      if (m.indicator.empty()) return Bad(source, where + ": a measure has no \"indicator\"");
      if (!m.per.empty() && m.per != "residents" && m.per != "workers")
        return Bad(source, where + ": \"per\" must be \"residents\" or \"workers\" (per 1,000)");
      f.measures.push_back(std::move(m));
    }
    f.codes = Strings(fv.Find("codes"));
    p.factors.push_back(std::move(f));
  }
  if (total <= 0) return Bad(source, "the factor weights add up to 0");
  return p;
}

Result<ScoringProfile> ScoringProfile::FromJson(const std::string& text, const std::string& source) {
  auto v = core::ParseJson(text, source);
  if (!v.ok()) return v.status();
  return FromValue(*v, source);
}

const char* DefaultProfileJson() { return kDefault; }

const ScoringProfile& DefaultProfile() {
  static const ScoringProfile p = [] {
    auto r = ScoringProfile::FromJson(kDefault, "built-in profile");
    return r.ok() ? *r : ScoringProfile{};
  }();
  return p;
}

}  // namespace canvass::assessment
