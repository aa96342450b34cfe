// View-model and commands of the Assessment screen: the ranked table, the map's scores and
// boundaries, the selected area's detail, the scoring profile being edited, past runs and a
// comparison with one of them. Plain data built by the Controller (controller_assessment.cpp);
// no ImGui. Everything here comes from an AssessmentResult, de-identified by construction
// (assessment/scoring.h): withheld counts arrive as the text "withheld".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "assessment/scoring.h"
#include "assessment/scoring_profile.h"
#include "coding/codebook.h"
#include "core/status.h"
#include "storage/workspace.h"

namespace canvass::app {

struct AssessRow {
  std::string area_id, name;
  int rank = 0, rank_lo = 0, rank_hi = 0;   // 0 = not ranked (no data)
  std::optional<double> score;              // composite 0-100
  std::string drivers;                      // factor labels, strongest first
  std::string interview, taskforce;         // concern and tips as published ("withheld", "n/a")
  bool gap = false;
};

struct IndicatorLine { std::string id, value, rate, percentile, source, period, status; };

struct FactorDetail {
  std::string id, label, kind, rationale;
  double weight = 0, contribution = 0;
  std::optional<double> score;
  int measures_used = 0;
  std::vector<IndicatorLine> indicators;    // the factor's measures (missing ones: status "not available")
};

struct AreaDetail {
  std::string area_id, name, uncertainty;   // "rank 3 of 254; 90% interval 2-6 (200 draws)"
  std::optional<double> score;
  double coverage = 0;                      // share of the profile's weight with data
  std::vector<FactorDetail> factors;
  std::vector<std::pair<std::string, std::string>> signals;  // "Stakeholders voicing concern", "withheld"
  std::vector<std::pair<std::string, std::string>> themes;   // coded theme, interviews (suppressed)
  std::vector<std::string> gap;             // gap-analysis reasons; empty = not a gap area
};

// One indicator a factor can measure: stored in the workspace (storage::IndicatorStore::
// ListIndicators) or computed by every run from final interviews and data sheets (`derived`).
struct MeasurableItem {
  std::string id, unit, source_kind, periods;
  int64_t areas = 0;                        // areas with a value (0 for derived: every area)
  bool derived = false;
};

// A task-force caseload table as published (assessment::Breakdown): labels and shown texts.
struct CaseloadTableView {
  std::string title;
  std::vector<std::pair<std::string, std::string>> rows;  // row label, "12" or "withheld"
  std::string total;
  bool rows_withheld = false;                             // the total is withheld: rows not shown
};

// One consideration of the guidance and what answers it (assessment::GuidanceLine).
struct GuidanceItem {
  std::string group, question, answered_by, status, how_to_add, where;
  bool has_data = false;
};

struct RunItem { std::string run_id, created_at, label, profile_name, summary; };
struct MoveRow { std::string area_id, name, why; int before = 0, after = 0; };

struct AssessmentView {
  bool has_result = false;
  std::string run_id, created_at, summary;
  int threshold = 0, perturbations = 0, ranked = 0;
  std::vector<AssessRow> rows;                    // by rank, unranked last
  std::map<std::string, double> scores;           // area id -> composite (the map)
  std::map<std::string, std::string> names;       // area id -> name (map hover)
  std::string selected;                           // area id; "" = none
  AreaDetail detail;
  std::vector<std::string> notes;
  // The task force's own numbers (canvass-cli caseload), protected like the report.
  std::vector<std::pair<std::string, std::string>> caseload_totals;
  std::vector<CaseloadTableView> caseload;
  std::vector<std::string> caseload_notes;
  std::vector<GuidanceItem> guidance;             // every consideration of the guidance
  std::vector<std::pair<std::string, int>> spillover;  // areas next to high-risk ones: name, how many
  assessment::ScoringProfile profile;             // what the next run uses
  bool profile_custom = false;                    // stored in the workspace (not the default)
  uint64_t profile_version = 0;                   // bumps when `profile` changes: the editor re-syncs
  std::vector<MeasurableItem> measurable;         // by id: what the profile editor offers (loaded on
                                                  // entering the screen, not per frame)
  std::vector<std::string> theme_codes;           // the codebook's code paths, tree order
  bool indicators_listed = false;                 // ListIndicators succeeded: an id missing is "not loaded"
  std::string measurable_error;                   // why the lists are empty, if they could not be read
  std::shared_ptr<const std::string> boundaries;  // GeoJSON text; null = none
  std::string boundaries_name;
  bool central = false;  // a central file: only it pushes to the statewide database
  uint64_t boundaries_version = 0;                // bumps on load: the map re-triangulates once
  std::vector<RunItem> runs;                      // newest first
  std::string compare_run;
  std::vector<std::string> compare_lines;         // assessment::CompareRuns
  std::vector<MoveRow> moves;                     // every area whose rank changed, largest first
  std::string message, error;
};

namespace cmd {
struct AssessRun { std::string label; };
struct AssessSelect { std::string area_id; };
struct AssessSetProfile { assessment::ScoringProfile profile; };  // validated, kept in the workspace
struct AssessResetProfile {};                                        // back to the built-in default
// Save as / load a profile JSON file. Saving writes `profile` when set (the editor's copy,
// unsaved edits included), else the workspace's saved profile.
struct AssessProfileFile { std::string path; bool save = true; std::optional<assessment::ScoringProfile> profile = std::nullopt; };
struct AssessLoadBoundaries { std::string path; };
struct AssessCompare { std::string run_id; };
struct AssessExport { std::string path; bool csv = false; bool geojson = false; };  // HTML report, scores CSV or GeoJSON map
// RESTRICTED interview microdata as Stata (.dta) or SPSS (.sav) files into `dir`, refused unless
// `confirmed` (the user ticked that they are for a named partner under a data-use agreement).
struct AssessExportMicrodata { std::string dir; bool spss = false; bool confirmed = false; std::string language; };
struct AssessListMeasurable {};                                      // re-read the indicator and code lists
// Push the latest released run's aggregates to the statewide database (docs/rollup.md); gives
// the central file its signing key first if it has none. `address`: a libpq URL or service.
struct AssessRollupPush { std::string address; bool dry_run = false; };
// One alternative of app::Command carries every assessment operation.
struct Assessment {
  std::variant<AssessRun, AssessSelect, AssessSetProfile, AssessResetProfile, AssessProfileFile, AssessLoadBoundaries,
               AssessCompare, AssessExport, AssessExportMicrodata, AssessListMeasurable, AssessRollupPush>
      op;
};
}  // namespace cmd

// Shared with canvass-cli assess (controller_assessment.cpp), so both compute the same thing.
// The profile runs use: the one kept in the workspace, else assessment::DefaultProfile().
core::Result<assessment::ScoringProfile> WorkspaceProfile(storage::Workspace* ws);
// What a run scores: the workspace's snapshot, what earlier releases showed, and the coded
// themes counted under the project's count rule (*notes gets how they were counted).
core::Result<assessment::AssessmentInput> LoadAssessmentInput(storage::Workspace* ws, int* conflicts,
                                                              std::map<std::string, std::string>* fingerprints = nullptr,
                                                              std::vector<std::string>* notes = nullptr);
// Scores the workspace's snapshot and coded themes with `profile` at the workspace's
// suppression threshold (opt's threshold is overwritten), against what the publication ledger
// says earlier releases showed. *conflicts = interviews left out; *fingerprints (when given)
// = the final records counted, for ReleaseGate and RecordRelease. *gate (when given, with
// fingerprints) = ReleaseGate's answer for these records. Both are made on a second thread
// while the scoring (which does not touch the workspace) computes.
core::Result<assessment::AssessmentResult> ScoreWorkspace(storage::Workspace* ws, const assessment::ScoringProfile& profile,
                                                          assessment::AssessOptions opt, int* conflicts,
                                                          std::map<std::string, std::string>* fingerprints = nullptr,
                                                          core::Status* gate = nullptr);
// Before a release of assessment outputs (a report, scores CSV or JSON, a dataset export, a
// caseload table): refused (Conflict, saying what to do) when it differs from an earlier
// release by 1 to threshold-1 final records (docs/assessment.md, "Disclosure control").
core::Status ReleaseGate(storage::Workspace* ws, const std::map<std::string, std::string>& fingerprints, int threshold);
// After it: the release in the publication ledger (its records and every count it showed).
core::Status RecordRelease(storage::Workspace* ws, const std::string& release_id, const std::string& what,
                           const std::map<std::string, std::string>& fingerprints, const assessment::AssessmentResult& r);
// The theme key of every code: its full path (a short id appended when two codes share a path).
std::map<std::string, std::string> ThemeKeys(const coding::Codebook& book);
// Map boundaries: those stored in the workspace, else the demo's Texas counties.
storage::StoredBoundaries WorkspaceBoundaries(storage::Workspace* ws);
// Indicator ids every run computes itself (from final interviews and task-force data sheets),
// which no import stores: a profile may measure them in any workspace.
const std::vector<MeasurableItem>& DerivedIndicators();
// Index in `items` (sorted by id) of the indicator `id`; -1 when the workspace has no such indicator.
int FindMeasurable(const std::vector<MeasurableItem>& items, const std::string& id);
// The run's one-line summary in `assess list`: top three areas and the number of gap areas.
std::string RunSummary(const assessment::AssessmentResult& r);

}  // namespace canvass::app
