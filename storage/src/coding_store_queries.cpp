// CodingStore, queries: the queue of open answers, agreement input, assessment counts and
// REFI-QDA projects (export of de-identified answers, idempotent import).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

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

namespace {

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string Folded(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (!std::isspace(c)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

// What an import skipped, counted once per reason with the first examples, so that 500
// codings of interviews not here make one line and not 500.
class SkipTally {
 public:
  void Add(const std::string& what, const std::string& reason, const std::string& example) {
    Entry& e = by_reason_[{what, reason}];
    if (e.count++ < 3) e.examples.push_back(example);
    ++total_;
  }
  int total() const { return total_; }
  int count(const std::string& what) const {
    int n = 0;
    for (const auto& [key, e] : by_reason_)
      if (key.first == what) n += e.count;
    return n;
  }
  void AppendTo(std::vector<std::string>* lines) const {
    for (const auto& [key, e] : by_reason_) {
      const auto& [what, reason] = key;
      std::string ex = Join(e.examples, ", ");
      if (e.count > static_cast<int>(e.examples.size())) ex += ", ...";
      lines->push_back(std::to_string(e.count) + " " + what + (e.count == 1 ? "" : "s") + " skipped: " + reason + " (" + ex + ")");
    }
  }

 private:
  struct Entry {
    int count = 0;
    std::vector<std::string> examples;
  };
  std::map<std::pair<std::string, std::string>, Entry> by_reason_;
  int total_ = 0;
};

const char kNotHere[] =
    "their interviews are not in this workspace; import the interviews first (on the central: "
    "`canvass-cli sync update-kit CENTRAL --device NAME --with-interviews --out U.cvbundle`, then `sync import` it here)";

// Everything about one interview that the coding queries need.
struct InterviewInfo {
  InterviewDetail detail;
  std::shared_ptr<forms::Form> form;
  std::vector<std::string> areas, forms;
  std::string respondent;  // keyed hash of the name (else contact) answer; "" = unknown
};

// Forms by (id, version), read once each.
class FormCache {
 public:
  explicit FormCache(Workspace* ws) : ws_(ws) {}
  Result<std::shared_ptr<forms::Form>> Get(const std::string& id, int version) {
    auto key = std::make_pair(id, version);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    CANVASS_ASSIGN_OR_RETURN(forms::Form f, ws_->GetForm(id, version));
    return cache_[key] = std::make_shared<forms::Form>(std::move(f));
  }

 private:
  Workspace* ws_;
  std::map<std::pair<std::string, int>, std::shared_ptr<forms::Form>> cache_;
};

Result<std::vector<InterviewInfo>> LoadInterviews(Workspace* ws) {
  CANVASS_ASSIGN_OR_RETURN(auto list, ws->ListInterviews());
  FormCache forms_cache(ws);
  std::vector<InterviewInfo> out;
  for (const auto& s : list) {
    InterviewInfo info;
    CANVASS_ASSIGN_OR_RETURN(info.detail, ws->GetInterview(s.header.uuid));
    CANVASS_ASSIGN_OR_RETURN(info.form, forms_cache.Get(s.header.form_id, s.header.form_version));
    std::vector<std::pair<std::string, const Value*>> answers;
    for (const auto& [qid, cell] : info.detail.answers)
      if (!cell.conflict()) answers.emplace_back(qid, &cell.heads[0].value);
    ExtractFacts(ws, *info.form, answers, &info.areas, &info.forms, &info.respondent);
    out.push_back(std::move(info));
  }
  return out;
}

// The (interview, question) of an imported source: its Interview/Question variables, else
// its "<uuid>/<qid>" name.
std::pair<std::string, std::string> AnswerOf(const coding::QdaAnswer& a) {
  std::string interview = a.interview_id, question = a.question;
  size_t slash = a.id.find('/');
  if ((interview.empty() || question.empty()) && slash != std::string::npos) {
    interview = a.id.substr(0, slash);
    question = a.id.substr(slash + 1);
  }
  return {interview, question};
}

// Memos on answers this workspace can code, per (answer, coder); a memo already here (its
// text contained in ours) is known, another text from the same coder is appended.
Status ImportAnswerMemos(CodingStore& store, const coding::QdaProject& project, const std::string& author,
                         QdaImportReport* rep, SkipTally* skipped) {
  if (project.answer_memos.empty()) return Status::Ok();
  std::map<std::string, const coding::QdaAnswer*> by_id;
  for (const auto& a : project.answers) by_id[a.id] = &a;
  CANVASS_ASSIGN_OR_RETURN(auto open, store.OpenAnswersBulk());
  std::set<std::string> here;
  for (const OpenAnswer& a : open) here.insert(a.id());
  for (const coding::QdaAnswerMemo& m : project.answer_memos) {
    auto ait = by_id.find(m.answer_id);
    if (m.text.empty()) continue;
    if (ait == by_id.end()) {
      skipped->Add("memo", "they name a source the file does not contain (a damaged or hand-edited file?)", m.answer_id);
      continue;
    }
    auto [interview, question] = AnswerOf(*ait->second);
    if (!here.count(interview + "/" + question)) {
      skipped->Add("memo", kNotHere, interview + "/" + question);
      continue;
    }
    std::string target = AnswerTarget(interview, question), coder = m.author.empty() ? author : m.author;
    CANVASS_ASSIGN_OR_RETURN(auto existing, store.ListMemos(target));
    std::string text = m.text;
    bool known = false;
    for (const MemoRecord& e : existing) {
      if (e.coder != coder || e.target != target) continue;
      if (e.text.find(m.text) != std::string::npos) known = true;
      else text = e.text + "\n\n" + m.text;
    }
    if (known) { ++rep->memos_known; continue; }
    CANVASS_RETURN_IF_ERROR(store.SetMemo(target, coder, text));
    ++rep->memos_added;
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<OpenAnswer>> CodingStore::OpenAnswers() {
  CANVASS_ASSIGN_OR_RETURN(auto interviews, LoadInterviews(ws_));
  CANVASS_ASSIGN_OR_RETURN(auto marks, Heads(ws_->db_.get(), "coded", ""));
  std::map<std::string, std::vector<std::string>> done;
  for (const Head& h : marks)
    if (h.value == Value(true)) done[h.subject].push_back(h.field);
  std::vector<OpenAnswer> out;
  for (const InterviewInfo& info : interviews) {
    const InterviewDetail& d = info.detail;
    auto current = [&d](const std::string& qid) -> const Value* {
      auto it = d.answers.find(qid);
      return it == d.answers.end() || it->second.conflict() ? nullptr : &it->second.heads[0].value;
    };
    AppendOpenAnswers(d.header, d.status, *info.form, current, info.areas, info.forms, done, &out);
  }
  return out;
}

Result<coding::AgreementInput> CodingStore::AgreementInputFor(const std::vector<std::string>& coders, int* needs_review) {
  coding::AgreementInput in;
  in.coders = coders;
  CANVASS_ASSIGN_OR_RETURN(auto answers, OpenAnswersBulk());
  std::set<std::string> units;
  for (const OpenAnswer& a : answers) {
    bool all = std::all_of(coders.begin(), coders.end(), [&](const std::string& c) {
      return std::find(a.completed_by.begin(), a.completed_by.end(), c) != a.completed_by.end();
    });
    if (!all) continue;
    in.answers.push_back({a.id(), a.length});
    units.insert(a.id());
  }
  CodingFilter f;
  f.coders = coders;
  CANVASS_ASSIGN_OR_RETURN(auto codings, ListCodings(f));
  std::set<std::tuple<std::string, int64_t, int64_t, std::string, std::string>> seen;
  std::set<std::string> used;
  if (needs_review) *needs_review = 0;
  for (const CodingRecord& r : codings) {
    if (!units.count(r.answer_id())) continue;
    if (r.fate == "needs_review") {
      if (needs_review) ++*needs_review;
      continue;
    }
    if (!seen.emplace(r.answer_id(), r.start, r.end, r.code_guid, r.coder).second) continue;
    in.codings.push_back(r.ToCoding());
    used.insert(r.code_guid);
  }
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  for (const coding::Code* c : cb.InTreeOrder())
    if (used.count(c->guid)) in.code_guids.push_back(c->guid);
  for (const std::string& g : used)  // codes no longer in the codebook still count
    if (!cb.FindByGuid(g)) in.code_guids.push_back(g);
  return in;
}

Result<coding::CodeCounts> CodingStore::CountCodes(const coding::CountOptions& options) {
  coding::CountInput in;
  CANVASS_ASSIGN_OR_RETURN(auto codings, ListCodings());
  std::set<std::string> coded;
  for (const CodingRecord& r : codings) {
    in.interview_of_answer[r.answer_id()] = r.interview;
    in.codings.push_back(r.ToCoding());
    coded.insert(r.interview);
  }
  // Only coded interviews are counted: their headers and current answers, read per interview
  // through the heads index (not each interview's whole history).
  Db* db = ws_->db_.get();
  FormCache forms_cache(ws_);
  Stmt head = db->Prepare("SELECT form_id, form_version, respondent_role FROM interviews WHERE uuid = ?1");
  Stmt cells = db->Prepare(
      "SELECT h.field, v.value FROM heads h JOIN versions v ON v.version_id = h.version_id "
      "WHERE h.subject = ?1 AND h.kind = 'answer' ORDER BY h.field");
  for (const std::string& uuid : coded) {
    head.Reset();
    head.Bind(1, uuid);
    if (!head.Step()) {
      CANVASS_RETURN_IF_ERROR(head.status());
      continue;  // a coding of an interview this workspace lacks: CountCodes names it
    }
    CANVASS_ASSIGN_OR_RETURN(auto form, forms_cache.Get(head.Text(0), static_cast<int>(head.Int(1))));
    coding::InterviewFacts f{uuid, "", head.Text(2), {}, {}};
    std::vector<std::pair<std::string, Value>> values;  // several heads of a cell: one entry each
    cells.Reset();
    cells.Bind(1, uuid);
    while (cells.Step()) {
      auto v = core::ParseJson(cells.Text(1), "stored answer");
      if (!v.ok()) return v.status();
      values.emplace_back(cells.Text(0), std::move(*v));
    }
    CANVASS_RETURN_IF_ERROR(cells.status());
    // A cell whose heads disagree is a conflict and gives no fact (as in LoadInterviews).
    std::vector<std::pair<std::string, const Value*>> answers;
    for (size_t i = 0; i < values.size();) {
      size_t j = i + 1;
      bool agree = true;
      for (; j < values.size() && values[j].first == values[i].first; ++j) agree = agree && values[j].second == values[i].second;
      if (agree) answers.emplace_back(values[i].first, &values[i].second);
      i = j;
    }
    ExtractFacts(ws_, *form, answers, &f.areas, &f.forms, &f.respondent_id);
    in.interviews.push_back(std::move(f));
  }
  // The consensus decisions the kConsensusElse* rules read.
  CANVASS_ASSIGN_OR_RETURN(auto marks, Heads(ws_->db_.get(), "coded", ""));
  for (const Head& h : marks)
    if (h.field == options.consensus_coder && h.value == Value(true) && h.subject.rfind("answer:", 0) == 0)
      in.consensus_done.push_back(h.subject.substr(7));
  CANVASS_ASSIGN_OR_RETURN(in.no_code, ListNoCode());
  return coding::CountCodes(in, options);
}

Result<coding::QdaProject> CodingStore::ExportProject(const std::vector<std::string>& coders) {
  coding::QdaProject p;
  p.name = ws_->info().name;
  p.created = core::FormatIsoUtc(ws_->clock()->NowMillis());
  CANVASS_ASSIGN_OR_RETURN(p.codebook, LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(auto answers, OpenAnswersBulk());
  // Cases and documents are named for people: protocol, areas by name, date ("#2" when two
  // interviews share them); the ids stay in the Interview and Question variables.
  std::map<std::string, std::string> area_name, form_title, case_name;
  CANVASS_ASSIGN_OR_RETURN(auto areas, ws_->ListAreas());
  for (const auto& ar : areas) area_name[ar.id] = ar.name;
  CANVASS_ASSIGN_OR_RETURN(auto forms, ws_->ListForms());
  for (const auto& f : forms) form_title[f.form_id] = f.title;
  std::map<std::string, int> name_uses;
  std::set<std::string> seen_interviews, answer_ids;
  for (const OpenAnswer& a : answers) {
    if (seen_interviews.insert(a.interview).second) {
      std::vector<std::string> names;
      for (const auto& id : a.areas) names.push_back(area_name.count(id) && !area_name[id].empty() ? area_name[id] : id);
      const std::string protocol = form_title.count(a.form_id) && !form_title[a.form_id].empty() ? form_title[a.form_id] : a.form_id;
      std::string name = protocol + " - " + (names.empty() ? std::string("no area") : Join(names, ", ")) + " - " + a.date;
      if (int n = ++name_uses[name]; n > 1) name += " #" + std::to_string(n);
      case_name[a.interview] = name;
      p.interviews.push_back({a.interview, Join(names, "; "), a.role, name, protocol, a.date});
    }
    p.answers.push_back({a.id(), a.interview, a.question, a.text, case_name[a.interview] + " - " + a.question});
    answer_ids.insert(a.id());
  }
  CodingFilter f;
  f.coders = coders;
  CANVASS_ASSIGN_OR_RETURN(auto codings, ListCodings(f));
  std::set<std::tuple<std::string, int64_t, int64_t, std::string, std::string>> seen;
  for (const CodingRecord& r : codings) {
    if (!seen.emplace(r.answer_id(), r.start, r.end, r.code_guid, r.coder).second) continue;  // same work twice
    if (r.fate == "needs_review" || !answer_ids.count(r.answer_id()) || !p.codebook.FindByGuid(r.code_guid)) {
      p.warnings.push_back("coding " + r.id + " left out: " + (r.reason.empty() ? "its answer or code is not exported" : r.reason));
      continue;
    }
    p.codings.push_back(r.ToCoding());
  }
  // Memos on exported answers travel with them (by the listed coders).
  CANVASS_ASSIGN_OR_RETURN(auto memos, ListMemos());
  for (const MemoRecord& m : memos) {
    if (m.target.rfind("answer:", 0) != 0 || !answer_ids.count(m.target.substr(7))) continue;
    if (!coders.empty() && std::find(coders.begin(), coders.end(), m.coder) == coders.end()) continue;
    p.answer_memos.push_back({"", m.target.substr(7), m.coder, m.text, m.created});
  }
  return p;
}

Result<QdaImportReport> CodingStore::ImportProject(const coding::QdaProject& project, const std::string& author) {
  // One transaction: a file none of whose codings can be imported changes nothing at all.
  Transaction tx(ws_->db_.get());
  CANVASS_RETURN_IF_ERROR(tx.status());
  QdaImportReport rep;
  SkipTally skipped;
  CANVASS_ASSIGN_OR_RETURN(auto memos_before, ListMemos());
  CANVASS_ASSIGN_OR_RETURN(rep.codes_added, ImportCodebook(project.codebook, author));
  rep.codes_known = static_cast<int>(project.codebook.size()) - rep.codes_added;
  CANVASS_ASSIGN_OR_RETURN(auto memos_after, ListMemos());
  rep.memos_added = static_cast<int>(memos_after.size() - std::min(memos_after.size(), memos_before.size()));
  rep.memos_known = static_cast<int>(project.codebook.memos().size()) - rep.memos_added;
  CANVASS_ASSIGN_OR_RETURN(coding::Codebook cb, LoadCodebook());
  std::map<std::string, const coding::QdaAnswer*> by_id;
  for (const auto& a : project.answers) by_id[a.id] = &a;
  CANVASS_ASSIGN_OR_RETURN(auto existing, ListCodings());
  std::set<std::tuple<std::string, int64_t, int64_t, std::string, std::string>> have;
  for (const CodingRecord& r : existing) have.emplace(r.answer_id(), r.start, r.end, r.code_guid, r.coder);
  for (const coding::Coding& c : project.codings) {
    auto ait = by_id.find(c.answer_id);
    if (ait == by_id.end()) {
      skipped.Add("coding", "they name a source the file does not contain (a damaged or hand-edited file?)", c.answer_id);
      continue;
    }
    const coding::QdaAnswer& a = *ait->second;
    auto [interview, question] = AnswerOf(a);
    std::string version;
    auto text = CurrentAnswerText(interview, question, &version);
    if (!text.ok()) {
      if (ws_->GetInterview(interview).status().code() == core::Code::kNotFound) skipped.Add("coding", kNotHere, interview + "/" + question);
      else skipped.Add("coding", "their answers cannot be coded here: " + text.status().message(), interview + "/" + question);
      continue;
    }
    int64_t start = c.start, end = c.end;
    std::string theirs = coding::NormalizeNewlines(a.text);
    if (theirs != *text) {
      coding::Relocation rel = coding::RelocateSpan(theirs, *text, start, end);
      if (rel.fate == coding::SpanFate::kNeedsReview) {
        skipped.Add("coding", "the answer here was edited since and the coded words are gone; code it again in the Coding screen",
                    interview + "/" + question);
        continue;
      }
      start = rel.start;
      end = rel.end;
    }
    std::string code;
    if (cb.FindByGuid(c.code_guid)) code = c.code_guid;
    else if (const coding::Code* byp = cb.FindByPath(project.codebook.PathOf(c.code_guid))) code = byp->guid;
    if (code.empty()) {
      skipped.Add("coding", "they name a code the file's codebook does not have (a damaged or hand-edited file?)", c.code_guid);
      continue;
    }
    std::string coder = c.coder.empty() ? author : c.coder;
    if (!have.emplace(interview + "/" + question, start, end, code, coder).second) { ++rep.codings_known; continue; }
    // Identity and value come from the content only (no clock, no device), so the same coding
    // imported here again, on another laptop, or coming back from the workspace that exported
    // it, is the same cell with the same value: one coding after any merge, not a duplicate.
    Value v(Value::Object{
        {"answer", Value(Value::Object{{"interview", interview}, {"question", question}})},
        {"start", Value(start)},
        {"end", Value(end)},
        {"code", code},
        {"coder", coder},
        {"created", c.time},
        {"text_version", version}});
    std::string id = CodingId(interview, question, start, end, code, coder, version);
    CANVASS_RETURN_IF_ERROR(Write("coding", id, "", v, coder, "coding.import", id + " " + interview + "/" + question));
    ++rep.codings_added;
  }
  CANVASS_RETURN_IF_ERROR(ImportAnswerMemos(*this, project, author, &rep, &skipped));
  rep.codings_skipped = skipped.count("coding");
  rep.memos_skipped = skipped.count("memo");
  std::vector<std::string> lines;
  skipped.AppendTo(&lines);
  if (!project.codings.empty() && rep.codings_added + rep.codings_known == 0)
    return Status::InvalidArgument("nothing was imported: " + lines.front());
  rep.warnings = project.warnings;
  rep.warnings.insert(rep.warnings.end(), lines.begin(), lines.end());
  CANVASS_RETURN_IF_ERROR(tx.Commit());
  return rep;
}

namespace coding_internal {

void ExtractFacts(Workspace* ws, const forms::Form& form, const std::vector<std::pair<std::string, const Value*>>& answers,
                  std::vector<std::string>* areas, std::vector<std::string>* trafficking_forms, std::string* respondent) {
  std::string name, contact;
  for (const auto& [qid, value] : answers) {
    const Value& v = *value;
    const forms::Question* q = form.FindQuestion(qid);
    if (!q) continue;
    if (q->type == forms::QuestionType::kArea && v.is_string()) areas->push_back(v.as_string());
    if (q->type == forms::QuestionType::kAreas && v.is_array())
      for (const Value& a : v.as_array())
        if (a.is_string()) areas->push_back(a.as_string());
    if (qid == "trafficking_forms" && v.is_array())
      for (const Value& a : v.as_array())
        if (a.is_string()) trafficking_forms->push_back(a.as_string());
    if (q->identifying && v.is_string() && qid.find("name") != std::string::npos && name.empty()) name = Folded(v.as_string());
    if (q->identifying && v.is_string() && qid.find("contact") != std::string::npos && contact.empty()) contact = Folded(v.as_string());
  }
  std::sort(areas->begin(), areas->end());
  areas->erase(std::unique(areas->begin(), areas->end()), areas->end());
  std::string who = !name.empty() ? "name:" + name : !contact.empty() ? "contact:" + contact : "";
  // Keyed by the project, so the value means nothing outside this workspace's counts.
  if (respondent && !who.empty()) *respondent = core::Blake2bHex("canvass-respondent-v1\n" + ws->info().project_id + "\n" + who, 16);
}

void AppendOpenAnswers(const InterviewHeader& header, const std::string& status, const forms::Form& form,
                       const CurrentValue& current, const std::vector<std::string>& areas,
                       const std::vector<std::string>& trafficking_forms,
                       const std::map<std::string, std::vector<std::string>>& done, std::vector<OpenAnswer>* out) {
  for (const forms::Question* q : form.TopLevelQuestions()) {
    if (!q->is_open_text() || q->identifying) continue;
    const Value* v = current(q->id);
    if (!v || !v->is_string()) continue;
    OpenAnswer a;
    a.text = coding::NormalizeNewlines(v->as_string());
    if (a.text.empty()) continue;
    auto n = coding::CodePointCount(a.text);
    if (!n.ok()) continue;
    a.length = *n;
    a.interview = header.uuid;
    a.question = q->id;
    a.form_id = header.form_id;
    a.question_label = form.Text(q->label, header.language);
    a.role = header.respondent_role;
    a.status = status;
    a.areas = areas;
    a.forms = trafficking_forms;
    a.date = HlcIso(header.created_hlc).substr(0, 10);
    auto it = done.find(AnswerTarget(a.interview, a.question));
    if (it != done.end()) a.completed_by = it->second;
    out->push_back(std::move(a));
  }
}

}  // namespace coding_internal

}  // namespace canvass::storage
