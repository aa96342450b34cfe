// Indicator importers: turn one published data file (ACS, PEP, SAIPE, RUCC, QCEW, WHD, OFLC,
// PIT, gazetteer, or any CSV through a column mapping) into canonical Observations, with
// every skipped record and every inference reported. Pure: reads the file named in the
// request (or the bytes given) and nothing else; the result is a value owned by the caller.
// ImportIndicators is reentrant (no shared mutable state) once core::InitCrypto() ran.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "assessment/crosswalks.h"
#include "assessment/observation.h"
#include "core/status.h"
#include "core/value.h"

namespace canvass::assessment {

// The --source KIND names are part of the CLI interface.
enum class SourceKind { kAcs, kPep, kSaipe, kRucc, kQcew, kWhd, kOflc, kPit, kGazetteer, kGeneric };
const char* SourceKindName(SourceKind k);
bool ParseSourceKind(const std::string& name, SourceKind* out);

// Column mapping for the generic importer; saved as a reusable profile JSON:
// {"format":"canvass.indicator_profile","version":1,"id_column":"FIPS",...}.
struct GenericMapping {
  std::string id_column;       // --id-column
  std::string value_column;    // --value-column
  std::string indicator;       // --indicator NAME (e.g. "local.shelter_beds")
  std::string period;          // --period P
  std::string id_level = "county";  // --id-level county|zip|tract|coc|state
  std::string unit = "count";
  std::string moe_column;      // optional
  std::vector<std::string> missing_codes = {"", "NA", "N/A", "null", "."};  // --missing
  std::vector<std::string> suppressed_codes = {"S", "*", "(S)", "(D)"};
  core::Value ToProfileJson() const;
  static core::Result<GenericMapping> FromProfileJson(const core::Value& v, const std::string& source);
};

struct ImportOptions {
  std::string period;                    // overrides the period inferred from the file
  std::vector<std::string> acs_columns;  // ACS estimate columns ("S1701_C03_001E"); empty = defaults
  std::vector<std::string> qcew_industries;  // NAICS codes; empty = trafficking-relevant default set
  std::string whd_ratio = "BUS_RATIO";   // ZIP→county ratio column used to apportion WHD cases
  GenericMapping generic;                // KIND generic
  // County populations (FIPS → persons) used to apportion multi-county CoCs (PIT).
  std::map<std::string, double> county_population;
};

// Parsed join tables, each optional; importers that need one say so in their error.
struct Crosswalks {
  const ZipCountyCrosswalk* zip_county = nullptr;   // WHD
  const CocCountyCrosswalk* coc_county = nullptr;   // PIT
  const CountyNameIndex* county_names = nullptr;    // OFLC worksite names, PEP annres NAME
};

struct ImportRequest {
  SourceKind kind = SourceKind::kGeneric;
  std::string path;   // file to read; or leave empty and set bytes + name
  std::string bytes;
  std::string name;   // display name when bytes are given
  ImportOptions options;
  Crosswalks crosswalks;
  size_t max_bytes = 512u << 20;
  size_t max_observations = 20u << 20;
};

struct ImportResult {
  std::vector<Observation> observations;
  std::vector<SkippedRow> skipped;
  std::vector<std::string> notes;  // inferences and joins ("apportioned 3 ZIP values ...")
  SourceMeta source;
  // A one-screen summary for --dry-run: counts by indicator, first skipped rows, notes.
  std::string Preview(size_t max_lines = 40) const;
};

// Imports one file. Structural problems (unreadable file, missing columns, unclosed quote,
// wrong encoding, missing crosswalk) are errors naming file, line and column; bad records
// are skipped with a reason. Never throws.
core::Result<ImportResult> ImportIndicators(const ImportRequest& request);

}  // namespace canvass::assessment
