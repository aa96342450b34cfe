// Test fixtures shared by the assessment screen's tests: the real county boundaries subset and
// the Census internal points of the Texas counties (tests/data, docs in tests/data/README.md).
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "app/demo.h"
#include "assessment/csv_reader.h"
#include "assessment_map.h"

namespace canvass::testing {

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Counties of AK, CT, SD, TX and VA (plotly's geojson-counties-fips, a subset).
inline const std::string& CountySubset() {
  static const std::string s = ReadText(std::string(CANVASS_TEST_DATA) + "/geo/geojson-counties-fips.subset_AK_CT_SD_TX_VA.json");
  return s;
}

// Census internal points of the Texas counties: GEOID -> (lon, lat).
inline std::map<std::string, gui::MapPt> TexasInternalPoints() {
  auto t = assessment::ParseCsv(app::DemoResource("gazetteer_2016_tx_counties.tsv"), "gazetteer");
  REQUIRE(t.ok());
  REQUIRE_FALSE(t->rows.empty());
  const auto& h = t->rows[0];
  int id = assessment::ColumnIndex(h, "GEOID"), lat = assessment::ColumnIndex(h, "INTPTLAT"), lon = assessment::ColumnIndex(h, "INTPTLONG");
  REQUIRE((id >= 0 && lat >= 0 && lon >= 0));
  std::map<std::string, gui::MapPt> out;
  for (size_t r = 1; r < t->rows.size(); ++r) {
    const auto& row = t->rows[r];
    out[row[static_cast<size_t>(id)]] = {std::stod(row[static_cast<size_t>(lon)]), std::stod(row[static_cast<size_t>(lat)])};
  }
  return out;
}

}  // namespace canvass::testing
