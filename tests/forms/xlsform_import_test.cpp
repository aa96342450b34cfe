// XLSForm import: the 22 real XLSForms of the reference implementation's test suite (imported,
// or refused with the right sheet, row and column), and each translation rule on small
// workbooks written here: groups into sections, repeats, or_other, choice filters, languages,
// required, defaults, calculations, metadata rows, and the refusals of what Canvass cannot take.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "forms/form_parser.h"
#include "forms/xlsform.h"
#include "tabular/xlsx_table.h"

namespace canvass::forms {
namespace {

using core::Value;
using Rows = std::vector<std::vector<std::string>>;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

XlsformImport ImportReal(const std::string& name) {
  const std::string path = std::string(CANVASS_TEST_DATA) + "/xlsform/" + name;
  auto r = ImportXlsform(ReadFile(path), name, {IdFromFileName(name), 1});
  INFO(name << ": " << r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

bool HasIssue(const XlsformImport& r, const std::string& sheet, uint32_t row, const std::string& column, const std::string& words) {
  for (const auto& i : r.issues)
    if (i.sheet == sheet && i.row == row && i.column == column && i.message.find(words) != std::string::npos) return true;
  return false;
}

std::string Issues(const XlsformImport& r) {
  std::string s;
  for (const auto& i : r.issues) s += i.Text() + "\n";
  return s;
}

XlsformImport ImportSheets(const Rows& survey, const Rows& choices = {}, const Rows& settings = {}) {
  std::vector<tabular::SheetData> sheets = {{"survey", survey}};
  if (!choices.empty()) sheets.push_back({"choices", choices});
  if (!settings.empty()) sheets.push_back({"settings", settings});
  auto bytes = tabular::WriteXlsxBytes(sheets);
  REQUIRE(bytes.ok());
  auto r = ImportXlsform(*bytes, "made.xlsx", {"made", 1});
  REQUIRE(r.ok());
  return std::move(r).value();
}

Form Imported(const XlsformImport& r) {
  INFO(Issues(r));
  REQUIRE(r.issues.empty());
  auto f = ParseFormValue(r.document, "imported");
  REQUIRE(f.ok());
  return std::move(f).value();
}

}  // namespace

TEST_CASE("real XLSForms: those using only supported features import", "[xlsform][real]") {
  for (const char* name : {"example_xls__text_and_integer.xlsx", "example_xls__field-list.xlsx", "example_xls__extra_columns.xlsx",
                           "example_xls__extra_sheet_names.xlsx"}) {
    INFO(name);
    Form f = Imported(ImportReal(name));
    CHECK(f.version == 1);
    CHECK(f.id == IdFromFileName(name));
  }
  Form ti = Imported(ImportReal("example_xls__text_and_integer.xlsx"));
  REQUIRE(ti.sections.size() == 1);
  CHECK(ti.sections[0].questions.size() == 2);
  CHECK(ti.languages == std::vector<std::string>{"en"});
  CHECK(ti.FindQuestion("your_age")->type == QuestionType::kInteger);
  CHECK(ti.Text(ti.FindQuestion("your_name")->label, "en") == "What is your name?");
  Form fl = Imported(ImportReal("example_xls__field-list.xlsx"));  // label::english, plain hint, label::chinese choices
  CHECK(fl.languages == std::vector<std::string>{"en", "zh"});
  CHECK(fl.sections[0].id == "name");  // the group
  const Question& q = *fl.FindQuestion("table_list_question");
  CHECK(q.choices.size() == 2);
  CHECK(fl.Text(q.choices[0].label, "zh") == "\xE6\x98\xAF");
  CHECK(fl.Text(q.label, "zh") == "table list question");  // no Chinese label: the English one, as ODK shows it
}

TEST_CASE("real XLSForms: the others are refused with the sheet, row and column of what Canvass cannot take", "[xlsform][real]") {
  struct Want {
    const char* file;
    const char* sheet;
    uint32_t row;
    const char* column;
    const char* words;
  };
  const std::vector<Want> wants = {
      {"bug_example_xls__ODKValidateWarnings.xlsx", "survey", 3, "type", "type \"phone number\" is not supported"},
      {"bug_example_xls__ODKValidateWarnings.xlsx", "choices", 2, "label", "no label"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "survey", 9, "relevant", "curly quotes"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "survey", 10, "constraint", "function regex() is not supported"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "survey", 16, "type", "select_one_from_file"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "survey", 22, "type", "geopoint"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "survey", 26, "calculation", "function round() is not supported"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "survey", 28, "label::English (en)", "shows another answer (${slope_radius})"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "survey", 49, "required", "required condition"},
      {"bug_example_xls__UCL_Biomass_Plot_Form.xlsx", "settings", 2, "version", "not a whole number"},
      {"bug_example_xls__bad_calc.xlsx", "survey", 2, "calculation", "never closed"},
      {"bug_example_xls__duplicate_columns.xlsx", "survey", 1, "label", "repeats column D"},
      {"bug_example_xls__xl_date_ambiguous.xlsx", "survey", 5, "choice_filter", "\"label::English\" is a path or name"},
      {"bug_example_xls__xl_date_ambiguous.xlsx", "choices", 2, "label::English", "shows another answer (${name1})"},
      {"bug_example_xls__xl_date_ambiguous_v1.xlsx", "choices", 4, "label::English", "shows another answer (${name3})"},
      {"example_xls__attribute_columns_test.xlsx", "survey", 2, "bind::saveIncomplete", "ODK-specific XML attributes"},
      {"example_xls__attribute_columns_test.xlsx", "survey", 4, "rows", "column \"rows\" is not supported"},
      {"example_xls__attribute_columns_test.xlsx", "survey", 30, "type", "acknowledge"},
      {"example_xls__bad_calc.xlsx", "survey", 2, "calculation", "never closed"},
      {"example_xls__case_insensitivity.xlsx", "SURVEY", 3, "type", "select_one_external"},
      {"example_xls__case_insensitivity.xlsx", "EXTERNAL_CHOICES", 0, "", "not supported"},
      {"example_xls__choice_filter_test.xlsx", "choices", 6, "name", "choice \"king\" appears twice in list counties (also row 4)"},
      {"example_xls__flat_xlsform_test.xlsx", "survey", 3, "relevant", "function regex() is not supported"},
      {"example_xls__flat_xlsform_test.xlsx", "survey", 21, "name", "\"label-test\" is not a Canvass id"},
      {"example_xls__include.xlsx", "survey", 3, "type", "type \"include\" is not supported"},
      {"example_xls__include_json.xlsx", "survey", 2, "type", "type \"include\" is not supported"},
      {"example_xls__loop.xlsx", "survey", 3, "type", "\"begin loop over toilet_type\" is not supported"},
      {"example_xls__or_other.xlsx", "survey", 3, "choice_filter", "names 'yes', which is neither a question"},
      {"example_xls__pull_data.xlsx", "survey", 2, "calculation", "function pulldata() is not supported"},
      {"example_xls__survey_no_name.xlsx", "", 0, "", "no sheet named \"survey\" (it has \"Sheet1\")"},
      {"example_xls__xlsform_spec_test.xlsx", "survey", 21, "name", "\"label-test\" is not a Canvass id"},
      {"example_xls__xlsform_spec_test.xlsx", "survey", 34, "type", "geopoint"},
      {"example_xls__xlsform_spec_test.xlsx", "survey", 48, "type", "records who or which device answered"},
  };
  std::set<std::string> refused;
  for (const auto& w : wants) {
    XlsformImport r = ImportReal(w.file);
    INFO(w.file << "\n" << Issues(r));
    CHECK(HasIssue(r, w.sheet, w.row, w.column, w.words));
    CHECK(r.document.is_null());
    refused.insert(w.file);
  }
  CHECK(refused.size() == 18);  // with the four imported above: all 22
}

TEST_CASE("xlsform import: groups become sections, nested groups their own, relevance carried down", "[xlsform]") {
  Form f = Imported(ImportSheets({{"type", "name", "label", "relevant"},
                                  {"integer", "age", "Age", ""},
                                  {"begin group", "work", "Work", "${age} >= 16"},
                                  {"text", "job", "Job", ""},
                                  {"begin_group", "pay", "Pay", "${job} != ''"},
                                  {"decimal", "wage", "Wage", ""},
                                  {"end_group", "pay", "", ""},
                                  {"integer", "hours", "Hours", ""},
                                  {"end group", "", "", ""},
                                  {"note", "bye", "Thanks", ""}}));
  std::vector<std::string> ids, rel;
  for (const auto& s : f.sections) {
    ids.push_back(s.id);
    rel.push_back(s.relevant);
  }
  CHECK(ids == std::vector<std::string>{"questions", "work", "pay", "work_2", "questions_2"});
  CHECK(rel == std::vector<std::string>{"", "${age} >= 16", "(${age} >= 16) and (${job} != '')", "${age} >= 16", ""});
  CHECK(f.sections[3].questions[0].id == "hours");
  CHECK(f.Text(f.sections[3].title, "en") == "Work");
}

TEST_CASE("xlsform import: repeats, a group inside one, or_other, choice filters, required, defaults, calculate", "[xlsform]") {
  auto r = ImportSheets(
      {{"type", "name", "label::English (en)", "label::Español (es)", "required", "relevant", "choice_filter", "default",
        "calculation", "constraint", "appearance", "repeat_count"},
       {"select_one states or_other", "state", "State", "Estado", "yes", "", "", "", "", "", "minimal", ""},
       {"select_one counties", "county", "County", "Condado", "TRUE", "", "st = ${state}", "", "", "", "", ""},
       {"begin repeat", "people", "People", "Personas", "", "", "", "", "", "", "", "3"},
       {"integer", "age", "Age", "Edad", "", "", "", "30", "", ". < 120", "", ""},
       {"begin group", "school", "School", "Escuela", "", "${age} < 18", "", "", "", "", "field-list", ""},
       {"text", "grade", "Grade", "Grado", "", "", "", "", "", "", "multiline", ""},
       {"end group", "", "", "", "", "", "", "", "", "", "", ""},
       {"end repeat", "", "", "", "", "", "", "", "", "", "", ""},
       {"calculate", "n", "", "", "", "", "", "", "count-selected(${people})", "", "", ""},
       {"start", "start", "", "", "", "", "", "", "", "", "", ""},
       {"today", "today", "", "", "", "", "", "", "", "", "", ""}},
      {{"list_name", "name", "label::English (en)", "label::Español (es)", "st"},
       {"states", "tx", "Texas", "Texas", ""},
       {"counties", "frio", "Frio", "Frio", "tx"},
       {"counties", "king", "King", "King", "wa"}},
      {{"form_id", "version", "form_title", "default_language"}, {"households", "4", "Households", "Español (es)"}});
  Form f = Imported(r);
  CHECK(f.id == "households");
  CHECK(f.version == 4);
  CHECK(r.version_given);
  CHECK(f.languages == std::vector<std::string>{"es", "en"});
  const Question& state = *f.FindQuestion("state");
  REQUIRE(state.choices.size() == 2);
  CHECK(state.choices[1].value == "other");
  CHECK(f.Text(state.choices[1].label, "es") == "Otro");
  CHECK(state.required);
  CHECK(f.FindQuestion("state_other")->relevant == "selected(${state}, 'other')");
  const Question& county = *f.FindQuestion("county");
  CHECK(county.choice_filter == "st = ${state}");
  CHECK(county.choices[0].properties.at("st") == "tx");
  const Question& people = *f.FindQuestion("people");
  CHECK(people.min_items == 3);
  CHECK(people.max_items == 3);
  std::vector<std::string> children;
  for (const auto& c : people.children) children.push_back(c.id + ":" + TypeName(c.type) + ":" + c.relevant);
  CHECK(children == std::vector<std::string>{"age:integer:", "school:note:${age} < 18", "grade:long_text:${age} < 18"});
  CHECK(f.FindQuestion("age")->default_value == "30");
  CHECK(f.FindQuestion("age")->constraint_message.at("es").find("La respuesta no cumple") == 0);
  CHECK(f.FindQuestion("n")->calculation == "count_selected(${people})");
  CHECK(f.FindQuestion("start") == nullptr);
  bool noted_start = false;
  for (const auto& n : r.notes) noted_start = noted_start || n.find("the start row is not a question") != std::string::npos;
  CHECK(noted_start);
}

TEST_CASE("xlsform import: refusals name the row and column, and nothing is partly imported", "[xlsform]") {
  auto r = ImportSheets({{"type", "name", "label", "required", "default", "read_only", "repeat_count", "image"},
                         {"text", "Name", "Name", "", "", "", "", ""},
                         {"integer", "n", "N", "${x} = 1", "", "", "", ""},
                         {"date", "d", "D", "", "tomorrow", "", "", ""},
                         {"text", "t", "T", "", "", "yes", "", ""},
                         {"begin repeat", "r", "R", "", "", "", "${n}", ""},
                         {"begin repeat", "r2", "R2", "", "", "", "", ""},
                         {"text", "x", "", "", "", "", "", ""},
                         {"end repeat", "", "", "", "", "", "", ""},
                         {"note", "pic", "Look", "", "", "", "", "a.jpg"},
                         {"", "", "stray", "", "", "", "", ""},
                         {"end group", "", "", "", "", "", "", ""}});
  INFO(Issues(r));
  CHECK(HasIssue(r, "survey", 2, "name", "\"Name\" is not a Canvass id"));
  CHECK(HasIssue(r, "survey", 3, "required", "required condition"));
  CHECK(HasIssue(r, "survey", 4, "default", "not an answer to this question"));
  CHECK(HasIssue(r, "survey", 5, "read_only", "read-only"));
  CHECK(HasIssue(r, "survey", 6, "repeat_count", "repeat count from an expression"));
  CHECK(HasIssue(r, "survey", 7, "type", "a repeat inside a repeat"));
  CHECK(HasIssue(r, "survey", 8, "label", "no label"));
  CHECK(HasIssue(r, "survey", 10, "image", "images, audio and video"));
  CHECK(HasIssue(r, "survey", 11, "type", "has values but no type"));
  CHECK(HasIssue(r, "survey", 12, "type", "\"end group\" closes a repeat"));
  CHECK(HasIssue(r, "survey", 6, "type", "never ended"));
  CHECK(r.document.is_null());
  // Text, row order: the first issue is the first row.
  REQUIRE_FALSE(r.issues.empty());
  CHECK(r.issues[0].Text().rfind("survey row 2, column name: ", 0) == 0);
}

TEST_CASE("xlsform import: a check of the assembled form is told at the row it came from", "[xlsform]") {
  // The relevance cycle is found by the form's own check, after the sheets were read.
  auto r = ImportSheets({{"type", "name", "label", "relevant"}, {"integer", "a", "A", "${b} > 1"}, {"integer", "b", "B", "${a} > 1"}});
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].sheet == "survey");
  CHECK(r.issues[0].row == 2);
  CHECK(r.issues[0].column == "relevant");
  CHECK(r.issues[0].message.find("skip logic cycle a -> b -> a") == 0);
  auto unknown = ImportSheets({{"type", "name", "label", "constraint"}, {"integer", "a", "A", ". < ${nope}"}});
  REQUIRE(unknown.issues.size() == 1);
  CHECK(unknown.issues[0].Text().rfind("survey row 2, column constraint: names unknown question ${nope}", 0) == 0);
}

TEST_CASE("xlsform import: a workbook that is not one is an error, not a form", "[xlsform]") {
  auto bad = ImportXlsform("type,name,label\ntext,a,A\n", "form.csv", {"form", 1});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().rfind("form.csv: this is not an .xlsx workbook", 0) == 0);
  CHECK(IdFromFileName("/x/My Form-v2.xlsx") == "my_form_v2");
  CHECK(IdFromFileName("2024 survey.xlsx") == "survey");
}

}  // namespace canvass::forms
