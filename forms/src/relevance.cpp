// Relevance and calculated values in dependency order; the runner's relevance queries,
// WithCalculations and OfferedChoices (docs/forms.md, "Expressions").
#include "relevance.h"

#include <deque>
#include <memory>
#include <set>

#include "core/clock.h"
#include "forms/validation.h"

namespace canvass::forms {

using core::Value;

namespace detail {

std::string TodayOr(const std::string& today) {
  return today.empty() ? core::FormatDateUtc(core::SystemClock().NowMillis()) : today;
}

void TopLevel(const Form& form, std::vector<const Question*>* top, std::vector<const Expr*>* section_expr) {
  for (const Section& s : form.sections) {
    for (const Question& q : s.questions) {
      top->push_back(&q);
      section_expr->push_back(s.relevant_expr.get());
    }
  }
}

namespace {

bool Holds(const Expr* e, const Lookup& lookup, const std::string& today) {
  if (e == nullptr) return true;
  EvalContext ctx;
  ctx.lookup = lookup;
  ctx.today = today;
  return EvaluateBool(*e, ctx);
}

bool IsEmpty(const Value& v) {
  return v.is_null() || (v.is_string() && v.as_string().empty()) || (v.is_array() && v.as_array().empty()) ||
         (v.is_object() && v.as_object().empty());
}

}  // namespace

Solution Solve(const std::vector<const Question*>& qs, const std::vector<const Expr*>& extra, const Lookup& raw,
               const Lookup& outer, const std::string& today) {
  const size_t n = qs.size();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < n; ++i) index.emplace(qs[i]->id, i);
  std::vector<std::vector<size_t>> dependents(n);
  std::vector<size_t> waiting(n, 0);
  for (size_t i = 0; i < n; ++i) {
    std::set<std::string> ids;
    for (const Expr* e : {qs[i]->relevant_expr.get(), extra[i], qs[i]->calculation_expr.get()})
      if (e != nullptr)
        for (const std::string& id : ReferencedIds(*e)) ids.insert(id);
    for (const std::string& id : ids) {
      auto it = index.find(id);
      if (it == index.end()) continue;
      dependents[it->second].push_back(i);
      ++waiting[i];
    }
  }
  Solution s;
  s.relevant.assign(n, false);
  std::vector<bool> done(n, false);
  Lookup lookup = [&](const std::string& id) -> const Value* {
    auto it = index.find(id);
    if (it == index.end()) return outer ? outer(id) : nullptr;
    if (!done[it->second] || !s.relevant[it->second]) return nullptr;
    if (qs[it->second]->type != QuestionType::kCalculate) return raw(id);
    auto c = s.calc.find(id);
    return c == s.calc.end() ? nullptr : &c->second;
  };
  std::deque<size_t> ready;
  for (size_t i = 0; i < n; ++i)
    if (waiting[i] == 0) ready.push_back(i);
  while (!ready.empty()) {
    size_t i = ready.front();
    ready.pop_front();
    s.relevant[i] = Holds(extra[i], lookup, today) && Holds(qs[i]->relevant_expr.get(), lookup, today);
    if (s.relevant[i] && qs[i]->calculation_expr) {
      EvalContext ctx;
      ctx.lookup = lookup;
      ctx.today = today;
      Value v = Evaluate(*qs[i]->calculation_expr, ctx);
      if (!IsEmpty(v)) s.calc[qs[i]->id] = std::move(v);
    }
    done[i] = true;
    for (size_t d : dependents[i])
      if (--waiting[d] == 0) ready.push_back(d);
  }
  return s;
}

Lookup SolvedLookup(const std::vector<const Question*>& qs, const Solution& s, const Lookup& raw, const Lookup& outer) {
  auto index = std::make_shared<std::map<std::string, size_t>>();
  for (size_t i = 0; i < qs.size(); ++i) index->emplace(qs[i]->id, i);
  return [index, &qs, &s, raw, outer](const std::string& id) -> const Value* {
    auto it = index->find(id);
    if (it == index->end()) return outer ? outer(id) : nullptr;
    if (!s.relevant[it->second]) return nullptr;
    if (qs[it->second]->type != QuestionType::kCalculate) return raw(id);
    auto c = s.calc.find(id);
    return c == s.calc.end() ? nullptr : &c->second;
  };
}

}  // namespace detail

namespace {

using detail::Lookup;

Lookup AnswerLookup(const Answers& answers) {
  return [&answers](const std::string& id) -> const Value* {
    auto it = answers.find(id);
    return it == answers.end() || it->second.is_null() ? nullptr : &it->second;
  };
}

Lookup ItemLookup(const Value& item) {
  return [&item](const std::string& id) -> const Value* {
    const Value* v = item.is_object() ? item.Find(id) : nullptr;
    return v == nullptr || v->is_null() ? nullptr : v;
  };
}

// The top level solved once, for queries about one question or one repeat item.
struct TopSolved {
  std::vector<const Question*> top;
  std::vector<const Expr*> section_expr;
  detail::Solution solution;
  Lookup raw, lookup;
  TopSolved(const Form& form, const Answers& answers, const std::string& today) {
    detail::TopLevel(form, &top, &section_expr);
    raw = AnswerLookup(answers);
    solution = detail::Solve(top, section_expr, raw, nullptr, today);
    lookup = detail::SolvedLookup(top, solution, raw, nullptr);
  }
};

detail::Solution SolveItem(const Question& repeat, const Value& item, const Lookup& top_lookup, const std::string& today,
                           std::vector<const Question*>* children) {
  for (const Question& c : repeat.children) children->push_back(&c);
  return detail::Solve(*children, std::vector<const Expr*>(children->size(), nullptr), ItemLookup(item), top_lookup, today);
}

}  // namespace

bool IsRelevant(const Form& form, const Question& q, const Answers& answers, const std::string& today) {
  TopSolved t(form, answers, detail::TodayOr(today));
  for (size_t i = 0; i < t.top.size(); ++i) {
    if (t.top[i]->id == q.id) return t.solution.relevant[i];
    for (const Question& c : t.top[i]->children)
      if (c.id == q.id) return t.solution.relevant[i];  // a repeat child: its repeat's relevance
  }
  return false;  // not a question of this form
}

std::vector<bool> RepeatItemRelevance(const Form& form, const Question& repeat, const Value& item,
                                      const Answers& answers, const std::string& today) {
  const std::string day = detail::TodayOr(today);
  TopSolved t(form, answers, day);
  std::vector<const Question*> children;
  return SolveItem(repeat, item, t.lookup, day, &children).relevant;
}

Relevance AllRelevance(const Form& form, const Answers& answers, const std::string& today) {
  const std::string day = detail::TodayOr(today);
  TopSolved t(form, answers, day);
  Relevance out;
  out.top = t.solution.relevant;
  for (size_t i = 0; i < t.top.size(); ++i) {
    const Question& q = *t.top[i];
    auto it = answers.find(q.id);
    if (q.type != QuestionType::kRepeat || !out.top[i] || it == answers.end() || !it->second.is_array()) continue;
    auto& items = out.items[q.id];
    for (const Value& item : it->second.as_array()) {
      std::vector<const Question*> children;
      items.push_back(SolveItem(q, item, t.lookup, day, &children).relevant);
    }
  }
  return out;
}

Answers WithCalculations(const Form& form, const Answers& answers, const std::string& today) {
  const std::string day = detail::TodayOr(today);
  TopSolved t(form, answers, day);
  Answers out = answers;
  for (const auto& [id, v] : t.solution.calc) out[id] = v;
  for (size_t i = 0; i < t.top.size(); ++i) {
    const Question& q = *t.top[i];
    auto it = out.find(q.id);
    if (q.type != QuestionType::kRepeat || !t.solution.relevant[i] || it == out.end() || !it->second.is_array()) continue;
    bool has_calc = false;
    for (const Question& c : q.children) has_calc = has_calc || c.type == QuestionType::kCalculate;
    if (!has_calc) continue;
    Value::Array items = it->second.as_array();
    for (Value& item : items) {
      if (!item.is_object()) continue;
      std::vector<const Question*> children;
      detail::Solution s = SolveItem(q, item, t.lookup, day, &children);
      Value::Object obj = item.as_object();
      for (const auto& [cid, v] : s.calc) obj[cid] = v;
      item = Value(std::move(obj));
    }
    it->second = Value(std::move(items));
  }
  return out;
}

std::vector<const Choice*> OfferedChoices(const Form& form, const Question& q, const Answers& answers, const Value* item,
                                          const std::string& today) {
  std::vector<const Choice*> out;
  if (!q.choice_filter_expr) {
    for (const Choice& c : q.choices) out.push_back(&c);
    return out;
  }
  const std::string day = detail::TodayOr(today);
  TopSolved t(form, answers, day);
  Lookup lookup = t.lookup;
  std::vector<const Question*> children;
  detail::Solution item_solution;
  if (item != nullptr) {
    for (const Question* top : t.top) {
      bool mine = false;
      for (const Question& c : top->children) mine = mine || &c == &q;
      if (!mine) continue;
      item_solution = SolveItem(*top, *item, t.lookup, day, &children);
      lookup = detail::SolvedLookup(children, item_solution, ItemLookup(*item), t.lookup);
    }
  }
  for (const Choice& c : q.choices) {
    EvalContext ctx;
    ctx.lookup = lookup;
    ctx.today = day;
    ctx.choice = &c;
    if (EvaluateBool(*q.choice_filter_expr, ctx)) out.push_back(&c);
  }
  return out;
}

}  // namespace canvass::forms
