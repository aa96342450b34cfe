// The publication ledger: releases, and the distinct record and count sets they name
// (release_ledger.h).
#include "release_ledger.h"

#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/crypto_util.h"
#include "core/value.h"
#include "db.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;

namespace release_ledger {
namespace {

void Put(std::string* s, std::string_view v) {
  *s += std::to_string(v.size());
  *s += ':';
  s->append(v.data(), v.size());
}

// Reads one "<len>:<bytes>" at *pos; false when the body is malformed.
bool Take(const std::string& body, size_t* pos, std::string_view* out) {
  size_t colon = body.find(':', *pos);
  if (colon == std::string::npos || colon == *pos || colon - *pos > 9) return false;
  size_t n = 0;
  for (size_t i = *pos; i < colon; ++i) {
    if (body[i] < '0' || body[i] > '9') return false;
    n = n * 10 + static_cast<size_t>(body[i] - '0');
  }
  if (n > body.size() - colon - 1) return false;
  *out = std::string_view(body).substr(colon + 1, n);
  *pos = colon + 1 + n;
  return true;
}

Status Damaged() { return Status::Corruption("the publication ledger is damaged; run canvass-cli check"); }

}  // namespace

std::string EncodeRecords(const std::map<std::string, std::string>& records) {
  std::string s;
  for (const auto& [id, digest] : records) {
    Put(&s, id);
    Put(&s, digest);
  }
  return s;
}

std::string EncodeShown(const std::map<std::string, double>& shown) {
  std::string s;
  char num[40];
  for (const auto& [key, v] : shown) {
    Put(&s, key);
    Put(&s, std::string_view(num, static_cast<size_t>(std::snprintf(num, sizeof num, "%.17g", v))));
  }
  return s;
}

Status DecodeRecords(const std::string& body, std::map<std::string, std::string>* out) {
  size_t pos = 0;
  std::string_view k, v;
  while (pos < body.size()) {
    if (!Take(body, &pos, &k) || !Take(body, &pos, &v)) return Damaged();
    out->emplace_hint(out->end(), std::string(k), std::string(v));
  }
  return Status::Ok();
}

Status ReadRecords(const std::string& body,
                   const std::function<void(const std::function<bool(std::string_view*, std::string_view*)>&)>& read) {
  size_t pos = 0;
  bool damaged = false;
  std::string_view last;
  bool first = true;
  read([&](std::string_view* id, std::string_view* print) {
    if (pos >= body.size() || damaged) return false;
    // Written from a sorted map: the ids ascend strictly, or a comparison would be wrong.
    damaged = !Take(body, &pos, id) || !Take(body, &pos, print) || (!first && *id <= last);
    last = *id;
    first = false;
    return !damaged;
  });
  return damaged || pos != body.size() ? Damaged() : Status::Ok();
}

Status DecodeShown(const std::string& body, std::map<std::string, double>* out) {
  size_t pos = 0;
  std::string_view k, v;
  while (pos < body.size()) {
    if (!Take(body, &pos, &k) || !Take(body, &pos, &v)) return Damaged();
    std::string num(v);
    char* end = nullptr;
    double d = std::strtod(num.c_str(), &end);
    if (num.empty() || end != num.c_str() + num.size()) return Damaged();
    out->emplace_hint(out->end(), std::string(k), d);
  }
  return Status::Ok();
}

Result<std::string> PutSet(Db* db, const char* kind, const std::string& body, int64_t entries) {
  std::string digest = core::Blake2bHex(std::string(kind) + '\n' + body);
  Stmt q = db->Prepare("INSERT OR IGNORE INTO release_sets(digest, kind, entries, body) VALUES(?1,?2,?3,?4)");
  q.Bind(1, digest).Bind(2, kind).Bind(3, entries).BindBlob(4, body);
  CANVASS_RETURN_IF_ERROR(q.Run());
  return digest;
}

Status MigrateToSets(Db* db) {
  bool has_sets = false;
  {
    Stmt cols = db->Prepare("PRAGMA table_info(releases)");
    while (cols.Step()) has_sets = has_sets || cols.Text(1) == "records_set";
    CANVASS_RETURN_IF_ERROR(cols.status());
  }
  if (!has_sets) {
    CANVASS_RETURN_IF_ERROR(db->Exec("ALTER TABLE releases ADD COLUMN records_set TEXT NOT NULL DEFAULT ''"));
    CANVASS_RETURN_IF_ERROR(db->Exec("ALTER TABLE releases ADD COLUMN shown_set TEXT NOT NULL DEFAULT ''"));
  }
  struct Old { std::string id, records, shown; };
  std::vector<Old> rows;
  {
    Stmt q = db->Prepare("SELECT release_id, records, shown FROM releases WHERE records_set = ''");
    while (q.Step()) rows.push_back({q.Text(0), q.Text(1), q.Text(2)});
    CANVASS_RETURN_IF_ERROR(q.status());
  }
  for (const Old& o : rows) {
    auto records = core::ParseJson(o.records, "release " + o.id);
    auto shown = core::ParseJson(o.shown, "release " + o.id);
    if (!records.ok() || !shown.ok() || !records->is_object() || !shown->is_object()) return Damaged();
    std::map<std::string, std::string> r;
    std::map<std::string, double> s;
    for (const auto& [k, v] : records->as_object())
      if (v.is_string()) r[k] = v.as_string();
    for (const auto& [k, v] : shown->as_object())
      if (v.is_number()) s[k] = v.as_number();
    CANVASS_ASSIGN_OR_RETURN(std::string rd, PutSet(db, "records", EncodeRecords(r), static_cast<int64_t>(r.size())));
    CANVASS_ASSIGN_OR_RETURN(std::string sd, PutSet(db, "shown", EncodeShown(s), static_cast<int64_t>(s.size())));
    Stmt u = db->Prepare("UPDATE releases SET records = '', shown = '', records_set = ?2, shown_set = ?3 WHERE release_id = ?1");
    u.Bind(1, o.id).Bind(2, rd).Bind(3, sd);
    CANVASS_RETURN_IF_ERROR(u.Run());
  }
  return Status::Ok();
}

}  // namespace release_ledger

Result<std::vector<ReleaseSummary>> IndicatorStore::ListReleases() {
  std::vector<ReleaseSummary> out;
  Stmt q = ws_->db_->Prepare(
      "SELECT r.release_id, r.created_at, r.what, coalesce(a.entries, 0), coalesce(b.entries, 0) FROM releases r "
      "LEFT JOIN release_sets a ON a.digest = r.records_set LEFT JOIN release_sets b ON b.digest = r.shown_set "
      "ORDER BY r.created_at, r.release_id");
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4)});
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

namespace {
// Each distinct record set once, named by the latest release that counted it: id, date, body.
constexpr const char* kRecordSetsQuery =
    "SELECT r.release_id, r.created_at, s.body FROM release_sets s JOIN releases r ON r.records_set = s.digest "
    "WHERE s.kind = 'records' AND r.release_id = (SELECT r2.release_id FROM releases r2 WHERE r2.records_set = s.digest "
    "ORDER BY r2.created_at DESC, r2.release_id DESC LIMIT 1) ORDER BY r.created_at, r.release_id";
}  // namespace

Result<std::vector<ReleasedRecords>> IndicatorStore::ReleasedRecordSets() {
  // Each distinct set once, named by the latest release that counted it.
  std::vector<ReleasedRecords> out;
  Stmt q = ws_->db_->Prepare(kRecordSetsQuery);
  while (q.Step()) {
    ReleasedRecords r{q.Text(0), q.Text(1), {}};
    CANVASS_RETURN_IF_ERROR(release_ledger::DecodeRecords(q.Blob(2), &r.records));
    out.push_back(std::move(r));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Status IndicatorStore::ForEachReleasedRecordSet(
    const std::function<void(const std::string& release_id, const std::string& created_at, const RecordPairs& next)>& each) {
  // Each stored set is read once: through a small page cache, not the workspace's 64 MiB
  // (at 100,000 records the sets' pages filled about 40 MB of it on every assess).
  ScanCache scan(ws_->db_.get(), 2048);
  Stmt q = ws_->db_->Prepare(kRecordSetsQuery);
  while (q.Step()) {
    const std::string id = q.Text(0), created_at = q.Text(1);
    CANVASS_RETURN_IF_ERROR(release_ledger::ReadRecords(q.Blob(2), [&](const RecordPairs& next) { each(id, created_at, next); }));
  }
  return q.status();
}

Result<std::vector<std::map<std::string, double>>> IndicatorStore::ReleasedShownSets() {
  std::vector<std::map<std::string, double>> out;
  Stmt q = ws_->db_->Prepare(
      "SELECT s.body FROM release_sets s WHERE s.kind = 'shown' AND EXISTS(SELECT 1 FROM releases r WHERE r.shown_set = s.digest) "
      "ORDER BY s.digest");
  while (q.Step()) {
    out.emplace_back();
    CANVASS_RETURN_IF_ERROR(release_ledger::DecodeShown(q.Blob(0), &out.back()));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Status IndicatorStore::RecordRelease(const ReleaseRow& release, const std::map<std::string, std::string>& records,
                                     const std::map<std::string, double>& shown) {
  Db* db = ws_->db_.get();
  Transaction tx(db);
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_ASSIGN_OR_RETURN(std::string rd, release_ledger::PutSet(db, "records", release_ledger::EncodeRecords(records),
                                                                  static_cast<int64_t>(records.size())));
  CANVASS_ASSIGN_OR_RETURN(std::string sd, release_ledger::PutSet(db, "shown", release_ledger::EncodeShown(shown),
                                                                  static_cast<int64_t>(shown.size())));
  Stmt q = db->Prepare(
      "INSERT OR REPLACE INTO releases(release_id, created_at, what, records, shown, records_set, shown_set) "
      "VALUES(?1,?2,?3,'','',?4,?5)");
  q.Bind(1, release.release_id).Bind(2, release.created_at).Bind(3, release.what).Bind(4, rd).Bind(5, sd);
  CANVASS_RETURN_IF_ERROR(q.Run());
  CANVASS_RETURN_IF_ERROR(ws_->AppendAuditLocked("release", release.release_id + ": " + release.what + ", " +
                                                                std::to_string(records.size()) + " records, " +
                                                                std::to_string(shown.size()) + " counts shown"));
  return tx.Commit();
}

}  // namespace canvass::storage
