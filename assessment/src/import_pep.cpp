// PEP importer: county population estimates, either co-estYYYY-alldata (SUMLEV/STATE/COUNTY,
// zero padding restored after Excel) or the annres table export keyed by NAME only
// (".Autauga County, Alabama"), matched to FIPS through the gazetteer.
#include <algorithm>
#include <map>
#include <tuple>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Status;

namespace {

// Estimates by year for one area, plus the record it came from.
struct Series {
  std::map<int, double> pop;
  size_t record = 0;
};

Status AddSeries(Ctx& c, const std::string& level, const std::string& geo, const Series& s) {
  for (const auto& [year, pop] : s.pop) {
    Observation o = c.Make("pep.pop_estimate", level, geo, std::to_string(year), "persons", s.record);
    o.value = pop;
    CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
    for (int span : {1, 5}) {
      auto prev = s.pop.find(year - span);
      if (prev == s.pop.end() || prev->second <= 0) continue;
      Observation g = c.Make("pep.pop_change_pct_" + std::to_string(span) + "yr", level, geo, std::to_string(year),
                             "percent", s.record);
      g.value = (pop - prev->second) / prev->second * 100.0;
      g.status = obs_status::kDerived;
      CANVASS_RETURN_IF_ERROR(c.Add(std::move(g)));
    }
  }
  return Status::Ok();
}

// Reads the 4-digit year columns of `hdr` that start with `prefix` ("" or "POPESTIMATE").
std::map<int, int> YearColumns(const Ctx& c, size_t hdr, const std::string& prefix) {
  std::map<int, int> cols;
  const auto& h = c.table.rows[hdr];
  for (size_t i = 0; i < h.size(); ++i) {
    std::string name = Upper(h[i]);
    if (name.size() != prefix.size() + 4 || name.compare(0, prefix.size(), prefix) != 0) continue;
    std::string y = name.substr(prefix.size());
    if (AllDigits(y)) cols[std::stoi(y)] = static_cast<int>(i);
  }
  return cols;
}

bool ReadSeries(Ctx& c, size_t r, size_t hdr, const std::map<int, int>& years, Series* s) {
  s->record = r;
  for (const auto& [year, col] : years) {
    Cell cell = ParsePlainCell(c.Get(r, col));
    if (cell.status.empty()) {
      c.Skip(r, c.Where(r, hdr, col) + ": \"" + c.Get(r, col).substr(0, 30) + "\" is not a number");
      return false;
    }
    if (cell.value) s->pop[year] = *cell.value;
  }
  return true;
}

Status ImportAllData(Ctx& c, size_t hdr) {
  CANVASS_ASSIGN_OR_RETURN(int st, c.NeedCol(hdr, {"STATE"}));
  CANVASS_ASSIGN_OR_RETURN(int co, c.NeedCol(hdr, {"COUNTY"}));
  int sumlev = c.Col(hdr, {"SUMLEV"});
  auto years = YearColumns(c, hdr, "POPESTIMATE");
  auto mig = YearColumns(c, hdr, "INTERNATIONALMIG");
  auto rnet = YearColumns(c, hdr, "RNETMIG");
  bool repadded = false;
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r) {
    ++c.out->source.records;
    if (c.SkipIfShort(r, hdr, std::max(st, co))) continue;
    std::string s = c.Get(r, st), k = c.Get(r, co);
    if (!AllDigits(s) || !AllDigits(k) || s.size() > 2 || k.size() > 3) {
      c.Skip(r, c.Where(r, hdr, st) + ": STATE/COUNTY \"" + s + "\"/\"" + k + "\" are not FIPS codes");
      continue;
    }
    repadded = repadded || s.size() < 2 || k.size() < 3;
    bool state_row = (sumlev >= 0 && std::atoi(c.Get(r, sumlev).c_str()) == 40) || std::atoi(k.c_str()) == 0;
    std::string level = state_row ? "state" : "county";
    std::string geo = state_row ? PadLeft(s, 2) : PadLeft(s, 2) + PadLeft(k, 3);
    Series series;
    if (!ReadSeries(c, r, hdr, years, &series)) continue;
    CANVASS_RETURN_IF_ERROR(AddSeries(c, level, geo, series));
    for (const auto& [map, id, unit] : {std::make_tuple(&mig, "pep.intl_migration_count", "persons"),
                                        std::make_tuple(&rnet, "pep.netmig_rate_per_1000", "per_1000")}) {
      for (const auto& [year, col] : *map) {
        Cell cell = ParsePlainCell(c.Get(r, col));
        if (cell.status.empty()) continue;
        Observation o = c.Make(id, level, geo, std::to_string(year), unit, r);
        o.value = cell.value;
        o.status = cell.status;
        CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
      }
    }
  }
  if (repadded) c.out->notes.push_back("STATE/COUNTY codes had lost their leading zeros (Excel); re-padded to 2+3 digits");
  return Status::Ok();
}

Status ImportAnnres(Ctx& c, size_t hdr) {
  const CountyNameIndex* names = c.req->crosswalks.county_names;
  if (!names || names->empty()) return Status::InvalidArgument(c.file + ": this population table names its counties; " + kNeedCountyNames);
  int name_col = c.Col(hdr, {"Area", "Geographic Area", "NAME"});
  auto years = YearColumns(c, hdr, "");
  if (years.empty()) return Status::InvalidArgument(c.file + ":" + std::to_string(c.Line(hdr)) + ": no year columns (2010, 2011, ...)");
  size_t matched = 0;
  std::map<std::string, size_t> row_of_fips;
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r) {
    ++c.out->source.records;
    std::string raw = TrimCopy(c.Get(r, name_col));
    if (!raw.empty() && raw[0] == '.') raw.erase(0, 1);
    size_t comma = raw.rfind(", ");
    if (comma == std::string::npos) {
      c.Skip(r, c.Where(r, hdr, name_col) + ": \"" + raw.substr(0, 50) + "\" is not a county (\"County, State\"); skipped");
      continue;
    }
    std::string state = raw.substr(comma + 2), county = raw.substr(0, comma);
    bool ambiguous = false;
    auto fips = names->Match(state, county, &ambiguous);
    if (!fips) {
      c.Skip(r, c.Where(r, hdr, name_col) + ": \"" + raw.substr(0, 60) + "\" not found in " + names->name);
      continue;
    }
    if (ambiguous) c.NoteAmbiguousName(raw);
    // Never let two rows fill one county: the second is skipped and said, not a silent "replaced".
    auto [first, fresh] = row_of_fips.emplace(*fips, r);
    if (!fresh) {
      c.Skip(r, c.Where(r, hdr, name_col) + ": \"" + raw.substr(0, 60) + "\" matches county " + *fips + ", already given by line " +
                    std::to_string(c.Line(first->second)) + " (\"" + TrimCopy(c.Get(first->second, name_col)).substr(0, 60) + "\"); skipped");
      continue;
    }
    if (c.SkipIfShort(r, hdr, years.rbegin()->second)) continue;
    Series series;
    if (!ReadSeries(c, r, hdr, years, &series)) continue;
    CANVASS_RETURN_IF_ERROR(AddSeries(c, "county", *fips, series));
    ++matched;
  }
  c.out->notes.push_back("matched " + std::to_string(matched) + " county names (with their type: County, city, Parish...) to FIPS via " +
                         names->name);
  c.FlushAmbiguousNames();
  return Status::Ok();
}

}  // namespace

Status ImportPep(Ctx& c) {
  for (size_t r = 0; r < c.table.rows.size() && r < 60; ++r) {
    if (ColumnIndex(c.table.rows[r], "STATE") >= 0 && ColumnIndex(c.table.rows[r], "COUNTY") >= 0)
      return ImportAllData(c, r);
    if (ColumnIndex(c.table.rows[r], "Area") >= 0 || ColumnIndex(c.table.rows[r], "Geographic Area") >= 0)
      return ImportAnnres(c, r);
  }
  return Status::InvalidArgument(c.file + ":1: neither a co-estYYYY-alldata file (STATE, COUNTY, POPESTIMATEyyyy) nor an "
                                 "annual-estimates table (Area, 2010, 2011, ...)");
}

}  // namespace canvass::assessment::detail
