// assess --geojson through the real executable on the demo workspace: one feature per area
// with a polygon, every property equal to the same run's scores CSV (the report's published
// values), whole counts never between 1 and threshold-1, geometry copied from the boundaries;
// a bad boundary file writes nothing.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/value.h"
#include "demo_cli.h"
#include "test_support.h"

using canvass::core::Value;
using canvass::testing::DemoCli;
using canvass::testing::ReadAll;
using canvass::testing::Run;
using canvass::testing::TempDir;

namespace {

using Demo = DemoCli;

// The scores CSV (no quoted commas in the demo's area names) by area id: column -> text.
std::map<std::string, std::map<std::string, std::string>> ScoresById(const std::string& csv) {
  std::map<std::string, std::map<std::string, std::string>> out;
  std::istringstream in(csv);
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& s) {
    std::vector<std::string> v;
    std::stringstream ss(s);
    for (std::string c; std::getline(ss, c, ',');) v.push_back(c);
    if (!s.empty() && s.back() == ',') v.emplace_back();
    return v;
  };
  while (std::getline(in, line)) {
    auto cells = split(line);
    if (header.empty()) { header = cells; continue; }
    REQUIRE(cells.size() == header.size());
    auto& row = out[cells[3]];
    for (size_t i = 0; i < header.size(); ++i) row[header[i]] = cells[i];
  }
  return out;
}

std::string Text(const Value* v, const char* fmt = "%.0f") {
  if (!v || v->is_null()) return "";
  if (v->is_string()) return v->as_string();
  char b[32];
  std::snprintf(b, sizeof b, fmt, v->as_number());
  return b;
}

}  // namespace

TEST_CASE("assess --geojson: the report's published values per area on the map's boundaries") {
  Demo d;
  std::string out;
  const std::string geo = d.dir.File("areas.geojson"), csv = d.dir.File("scores.csv");
  REQUIRE(d("assess " + d.ws + " --geojson " + geo + " --csv " + csv, &out) == 0);
  CHECK(out.find("GeoJSON: " + geo + " (254 areas on ") != std::string::npos);
  CHECK(out.find("no polygon") == std::string::npos);  // every area of the demo is a county on the map
  auto doc = canvass::core::ParseJson(ReadAll(geo), "areas.geojson");
  REQUIRE(doc.ok());
  CHECK(doc->Find("type")->as_string() == "FeatureCollection");
  CHECK(doc->Find("canvass")->Find("suppression_threshold")->as_number() == 11);
  CHECK(doc->Find("canvass")->Find("draft")->as_bool() == false);
  const auto scores = ScoresById(ReadAll(csv));
  const auto& features = doc->Find("features")->as_array();
  REQUIRE(features.size() == 254);
  size_t withheld = 0, shown = 0;
  for (const Value& f : features) {
    const Value& p = *f.Find("properties");
    const std::string id = p.Find("area_id")->as_string();
    INFO(id);
    CHECK(f.Find("id")->as_string() == id);
    const std::string type = f.Find("geometry")->Find("type")->as_string();
    CHECK((type == "Polygon" || type == "MultiPolygon"));
    REQUIRE(scores.count(id));
    const auto& row = scores.at(id);
    CHECK(Text(p.Find("rank")) == row.at("rank"));
    CHECK(Text(p.Find("rank_low")) == row.at("rank_low"));
    CHECK(Text(p.Find("rank_high")) == row.at("rank_high"));
    CHECK(Text(p.Find("composite"), "%.2f") == row.at("composite"));
    CHECK(Text(p.Find("coverage_pct")) == row.at("coverage_pct"));
    CHECK(Text(p.Find("factor_economic_instability"), "%.1f") == row.at("factor_economic_instability"));
    CHECK(Text(p.Find("drivers")) == row.at("drivers"));
    CHECK(p.Find("in_gap_analysis")->as_bool() == (row.at("in_gap_analysis") == "yes"));
    // Counts exactly as published: the text of the report; a number only when shown, never 1..10.
    for (const auto& [name, column] : {std::pair<std::string, std::string>{"stakeholders_concerned", "stakeholders_concerned"},
                                       {"tips", "tips"}, {"victims_served", "victims_served"}}) {
      CHECK(p.Find(name + "_text")->as_string() == row.at(column));
      const Value* n = p.Find(name);
      if (row.at(column) == "withheld") {
        CHECK(n->is_null());
        ++withheld;
      } else if (!n->is_null()) {
        CHECK(n->as_number() == std::stod(row.at(column)));
        // A count (a whole number) is 0 or at least the threshold; an apportioned estimate of a
        // sheet's figure is shown with one decimal, as in the report.
        if (row.at(column).find('.') == std::string::npos) CHECK((n->as_number() == 0 || n->as_number() >= 11));
        ++shown;
      }
    }
  }
  CHECK(withheld > 0);
  CHECK(shown > 0);

  // With one square for Frio County: one feature, its geometry as given.
  const std::string frio = d.dir.File("frio.geojson");
  const std::string square = "{\"type\":\"Polygon\",\"coordinates\":[[[-99.4,28.6],[-98.8,28.6],[-98.8,29.1],[-99.4,29.1],[-99.4,28.6]]]}";
  canvass::testing::WriteAll(frio, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"48163\",\"properties\":{},"
                                   "\"geometry\":" + square + "}]}");
  const std::string one = d.dir.File("one.geojson");
  REQUIRE(d("assess " + d.ws + " --geojson " + one + " --boundaries " + frio + " --not-for-release", &out) == 0);
  auto small = canvass::core::ParseJson(ReadAll(one), "one.geojson");
  REQUIRE(small.ok());
  REQUIRE(small->Find("features")->as_array().size() == 1);
  CHECK(small->Find("features")->as_array()[0].Find("geometry")->ToJson() == canvass::core::ParseJson(square, "s")->ToJson());
  CHECK(small->Find("canvass")->Find("draft")->as_bool());

  // A boundary file that is not GeoJSON: one line, nothing written.
  const std::string bad = d.dir.File("bad.geojson"), none = d.dir.File("none.geojson"), html = d.dir.File("none.html");
  canvass::testing::WriteAll(bad, "[1, 2, 3]");
  CHECK(d("assess " + d.ws + " --geojson " + none + " --out " + html + " --boundaries " + bad + " --not-for-release", &out) == 1);
  CHECK(out.find("canvass-cli: error: ") == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);
  CHECK(canvass::testing::ListDir(d.dir.path()) ==
        std::vector<std::string>{"areas.geojson", "bad.geojson", "d", "frio.geojson", "one.geojson", "scores.csv"});
}
