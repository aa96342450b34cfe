// Scoring: indicator rates and percentiles, factor scores, composite index, rank intervals.
//
// [SECTION] Periods and percentiles
// [SECTION] Factors and composite
// [SECTION] Assess
// (The indicator table is built in scoring_table.cpp, the rank intervals' draws in scoring_draws.cpp.)
#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <system_error>
#include <mutex>
#include <thread>

#include "scoring_draws.h"
#include "scoring_internal.h"

namespace canvass::assessment {

using core::Result;
using core::Status;
using internal::FactorModel;
using internal::ImportHint;
using internal::RankDraws;
using internal::Table;
using internal::TableBuilder;
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

// std::lower_bound's index in d[0, n) (n >= 1), found without branches: the rank draws call
// this millions of times with unpredictable values, where a mispredicted branch per step
// dominated.
size_t LowerBound(const double* d, size_t n, double v) {
  const double* base = d;
  while (n > 1) {
    size_t half = n / 2;
    base = base[half] < v ? base + half : base;
    n -= half;
  }
  return static_cast<size_t>(base - d) + (*base < v ? 1 : 0);
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
  size_t below = LowerBound(sorted.data(), sorted.size(), v);
  return 100.0 * static_cast<double>(below) / static_cast<double>(sorted.size() - 1);
}

PercentileTable::PercentileTable(const std::vector<double>* sorted) : s_(sorted) {
  size_t n = s_->size();
  if (n < 2 || n > UINT32_MAX) return;
  lo_ = s_->front();
  size_t buckets = 4 * n;  // most hold no value or one: few comparisons, fewer mispredictions
  width_ = (s_->back() - lo_) / static_cast<double>(buckets);
  if (!(width_ > 0) || !std::isfinite(width_)) return;  // all equal, or infinite: plain search
  start_.resize(buckets + 1);
  size_t at = 0;
  for (size_t b = 0; b <= buckets; ++b) {  // lower_bound of each edge, the edges ascending
    double e = Edge(b);
    while (at < n && (*s_)[at] < e) ++at;
    start_[b] = static_cast<uint32_t>(at);
  }
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
    below = from + LowerBound(d + from, to - from, v);
  }
  return 100.0 * static_cast<double>(below) / static_cast<double>(s_->size() - 1);
}

const AreaResult* AssessmentResult::Find(const std::string& area_id) const {
  for (const auto& a : areas)
    if (a.id == area_id) return &a;
  return nullptr;
}

namespace {

// [SECTION] Factors and composite


double WeightedComposite(const std::vector<std::optional<double>>& scores, const std::vector<double>& weights,
                         double* coverage, double total_weight) {
  double num = 0, den = 0;
  for (size_t f = 0; f < scores.size(); ++f)
    if (scores[f]) { num += weights[f] * *scores[f]; den += weights[f]; }
  if (coverage) *coverage = total_weight > 0 ? den / total_weight : 0;
  return den > 0 ? num / den : std::nan("");
}

// Why an area's factor lacks measures, and what would give them: the first reason of each
// missing measure, at most three.
std::string WhyMissing(const Table& t, const Factor& f, size_t area) {
  std::vector<std::string> why;
  for (const auto& m : f.measures) {
    if (why.size() >= 3) break;
    auto it = t.index.find(m.indicator);
    if (it == t.index.end()) {
      why.push_back(m.indicator + ": no data imported (" + ImportHint(m.indicator) + ")");
      continue;
    }
    const IndicatorCell& c = t.At(area, it->second);
    if (c.percentile) continue;
    if (!c.note.empty()) why.push_back(m.indicator + ": " + c.note);
    else if (c.status == "withheld") why.push_back(m.indicator + ": withheld (a small count)");
    else if (c.indicator < 0 || !c.value) why.push_back(m.indicator + ": no value for this area");
  }
  std::string out;
  for (const auto& w : why) out += (out.empty() ? "" : "; ") + w;
  return out;
}

// Factor scores, composite, drivers, risk index and point rank of every area (in scored
// order); returns the area indices by rank. Each area's cells are moved from the table into
// its result once it is scored: the table's cells are not read after this (the rank draws
// keep what they need, and read only the table's sorted values).
std::vector<size_t> ScoreAreas(const Work& w, Table& t, const FactorModel& fm, AssessmentResult* r) {
  const ScoringProfile& prof = *w.profile;
  size_t na = w.scored.size(), nf = prof.factors.size();
  double total_weight = 0;
  std::vector<double> weights(nf);
  for (size_t f = 0; f < nf; ++f) {
    weights[f] = prof.factors[f].weight;
    total_weight += weights[f];
  }
  r->areas.resize(na);
  std::vector<double> risk_values;
  for (size_t a = 0; a < na; ++a) {
    AreaResult& ar = r->areas[a];
    ar.id = w.scored[a]->id;
    ar.name = w.scored[a]->name;
    ar.factors.resize(nf);
    std::vector<std::optional<double>> scores(nf), risk(nf);
    double covered_weight = 0;
    for (size_t f = 0; f < nf; ++f) {
      double sum = 0;
      int k = 0;
      for (int ind : fm.measures[f]) {
        const auto& p = t.At(a, ind).percentile;
        if (p) { sum += *p; ++k; }
      }
      if (k) scores[f] = sum / k;
      FactorScore& fs = ar.factors[f];
      fs.score = scores[f];
      fs.measures_used = k;
      fs.measures_expected = static_cast<int>(prof.factors[f].measures.size());
      ar.measures_scored += k;
      ar.measures_expected += fs.measures_expected;
      if (fs.measures_expected) covered_weight += weights[f] * k / fs.measures_expected;
      if (k < fs.measures_expected) fs.why_missing = WhyMissing(t, prof.factors[f], a);
      if (prof.factors[f].kind == "risk") risk[f] = scores[f];
    }
    double c = WeightedComposite(scores, weights, nullptr, total_weight);
    ar.coverage = total_weight > 0 ? covered_weight / total_weight : 0;
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
    size_t cells = 0;
    for (size_t i = 0; i < t.n; ++i) cells += t.At(a, static_cast<int>(i)).indicator >= 0 ? 1 : 0;
    ar.indicators.reserve(cells);
    for (size_t i = 0; i < t.n; ++i)
      if (t.At(a, static_cast<int>(i)).indicator >= 0) ar.indicators.push_back(std::move(t.At(a, static_cast<int>(i))));
  }
  // Risk index as a percentile among areas (the gap analysis reads it).
  std::sort(risk_values.begin(), risk_values.end());
  for (auto& ar : r->areas)
    if (ar.risk_index) ar.risk_index = PercentileOf(risk_values, *ar.risk_index);
  // Point ranks.
  std::vector<size_t> order(na);
  for (size_t a = 0; a < na; ++a) order[a] = a;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const auto& cx = r->areas[x].composite;
    const auto& cy = r->areas[y].composite;
    if (cx.has_value() != cy.has_value()) return cx.has_value();
    if (cx && *cx != *cy) return *cx > *cy;
    return x < y;
  });
  for (size_t k = 0; k < na; ++k)
    if (r->areas[order[k]].composite) r->areas[order[k]].rank = static_cast<int>(k + 1);
  return order;
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
  if (options.suppression_threshold < 2) return Status::InvalidArgument("the suppression threshold must be at least 2");
  // The signals (interviews, data sheets) beside the stored indicators, then the derived ones.
  Table t;
  TableBuilder table(w, in.sources, &t);
  std::exception_ptr signals_failed;
  auto signals = [&]() {
    try {
      internal::CountSignals(&w);
      internal::Protect(&w);  // the disclosure control, before anything is scored
    } catch (...) {
      signals_failed = std::current_exception();
    }
  };
  std::thread helper;
  if (options.threads != 1) {
    try {
      helper = std::thread(signals);
    } catch (const std::system_error&) {
      // no thread available: in turn, below
    }
  }
  try {
    table.Add(in.observations);
  } catch (...) {
    if (helper.joinable()) helper.join();
    throw;
  }
  if (helper.joinable()) helper.join();
  else signals();
  if (signals_failed) std::rethrow_exception(signals_failed);
  table.Add(w.derived);
  table.Finish();

  AssessmentResult r;
  r.project_name = in.project_name;
  r.profile = profile;
  r.options = options;
  r.indicators = t.metas;
  r.sources = in.sources;
  size_t na = w.scored.size(), nf = profile.factors.size();
  FactorModel fm;
  fm.measures.resize(nf);
  for (size_t f = 0; f < nf; ++f) {
    std::string missing;
    for (const auto& m : profile.factors[f].measures) {
      auto it = t.index.find(m.indicator);
      if (it != t.index.end()) fm.measures[f].push_back(it->second);
      else missing += (missing.empty() ? "" : ", ") + m.indicator;
    }
    if (!missing.empty())
      w.notes.push_back(profile.factors[f].label + (fm.measures[f].empty() ? ": no data at all (" : ": no data for ") + missing +
                        (fm.measures[f].empty() ? "); its weight is spread over the other factors" : ""));
    // Imported but scored nowhere (no denominator, one area only): say why, not nothing.
    if (!fm.measures[f].empty()) {
      bool any = false;
      std::string why;
      for (int ind : fm.measures[f])
        for (size_t a = 0; a < na && !any; ++a) {
          const IndicatorCell& c = t.At(a, ind);
          any = c.percentile.has_value();
          if (why.empty() && !c.note.empty()) why = t.metas[static_cast<size_t>(ind)].id + ": " + c.note;
        }
      if (!any)
        w.notes.push_back(profile.factors[f].label + ": not scored in any area" + (why.empty() ? "" : " (" + why + ")") +
                          "; its weight is spread over the other factors");
    }
  }
  r.perturbations = options.perturbations >= 0 ? options.perturbations : profile.perturbations;
  // The rank draws read only their copy of the table, the profile and the seed, and write
  // rank_lo/rank_hi last; the area scores and Publish touch none of these, so a second thread
  // draws beside them, and both share the draws left when Publish is done. Same results with
  // one thread or two.
  RankDraws draws(w, t, fm, r.perturbations);
  std::exception_ptr draws_failed;
  std::mutex draws_failed_mu;
  auto help = [&]() {
    try {
      draws.Help();
    } catch (...) {
      std::lock_guard<std::mutex> lock(draws_failed_mu);
      if (!draws_failed) draws_failed = std::current_exception();
      draws.Abort();
    }
  };
  std::thread worker;
  if (options.threads != 1 && !draws.empty()) {
    try {
      worker = std::thread(help);
    } catch (const std::system_error&) {
      // no thread available: in turn, below
    }
  }
  std::vector<size_t> order;
  try {
    order = ScoreAreas(w, t, fm, &r);
    internal::Publish(&w, &r);  // the ledger's texts, caseload, gaps (needs area order = scored order)
  } catch (...) {
    draws.Abort();
    if (worker.joinable()) worker.join();
    throw;
  }
  help();
  if (worker.joinable()) worker.join();
  if (draws_failed) std::rethrow_exception(draws_failed);
  draws.Finish(&r.areas);
  std::vector<AreaResult> sorted;
  sorted.reserve(na);
  for (size_t k = 0; k < na; ++k) sorted.push_back(std::move(r.areas[order[k]]));
  r.areas = std::move(sorted);
  r.notes.insert(r.notes.end(), w.notes.begin(), w.notes.end());
  return r;
}

}  // namespace canvass::assessment
