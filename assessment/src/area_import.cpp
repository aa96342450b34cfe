// Areas from CSV/TSV tables (gazetteer, GEOID/NAME lists, custom places).
#include "assessment/area_import.h"

#include <cctype>
#include <cstdlib>
#include <map>

namespace canvass::assessment {

using core::Result;
using core::Status;

namespace {
bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}
int WidthOf(const std::string& level) {
  if (level == "county") return 5;
  if (level == "tract") return 11;
  if (level == "zip") return 5;
  if (level == "state") return 2;
  return 0;
}
int FirstColumn(const std::vector<std::string>& header, const std::vector<std::string>& names) {
  for (const auto& n : names) {
    int c = ColumnIndex(header, n);
    if (c >= 0) return c;
  }
  return -1;
}
bool ParseNumber(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') return false;
  *out = d;
  return true;
}
}  // namespace

std::string NormalizeGeoId(const std::string& raw, const std::string& level) {
  std::string id = raw;
  auto us = id.find("US");
  if (us != std::string::npos && us >= 5 && AllDigits(id.substr(0, 5))) id = id.substr(us + 2);
  int w = WidthOf(level);
  if (w && AllDigits(id) && static_cast<int>(id.size()) < w) id = std::string(w - id.size(), '0') + id;
  return id;
}

Result<AreaTable> AreasFromTable(const CsvTable& t, const std::string& source, const AreaTableOptions& o) {
  AreaTable out;
  std::vector<std::string> id_names = o.id_column.empty() ? std::vector<std::string>{"GEOID", "GEO_ID", "FIPS", "id", "area_id", "zip"} : std::vector<std::string>{o.id_column};
  std::vector<std::string> name_names = o.name_column.empty() ? std::vector<std::string>{"NAME", "area_name", "name"} : std::vector<std::string>{o.name_column};
  int hdr = -1, id_col = -1, name_col = -1;
  for (size_t r = 0; r < t.rows.size() && r < 50 && hdr < 0; ++r) {
    id_col = FirstColumn(t.rows[r], id_names);
    name_col = FirstColumn(t.rows[r], name_names);
    if (id_col >= 0 && name_col >= 0) hdr = static_cast<int>(r);
  }
  if (hdr < 0) {
    std::string want = o.id_column.empty() ? "GEOID (or FIPS, id)" : o.id_column;
    std::string wantn = o.name_column.empty() ? "NAME" : o.name_column;
    std::string have = t.rows.empty() ? "(empty file)" : "";
    if (!t.rows.empty())
      for (const auto& h : t.rows[0]) have += (have.empty() ? "" : ", ") + h.substr(0, 40);
    return Status::InvalidArgument(source + ": no header row with columns " + want + " and " + wantn +
                                   "; the first row has: " + have.substr(0, 300) +
                                   ". Name the columns with --id-column and --name-column");
  }
  const auto& header = t.rows[static_cast<size_t>(hdr)];
  int parent_col = o.parent_column.empty() ? -1 : ColumnIndex(header, o.parent_column);
  if (!o.parent_column.empty() && parent_col < 0)
    return Status::InvalidArgument(source + ": no column \"" + o.parent_column + "\" for --parent-column");
  int lat_col = FirstColumn(header, {"INTPTLAT", "lat", "latitude"});
  int lon_col = FirstColumn(header, {"INTPTLONG", "lon", "lng", "longitude"});
  int land_col = ColumnIndex(header, "ALAND");
  std::string level = o.level;
  if (level.empty()) {
    size_t len = 0;
    bool digits = true;
    for (size_t r = static_cast<size_t>(hdr) + 1; r < t.rows.size(); ++r) {
      if (static_cast<int>(t.rows[r].size()) <= id_col) continue;
      std::string id = NormalizeGeoId(t.rows[r][static_cast<size_t>(id_col)], "");
      digits = digits && AllDigits(id);
      len = std::max(len, id.size());
    }
    level = digits && len <= 5 && len >= 4 ? "county" : digits && len == 11 ? "tract" : "custom";
    out.notes.push_back("level \"" + level + "\" inferred from the ids; use --level to choose another");
  }
  out.level = level;
  std::map<std::string, size_t> seen;
  for (size_t r = static_cast<size_t>(hdr) + 1; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    std::string where = source + ":" + std::to_string(t.lines[r]);
    if (static_cast<int>(row.size()) <= std::max(id_col, name_col))
      return Status::InvalidArgument(where + ": the row has " + std::to_string(row.size()) + " columns, fewer than the header");
    Area a;
    a.id = NormalizeGeoId(row[static_cast<size_t>(id_col)], level);
    a.name = row[static_cast<size_t>(name_col)];
    a.level = level;
    a.source = source.substr(source.find_last_of('/') + 1);
    if (a.id.empty()) return Status::InvalidArgument(where + ": the area id is empty");
    if (a.name.empty()) return Status::InvalidArgument(where + ": area " + a.id + " has no name");
    if (parent_col >= 0 && static_cast<int>(row.size()) > parent_col) a.parent_id = row[static_cast<size_t>(parent_col)];
    double d;
    if (lat_col >= 0 && static_cast<int>(row.size()) > lat_col && ParseNumber(row[static_cast<size_t>(lat_col)], &d)) a.lat = d;
    if (lon_col >= 0 && static_cast<int>(row.size()) > lon_col && ParseNumber(row[static_cast<size_t>(lon_col)], &d)) a.lon = d;
    if (land_col >= 0 && static_cast<int>(row.size()) > land_col && ParseNumber(row[static_cast<size_t>(land_col)], &d)) a.land_area_sqm = d;
    auto it = seen.find(a.id);
    if (it != seen.end()) {
      if (out.areas[it->second].name != a.name)
        return Status::InvalidArgument(where + ": area " + a.id + " appears twice with different names (\"" +
                                       out.areas[it->second].name + "\" and \"" + a.name + "\")");
      continue;
    }
    seen[a.id] = out.areas.size();
    out.areas.push_back(std::move(a));
  }
  if (out.areas.empty()) return Status::InvalidArgument(source + ": no areas found below the header row");
  return out;
}

}  // namespace canvass::assessment
