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
};

struct ValidationOptions {
  ValidationMode mode = ValidationMode::kDraft;
  // Returns true if an area id exists in the workspace (with its level); null = accept any.
  std::function<bool(const std::string& area_id)> area_exists;
  std::string today;        // for today(); empty = computed from the system clock
  std::string language;     // language of constraint messages; empty = form default
};

std::vector<AnswerError> ValidateAnswers(const Form& form, const Answers& answers,
                                         const ValidationOptions& options);

// Relevance of a top-level question (its section's and its own condition) given answers.
bool IsRelevant(const Form& form, const Question& q, const Answers& answers,
                const std::string& today = "");

// Checks one answer's shape against its question's type (no relevance/constraint).
// Returns "" when fine, else a message.
std::string CheckType(const Question& q, const core::Value& v,
                      const std::function<bool(const std::string&)>& area_exists);

}  // namespace canvass::forms
