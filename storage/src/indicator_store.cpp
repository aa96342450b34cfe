// IndicatorStore: indicator values and sources, the scoring snapshot, runs and settings.
#include "storage/indicator_store.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "db.h"
#include "indicator_blocks.h"
#include "run_codec.h"
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

// Same value, unit, margin, status and kind (callers compare the source file's hash).
bool SameObservation(const Observation& a, const Observation& b) {
  return a.value == b.value && a.unit == b.unit && a.moe == b.moe && a.status == b.status && a.source_kind == b.source_kind;
}

}  // namespace

Result<IndicatorImportStats> IndicatorStore::Import(const assessment::ImportResult& r) {
  Db* db = ws_->db_.get();
  IndicatorImportStats st;
  const std::string& hash = r.source.sha256;
  if (hash.empty()) return Status::InvalidArgument(r.source.file_name + ": import has no file hash; nothing stored");
  const auto& obs = r.observations;
  if (obs.size() >= (size_t{1} << 31)) return Status::InvalidArgument(r.source.file_name + ": too many observations");
  // One value per key: a later row of the file replaces an earlier one, as it always has.
  // Published tables are usually sorted by area within each indicator: then no key can
  // repeat and no table of keys is needed (checked here, row by row).
  std::vector<uint32_t> keep;
  keep.reserve(obs.size());
  indicator_blocks::GroupNumbers groups_of;
  std::set<std::string> periods;
  bool sorted = true;
  {
    std::vector<bool> closed;
    uint32_t prev_group = 0;
    for (uint32_t i = 0; i < obs.size() && sorted; ++i) {
      const Observation& o = obs[i];
      if (periods.empty() || o.period != *periods.rbegin()) periods.insert(o.period);  // usually one period
      const uint32_t g = groups_of.Of(o);
      if (g >= closed.size()) closed.resize(g + 1, false);
      if (i > 0 && g != prev_group) {
        closed[prev_group] = true;
        sorted = !closed[g];
      } else if (i > 0) {
        sorted = obs[i - 1].geo_id < o.geo_id;
      }
      prev_group = g;
    }
  }
  indicator_blocks::KeyTable in_file;  // the file's keys; built here unless sorted, else when needed
  bool in_file_built = !sorted;
  if (sorted) {
    for (uint32_t i = 0; i < obs.size(); ++i) keep.push_back(i);
  } else {
    in_file = indicator_blocks::KeyTable(obs.size());
    for (uint32_t i = 0; i < obs.size(); ++i) {
      const Observation& o = obs[i];
      if (o.period != *periods.rbegin()) periods.insert(o.period);
      bool fresh;
      uint32_t* at = in_file.Insert(groups_of.Of(o), o.geo_id, static_cast<uint32_t>(keep.size()), &fresh);
      if (fresh) { keep.push_back(i); continue; }
      if (SameObservation(obs[keep[*at]], o)) ++st.unchanged; else ++st.replaced;
      keep[*at] = i;
    }
  }
  // Stored grouped by indicator x level x period (stable within a group): files with several
  // indicators a row interleave them, and readers then meet each group once per block.
  {
    // Groups are numbered as first seen, so they are contiguous exactly when never decreasing.
    std::vector<uint32_t> group(keep.size());
    bool grouped = true;
    for (size_t k = 0; k < keep.size(); ++k) {
      group[k] = groups_of.Of(obs[keep[k]]);
      grouped = grouped && (k == 0 || group[k] >= group[k - 1]);
    }
    if (!grouped) {  // a counting sort by group number
      std::vector<size_t> start(groups_of.size() + 1, 0);
      for (uint32_t g : group) ++start[g + 1];
      for (size_t g = 1; g < start.size(); ++g) start[g] += start[g - 1];
      std::vector<uint32_t> sorted_keep(keep.size());
      for (size_t k = 0; k < keep.size(); ++k) sorted_keep[start[group[k]]++] = keep[k];
      keep.swap(sorted_keep);
    }
  }
  indicator_blocks::Packed packed = indicator_blocks::Pack(obs, keep, hash);
  for (const auto& g : packed.groups)
    if (std::count(g.first.begin(), g.first.end(), '\x1f') != 2)
      return Status::InvalidArgument(r.source.file_name + ": an indicator id, level or period contains a control character; nothing stored");

  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  {
    Stmt known = db->Prepare("SELECT 1 FROM indicator_sources WHERE source_hash = ?1");
    known.Bind(1, hash);
    st.source_known = known.Step();
    CANVASS_RETURN_IF_ERROR(known.status());
  }
  // The current values of every group this import touches, and who holds them.
  std::vector<std::string> groups;
  for (const auto& g : packed.groups) groups.push_back(g.first);
  CANVASS_ASSIGN_OR_RETURN(indicator_blocks::Resolved cur, indicator_blocks::Resolve(db, &groups));
  int64_t self = -1;
  for (size_t k = 0; k < cur.imports.size(); ++k)
    if (cur.imports[k].import_id == packed.row.import_id) self = static_cast<int64_t>(k);
  if (cur.obs.empty()) {
    st.added += static_cast<int64_t>(keep.size());
  } else {
    indicator_blocks::KeyTable now(cur.obs.size());
    for (uint32_t i = 0; i < cur.obs.size(); ++i) {
      bool fresh;
      now.Insert(groups_of.Of(cur.obs[i]), cur.obs[i].geo_id, i, &fresh);
    }
    for (uint32_t i : keep) {
      const Observation& o = obs[i];
      const uint32_t* at = now.Find(groups_of.Of(o), o.geo_id);
      if (!at) { ++st.added; continue; }
      const bool same_file = cur.imports[cur.import_of[*at]].source_hash == hash;
      if (same_file && SameObservation(cur.obs[*at], o)) ++st.unchanged; else ++st.replaced;
    }
  }
  CANVASS_ASSIGN_OR_RETURN(int64_t top, db->QueryInt("SELECT ifnull(max(seq), 0) FROM indicator_imports"));
  if (self < 0) {
    packed.row.seq = top + 1;
    CANVASS_RETURN_IF_ERROR(indicator_blocks::WriteImport(db, packed.row, packed.blocks, packed.groups,
                                                          core::FormatIsoUtc(ws_->clock()->NowMillis())));
  } else if (st.added + st.replaced > 0 && cur.imports[static_cast<size_t>(self)].seq != top) {
    // The same import again, over newer values: it becomes the newest.
    Stmt up = db->Prepare("UPDATE indicator_imports SET seq = ?1 WHERE import_id = ?2");
    up.Bind(1, top + 1).Bind(2, packed.row.import_id);
    CANVASS_RETURN_IF_ERROR(up.Run());
  }
  // Older imports whose every value this one replaced hold nothing current any more.
  if (st.replaced > 0 && !cur.obs.empty()) {
    if (!in_file_built) {
      in_file = indicator_blocks::KeyTable(keep.size());
      for (uint32_t i : keep) {
        bool fresh;
        in_file.Insert(groups_of.Of(obs[i]), obs[i].geo_id, i, &fresh);
      }
    }
    std::vector<bool> covered(cur.imports.size(), true);
    for (uint32_t i = 0; i < cur.obs.size(); ++i)
      if (!in_file.Find(groups_of.Of(cur.obs[i]), cur.obs[i].geo_id)) covered[cur.import_of[i]] = false;
    Stmt other = db->Prepare(
        "SELECT count(*) FROM indicator_groups g WHERE g.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM indicator_groups n "
        "WHERE n.import_id = ?2 AND n.indicator_id = g.indicator_id AND n.geo_level = g.geo_level AND n.period = g.period)");
    for (size_t k = 0; k < cur.imports.size(); ++k) {
      if (static_cast<int64_t>(k) == self || !covered[k]) continue;
      // Only when it has no group outside this import: values there are current.
      other.Reset();
      other.Bind(1, cur.imports[k].import_id).Bind(2, packed.row.import_id);
      if (!other.Step()) return other.status().ok() ? Status::Internal("count returned no row") : other.status();
      if (other.Int(0) != 0) continue;
      CANVASS_RETURN_IF_ERROR(indicator_blocks::DeleteImport(db, cur.imports[k].import_id));
    }
  }
  CANVASS_RETURN_IF_ERROR(RecordSourceLocked(r, PeriodRange(periods), st));
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return st;
}

Status IndicatorStore::RecordSourceLocked(const assessment::ImportResult& r, const std::string& periods,
                                          const IndicatorImportStats& st) {
  Db* db = ws_->db_.get();
  const std::string& hash = r.source.sha256;
  std::string notes;
  for (const auto& n : r.notes) notes += (notes.empty() ? "" : "\n") + n;
  Stmt src = db->Prepare(
      "INSERT OR REPLACE INTO indicator_sources(source_hash, kind, file_name, bytes, records, periods, imported_at, notes) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  src.Bind(1, hash).Bind(2, r.source.kind).Bind(3, r.source.file_name).Bind(4, static_cast<int64_t>(r.source.bytes));
  src.Bind(5, static_cast<int64_t>(r.source.records)).Bind(6, periods);
  src.Bind(7, core::FormatIsoUtc(ws_->clock()->NowMillis())).Bind(8, notes);
  CANVASS_RETURN_IF_ERROR(src.Run());
  std::string detail = r.source.kind + " " + r.source.file_name + " sha256 " + hash.substr(0, 16) + ": " +
                       std::to_string(st.added) + " added, " + std::to_string(st.replaced) + " replaced, " +
                       std::to_string(st.unchanged) + " unchanged";
  if (st.duplicates) detail += ", " + std::to_string(st.duplicates) + " repeated rows combined";
  return ws_->AppendAuditLocked("indicators.import", detail);
}

namespace {

// Every imported file with how many of its values are current.
Result<std::vector<assessment::SourceInfo>> SourcesOf(Db* db, const indicator_blocks::Resolved& cur) {
  std::map<std::string, int64_t> live;
  for (size_t k = 0; k < cur.imports.size(); ++k) live[cur.imports[k].source_hash] += cur.live[k];
  std::vector<assessment::SourceInfo> out;
  Stmt q = db->Prepare(
      "SELECT kind, file_name, source_hash, periods, imported_at FROM indicator_sources ORDER BY imported_at, file_name");
  while (q.Step()) {
    auto it = live.find(q.Text(2));
    out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), it == live.end() ? 0 : it->second});
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace

Result<std::vector<assessment::SourceInfo>> IndicatorStore::ListSources() {
  CANVASS_ASSIGN_OR_RETURN(indicator_blocks::Resolved cur, indicator_blocks::Resolve(ws_->db_.get()));
  return SourcesOf(ws_->db_.get(), cur);
}

Status IndicatorStore::LoadValuesAndSources(std::vector<Observation>* obs, std::vector<assessment::SourceInfo>* sources) {
  CANVASS_ASSIGN_OR_RETURN(indicator_blocks::Resolved cur, indicator_blocks::Resolve(ws_->db_.get()));
  CANVASS_ASSIGN_OR_RETURN(*sources, SourcesOf(ws_->db_.get(), cur));
  *obs = std::move(cur.obs);
  return Status::Ok();
}

Result<std::vector<IndicatorSummary>> IndicatorStore::ListIndicators() {
  CANVASS_ASSIGN_OR_RETURN(indicator_blocks::Resolved cur, indicator_blocks::Resolve(ws_->db_.get()));
  struct Acc {
    IndicatorSummary s;
    std::string lo, hi;
    std::set<std::string> kinds;
    std::set<std::pair<std::string, std::string>> areas;
  };
  std::map<std::string, Acc> by_id;
  for (const Observation& o : cur.obs) {
    Acc& a = by_id[o.indicator_id];
    if (a.s.values == 0 || o.unit < a.s.unit) a.s.unit = o.unit;
    if (a.s.values == 0 || o.period < a.lo) a.lo = o.period;
    if (a.s.values == 0 || o.period > a.hi) a.hi = o.period;
    ++a.s.values;
    if (!o.value) ++a.s.missing;
    a.kinds.insert(o.source_kind);
    a.areas.emplace(o.geo_level, o.geo_id);
  }
  std::vector<IndicatorSummary> out;
  for (auto& [id, a] : by_id) {
    a.s.indicator_id = id;
    for (const auto& k : a.kinds) a.s.source_kind += (a.s.source_kind.empty() ? "" : ",") + k;
    a.s.periods = a.lo == a.hi ? a.lo : a.lo + ".." + a.hi;
    a.s.areas = static_cast<int64_t>(a.areas.size());
    out.push_back(std::move(a.s));
  }
  return out;
}

Result<std::vector<Observation>> IndicatorStore::LoadObservations() {
  CANVASS_ASSIGN_OR_RETURN(indicator_blocks::Resolved cur, indicator_blocks::Resolve(ws_->db_.get()));
  return std::move(cur.obs);
}

Result<std::string> IndicatorStore::NextRunId() {
  CANVASS_ASSIGN_OR_RETURN(int64_t n, ws_->db_->QueryInt("SELECT count(*) FROM assessment_runs"));
  char b[32];
  std::snprintf(b, sizeof b, "run-%04lld", static_cast<long long>(n + 1));
  return std::string(b);
}

Status IndicatorStore::SaveRun(const AssessmentRunRow& run) {
  CANVASS_ASSIGN_OR_RETURN(std::string packed, run_codec::Pack(run.run_json));  // before the write lock
  Db* db = ws_->db_.get();
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  Stmt q = db->Prepare("INSERT INTO assessment_runs(run_id, created_at, label, profile_name, summary, run_json) VALUES(?1,?2,?3,?4,?5,?6)");
  q.Bind(1, run.run_id).Bind(2, run.created_at).Bind(3, run.label).Bind(4, run.profile_name).Bind(5, run.summary).BindBlob(6, packed);
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
  if (q.Step()) {
    AssessmentRunRow row{q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), ""};
    if (!q.IsBlob(5)) {  // saved before schema 10: the JSON as text
      row.run_json = q.Text(5);
      return row;
    }
    CANVASS_ASSIGN_OR_RETURN(row.run_json, run_codec::Unpack(q.Blob(5)));
    return row;
  }
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
  if (n < 2 || n > 1000 || std::to_string(n) != value)
    return Status::InvalidArgument("suppression_threshold must be a whole number from 2 to 1000 (got \"" + value + "\"); the default is 11");
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
  try { return std::max(2, std::stoi(v)); } catch (...) { return kDefaultSuppressionThreshold; }
}

}  // namespace canvass::storage
