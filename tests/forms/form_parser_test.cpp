// Tests of the form parser: a valid form, every class of error with its path, FormToValue.
#include "forms/form_parser.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "test_form.h"

namespace canvass::forms {
namespace {

using core::Value;
using testing::kTestFormJson;
using testing::TestFormValue;

Value& Key(Value& v, const std::string& key) { return v.mutable_object()[key]; }
Value& Item(Value& v, size_t i) { return v.mutable_array().at(i); }
Value& Sec(Value& doc, size_t s) { return Item(Key(doc, "sections"), s); }
Value& Q(Value& doc, size_t s, size_t q) { return Item(Key(Sec(doc, s), "questions"), q); }
Value& Child(Value& doc, size_t k) { return Item(Key(Q(doc, 1, 7), "questions"), k); }
Value Text(const char* en, const char* es) { return Value(Value::Object{{"en", en}, {"es", es}}); }
Value NewQuestion(const std::string& id, const std::string& type) {
  return Value(Value::Object{{"id", id}, {"type", type}, {"label", Text("L", "E")}});
}

std::string ErrorOf(const Value& doc) {
  auto r = ParseFormValue(doc, "t.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == core::Code::kInvalidArgument);
  return r.status().message();
}

TEST_CASE("a valid form parses into the model", "[form_parser]") {
  auto r = ParseForm(kTestFormJson, "test_form.json");
  REQUIRE(r.ok());
  const Form& f = *r;
  CHECK(f.id == "test_form");
  CHECK(f.version == 2);
  CHECK(f.languages == std::vector<std::string>{"en", "es"});
  CHECK(f.kind == "stakeholder_interview");
  CHECK(f.respondent_roles.size() == 2);
  REQUIRE(f.sections.size() == 2);
  CHECK(f.TopLevelQuestions().size() == 14);
  const Question* concern = f.FindQuestion("concern");
  REQUIRE(concern != nullptr);
  CHECK(concern->type == QuestionType::kSingleChoice);
  CHECK(concern->required);
  REQUIRE(concern->choices.size() == 3);  // list name resolved
  CHECK(concern->choices[2].label.at("es") == "No está seguro/a");
  const Question* rate = f.FindQuestion("rate");
  REQUIRE(rate != nullptr);
  CHECK(rate->label.at("es") == "Rate");  // plain string = same text in every language
  const Question* served = f.FindQuestion("served");
  CHECK(served->rows.size() == 2);
  CHECK(served->columns.size() == 2);
  const Question* child = f.FindQuestion("industry_detail");
  REQUIRE(child != nullptr);
  CHECK(child->relevant_expr != nullptr);
  CHECK(child->constraint_expr != nullptr);
  CHECK(f.SectionOf("industry_detail") == nullptr);
  CHECK(f.SectionOf("kinds") == &f.sections[1]);
  CHECK(f.FindQuestion("industries")->children.size() == 3);
  CHECK(f.FindQuestion("concern_areas")->area_levels == std::vector<std::string>{"county", "zip"});
  CHECK(f.sections[1].relevant_expr != nullptr);
  CHECK(f.Text(concern->label, "es") == "¿Preocupado?");
  CHECK(f.Text(concern->label, "fr") == "Concerned?");  // falls back to the first language
  QuestionType t;
  CHECK(TypeFromName("long_text", &t));
  CHECK(t == QuestionType::kLongText);
  CHECK(std::string(TypeName(QuestionType::kCountTable)) == "count_table");
  CHECK_FALSE(TypeFromName("multi", &t));
}

TEST_CASE("JSON syntax errors give line and column", "[form_parser]") {
  auto r = ParseForm("{\n  \"canvass_form\": 1,\n  \"id\" \"x\"\n}", "bad.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().rfind("bad.json:3:8: invalid JSON", 0) == 0);
}

TEST_CASE("top-level errors name the key and the fix", "[form_parser]") {
  Value doc = TestFormValue();
  SECTION("missing format marker") {
    doc.mutable_object().erase("canvass_form");
    CHECK(ErrorOf(doc).find("t.json: at $: missing required key \"canvass_form\"") == 0);
  }
  SECTION("unsupported format") {
    Key(doc, "canvass_form") = 2;
    CHECK(ErrorOf(doc) ==
          "t.json: at $.canvass_form: unsupported form format 2; this version of "
          "Canvass reads format 1");
  }
  SECTION("unknown key with a suggestion") {
    Key(doc, "titel") = Text("a", "b");
    CHECK(ErrorOf(doc).find("at $: unknown key \"titel\" in the form; did you mean \"title\"?") !=
          std::string::npos);
  }
  SECTION("bad form id") {
    Key(doc, "id") = "Bad-Id";
    CHECK(ErrorOf(doc).find("at $.id: form id \"Bad-Id\" is not a valid id") != std::string::npos);
  }
  SECTION("version must be a whole number >= 1") {
    Key(doc, "version") = 0;
    CHECK(ErrorOf(doc).find("at $.version: expected a whole number from 1") != std::string::npos);
    Key(doc, "version") = 1.5;
    CHECK(ErrorOf(doc).find("found 1.5") != std::string::npos);
  }
  SECTION("languages must be non-empty") {
    Key(doc, "languages") = Value::Array{};
    CHECK(ErrorOf(doc).find("at $.languages: expected a non-empty array") != std::string::npos);
  }
  SECTION("every localized text needs every language") {
    Key(doc, "title") = Value(Value::Object{{"en", "Only English"}});
    CHECK(ErrorOf(doc).find("at $.title: missing the \"es\" text") != std::string::npos);
  }
  SECTION("a text in a language the form does not list") {
    Key(Key(doc, "title"), "fr") = "Titre";
    CHECK(ErrorOf(doc).find("at $.title: language \"fr\" is not in $.languages") !=
          std::string::npos);
  }
  SECTION("unknown kind") {
    Key(doc, "kind") = "data_shet";
    CHECK(
        ErrorOf(doc).find("at $.kind: unknown kind \"data_shet\"; did you mean \"data_sheet\"?") !=
        std::string::npos);
  }
  SECTION("a missing required key") {
    doc.mutable_object().erase("sections");
    CHECK(ErrorOf(doc).find("at $: missing required key \"sections\"") != std::string::npos);
  }
}

TEST_CASE("id uniqueness is form-wide", "[form_parser]") {
  Value doc = TestFormValue();
  SECTION("duplicate question id across sections") {
    Key(Q(doc, 1, 1), "id") = "name";
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[1].id: duplicate question id \"name\" "
                            "(first used at $.sections[0].questions[0])") != std::string::npos);
  }
  SECTION("a repeat child may not reuse a top-level id") {
    Key(Child(doc, 1), "id") = "years";
    CHECK(
        ErrorOf(doc).find("at $.sections[1].questions[7].questions[1].id: duplicate question id") !=
        std::string::npos);
  }
  SECTION("duplicate section id") {
    Key(Sec(doc, 1), "id") = "background";
    CHECK(ErrorOf(doc).find("at $.sections[1].id: duplicate section id \"background\"") !=
          std::string::npos);
  }
  SECTION("bad question id") {
    Key(Q(doc, 0, 2), "id") = "2rate";
    CHECK(ErrorOf(doc).find(
              "at $.sections[0].questions[2].id: question id \"2rate\" is not a valid id") !=
          std::string::npos);
  }
}

TEST_CASE("question structure errors", "[form_parser]") {
  Value doc = TestFormValue();
  SECTION("unknown type with suggestion and list") {
    Key(Q(doc, 0, 5), "type") = "single_chioce";
    std::string e = ErrorOf(doc);
    CHECK(e.find("t.json: at $.sections[0].questions[5].type: unknown type \"single_chioce\"; did "
                 "you mean \"single_choice\"? use one of text, long_text,") == 0);
  }
  SECTION("unknown question key") {
    Key(Q(doc, 0, 0), "requird") = true;
    CHECK(ErrorOf(doc).find(
              "at $.sections[0].questions[0]: unknown key \"requird\" in a question; did "
              "you mean \"required\"?") != std::string::npos);
  }
  SECTION("choice types need choices") {
    Q(doc, 0, 5).mutable_object().erase("choices");
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[5]: missing required key \"choices\"") !=
          std::string::npos);
  }
  SECTION("other types may not have choices") {
    Key(Q(doc, 0, 0), "choices") = "sex";
    CHECK(ErrorOf(doc).find(
              "at $.sections[0].questions[0].choices: \"choices\" is not used by a text "
              "question") != std::string::npos);
  }
  SECTION("choice list names must resolve") {
    Key(Q(doc, 0, 5), "choices") = "yes_no_unsur";
    CHECK(
        ErrorOf(doc).find("at $.sections[0].questions[5].choices: no choice list named "
                          "\"yes_no_unsur\" in $.choice_lists; did you mean \"yes_no_unsure\"?") !=
        std::string::npos);
  }
  SECTION("choice values follow the pattern") {
    Key(Item(Key(Q(doc, 1, 2), "choices"), 1), "value") = "sex work";
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[2].choices[1].value: choice value \"sex "
                            "work\" is not valid") != std::string::npos);
  }
  SECTION("choice values are unique in a list") {
    Key(Item(Key(Key(doc, "choice_lists"), "sex"), 1), "value") = "f";
    CHECK(ErrorOf(doc).find("at $.choice_lists.sex[1].value: duplicate choice value \"f\"") !=
          std::string::npos);
  }
  SECTION("count_table needs rows") {
    Q(doc, 1, 4).mutable_object().erase("rows");
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[4]: missing required key \"rows\"") !=
          std::string::npos);
  }
  SECTION("repeat needs children") {
    Q(doc, 1, 7).mutable_object().erase("questions");
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[7]: missing required key \"questions\"") !=
          std::string::npos);
  }
  SECTION("nested repeat is rejected") {
    Value inner = NewQuestion("inner", "repeat");
    Key(inner, "questions") = Value::Array{NewQuestion("deep", "text")};
    Key(Q(doc, 1, 7), "questions").mutable_array().push_back(inner);
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[7].questions[3].type: a repeat cannot be "
                            "inside another repeat") != std::string::npos);
  }
  SECTION("constraint needs a message") {
    Q(doc, 0, 1).mutable_object().erase("constraint_message");
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[1]: missing required key "
                            "\"constraint_message\"") != std::string::npos);
  }
  SECTION("min_items above max_items") {
    Key(Q(doc, 1, 7), "min_items") = 5;
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[7].min_items: min_items 5 is larger than "
                            "max_items 3") != std::string::npos);
  }
  SECTION("bad area level") {
    Key(Q(doc, 1, 0), "area_levels") = Value::Array{"county", "state"};
    CHECK(ErrorOf(doc).find(
              "at $.sections[1].questions[0].area_levels[1]: \"state\" is not allowed") !=
          std::string::npos);
  }
  SECTION("a note takes no answer, so it cannot be required") {
    Key(Q(doc, 0, 4), "required") = true;
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[4]: a note takes no answer") !=
          std::string::npos);
  }
  SECTION("a constraint message without a constraint") {
    Key(Q(doc, 0, 0), "constraint_message") = Text("a", "b");
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[0].constraint_message: there is no "
                            "constraint") != std::string::npos);
  }
  SECTION("min_items above the number of choices") {
    Key(Q(doc, 1, 2), "min_items") = 4;
    Q(doc, 1, 2).mutable_object().erase("max_items");
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[2].min_items: min_items 4 is more than the "
                            "3 choices") != std::string::npos);
  }
  SECTION("required must be a boolean") {
    Key(Q(doc, 0, 0), "required") = "yes";
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[0].required: expected true or false") !=
          std::string::npos);
  }
}

TEST_CASE("expressions are checked at load", "[form_parser]") {
  Value doc = TestFormValue();
  SECTION("syntax error gives the column") {
    Key(Q(doc, 0, 2), "relevant") = "${years} > (3";
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[2].relevant: column 14: expected ')'") !=
          std::string::npos);
  }
  SECTION("unknown reference with suggestion") {
    Key(Q(doc, 0, 2), "relevant") = "${yeras} > 3";
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[2].relevant: names unknown question "
                            "${yeras}; did you mean \"years\"?") != std::string::npos);
  }
  SECTION("a top-level question cannot name a repeat child") {
    Key(Q(doc, 1, 6), "relevant") = "${industry_seen} = true";
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[6].relevant: names ${industry_seen}, a "
                            "question inside repeat \"industries\"") != std::string::npos);
  }
  SECTION("'.' only in constraints") {
    Key(Q(doc, 0, 2), "relevant") = ". > 3";
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[2].relevant: '.' (this answer) can only be "
                            "used in a constraint") != std::string::npos);
  }
  SECTION("expression size cap") {
    std::string big = "${years} > 1";
    while (big.size() <= 4096) big += " or ${years} > 1";
    Key(Q(doc, 0, 2), "relevant") = big;
    CHECK(ErrorOf(doc).find("at $.sections[0].questions[2].relevant: expression is") !=
          std::string::npos);
  }
  SECTION("repeat children may name siblings and top-level questions") {
    Key(Child(doc, 1), "relevant") = "${industry_name} != '' and ${years} > 1";
    CHECK(ParseFormValue(doc, "t.json").ok());
  }
}

TEST_CASE("relevance cycles are rejected with the cycle named", "[form_parser]") {
  Value doc = TestFormValue();
  SECTION("two questions") {
    Key(Q(doc, 0, 1), "relevant") = "${rate} > 1";
    Key(Q(doc, 0, 2), "relevant") = "${years} > 1";
    CHECK(ErrorOf(doc).find(
              "at $.sections[0].questions[1]: skip logic cycle years -> rate -> years") !=
          std::string::npos);
  }
  SECTION("self reference") {
    Key(Q(doc, 0, 2), "relevant") = "${rate} > 1";
    CHECK(ErrorOf(doc).find("skip logic cycle rate -> rate") != std::string::npos);
  }
  SECTION("through a section's relevance") {
    Key(Sec(doc, 1), "relevant") = "${has_staff} = true";
    CHECK(ErrorOf(doc).find(
              "at $.sections[1].questions[6]: skip logic cycle has_staff -> has_staff") !=
          std::string::npos);
  }
  SECTION("three questions across sections") {
    Key(Q(doc, 0, 0), "relevant") = "${has_staff} = true";
    Key(Q(doc, 1, 6), "relevant") = "${rate} > 0";
    Key(Q(doc, 0, 2), "relevant") = "${name} != ''";
    CHECK(ErrorOf(doc).find("skip logic cycle name -> has_staff -> rate -> name") !=
          std::string::npos);
  }
  SECTION("constraints are not relevance") {
    Key(Q(doc, 0, 2), "constraint") = ". > ${years}";
    Key(Q(doc, 0, 2), "constraint_message") = Text("x", "y");
    Key(Q(doc, 0, 1), "relevant") = "${rate} > 1";
    CHECK(ParseFormValue(doc, "t.json").ok());
  }
}

TEST_CASE("size caps", "[form_parser]") {
  Value doc = TestFormValue();
  SECTION("too many questions") {
    Value::Array qs = Key(Sec(doc, 0), "questions").as_array();  // 17 questions in the form
    for (int i = 0; i < 1983; ++i) qs.push_back(NewQuestion("extra_" + std::to_string(i), "text"));
    Key(Sec(doc, 0), "questions") = qs;
    CHECK(ParseFormValue(doc, "t.json").ok());  // exactly 2000
    qs.push_back(NewQuestion("one_too_many", "text"));
    Key(Sec(doc, 0), "questions") = qs;
    CHECK(ErrorOf(doc).find("at $.sections[1].questions[7].questions[2]: the form has more than "
                            "2000 questions") != std::string::npos);
  }
  SECTION("too many choices") {
    Value::Array cs;
    for (int i = 0; i < 501; ++i) {
      cs.push_back(
          Value(Value::Object{{"value", "c" + std::to_string(i)}, {"label", Text("a", "b")}}));
    }
    Key(Key(doc, "choice_lists"), "sex") = cs;
    CHECK(ErrorOf(doc).find("at $.choice_lists.sex: has 501 choices, more than the limit of 500") !=
          std::string::npos);
  }
}

TEST_CASE("FormToValue is canonical and round-trips", "[form_parser]") {
  Form f = testing::TestForm();
  Value v = FormToValue(f);
  CHECK(v.Find("id")->as_string() == "test_form");
  CHECK(v.Find("version")->as_int() == 2);
  CHECK(v.Find("kind")->as_string() == "stakeholder_interview");
  CHECK(v.Find("choice_lists") == nullptr);
  const Value& sec = v.Find("sections")->as_array()[1];
  CHECK(sec.Find("type") == nullptr);  // only questions have "type"
  CHECK(sec.Find("relevant")->as_string() == "${concern} = 'yes'");
  const Value& concern = v.Find("sections")->as_array()[0].Find("questions")->as_array()[5];
  CHECK(concern.Find("type")->as_string() == "single_choice");
  CHECK(concern.Find("required")->as_bool());
  const Value& choice = concern.Find("choices")->as_array()[0];  // inline, not the list name
  CHECK(choice.Find("value")->as_string() == "yes");
  CHECK(choice.Find("label")->Find("es")->as_string() == "Sí");
  CHECK(choice.Find("id") == nullptr);
  const Value& name = v.Find("sections")->as_array()[0].Find("questions")->as_array()[0];
  CHECK(name.Find("required") == nullptr);  // defaults omitted
  CHECK(name.Find("identifying")->as_bool());
  const Value& repeat = sec.Find("questions")->as_array()[7];
  CHECK(repeat.Find("questions")->as_array().size() == 3);
  CHECK(repeat.Find("min_items")->as_int() == 1);

  auto again = ParseFormValue(v, "canonical");
  REQUIRE(again.ok());
  CHECK(FormToValue(*again) == v);
}

TEST_CASE("LoadFormFile reads a file and names it in errors", "[form_parser]") {
  std::string path = "/tmp/canvass_forms_test_" + std::to_string(::getpid()) + ".json";
  {
    std::ofstream out(path);
    out << "\xEF\xBB\xBF" << kTestFormJson;  // a BOM is tolerated
  }
  auto ok = LoadFormFile(path);
  CHECK(ok.ok());
  {
    std::ofstream out(path);
    out << "{\"canvass_form\": 1, \"id\": \"x\"}";
  }
  auto bad = LoadFormFile(path);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find(path + ": at $: missing required key") == 0);
  std::remove(path.c_str());
  CHECK_FALSE(LoadFormFile(path).ok());
}

}  // namespace
}  // namespace canvass::forms
