// Border-county indicator: 1 for counties on an international border (built-in list) or
// adjacent to a county in another state (Census county adjacency file), else 0; and the
// neighbour lists themselves, stored as pair observations, for spill-over. Pure.
#pragma once

#include <map>
#include <optional>
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

// The adjacency kept for spill-over (an area next to high-risk areas): one observation per
// ordered pair of different neighbouring counties, indicator kNeighborIndicator, geo_level
// kNeighborLevel, geo_id "01001:01021" (county, neighbour), value 1, unit flag. Each pair is
// stored both ways (the file lists both). The scoring ignores this level; read it back with
// NeighborsFromObservations.
inline constexpr const char kNeighborIndicator[] = "adjacency.neighbor";
inline constexpr const char kNeighborLevel[] = "county_pair";
core::Result<std::vector<Observation>> NeighborPairs(const CsvTable& adjacency, const std::string& source,
                                                     const std::string& period);

// County FIPS -> its neighbours (sorted, itself excluded), from the pair observations of the
// latest period among `obs` (other observations are ignored). Empty when none were imported.
using NeighborMap = std::map<std::string, std::vector<std::string>>;
NeighborMap NeighborsFromObservations(const std::vector<Observation>& obs);

// Of an area's neighbours, how many there are, how many have a value in `value_of`, and the
// mean and largest of those values (empty when none has one).
struct NeighborSummary {
  int neighbors = 0, with_value = 0;
  std::optional<double> mean, max;
};
NeighborSummary SummarizeNeighbors(const NeighborMap& neighbors, const std::string& area,
                                   const std::map<std::string, double>& value_of);

}  // namespace canvass::assessment
