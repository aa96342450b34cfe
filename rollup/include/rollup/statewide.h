// The statewide report: every task force's current push side by side (one table, and a map
// when boundaries are given), the areas no task force covers, neighbouring areas whose risk
// differs sharply across a jurisdiction line, and the disclosure control applied jointly to
// every count and derived sum across task forces and against earlier statewide reports.
//
// LoadStatewide reads only the views the state role may read; RecordStatewideReport adds the
// report's shown counts to the database's ledger (differencing). BuildStatewideReport is pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "assessment/border.h"
#include "core/status.h"
#include "rollup/aggregates.h"
#include "rollup/pg.h"

namespace canvass::rollup {

// One task force's current push (its latest period), as the state's views give it.
struct TaskForcePush {
  std::string task_force, period, run_id, run_created_at, signing_key;
  int threshold = 11;
  std::vector<AreaScoreRow> areas;
  std::vector<CountRow> counts;
  std::vector<ThemeRow> themes;
};

struct StatewideInput {
  std::vector<TaskForcePush> pushes;                   // by task force name
  std::vector<std::map<std::string, double>> earlier;  // what each earlier statewide report showed
};
core::Result<StatewideInput> LoadStatewide(PgConnection* db);

struct StatewideOptions {
  std::string boundaries_geojson, boundaries_name;  // "" = no map
  assessment::NeighborMap neighbours;               // county adjacency ("" = no border section)
  double sharp_difference = 40;                     // risk percentile points across a line
  int threshold = 11;                               // raised to the largest task force's
  std::string created_at;                           // ISO time, shown in the report
};

struct StatewideReport {
  std::string html, csv;
  std::map<std::string, double> shown;  // every derived count shown, by key (the ledger's entry)
  int threshold = 11;
  int withheld_small = 0, withheld_to_protect = 0, withheld_changed = 0;
};
StatewideReport BuildStatewideReport(const StatewideInput& in, const StatewideOptions& opt);

// Adds the report to the database's ledger of statewide reports, in one transaction.
core::Status RecordStatewideReport(PgConnection* db, const StatewideReport& r);

}  // namespace canvass::rollup
