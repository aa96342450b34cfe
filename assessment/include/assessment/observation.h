// Observation: one canonical indicator value for one area and period (SOURCES.md §0),
// the unit every importer produces. Plain values; safe to copy and share across threads.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/value.h"

namespace canvass::assessment {

// Status vocabulary for Observation::status. A value that is not `ok` may still carry a
// number (top_coded 250000, controlled with moe 0, apportioned share); a missing value is
// std::nullopt and is never turned into zero.
namespace obs_status {
inline constexpr const char* kOk = "ok";
inline constexpr const char* kSuppressed = "suppressed";
inline constexpr const char* kNotAvailable = "not_available";
inline constexpr const char* kNotApplicable = "not_applicable";
inline constexpr const char* kControlled = "controlled";
inline constexpr const char* kTopCoded = "top_coded";
inline constexpr const char* kBottomCoded = "bottom_coded";
inline constexpr const char* kApportioned = "apportioned";
inline constexpr const char* kDerived = "derived";
// EDFacts "." (none reported in that cell): stored as 0 with this status (SOURCES.md §11).
inline constexpr const char* kZeroOrNotReported = "zero_or_not_reported";
// A sum over parts (districts, agencies) where some parts were suppressed or unreadable: the
// value is the sum of the parts published, so the true figure is at least this.
inline constexpr const char* kPartial = "partial";
}  // namespace obs_status

// The status in plain words for reports and screens ("" for ok): "partial: at least this
// value (some parts suppressed)", "0 or none reported", ... Unknown statuses come back as is.
std::string StatusLabel(const std::string& status);

struct Observation {
  std::string indicator_id;  // e.g. "saipe.poverty_rate_pct"
  std::string geo_level;     // county|tract|zip|state|coc|nation
  std::string geo_id;        // text, zero-padded: "48163", "TX-607"
  std::string period;        // "2021", "FY2017", "2016Q3", "2016"
  std::optional<double> value;
  std::string unit;          // percent|persons|jobs|count|usd|sq_mi|code|ratio|flag
  std::optional<double> moe;
  std::string status = obs_status::kOk;
  std::string source_kind;   // the importer KIND ("acs", "qcew", ...)
  std::string source_file;   // file name as given
  size_t source_row = 0;     // 1-based line of the (first) contributing record; 0 = aggregate
  core::Value ToValue() const;
};

// A record the importer did not turn into observations, with the reason shown in the preview.
struct SkippedRow {
  size_t line = 0;     // 1-based line in the source file
  std::string reason;  // "line 12, column WORKSITE_COUNTY: county \"Pittsylvania See\" not found in VA"
};

struct SourceMeta {
  std::string kind;       // importer KIND
  std::string file_name;  // base name of the file
  std::string sha256;     // hex of the file's bytes
  size_t bytes = 0;
  size_t records = 0;     // data records read (header rows excluded)
};

// Values per indicator id and status ("ok", "suppressed", ...): what a dry run summarises,
// counted from the observations or as they stream past.
using StatusCounts = std::map<std::string, std::map<std::string, size_t>>;
void CountByStatus(const std::vector<Observation>& obs, StatusCounts* counts);

// What one import gives: the values, the records skipped and why, notes, the file's identity.
// A plain type (storage keeps it); the importers (indicator_import.h) produce it.
struct ImportResult {
  std::vector<Observation> observations;
  std::vector<SkippedRow> skipped;
  std::vector<std::string> notes;  // inferences and joins ("apportioned 3 ZIP values ...")
  SourceMeta source;
  size_t observations_streamed = 0;  // with ImportRequest::on_batch: how many were handed over
  // A one-screen summary for --dry-run: counts by indicator, first skipped rows, notes.
  std::string Preview(size_t max_lines = 40) const;
  // The same from counts gathered while the values streamed (the observations were not kept).
  std::string Preview(const StatusCounts& counts, size_t max_lines = 40) const;
};

}  // namespace canvass::assessment
