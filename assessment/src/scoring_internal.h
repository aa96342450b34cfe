// Private to assessment/: the working state shared by scoring.cpp and scoring_publish.cpp.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "assessment/scoring.h"
#include "assessment/suppression.h"

namespace canvass::assessment::internal {

// Exact interview and task-force tallies per scored area, before suppression.
struct Signals {
  // Rows of one breakdown: key names in order, and per scored area (name index, count) in
  // that order; a key an area never had has no row there.
  struct Rows {
    std::vector<std::string> names;
    std::vector<std::vector<std::pair<int, double>>> areas;
  };
  bool have_stakeholders = false;
  std::vector<double> concern, instability;                            // per scored area
  Rows by_role, by_form, themes;
  std::vector<std::string> covered;                                     // task-force coverage (ids)
  std::map<std::string, std::vector<std::string>> custom_places;       // area id -> names
  std::map<std::string, int> reported_to;                               // tip source -> stakeholders
};

struct Work {
  const AssessmentInput* in = nullptr;
  const ScoringProfile* profile = nullptr;
  AssessOptions options;
  std::vector<const Area*> scored;                 // areas at profile level, by id
  std::unordered_map<std::string, int> area_index;
  std::map<std::string, const Area*> by_id;
  std::vector<Observation> derived;                // interviews.* and tf.* observations
  std::vector<std::string> notes;
  Signals signals;
};

// scoring_publish.cpp
void CountSignals(Work* w);
void Publish(Work* w, AssessmentResult* r);

}  // namespace canvass::assessment::internal
