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

namespace {

// One adjacency line: the county (carried over continuation lines), a neighbour, the line.
struct AdjacencyLine {
  std::string county, neighbor;
  size_t line = 0;
};

Result<std::vector<AdjacencyLine>> ParseAdjacency(const CsvTable& adjacency, const std::string& source) {
  std::vector<AdjacencyLine> out;
  out.reserve(adjacency.rows.size());
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
    out.push_back({current, nb, line});
  }
  return out;
}

Observation Stamp(const std::string& id, const std::string& level, const std::string& geo, const std::string& period,
                  const std::string& source, size_t line) {
  Observation o;
  o.indicator_id = id;
  o.geo_level = level;
  o.geo_id = geo;
  o.period = period;
  o.unit = "flag";
  o.source_kind = "adjacency";
  o.source_file = detail::BaseName(source);
  o.source_row = line;
  return o;
}

}  // namespace

Result<std::vector<Observation>> BorderIndicators(const CsvTable& adjacency, const std::string& source,
                                                  const std::string& period) {
  CANVASS_ASSIGN_OR_RETURN(auto lines, ParseAdjacency(adjacency, source));
  std::map<std::string, bool> state_line;  // county -> adjacent to another state
  std::map<std::string, size_t> first_line;
  for (const auto& l : lines) {
    first_line.emplace(l.county, l.line);
    bool& flag = state_line[l.county];
    flag = flag || l.neighbor.compare(0, 2, l.county, 0, 2) != 0;
  }
  const auto& intl_list = InternationalBorderCounties();
  std::set<std::string> intl(intl_list.begin(), intl_list.end());
  std::vector<Observation> out;
  for (const auto& [county, sl] : state_line) {
    bool in = intl.count(county) > 0;
    for (const auto& [id, v] : {std::make_pair("border.state_line", sl), std::make_pair("border.international", in),
                                std::make_pair("border.any", sl || in)}) {
      Observation o = Stamp(id, "county", county, period, source, first_line[county]);
      o.value = v ? 1.0 : 0.0;
      o.status = obs_status::kDerived;
      out.push_back(std::move(o));
    }
  }
  return out;
}

Result<std::vector<Observation>> NeighborPairs(const CsvTable& adjacency, const std::string& source, const std::string& period) {
  CANVASS_ASSIGN_OR_RETURN(auto lines, ParseAdjacency(adjacency, source));
  std::map<std::string, size_t> pairs;  // "county:neighbour" -> line (sorted, each once)
  for (const auto& l : lines)
    if (l.county != l.neighbor) pairs.emplace(l.county + ":" + l.neighbor, l.line);
  std::vector<Observation> out;
  out.reserve(pairs.size());
  for (const auto& [geo, line] : pairs) {
    Observation o = Stamp(kNeighborIndicator, kNeighborLevel, geo, period, source, line);
    o.value = 1.0;
    out.push_back(std::move(o));
  }
  return out;
}

NeighborMap NeighborsFromObservations(const std::vector<Observation>& obs) {
  std::string latest;
  for (const auto& o : obs)
    if (o.indicator_id == kNeighborIndicator && o.geo_level == kNeighborLevel && o.period > latest) latest = o.period;
  NeighborMap out;
  for (const auto& o : obs) {
    if (o.indicator_id != kNeighborIndicator || o.geo_level != kNeighborLevel || o.period != latest) continue;
    if (!o.value || *o.value != 1.0) continue;
    size_t colon = o.geo_id.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == o.geo_id.size()) continue;
    std::string a = o.geo_id.substr(0, colon), b = o.geo_id.substr(colon + 1);
    if (a != b) out[a].push_back(b);
  }
  for (auto& [county, list] : out) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return out;
}

NeighborSummary SummarizeNeighbors(const NeighborMap& neighbors, const std::string& area,
                                   const std::map<std::string, double>& value_of) {
  NeighborSummary s;
  auto it = neighbors.find(area);
  if (it == neighbors.end()) return s;
  s.neighbors = static_cast<int>(it->second.size());
  double sum = 0;
  for (const auto& n : it->second) {
    auto v = value_of.find(n);
    if (v == value_of.end()) continue;
    ++s.with_value;
    sum += v->second;
    s.max = s.max ? std::max(*s.max, v->second) : v->second;
  }
  if (s.with_value) s.mean = sum / s.with_value;
  return s;
}

namespace detail {

// --source adjacency: border flags per county and the neighbour pairs, one period.
Status ImportAdjacency(Ctx& c) {
  std::string period = !c.req->options.period.empty() ? c.req->options.period : FindYear(c.file);
  if (period.empty()) return Status::InvalidArgument(c.file + ": cannot tell the adjacency file's vintage from its name; pass --period (e.g. 2010)");
  CANVASS_ASSIGN_OR_RETURN(auto flags, BorderIndicators(c.table, c.file, period));
  CANVASS_ASSIGN_OR_RETURN(auto pairs, NeighborPairs(c.table, c.file, period));
  c.out->source.records = c.table.rows.size();
  for (auto* list : {&flags, &pairs})
    for (auto& o : *list) {
      o.source_file = c.out->source.file_name;
      CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
    }
  c.out->notes.push_back(std::to_string(flags.size() / 3) + " counties: border flags border.state_line, border.international, border.any; " +
                         std::to_string(pairs.size()) + " neighbour pairs kept for spill-over (" + kNeighborIndicator + " at level " +
                         kNeighborLevel + ", period " + period + ")");
  return Status::Ok();
}

}  // namespace detail

}  // namespace canvass::assessment
