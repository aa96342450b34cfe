// Streaming merge: one transaction, cached statements, union semantics (MERGE.md), and
// bookkeeping in bounded memory (merge_tracking.h; what must outlive it waits in the
// encrypted workspace itself, table merge_changed: one row per interview).
#include "storage/merge_session.h"

#include <set>

#include "core/crypto_util.h"
#include "core/varint.h"
#include "area_row.h"
#include "db.h"
#include "merge_tracking.h"
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
  Stmt ins_version, ins_edge, has_child, count_heads, has_version, parent_cell, bad_children, has_interview;
  Stmt head_values;  // distinct values among a cell's heads: several heads are a conflict only if > 1
  Stmt find_interview, ins_interview, has_form, spill_ins, spill_load, spill_del;
  // The most recently touched interviews (answer and status cells). An interview first stored
  // by this session is "fresh": its cells had no versions before it, so head counts and
  // children are tracked here instead of queried (the common case).
  merge_tracking::InterviewTracker interviews;
  merge_tracking::ParentFilter named_parents;  // parents named in this session ("maybe")
  // Changed answer cells of interviews that left the tracker wait in merge_changed (same
  // transaction), so that each changed cell is counted once whatever the bundle's size.
  bool spilled = false;
  Status spill_status;
  std::set<std::pair<std::string, int>> known_forms;
  // Interviews purged here after a receipt (workspace_purge.cpp): never brought back.
  std::unordered_set<std::string> purged;

  Impl(Workspace* w, Db* d, size_t tracked) : ws(w), db(d), tx(d), interviews(tracked) {
    ins_version = db->Prepare(
        "INSERT OR IGNORE INTO versions(version_id, kind, subject, field, value, hlc, device_id, author, note, parents) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    ins_edge = db->Prepare("INSERT OR IGNORE INTO version_parents(parent_id, version_id) VALUES(?1, ?2)");
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
    find_interview = db->Prepare(
        "SELECT form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc FROM interviews WHERE uuid = ?1");
    ins_interview = db->Prepare(
        "INSERT INTO interviews(uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
    has_form = db->Prepare("SELECT 1 FROM forms WHERE form_id = ?1 AND version = ?2");
    spill_ins = db->Prepare("INSERT INTO merge_changed(subject, cells, fields, fresh) VALUES(?1, ?2, ?3, ?4)");
    spill_load = db->Prepare("SELECT fields, fresh FROM merge_changed WHERE subject = ?1");
    spill_del = db->Prepare("DELETE FROM merge_changed WHERE subject = ?1");
  }
  // The coordinator's device: the only one whose project settings (kind "setting") count.
  // This central workspace itself, or the central named in a field laptop's enrollment kit.
  std::string coordinator;
  Result<const std::string*> Coordinator() {
    if (coordinator.empty()) {
      if (ws->info().role == Role::kCentral) {
        coordinator = ws->info().device_id;
      } else {
        auto c = ws->GetMeta("central_device_id");
        if (!c.ok() && c.status().code() != core::Code::kNotFound) return c.status();
        coordinator = c.ok() && !c->empty() ? *c : std::string("\x01none");
      }
    }
    return &coordinator;
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
    for (const Stmt* s : {&ins_version, &ins_edge, &has_child, &count_heads, &has_version, &parent_cell,
                          &bad_children, &has_interview, &head_values, &find_interview, &ins_interview, &has_form, &spill_ins,
                          &spill_load, &spill_del})
      CANVASS_RETURN_IF_ERROR(s->status());
    return tx.status();
  }
  Result<int64_t> CountOf(Stmt& q, const Version& v) {
    q.Reset();
    q.Bind(1, v.kind).Bind(2, v.subject).Bind(3, v.field);
    int64_t n = q.Step() ? q.Int(0) : 0;
    CANVASS_RETURN_IF_ERROR(q.status());
    q.Reset();
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
  // An interview leaving the tracker: its changed cells wait in the workspace, one row for the
  // interview (each field as a varint length and its bytes, as the other compact encodings). A
  // row is taken back (and deleted) when the interview is tracked again, so an interview has at
  // most one. A fresh interview none of whose versions has come yet leaves a row too (fresh = 1):
  // it has no version in the workspace, so it comes back fresh (a bundle lists every header
  // before the versions).
  void Spill(merge_tracking::Interview& e) {
    const bool fresh_empty = e.fresh && e.heads.empty();
    if (e.changed.empty() && !fresh_empty) return;
    std::string fields;
    for (const std::string& field : e.changed) {
      core::PutVarint(&fields, field.size());
      fields.append(field);
    }
    spill_ins.Bind(1, e.uuid).Bind(2, static_cast<int64_t>(e.changed.size())).BindBlob(3, fields).Bind(4, fresh_empty ? 1 : 0);
    Status st = Exec(spill_ins);
    if (spill_status.ok()) spill_status = st;
    spilled = true;
  }
  static Status LoadFields(std::string_view packed, std::unordered_set<std::string>* out) {
    while (!packed.empty()) {
      uint64_t n = 0;
      size_t at = 0;
      for (int shift = 0;; shift += 7, ++at) {
        if (at == packed.size() || shift > 28) return Status::Corruption("merge_changed: damaged row");
        const auto byte = static_cast<unsigned char>(packed[at]);
        n |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
      }
      ++at;
      if (n > packed.size() - at) return Status::Corruption("merge_changed: damaged row");
      out->emplace(packed.substr(at, n));
      packed.remove_prefix(at + n);
    }
    return Status::Ok();
  }
  // Tracks `uuid` (known to exist); a newly tracked one takes back its spilled cells.
  Result<merge_tracking::Interview*> Track(const std::string& uuid, bool fresh) {
    if (merge_tracking::Interview* e = interviews.Find(uuid)) return e;
    merge_tracking::Interview* e = interviews.Add(uuid, fresh, [this](merge_tracking::Interview& old) { Spill(old); });
    CANVASS_RETURN_IF_ERROR(spill_status);
    if (spilled && !fresh) {
      spill_load.Reset();
      spill_load.Bind(1, uuid);
      if (spill_load.Step()) {
        CANVASS_RETURN_IF_ERROR(LoadFields(spill_load.Blob(0), &e->changed));
        e->fresh = spill_load.Int(1) != 0;
      }
      CANVASS_RETURN_IF_ERROR(spill_load.status());
      spill_load.Reset();
      spill_del.Bind(1, uuid);
      CANVASS_RETURN_IF_ERROR(Exec(spill_del));
    }
    return e;
  }
  Status CheckForm(const InterviewHeader& h) {
    if (known_forms.count({h.form_id, h.form_version})) return Status::Ok();
    has_form.Reset();
    has_form.Bind(1, h.form_id).Bind(2, h.form_version);
    bool found = has_form.Step();
    CANVASS_RETURN_IF_ERROR(has_form.status());
    has_form.Reset();
    if (!found)
      return Status::NotFound("interview " + h.uuid + " uses form " + h.form_id + " v" + std::to_string(h.form_version) +
                              ", which neither the bundle nor this workspace has");
    known_forms.insert({h.form_id, h.form_version});
    return Status::Ok();
  }
  // The stored header of an interview when there is one; an error when it differs from h.
  Result<bool> KnownHeader(const InterviewHeader& h) {
    find_interview.Reset();
    find_interview.Bind(1, h.uuid);
    if (!find_interview.Step()) {
      CANVASS_RETURN_IF_ERROR(find_interview.status());
      return false;
    }
    Stmt& q = find_interview;
    InterviewHeader old{h.uuid, q.Text(0), static_cast<int>(q.Int(1)), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Text(6)};
    q.Reset();
    if (old.ToValue() != h.ToValue())
      return Status::Corruption("interview " + h.uuid + " arrives with a different header than the one stored");
    return true;
  }
};

MergeSession::MergeSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MergeSession::~MergeSession() = default;

Result<std::unique_ptr<MergeSession>> Workspace::BeginMerge(size_t tracked_interviews) {
  auto impl = std::make_unique<MergeSession::Impl>(this, db_.get(), tracked_interviews);
  CANVASS_RETURN_IF_ERROR(impl->Prepared());
  CANVASS_RETURN_IF_ERROR(impl->LoadPurged());
  CANVASS_RETURN_IF_ERROR(db_->Exec("DELETE FROM merge_changed"));  // empty outside a merge
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
  Impl& m = *impl_;
  if (m.purged.count(h.uuid)) return Status::Ok();  // purged after a receipt: stays gone
  if (!core::IsUuid(h.uuid)) return Status::Corruption("an interview id is not a UUID");
  CANVASS_ASSIGN_OR_RETURN(bool known, m.KnownHeader(h));
  if (known) {
    ++stats_.known_interviews;
    return m.Track(h.uuid, false).status();
  }
  CANVASS_RETURN_IF_ERROR(m.CheckForm(h));
  m.ins_interview.Bind(1, h.uuid).Bind(2, h.form_id).Bind(3, h.form_version).Bind(4, h.device_id)
      .Bind(5, h.interviewer).Bind(6, h.respondent_role).Bind(7, h.language).Bind(8, h.created_hlc);
  CANVASS_RETURN_IF_ERROR(m.Exec(m.ins_interview));
  ++stats_.new_interviews;
  return m.Track(h.uuid, true).status();
}

namespace {
Status CheckIncoming(const Version& v, bool check_id, uint64_t* hlc) {
  static const std::set<std::string> kKinds = {"answer", "status", "coding", "memo", "code", "coded", "coding_set",
                                                "decision", "setting"};
  if (!kKinds.count(v.kind)) return Status::Corruption("unknown version kind \"" + v.kind.substr(0, 20) + "\"");
  if (!core::Hlc::FromText(v.hlc, hlc)) return Status::Corruption("bad timestamp in a version");
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

Status MergeSession::AddVersion(const Version& v, const std::string& sender_device, bool id_verified,
                                const std::string* value_json) {
  Impl& m = *impl_;
  uint64_t hlc = 0;
  CANVASS_RETURN_IF_ERROR(CheckIncoming(v, !id_verified, &hlc));
  if (m.OfPurged(v)) return Status::Ok();
  merge_tracking::Interview* iv = nullptr;  // answer and status cells: their interview
  if (v.kind == "answer" || v.kind == "status") {
    iv = m.interviews.Find(v.subject);
    if (!iv) {
      CANVASS_ASSIGN_OR_RETURN(bool known, m.Has(m.has_interview, v.subject));
      if (!known) return Status::Corruption("a version refers to interview " + v.subject.substr(0, 40) + ", which the bundle does not describe");
      CANVASS_ASSIGN_OR_RETURN(iv, m.Track(v.subject, false));
    }
  }
  // A device may only bring new versions of its own (it cannot forge another's).
  if (!sender_device.empty() && v.device_id != sender_device) {
    CANVASS_ASSIGN_OR_RETURN(bool present, m.Has(m.has_version, v.id));
    if (!present) return Status::Corruption("the bundle carries a version made by another device that this workspace has never seen");
    ++stats_.known_versions;
    return Status::Ok();
  }
  // Project settings (blind coding, what the assessment counts) are the coordinator's alone:
  // a laptop's own "setting" version is a forgery, whatever its signature.
  if (v.kind == "setting") {
    CANVASS_ASSIGN_OR_RETURN(const std::string* coordinator, m.Coordinator());
    if (v.device_id != *coordinator)
      return Status::Corruption("the bundle changes a project setting (" + v.field.substr(0, 40) +
                                ") that only the coordinator's central workspace may set");
  }
  // Heads are derived (schema 11: the versions no version names as parent). A parent here
  // with no child yet is a head that this version ends.
  int64_t removed = 0;
  for (const auto& p : v.parents) {
    m.parent_cell.Reset();
    m.parent_cell.Bind(1, p);
    const bool present = m.parent_cell.Step();
    if (present && (m.parent_cell.Text(0) != v.kind || m.parent_cell.Text(1) != v.subject || m.parent_cell.Text(2) != v.field))
      return Status::Corruption("a version names a parent from another cell");
    CANVASS_RETURN_IF_ERROR(m.parent_cell.status());
    m.parent_cell.Reset();
    if (present) {
      CANVASS_ASSIGN_OR_RETURN(bool has_child, m.Has(m.has_child, p));
      removed += has_child ? 0 : 1;
    }
  }
  const bool fresh = iv && iv->fresh;
  std::string cell;  // fresh interviews: the cell's key in the tracker
  int64_t before = 0;
  if (fresh) {
    cell = v.kind + "\x1f" + v.field;
    auto it = iv->heads.find(cell);
    before = it == iv->heads.end() ? 0 : it->second;
  } else {
    CANVASS_ASSIGN_OR_RETURN(before, m.CountOf(m.count_heads, v));
  }
  int64_t before_values = before;  // distinct values of the heads (queried only when several)
  if (before > 1) { CANVASS_ASSIGN_OR_RETURN(before_values, m.CountOf(m.head_values, v)); }
  std::string json;
  if (!value_json) json = v.value.ToJson();
  m.ins_version.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field).Bind(5, value_json ? *value_json : json)
      .Bind(6, v.hlc).Bind(7, v.device_id).Bind(8, v.author).Bind(9, v.note).Bind(10, JoinParents(v.parents));
  CANVASS_RETURN_IF_ERROR(m.Exec(m.ins_version));
  if (m.db->Changes() == 0) {  // already here: union is idempotent
    ++stats_.known_versions;
    return Status::Ok();
  }
  for (const auto& p : v.parents) {
    m.ins_edge.Bind(1, p).Bind(2, v.id);
    CANVASS_RETURN_IF_ERROR(m.Exec(m.ins_edge));
    m.named_parents.Add(p);
  }
  // A version is a head unless a version already here names it as parent (it came late).
  // A filter hit is confirmed by the database (the filter can say "maybe"; the table cannot).
  bool has_child = false;
  if (!fresh || m.named_parents.MaybeHas(v.id)) {
    CANVASS_ASSIGN_OR_RETURN(has_child, m.Has(m.has_child, v.id));
  }
  bool is_head = !has_child;
  if (!is_head) {
    // It arrived after a child: that child must be of the same cell.
    m.bad_children.Reset();
    m.bad_children.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field);
    if (m.bad_children.Step() && m.bad_children.Int(0) > 0) return Status::Corruption("a version is named as parent by a version of another cell");
    CANVASS_RETURN_IF_ERROR(m.bad_children.status());
    m.bad_children.Reset();
  }
  int64_t after = before - removed + (is_head ? 1 : 0);
  if (fresh) iv->heads[cell] = static_cast<int32_t>(after);
  ++stats_.new_versions;
  if (before_values <= 1 && after > 1) {  // identical values on several heads are no conflict
    CANVASS_ASSIGN_OR_RETURN(int64_t values, m.CountOf(m.head_values, v));
    if (values > 1) ++stats_.new_conflicts;
  }
  if (is_head && v.kind == "answer") iv->changed.insert(v.field);
  m.ws->hlc_.Observe(hlc);
  return Status::Ok();
}

Result<MergeStats> MergeSession::Commit(const BundleLogEntry* log, const std::string& audit_action) {
  Impl& m = *impl_;
  CANVASS_RETURN_IF_ERROR(m.spill_status);  // a failed spill is not a smaller count
  int64_t changed = 0;
  m.interviews.ForEach([&](const merge_tracking::Interview& e) { changed += static_cast<int64_t>(e.changed.size()); });
  if (m.spilled) {
    CANVASS_ASSIGN_OR_RETURN(int64_t waiting, m.db->QueryInt("SELECT coalesce(sum(cells), 0) FROM merge_changed"));
    changed += waiting;
    CANVASS_RETURN_IF_ERROR(m.db->Exec("DELETE FROM merge_changed"));
  }
  stats_.updated_answers = changed;
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
