// Controller: the interview runner (start, resume, answers, sections, finalize, reopen),
// table rows and the interview detail view.
#include <algorithm>

#include "app/controller.h"
#include "app/i18n.h"
#include "controller_text.h"

namespace canvass::app {

using controller_text::Trim;

using core::Status;
using core::Value;

namespace {

bool Answered(const Value& v) {
  if (v.is_null()) return false;
  if (v.is_string()) return !v.as_string().empty();
  if (v.is_array()) return !v.as_array().empty();
  if (v.is_object()) return !v.as_object().empty();
  return true;
}

}  // namespace

std::string Controller::FormTitle(const std::string& form_id) const {  // in the app's language where the form has it
  for (const auto& f : view_.start.forms)
    if (f->id == form_id) return f->Text(f->title, ScreenLanguage(*f, settings_.default_language));
  return form_id;
}

bool Controller::AreaExists(const std::string& id) const {
  const auto& areas = view_.runner.areas;
  if (!areas) return true;
  return std::any_of(areas->begin(), areas->end(), [&](const storage::Area& a) { return a.id == id; });
}

void Controller::Recompute() {
  RecomputeRunner(&view_.runner, [this](const std::string& id) { return AreaExists(id); });
}

void Controller::StartInterview(const cmd::StartInterview& c) {
  if (!NeedWorkspace()) return;
  if (Trim(c.interviewer).empty()) { view_.error = T("msg.interview.need_interviewer"); return; }
  storage::NewInterview in;
  in.form_id = c.form_id;
  in.interviewer = Trim(c.interviewer);
  in.respondent_role = c.role;
  in.language = c.language;
  auto uuid = ws_->AddInterview(in);
  if (!uuid.ok()) { view_.error = F("msg.interview.start_failed", uuid.status().message()); return; }
  // A new interview starts with the form's default answers (top-level questions).
  if (auto form = ws_->GetForm(c.form_id); form.ok())
    for (const auto* q : form->TopLevelQuestions())
      if (Value d = forms::DefaultAnswer(*q); !d.is_null())
        if (Status st = ws_->SetAnswer(*uuid, q->id, d, in.interviewer); !st.ok()) view_.error = F("msg.interview.default_failed", st.message());
  RefreshRow(*uuid);
  LoadRunner(*uuid);
}

void Controller::LoadRunner(const std::string& uuid) {
  if (!NeedWorkspace()) return;
  auto d = ws_->GetInterview(uuid);
  if (!d.ok()) { view_.error = F("msg.interview.open_failed", d.status().message()); return; }
  auto f = ws_->GetForm(d->header.form_id, d->header.form_version);
  if (!f.ok()) { view_.error = F("msg.interview.form_failed", f.status().message()); return; }
  RunnerView r;
  r.open = true;
  r.form = std::make_shared<forms::Form>(std::move(*f));
  r.areas = view_.runner.areas;
  r.uuid = uuid;
  r.status = d->status;
  r.read_only = d->status == "final";
  r.role = d->header.respondent_role;
  r.interviewer = d->header.interviewer;
  r.language = d->header.language.empty() ? settings_.default_language : d->header.language;
  for (const auto& [q, cell] : d->answers) {
    if (cell.conflict()) r.save_errors[q] = T("msg.interview.conflict");
    else if (!cell.heads[0].value.is_null()) r.answers[q] = cell.heads[0].value;
  }
  view_.runner = std::move(r);
  Recompute();
  // Resume where work is left: the first relevant section with an unanswered question.
  for (size_t i = 0; i < view_.runner.sections.size(); ++i) {
    const auto& s = view_.runner.sections[i];
    if (s.relevant && s.answered < s.answerable) { view_.runner.section = static_cast<int>(i); break; }
  }
  Navigate(Screen::kRunner);
}

void Controller::SetAnswer(const cmd::SetAnswer& c) {
  auto& r = view_.runner;
  if (!r.open) return;
  if (r.read_only) { r.save_errors[c.question_id] = T("msg.interview.final"); return; }
  if (!NeedWorkspace()) return;
  Status st = ws_->SetAnswer(r.uuid, c.question_id, c.value, r.interviewer);
  if (!st.ok()) {
    r.save_errors[c.question_id] = st.message();
  } else {
    r.save_errors.erase(c.question_id);
    if (c.value.is_null()) r.answers.erase(c.question_id); else r.answers[c.question_id] = c.value;
    const forms::Question* q = r.form->FindQuestion(c.question_id);
    if (q && q->is_open_text()) view_.table.UpdateText(r.uuid, TextAnswers(*r.form, r.answers));
    draft_labels_.erase(r.uuid);
    if (const InterviewRow* row = view_.table.Find(r.uuid)) {
      InterviewRow copy = *row;
      copy.answered = static_cast<int>(std::count_if(r.answers.begin(), r.answers.end(),
                                                     [](const auto& kv) { return Answered(kv.second); }));
      view_.table.Upsert(std::move(copy), false);
      table_dirty_ = true;
    }
  }
  Recompute();
}

void Controller::Step(int delta) {
  auto& r = view_.runner;
  int n = static_cast<int>(r.sections.size());
  for (int i = r.section + delta; i >= 0 && i < n; i += delta) {
    if (r.sections[i].relevant) { r.section = i; return; }
  }
}

void Controller::Finalize() {
  auto& r = view_.runner;
  if (!r.open || r.read_only || !NeedWorkspace()) return;
  Status st = ws_->Finalize(r.uuid, r.interviewer);
  if (st.ok()) {
    r.status = "final";
    r.read_only = true;
    r.final_check = false;
    r.message = T("msg.interview.finalized");
    r.message_is_error = false;
    RefreshRow(r.uuid);
    // Finalize clears answers that are no longer relevant: show what is stored.
    if (auto d = ws_->GetInterview(r.uuid); d.ok()) {
      r.answers.clear();
      for (const auto& [q, cell] : d->answers)
        if (!cell.conflict() && !cell.heads[0].value.is_null()) r.answers[q] = cell.heads[0].value;
    }
    Recompute();
    return;
  }
  r.final_check = true;
  Recompute();
  int problems = 0;
  int first = -1;
  for (size_t i = 0; i < r.sections.size(); ++i) {
    problems += r.sections[i].errors;
    if (first < 0 && r.sections[i].relevant && r.sections[i].errors) first = static_cast<int>(i);
  }
  if (first >= 0) r.section = first;
  r.message = problems ? P("msg.interview.not_finalized", problems) : F("msg.interview.not_finalized_why", st.message());
  r.message_is_error = true;
}

void Controller::Reopen(const std::string& reason) {
  auto& r = view_.runner;
  if (!r.open || !r.read_only || !NeedWorkspace()) return;
  r.message_is_error = true;
  if (Trim(reason).empty()) { r.message = T("msg.interview.reopen_reason"); return; }
  Status st = ws_->Reopen(r.uuid, r.interviewer, Trim(reason));
  if (!st.ok()) { r.message = F("msg.interview.not_reopened", st.message()); return; }
  r.status = "draft";
  r.read_only = false;
  r.message = T("msg.interview.reopened");
  r.message_is_error = false;
  RefreshRow(r.uuid);
  Recompute();
}

void Controller::RefreshRow(const std::string& uuid) {
  if (!ws_) return;
  auto d = ws_->GetInterview(uuid);
  if (!d.ok()) return;
  storage::InterviewSummary s;
  s.header = d->header;
  s.status = d->status;
  FormPtr form;
  for (const auto& f : view_.start.forms)
    if (f->id == d->header.form_id) form = f;
  s.updated_hlc = d->header.created_hlc;
  for (const auto& [q, cell] : d->answers) {
    for (const auto& h : cell.heads) s.updated_hlc = std::max(s.updated_hlc, h.hlc);
    if (cell.conflict()) { s.has_conflicts = true; continue; }
    const Value& v = cell.heads[0].value;
    if (Answered(v)) ++s.answered;
    const forms::Question* fq = form ? form->FindQuestion(q) : nullptr;
    if (fq && fq->type == forms::QuestionType::kArea && v.is_string()) s.areas.push_back(v.as_string());
    if (fq && fq->type == forms::QuestionType::kAreas && v.is_array())
      for (const auto& a : v.as_array())
        if (a.is_string()) s.areas.push_back(a.as_string());
  }
  view_.table.Upsert(RowFromSummary(s, FormTitle(s.header.form_id)), false);
  table_dirty_ = true;
}

void Controller::OpenDetail(const std::string& uuid) {
  if (!NeedWorkspace()) return;
  auto d = ws_->GetInterview(uuid);
  if (!d.ok()) { view_.error = F("msg.interview.open_failed", d.status().message()); return; }
  auto f = ws_->GetForm(d->header.form_id, d->header.form_version);
  DetailView v;
  v.open = true;
  v.uuid = uuid;
  v.status = d->status;
  v.role = d->header.respondent_role;
  v.language = d->header.language;
  v.interviewer = d->header.interviewer;
  v.created = HlcToDisplay(d->header.created_hlc);
  const std::string lang = settings_.default_language;
  const auto* areas = view_.runner.areas ? view_.runner.areas.get() : nullptr;
  v.form_title = f.ok() ? f->Text(f->title, lang) : d->header.form_id;
  auto add_row = [&](const std::string& qid) {
    auto it = d->answers.find(qid);
    if (it == d->answers.end()) return;
    const forms::Question* q = f.ok() ? f->FindQuestion(qid) : nullptr;
    DetailRow row{qid, q && f.ok() ? f->Text(q->label, lang) : qid, "", it->second.conflict()};
    for (const auto& h : it->second.heads) {
      if (!row.value.empty()) row.value += "  |  ";
      row.value += f.ok() ? DisplayAnswer(*f, q, h.value, lang, areas) : h.value.ToJson();
    }
    v.answers.push_back(std::move(row));
  };
  if (f.ok()) for (const auto* q : f->TopLevelQuestions()) add_row(q->id);
  for (const auto& [qid, cell] : d->answers)
    if (!f.ok() || !f->FindQuestion(qid) || f->SectionOf(qid) == nullptr) add_row(qid);
  for (const auto& h : d->history)
    v.history.push_back({HlcToDisplay(h.hlc), h.kind == "answer" ? h.field : h.kind,
                         h.value.is_string() ? h.value.as_string() : h.value.ToJson(), h.author, h.note});
  view_.detail = std::move(v);
  Navigate(Screen::kDetail);
}

void Controller::HandleInterview(Command& c) {
  auto& r = view_.runner;
  if (auto* s = std::get_if<cmd::StartInterview>(&c)) return StartInterview(*s);
  if (auto* res = std::get_if<cmd::ResumeInterview>(&c)) return LoadRunner(res->uuid);
  if (auto* a = std::get_if<cmd::SetAnswer>(&c)) return SetAnswer(*a);
  if (auto* g = std::get_if<cmd::GoToSection>(&c)) {
    if (r.open && g->index >= 0 && g->index < static_cast<int>(r.sections.size())) r.section = g->index;
    return;
  }
  if (auto* st = std::get_if<cmd::StepSection>(&c)) return Step(st->delta >= 0 ? 1 : -1);
  if (auto* l = std::get_if<cmd::SetRunnerLanguage>(&c)) {
    if (r.open && std::count(r.form->languages.begin(), r.form->languages.end(), l->language)) {
      r.language = l->language;
      Recompute();
    }
    return;
  }
  if (std::holds_alternative<cmd::CloseInterview>(c)) {
    if (r.open && !r.read_only) RefreshRow(r.uuid);  // its areas and last change, for Home and the table
    AreaList areas = r.areas;
    view_.runner = RunnerView();
    view_.runner.areas = std::move(areas);
    return Navigate(Screen::kHome);
  }
  if (std::holds_alternative<cmd::FinalizeInterview>(c)) return Finalize();
  if (auto* ro = std::get_if<cmd::ReopenInterview>(&c)) return Reopen(ro->reason);
  if (auto* od = std::get_if<cmd::OpenDetail>(&c)) return OpenDetail(od->uuid);
}

}  // namespace canvass::app
