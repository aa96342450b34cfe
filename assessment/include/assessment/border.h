// Border-county indicator: 1 for counties on an international border (built-in list) or
// adjacent to a county in another state (Census county adjacency file), else 0. Pure.
#pragma once

#include <string>
#include <vector>

#include "assessment/csv_reader.h"
#include "assessment/observation.h"
#include "core/status.h"

namespace canvass::assessment {

// Counties touching the Mexico or Canada land border (FIPS), from the Census TIGER county
// and international boundary lines; see docs/indicators.md for the list's source.
const std::vector<std::string>& InternationalBorderCounties();

// Reads a county adjacency table ("County, ST"\tGEOID\t"Neighbor, ST"\tGEOID, continuation
// lines with two empty leading fields) and returns, per county listed:
//   border.state_line (flag 0/1), border.international (flag 0/1), border.any (flag 0/1).
// `period` is stamped on each observation (e.g. "2010").
core::Result<std::vector<Observation>> BorderIndicators(const CsvTable& adjacency, const std::string& source,
                                                        const std::string& period);

}  // namespace canvass::assessment
