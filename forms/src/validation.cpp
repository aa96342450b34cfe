// Answer validation: relevance, types, constraints and required answers (docs/forms.md).
#include "forms/validation.h"

#include <set>

#include "forms/expression.h"
#include "relevance.h"

namespace canvass::forms {

using core::Value;

namespace {

using detail::Lookup;

bool IsUnanswered(const Value* v) {
  if (v == nullptr || v->is_null()) return true;
  if (v->is_string()) return v->as_string().empty();
  if (v->is_array()) return v->as_array().empty();
  if (v->is_object()) return v->as_object().empty();
  return false;
}

bool Holds(const Expr* e, const Lookup& lookup, const std::string& today) {
  if (e == nullptr) return true;
  EvalContext ctx;
  ctx.lookup = lookup;
  ctx.today = today;
  return EvaluateBool(*e, ctx);
}

class Validator {
 public:
  Validator(const Form& form, const Answers& answers, const ValidationOptions& options)
      : form_(form),
        answers_(answers),
        options_(options),
        today_(detail::TodayOr(options.today)),
        language_(options.language.empty() && !form.languages.empty() ? form.languages[0]
                                                                      : options.language) {}

  std::vector<AnswerError> Run() {
    std::vector<const Question*> top;
    std::vector<const Expr*> section_expr;
    detail::TopLevel(form_, &top, &section_expr);
    Lookup raw = [&](const std::string& id) { return Raw(id); };
    const detail::Solution solved = detail::Solve(top, section_expr, raw, nullptr, today_);
    const std::vector<bool>& relevant = solved.relevant;
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < top.size(); ++i) index.emplace(top[i]->id, i);
    Lookup lookup = detail::SolvedLookup(top, solved, raw, nullptr);
    for (size_t i = 0; i < top.size(); ++i) {
      const Question& q = *top[i];
      std::string why = section_expr[i] != nullptr && !Holds(section_expr[i], lookup, today_)
                            ? "the condition of its section is false"
                            : "its condition is false";
      const Value* v = Raw(q.id);
      if (q.type == QuestionType::kRepeat) {
        CheckRepeat(q, v, relevant[i], why, lookup);
      } else {
        CheckQuestion(q, v, relevant[i], why, lookup, "", -1);
      }
    }
    ReportUnknownIds(index);
    return std::move(errors_);
  }

 private:
  const Value* Raw(const std::string& id) const {
    auto it = answers_.find(id);
    return it == answers_.end() || it->second.is_null() ? nullptr : &it->second;
  }

  void Add(const Question& q, const std::string& repeat_id, int item, const std::string& problem) {
    std::string who = q.id;
    if (item >= 0) who += " (item " + std::to_string(item + 1) + ")";
    errors_.push_back(AnswerError{q.id, who + ": " + problem, repeat_id, item});
  }

  // Note, relevance, type, constraint and required checks of one answer (or none).
  // Returns false when the value has the wrong shape (callers skip deeper checks).
  bool CheckQuestion(const Question& q, const Value* v, bool relevant, const std::string& why,
                     const Lookup& lookup, const std::string& repeat_id, int item) {
    if (q.type == QuestionType::kNote || q.type == QuestionType::kCalculate) {
      if (v != nullptr) Add(q, repeat_id, item, CheckType(q, *v, options_.area_exists));
      return false;
    }
    if (!relevant) {
      if (!IsUnanswered(v))
        Add(q, repeat_id, item, "not relevant here (" + why + "); remove this answer");
      return false;
    }
    if (v != nullptr && q.type != QuestionType::kRepeat) {
      std::string problem = CheckType(q, *v, options_.area_exists);
      if (!problem.empty()) {
        Add(q, repeat_id, item, problem);
        return false;
      }
    }
    if (!IsUnanswered(v) && q.choice_filter_expr) CheckOffered(q, *v, lookup, repeat_id, item);
    if (!IsUnanswered(v) && q.constraint_expr) {
      EvalContext ctx;
      ctx.lookup = lookup;
      ctx.current = v;
      ctx.today = today_;
      if (!EvaluateBool(*q.constraint_expr, ctx)) {
        std::string text = form_.Text(q.constraint_message, language_);
        Add(q, repeat_id, item,
            text.empty() ? "the answer does not meet the question's constraint; correct it" : text);
      }
    }
    if (options_.mode == ValidationMode::kFinal && q.required && IsUnanswered(v)) {
      std::string text = form_.Text(q.required_message, language_);
      Add(q, repeat_id, item,
          text.empty() ? "required; answer it before finalizing (or keep the interview as a draft)" : text);
    }
    return true;
  }

  // Every selected value must be among the choices the question's choice_filter offers.
  void CheckOffered(const Question& q, const Value& v, const Lookup& lookup, const std::string& repeat_id, int item) {
    std::vector<std::string> picked;
    if (v.is_string()) picked.push_back(v.as_string());
    for (const Value& x : v.is_array() ? v.as_array() : Value::Array{})
      if (x.is_string()) picked.push_back(x.as_string());
    for (const std::string& value : picked) {
      for (const Choice& c : q.choices) {
        if (c.value != value) continue;
        EvalContext ctx;
        ctx.lookup = lookup;
        ctx.today = today_;
        ctx.choice = &c;
        if (!EvaluateBool(*q.choice_filter_expr, ctx))
          Add(q, repeat_id, item, "\"" + value + "\" is not offered here (the question's choice filter leaves it out given "
                                  "the other answers); pick one of the choices shown");
      }
    }
  }

  void CheckRepeat(const Question& q, const Value* v, bool relevant, const std::string& why,
                   const Lookup& top_lookup) {
    if (v != nullptr && relevant && !v->is_array()) {
      Add(q, "", -1,
          "expected an array of items (objects), found another kind of value; write [{…}, …]");
      return;
    }
    if (!CheckQuestion(q, v, relevant, why, top_lookup, "", -1) || IsUnanswered(v)) return;
    const Value::Array& items = v->as_array();
    size_t n = items.size();
    if (q.min_items > 0 && n < static_cast<size_t>(q.min_items)) {
      Add(q, "", -1,
          "has " + std::to_string(n) + " items, fewer than the minimum of " +
              std::to_string(q.min_items) + "; add more");
    } else if (q.max_items > 0 && n > static_cast<size_t>(q.max_items)) {
      Add(q, "", -1,
          "has " + std::to_string(n) + " items, more than the maximum of " +
              std::to_string(q.max_items) + "; remove some");
    }
    for (size_t i = 0; i < n; ++i) CheckItem(q, items[i], static_cast<int>(i), top_lookup);
  }

  void CheckItem(const Question& q, const Value& item, int i, const Lookup& top_lookup) {
    const std::string where = "item " + std::to_string(i + 1);
    if (!item.is_object()) {
      Add(q, "", -1, where + " is not an object of answers; write {\"child_id\": answer, …}");
      return;
    }
    std::vector<const Question*> children;
    for (const Question& c : q.children) children.push_back(&c);
    for (const auto& kv : item.as_object()) {
      bool known = false;
      for (const Question* c : children) known = known || c->id == kv.first;
      if (!known)
        Add(q, "", -1,
            where + " has an answer for \"" + kv.first +
                "\", which is not a question of this repeat; remove it");
    }
    Lookup from_item = [&item](const std::string& id) -> const Value* {
      const Value* v = item.Find(id);
      return v == nullptr || v->is_null() ? nullptr : v;
    };
    const detail::Solution solved = detail::Solve(children, std::vector<const Expr*>(children.size(), nullptr),
                                                  from_item, top_lookup, today_);
    const std::vector<bool>& relevant = solved.relevant;
    Lookup lookup = detail::SolvedLookup(children, solved, from_item, top_lookup);
    for (size_t k = 0; k < children.size(); ++k) {
      CheckQuestion(*children[k], from_item(children[k]->id), relevant[k], "its condition is false",
                    lookup, q.id, i);
    }
  }

  void ReportUnknownIds(const std::map<std::string, size_t>& top_index) {
    for (const auto& [id, value] : answers_) {
      if (top_index.count(id)) continue;
      std::string problem = form_.FindQuestion(id) != nullptr
                                ? "is a question inside a repeat; its answers belong inside the "
                                  "items of that repeat, not at the top level; move this answer"
                                : "unknown question id (not in form \"" + form_.id + "\" version " +
                                      std::to_string(form_.version) +
                                      "); remove this answer or check the form version";
      errors_.push_back(AnswerError{id, id + ": " + problem, "", -1});
    }
  }

  const Form& form_;
  const Answers& answers_;
  const ValidationOptions& options_;
  std::string today_;
  std::string language_;
  std::vector<AnswerError> errors_;
};

}  // namespace

std::vector<AnswerError> ValidateAnswers(const Form& form, const Answers& answers,
                                         const ValidationOptions& options) {
  return Validator(form, answers, options).Run();
}

}  // namespace canvass::forms
