// The rank intervals: weight and margin-of-error perturbation draws (scoring_draws.h).
#include "scoring_draws.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "ziggurat.h"

namespace canvass::assessment::internal {

namespace {

// Highest composite first, no composite last, ties by area order: a total order, so any
// correct sort gives the one and only ranking. Each composite becomes an unsigned key whose
// order is the ranking's (minus the composite, -0 as +0, its bits flipped to sort as
// unsigned; no composite = the largest key), and a stable radix sort of the areas in area
// order keeps ties in area order. keys and tmp: scratch.
void SortRanks(const std::vector<double>& composite, std::vector<uint64_t>* keys, std::vector<uint32_t>* order,
               std::vector<uint32_t>* tmp) {
  size_t n = composite.size();
  keys->resize(n);
  order->resize(n);
  tmp->resize(n);
  for (size_t a = 0; a < n; ++a) {
    uint64_t u = UINT64_MAX;
    if (!std::isnan(composite[a])) {
      double k = -composite[a] + 0.0;
      std::memcpy(&u, &k, sizeof u);
      u = (u >> 63) ? ~u : u | (uint64_t{1} << 63);
    }
    (*keys)[a] = u;
    (*order)[a] = static_cast<uint32_t>(a);
  }
  for (int shift = 0; shift < 64 && n > 0; shift += 8) {
    size_t count[257] = {0};
    for (size_t i = 0; i < n; ++i) ++count[(((*keys)[i] >> shift) & 0xFF) + 1];
    if (count[(((*keys)[0] >> shift) & 0xFF) + 1] == n) continue;  // one digit everywhere: order unchanged
    for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
    for (size_t i = 0; i < n; ++i) (*tmp)[count[((*keys)[(*order)[i]] >> shift) & 0xFF]++] = (*order)[i];
    order->swap(*tmp);
  }
}

}  // namespace


RankDraws::RankDraws(const Work& w, const Table& t, const FactorModel& fm, int draws) : draws_(draws) {
  const auto& prof = *w.profile;
  na_ = w.scored.size();
  nf_ = prof.factors.size();
  if (draws_ <= 0) return;
  jitter_ = prof.weight_jitter;
  seed_ = w.options.seed;
  for (const auto& f : prof.factors) base_weight_.push_back(f.weight);
  std::vector<std::vector<int>> moe_of(nf_);   // [factor][k] -> index into moe_, -1 = none
  for (size_t f = 0; f < nf_; ++f)
    for (int ind : fm.measures[f]) {
      size_t i = static_cast<size_t>(ind);
      bool any = false;
      for (size_t a = 0; a < na_ && !any; ++a) any = t.metric[i][a] && t.metric_sd[i][a] > 0;
      moe_of[f].push_back(any ? static_cast<int>(moe_.size()) : -1);
      if (any) moe_.push_back({PercentileTable(&t.sorted[i]), {}});
    }
  // A measure's normals are consecutive (slots numbered measure by measure, area by area), so
  // that its percentile lookups read the normals and write the percentiles in order.
  std::vector<int32_t> next_slot(moe_.size(), 0);
  for (size_t f = 0; f < nf_; ++f)
    for (size_t k = 0; k < fm.measures[f].size(); ++k) {
      int mi = moe_of[f][k];
      if (mi < 0) continue;
      size_t i = static_cast<size_t>(fm.measures[f][k]);
      int32_t n = 0;
      for (size_t a = 0; a < na_; ++a) n += t.metric[i][a] && t.metric_sd[i][a] > 0 ? 1 : 0;
      next_slot[static_cast<size_t>(mi)] = n;
    }
  for (size_t mi = 0, base = 0; mi < moe_.size(); ++mi) {
    int32_t n = next_slot[mi];
    next_slot[mi] = static_cast<int32_t>(base);
    base += static_cast<size_t>(n);
    m_ = base;
  }
  start_.reserve(na_ * nf_ + 1);
  for (size_t a = 0; a < na_; ++a)
    for (size_t f = 0; f < nf_; ++f) {
      start_.push_back(static_cast<uint32_t>(entries_.size()));
      for (size_t k = 0; k < fm.measures[f].size(); ++k) {
        size_t i = static_cast<size_t>(fm.measures[f][k]);
        if (!t.metric[i][a]) {
          // Missing here but present elsewhere: any percentile is possible.
          if (!t.sorted[i].empty()) entries_.push_back({0, -2 - static_cast<int32_t>(u_++)});
          continue;
        }
        double sd = t.metric_sd[i][a];
        if (sd > 0) {
          size_t mi = static_cast<size_t>(moe_of[f][k]);
          int32_t slot = next_slot[mi]++;
          moe_[mi].cells.push_back({slot, *t.metric[i][a], sd});
          entries_.push_back({0, slot});
        } else {
          entries_.push_back({*t.At(a, static_cast<int>(i)).percentile, -1});
        }
      }
    }
  start_.push_back(static_cast<uint32_t>(entries_.size()));
  ranks_.resize(na_ * static_cast<size_t>(draws_));
}

// Draw d's numbers: nf weights, m normals, u uniforms, from a generator of its own.
void RankDraws::Draw(int d, std::vector<double>* numbers) const {
  // SplitMix64 of the seed and the draw's number: distinct, well mixed seeds per draw.
  uint64_t z = seed_ + (static_cast<uint64_t>(d) + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  std::mt19937_64 rng(z ^ (z >> 31));
  std::uniform_real_distribution<double> jitter(1.0 - jitter_, 1.0 + jitter_);
  static const Ziggurat normal;
  std::uniform_real_distribution<double> unknown(0.0, 100.0);
  numbers->resize(nf_ + m_ + u_);
  double* x = numbers->data();
  for (size_t f = 0; f < nf_; ++f) x[f] = base_weight_[f] * jitter(rng);
  for (size_t i = 0; i < m_; ++i) x[nf_ + i] = normal(rng);
  for (size_t i = 0; i < u_; ++i) x[nf_ + m_ + i] = unknown(rng);
}

void RankDraws::Help() {
  Scratch s;
  for (int d = next_.fetch_add(1); d < draws_; d = next_.fetch_add(1)) Run(d, &s);
}

void RankDraws::Run(int d, Scratch* s) {
  Draw(d, &s->numbers);
  const double* weights = s->numbers.data();
  const double* z = weights + nf_;
  const double* unknown = z + m_;
  s->pz.resize(m_);
  s->composite.resize(na_);
  s->keys.resize(na_);
  for (const MoeMeasure& mm : moe_)
    for (const MoeCell& c : mm.cells) s->pz[static_cast<size_t>(c.slot)] = mm.table.Percentile(c.metric + c.sd * z[c.slot]);
  const uint32_t* start = start_.data();
  for (size_t a = 0; a < na_; ++a) {
    double num = 0, den = 0;
    for (size_t f = 0; f < nf_; ++f, ++start) {
      double sum = 0;
      for (uint32_t e = start[0]; e < start[1]; ++e) {
        const Entry& x = entries_[e];
        sum += x.slot >= 0 ? s->pz[static_cast<size_t>(x.slot)] : x.slot == -1 ? x.p : unknown[-2 - x.slot];
      }
      int k = static_cast<int>(start[1] - start[0]);
      if (k) { num += weights[f] * sum / k; den += weights[f]; }
    }
    s->composite[a] = den > 0 ? num / den : std::nan("");
  }
  SortRanks(s->composite, &s->keys, &s->order, &s->tmp);
  for (size_t r = 0; r < na_; ++r) ranks_[s->order[r] * static_cast<size_t>(draws_) + static_cast<size_t>(d)] = static_cast<int>(r + 1);
}

void RankDraws::Finish(std::vector<AreaResult>* areas) const {
  std::vector<int> rs;
  for (size_t a = 0; a < na_; ++a) {
    AreaResult& ar = (*areas)[a];
    if (!ar.rank) continue;
    if (draws_ <= 0) { ar.rank_lo = ar.rank_hi = ar.rank; continue; }
    rs.assign(ranks_.begin() + static_cast<long>(a * static_cast<size_t>(draws_)), ranks_.begin() + static_cast<long>((a + 1) * static_cast<size_t>(draws_)));
    size_t lo = static_cast<size_t>(std::floor(0.05 * static_cast<double>(rs.size() - 1)));
    size_t hi = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(rs.size() - 1)));
    std::nth_element(rs.begin(), rs.begin() + static_cast<long>(lo), rs.end());  // the two order statistics
    ar.rank_lo = std::min(ar.rank, rs[lo]);
    std::nth_element(rs.begin() + static_cast<long>(lo), rs.begin() + static_cast<long>(hi), rs.end());
    ar.rank_hi = std::max(ar.rank, rs[hi]);
  }
}

}  // namespace canvass::assessment::internal
