// Scoring: indicator rates and percentiles, factor scores, composite index, rank intervals.
//
// [SECTION] Periods and percentiles
// [SECTION] Indicator table (latest period per area, rates, percentiles)
// [SECTION] Factors and composite
// [SECTION] Uncertainty (margins of error and weight perturbation)
// [SECTION] Assess
#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <random>
#include <system_error>
#include <thread>

#include "scoring_internal.h"

namespace canvass::assessment {

using core::Result;
using core::Status;
using internal::Work;

// [SECTION] Periods and percentiles

namespace {

int PeriodYear(const std::string& p) {
  for (size_t i = 0; i + 4 <= p.size(); ++i)
    if (std::isdigit(static_cast<unsigned char>(p[i])) && std::isdigit(static_cast<unsigned char>(p[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(p[i + 2])) && std::isdigit(static_cast<unsigned char>(p[i + 3])))
      return std::stoi(p.substr(i, 4));
  return 0;
}

}  // namespace

bool PeriodNewer(const std::string& a, const std::string& b) {
  int ya = PeriodYear(a), yb = PeriodYear(b);
  if (ya != yb) return ya > yb;
  bool qa = a.find('Q') != std::string::npos, qb = b.find('Q') != std::string::npos;
  if (qa != qb) return !qa;  // the annual figure wins over a quarter
  return a > b;
}

double PercentileOf(const std::vector<double>& sorted, double v) {
  if (sorted.size() <= 1) return 50.0;
  // std::lower_bound's index, found without branches: the rank draws call this millions of
  // times with unpredictable values, where a mispredicted branch per step dominated.
  const double* base = sorted.data();
  size_t n = sorted.size();
  while (n > 1) {
    size_t half = n / 2;
    base = base[half] < v ? base + half : base;
    n -= half;
  }
  size_t below = static_cast<size_t>(base - sorted.data()) + (*base < v ? 1 : 0);
  return 100.0 * static_cast<double>(below) / static_cast<double>(sorted.size() - 1);
}

PercentileTable::PercentileTable(const std::vector<double>* sorted) : s_(sorted) {
  size_t n = s_->size();
  if (n < 2 || n > UINT32_MAX) return;
  lo_ = s_->front();
  width_ = (s_->back() - lo_) / static_cast<double>(n);
  if (!(width_ > 0) || !std::isfinite(width_)) return;  // all equal, or infinite: plain search
  start_.resize(n + 1);
  for (size_t b = 0; b <= n; ++b)
    start_[b] = static_cast<uint32_t>(std::lower_bound(s_->begin(), s_->end(), Edge(b)) - s_->begin());
  inv_width_ = 1.0 / width_;
}

// Exact because lower_bound is monotone in the value: for Edge(b) <= v <= Edge(b+1) the
// answer lies between the edges' own lower_bound indices.
double PercentileTable::Percentile(double v) const {
  if (start_.empty()) return PercentileOf(*s_, v);
  size_t k = start_.size() - 1, from, to;
  if (!(v > lo_)) {
    from = to = start_[0];  // at or below the minimum, or NaN: nothing is below it
  } else if (v >= Edge(k)) {
    from = start_[k];
    to = s_->size();
  } else {
    size_t b = std::min(k - 1, static_cast<size_t>((v - lo_) * inv_width_));
    while (b > 0 && v < Edge(b)) --b;
    while (b + 1 < k && v > Edge(b + 1)) ++b;
    from = start_[b];
    to = start_[b + 1];
  }
  const double* d = s_->data();
  size_t below = from;
  if (to - from <= 16) {  // a few entries: count them without a branch per step
    for (size_t i = from; i < to; ++i) below += d[i] < v ? 1 : 0;
  } else {
    below = static_cast<size_t>(std::lower_bound(d + from, d + to, v) - d);
  }
  return 100.0 * static_cast<double>(below) / static_cast<double>(s_->size() - 1);
}

const AreaResult* AssessmentResult::Find(const std::string& area_id) const {
  for (const auto& a : areas)
    if (a.id == area_id) return &a;
  return nullptr;
}

namespace {

// [SECTION] Indicator table

const char* kResidents[] = {"pep.pop_estimate", "acs.pop_total", "ers.pop_census"};
const char* kWorkers[] = {"qcew.emp_10", "acs.civilian_employed_16plus"};

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

struct Table {
  std::vector<IndicatorMeta> metas;
  std::unordered_map<std::string, int> index;
  std::vector<IndicatorCell> cells;                      // area-major: [area * n + ind]
  std::vector<std::vector<std::optional<double>>> metric; // [ind][area]: rate or value
  std::vector<std::vector<double>> metric_sd;             // [ind][area]: sd from the moe (0 = none)
  std::vector<std::vector<double>> sorted;                // [ind]: ascending metrics
  size_t n = 0;
  IndicatorCell& At(size_t area, int ind) { return cells[area * n + static_cast<size_t>(ind)]; }
};

void BuildTable(Work* w, const std::vector<SourceInfo>& sources, Table* t) {
  const auto& prof = *w->profile;
  std::map<std::string, std::string> profile_per;
  for (const auto& f : prof.factors)
    for (const auto& m : f.measures) if (!m.per.empty()) profile_per[m.indicator] = m.per;
  std::map<std::string, int> source_of;
  for (size_t i = 0; i < sources.size(); ++i) source_of[sources[i].sha256] = static_cast<int>(i);
  std::map<std::pair<std::string, std::string>, int> source_by_kind_file;
  for (size_t i = 0; i < sources.size(); ++i) source_by_kind_file[{sources[i].kind, sources[i].file_name}] = static_cast<int>(i);
  auto visit = [&](const std::vector<Observation>& obs, auto&& fn) {
    for (const auto& o : obs) {
      if (o.geo_level != prof.level) continue;
      auto a = w->area_index.find(o.geo_id);
      if (a != w->area_index.end()) fn(o, static_cast<size_t>(a->second));
    }
  };
  auto add_meta = [&](const Observation& o, size_t) {
    if (t->index.count(o.indicator_id)) return;
    IndicatorMeta m;
    m.id = o.indicator_id;
    m.unit = o.unit;
    m.source_kind = o.source_kind;
    m.project_data = o.source_kind == "interviews" || o.source_kind == "taskforce";
    auto pp = profile_per.find(m.id);
    m.per = pp != profile_per.end() ? pp->second : DefaultPer(m.id, m.unit);
    t->index[m.id] = static_cast<int>(t->metas.size());
    t->metas.push_back(std::move(m));
  };
  visit(w->in->observations, add_meta);
  visit(w->derived, add_meta);
  t->n = t->metas.size();
  t->cells.assign(w->scored.size() * t->n, IndicatorCell{});
  auto put = [&](const Observation& o, size_t area) {
    int ind = t->index[o.indicator_id];
    IndicatorCell& c = t->At(area, ind);
    if (c.indicator >= 0 && !PeriodNewer(o.period, c.period)) return;
    c.indicator = ind;
    c.period = o.period;
    c.status = o.status;
    c.value = o.value;
    c.moe = o.moe;
    c.source = -1;
    auto s = source_by_kind_file.find({o.source_kind, o.source_file});
    if (s != source_by_kind_file.end()) c.source = s->second;
  };
  visit(w->in->observations, put);
  visit(w->derived, put);
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
  size_t na = w->scored.size();
  t->metric.assign(t->n, std::vector<std::optional<double>>(na));
  t->metric_sd.assign(t->n, std::vector<double>(na, 0.0));
  t->sorted.assign(t->n, {});
  for (size_t a = 0; a < na; ++a) {
    auto res = first_of(a, kResidents, 3), wrk = first_of(a, kWorkers, 2);
    for (size_t i = 0; i < t->n; ++i) {
      IndicatorCell& c = t->At(a, static_cast<int>(i));
      if (c.indicator < 0 || !c.value) continue;
      const std::string& per = t->metas[i].per;
      double v = *c.value, sd = c.moe ? *c.moe / 1.645 : 0;
      if (!per.empty()) {
        auto den = per == "workers" ? wrk : res;
        if (!den) continue;  // no denominator: no rate (never a zero)
        c.rate = v / *den * 1000.0;
        if (c.moe) c.rate_moe = *c.moe / *den * 1000.0;
        v = *c.rate;
        sd = sd / *den * 1000.0;
      }
      t->metric[i][a] = v;
      t->metric_sd[i][a] = sd;
      t->sorted[i].push_back(v);
    }
  }
  for (size_t i = 0; i < t->n; ++i) {
    std::sort(t->sorted[i].begin(), t->sorted[i].end());
    for (size_t a = 0; a < na; ++a)
      if (t->metric[i][a]) t->At(a, static_cast<int>(i)).percentile = PercentileOf(t->sorted[i], *t->metric[i][a]);
  }
}

// [SECTION] Factors and composite

struct FactorModel {
  std::vector<std::vector<int>> measures;   // [factor] -> indicator indices present
};

double WeightedComposite(const std::vector<std::optional<double>>& scores, const std::vector<double>& weights,
                         double* coverage, double total_weight) {
  double num = 0, den = 0;
  for (size_t f = 0; f < scores.size(); ++f)
    if (scores[f]) { num += weights[f] * *scores[f]; den += weights[f]; }
  if (coverage) *coverage = total_weight > 0 ? den / total_weight : 0;
  return den > 0 ? num / den : std::nan("");
}

// [SECTION] Uncertainty

void RankIntervals(const Work& w, const Table& t, const FactorModel& fm, int draws, std::vector<AreaResult>* areas) {
  const auto& prof = *w.profile;
  size_t na = areas->size(), nf = prof.factors.size();
  if (draws <= 0) {
    for (auto& a : *areas) { a.rank_lo = a.rank; a.rank_hi = a.rank; }
    return;
  }
  std::mt19937_64 rng(w.options.seed);
  std::uniform_real_distribution<double> jitter(1.0 - prof.weight_jitter, 1.0 + prof.weight_jitter);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<int>> ranks(na);
  std::vector<double> weights(nf), composite(na);
  struct RankKey {
    bool missing;
    double key;  // minus the composite
    uint32_t area;
  };
  std::vector<RankKey> keys(na);
  for (auto& rs : ranks) rs.reserve(static_cast<size_t>(draws));
  // Dense per-measure arrays (NaN = no data): the draws touch nothing else.
  struct Dense {
    PercentileTable sorted;
    std::vector<double> pct, metric, sd;
  };
  std::vector<std::vector<Dense>> dense(nf);
  const double nan = std::nan("");
  for (size_t f = 0; f < nf; ++f)
    for (int ind : fm.measures[f]) {
      size_t i = static_cast<size_t>(ind);
      Dense dn{PercentileTable(&t.sorted[i]), std::vector<double>(na, nan), std::vector<double>(na, nan), t.metric_sd[i]};
      for (size_t a = 0; a < na; ++a)
        if (t.metric[i][a]) {
          dn.metric[a] = *t.metric[i][a];
          dn.pct[a] = *t.cells[a * t.n + i].percentile;
        }
      dense[f].push_back(std::move(dn));
    }
  for (int d = 0; d < draws; ++d) {
    for (size_t f = 0; f < nf; ++f) weights[f] = prof.factors[f].weight * jitter(rng);
    for (size_t a = 0; a < na; ++a) {
      double num = 0, den = 0;
      for (size_t f = 0; f < nf; ++f) {
        double sum = 0;
        int k = 0;
        for (const Dense& dn : dense[f]) {
          double p = dn.pct[a];
          if (std::isnan(p)) continue;
          if (dn.sd[a] > 0) p = dn.sorted.Percentile(dn.metric[a] + dn.sd[a] * normal(rng));
          sum += p;
          ++k;
        }
        if (k) { num += weights[f] * sum / k; den += weights[f]; }
      }
      composite[a] = den > 0 ? num / den : nan;
    }
    // Highest composite first, no composite last, ties by area order: a total order, so
    // sorting plain keys gives the one and only ranking.
    for (size_t a = 0; a < na; ++a) {
      bool missing = std::isnan(composite[a]);
      keys[a] = {missing, missing ? 0.0 : -composite[a], static_cast<uint32_t>(a)};
    }
    std::sort(keys.begin(), keys.end(), [](const RankKey& x, const RankKey& y) {
      if (x.missing != y.missing) return y.missing;
      if (x.key != y.key) return x.key < y.key;
      return x.area < y.area;
    });
    for (size_t r = 0; r < na; ++r) ranks[keys[r].area].push_back(static_cast<int>(r + 1));
  }
  for (size_t a = 0; a < na; ++a) {
    AreaResult& ar = (*areas)[a];
    if (!ar.rank) continue;
    auto& rs = ranks[a];
    size_t lo = static_cast<size_t>(std::floor(0.05 * static_cast<double>(rs.size() - 1)));
    size_t hi = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(rs.size() - 1)));
    std::nth_element(rs.begin(), rs.begin() + static_cast<long>(lo), rs.end());  // the two order statistics
    ar.rank_lo = std::min(ar.rank, rs[lo]);
    std::nth_element(rs.begin() + static_cast<long>(lo), rs.begin() + static_cast<long>(hi), rs.end());
    ar.rank_hi = std::max(ar.rank, rs[hi]);
  }
}

}  // namespace

// [SECTION] Assess

Result<AssessmentResult> Assess(const AssessmentInput& in, const ScoringProfile& profile, const AssessOptions& options) {
  Work w;
  w.in = &in;
  w.profile = &profile;
  w.options = options;
  for (const auto& a : in.areas) w.by_id[a.id] = &a;
  for (const auto& [id, a] : w.by_id)
    if (a->level == profile.level) {
      w.area_index[id] = static_cast<int>(w.scored.size());
      w.scored.push_back(a);
    }
  if (w.scored.empty())
    return Status::InvalidArgument("no areas at level \"" + profile.level +
                                   "\" to assess; import them first (canvass-cli areas import FILE GAZETTEER.txt)");
  if (options.suppression_threshold < 1) return Status::InvalidArgument("the suppression threshold must be at least 1");
  internal::CountSignals(&w);
  Table t;
  BuildTable(&w, in.sources, &t);

  AssessmentResult r;
  r.project_name = in.project_name;
  r.profile = profile;
  r.options = options;
  r.indicators = t.metas;
  r.sources = in.sources;
  size_t na = w.scored.size(), nf = profile.factors.size();
  FactorModel fm;
  fm.measures.resize(nf);
  double total_weight = 0;
  std::vector<double> weights(nf);
  for (size_t f = 0; f < nf; ++f) {
    weights[f] = profile.factors[f].weight;
    total_weight += weights[f];
    std::string missing;
    for (const auto& m : profile.factors[f].measures) {
      auto it = t.index.find(m.indicator);
      if (it != t.index.end()) fm.measures[f].push_back(it->second);
      else missing += (missing.empty() ? "" : ", ") + m.indicator;
    }
    if (!missing.empty())
      w.notes.push_back(profile.factors[f].label + (fm.measures[f].empty() ? ": no data at all (" : ": no data for ") + missing +
                        (fm.measures[f].empty() ? "); its weight is spread over the other factors" : ""));
  }
  r.areas.resize(na);
  std::vector<double> risk_values;
  for (size_t a = 0; a < na; ++a) {
    AreaResult& ar = r.areas[a];
    ar.id = w.scored[a]->id;
    ar.name = w.scored[a]->name;
    ar.factors.resize(nf);
    std::vector<std::optional<double>> scores(nf), risk(nf);
    for (size_t f = 0; f < nf; ++f) {
      double sum = 0;
      int k = 0;
      for (int ind : fm.measures[f]) {
        const auto& p = t.At(a, ind).percentile;
        if (p) { sum += *p; ++k; }
      }
      if (k) scores[f] = sum / k;
      ar.factors[f].score = scores[f];
      ar.factors[f].measures_used = k;
      if (profile.factors[f].kind == "risk") risk[f] = scores[f];
    }
    double c = WeightedComposite(scores, weights, &ar.coverage, total_weight);
    if (!std::isnan(c)) ar.composite = c;
    double rk = WeightedComposite(risk, weights, nullptr, 0);
    if (!std::isnan(rk)) { ar.risk_index = rk; risk_values.push_back(rk); }
    double den = 0;
    for (size_t f = 0; f < nf; ++f) if (scores[f]) den += weights[f];
    for (size_t f = 0; f < nf; ++f)
      if (scores[f] && den > 0) ar.factors[f].contribution = weights[f] * *scores[f] / den;
    std::vector<int> idx;
    for (size_t f = 0; f < nf; ++f) if (scores[f]) idx.push_back(static_cast<int>(f));
    std::sort(idx.begin(), idx.end(), [&](int x, int y) { return ar.factors[x].contribution > ar.factors[y].contribution; });
    for (int f : idx)
      if (ar.drivers.size() < 3 && (*scores[f] >= 60 || ar.drivers.empty())) ar.drivers.push_back(f);
    for (size_t i = 0; i < t.n; ++i)
      if (t.At(a, static_cast<int>(i)).indicator >= 0) ar.indicators.push_back(t.At(a, static_cast<int>(i)));
  }
  // Risk index as a percentile among areas (the gap analysis reads it).
  std::sort(risk_values.begin(), risk_values.end());
  for (auto& ar : r.areas)
    if (ar.risk_index) ar.risk_index = PercentileOf(risk_values, *ar.risk_index);
  // Point ranks.
  std::vector<size_t> order(na);
  for (size_t a = 0; a < na; ++a) order[a] = a;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const auto& cx = r.areas[x].composite;
    const auto& cy = r.areas[y].composite;
    if (cx.has_value() != cy.has_value()) return cx.has_value();
    if (cx && *cx != *cy) return *cx > *cy;
    return x < y;
  });
  for (size_t k = 0; k < na; ++k)
    if (r.areas[order[k]].composite) r.areas[order[k]].rank = static_cast<int>(k + 1);
  r.perturbations = options.perturbations >= 0 ? options.perturbations : profile.perturbations;
  // The rank draws write only rank_lo/rank_hi and read only the table, ranks, profile and
  // seed; Publish touches none of these, so the two run side by side. Same results either way.
  std::exception_ptr draws_failed;
  auto draws = [&]() {
    try {
      RankIntervals(w, t, fm, r.perturbations, &r.areas);
    } catch (...) {
      draws_failed = std::current_exception();
    }
  };
  std::thread worker;
  try {
    worker = std::thread(draws);
  } catch (const std::system_error&) {
    draws();  // no thread available: in turn
  }
  try {
    internal::Publish(&w, &r);  // signals, suppression, gaps (needs area order = scored order)
  } catch (...) {
    if (worker.joinable()) worker.join();
    throw;
  }
  if (worker.joinable()) worker.join();
  if (draws_failed) std::rethrow_exception(draws_failed);
  std::vector<AreaResult> sorted;
  sorted.reserve(na);
  for (size_t k = 0; k < na; ++k) sorted.push_back(std::move(r.areas[order[k]]));
  r.areas = std::move(sorted);
  r.notes.insert(r.notes.end(), w.notes.begin(), w.notes.end());
  return r;
}

}  // namespace canvass::assessment
