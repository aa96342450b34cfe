// Scoring profile: the documented, editable weights of the composite index. Each factor
// says why it matters (rationale), what measures it (indicators, per-capita basis, and the
// interview codes/answers behind it) and its weight. Saved with every assessment run.
// JSON: {"format":"canvass.scoring_profile","version":1,...} (docs/assessment.md).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"

namespace canvass::assessment {

struct Measure {
  std::string indicator;   // e.g. "saipe.poverty_rate_pct", "interviews.concern_count"
  std::string per;         // "" (as published) | "residents" | "workers": per 1,000
};

struct Factor {
  std::string id, label;
  std::string kind = "risk";        // risk | concern | taskforce
  std::string rationale;
  double weight = 0;
  std::vector<Measure> measures;    // factor score = mean of their percentiles
  std::vector<std::string> codes;   // interview questions/choices or theme codes behind it
};

struct ScoringProfile {
  std::string name = "default";
  std::string description;
  std::string level = "county";     // areas scored
  std::vector<Factor> factors;
  std::vector<std::string> expected_tip_sources;  // tip_sources choice values
  int perturbations = 200;          // uncertainty draws
  double weight_jitter = 0.5;       // each weight multiplied by U(1-j, 1+j) per draw
  double gap_risk_percentile = 90;  // "high risk" for the gap analysis
  int gap_min_concern = 2;          // stakeholders naming an area that make it a concern
  // "empirical_bayes": a count's rate per 1,000 from a small population is pulled toward the
  // rate of all areas (docs/assessment.md); "none": raw rates. Raw and smoothed are both shown.
  std::string rate_smoothing = "empirical_bayes";

  core::Value ToValue() const;
  static core::Result<ScoringProfile> FromValue(const core::Value& v, const std::string& source);
  static core::Result<ScoringProfile> FromJson(const std::string& text, const std::string& source);
};

// The built-in profile (weights justified in docs/assessment.md).
const ScoringProfile& DefaultProfile();
const char* DefaultProfileJson();

}  // namespace canvass::assessment
