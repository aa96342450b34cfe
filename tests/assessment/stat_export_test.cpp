// Stata and SPSS exports read back with ReadStat's parser: every variable name and label,
// every value label, every value of every row, and the missing kinds kept apart (skipped by
// logic, left empty, don't know, refused, withheld), in both formats; repeats as long files.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "assessment/stat_export.h"
#include "forms/form_parser.h"
#include "stat_read.h"
#include "test_util.h"

using namespace canvass::assessment;
using canvass::core::Status;
using canvass::core::Value;
using canvass::testing::ReadStatFile;

namespace {

const char* kForm = R"json({
  "canvass_form": 1, "id": "survey", "version": 3, "title": "Survey", "languages": ["en", "es"],
  "sections": [{"id": "s", "title": "S", "questions": [
    {"id": "name", "type": "text", "label": "Name", "identifying": true},
    {"id": "story", "type": "long_text", "label": "Story"},
    {"id": "people", "type": "integer", "label": {"en": "How many people", "es": "Cuántas personas"}},
    {"id": "rate", "type": "decimal", "label": "Rate"},
    {"id": "ok", "type": "yes_no", "label": "OK?"},
    {"id": "pick", "type": "single_choice", "label": "Pick", "choices": [
      {"value": "a", "label": {"en": "Apple", "es": "Manzana"}}, {"value": "b", "label": "Banana"},
      {"value": "unsure", "label": "Not sure"}, {"value": "refused", "label": "Refused"}]},
    {"id": "kinds", "type": "multiple_choice", "label": "Kinds", "choices": [
      {"value": "x", "label": "X kind"}, {"value": "y.z", "label": "Y kind"}]},
    {"id": "when", "type": "date", "label": "When"},
    {"id": "at", "type": "time", "label": "At"},
    {"id": "home", "type": "area", "label": "Home"},
    {"id": "gate", "type": "yes_no", "label": "Gate"},
    {"id": "gated", "type": "integer", "label": "Gated", "relevant": "${gate}"},
    {"id": "served_total", "type": "integer", "label": "Served"},
    {"id": "served_by_sex", "type": "count_table", "label": "Served by sex",
     "rows": [{"value": "f", "label": "Female"}, {"value": "m", "label": "Male"}]},
    {"id": "members", "type": "repeat", "label": "Members", "questions": [
      {"id": "age", "type": "integer", "label": "Age"},
      {"id": "minor", "type": "yes_no", "label": "Minor", "relevant": "${age} < 18"}]}
  ]}]})json";

std::string TempDirPath() {
  static int n = 0;
  auto d = std::filesystem::temp_directory_path() / ("canvass_stat_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
  std::filesystem::create_directories(d);
  return d.string();
}

class FileOut : public StatOutput {
 public:
  explicit FileOut(const std::string& path) : f_(std::fopen(path.c_str(), "wb")) {}
  ~FileOut() override {
    if (f_) std::fclose(f_);
  }
  Status Write(std::string_view b) override {
    return std::fwrite(b.data(), 1, b.size(), f_) == b.size() ? Status::Ok() : Status::IOError("write");
  }
  Status Finish() override {
    std::fclose(f_);
    f_ = nullptr;
    return Status::Ok();
  }

 private:
  FILE* f_;
};

struct Exported {
  std::string dir;
  std::vector<StatFile> files;
};

Exported Export(const std::vector<DatasetInterview>& rows, StatExportOptions o) {
  Exported e{TempDirPath(), {}};
  auto files = WriteStatFiles(rows, o, [&](const std::string& name) -> canvass::core::Result<std::unique_ptr<StatOutput>> {
    return std::unique_ptr<StatOutput>(new FileOut(e.dir + "/" + name));
  });
  INFO(files.status().ToString());
  REQUIRE(files.ok());
  e.files = *files;
  return e;
}

std::vector<DatasetInterview> Interviews(const canvass::forms::Form* f) {
  using A = Value::Array;
  using O = Value::Object;
  return {
      {f, "advocate", "en",
       {{"name", "Ana"}, {"story", "long story"}, {"people", 25}, {"rate", 2.5}, {"ok", true}, {"pick", "b"},
        {"kinds", A{"y.z"}}, {"when", "2024-03-31"}, {"at", "14:30"}, {"home", "48163"}, {"gate", true}, {"gated", 40},
        {"served_total", 30}, {"served_by_sex", O{{"f", 20}, {"m", 10}}},
        {"members", A{O{{"age", 12}, {"minor", true}}, O{{"age", 40}}}}}},
      {f, "outreach", "es", {{"people", 5}, {"ok", false}, {"pick", "unsure"}, {"gate", false}, {"served_total", 0}}},
      {f, "outreach", "en", {{"pick", "refused"}, {"kinds", A{"x", "y.z"}}, {"gate", true}, {"served_by_sex", O{{"f", 40}}}}},
  };
}

}  // namespace

TEST_CASE("stat export: Stata files read back with every value, label and missing kind", "[stat]") {
  auto form = canvass::forms::ParseForm(kForm, "survey.json");
  REQUIRE(form.ok());
  auto rows = Interviews(&*form);
  StatExportOptions o;
  o.format = StatFormat::kStata;
  o.threshold = 11;
  o.today = "2025-01-01";
  Exported e = Export(rows, o);
  REQUIRE(e.files.size() == 2);
  CHECK(e.files[0].file_name == "RESTRICTED-survey.dta");
  CHECK(e.files[1].file_name == "RESTRICTED-survey-members.dta");
  auto f = ReadStatFile(e.dir + "/RESTRICTED-survey.dta");
  INFO(f.error);
  REQUIRE(f.error.empty());
  REQUIRE(f.rows.size() == 3);
  std::vector<std::string> names;
  for (const auto& v : f.vars) names.push_back(v.name);
  CHECK(names == std::vector<std::string>{"row", "form_version", "respondent_role", "language", "people", "rate", "ok", "pick",
                                          "kinds_x", "kinds_y_z", "when", "at", "home", "gate", "gated", "served_total",
                                          "served_by_sex_f", "served_by_sex_m"});  // name and story left out
  CHECK(f.vars[f.Var("people")].label == "How many people");
  CHECK(f.vars[f.Var("kinds_y_z")].label == "Kinds: Y kind");
  CHECK(f.vars[f.Var("when")].format == "%tm");
  // Row 1: everything answered.
  CHECK(f.At(0, "row").text == "R00001");
  CHECK(f.At(0, "form_version").number == 3);
  CHECK(f.At(0, "respondent_role").text == "advocate");
  CHECK(f.At(0, "people").number == 25);
  CHECK(f.At(0, "rate").number == 2.5);
  CHECK(f.At(0, "ok").number == 1);
  CHECK(f.At(0, "pick").number == 2);
  CHECK(f.LabelOf("pick", 2) == "Banana");
  CHECK(f.LabelOf("pick", 1) == "Apple");
  CHECK(f.At(0, "kinds_x").number == 0);
  CHECK(f.At(0, "kinds_y_z").number == 1);
  CHECK(f.At(0, "when").number == (2024 - 1960) * 12 + 2);  // 2024m3
  CHECK(f.At(0, "at").number == (14 * 60 + 30) * 60 * 1000.0);
  CHECK(f.At(0, "home").text == "48163");
  CHECK(f.At(0, "gated").number == 40);
  // 10 men: a small count, withheld; the women then could be worked out from the total, so
  // one of the two is withheld as well. No small count is shown.
  CHECK(f.At(0, "served_by_sex_m").tag == 'w');
  CHECK((f.At(0, "served_by_sex_f").tag == 'w' || f.At(0, "served_total").tag == 'w'));
  // Row 2: the kinds of missing kept apart.
  CHECK(f.At(1, "people").tag == 'w');     // 5: withheld
  CHECK(f.At(1, "rate").tag == 'b');       // left empty
  CHECK(f.At(1, "ok").number == 0);
  CHECK(f.At(1, "pick").tag == 'c');       // "not sure": don't know
  CHECK(f.At(1, "gated").tag == 'a');      // gate is no: skipped by logic
  CHECK(f.At(1, "served_total").number == 0);
  CHECK(f.At(1, "served_by_sex_f").tag == 'b');
  CHECK(f.At(1, "kinds_x").tag == 'b');
  CHECK(f.At(1, "language").text == "es");
  // Row 3: refused; a cell left out of a table is unknown (.b), not zero.
  CHECK(f.At(2, "pick").tag == 'd');
  CHECK(f.At(2, "kinds_x").number == 1);
  CHECK(f.At(2, "kinds_y_z").number == 1);
  CHECK(f.At(2, "gated").tag == 'b');
  CHECK(f.At(2, "served_by_sex_f").number == 40);
  CHECK(f.At(2, "served_by_sex_m").tag == 'b');
  // Every missing kind has its label on every numeric variable.
  for (const char* var : {"people", "pick", "when"}) {
    CHECK(f.LabelOf(var, 0, 'a') == "skipped by the form's logic");
    CHECK(f.LabelOf(var, 0, 'b') == "left empty");
    CHECK(f.LabelOf(var, 0, 'c') == "don't know");
    CHECK(f.LabelOf(var, 0, 'd') == "refused");
    CHECK(f.LabelOf(var, 0, 'w') == "withheld (a small count)");
  }
  // The repeat: one row per item, keyed by the interview's row; the item's own relevance.
  auto r = ReadStatFile(e.dir + "/RESTRICTED-survey-members.dta");
  REQUIRE(r.error.empty());
  REQUIRE(r.rows.size() == 2);
  CHECK(r.At(0, "row").text == "R00001");
  CHECK(r.At(1, "item").number == 2);
  CHECK(r.At(0, "age").number == 12);
  CHECK(r.At(0, "minor").number == 1);
  CHECK(r.At(1, "age").number == 40);
  CHECK(r.At(1, "minor").tag == 'a');
}

TEST_CASE("stat export: SPSS files keep the same values, user-missing codes declared, Spanish labels", "[stat]") {
  auto form = canvass::forms::ParseForm(kForm, "survey.json");
  REQUIRE(form.ok());
  auto rows = Interviews(&*form);
  StatExportOptions o;
  o.format = StatFormat::kSpss;
  o.language = "es";
  o.today = "2025-01-01";
  Exported e = Export(rows, o);
  auto f = ReadStatFile(e.dir + "/RESTRICTED-survey.sav");
  INFO(f.error);
  REQUIRE(f.error.empty());
  REQUIRE(f.rows.size() == 3);
  CHECK(f.vars[f.Var("people")].label == "Cuántas personas");
  CHECK(f.LabelOf("pick", 1) == "Manzana");
  CHECK(f.LabelOf("ok", 1) == "Sí");
  CHECK(f.vars[f.Var("pick")].missing_ranges == std::vector<std::pair<double, double>>{{-99, -95}});
  CHECK(f.vars[f.Var("when")].format.rfind("MOYR", 0) == 0);
  // 2024-03-01 in seconds since 1582-10-14.
  CHECK(f.At(0, "when").number == 13928630400.0);
  CHECK(f.At(0, "at").number == 14 * 3600 + 30 * 60);
  CHECK(f.At(0, "pick").number == 2);
  CHECK_FALSE(f.At(0, "pick").defined_missing);
  struct Want {
    size_t row;
    const char* var;
    double code;
  };
  for (const Want& w : {Want{1, "people", -95}, Want{1, "rate", -98}, Want{1, "pick", -99}, Want{1, "gated", -97}, Want{2, "pick", -96},
                        Want{2, "served_by_sex_m", -98}}) {
    INFO(w.row << " " << w.var);
    CHECK(f.At(w.row, w.var).number == w.code);
    CHECK(f.At(w.row, w.var).defined_missing);
  }
  CHECK(f.LabelOf("pick", -97) == "omitida por la lógica del formulario");
  CHECK(f.LabelOf("pick", -95) == "retenido (recuento pequeño)");
}

TEST_CASE("stat export: free text and identifying answers only when asked for, README and codebook say so", "[stat]") {
  auto form = canvass::forms::ParseForm(kForm, "survey.json");
  REQUIRE(form.ok());
  auto rows = Interviews(&*form);
  StatExportOptions o;
  o.include_free_text = true;
  o.include_identifying = true;
  o.today = "2025-01-01";
  Exported e = Export(rows, o);
  auto f = ReadStatFile(e.dir + "/RESTRICTED-survey.dta");
  REQUIRE(f.error.empty());
  CHECK(f.At(0, "name").text == "Ana");
  CHECK(f.At(0, "story").text == "long story");
  CHECK(f.At(1, "story").text.empty());
  const std::string readme = StatReadme(e.files, o);
  CHECK(readme.rfind("RESTRICTED: interview-level microdata", 0) == 0);
  CHECK(readme.find("identifying questions ARE included") != std::string::npos);
  CHECK(readme.find(".w  withheld") != std::string::npos);
  StatExportOptions plain;
  Exported p = Export(rows, plain);
  const std::string r2 = StatReadme(p.files, plain);
  CHECK(r2.find("not in this file: name (identifying), story (free text), members (a repeat group: in "
                "RESTRICTED-survey-members.dta)") != std::string::npos);
  const std::string codebook = StatCodebook(p.files);
  CHECK(codebook.find("RESTRICTED-survey.dta,pick,pick,,choice,Pick,2,Banana") != std::string::npos);
  CHECK(codebook.find(",name,") == std::string::npos);
}

TEST_CASE("stat export: a long free text becomes a Stata strL and reads back whole", "[stat]") {
  auto form = canvass::forms::ParseForm(kForm, "survey.json");
  REQUIRE(form.ok());
  std::string long_story(5000, 'x');
  long_story += "\xC3\xB1 end";
  std::vector<DatasetInterview> rows = {{&*form, "advocate", "en", {{"story", long_story}}}};
  StatExportOptions o;
  o.include_free_text = true;
  Exported e = Export(rows, o);
  auto f = ReadStatFile(e.dir + "/RESTRICTED-survey.dta");
  INFO(f.error);
  REQUIRE(f.error.empty());
  CHECK(f.At(0, "story").text == long_story);
}

TEST_CASE("stat export: long and clashing names are cut and made unique, the codebook says what each holds", "[stat]") {
  const char* form_json = R"json({
    "canvass_form": 1, "id": "names", "version": 1, "title": "Names", "languages": ["en"],
    "sections": [{"id": "s", "title": "S", "questions": [
      {"id": "q", "type": "multiple_choice", "label": "Q", "choices": [
        {"value": "american_indian_alaska_native_long_name_1", "label": "One"},
        {"value": "american_indian_alaska_native_long_name_2", "label": "Two"}]},
      {"id": "in", "type": "integer", "label": "A Stata word"}
    ]}]})json";
  auto form = canvass::forms::ParseForm(form_json, "names.json");
  REQUIRE(form.ok());
  std::vector<DatasetInterview> rows = {
      {&*form, "advocate", "en", {{"q", Value::Array{"american_indian_alaska_native_long_name_2"}}, {"in", 12}}}};
  StatExportOptions o;
  Exported e = Export(rows, o);
  auto f = ReadStatFile(e.dir + "/RESTRICTED-names.dta");
  INFO(f.error);
  REQUIRE(f.error.empty());
  REQUIRE(e.files.size() == 1);
  std::map<std::string, std::string> by_part;
  for (const auto& v : e.files[0].variables) {
    CHECK(v.name.size() <= 32);
    by_part[v.question + "|" + v.part] = v.name;
  }
  const std::string one = by_part.at("q|american_indian_alaska_native_long_name_1");
  const std::string two = by_part.at("q|american_indian_alaska_native_long_name_2");
  CHECK(one != two);
  CHECK(f.At(0, one).number == 0);
  CHECK(f.At(0, two).number == 1);
  CHECK(by_part.at("in|") == "in_");  // "in" is a Stata word
  CHECK(f.At(0, "in_").number == 12);
  CHECK(StatCodebook(e.files).find("RESTRICTED-names.dta," + two + ",q,american_indian_alaska_native_long_name_2,selected,Q: Two,1,selected") !=
        std::string::npos);
}
