// OFLC importer: H-2A / H-2B disclosure data and H-1B labor condition applications (LCA).
// Column names vary by year (synonym table), association master rows are not counted when
// their sub-employer rows are present, and worksite county names are matched to FIPS through
// the gazetteer (ZIP crosswalk fallback). Sums per visa, county, year and 3-digit NAICS.
#include <cctype>
#include <cmath>
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "import_util.h"

namespace canvass::assessment::detail {

using core::Result;
using core::Status;

namespace {

struct OflcCols {
  int cas = -1, status = -1, workers = -1, prisub = -1, county = -1, state = -1, postal = -1, naics = -1, visa = -1,
      decision = -1;
};

struct Sum {
  double workers = 0;
  double cases = 0;
};

core::Result<OflcCols> FindCols(const Ctx& c, size_t hdr) {
  OflcCols k;
  CANVASS_ASSIGN_OR_RETURN(k.cas, c.NeedCol(hdr, {"CASE_NUMBER", "CASE_NO"}));
  CANVASS_ASSIGN_OR_RETURN(k.status, c.NeedCol(hdr, {"CASE_STATUS"}));
  CANVASS_ASSIGN_OR_RETURN(k.workers, c.NeedCol(hdr, {"NBR_WORKERS_CERTIFIED", "TOTAL_WORKERS_H-2A_CERTIFIED",
                                                      "TOTAL_WORKERS_H2A_CERTIFIED", "TOTAL_WORKERS_CERTIFIED",
                                                      "NUM_ALIENS_CERTIFIED", "NBR_WORKERS_CERTIFIED_H2B", "NUM_ALIENS",
                                                      "TOTAL_WORKER_POSITIONS", "TOTAL_WORKERS"}));
  CANVASS_ASSIGN_OR_RETURN(k.county, c.NeedCol(hdr, {"WORKSITE_COUNTY", "ALIEN_WORK_COUNTY", "WORKSITE_LOCATION_COUNTY"}));
  CANVASS_ASSIGN_OR_RETURN(k.state, c.NeedCol(hdr, {"WORKSITE_STATE", "ALIEN_WORK_STATE", "WORKSITE_LOCATION_STATE"}));
  k.prisub = c.Col(hdr, {"PRIMARY/SUB", "PRIMARY_SUB"});
  k.postal = c.Col(hdr, {"WORKSITE_POSTAL_CODE", "WORKSITE_ZIP", "ALIEN_WORK_POSTAL_CODE"});
  k.naics = c.Col(hdr, {"NAICS_CODE", "NAIC_CODE"});
  k.visa = c.Col(hdr, {"VISA_CLASS", "VISA_TYPE"});
  k.decision = c.Col(hdr, {"DECISION_DATE", "CASE_DECISION_DATE"});
  return k;
}

bool Certified(const std::string& status) {
  std::string s = Upper(status);
  return s.find("CERTIF") != std::string::npos && s.find("WITHDRAWN") == std::string::npos &&
         s.find("DENIED") == std::string::npos;
}

// Fiscal year from the file name ("FY17", "FY2019"), else from the decision date.
std::string PeriodOf(const Ctx& c, size_t r, const OflcCols& k) {
  if (!c.req->options.period.empty()) return c.req->options.period;
  std::string up = Upper(c.file);
  size_t fy = up.find("FY");
  if (fy != std::string::npos) {
    std::string d;
    for (size_t i = fy + 2; i < up.size() && std::isdigit(static_cast<unsigned char>(up[i])) && d.size() < 4; ++i) d += up[i];
    if (d.size() == 2) return "FY20" + d;
    if (d.size() == 4) return "FY" + d;
  }
  int y, m, d;
  if (k.decision >= 0 && ParseDate(c.Get(r, k.decision), &y, &m, &d)) return "FY" + std::to_string(FiscalYear(y, m));
  return "";
}

// "h2a", "h2b", "h1b" (H-1B and H-1B1), or "" for another class (an LCA's E-3 rows): the
// row's VISA_CLASS, else the file name (H-2A when it names none).
std::string VisaOf(const Ctx& c, size_t r, const OflcCols& k) {
  std::string v = Upper(TrimCopy(c.Get(r, k.visa)));
  if (v.empty()) v = Upper(c.file);
  auto has = [&](const char* a, const char* b) { return v.find(a) != std::string::npos || v.find(b) != std::string::npos; };
  if (has("H-2B", "H2B")) return "h2b";
  if (has("H-2A", "H2A")) return "h2a";
  if (has("H-1B", "H1B") || (TrimCopy(c.Get(r, k.visa)).empty() && v.find("LCA") != std::string::npos)) return "h1b";
  return TrimCopy(c.Get(r, k.visa)).empty() ? "h2a" : "";
}

// Indicator ids per visa: H-1B counts positions on certified applications, H-2 workers.
std::string CountId(const std::string& visa) {
  return "oflc." + visa + (visa == "h1b" ? "_positions_certified" : "_workers_certified");
}

std::optional<std::string> CountyOf(Ctx& c, size_t r, size_t hdr, const OflcCols& k) {
  const CountyNameIndex* names = c.req->crosswalks.county_names;
  std::string state = c.Get(r, k.state), county = c.Get(r, k.county);
  bool ambiguous = false;
  if (auto f = names->Match(state, county, &ambiguous)) {
    if (ambiguous) c.NoteAmbiguousName(TrimCopy(county) + ", " + TrimCopy(state));
    return f;
  }
  const ZipCountyCrosswalk* zx = c.req->crosswalks.zip_county;
  std::string zip = k.postal >= 0 ? PadLeft(TrimCopy(c.Get(r, k.postal)).substr(0, 5), 5) : "";
  if (zx && zx->by_zip.count(zip)) {
    const ZipCountyShare* best = nullptr;
    for (const auto& s : zx->by_zip.at(zip))
      if (!best || s.tot > best->tot) best = &s;
    if (best) return best->county;
  }
  c.Skip(r, c.Where(r, hdr, k.county) + ": worksite county \"" + county.substr(0, 40) + "\" not found in state \"" +
                state.substr(0, 20) + "\" (gazetteer " + names->name + (zx ? ", ZIP " + zip + " not in crosswalk" : "") + ")");
  return std::nullopt;
}

// Two passes over the rows: the first finds the cases that have sub-employer rows (their
// association's master row is then not counted), the second sums; Finish emits the sums.
class Oflc : public RecordStage {
 public:
  Result<size_t> Start(Ctx& c) override {
    if (!c.req->crosswalks.county_names || c.req->crosswalks.county_names->empty())
      return Status::InvalidArgument(c.file + ": " + kNeedCountyNames);
    CANVASS_ASSIGN_OR_RETURN(size_t hdr, c.FindHeader({"CASE_STATUS"}, "expected an OFLC H-2A/H-2B disclosure file saved as CSV"));
    CANVASS_ASSIGN_OR_RETURN(k_, FindCols(c, hdr));
    max_col_ = std::max({k_.cas, k_.status, k_.workers, k_.county, k_.state});
    return hdr;
  }
  int Passes() const override { return 2; }
  void BeginPass(int pass) override { summing_ = pass == 1; }

  Status Records(Ctx& c, size_t hdr, size_t first, size_t end) override {
    if (!summing_) {  // pass 1: cases that have sub-employer rows
      if (k_.prisub >= 0)
        for (size_t r = first; r < end; ++r)
          if (Upper(c.Get(r, k_.prisub)) == "SUB") ++subs_[c.Get(r, k_.cas)];
      return Status::Ok();
    }
    for (size_t r = first; r < end; ++r) Row(c, hdr, r);
    return Status::Ok();
  }

  Status Finish(Ctx& c, size_t) override {
    for (const auto& [key, s] : sums_) {
      const auto& [id, county, period] = key;
      if (!std::isfinite(s.workers))
        return Status::InvalidArgument(c.file + ": the worker counts for county " + county + " add up beyond any real number; the file is damaged");
      Observation o = c.Make(id, "county", county, period, "persons", static_cast<size_t>(-1));
      o.value = s.workers;
      CANVASS_RETURN_IF_ERROR(c.Add(std::move(o)));
      if (id.find("_naics_") != std::string::npos) continue;
      Observation n = c.Make(id.substr(0, id.find('_')) + "_employers_count", "county", county, period,
                             "count", static_cast<size_t>(-1));
      n.value = s.cases;
      CANVASS_RETURN_IF_ERROR(c.Add(std::move(n)));
    }
    c.out->notes.push_back("certified = CASE_STATUS contains CERTIF and not WITHDRAWN/DENIED; " + std::to_string(masters_) +
                           " association master rows not counted (sub-employer rows counted); worksite counties matched via gazetteer " +
                           c.req->crosswalks.county_names->name);
    c.FlushAmbiguousNames();
    return Status::Ok();
  }

 private:
  void Row(Ctx& c, size_t hdr, size_t r) {
    const OflcCols& k = k_;
    ++c.out->source.records;
    if (c.SkipIfShort(r, hdr, max_col_)) return;
    const std::string& cas = c.Get(r, k.cas);
    if (k.prisub >= 0 && Upper(c.Get(r, k.prisub)) == "PRI") {
      auto sub = subs_.find(cas);
      if (sub != subs_.end()) {
        c.Skip(r, c.file + ":" + std::to_string(c.Line(r)) + ": association master row of case " + cas + ": its " +
                      std::to_string(sub->second) + " sub-employer rows are counted instead");
        ++masters_;
        return;
      }
    }
    if (!Certified(c.Get(r, k.status))) {
      c.Skip(r, c.Where(r, hdr, k.status) + ": case status \"" + c.Get(r, k.status).substr(0, 60) + "\" is not a certification");
      return;
    }
    Cell workers = ParsePlainCell(c.Get(r, k.workers));
    if (!workers.value || *workers.value < 0) {
      c.Skip(r, c.Where(r, hdr, k.workers) + ": workers certified \"" + c.Get(r, k.workers).substr(0, 20) + "\" is blank or not a number");
      return;
    }
    std::string visa = VisaOf(c, r, k);
    if (visa.empty()) {
      c.Skip(r, c.Where(r, hdr, k.visa) + ": visa class \"" + c.Get(r, k.visa).substr(0, 30) + "\" is not H-2A, H-2B or H-1B; not counted");
      return;
    }
    std::string period = PeriodOf(c, r, k);
    if (period.empty()) {
      c.Skip(r, c.file + ":" + std::to_string(c.Line(r)) + ": no fiscal year (file name has no FY, no decision date); pass --period");
      return;
    }
    auto county = CountyOf(c, r, hdr, k);
    if (!county) return;
    std::string naics = k.naics >= 0 ? TrimCopy(c.Get(r, k.naics)).substr(0, 3) : "";
    for (const std::string& id : {CountId(visa), naics.size() >= 2 && AllDigits(naics) ? CountId(visa) + "_naics_" + naics : std::string()}) {
      if (id.empty()) continue;
      Sum& s = sums_[{id, *county, period}];
      s.workers += *workers.value;
      s.cases += 1;
    }
  }

  OflcCols k_;
  int max_col_ = -1;
  bool summing_ = false;
  std::map<std::string, size_t> subs_;  // case -> its sub-employer rows
  std::map<std::tuple<std::string, std::string, std::string>, Sum> sums_;  // id prefix, county, period
  size_t masters_ = 0;
};

}  // namespace

std::unique_ptr<RecordStage> OflcStage() { return std::make_unique<Oflc>(); }

Status ImportOflc(Ctx& c) {
  Oflc stage;
  return RunWhole(c, stage);
}

}  // namespace canvass::assessment::detail
