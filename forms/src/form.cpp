// Form model helpers: type names, question lookup and localized text selection.
#include "forms/form.h"

namespace canvass::forms {
namespace {

struct TypeEntry {
  QuestionType type;
  const char* name;
};

constexpr TypeEntry kTypes[] = {
    {QuestionType::kText, "text"},
    {QuestionType::kLongText, "long_text"},
    {QuestionType::kInteger, "integer"},
    {QuestionType::kDecimal, "decimal"},
    {QuestionType::kYesNo, "yes_no"},
    {QuestionType::kSingleChoice, "single_choice"},
    {QuestionType::kMultipleChoice, "multiple_choice"},
    {QuestionType::kDate, "date"},
    {QuestionType::kArea, "area"},
    {QuestionType::kAreas, "areas"},
    {QuestionType::kCountTable, "count_table"},
    {QuestionType::kNote, "note"},
    {QuestionType::kRepeat, "repeat"},
    {QuestionType::kTime, "time"},
    {QuestionType::kDateTime, "datetime"},
    {QuestionType::kCalculate, "calculate"},
};

const Question* FindIn(const std::vector<Question>& questions, const std::string& id) {
  for (const Question& q : questions) {
    if (q.id == id) return &q;
    if (!q.children.empty()) {
      if (const Question* child = FindIn(q.children, id)) return child;
    }
  }
  return nullptr;
}

}  // namespace

const char* TypeName(QuestionType t) {
  for (const TypeEntry& e : kTypes) {
    if (e.type == t) return e.name;
  }
  return "unknown";
}

bool TypeFromName(const std::string& name, QuestionType* out) {
  for (const TypeEntry& e : kTypes) {
    if (name == e.name) {
      if (out != nullptr) *out = e.type;
      return true;
    }
  }
  return false;
}

const Question* Form::FindQuestion(const std::string& id) const {
  for (const Section& s : sections) {
    if (const Question* q = FindIn(s.questions, id)) return q;
  }
  return nullptr;
}

const Section* Form::SectionOf(const std::string& question_id) const {
  for (const Section& s : sections) {
    for (const Question& q : s.questions) {
      if (q.id == question_id) return &s;
    }
  }
  return nullptr;
}

std::vector<const Question*> Form::TopLevelQuestions() const {
  std::vector<const Question*> out;
  for (const Section& s : sections) {
    for (const Question& q : s.questions) out.push_back(&q);
  }
  return out;
}

std::string Form::Text(const LocalizedText& t, const std::string& lang) const {
  auto it = t.find(lang);
  if (it != t.end()) return it->second;
  if (!languages.empty()) {
    it = t.find(languages.front());
    if (it != t.end()) return it->second;
  }
  return t.empty() ? std::string() : t.begin()->second;
}

}  // namespace canvass::forms
