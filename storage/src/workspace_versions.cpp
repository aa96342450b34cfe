// Content-addressed versions: insert with head maintenance, merge of change sets,
// conflicts and their resolution (MERGE.md).
#include <map>
#include <set>

#include "core/crypto_util.h"
#include "db.h"
#include "forms/form_parser.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

namespace {

std::string JoinParents(const std::vector<std::string>& ps) {
  std::string out;
  for (const auto& p : ps) {
    if (!out.empty()) out.push_back(',');
    out += p;
  }
  return out;
}

Version ReadVersion(const Stmt& q, int c) {
  Version v;
  v.id = q.Text(c);
  v.kind = q.Text(c + 1);
  v.subject = q.Text(c + 2);
  v.field = q.Text(c + 3);
  auto val = core::ParseJson(q.Text(c + 4), "stored value");
  if (val.ok()) v.value = *val;
  v.hlc = q.Text(c + 5);
  v.device_id = q.Text(c + 6);
  v.author = q.Text(c + 7);
  v.note = q.Text(c + 8);
  std::string ps = q.Text(c + 9);
  for (size_t i = 0; i + 64 <= ps.size(); i += 65) v.parents.push_back(ps.substr(i, 64));
  return v;
}

const char* kVersionCols = "v.version_id, v.kind, v.subject, v.field, v.value, v.hlc, v.device_id, v.author, v.note, v.parents";

// Structural checks on a version from outside (a bundle): caps and id integrity.
Status CheckIncoming(const Version& v) {
  static const std::set<std::string> kKinds = {"answer", "status", "coding", "memo"};
  if (!kKinds.count(v.kind)) return Status::Corruption("unknown version kind \"" + v.kind.substr(0, 20) + "\"");
  uint64_t t;
  if (!core::Hlc::FromText(v.hlc, &t)) return Status::Corruption("bad timestamp in a version");
  if (v.subject.empty() || v.subject.size() > 128 || v.field.size() > 128 || v.device_id.size() > 64 ||
      v.author.size() > 200 || v.note.size() > 4000 || v.parents.size() > 64)
    return Status::Corruption("a version field is longer than allowed");
  if (!std::is_sorted(v.parents.begin(), v.parents.end()) ||
      std::adjacent_find(v.parents.begin(), v.parents.end()) != v.parents.end())
    return Status::Corruption("version parents are not sorted and distinct");
  if (ComputeVersionId(v) != v.id) return Status::Corruption("a version does not match its id (altered content)");
  return Status::Ok();
}

}  // namespace

Status Workspace::InsertVersion(const Version& v, bool* inserted) {
  Stmt ins = db_->Prepare(
      "INSERT OR IGNORE INTO versions(version_id, kind, subject, field, value, hlc, device_id, author, note, parents) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
  CANVASS_RETURN_IF_ERROR(ins.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field)
                              .Bind(5, v.value.ToJson()).Bind(6, v.hlc).Bind(7, v.device_id).Bind(8, v.author)
                              .Bind(9, v.note).Bind(10, JoinParents(v.parents)).Run());
  *inserted = db_->Changes() > 0;
  if (!*inserted) return Status::Ok();
  for (const auto& p : v.parents) {
    Stmt e = db_->Prepare("INSERT OR IGNORE INTO version_parents(parent_id, version_id) VALUES(?1, ?2)");
    CANVASS_RETURN_IF_ERROR(e.Bind(1, p).Bind(2, v.id).Run());
    Stmt d = db_->Prepare("DELETE FROM heads WHERE version_id = ?1");
    CANVASS_RETURN_IF_ERROR(d.Bind(1, p).Run());
  }
  // A version is a head unless a version already here names it as parent (it arrived late).
  Stmt h = db_->Prepare(
      "INSERT INTO heads(version_id, kind, subject, field) SELECT ?1, ?2, ?3, ?4 "
      "WHERE NOT EXISTS (SELECT 1 FROM version_parents WHERE parent_id = ?1)");
  CANVASS_RETURN_IF_ERROR(h.Bind(1, v.id).Bind(2, v.kind).Bind(3, v.subject).Bind(4, v.field).Run());
  uint64_t t;
  if (core::Hlc::FromText(v.hlc, &t)) hlc_.Observe(t);
  return Status::Ok();
}

Result<std::vector<Version>> Workspace::CellHeads(const std::string& kind, const std::string& subject,
                                                  const std::string& field) {
  std::vector<Version> out;
  Stmt q = db_->Prepare(std::string("SELECT ") + kVersionCols +
                        " FROM heads h JOIN versions v ON v.version_id = h.version_id"
                        " WHERE h.kind = ?1 AND h.subject = ?2 AND h.field = ?3 ORDER BY v.hlc, v.version_id");
  q.Bind(1, kind).Bind(2, subject).Bind(3, field);
  while (q.Step()) out.push_back(ReadVersion(q, 0));
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<ChangeSet> Workspace::CollectChanges(int64_t after, int64_t* high_water) {
  ChangeSet cs;
  *high_water = after;
  std::set<std::string> subjects;
  Stmt q = db_->Prepare(std::string("SELECT v.rowid, ") + kVersionCols + " FROM versions v WHERE v.rowid > ?1 ORDER BY v.rowid");
  q.Bind(1, after);
  while (q.Step()) {
    *high_water = std::max(*high_water, q.Int(0));
    Version v = ReadVersion(q, 1);
    if (v.kind == "answer" || v.kind == "status") subjects.insert(v.subject);
    cs.versions.push_back(std::move(v));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  std::set<std::pair<std::string, int>> form_refs;
  for (const auto& uuid : subjects) {
    Stmt h = db_->Prepare("SELECT uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc FROM interviews WHERE uuid = ?1");
    h.Bind(1, uuid);
    if (h.Step()) {
      InterviewHeader ih{h.Text(0), h.Text(1), static_cast<int>(h.Int(2)), h.Text(3), h.Text(4), h.Text(5), h.Text(6), h.Text(7)};
      form_refs.insert({ih.form_id, ih.form_version});
      cs.interviews.push_back(std::move(ih));
    }
    CANVASS_RETURN_IF_ERROR(h.status());
  }
  for (const auto& [id, ver] : form_refs) {
    CANVASS_ASSIGN_OR_RETURN(std::string json, GetFormJson(id, ver));
    cs.form_jsons.push_back(std::move(json));
  }
  return cs;
}

Status Workspace::MergeInterviewHeader(const InterviewHeader& h, MergeStats* stats) {
  if (!core::IsUuid(h.uuid)) return Status::Corruption("an interview id is not a UUID");
  Stmt q = db_->Prepare("SELECT form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc FROM interviews WHERE uuid = ?1");
  q.Bind(1, h.uuid);
  if (q.Step()) {
    InterviewHeader old{h.uuid, q.Text(0), static_cast<int>(q.Int(1)), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Text(6)};
    if (old.ToValue() != h.ToValue())
      return Status::Corruption("interview " + h.uuid + " arrives with a different header than the one stored");
    ++stats->known_interviews;
    return Status::Ok();
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  auto has_form = GetFormJson(h.form_id, h.form_version);
  if (!has_form.ok())
    return Status::NotFound("interview " + h.uuid + " uses form " + h.form_id + " v" + std::to_string(h.form_version) + ", which neither the bundle nor this workspace has");
  Stmt ins = db_->Prepare("INSERT INTO interviews(uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  CANVASS_RETURN_IF_ERROR(ins.Bind(1, h.uuid).Bind(2, h.form_id).Bind(3, h.form_version).Bind(4, h.device_id)
                              .Bind(5, h.interviewer).Bind(6, h.respondent_role).Bind(7, h.language).Bind(8, h.created_hlc).Run());
  ++stats->new_interviews;
  return Status::Ok();
}

Result<MergeStats> Workspace::Merge(const ChangeSet& cs, const BundleLogEntry* log) {
  MergeStats stats;
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  for (const std::string& json : cs.form_jsons) {
    CANVASS_ASSIGN_OR_RETURN(Value doc, core::ParseJson(json, "bundled form"));
    CANVASS_ASSIGN_OR_RETURN(forms::Form form, forms::ParseFormValue(doc, "bundled form"));
    std::string canonical = doc.ToJson();
    FormRow row{form.id, form.version, core::Blake2bHex("canvass-form-v1\n" + canonical, 32), form.Text(form.title, ""), form.kind, false, 0};
    bool added = false;
    CANVASS_RETURN_IF_ERROR(StoreFormLocked(canonical, row.content_hash, false, &row, &added));
    if (added) ++stats.new_forms;
  }
  for (const Area& a : cs.areas) {
    Stmt ins = db_->Prepare("INSERT OR REPLACE INTO areas(area_id, level, name, parent_id, land_area_sqm, lat, lon, source) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
    ins.Bind(1, a.id).Bind(2, a.level).Bind(3, a.name);
    if (a.parent_id.empty()) ins.BindNull(4); else ins.Bind(4, a.parent_id);
    if (a.land_area_sqm) ins.Bind(5, *a.land_area_sqm); else ins.BindNull(5);
    if (a.lat) ins.Bind(6, *a.lat); else ins.BindNull(6);
    if (a.lon) ins.Bind(7, *a.lon); else ins.BindNull(7);
    CANVASS_RETURN_IF_ERROR(ins.Bind(8, a.source).Run());
    stats.new_areas += db_->Changes() > 0 ? 1 : 0;
  }
  for (const InterviewHeader& h : cs.interviews) CANVASS_RETURN_IF_ERROR(MergeInterviewHeader(h, &stats));

  // Heads per touched cell before the merge, to report changed values and new conflicts.
  using Cell = std::tuple<std::string, std::string, std::string>;
  std::map<Cell, std::set<std::string>> before;
  for (const Version& v : cs.versions) {
    CANVASS_RETURN_IF_ERROR(CheckIncoming(v));
    Cell c{v.kind, v.subject, v.field};
    if (before.count(c)) continue;
    CANVASS_ASSIGN_OR_RETURN(auto heads, CellHeads(v.kind, v.subject, v.field));
    auto& s = before[c];
    for (const auto& h : heads) s.insert(h.id);
  }
  for (const Version& v : cs.versions) {
    if ((v.kind == "answer" || v.kind == "status")) {
      auto known = db_->Prepare("SELECT 1 FROM interviews WHERE uuid = ?1");
      known.Bind(1, v.subject);
      bool ok = known.Step();
      CANVASS_RETURN_IF_ERROR(known.status());
      if (!ok) return Status::Corruption("a version refers to interview " + v.subject.substr(0, 40) + ", which the bundle does not describe");
    }
    bool inserted = false;
    CANVASS_RETURN_IF_ERROR(InsertVersion(v, &inserted));
    if (inserted) ++stats.new_versions; else ++stats.known_versions;
  }
  for (const Version& v : cs.versions) {
    for (const auto& p : v.parents) {
      Stmt q = db_->Prepare("SELECT kind, subject, field FROM versions WHERE version_id = ?1");
      q.Bind(1, p);
      if (q.Step()) {
        if (q.Text(0) != v.kind || q.Text(1) != v.subject || q.Text(2) != v.field)
          return Status::Corruption("a version names a parent from another cell");
      } else {
        CANVASS_RETURN_IF_ERROR(q.status());
        ++stats.missing_parents;
      }
    }
  }
  for (const auto& [cell, old_heads] : before) {
    CANVASS_ASSIGN_OR_RETURN(auto heads, CellHeads(std::get<0>(cell), std::get<1>(cell), std::get<2>(cell)));
    std::set<std::string> now;
    for (const auto& h : heads) now.insert(h.id);
    if (now != old_heads && std::get<0>(cell) == "answer") ++stats.updated_answers;
    if (now.size() > 1 && old_heads.size() <= 1) ++stats.new_conflicts;
  }
  CANVASS_RETURN_IF_ERROR(PersistHlc());
  if (log) {
    CANVASS_RETURN_IF_ERROR(LogBundle(*log));
    CANVASS_RETURN_IF_ERROR(AppendAuditLocked("bundle.import", "bundle=" + log->bundle_id + " device=" + log->device_id +
                                              " seq=" + std::to_string(log->seq) + " " + stats.ToValue().ToJson()));
  }
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

Result<std::vector<ConflictInfo>> Workspace::ListConflicts() {
  std::vector<ConflictInfo> out;
  Stmt q = db_->Prepare("SELECT kind, subject, field FROM heads GROUP BY kind, subject, field HAVING count(*) > 1 ORDER BY subject, field");
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
