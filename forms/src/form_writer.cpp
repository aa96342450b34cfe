// FormToValue: the canonical JSON description of a parsed form (`forms show --json`).
#include "forms/form_parser.h"

namespace canvass::forms {

using core::Value;

namespace {

Value TextValue(const LocalizedText& t) {
  Value::Object o;
  for (const auto& [lang, text] : t) o[lang] = Value(text);
  return Value(std::move(o));
}

Value StringsValue(const std::vector<std::string>& items) {
  Value::Array a;
  for (const std::string& s : items) a.push_back(Value(s));
  return Value(std::move(a));
}

// Choices are always inline {"value","label"} objects: no "id"/"type" keys, so a script
// that finds questions as objects having both "id" and "type" never mistakes a choice.
Value ChoicesValue(const std::vector<Choice>& choices) {
  Value::Array a;
  for (const Choice& c : choices) {
    Value::Object o{{"value", Value(c.value)}, {"label", TextValue(c.label)}};
    if (!c.properties.empty()) {
      Value::Object props;
      for (const auto& [k, v] : c.properties) props[k] = Value(v);
      o["properties"] = Value(std::move(props));
    }
    a.push_back(Value(std::move(o)));
  }
  return Value(std::move(a));
}

Value QuestionValue(const Question& q) {
  Value::Object o;
  o["id"] = Value(q.id);
  o["type"] = Value(TypeName(q.type));
  if (!q.label.empty()) o["label"] = TextValue(q.label);
  if (!q.hint.empty()) o["hint"] = TextValue(q.hint);
  if (q.required) o["required"] = Value(true);
  if (!q.required_message.empty()) o["required_message"] = TextValue(q.required_message);
  if (!q.calculation.empty()) o["calculation"] = Value(q.calculation);
  if (!q.default_value.empty()) o["default"] = Value(q.default_value);
  if (!q.choice_filter.empty()) o["choice_filter"] = Value(q.choice_filter);
  if (!q.relevant.empty()) o["relevant"] = Value(q.relevant);
  if (!q.constraint.empty()) o["constraint"] = Value(q.constraint);
  if (!q.constraint_message.empty()) o["constraint_message"] = TextValue(q.constraint_message);
  if (q.identifying) o["identifying"] = Value(true);
  if (!q.choices.empty()) o["choices"] = ChoicesValue(q.choices);
  if (!q.rows.empty()) o["rows"] = ChoicesValue(q.rows);
  if (!q.columns.empty()) o["columns"] = ChoicesValue(q.columns);
  if (!q.area_levels.empty()) o["area_levels"] = StringsValue(q.area_levels);
  if (!q.children.empty()) {
    Value::Array children;
    for (const Question& c : q.children) children.push_back(QuestionValue(c));
    o["questions"] = Value(std::move(children));
  }
  if (q.min_items > 0) o["min_items"] = Value(q.min_items);
  if (q.max_items > 0) o["max_items"] = Value(q.max_items);
  return Value(std::move(o));
}

// Sections carry no "type" key (see ChoicesValue).
Value SectionValue(const Section& s) {
  Value::Object o;
  o["id"] = Value(s.id);
  o["title"] = TextValue(s.title);
  if (!s.hint.empty()) o["hint"] = TextValue(s.hint);
  if (!s.relevant.empty()) o["relevant"] = Value(s.relevant);
  Value::Array questions;
  for (const Question& q : s.questions) questions.push_back(QuestionValue(q));
  o["questions"] = Value(std::move(questions));
  return Value(std::move(o));
}

}  // namespace

Value FormToValue(const Form& form) {
  Value::Object o;
  o["canvass_form"] = Value(1);
  o["id"] = Value(form.id);
  o["version"] = Value(form.version);
  o["title"] = TextValue(form.title);
  if (!form.description.empty()) o["description"] = TextValue(form.description);
  o["languages"] = StringsValue(form.languages);
  o["kind"] = Value(form.kind);
  if (!form.respondent_roles.empty()) o["respondent_roles"] = StringsValue(form.respondent_roles);
  Value::Array sections;
  for (const Section& s : form.sections) sections.push_back(SectionValue(s));
  o["sections"] = Value(std::move(sections));
  return Value(std::move(o));
}

}  // namespace canvass::forms
