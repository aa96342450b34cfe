// Workspace lifecycle (create, open, passphrase change), identity, digest and check.
#include "storage/workspace.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "core/crypto_util.h"
#include "db.h"
#include "forms/protocols.h"
#include "indicator_blocks.h"
#include "keyed_open.h"
#include "schema.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

Workspace::Workspace(std::string path, std::unique_ptr<Db> db, core::Clock* clock)
    : path_(std::move(path)), db_(std::move(db)), clock_(clock), hlc_(clock) {}

Workspace::~Workspace() = default;

std::string ComputeVersionId(const Version& v) { return ComputeVersionId(v, v.value.ToJson()); }

std::string ComputeVersionId(const Version& v, std::string_view value_json) {
  // The canonical JSON of {kind, subject, field, value, hlc, device, author, note, parents},
  // written directly: keys in sorted order, strings escaped as Value::ToJson escapes them
  // (a test compares it with the Value it stands for).
  std::string body = "canvass-version-v1\n{\"author\":";
  body.reserve(160 + value_json.size() + 67 * v.parents.size() + v.note.size());
  core::AppendJsonString(body, v.author);
  body += ",\"device\":";
  core::AppendJsonString(body, v.device_id);
  body += ",\"field\":";
  core::AppendJsonString(body, v.field);
  body += ",\"hlc\":";
  core::AppendJsonString(body, v.hlc);
  body += ",\"kind\":";
  core::AppendJsonString(body, v.kind);
  body += ",\"note\":";
  core::AppendJsonString(body, v.note);
  body += ",\"parents\":[";
  for (size_t i = 0; i < v.parents.size(); ++i) {
    if (i) body.push_back(',');
    core::AppendJsonString(body, v.parents[i]);
  }
  body += "],\"subject\":";
  core::AppendJsonString(body, v.subject);
  body += ",\"value\":";
  body.append(value_json);
  body.push_back('}');
  return core::Blake2bHex(body, 32);
}

Result<std::unique_ptr<Workspace>> Workspace::Create(const std::string& path, std::string_view passphrase,
                                                     Role role, const std::string& name,
                                                     const OpenOptions& opts) {
  CANVASS_RETURN_IF_ERROR(core::InitCrypto());
  if (name.empty() || name.size() > 200)
    return Status::InvalidArgument("the workspace name must be 1 to 200 characters");
  auto db = std::make_unique<Db>();
  CANVASS_RETURN_IF_ERROR(CreateKeyed(db.get(), path, passphrase));
  std::unique_ptr<Workspace> ws(new Workspace(path, std::move(db), opts.clock ? opts.clock : &core::SystemClock()));
  Status st = Migrate(ws->db_.get());
  if (st.ok()) st = ws->InitNew(role, name);
  if (st.ok()) st = ws->LoadInfo();
  if (!st.ok()) {
    ws.reset();
    ::remove(path.c_str());
    ::remove((path + "-wal").c_str());
    ::remove((path + "-shm").c_str());
    return st;
  }
  return ws;
}

Result<std::unique_ptr<Workspace>> Workspace::Open(const std::string& path, std::string_view passphrase,
                                                   const OpenOptions& opts) {
  CANVASS_RETURN_IF_ERROR(core::InitCrypto());
  auto db = std::make_unique<Db>();
  CANVASS_RETURN_IF_ERROR(OpenKeyed(db.get(), path, passphrase));
  std::unique_ptr<Workspace> ws(new Workspace(path, std::move(db), opts.clock ? opts.clock : &core::SystemClock()));
  CANVASS_RETURN_IF_ERROR(Migrate(ws->db_.get()));
  CANVASS_RETURN_IF_ERROR(ws->LoadInfo());
  return ws;
}

Status Workspace::ChangePassphrase(const std::string& path, std::string_view old_pass,
                                   std::string_view new_pass) {
  CANVASS_RETURN_IF_ERROR(core::InitCrypto());
  CANVASS_RETURN_IF_ERROR(RekeyFile(path, old_pass, new_pass));
  auto ws = Open(path, new_pass);
  if (!ws.ok()) return ws.status();
  return (*ws)->AppendAudit("passphrase.change", "workspace passphrase changed");
}

Status Workspace::InTransaction(const std::function<Status()>& body) {
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  CANVASS_RETURN_IF_ERROR(body());
  return tx.Commit();
}

Status Workspace::InitNew(Role role, const std::string& name) {
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  std::string now = core::FormatIsoUtc(clock_->NowMillis());
  std::string device_id = core::NewUuid();
  std::string device_name = role == Role::kCentral ? "central" : name;
  const std::pair<const char*, std::string> rows[] = {
      {"role", RoleName(role)},     {"name", name},
      {"project_id", core::NewUuid()}, {"device_id", device_id},
      {"device_name", device_name}, {"created_at", now},
      {"hlc_last", core::Hlc::ToText(0)}, {"audit_count", "0"},
      {"audit_head", std::string(64, '0')}};
  for (const auto& [k, v] : rows) {
    Stmt q = db_->Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)");
    CANVASS_RETURN_IF_ERROR(q.Bind(1, k).Bind(2, v).Run());
  }
  Stmt d = db_->Prepare("INSERT INTO devices(device_id, name, status, enrolled_at) VALUES(?1, ?2, 'self', ?3)");
  CANVASS_RETURN_IF_ERROR(d.Bind(1, device_id).Bind(2, device_name).Bind(3, now).Run());
  info_.device_id = device_id;
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("workspace.create", std::string("role=") + RoleName(role)));
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  for (const auto& p : forms::BuiltinProtocols()) {
    FormRow row;
    bool added = false;
    CANVASS_RETURN_IF_ERROR(AddForm(p.json, "built-in protocol " + p.file_name, true, &row, &added));
  }
  return Status::Ok();
}

Status Workspace::LoadInfo() {
  std::map<std::string, std::string> m;
  Stmt q = db_->Prepare("SELECT key, value FROM meta");
  while (q.Step()) m[q.Text(0)] = q.Text(1);
  CANVASS_RETURN_IF_ERROR(q.status());
  for (const char* k : {"role", "name", "project_id", "device_id", "hlc_last"})
    if (!m.count(k)) return Status::Corruption(path_ + ": workspace metadata is missing \"" + std::string(k) + "\"");
  if (!RoleFromName(m["role"], &info_.role)) return Status::Corruption(path_ + ": unknown workspace role");
  info_.name = m["name"];
  info_.project_id = m["project_id"];
  info_.device_id = m["device_id"];
  info_.device_name = m["device_name"];
  info_.created_at = m["created_at"];
  info_.schema_version = kSchemaVersion;
  uint64_t last = 0;
  if (!core::Hlc::FromText(m["hlc_last"], &last)) return Status::Corruption(path_ + ": bad clock state");
  hlc_.SetLast(last);
  return Status::Ok();
}

std::string Workspace::NextHlc() { return core::Hlc::ToText(hlc_.Now()); }

Status Workspace::PersistHlc() {
  Stmt q = db_->Prepare("UPDATE meta SET value = ?1 WHERE key = 'hlc_last'");
  return q.Bind(1, core::Hlc::ToText(hlc_.last())).Run();
}

namespace {
std::string Number(const std::optional<double>& v) {
  if (!v) return "";
  char b[32];
  std::snprintf(b, sizeof b, "%.17g", *v);
  return b;
}
}  // namespace

// The current indicator values (not how they are packed): two workspaces holding the same
// values from the same files digest alike whatever their import histories.
Status Workspace::DigestIndicators(core::Hasher* h) {
  CANVASS_ASSIGN_OR_RETURN(indicator_blocks::Resolved cur, indicator_blocks::Resolve(db_.get()));
  std::vector<uint32_t> order(cur.obs.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](uint32_t i) {
    const auto& o = cur.obs[i];
    return std::tie(o.indicator_id, o.geo_level, o.geo_id, o.period);
  };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  h->Field("indicators");
  for (uint32_t i : order) {
    const auto& o = cur.obs[i];
    for (const std::string& f : {o.indicator_id, o.geo_level, o.geo_id, o.period, Number(o.value), o.unit, Number(o.moe),
                                 o.status, o.source_kind, cur.imports[cur.import_of[i]].source_hash})
      h->Field(f);
  }
  h->Field(std::to_string(order.size()));
  return Status::Ok();
}

Result<std::string> Workspace::Digest() {
  core::Hasher h;
  h.Field("canvass-digest-v2");
  struct Part {
    const char* name;
    const char* sql;
    int cols;
  };
  const Part parts[] = {
      {"forms", "SELECT form_id, version, content_hash FROM forms ORDER BY form_id, version", 3},
      {"areas", "SELECT area_id, level, name, ifnull(parent_id,''), ifnull(land_area_sqm,''), ifnull(lat,''), ifnull(lon,'') FROM areas ORDER BY area_id", 7},
      {"interviews", "SELECT uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc FROM interviews ORDER BY uuid", 8},
      {"versions", "SELECT version_id FROM versions ORDER BY version_id", 1},
      {"indicator_sources", "SELECT source_hash, kind, file_name, periods FROM indicator_sources ORDER BY source_hash", 4},
  };
  for (const Part& p : parts) {
    h.Field(p.name);
    Stmt q = db_->Prepare(p.sql);
    int64_t rows = 0;
    while (q.Step()) {
      for (int c = 0; c < p.cols; ++c) h.Field(q.Text(c));
      ++rows;
    }
    CANVASS_RETURN_IF_ERROR(q.status());
    h.Field(std::to_string(rows));
    if (std::string_view(p.name) == "versions") CANVASS_RETURN_IF_ERROR(DigestIndicators(&h));
  }
  return h.FinishHex();
}

}  // namespace canvass::storage
