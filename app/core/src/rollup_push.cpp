// SetUpRollup and LoadRollupAggregates: the central's signing key, the latest run and the
// snapshot it read, checked to be the same records the run's release counted.
#include "app/rollup_push.h"

#include "app/view_assessment.h"
#include "storage/indicator_store.h"
#include "sync/keys.h"

namespace canvass::app {

using core::Result;
using core::Status;

Result<std::string> SetUpRollup(storage::Workspace* ws, bool* created) {
  if (ws->info().role != storage::Role::kCentral)
    return Status::InvalidArgument("only a central file pushes to the statewide database; this is a field file");
  *created = !ws->GetMeta("central_sign_pk").ok();
  CANVASS_ASSIGN_OR_RETURN(auto keys, sync::EnsureCentralKeys(ws));
  return core::ToHex(keys.sign_pk);
}

Result<rollup::Aggregates> LoadRollupAggregates(storage::Workspace* ws, const std::string& period) {
  if (ws->info().role != storage::Role::kCentral)
    return Status::InvalidArgument("only a central file pushes to the statewide database; this is a field file");
  auto key = ws->GetMeta("central_sign_pk");
  if (!key.ok() || key->empty())
    return Status::NotFound("this central file has no signing key yet: run `canvass-cli rollup setup FILE` once, then push");
  storage::IndicatorStore store(ws);
  CANVASS_ASSIGN_OR_RETURN(auto runs, store.ListRuns());
  if (runs.empty())
    return Status::NotFound("this file has no assessment run yet: run `canvass-cli assess FILE --out REPORT.html`, then push");
  CANVASS_ASSIGN_OR_RETURN(auto run, store.GetRun(runs.back().run_id));
  CANVASS_ASSIGN_OR_RETURN(auto json, core::ParseJson(run.run_json, run.run_id, {size_t{1} << 31, 64}));
  int conflicts = 0;
  std::map<std::string, std::string> fingerprints;
  CANVASS_ASSIGN_OR_RETURN(auto input, LoadAssessmentInput(ws, &conflicts, &fingerprints, nullptr));
  // The run must be a release of the records as they are now (so the exact counts recounted
  // here are the ones the run published).
  CANVASS_ASSIGN_OR_RETURN(auto sets, store.ReleasedRecordSets());
  const storage::ReleasedRecords* mine = nullptr;
  for (const auto& s : sets)
    if (s.release_id == run.run_id) mine = &s;
  if (!mine)
    return Status::Conflict(run.run_id + " is not a release (a draft, or the records changed since): run `canvass-cli assess FILE "
                            "--out REPORT.html` without --not-for-release, then push");
  if (mine->records != fingerprints)
    return Status::Conflict("the central file changed since " + run.run_id + ": run `canvass-cli assess FILE --out REPORT.html` "
                            "again, then push");
  return rollup::BuildAggregates(json, input, *key, period);
}

}  // namespace canvass::app
