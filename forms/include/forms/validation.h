// Answer validation: the one rule set used by the CLI, the GUI and sync. Given a form
// and a full set of answers it says which questions are relevant and what is wrong.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/value.h"
#include "forms/form.h"

namespace canvass::forms {

using Answers = std::map<std::string, core::Value>;  // question id -> value

enum class ValidationMode {
  kDraft,  // types, choices, constraints, relevance; missing required answers allowed
  kFinal,  // all of kDraft plus every relevant required question answered
};

struct AnswerError {
  std::string question_id;  // the question concerned ("" for form-level problems)
  std::string message;      // one line, names the question first: "concern_areas: …"
  // For a question inside a repeat: the repeat's id and the 0-based item index
  // (messages count items from 1: "industry_name (item 2): …"). Else "" and -1.
  std::string repeat_id;
  int item = -1;
};

struct ValidationOptions {
  ValidationMode mode = ValidationMode::kDraft;
  // Returns true if an area id exists in the workspace (with its level); null = accept any.
  std::function<bool(const std::string& area_id)> area_exists;
  std::string today;        // for today(); empty = computed from the system clock
  std::string language;     // language of constraint messages; empty = form default
};

// Errors come in form order (sections, questions, repeat items), then answers whose id
// is not a top-level question. A null answer counts as no answer; an empty string or
// empty array is an answer of the right type but counts as unanswered for "required"
// and is ignored on a question that is not relevant. Each message names only the
// offending question's id (first) and never another question's id.
std::vector<AnswerError> ValidateAnswers(const Form& form, const Answers& answers,
                                         const ValidationOptions& options);

// Relevance of a top-level question (its section's and its own condition) given answers.
// An answer to a question that is itself not relevant counts as empty in conditions.
// For a repeat child, returns its repeat's relevance (item-level conditions need the item).
bool IsRelevant(const Form& form, const Question& q, const Answers& answers,
                const std::string& today = "");

// Relevance of each child of repeat `repeat` within one item (the children's own conditions,
// which may read the item's answers and the relevant top-level answers), in the order of
// repeat.children. The same rule ValidateAnswers applies; the repeat's own relevance is apart.
std::vector<bool> RepeatItemRelevance(const Form& form, const Question& repeat, const core::Value& item,
                                      const Answers& answers, const std::string& today = "");

// Checks one answer's shape against its question's type (no relevance/constraint).
// Returns "" when fine, else a message.
std::string CheckType(const Question& q, const core::Value& v,
                      const std::function<bool(const std::string&)>& area_exists);

// The question's default answer as a value of its type (null when it has none): "3" is 3 for
// an integer, "true" is true for yes_no, "a b" is ["a","b"] for multiple_choice. The parser
// has checked that it is a valid answer.
core::Value DefaultAnswer(const Question& q);

// Relevance of every top-level question (in TopLevelQuestions() order) and, for each relevant
// repeat, of its children in each item: the same rule as ValidateAnswers, solved once.
struct Relevance {
  std::vector<bool> top;
  std::map<std::string, std::vector<std::vector<bool>>> items;  // repeat id -> item -> child
};
Relevance AllRelevance(const Form& form, const Answers& answers, const std::string& today = "");

// The answers with every calculate question's value filled in (top-level ones, and those
// inside each repeat item), computed in dependency order; a calculate that is not relevant
// (its own or its section's condition) has no value.
Answers WithCalculations(const Form& form, const Answers& answers, const std::string& today = "");

// The choices of a single/multiple choice question offered given the other answers (its
// choice_filter; all of them when it has none). `item` is the repeat item for a child.
std::vector<const Choice*> OfferedChoices(const Form& form, const Question& q, const Answers& answers,
                                          const core::Value* item = nullptr, const std::string& today = "");

}  // namespace canvass::forms
