// PIT importer: HUD point-in-time counts by Continuum of Care, emitted per CoC and, with
// the county↔CoC crosswalk, apportioned to counties by population share (recorded).
#include <cctype>
#include <map>
#include <set>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Status;

namespace {

struct PitMeasure {
  std::vector<std::string> names;  // header text without the ", YYYY" suffix, lower case
  const char* id;
  int col = -1;
};

// "Total Homeless, 2017" -> ("total homeless", "2017").
std::pair<std::string, std::string> SplitYear(const std::string& h) {
  std::string s = Lower(TrimCopy(h));
  size_t comma = s.rfind(", ");
  if (comma != std::string::npos && AllDigits(s.substr(comma + 2)) && s.size() - comma - 2 == 4)
    return {s.substr(0, comma), s.substr(comma + 2)};
  return {s, ""};
}

bool IsCoc(const std::string& s) {
  return s.size() == 6 && std::isalpha(static_cast<unsigned char>(s[0])) && std::isalpha(static_cast<unsigned char>(s[1])) &&
         s[2] == '-' && AllDigits(s.substr(3));
}

// Share of CoC `coc`'s count that belongs to each of its counties; empty when it can't be
// computed (multi-county CoC without county populations).
std::map<std::string, double> Weights(const std::vector<CocCountyLink>& links, const std::map<std::string, double>& pop) {
  std::map<std::string, double> w;
  if (links.size() == 1) return {{links[0].county, 1.0}};
  double total = 0;
  for (const auto& l : links) {
    auto p = pop.find(l.county);
    if (p == pop.end()) return {};
    w[l.county] += p->second * l.pct_county_pop_in_coc / 100.0;
    total += p->second * l.pct_county_pop_in_coc / 100.0;
  }
  if (total <= 0) return {};
  for (auto& [county, x] : w) x /= total;
  return w;
}

struct CountySum {
  double value = 0;
  bool apportioned = false;
};

// Adds county observations from per-CoC counts (id -> coc -> value) via the crosswalk.
Status Apportion(Ctx& c, const std::map<std::string, std::map<std::string, double>>& counts, const std::string& period) {
  const CocCountyCrosswalk* xw = c.req->crosswalks.coc_county;
  if (!xw) {
    c.out->notes.push_back("no county↔CoC crosswalk given: counts kept per CoC only");
    return Status::Ok();
  }
  std::set<std::string> unapportioned, missing;
  std::set<std::string> incomplete_counties;
  std::map<std::pair<std::string, std::string>, CountySum> county;  // id, county
  for (const auto& [id, by_coc] : counts)
    for (const auto& [coc, value] : by_coc) {
      auto links = xw->by_coc.find(coc);
      if (links == xw->by_coc.end()) { missing.insert(coc); continue; }
      auto w = Weights(links->second, c.req->options.county_population);
      if (w.empty()) {
        unapportioned.insert(coc);
        for (const auto& l : links->second) incomplete_counties.insert(l.county);
        continue;
      }
      for (const auto& [fips, share] : w) {
        CountySum& s = county[{id, fips}];
        s.value += value * share;
        s.apportioned = s.apportioned || share < 1.0;
      }
    }
  size_t split = 0;
  for (const auto& [key, s] : county) {
    if (incomplete_counties.count(key.second)) continue;  // part of its count is in an unapportioned CoC
    Observation o = c.Make(key.first, "county", key.second, period, "persons", static_cast<size_t>(-1));
    o.value = s.value;
    o.status = s.apportioned ? obs_status::kApportioned : obs_status::kOk;
    split += s.apportioned ? 1 : 0;
    CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
  }
  c.out->notes.push_back("apportioned CoC counts to counties via crosswalk " + xw->name +
                         " (weight = county population × pct_cnty_pop_coc, normalised per CoC); " + std::to_string(split) +
                         " county values are apportioned shares");
  if (!unapportioned.empty())
    c.out->notes.push_back(std::to_string(unapportioned.size()) + " multi-county CoCs (e.g. " + *unapportioned.begin() +
                           ") not apportioned: county populations missing; pass county populations (e.g. from ACS B01003 or RUCC)");
  if (!missing.empty())
    c.out->notes.push_back(std::to_string(missing.size()) + " CoCs (e.g. " + *missing.begin() + ") are not in crosswalk " + xw->name);
  return Status::Ok();
}

}  // namespace

Status ImportPit(Ctx& c) {
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"CoC Number"}, "expected HUD PIT counts by CoC (CoC Number, CoC Name, Overall Homeless, ...)"));
  std::vector<PitMeasure> ms = {
      {{"overall homeless", "total homeless"}, "hud.pit_homeless_total"},
      {{"sheltered total homeless", "sheltered homeless"}, "hud.pit_sheltered"},
      {{"unsheltered homeless"}, "hud.pit_unsheltered"},
      {{"overall homeless unaccompanied youth (under 25)", "homeless unaccompanied youth (under 25)"}, "hud.pit_unaccompanied_youth_u25"},
      {{"overall chronically homeless", "chronically homeless"}, "hud.pit_chronically_homeless"},
      {{"overall homeless veterans", "homeless veterans"}, "hud.pit_veterans"}};
  std::string year;
  const auto& header = c.table.rows[hdr];
  for (auto& m : ms)
    for (size_t i = 0; i < header.size() && m.col < 0; ++i) {
      auto [name, y] = SplitYear(header[i]);
      for (const auto& n : m.names)
        if (name == n) { m.col = static_cast<int>(i); if (year.empty()) year = y; }
    }
  if (ms[0].col < 0) return c.NeedCol(hdr, {"Overall Homeless", "Total Homeless, YYYY"}).status();
  std::string period = c.req->options.period.empty() ? year : c.req->options.period;
  if (period.empty()) return Status::InvalidArgument(c.file + ": no year in the count columns (\"Overall Homeless, 2023\"); pass --period");
  CANVASS_ASSIGN_OR_RETURN(int coc_col, c.NeedCol(hdr, {"CoC Number"}));
  std::map<std::string, std::map<std::string, double>> counts;  // id -> coc -> value
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r) {
    ++c.out->source.records;
    std::string coc = Upper(TrimCopy(c.Get(r, coc_col)));
    if (!IsCoc(coc)) {
      c.Skip(r, c.Where(r, hdr, coc_col) + ": \"" + coc.substr(0, 40) + "\" is not a CoC number (total or footnote line)");
      continue;
    }
    if (c.SkipIfShort(r, hdr, ms[0].col)) continue;
    for (const auto& m : ms) {
      if (m.col < 0) continue;
      Cell cell = ParsePlainCell(c.Get(r, m.col));
      if (cell.status.empty()) {
        c.Skip(r, c.Where(r, hdr, m.col) + ": \"" + c.Get(r, m.col).substr(0, 20) + "\" is not a count");
        continue;
      }
      Observation o = c.Make(m.id, "coc", coc, period, "persons", r);
      o.value = cell.value;
      o.status = cell.status;
      CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
      if (cell.value) counts[m.id][coc] = *cell.value;
    }
  }
  return Apportion(c, counts, period);
}

}  // namespace canvass::assessment::detail
