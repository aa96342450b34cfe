// WHD importer: WHISARD compliance actions, one row per case, summed per county and year
// (findings_end_date) after apportioning each case's ZIP over counties by the HUD
// crosswalk's ratio column. Every split is recorded (status apportioned + a note).
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Result;
using core::Status;

namespace {

struct Measure {
  std::vector<std::string> columns;  // synonyms
  const char* id;
  const char* unit;
  int col = -1;
};

struct Sum {
  double value = 0;
  bool any = false;  // at least one case had a value (blank cells never count as 0)
  bool apportioned = false;
};

double Ratio(const ZipCountyShare& s, const std::string& which) {
  if (which == "RES_RATIO") return s.res;
  if (which == "OTH_RATIO") return s.oth;
  if (which == "TOT_RATIO") return s.tot;
  return s.bus;
}

// One Sum per measure for each (county, year) slot, slots in first-seen order; hashed, since
// a 300,000-case file makes millions of lookups.
struct Sums {
  size_t measures = 0;
  std::unordered_map<std::string, size_t> slot_of;        // "county\x1Fyear" -> slot
  std::vector<std::pair<std::string, std::string>> keys;  // slot -> county, year
  std::vector<Sum> cells;                                 // [slot * measures + measure]
  std::string scratch;
  Sum* Slot(const std::string& county, const std::string& year) {
    scratch.assign(county).push_back('\x1F');
    scratch.append(year);
    auto [it, fresh] = slot_of.try_emplace(scratch, keys.size());
    if (fresh) {
      keys.emplace_back(county, year);
      cells.resize(cells.size() + measures);
    }
    return &cells[it->second * measures];
  }
};

// Reads one case's measures (case_id counts 1); false (and a skip) on a non-numeric cell.
bool ReadCase(Ctx& c, size_t r, size_t hdr, const std::vector<Measure>& ms, std::vector<std::optional<double>>* values) {
  values->assign(ms.size(), std::nullopt);
  for (size_t i = 0; i < ms.size(); ++i) {
    if (ms[i].col < 0) continue;
    Cell cell = i == 0 ? Cell{1.0, obs_status::kOk} : ParsePlainCell(c.Get(r, ms[i].col));
    if (cell.status.empty()) {
      c.Skip(r, c.Where(r, hdr, ms[i].col) + ": \"" + c.Get(r, ms[i].col).substr(0, 20) + "\" is not a number");
      return false;
    }
    (*values)[i] = cell.value;
  }
  return true;
}

// Emits in (indicator id, county, year) order, one observation per measure and slot.
Status EmitSums(Ctx& c, const std::vector<Measure>& ms, const Sums& sums) {
  std::vector<size_t> measures, slots(sums.keys.size());
  for (size_t i = 0; i < ms.size(); ++i)
    if (ms[i].col >= 0) measures.push_back(i);
  std::sort(measures.begin(), measures.end(), [&](size_t a, size_t b) { return std::string(ms[a].id) < ms[b].id; });
  for (size_t k = 0; k < slots.size(); ++k) slots[k] = k;
  std::sort(slots.begin(), slots.end(), [&](size_t a, size_t b) { return sums.keys[a] < sums.keys[b]; });
  c.out->observations.reserve(c.out->observations.size() + measures.size() * slots.size());
  for (size_t i : measures)
    for (size_t k : slots) {
      const Sum& sum = sums.cells[k * sums.measures + i];
      Observation o = c.Make(ms[i].id, "county", sums.keys[k].first, sums.keys[k].second, ms[i].unit, static_cast<size_t>(-1));
      if (sum.any) o.value = sum.value;
      o.status = !sum.any ? obs_status::kNotAvailable : sum.apportioned ? obs_status::kApportioned : obs_status::kOk;
      CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
    }
  return Status::Ok();
}

// The cases row by row into sums per county and year; Finish emits them.
class Whd : public RecordStage {
 public:
  Result<size_t> Start(Ctx& c) override {
    xw_ = c.req->crosswalks.zip_county;
    if (!xw_ || xw_->by_zip.empty())
      return Status::InvalidArgument(c.file + ": WHD cases carry ZIP codes, not counties; pass the HUD ZIP→county crosswalk (ZIP_COUNTY_MMYYYY)");
    CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"case_id", "zip_cd"}, "expected a WHD WHISARD extract (case_id, ..., zip_cd, ...)"));
    CANVASS_ASSIGN_OR_RETURN(zip_col_, c.NeedCol(hdr, {"zip_cd"}));
    CANVASS_ASSIGN_OR_RETURN(date_col_, c.NeedCol(hdr, {"findings_end_date"}));
    ms_ = {{{"case_id"}, "whd.cases_count", "count"},
           {{"case_violtn_cnt"}, "whd.violations_count", "count"},
           {{"bw_atp_amt"}, "whd.backwages_usd", "usd"},
           {{"ee_atp_cnt"}, "whd.employees_owed_count", "persons"},
           {{"cmp_assd_cnt", "cmp_assd"}, "whd.civil_penalties_usd", "usd"},
           {{"h2a_violtn_cnt"}, "whd.h2a_violations_count", "count"},
           {{"h2b_violtn_cnt"}, "whd.h2b_violations_count", "count"},
           {{"mspa_violtn_cnt"}, "whd.mspa_violations_count", "count"},
           {{"flsa_cl_minor_cnt"}, "whd.child_labor_minors_count", "persons"}};
    max_col_ = std::max(zip_col_, date_col_);
    for (auto& m : ms_) {
      m.col = c.Col(hdr, m.columns);
      if (m.col < 0) c.out->notes.push_back(std::string("no column ") + m.columns[0] + ": " + m.id + " not produced");
      max_col_ = std::max(max_col_, m.col);
    }
    ratio_ = Upper(c.req->options.whd_ratio.empty() ? "BUS_RATIO" : c.req->options.whd_ratio);
    sums_.measures = ms_.size();
    return hdr;
  }

  Status Records(Ctx& c, size_t hdr, size_t first, size_t end) override {
    for (size_t r = first; r < end; ++r) Case(c, hdr, r);
    return Status::Ok();
  }

  Status Finish(Ctx& c, size_t) override {
    CANVASS_RETURN_IF_ERROR(EmitSums(c, ms_, sums_));
    c.out->notes.push_back("summed " + std::to_string(cases_) + " cases per county and year of findings_end_date; apportioned " +
                           std::to_string(split_cases_) + " multi-county ZIP values to counties via crosswalk " + xw_->name +
                           " (" + ratio_ + ")" + (fallback_ ? "; " + std::to_string(fallback_) + " ZIPs with zero " + ratio_ + " used TOT_RATIO" : ""));
    return Status::Ok();
  }

 private:
  void Case(Ctx& c, size_t hdr, size_t r) {
    ++c.out->source.records;
    if (c.SkipIfShort(r, hdr, max_col_)) return;
    std::string zip = TrimCopy(c.Get(r, zip_col_)).substr(0, 5);
    zip = PadLeft(zip, 5);
    int y = 0, mo = 0, d = 0;
    if (!ParseDate(c.Get(r, date_col_), &y, &mo, &d)) {
      c.Skip(r, c.Where(r, hdr, date_col_) + ": \"" + c.Get(r, date_col_).substr(0, 20) + "\" is not a date (YYYY-MM-DD)");
      return;
    }
    auto it = xw_->by_zip.find(zip);
    if (it == xw_->by_zip.end()) {
      c.Skip(r, c.Where(r, hdr, zip_col_) + ": ZIP \"" + zip + "\" not in crosswalk " + xw_->name);
      return;
    }
    std::string which = ratio_;
    double total = 0;
    for (const auto& s : it->second) total += Ratio(s, which);
    if (total <= 0) {  // e.g. a PO-box-only ZIP with no business addresses
      which = "TOT_RATIO";
      total = 0;
      for (const auto& s : it->second) total += Ratio(s, which);
      ++fallback_;
    }
    if (total <= 0) {
      c.Skip(r, c.Where(r, hdr, zip_col_) + ": ZIP " + zip + " has zero ratios in " + xw_->name);
      return;
    }
    if (!ReadCase(c, r, hdr, ms_, &values_)) return;
    ++cases_;
    int shares = 0;
    for (const auto& s : it->second) shares += Ratio(s, which) > 0 ? 1 : 0;
    split_cases_ += shares > 1 ? 1 : 0;
    std::string year = c.req->options.period.empty() ? std::to_string(y) : c.req->options.period;
    for (const auto& s : it->second) {
      double w = Ratio(s, which) / total;
      if (w <= 0) continue;
      Sum* slot = sums_.Slot(s.county, year);
      for (size_t i = 0; i < ms_.size(); ++i) {
        if (ms_[i].col < 0) continue;
        Sum& sum = slot[i];
        if (values_[i]) sum.value += *values_[i] * w;
        sum.any = sum.any || values_[i].has_value();
        sum.apportioned = sum.apportioned || shares > 1;
      }
    }
  }

  const ZipCountyCrosswalk* xw_ = nullptr;
  int zip_col_ = -1, date_col_ = -1, max_col_ = -1;
  std::vector<Measure> ms_;
  std::string ratio_;
  Sums sums_;
  size_t split_cases_ = 0, fallback_ = 0, cases_ = 0;
  std::vector<std::optional<double>> values_;
};

}  // namespace

std::unique_ptr<RecordStage> WhdStage() { return std::make_unique<Whd>(); }

Status ImportWhd(Ctx& c) {
  Whd stage;
  return RunWhole(c, stage);
}

}  // namespace canvass::assessment::detail
