// The scoring's indicator table: the latest period per area and indicator, rates per
// residents or workers (empirical-Bayes smoothed where asked), percentiles.
#include <algorithm>
#include <cmath>

#include "scoring_draws.h"

namespace canvass::assessment::internal {

namespace {

const char* kResidents[] = {"pep.pop_estimate", "acs.pop_total", "ers.pop_census"};
// Workers: jobs where they are (QCEW), else employed residents (ACS, then LAUS annual averages).
const char* kWorkers[] = {"qcew.emp_10", "acs.civilian_employed_16plus", "laus.employed"};

// Rate basis when the profile does not say: counts per 1,000 residents, jobs per 1,000
// workers; levels, rates, medians, codes and the denominators themselves stay as published.
std::string DefaultPer(const std::string& id, const std::string& unit) {
  for (const char* d : kResidents) if (id == d) return "";
  if (id == "qcew.emp_10") return "residents";
  if (unit != "persons" && unit != "count" && unit != "jobs" && unit != "usd") return "";
  for (const char* w : {"median", "avg_", "rate", "pct", "pop_"})
    if (id.find(w) != std::string::npos) return "";
  if (id.rfind("interviews.", 0) == 0) return "";
  if (unit == "jobs" || id.rfind("whd.", 0) == 0) return "workers";
  return "residents";
}

}  // namespace

std::string ImportHint(const std::string& id) {
  static const std::pair<const char*, const char*> k[] = {
      {"saipe.", "import SAIPE poverty estimates: --source saipe"}, {"acs.", "import an ACS table: --source acs"},
      {"pep.", "import Census PEP estimates: --source pep"}, {"qcew.", "import BLS QCEW: --source qcew"},
      {"whd.", "import DOL WHD cases with --zip-county: --source whd"}, {"oflc.", "import a DOL OFLC disclosure file: --source oflc"},
      {"hud.", "import HUD PIT counts with --coc-county: --source pit"}, {"laus.", "import BLS LAUS county averages: --source laus"},
      {"ucr.", "import FBI UCR human-trafficking offenses: --source ucr"},
      {"ed.", "import ED EDFacts homeless students with --crosswalk: --source edfacts"},
      {"cw.", "import a KIDS COUNT table with docs/profiles/kidscount_*.json"},
      {"jj.", "import a KIDS COUNT table with docs/profiles/kidscount_*.json"},
      {"geo.", "see the highways recipe in docs/indicators.md"},
      {"border.", "import the Census county adjacency file: --source adjacency"},
      {"ers.", "import USDA ERS rural-urban codes: --source rucc"}, {"interviews.", "finalize stakeholder interviews"},
      {"tf.", "finalize task-force data sheets"}};
  for (const auto& [p, hint] : k)
    if (id.rfind(p, 0) == 0) return hint;
  return "import a table with --source generic";
}

void TableBuilder::Add(const std::vector<Observation>& obs) {
  const std::string& level = w_.profile->level;
  for (const auto& o : obs) {
    if (o.geo_level != level) continue;
    auto a = w_.area_index.find(o.geo_id);
    if (a == w_.area_index.end()) continue;
    int ind = IndexOf(o);
    IndicatorCell& c = t_->At(static_cast<size_t>(a->second), ind);
    if (c.indicator >= 0 && !PeriodNewer(o.period, c.period)) continue;
    c.indicator = ind;
    c.period = o.period;
    c.status = o.status;
    c.value = o.value;
    c.moe = o.moe;
    c.source = SourceOf(o);
  }
}

int TableBuilder::IndexOf(const Observation& o) {
  if (last_ind_ && o.indicator_id == last_ind_->indicator_id) return last_index_;
  last_ind_ = &o;
  auto it = t_->index.find(o.indicator_id);
  if (it != t_->index.end()) return last_index_ = it->second;
  IndicatorMeta m;
  m.id = o.indicator_id;
  m.unit = o.unit;
  m.source_kind = o.source_kind;
  m.project_data = o.source_kind == "interviews" || o.source_kind == "taskforce";
  auto pp = profile_per_.find(m.id);
  m.per = pp != profile_per_.end() ? pp->second : DefaultPer(m.id, m.unit);
  last_index_ = static_cast<int>(t_->metas.size());
  t_->index[m.id] = last_index_;
  t_->metas.push_back(std::move(m));
  t_->cells.emplace_back(w_.scored.size());
  t_->n = t_->metas.size();
  return last_index_;
}
int TableBuilder::SourceOf(const Observation& o) {
  if (!last_src_ || o.source_kind != last_src_->source_kind || o.source_file != last_src_->source_file) {
    last_src_ = &o;
    auto s = source_by_kind_file_.find({o.source_kind, o.source_file});
    last_source_ = s != source_by_kind_file_.end() ? s->second : -1;
  }
  return last_source_;
}

namespace {

// Empirical-Bayes smoothing of count-based rates (Marshall 1991, method of moments): each
// area's rate moves toward the rate of all areas together by as much as its population is
// small. metric[a] holds raw rates per 1,000; counts[a] and pops[a] what they come from.
void SmoothRates(std::vector<std::optional<double>>* metric, const std::vector<double>& counts, const std::vector<double>& pops,
                 std::vector<std::optional<double>>* smoothed) {
  double sx = 0, sn = 0;
  int k = 0;
  for (size_t a = 0; a < metric->size(); ++a)
    if ((*metric)[a] && pops[a] > 0) { sx += counts[a]; sn += pops[a]; ++k; }
  if (k < 3 || sn <= 0) return;
  const double m = sx / sn, nbar = sn / k;
  double s2 = 0;
  for (size_t a = 0; a < metric->size(); ++a)
    if ((*metric)[a] && pops[a] > 0) s2 += pops[a] * std::pow(counts[a] / pops[a] - m, 2);
  s2 = std::max(0.0, s2 / sn - m / nbar);
  for (size_t a = 0; a < metric->size(); ++a) {
    if (!(*metric)[a] || pops[a] <= 0) continue;
    const double r = counts[a] / pops[a];
    const double c = s2 + m / pops[a] > 0 ? s2 / (s2 + m / pops[a]) : 0;
    (*smoothed)[a] = (m + c * (r - m)) * 1000.0;
    (*metric)[a] = (*smoothed)[a];
  }
}

}  // namespace

void TableBuilder::Finish() {
  Table* t = t_;
  // Denominators.
  auto first_of = [&](size_t area, const char* const* ids, size_t k) -> std::optional<double> {
    for (size_t i = 0; i < k; ++i) {
      auto it = t->index.find(ids[i]);
      if (it == t->index.end()) continue;
      const IndicatorCell& c = t->At(area, it->second);
      if (c.indicator >= 0 && c.value && *c.value > 0) return c.value;
    }
    return std::nullopt;
  };
  size_t na = w_.scored.size();
  const double T = w_.options.suppression_threshold;
  t->metric.assign(t->n, std::vector<std::optional<double>>(na));
  t->metric_sd.assign(t->n, std::vector<double>(na, 0.0));
  t->sorted.assign(t->n, {});
  std::vector<std::vector<double>> counts(t->n, std::vector<double>(na, 0)), dens(t->n, std::vector<double>(na, 0));
  std::vector<bool> smooth(t->n, false);
  for (size_t i = 0; i < t->n; ++i) {
    const auto& m = t->metas[i];
    // Counts per residents or workers (not rates or levels already) without margins of error.
    smooth[i] = w_.profile->rate_smoothing == "empirical_bayes" && !m.per.empty() &&
                (m.unit == "count" || m.unit == "persons" || m.unit == "jobs");
  }
  for (size_t a = 0; a < na; ++a) {
    auto res = first_of(a, kResidents, 3), wrk = first_of(a, kWorkers, 3);
    for (size_t i = 0; i < t->n; ++i) {
      IndicatorCell& c = t->At(a, static_cast<int>(i));
      if (c.indicator < 0 || !c.value) continue;
      const IndicatorMeta& meta = t->metas[i];
      const std::string& per = meta.per;
      double v = *c.value, sd = c.moe ? *c.moe / 1.645 : 0;
      // The interview signal is a sample: a shown count varies as a Poisson count would, a
      // withheld one over all of 1..T-1 (as a normal of the same spread around the stand-in).
      if (meta.source_kind == "interviews")
        sd = c.status == "withheld" ? (T - 2) / std::sqrt(12.0) : std::sqrt(std::max(v, 0.0));
      if (c.moe) smooth[i] = false;
      if (!per.empty()) {
        auto den = per == "workers" ? wrk : res;
        if (!den) {  // no denominator: no rate (never a zero), and the reason is kept
          c.note = per == "workers" ? "not scored: no worker counts here; import QCEW (county employment), ACS DP03 or LAUS"
                                    : "not scored: no population here; import PEP or ACS B01003";
          continue;
        }
        c.rate = v / *den * 1000.0;
        if (c.moe) c.rate_moe = *c.moe / *den * 1000.0;
        counts[i][a] = v;
        dens[i][a] = *den;
        v = *c.rate;
        sd = sd / *den * 1000.0;
      }
      t->metric[i][a] = v;
      t->metric_sd[i][a] = sd;
    }
  }
  for (size_t i = 0; i < t->n; ++i) {
    if (smooth[i]) {
      std::vector<std::optional<double>> smoothed(na);
      SmoothRates(&t->metric[i], counts[i], dens[i], &smoothed);
      for (size_t a = 0; a < na; ++a)
        if (smoothed[a]) t->At(a, static_cast<int>(i)).rate_smoothed = smoothed[a];
    }
    for (size_t a = 0; a < na; ++a)
      if (t->metric[i][a]) t->sorted[i].push_back(*t->metric[i][a]);
    std::sort(t->sorted[i].begin(), t->sorted[i].end());
    for (size_t a = 0; a < na; ++a) {
      if (!t->metric[i][a]) continue;
      IndicatorCell& c = t->At(a, static_cast<int>(i));
      if (t->sorted[i].size() < 2) {  // among zero others: no percentile (never a made-up 50)
        c.note = "not ranked: the only area with data";
        t->metric[i][a].reset();
        continue;
      }
      c.percentile = PercentileOf(t->sorted[i], *t->metric[i][a]);
    }
  }
}

}  // namespace canvass::assessment::internal
