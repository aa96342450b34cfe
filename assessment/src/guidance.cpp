// The guidance's considerations and what answers each in a run (assessment/guidance.h).
#include "assessment/guidance.h"

#include <map>

namespace canvass::assessment {

namespace {

enum class Kind { kCaseload, kIndicators, kProtocol, kSilent };

struct Consideration {
  const char* group;
  const char* question;
  Kind kind;
  std::vector<const char*> keys;  // caseload table ids / indicator id prefixes / protocols
  const char* answered_by;
  const char* how_to_add;
  const char* where;
};

const char* kSheet = "each member agency fills in the \"Task force member data sheet\" (desktop app: New interview; "
                     "canvass-cli interview add FILE --form taskforce_data_sheet ...)";

const std::vector<Consideration>& All() {
  static const std::vector<Consideration> k = {
      {"Task force and task force member data", "How many victims received services in total?", Kind::kCaseload, {"served_total"},
       "caseload total: victims who received services", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "How many victims received services in a certain year?", Kind::kCaseload,
       {"served_by_year"}, "caseload by year (victims served); per area in the area pages", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "Where are tips/referrals coming from?", Kind::kCaseload, {"tips_by_source"},
       "tips and referrals by source; tips per area (task-force signal)", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "Where are tips/referrals not coming from?", Kind::kSilent, {},
       "silent tip sources and the gap analysis (high risk or concern, few or no tips)", kSheet, "Gap analysis"},
      {"Task force and task force member data", "Sex/labor trafficking: breakdown for victims identified by law enforcement",
       Kind::kCaseload, {"le_by_type"}, "victims identified by law enforcement, by form of trafficking", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "Sex/labor trafficking: breakdown for victims who received services",
       Kind::kCaseload, {"served_by_type"}, "victims who received services, by form of trafficking", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "Demographics (age, sex, ethnicity, race) of victims identified by law enforcement",
       Kind::kCaseload, {"le_by_age", "le_by_sex", "le_by_race", "le_by_ethnicity"},
       "victims identified by law enforcement by age group, sex/gender, race and ethnicity", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "Demographics (age, sex, ethnicity, race) of victims who received services",
       Kind::kCaseload, {"served_by_age", "served_by_sex", "served_by_race", "served_by_ethnicity"},
       "victims who received services by age group, sex/gender, race and ethnicity", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "How many total prosecutions?", Kind::kCaseload, {"prosecutions_total"},
       "caseload total: prosecutions", kSheet, "Task-force caseload"},
      {"Task force and task force member data", "How many prosecutions in a certain year?", Kind::kCaseload, {"prosecutions_by_year"},
       "prosecutions by year", kSheet, "Task-force caseload"},
      {"Landscape review: trafficking", "Industries where trafficking is known to occur: which are present, and where?",
       Kind::kIndicators, {"qcew.emp_", "acs.emp_share_", "qcew.estabs_"},
       "QCEW jobs and establishments by industry per county; ACS employment shares; stakeholders' industries (themes)",
       "canvass-cli indicators import FILE qcew_county_file.csv (BLS QCEW), or an ACS DP03 table", "area pages"},
      {"Landscape review: trafficking", "How large are those industries (workers, share of economic activity)?", Kind::kIndicators,
       {"qcew.emp_", "acs.emp_share_", "qcew.avg_annual_pay_"}, "QCEW jobs per 1,000 workers and pay; ACS shares of employment",
       "canvass-cli indicators import FILE qcew_county_file.csv (BLS QCEW)", "area pages"},
      {"Landscape review: trafficking", "Are businesses employing guest workers (H-2A, H-2B, H-1B visas)?", Kind::kIndicators,
       {"oflc.h2a_workers_certified", "oflc.h2b_workers_certified", "oflc.h1b_positions_certified"},
       "OFLC certified H-2A and H-2B workers and H-1B positions per county",
       "canvass-cli indicators import FILE H-2A_Disclosure_Data_FYxx.csv (DOL OFLC; H-2B and H-1B LCA files too)", "area pages"},
      {"Landscape review: trafficking", "Guest workers: in what sectors?", Kind::kIndicators, {"oflc.h2a_workers_certified_naics_",
       "oflc.h2b_workers_certified_naics_", "oflc.h1b_positions_certified_naics_"}, "OFLC certifications by NAICS sector",
       "an OFLC disclosure file with its NAICS column", "area pages"},
      {"Specific populations", "What percentage of the population is unstably housed?", Kind::kIndicators,
       {"hud.pit_", "ed.homeless_students_count", "ed.homeless_students_doubled_up_count"}, "HUD point-in-time counts; homeless and doubled-up students (EDFacts)",
       "canvass-cli indicators import FILE 2017_pit.csv --coc-county county_coc_match.csv (HUD PIT)", "area pages"},
      {"Specific populations", "How many runaway/homeless youth are there?", Kind::kIndicators,
       {"ed.unaccompanied_homeless_youth_count", "hud.pit_unaccompanied_youth_u25"},
       "unaccompanied homeless youth (EDFacts, HUD PIT)",
       "canvass-cli indicators import FILE lea-homeless-enrolled.csv --crosswalk EDGE_GEOCODE_LEA.csv (ED EDFacts)", "area pages"},
      {"Specific populations", "What percentage of the population is in poverty?", Kind::kIndicators,
       {"saipe.poverty_rate_pct", "acs.poverty_rate_pct", "saipe.child_poverty_rate_pct"}, "SAIPE and ACS poverty rates",
       "canvass-cli indicators import FILE PovertyEstimates.csv (USDA ERS / Census SAIPE)", "area pages"},
      {"Specific populations", "How many youth are involved in the child welfare/juvenile justice systems?", Kind::kIndicators,
       {"cw.", "jj."}, "children in foster care and entries, juvenile court referrals and youth in placement (KIDS COUNT profiles)",
       "canvass-cli indicators import FILE kidscount.csv --profile docs/profiles/kidscount_foster_care.json (docs/indicators.md)",
       "area pages"},
      {"Specific populations", "What percentage of the population are temporary/transitory workers?", Kind::kIndicators,
       {"qcew.temp_help_share_pct", "qcew.emp_5613"}, "temporary-help services' share of jobs (QCEW NAICS 5613)",
       "canvass-cli indicators import FILE qcew_county_file.csv (with NAICS 5613)", "area pages"},
      {"Specific populations", "How many wage and hour violations are there?", Kind::kIndicators, {"whd."},
       "DOL Wage and Hour Division cases, violations, employees owed (per 1,000 workers)",
       "canvass-cli indicators import FILE whd_whisard.csv --zip-county ZIP_COUNTY.csv (DOL WHD)", "area pages"},
      {"Other groups and stakeholders", "Regulatory agencies", Kind::kProtocol, {"regulatory_agency"},
       "interviews with the regulatory agency protocol", "interview regulatory agencies (New interview: Regulatory agency)",
       "Summary (interviews by protocol)"},
      {"Other groups and stakeholders", "Community-based service providers", Kind::kProtocol, {"outreach_provider"},
       "interviews with the outreach and service provider protocol", "interview service providers (New interview: Outreach provider)",
       "Summary (interviews by protocol)"},
      {"Other groups and stakeholders", "Legal service providers", Kind::kProtocol, {"legal_service_provider"},
       "interviews with the legal service provider protocol", "interview legal service providers", "Summary (interviews by protocol)"},
      {"Other groups and stakeholders", "Street and youth outreach programs", Kind::kProtocol, {"outreach_provider"},
       "outreach provider interviews (roles street outreach, youth outreach)", "interview street and youth outreach programs",
       "Summary (interviews by protocol)"},
      {"Other groups and stakeholders", "Advocacy groups", Kind::kProtocol, {"advocacy_group"},
       "interviews with the advocacy group protocol", "interview advocacy groups", "Summary (interviews by protocol)"},
      {"Other groups and stakeholders", "Other groups that regularly engage with populations at higher risk", Kind::kProtocol,
       {"community_member", "precursor_brainstorm"}, "community member interviews; the task force's precursor brainstorm",
       "interview community members; hold the brainstorm (precursor_brainstorm protocol)", "Summary (interviews by protocol)"},
      {"Data types and sources", "Presence of low-wage work (manufacturing, agricultural, domestic, hospitality)", Kind::kIndicators,
       {"qcew.emp_", "acs.emp_share_"}, "QCEW jobs in agriculture (11), accommodation and food (72), personal services (812), ...",
       "canvass-cli indicators import FILE qcew_county_file.csv (BLS QCEW)", "area pages"},
      {"Data types and sources", "Census data on population growth", Kind::kIndicators, {"pep.pop_change_pct_", "pep.netmig_"},
       "PEP population change over 1 and 5 years, net migration", "canvass-cli indicators import FILE co-est2019-alldata.csv (Census PEP)",
       "area pages"},
      {"Data types and sources", "Data on labor violations/issues", Kind::kIndicators, {"whd."}, "DOL WHD compliance actions",
       "canvass-cli indicators import FILE whd_whisard.csv --zip-county ZIP_COUNTY.csv (DOL WHD)", "area pages"},
      {"Data types and sources", "Geographic factors (highways, borders)", Kind::kIndicators, {"border.", "geo.highway_"},
       "international border and state-line counties (county adjacency); highways (profile recipe in docs/indicators.md)",
       "canvass-cli indicators import FILE county_adjacency.txt; highways: docs/indicators.md", "area pages"},
      {"Data types and sources", "Federal and state labor department data", Kind::kIndicators, {"qcew.", "laus.", "whd.", "oflc."},
       "BLS QCEW and LAUS, DOL WHD and OFLC", "canvass-cli indicators import FILE laucnty.csv (BLS LAUS), and the files above",
       "area pages"},
      {"All forms of trafficking, all victim demographics", "Sex and labor trafficking, every victim demographic", Kind::kCaseload,
       {"served_by_type", "le_by_type", "served_by_age", "served_by_sex", "served_by_race", "served_by_ethnicity"},
       "caseload by form of trafficking, age group, sex/gender, race and ethnicity; stakeholders' forms named per area", kSheet,
       "Task-force caseload"},
  };
  return k;
}

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

}  // namespace

std::vector<GuidanceLine> GuidanceCoverage(const AssessmentResult& r) {
  // Areas with a value (or a status other than not available) per indicator.
  std::vector<int> areas_with(r.indicators.size(), 0);
  for (const auto& a : r.areas)
    for (const auto& c : a.indicators)
      if (c.value || c.status == "withheld" || c.status == "suppressed") ++areas_with[static_cast<size_t>(c.indicator)];
  std::map<std::string, const Breakdown*> tables;
  for (const auto& t : r.taskforce_tables) tables[t.id] = &t;
  std::vector<GuidanceLine> out;
  for (const auto& c : All()) {
    GuidanceLine g{c.group, c.question, c.answered_by, false, "", "", c.where};
    std::string found;
    switch (c.kind) {
      case Kind::kCaseload:
        for (const char* k : c.keys) {
          std::string key = k;
          bool have = tables.count(key) > 0;
          if (key == "served_total" || key == "prosecutions_total") {
            const char* label = key == "served_total" ? "victims who received services" : "prosecutions";
            for (const auto& [l, cnt] : r.caseload_totals.rows)
              if (l == label) { have = true; found += (found.empty() ? "" : "; ") + std::string("total ") + cnt.text; }
          } else if (have) {
            found += (found.empty() ? "" : "; ") + tables[key]->title + " (total " + tables[key]->total.text + ")";
          }
          g.has_data = g.has_data || have;
        }
        break;
      case Kind::kIndicators: {
        int best = 0;
        for (size_t i = 0; i < r.indicators.size(); ++i)
          for (const char* p : c.keys)
            if (StartsWith(r.indicators[i].id, p) && areas_with[i] > 0) {
              g.has_data = true;
              if (found.size() < 160) found += (found.empty() ? "" : ", ") + r.indicators[i].id;
              best = std::max(best, areas_with[i]);
            }
        if (g.has_data) found = std::to_string(best) + " areas: " + found;
        break;
      }
      case Kind::kProtocol:
        for (const char* p : c.keys)
          for (const auto& [k, cnt] : r.interviews.rows)
            if (k == p && (cnt.suppressed || (cnt.value && *cnt.value > 0))) {
              g.has_data = true;
              found += (found.empty() ? "" : "; ") + k + ": " + cnt.text + " final interviews";
            }
        break;
      case Kind::kSilent:
        g.has_data = !r.caseload_totals.rows.empty();
        if (g.has_data)
          found = std::to_string(r.silent_sources.size()) + " silent sources, " + std::to_string(r.gaps.size()) + " gap areas";
        break;
    }
    g.status = g.has_data ? found : "no data yet";
    if (!g.has_data) g.how_to_add = c.how_to_add;
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace canvass::assessment
