// Indicator importers: turn one published data file (ACS, PEP, SAIPE, RUCC, QCEW, WHD, OFLC,
// PIT, gazetteer, LAUS, UCR, EDFacts, county adjacency, or any CSV through a column mapping)
// into canonical Observations, with
// every skipped record and every inference reported. Pure: reads the file named in the
// request (or the bytes given) and nothing else; the result is a value owned by the caller.
// ImportIndicators is reentrant (no shared mutable state) once core::InitCrypto() ran.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "assessment/crosswalks.h"
#include "assessment/observation.h"
#include "core/status.h"
#include "core/value.h"

namespace canvass::assessment {

// The --source KIND names are part of the CLI interface. kAuto recognises the file's layout
// from its header (DetectSource) and imports it as that kind, or refuses when unsure.
enum class SourceKind {
  kAcs, kPep, kSaipe, kRucc, kQcew, kWhd, kOflc, kPit, kGazetteer, kGeneric,
  kLaus, kUcr, kEdfacts, kAdjacency, kAuto
};
const char* SourceKindName(SourceKind k);
bool ParseSourceKind(const std::string& name, SourceKind* out);
// "acs, pep, ..., auto": every KIND name, for usage lines.
std::string SourceKindList();
// What the layout is, in plain words ("BLS LAUS county annual averages").
const char* SourceKindTitle(SourceKind k);

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
  // Long tables keyed by county NAME (KIDS COUNT: LocationType, Location, TimeFrame,
  // DataFormat, Data): name_column instead of id_column, matched within `state` (or the
  // state named in state_column) through the county-name matcher; period_column instead of
  // period; rows kept only where every filter column equals its value (case-insensitive).
  // Any of these makes the saved profile version 2.
  std::string name_column, state, state_column, period_column;
  std::vector<std::pair<std::string, std::string>> filters;  // column, value
  core::Value ToProfileJson() const;
  static core::Result<GenericMapping> FromProfileJson(const core::Value& v, const std::string& source);
};

struct ImportOptions {
  std::string period;                    // overrides the period inferred from the file
  std::vector<std::string> acs_columns;  // ACS estimate columns ("S1701_C03_001E"); empty = defaults
  std::vector<std::string> qcew_industries;  // NAICS codes; empty = trafficking-relevant default set
  std::string whd_ratio = "BUS_RATIO";   // ZIP→county ratio column used to apportion WHD cases
  GenericMapping generic;                // KIND generic
  // County populations (FIPS → persons) used to apportion multi-county CoCs (PIT) and
  // multi-county agencies (UCR, policy split).
  std::map<std::string, double> county_population;
  // UCR agencies that list several counties ("ADAMS, ARAPAHOE, DOUGLAS"): kSplit shares the
  // counts among them (by county population when known for all, else equally; apportioned);
  // kFirst gives all to the first county named; kState counts them in the state total only.
  enum class MultiCounty { kSplit, kFirst, kState };
  MultiCounty multi_county = MultiCounty::kSplit;
};
bool ParseMultiCounty(const std::string& name, ImportOptions::MultiCounty* out);

// Parsed join tables, each optional; importers that need one say so in their error.
struct Crosswalks {
  const ZipCountyCrosswalk* zip_county = nullptr;   // WHD
  const CocCountyCrosswalk* coc_county = nullptr;   // PIT
  const CountyNameIndex* county_names = nullptr;    // OFLC worksite names, PEP annres NAME, UCR, generic by name
  const LeaCountyCrosswalk* lea_county = nullptr;   // EDFacts school districts
};

struct ImportRequest {
  SourceKind kind = SourceKind::kGeneric;
  std::string path;   // file to read; or leave empty and set bytes + name
  std::string bytes;
  std::string name;   // display name when bytes are given
  std::string sheet;  // a workbook (.xlsx): the sheet to read; "" = the first sheet with data
  ImportOptions options;
  Crosswalks crosswalks;
  size_t max_bytes = 512u << 20;
  size_t max_observations = 20u << 20;
  // Streaming: when set, observations are handed over in batches, in file order, and the
  // result's `observations` stays empty (observations_streamed counts them). A generic
  // table named by `path` is then read in pieces of stream_piece_bytes, so memory does not
  // grow with the file; other kinds read the whole file and hand their result over in batches.
  // 64 KiB: a piece's rows and observations stay in cache, and the import holds about 45 MB
  // instead of 117 MB with 2 MiB pieces, for less CPU (docs/performance.md).
  // An error from on_batch ends the import with that error.
  std::function<core::Status(std::vector<Observation>* batch)> on_batch;
  size_t stream_piece_bytes = 64u << 10;
};

// ImportResult: assessment/observation.h (storage keeps it, below the importers).

// The kinds whose layout a parsed file fits, judged from its first 60 records (header
// names; for adjacency, the shape of its lines). `found` says what the file looks like in
// plain words ("BLS LAUS county annual averages (header on line 5)"), one per candidate. Generic is never a candidate: it reads any table through a mapping.
struct SourceGuess {
  std::vector<SourceKind> candidates;
  std::vector<std::string> found;  // one per candidate
  // KIDS COUNT–style long table: imported through a generic profile, not a KIND.
  bool kids_count = false;
  std::string first_record;  // for messages
};
SourceGuess DetectSource(const CsvTable& table);
// The same over the first MiB of a file (cut at a line end), for callers that must know the
// kind before they read the whole file (the CLI prepares joins by kind).
// A workbook (.xlsx) is read whole, sheet `sheet` ("" = the first with data).
core::Result<SourceGuess> DetectSourceFile(const std::string& path, const std::string& sheet = "");
// The one kind of a guess, or an error naming the file and listing the candidates (or
// saying that none fits and what to pass).
core::Result<SourceKind> ResolveSource(const SourceGuess& g, const std::string& file);

// Imports one file. Structural problems (unreadable file, missing columns, unclosed quote,
// wrong encoding, missing crosswalk) are errors naming file, line and column; bad records
// are skipped with a reason. Never throws.
core::Result<ImportResult> ImportIndicators(const ImportRequest& request);

}  // namespace canvass::assessment
