// Border-county flags from lines in the Census county adjacency layout.
#include <catch2/catch.hpp>

#include "assessment/border.h"

using namespace canvass::assessment;

namespace {
double Flag(const std::vector<Observation>& obs, const std::string& id, const std::string& geo) {
  for (const auto& o : obs)
    if (o.indicator_id == id && o.geo_id == geo) return *o.value;
  return -1;
}
}  // namespace

TEST_CASE("Border flags: state line from adjacency, international from the built-in list") {
  std::string text =
      "\"Frio County, TX\"\t48163\t\"Frio County, TX\"\t48163\n"
      "\t\t\"Atascosa County, TX\"\t48013\n"
      "\"El Paso County, TX\"\t48141\t\"El Paso County, TX\"\t48141\n"
      "\t\t\"Dona Ana County, NM\"\t35013\n"
      "\t\t\"Otero County, NM\"\t35035\n"
      "\"Bowie County, TX\"\t48037\t\"Bowie County, TX\"\t48037\n"
      "\t\t\"Miller County, AR\"\t05091\n";
  CsvOptions o;
  o.delimiter = '\t';
  auto t = ParseCsv(text, "county_adjacency.txt", o);
  REQUIRE(t.ok());
  auto obs = BorderIndicators(t.value(), "county_adjacency.txt", "2010");
  REQUIRE(obs.ok());
  CHECK(Flag(*obs, "border.state_line", "48163") == 0);
  CHECK(Flag(*obs, "border.any", "48163") == 0);
  CHECK(Flag(*obs, "border.state_line", "48141") == 1);
  CHECK(Flag(*obs, "border.international", "48141") == 1);
  CHECK(Flag(*obs, "border.state_line", "48037") == 1);
  CHECK(Flag(*obs, "border.international", "48037") == 0);
  CHECK(obs->size() == 9);
}

TEST_CASE("Border flags: malformed adjacency line is an error with file and line") {
  CsvOptions o;
  o.delimiter = '\t';
  auto t = ParseCsv("\"Frio County, TX\"\t48163\t\"Frio County, TX\"\t48163\n\t\tAtascosa\n", "adj.txt", o);
  REQUIRE(t.ok());
  auto obs = BorderIndicators(t.value(), "adj.txt", "2010");
  REQUIRE_FALSE(obs.ok());
  CHECK(obs.status().message().find("adj.txt:2") != std::string::npos);
}
