// DescribeChanges: what a new version of a form changes, question by question, in plain words.
#include <map>

#include "forms/xlsform.h"

namespace canvass::forms {

namespace {

void Collect(const std::vector<Question>& qs, const std::string& in, std::map<std::string, std::pair<const Question*, std::string>>* out,
             std::vector<std::string>* order) {
  for (const Question& q : qs) {
    (*out)[q.id] = {&q, in};
    order->push_back(q.id);
    Collect(q.children, q.id, out, order);
  }
}

std::string Values(const std::vector<Choice>& cs) {
  std::string s;
  for (const Choice& c : cs) s += (s.empty() ? "" : ", ") + c.value;
  return s;
}

// "a, b" of the values in `x` not in `y`.
std::string Missing(const std::vector<Choice>& x, const std::vector<Choice>& y) {
  std::vector<Choice> out;
  for (const Choice& c : x) {
    bool found = false;
    for (const Choice& d : y) found = found || d.value == c.value;
    if (!found) out.push_back(c);
  }
  return Values(out);
}

void CompareQuestion(const Form& before, const Form& after, const Question& a, const Question& b, std::vector<std::string>* out) {
  const std::string who = "question " + a.id;
  const std::string lang = after.languages.front();
  if (a.type != b.type)
    out->push_back(who + ": type " + TypeName(a.type) + " -> " + TypeName(b.type) + " (answers given under version " +
                   std::to_string(before.version) + " keep their old type there)");
  if (before.Text(a.label, lang) != after.Text(b.label, lang)) out->push_back(who + ": the question text changed");
  if (a.required != b.required) out->push_back(who + (b.required ? ": now required" : ": no longer required"));
  if (a.relevant != b.relevant) out->push_back(who + ": asked when \"" + b.relevant + "\" (was \"" + a.relevant + "\")");
  if (a.constraint != b.constraint) out->push_back(who + ": its rule is now \"" + b.constraint + "\" (was \"" + a.constraint + "\")");
  if (a.calculation != b.calculation) out->push_back(who + ": calculated as \"" + b.calculation + "\" (was \"" + a.calculation + "\")");
  if (a.identifying != b.identifying)
    out->push_back(who + (b.identifying ? ": now marked identifying (left out of exports)" : ": no longer marked identifying"));
  for (const auto& [x, y, what] : {std::make_tuple(&a.choices, &b.choices, "choices"), std::make_tuple(&a.rows, &b.rows, "rows"),
                                   std::make_tuple(&a.columns, &b.columns, "columns")}) {
    std::string added = Missing(*y, *x), removed = Missing(*x, *y);
    if (!added.empty()) out->push_back(who + ": " + what + " added: " + added);
    if (!removed.empty())
      out->push_back(who + ": " + what + " removed: " + removed + " (answers that chose them stay readable under version " +
                     std::to_string(before.version) + ")");
  }
}

}  // namespace

std::vector<std::string> DescribeChanges(const Form& before, const Form& after) {
  std::vector<std::string> out;
  std::map<std::string, std::pair<const Question*, std::string>> a, b;
  std::vector<std::string> order_a, order_b;
  for (const Section& s : before.sections) Collect(s.questions, "", &a, &order_a);
  for (const Section& s : after.sections) Collect(s.questions, "", &b, &order_b);
  for (const auto& id : order_b)
    if (!a.count(id))
      out.push_back("added question " + id + " (" + TypeName(b[id].first->type) + ")" +
                    (b[id].second.empty() ? "" : " inside " + b[id].second));
  for (const auto& id : order_a)
    if (!b.count(id))
      out.push_back("removed question " + id + ": its answers stay readable under version " + std::to_string(before.version));
  for (const auto& id : order_b) {
    auto it = a.find(id);
    if (it != a.end()) CompareQuestion(before, after, *it->second.first, *b[id].first, &out);
  }
  if (before.Text(before.title, "") != after.Text(after.title, "")) out.push_back("the form's title changed");
  if (before.languages != after.languages) {
    std::string l;
    for (const auto& x : after.languages) l += (l.empty() ? "" : ", ") + x;
    out.push_back("languages are now " + l);
  }
  return out;
}

}  // namespace canvass::forms
