// IndicatorStore: indicator values and sources, the scoring snapshot, runs and settings.
#include "storage/indicator_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "db.h"
#include "storage/workspace.h"

namespace canvass::storage {

using assessment::Observation;
using core::Result;
using core::Status;
using core::Value;

namespace {

std::string PeriodRange(const std::set<std::string>& periods) {
  if (periods.empty()) return "";
  if (periods.size() == 1) return *periods.begin();
  return *periods.begin() + ".." + *periods.rbegin();
}

bool SameObservation(Stmt& q, const Observation& o, const std::string& hash) {
  auto same_opt = [&](int col, const std::optional<double>& v) {
    return q.IsNull(col) ? !v.has_value() : (v.has_value() && q.Double(col) == *v);
  };
  return same_opt(0, o.value) && q.Text(1) == o.unit && same_opt(2, o.moe) && q.Text(3) == o.status &&
         q.Text(4) == o.source_kind && q.Text(5) == hash;
}

void BindObservation(Stmt& s, const Observation& o, const std::string& hash) {
  s.Bind(1, o.indicator_id).Bind(2, o.geo_level).Bind(3, o.geo_id).Bind(4, o.period);
  if (o.value) s.Bind(5, *o.value); else s.BindNull(5);
  s.Bind(6, o.unit);
  if (o.moe) s.Bind(7, *o.moe); else s.BindNull(7);
  s.Bind(8, o.status).Bind(9, o.source_kind).Bind(10, o.source_file).Bind(11, hash);
  s.Bind(12, static_cast<int64_t>(o.source_row));
}

// The import's hot statement: INSERT OR IGNORE bound without copies (SQLITE_STATIC: every
// bound string lives in the ImportResult until after the step) and without clearing the
// bindings between rows (all twelve are bound again; the hash once).
class FastInsert {
 public:
  FastInsert(Db* db, const std::string& hash) : db_(db) {
    rc_ = sqlite3_prepare_v2(db->raw(),
                             "INSERT OR IGNORE INTO indicator_values(indicator_id, geo_level, geo_id, period, value, unit, moe, "
                             "status, source_kind, source_file, source_hash, source_row) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                             -1, &s_, nullptr);
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_text(s_, 11, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
  }
  ~FastInsert() { sqlite3_finalize(s_); }
  FastInsert(const FastInsert&) = delete;
  FastInsert& operator=(const FastInsert&) = delete;
  Status status() const { return rc_ == SQLITE_OK ? Status::Ok() : db_->Error(rc_, "preparing the indicator insert"); }

  // Inserts `o` unless a value with its key is stored; *added says which.
  Status Run(const Observation& o, bool* added) {
    int rc = Text(1, o.indicator_id) | Text(2, o.geo_level) | Text(3, o.geo_id) | Text(4, o.period);
    rc |= o.value ? sqlite3_bind_double(s_, 5, *o.value) : sqlite3_bind_null(s_, 5);
    rc |= Text(6, o.unit);
    rc |= o.moe ? sqlite3_bind_double(s_, 7, *o.moe) : sqlite3_bind_null(s_, 7);
    rc |= Text(8, o.status) | Text(9, o.source_kind) | Text(10, o.source_file);
    rc |= sqlite3_bind_int64(s_, 12, static_cast<sqlite3_int64>(o.source_row));
    if (rc != SQLITE_OK) return db_->Error(sqlite3_errcode(db_->raw()), "binding an indicator value");
    rc = sqlite3_step(s_);
    sqlite3_reset(s_);
    if (rc != SQLITE_DONE) return db_->Error(rc, "storing an indicator value");
    *added = sqlite3_changes(db_->raw()) > 0;
    return Status::Ok();
  }

 private:
  int Text(int i, const std::string& v) { return sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC); }
  Db* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

}  // namespace

Result<IndicatorImportStats> IndicatorStore::Import(const assessment::ImportResult& r) {
  Db* db = ws_->db_.get();
  IndicatorImportStats st;
  const std::string& hash = r.source.sha256;
  if (hash.empty()) return Status::InvalidArgument(r.source.file_name + ": import has no file hash; nothing stored");
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  {
    Stmt known = db->Prepare("SELECT 1 FROM indicator_sources WHERE source_hash = ?1");
    known.Bind(1, hash);
    st.source_known = known.Step();
    CANVASS_RETURN_IF_ERROR(known.status());
  }
  FastInsert ins(db, hash);
  Stmt get = db->Prepare(
      "SELECT value, unit, moe, status, source_kind, source_hash FROM indicator_values "
      "WHERE indicator_id = ?1 AND geo_level = ?2 AND geo_id = ?3 AND period = ?4");
  Stmt upd = db->Prepare(
      "INSERT OR REPLACE INTO indicator_values(indicator_id, geo_level, geo_id, period, value, unit, moe, status, "
      "source_kind, source_file, source_hash, source_row) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
  CANVASS_RETURN_IF_ERROR(ins.status());
  CANVASS_RETURN_IF_ERROR(get.status());
  CANVASS_RETURN_IF_ERROR(upd.status());
  std::set<std::string> periods;
  for (const Observation& o : r.observations) {
    if (periods.empty() || o.period != *periods.rbegin()) periods.insert(o.period);  // usually one period
    bool added = false;
    CANVASS_RETURN_IF_ERROR(ins.Run(o, &added));
    if (added) { ++st.added; continue; }
    get.Reset();
    get.Bind(1, o.indicator_id).Bind(2, o.geo_level).Bind(3, o.geo_id).Bind(4, o.period);
    bool found = get.Step();
    CANVASS_RETURN_IF_ERROR(get.status());
    if (found && SameObservation(get, o, hash)) { ++st.unchanged; continue; }
    upd.Reset();
    BindObservation(upd, o, hash);
    CANVASS_RETURN_IF_ERROR(upd.Run());
    ++st.replaced;
  }
  std::string notes;
  for (const auto& n : r.notes) notes += (notes.empty() ? "" : "\n") + n;
  Stmt src = db->Prepare(
      "INSERT OR REPLACE INTO indicator_sources(source_hash, kind, file_name, bytes, records, periods, imported_at, notes) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  src.Bind(1, hash).Bind(2, r.source.kind).Bind(3, r.source.file_name).Bind(4, static_cast<int64_t>(r.source.bytes));
  src.Bind(5, static_cast<int64_t>(r.source.records)).Bind(6, PeriodRange(periods));
  src.Bind(7, core::FormatIsoUtc(ws_->clock()->NowMillis())).Bind(8, notes);
  CANVASS_RETURN_IF_ERROR(src.Run());
  CANVASS_RETURN_IF_ERROR(ws_->AppendAuditLocked(
      "indicators.import", r.source.kind + " " + r.source.file_name + " sha256 " + hash.substr(0, 16) + ": " +
                               std::to_string(st.added) + " added, " + std::to_string(st.replaced) + " replaced, " +
                               std::to_string(st.unchanged) + " unchanged"));
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return st;
}

Result<std::vector<assessment::SourceInfo>> IndicatorStore::ListSources() {
  std::vector<assessment::SourceInfo> out;
  Stmt q = ws_->db_->Prepare(
      "SELECT s.kind, s.file_name, s.source_hash, s.periods, s.imported_at, "
      "(SELECT count(*) FROM indicator_values v WHERE v.source_hash = s.source_hash) FROM indicator_sources s "
      "ORDER BY s.imported_at, s.file_name");
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Int(5)});
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<IndicatorSummary>> IndicatorStore::ListIndicators() {
  std::vector<IndicatorSummary> out;
  Stmt q = ws_->db_->Prepare(
      "SELECT indicator_id, min(unit), group_concat(DISTINCT source_kind), min(period), max(period), count(*), "
      "sum(value IS NULL), count(DISTINCT geo_level || ':' || geo_id) FROM indicator_values GROUP BY indicator_id ORDER BY indicator_id");
  while (q.Step()) {
    IndicatorSummary s;
    s.indicator_id = q.Text(0);
    s.unit = q.Text(1);
    s.source_kind = q.Text(2);
    s.periods = q.Text(3) == q.Text(4) ? q.Text(3) : q.Text(3) + ".." + q.Text(4);
    s.values = q.Int(5);
    s.missing = q.Int(6);
    s.areas = q.Int(7);
    out.push_back(std::move(s));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<Observation>> IndicatorStore::LoadObservations() {
  std::vector<Observation> out;
  Stmt q = ws_->db_->Prepare(
      "SELECT indicator_id, geo_level, geo_id, period, value, unit, moe, status, source_kind, source_file, ifnull(source_row,0) "
      "FROM indicator_values");
  while (q.Step()) {
    Observation o;
    o.indicator_id = q.Text(0);
    o.geo_level = q.Text(1);
    o.geo_id = q.Text(2);
    o.period = q.Text(3);
    if (!q.IsNull(4)) o.value = q.Double(4);
    o.unit = q.Text(5);
    if (!q.IsNull(6)) o.moe = q.Double(6);
    o.status = q.Text(7);
    o.source_kind = q.Text(8);
    o.source_file = q.Text(9);
    o.source_row = static_cast<size_t>(q.Int(10));
    out.push_back(std::move(o));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::string> IndicatorStore::NextRunId() {
  CANVASS_ASSIGN_OR_RETURN(int64_t n, ws_->db_->QueryInt("SELECT count(*) FROM assessment_runs"));
  char b[32];
  std::snprintf(b, sizeof b, "run-%04lld", static_cast<long long>(n + 1));
  return std::string(b);
}

Status IndicatorStore::SaveRun(const AssessmentRunRow& run) {
  Db* db = ws_->db_.get();
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  Stmt q = db->Prepare("INSERT INTO assessment_runs(run_id, created_at, label, profile_name, summary, run_json) VALUES(?1,?2,?3,?4,?5,?6)");
  q.Bind(1, run.run_id).Bind(2, run.created_at).Bind(3, run.label).Bind(4, run.profile_name).Bind(5, run.summary).Bind(6, run.run_json);
  CANVASS_RETURN_IF_ERROR(q.Run());
  CANVASS_RETURN_IF_ERROR(ws_->AppendAuditLocked("assess.run", run.run_id + " profile " + run.profile_name));
  return tx.Commit();
}

Result<std::vector<AssessmentRunRow>> IndicatorStore::ListRuns() {
  std::vector<AssessmentRunRow> out;
  Stmt q = ws_->db_->Prepare("SELECT run_id, created_at, label, profile_name, summary FROM assessment_runs ORDER BY run_id");
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), ""});
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<AssessmentRunRow> IndicatorStore::GetRun(const std::string& run_id) {
  Stmt q = ws_->db_->Prepare("SELECT run_id, created_at, label, profile_name, summary, run_json FROM assessment_runs WHERE run_id = ?1");
  q.Bind(1, run_id);
  if (q.Step()) return AssessmentRunRow{q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5)};
  CANVASS_RETURN_IF_ERROR(q.status());
  return Status::NotFound("no assessment run \"" + run_id + "\"; see canvass-cli assess list FILE");
}

Result<std::string> IndicatorStore::GetSetting(const std::string& key) {
  auto v = ws_->GetMeta("setting." + key);
  if (!v.ok() && v.status().code() == core::Code::kNotFound) return std::string();
  return v;
}

Status IndicatorStore::SetSetting(const std::string& key, const std::string& value) {
  if (key != "suppression_threshold")
    return Status::InvalidArgument("unknown setting \"" + key + "\" (known: suppression_threshold)");
  int n = 0;
  try { n = std::stoi(value); } catch (...) { n = 0; }
  if (n < 1 || n > 1000 || std::to_string(n) != value)
    return Status::InvalidArgument("suppression_threshold must be a whole number from 1 to 1000 (got \"" + value + "\")");
  Db* db = ws_->db_.get();
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_RETURN_IF_ERROR(ws_->SetMeta("setting." + key, value));
  CANVASS_RETURN_IF_ERROR(ws_->AppendAuditLocked("settings.set", key + " = " + value));
  return tx.Commit();
}

Result<int> IndicatorStore::SuppressionThreshold() {
  CANVASS_ASSIGN_OR_RETURN(std::string v, GetSetting("suppression_threshold"));
  if (v.empty()) return kDefaultSuppressionThreshold;
  try { return std::max(1, std::stoi(v)); } catch (...) { return kDefaultSuppressionThreshold; }
}

}  // namespace canvass::storage
