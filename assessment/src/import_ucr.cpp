// UCR importer: FBI human-trafficking offenses by agency (commercial sex acts vs involuntary
// servitude, actual and cleared), summed per county and data year through the county-name
// matcher, with a selectable policy for agencies that list several counties; every agency is
// also counted in its state's total, so an agency no county takes is never lost.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Status;

namespace {

struct UcrCols {
  int year = -1, ori = -1, agency = -1, state = -1, county = -1, subcat = -1, subcat_name = -1, actual = -1, cleared = -1;
};

// Sums for one area and year; [0] commercial sex acts, [1] involuntary servitude.
struct Acc {
  double actual[2] = {0, 0}, cleared[2] = {0, 0};
  bool has[2] = {false, false}, cleared_unknown[2] = {false, false};
  bool apportioned = false;
};

using Key = std::tuple<std::string, std::string, std::string>;  // level, geo, year

core::Result<UcrCols> FindCols(const Ctx& c, size_t hdr) {
  UcrCols k;
  CANVASS_ASSIGN_OR_RETURN(k.year, c.NeedCol(hdr, {"DATA_YEAR"}));
  CANVASS_ASSIGN_OR_RETURN(k.ori, c.NeedCol(hdr, {"ORI"}));
  CANVASS_ASSIGN_OR_RETURN(k.state, c.NeedCol(hdr, {"STATE_ABBR"}));
  CANVASS_ASSIGN_OR_RETURN(k.county, c.NeedCol(hdr, {"COUNTY_NAME"}));
  CANVASS_ASSIGN_OR_RETURN(k.actual, c.NeedCol(hdr, {"ACTUAL_COUNT"}));
  CANVASS_ASSIGN_OR_RETURN(k.cleared, c.NeedCol(hdr, {"CLEARED_COUNT"}));
  k.agency = c.Col(hdr, {"PUB_AGENCY_NAME"});
  k.subcat = c.Col(hdr, {"OFFENSE_SUBCAT_ID"});
  k.subcat_name = c.Col(hdr, {"OFFENSE_SUBCAT_NAME"});
  if (k.subcat < 0 && k.subcat_name < 0) return c.NeedCol(hdr, {"OFFENSE_SUBCAT_ID", "OFFENSE_SUBCAT_NAME"}).status();
  return k;
}

// 0 = commercial sex acts, 1 = involuntary servitude, -1 = neither.
int Form(const Ctx& c, size_t r, const UcrCols& k) {
  std::string id = Upper(TrimCopy(c.Get(r, k.subcat))), name = Upper(TrimCopy(c.Get(r, k.subcat_name)));
  if (id == "HTCSA" || name.find("COMMERCIAL SEX") != std::string::npos) return 0;
  if (id == "HTIS" || name.find("INVOLUNTARY SERVITUDE") != std::string::npos) return 1;
  return -1;
}

std::vector<std::string> SplitNames(const std::string& s) {
  std::vector<std::string> out;
  size_t p = 0;
  while (p <= s.size()) {
    size_t q = s.find(',', p);
    if (q == std::string::npos) q = s.size();
    std::string n = TrimCopy(s.substr(p, q - p));
    if (!n.empty()) out.push_back(n);
    p = q + 1;
  }
  return out;
}

void AddTo(Acc& a, int form, double actual, std::optional<double> cleared, double share, bool apportioned) {
  a.has[form] = true;
  a.actual[form] += actual * share;
  if (cleared) a.cleared[form] += *cleared * share;
  else a.cleared_unknown[form] = true;
  a.apportioned = a.apportioned || apportioned;
}

// The counties (FIPS, share) a row's counts go to under the policy, or a reason why none.
struct Target {
  std::vector<std::pair<std::string, double>> shares;
  std::string why_not;
  bool by_population = false;
  std::vector<std::string> ambiguous;  // names that fit a county and a city (the county taken)
};

Target Targets(const Ctx& c, const std::string& state, const std::vector<std::string>& names) {
  Target t;
  using MC = ImportOptions::MultiCounty;
  const MC policy = c.req->options.multi_county;
  const CountyNameIndex& idx = *c.req->crosswalks.county_names;
  if (names.empty()) { t.why_not = "no county named"; return t; }
  if (names.size() > 1 && policy == MC::kState) {
    t.why_not = "the agency lists " + std::to_string(names.size()) + " counties and --multi-county state counts such agencies in the state total only";
    return t;
  }
  size_t use = names.size() > 1 && policy == MC::kFirst ? 1 : names.size();
  std::vector<std::string> fips;
  for (size_t i = 0; i < use; ++i) {
    bool ambiguous = false;
    auto f = idx.Match(state, names[i], &ambiguous);
    if (!f) { t.why_not = "county \"" + names[i].substr(0, 40) + "\" not found in " + state.substr(0, 4) + " (" + idx.name + ")"; return t; }
    if (ambiguous) t.ambiguous.push_back(names[i] + ", " + state);
    fips.push_back(*f);
  }
  const auto& pop = c.req->options.county_population;
  double total = 0;
  bool all_pop = fips.size() > 1;
  for (const auto& f : fips) {
    auto it = pop.find(f);
    all_pop = all_pop && it != pop.end() && it->second > 0;
    if (it != pop.end()) total += it->second;
  }
  t.by_population = all_pop;
  for (const auto& f : fips) t.shares.emplace_back(f, all_pop ? pop.at(f) / total : 1.0 / static_cast<double>(fips.size()));
  return t;
}

Status Emit(Ctx& c, const std::map<Key, Acc>& sums) {
  static const char* kForm[2] = {"sex", "labor"};
  for (const auto& kv : sums) {  // plain names: lambdas cannot capture structured bindings in C++17
    const std::string &level = std::get<0>(kv.first), &geo = std::get<1>(kv.first), &year = std::get<2>(kv.first);
    const Acc& a = kv.second;
    auto add = [&](const std::string& id, double v, bool unknown_part) {
      if (!std::isfinite(v)) return Status::InvalidArgument(c.file + ": the counts for " + geo + " in " + year + " add up beyond any real number; the file is damaged");
      Observation o = c.Make(id, level, geo, year, "count", static_cast<size_t>(-1));
      o.value = v;
      o.status = unknown_part ? obs_status::kPartial : a.apportioned ? obs_status::kApportioned : obs_status::kOk;
      return c.Add(std::move(o));
    };
    for (int f = 0; f < 2; ++f) {
      if (!a.has[f]) continue;
      CANVASS_RETURN_IF_ERROR(add(std::string("ucr.ht_offenses_") + kForm[f] + "_count", a.actual[f], false));
      CANVASS_RETURN_IF_ERROR(add(std::string("ucr.ht_cleared_") + kForm[f] + "_count", a.cleared[f], a.cleared_unknown[f]));
    }
    CANVASS_RETURN_IF_ERROR(add("ucr.ht_offenses_count", a.actual[0] + a.actual[1], false));
    CANVASS_RETURN_IF_ERROR(add("ucr.ht_cleared_count", a.cleared[0] + a.cleared[1], a.cleared_unknown[0] || a.cleared_unknown[1]));
  }
  return Status::Ok();
}

}  // namespace

Status ImportUcr(Ctx& c) {
  if (!c.req->crosswalks.county_names || c.req->crosswalks.county_names->empty())
    return Status::InvalidArgument(c.file + ": " + kNeedCountyNames);
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"DATA_YEAR", "ORI", "COUNTY_NAME"}, "expected the FBI UCR human-trafficking file "
                                                    "(DATA_YEAR, ORI, ..., STATE_ABBR, COUNTY_NAME, OFFENSE_SUBCAT_ID, ACTUAL_COUNT, CLEARED_COUNT)"));
  CANVASS_ASSIGN_OR_RETURN(UcrCols k, FindCols(c, hdr));
  const int max_col = std::max({k.year, k.ori, k.state, k.county, k.actual, k.cleared, k.subcat, k.subcat_name});
  std::map<Key, Acc> sums;
  std::map<std::string, Target> targets;
  size_t multi = 0, by_pop = 0, state_only = 0;
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r) {
    ++c.out->source.records;
    if (c.SkipIfShort(r, hdr, max_col)) continue;
    std::string year = TrimCopy(c.Get(r, k.year)), st = StateAbbr(c.Get(r, k.state));
    std::string agency = TrimCopy(c.Get(r, k.ori)) + (k.agency >= 0 ? " " + TrimCopy(c.Get(r, k.agency)).substr(0, 50) : "");
    if (year.size() != 4 || !AllDigits(year)) { c.Skip(r, c.Where(r, hdr, k.year) + ": \"" + year.substr(0, 12) + "\" is not a year"); continue; }
    if (st.empty()) { c.Skip(r, c.Where(r, hdr, k.state) + ": \"" + c.Get(r, k.state).substr(0, 12) + "\" is not a state"); continue; }
    int form = Form(c, r, k);
    if (form < 0) { c.Skip(r, c.file + ":" + std::to_string(c.Line(r)) + ": offense \"" + c.Get(r, k.subcat).substr(0, 30) + "\" is not HTCSA or HTIS"); continue; }
    Cell actual = ParsePlainCell(c.Get(r, k.actual)), cleared = ParsePlainCell(c.Get(r, k.cleared));
    if (!actual.value || *actual.value < 0) { c.Skip(r, c.Where(r, hdr, k.actual) + ": \"" + c.Get(r, k.actual).substr(0, 20) + "\" is blank or not a count"); continue; }
    if (cleared.value && *cleared.value < 0) cleared.value.reset();
    AddTo(sums[{"state", StateFips(st), year}], form, *actual.value, cleared.value, 1.0, false);
    // An agency's counties are the same on each of its rows: matched once per state and text.
    std::vector<std::string> names = SplitNames(c.Get(r, k.county));
    auto [at, fresh] = targets.try_emplace(st + "|" + c.Get(r, k.county));
    if (fresh) at->second = Targets(c, st, names);
    const Target& t = at->second;
    for (const auto& a : t.ambiguous) c.NoteAmbiguousName(a);
    multi += names.size() > 1 ? 1 : 0;
    if (t.shares.empty()) {
      ++state_only;
      c.Skip(r, c.Where(r, hdr, k.county) + ": agency " + agency + ": " + t.why_not + "; counted in the state total only");
      continue;
    }
    by_pop += t.by_population ? 1 : 0;
    for (const auto& [fips, share] : t.shares) AddTo(sums[{"county", fips, year}], form, *actual.value, cleared.value, share, t.shares.size() > 1);
  }
  CANVASS_RETURN_IF_ERROR(Emit(c, sums));
  static const char* kPolicy[] = {"split (shared among the counties listed: by population when known for all, else equally; status apportioned)",
                                  "first (all to the first county listed)", "state (state total only)"};
  c.out->notes.push_back(std::to_string(multi) + " agency rows list several counties: policy --multi-county " +
                         kPolicy[static_cast<int>(c.req->options.multi_county)] + (by_pop ? "; " + std::to_string(by_pop) + " split by population" : ""));
  c.out->notes.push_back(std::to_string(state_only) + " agency rows were counted in their state's total only (no county matched; see the skipped rows); "
                         "a county no agency reported for has no value, not zero (UCR reporting is voluntary)");
  c.FlushAmbiguousNames();
  return Status::Ok();
}

}  // namespace canvass::assessment::detail
