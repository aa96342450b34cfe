// The statewide report's database side: the current pushes through the state's views (each
// task force's latest period), the earlier reports' shown counts, and recording a report.
#include <map>

#include "core/value.h"

#include "rollup/push.h"
#include "rollup/statewide.h"

namespace canvass::rollup {

using core::Result;
using core::Status;

namespace {
double D(const PgParam& v) { return v ? std::stod(*v) : 0; }
std::optional<double> OptD(const PgParam& v) {
  if (!v) return std::nullopt;
  return std::stod(*v);
}
int I(const PgParam& v) { return v ? std::stoi(*v) : 0; }
std::string S(const PgParam& v) { return v ? *v : ""; }
Result<StatewideInput> Load(PgConnection* db);
}  // namespace

Result<StatewideInput> LoadStatewide(PgConnection* db) {
  try {
    return Load(db);
  } catch (const std::exception& e) {  // a number the views give that does not read as one
    return Status::Corruption(std::string("the statewide database gave a value that is not a number (") + e.what() +
                              "): ask the administrator to check the rollup tables");
  }
}

namespace {
Result<StatewideInput> Load(PgConnection* db) {
  CANVASS_RETURN_IF_ERROR(CheckSchemaVersion(db));
  StatewideInput in;
  // Each task force's latest current push (by the run's date).
  CANVASS_ASSIGN_OR_RETURN(auto pushes, db->Query(
      "SELECT DISTINCT ON (task_force) task_force, period, run_id, run_created_at, signing_key, threshold "
      "FROM canvass_rollup.current_pushes ORDER BY task_force, run_created_at DESC, period DESC"));
  std::map<std::pair<std::string, std::string>, size_t> index;  // (task force, period) -> push
  for (const auto& r : pushes) {
    TaskForcePush p{S(r[0]), S(r[1]), S(r[2]), S(r[3]), S(r[4]), I(r[5]), {}, {}, {}};
    index[{p.task_force, p.period}] = in.pushes.size();
    in.pushes.push_back(std::move(p));
  }
  auto find = [&](const PgRow& r) -> TaskForcePush* {
    auto it = index.find({S(r[0]), S(r[1])});
    return it == index.end() ? nullptr : &in.pushes[it->second];
  };
  CANVASS_ASSIGN_OR_RETURN(auto scores, db->Query(
      "SELECT task_force, period, area_id, area_name, rank, rank_low, rank_high, composite, risk_percentile, coverage, "
      "taskforce_covered FROM canvass_rollup.current_area_scores ORDER BY task_force, area_id"));
  for (const auto& r : scores)
    if (TaskForcePush* p = find(r))
      p->areas.push_back({S(r[2]), S(r[3]), I(r[4]), I(r[5]), I(r[6]), OptD(r[7]), OptD(r[8]), D(r[9]), S(r[10]) == "t"});
  CANVASS_ASSIGN_OR_RETURN(auto counts, db->Query(
      "SELECT task_force, period, area_id, measure, value, shown FROM canvass_rollup.current_area_counts "
      "ORDER BY task_force, area_id, measure"));
  for (const auto& r : counts)
    if (TaskForcePush* p = find(r)) p->counts.push_back({S(r[2]), S(r[3]), D(r[4]), S(r[5]) == "t"});
  CANVASS_ASSIGN_OR_RETURN(auto themes, db->Query(
      "SELECT task_force, period, area_id, theme, value, shown FROM canvass_rollup.current_area_themes "
      "ORDER BY task_force, area_id, theme"));
  for (const auto& r : themes)
    if (TaskForcePush* p = find(r)) p->themes.push_back({S(r[2]), S(r[3]), D(r[4]), S(r[5]) == "t"});
  CANVASS_ASSIGN_OR_RETURN(auto earlier, db->Query(
      "SELECT report_id, key, value FROM canvass_rollup.state_report_shown ORDER BY report_id"));
  std::string last;
  for (const auto& r : earlier) {
    if (S(r[0]) != last) in.earlier.emplace_back();
    last = S(r[0]);
    in.earlier.back()[S(r[1])] = D(r[2]);
  }
  return in;
}
}  // namespace

Status RecordStatewideReport(PgConnection* db, const StatewideReport& r) {
  CANVASS_RETURN_IF_ERROR(db->Exec("BEGIN"));
  auto fail = [&](Status st) {
    (void)db->Exec("ROLLBACK");
    return st;
  };
  auto id = db->Query("SELECT nextval('canvass_rollup.state_report_ids')");
  if (!id.ok()) return fail(id.status());
  const std::string report_id = *(*id)[0][0];
  Status st = db->Exec("INSERT INTO canvass_rollup.state_reports (report_id, threshold, shown) VALUES ($1, $2, $3)",
                       {report_id, std::to_string(r.threshold), std::to_string(r.shown.size())});
  if (!st.ok()) return fail(st);
  std::string data;
  for (const auto& [key, value] : r.shown) CopyRow(&data, {report_id, key, core::FormatNumber(value)});
  st = db->CopyIn("COPY canvass_rollup.state_report_cells (report_id, key, value) FROM STDIN", data);
  if (!st.ok()) return fail(st);
  return db->Exec("COMMIT");
}

}  // namespace canvass::rollup
