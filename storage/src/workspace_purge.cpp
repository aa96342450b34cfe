// Minimal data on field laptops (docs/security.md PR-3): the coordinator's receipts, and the
// purge of final interviews the central holds, then VACUUM so freed pages keep nothing.
//
// [SECTION] Digests and receipts (central and field)
// [SECTION] The purge (field)
// [SECTION] The purge delay setting (central)
#include <algorithm>
#include <map>
#include <set>

#include "core/crypto_util.h"
#include "db.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

namespace {

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Final here: exactly one status head, and it says "final".
const char* kIsFinalSql =
    "SELECT count(*) = 1 AND max(v.value) = '\"final\"' FROM heads h JOIN versions v ON v.version_id = h.version_id "
    "WHERE h.subject = ?1 AND h.kind = 'status' AND h.field = ''";

Result<bool> IsFinal(Stmt& q, const std::string& uuid) {
  q.Reset();
  q.Bind(1, uuid);
  bool final = q.Step() && q.Int(0) == 1;
  CANVASS_RETURN_IF_ERROR(q.status());
  q.Reset();
  return final;
}

}  // namespace

Value PurgeReport::ToValue() const {
  Value::Array ids;
  for (const auto& u : uuids) ids.emplace_back(u);
  return Value(Value::Object{{"receipted", Value(receipted)}, {"purged", Value(purged)}, {"waiting", Value(waiting)},
                             {"not_covered", Value(not_covered)}, {"purge_after_days", Value(static_cast<int64_t>(purge_after_days))},
                             {"next_due", next_due_ms ? Value(core::FormatIsoUtc(next_due_ms)) : Value()},
                             {"purged_before", Value(purged_before)}, {"last_purged_at", last_purged_at},
                             {"interviews", Value(std::move(ids))}});
}

// [SECTION] Digests and receipts (central and field)

Result<std::string> Workspace::InterviewDigest(const std::string& uuid) {
  Stmt q = db_->Prepare("SELECT version_id FROM versions WHERE subject = ?1 AND kind IN ('answer','status') ORDER BY version_id");
  q.Bind(1, uuid);
  core::Hasher h;
  h.Field("canvass-receipt-v1");
  h.Field(uuid);
  while (q.Step()) h.Field(q.Text(0));
  CANVASS_RETURN_IF_ERROR(q.status());
  return h.FinishHex();
}

Result<std::vector<ReceiptItem>> Workspace::ReceiptItems(const std::string& device_id) {
  if (info_.role != Role::kCentral) return Status::InvalidArgument("receipts are written by the central workspace");
  Stmt q = db_->Prepare("SELECT uuid FROM interviews WHERE device_id = ?1 ORDER BY uuid");
  Stmt fin = db_->Prepare(kIsFinalSql);
  q.Bind(1, device_id);
  std::vector<std::string> uuids;
  while (q.Step()) uuids.push_back(q.Text(0));
  CANVASS_RETURN_IF_ERROR(q.status());
  std::vector<ReceiptItem> out;
  for (const auto& u : uuids) {
    CANVASS_ASSIGN_OR_RETURN(bool final, IsFinal(fin, u));
    if (!final) continue;
    CANVASS_ASSIGN_OR_RETURN(std::string digest, InterviewDigest(u));
    out.push_back({u, std::move(digest)});
  }
  return out;
}

Status Workspace::RecordReceipt(const std::string& receipt_id, const std::vector<ReceiptItem>& items, int days) {
  if (info_.role != Role::kField) return Status::InvalidArgument("receipts are recorded on field laptops");
  if (days < 0 || days > kMaxPurgeAfterDays) return Status::Corruption("the receipt's purge delay is out of range");
  // Same digest as before: the first receipt time stands (only the delay may change).
  Stmt keep = db_->Prepare("UPDATE receipts SET purge_after_days = ?3 WHERE uuid = ?1 AND digest = ?2");
  Stmt put = db_->Prepare(
      "INSERT OR REPLACE INTO receipts(uuid, digest, receipt_id, received_ms, purge_after_days) SELECT ?1, ?2, ?4, ?5, ?3 "
      "WHERE EXISTS (SELECT 1 FROM interviews WHERE uuid = ?1) AND NOT EXISTS (SELECT 1 FROM purged WHERE uuid = ?1)");
  int64_t now = clock_->NowMillis();
  for (const auto& it : items) {
    keep.Bind(1, it.uuid).Bind(2, it.digest).Bind(3, days);
    Status st = keep.Run();
    keep.Reset();
    CANVASS_RETURN_IF_ERROR(st);
    if (db_->Changes() > 0) continue;
    put.Bind(1, it.uuid).Bind(2, it.digest).Bind(3, days).Bind(4, receipt_id).Bind(5, now);
    st = put.Run();
    put.Reset();
    CANVASS_RETURN_IF_ERROR(st);
  }
  return Status::Ok();
}

// [SECTION] The purge (field)

namespace {

struct Due {
  std::string uuid, receipt_id;
};

// Every version subject that belongs to the interview: its own cells, the codings and memos
// of its answers ("answer:<uuid>/<qid>"), and the coding cells whose value names it.
Result<std::vector<std::string>> SubjectsOf(Db* db, const std::string& uuid, const std::multimap<std::string, std::string>& codings) {
  std::vector<std::string> out{uuid};
  Stmt q = db->Prepare("SELECT DISTINCT subject FROM versions WHERE subject >= ?1 AND subject < ?2");
  q.Bind(1, "answer:" + uuid + "/").Bind(2, "answer:" + uuid + "0");
  while (q.Step()) out.push_back(q.Text(0));
  CANVASS_RETURN_IF_ERROR(q.status());
  auto range = codings.equal_range(uuid);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

// interview uuid -> coding subject, for every coding version whose value names an answer.
Result<std::multimap<std::string, std::string>> CodingsByInterview(Db* db) {
  std::multimap<std::string, std::string> out;
  std::set<std::pair<std::string, std::string>> seen;
  Stmt q = db->Prepare("SELECT subject, value FROM versions WHERE kind = 'coding'");
  while (q.Step()) {
    auto v = core::ParseJson(q.Text(1), "coding");
    if (!v.ok()) continue;
    const Value* a = v->Find("answer");
    const Value* i = a && a->is_object() ? a->Find("interview") : nullptr;
    if (i && i->is_string() && seen.insert({i->as_string(), q.Text(0)}).second) out.emplace(i->as_string(), q.Text(0));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

// Deletes every version and parent edge of one subject (the purge marker is set).
Status DeleteSubject(Db* db, const std::string& subject) {
  Stmt vs = db->Prepare("SELECT version_id, parents FROM versions WHERE subject = ?1");
  vs.Bind(1, subject);
  std::vector<std::pair<std::string, std::string>> rows;
  while (vs.Step()) rows.emplace_back(vs.Text(0), vs.Text(1));
  CANVASS_RETURN_IF_ERROR(vs.status());
  Stmt edge = db->Prepare("DELETE FROM version_parents WHERE parent_id = ?1 AND version_id = ?2");
  for (const auto& [id, parents] : rows) {
    size_t start = 0;
    while (start < parents.size()) {
      size_t end = parents.find(',', start);
      if (end == std::string::npos) end = parents.size();
      edge.Bind(1, parents.substr(start, end - start)).Bind(2, id);
      Status st = edge.Run();
      edge.Reset();
      CANVASS_RETURN_IF_ERROR(st);
      start = end + 1;
    }
  }
  Stmt d = db->Prepare("DELETE FROM versions WHERE subject = ?1");  // its heads go with it (a view)
  CANVASS_RETURN_IF_ERROR(d.Bind(1, subject).Run());
  return Status::Ok();
}

// Version rowids are the local sequence exports continue from: after the highest rows are
// deleted SQLite reuses their rowids, so no acknowledged high-water mark may stay above them.
Status CapExportHighWater(Db* db) {
  CANVASS_ASSIGN_OR_RETURN(int64_t max, db->QueryInt("SELECT coalesce(max(rowid), 0) FROM versions"));
  Stmt q = db->Prepare("SELECT bundle_id, summary FROM bundle_log WHERE direction = 'out'");
  std::vector<std::pair<std::string, std::string>> fix;
  while (q.Step()) {
    auto s = core::ParseJson(q.Text(1), "summary");
    if (!s.ok() || !s->is_object()) continue;
    const Value* hw = s->Find("high_water");
    if (!hw || !hw->is_integer() || hw->as_int() <= max) continue;
    s->mutable_object()["high_water"] = Value(max);
    fix.emplace_back(q.Text(0), s->ToJson());
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  Stmt u = db->Prepare("UPDATE bundle_log SET summary = ?2 WHERE bundle_id = ?1");
  for (const auto& [id, summary] : fix) {
    Status st = u.Bind(1, id).Bind(2, summary).Run();
    u.Reset();
    CANVASS_RETURN_IF_ERROR(st);
  }
  return Status::Ok();
}

}  // namespace

Result<PurgeReport> Workspace::Purge(bool dry_run) {
  if (info_.role != Role::kField)
    return Status::InvalidArgument("purging runs on field laptops; the central workspace keeps every interview");
  PurgeReport r;
  int64_t now = clock_->NowMillis();
  std::vector<Due> due;
  {
    Stmt t = db_->Prepare("SELECT count(*), coalesce(max(purged_at), '') FROM purged");
    if (t.Step()) { r.purged_before = t.Int(0); r.last_purged_at = t.Text(1); }
    CANVASS_RETURN_IF_ERROR(t.status());
  }
  {
    Stmt q = db_->Prepare("SELECT uuid, digest, receipt_id, received_ms, purge_after_days FROM receipts ORDER BY uuid");
    Stmt fin = db_->Prepare(kIsFinalSql);
    struct Row { std::string uuid, digest, receipt_id; int64_t at; int64_t days; };
    std::vector<Row> rows;
    while (q.Step()) rows.push_back({q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4)});
    CANVASS_RETURN_IF_ERROR(q.status());
    for (const Row& row : rows) {
      ++r.receipted;
      r.purge_after_days = static_cast<int>(row.days);
      int64_t at = row.at + row.days * kDayMs;
      if (at > now) {
        ++r.waiting;
        r.next_due_ms = r.next_due_ms ? std::min(r.next_due_ms, at) : at;
        continue;
      }
      CANVASS_ASSIGN_OR_RETURN(bool final, IsFinal(fin, row.uuid));
      CANVASS_ASSIGN_OR_RETURN(std::string digest, InterviewDigest(row.uuid));
      if (!final || digest != row.digest) {
        ++r.not_covered;
        continue;
      }
      due.push_back({row.uuid, row.receipt_id});
      r.uuids.push_back(row.uuid);
    }
  }
  r.purged = static_cast<int64_t>(due.size());
  if (dry_run || due.empty()) return r;

  {
    Transaction tx(db_.get());
    CANVASS_RETURN_IF_ERROR(tx.status());
    CANVASS_RETURN_IF_ERROR(db_->Exec("INSERT INTO purging(active) VALUES(1)"));
    CANVASS_ASSIGN_OR_RETURN(auto codings, CodingsByInterview(db_.get()));
    std::string at = core::FormatIsoUtc(now);
    std::set<std::string> receipts;
    for (const Due& d : due) {
      CANVASS_ASSIGN_OR_RETURN(auto subjects, SubjectsOf(db_.get(), d.uuid, codings));
      for (const auto& s : subjects) CANVASS_RETURN_IF_ERROR(DeleteSubject(db_.get(), s));
      for (const char* sql : {"DELETE FROM fact_cache WHERE subject = ?1", "DELETE FROM fact_dirty WHERE subject = ?1",
                              "DELETE FROM interviews WHERE uuid = ?1", "DELETE FROM receipts WHERE uuid = ?1"}) {
        Stmt s = db_->Prepare(sql);
        CANVASS_RETURN_IF_ERROR(s.Bind(1, d.uuid).Run());
      }
      Stmt tomb = db_->Prepare("INSERT OR REPLACE INTO purged(uuid, receipt_id, purged_at) VALUES(?1, ?2, ?3)");
      CANVASS_RETURN_IF_ERROR(tomb.Bind(1, d.uuid).Bind(2, d.receipt_id).Bind(3, at).Run());
      receipts.insert(d.receipt_id);
    }
    CANVASS_RETURN_IF_ERROR(db_->Exec("DELETE FROM purging"));
    CANVASS_RETURN_IF_ERROR(CapExportHighWater(db_.get()));
    CANVASS_RETURN_IF_ERROR(AppendAuditLocked("interviews.purge", "purged=" + std::to_string(due.size()) +
                                                                      " receipts=" + std::to_string(receipts.size())));
    CANVASS_RETURN_IF_ERROR(tx.Commit());
  }
  // secure_delete zeroed the freed cells; VACUUM rewrites the file without free pages and the
  // checkpoint empties the -wal, which still held the old page images.
  CANVASS_RETURN_IF_ERROR(db_->Exec("VACUUM"));
  CANVASS_RETURN_IF_ERROR(db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  return r;
}

// [SECTION] The purge delay setting (central)

Result<int> Workspace::PurgeAfterDays() {
  auto v = GetMeta("setting.purge_after_days");
  if (!v.ok()) return kDefaultPurgeAfterDays;
  try {
    int n = std::stoi(*v);
    return std::clamp(n, 0, kMaxPurgeAfterDays);
  } catch (...) {
    return kDefaultPurgeAfterDays;
  }
}

Status Workspace::SetPurgeAfterDays(const std::string& days) {
  if (info_.role != Role::kCentral)
    return Status::InvalidArgument("the purge delay is set on the central workspace; laptops get it with the next update");
  bool digits = !days.empty() && days.size() <= 3 && std::all_of(days.begin(), days.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoi(days) > kMaxPurgeAfterDays)
    return Status::InvalidArgument("purge_after_days must be a whole number of days from 0 to " + std::to_string(kMaxPurgeAfterDays) +
                                   " (got \"" + days.substr(0, 20) + "\")");
  std::string value = std::to_string(std::stoi(days));
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_RETURN_IF_ERROR(SetMeta("setting.purge_after_days", value));
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("settings.set", "purge_after_days = " + value));
  return tx.Commit();
}

}  // namespace canvass::storage
