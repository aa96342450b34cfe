// Private: the Assessment screen's last run, shared by the controller's assessment files.
#pragma once

#include <map>
#include <string>

#include "app/controller.h"
#include "assessment/report.h"
#include "assessment/scoring.h"

namespace canvass::app {

struct Controller::AssessState {
  assessment::AssessmentResult result;
  assessment::ReportMeta meta;
  std::string run_json;  // RunJson: what was saved, and what a comparison reads
  std::map<std::string, std::string> fingerprints;  // the records counted (publication ledger)
};

}  // namespace canvass::app
