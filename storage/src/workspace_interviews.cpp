// Interviews: creation with validation, answer edits, finalize/reopen, listing and detail.
#include <algorithm>

#include "core/crypto_util.h"
#include "db.h"
#include "version_row.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;

namespace {

std::string JoinErrors(const std::vector<forms::AnswerError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    out += e.message;
  }
  return out;
}

Result<InterviewHeader> ReadHeader(Db* db, const std::string& uuid) {
  Stmt q = db->Prepare("SELECT uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc FROM interviews WHERE uuid = ?1");
  q.Bind(1, uuid);
  if (q.Step())
    return InterviewHeader{q.Text(0), q.Text(1), static_cast<int>(q.Int(2)), q.Text(3), q.Text(4), q.Text(5), q.Text(6), q.Text(7)};
  CANVASS_RETURN_IF_ERROR(q.status());
  return Status::NotFound("no interview " + uuid + " in this workspace; see `canvass-cli interview list`");
}

}  // namespace

forms::ValidationOptions Workspace::ValidationFor(forms::ValidationMode mode) {
  forms::ValidationOptions o;
  o.mode = mode;
  o.today = core::FormatDateUtc(clock_->NowMillis());
  o.area_exists = [this](const std::string& id) {
    auto r = AreaExists(id);
    return r.ok() && *r;
  };
  return o;
}

Status Workspace::WriteInterviewVersions(const InterviewHeader& h, const forms::Answers& answers,
                                         const std::string& status) {
  auto write = [&](const std::string& kind, const std::string& field, const Value& value) -> Status {
    Version v;
    v.kind = kind;
    v.subject = h.uuid;
    v.field = field;
    v.value = value;
    v.hlc = NextHlc();
    v.device_id = info_.device_id;
    v.author = h.interviewer;
    v.id = ComputeVersionId(v);
    bool inserted = false;
    return InsertVersion(v, &inserted);
  };
  for (const auto& [qid, value] : answers) CANVASS_RETURN_IF_ERROR(write("answer", qid, value));
  CANVASS_RETURN_IF_ERROR(write("status", "", Value(status)));
  return PersistHlc();
}

Result<std::string> Workspace::AddInterview(const NewInterview& in) {
  CANVASS_ASSIGN_OR_RETURN(forms::Form form, GetForm(in.form_id, in.form_version));
  InterviewHeader h;
  h.uuid = core::NewUuid();
  h.form_id = form.id;
  h.form_version = form.version;
  h.device_id = info_.device_id;
  h.interviewer = in.interviewer.empty() ? info_.device_name : in.interviewer;
  if (h.interviewer.size() > 200) return Status::InvalidArgument("the interviewer name is longer than 200 characters");
  h.respondent_role = in.respondent_role;
  if (h.respondent_role.empty()) h.respondent_role = form.respondent_roles.empty() ? "unspecified" : form.respondent_roles[0];
  if (!form.respondent_roles.empty() &&
      std::find(form.respondent_roles.begin(), form.respondent_roles.end(), h.respondent_role) == form.respondent_roles.end()) {
    std::string roles;
    for (const auto& r : form.respondent_roles) roles += (roles.empty() ? "" : ", ") + r;
    return Status::InvalidArgument("respondent role \"" + h.respondent_role + "\" is not one of this form's roles: " + roles);
  }
  h.language = in.language.empty() ? form.languages[0] : in.language;
  if (std::find(form.languages.begin(), form.languages.end(), h.language) == form.languages.end())
    return Status::InvalidArgument("form " + form.id + " is not written in language \"" + h.language + "\"");
  auto errors = forms::ValidateAnswers(form, in.answers,
                                       ValidationFor(in.final ? forms::ValidationMode::kFinal : forms::ValidationMode::kDraft));
  if (!errors.empty())
    return Status::InvalidArgument(std::to_string(errors.size()) + " problem(s) in the answers: " + JoinErrors(errors));
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  h.created_hlc = NextHlc();
  Stmt ins = db_->Prepare("INSERT INTO interviews(uuid, form_id, form_version, device_id, interviewer, respondent_role, language, created_hlc) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  CANVASS_RETURN_IF_ERROR(ins.Bind(1, h.uuid).Bind(2, h.form_id).Bind(3, h.form_version).Bind(4, h.device_id)
                              .Bind(5, h.interviewer).Bind(6, h.respondent_role).Bind(7, h.language).Bind(8, h.created_hlc).Run());
  CANVASS_RETURN_IF_ERROR(WriteInterviewVersions(h, in.answers, in.final ? "final" : "draft"));
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("interview.add", h.uuid + " form=" + h.form_id + " v" + std::to_string(h.form_version) + (in.final ? " final" : " draft")));
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return h.uuid;
}

Result<forms::Answers> Workspace::CurrentAnswers(const std::string& uuid, bool* conflicts) {
  forms::Answers out;
  *conflicts = false;
  Stmt q = db_->Prepare("SELECT v.field, v.value FROM heads h JOIN versions v ON v.version_id = h.version_id "
                        "WHERE h.subject = ?1 AND h.kind = 'answer' ORDER BY v.field, v.hlc");
  q.Bind(1, uuid);
  std::string last, last_json;
  while (q.Step()) {
    std::string field = q.Text(0);
    if (field == last) {  // another head: a conflict when its value differs (canonical JSON)
      if (q.Text(1) != last_json) *conflicts = true;
      continue;
    }
    last = field;
    last_json = q.Text(1);
    auto v = core::ParseJson(q.Text(1), "stored answer");
    if (!v.ok()) return v.status();
    if (!v->is_null()) out[field] = *v;
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Status Workspace::SetAnswer(const std::string& uuid, const std::string& qid, const Value& value,
                            const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(InterviewHeader h, ReadHeader(db_.get(), uuid));
  CANVASS_ASSIGN_OR_RETURN(auto status_heads, CellHeads("status", uuid, ""));
  if (!status_heads.empty() && status_heads[0].value == Value("final"))
    return Status::InvalidArgument("interview " + uuid + " is final; reopen it (with a reason) before editing");
  CANVASS_ASSIGN_OR_RETURN(forms::Form form, GetForm(h.form_id, h.form_version));
  bool conflicts = false;
  CANVASS_ASSIGN_OR_RETURN(forms::Answers answers, CurrentAnswers(uuid, &conflicts));
  if (value.is_null()) answers.erase(qid); else answers[qid] = value;
  for (const auto& e : forms::ValidateAnswers(form, answers, ValidationFor(forms::ValidationMode::kDraft)))
    if (e.question_id == qid) return Status::InvalidArgument(e.message);
  CANVASS_ASSIGN_OR_RETURN(auto heads, CellHeads("answer", uuid, qid));
  if (CellState{heads}.conflict()) return Status::Conflict(qid + ": this answer has a conflict; resolve it first");
  if (!heads.empty() && heads[0].value == value) return Status::Ok();  // (equal heads stay as they are)
  if (heads.empty() && value.is_null()) return Status::Ok();
  Version v;
  v.kind = "answer";
  v.subject = uuid;
  v.field = qid;
  v.value = value;
  v.device_id = info_.device_id;
  v.author = author.empty() ? h.interviewer : author;
  for (const auto& p : heads) v.parents.push_back(p.id);
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  v.hlc = NextHlc();
  v.id = ComputeVersionId(v);
  bool inserted = false;
  CANVASS_RETURN_IF_ERROR(InsertVersion(v, &inserted));
  CANVASS_RETURN_IF_ERROR(PersistHlc());
  return tx.Commit();
}

namespace {
Version NextOf(const std::vector<Version>& heads, const std::string& kind, const std::string& subject,
               const std::string& field, Value value, const std::string& device, const std::string& author,
               const std::string& note) {
  Version v;
  v.kind = kind;
  v.subject = subject;
  v.field = field;
  v.value = std::move(value);
  v.device_id = device;
  v.author = author;
  v.note = note;
  for (const auto& p : heads) v.parents.push_back(p.id);
  std::sort(v.parents.begin(), v.parents.end());
  return v;
}
}  // namespace

Status Workspace::Finalize(const std::string& uuid, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(InterviewHeader h, ReadHeader(db_.get(), uuid));
  CANVASS_ASSIGN_OR_RETURN(auto status_heads, CellHeads("status", uuid, ""));
  if (status_heads.size() == 1 && status_heads[0].value == Value("final"))
    return Status::Ok();
  CANVASS_ASSIGN_OR_RETURN(forms::Form form, GetForm(h.form_id, h.form_version));
  bool conflicts = false;
  CANVASS_ASSIGN_OR_RETURN(forms::Answers answers, CurrentAnswers(uuid, &conflicts));
  if (conflicts) return Status::Conflict("interview " + uuid + " has conflicting answers; resolve them before finalizing");
  std::string who = author.empty() ? h.interviewer : author;
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  // Answers whose question is no longer relevant are cleared; their values stay in history.
  std::string today = core::FormatDateUtc(clock_->NowMillis());
  for (auto it = answers.begin(); it != answers.end();) {
    const forms::Question* q = form.FindQuestion(it->first);
    if (q && form.SectionOf(q->id) && !forms::IsRelevant(form, *q, answers, today)) {
      CANVASS_ASSIGN_OR_RETURN(auto heads, CellHeads("answer", uuid, it->first));
      Version v = NextOf(heads, "answer", uuid, it->first, Value(), info_.device_id, who, "cleared: not relevant at finalization");
      v.hlc = NextHlc();
      v.id = ComputeVersionId(v);
      bool inserted = false;
      CANVASS_RETURN_IF_ERROR(InsertVersion(v, &inserted));
      it = answers.erase(it);
    } else {
      ++it;
    }
  }
  // The same inside repeat items: a child whose condition is false in its item loses its answer.
  for (auto& [qid, value] : answers) {
    const forms::Question* q = form.FindQuestion(qid);
    if (!q || q->type != forms::QuestionType::kRepeat || !value.is_array()) continue;
    Value::Array items = value.as_array();
    bool changed = false;
    for (Value& item : items) {
      if (!item.is_object()) continue;  // the validation below names it
      std::vector<bool> relevant = forms::RepeatItemRelevance(form, *q, item, answers, today);
      Value::Object obj = item.as_object();
      for (size_t k = 0; k < q->children.size(); ++k)
        if (!relevant[k] && obj.erase(q->children[k].id)) changed = true;
      item = Value(std::move(obj));
    }
    if (!changed) continue;
    CANVASS_ASSIGN_OR_RETURN(auto heads, CellHeads("answer", uuid, qid));
    Version v = NextOf(heads, "answer", uuid, qid, Value(items), info_.device_id, who,
                       "cleared inside items: not relevant at finalization");
    v.hlc = NextHlc();
    v.id = ComputeVersionId(v);
    bool inserted = false;
    CANVASS_RETURN_IF_ERROR(InsertVersion(v, &inserted));
    value = Value(std::move(items));
  }
  auto errors = forms::ValidateAnswers(form, answers, ValidationFor(forms::ValidationMode::kFinal));
  if (!errors.empty())
    return Status::InvalidArgument("cannot finalize: " + std::to_string(errors.size()) + " problem(s): " + JoinErrors(errors));
  Version s = NextOf(status_heads, "status", uuid, "", Value("final"), info_.device_id, who, "");
  s.hlc = NextHlc();
  s.id = ComputeVersionId(s);
  bool inserted = false;
  CANVASS_RETURN_IF_ERROR(InsertVersion(s, &inserted));
  CANVASS_RETURN_IF_ERROR(PersistHlc());
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("interview.finalize", uuid));
  return tx.Commit();
}

Status Workspace::Reopen(const std::string& uuid, const std::string& author, const std::string& reason) {
  if (reason.empty()) return Status::InvalidArgument("give a reason for reopening a final interview");
  CANVASS_ASSIGN_OR_RETURN(InterviewHeader h, ReadHeader(db_.get(), uuid));
  CANVASS_ASSIGN_OR_RETURN(auto status_heads, CellHeads("status", uuid, ""));
  Transaction tx(db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  Version s = NextOf(status_heads, "status", uuid, "", Value("draft"), info_.device_id,
                     author.empty() ? h.interviewer : author, "reopened: " + reason);
  s.hlc = NextHlc();
  s.id = ComputeVersionId(s);
  bool inserted = false;
  CANVASS_RETURN_IF_ERROR(InsertVersion(s, &inserted));
  CANVASS_RETURN_IF_ERROR(PersistHlc());
  CANVASS_RETURN_IF_ERROR(AppendAuditLocked("interview.reopen", uuid + " by " + s.author));
  return tx.Commit();
}

Result<std::vector<InterviewSummary>> Workspace::ListInterviews() {
  std::vector<InterviewSummary> out;
  Stmt q = db_->Prepare(
      "SELECT i.uuid, i.form_id, i.form_version, i.device_id, i.interviewer, i.respondent_role, i.language, i.created_hlc,"
      " (SELECT group_concat(DISTINCT v.value) FROM heads h JOIN versions v ON v.version_id = h.version_id WHERE h.kind='status' AND h.subject=i.uuid),"
      " (SELECT count(*) FROM heads h JOIN versions v ON v.version_id = h.version_id WHERE h.kind='answer' AND h.subject=i.uuid AND v.value <> 'null'),"
      " CASE WHEN EXISTS (SELECT 1 FROM versions h WHERE h.subject=i.uuid GROUP BY h.kind, h.field HAVING count(*) > 1)"
      "  THEN EXISTS (SELECT 1 FROM heads h JOIN versions v ON v.version_id = h.version_id WHERE h.subject=i.uuid"
      "   GROUP BY h.kind, h.field HAVING count(DISTINCT v.value) > 1) ELSE 0 END,"
      " (SELECT max(v.hlc) FROM versions v WHERE v.kind IN ('answer','status') AND v.subject=i.uuid)"
      " FROM interviews i ORDER BY i.created_hlc, i.uuid");
  while (q.Step()) {
    InterviewSummary s;
    s.header = {q.Text(0), q.Text(1), static_cast<int>(q.Int(2)), q.Text(3), q.Text(4), q.Text(5), q.Text(6), q.Text(7)};
    std::string st = q.Text(8);
    s.status = st == "\"final\"" ? "final" : st == "\"draft\"" ? "draft" : "conflict";
    s.answered = static_cast<int>(q.Int(9));
    s.has_conflicts = q.Int(10) != 0 || s.status == "conflict";
    s.updated_hlc = q.Text(11);
    out.push_back(std::move(s));
  }
  CANVASS_RETURN_IF_ERROR(q.status());
  return out;
}

Result<InterviewDetail> Workspace::GetInterview(const std::string& uuid) {
  InterviewDetail d;
  CANVASS_ASSIGN_OR_RETURN(d.header, ReadHeader(db_.get(), uuid));
  CANVASS_ASSIGN_OR_RETURN(auto status_heads, CellHeads("status", uuid, ""));
  d.status = !status_heads.empty() && !CellState{status_heads}.conflict() && status_heads[0].value.is_string() ? status_heads[0].value.as_string() : "conflict";
  Stmt fields = db_->Prepare("SELECT DISTINCT field FROM heads WHERE subject = ?1 AND kind = 'answer'");
  fields.Bind(1, uuid);
  std::vector<std::string> names;
  while (fields.Step()) names.push_back(fields.Text(0));
  CANVASS_RETURN_IF_ERROR(fields.status());
  for (const auto& f : names) {
    CANVASS_ASSIGN_OR_RETURN(auto heads, CellHeads("answer", uuid, f));
    if (!CellState{heads}.conflict() && heads[0].value.is_null()) continue;  // cleared
    d.answers[f].heads = std::move(heads);
  }
  Stmt h = db_->Prepare(std::string("SELECT ") + kVersionCols +
                        " FROM versions v WHERE v.subject = ?1 AND v.kind IN ('answer','status') ORDER BY v.hlc, v.version_id");
  h.Bind(1, uuid);
  while (h.Step()) d.history.push_back(ReadVersionRow(h, 0));
  CANVASS_RETURN_IF_ERROR(h.status());
  return d;
}

}  // namespace canvass::storage
