// The expression language of relevance and constraints (docs/forms.md, "Expressions").
// Parse once at form load, evaluate on every answer change; evaluation never throws
// and never loops (expressions have no recursion beyond their parse tree).
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/value.h"

namespace canvass::forms {

struct Expr;    // opaque parse tree
struct Choice;  // form.h

struct ParseOptions {
  // A choice_filter: a bare name (not a function, no "${}") reads a property of the choice
  // being filtered ("state" in "${state} = state"); "name" is the choice's value.
  bool choice_properties = false;
};

// Error message gives the column and what was expected: "column 12: expected ')'".
core::Result<std::shared_ptr<const Expr>> ParseExpression(std::string_view text, const ParseOptions& options = {});

// Question ids named by ${...} in the expression.
std::set<std::string> ReferencedIds(const Expr& e);
// Choice properties named by bare names (choice_filter only).
std::set<std::string> ReferencedChoiceProperties(const Expr& e);
// True if the expression uses "." (the current answer).
bool UsesCurrent(const Expr& e);

struct EvalContext {
  // Returns the answer of a question, or nullptr when unanswered.
  std::function<const core::Value*(const std::string& id)> lookup;
  const core::Value* current = nullptr;  // ".", constraints only
  std::string today;                     // "YYYY-MM-DD" for today()
  const Choice* choice = nullptr;        // the choice a choice_filter is deciding on
};

// Result value of an expression (empty = core::Value null).
core::Value Evaluate(const Expr& e, const EvalContext& ctx);
// Truthiness used for relevance and constraints: false for null/empty string/false/0.
bool EvaluateBool(const Expr& e, const EvalContext& ctx);

}  // namespace canvass::forms
