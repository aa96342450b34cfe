// XLSForm export -> import gives back the same form, for every built-in protocol and for a form
// using every type and key (the Canvass-only ones through their custom types and columns).
#include <catch2/catch.hpp>

#include "forms/form_parser.h"
#include "forms/protocols.h"
#include "forms/xlsform.h"
#include "tabular/xlsx_table.h"
#include "test_form.h"

namespace canvass::forms {
namespace {

using core::Value;

// The first place two values differ, as a path ("$.sections[2].questions[0].label.es").
std::string FirstDifference(const Value& a, const Value& b, const std::string& path = "$") {
  if (a.kind() != b.kind()) return path + " (kind)";
  if (a.is_object()) {
    for (const auto& [k, v] : a.as_object()) {
      const Value* w = b.Find(k);
      if (!w) return path + "." + k + " (missing after the round trip)";
      std::string d = FirstDifference(v, *w, path + "." + k);
      if (!d.empty()) return d;
    }
    for (const auto& [k, v] : b.as_object())
      if (!a.Find(k)) return path + "." + k + " (added by the round trip: " + v.ToJson().substr(0, 80) + ")";
    return "";
  }
  if (a.is_array()) {
    if (a.as_array().size() != b.as_array().size()) return path + " (length " + std::to_string(a.as_array().size()) + " vs " +
                                                        std::to_string(b.as_array().size()) + ")";
    for (size_t i = 0; i < a.as_array().size(); ++i) {
      std::string d = FirstDifference(a.as_array()[i], b.as_array()[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return "";
  }
  return a == b ? "" : path + ": " + a.ToJson().substr(0, 100) + " vs " + b.ToJson().substr(0, 100);
}

std::string Workbook(const Form& f) {
  std::vector<tabular::SheetData> sheets;
  for (auto& s : XlsformSheets(f)) sheets.push_back({s.name, s.rows});
  auto bytes = tabular::WriteXlsxBytes(sheets);
  REQUIRE(bytes.ok());
  return *bytes;
}

XlsformImport RoundTrip(const Form& f) {
  auto r = ImportXlsform(Workbook(f), f.id + ".xlsx", {});
  REQUIRE(r.ok());
  for (const auto& i : r->issues) INFO(i.Text());
  CHECK(r->issues.empty());
  return std::move(r).value();
}

const char* kEveryKey = R"json({
  "canvass_form": 1, "id": "every_key", "version": 7, "languages": ["es", "en", "vi"], "kind": "data_sheet",
  "title": {"es": "Todo", "en": "Everything", "vi": "Tất cả"},
  "description": {"es": "Prueba", "en": "Test", "vi": "Thử"},
  "respondent_roles": ["coordinator", "analyst"],
  "sections": [
    {"id": "one", "title": "One", "hint": {"es": "pista", "en": "hint", "vi": "gợi ý"}, "relevant": "1 = 1", "questions": [
      {"id": "agency", "type": "text", "label": "Agency", "identifying": true, "required": true,
       "required_message": {"es": "Escriba la agencia", "en": "Write the agency", "vi": "Viết"}},
      {"id": "story", "type": "long_text", "label": "Story", "default": "none yet"},
      {"id": "n", "type": "integer", "label": "N", "constraint": ". >= 0 and string_length(${agency}) < 80",
       "constraint_message": "No"},
      {"id": "rate", "type": "decimal", "label": "Rate", "relevant": "count_selected(${kinds}) > 1"},
      {"id": "ok", "type": "yes_no", "label": "OK?", "default": "true"},
      {"id": "kinds", "type": "multiple_choice", "label": "Kinds", "min_items": 1, "max_items": 2, "default": "a b", "choices": [
        {"value": "a", "label": "A", "properties": {"group": "x", "Extra_Col": "1"}},
        {"value": "b", "label": {"es": "B es", "en": "B", "vi": "B vi"}, "properties": {"group": "y"}},
        {"value": "c.3", "label": "C"}]},
      {"id": "pick", "type": "single_choice", "label": "Pick", "choice_filter": "group = 'x' or name = 'c.3'", "choices": [
        {"value": "a", "label": "A", "properties": {"group": "x", "Extra_Col": "1"}},
        {"value": "b", "label": {"es": "B es", "en": "B", "vi": "B vi"}, "properties": {"group": "y"}},
        {"value": "c.3", "label": "C"}]},
      {"id": "when", "type": "date", "label": "When"},
      {"id": "at", "type": "time", "label": "At"},
      {"id": "stamp", "type": "datetime", "label": "Stamp"},
      {"id": "home", "type": "area", "label": "Home", "area_levels": ["county", "zip"]},
      {"id": "places", "type": "areas", "label": "Places"},
      {"id": "note1", "type": "note", "label": "Read"},
      {"id": "total", "type": "calculate", "calculation": "coalesce(${n}, 0) + if(${ok}, 1, 0)"},
      {"id": "labelled_calc", "type": "calculate", "label": "Shown", "calculation": "${total} * 2"}
    ]},
    {"id": "two", "title": "Two", "questions": [
      {"id": "served", "type": "count_table", "label": "Served",
       "rows": [{"value": "f", "label": "F"}, {"value": "m", "label": "M"}],
       "columns": [{"value": "minor", "label": "Minor"}, {"value": "adult", "label": "Adult"}]},
      {"id": "tips", "type": "count_table", "label": "Tips", "rows": [{"value": "f", "label": "F"}, {"value": "m", "label": "M"}]},
      {"id": "people", "type": "repeat", "label": "People", "min_items": 1, "max_items": 5, "required": true, "questions": [
        {"id": "age", "type": "integer", "label": "Age"},
        {"id": "minor", "type": "calculate", "calculation": "${age} < 18"},
        {"id": "school", "type": "yes_no", "label": "School", "relevant": "${minor}"}]}
    ]}]})json";

}  // namespace

TEST_CASE("xlsform round trip: every built-in protocol exports and imports back to the same form", "[xlsform]") {
  REQUIRE(BuiltinProtocols().size() >= 8);
  for (const auto& p : BuiltinProtocols()) {
    INFO(p.file_name);
    auto f = ParseForm(p.json, p.file_name);
    REQUIRE(f.ok());
    XlsformImport r = RoundTrip(*f);
    CHECK(FirstDifference(FormToValue(*f), r.document) == "");
  }
}

TEST_CASE("xlsform round trip: every type and key, three languages, custom types and columns", "[xlsform]") {
  auto f = ParseForm(kEveryKey, "every_key.json");
  INFO(f.status().ToString());
  REQUIRE(f.ok());
  XlsformImport r = RoundTrip(*f);
  CHECK(FirstDifference(FormToValue(*f), r.document) == "");
  CHECK(r.version_given);
  // What the workbook holds for the Canvass-only parts (docs/forms.md, "XLSForm").
  auto sheets = XlsformSheets(*f);
  REQUIRE(sheets.size() == 3);
  std::string all;
  for (const auto& row : sheets[0].rows)
    for (const auto& c : row) all += c + "|";
  for (const char* want : {"canvass_yes_no", "canvass_area", "canvass_areas", "canvass_count_table served_rows served_columns",
                           "canvass_count_table served_rows|tips|", "select_one kinds", "select_multiple kinds", "multiline",
                           "count-selected(${kinds}) > 1", "string-length(${agency})", "begin repeat", "end repeat",
                           "label::Español (es)", "label::Tiếng Việt (vi)", "canvass_identifying", "canvass_area_levels"}) {
    INFO(want);
    CHECK(all.find(want) != std::string::npos);
  }
  CHECK(sheets[2].rows[0][3] == "default_language");
  CHECK(sheets[2].rows[1][3] == "Español (es)");
}

TEST_CASE("xlsform expressions: ODK spellings in, Canvass spellings out, and what cannot be evaluated", "[xlsform]") {
  CHECK(OdkToCanvassExpression("count-selected(${a}) > 1 and string-length(.) < 3").value() ==
        "count_selected(${a}) > 1 and string_length(.) < 3");
  CHECK(OdkToCanvassExpression("selected(${a}, 'count-selected(')").value() == "selected(${a}, 'count-selected(')");
  CHECK(CanvassToOdkExpression("count_selected(${a}) = 'count_selected'") == "count-selected(${a}) = 'count_selected'");
  CHECK(OdkToCanvassExpression("not(${x} = 'y') or ${n} div 2 > 1").value() == "not(${x} = 'y') or ${n} div 2 > 1");
  auto bad = [](const std::string& e) {
    auto r = OdkToCanvassExpression(e);
    REQUIRE_FALSE(r.ok());
    return r.status().message();
  };
  CHECK(bad("regex(., '^[0-9]+$')").rfind("function regex() is not supported by Canvass", 0) == 0);
  CHECK(bad("pulldata('fruits', 'name', 'name', 'mango')").rfind("function pulldata() is not supported", 0) == 0);
  CHECK(bad("${leader_name} = \xE2\x80\x98other\xE2\x80\x99").rfind("uses curly quotes", 0) == 0);
  CHECK(bad("../name = 'x'").rfind("uses '/'", 0) == 0);
  CHECK(bad("${a} = 'x").rfind("a quoted text is never closed", 0) == 0);
}

TEST_CASE("xlsform: what changed between two versions", "[xlsform]") {
  auto a = ParseForm(testing::kTestFormJson, "a.json");
  REQUIRE(a.ok());
  Form b = *a;
  b.version = 3;
  b.sections[0].questions.erase(b.sections[0].questions.begin() + 2);  // rate
  b.sections[0].questions[1].required = true;                           // years
  b.sections[0].questions.back().choices.pop_back();                    // concern: "unsure"
  Question added;
  added.id = "extra";
  added.type = QuestionType::kTime;
  b.sections[0].questions.push_back(added);
  auto changes = DescribeChanges(*a, b);
  CHECK(changes == std::vector<std::string>{
                       "added question extra (time)", "removed question rate: its answers stay readable under version 2",
                       "question years: now required",
                       "question concern: choices removed: unsure (answers that chose them stay readable under version 2)"});
}

}  // namespace canvass::forms
