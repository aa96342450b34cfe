// Workspace: one encrypted SQLCipher file (*.canvass) holding a project's forms,
// areas, interviews (as content-addressed versions), codebook, indicators, device
// registry, bundle log and hash-chained audit log.
//
// Ownership and threads: a Workspace owns its connection; use it from one thread at a
// time (the GUI runs long work on a worker that owns the Workspace meanwhile). Every
// write runs in one transaction: it happens wholly or not at all.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/value.h"
#include "forms/form.h"
#include "forms/validation.h"
#include "storage/merge_session.h"
#include "storage/types.h"

namespace canvass::core { class Hasher; }

namespace canvass::storage {

class Db;

// Map boundaries stored in a workspace (Workspace::SetBoundaries).
struct StoredBoundaries { std::string geojson, name; };
inline constexpr size_t kMaxBoundariesBytes = 64u << 20;
// Checks boundaries GeoJSON: at most kMaxBoundariesBytes, a FeatureCollection whose every
// feature has an area id (id, properties.GEO_ID or GEOID) and a Polygon or MultiPolygon
// with rings of >= 4 [lon, lat] positions in range. Returns the feature count, or one line
// naming `source` and the feature.
core::Result<int> ValidateBoundaries(std::string_view text, const std::string& source);

// One interview named in the coordinator's receipt: the central holds it as final, and
// `digest` is InterviewDigest() of its answer and status versions there (docs/formats.md).
struct ReceiptItem { std::string uuid, digest; };
// What Workspace::Purge found and did (counts and interview ids only, never content).
struct PurgeReport {
  int64_t receipted = 0;    // interviews named by a receipt and still here
  int64_t purged = 0;       // deleted now (or, with dry_run, that would be)
  int64_t waiting = 0;      // covered by a receipt, deleted once their days have passed
  int64_t not_covered = 0;  // receipted, but edited here since (or not final here): kept
  int64_t next_due_ms = 0;  // when the next waiting interview becomes due (0: none)
  int purge_after_days = 0;
  int64_t purged_before = 0;       // tombstones: interviews deleted by earlier purges
  std::string last_purged_at;      // ISO time of the latest of those ("" if none)
  std::vector<std::string> uuids;  // the purged (or due) interviews
  core::Value ToValue() const;
};
inline constexpr int kDefaultPurgeAfterDays = 7;
inline constexpr int kMaxPurgeAfterDays = 365;

struct OpenOptions {
  core::Clock* clock = nullptr;  // null = system clock
};

class Workspace {
 public:
  // Creates a new workspace file (refuses an existing path) with the built-in protocols.
  static core::Result<std::unique_ptr<Workspace>> Create(const std::string& path,
                                                         std::string_view passphrase, Role role,
                                                         const std::string& name,
                                                         const OpenOptions& opts = {});
  // Opens an existing workspace. WrongKey: "wrong passphrase or not a Canvass file".
  static core::Result<std::unique_ptr<Workspace>> Open(const std::string& path,
                                                       std::string_view passphrase,
                                                       const OpenOptions& opts = {});
  // Re-keys in place, crash-safely; verified by reopening (see keyed_open.h).
  static core::Status ChangePassphrase(const std::string& path, std::string_view old_pass,
                                       std::string_view new_pass);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const WorkspaceInfo& info() const { return info_; }
  const std::string& path() const { return path_; }
  // Runs `body` as one transaction: its writes through this Workspace (each of which is its
  // own transaction otherwise) nest inside it, and are committed only if `body` returns Ok
  // and rolled back otherwise. Returns body's failure, or the commit's.
  core::Status InTransaction(const std::function<core::Status()>& body);

  // --- Forms (workspace_forms.cpp) ---
  // Parses and stores a form. Same id+version with the same content: no-op (*added false).
  // Same id+version with other content: error asking for a higher version.
  core::Status AddForm(const std::string& json_text, const std::string& source, bool builtin,
                       FormRow* row, bool* added);
  core::Result<std::vector<FormRow>> ListForms();
  // version 0 = the latest version.
  core::Result<forms::Form> GetForm(const std::string& form_id, int version = 0);
  core::Result<std::string> GetFormJson(const std::string& form_id, int version);

  // --- Areas (workspace_forms.cpp) ---
  core::Result<AreaImportStats> ImportAreas(const std::vector<Area>& areas);
  core::Result<std::vector<Area>> ListAreas();
  core::Result<bool> AreaExists(const std::string& area_id);

  // --- Interviews (workspace_interviews.cpp) ---
  // Validates (draft or final rules) and stores a new interview; returns its UUID.
  core::Result<std::string> AddInterview(const NewInterview& in);
  // Sets one answer (null clears it) as a new version; validated like the GUI does.
  core::Status SetAnswer(const std::string& uuid, const std::string& question_id,
                         const core::Value& value, const std::string& author);
  // Clears answers that are no longer relevant (kept in history), checks the final
  // rules and marks the interview final. Errors list every problem.
  core::Status Finalize(const std::string& uuid, const std::string& author);
  core::Status Reopen(const std::string& uuid, const std::string& author, const std::string& reason);
  core::Result<std::vector<InterviewSummary>> ListInterviews();
  core::Result<InterviewDetail> GetInterview(const std::string& uuid);

  // --- Versions and merge (workspace_versions.cpp) ---
  // All content versions, interview headers, forms and areas added after local
  // sequence `after` (0 = everything), for a bundle.
  core::Result<ChangeSet> CollectChanges(int64_t after, int64_t* high_water);
  // Merges a change set in one transaction together with a bundle-log row and an
  // audit entry. Idempotent, order-independent: see MERGE.md.
  core::Result<MergeStats> Merge(const ChangeSet& changes, const BundleLogEntry* log);
  // Starts a streaming merge (one transaction until Commit). One session at a time. Its
  // memory is bounded: it keeps shortcuts for the `tracked_interviews` interviews touched
  // last and asks the database about the others (tests pass 1 to force that path).
  static constexpr size_t kMergeTrackedInterviews = 1024;
  core::Result<std::unique_ptr<MergeSession>> BeginMerge(size_t tracked_interviews = kMergeTrackedInterviews);
  // Streams content for an export: forms and interview headers needed by the versions
  // added after local sequence `after`, then those versions, in that order.
  struct ExportSink {
    std::function<core::Status(const std::string& form_json)> form;
    std::function<core::Status(const Area&)> area;
    std::function<core::Status(const InterviewHeader&)> interview;
    std::function<core::Status(const Version&)> version;
  };
  struct ExportScope {
    bool all_forms = false;   // every form (central -> field updates), else those the interviews use
    bool areas = false;       // every area
    bool versions = true;     // interview headers and versions after `after`
    bool settings = false;    // without `versions`: the project settings' versions (kind "setting"),
                              // so that the coordinator's coding rules reach every laptop
  };
  core::Status ExportChanges(int64_t after, const ExportScope& scope, const ExportSink& sink, int64_t* high_water);
  // What ExportChanges(after, {}) would carry, counted without reading any content: versions,
  // interviews, and of those interviews the ones with a version at or below local sequence
  // `sent_up_to` (already in an earlier bundle: sent again).
  struct PendingChanges { int64_t versions = 0, interviews = 0, resent_interviews = 0; };
  core::Result<PendingChanges> CountChanges(int64_t after, int64_t sent_up_to);
  core::Result<bool> HasVersion(const std::string& version_id);
  // A field workspace takes the project and device identity from its enrollment kit.
  core::Status AdoptIdentity(const std::string& project_id, const std::string& project_name,
                             const std::string& device_id, const std::string& device_name);
  // Cells with more than one head.
  core::Result<std::vector<ConflictInfo>> ListConflicts();
  // Resolves a conflicted cell with a chosen value (a version whose parents are all heads).
  core::Status ResolveConflict(const std::string& kind, const std::string& subject,
                               const std::string& field, const core::Value& value,
                               const std::string& author, const std::string& reason);

  // --- Integrity (workspace.cpp) ---
  // Canonical digest of the logical content: forms, areas, interview headers, version
  // ids, codebook and indicators. Independent of row ids and insertion order.
  core::Result<std::string> Digest();
  core::Result<CheckReport> Check();
  // Recomputes the assessment's facts cache (derived from the interviews; storage/src/fact_cache.h)
  // for every interview: the remedy when Check() reports that it disagrees.
  core::Status RebuildFactCache();

  // --- Meta, devices, audit (workspace_meta.cpp) ---
  core::Status AppendAudit(const std::string& action, const std::string& detail);
  core::Result<std::vector<AuditEntry>> ListAudit();
  // Records a refused bundle file by its SHA-256 ("" if unreadable) and one-line reason (no
  // path): the first time for that pair, one audit entry `action` with `detail`; after that,
  // only the pair's count and last time rise, so a file refused again and again cannot grow
  // the audit log. Returns the pair's count.
  core::Result<int64_t> RecordRefusal(const std::string& sha256, const std::string& reason,
                                      const std::string& action, const std::string& detail);
  core::Result<std::vector<BundleRefusal>> ListRefusals();  // most recent first
  core::Result<std::string> GetMeta(const std::string& key);
  core::Status SetMeta(const std::string& key, const std::string& value);
  core::Result<std::vector<DeviceRow>> ListDevices();
  core::Status PutDevice(const DeviceRow& d);
  core::Result<std::optional<DeviceRow>> GetDevice(const std::string& device_id);
  core::Result<bool> BundleSeen(const std::string& bundle_id);
  core::Status LogBundle(const BundleLogEntry& e);
  // Bundle log rows of one direction ("in"/"out") and device ("" = any), by seq.
  core::Result<std::vector<BundleLogEntry>> ListBundleLog(const std::string& direction, const std::string& device_id);

  // --- Receipts and purge of field laptops (workspace_purge.cpp; docs/security.md PR-3) ---
  // Central: the interviews created on `device_id` that are final here, with their digests.
  core::Result<std::vector<ReceiptItem>> ReceiptItems(const std::string& device_id);
  // Field: records a verified receipt. Runs inside the caller's transaction (an update
  // import's merge session): an item keeps its first receipt time while its digest is the same.
  core::Status RecordReceipt(const std::string& receipt_id, const std::vector<ReceiptItem>& items, int purge_after_days);
  // Field: deletes every interview whose receipt is at least its purge_after_days old, that
  // is final here and unchanged since the receipt (digest equal): header, versions, heads,
  // codings of its answers, cached facts; keeps a tombstone; then VACUUM and a WAL truncate.
  // Cheap when nothing is due. A central workspace refuses (InvalidArgument).
  core::Result<PurgeReport> Purge(bool dry_run);
  // Central: the project's purge delay in days (0..kMaxPurgeAfterDays), sent with receipts.
  core::Result<int> PurgeAfterDays();
  core::Status SetPurgeAfterDays(const std::string& days);
  // Digest of one interview's answer and status version ids (sorted), as receipts carry it.
  core::Result<std::string> InterviewDigest(const std::string& uuid);

  // --- Map boundaries (workspace_boundaries.cpp) ---
  // Stores area polygons (GeoJSON) after ValidateBoundaries; a refused file changes nothing.
  // `name` says where they come from (cited in reports). *features = features stored.
  core::Status SetBoundaries(const std::string& geojson, const std::string& name, int* features);
  core::Result<StoredBoundaries> GetBoundaries();  // NotFound when none were stored
  // The scoring profile assessments use (JSON, assessment/scoring_profile.h), validated first;
  // "" clears it (back to the default). GetScoringProfile: "" when none is stored.
  core::Status SetScoringProfile(const std::string& json);
  core::Result<std::string> GetScoringProfile();

  core::Clock* clock() { return clock_; }
  // Next HLC timestamp of this device (persisted with the next write).
  std::string NextHlc();

 private:
  Workspace(std::string path, std::unique_ptr<Db> db, core::Clock* clock);
  core::Status LoadInfo();
  core::Status InitNew(Role role, const std::string& name);
  core::Status AppendAuditLocked(const std::string& action, const std::string& detail);
  core::Status StoreFormLocked(const std::string& canonical, const std::string& hash, bool builtin,
                               FormRow* row, bool* added);
  core::Status InsertVersion(const Version& v, bool* inserted);
  core::Status PersistHlc();
  core::Status DigestIndicators(core::Hasher* h);
  core::Result<std::vector<Version>> CellHeads(const std::string& kind, const std::string& subject,
                                               const std::string& field);
  core::Result<forms::Answers> CurrentAnswers(const std::string& uuid, bool* conflicts);
  forms::ValidationOptions ValidationFor(forms::ValidationMode mode);
  core::Status WriteInterviewVersions(const InterviewHeader& h, const forms::Answers& answers,
                                      const std::string& status);

  friend class MergeSession;
  friend class CodingStore;     // storage/src/coding_store.cpp (theme coding)
  friend class IndicatorStore;  // storage/src/indicator_store.cpp (assessment)
  std::string path_;
  std::unique_ptr<Db> db_;
  core::Clock* clock_;
  core::Hlc hlc_;
  WorkspaceInfo info_;
};

// Version ids: BLAKE2b-256 (hex) of the canonical JSON of every field but the id.
std::string ComputeVersionId(const Version& v);
// The same when v.value.ToJson() is at hand already (`value_json`, canonical).
std::string ComputeVersionId(const Version& v, std::string_view value_json);

}  // namespace canvass::storage
