// The verb table of canvass-cli: each cmd_*.cpp registers its verbs here.
#pragma once

#include <functional>
#include <vector>

#include "cli_util.h"

namespace canvass::cli {

struct Command {
  VerbSpec spec;
  std::function<int(const Args&)> run;
};

void RegisterWorkspaceCommands(std::vector<Command>* out);
void RegisterFormCommands(std::vector<Command>* out);
void RegisterFormExchangeCommands(std::vector<Command>* out);  // cmd_forms_xlsform.cpp
void RegisterInterviewCommands(std::vector<Command>* out);
void RegisterSyncCommands(std::vector<Command>* out);
void RegisterCodingCommands(std::vector<Command>* out);      // cmd_coding.cpp
void RegisterCodingSetCommands(std::vector<Command>* out);   // cmd_coding_sets.cpp
void RegisterAssessmentCommands(std::vector<Command>* out);  // cmd_assessment.cpp
void RegisterCaseloadCommands(std::vector<Command>* out);    // cmd_caseload.cpp
void RegisterStatExportCommands(std::vector<Command>* out);  // cmd_stat_export.cpp
void RegisterRollupCommands(std::vector<Command>* out);      // cmd_rollup.cpp

// Options every verb that opens a workspace accepts.
inline std::set<std::string> WithPass(std::set<std::string> s) {
  s.insert("passphrase-file");
  return s;
}

}  // namespace canvass::cli
