// Crosswalk tables (ZIP→county, CoC↔county, school district→county), the gazetteer county-name matcher, and the
// state name/abbreviation/FIPS table they share.
#include "assessment/crosswalks.h"

#include <algorithm>
#include <cctype>

#include "import_util.h"

namespace canvass::assessment {

using core::Result;
using core::Status;
using detail::Lower;
using detail::TrimCopy;
using detail::Upper;

namespace {

struct StateRow {
  const char* abbr;
  const char* fips;
  const char* name;
};
constexpr StateRow kStates[] = {
    {"AL", "01", "ALABAMA"}, {"AK", "02", "ALASKA"}, {"AZ", "04", "ARIZONA"}, {"AR", "05", "ARKANSAS"},
    {"CA", "06", "CALIFORNIA"}, {"CO", "08", "COLORADO"}, {"CT", "09", "CONNECTICUT"}, {"DE", "10", "DELAWARE"},
    {"DC", "11", "DISTRICT OF COLUMBIA"}, {"FL", "12", "FLORIDA"}, {"GA", "13", "GEORGIA"}, {"HI", "15", "HAWAII"},
    {"ID", "16", "IDAHO"}, {"IL", "17", "ILLINOIS"}, {"IN", "18", "INDIANA"}, {"IA", "19", "IOWA"},
    {"KS", "20", "KANSAS"}, {"KY", "21", "KENTUCKY"}, {"LA", "22", "LOUISIANA"}, {"ME", "23", "MAINE"},
    {"MD", "24", "MARYLAND"}, {"MA", "25", "MASSACHUSETTS"}, {"MI", "26", "MICHIGAN"}, {"MN", "27", "MINNESOTA"},
    {"MS", "28", "MISSISSIPPI"}, {"MO", "29", "MISSOURI"}, {"MT", "30", "MONTANA"}, {"NE", "31", "NEBRASKA"},
    {"NV", "32", "NEVADA"}, {"NH", "33", "NEW HAMPSHIRE"}, {"NJ", "34", "NEW JERSEY"}, {"NM", "35", "NEW MEXICO"},
    {"NY", "36", "NEW YORK"}, {"NC", "37", "NORTH CAROLINA"}, {"ND", "38", "NORTH DAKOTA"}, {"OH", "39", "OHIO"},
    {"OK", "40", "OKLAHOMA"}, {"OR", "41", "OREGON"}, {"PA", "42", "PENNSYLVANIA"}, {"RI", "44", "RHODE ISLAND"},
    {"SC", "45", "SOUTH CAROLINA"}, {"SD", "46", "SOUTH DAKOTA"}, {"TN", "47", "TENNESSEE"}, {"TX", "48", "TEXAS"},
    {"UT", "49", "UTAH"}, {"VT", "50", "VERMONT"}, {"VA", "51", "VIRGINIA"}, {"WA", "53", "WASHINGTON"},
    {"WV", "54", "WEST VIRGINIA"}, {"WI", "55", "WISCONSIN"}, {"WY", "56", "WYOMING"}, {"AS", "60", "AMERICAN SAMOA"},
    {"GU", "66", "GUAM"}, {"MP", "69", "NORTHERN MARIANA ISLANDS"}, {"PR", "72", "PUERTO RICO"},
    {"VI", "78", "VIRGIN ISLANDS"}};

bool Wild(const std::string& pattern, const std::string& s) {  // '?' matches one character
  if (pattern.size() != s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (pattern[i] != '?' && pattern[i] != s[i]) return false;
  return true;
}

}  // namespace

std::string StateAbbr(const std::string& state) {
  std::string s = Upper(TrimCopy(state));
  for (const auto& row : kStates)
    if (s == row.abbr || s == row.fips || s == row.name) return row.abbr;
  return "";
}

std::string StateFips(const std::string& abbr) {
  std::string a = StateAbbr(abbr);
  for (const auto& row : kStates)
    if (a == row.abbr) return row.fips;
  return "";
}

CountyName SplitCountyName(const std::string& name) {
  std::string s;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(name[i]);
    if (ch == 0xC3 && i + 1 < name.size()) {  // Latin-1 supplement letters: ñ é á í ó ú ü
      unsigned char n = static_cast<unsigned char>(name[++i]);
      const char* map = "aaaaaaeceeeeiiiidnooooo/ouuuuypy";
      s.push_back(n >= 0xA0 && n <= 0xBF ? map[n - 0xA0] : n >= 0x80 && n < 0xA0 ? static_cast<char>(std::tolower(map[n - 0x80])) : '?');
    } else if (ch == 0xEF && i + 2 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0xBF) {
      s.push_back('?');  // U+FFFD: a lost byte (gazetteer "Do\uFFFDa Ana")
      i += 2;
    } else if (ch >= 0x80) {
      s.push_back('?');
    } else if (std::isalnum(ch)) {
      s.push_back(static_cast<char>(std::tolower(ch)));
    } else if (ch == ' ' || ch == '-' || ch == '.' || ch == '\'') {
      s.push_back(' ');
    }
  }
  // Collapse spaces, split off the legal type, and a "saint" spelling difference.
  std::vector<std::string> words;
  size_t p = 0;
  while (p < s.size()) {
    size_t q = s.find(' ', p);
    if (q == std::string::npos) q = s.size();
    if (q > p) words.push_back(s.substr(p, q - p));
    p = q + 1;
  }
  static const char* kTypes[] = {"city and borough", "census area", "county", "parish", "borough", "municipality", "municipio", "city"};
  std::string joined;
  for (auto& w : words) {
    if (w == "saint" || w == "ste") w = "st";
    joined += (joined.empty() ? "" : " ") + w;
  }
  CountyName out;
  for (const char* type : kTypes) {
    std::string sx = std::string(" ") + type;
    if (joined.size() > sx.size() && joined.compare(joined.size() - sx.size(), sx.size(), sx) == 0) {
      joined.erase(joined.size() - sx.size());
      out.type = type;
      break;
    }
  }
  for (char ch : joined)
    if (ch != ' ') out.base.push_back(ch);
  return out;
}

std::string NormalizeCountyName(const std::string& name) { return SplitCountyName(name).base; }

namespace {

bool CountyEquivalent(const std::string& type) { return type != "city"; }

// The entries that may be meant by a name of `type`: the same type, else (for a
// county-equivalent type) the one county-equivalent of that name.
std::optional<std::string> Pick(const std::vector<CountyNameIndex::Entry>& entries, const std::string& type, bool* ambiguous) {
  for (const auto& e : entries)
    if (!type.empty() && e.type == type) return e.fips;
  std::vector<const CountyNameIndex::Entry*> counties, cities;
  for (const auto& e : entries) (CountyEquivalent(e.type) ? counties : cities).push_back(&e);
  if (type.empty()) {  // "FAIRFAX": one place of that name, or the county (said as ambiguous)
    if (entries.size() == 1) return entries[0].fips;
    if (counties.size() == 1) {
      if (ambiguous) *ambiguous = true;
      return counties[0]->fips;
    }
    return std::nullopt;
  }
  if (CountyEquivalent(type) && counties.size() == 1) return counties[0]->fips;  // "Franklin County" in a parish state
  return std::nullopt;
}

}  // namespace

void CountyNameIndex::Add(const std::string& state_abbr, const std::string& county_name, const std::string& fips) {
  CountyName n = SplitCountyName(county_name);
  auto& list = by_state_name[state_abbr + "|" + n.base];
  for (const auto& e : list)
    if (e.type == n.type) {
      if (e.fips != fips && duplicates.size() < 5) duplicates.push_back(state_abbr + " " + county_name + " (" + e.fips + ", " + fips + ")");
      return;
    }
  list.push_back({n.type, fips, county_name});
}

size_t CountyNameIndex::size() const {
  size_t n = 0;
  for (const auto& [key, list] : by_state_name) n += list.size();
  return n;
}

std::optional<std::string> CountyNameIndex::Match(const std::string& state, const std::string& county, bool* ambiguous) const {
  std::string st = StateAbbr(state);
  if (st.empty()) return std::nullopt;
  CountyName n = SplitCountyName(county);
  auto it = by_state_name.find(st + "|" + n.base);
  if (it != by_state_name.end()) return Pick(it->second, n.type, ambiguous);
  // Names with lost bytes ('?') in either file: wildcard compare within the state.
  const std::string key = st + "|" + n.base;
  for (auto i = by_state_name.lower_bound(st + "|"); i != by_state_name.end() && i->first.compare(0, 3, st + "|") == 0; ++i)
    if (Wild(i->first, key) || Wild(key, i->first)) return Pick(i->second, n.type, ambiguous);
  // "Dona Ana" vs gazetteer "Do?a Ana" (one byte lost for one letter) has the same length;
  // "Pittsylvania See" style dirt is left unmatched and reported.
  return std::nullopt;
}

Result<CountyNameIndex> CountyNameIndexFromTable(const CsvTable& t, const std::string& name) {
  int hdr = FindHeaderRow(t, {"USPS", "GEOID", "NAME"});
  if (hdr < 0) return Status::InvalidArgument(name + ":1: not a Census gazetteer file (needs USPS, GEOID, NAME columns)");
  const auto& h = t.rows[hdr];
  int usps = ColumnIndex(h, "USPS"), geoid = ColumnIndex(h, "GEOID"), nm = ColumnIndex(h, "NAME");
  CountyNameIndex idx;
  idx.name = detail::BaseName(name);
  for (size_t r = hdr + 1; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (row.size() <= static_cast<size_t>(std::max({usps, geoid, nm}))) continue;
    std::string fips = detail::PadLeft(TrimCopy(row[geoid]), 5);
    if (fips.size() != 5 || !detail::AllDigits(fips)) continue;
    idx.Add(Upper(TrimCopy(row[usps])), TrimCopy(row[nm]), fips);
  }
  if (idx.empty()) return Status::InvalidArgument(name + ": gazetteer has no county rows");
  return idx;
}

CountyNameIndex CountyNameIndexFromAreas(const std::vector<Area>& areas, const std::string& name) {
  CountyNameIndex idx;
  idx.name = name;
  for (const Area& a : areas) {
    if (a.level != "county" || a.id.size() != 5 || !detail::AllDigits(a.id)) continue;
    std::string st;
    for (const auto& row : kStates)
      if (a.id.compare(0, 2, row.fips) == 0) st = row.abbr;
    if (st.empty()) continue;
    // Area names may carry the state ("Frio County, Texas"): the county is before the comma.
    std::string county = a.name.substr(0, a.name.rfind(", ") == std::string::npos ? a.name.size() : a.name.rfind(", "));
    idx.Add(st, county, a.id);
  }
  return idx;
}

Result<ZipCountyCrosswalk> ZipCountyFromTable(const CsvTable& t, const std::string& name) {
  int hdr = FindHeaderRow(t, {"ZIP", "COUNTY"});
  if (hdr < 0) return Status::InvalidArgument(name + ":1: not a HUD ZIP→county crosswalk (needs ZIP, COUNTY, *_RATIO columns)");
  const auto& h = t.rows[hdr];
  int zip = ColumnIndex(h, "ZIP"), county = ColumnIndex(h, "COUNTY");
  int res = ColumnIndex(h, "RES_RATIO"), bus = ColumnIndex(h, "BUS_RATIO"), oth = ColumnIndex(h, "OTH_RATIO"),
      tot = ColumnIndex(h, "TOT_RATIO");
  if (tot < 0) return Status::InvalidArgument(name + ":" + std::to_string(t.lines[hdr]) + ": no column TOT_RATIO");
  ZipCountyCrosswalk x;
  x.name = detail::BaseName(name);
  for (size_t r = hdr + 1; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    auto get = [&](int col) {
      double d = 0;
      return col >= 0 && static_cast<size_t>(col) < row.size() && detail::ParseNumber(row[col], &d) ? d : 0.0;
    };
    if (row.size() <= static_cast<size_t>(std::max(zip, county))) continue;
    std::string z = detail::PadLeft(TrimCopy(row[zip]), 5), c = detail::PadLeft(TrimCopy(row[county]), 5);
    if (z.size() != 5 || c.size() != 5 || !detail::AllDigits(z) || !detail::AllDigits(c))
      return Status::InvalidArgument(name + ":" + std::to_string(t.lines[r]) + ": ZIP \"" + row[zip].substr(0, 12) +
                                     "\" / COUNTY \"" + row[county].substr(0, 12) + "\" are not 5-digit codes");
    x.by_zip[z].push_back({c, get(res), get(bus), get(oth), get(tot)});
  }
  return x;
}

Result<CocCountyCrosswalk> CocCountyFromTable(const CsvTable& t, const std::string& name) {
  int hdr = FindHeaderRow(t, {"county_fips", "coc_number"});
  if (hdr < 0) return Status::InvalidArgument(name + ":1: not a county↔CoC crosswalk (needs county_fips, coc_number, pct_cnty_pop_coc)");
  const auto& h = t.rows[hdr];
  int county = ColumnIndex(h, "county_fips"), coc = ColumnIndex(h, "coc_number"), pct = ColumnIndex(h, "pct_cnty_pop_coc");
  if (pct < 0) return Status::InvalidArgument(name + ":" + std::to_string(t.lines[hdr]) + ": no column pct_cnty_pop_coc");
  CocCountyCrosswalk x;
  x.name = detail::BaseName(name);
  for (size_t r = hdr + 1; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (row.size() <= static_cast<size_t>(std::max({county, coc, pct}))) continue;
    double p = 0;
    std::string k = Upper(TrimCopy(row[coc]));
    if (k.empty() || k == "NA" || !detail::ParseNumber(row[pct], &p)) continue;  // counties outside any CoC
    x.by_coc[k].push_back({detail::PadLeft(TrimCopy(row[county]), 5), p});
  }
  return x;
}

Result<LeaCountyCrosswalk> LeaCountyFromTable(const CsvTable& t, const std::string& name) {
  int hdr = FindHeaderRow(t, {"LEAID"});
  const std::string base = detail::BaseName(name);
  if (hdr < 0)
    return Status::InvalidArgument(base + ":1: not an NCES EDGE school-district geocode file (needs LEAID and CNTY columns)");
  const auto& h = t.rows[hdr];
  int lea = ColumnIndex(h, "LEAID"), county = ColumnIndex(h, "CNTY");
  if (county < 0) county = ColumnIndex(h, "CONUM");
  if (county < 0)
    return Status::InvalidArgument(base + ":" + std::to_string(t.lines[hdr]) + ": no column CNTY (the district's county FIPS) in the header row");
  LeaCountyCrosswalk x;
  x.name = base;
  for (size_t r = hdr + 1; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (row.size() <= static_cast<size_t>(std::max(lea, county))) continue;
    std::string id = detail::PadLeft(TrimCopy(row[lea]), 7), c = detail::PadLeft(TrimCopy(row[county]), 5);
    if (c.empty()) {
      ++x.blank_county;
      continue;
    }
    if (id.size() != 7 || c.size() != 5 || !detail::AllDigits(id) || !detail::AllDigits(c))
      return Status::InvalidArgument(base + ":" + std::to_string(t.lines[r]) + ": LEAID \"" + row[lea].substr(0, 12) + "\" / CNTY \"" +
                                     row[county].substr(0, 12) + "\" are not a 7-digit district id and a 5-digit county FIPS");
    x.county_of[id] = c;
  }
  if (x.county_of.empty()) return Status::InvalidArgument(base + ": no school district with a county");
  return x;
}

}  // namespace canvass::assessment
