// Border-county indicators from the Census county adjacency file and a built-in list of
// counties on the Mexico and Canada borders.
#include "assessment/border.h"

#include <algorithm>
#include <map>
#include <set>

#include "import_util.h"

namespace canvass::assessment {

using core::Result;
using core::Status;

const std::vector<std::string>& InternationalBorderCounties() {
  // Counties whose boundary runs along the US–Mexico or US–Canada land/river boundary
  // (Census TIGER/Line county and international boundary lines; list of Mexico border
  // counties as in the US–Mexico Border Health Commission / Wikipedia "List of
  // municipalities and counties on the Mexico–United States border"). Counties touching
  // Canada only across the Great Lakes are not included. Edit here; see docs/indicators.md.
  static const std::vector<std::string> k = {
      // Mexico: CA, AZ, NM, TX (west to east).
      "06073", "06025", "04027", "04019", "04023", "04003", "35023", "35029", "35013", "48141", "48229", "48377",
      "48043", "48443", "48465", "48271", "48323", "48479", "48505", "48427", "48215", "48061",
      // Canada: WA, ID, MT, ND, MN, MI (rivers), NY, VT, NH, ME.
      "53073", "53047", "53019", "53065", "53051", "16021", "30053", "30029", "30035", "30101", "30051", "30041",
      "30005", "30071", "30105", "30019", "30091", "38023", "38013", "38075", "38009", "38079", "38095", "38019",
      "38067", "27069", "27135", "27077", "27071", "27137", "27075", "27031", "26033", "26147", "26163", "36063",
      "36029", "36045", "36089", "36033", "36019", "50013", "50011", "50019", "50009", "33007", "23003", "23025",
      "23007", "23017", "23029",
      // Canada: Alaska boroughs/census areas along Yukon and British Columbia.
      "02185", "02290", "02240", "02063", "02066", "02261", "02282", "02105", "02100", "02230", "02110", "02195",
      "02275", "02130"};
  return k;
}

Result<std::vector<Observation>> BorderIndicators(const CsvTable& adjacency, const std::string& source,
                                                  const std::string& period) {
  std::map<std::string, bool> state_line;  // county -> adjacent to another state
  std::map<std::string, size_t> first_line;
  std::string current;
  for (size_t r = 0; r < adjacency.rows.size(); ++r) {
    const auto& row = adjacency.rows[r];
    size_t line = r < adjacency.lines.size() ? adjacency.lines[r] : r + 1;
    if (row.size() < 4)
      return Status::InvalidArgument(source + ":" + std::to_string(line) + ": expected 4 tab-separated fields "
                                     "(county name, GEOID, neighbor name, neighbor GEOID), found " + std::to_string(row.size()));
    std::string own = detail::TrimCopy(row[1]), nb = detail::PadLeft(detail::TrimCopy(row[3]), 5);
    if (!own.empty()) current = detail::PadLeft(own, 5);
    if (r == 0 && !detail::AllDigits(current)) { current.clear(); continue; }  // a header line
    if (current.size() != 5 || !detail::AllDigits(current) || nb.size() != 5 || !detail::AllDigits(nb))
      return Status::InvalidArgument(source + ":" + std::to_string(line) + ": column 2/4 (GEOID): \"" + own.substr(0, 12) +
                                     "\" / \"" + nb.substr(0, 12) + "\" are not 5-digit county FIPS");
    first_line.emplace(current, line);
    bool& flag = state_line[current];
    flag = flag || nb.compare(0, 2, current, 0, 2) != 0;
  }
  const auto& intl_list = InternationalBorderCounties();
  std::set<std::string> intl(intl_list.begin(), intl_list.end());
  std::vector<Observation> out;
  for (const auto& [county, sl] : state_line) {
    bool in = intl.count(county) > 0;
    for (const auto& [id, v] : {std::make_pair("border.state_line", sl), std::make_pair("border.international", in),
                                std::make_pair("border.any", sl || in)}) {
      Observation o;
      o.indicator_id = id;
      o.geo_level = "county";
      o.geo_id = county;
      o.period = period;
      o.value = v ? 1.0 : 0.0;
      o.unit = "flag";
      o.status = obs_status::kDerived;
      o.source_kind = "adjacency";
      o.source_file = detail::BaseName(source);
      o.source_row = first_line[county];
      out.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace canvass::assessment
