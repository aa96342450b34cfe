// IndicatorStore: the assessment's data in a Workspace — imported indicator values with
// their source files (hash, vintage), the snapshot the scoring reads (indicators, areas,
// facts of final interviews), assessment runs, and project settings.
//
// An IndicatorStore borrows a Workspace, which must outlive it; use it on the Workspace's
// thread. Every write is one transaction with an audit entry (file names and counts, never
// answer content): a failed import changes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/observation.h"
#include "assessment/snapshot.h"
#include "core/status.h"

namespace canvass::storage {

class Workspace;

struct IndicatorImportStats {
  int64_t added = 0, replaced = 0, unchanged = 0;
  bool source_known = false;   // the same file (hash) was imported before
  int64_t duplicates = 0;      // streaming import: rows that repeated an earlier row's key, combined
};

// What a streaming import does with rows of one file that repeat the same indicator, area and
// period (canvass-cli indicators import --on-duplicate): refuse the file (the default: the
// count and the first examples in the error, nothing stored), keep the last row, or store the
// sum or the mean of the rows' values.
enum class DuplicatePolicy { kRefuse, kLast, kSum, kMean };
const char* DuplicatePolicyName(DuplicatePolicy p);
bool ParseDuplicatePolicy(const std::string& name, DuplicatePolicy* out);

class IndicatorStore;

// One import written as it is read (IndicatorStore::BeginImport): Add any number of batches,
// then Finish, which commits. Until Finish succeeds nothing is visible, and a writer destroyed
// unfinished (or a failed Finish) leaves the workspace as it was. Blocks are written into the
// workspace as batches fill them; what the writer keeps in memory is one block of rows, the
// groups (indicator, level, period), and only for files not sorted by area within each group
// a 24-byte slot per distinct key (a 128-bit digest); rows combined by a policy wait per repeated key.
class IndicatorImportWriter {
 public:
  ~IndicatorImportWriter();
  IndicatorImportWriter(const IndicatorImportWriter&) = delete;
  IndicatorImportWriter& operator=(const IndicatorImportWriter&) = delete;
  // Takes the batch's observations (the vector is left empty).
  core::Status Add(std::vector<assessment::Observation>* batch);
  // meta: the import's source, notes and skipped rows (its observations are not read).
  core::Result<IndicatorImportStats> Finish(const assessment::ImportResult& meta);
  int64_t rows() const;        // observations added so far, repeated rows included
  int64_t duplicates() const;  // rows that repeated an earlier row's key

  struct State;

 private:
  friend class IndicatorStore;
  explicit IndicatorImportWriter(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

struct IndicatorSummary {
  std::string indicator_id, unit, source_kind, periods;  // periods "2016..2021" or one
  int64_t values = 0, missing = 0, areas = 0;
};

struct AssessmentRunRow {
  std::string run_id, created_at, label, profile_name, summary;
  std::string run_json;        // empty in ListRuns()
};

// One release of assessment outputs in the publication ledger (docs/assessment.md,
// "Disclosure control"): what it counted and what it showed.
// (Its sets are passed beside it, by reference: at 100,000 records a copy costs tens of ms.)
struct ReleaseRow {
  std::string release_id, created_at, what;  // "run-0003", ISO time, "report, scores CSV"
};

// A release as listed: how many records it counted and how many counts it showed.
struct ReleaseSummary {
  std::string release_id, created_at, what;
  int64_t records = 0, shown = 0;
};

// One distinct set of counted records, named by the latest release that counted it.
struct ReleasedRecords {
  std::string release_id, created_at;
  std::map<std::string, std::string> records;
};

class IndicatorStore {
 public:
  explicit IndicatorStore(Workspace* ws) : ws_(ws) {}
  Workspace* workspace() const { return ws_; }

  // Stores every observation of an import (same indicator+area+period: replaced) and its
  // source row, in one transaction.
  core::Result<IndicatorImportStats> Import(const assessment::ImportResult& r);
  // A streaming import (one transaction from here to Finish); see IndicatorImportWriter.
  core::Result<std::unique_ptr<IndicatorImportWriter>> BeginImport(DuplicatePolicy policy);
  core::Result<std::vector<assessment::SourceInfo>> ListSources();
  core::Result<std::vector<IndicatorSummary>> ListIndicators();
  core::Result<std::vector<assessment::Observation>> LoadObservations();
  // Everything the scoring reads: areas, indicators, sources, and the facts of final
  // interviews (stakeholder protocols and data sheets). Drafts and conflicted cells are left
  // out; *skipped counts interviews left out for a conflict.
  core::Result<assessment::AssessmentInput> LoadSnapshot(int* skipped_conflicts);
  // Every current answer of every final, conflict-free interview, ordered by interview id
  // (random UUIDs: the order carries no time). For the de-identified dataset export.
  struct FinalInterview {
    std::string form_id, role, language;
    int form_version = 0;
    std::map<std::string, core::Value> answers;
  };
  core::Result<std::vector<FinalInterview>> LoadFinalInterviews();

  // Assessment runs: "run-0001", "run-0002", ... in creation order.
  core::Result<std::string> NextRunId();
  core::Status SaveRun(const AssessmentRunRow& run);
  core::Result<std::vector<AssessmentRunRow>> ListRuns();
  core::Result<AssessmentRunRow> GetRun(const std::string& run_id);

  // The publication ledger (storage/src/release_ledger.h): the releases, oldest first; each
  // distinct set of records counted and of counts shown, once however many releases share
  // it (re-running on unchanged data adds no set); a new entry (one transaction, audited).
  core::Result<std::vector<ReleaseSummary>> ListReleases();
  core::Result<std::vector<ReleasedRecords>> ReleasedRecordSets();
  // The same sets read as they go, nothing kept (the release gate compares each with today's
  // records through assessment::ChangedRecords): `each` gets the release's id and date and a
  // cursor over the set's (record id, fingerprint) pairs in ascending order of id, false at
  // the end. Corruption when a set is malformed or its ids do not ascend.
  using RecordPairs = std::function<bool(std::string_view* id, std::string_view* print)>;
  core::Status ForEachReleasedRecordSet(
      const std::function<void(const std::string& release_id, const std::string& created_at, const RecordPairs& next)>& each);
  core::Result<std::vector<std::map<std::string, double>>> ReleasedShownSets();
  // records: final record id -> digest of its facts; shown: every count it showed, by key.
  core::Status RecordRelease(const ReleaseRow& release, const std::map<std::string, std::string>& records,
                             const std::map<std::string, double>& shown);

  // Project settings kept in the workspace (meta "setting.<key>"): suppression_threshold.
  core::Result<int> SuppressionThreshold();   // default 11
  core::Status SetSetting(const std::string& key, const std::string& value);
  core::Result<std::string> GetSetting(const std::string& key);  // "" when unset

 private:
  // LoadObservations and ListSources from one read of the stored blocks.
  core::Status LoadValuesAndSources(std::vector<assessment::Observation>* obs, std::vector<assessment::SourceInfo>* sources);
  friend class IndicatorImportWriter;
  // The source row and the audit entry of an import, inside its transaction.
  core::Result<IndicatorImportStats> FinishImportLocked(IndicatorImportWriter::State& s, const assessment::ImportResult& meta);
  core::Status RecordSourceLocked(const assessment::ImportResult& meta, const std::string& periods,
                                  const IndicatorImportStats& st);
  Workspace* ws_;
};

// Settings canvass-cli accepts, with their defaults.
inline constexpr int kDefaultSuppressionThreshold = 11;

}  // namespace canvass::storage
