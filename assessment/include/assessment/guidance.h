// Every consideration of the community-assessment guidance (shared/seed/community-assessment-
// guidance.txt), with what in Canvass answers it and whether this run has the data: a
// coordinator finds an answer for each, or "no data yet" with the import or protocol that
// would give it (docs/assessment.md, "The guidance, consideration by consideration"). Built
// from the published result only. Pure.
#pragma once

#include <string>
#include <vector>

#include "assessment/scoring.h"

namespace canvass::assessment {

struct GuidanceLine {
  std::string group;        // the guidance's heading ("Task force and task force member data", ...)
  std::string question;     // the consideration, in the guidance's words
  std::string answered_by;  // the tables, indicators or protocols that answer it
  bool has_data = false;
  std::string status;       // what this run has ("12 areas: laus.unemployment_rate_pct"), or "no data yet"
  std::string how_to_add;   // when there is no data: the import or protocol that gives it
  std::string where;        // the report section ("caseload", "area pages", ...)
};

std::vector<GuidanceLine> GuidanceCoverage(const AssessmentResult& r);

}  // namespace canvass::assessment
