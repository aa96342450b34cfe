// Scoring: per area, every indicator as a value and (where a denominator exists) a rate per
// 1,000 residents or workers, its percentile among the project's areas; the interview and
// task-force signals; a composite index from a ScoringProfile with the factors that drive
// it and a rank interval from margins of error and weight perturbation; the gap analysis.
//
// Pure over a value snapshot (no database). The result is de-identified by construction:
// counts from the project's own data go through a SuppressionLedger and a suppressed count's
// value is never stored in it (Count::value is empty). Plain structs for CLI and view-models.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assessment/area.h"
#include "assessment/interview_facts.h"
#include "assessment/observation.h"
#include "assessment/scoring_profile.h"
#include "assessment/snapshot.h"
#include "core/status.h"

namespace canvass::assessment {

// SourceInfo, AssessmentInput: assessment/snapshot.h.

struct AssessOptions {
  int suppression_threshold = 11;  // counts 1-10 withheld (SECURITY.md); lower only by a project setting
  uint64_t seed = 20261124;
  int perturbations = -1;    // -1 = the profile's
  int threads = 0;           // 0 = the rank draws may use a second thread; 1 = one thread (same results)
};

// A count as published: `text` is what any output shows ("12", "withheld", "n/a").
struct Count {
  std::optional<double> value;  // empty when suppressed or unknown
  std::string text = "n/a";
  bool suppressed = false;
};

struct IndicatorMeta {
  std::string id, unit, per;   // per: "" | "residents" | "workers"
  std::string source_kind;     // acs, saipe, ..., interviews, taskforce
  bool project_data = false;   // from the project's own interviews/data sheets: suppressed
};

struct IndicatorCell {
  int indicator = -1;          // index into AssessmentResult::indicators
  std::string period, status;
  std::optional<double> value, moe, rate, rate_moe, percentile;
  // A count's rate per 1,000 smoothed toward the rate of all areas (empirical Bayes), for counts
  // from small populations; the percentile is taken on it. Empty when not smoothed.
  std::optional<double> rate_smoothed;
  std::string text;            // value as shown (suppression applied)
  std::string note;            // why it has no rate or percentile ("no worker counts: import ...")
  int source = -1;             // index into AssessmentResult::sources, -1 = derived
};

struct FactorScore {
  std::optional<double> score;   // 0-100: mean percentile of the factor's measures
  double contribution = 0;       // points of the composite
  int measures_used = 0;
  int measures_expected = 0;     // the profile's measures of this factor
  std::string why_missing;       // no score, or measures missing: why, and the import that fixes it
};

struct AreaResult {
  std::string id, name;
  int rank = 0, rank_lo = 0, rank_hi = 0;   // 1 = highest; 0 = not ranked (no data)
  std::optional<double> composite, risk_index;
  // Share of the profile's weight with data, each factor counted by the share of its measures
  // scored here; and the measures scored of those the profile expects.
  double coverage = 0;
  int measures_scored = 0, measures_expected = 0;
  std::vector<FactorScore> factors;          // in profile order
  std::vector<int> drivers;                  // factor indices, strongest first
  std::vector<IndicatorCell> indicators;     // every indicator with a value or a status
  Count concern, instability;                // stakeholders naming the area
  std::vector<std::pair<std::string, Count>> concern_by_role, concern_by_form, themes;
  bool taskforce_covered = false;
  Count tips, victims_served, le_identified, prosecutions;
  // Per year (the data sheets' per-year figures): victims served, identified, prosecutions.
  struct YearRow {
    std::string year;
    Count served, identified, prosecutions;
  };
  std::vector<YearRow> taskforce_by_year;
  std::vector<std::string> custom_places;    // names of custom places inside the area
  // Spill-over (known when the county adjacency is imported: --source adjacency): the area's
  // neighbours in the project, how many of them are high-risk (risk index at or above the
  // profile's gap percentile) and which, and the neighbours' mean risk index. Shown, not scored.
  struct Neighbours {
    bool known = false;
    int in_project = 0, with_risk = 0;
    std::optional<double> mean_risk;
    std::vector<std::string> high_risk;  // names, highest risk first
  };
  Neighbours neighbours;
};

// Areas next to high-risk areas that are not high-risk themselves (spill-over watch list),
// most high-risk neighbours first; empty without the adjacency.
struct SpilloverArea {
  std::string area_id, name;
  int high_risk_neighbours = 0;
  std::optional<double> risk_index;
};

struct GapArea {
  std::string area_id, name, reason;
  std::optional<double> risk_index;
  Count concern, tips;
  bool covered = false;
};

struct SilentSource {
  std::string source, reason;
};

// A published table: its rows add up to its total (unless the total is n/a). The rows of a
// table whose total is withheld are not published (rows empty, rows_withheld true).
struct Breakdown {
  std::string title;
  std::vector<std::pair<std::string, Count>> rows;
  Count total;
  std::string id, group, dimension;  // caseload tables: "served_by_sex", "served", "sex"
  bool rows_withheld = false;
};

struct AssessmentResult {
  std::string project_name;
  ScoringProfile profile;
  AssessOptions options;
  int perturbations = 0;
  std::vector<IndicatorMeta> indicators;
  std::vector<SourceInfo> sources;
  std::vector<AreaResult> areas;             // by rank; unranked (no data) last, by id
  std::vector<GapArea> gaps;
  std::vector<SpilloverArea> spillover;    // see SpilloverArea
  std::vector<SilentSource> silent_sources;
  // The task force's caseload: group totals (rows "served", "identified", "tips",
  // "prosecutions"), then every table (by year, form, age, sex, race, ethnicity, source).
  Breakdown caseload_totals;
  std::vector<Breakdown> taskforce_tables;
  std::vector<std::string> caseload_notes;    // how the sheets were combined
  Breakdown interviews;                      // final interviews by protocol
  Count data_sheets;                         // final data sheets (the protocol row)
  std::vector<std::string> notes;
  int suppressed_primary = 0, suppressed_complementary = 0, suppressed_differencing = 0, hidden_rows = 0;
  // Every count this publication shows, by key ("area/48163/concern"): what the publication
  // ledger keeps so that the next release cannot be compared with this one to reveal a change
  // smaller than the threshold. Holds only shown values.
  std::map<std::string, double> published;
  const AreaResult* Find(const std::string& area_id) const;
};

core::Result<AssessmentResult> Assess(const AssessmentInput& in, const ScoringProfile& profile,
                                      const AssessOptions& options);

// Percentile used throughout: the share (0-100) of the other areas with a strictly lower
// value; ties share the lowest. `sorted` is ascending.
double PercentileOf(const std::vector<double>& sorted, double v);

// PercentileOf(sorted, v) for many v over one table, the same numbers, faster (the rank
// draws make millions of lookups): evenly spaced edges over [min, max] narrow the search.
// Borrows `sorted`, which must outlive it and stay unchanged.
class PercentileTable {
 public:
  explicit PercentileTable(const std::vector<double>* sorted);
  double Percentile(double v) const;

 private:
  double Edge(size_t b) const { return lo_ + width_ * static_cast<double>(b); }
  const std::vector<double>* s_;
  std::vector<uint32_t> start_;  // lower_bound index of each edge
  double lo_ = 0, width_ = 0, inv_width_ = 0;
};

// Period order: latest year first, an annual figure before a quarter of the same year.
bool PeriodNewer(const std::string& a, const std::string& b);

}  // namespace canvass::assessment
