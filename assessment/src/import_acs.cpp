// ACS importer: data.census.gov table downloads (ST/DT/DP, any table), two header rows,
// annotation columns in any order, Census symbols mapped to statuses, MOE columns paired.
#include <algorithm>
#include <map>
#include <memory>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Result;
using core::Status;

namespace {

struct AcsSpec {
  const char* code;          // variable code, used when no label rule matches
  const char* label_prefix;  // "" = match by code only
  const char* label_suffix;
  const char* id;
  const char* unit;
};

// Default columns per table (SOURCES.md §2). DP numbering shifts between years, so DP03
// columns are found by label first.
constexpr AcsSpec kDefaults[] = {
    {"S1701_C03_001E", "", "", "acs.poverty_rate_pct", "percent"},
    {"S1701_C03_002E", "", "", "acs.child_poverty_rate_pct", "percent"},
    {"S1701_C02_001E", "", "", "acs.poverty_count", "persons"},
    {"B01003_001E", "", "", "acs.pop_total", "persons"},
    {"DP03_0009PE", "Percent!!EMPLOYMENT STATUS!!", "!!Unemployment Rate", "acs.unemployment_rate_pct", "percent"},
    {"DP03_0032E", "Estimate!!INDUSTRY!!", "!!INDUSTRY!!Civilian employed population 16 years and over", "acs.civilian_employed_16plus", "persons"},
    {"DP03_0033PE", "Percent!!INDUSTRY!!", "!!Agriculture, forestry, fishing and hunting, and mining", "acs.emp_share_agriculture_pct", "percent"},
    {"DP03_0034PE", "Percent!!INDUSTRY!!", "!!Construction", "acs.emp_share_construction_pct", "percent"},
    {"DP03_0035PE", "Percent!!INDUSTRY!!", "!!Manufacturing", "acs.emp_share_manufacturing_pct", "percent"},
    {"DP03_0038PE", "Percent!!INDUSTRY!!", "!!Transportation and warehousing, and utilities", "acs.emp_share_transportation_pct", "percent"},
    {"DP03_0041PE", "Percent!!INDUSTRY!!", "!!Professional, scientific, and management, and administrative and waste management services", "acs.emp_share_prof_admin_waste_pct", "percent"},
    {"DP03_0043PE", "Percent!!INDUSTRY!!", "!!Arts, entertainment, and recreation, and accommodation and food services", "acs.emp_share_accommodation_food_arts_pct", "percent"},
    {"DP03_0044PE", "Percent!!INDUSTRY!!", "!!Other services, except public administration", "acs.emp_share_other_services_pct", "percent"},
    {"DP03_0062E", "Estimate!!INCOME AND BENEFITS", "!!Median household income (dollars)", "acs.median_household_income_usd", "usd"},
    {"DP03_0128PE", "Percent!!PERCENTAGE OF FAMILIES AND PEOPLE", "!!All people", "acs.poverty_rate_all_people_pct", "percent"},
};

bool StartsWith(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
bool EndsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

struct Column {
  int est = -1, moe = -1;
  std::string id, unit, code;
};

std::string LevelOf(const std::string& geo_id) {
  std::string sl = geo_id.substr(0, 3);
  if (sl == "010") return "nation";
  if (sl == "040") return "state";
  if (sl == "050") return "county";
  if (sl == "140") return "tract";
  if (sl == "150") return "block_group";
  if (sl == "160") return "place";
  if (sl == "860") return "zcta";
  return "sumlev_" + sl;
}

// MOE column for an estimate code: ..._001E -> ..._001M, ..._0009PE -> ..._0009PM.
int MoeColumn(const Ctx& c, size_t hdr, const std::string& code) {
  if (code.empty() || code.back() != 'E') return -1;
  return c.Col(hdr, {code.substr(0, code.size() - 1) + "M"});
}

Result<std::vector<Column>> ChooseColumns(const Ctx& c, size_t hdr, int label_row) {
  const auto& header = c.table.rows[hdr];
  std::vector<Column> cols;
  for (const auto& code : c.req->options.acs_columns) {
    Column col;
    col.est = c.Col(hdr, {code});
    if (col.est < 0)
      return Status::InvalidArgument(c.file + ":" + std::to_string(c.Line(hdr)) + ": no column " + code +
                                     " (choose estimate columns ending in E or PE from the first header row)");
    col.code = header[col.est];
    col.moe = MoeColumn(c, hdr, col.code);
    col.id = "acs." + IdFragment(col.code);
    std::string label = label_row >= 0 ? c.Get(label_row, col.est) : "";
    bool pct = EndsWith(col.code, "PE") || StartsWith(label, "Percent");
    col.unit = pct ? "percent" : "count";
    for (const auto& spec : kDefaults)
      if (col.code == spec.code) { col.id = spec.id; col.unit = spec.unit; }
    cols.push_back(col);
  }
  if (!cols.empty()) return cols;
  for (const auto& spec : kDefaults) {
    Column col;
    if (label_row >= 0 && spec.label_prefix[0]) {
      const auto& labels = c.table.rows[label_row];
      for (size_t i = 0; i < labels.size() && i < header.size() && col.est < 0; ++i)
        if (StartsWith(labels[i], spec.label_prefix) && EndsWith(labels[i], spec.label_suffix) && EndsWith(header[i], "E"))
          col.est = static_cast<int>(i);
    }
    if (col.est < 0) col.est = c.Col(hdr, {spec.code});
    if (col.est < 0) continue;
    col.code = header[col.est];
    col.moe = MoeColumn(c, hdr, col.code);
    col.id = spec.id;
    col.unit = spec.unit;
    cols.push_back(col);
  }
  if (cols.empty())
    return Status::InvalidArgument(c.file + ":" + std::to_string(c.Line(hdr)) +
                                   ": no default columns for this table; choose estimate columns with --columns (e.g. " +
                                   (header.size() > 2 ? header[2] : std::string("B01003_001E")) + ")");
  return cols;
}

Status AddCell(Ctx& c, size_t r, size_t hdr, const Column& col, const std::string& level, const std::string& geo,
               const std::string& period) {
  Observation o = c.Make(col.id, level, geo, period, col.unit, r);
  Cell est = ParseCensusCell(c.Get(r, col.est));
  if (est.status.empty()) {
    c.Skip(r, c.Where(r, hdr, col.est) + ": \"" + c.Get(r, col.est).substr(0, 40) + "\" is not a number or a Census symbol");
    return Status::Ok();
  }
  o.value = est.status == obs_status::kControlled ? std::nullopt : est.value;
  o.status = est.status;
  if (col.moe >= 0) {
    Cell moe = ParseCensusCell(c.Get(r, col.moe));
    o.moe = moe.value;
    if (moe.status == obs_status::kControlled && o.status == obs_status::kOk) o.status = obs_status::kControlled;
  }
  return c.Add(std::move(o));
}

// Row by row: one observation per chosen column. The row after the header may be the labels'
// row ("Geography", ...): the first piece's Records skips it.
class Acs : public RecordStage {
 public:
  Result<size_t> Start(Ctx& c) override {
    CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"GEO_ID"}, "a data.census.gov table download starts with \"GEO_ID\",\"NAME\",..."));
    int label_row = -1;
    if (hdr + 1 < c.table.rows.size() && !c.table.rows[hdr + 1].empty() && c.table.rows[hdr + 1][0] == "Geography") {
      label_row = static_cast<int>(hdr + 1);
      skip_labels_ = true;
    }
    period_ = c.req->options.period;
    if (period_.empty()) {
      std::string name = c.file;
      size_t p = name.find("ACS");
      period_ = p == std::string::npos ? "" : FindYear(name.substr(p));
    }
    if (period_.empty())
      return Status::InvalidArgument(c.file + ": cannot tell the ACS year from the file name (expected ACSST5Y2023...); pass --period");
    CANVASS_ASSIGN_OR_RETURN(geo_col_, c.NeedCol(hdr, {"GEO_ID"}));
    CANVASS_ASSIGN_OR_RETURN(cols_, ChooseColumns(c, hdr, label_row));
    max_col_ = geo_col_;
    for (const auto& col : cols_) max_col_ = std::max({max_col_, col.est, col.moe});
    return hdr;
  }

  Status Records(Ctx& c, size_t hdr, size_t first, size_t end) override {
    if (skip_labels_ && first < end) {  // the labels' row: not a record
      skip_labels_ = false;
      ++first;
    }
    for (size_t r = first; r < end; ++r) {
      ++c.out->source.records;
      if (c.SkipIfShort(r, hdr, max_col_)) continue;
      std::string raw = c.Get(r, geo_col_);
      size_t us = raw.find("US");
      if (us == std::string::npos || us < 5) {
        c.Skip(r, c.Where(r, hdr, geo_col_) + ": \"" + raw.substr(0, 30) + "\" is not a Census GEO_ID (e.g. 0500000US48163)");
        continue;
      }
      std::string level = LevelOf(raw), geo = raw.substr(us + 2);
      if (level == "nation") geo = "US";
      for (const auto& col : cols_) CANVASS_RETURN_IF_ERROR(AddCell(c, r, hdr, col, level, geo, period_));
    }
    return Status::Ok();
  }

  Status Finish(Ctx& c, size_t) override {
    std::string used;
    for (const auto& col : cols_) used += (used.empty() ? "" : ", ") + col.code + "→" + col.id;
    c.out->notes.push_back("ACS " + period_ + " columns: " + used);
    return Status::Ok();
  }

 private:
  bool skip_labels_ = false;
  std::string period_;
  int geo_col_ = -1, max_col_ = -1;
  std::vector<Column> cols_;
};

}  // namespace

std::unique_ptr<RecordStage> AcsStage() { return std::make_unique<Acs>(); }

Status ImportAcs(Ctx& c) {
  Acs stage;
  return RunWhole(c, stage);
}

}  // namespace canvass::assessment::detail
