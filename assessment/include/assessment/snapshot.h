// What an assessment run reads, as the workspace keeps it: the project's areas, the stored
// indicator values and their source files, the facts of final interviews and data sheets, the
// coded-theme counts and what earlier releases showed. Plain types: storage fills them
// (storage/indicator_store.h), the scoring (assessment/scoring.h) reads them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "assessment/area.h"
#include "assessment/interview_facts.h"
#include "assessment/observation.h"

namespace canvass::assessment {

// An imported file, as listed under "Data sources and vintages".
struct SourceInfo {
  std::string kind, file_name, sha256, periods, imported_at;
  int64_t observations = 0;
};

struct AssessmentInput {
  std::string project_name;
  std::vector<Area> areas;                   // the project's areas (all levels)
  std::vector<Observation> observations;     // stored indicators (any level; other areas ignored)
  std::vector<SourceInfo> sources;
  std::vector<StakeholderFact> stakeholders; // final stakeholder interviews and brainstorms
  std::vector<DataSheetFact> data_sheets;    // final task-force data sheets
  // Optional coded-theme counts (area id -> code's full path -> interviews), when coding exists;
  // the caller counts them under the project's rule and says which in the result's notes.
  std::map<std::string, std::map<std::string, int>> theme_counts;
  // What earlier releases of this project showed (AssessmentResult::published, kept by the
  // publication ledger): a count that moved by fewer than the threshold since is withheld.
  std::vector<std::map<std::string, double>> prior_releases;
};

}  // namespace canvass::assessment
