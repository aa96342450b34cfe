// What one task force pushes to the statewide database: area-level aggregates of its
// central file's latest assessment run, and nothing else — per area: rank, interval, index,
// coverage; exact counts (stakeholders voicing concern, the task-force figures) and theme
// counts, each with whether the task force's own report showed it; the indicator values with
// source, vintage and status; the task force's caseload totals. Never an interview, its
// text, a name, a device id or a file path (docs/rollup.md, "What is pushed").
//
// Plain values; BuildAggregates is pure over the run JSON and the workspace snapshot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/snapshot.h"
#include "core/status.h"
#include "core/value.h"

namespace canvass::rollup {

struct AreaScoreRow {
  std::string area_id, area_name;
  int rank = 0, rank_low = 0, rank_high = 0;  // 0 = not ranked
  std::optional<double> composite, risk_percentile;
  double coverage = 0;
  bool taskforce_covered = false;
};

// An exact count. area_id "" = the task force as a whole (caseload totals).
// measure: concern | tips | served | identified | prosecutions.
struct CountRow {
  std::string area_id, measure;
  double value = 0;
  bool shown = false;  // the task force's own report showed this value (else withheld there)
};

struct ThemeRow {
  std::string area_id, theme;  // "place: truck_stops", "code: Labour/Agriculture"
  double value = 0;
  bool shown = false;
};

struct IndicatorRow {
  std::string area_id, indicator_id, period, unit, status, source_kind, source_sha256;
  std::optional<double> value, moe;
};

struct Aggregates {
  std::string task_force;       // as registered on the server (PushOptions / the role's)
  std::string period;           // what the push stands for ("2026"); a newer run supersedes within it
  std::string run_id, run_created_at, profile_name, level;
  std::string signing_key;      // the central file's public Ed25519 key, hex
  int threshold = 11;
  std::vector<AreaScoreRow> areas;
  std::vector<CountRow> counts;
  std::vector<ThemeRow> themes;
  std::vector<IndicatorRow> indicators;
  // BLAKE2b-256 (hex) of every row above in a fixed order: the same run pushed twice has the
  // same digest, so a repeat is recognised; a different digest under the same run id is refused.
  std::string Digest() const;
  size_t rows() const { return areas.size() + counts.size() + themes.size() + indicators.size(); }
};

// From the run JSON (assessment::RunJson of the latest saved run) and the snapshot that run
// read (the caller checks it is unchanged: app::LoadRollupAggregates). The exact counts are
// recounted from the snapshot and must agree with every value the run showed; a disagreement
// is an error (the file changed since the run). `period` "" = the year of the run's date.
core::Result<Aggregates> BuildAggregates(const core::Value& run, const assessment::AssessmentInput& in,
                                         const std::string& signing_key_hex, const std::string& period);

}  // namespace canvass::rollup
