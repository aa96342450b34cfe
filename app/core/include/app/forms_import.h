// An XLSForm (.xlsx) into a workspace, for canvass-cli `forms import` and the app's Protocols
// page alike: read and translate the workbook (forms/xlsform.h), settle its version against
// the workspace (a changed form becomes a new version, an unchanged one changes nothing), say
// what changed, and add it unless this is a dry run.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "forms/xlsform.h"
#include "storage/workspace.h"

namespace canvass::app {

// The workbook read and translated (bounded: 32 MiB). Issues mean it is refused as it is.
core::Result<forms::XlsformImport> ReadXlsformFile(const std::string& file);

struct FormImportOutcome {
  std::string id;
  int version = 0;
  bool unchanged = false;         // already in the workspace with the same questions
  bool added = false;             // written (never on a dry run or when unchanged)
  int previous_version = 0;       // the version it follows (0: a new form)
  size_t sections = 0, questions = 0;
  std::vector<std::string> changes;  // from the previous version, in plain words
  std::vector<std::string> notes;    // what the translation filled in
};

// Adds a readable, issue-free import to `ws` (or only says what it would do). A version that
// clashes with the workspace's (same number, other questions; older than the latest) is a
// Conflict naming the version to use; nothing is written on any failure.
core::Result<FormImportOutcome> AddXlsform(storage::Workspace* ws, const std::string& file, const forms::XlsformImport& read,
                                           bool dry_run);

}  // namespace canvass::app
