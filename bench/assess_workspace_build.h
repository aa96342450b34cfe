// The assess bench's workspace (bench/assess_workspace_bench.cpp), built once: areas from the
// Census gazetteer, indicators through IndicatorStore::Import, interviews and data sheets
// through one MergeSession per 10,000 (the sync path). Seeded: the same size gives the same
// content.
#pragma once

#include <string>

namespace canvass::bench {

struct WorkspaceSize {
  int counties = 3200, interviews = 100000, sheets = 1000;
};

// Creates the workspace at `path` (passphrase kPass) and prints how long the setup took.
void BuildAssessWorkspace(const WorkspaceSize& size, const std::string& path);

}  // namespace canvass::bench
