// Border-county flags from lines in the Census county adjacency layout.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "assessment/border.h"
#include "core/value.h"

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

// The Texas part of the built-in international list, checked against real geometry: a county
// edge that no other Texas county shares is a state line, the Gulf coast or the Rio Grande.
// Edges in the Rio Grande's reach (south of 26.0°N, where only Cameron's river bank lies, or
// west of 98.3°W and south of 31.9°N, away from the Gulf and the New Mexico line) are the
// Mexico border, so the Texas counties owning such edges must be exactly the built-in ones.
TEST_CASE("Border flags: the Texas Mexico-border counties match the county polygons") {
  auto geo = canvass::core::ParseJsonFile(std::string(CANVASS_TEST_DATA) +
                                          "/geo/geojson-counties-fips.subset_AK_CT_SD_TX_VA.json");
  REQUIRE(geo.ok());
  using Pt = std::pair<double, double>;
  std::map<std::pair<Pt, Pt>, std::vector<std::string>> edges;
  std::set<std::string> states_in_file;
  const auto* features = geo->Find("features");
  REQUIRE(features);
  for (const auto& f : features->as_array()) {
    std::string id = f.Find("id")->as_string();
    states_in_file.insert(id.substr(0, 2));
    if (id.compare(0, 2, "48") != 0) continue;
    const auto& g = *f.Find("geometry");
    std::vector<const canvass::core::Value*> rings;
    if (g.Find("type")->as_string() == "Polygon") {
      for (const auto& r : g.Find("coordinates")->as_array()) rings.push_back(&r);
    } else {
      for (const auto& p : g.Find("coordinates")->as_array())
        for (const auto& r : p.as_array()) rings.push_back(&r);
    }
    for (const auto* r : rings) {
      const auto& pts = r->as_array();
      for (size_t i = 0; i + 1 < pts.size(); ++i) {
        Pt a{pts[i].as_array()[0].as_number(), pts[i].as_array()[1].as_number()};
        Pt b{pts[i + 1].as_array()[0].as_number(), pts[i + 1].as_array()[1].as_number()};
        edges[std::minmax(a, b)].push_back(id);
      }
    }
  }
  auto on_rio_grande = [](const Pt& p) { return p.second < 26.0 || (p.first < -98.3 && p.second < 31.9); };
  std::set<std::string> from_geometry;
  for (const auto& [e, owners] : edges)
    if (owners.size() == 1 && on_rio_grande(e.first) && on_rio_grande(e.second)) from_geometry.insert(owners[0]);

  std::set<std::string> built_in_tx;
  for (const auto& fips : InternationalBorderCounties()) {
    if (fips.compare(0, 2, "48") == 0) built_in_tx.insert(fips);
    // Connecticut, South Dakota and Virginia touch no other country.
    CHECK(fips.compare(0, 2, "09") != 0);
    CHECK(fips.compare(0, 2, "46") != 0);
    CHECK(fips.compare(0, 2, "51") != 0);
  }
  CHECK(states_in_file.count("48") == 1);
  CHECK(from_geometry.size() == 13);
  CHECK(from_geometry == built_in_tx);
}
