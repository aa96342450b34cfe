// Areas from a table: the Census gazetteer, or any CSV/TSV with an id and a name column.
// Geography keys stay text and are re-padded where Excel stripped leading zeros.
#pragma once

#include <string>
#include <vector>

#include "assessment/csv_reader.h"
#include "core/status.h"
#include "assessment/area.h"

namespace canvass::assessment {

struct AreaTableOptions {
  std::string id_column;     // "" = first of GEOID, GEO_ID, FIPS, id, zip found
  std::string name_column;   // "" = first of NAME, name, area_name found
  std::string level;         // "" = inferred: 5 digits county, 11 digits tract, else custom
  std::string parent_column; // optional: parent area id (custom places)
};

struct AreaTable {
  std::vector<Area> areas;
  std::string level;          // the level used
  std::vector<std::string> notes;  // what was inferred, e.g. "level county inferred from 5-digit ids"
};

// Reads areas from a parsed table. Errors name the file and line.
core::Result<AreaTable> AreasFromTable(const CsvTable& t, const std::string& source, const AreaTableOptions& o);

// Normalises a geography key: strips a Census GEO_ID prefix ("0500000US48163" -> "48163")
// and re-pads digit-only ids to the level's width (county 5, tract 11, zip 5, state 2).
std::string NormalizeGeoId(const std::string& raw, const std::string& level);

}  // namespace canvass::assessment
