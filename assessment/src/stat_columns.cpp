// Stata/SPSS export: the variables of each file (names, labels, codes) and the cells of each
// row, with the reason a value is missing and the disclosure ledger applied to counts.
//
// [SECTION] names, labels, missing kinds
// [SECTION] planning the variables
// [SECTION] the cells of a row
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "assessment/suppression.h"
#include "microdata_internal.h"
#include "stat_internal.h"

namespace canvass::assessment::stat {

using core::Value;
using forms::QuestionType;

// ---------------------------------------------------------------- [SECTION] names, labels, missing kinds

double SpssCode(Miss m) {
  switch (m) {
    case Miss::kSkipped: return -97;
    case Miss::kEmpty: return -98;
    case Miss::kDontKnow: return -99;
    case Miss::kRefused: return -96;
    case Miss::kWithheld: return -95;
    case Miss::kNone: break;
  }
  return 0;
}

std::string MissLabel(Miss m, const std::string& lang) {
  const bool es = lang == "es";
  switch (m) {
    case Miss::kSkipped: return es ? "omitida por la lógica del formulario" : "skipped by the form's logic";
    case Miss::kEmpty: return es ? "sin respuesta" : "left empty";
    case Miss::kDontKnow: return es ? "no sabe" : "don't know";
    case Miss::kRefused: return es ? "no quiso responder" : "refused";
    case Miss::kWithheld: return es ? "retenido (recuento pequeño)" : "withheld (a small count)";
    case Miss::kNone: break;
  }
  return "";
}

namespace {

// At most `max` characters, cut at a character boundary.
std::string Cut(const std::string& s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > max_chars) return s.substr(0, i);
  }
  return s;
}

bool Reserved(const std::string& lower) {
  static const std::set<std::string> kWords = {"all",  "and",  "by",    "eq",   "ge",    "gt",    "le",   "lt",   "ne",
                                               "not",  "or",   "to",    "with", "_all",  "_b",    "byte", "_coef", "_cons",
                                               "double", "float", "if", "in",   "int",   "long",  "_n",   "_pi",  "_pred",
                                               "_rc",  "_skip", "strl", "using", "str",  "e",     "item", "row"};
  return kWords.count(lower) > 0;
}

// Variable names valid in Stata and SPSS: letters, digits, '_', a letter first, at most 32,
// not a reserved word, unique ignoring case.
class Namer {
 public:
  std::string Name(const std::string& want, bool fixed = false) {
    std::string base;
    for (char c : want) base += (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) ? c : '_';
    if (base.empty() || !std::isalpha(static_cast<unsigned char>(base[0]))) base = "v_" + base;
    std::string lower = Lower(base);
    if (!fixed && Reserved(lower)) base += "_";
    base = base.substr(0, 32);
    std::string name = base;
    for (int k = 2; used_.count(Lower(name)); ++k) {
      std::string suffix = "_" + std::to_string(k);
      name = base.substr(0, 32 - suffix.size()) + suffix;
    }
    used_.insert(Lower(name));
    return name;
  }

 private:
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  std::set<std::string> used_;
};

bool DontKnow(const std::string& v) {
  static const std::set<std::string> kValues = {"dont_know", "do_not_know", "dk", "unsure", "not_sure"};
  return kValues.count(v) > 0;
}
bool Refused(const std::string& v) {
  static const std::set<std::string> kValues = {"refused", "refuse", "prefer_not_to_say", "prefer_not_say", "decline", "declined", "rf"};
  return kValues.count(v) > 0;
}

// ---------------------------------------------------------------- [SECTION] planning the variables

class Planner {
 public:
  Planner(const forms::Form& f, const StatExportOptions& o)
      : f_(f), o_(o), lang_(o.language.empty() ? f.languages.front() : o.language) {}

  void Keys(Plan* p, bool repeat) {
    auto key = [&](const std::string& name, Source s, const std::string& label, bool str) {
      Column c;
      c.var = {namer_.Name(name, true), label, "", "", "key", {}};
      c.source = s;
      c.is_string = str;
      p->columns.push_back(std::move(c));
    };
    key("row", Source::kRow, "pseudonymous row number of the interview (not its id; the order carries no meaning)", true);
    if (repeat) {
      key("item", Source::kItem, "item number within the interview", false);
      return;
    }
    key("form_version", Source::kVersion, "protocol version", false);
    key("respondent_role", Source::kRole, "respondent role", true);
    key("language", Source::kLanguage, "interview language", true);
  }

  void Question(const forms::Question& q, int top, int child, Plan* p) {
    const std::string label = Cut(f_.Text(q.label, lang_), 80);
    auto add = [&](const std::string& name, const std::string& var_label, const std::string& kind) -> Column& {
      Column c;
      c.var = {namer_.Name(name), Cut(var_label, 80), q.id, "", kind, {}};
      c.q = &q;
      c.top_index = top;
      c.child_index = child;
      p->columns.push_back(std::move(c));
      return p->columns.back();
    };
    if (q.identifying && !o_.include_identifying) return p->left_out.push_back(q.id + " (identifying)");
    switch (q.type) {
      case QuestionType::kNote: return;
      case QuestionType::kRepeat: return;  // its own file
      case QuestionType::kCalculate: return p->left_out.push_back(q.id + " (calculated from the other answers)");
      case QuestionType::kText: case QuestionType::kLongText:
        if (!o_.include_free_text && !q.identifying) return p->left_out.push_back(q.id + " (free text)");
        add(q.id, label, "text").is_string = true;
        return;
      case QuestionType::kArea: case QuestionType::kAreas: add(q.id, label, "area").is_string = true; return;
      case QuestionType::kInteger: add(q.id, label, "count").protect = true; return;
      case QuestionType::kDecimal: add(q.id, label, "number"); return;
      case QuestionType::kDate: case QuestionType::kDateTime: add(q.id, label + " (month)", "month"); return;
      case QuestionType::kTime: add(q.id, label, "time"); return;
      case QuestionType::kYesNo:
        add(q.id, label, "yes_no").var.codes = {{1, lang_ == "es" ? "Sí" : "Yes"}, {0, "No"}};
        return;
      case QuestionType::kSingleChoice: {
        Column& c = add(q.id, label, "choice");
        for (size_t i = 0; i < q.choices.size(); ++i)
          if (!DontKnow(q.choices[i].value) && !Refused(q.choices[i].value))
            c.var.codes.emplace_back(static_cast<double>(i + 1), f_.Text(q.choices[i].label, lang_));
        return;
      }
      case QuestionType::kMultipleChoice:
        for (const auto& ch : q.choices) {
          Column& c = add(q.id + "_" + ch.value, label + ": " + f_.Text(ch.label, lang_), "selected");
          c.source = Source::kSelected;
          c.key = c.var.part = ch.value;
          c.var.codes = {{1, lang_ == "es" ? "marcada" : "selected"}, {0, lang_ == "es" ? "no marcada" : "not selected"}};
        }
        return;
      case QuestionType::kCountTable:
        for (const auto& r : q.rows) {
          std::vector<const forms::Choice*> cols;
          for (const auto& c : q.columns) cols.push_back(&c);
          if (cols.empty()) cols.push_back(nullptr);
          for (const forms::Choice* c : cols) {
            Column& col = add(q.id + "_" + r.value + (c ? "_" + c->value : ""),
                              label + ": " + f_.Text(r.label, lang_) + (c ? " / " + f_.Text(c->label, lang_) : ""), "count");
            col.source = Source::kCount;
            col.key = col.var.part = c ? r.value + "|" + c->value : r.value;
            col.protect = true;
          }
        }
        return;
    }
  }

  Namer& namer() { return namer_; }

 private:
  const forms::Form& f_;
  const StatExportOptions& o_;
  std::string lang_;
  Namer namer_;
};

std::string Ext(const StatExportOptions& o) { return o.format == StatFormat::kStata ? ".dta" : ".sav"; }

}  // namespace

Plan PlanMain(const forms::Form& f, const StatExportOptions& o, const std::string& base_name) {
  Plan p;
  p.form = &f;
  p.form_id = f.id;
  p.file_name = base_name + Ext(o);
  Planner planner(f, o);
  planner.Keys(&p, false);
  auto top = f.TopLevelQuestions();
  for (size_t i = 0; i < top.size(); ++i) {
    planner.Question(*top[i], static_cast<int>(i), -1, &p);
    if (top[i]->type == QuestionType::kRepeat)
      p.left_out.push_back(top[i]->id + " (a repeat group: in " + base_name + "-" + top[i]->id + Ext(o) + ")");
  }
  return p;
}

std::vector<Plan> PlanRepeats(const forms::Form& f, const StatExportOptions& o, const std::string& base_name) {
  std::vector<Plan> out;
  auto top = f.TopLevelQuestions();
  for (size_t i = 0; i < top.size(); ++i) {
    if (top[i]->type != QuestionType::kRepeat) continue;
    Plan p;
    p.form = &f;
    p.form_id = f.id;
    p.repeat = top[i]->id;
    p.repeat_q = top[i];
    p.repeat_top_index = static_cast<int>(i);
    p.file_name = base_name + "-" + top[i]->id + Ext(o);
    Planner planner(f, o);
    planner.Keys(&p, true);
    for (size_t k = 0; k < top[i]->children.size(); ++k)
      planner.Question(top[i]->children[k], static_cast<int>(i), static_cast<int>(k), &p);
    out.push_back(std::move(p));
  }
  return out;
}

// ---------------------------------------------------------------- [SECTION] the cells of a row

namespace {

long long DaysFromCivil(int y, int m, int d) {  // H. Hinnant's algorithm: days since 1970-01-01
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

bool MonthOf(const std::string& date, double* stata_month, double* spss_seconds) {
  int y, m;
  if (date.size() < 7 || std::sscanf(date.c_str(), "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) return false;
  *stata_month = (y - 1960) * 12.0 + (m - 1);
  const long long days_1582 = DaysFromCivil(1582, 10, 14);
  *spss_seconds = static_cast<double>(DaysFromCivil(y, m, 1) - days_1582) * 86400.0;
  return true;
}

bool TimeOfDay(const std::string& time, double* ms) {
  int h = 0, m = 0, s = 0;
  if (std::sscanf(time.c_str(), "%2d:%2d:%2d", &h, &m, &s) < 2) return false;
  *ms = ((h * 60.0 + m) * 60.0 + s) * 1000.0;
  return true;
}

namespace {

bool IsEmpty(const Value* v) {
  return v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty()) || (v->is_array() && v->as_array().empty()) ||
         (v->is_object() && v->as_object().empty());
}

// The answers of the row: the interview's, or one repeat item's.
struct RowAnswers {
  const forms::Answers* top = nullptr;
  const Value* item = nullptr;
  const Value* Get(const std::string& id) const {
    if (item) return item->Find(id);
    auto it = top->find(id);
    return it == top->end() ? nullptr : &it->second;
  }
};

bool Relevant(const Plan& p, const Column& c, const RowInput& in) {
  if (in.item < 0) return static_cast<size_t>(c.top_index) < in.relevance->top.size() && in.relevance->top[static_cast<size_t>(c.top_index)];
  auto it = in.relevance->items.find(p.repeat);
  if (it == in.relevance->items.end() || static_cast<size_t>(in.item) >= it->second.size()) return false;
  const auto& flags = it->second[static_cast<size_t>(in.item)];
  return static_cast<size_t>(c.child_index) < flags.size() && flags[static_cast<size_t>(c.child_index)];
}

// The value a protected column holds for the ledger, when it holds one.
bool CountValue(const Column& c, const Value* v, double* out) {
  if (IsEmpty(v)) return false;
  const Value* x = c.source == Source::kCount ? v->Find(c.key) : v;
  if (x == nullptr || !x->is_number()) return false;
  *out = x->as_number();
  return true;
}

void AnswerCell(const Column& c, const Value& v, Cell* cell) {
  using T = QuestionType;
  switch (c.q->type) {
    case T::kInteger: case T::kDecimal: cell->number = v.is_number() ? v.as_number() : 0; return;
    case T::kYesNo: cell->number = v.is_bool() && v.as_bool() ? 1 : 0; return;
    case T::kSingleChoice: {
      const std::string& s = v.is_string() ? v.as_string() : "";
      if (DontKnow(s)) { cell->miss = Miss::kDontKnow; return; }
      if (Refused(s)) { cell->miss = Miss::kRefused; return; }
      for (size_t i = 0; i < c.q->choices.size(); ++i)
        if (c.q->choices[i].value == s) cell->number = static_cast<double>(i + 1);
      return;
    }
    case T::kDate: case T::kDateTime: {
      double month, seconds;
      if (!v.is_string() || !MonthOf(v.as_string(), &month, &seconds)) { cell->miss = Miss::kEmpty; return; }
      cell->number = month;
      cell->spss = seconds;
      return;
    }
    case T::kTime: {
      double ms;
      if (!v.is_string() || !TimeOfDay(v.as_string(), &ms)) { cell->miss = Miss::kEmpty; return; }
      cell->number = ms;
      cell->spss = ms / 1000;
      return;
    }
    case T::kAreas:
      for (const Value& x : v.as_array()) cell->text += (cell->text.empty() ? "" : ";") + (x.is_string() ? x.as_string() : "");
      return;
    default: cell->text = v.is_string() ? v.as_string() : v.ToJson(); return;
  }
}

}  // namespace

void RowCells(const Plan& p, const RowInput& in, int threshold, std::vector<Cell>* out) {
  out->assign(p.columns.size(), Cell());
  RowAnswers answers{&in.interview->answers, nullptr};
  if (in.item >= 0) {
    auto it = in.interview->answers.find(p.repeat);
    answers.item = &it->second.as_array()[static_cast<size_t>(in.item)];
  }
  // Each question's answer, looked up once (a multiple choice or table has many columns).
  std::vector<const Value*> value(p.columns.size(), nullptr);
  for (size_t k = 0; k < p.columns.size(); ++k) {
    const forms::Question* q = p.columns[k].q;
    if (q) value[k] = k > 0 && p.columns[k - 1].q == q ? value[k - 1] : answers.Get(q->id);
  }
  // Counts of people go through one ledger per row, with each table's sum to its total.
  SuppressionLedger ledger;
  std::vector<int> cell_id(p.columns.size(), -1);
  std::map<std::string, std::vector<int>> tables;
  std::map<std::string, int> totals;
  for (size_t k = 0; k < p.columns.size(); ++k) {
    const Column& c = p.columns[k];
    double x;
    if (!c.protect || !Relevant(p, c, in) || !CountValue(c, value[k], &x)) continue;
    cell_id[k] = ledger.Add(x);
    if (c.source == Source::kCount) tables[c.q->id].push_back(cell_id[k]);
    else totals[c.q->id] = cell_id[k];
  }
  for (const auto& [t, members] : tables)
    if (auto tot = totals.find(detail::TotalOf(t)); tot != totals.end()) ledger.AddConstraint(members, tot->second);
  ledger.Apply(threshold);
  for (size_t k = 0; k < p.columns.size(); ++k) {
    const Column& c = p.columns[k];
    Cell& cell = (*out)[k];
    switch (c.source) {
      case Source::kRow: cell.text = *in.row_id; continue;
      case Source::kItem: cell.number = in.item + 1; continue;
      case Source::kVersion: cell.number = in.interview->form->version; continue;
      case Source::kRole: cell.text = in.interview->role; continue;
      case Source::kLanguage: cell.text = in.interview->language; continue;
      default: break;
    }
    if (!Relevant(p, c, in)) { cell.miss = Miss::kSkipped; continue; }
    const Value* v = value[k];
    if (IsEmpty(v)) { cell.miss = Miss::kEmpty; continue; }
    if (cell_id[k] >= 0 && ledger.suppressed(cell_id[k])) { cell.miss = Miss::kWithheld; continue; }
    if (c.source == Source::kSelected) {
      cell.number = 0;
      for (const Value& x : v->is_array() ? v->as_array() : Value::Array{})
        if (x.is_string() && x.as_string() == c.key) cell.number = 1;
      continue;
    }
    if (c.source == Source::kCount) {
      const Value* x = v->Find(c.key);
      if (x == nullptr || !x->is_number()) cell.miss = Miss::kEmpty;  // a cell left out is unknown, not zero
      else cell.number = x->as_number();
      continue;
    }
    AnswerCell(c, *v, &cell);
  }
}

}  // namespace canvass::assessment::stat
