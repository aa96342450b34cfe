// Push: version check, the task force of the role, the current push for the period (same
// run: nothing to do; older run: refused; newer: supersede), then every row through COPY into
// temporary tables and INSERT ... SELECT into the tables row-level security guards.
#include "rollup/push.h"

#include "core/value.h"

namespace canvass::rollup {

using core::Result;
using core::Status;

namespace {

PgParam Num(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return core::FormatNumber(*v);
}
PgParam Num(double v) { return core::FormatNumber(v); }
const char* Bool(bool b) { return b ? "t" : "f"; }

// Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(PgConnection* db) : db_(db) {}
  ~Transaction() {
    if (open_) (void)db_->Exec("ROLLBACK");
  }
  Status Begin() {
    CANVASS_RETURN_IF_ERROR(db_->Exec("BEGIN"));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    open_ = false;
    return db_->Exec("COMMIT");
  }

 private:
  PgConnection* db_;
  bool open_ = false;
};

Status CopyRows(PgConnection* db, const Aggregates& g, int64_t push_id) {
  const std::string id = std::to_string(push_id);
  std::string data;
  for (const auto& a : g.areas)
    CopyRow(&data, {id, g.task_force, a.area_id, a.area_name, std::to_string(a.rank), std::to_string(a.rank_low),
                    std::to_string(a.rank_high), Num(a.composite), Num(a.risk_percentile), Num(a.coverage),
                    std::string(Bool(a.taskforce_covered))});
  CANVASS_RETURN_IF_ERROR(db->CopyIn("COPY t_scores FROM STDIN", data));
  data.clear();
  for (const auto& c : g.counts) CopyRow(&data, {id, g.task_force, c.area_id, c.measure, Num(c.value), std::string(Bool(c.shown))});
  CANVASS_RETURN_IF_ERROR(db->CopyIn("COPY t_counts FROM STDIN", data));
  data.clear();
  for (const auto& t : g.themes) CopyRow(&data, {id, g.task_force, t.area_id, t.theme, Num(t.value), std::string(Bool(t.shown))});
  CANVASS_RETURN_IF_ERROR(db->CopyIn("COPY t_themes FROM STDIN", data));
  data.clear();
  for (const auto& i : g.indicators)
    CopyRow(&data, {id, g.task_force, i.area_id, i.indicator_id, i.period, i.unit, i.status, i.source_kind, i.source_sha256,
                    Num(i.value), Num(i.moe)});
  return db->CopyIn("COPY t_indicators FROM STDIN", data);
}

Status WriteRows(PgConnection* db, const Aggregates& g, int64_t push_id) {
  // Temporary tables take COPY (the guarded tables do not, under row-level security); the
  // INSERT ... SELECT below is checked row by row by the policies.
  CANVASS_RETURN_IF_ERROR(db->Exec(
      "CREATE TEMP TABLE t_scores (push_id bigint, task_force text, area_id text, area_name text, rank integer, "
      "rank_low integer, rank_high integer, composite double precision, risk_percentile double precision, "
      "coverage double precision, taskforce_covered boolean) ON COMMIT DROP;"
      "CREATE TEMP TABLE t_counts (push_id bigint, task_force text, area_id text, measure text, value double precision, "
      "shown boolean) ON COMMIT DROP;"
      "CREATE TEMP TABLE t_themes (push_id bigint, task_force text, area_id text, theme text, value double precision, "
      "shown boolean) ON COMMIT DROP;"
      "CREATE TEMP TABLE t_indicators (push_id bigint, task_force text, area_id text, indicator_id text, period text, "
      "unit text, status text, source_kind text, source_sha256 text, value double precision, moe double precision) "
      "ON COMMIT DROP"));
  CANVASS_RETURN_IF_ERROR(CopyRows(db, g, push_id));
  return db->Exec(
      "INSERT INTO canvass_rollup.area_scores SELECT * FROM t_scores;"
      "INSERT INTO canvass_rollup.area_counts SELECT * FROM t_counts;"
      "INSERT INTO canvass_rollup.area_themes SELECT * FROM t_themes;"
      "INSERT INTO canvass_rollup.area_indicators SELECT * FROM t_indicators");
}

}  // namespace

Status CheckSchemaVersion(PgConnection* db) {
  auto has = db->Query("SELECT to_regclass('canvass_rollup.schema_version') IS NOT NULL");
  if (!has.ok()) return has.status();
  if (has->empty() || (*has)[0][0] != std::optional<std::string>("t"))
    return Status::NotFound("the database " + db->where() +
                            " has no Canvass rollup schema (or this user may not see it): the administrator runs "
                            "rollup/sql/schema.sql once (docs/rollup.md)");
  auto v = db->Query("SELECT max(version) FROM canvass_rollup.schema_version");
  if (!v.ok()) return v.status();
  std::string got = !v->empty() && (*v)[0][0] ? *(*v)[0][0] : "none";
  if (got != std::to_string(kSchemaVersion))
    return Status::Unsupported("the database " + db->where() + " has rollup schema version " + got + ", this canvass-cli needs version " +
                               std::to_string(kSchemaVersion) + ": update canvass-cli or ask the administrator (docs/rollup.md)");
  return Status::Ok();
}

Result<std::string> TaskForceOfRole(PgConnection* db, const std::string& expected) {
  CANVASS_ASSIGN_OR_RETURN(auto rows, db->Query("SELECT canvass_rollup.task_force_of(current_user)"));
  if (rows.empty() || !rows[0][0])
    return Status::WrongKey("the database user " + db->user() +
                            " pushes for no task force: the administrator registers it (docs/rollup.md, \"A role per task force\")");
  if (!expected.empty() && *rows[0][0] != expected)
    return Status::InvalidArgument("the database user " + db->user() + " pushes for \"" + *rows[0][0] + "\", not \"" + expected +
                                   "\": check --task-force or the user in the address");
  return *rows[0][0];
}

Result<PushResult> Push(PgConnection* db, Aggregates g, bool dry_run) {
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.Begin());
  CANVASS_RETURN_IF_ERROR(CheckSchemaVersion(db));
  CANVASS_ASSIGN_OR_RETURN(g.task_force, TaskForceOfRole(db, g.task_force));
  PushResult out;
  out.task_force = g.task_force;
  out.period = g.period;
  out.rows = static_cast<int64_t>(g.rows());
  const std::string digest = g.Digest();
  // The same run already here: nothing to do if it is the same data, else refuse.
  CANVASS_ASSIGN_OR_RETURN(auto same, db->Query("SELECT push_id, digest, superseded_at IS NOT NULL FROM canvass_rollup.pushes "
                                                "WHERE task_force = $1 AND period = $2 AND run_id = $3",
                                                {g.task_force, g.period, g.run_id}));
  if (!same.empty()) {
    if (*same[0][1] != digest)
      return Status::Conflict(g.run_id + " was pushed for " + g.period + " before with other figures (another central file?): "
                              "run `canvass-cli assess` to make a new run, then push it");
    if (*same[0][2] == "t")
      return Status::Conflict(g.run_id + " was pushed for " + g.period + " before and a newer run has replaced it; nothing pushed");
    out.kind = PushResult::kUnchanged;
    out.push_id = std::stoll(*same[0][0]);
    return out;  // rolled back: nothing was written
  }
  CANVASS_ASSIGN_OR_RETURN(auto current, db->Query("SELECT push_id, run_id, run_created_at FROM canvass_rollup.pushes "
                                                   "WHERE task_force = $1 AND period = $2 AND superseded_at IS NULL FOR UPDATE",
                                                   {g.task_force, g.period}));
  if (!current.empty()) {
    if (*current[0][2] > g.run_created_at)
      return Status::Conflict("a newer run (" + *current[0][1] + ", " + *current[0][2] + ") is already pushed for " + g.period +
                              "; " + g.run_id + " (" + g.run_created_at + ") was not pushed");
    out.superseded_run = *current[0][1];
    CANVASS_RETURN_IF_ERROR(db->Exec("UPDATE canvass_rollup.pushes SET superseded_at = now() WHERE push_id = $1", {*current[0][0]}));
  }
  CANVASS_ASSIGN_OR_RETURN(auto id, db->Query("SELECT nextval('canvass_rollup.push_ids')"));
  out.push_id = std::stoll(*id[0][0]);
  CANVASS_RETURN_IF_ERROR(db->Exec(
      "INSERT INTO canvass_rollup.pushes (push_id, task_force, period, run_id, run_created_at, profile_name, level, threshold, "
      "signing_key, digest, row_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {std::to_string(out.push_id), g.task_force, g.period, g.run_id, g.run_created_at, g.profile_name, g.level,
       std::to_string(g.threshold), g.signing_key, digest, std::to_string(out.rows)}));
  CANVASS_RETURN_IF_ERROR(WriteRows(db, g, out.push_id));
  if (dry_run) return out;  // rolled back by the transaction's destructor
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace canvass::rollup
