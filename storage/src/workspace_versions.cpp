// Content-addressed versions: insert with head maintenance, merge of change sets,
// conflicts and their resolution (MERGE.md).
#include <map>
#include <set>

#include "core/crypto_util.h"
#include "db.h"
#include "version_row.h"
#include "forms/form_parser.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

Status Workspace::InsertVersion(const Version& v, bool* inserted) {
  Stmt ins = db_->Prepare(
      "INSERT OR IGNORE INTO versions(version_id, kind, subject, field, value, hlc, device_id, author, note, parents) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
  CANVASS_RETURN_IF_ERROR(ins.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field)
                              .Bind(5, v.value.ToJson()).Bind(6, v.hlc).Bind(7, v.device_id).Bind(8, v.author)
                              .Bind(9, v.note).Bind(10, JoinParents(v.parents)).Run());
  *inserted = db_->Changes() > 0;
  if (!*inserted) return Status::Ok();
  // The heads follow (schema 11: a view of the versions no version names as parent).
  for (const auto& p : v.parents) {
    Stmt e = db_->Prepare("INSERT OR IGNORE INTO version_parents(parent_id, version_id) VALUES(?1, ?2)");
    CANVASS_RETURN_IF_ERROR(e.Bind(1, p).Bind(2, v.id).Run());
  }
  uint64_t t;
  if (core::Hlc::FromText(v.hlc, &t)) hlc_.Observe(t);
  return Status::Ok();
}

Result<std::vector<Version>> Workspace::CellHeads(const std::string& kind, const std::string& subject,
                                                  const std::string& field) {
  std::vector<Version> out;
  Stmt q = db_->Prepare(std::string("SELECT ") + kVersionCols +
                        " FROM heads h JOIN versions v ON v.version_id = h.version_id"
                        " WHERE h.subject = ?2 AND h.kind = ?1 AND h.field = ?3 ORDER BY v.hlc, v.version_id");
  q.Bind(1, kind).Bind(2, subject).Bind(3, field);
  while (q.Step()) out.push_back(ReadVersionRow(q, 0));
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Status Workspace::ExportChanges(int64_t after, const ExportScope& scope, const ExportSink& sink, int64_t* high_water) {
  *high_water = after;
  std::vector<InterviewHeader> headers;
  std::set<std::pair<std::string, int>> form_refs;
  if (scope.versions) {
    Stmt h = db_->Prepare(
        "SELECT uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc FROM interviews "
        "WHERE uuid IN (SELECT DISTINCT subject FROM versions WHERE rowid > ?1 AND kind IN ('answer','status')) ORDER BY uuid");
    h.Bind(1, after);
    while (h.Step()) {
      headers.push_back({h.Text(0), h.Text(1), static_cast<int>(h.Int(2)), h.Text(3), h.Text(4), h.Text(5), h.Text(6), h.Text(7)});
      form_refs.insert({headers.back().form_id, headers.back().form_version});
    }
    CANVASS_RETURN_IF_ERROR(h.status());
  }
  if (scope.all_forms) {
    Stmt f = db_->Prepare("SELECT form_id, version FROM forms");
    while (f.Step()) form_refs.insert({f.Text(0), static_cast<int>(f.Int(1))});
    CANVASS_RETURN_IF_ERROR(f.status());
  }
  for (const auto& [id, ver] : form_refs) {
    CANVASS_ASSIGN_OR_RETURN(std::string json, GetFormJson(id, ver));
    CANVASS_RETURN_IF_ERROR(sink.form(json));
  }
  if (scope.areas) {
    CANVASS_ASSIGN_OR_RETURN(auto areas, ListAreas());
    // Parents before children so that every parent exists when a child arrives.
    std::stable_partition(areas.begin(), areas.end(), [](const Area& a) { return a.parent_id.empty(); });
    for (const Area& a : areas) CANVASS_RETURN_IF_ERROR(sink.area(a));
  }
  for (const auto& ih : headers) CANVASS_RETURN_IF_ERROR(sink.interview(ih));
  if (!scope.versions && !scope.settings) return Status::Ok();
  Stmt q = db_->Prepare(std::string("SELECT v.rowid, ") + kVersionCols + " FROM versions v WHERE v.rowid > ?1" +
                        (scope.versions ? "" : " AND v.kind = 'setting'") + " ORDER BY v.rowid");
  q.Bind(1, after);
  while (q.Step()) {
    *high_water = std::max(*high_water, q.Int(0));
    CANVASS_RETURN_IF_ERROR(sink.version(ReadVersionRow(q, 1)));
  }
  return q.status();
}

Result<Workspace::PendingChanges> Workspace::CountChanges(int64_t after, int64_t sent_up_to) {
  PendingChanges p;
  Stmt q = db_->Prepare(
      "SELECT (SELECT count(*) FROM versions WHERE rowid > ?1),"
      " (SELECT count(DISTINCT subject) FROM versions WHERE rowid > ?1 AND kind IN ('answer','status')),"
      " (SELECT count(DISTINCT subject) FROM versions WHERE rowid > ?1 AND rowid <= ?2 AND kind IN ('answer','status'))");
  q.Bind(1, after).Bind(2, sent_up_to);
  if (q.Step()) p = {q.Int(0), q.Int(1), q.Int(2)};
  CANVASS_RETURN_IF_ERROR(q.status());
  return p;
}

Result<ChangeSet> Workspace::CollectChanges(int64_t after, int64_t* high_water) {
  ChangeSet cs;
  ExportSink sink;
  sink.form = [&](const std::string& j) { cs.form_jsons.push_back(j); return Status::Ok(); };
  sink.area = [&](const Area& a) { cs.areas.push_back(a); return Status::Ok(); };
  sink.interview = [&](const InterviewHeader& h) { cs.interviews.push_back(h); return Status::Ok(); };
  sink.version = [&](const Version& v) { cs.versions.push_back(v); return Status::Ok(); };
  CANVASS_RETURN_IF_ERROR(ExportChanges(after, ExportScope{}, sink, high_water));
  return cs;
}

Result<bool> Workspace::HasVersion(const std::string& version_id) {
  Stmt q = db_->Prepare("SELECT 1 FROM versions WHERE version_id = ?1");
  q.Bind(1, version_id);
  bool found = q.Step();
  CANVASS_RETURN_IF_ERROR(q.status());
  return found;
}

Result<MergeStats> Workspace::Merge(const ChangeSet& cs, const BundleLogEntry* log) {
  CANVASS_ASSIGN_OR_RETURN(auto session, BeginMerge());
  for (const std::string& json : cs.form_jsons) CANVASS_RETURN_IF_ERROR(session->AddForm(json));
  for (const Area& a : cs.areas) CANVASS_RETURN_IF_ERROR(session->AddArea(a));
  for (const InterviewHeader& h : cs.interviews) CANVASS_RETURN_IF_ERROR(session->AddInterview(h));
  for (const Version& v : cs.versions) CANVASS_RETURN_IF_ERROR(session->AddVersion(v, ""));
  return session->Commit(log, "bundle.import");
}

Result<std::vector<ConflictInfo>> Workspace::ListConflicts() {
  std::vector<ConflictInfo> out;
  // Heads that all carry the same value (written apart, e.g. two coders adding the same code)
  // are not a conflict: nothing to decide. Values are canonical JSON, so text equality is.
  // Only cells with several versions (the history index alone) have their heads' values compared.
  Stmt q = db_->Prepare(
      "SELECT c.kind, c.subject, c.field FROM (SELECT kind, subject, field FROM versions GROUP BY subject, kind, field "
      "HAVING count(*) > 1) c WHERE (SELECT count(DISTINCT v.value) FROM heads h JOIN versions v ON v.version_id = h.version_id "
      "WHERE h.subject = c.subject AND h.kind = c.kind AND h.field = c.field) > 1 ORDER BY c.subject, c.field");
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), {}});
  CANVASS_RETURN_IF_ERROR(q.status());
  for (auto& c : out) {
    CANVASS_ASSIGN_OR_RETURN(c.heads, CellHeads(c.kind, c.subject, c.field));
  }
  return out;
}

Status Workspace::ResolveConflict(const std::string& kind, const std::string& subject, const std::string& field,
                                  const Value& value, const std::string& author, const std::string& reason) {
  if (reason.empty()) return Status::InvalidArgument("give a reason for the resolution (--reason); it is kept in the audit log");
  CANVASS_ASSIGN_OR_RETURN(auto heads, CellHeads(kind, subject, field));
  if (heads.size() < 2) return Status::NotFound("there is no conflict on " + subject + " " + field);
  if (kind == "answer") {
    Stmt q = db_->Prepare("SELECT form_id, form_version FROM interviews WHERE uuid = ?1");
    q.Bind(1, subject);
    if (!q.Step()) return Status::NotFound("no interview " + subject);
    CANVASS_ASSIGN_OR_RETURN(forms::Form form, GetForm(q.Text(0), static_cast<int>(q.Int(1))));
    const forms::Question* question = form.FindQuestion(field);
    if (!question) return Status::NotFound("no question " + field + " in form " + form.id);
    if (!value.is_null()) {
      auto opts = ValidationFor(forms::ValidationMode::kDraft);
      std::string err = forms::CheckType(*question, value, opts.area_exists);
      if (!err.empty()) return Status::InvalidArgument(field + ": " + err);
    }
  }
  Version v;
  v.kind = kind;
  v.subject = subject;
  v.field = field;
  v.value = value;
  v.device_id = info_.device_id;
  v.author = author;
  v.note = reason;
  for (const auto& h : heads) v.parents.push_back(h.id);
  std::sort(v.parents.begin(), v.parents.end());
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  v.hlc = NextHlc();
  v.id = ComputeVersionId(v);
  bool inserted = false;
  CANVASS_RETURN_IF_ERROR(InsertVersion(v, &inserted));
  CANVASS_RETURN_IF_ERROR(PersistHlc());
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("conflict.resolve", kind + " " + subject + " " + field + " by " + author +
                                            " (" + std::to_string(heads.size()) + " values; reason logged in version " + v.id.substr(0, 12) + ")"));
  return tx.Commit();
}

}  // namespace canvass::storage
