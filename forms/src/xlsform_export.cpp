// A Canvass form as an XLSForm (survey, choices, settings) that imports back to the same
// form. Canvass-only types and keys use the custom types canvass_yes_no, canvass_area,
// canvass_areas, canvass_count_table ROWS [COLUMNS] and canvass_* columns (docs/forms.md).
#include <map>
#include <set>

#include "forms/form_parser.h"
#include "forms/xlsform.h"
#include "tabular/xlsx_table.h"
#include "xlsform_internal.h"

namespace canvass::forms {

using core::Status;
using core::Value;

namespace {

// One sheet under construction: a header, and rows addressed by column name.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Row(const std::map<std::string, std::string>& cells) {
    std::vector<std::string> row(header_.size());
    for (const auto& [k, v] : cells)
      for (size_t i = 0; i < header_.size(); ++i)
        if (header_[i] == k) row[i] = v;
    rows_.push_back(std::move(row));
  }
  XlsformSheet Take(const std::string& name) {
    XlsformSheet s{name, {header_}};
    for (auto& r : rows_) s.rows.push_back(std::move(r));
    return s;
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

std::string Key(const std::vector<Choice>& cs) {
  Value::Array a;
  for (const Choice& c : cs) {
    Value::Object o{{"v", Value(c.value)}};
    for (const auto& [l, t] : c.label) o["l" + l] = Value(t);
    for (const auto& [k, v] : c.properties) o["p" + k] = Value(v);
    a.push_back(Value(std::move(o)));
  }
  return Value(std::move(a)).ToJson();
}

class Exporter {
 public:
  explicit Exporter(const Form& f) : f_(f) {
    for (const auto& l : f.languages) headers_[l] = xlsform::LanguageHeader(l);
  }
  std::vector<XlsformSheet> Run();

 private:
  std::vector<std::string> Localized(const std::string& base) const {
    std::vector<std::string> out;
    for (const auto& l : f_.languages) out.push_back(base + "::" + headers_.at(l));
    return out;
  }
  void Put(std::map<std::string, std::string>* row, const std::string& base, const LocalizedText& t) const {
    for (const auto& [l, text] : t) (*row)[base + "::" + headers_.at(l)] = text;
  }
  std::string List(const std::vector<Choice>& cs, const std::string& name);
  void Question(const forms::Question& q, Table* survey);

  const Form& f_;
  std::map<std::string, std::string> headers_;
  std::map<std::string, std::string> list_by_key_;
  std::vector<std::pair<std::string, const std::vector<Choice>*>> lists_;
  std::set<std::string> props_;
};

std::string Exporter::List(const std::vector<Choice>& cs, const std::string& name) {
  const std::string key = Key(cs);
  auto it = list_by_key_.find(key);
  if (it != list_by_key_.end()) return it->second;
  list_by_key_[key] = name;
  lists_.emplace_back(name, &cs);
  for (const Choice& c : cs)
    for (const auto& p : c.properties) props_.insert(p.first);
  return name;
}

void Exporter::Question(const forms::Question& q, Table* survey) {
  using T = QuestionType;
  std::map<std::string, std::string> row{{"name", q.id}};
  std::string type = TypeName(q.type);
  switch (q.type) {
    case T::kLongText: type = "text"; row["appearance"] = "multiline"; break;
    case T::kYesNo: type = "canvass_yes_no"; break;
    case T::kArea: type = "canvass_area"; break;
    case T::kAreas: type = "canvass_areas"; break;
    case T::kSingleChoice: type = "select_one " + List(q.choices, q.id); break;
    case T::kMultipleChoice: type = "select_multiple " + List(q.choices, q.id); break;
    case T::kCountTable:
      type = "canvass_count_table " + List(q.rows, q.id + "_rows");
      if (!q.columns.empty()) type += " " + List(q.columns, q.id + "_columns");
      break;
    case T::kRepeat: type = "begin repeat"; break;
    default: break;
  }
  row["type"] = type;
  Put(&row, "label", q.label);
  Put(&row, "hint", q.hint);
  if (q.required) row["required"] = "yes";
  Put(&row, "required_message", q.required_message);
  if (!q.relevant.empty()) row["relevant"] = CanvassToOdkExpression(q.relevant);
  if (!q.constraint.empty()) row["constraint"] = CanvassToOdkExpression(q.constraint);
  Put(&row, "constraint_message", q.constraint_message);
  if (!q.choice_filter.empty()) row["choice_filter"] = CanvassToOdkExpression(q.choice_filter);
  if (!q.calculation.empty()) row["calculation"] = CanvassToOdkExpression(q.calculation);
  if (!q.default_value.empty()) row["default"] = q.default_value;
  if (q.identifying) row["canvass_identifying"] = "yes";
  if (q.min_items > 0) row["canvass_min_items"] = std::to_string(q.min_items);
  if (q.max_items > 0) row["canvass_max_items"] = std::to_string(q.max_items);
  for (const auto& l : q.area_levels) row["canvass_area_levels"] += (row["canvass_area_levels"].empty() ? "" : " ") + l;
  survey->Row(row);
  if (q.type != T::kRepeat) return;
  for (const auto& c : q.children) Question(c, survey);
  survey->Row({{"type", "end repeat"}, {"name", q.id}});
}

std::vector<XlsformSheet> Exporter::Run() {
  std::vector<std::string> header = {"type", "name"};
  for (const char* base : {"label", "hint"})
    for (const auto& h : Localized(base)) header.push_back(h);
  header.push_back("required");
  for (const auto& h : Localized("required_message")) header.push_back(h);
  for (const char* c : {"relevant", "constraint"}) header.push_back(c);
  for (const auto& h : Localized("constraint_message")) header.push_back(h);
  for (const char* c : {"choice_filter", "calculation", "default", "appearance", "canvass_identifying", "canvass_min_items",
                        "canvass_max_items", "canvass_area_levels"})
    header.push_back(c);
  Table survey(header);
  for (const Section& s : f_.sections) {
    std::map<std::string, std::string> begin{{"type", "begin group"}, {"name", s.id}};
    Put(&begin, "label", s.title);
    Put(&begin, "hint", s.hint);
    if (!s.relevant.empty()) begin["relevant"] = CanvassToOdkExpression(s.relevant);
    survey.Row(begin);
    for (const auto& q : s.questions) Question(q, &survey);
    survey.Row({{"type", "end group"}, {"name", s.id}});
  }
  std::vector<std::string> choice_header = {"list_name", "name"};
  for (const auto& h : Localized("label")) choice_header.push_back(h);
  for (const auto& p : props_) choice_header.push_back(p);
  Table choices(choice_header);
  for (const auto& [name, cs] : lists_)
    for (const Choice& c : *cs) {
      std::map<std::string, std::string> row{{"list_name", name}, {"name", c.value}};
      Put(&row, "label", c.label);
      for (const auto& [k, v] : c.properties) row[k] = v;
      choices.Row(row);
    }
  std::vector<std::string> settings_header = {"form_id", "version", "form_title", "default_language"};
  for (size_t i = 1; i < f_.languages.size(); ++i) settings_header.push_back("canvass_title::" + headers_.at(f_.languages[i]));
  if (!f_.description.empty())
    for (const auto& h : Localized("canvass_description")) settings_header.push_back(h);
  settings_header.push_back("canvass_kind");
  settings_header.push_back("canvass_respondent_roles");
  Table settings(settings_header);
  std::map<std::string, std::string> row{{"form_id", f_.id}, {"version", std::to_string(f_.version)},
                                         {"form_title", f_.Text(f_.title, f_.languages.front())},
                                         {"default_language", headers_.at(f_.languages.front())}, {"canvass_kind", f_.kind}};
  for (size_t i = 1; i < f_.languages.size(); ++i)
    row["canvass_title::" + headers_.at(f_.languages[i])] = f_.Text(f_.title, f_.languages[i]);
  Put(&row, "canvass_description", f_.description);
  for (const auto& r : f_.respondent_roles) row["canvass_respondent_roles"] += (row["canvass_respondent_roles"].empty() ? "" : " ") + r;
  settings.Row(row);
  return {survey.Take("survey"), choices.Take("choices"), settings.Take("settings")};
}

}  // namespace

std::vector<XlsformSheet> XlsformSheets(const Form& form) { return Exporter(form).Run(); }

Status ExportXlsform(const Form& form, const std::string& path) {
  std::vector<tabular::SheetData> sheets;
  for (auto& s : XlsformSheets(form)) sheets.push_back({s.name, std::move(s.rows)});
  return tabular::WriteXlsxFile(path, sheets);
}

}  // namespace canvass::forms
