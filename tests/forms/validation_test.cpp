// Tests of answer validation: types, choices, relevance, constraints, required, tables, repeats.
#include "forms/validation.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <set>

#include "forms/form_parser.h"
#include "test_form.h"

namespace canvass::forms {
namespace {

using core::Value;

const Form& F() {
  static const Form form = testing::TestForm();
  return form;
}

ValidationOptions Opts(ValidationMode mode = ValidationMode::kDraft, const std::string& lang = "") {
  ValidationOptions o;
  o.mode = mode;
  o.today = "2025-03-15";
  o.language = lang;
  return o;
}

// A complete, valid set of answers for the test form.
Answers Good() {
  return Answers{
      {"name", "Ana"},
      {"years", 4},
      {"rate", 2.5},
      {"visited", "2024-02-29"},
      {"concern", "yes"},
      {"concern_areas", Value::Array{"c1", "z2"}},
      {"home_area", "c1"},
      {"kinds", Value::Array{"labor", "other"}},
      {"kinds_other", "domestic work"},
      {"served", Value::Object{{"f|minor", 2}, {"m|adult", 0}}},
      {"served_note", "Mostly teens."},
      {"has_staff", true},
      {"industries", Value::Array{Value::Object{{"industry_name", "farms"},
                                                {"industry_seen", true},
                                                {"industry_detail", "seasonal crews"}},
                                  Value::Object{{"industry_name", "nail salons"}}}},
  };
}

std::vector<AnswerError> Check(const Answers& a, const ValidationOptions& o = Opts()) {
  return ValidateAnswers(F(), a, o);
}

// The one error for `answers`, which must concern `id`.
std::string OnlyError(const Answers& a, const std::string& id,
                      const ValidationOptions& o = Opts()) {
  auto errors = Check(a, o);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].question_id == id);
  CHECK(errors[0].message.rfind(id, 0) == 0);  // names the question first
  return errors[0].message;
}

Form Parse(const std::string& json) {
  auto f = ParseForm(json, "inline");
  INFO((f.ok() ? std::string() : f.status().message()));
  REQUIRE(f.ok());
  return *f;
}

TEST_CASE("a complete valid interview has no errors", "[validation]") {
  CHECK(Check(Good()).empty());
  CHECK(Check(Good(), Opts(ValidationMode::kFinal)).empty());
  CHECK(Check({}).empty());  // an empty draft is fine
}

TEST_CASE("answers must match their question type", "[validation]") {
  Answers a = Good();
  SECTION("integer must be integral") {
    a["years"] = 2.5;
    CHECK(OnlyError(a, "years").find("expected a whole number, found 2.5") != std::string::npos);
    a["years"] = "4";
    CHECK(OnlyError(a, "years").find("expected a whole number") != std::string::npos);
  }
  SECTION("decimal") {
    a["rate"] = "fast";
    CHECK(OnlyError(a, "rate").find("expected a number") != std::string::npos);
  }
  SECTION("date must be a real calendar date") {
    a["visited"] = "2023-02-29";
    CHECK(OnlyError(a, "visited").find("expected a calendar date written YYYY-MM-DD") !=
          std::string::npos);
    a["visited"] = "2024-13-01";
    OnlyError(a, "visited");
    a["visited"] = "2024-4-01";
    OnlyError(a, "visited");
    a["visited"] = "2000-02-29";  // divisible by 400: leap
    CHECK(Check(a).empty());
    a["visited"] = "1900-02-29";  // divisible by 100: not leap
    OnlyError(a, "visited");
  }
  SECTION("yes_no is a boolean") {
    a["has_staff"] = "true";  // text, not a JSON boolean
    CHECK(OnlyError(a, "has_staff").find("expected true or false") != std::string::npos);
  }
  SECTION("text is one line") {
    a["name"] = "two\nlines";
    CHECK(OnlyError(a, "name").find("one line") != std::string::npos);
    a["name"] = 5;
    CHECK(OnlyError(a, "name").find("expected text") != std::string::npos);
  }
  SECTION("single choice value must exist") {
    a["concern"] = "maybe";
    auto errors = Check(a);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].question_id == "concern");
    CHECK(
        errors[0].message.find("\"maybe\" is not one of the choices; use one of yes, no, unsure") !=
        std::string::npos);
  }
  SECTION("multiple choice: distinct existing values, max_items") {
    a.erase("kinds_other");
    a["kinds"] = Value::Array{"labor", "labor"};
    CHECK(OnlyError(a, "kinds").find("\"labor\" is listed twice") != std::string::npos);
    a["kinds"] = Value::Array{"bogus"};
    CHECK(OnlyError(a, "kinds").find("\"bogus\" is not one of the choices") != std::string::npos);
    a["kinds"] = Value::Array{"labor", "sex", "other"};
    a["kinds_other"] = "x";
    CHECK(OnlyError(a, "kinds").find("has 3 choices, more than the maximum of 2") !=
          std::string::npos);
    a["kinds"] = "labor";
    a.erase("kinds_other");
    CHECK(OnlyError(a, "kinds").find("expected an array") != std::string::npos);
  }
  SECTION("a note takes no answer") {
    a["intro"] = "read";
    CHECK(OnlyError(a, "intro").find("takes no answer") != std::string::npos);
  }
}

TEST_CASE("unknown ids are errors", "[validation]") {
  Answers a = Good();
  a["favourite_colour"] = "blue";
  CHECK(OnlyError(a, "favourite_colour").find("unknown question id") != std::string::npos);
  a.erase("favourite_colour");
  a["industry_name"] = "farms";  // a repeat child answered at the top level
  CHECK(OnlyError(a, "industry_name").find("inside a repeat") != std::string::npos);
}

TEST_CASE("required answers: draft vs final", "[validation]") {
  Answers a;
  CHECK(Check(a).empty());
  CHECK(OnlyError(a, "concern", Opts(ValidationMode::kFinal)).find("required") !=
        std::string::npos);
  a["concern"] = "no";  // the concerns section is skipped: nothing else required
  CHECK(Check(a, Opts(ValidationMode::kFinal)).empty());
  a["concern"] = "yes";  // now concern_areas is asked and required
  OnlyError(a, "concern_areas", Opts(ValidationMode::kFinal));
  a["concern_areas"] = Value::Array{};  // an empty array is unanswered
  OnlyError(a, "concern_areas", Opts(ValidationMode::kFinal));
  CHECK(Check(a).empty());
  a["concern_areas"] = Value::Array{"c1"};
  a["kinds"] = Value::Array{"other"};
  a["kinds_other"] = "";  // an empty string is unanswered
  OnlyError(a, "kinds_other", Opts(ValidationMode::kFinal));
  CHECK(Check(a).empty());
}

TEST_CASE("answers to questions that are not relevant", "[validation]") {
  Answers a = Good();
  SECTION("own condition") {
    a["kinds"] = Value::Array{"labor"};
    std::string m = OnlyError(a, "kinds_other");
    CHECK(m == "kinds_other: not relevant here (its condition is false); remove this answer");
  }
  SECTION("section condition") {
    a = Answers{{"concern", "no"}, {"concern_areas", Value::Array{"c1"}}};
    CHECK(OnlyError(a, "concern_areas") ==
          "concern_areas: not relevant here (the condition of its section is false); remove this "
          "answer");
    CHECK_FALSE(IsRelevant(F(), *F().FindQuestion("concern_areas"), a));
    CHECK(IsRelevant(F(), *F().FindQuestion("years"), a));
  }
  SECTION("an empty answer to a skipped question is harmless") {
    a = Answers{{"concern", "no"}, {"concern_areas", Value::Array{}}, {"home_area", Value()}};
    CHECK(Check(a).empty());
  }
  SECTION("count table sum drives relevance") {
    a["served"] = Value::Object{};
    OnlyError(a, "served_note");
    a.erase("served");
    OnlyError(a, "served_note");  // an unknown table is not "> 0"
  }
  SECTION("relevance is transitive through skipped questions") {
    Form f =
        Parse(R"({"canvass_form": 1, "id": "t", "version": 1, "title": "T", "languages": ["en"],
      "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "a", "type": "yes_no", "label": "A"},
        {"id": "b", "type": "integer", "label": "B", "relevant": "${a} = true"},
        {"id": "c", "type": "text", "label": "C", "relevant": "${b} > 3"}]}]})");
    Answers stale{{"a", false}, {"b", 5}};
    CHECK_FALSE(IsRelevant(f, *f.FindQuestion("c"), stale));
    stale["a"] = true;
    CHECK(IsRelevant(f, *f.FindQuestion("c"), stale));
  }
}

TEST_CASE("constraints give the localized message", "[validation]") {
  Answers a = Good();
  a["years"] = 90;
  CHECK(OnlyError(a, "years") == "years: Enter 0 to 80 years.");
  CHECK(OnlyError(a, "years", Opts(ValidationMode::kDraft, "es")) ==
        "years: Escriba de 0 a 80 años.");
  CHECK(OnlyError(a, "years", Opts(ValidationMode::kDraft, "fr")) == "years: Enter 0 to 80 years.");
  a["years"] = 80;
  a["visited"] = "2025-03-16";  // after "today"
  CHECK(OnlyError(a, "visited") == "visited: The date is in the future.");
  a["visited"] = "2025-03-15";
  a["concern_areas"] = Value::Array{"a1", "a2", "a3", "a4"};
  CHECK(OnlyError(a, "concern_areas") == "concern_areas: Pick at most three areas.");
  a["concern_areas"] = Value::Array{};  // unanswered: the constraint is not checked
  CHECK(Check(a).empty());
}

TEST_CASE("count tables", "[validation]") {
  Answers a = Good();
  a.erase("served_note");  // its relevance depends on the table's sum
  a["served"] = Value::Object{{"f", 2}};
  CHECK(OnlyError(a, "served").find("cell \"f\" is not in the table; use \"row|column\"") !=
        std::string::npos);
  a["served"] = Value::Object{{"x|minor", 2}};
  OnlyError(a, "served");
  a["served"] = Value::Object{{"f|old", 2}};
  OnlyError(a, "served");
  a["served"] = Value::Object{{"f|minor", -1}};
  CHECK(OnlyError(a, "served").find("must be a whole number") != std::string::npos);
  a["served"] = Value::Object{{"f|minor", 1.5}};
  OnlyError(a, "served");
  a["served"] = Value::Array{};
  OnlyError(a, "served");
  Form rows_only = Parse(R"({"canvass_form": 1, "id": "t", "version": 1, "title": "T",
    "languages": ["en"], "sections": [{"id": "s", "title": "S", "questions": [
      {"id": "t1", "type": "count_table", "label": "T",
       "rows": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}]}]})");
  CHECK(ValidateAnswers(rows_only, {{"t1", Value::Object{{"a", 3}}}}, Opts()).empty());
  CHECK(ValidateAnswers(rows_only, {{"t1", Value::Object{{"a|b", 3}}}}, Opts()).size() == 1);
}

TEST_CASE("repeat groups", "[validation]") {
  Answers a = Good();
  auto item = [](Value::Object o) { return Value(std::move(o)); };
  SECTION("child type error names the child and item") {
    a["industries"] =
        Value::Array{item({{"industry_name", "farms"}}), item({{"industry_name", 7}})};
    auto errors = Check(a);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].question_id == "industry_name");
    CHECK(errors[0].repeat_id == "industries");
    CHECK(errors[0].item == 1);
    CHECK(errors[0].message.rfind("industry_name (item 2): expected text", 0) == 0);
  }
  SECTION("child relevance uses siblings and top-level answers") {
    a["industries"] = Value::Array{
        item({{"industry_name", "farms"}, {"industry_seen", false}, {"industry_detail", "crews"}})};
    CHECK(OnlyError(a, "industry_detail").rfind("industry_detail (item 1): not relevant here", 0) ==
          0);
    a["industries"] = Value::Array{
        item({{"industry_name", "farms"}, {"industry_seen", true}, {"industry_detail", "crews"}})};
    CHECK(Check(a).empty());
    a["has_staff"] = false;  // a top-level answer turns the child off
    OnlyError(a, "industry_detail");
  }
  SECTION("RepeatItemRelevance says what the validator says, per item") {
    const Question& rep = *F().FindQuestion("industries");
    size_t detail = 0;
    while (rep.children[detail].id != "industry_detail") ++detail;
    Value off = item({{"industry_name", "farms"}, {"industry_seen", false}});
    Value on = item({{"industry_name", "farms"}, {"industry_seen", true}});
    a["industries"] = Value::Array{off, on};
    auto r0 = RepeatItemRelevance(F(), rep, off, a);
    auto r1 = RepeatItemRelevance(F(), rep, on, a);
    REQUIRE(r0.size() == rep.children.size());
    CHECK_FALSE(r0[detail]);
    CHECK(r1[detail]);
    CHECK(r1[0]);  // industry_name: no condition
    a["has_staff"] = false;  // the top-level answer turns it off in every item
    CHECK_FALSE(RepeatItemRelevance(F(), rep, on, a)[detail]);
    CHECK_FALSE(RepeatItemRelevance(F(), rep, Value("not an item"), a)[detail]);
  }
  SECTION("child constraint may use siblings") {
    a["industries"] = Value::Array{
        item({{"industry_name", "farms"}, {"industry_seen", true}, {"industry_detail", "ab"}})};
    CHECK(OnlyError(a, "industry_detail") == "industry_detail (item 1): Say a little more.");
  }
  SECTION("required children in final mode") {
    a["industries"] =
        Value::Array{item({{"industry_name", "farms"}}), item({{"industry_seen", false}})};
    CHECK(Check(a).empty());
    CHECK(OnlyError(a, "industry_name", Opts(ValidationMode::kFinal))
              .rfind("industry_name (item 2): required", 0) == 0);
  }
  SECTION("item count bounds and shape") {
    a["industries"] = Value::Array{item({}), item({}), item({}), item({})};
    CHECK(OnlyError(a, "industries").find("has 4 items, more than the maximum of 3") !=
          std::string::npos);
    a["industries"] = Value::Array{"farms"};
    CHECK(OnlyError(a, "industries").find("item 1 is not an object") != std::string::npos);
    a["industries"] = Value::Array{item({{"years", 3}})};
    CHECK(OnlyError(a, "industries")
              .find("item 1 has an answer for \"years\", which is not a question of this repeat") !=
          std::string::npos);
    a["industries"] = "farms";
    CHECK(OnlyError(a, "industries").find("expected an array of items") != std::string::npos);
  }
  SECTION("CheckType on a repeat checks items") {
    const Question& q = *F().FindQuestion("industries");
    CHECK(CheckType(q, Value::Array{item({{"industry_name", "x"}})}, nullptr).empty());
    CHECK(CheckType(q, Value::Array{item({{"industry_seen", "x"}})}, nullptr)
              .rfind("item 1: industry_seen: expected true or false", 0) == 0);
  }
}

TEST_CASE("areas are checked against the workspace", "[validation]") {
  Answers a = Good();
  ValidationOptions o = Opts();
  o.area_exists = [](const std::string& id) { return id == "c1" || id == "z2"; };
  CHECK(Check(a, o).empty());
  a["concern_areas"] = Value::Array{"c1", "nowhere"};
  CHECK(OnlyError(a, "concern_areas", o).find("\"nowhere\" is not an area of this workspace") !=
        std::string::npos);
  CHECK(Check(a).empty());  // without a workspace every id is accepted
  a["concern_areas"] = Value::Array{"c1", "c1"};
  CHECK(OnlyError(a, "concern_areas", o).find("listed twice") != std::string::npos);
  a["concern_areas"] = Value::Array{"c1"};
  a["home_area"] = "nowhere";
  OnlyError(a, "home_area", o);
  a["home_area"] = Value::Array{"c1"};
  CHECK(OnlyError(a, "home_area", o).find("expected one area id") != std::string::npos);
}

TEST_CASE("errors come in form order and name only their own question", "[validation]") {
  Answers a = Good();
  a["zzz_unknown"] = 1;
  a["has_staff"] = "no";
  a["years"] = 100;
  a["intro"] = "x";
  a["kinds"] = Value::Array{"labor"};  // kinds_other is now not relevant
  a["industries"] = Value::Array{Value(Value::Object{{"industry_name", 3}})};
  auto errors = Check(a, Opts(ValidationMode::kFinal));
  std::vector<std::string> ids;
  for (const AnswerError& e : errors) ids.push_back(e.question_id);
  CHECK(ids == std::vector<std::string>{"years", "intro", "kinds_other", "has_staff",
                                        "industry_name", "zzz_unknown"});
  std::set<std::string> all_ids;
  for (const Question* q : F().TopLevelQuestions()) {
    all_ids.insert(q->id);
    for (const Question& c : q->children) all_ids.insert(c.id);
  }
  for (const AnswerError& e : errors) {
    INFO(e.message);
    CHECK((e.message.rfind(e.question_id + ":", 0) == 0 ||
           e.message.rfind(e.question_id + " (", 0) == 0));
    std::string word;
    for (char c : e.message + " ") {  // every identifier-like word other than the subject
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
        word += c;
      } else {
        if (word != e.question_id) CHECK(all_ids.count(word) == 0);
        word.clear();
      }
    }
  }
}

}  // namespace
}  // namespace canvass::forms
