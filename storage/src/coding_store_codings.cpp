// CodingStore, codings part: add, remove, list (relocated onto edited answers), completion marks.
#include <algorithm>
#include <map>

#include "coding/text_span.h"
#include "coding_store_internal.h"
#include "core/crypto_util.h"
#include "db.h"
#include "storage/coding_store.h"
#include "storage/workspace.h"

namespace canvass::storage {

using core::Result;
using core::Status;
using core::Value;
using namespace coding_internal;

coding::Coding CodingRecord::ToCoding() const {
  return coding::Coding{answer_id(), start, end, code_guid, coder, created};
}

Result<std::map<std::string, std::string>> coding_internal::CodeRedirects(Db* db) {
  std::map<std::string, std::string> out;
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(db, "code", ""));
  for (const Head& h : heads) {
    std::string into = Str(h.value, "merged_into");
    if (!into.empty()) out[h.subject] = into;
  }
  return out;
}

bool coding_internal::CodingFromHead(const Head& h, const std::map<std::string, std::string>& redirects, CodingRecord* r) {
  if (!h.value.is_object()) return false;  // removed
  const Value* answer = h.value.Find("answer");
  const Value* start = h.value.Find("start");
  const Value* end = h.value.Find("end");
  if (!answer || !start || !end || !start->is_integer() || !end->is_integer()) return false;
  r->id = h.subject;
  r->interview = Str(*answer, "interview");
  r->question = Str(*answer, "question");
  r->start = start->as_int();
  r->end = end->as_int();
  r->code_guid = FollowRedirects(redirects, Str(h.value, "code"));
  r->coder = Str(h.value, "coder");
  r->created = Str(h.value, "created");
  r->conflict = h.conflict;
  return true;
}

namespace {

Result<std::string> VersionText(Db* db, const std::string& version_id) {
  Stmt q = db->Prepare("SELECT value FROM versions WHERE version_id = ?1 AND kind = 'answer'");
  q.Bind(1, version_id);
  if (!q.Step()) {
    CANVASS_RETURN_IF_ERROR(q.status());
    return Status::NotFound("answer version " + version_id.substr(0, 12) + " is not in this workspace");
  }
  CANVASS_ASSIGN_OR_RETURN(Value v, core::ParseJson(q.Text(0), "stored answer"));
  return v.is_string() ? coding::NormalizeNewlines(v.as_string()) : std::string();
}

}  // namespace

std::string coding_internal::CodingId(const std::string& interview, const std::string& question, int64_t start, int64_t end,
                                      const std::string& code, const std::string& coder, const std::string& text_version) {
  return coding::StableGuid("coding-v1", interview + "/" + question + "\n" + std::to_string(start) + "\n" +
                                             std::to_string(end) + "\n" + code + "\n" + coder + "\n" + text_version);
}

Result<std::string> CodingStore::CurrentAnswerText(const std::string& interview, const std::string& question,
                                                   std::string* version_id) {
  CANVASS_ASSIGN_OR_RETURN(InterviewDetail d, ws_->GetInterview(interview));
  CANVASS_ASSIGN_OR_RETURN(forms::Form form, ws_->GetForm(d.header.form_id, d.header.form_version));
  const forms::Question* q = form.FindQuestion(question);
  if (!q) return Status::NotFound("form " + form.id + " has no question " + question);
  if (!q->is_open_text()) return Status::InvalidArgument("question " + question + " is not an open-text question; only text answers are coded");
  if (q->identifying) return Status::InvalidArgument("question " + question + " is flagged identifying; its answers are never coded or exported");
  auto it = d.answers.find(question);
  if (it == d.answers.end()) return Status::NotFound("interview " + interview + " has no answer to " + question);
  if (it->second.conflict()) return Status::Conflict("the answer to " + question + " has a conflict; resolve it before coding");
  const Version& head = it->second.heads[0];
  if (!head.value.is_string()) return Status::InvalidArgument("the answer to " + question + " is not text");
  if (version_id) *version_id = head.id;
  return coding::NormalizeNewlines(head.value.as_string());
}

Result<std::string> CodingStore::AddCoding(const NewCoding& in, const std::string& recorded_by) {
  if (in.coder.empty() || in.coder.size() > 200) return Status::InvalidArgument("give the coder's name (--coder NAME), 1 to 200 characters");
  std::string text_version;
  CANVASS_ASSIGN_OR_RETURN(std::string text, CurrentAnswerText(in.interview, in.question, &text_version));
  CANVASS_ASSIGN_OR_RETURN(int64_t length, coding::CodePointCount(text));
  if (in.start < 0 || in.end <= in.start || in.end > length)
    return Status::InvalidArgument("span " + std::to_string(in.start) + ".." + std::to_string(in.end) +
                                   " is not inside the answer (0.." + std::to_string(length) +
                                   " code points, end exclusive, start < end)");
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(std::string code, ResolveCode(cb, in.code));
  std::string id = CodingId(in.interview, in.question, in.start, in.end, code, in.coder, text_version);
  CANVASS_ASSIGN_OR_RETURN(auto heads, ws_->CellHeads("coding", id, ""));
  for (const Version& h : heads)
    if (!h.value.is_null()) return id;  // already coded: the same work twice is one coding
  Value v(Value::Object{
      {"answer", Value(Value::Object{{"interview", in.interview}, {"question", in.question}})},
      {"start", Value(in.start)},
      {"end", Value(in.end)},
      {"code", code},
      {"coder", in.coder},
      {"created", core::FormatIsoUtc(ws_->clock()->NowMillis())},
      {"text_version", text_version}});
  const std::string& author = recorded_by.empty() ? in.coder : recorded_by;
  CANVASS_RETURN_IF_ERROR(Write("coding", id, "", v, author, "coding.add",
                                id + " " + in.interview + "/" + in.question + " code " + code +
                                    (author == in.coder ? "" : " as " + in.coder)));
  return id;
}

Status CodingStore::RemoveCoding(const std::string& coding_id, const std::string& author) {
  CANVASS_ASSIGN_OR_RETURN(auto heads, ws_->CellHeads("coding", coding_id, ""));
  if (heads.empty() || (heads.size() == 1 && heads[0].value.is_null()))
    return Status::NotFound("no coding " + coding_id + "; see `canvass-cli code list`");
  std::string who = author.empty() ? Str(heads.back().value, "coder") : author;
  if (who.empty()) who = ws_->info().device_name;
  return Write("coding", coding_id, "", Value(), who, "coding.remove", coding_id);
}

Result<std::vector<CodingRecord>> CodingStore::ListCodings(const CodingFilter& filter) {
  Db* db = ws_->db_.get();
  CANVASS_ASSIGN_OR_RETURN(auto heads, Heads(db, "coding", ""));
  CANVASS_ASSIGN_OR_RETURN(auto redirects, CodeRedirects(db));
  struct Current { Status st; std::string version, text; int64_t length = 0; };
  std::map<std::string, Current> current;    // answer id -> current text
  std::map<std::string, std::string> old_texts;  // version id -> text
  std::vector<CodingRecord> out;
  for (const Head& h : heads) {
    CodingRecord r;
    if (!CodingFromHead(h, redirects, &r)) continue;
    if (!filter.coders.empty() && std::find(filter.coders.begin(), filter.coders.end(), r.coder) == filter.coders.end()) continue;
    if (!filter.interview.empty() && r.interview != filter.interview) continue;
    if (!filter.question.empty() && r.question != filter.question) continue;
    auto cit = current.find(r.answer_id());
    if (cit == current.end()) {
      Current c;
      auto t = CurrentAnswerText(r.interview, r.question, &c.version);
      if (t.ok()) {
        c.text = std::move(*t);
        auto n = coding::CodePointCount(c.text);
        c.length = n.ok() ? *n : 0;
      } else {
        c.st = t.status();
      }
      cit = current.emplace(r.answer_id(), std::move(c)).first;
    }
    const Current& cur = cit->second;
    std::string made_on = Str(h.value, "text_version");
    if (!cur.st.ok()) {
      r.fate = "needs_review";
      r.reason = cur.st.message();
    } else if (!made_on.empty() && made_on != cur.version) {
      auto oit = old_texts.find(made_on);
      if (oit == old_texts.end()) {
        auto t = VersionText(db, made_on);
        oit = old_texts.emplace(made_on, t.ok() ? *t : std::string()).first;
      }
      coding::Relocation rel = coding::RelocateSpan(oit->second, cur.text, r.start, r.end);
      r.start = rel.start;
      r.end = rel.end;
      if (rel.fate == coding::SpanFate::kMoved) r.fate = "moved";
      if (rel.fate == coding::SpanFate::kNeedsReview) { r.fate = "needs_review"; r.reason = rel.reason; }
    }
    if (r.fate == "needs_review" && cur.st.ok()) {
      r.end = std::min(r.end, cur.length);
      r.start = std::min(r.start, r.end);
    }
    if (r.fate != "needs_review" && (r.end > cur.length || r.start >= r.end)) {
      r.fate = "needs_review";
      r.reason = "the span lies outside the answer";
    }
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const CodingRecord& a, const CodingRecord& b) {
    return std::tie(a.interview, a.question, a.start, a.end, a.coder, a.code_guid, a.id) <
           std::tie(b.interview, b.question, b.start, b.end, b.coder, b.code_guid, b.id);
  });
  return out;
}

Status CodingStore::SetCompleted(const std::string& interview, const std::string& question, const std::string& coder,
                                 bool done) {
  CANVASS_RETURN_IF_ERROR(CurrentAnswerText(interview, question, nullptr).status());
  return Write("coded", AnswerTarget(interview, question), coder, done ? Value(true) : Value(), coder,
               done ? "coding.done" : "coding.undone", interview + "/" + question);
}

}  // namespace canvass::storage
