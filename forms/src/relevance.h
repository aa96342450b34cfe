// Private: relevance and calculated values of a list of questions, solved in dependency order
// (shared by the validator, the runner's relevance queries and WithCalculations).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "forms/expression.h"
#include "forms/form.h"

namespace canvass::forms::detail {

using Lookup = std::function<const core::Value*(const std::string&)>;

struct Solution {
  std::vector<bool> relevant;                 // per question of the list
  std::map<std::string, core::Value> calc;    // calculate id -> value (relevant, non-empty only)
};

// Relevance of `qs` (and the value of each relevant calculate) in dependency order (Kahn's
// algorithm), so that the answer of a question that is not relevant reads as empty in the
// conditions and calculations of later ones. `extra[i]` is an additional condition of qs[i]
// (its section's) or null. `raw` gives stored answers of qs; `outer` gives answers of any
// other question, already filtered. Questions on a cycle (only possible in a Form not built
// by the parser) are not relevant.
Solution Solve(const std::vector<const Question*>& qs, const std::vector<const Expr*>& extra, const Lookup& raw,
               const Lookup& outer, const std::string& today);

// Answers of qs as conditions read them once solved: relevant answers (the calculated value
// for a calculate), nothing for the others; ids not in qs go to `outer`.
Lookup SolvedLookup(const std::vector<const Question*>& qs, const Solution& s, const Lookup& raw, const Lookup& outer);

// Top-level questions in form order with their section's condition (or null).
void TopLevel(const Form& form, std::vector<const Question*>* top, std::vector<const Expr*>* section_expr);
std::string TodayOr(const std::string& today);

}  // namespace canvass::forms::detail
