// Form model: an interview protocol parsed from the JSON format of docs/forms.md.
// Plain data; immutable after parsing; safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace canvass::forms {

// Language code -> text. Lookup falls back to the form's first language.
using LocalizedText = std::map<std::string, std::string>;

enum class QuestionType {
  kText, kLongText, kInteger, kDecimal, kYesNo, kSingleChoice, kMultipleChoice,
  kDate, kArea, kAreas, kCountTable, kNote, kRepeat,
  kTime, kDateTime,  // "HH:MM[:SS]" and "YYYY-MM-DDTHH:MM[:SS]" (local time, no zone)
  kCalculate,        // no answer: its value is computed from `calculation`
};
constexpr int kQuestionTypeCount = static_cast<int>(QuestionType::kCalculate) + 1;
const char* TypeName(QuestionType t);                 // "long_text"
bool TypeFromName(const std::string& name, QuestionType* out);

struct Choice {
  std::string value;
  LocalizedText label;
  // Extra columns a choice_filter reads by name (XLSForm's choice columns): "state" -> "texas".
  std::map<std::string, std::string> properties;
};

struct Expr;  // parsed expression, see expression.h

struct Question {
  std::string id;
  QuestionType type = QuestionType::kText;
  LocalizedText label;
  LocalizedText hint;
  bool required = false;
  std::string relevant;              // source text, empty = always relevant
  std::string constraint;            // source text, empty = none
  LocalizedText constraint_message;
  bool identifying = false;
  std::vector<Choice> choices;       // resolved (choice list names expanded)
  std::vector<Choice> rows;          // count_table
  std::vector<Choice> columns;       // count_table (may be empty)
  std::vector<std::string> area_levels;  // empty = any
  std::vector<Question> children;    // repeat
  int min_items = 0;                 // repeat / multiple_choice; 0 = no bound
  int max_items = 0;
  std::shared_ptr<const Expr> relevant_expr;    // parsed at load
  std::shared_ptr<const Expr> constraint_expr;
  LocalizedText required_message;    // shown instead of the generic text when unanswered
  std::string calculation;           // calculate: the expression whose value this question holds
  std::shared_ptr<const Expr> calculation_expr;
  std::string default_value;         // the answer a new interview starts with, as text ("" = none)
  std::string choice_filter;         // single/multiple choice: which choices are offered
  std::shared_ptr<const Expr> choice_filter_expr;

  // True for types whose answer is free text reviewers can code (text, long_text).
  bool is_open_text() const { return type == QuestionType::kText || type == QuestionType::kLongText; }
};

struct Section {
  std::string id;
  LocalizedText title;
  LocalizedText hint;
  std::string relevant;
  std::shared_ptr<const Expr> relevant_expr;
  std::vector<Question> questions;
};

struct Form {
  std::string id;
  int version = 0;
  LocalizedText title;
  LocalizedText description;
  std::vector<std::string> languages;
  std::string kind = "other";
  std::vector<std::string> respondent_roles;
  std::vector<Section> sections;

  // Finds a question anywhere (including inside repeats); nullptr if absent.
  const Question* FindQuestion(const std::string& id) const;
  // The section holding a top-level question, nullptr for repeat children/unknown.
  const Section* SectionOf(const std::string& question_id) const;
  // All top-level questions in order (not repeat children).
  std::vector<const Question*> TopLevelQuestions() const;
  // Text in `lang`, else the form's first language, else any.
  std::string Text(const LocalizedText& t, const std::string& lang) const;
};

}  // namespace canvass::forms
