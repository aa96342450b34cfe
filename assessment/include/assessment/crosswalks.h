// Crosswalk tables the importers join through: HUD-USPS ZIP→county, CoC↔county, and the
// Census gazetteer as a county name→FIPS matcher. Built once from parsed CSV tables, then
// read-only: safe to share between threads. Owns its data.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

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

// Gazetteer counties (USPS, GEOID, NAME, ALAND_SQMI, ...) as a name matcher.
struct CountyNameIndex {
  std::string name;
  // key: 2-letter state + "|" + normalised county name ("TX|frio").
  std::map<std::string, std::string> fips_by_state_name;
  // Returns the FIPS for a state (abbreviation, FIPS or full name) and a county name
  // ("Frio", "FRIO COUNTY", "Doña Ana", "St. Louis city"), or nullopt.
  std::optional<std::string> Match(const std::string& state, const std::string& county) const;
  bool empty() const { return fips_by_state_name.empty(); }
};
core::Result<CountyNameIndex> CountyNameIndexFromTable(const CsvTable& t, const std::string& name);

// "FRIO County" -> "frio"; strips County/Parish/Borough/Census Area/Municipality/city
// suffixes, a leading '.', accents (ñ→n), punctuation; "Saint"→"st".
std::string NormalizeCountyName(const std::string& name);
// "TX", "48", "Texas", "TEXAS" -> "TX"; "" if unknown.
std::string StateAbbr(const std::string& state);
// "TX" -> "48"; "" if unknown.
std::string StateFips(const std::string& abbr);

}  // namespace canvass::assessment
