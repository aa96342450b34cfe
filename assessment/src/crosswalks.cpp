// Crosswalk tables (ZIP→county, CoC↔county), the gazetteer county-name matcher, and the
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

std::string NormalizeCountyName(const std::string& name) {
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
  // Collapse spaces, drop type suffixes and a "saint" spelling difference.
  std::vector<std::string> words;
  size_t p = 0;
  while (p < s.size()) {
    size_t q = s.find(' ', p);
    if (q == std::string::npos) q = s.size();
    if (q > p) words.push_back(s.substr(p, q - p));
    p = q + 1;
  }
  static const char* kSuffixes[] = {"county", "parish", "borough", "municipality", "city and borough", "census area", "city"};
  std::string joined;
  for (auto& w : words) {
    if (w == "saint" || w == "ste") w = "st";
    joined += (joined.empty() ? "" : " ") + w;
  }
  for (const char* suf : kSuffixes) {
    std::string sx = std::string(" ") + suf;
    if (joined.size() > sx.size() && joined.compare(joined.size() - sx.size(), sx.size(), sx) == 0) {
      joined.erase(joined.size() - sx.size());
      break;
    }
  }
  std::string out;
  for (char ch : joined)
    if (ch != ' ') out.push_back(ch);
  return out;
}

std::optional<std::string> CountyNameIndex::Match(const std::string& state, const std::string& county) const {
  std::string st = StateAbbr(state);
  if (st.empty()) return std::nullopt;
  std::string key = st + "|" + NormalizeCountyName(county);
  auto it = fips_by_state_name.find(key);
  if (it != fips_by_state_name.end()) return it->second;
  // Names with lost bytes ('?') in either file: wildcard compare within the state.
  for (auto i = fips_by_state_name.lower_bound(st + "|"); i != fips_by_state_name.end() && i->first.compare(0, 3, st + "|") == 0; ++i)
    if (Wild(i->first, key) || Wild(key, i->first)) return i->second;
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
    idx.fips_by_state_name.emplace(Upper(row[usps]) + "|" + NormalizeCountyName(row[nm]), fips);
  }
  if (idx.empty()) return Status::InvalidArgument(name + ": gazetteer has no county rows");
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

}  // namespace canvass::assessment
