// The model extensions real XLSForms need: time and datetime answers, calculate questions,
// default answers, choice filters with choice properties, required messages, if() and
// coalesce(); each parsed, checked at load, validated and written back unchanged.
#include <catch2/catch.hpp>

#include "forms/expression.h"
#include "forms/form_parser.h"
#include "forms/validation.h"

namespace canvass::forms {
namespace {

using core::Value;

const char* kForm = R"json({
  "canvass_form": 1, "id": "ext", "version": 1, "title": "Extensions", "languages": ["en", "es"],
  "sections": [
    {"id": "household", "title": "Household", "questions": [
      {"id": "adults", "type": "integer", "label": "Adults", "default": "1"},
      {"id": "children", "type": "integer", "label": "Children"},
      {"id": "size", "type": "calculate", "calculation": "coalesce(${adults}, 0) + coalesce(${children}, 0)"},
      {"id": "big", "type": "calculate", "calculation": "if(${size} > 4, 'big', 'small')"},
      {"id": "crowded", "type": "yes_no", "label": "Crowded?", "relevant": "${big} = 'big'", "default": "false"},
      {"id": "arrived", "type": "time", "label": "Arrived at", "required": true,
       "required_message": {"en": "Write the time you arrived.", "es": "Escriba la hora de llegada."}},
      {"id": "seen", "type": "datetime", "label": "Seen", "default": "2025-03-01T09:30"},
      {"id": "state", "type": "single_choice", "label": "State", "choices": [
        {"value": "texas", "label": "Texas"}, {"value": "washington", "label": "Washington"}]},
      {"id": "county", "type": "single_choice", "label": "County", "choice_filter": "state = ${state}", "choices": [
        {"value": "king_wa", "label": "King", "properties": {"state": "washington"}},
        {"value": "pierce", "label": "Pierce", "properties": {"state": "washington"}},
        {"value": "king_tx", "label": "King", "properties": {"state": "texas"}},
        {"value": "cameron", "label": "Cameron", "properties": {"state": "texas"}}]},
      {"id": "langs", "type": "multiple_choice", "label": "Languages", "default": "en es", "choices": [
        {"value": "en", "label": "English"}, {"value": "es", "label": "Spanish"}, {"value": "fr", "label": "French"}]},
      {"id": "people", "type": "repeat", "label": "People", "questions": [
        {"id": "age", "type": "integer", "label": "Age"},
        {"id": "minor", "type": "calculate", "calculation": "${age} < 18"},
        {"id": "school", "type": "yes_no", "label": "In school?", "relevant": "${minor}"}]}
    ]}]})json";

Form Load(const std::string& text = kForm) {
  auto f = ParseForm(text, "ext.json");
  INFO(f.status().ToString());
  REQUIRE(f.ok());
  return std::move(f).value();
}

std::string LoadError(const std::string& text) {
  auto f = ParseForm(text, "ext.json");
  REQUIRE_FALSE(f.ok());
  return f.status().message();
}

// kForm with `from` replaced by `to` (once).
std::string With(const std::string& from, const std::string& to) {
  std::string s = kForm;
  size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

ValidationOptions Opts(ValidationMode mode = ValidationMode::kDraft) {
  ValidationOptions o;
  o.mode = mode;
  o.today = "2025-03-15";
  return o;
}

std::vector<std::string> Messages(const Form& f, const Answers& a, ValidationMode mode = ValidationMode::kDraft) {
  std::vector<std::string> out;
  for (const auto& e : ValidateAnswers(f, a, Opts(mode))) out.push_back(e.message);
  return out;
}

}  // namespace

TEST_CASE("extensions: time and datetime answers", "[extensions]") {
  const Form f = Load();
  CHECK(Messages(f, {{"arrived", "14:30"}, {"seen", "2025-03-31T14:30:05"}}).empty());
  CHECK(Messages(f, {{"arrived", "23:59:59"}}).empty());
  CHECK(Messages(f, {{"arrived", "24:00"}}) ==
        std::vector<std::string>{"arrived: expected a time of day written HH:MM (24-hour), found text \"24:00\"; e.g. \"14:30\" (seconds allowed: \"14:30:05\")"});
  CHECK(Messages(f, {{"seen", "2025-02-29T10:00"}}).size() == 1);  // not a calendar date
  CHECK(Messages(f, {{"seen", "2025-03-31 10:00"}}).size() == 1);  // a space, not 'T'
}

TEST_CASE("extensions: calculate questions hold the value of their expression", "[extensions]") {
  const Form f = Load();
  Answers a{{"adults", 3}, {"children", 2}};
  Answers c = WithCalculations(f, a, "2025-03-15");
  CHECK(c.at("size") == Value(5));
  CHECK(c.at("big") == Value("big"));
  // The calculated value drives relevance: crowded is asked only for a big household.
  CHECK(IsRelevant(f, *f.FindQuestion("crowded"), a));
  CHECK_FALSE(IsRelevant(f, *f.FindQuestion("crowded"), {{"adults", 1}}));
  CHECK(Messages(f, {{"adults", 1}, {"crowded", true}}) ==
        std::vector<std::string>{"crowded: not relevant here (its condition is false); remove this answer"});
  // A calculate takes no answer of its own.
  CHECK(Messages(f, {{"size", 7}}) ==
        std::vector<std::string>{"size: is calculated from other answers and takes no answer of its own; remove this answer"});
  // Inside a repeat, per item.
  Answers r{{"people", Value::Array{Value::Object{{"age", 12}, {"school", true}}, Value::Object{{"age", 40}, {"school", true}}}}};
  auto errors = ValidateAnswers(f, r, Opts());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "school (item 2): not relevant here (its condition is false); remove this answer");
  Answers rc = WithCalculations(f, r, "2025-03-15");
  CHECK(rc.at("people").as_array()[0].Find("minor")->as_bool());
  CHECK_FALSE(rc.at("people").as_array()[1].Find("minor")->as_bool());
}

TEST_CASE("extensions: calculation cycles and bad calculations are refused at load", "[extensions]") {
  CHECK(LoadError(With("\"calculation\": \"if(${size} > 4, 'big', 'small')\"", "\"calculation\": \"${big} + 1\""))
            .find("skip logic cycle big -> big") != std::string::npos);
  CHECK(LoadError(With("\"calculation\": \"if(${size} > 4, 'big', 'small')\"", "\"calculation\": \"if(${size})\""))
            .find("if() takes 3 arguments, not 1") != std::string::npos);
  CHECK(LoadError(With("{\"id\": \"size\", \"type\": \"calculate\", \"calculation\": \"coalesce(${adults}, 0) + coalesce(${children}, 0)\"}",
                       "{\"id\": \"size\", \"type\": \"calculate\"}"))
            .find("missing required key \"calculation\"") != std::string::npos);
  CHECK(LoadError(With("\"label\": \"Children\"", "\"label\": \"Children\", \"calculation\": \"1\""))
            .find("\"calculation\" is used by a calculate question only") != std::string::npos);
}

TEST_CASE("extensions: default answers are typed and checked at load", "[extensions]") {
  const Form f = Load();
  CHECK(DefaultAnswer(*f.FindQuestion("adults")) == Value(1));
  CHECK(DefaultAnswer(*f.FindQuestion("crowded")) == Value(false));
  CHECK(DefaultAnswer(*f.FindQuestion("langs")) == Value(Value::Array{"en", "es"}));
  CHECK(DefaultAnswer(*f.FindQuestion("seen")) == Value("2025-03-01T09:30"));
  CHECK(DefaultAnswer(*f.FindQuestion("children")).is_null());
  CHECK(LoadError(With("\"default\": \"1\"", "\"default\": \"one\""))
            .find("at $.sections[0].questions[0].default: the default \"one\" is not a valid answer: expected a whole number") !=
        std::string::npos);
  CHECK(LoadError(With("\"default\": \"en es\"", "\"default\": \"en de\"")).find("\"de\" is not one of the choices") !=
        std::string::npos);
  CHECK(LoadError(With("\"calculation\": \"${age} < 18\"", "\"calculation\": \"${age} < 18\", \"default\": \"x\""))
            .find("a calculate question cannot have a default answer") != std::string::npos);
}

TEST_CASE("extensions: choice filters offer the choices whose properties fit the answers", "[extensions]") {
  const Form f = Load();
  const Question& county = *f.FindQuestion("county");
  auto values = [&](const Answers& a) {
    std::vector<std::string> v;
    for (const Choice* c : OfferedChoices(f, county, a)) v.push_back(c->value);
    return v;
  };
  CHECK(values({{"state", "texas"}}) == std::vector<std::string>{"king_tx", "cameron"});
  CHECK(values({{"state", "washington"}}) == std::vector<std::string>{"king_wa", "pierce"});
  CHECK(values({}).empty());
  CHECK(Messages(f, {{"state", "texas"}, {"county", "cameron"}}).empty());
  CHECK(Messages(f, {{"state", "texas"}, {"county", "pierce"}}) ==
        std::vector<std::string>{"county: \"pierce\" is not offered here (the question's choice filter leaves it out given the "
                                 "other answers); pick one of the choices shown"});
  // A bare name must be a property of the choices (XLSForm's choice columns) or "name".
  CHECK(LoadError(With("state = ${state}", "region = ${state}"))
            .find("names 'region', which is neither a question (write ${region}) nor a property of this question's choices") !=
        std::string::npos);
  CHECK(Load(With("state = ${state}", "name != 'pierce'")).FindQuestion("county")->choice_filter == "name != 'pierce'");
  CHECK(LoadError(With("\"label\": \"Children\"", "\"label\": \"Children\", \"choice_filter\": \"1\""))
            .find("\"choice_filter\" is used by single_choice and multiple_choice questions only") != std::string::npos);
}

TEST_CASE("extensions: required messages replace the generic one when finalizing", "[extensions]") {
  const Form f = Load();
  auto m = Messages(f, {{"adults", 1}}, ValidationMode::kFinal);
  CHECK(m == std::vector<std::string>{"arrived: Write the time you arrived."});
  CHECK(LoadError(With("\"required\": true,\n       \"required_message\"", "\"required_message\""))
            .find("there is no \"required\": true for this message") != std::string::npos);
}

TEST_CASE("extensions: if() is lazy and coalesce() takes the first non-empty value", "[extensions]") {
  auto eval = [](const std::string& text, const Answers& a) {
    auto e = ParseExpression(text);
    REQUIRE(e.ok());
    EvalContext ctx;
    ctx.lookup = [&a](const std::string& id) -> const Value* {
      auto it = a.find(id);
      return it == a.end() ? nullptr : &it->second;
    };
    return Evaluate(**e, ctx);
  };
  CHECK(eval("if(${x} = 1, 'one', 'other')", {{"x", 1}}) == Value("one"));
  CHECK(eval("if(${x} = 1, 'one', 'other')", {}) == Value("other"));
  CHECK(eval("if(true, 2, 1 div 0)", {}) == Value(2));
  CHECK(eval("coalesce(${x}, ${y})", {{"y", "b"}}) == Value("b"));
  CHECK(eval("coalesce(${x}, ${y})", {{"x", ""}, {"y", 3}}) == Value(3));
  CHECK(eval("coalesce(${x}, ${y})", {}).is_null());
  CHECK_FALSE(ParseExpression("coalesce(1)").ok());
  CHECK_FALSE(ParseExpression("state = 'x'").ok());  // bare names only in a choice filter
}

TEST_CASE("extensions: the canonical JSON keeps every new key and reads back to the same form", "[extensions]") {
  const Form f = Load();
  Value v = FormToValue(f);
  auto again = ParseFormValue(v, "canonical");
  REQUIRE(again.ok());
  CHECK(FormToValue(*again) == v);
  const std::string json = v.ToJson();
  for (const char* key : {"\"calculation\"", "\"default\"", "\"choice_filter\"", "\"required_message\"", "\"properties\"",
                          "\"time\"", "\"datetime\"", "\"calculate\""})
    CHECK(json.find(key) != std::string::npos);
}

}  // namespace canvass::forms
