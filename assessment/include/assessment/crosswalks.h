// Crosswalk tables the importers join through: HUD-USPS ZIP→county, CoC↔county, NCES school
// district→county, and the Census gazetteer as a county name→FIPS matcher. Built once from parsed CSV tables, then
// read-only: safe to share between threads. Owns its data.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assessment/area.h"
#include "assessment/csv_reader.h"
#include "core/status.h"

namespace canvass::assessment {

// HUD-USPS ZIP_COUNTY_MMYYYY: ZIP, COUNTY, RES_RATIO, BUS_RATIO, OTH_RATIO, TOT_RATIO.
struct ZipCountyShare {
  std::string county;  // 5-char FIPS
  double res = 0, bus = 0, oth = 0, tot = 0;
};
struct ZipCountyCrosswalk {
  std::string name;  // file name, quoted in notes
  std::map<std::string, std::vector<ZipCountyShare>> by_zip;
};
core::Result<ZipCountyCrosswalk> ZipCountyFromTable(const CsvTable& t, const std::string& name);

// county_coc_match: county_fips, coc_number, n_counties_in_coc, pct_cnty_pop_coc
// (percent of the COUNTY's population that lives in the CoC).
struct CocCountyLink {
  std::string county;
  double pct_county_pop_in_coc = 0;
};
struct CocCountyCrosswalk {
  std::string name;
  std::map<std::string, std::vector<CocCountyLink>> by_coc;
};
core::Result<CocCountyCrosswalk> CocCountyFromTable(const CsvTable& t, const std::string& name);

// NCES EDGE school-district geocodes (EDGE_GEOCODE_PUBLICLEA_yyyy: LEAID, NAME, ..., CNTY,
// NMCNTY, LAT, LON): the county of each district's office. Columns are found by name (LEAID;
// CNTY, else CONUM); LEAID re-padded to 7 digits, the county to 5. A district with a blank
// county is left out (its rows are reported as unmatched by the importer).
struct LeaCountyCrosswalk {
  std::string name;
  std::map<std::string, std::string> county_of;  // LEAID -> county FIPS
  size_t blank_county = 0;
};
core::Result<LeaCountyCrosswalk> LeaCountyFromTable(const CsvTable& t, const std::string& name);

// County names split into the name proper and its legal type: "Fairfax city" is
// {"fairfax", "city"}, "FAIRFAX COUNTY" {"fairfax", "county"}, "Frio" {"frio", ""}.
// Types: county, parish, borough, city and borough, census area, municipality, municipio,
// city. The name is lower case without accents, punctuation or spaces; "Saint" -> "st".
struct CountyName {
  std::string base, type;
};
CountyName SplitCountyName(const std::string& name);
// The name proper alone (SplitCountyName(name).base).
std::string NormalizeCountyName(const std::string& name);

// County names of a state -> FIPS, as a matcher that never takes one county for another:
// a name with its type must match that type ("Fairfax city" is never Fairfax County); a
// county-equivalent type matches another county-equivalent only when it is the one of that
// name in the state ("Franklin County, Louisiana" -> Franklin Parish). A name without a type
// that fits both a county and a city of the state is ambiguous: the county is taken (worksite
// and agency fields name counties) and *ambiguous is set so the importer reports it.
struct CountyNameIndex {
  struct Entry {
    std::string type, fips, name;  // name as written in the source, for messages
  };
  std::string name;  // where the names come from (a gazetteer file, "this workspace's areas")
  // key: 2-letter state + "|" + name proper ("VA|fairfax"): every county of that name.
  std::map<std::string, std::vector<Entry>> by_state_name;
  std::vector<std::string> duplicates;  // "VA|Fairfax County" listed twice with two FIPS, first examples

  // Adds one county; a second FIPS for the same state, name and type is kept out (and noted).
  void Add(const std::string& state_abbr, const std::string& county_name, const std::string& fips);
  // The FIPS for a state (abbreviation, FIPS or full name) and a county name ("Frio",
  // "FRIO COUNTY", "Doña Ana", "St. Louis city"), or nullopt.
  std::optional<std::string> Match(const std::string& state, const std::string& county, bool* ambiguous = nullptr) const;
  bool empty() const { return by_state_name.empty(); }
  size_t size() const;
};
// Gazetteer counties (USPS, GEOID, NAME, ALAND_SQMI, ...).
core::Result<CountyNameIndex> CountyNameIndexFromTable(const CsvTable& t, const std::string& name);
// The county-level areas of a workspace (5-digit FIPS id and name, e.g. from `areas import`
// of the gazetteer), so that name-keyed sources need no --gazetteer when the areas are there.
CountyNameIndex CountyNameIndexFromAreas(const std::vector<Area>& areas, const std::string& name);

// "TX", "48", "Texas", "TEXAS" -> "TX"; "" if unknown.
std::string StateAbbr(const std::string& state);
// "TX" -> "48"; "" if unknown.
std::string StateFips(const std::string& abbr);

}  // namespace canvass::assessment
