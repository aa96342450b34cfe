// QCEW importer: BLS open-data slices and by_area bulk files, quarterly or annual.
// Disclosure code "N" publishes zeros for employment and wages: kept as suppressed, never 0.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Result;
using core::Status;

namespace {

// Trafficking-relevant industries (SOURCES.md §5) plus the all-industry total "10".
const std::vector<std::string>& DefaultIndustries() {
  static const std::vector<std::string> k = {
      "10",     "11",     "111",    "112",    "1141",   "1151",   "115115", "23",     "236",   "238",
      "31-33",  "3116",   "3117",   "315",    "5613",   "561320", "5617",   "561720", "561730", "713",
      "72",     "721",    "722",    "81",     "812",    "8121",   "812113", "812199", "814",   "814110"};
  return k;
}

struct Cols {
  int area, own, ind, year, qtr, disc, estabs, m1, m2, m3, wkly, ann_emp, ann_estabs, ann_pay;
};

std::string GeoLevel(const std::string& area, std::string* geo) {
  *geo = area;
  if (area == "US000") { *geo = "US"; return "nation"; }
  if (area.size() == 5 && area.compare(2, 3, "000") == 0 && AllDigits(area.substr(0, 2))) { *geo = area.substr(0, 2); return "state"; }
  if (area.size() == 5 && AllDigits(area)) return "county";
  if (!area.empty() && area[0] == 'C') return "msa";
  return "";
}

// Per (industry, county, year) sums of quarterly employment for the derived annual average.
struct Annual {
  double emp_sum = 0;
  int quarters = 0;
  bool suppressed = false;
  size_t line = 0;  // of its first quarter (a line, not a record: the record may be in an earlier piece)
};

Status AddValue(Ctx& c, size_t r, const std::string& id, const std::string& level, const std::string& geo,
                const std::string& period, const std::string& unit, std::optional<double> v, bool suppressed) {
  Observation o = c.Make(id, level, geo, period, unit, r);
  if (suppressed) o.status = obs_status::kSuppressed;
  else if (!v) o.status = obs_status::kNotAvailable;
  else o.value = v;
  return c.Add(std::move(o));
}

std::optional<double> Num(const Ctx& c, size_t r, int col) {
  if (col < 0) return std::nullopt;
  return ParsePlainCell(c.Get(r, col)).value;
}

// Temporary-help services (NAICS 5613, private) as a percent of all jobs (industry 10, all
// owners) for every area and period that has both: the guidance's "temporary/transitory
// workers". Status derived; suppressed when either part is; nothing when either is absent.
// Fed the observations as they are made (Note), so that they can be handed over meanwhile.
class TempHelpShare {
 public:
  void Note(const std::vector<Observation>& obs, size_t from) {
    for (size_t i = from; i < obs.size(); ++i) {
      const Observation& o = obs[i];
      bool total = o.indicator_id == "qcew.emp_10", temp = o.indicator_id == "qcew.emp_5613";
      if (!total && !temp) continue;
      Pair& p = by_key_[{o.geo_level, o.geo_id, o.period}];
      // The derived annual mean and a published annual value never share a file; keep the first.
      if (total && !p.total) p.total = Part{o.value, o.status, o.source_row};
      if (temp && !p.temp) p.temp = Part{o.value, o.status, o.source_row};
    }
  }
  Status Emit(Ctx& c) const {
    std::vector<Observation> shares;
    for (const auto& [key, p] : by_key_) {
      if (!p.total || !p.temp) continue;
      const auto& [level, geo, period] = key;
      Observation o = c.Make("qcew.temp_help_share_pct", level, geo, period, "percent", static_cast<size_t>(-1));
      o.source_row = p.temp->row;
      if (p.total->status == obs_status::kSuppressed || p.temp->status == obs_status::kSuppressed) {
        o.status = obs_status::kSuppressed;
      } else if (p.total->value && p.temp->value && *p.total->value > 0) {
        o.value = *p.temp->value / *p.total->value * 100.0;
        o.status = obs_status::kDerived;
      } else {
        o.status = obs_status::kNotAvailable;
      }
      shares.push_back(std::move(o));
    }
    for (auto& o : shares) CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
    return Status::Ok();
  }

 private:
  struct Part {
    std::optional<double> value;
    std::string status;
    size_t row;
  };
  struct Pair {
    std::optional<Part> total, temp;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Pair> by_key_;
};

// Row by row: the values of the selected industries, and the quarters' sums for the annual
// means; Finish adds the means, the temporary-help share and the notes.
class Qcew : public RecordStage {
 public:
  Result<size_t> Start(Ctx& c) override {
    CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"area_fips", "industry_code", "own_code"}, "expected a BLS QCEW CSV (area_fips, own_code, industry_code, ...)"));
    Cols& k = k_;
    CANVASS_ASSIGN_OR_RETURN(k.area, c.NeedCol(hdr, {"area_fips"}));
    CANVASS_ASSIGN_OR_RETURN(k.own, c.NeedCol(hdr, {"own_code"}));
    CANVASS_ASSIGN_OR_RETURN(k.ind, c.NeedCol(hdr, {"industry_code"}));
    CANVASS_ASSIGN_OR_RETURN(k.year, c.NeedCol(hdr, {"year"}));
    CANVASS_ASSIGN_OR_RETURN(k.qtr, c.NeedCol(hdr, {"qtr"}));
    CANVASS_ASSIGN_OR_RETURN(k.disc, c.NeedCol(hdr, {"disclosure_code"}));
    k.estabs = c.Col(hdr, {"qtrly_estabs_count", "qtrly_estabs"});
    k.m1 = c.Col(hdr, {"month1_emplvl"});
    k.m2 = c.Col(hdr, {"month2_emplvl"});
    k.m3 = c.Col(hdr, {"month3_emplvl"});
    k.wkly = c.Col(hdr, {"avg_wkly_wage"});
    k.ann_emp = c.Col(hdr, {"annual_avg_emplvl"});
    k.ann_estabs = c.Col(hdr, {"annual_avg_estabs", "annual_avg_estabs_count"});
    k.ann_pay = c.Col(hdr, {"avg_annual_pay"});
    const auto& wanted = c.req->options.qcew_industries.empty() ? DefaultIndustries() : c.req->options.qcew_industries;
    want_.insert(wanted.begin(), wanted.end());
    max_col_ = std::max({k.area, k.own, k.ind, k.year, k.qtr, k.disc, k.estabs, k.m3, k.wkly, k.ann_emp, k.ann_pay});
    return hdr;
  }

  Status Records(Ctx& c, size_t hdr, size_t first, size_t end) override {
    const size_t from = c.out->observations.size();
    for (size_t r = first; r < end; ++r) CANVASS_RETURN_IF_ERROR(Row(c, hdr, r));
    share_.Note(c.out->observations, from);
    return Status::Ok();
  }

  Status Finish(Ctx& c, size_t) override {
    const size_t from = c.out->observations.size();
    for (const auto& [key, an] : annual_) {
      const auto& [frag, geo_level, year] = key;
      if (an.quarters != 4) continue;
      size_t bar = geo_level.find('|');
      Observation o = c.Make("qcew.emp_" + frag, geo_level.substr(bar + 1), geo_level.substr(0, bar), year, "jobs", static_cast<size_t>(-1));
      o.source_row = an.line;
      if (an.suppressed) o.status = obs_status::kSuppressed;
      else { o.value = an.emp_sum / 4.0; o.status = obs_status::kDerived; }
      CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
    }
    c.out->notes.push_back(std::to_string(suppressed_) + " selected rows had disclosure code N: employment and wages kept as "
                           "suppressed (published zeros ignored); establishment counts kept");
    c.out->notes.push_back("annual employment = mean of 4 quarterly averages (status derived) where all 4 quarters are present");
    share_.Note(c.out->observations, from);
    CANVASS_RETURN_IF_ERROR(share_.Emit(c));
    if (want_.count("10") && want_.count("5613"))
      c.out->notes.push_back("temporary-help share qcew.temp_help_share_pct = jobs in NAICS 5613 (private) / all jobs (industry 10) x 100");
    return Status::Ok();
  }

 private:
  Status Row(Ctx& c, size_t hdr, size_t r) {
    const Cols& k = k_;
    ++c.out->source.records;
    if (c.SkipIfShort(r, hdr, max_col_)) return Status::Ok();
    const std::string& ind = c.Get(r, k.ind);
    const std::string& own = c.Get(r, k.own);
    const std::string& area = c.Get(r, k.area);
    if (!want_.count(ind)) return Status::Ok();  // not a selected industry: not a skip, just not asked for
    if ((ind == "10" && own != "0") || (ind != "10" && own != "5")) return Status::Ok();  // totals: all owners; industries: private
    std::string geo, level = GeoLevel(area, &geo);
    if (level.empty() || area.compare(2, 3, "999") == 0) {
      c.Skip(r, c.Where(r, hdr, k.area) + ": area \"" + area + "\" is not a county, state or MSA (e.g. SS999 unknown county)");
      return Status::Ok();
    }
    const std::string& disc = c.Get(r, k.disc);
    const std::string& qtr = c.Get(r, k.qtr);
    const std::string& year = c.Get(r, k.year);
    bool sup = disc == "N";
    suppressed_ += sup ? 1 : 0;
    std::string frag = IdFragment(ind);
    bool is_annual = qtr == "A" || qtr == "a";
    std::string period = is_annual ? year : year + "Q" + qtr;
    std::optional<double> emp;
    if (is_annual) emp = Num(c, r, k.ann_emp);
    else if (auto a = Num(c, r, k.m1), b = Num(c, r, k.m2), d = Num(c, r, k.m3); a && b && d) emp = (*a + *b + *d) / 3.0;
    CANVASS_RETURN_IF_ERROR(AddValue(c, r, "qcew.emp_" + frag, level, geo, period, "jobs", emp, sup));
    CANVASS_RETURN_IF_ERROR(AddValue(c, r, "qcew.estabs_" + frag, level, geo, period, "count",
                                     Num(c, r, is_annual ? k.ann_estabs : k.estabs), false));
    if (is_annual)
      return AddValue(c, r, "qcew.avg_annual_pay_" + frag, level, geo, period, "usd", Num(c, r, k.ann_pay), sup);
    CANVASS_RETURN_IF_ERROR(AddValue(c, r, "qcew.avg_weekly_wage_" + frag, level, geo, period, "usd", Num(c, r, k.wkly), sup));
    Annual& an = annual_[{frag, geo + "|" + level, year}];
    if (an.quarters == 0) an.line = c.Line(r);
    an.quarters++;
    an.suppressed = an.suppressed || sup || !emp;
    if (emp) an.emp_sum += *emp;
    return Status::Ok();
  }

  Cols k_{};
  std::set<std::string> want_;
  int max_col_ = -1;
  std::map<std::tuple<std::string, std::string, std::string>, Annual> annual_;
  size_t suppressed_ = 0;
  TempHelpShare share_;
};

}  // namespace

std::unique_ptr<RecordStage> QcewStage() { return std::make_unique<Qcew>(); }

Status ImportQcew(Ctx& c) {
  Qcew stage;
  return RunWhole(c, stage);
}

}  // namespace canvass::assessment::detail
