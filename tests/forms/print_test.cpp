// The printable questionnaire: skip logic in words ("If …, go to …", negated without double
// negatives), go-to targets after a run of questions and after a section, numbering, every
// question id and choice code, the consent text in full, page breaks by section, Spanish.
#include "forms/print.h"

#include <catch2/catch.hpp>

#include "forms/expression.h"
#include "forms/form_parser.h"
#include "forms/protocols.h"

namespace canvass::forms {
namespace {

const char* kForm = R"json({
  "canvass_form": 1, "id": "paper", "version": 2, "title": {"en": "Paper", "es": "Papel"}, "languages": ["en", "es"],
  "sections": [
    {"id": "a", "title": "Start", "questions": [
      {"id": "intro", "type": "note", "label": {"en": "Read this <in full> & slowly.", "es": "Lea esto completo."}},
      {"id": "consent", "type": "yes_no", "label": "Agree?", "required": true},
      {"id": "kind", "type": "single_choice", "label": "Kind", "choices": [
        {"value": "shop", "label": {"en": "Shop", "es": "Tienda"}}, {"value": "farm", "label": "Farm"}]},
      {"id": "shop_size", "type": "integer", "label": "Shop size", "relevant": "selected(${kind}, 'shop')"},
      {"id": "shop_open", "type": "time", "label": "Opens at", "relevant": "selected(${kind}, 'shop')"},
      {"id": "calc", "type": "calculate", "calculation": "${shop_size} * 2"},
      {"id": "tools", "type": "multiple_choice", "label": "Tools", "choices": [
        {"value": "hoe", "label": "Hoe"}, {"value": "van", "label": "Van"}]},
      {"id": "vans", "type": "integer", "label": "Vans", "relevant": "selected(${tools}, 'van') and not(${shop_size} >= 3)"}
    ]},
    {"id": "b", "title": "People", "relevant": "${consent}", "questions": [
      {"id": "people", "type": "count_table", "label": "People", "rows": [{"value": "f", "label": "Women"}, {"value": "m", "label": "Men"}]},
      {"id": "members", "type": "repeat", "label": "Members", "max_items": 3, "questions": [
        {"id": "age", "type": "integer", "label": "Age"},
        {"id": "minor", "type": "yes_no", "label": "Minor", "relevant": "${age} < 18"}]}
    ]},
    {"id": "c", "title": "End", "relevant": "count_selected(${tools}) > 1 or string_length(${kind}) = 4", "questions": [
      {"id": "last", "type": "text", "label": "Last words"}
    ]}
  ]})json";

Form Load(const char* json) {
  auto f = ParseForm(json, "paper.json");
  INFO(f.status().ToString());
  REQUIRE(f.ok());
  return std::move(*f);
}

std::string Words(const Form& f, const std::string& expr, bool negate, const std::string& lang = "en") {
  auto e = ParseExpression(expr);
  REQUIRE(e.ok());
  return ConditionInWords(f, **e, negate, lang, {{"consent", 2}, {"kind", 3}, {"tools", 7}, {"shop_size", 4}});
}

TEST_CASE("print: conditions in words, negated by De Morgan", "[print]") {
  Form f = Load(kForm);
  CHECK(Words(f, "${consent}", false) == "2 (consent) is Yes");
  CHECK(Words(f, "${consent}", true) == "2 (consent) is not Yes");
  CHECK(Words(f, "${consent} = true", true) == "2 (consent) is not Yes");
  CHECK(Words(f, "selected(${kind}, 'shop')", true) == "3 (kind) is not “Shop” [shop]");
  CHECK(Words(f, "selected(${tools}, 'van')", false) == "7 (tools) includes “Van” [van]");
  CHECK(Words(f, "selected(${tools}, 'van') and not(${shop_size} >= 3)", true) ==
        "7 (tools) does not include “Van” [van] or 4 (shop_size) is at least 3");
  CHECK(Words(f, "not(${shop_size} < 3 or answered(${kind}))", false) == "4 (shop_size) is at least 3 and 3 (kind) is not answered");
  CHECK(Words(f, "(${shop_size} > 1 and ${shop_size} <= 9) or ${consent}", true) ==
        "(4 (shop_size) is at most 1 or 4 (shop_size) is more than 9) and 2 (consent) is not Yes");
  CHECK(Words(f, "count_selected(${tools}) > 1", true) == "the number of answers marked at 7 (tools) is at most 1");
  CHECK(Words(f, "${age} != 4", false) == "(age) is not 4");  // not numbered (a repeat child)
  CHECK(Words(f, "if(${consent}, 1, 0) = 1", false) == "if(${consent}, 1, 0) is 1");
  CHECK(Words(f, "coalesce(${kind}, 'x')", true) == "“coalesce(${kind}, 'x')” does not hold");
  CHECK(Words(f, "selected(${kind}, 'shop')", true, "es") == "3 (kind) no es “Tienda” [shop]");
  CHECK(Words(f, "${consent} and ${shop_size} > 2", true, "es") == "2 (consent) no es Sí o 4 (shop_size) es como máximo 2");
}

TEST_CASE("print: skip instructions go to the first item after what they skip", "[print]") {
  Form f = Load(kForm);
  const std::string h = PrintableQuestionnaire(f, "en");
  // One instruction for the run of two shop questions, before the first, going past both.
  CHECK(h.find("<div class=\"skip\">If 3 (kind) is not “Shop” [shop], go to 6 [tools].</div>\n<div class=\"item\" id=\"q-shop_size\">") !=
        std::string::npos);
  CHECK(h.find("go to 5 [") == std::string::npos);
  CHECK(h.find("If 6 (tools) does not include “Van” [van] or 4 (shop_size) is at least 3, go to 8 [people].") != std::string::npos);
  // A section's condition skips the whole section.
  CHECK(h.find("<h2>People</h2>\n<div class=\"skip\">If 2 (consent) is not Yes, go to 10 [last].</div>") != std::string::npos);
  CHECK(h.find("If the number of answers marked at 6 (tools) is at most 1 and the length of the answer to 3 (kind) is not 4, go to the end "
               "of the interview.") != std::string::npos);
  // Repeat children: a column left empty unless its condition holds.
  CHECK(h.find("<code>[minor]</code>: If (age) is at least 18, leave it empty.") != std::string::npos);
  // The calculation is not printed and takes no number.
  CHECK(h.find("[calc]") == std::string::npos);
  CHECK(h.find("<span class=\"num\">10.</span> <span class=\"id\">[last]</span>") != std::string::npos);
}

TEST_CASE("print: ids, choice codes, notes in full, page breaks by section, Spanish", "[print]") {
  Form f = Load(kForm);
  const std::string h = PrintableQuestionnaire(f, "");
  for (const char* id : {"intro", "consent", "kind", "shop_size", "shop_open", "tools", "vans", "people", "members", "age", "minor", "last"})
    CHECK(h.find(std::string("[") + id + "]") != std::string::npos);
  for (const char* code : {"[shop]", "[farm]", "[hoe]", "[van]", "[f]", "[m]", "[true]", "[false]"}) CHECK(h.find(code) != std::string::npos);
  CHECK(h.find("<div class=\"note\">Read this &lt;in full&gt; &amp; slowly.</div>") != std::string::npos);
  CHECK(h.find(".section { break-before: page; page-break-before: always; }") != std::string::npos);
  CHECK(h.find("<section class=\"section first\">") != std::string::npos);
  size_t sections = 0;
  for (size_t at = h.find("<section class=\"section"); at != std::string::npos; at = h.find("<section class=\"section", at + 1)) ++sections;
  CHECK(sections == 3);
  CHECK(h.find("<td>3</td>") != std::string::npos);  // the repeat's three rows
  CHECK(h.find("<td>4</td>") == std::string::npos);
  CHECK(h.find("paper · v2 · en") != std::string::npos);
  const std::string es = PrintableQuestionnaire(f, "es");
  CHECK(es.find("<html lang=\"es\">") != std::string::npos);
  CHECK(es.find("Lea esto completo.") != std::string::npos);
  CHECK(es.find("Si 3 (kind) no es “Tienda” [shop], pase a 6 [tools].") != std::string::npos);
  CHECK(es.find("Marque una.") != std::string::npos);
}

TEST_CASE("print: the built-in protocols, consent text in full in both languages", "[print]") {
  for (const auto& p : BuiltinProtocols()) {
    INFO(p.file_name);
    auto f = ParseForm(p.json, p.file_name);
    REQUIRE(f.ok());
    for (const std::string lang : {"en", "es"}) {
      const std::string h = PrintableQuestionnaire(*f, lang);
      for (const auto& s : f->sections)
        for (const auto& q : s.questions) {
          if (q.type == QuestionType::kCalculate) continue;
          CHECK(h.find("[" + q.id + "]") != std::string::npos);
          if (q.type == QuestionType::kNote) {
            std::string text = f->Text(q.label, lang), esc;
            for (char c : text) esc += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
            CHECK(h.find(esc) != std::string::npos);
          }
          for (const auto& c : q.choices) CHECK(h.find("[" + c.value + "]") != std::string::npos);
        }
      CHECK(h.find("“${") == std::string::npos);  // every condition of the protocols is in words
    }
  }
}

}  // namespace
}  // namespace canvass::forms
