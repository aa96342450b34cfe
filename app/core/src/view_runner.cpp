// Runner view-model computations (relevance, live validation, progress) and answer display.
#include <algorithm>
#include <functional>

#include "app/i18n.h"
#include "app/view_models.h"

namespace canvass::app {

using core::Value;
using forms::QuestionType;

namespace {

bool IsAnswered(const Value* v) {
  if (!v || v->is_null()) return false;
  if (v->is_string()) return !v->as_string().empty();
  if (v->is_array()) return !v->as_array().empty();
  if (v->is_object()) return !v->as_object().empty();
  return true;
}

const Value* Lookup(const forms::Answers& a, const std::string& id) {
  auto it = a.find(id);
  return it == a.end() ? nullptr : &it->second;
}

std::string ChoiceLabel(const forms::Form& f, const std::vector<forms::Choice>& cs, const std::string& v,
                        const std::string& lang) {
  for (const auto& c : cs)
    if (c.value == v) return f.Text(c.label, lang);
  return v;
}

}  // namespace

void RecomputeRunner(RunnerView* v, const std::function<bool(const std::string&)>& area_exists) {
  v->relevant.clear();
  v->errors.clear();
  v->sections.clear();
  v->answered = v->answerable = 0;
  if (!v->form) return;
  const forms::Form& form = *v->form;
  forms::ValidationOptions opts;
  opts.mode = v->final_check ? forms::ValidationMode::kFinal : forms::ValidationMode::kDraft;
  opts.area_exists = area_exists;
  opts.language = v->language;
  for (auto& e : forms::ValidateAnswers(form, v->answers, opts)) v->errors[e.question_id].push_back(std::move(e));
  for (const auto& s : form.sections) {
    SectionView sv;
    sv.id = s.id;
    sv.title = form.Text(s.title, v->language);
    bool any = false;
    for (const auto& q : s.questions) {
      bool rel = forms::IsRelevant(form, q, v->answers);
      v->relevant[q.id] = rel;
      any = any || rel;
      if (!rel || q.type == QuestionType::kNote || q.type == QuestionType::kCalculate) continue;
      ++sv.answerable;
      if (IsAnswered(Lookup(v->answers, q.id))) ++sv.answered;
      if (v->errors.count(q.id) || v->save_errors.count(q.id)) ++sv.errors;
    }
    sv.relevant = any || s.questions.empty();
    v->answered += sv.answered;
    v->answerable += sv.answerable;
    v->sections.push_back(std::move(sv));
  }
  if (v->section >= static_cast<int>(v->sections.size())) v->section = static_cast<int>(v->sections.size()) - 1;
  if (v->section < 0) v->section = 0;
}

std::string DisplayAnswer(const forms::Form& form, const forms::Question* q, const Value& v,
                          const std::string& lang, const std::vector<storage::Area>* areas) {
  if (!q) return v.ToJson();
  auto area_name = [&](const std::string& id) {
    if (areas)
      for (const auto& a : *areas)
        if (a.id == id) return a.name + " (" + id + ")";
    return id;
  };
  switch (q->type) {
    case QuestionType::kYesNo:
      return v.is_bool() ? (v.as_bool() ? (lang == "es" ? "Sí" : "Yes") : "No") : v.ToJson();
    case QuestionType::kSingleChoice:
      return v.is_string() ? ChoiceLabel(form, q->choices, v.as_string(), lang) : v.ToJson();
    case QuestionType::kArea:
      return v.is_string() ? area_name(v.as_string()) : v.ToJson();
    case QuestionType::kMultipleChoice:
    case QuestionType::kAreas: {
      if (!v.is_array()) return v.ToJson();
      std::string out;
      for (const auto& item : v.as_array()) {
        if (!out.empty()) out += "; ";
        if (!item.is_string()) { out += item.ToJson(); continue; }
        out += q->type == QuestionType::kAreas ? area_name(item.as_string())
                                               : ChoiceLabel(form, q->choices, item.as_string(), lang);
      }
      return out;
    }
    case QuestionType::kText:
    case QuestionType::kLongText:
    case QuestionType::kDate:
      return v.is_string() ? v.as_string() : v.ToJson();
    case QuestionType::kRepeat:
      return v.is_array() ? P("msg.answer.items", static_cast<int64_t>(v.as_array().size()), v.ToJson()) : v.ToJson();
    default:
      return v.is_number() ? core::FormatNumber(v.as_number()) : v.ToJson();
  }
}

std::string TextAnswers(const forms::Form& form, const forms::Answers& answers) {
  std::string out;
  for (const auto& [id, value] : answers) {
    const forms::Question* q = form.FindQuestion(id);
    if (q && q->is_open_text() && value.is_string()) out += Lower(value.as_string()) + "\n";
  }
  return out;
}

}  // namespace canvass::app

namespace canvass::app {

std::string ScreenLanguage(const forms::Form& f, const std::string& fallback) {
  const std::string& lang = i18n::Current().lang();
  return std::find(f.languages.begin(), f.languages.end(), lang) != f.languages.end() ? lang : fallback;
}

std::string PlainWords(const std::string& id) {
  std::string s = id;
  for (char& c : s)
    if (c == '_') c = ' ';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string RoleName(const std::string& role_id) {
  const std::string key = "role." + role_id;
  return i18n::Current().Has(key) ? T(key) : PlainWords(role_id);
}

int RequiredMissing(const RunnerView& v) {
  if (!v.form) return 0;
  int n = 0;
  for (size_t i = 0; i < v.form->sections.size(); ++i) {
    if (i < v.sections.size() && !v.sections[i].relevant) continue;
    for (const auto& q : v.form->sections[i].questions) {
      if (!q.required || q.type == forms::QuestionType::kNote) continue;
      auto rel = v.relevant.find(q.id);
      if (rel != v.relevant.end() && !rel->second) continue;
      auto a = v.answers.find(q.id);
      if (a == v.answers.end() || !IsAnswered(&a->second)) ++n;
    }
  }
  return n;
}

}  // namespace canvass::app

namespace canvass::app {

bool ShowsWork(const std::string& work, storage::Role role, const std::string& area) {
  if (work.empty()) return role == storage::Role::kCentral || area == "interviewing" || area == "sync";
  return ("," + work + ",").find("," + area + ",") != std::string::npos;
}

}  // namespace canvass::app
