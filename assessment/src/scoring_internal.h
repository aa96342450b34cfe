// Private to assessment/: the working state shared by scoring.cpp and scoring_publish.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "assessment/caseload.h"
#include "assessment/scoring.h"
#include "assessment/suppression.h"

namespace canvass::assessment::internal {

// Exact interview and task-force tallies per scored area, before suppression.
struct Signals {
  // Rows of one breakdown: key names in order, and per scored area (name index, count) in
  // that order; a key an area never had has no row there.
  struct Rows {
    std::vector<std::string> names;
    std::vector<std::vector<std::pair<int, double>>> areas;
  };
  bool have_stakeholders = false;
  std::vector<double> concern, instability;                            // per scored area
  Rows by_role, by_form, themes;
  std::vector<std::string> covered;                                     // task-force coverage (ids)
  std::map<std::string, std::vector<std::string>> custom_places;       // area id -> names
  std::map<std::string, int> reported_to;                               // tip source -> stakeholders
};

// Every count the assessment publishes from the project's own records, in one ledger with
// every sum that links them (scoring_protect.cpp), applied before anything is scored.
struct Disclosure {
  SuppressionLedger ledger;
  struct AreaCells {
    int concern = -1, instability = -1;
    std::vector<std::pair<int, int>> roles, forms, themes;  // (name index in Signals::Rows, cell)
  };
  std::vector<AreaCells> areas;  // per scored area
  // Task-force figures per scored area and group (kCaseloadGroups order): the estimate from the
  // sheets that cover it, withheld when a sheet's figure behind it is.
  struct TfArea {
    std::optional<double> value[4];
    bool withheld[4] = {false, false, false, false};
    bool covered = false;
    bool apportioned = false;  // a sheet covering several areas contributes: an estimate
    std::map<std::string, std::pair<double, bool>> by_year[4];  // year -> (estimate, withheld)
  };
  std::vector<TfArea> tf;
  Caseload caseload;
  std::map<std::string, int> group_total;              // group -> cell
  std::vector<std::vector<int>> table_cells;           // per caseload table, per row
  std::vector<std::pair<std::string, int>> protocols;  // final records by protocol
  int protocols_total = -1;
  std::map<std::string, int> reported, silent_named;   // tip source -> cell
  double stand_in = 5.5;                               // what a withheld count enters the scores as
};

struct Work {
  const AssessmentInput* in = nullptr;
  const ScoringProfile* profile = nullptr;
  AssessOptions options;
  std::vector<const Area*> scored;                 // areas at profile level, by id
  std::unordered_map<std::string, int> area_index;
  std::map<std::string, const Area*> by_id;
  std::vector<Observation> derived;                // interviews.* and tf.* observations
  std::vector<std::string> notes;
  Signals signals;
  Disclosure disclosure;
};

// The latest resident count per scored area (PEP, ACS, else the census) for apportioning.
std::map<std::string, double> Residents(const Work& w);
// The ledger of every published project count, applied; the interview and task-force
// observations (w->derived) as the scores may use them: a withheld count as the stand-in.
void Protect(Work* w);

// scoring_signals.cpp
void CountSignals(Work* w);
// scoring_publish.cpp: the ledger's texts into the result, the gaps and silent tip sources.
void Publish(Work* w, AssessmentResult* r);

}  // namespace canvass::assessment::internal
