// Shared helpers for the assessment tests: data paths, crosswalk loading, lookups.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "assessment/crosswalks.h"
#include "assessment/csv_reader.h"
#include "assessment/indicator_import.h"

namespace canvass::assessment::testing {

inline std::string DataPath(const std::string& rel) { return std::string(CANVASS_TEST_DATA) + "/" + rel; }

inline CountyNameIndex Gazetteer() {
  auto t = ReadCsvFile(DataPath("geo/2016_Gaz_counties_national.txt"));
  auto idx = CountyNameIndexFromTable(t.value(), "2016_Gaz_counties_national.txt");
  return idx.value();
}
inline ZipCountyCrosswalk ZipCounty() {
  auto t = ReadCsvFile(DataPath("geo/ZIP_COUNTY_032023.TX_plus_whd_sample_zips.csv"));
  return ZipCountyFromTable(t.value(), "ZIP_COUNTY_032023.TX_plus_whd_sample_zips.csv").value();
}
inline CocCountyCrosswalk CocCounty() {
  auto t = ReadCsvFile(DataPath("hud_pit/county_coc_match_2017_byrne.csv"));
  return CocCountyFromTable(t.value(), "county_coc_match_2017_byrne.csv").value();
}

inline ImportResult Import(SourceKind kind, const std::string& rel, ImportOptions opts = {}, Crosswalks xw = {}) {
  ImportRequest req;
  req.kind = kind;
  req.path = DataPath(rel);
  req.options = std::move(opts);
  req.crosswalks = xw;
  auto r = ImportIndicators(req);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

// The single observation with these keys (fails the test when absent or duplicated).
inline const Observation& Find(const ImportResult& r, const std::string& id, const std::string& geo,
                               const std::string& period) {
  const Observation* hit = nullptr;
  size_t n = 0;
  for (const auto& o : r.observations)
    if (o.indicator_id == id && o.geo_id == geo && o.period == period) { hit = &o; ++n; }
  INFO(id << " " << geo << " " << period);
  REQUIRE(n == 1);
  return *hit;
}

inline size_t Count(const ImportResult& r, const std::string& id) {
  size_t n = 0;
  for (const auto& o : r.observations) n += o.indicator_id == id ? 1 : 0;
  return n;
}

// The bytes of a file (tests/data copies are read, never changed).
inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A temp directory for damaged copies and built files; removed with the object.
struct ScratchDir {
  std::filesystem::path dir;
  ScratchDir() {
    dir = std::filesystem::temp_directory_path() /
          ("canvass_import_" + std::to_string(reinterpret_cast<uintptr_t>(this)) + "_" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string Write(const std::string& name, const std::string& bytes) const {
    auto p = dir / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
};

// Imports bytes given in memory under a file name (the name carries years, FY, school years).
inline canvass::core::Result<ImportResult> ImportBytes(SourceKind kind, const std::string& name, const std::string& bytes,
                                                       ImportOptions opts = {}, Crosswalks xw = {}) {
  ImportRequest req;
  req.kind = kind;
  req.name = name;
  req.bytes = bytes;
  req.options = std::move(opts);
  req.crosswalks = xw;
  return ImportIndicators(req);
}

// Whether the result holds an observation with these keys.
inline bool Has(const ImportResult& r, const std::string& id, const std::string& geo, const std::string& period) {
  for (const auto& o : r.observations)
    if (o.indicator_id == id && o.geo_id == geo && o.period == period) return true;
  return false;
}

}  // namespace canvass::assessment::testing
