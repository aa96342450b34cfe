// XLSForm survey sheet -> Canvass sections and questions. Groups become sections (a nested
// group its own section, its parent's rest a continuation; relevance carried down), repeats
// stay repeats (a group inside one is flattened), every row's columns become question keys.
// Types and appearances are read in xlsform_types.cpp.
//
// [SECTION] one question row
// [SECTION] groups, repeats and sections
#include <algorithm>
#include <cctype>
#include <set>

#include "forms/validation.h"
#include "xlsform_internal.h"

namespace canvass::forms::xlsform {

using core::Value;

namespace {

// ---------------------------------------------------------------- [SECTION] one question row

std::string And(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return "(" + a + ") and (" + b + ")";
}

Value DefaultMessage(const Ctx& ctx, const std::string& constraint) {
  Value::Object o;
  for (const auto& l : ctx.languages)
    o[l] = Value(l == "es" ? "La respuesta no cumple la condición: " + constraint
                           : "The answer does not meet the condition: " + constraint);
  return Value(std::move(o));
}

bool IsIdText(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

class SurveyReader {
 public:
  SurveyReader(Ctx* ctx, const Sheet& s, const std::map<std::string, ChoiceList>& lists, const std::string& choices_sheet)
      : ctx_(ctx), s_(s), lists_(lists), choices_sheet_(choices_sheet) {}

  void Run(Value::Array* sections, std::vector<std::pair<std::string, Where>>* where);

 private:
  struct Frame {
    bool repeat = false;
    std::string name, relevant;  // relevant: combined with the enclosing groups (outside repeats)
    Value title, hint;
    uint32_t row = 0;
    size_t section = 0;          // group outside a repeat: its section
    bool in_repeat = false;      // a group inside a repeat
  };
  struct SectionBuild {
    std::string id, relevant;
    Value title, hint;
    uint32_t row = 0;
    Value::Array questions;
  };

  uint32_t Row(size_t r) const { return s_.row_numbers[r]; }
  void Issue(size_t r, const std::string& column, const std::string& message) { ctx_->Issue(s_, Row(r), column, message); }
  bool Expr(size_t r, const std::string& column, std::string* out) {
    return Expression(ctx_, s_, Row(r), column, s_.Get(r, column), out);
  }
  Value Text(size_t r, const std::string& base) { return Localized(ctx_, s_, r, base); }
  Value NameText(const std::string& name) {
    Value::Object o;
    for (const auto& l : ctx_->languages) o[l] = Value(name);
    return Value(std::move(o));
  }
  bool InRepeat() const {
    for (const Frame& f : stack_)
      if (f.repeat) return true;
    return false;
  }
  std::string UniqueSectionId(const std::string& base);

  void Question(size_t r);
  bool CommonKeys(size_t r, const std::string& type, Value::Object* q);
  bool TypeKeys(size_t r, const Type& t, Value::Object* q);
  void Add(size_t r, Value q);
  void BeginGroup(size_t r, const std::string& name);
  void EndGroup(size_t r);
  void BeginRepeat(size_t r, const std::string& name);
  void EndRepeat(size_t r);
  SectionBuild& Current(size_t r);

  Ctx* ctx_;
  const Sheet& s_;
  const std::map<std::string, ChoiceList>& lists_;
  std::string choices_sheet_;
  std::vector<Frame> stack_;
  std::vector<SectionBuild> sections_;
  int open_section_ = -1;                 // where the next question outside a repeat goes
  std::vector<Value::Object> repeat_;     // the open repeat question (at most one)
  std::map<std::string, uint32_t> question_rows_;
  std::map<std::string, std::vector<uint32_t>> choice_rows_;  // question id -> row of each choice
  std::set<std::string> section_ids_;
  std::set<std::string> group_names_;
};

bool SurveyReader::CommonKeys(size_t r, const std::string& type, Value::Object* q) {
  bool ok = true;
  Value label = Text(r, "label");
  if (!label.is_null()) (*q)["label"] = label;
  else if (type != "calculate") {
    Issue(r, "label", "this question has no label; write the question text");
    ok = false;
  }
  if (Value hint = Text(r, "hint"); !hint.is_null()) (*q)["hint"] = hint;
  const bool answerless = type == "note" || type == "calculate";
  int req = YesNo(s_.Get(r, "required"));
  if (req < 0) {
    Issue(r, "required", "a required condition (\"" + s_.Get(r, "required") + "\") is not supported; write yes or no");
    ok = false;
  } else if (req == 1 && !answerless) {
    (*q)["required"] = Value(true);
    if (Value m = Text(r, "required_message"); !m.is_null()) (*q)["required_message"] = m;
  } else if (!Text(r, "required_message").is_null()) {
    ctx_->Note("survey row " + std::to_string(Row(r)) + ": a required message on a question that is not required is not kept");
  }
  std::string text;
  if (!Expr(r, "relevant", &text)) ok = false;
  else if (!text.empty()) (*q)["relevant"] = Value(text);
  if (!Expr(r, "constraint", &text)) ok = false;
  else if (!text.empty() && answerless) {
    Issue(r, "constraint", std::string("a ") + type + " takes no answer, so it cannot have a constraint; remove it");
    ok = false;
  } else if (!text.empty()) {
    (*q)["constraint"] = Value(text);
    Value m = Text(r, "constraint_message");
    if (m.is_null()) {
      m = DefaultMessage(*ctx_, s_.Get(r, "constraint"));
      ctx_->Note("constraints without a message say \"The answer does not meet the condition: ...\"; write a "
                 "constraint_message to say it in plain words");
    }
    (*q)["constraint_message"] = m;
  }
  int ro = YesNo(s_.Get(r, "read_only"));
  if (ro != 0 && !answerless) {
    Issue(r, "read_only", "read-only questions are not supported (every Canvass question is answered or calculated); remove it");
    ok = false;
  }
  if (YesNo(s_.Get(r, "canvass_identifying")) == 1) (*q)["identifying"] = Value(true);
  return ok;
}

bool SurveyReader::TypeKeys(size_t r, const Type& t, Value::Object* q) {
  bool ok = true;
  auto choices = [&](const std::string& list, const char* key) {
    auto it = lists_.find(list);
    if (it == lists_.end() || it->second.choices.empty()) {
      Issue(r, "type", "there is no choice list \"" + list + "\" in the " + choices_sheet_ + " sheet; add its choices there");
      ok = false;
      return;
    }
    (*q)[key] = Value(it->second.choices);
    if (std::string(key) == "choices") choice_rows_[(*q)["id"].as_string()] = it->second.rows;
  };
  if (t.canvass == "single_choice" || t.canvass == "multiple_choice") choices(t.list, "choices");
  if (t.or_other && ok) {  // ODK's or_other: an "other" choice (unless the list has one)
    Value::Array list = (*q)["choices"].as_array();
    bool has = false;
    for (const Value& c : list) has = has || c.Find("value")->as_string() == "other";
    if (!has) {
      Value::Object label;
      for (const auto& l : ctx_->languages) label[l] = Value(l == "es" ? "Otro" : "Other");
      list.push_back(Value(Value::Object{{"value", Value("other")}, {"label", Value(std::move(label))}}));
      choice_rows_[(*q)["id"].as_string()].push_back(0);
    }
    (*q)["choices"] = Value(std::move(list));
  }
  if (t.canvass == "count_table") {
    choices(t.list, "rows");
    if (!t.list2.empty()) choices(t.list2, "columns");
  }
  std::string text;
  if (!Expr(r, "choice_filter", &text)) ok = false;
  else if (!text.empty()) (*q)["choice_filter"] = Value(text);
  if (!Expr(r, "calculation", &text)) ok = false;
  else if (!text.empty() && t.canvass != "calculate") {
    Issue(r, "calculation", "a calculation on a " + t.canvass + " question (a calculated default) is not supported; use a "
                            "calculate row");
    ok = false;
  } else if (!text.empty()) {
    (*q)["calculation"] = Value(text);
  }
  const std::string def = s_.Get(r, "default");
  if (!def.empty()) {
    if (def.find("${") != std::string::npos || def.find('(') != std::string::npos) {
      Issue(r, "default", "a default computed by an expression is not supported; give a fixed answer");
      ok = false;
    } else if (t.canvass == "yes_no") {
      (*q)["default"] = Value(YesNo(def) == 1 ? "true" : "false");
    } else {
      forms::Question probe;  // the default must be an answer of the type (choices are checked later)
      probe.default_value = def;
      std::string problem;
      if (TypeFromName(t.canvass, &probe.type) && t.canvass != "single_choice" && t.canvass != "multiple_choice")
        problem = CheckType(probe, DefaultAnswer(probe), nullptr);
      if (!problem.empty()) {
        Issue(r, "default", "the default \"" + def + "\" is not an answer to this question: " + problem);
        ok = false;
      }
      (*q)["default"] = Value(def);
    }
  }
  for (const char* key : {"min_items", "max_items"}) {
    const std::string cell = s_.Get(r, std::string("canvass_") + key);
    if (cell.empty()) continue;
    if (cell.find_first_not_of("0123456789") != std::string::npos || cell.size() > 6) {
      Issue(r, std::string("canvass_") + key, "write a whole number");
      ok = false;
    } else {
      (*q)[key] = Value(std::stoi(cell));
    }
  }
  if (std::string levels = s_.Get(r, "canvass_area_levels"); !levels.empty()) {
    Value::Array a;
    for (const auto& l : Words(levels)) a.push_back(Value(l));
    (*q)["area_levels"] = Value(std::move(a));
  }
  if (!s_.Get(r, "repeat_count").empty()) {
    Issue(r, "repeat_count", "repeat_count is read on begin repeat rows only; remove it here");
    ok = false;
  }
  return ok;
}

void SurveyReader::Question(size_t r) {
  const std::string type_cell = Trim(s_.Get(r, "type"));
  const std::string name = Trim(s_.Get(r, "name"));
  std::string problem;
  bool metadata = false;
  Type t = ParseType(type_cell, &problem, &metadata);
  if (metadata) {
    ctx_->Note("Canvass records when each interview is started and finalized itself: the " + Lower(type_cell) +
               " row is not a question and is left out");
    return;
  }
  if (!problem.empty()) return Issue(r, "type", problem);
  if (!IsIdText(name)) {
    return Issue(r, "name", name.empty() ? "the question has no name; give it one, e.g. household_size"
                                         : "name \"" + name + "\" is not a Canvass id; use lower-case letters, digits and '_', "
                                           "starting with a letter");
  }
  if (question_rows_.count(name))
    return Issue(r, "name", "name \"" + name + "\" is used twice (also row " + std::to_string(question_rows_[name]) +
                                "); names must be unique in the whole form");
  std::string type = t.canvass;
  if (!Appearance(ctx_, s_, r, &type)) return;
  Value::Object q{{"id", Value(name)}, {"type", Value(type)}};
  bool ok = CommonKeys(r, type, &q);
  ok = TypeKeys(r, t, &q) && ok;
  if (!ok) return;
  question_rows_[name] = Row(r);
  Add(r, Value(std::move(q)));
  if (!t.or_other) return;
  const std::string other = name + "_other";
  if (question_rows_.count(other))
    return Issue(r, "type", "or_other adds a question named " + other + ", and that name is already used; rename one");
  Value::Object label;
  for (const auto& l : ctx_->languages) label[l] = Value(l == "es" ? "Especifique otro" : "Specify other");
  question_rows_[other] = Row(r);
  Add(r, Value(Value::Object{{"id", Value(other)}, {"type", Value("text")}, {"label", Value(std::move(label))},
                             {"relevant", Value("selected(${" + name + "}, 'other')")}}));
  ctx_->Note("\"or_other\" adds an \"other\" choice and a question " + other + " asking which, as ODK does");
}

// ---------------------------------------------------------------- [SECTION] groups, repeats and sections

std::string SurveyReader::UniqueSectionId(const std::string& base) {
  std::string id = base;
  for (int k = 2; section_ids_.count(id); ++k) id = base + "_" + std::to_string(k);
  section_ids_.insert(id);
  return id;
}

// The section the next question outside a repeat goes to: the open one, or a new one that
// continues the innermost open group (or holds questions outside any group).
SurveyReader::SectionBuild& SurveyReader::Current(size_t r) {
  if (open_section_ >= 0) return sections_[static_cast<size_t>(open_section_)];
  SectionBuild sec;
  const Frame* parent = stack_.empty() ? nullptr : &stack_.back();
  sec.id = UniqueSectionId(parent ? parent->name : "questions");
  sec.title = parent ? parent->title : NameText("Questions");
  sec.hint = parent ? parent->hint : Value();
  sec.relevant = parent ? parent->relevant : "";
  sec.row = parent ? parent->row : Row(r);
  sections_.push_back(std::move(sec));
  open_section_ = static_cast<int>(sections_.size()) - 1;
  return sections_.back();
}

void SurveyReader::Add(size_t r, Value q) {
  if (InRepeat()) {
    std::string extra;  // the relevance of groups inside the repeat
    for (const Frame& f : stack_)
      if (f.in_repeat) extra = And(extra, f.relevant);
    if (!extra.empty()) {
      Value::Object o = q.as_object();
      const Value* own = q.Find("relevant");
      o["relevant"] = Value(And(extra, own ? own->as_string() : ""));
      q = Value(std::move(o));
    }
    repeat_.back()["questions"].mutable_array().push_back(std::move(q));
    return;
  }
  Current(r).questions.push_back(std::move(q));
}

void SurveyReader::BeginGroup(size_t r, const std::string& name) {
  Frame f;
  f.name = name;
  f.row = Row(r);
  f.title = Text(r, "label");
  if (f.title.is_null()) f.title = NameText(name);
  f.hint = Text(r, "hint");
  std::string own, group_type = "group";
  Expr(r, "relevant", &own);                     // an issue is recorded; the group still opens
  Appearance(ctx_, s_, r, &group_type);          // field-list and table-list are how Canvass shows a section anyway
  if (InRepeat()) {
    f.in_repeat = true;
    f.relevant = own;
    stack_.push_back(f);
    if (!Text(r, "label").is_null() && IsIdText(name) && !question_rows_.count(name)) {  // the group's title, as a note
      question_rows_[name] = Row(r);
      Value::Object note{{"id", Value(name)}, {"type", Value("note")}, {"label", f.title}};
      if (!f.hint.is_null()) note["hint"] = f.hint;
      Add(r, Value(std::move(note)));
    }
    return;
  }
  f.relevant = And(stack_.empty() ? "" : stack_.back().relevant, own);
  stack_.push_back(f);
  SectionBuild sec;
  sec.id = UniqueSectionId(name);
  sec.title = f.title;
  sec.hint = f.hint;
  sec.relevant = f.relevant;
  sec.row = f.row;
  sections_.push_back(std::move(sec));
  open_section_ = static_cast<int>(sections_.size()) - 1;
}

void SurveyReader::EndGroup(size_t r) {
  if (stack_.empty() || stack_.back().repeat)
    return Issue(r, "type", stack_.empty() ? "\"end group\" without a \"begin group\" before it; remove it"
                                           : "\"end group\" closes a repeat (begun on row " + std::to_string(stack_.back().row) +
                                                 "); write \"end repeat\"");
  bool in_repeat = stack_.back().in_repeat;
  stack_.pop_back();
  if (!in_repeat) open_section_ = -1;  // what follows continues the parent group (a new section)
}

void SurveyReader::BeginRepeat(size_t r, const std::string& name) {
  Value::Object q{{"id", Value(name)}, {"type", Value("repeat")}, {"questions", Value(Value::Array{})}};
  bool ok = true;
  if (InRepeat()) {  // refused, but it still pairs with its end row
    Issue(r, "type", "a repeat inside a repeat is not supported; move it out, or make the inner one a question list");
    ok = false;
  }
  ok = CommonKeys(r, "repeat", &q) && ok;
  const std::string count = Trim(s_.Get(r, "repeat_count"));
  if (!count.empty()) {
    if (count.find_first_not_of("0123456789") != std::string::npos || count.size() > 6 || count == "0") {
      Issue(r, "repeat_count", "a repeat count from an expression (\"" + count +
                                   "\") is not supported; give a whole number, or leave it empty");
      ok = false;
    } else {
      q["min_items"] = Value(std::stoi(count));
      q["max_items"] = Value(std::stoi(count));
    }
  }
  if (!ok) q.erase("id");  // refused: its end row closes it without adding it
  for (const char* key : {"min_items", "max_items"})
    if (std::string cell = s_.Get(r, std::string("canvass_") + key); !cell.empty() && cell.find_first_not_of("0123456789") == std::string::npos && cell.size() <= 6)
      q[key] = Value(std::stoi(cell));
  question_rows_[name] = Row(r);
  Frame f;
  f.repeat = true;
  f.name = name;
  f.row = Row(r);
  stack_.push_back(f);
  repeat_.push_back(std::move(q));
}

void SurveyReader::EndRepeat(size_t r) {
  if (stack_.empty() || !stack_.back().repeat)
    return Issue(r, "type", "\"end repeat\" without a \"begin repeat\" before it (or a group inside is still open); fix the "
                            "begin/end rows");
  stack_.pop_back();
  Value::Object q = std::move(repeat_.back());
  repeat_.pop_back();
  if (!q.count("id")) return;  // its begin row was refused
  if (q["questions"].as_array().empty())
    return Issue(r, "type", "the repeat " + q["id"].as_string() + " has no questions; add some or remove it");
  Add(r, Value(std::move(q)));
}

void SurveyReader::Run(Value::Array* sections, std::vector<std::pair<std::string, Where>>* where) {
  for (size_t r = 0; r < s_.rows.size(); ++r) {
    const std::string type = Lower(Trim(s_.Get(r, "type")));
    const std::string name = Trim(s_.Get(r, "name"));
    if (type.empty()) {
      bool any = false;
      for (const auto& cell : s_.rows[r]) any = any || !Trim(cell).empty();
      if (any) Issue(r, "type", "this row has values but no type; give it a type, or delete the row");
      continue;
    }
    std::string kind = type;
    std::replace(kind.begin(), kind.end(), '_', ' ');
    if (kind == "begin group" || kind == "begin repeat") {
      const bool taken = kind == "begin group" ? group_names_.count(name) > 0 : question_rows_.count(name) > 0;
      if (!IsIdText(name) || taken) {
        Issue(r, "name", name.empty() ? "a group needs a name" : "name \"" + name + "\" is not a Canvass id (lower-case letters, "
                                                                 "digits and '_', starting with a letter) or is used twice");
        if (kind == "begin repeat") stack_.push_back(Frame{true, name, "", Value(), Value(), Row(r), 0, false}), repeat_.emplace_back();
        else stack_.push_back(Frame{false, name, "", Value(), Value(), Row(r), 0, InRepeat()});
        continue;
      }
      if (kind == "begin group") group_names_.insert(name);
      if (kind == "begin group") BeginGroup(r, name);
      else BeginRepeat(r, name);
    } else if (kind == "end group") {
      EndGroup(r);
    } else if (kind == "end repeat") {
      EndRepeat(r);
    } else {
      Question(r);
    }
  }
  for (const Frame& f : stack_)
    ctx_->Issue(s_, f.row, "type", std::string("\"begin ") + (f.repeat ? "repeat" : "group") + " " + f.name +
                                       "\" is never ended; add an \"end " + (f.repeat ? "repeat" : "group") + "\" row");
  // Sections that received no question are left out (a group holding only groups).
  for (auto& sec : sections_) {
    if (sec.questions.empty()) continue;
    const std::string spath = "$.sections[" + std::to_string(sections->size()) + "]";
    where->push_back({spath, {s_.name, sec.row}});
    for (size_t j = 0; j < sec.questions.size(); ++j) {
      const std::string qpath = spath + ".questions[" + std::to_string(j) + "]";
      const Value& q = sec.questions[j];
      auto record = [&](const Value& question, const std::string& path) {
        const std::string& id = question.Find("id")->as_string();
        where->push_back({path, {s_.name, question_rows_[id]}});
        auto rows = choice_rows_.find(id);
        if (rows != choice_rows_.end())
          for (size_t k = 0; k < rows->second.size(); ++k)
            if (rows->second[k] > 0) where->push_back({path + ".choices[" + std::to_string(k) + "]", {choices_sheet_, rows->second[k]}});
      };
      record(q, qpath);
      if (const Value* children = q.Find("questions"))
        for (size_t k = 0; k < children->as_array().size(); ++k)
          record(children->as_array()[k], qpath + ".questions[" + std::to_string(k) + "]");
    }
    Value::Object o{{"id", Value(sec.id)}, {"title", sec.title}, {"questions", Value(std::move(sec.questions))}};
    if (!sec.hint.is_null()) o["hint"] = sec.hint;
    if (!sec.relevant.empty()) o["relevant"] = Value(sec.relevant);
    sections->push_back(Value(std::move(o)));
  }
}

}  // namespace

bool Expression(Ctx* ctx, const Sheet& s, uint32_t row, const std::string& column, const std::string& text, std::string* out) {
  out->clear();
  const std::string t = Trim(text);
  if (t.empty()) return true;
  auto r = OdkToCanvassExpression(t);
  if (!r.ok()) {
    ctx->Issue(s, row, column, r.status().message() + " (in \"" + t + "\")");
    return false;
  }
  *out = *r;
  return true;
}

void ReadSurvey(Ctx* ctx, const Sheet& survey, const std::map<std::string, ChoiceList>& lists, const std::string& choices_sheet,
                Value::Array* sections, std::vector<std::pair<std::string, Where>>* where) {
  SurveyReader(ctx, survey, lists, choices_sheet).Run(sections, where);
}

}  // namespace canvass::forms::xlsform
