// A small project for the run JSON tests (run_json_test.cpp, indicator_store_test.cpp): four
// counties with indicators and margins of error, stakeholders by role (small counts that must
// be suppressed), one task-force data sheet; and the run an earlier build (run JSON version 1)
// saved for it, byte for byte, which later builds must still compare.
#pragma once

#include <string>

#include "assessment/scoring.h"

namespace canvass::assessment::testing {

inline AssessmentInput RunProject() {
  AssessmentInput in;
  in.project_name = "Run test";
  const char* ids[4] = {"48001", "48003", "48005", "48007"};
  for (int i = 0; i < 4; ++i) {
    Area a;
    a.id = ids[i];
    a.level = "county";
    a.name = std::string("County ") + ids[i];
    in.areas.push_back(a);
    auto obs = [&](const char* ind, double v, const char* unit, std::optional<double> moe, const char* period) {
      Observation o;
      o.indicator_id = ind;
      o.geo_level = "county";
      o.geo_id = ids[i];
      o.period = period;
      o.value = v;
      o.unit = unit;
      o.moe = moe;
      o.source_kind = "saipe";
      o.source_file = "saipe.csv";
      in.observations.push_back(o);
    };
    obs("saipe.poverty_rate_pct", 10 + 7 * i, "percent", 1.5 + i, "2021");
    obs("saipe.child_poverty_rate_pct", 30 - 5 * i, "percent", 2.0, i == 3 ? "2020" : "2021");
    obs("pep.pop_estimate", 1000 + 500 * i, "persons", std::nullopt, "2021");
  }
  in.sources.push_back({"saipe", "saipe.csv", "ab12", "2020..2021", "2026-11-01T00:00:00Z", 12});
  // 48001: 3 street_outreach + 1 legal (4); 48003: 9 + 2 (11); 48005: 1; 48007: 6 advocates.
  auto add = [&](const char* area, const char* role, int n) {
    for (int i = 0; i < n; ++i) {
      StakeholderFact s;
      s.form_id = "outreach_provider";
      s.role = role;
      s.concern = "yes";
      s.concern_areas = {area};
      s.forms = {"labor_trafficking"};
      s.place_types = {"farms"};
      in.stakeholders.push_back(s);
    }
  };
  add("48001", "street_outreach", 3);
  add("48001", "legal_service_provider", 1);
  add("48003", "street_outreach", 9);
  add("48003", "legal_service_provider", 2);
  add("48005", "youth_outreach", 1);
  add("48007", "advocacy_group", 6);
  DataSheetFact sh;
  sh.areas = {"48003"};
  sh.tips_total = 23;
  sh.tables["tips_by_source"] = {{"national_hotline", 20}, {"schools", 3}};
  in.data_sheets.push_back(sh);
  return in;
}

}  // namespace canvass::assessment::testing
