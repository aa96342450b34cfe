// Plain value types that cross the storage API: rows, versions, change sets, reports.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assessment/area.h"
#include "core/value.h"
#include "forms/validation.h"

namespace canvass::storage {

enum class Role { kCentral, kField };
const char* RoleName(Role r);  // "central" / "field"
bool RoleFromName(const std::string& s, Role* out);

struct WorkspaceInfo {
  Role role = Role::kField;
  std::string name;         // project / task force name
  std::string project_id;   // UUID shared by the central and its enrolled devices
  std::string device_id;    // this workspace's own device UUID
  std::string device_name;
  std::string created_at;
  int schema_version = 0;
};

struct FormRow {
  std::string form_id;
  int version = 0;
  std::string content_hash;
  std::string title;        // in the form's first language
  std::string kind;
  bool builtin = false;
  int question_count = 0;
};

using Area = assessment::Area;

struct AreaImportStats {
  int added = 0, unchanged = 0, updated = 0;
};

// One content-addressed version of an editable cell (MERGE.md).
struct Version {
  std::string id;
  std::string kind;       // answer | status | coding | memo
  std::string subject;    // interview UUID (answer, status), coding id, memo target
  std::string field;      // question id for answers, "" otherwise
  core::Value value;      // null = cleared / deleted (a tombstone)
  std::string hlc;        // 16 hex digits, display order only
  std::string device_id;
  std::string author;
  std::string note;       // e.g. the reason of a conflict resolution
  std::vector<std::string> parents;  // sorted ids of the versions this one replaces
  core::Value ToValue() const;
  static bool FromValue(const core::Value& v, Version* out, std::string* error);
};

struct InterviewHeader {
  std::string uuid, form_id;
  int form_version = 0;
  std::string device_id, interviewer, respondent_role, language, created_hlc;
  core::Value ToValue() const;
  static bool FromValue(const core::Value& v, InterviewHeader* out, std::string* error);
};

struct NewInterview {
  std::string form_id;
  int form_version = 0;        // 0 = latest
  std::string interviewer;
  std::string respondent_role; // "" = the form's default role
  std::string language;        // "" = the form's first language
  forms::Answers answers;
  bool final = false;
};

struct InterviewSummary {
  InterviewHeader header;
  std::string status;          // draft | final
  bool has_conflicts = false;
  int answered = 0;
  std::string updated_hlc;
  std::vector<std::string> areas;  // area ids named in area/areas answers
};

struct CellState {
  std::vector<Version> heads;  // one = the value; several with different values = a conflict
  // The same value written apart on two devices is agreement, not a conflict (heads[0] is it).
  bool conflict() const {
    for (const auto& h : heads)
      if (h.value != heads[0].value) return true;
    return false;
  }
};

struct InterviewDetail {
  InterviewHeader header;
  std::string status;
  std::map<std::string, CellState> answers;  // question id -> current state
  std::vector<Version> history;              // every version of this interview, by HLC
};

struct ConflictInfo {
  std::string kind, subject, field;
  std::vector<Version> heads;
};

// What travels in a bundle: content only, never local records.
struct ChangeSet {
  std::vector<std::string> form_jsons;   // canonical form documents
  std::vector<Area> areas;
  std::vector<InterviewHeader> interviews;
  std::vector<Version> versions;
};

struct MergeStats {
  int64_t new_interviews = 0, known_interviews = 0;
  int64_t new_versions = 0, known_versions = 0;
  int64_t updated_answers = 0;      // cells whose value changed
  int64_t new_conflicts = 0;        // cells that became conflicted
  int64_t missing_parents = 0;      // versions naming parents not (yet) present
  int64_t new_forms = 0, new_areas = 0;
  core::Value ToValue() const;
};

struct BundleLogEntry {
  std::string bundle_id, direction, device_id;
  int64_t seq = 0;
  std::string sha256, at, summary;
};

struct DeviceRow {
  std::string device_id, name;
  std::string sign_pk;     // raw Ed25519 public key bytes
  std::string status;      // self | active | revoked
  std::string enrolled_at, revoked_at;
  int64_t max_seq = 0;
};

struct AuditEntry {
  int64_t seq = 0;
  std::string at, actor, action, detail, prev_hash, hash;
};

// A refused bundle file, recorded once per (file hash, reason) (Workspace::RecordRefusal).
struct BundleRefusal {
  std::string sha256;  // of the whole file; "" when it could not be read
  std::string reason;  // one line, without the file's path
  int64_t count = 0;
  std::string first_at, last_at;
};

struct CheckReport {
  bool ok = true;
  std::vector<std::string> problems;
  std::vector<std::string> warnings;
  std::string cipher_version, sqlite_version, kdf_profile, journal_mode;
  bool test_only_key = false;  // made with CANVASS_KDF_PROFILE=test-fast: test only — not protected
  int schema_version = 0;
  int64_t forms = 0, areas = 0, interviews = 0, versions = 0, audit_entries = 0, conflicts = 0;
  core::Value ToValue() const;
};

}  // namespace canvass::storage
