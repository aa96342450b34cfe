// Sync by file: enrollment kits (central -> new field laptop), data bundles (field ->
// central), update bundles (central -> field), device revocation. Formats and the
// security model: docs/formats.md and docs/security.md.
//
// Every import verifies before it decrypts, decrypts before it parses, and merges in one
// transaction; a bad file changes nothing but the record of refusals (the audit log gets one
// entry per distinct file and reason; repeats are counted: Workspace::RecordRefusal).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "storage/workspace.h"

namespace canvass::sync {

struct EnrollResult {
  std::string device_id;
  std::string code;         // one-time enrollment code, "ABCD-EFGH-…" (100 bits)
  std::string fingerprint;  // of the central's signing key, to compare on both screens
};
// Registers a new device on the central and writes its kit to `kit_path` (0600) and, when
// `code_path` is given, the one-time code to that file (0600). All or nothing: everything that
// can be checked is checked first (name, both files new, a central workspace), and on any
// later failure no kit, no code file and no device row remain (nor the central's keys, when
// this was the first enrollment).
core::Result<EnrollResult> EnrollDevice(storage::Workspace* central, const std::string& device_name,
                                        const std::string& kit_path, const std::string& code_path = "");

// True when the kit was sealed with the cheap test key derivation (CANVASS_KDF_PROFILE=
// test-fast on the central): "test only — not protected". Reads the plain header only.
core::Result<bool> KitIsTestOnly(const std::string& kit_path);

// Creates a field workspace at `field_path` from a kit and its code.
core::Result<std::unique_ptr<storage::Workspace>> JoinWithKit(const std::string& field_path, std::string_view passphrase,
                                                              const std::string& kit_path, const std::string& code);

struct ExportResult {
  std::string bundle_id;   // hex
  uint64_t seq = 0;
  int64_t interviews = 0, versions = 0, forms = 0, areas = 0;
  uint64_t bytes = 0;
  bool nothing_to_send = false;   // no file was written and no sequence number taken
  int64_t resent_interviews = 0;  // in an earlier bundle too, not yet acknowledged by the central
  core::Value ToValue() const;
};
// Field -> central. `all` = everything, else what the central has not acknowledged (sent
// again until an update acknowledges it). With nothing to send (nothing recorded, or all of it
// acknowledged) it writes no file and takes no sequence number: the result says
// nothing_to_send, unless `allow_empty` asks for an empty bundle all the same.
core::Result<ExportResult> ExportBundle(storage::Workspace* field, const std::string& out_path, bool all,
                                        bool allow_empty = false);
// Central -> one device: forms, areas, the acknowledgement of the bundles received and the
// coordinator's receipt (the device's interviews that are final here; the laptop may purge
// them after the project's purge delay, docs/security.md PR-3);
// with_interviews adds every interview and its history (for reviewers coding on a laptop,
// or an interviewer continuing on interviews started elsewhere).
core::Result<ExportResult> ExportUpdate(storage::Workspace* central, const std::string& device, const std::string& out_path,
                                        bool with_interviews = false);

struct ImportReport {
  std::string path, bundle_id, device_id, device_name, kind;
  uint64_t seq = 0;
  bool already_applied = false;
  storage::MergeStats stats;
  int64_t receipted = 0;           // update: interviews the coordinator's receipt names
  storage::PurgeReport purge;      // update: the purge run after it (Workspace::Purge)
  std::vector<std::string> notes;  // e.g. sequence gaps
  core::Value ToValue() const;
};
// Verifies, decrypts and merges one bundle (data bundles on a central, updates on a field).
// After an update, purges the interviews whose receipt is due (a failed purge is a note).
core::Result<ImportReport> ImportBundle(storage::Workspace* ws, const std::string& path);

// Finds a device by id or by name (central).
core::Result<storage::DeviceRow> FindDevice(storage::Workspace* central, const std::string& id_or_name);
core::Status RevokeDevice(storage::Workspace* central, const std::string& id_or_name);

// Normalises a typed code (case, spaces, dashes); "" if it is not a valid code.
std::string NormalizeCode(const std::string& typed);

}  // namespace canvass::sync
