// Tests of the built-in protocols: every embedded file parses, ids are unique, en+es present.
#include "forms/protocols.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "forms/form_parser.h"

namespace canvass::forms {
namespace {

TEST_CASE("every built-in protocol parses and is bilingual", "[protocols]") {
  const std::vector<BuiltinProtocol>& all = BuiltinProtocols();
  REQUIRE(all.size() >= 5);
  std::set<std::string> ids;
  for (const BuiltinProtocol& p : all) {
    INFO(p.file_name);
    auto form = ParseForm(p.json, "built-in protocol " + p.file_name);
    if (!form.ok()) FAIL_CHECK(form.status().message());
    if (!form.ok()) continue;
    CHECK(p.file_name == form->id + ".json");  // file named after the form id
    CHECK(ids.insert(form->id).second);        // ids unique across protocols
    const auto& langs = form->languages;
    CHECK(std::find(langs.begin(), langs.end(), "en") != langs.end());
    CHECK(std::find(langs.begin(), langs.end(), "es") != langs.end());
    auto again = ParseFormValue(FormToValue(*form), "canonical " + p.file_name);
    if (!again.ok()) FAIL_CHECK(again.status().message());
  }
}

}  // namespace
}  // namespace canvass::forms
