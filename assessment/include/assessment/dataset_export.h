// De-identified analysis dataset: one CSV per protocol with one row per final interview,
// one CSV with one row per area, and a data dictionary. Identifying questions, free text,
// interview ids, interviewers and times are left out; counts below the threshold are "<T".
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

// Files: interviews_<form_id>.csv (rows in the given order; pass them shuffled or sorted by
// a random id), areas.csv (from `result`), dictionary.csv.
std::vector<DatasetFile> BuildDataset(const std::vector<DatasetInterview>& interviews, const AssessmentResult& result,
                                      int threshold);

}  // namespace canvass::assessment
