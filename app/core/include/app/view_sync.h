// View-models of the sync screens: Sync (export, import with a merge report, update
// bundles), Devices (enroll, list, revoke) and Conflicts (side by side, resolve with a
// reason). Plain data built by the Controller (controller_sync.cpp); no ImGui.
// The one-time enrollment code lives here only until dismissed or locked (then wiped).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/value.h"
#include "storage/types.h"

namespace canvass::app {

// A *.cvbundle file in the chosen folder, with what its plain header says (no key needed).
struct BundleFileItem {
  std::string path, name;
  uint64_t bytes = 0;
  std::string kind;      // "data" | "update" | "" (unreadable header)
  std::string from;      // sending device's name (central) or id
  int64_t seq = 0;
  bool imported = false; // its bundle id is already in this workspace's log
  std::string problem;   // why the header is unreadable
};

// One line of a merge report (one bundle).
struct ImportLine {
  std::string path, name;
  bool ok = false;
  bool already = false;    // imported before: nothing changed
  std::string kind, from;  // "data"/"update", sending device
  int64_t seq = 0;
  storage::MergeStats stats;
  std::vector<std::string> notes;  // sequence gaps, missing earlier edits
  std::string error;               // why it was refused (nothing changed)
};

struct BundleLogItem { std::string at, device, summary; int64_t seq = 0; };

struct SyncView {
  bool central = false;
  std::string device_name;
  std::string fingerprint;       // the central's signing key, "ab12 cd34 ..." ("" until the first enrollment)
  std::string folder;            // last folder listed
  std::vector<BundleFileItem> files;
  std::vector<ImportLine> report;  // the last import run, in order
  bool report_cancelled = false;   // stopped between bundles; the rest were not read
  std::vector<BundleLogItem> exports, imports;  // most recent first, at most 10 each
  std::vector<std::pair<std::string, std::string>> devices;  // (id, name) of active devices (update bundles)
  int open_conflicts = 0;
  // Field: what the coordinator's receipts say and what was deleted (docs/security.md PR-3),
  // in plain words, e.g. "2 interviews received by the coordinator; deleted from this laptop on 2026-12-02."
  std::vector<std::string> receipt_lines;
  std::string message, error;
};

struct DeviceItem {
  std::string device_id, name, status, enrolled_at, revoked_at, fingerprint;
  int64_t last_seq = 0;
};

// Shown once after an enrollment; the code is wiped on dismissal and on lock.
struct EnrollmentShown {
  std::string device_id, device_name, kit_path, code, fingerprint;
  bool shown() const { return !device_id.empty(); }
};

struct DevicesView {
  std::vector<DeviceItem> devices;
  EnrollmentShown enrolled;
  std::string message, error;
};

// One side of a conflict: a concurrent value and who wrote it.
struct ConflictSide {
  std::string version_id, display, author, device, when;
  core::Value value;
};

struct ConflictItem {
  std::string kind, subject, field;  // as in storage::ConflictInfo
  std::string title;                 // "Form title: question label"
  std::string interview_created, interviewer;
  std::vector<ConflictSide> sides;
};

struct ConflictsView {
  std::vector<ConflictItem> items;
  std::string message, error;
};

// A file name for a new bundle in `folder`: "<label>-YYYYMMDD-HHMMSS.cvbundle", made
// unique with -2, -3, ... Characters outside [A-Za-z0-9_-] in the label become '-'.
std::string NewBundlePath(const std::string& folder, const std::string& label, int64_t now_ms);

}  // namespace canvass::app
