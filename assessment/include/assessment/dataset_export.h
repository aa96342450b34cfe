// Analysis datasets, in two kinds that are never produced together (docs/assessment.md,
// "Disclosure control"):
//  - shareable: tables only, all from the protected result (areas.csv, caseload.csv,
//    protocols.csv, dictionary.csv): what the report shows, nothing more;
//  - RESTRICTED microdata: one row per final interview (no identifying questions, free text,
//    ids, interviewers or times, but row level all the same): for a named partner under a
//    data-use agreement, never for publication; its files are named RESTRICTED-*.
// Pure; the caller writes the files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "assessment/scoring.h"
#include "core/value.h"
#include "forms/form.h"

namespace canvass::assessment {

struct DatasetInterview {
  const forms::Form* form = nullptr;
  std::string role, language;
  std::map<std::string, core::Value> answers;
};

struct DatasetFile {
  std::string name, csv;
};

// The shareable tables: areas.csv, caseload.csv, protocols.csv and dictionary.csv.
std::vector<DatasetFile> BuildDataset(const AssessmentResult& result);
// The restricted microdata: RESTRICTED-interviews_<form_id>.csv (rows in the given order; pass
// them sorted by a random id) and RESTRICTED-dictionary.csv.
std::vector<DatasetFile> BuildMicrodata(const std::vector<DatasetInterview>& interviews, int threshold);

}  // namespace canvass::assessment
