// Form checks after structure: expressions parse, name known questions, no relevance cycles.
#include <algorithm>
#include <map>
#include <set>

#include "expression_internal.h"
#include "form_parser_internal.h"

namespace canvass::forms::detail {

using core::Status;

namespace {

// Which ids an expression may name, and why others are refused.
struct Scope {
  const std::set<std::string>* top = nullptr;                    // top-level question ids
  const std::map<std::string, std::string>* child_of = nullptr;  // child id -> repeat id
  const std::vector<std::string>* all = nullptr;                 // every id, for "did you mean"
  const std::string* repeat = nullptr;                           // set inside a repeat item
};

Status CheckRefs(const ParseCtx& ctx, const std::string& path, const Expr& e, const Scope& scope) {
  for (const std::string& id : ReferencedIds(e)) {
    if (scope.top->count(id)) continue;
    auto child = scope.child_of->find(id);
    if (child == scope.child_of->end()) {
      std::string hint = DidYouMean(id, *scope.all);
      return ctx.Error(path, "names unknown question ${" + id + "};" +
                                 (hint.empty() ? " use the id of a question of this form" : hint));
    }
    if (scope.repeat != nullptr && child->second == *scope.repeat) continue;  // a sibling
    return ctx.Error(path, "names ${" + id + "}, a question inside repeat \"" + child->second +
                               "\", which has one answer per item; outside that repeat refer to "
                               "the whole repeat instead, e.g. count_selected(${" +
                               child->second + "})");
  }
  return Status::Ok();
}

Status ParseOne(const ParseCtx& ctx, const std::string& path, const std::string& text,
                bool allow_current, const Scope& scope, std::shared_ptr<const Expr>* out,
                const ParseOptions& options = {}) {
  if (text.empty()) return Status::Ok();
  auto parsed = ParseExpression(text, options);
  if (!parsed.ok()) {
    return ctx.Error(path, parsed.status().message() + " in \"" + text +
                               "\"; correct the expression (see docs/forms.md, \"Expressions\")");
  }
  if (!allow_current && UsesCurrent(**parsed)) {
    return ctx.Error(path,
                     "'.' (this answer) can only be used in a constraint; "
                     "name the question with ${id} instead");
  }
  CANVASS_RETURN_IF_ERROR(CheckRefs(ctx, path, **parsed, scope));
  *out = *parsed;
  return Status::Ok();
}

// A choice_filter's bare names must be properties some choice has (or "name", the value).
Status CheckChoiceProperties(const ParseCtx& ctx, const std::string& path, const Question& q) {
  for (const std::string& name : ReferencedChoiceProperties(*q.choice_filter_expr)) {
    if (name == "name") continue;
    bool found = false;
    for (const Choice& c : q.choices) found = found || c.properties.count(name) > 0;
    if (!found)
      return ctx.Error(path, "names '" + name + "', which is neither a question (write ${" + name +
                                 "}) nor a property of this question's choices; quote text as '" + name +
                                 "', or add the property to the choices");
  }
  return Status::Ok();
}

Status ParseQuestionExprs(const ParseCtx& ctx, const std::string& path, const Scope& scope,
                          Question* q) {
  CANVASS_RETURN_IF_ERROR(
      ParseOne(ctx, path + ".relevant", q->relevant, false, scope, &q->relevant_expr));
  CANVASS_RETURN_IF_ERROR(
      ParseOne(ctx, path + ".calculation", q->calculation, false, scope, &q->calculation_expr));
  ParseOptions filter;
  filter.choice_properties = true;
  CANVASS_RETURN_IF_ERROR(ParseOne(ctx, path + ".choice_filter", q->choice_filter, false, scope,
                                   &q->choice_filter_expr, filter));
  if (q->choice_filter_expr)
    CANVASS_RETURN_IF_ERROR(CheckChoiceProperties(ctx, path + ".choice_filter", *q));
  return ParseOne(ctx, path + ".constraint", q->constraint, true, scope, &q->constraint_expr);
}

// Depth-first search for a cycle in "relevance of X depends on the answer of Y" edges.
class CycleFinder {
 public:
  void AddEdges(const std::string& from, const std::string& path, const Expr* e) {
    paths_.emplace(from, path);
    auto& out = edges_[from];
    if (e != nullptr) {
      for (const std::string& id : ReferencedIds(*e)) out.insert(id);
    }
  }
  // Returns "a -> b -> a" and the path of its first question, or "" when acyclic.
  std::string Find(const std::vector<std::string>& order, std::string* path) {
    for (const std::string& id : order) {
      if (state_[id] == 0 && Visit(id)) {
        std::string text;
        for (const std::string& s : cycle_) text += (text.empty() ? "" : " -> ") + s;
        *path = paths_[cycle_.front()];
        return text;
      }
    }
    return "";
  }

 private:
  bool Visit(const std::string& id) {
    state_[id] = 1;
    stack_.push_back(id);
    for (const std::string& next : edges_[id]) {
      if (state_[next] == 1) {  // back edge: the cycle is the stack from `next`
        auto it = std::find(stack_.begin(), stack_.end(), next);
        cycle_.assign(it, stack_.end());
        cycle_.push_back(next);
        return true;
      }
      if (state_[next] == 0 && Visit(next)) return true;
    }
    stack_.pop_back();
    state_[id] = 2;
    return false;
  }

  std::map<std::string, std::set<std::string>> edges_;
  std::map<std::string, std::string> paths_;
  std::map<std::string, int> state_;  // 0 new, 1 on stack, 2 done
  std::vector<std::string> stack_;
  std::vector<std::string> cycle_;
};

}  // namespace

Status CheckExpressions(const ParseCtx& ctx, Form* form) {
  std::set<std::string> top;
  std::map<std::string, std::string> child_of;
  std::vector<std::string> all;
  for (const Section& s : form->sections) {
    for (const Question& q : s.questions) {
      top.insert(q.id);
      all.push_back(q.id);
      for (const Question& c : q.children) {
        child_of[c.id] = q.id;
        all.push_back(c.id);
      }
    }
  }
  Scope scope{&top, &child_of, &all, nullptr};
  CycleFinder cycles;
  for (size_t i = 0; i < form->sections.size(); ++i) {
    Section& s = form->sections[i];
    const std::string spath = "$.sections[" + std::to_string(i) + "]";
    CANVASS_RETURN_IF_ERROR(
        ParseOne(ctx, spath + ".relevant", s.relevant, false, scope, &s.relevant_expr));
    for (size_t j = 0; j < s.questions.size(); ++j) {
      Question& q = s.questions[j];
      const std::string qpath = spath + ".questions[" + std::to_string(j) + "]";
      CANVASS_RETURN_IF_ERROR(ParseQuestionExprs(ctx, qpath, scope, &q));
      cycles.AddEdges(q.id, qpath, q.relevant_expr.get());
      cycles.AddEdges(q.id, qpath, s.relevant_expr.get());
      cycles.AddEdges(q.id, qpath, q.calculation_expr.get());
      Scope child_scope = scope;
      child_scope.repeat = &q.id;
      for (size_t k = 0; k < q.children.size(); ++k) {
        const std::string cpath = qpath + ".questions[" + std::to_string(k) + "]";
        CANVASS_RETURN_IF_ERROR(ParseQuestionExprs(ctx, cpath, child_scope, &q.children[k]));
        cycles.AddEdges(q.children[k].id, cpath, q.children[k].relevant_expr.get());
        cycles.AddEdges(q.children[k].id, cpath, q.children[k].calculation_expr.get());
      }
    }
  }
  std::string path;
  std::string cycle = cycles.Find(all, &path);
  if (!cycle.empty()) {
    return ctx.Error(path, "skip logic cycle " + cycle +
                               ": each question is shown (or calculated) only depending on the answer of "
                               "the next (through its own or its section's \"relevant\", or a "
                               "\"calculation\"), so none can ever be shown; change one of these conditions");
  }
  return Status::Ok();
}

}  // namespace canvass::forms::detail
