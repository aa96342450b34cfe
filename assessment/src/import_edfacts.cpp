// EDFacts importer: homeless students by school district (TOTAL, DOUBLED_UP, UHY), summed per
// county through the NCES district→county geocodes. "S" (suppressed) is never read as a number:
// a county with suppressed districts is "partial" (at least the sum shown) or "suppressed".
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Status;

namespace {

constexpr char kNeedLeaCounty[] =
    "school districts are joined to counties through the NCES EDGE school-district geocode file: give it with --crosswalk "
    "EDGE_GEOCODE_PUBLICLEA_yyyy.csv (columns LEAID and CNTY; from https://nces.ed.gov/programs/edge/Geographic/SchoolLocations, "
    "\"Public School Districts\", saved as CSV)";

struct Parts {
  double sum = 0;
  size_t known = 0, dots = 0, suppressed = 0, unreadable = 0;
};

struct Measure {
  int col;
  const char* id;
};

// "2018-2019" -> "SY2018-19"; "" when not a school year.
std::string SchoolYear(const std::string& text) {
  std::string y = FindYear(text);
  if (y.empty()) return "";
  size_t at = text.find(y);
  std::string rest = text.substr(at + 4);
  std::string next = FindYear(rest);
  std::string end2 = !next.empty() ? next.substr(2) : rest.size() >= 3 && (rest[0] == '-' || rest[0] == '_') && AllDigits(rest.substr(1, 2)) ? rest.substr(1, 2) : "";
  return end2.empty() ? "" : "SY" + y + "-" + end2;
}

Status Emit(Ctx& c, const std::map<std::tuple<std::string, std::string, std::string>, Parts>& sums, size_t* partial) {
  for (const auto& [key, p] : sums) {
    const auto& [id, county, period] = key;
    Observation o = c.Make(id, "county", county, period, "persons", static_cast<size_t>(-1));
    if (p.known == 0) {
      o.status = p.suppressed ? obs_status::kSuppressed : obs_status::kNotAvailable;
    } else {
      if (!std::isfinite(p.sum)) return Status::InvalidArgument(c.file + ": the counts for county " + county + " add up beyond any real number; the file is damaged");
      o.value = p.sum;
      bool unknown = p.suppressed || p.unreadable;
      o.status = unknown ? obs_status::kPartial : p.dots == p.known ? obs_status::kZeroOrNotReported : obs_status::kOk;
      *partial += unknown ? 1 : 0;
    }
    CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
  }
  return Status::Ok();
}

}  // namespace

Status ImportEdfacts(Ctx& c) {
  const LeaCountyCrosswalk* x = c.req->crosswalks.lea_county;
  if (!x || x->county_of.empty()) return Status::InvalidArgument(c.file + ": " + kNeedLeaCounty);
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"LEAID", "TOTAL"}, "expected the ED EDFacts homeless-students file "
                                                    "(SCHOOL_YEAR_TEXT, STNAM, FIPST, LEAID, ..., TOTAL, ..., DOUBLED_UP, ..., UHY)"));
  CANVASS_ASSIGN_OR_RETURN(int lea, c.NeedCol(hdr, {"LEAID"}));
  const int name = c.Col(hdr, {"LEANM"}), sy = c.Col(hdr, {"SCHOOL_YEAR_TEXT", "SCHOOL_YEAR"});
  const Measure ms[] = {{c.Col(hdr, {"TOTAL"}), "ed.homeless_students_count"},
                        {c.Col(hdr, {"UHY"}), "ed.unaccompanied_homeless_youth_count"},
                        {c.Col(hdr, {"DOUBLED_UP"}), "ed.homeless_students_doubled_up_count"}};
  int max_col = lea;
  for (const auto& m : ms) max_col = std::max(max_col, m.col);
  const std::string fixed = !c.req->options.period.empty() ? c.req->options.period : sy < 0 ? SchoolYear(c.file) : "";
  if (sy < 0 && fixed.empty())
    return Status::InvalidArgument(c.file + ":" + std::to_string(c.Line(hdr)) + ": no SCHOOL_YEAR_TEXT column and no school year in the file name; pass --period SY2018-19");
  std::map<std::tuple<std::string, std::string, std::string>, Parts> sums;  // id, county, period
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r) {
    ++c.out->source.records;
    if (c.SkipIfShort(r, hdr, max_col)) continue;
    std::string id = PadLeft(TrimCopy(c.Get(r, lea)), 7), period = fixed.empty() ? SchoolYear(c.Get(r, sy)) : fixed;
    if (id.size() != 7 || !AllDigits(id)) { c.Skip(r, c.Where(r, hdr, lea) + ": \"" + id.substr(0, 12) + "\" is not a 7-digit district id"); continue; }
    if (period.empty()) { c.Skip(r, c.Where(r, hdr, sy) + ": \"" + c.Get(r, sy).substr(0, 20) + "\" is not a school year"); continue; }
    auto county = x->county_of.find(id);
    if (county == x->county_of.end()) {
      c.Skip(r, c.Where(r, hdr, lea) + ": district " + id + (name >= 0 ? " (" + TrimCopy(c.Get(r, name)).substr(0, 40) + ")" : "") +
                    " is not in " + x->name + " (or has no county there)");
      continue;
    }
    for (const auto& m : ms) {
      if (m.col < 0) continue;
      std::string raw = TrimCopy(c.Get(r, m.col));
      Parts& p = sums[{m.id, county->second, period}];
      double d = 0;
      if (raw == "S") ++p.suppressed;
      else if (raw == ".") { ++p.dots; ++p.known; }
      else if (ParseNumber(raw, &d) && d >= 0) { p.sum += d; ++p.known; }
      else { ++p.unreadable; c.Skip(r, c.Where(r, hdr, m.col) + ": \"" + raw.substr(0, 20) + "\" is not a count, S or .; the county sum is partial"); }
    }
  }
  size_t partial = 0;
  CANVASS_RETURN_IF_ERROR(Emit(c, sums, &partial));
  c.out->notes.push_back("districts summed per county of the district office (" + x->name + "); S = suppressed, never a number: " +
                         std::to_string(partial) + " county sums include suppressed districts (status partial: at least this many); "
                         "'.' = none reported, read as 0 (status zero_or_not_reported where every district has '.')");
  return Status::Ok();
}

}  // namespace canvass::assessment::detail
