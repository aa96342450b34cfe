// MergeSession: applies incoming content (forms, areas, interview headers, versions)
// one record at a time inside ONE transaction, so a bundle of any size merges in
// bounded memory and wholly or not at all. Commit() writes the bundle log and audit
// entry; destroying an uncommitted session rolls everything back.
//
// Union semantics (MERGE.md): inserting a version that is already present is a no-op,
// and heads are "versions no other version names as parent", so any order of any set
// of records gives the same state.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>

#include "core/status.h"
#include "storage/types.h"

namespace canvass::storage {

class Workspace;

class MergeSession {
 public:
  ~MergeSession();
  MergeSession(const MergeSession&) = delete;
  MergeSession& operator=(const MergeSession&) = delete;

  core::Status AddForm(const std::string& json);
  // Areas from the central replace the stored ones (the central is the source of areas).
  core::Status AddArea(const Area& area);
  core::Status AddInterview(const InterviewHeader& header);
  // `sender_device`: when not empty, a version authored by another device is accepted
  // only if this workspace already has it (a device cannot forge others' versions).
  // `id_verified`: the caller already checked that v.id is the hash of v's content.
  // `value_json`: v.value.ToJson() when the caller has it already (else it is computed).
  core::Status AddVersion(const Version& v, const std::string& sender_device, bool id_verified = false,
                          const std::string* value_json = nullptr);

  const MergeStats& stats() const { return stats_; }
  core::Result<MergeStats> Commit(const BundleLogEntry* log, const std::string& audit_action);

 private:
  friend class Workspace;
  struct Impl;
  explicit MergeSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  MergeStats stats_;
};

}  // namespace canvass::storage
