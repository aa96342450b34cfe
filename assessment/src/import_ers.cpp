// USDA ERS importers: SAIPE poverty (PovertyEstimates, preamble lines, year-suffixed
// columns), Rural-Urban Continuum Codes (Mac Roman names), and the Census gazetteer.
#include <cmath>
#include <memory>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Result;
using core::Status;

namespace {

// FIPS cell of ERS files: "00000" nation, "SS000" state, else county (re-padded to 5).
void GeoOf(const std::string& raw, std::string* level, std::string* geo) {
  std::string f = PadLeft(TrimCopy(raw), 5);
  if (f == "00000") { *level = "nation"; *geo = "US"; }
  else if (f.size() == 5 && f.compare(2, 3, "000") == 0) { *level = "state"; *geo = f.substr(0, 2); }
  else { *level = "county"; *geo = f; }
}

struct Measure {
  std::string column, id, unit, lb, ub;  // lb/ub: 90% confidence bounds -> moe
};

// Adds one numeric cell (missing stays missing); unparseable text is recorded as skipped.
Status AddMeasure(Ctx& c, size_t r, size_t hdr, const Measure& m, const std::string& level, const std::string& geo,
                  const std::string& period) {
  int col = c.Col(hdr, {m.column});
  if (col < 0) return Status::Ok();
  Cell cell = ParsePlainCell(c.Get(r, col));
  if (cell.status.empty()) {
    c.Skip(r, c.Where(r, hdr, col) + ": \"" + c.Get(r, col).substr(0, 30) + "\" is not a number");
    return Status::Ok();
  }
  Observation o = c.Make(m.id, level, geo, period, m.unit, r);
  o.value = cell.value;
  o.status = cell.status;
  if (!m.lb.empty()) {
    Cell lb = ParsePlainCell(c.Get(r, c.Col(hdr, {m.lb}))), ub = ParsePlainCell(c.Get(r, c.Col(hdr, {m.ub})));
    if (lb.value && ub.value) o.moe = (*ub.value - *lb.value) / 2.0;
  }
  return c.Add(std::move(o));
}

}  // namespace

Status ImportSaipe(Ctx& c) {
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"FIPS_Code"}, "expected the ERS PovertyEstimates layout (FIPS_Code, Stabr, Area_name, POVALL_yyyy, ...)"));
  std::string year;
  for (const auto& h : c.table.rows[hdr])
    if (Upper(h).rfind("PCTPOVALL_", 0) == 0) year = h.substr(10);
  if (year.empty()) return c.NeedCol(hdr, {"PCTPOVALL_yyyy"}).status();
  std::string period = c.req->options.period.empty() ? year : c.req->options.period;
  CANVASS_ASSIGN_OR_RETURN(int fips, c.NeedCol(hdr, {"FIPS_Code"}));
  const std::vector<Measure> measures = {
      {"PCTPOVALL_" + year, "saipe.poverty_rate_pct", "percent", "CI90LBALLP_" + year, "CI90UBALLP_" + year},
      {"POVALL_" + year, "saipe.poverty_count", "persons", "CI90LBALL_" + year, "CI90UBALL_" + year},
      {"PCTPOV017_" + year, "saipe.child_poverty_rate_pct", "percent", "CI90LB017P_" + year, "CI90UB017P_" + year},
      {"MEDHHINC_" + year, "saipe.median_household_income_usd", "usd", "CI90LBINC_" + year, "CI90UBINC_" + year}};
  int max_col = c.Col(hdr, {"MEDHHINC_" + year, "PCTPOV017_" + year, "PCTPOVALL_" + year});
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r) {
    ++c.out->source.records;
    std::string raw = TrimCopy(c.Get(r, fips));
    if (!AllDigits(raw)) {
      c.Skip(r, c.Where(r, hdr, fips) + ": \"" + raw.substr(0, 30) + "\" is not a FIPS code (footer or note line)");
      continue;
    }
    if (c.SkipIfShort(r, hdr, max_col)) continue;
    std::string level, geo;
    GeoOf(raw, &level, &geo);
    for (const auto& m : measures) CANVASS_RETURN_IF_ERROR(AddMeasure(c, r, hdr, m, level, geo, period));
  }
  c.out->notes.push_back("SAIPE " + period + ": moe = half the 90% confidence interval (CI90UB - CI90LB) / 2");
  return Status::Ok();
}

Status ImportRucc(Ctx& c) {
  CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"FIPS"}, "expected the ERS Rural-Urban Continuum Codes layout (FIPS, State, County_Name, RUCC_yyyy)"));
  std::string rucc_col, pop_col;
  for (const auto& h : c.table.rows[hdr]) {
    if (Upper(h).rfind("RUCC_", 0) == 0 && rucc_col.empty()) rucc_col = h;
    if (Upper(h).rfind("POPULATION_", 0) == 0 && pop_col.empty()) pop_col = h;
  }
  if (rucc_col.empty()) return c.NeedCol(hdr, {"RUCC_yyyy"}).status();
  std::string period = c.req->options.period.empty() ? rucc_col.substr(5) : c.req->options.period;
  CANVASS_ASSIGN_OR_RETURN(int fips, c.NeedCol(hdr, {"FIPS"}));
  std::vector<Measure> measures = {{rucc_col, "ers.rucc_code", "code", "", ""}};
  std::string pop_period = pop_col.empty() ? "" : pop_col.substr(11);
  for (size_t r = hdr + 1; r < c.table.rows.size(); ++r) {
    ++c.out->source.records;
    std::string raw = TrimCopy(c.Get(r, fips));
    if (!AllDigits(raw)) {
      c.Skip(r, c.Where(r, hdr, fips) + ": \"" + raw.substr(0, 30) + "\" is not a FIPS code");
      continue;
    }
    if (c.SkipIfShort(r, hdr, c.Col(hdr, {rucc_col}))) continue;
    std::string level, geo;
    GeoOf(raw, &level, &geo);
    CANVASS_RETURN_IF_ERROR(AddMeasure(c, r, hdr, measures[0], level, geo, period));
    if (!pop_col.empty())
      CANVASS_RETURN_IF_ERROR(AddMeasure(c, r, hdr, {pop_col, "ers.pop_census", "persons", "", ""}, level, geo, pop_period));
  }
  return Status::Ok();
}

namespace {

// Row by row: land and water area per county or tract.
class Gazetteer : public RecordStage {
 public:
  Result<size_t> Start(Ctx& c) override {
    CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"GEOID", "ALAND_SQMI"}, "expected a Census gazetteer file (USPS, GEOID, NAME, ALAND, ..., ALAND_SQMI)"));
    period_ = c.req->options.period.empty() ? FindYear(c.file) : c.req->options.period;
    if (period_.empty()) return Status::InvalidArgument(c.file + ": cannot tell the gazetteer year from the file name; pass --period");
    CANVASS_ASSIGN_OR_RETURN(geoid_, c.NeedCol(hdr, {"GEOID"}));
    area_col_ = c.Col(hdr, {"AWATER_SQMI", "ALAND_SQMI"});
    return hdr;
  }
  Status Records(Ctx& c, size_t hdr, size_t first, size_t end) override {
    static const std::vector<Measure> measures = {{"ALAND_SQMI", "gazetteer.land_area_sq_mi", "sq_mi", "", ""},
                                                  {"AWATER_SQMI", "gazetteer.water_area_sq_mi", "sq_mi", "", ""}};
    for (size_t r = first; r < end; ++r) {
      ++c.out->source.records;
      std::string raw = TrimCopy(c.Get(r, geoid_));
      if (!AllDigits(raw)) {
        c.Skip(r, c.Where(r, hdr, geoid_) + ": \"" + raw.substr(0, 30) + "\" is not a GEOID");
        continue;
      }
      if (c.SkipIfShort(r, hdr, area_col_)) continue;
      std::string level = raw.size() <= 5 ? "county" : raw.size() == 11 ? "tract" : "geoid";
      if (raw.size() < 5) raw = PadLeft(raw, 5);
      for (const auto& m : measures) CANVASS_RETURN_IF_ERROR(AddMeasure(c, r, hdr, m, level, raw, period_));
    }
    return Status::Ok();
  }
  Status Finish(Ctx&, size_t) override { return Status::Ok(); }

 private:
  std::string period_;
  int geoid_ = -1, area_col_ = -1;
};

}  // namespace

std::unique_ptr<RecordStage> GazetteerStage() { return std::make_unique<Gazetteer>(); }

Status ImportGazetteer(Ctx& c) {
  Gazetteer stage;
  return RunWhole(c, stage);
}

}  // namespace canvass::assessment::detail
