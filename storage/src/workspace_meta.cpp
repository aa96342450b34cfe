// Workspace metadata, device registry, bundle log and the hash-chained audit log.
#include "core/crypto_util.h"
#include "db.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;

namespace {
std::string AuditHash(const std::string& prev, int64_t seq, const std::string& at, const std::string& actor,
                      const std::string& action, const std::string& detail) {
  core::Hasher h;
  for (const std::string& f : {std::string("canvass-audit-v1"), prev, std::to_string(seq), at, actor, action, detail})
    h.Field(f);
  return h.FinishHex();
}
}  // namespace

Status Workspace::AppendAuditLocked(const std::string& action, const std::string& detail) {
  auto count = db_->QueryText("SELECT value FROM meta WHERE key = 'audit_count'");
  auto head = db_->QueryText("SELECT value FROM meta WHERE key = 'audit_head'");
  if (!count.ok() || !head.ok()) return Status::Corruption("audit log state missing");
  int64_t seq = std::stoll(*count) + 1;
  std::string at = core::FormatIsoUtc(clock_->NowMillis());
  std::string actor = info_.device_id;
  std::string hash = AuditHash(*head, seq, at, actor, action, detail);
  Stmt q = db_->Prepare(
      "INSERT INTO audit_log(seq, at, actor, action, detail, prev_hash, hash) VALUES(?1,?2,?3,?4,?5,?6,?7)");
  CANVASS_RETURN_IF_ERROR(q.Bind(1, seq).Bind(2, at).Bind(3, actor).Bind(4, action).Bind(5, detail)
                              .Bind(6, *head).Bind(7, hash).Run());
  Stmt u = db_->Prepare("UPDATE meta SET value = CASE key WHEN 'audit_count' THEN ?1 ELSE ?2 END "
                        "WHERE key IN ('audit_count','audit_head')");
  return u.Bind(1, std::to_string(seq)).Bind(2, hash).Run();
}

Status Workspace::AppendAudit(const std::string& action, const std::string& detail) {
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked(action, detail));
  return tx.Commit();
}

Result<int64_t> Workspace::RecordRefusal(const std::string& sha256, const std::string& reason, const std::string& action,
                                         const std::string& detail) {
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  const std::string now = core::FormatIsoUtc(clock_->NowMillis());
  Stmt q = db_->Prepare("SELECT count FROM bundle_refusals WHERE sha256 = ?1 AND reason = ?2");
  q.Bind(1, sha256).Bind(2, reason);
  int64_t count = q.Step() ? q.Int(0) + 1 : 1;
  CANVASS_RETURN_IF_ERROR(q.status());
  if (count == 1) {
    Stmt ins = db_->Prepare("INSERT INTO bundle_refusals(sha256, reason, count, first_at, last_at) VALUES(?1,?2,1,?3,?3)");
    CANVASS_RETURN_IF_ERROR(ins.Bind(1, sha256).Bind(2, reason).Bind(3, now).Run());
    CANVASS_RETURN_IF_ERROR(AppendAuditLocked(action, detail));
  } else {
    Stmt up = db_->Prepare("UPDATE bundle_refusals SET count = ?3, last_at = ?4 WHERE sha256 = ?1 AND reason = ?2");
    CANVASS_RETURN_IF_ERROR(up.Bind(1, sha256).Bind(2, reason).Bind(3, count).Bind(4, now).Run());
  }
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return count;
}

Result<std::vector<BundleRefusal>> Workspace::ListRefusals() {
  std::vector<BundleRefusal> out;
  Stmt q = db_->Prepare("SELECT sha256, reason, count, first_at, last_at FROM bundle_refusals ORDER BY last_at DESC, sha256, reason");
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Int(2), q.Text(3), q.Text(4)});
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<AuditEntry>> Workspace::ListAudit() {
  std::vector<AuditEntry> out;
  Stmt q = db_->Prepare("SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq");
  while (q.Step())
    out.push_back({q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Text(6)});
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

// Verifies the chain: each entry's prev_hash is its predecessor's hash, each hash
// recomputes, sequence numbers have no gap, and the head/count in meta match.
Status VerifyAuditChain(const std::vector<AuditEntry>& entries, const std::string& head, int64_t count) {
  std::string prev(64, '0');
  int64_t expect = 1;
  for (const AuditEntry& e : entries) {
    if (e.seq != expect) return Status::Corruption("audit log entry " + std::to_string(expect) + " is missing");
    if (e.prev_hash != prev) return Status::Corruption("audit log entry " + std::to_string(e.seq) + " does not follow its predecessor");
    if (AuditHash(prev, e.seq, e.at, e.actor, e.action, e.detail) != e.hash)
      return Status::Corruption("audit log entry " + std::to_string(e.seq) + " was altered");
    prev = e.hash;
    ++expect;
  }
  if (static_cast<int64_t>(entries.size()) != count || prev != head)
    return Status::Corruption("audit log entries after " + std::to_string(entries.size()) + " were removed");
  return Status::Ok();
}

Result<std::string> Workspace::GetMeta(const std::string& key) {
  Stmt q = db_->Prepare("SELECT value FROM meta WHERE key = ?1");
  q.Bind(1, key);
  if (q.Step()) return q.Text(0);
  CANVASS_RETURN_IF_ERROR(q.status());
  return Status::NotFound("no setting \"" + key + "\"");
}

Status Workspace::SetMeta(const std::string& key, const std::string& value) {
  Stmt q = db_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
  CANVASS_RETURN_IF_ERROR(q.Bind(1, key).Bind(2, value).Run());
  if (key == "project_id" || key == "device_id" || key == "name" || key == "device_name" || key == "role")
    return LoadInfo();
  return Status::Ok();
}

Status Workspace::AdoptIdentity(const std::string& project_id, const std::string& project_name,
                                const std::string& device_id, const std::string& device_name) {
  auto count = db_->QueryInt("SELECT (SELECT count(*) FROM interviews) + (SELECT count(*) FROM versions)");
  if (!count.ok() || *count != 0) return Status::InvalidArgument("a workspace can take a new identity only while it holds no interviews");
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  Stmt d = db_->Prepare("UPDATE devices SET device_id = ?1, name = ?2 WHERE status = 'self'");
  CANVASS_RETURN_IF_ERROR(d.Bind(1, device_id).Bind(2, device_name).Run());
  for (const auto& [k, v] : {std::pair<const char*, std::string>{"project_id", project_id}, {"name", project_name},
                             {"device_id", device_id}, {"device_name", device_name}}) {
    Stmt q = db_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    CANVASS_RETURN_IF_ERROR(q.Bind(1, k).Bind(2, v).Run());
  }
  CANVASS_RETURN_IF_ERROR(LoadInfo());
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("device.join", "project=" + project_id + " device=" + device_id));
  return tx.Commit();
}

namespace {
DeviceRow ReadDevice(const Stmt& q) {
  DeviceRow d;
  d.device_id = q.Text(0);
  d.name = q.Text(1);
  d.sign_pk = q.Blob(2);
  d.status = q.Text(3);
  d.enrolled_at = q.Text(4);
  d.revoked_at = q.Text(5);
  d.max_seq = q.Int(6);
  return d;
}
const char* kDeviceCols = "device_id, name, sign_pk, status, enrolled_at, ifnull(revoked_at,''), max_seq";
}  // namespace

Result<std::vector<DeviceRow>> Workspace::ListDevices() {
  std::vector<DeviceRow> out;
  Stmt q = db_->Prepare(std::string("SELECT ") + kDeviceCols + " FROM devices ORDER BY enrolled_at, device_id");
  while (q.Step()) out.push_back(ReadDevice(q));
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::optional<DeviceRow>> Workspace::GetDevice(const std::string& id) {
  Stmt q = db_->Prepare(std::string("SELECT ") + kDeviceCols + " FROM devices WHERE device_id = ?1");
  q.Bind(1, id);
  if (q.Step()) return std::optional<DeviceRow>(ReadDevice(q));
  CANVASS_RETURN_IF_ERROR(q.status());
  return std::optional<DeviceRow>();
}

Status Workspace::PutDevice(const DeviceRow& d) {
  Stmt q = db_->Prepare(
      "INSERT OR REPLACE INTO devices(device_id, name, sign_pk, status, enrolled_at, revoked_at, max_seq) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  q.Bind(1, d.device_id).Bind(2, d.name).BindBlob(3, d.sign_pk).Bind(4, d.status).Bind(5, d.enrolled_at);
  if (d.revoked_at.empty()) q.BindNull(6); else q.Bind(6, d.revoked_at);
  return q.Bind(7, d.max_seq).Run();
}

Result<bool> Workspace::BundleSeen(const std::string& bundle_id) {
  Stmt q = db_->Prepare("SELECT 1 FROM bundle_log WHERE bundle_id = ?1");
  q.Bind(1, bundle_id);
  bool seen = q.Step();
  CANVASS_RETURN_IF_ERROR(q.status());
  return seen;
}

Status Workspace::LogBundle(const BundleLogEntry& e) {
  Stmt q = db_->Prepare(
      "INSERT INTO bundle_log(bundle_id, direction, device_id, seq, sha256, at, summary) VALUES(?1,?2,?3,?4,?5,?6,?7)");
  return q.Bind(1, e.bundle_id).Bind(2, e.direction).Bind(3, e.device_id).Bind(4, e.seq).Bind(5, e.sha256)
      .Bind(6, e.at).Bind(7, e.summary).Run();
}

Result<std::vector<BundleLogEntry>> Workspace::ListBundleLog(const std::string& direction, const std::string& device_id) {
  std::vector<BundleLogEntry> out;
  Stmt q = db_->Prepare("SELECT bundle_id, direction, device_id, seq, sha256, at, summary FROM bundle_log "
                        "WHERE direction = ?1 AND (?2 = '' OR device_id = ?2) ORDER BY seq, at");
  q.Bind(1, direction).Bind(2, device_id);
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Text(4), q.Text(5), q.Text(6)});
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace canvass::storage
