// Packed indicator blocks in the database: resolving the current values across imports,
// writing and deleting an import's blocks, and the schema 1 -> 2 migration of row tables.
#include "indicator_blocks.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/crypto_util.h"

namespace canvass::storage::indicator_blocks {

using assessment::Observation;
using core::Result;
using core::Status;

Result<Resolved> Resolve(Db* db, const std::vector<std::string>* only_groups,
                         const std::function<void(const Observation&, uint32_t)>& each) {
  Resolved res;
  std::set<std::string> wanted;
  std::set<std::string> wanted_imports;
  if (only_groups) {
    wanted.insert(only_groups->begin(), only_groups->end());
    Stmt g = db->Prepare("SELECT import_id FROM indicator_groups WHERE indicator_id = ?1 AND geo_level = ?2 AND period = ?3");
    for (const std::string& key : wanted) {
      size_t a = key.find('\x1f'), b = key.find('\x1f', a + 1);
      g.Reset();
      g.Bind(1, key.substr(0, a)).Bind(2, key.substr(a + 1, b - a - 1)).Bind(3, key.substr(b + 1));
      while (g.Step()) wanted_imports.insert(g.Text(0));
      CANVASS_RETURN_IF_ERROR(g.status());
    }
    if (wanted_imports.empty()) return res;
  }
  {
    Stmt q = db->Prepare("SELECT import_id, source_hash, seq, observations FROM indicator_imports ORDER BY seq DESC");
    while (q.Step()) {
      ImportRow row{q.Text(0), q.Text(1), q.Int(2), q.Int(3)};
      if (only_groups && !wanted_imports.count(row.import_id)) continue;
      res.imports.push_back(std::move(row));
    }
    CANVASS_RETURN_IF_ERROR(q.status());
  }
  res.live.assign(res.imports.size(), 0);
  int64_t total = 0;
  for (const ImportRow& row : res.imports) total += row.observations;
  // A hint only (a damaged count must not reserve without bound): at most 16M rows ahead.
  total = std::min<int64_t>(std::max<int64_t>(total, 0), int64_t{1} << 24);
  if (!each) {
    res.obs.reserve(static_cast<size_t>(total));
    res.import_of.reserve(static_cast<size_t>(total));
  }
  // Groups held by more than one import are the only ones where a value can be shadowed.
  std::set<std::string> shared;
  {
    Stmt q = db->Prepare(
        "SELECT indicator_id, geo_level, period FROM indicator_groups GROUP BY indicator_id, geo_level, period HAVING count(*) > 1");
    while (q.Step()) shared.insert(q.Text(0) + '\x1f' + q.Text(1) + '\x1f' + q.Text(2));
    CANVASS_RETURN_IF_ERROR(q.status());
  }
  // Area ids taken in shared groups, newer imports first. The table views its keys, so
  // they are copied into `held` (a deque: its strings never move).
  GroupNumbers numbers;
  KeyTable taken;
  std::deque<std::string> held;
  Stmt blocks = db->Prepare("SELECT data FROM indicator_blocks WHERE import_id = ?1 ORDER BY block");
  std::vector<Observation> tmp;
  for (size_t k = 0; k < res.imports.size(); ++k) {
    blocks.Reset();
    blocks.Bind(1, res.imports[k].import_id);
    while (blocks.Step()) {
      tmp.clear();
      std::string data = blocks.Blob(0);
      CANVASS_RETURN_IF_ERROR(Decode(data, &tmp));
      GroupCursor cur;
      bool keep_group = true, is_shared = false;
      uint32_t group = 0;
      for (Observation& o : tmp) {
        if (!cur.Same(o)) {
          std::string key = GroupKey(o);
          keep_group = !only_groups || wanted.count(key);
          is_shared = shared.count(key) > 0;
          group = numbers.Of(o);
        }
        cur.last = &o;
        if (!keep_group) continue;
        if (is_shared) {
          if (taken.Find(group, o.geo_id)) continue;  // a newer import has this key
          held.push_back(o.geo_id);
          bool fresh;
          taken.Insert(group, held.back(), 0, &fresh);
        }
        if (each) {
          each(o, static_cast<uint32_t>(k));
        } else {
          res.obs.push_back(std::move(o));
          cur.last = &res.obs.back();
          res.import_of.push_back(static_cast<uint32_t>(k));
        }
        ++res.live[k];
      }
    }
    CANVASS_RETURN_IF_ERROR(blocks.status());
  }
  return res;
}

Status WriteImport(Db* db, const ImportRow& row, const std::vector<std::string>& blocks,
                   const std::vector<std::pair<std::string, int64_t>>& groups, const std::string& imported_at) {
  Stmt imp = db->Prepare(
      "INSERT INTO indicator_imports(import_id, source_hash, seq, observations, imported_at) VALUES(?1,?2,?3,?4,?5)");
  imp.Bind(1, row.import_id).Bind(2, row.source_hash).Bind(3, row.seq).Bind(4, row.observations).Bind(5, imported_at);
  CANVASS_RETURN_IF_ERROR(imp.Run());
  Stmt grp = db->Prepare(
      "INSERT INTO indicator_groups(indicator_id, geo_level, period, import_id, observations) VALUES(?1,?2,?3,?4,?5)");
  for (const auto& [key, n] : groups) {
    size_t a = key.find('\x1f'), b = key.find('\x1f', a + 1);
    grp.Reset();
    grp.Bind(1, key.substr(0, a)).Bind(2, key.substr(a + 1, b - a - 1)).Bind(3, key.substr(b + 1));
    grp.Bind(4, row.import_id).Bind(5, n);
    CANVASS_RETURN_IF_ERROR(grp.Run());
  }
  Stmt blk = db->Prepare("INSERT INTO indicator_blocks(import_id, block, data) VALUES(?1,?2,?3)");
  for (size_t i = 0; i < blocks.size(); ++i) {
    blk.Reset();
    blk.Bind(1, row.import_id).Bind(2, static_cast<int64_t>(i)).BindBlob(3, blocks[i]);
    CANVASS_RETURN_IF_ERROR(blk.Run());
  }
  return Status::Ok();
}

Status DeleteImport(Db* db, const std::string& import_id) {
  for (const char* sql : {"DELETE FROM indicator_blocks WHERE import_id = ?1", "DELETE FROM indicator_groups WHERE import_id = ?1",
                          "DELETE FROM indicator_imports WHERE import_id = ?1"}) {
    Stmt q = db->Prepare(sql);
    q.Bind(1, import_id);
    CANVASS_RETURN_IF_ERROR(q.Run());
  }
  return Status::Ok();
}

Status MigrateRowsToBlocks(Db* db) {
  std::vector<std::pair<std::string, std::string>> sources;  // hash, imported_at
  {
    Stmt q = db->Prepare(
        "SELECT v.source_hash, ifnull(max(s.imported_at), '') FROM (SELECT DISTINCT source_hash FROM indicator_values) v "
        "LEFT JOIN indicator_sources s ON s.source_hash = v.source_hash GROUP BY v.source_hash ORDER BY 2, 1");
    while (q.Step()) sources.emplace_back(q.Text(0), q.Text(1));
    CANVASS_RETURN_IF_ERROR(q.status());
  }
  Stmt rows = db->Prepare(
      "SELECT indicator_id, geo_level, geo_id, period, value, unit, moe, status, source_kind, source_file, ifnull(source_row, 0) "
      "FROM indicator_values WHERE source_hash = ?1 ORDER BY indicator_id, geo_level, period, geo_id");
  int64_t seq = 0;
  for (const auto& [hash, at] : sources) {
    std::vector<Observation> obs;
    rows.Reset();
    rows.Bind(1, hash);
    while (rows.Step()) {
      Observation o;
      o.indicator_id = rows.Text(0);
      o.geo_level = rows.Text(1);
      o.geo_id = rows.Text(2);
      o.period = rows.Text(3);
      if (!rows.IsNull(4)) o.value = rows.Double(4);
      o.unit = rows.Text(5);
      if (!rows.IsNull(6)) o.moe = rows.Double(6);
      o.status = rows.Text(7);
      o.source_kind = rows.Text(8);
      o.source_file = rows.Text(9);
      o.source_row = static_cast<size_t>(rows.Int(10));
      obs.push_back(std::move(o));
    }
    CANVASS_RETURN_IF_ERROR(rows.status());
    std::vector<uint32_t> keep(obs.size());
    for (size_t i = 0; i < keep.size(); ++i) keep[i] = static_cast<uint32_t>(i);
    Packed p = Pack(obs, keep, hash);
    p.row.seq = ++seq;
    CANVASS_RETURN_IF_ERROR(WriteImport(db, p.row, p.blocks, p.groups, at));
  }
  return db->Exec("DROP TABLE indicator_values");
}

}  // namespace canvass::storage::indicator_blocks
