// RESTRICTED interview microdata as Stata/SPSS files, shared by canvass-cli (export stata /
// export spss) and the GUI's Assessment screen: the workspace's final interviews, the project's
// threshold, all files or none, a README and codebook beside them, an audit entry. And the rule
// that restricted files and the shareable tables never share a folder.
#pragma once

#include <string>
#include <vector>

#include "assessment/stat_export.h"
#include "core/status.h"
#include "storage/workspace.h"

namespace canvass::app {

// For a restricted export: refuses a folder that already holds areas.csv, caseload.csv,
// protocols.csv or dictionary.csv; for a shareable one, a folder that holds a RESTRICTED-*
// file (docs/assessment.md, "Disclosure control"). Ok when the folder does not exist yet.
core::Status KeepApartFromShareable(const std::string& dir, bool restricted);

struct StatExportDone {
  std::vector<assessment::StatFile> files;  // the data files (README and codebook not listed)
  size_t interviews = 0;
};

// Writes the .dta/.sav files, RESTRICTED-README.txt and RESTRICTED-codebook.csv into `dir`
// (created private if missing). `o.threshold` is taken from the workspace. Refuses a workspace
// without final interviews and a folder with the shareable tables; on any failure the files
// written so far are removed.
core::Result<StatExportDone> ExportStatFiles(storage::Workspace* ws, assessment::StatExportOptions o, const std::string& dir);

}  // namespace canvass::app
