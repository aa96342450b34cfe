// Streaming merge: one transaction, cached statements, union semantics (MERGE.md).
#include "storage/merge_session.h"

#include <set>
#include <unordered_map>

#include "core/crypto_util.h"
#include "area_row.h"
#include "db.h"
#include "version_row.h"
#include "forms/form_parser.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

struct MergeSession::Impl {
  Workspace* ws;
  Db* db;
  Transaction tx;
  bool committed = false;
  Stmt ins_version, ins_edge, del_head, ins_head, has_child, count_heads, has_version, parent_cell, bad_children, has_interview;
  Stmt head_values;  // distinct values among a cell's heads: several heads are a conflict only if > 1
  std::unordered_set<std::string> known_interviews;
  // Interviews first stored by this session: their cells had no versions before it, so
  // head counts and children can be tracked here instead of queried (the common case).
  std::unordered_set<std::string> new_interviews;
  std::unordered_map<uint64_t, int32_t> session_heads;     // cell hash -> heads, new interviews only
  std::unordered_set<uint64_t> named_parents;              // hashes of parents named in this session
  std::unordered_set<uint64_t> changed_cells;  // 64-bit hashes of (interview, question): small at any size
  // Interviews purged here after a receipt (workspace_purge.cpp): never brought back.
  std::unordered_set<std::string> purged;

  Impl(Workspace* w, Db* d) : ws(w), db(d), tx(d) {
    ins_version = db->Prepare(
        "INSERT OR IGNORE INTO versions(version_id, kind, subject, field, value, hlc, device_id, author, note, parents) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    ins_edge = db->Prepare("INSERT OR IGNORE INTO version_parents(parent_id, version_id) VALUES(?1, ?2)");
    del_head = db->Prepare("DELETE FROM heads WHERE subject = ?3 AND kind = ?2 AND field = ?4 AND version_id = ?1");
    // (INSERT … SELECT … WHERE NOT EXISTS was 5x slower in SQLite 3.15 than these two.)
    ins_head = db->Prepare("INSERT INTO heads(version_id, kind, subject, field) VALUES(?1, ?2, ?3, ?4)");
    has_child = db->Prepare("SELECT 1 FROM version_parents WHERE parent_id = ?1 LIMIT 1");
    count_heads = db->Prepare("SELECT count(*) FROM heads WHERE subject = ?2 AND kind = ?1 AND field = ?3");
    has_version = db->Prepare("SELECT 1 FROM versions WHERE version_id = ?1");
    parent_cell = db->Prepare("SELECT kind, subject, field FROM versions WHERE version_id = ?1");
    bad_children = db->Prepare(
        "SELECT count(*) FROM version_parents p JOIN versions c ON c.version_id = p.version_id "
        "WHERE p.parent_id = ?1 AND (c.kind <> ?2 OR c.subject <> ?3 OR c.field <> ?4)");
    has_interview = db->Prepare("SELECT 1 FROM interviews WHERE uuid = ?1");
    head_values = db->Prepare(
        "SELECT count(DISTINCT v.value) FROM heads h JOIN versions v ON v.version_id = h.version_id "
        "WHERE h.subject = ?2 AND h.kind = ?1 AND h.field = ?3");
  }
  ~Impl() {
    if (!committed && tx.status().ok()) {
      // Transaction's destructor rolls back.
    }
  }
  Status LoadPurged() {
    Stmt q = db->Prepare("SELECT uuid FROM purged");
    while (q.Step()) purged.insert(q.Text(0));
    return q.status();
  }
  // The interview a version belongs to was purged here: its own cells and its answers' codings.
  bool OfPurged(const Version& v) const {
    if (purged.empty()) return false;
    if (v.kind == "answer" || v.kind == "status") return purged.count(v.subject) > 0;
    if (v.kind == "coding") {
      const core::Value* a = v.value.is_object() ? v.value.Find("answer") : nullptr;
      const core::Value* i = a && a->is_object() ? a->Find("interview") : nullptr;
      return i && i->is_string() && purged.count(i->as_string()) > 0;
    }
    if (v.subject.rfind("answer:", 0) != 0) return false;
    size_t slash = v.subject.find('/', 7);
    return purged.count(v.subject.substr(7, slash == std::string::npos ? std::string::npos : slash - 7)) > 0;
  }
  Status Prepared() const {
    for (const Stmt* s : {&ins_version, &ins_edge, &del_head, &ins_head, &has_child, &count_heads, &has_version, &parent_cell, &bad_children, &has_interview, &head_values})
      CANVASS_RETURN_IF_ERROR(s->status());
    return tx.status();
  }
  Result<int64_t> CountHeads(const Version& v) {
    count_heads.Reset();
    count_heads.Bind(1, v.kind).Bind(2, v.subject).Bind(3, v.field);
    int64_t n = count_heads.Step() ? count_heads.Int(0) : 0;
    CANVASS_RETURN_IF_ERROR(count_heads.status());
    count_heads.Reset();
    return n;
  }
  Result<int64_t> HeadValues(const Version& v) {
    head_values.Reset();
    head_values.Bind(1, v.kind).Bind(2, v.subject).Bind(3, v.field);
    int64_t n = head_values.Step() ? head_values.Int(0) : 0;
    CANVASS_RETURN_IF_ERROR(head_values.status());
    head_values.Reset();
    return n;
  }
  Result<bool> Has(Stmt& q, const std::string& key) {
    q.Reset();
    q.Bind(1, key);
    bool found = q.Step();
    CANVASS_RETURN_IF_ERROR(q.status());
    q.Reset();
    return found;
  }
  Status Exec(Stmt& q) {
    Status st = q.Run();
    q.Reset();
    return st;
  }
};

MergeSession::MergeSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MergeSession::~MergeSession() = default;

Result<std::unique_ptr<MergeSession>> Workspace::BeginMerge() {
  auto impl = std::make_unique<MergeSession::Impl>(this, db_.get());
  CANVASS_RETURN_IF_ERROR(impl->Prepared());
  CANVASS_RETURN_IF_ERROR(impl->LoadPurged());
  return std::unique_ptr<MergeSession>(new MergeSession(std::move(impl)));
}

Status MergeSession::AddForm(const std::string& json) {
  CANVASS_ASSIGN_OR_RETURN(Value doc, core::ParseJson(json, "bundled form"));
  CANVASS_ASSIGN_OR_RETURN(forms::Form form, forms::ParseFormValue(doc, "bundled form"));
  std::string canonical = doc.ToJson();
  FormRow row{form.id, form.version, core::Blake2bHex("canvass-form-v1\n" + canonical, 32), form.Text(form.title, ""), form.kind, false, 0};
  bool added = false;
  CANVASS_RETURN_IF_ERROR(impl_->ws->StoreFormLocked(canonical, row.content_hash, false, &row, &added));
  if (added) ++stats_.new_forms;
  return Status::Ok();
}

Status MergeSession::AddArea(const Area& a) {
  CANVASS_RETURN_IF_ERROR(WriteAreaRow(impl_->db, a));
  ++stats_.new_areas;
  return Status::Ok();
}

Status MergeSession::AddInterview(const InterviewHeader& h) {
  if (impl_->purged.count(h.uuid)) return Status::Ok();  // purged after a receipt: stays gone
  int64_t before = stats_.new_interviews;
  CANVASS_RETURN_IF_ERROR(impl_->ws->MergeInterviewHeader(h, &stats_));
  impl_->known_interviews.insert(h.uuid);
  if (stats_.new_interviews > before) impl_->new_interviews.insert(h.uuid);
  return Status::Ok();
}

namespace {
Status CheckIncoming(const Version& v, bool check_id) {
  static const std::set<std::string> kKinds = {"answer", "status", "coding", "memo", "code", "coded", "coding_set",
                                                "decision", "setting"};
  if (!kKinds.count(v.kind)) return Status::Corruption("unknown version kind \"" + v.kind.substr(0, 20) + "\"");
  uint64_t t;
  if (!core::Hlc::FromText(v.hlc, &t)) return Status::Corruption("bad timestamp in a version");
  if (v.subject.empty() || v.subject.size() > 128 || v.field.size() > 128 || v.device_id.size() > 64 ||
      v.author.size() > 200 || v.note.size() > 4000 || v.parents.size() > 64)
    return Status::Corruption("a version field is longer than allowed");
  if (!std::is_sorted(v.parents.begin(), v.parents.end()) ||
      std::adjacent_find(v.parents.begin(), v.parents.end()) != v.parents.end())
    return Status::Corruption("version parents are not sorted and distinct");
  if (check_id && ComputeVersionId(v) != v.id) return Status::Corruption("a version does not match its id (altered content)");
  return Status::Ok();
}

}  // namespace

Status MergeSession::AddVersion(const Version& v, const std::string& sender_device, bool id_verified) {
  Impl& m = *impl_;
  CANVASS_RETURN_IF_ERROR(CheckIncoming(v, !id_verified));
  if (m.OfPurged(v)) return Status::Ok();
  if (v.kind == "answer" || v.kind == "status") {
    if (!m.known_interviews.count(v.subject)) {
      CANVASS_ASSIGN_OR_RETURN(bool known, m.Has(m.has_interview, v.subject));
      if (!known) return Status::Corruption("a version refers to interview " + v.subject.substr(0, 40) + ", which the bundle does not describe");
      m.known_interviews.insert(v.subject);
    }
  }
  // A device may only bring new versions of its own (it cannot forge another's).
  if (!sender_device.empty() && v.device_id != sender_device) {
    CANVASS_ASSIGN_OR_RETURN(bool present, m.Has(m.has_version, v.id));
    if (!present) return Status::Corruption("the bundle carries a version made by another device that this workspace has never seen");
    ++stats_.known_versions;
    return Status::Ok();
  }
  for (const auto& p : v.parents) {
    m.parent_cell.Reset();
    m.parent_cell.Bind(1, p);
    if (m.parent_cell.Step() && (m.parent_cell.Text(0) != v.kind || m.parent_cell.Text(1) != v.subject || m.parent_cell.Text(2) != v.field))
      return Status::Corruption("a version names a parent from another cell");
    CANVASS_RETURN_IF_ERROR(m.parent_cell.status());
    m.parent_cell.Reset();
  }
  bool fresh = (v.kind == "answer" || v.kind == "status") && m.new_interviews.count(v.subject) > 0;
  uint64_t cell = std::hash<std::string>()(v.kind + "\x1f" + v.subject + "\x1f" + v.field);
  int64_t before = 0;
  if (fresh) {
    auto it = m.session_heads.find(cell);
    before = it == m.session_heads.end() ? 0 : it->second;
  } else {
    CANVASS_ASSIGN_OR_RETURN(before, m.CountHeads(v));
  }
  int64_t before_values = before;  // distinct values of the heads (queried only when several)
  if (before > 1) { CANVASS_ASSIGN_OR_RETURN(before_values, m.HeadValues(v)); }
  m.ins_version.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field).Bind(5, v.value.ToJson())
      .Bind(6, v.hlc).Bind(7, v.device_id).Bind(8, v.author).Bind(9, v.note).Bind(10, JoinParents(v.parents));
  CANVASS_RETURN_IF_ERROR(m.Exec(m.ins_version));
  if (m.db->Changes() == 0) {  // already here: union is idempotent
    ++stats_.known_versions;
    return Status::Ok();
  }
  int64_t removed = 0;
  for (const auto& p : v.parents) {
    m.ins_edge.Bind(1, p).Bind(2, v.id);
    CANVASS_RETURN_IF_ERROR(m.Exec(m.ins_edge));
    m.del_head.Bind(1, p).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field);
    CANVASS_RETURN_IF_ERROR(m.Exec(m.del_head));
    removed += m.db->Changes();
    m.named_parents.insert(std::hash<std::string>()(p));
  }
  // A version is a head unless a version already here names it as parent (it came late).
  // A hash hit is confirmed by the database (hashes can collide; the table cannot).
  bool has_child = false;
  if (!fresh || m.named_parents.count(std::hash<std::string>()(v.id)) > 0) {
    CANVASS_ASSIGN_OR_RETURN(has_child, m.Has(m.has_child, v.id));
  }
  bool is_head = !has_child;
  if (is_head) {
    m.ins_head.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field);
    CANVASS_RETURN_IF_ERROR(m.Exec(m.ins_head));
  } else {
    // It arrived after a child: that child must be of the same cell.
    m.bad_children.Reset();
    m.bad_children.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field);
    if (m.bad_children.Step() && m.bad_children.Int(0) > 0) return Status::Corruption("a version is named as parent by a version of another cell");
    CANVASS_RETURN_IF_ERROR(m.bad_children.status());
    m.bad_children.Reset();
  }
  int64_t after = before - removed + (is_head ? 1 : 0);
  if (fresh) m.session_heads[cell] = static_cast<int32_t>(after);
  ++stats_.new_versions;
  if (before_values <= 1 && after > 1) {  // identical values on several heads are no conflict
    CANVASS_ASSIGN_OR_RETURN(int64_t values, m.HeadValues(v));
    if (values > 1) ++stats_.new_conflicts;
  }
  if (is_head && v.kind == "answer") m.changed_cells.insert(cell);
  uint64_t t;
  if (core::Hlc::FromText(v.hlc, &t)) m.ws->hlc_.Observe(t);
  return Status::Ok();
}

Result<MergeStats> MergeSession::Commit(const BundleLogEntry* log, const std::string& audit_action) {
  Impl& m = *impl_;
  stats_.updated_answers = static_cast<int64_t>(m.changed_cells.size());
  auto dangling = m.db->QueryInt("SELECT count(*) FROM version_parents p WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.version_id = p.parent_id)");
  if (!dangling.ok()) return dangling.status();
  stats_.missing_parents = *dangling;
  CANVASS_RETURN_IF_ERROR(m.ws->PersistHlc());
  if (log) {
    CANVASS_RETURN_IF_ERROR(m.ws->LogBundle(*log));
    CANVASS_RETURN_IF_ERROR(m.ws->AppendAuditLocked(audit_action, "bundle=" + log->bundle_id + " device=" + log->device_id +
                                                  " seq=" + std::to_string(log->seq) + " " + stats_.ToValue().ToJson()));
  }
  CANVASS_RETURN_IF_ERROR(m.tx.Commit());
  m.committed = true;
  return stats_;
}

}  // namespace canvass::storage
