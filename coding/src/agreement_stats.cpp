// Kappa and alpha: the formulas of docs/agreement.md.
#include "agreement_stats.h"

#include "coding/agreement.h"

namespace canvass::coding {

void NominalAccumulator::AddUnit(const std::map<int, double>& counts, double weight) {
  units_ += weight;
  double m = 0, sum_sq = 0;
  for (const auto& [value, n] : counts) {
    m += n;
    sum_sq += n * n;
  }
  if (m < 2) return;  // not pairable
  for (const auto& [value, n] : counts) n_c_[value] += weight * n;
  n_ += weight * m;
  // Sum over c != k of n_c n_k / (m - 1): the unit's disagreeing coincidences.
  disagree_ += weight * (m * m - sum_sq) / (m - 1);
  // Agreeing ordered pairs / all ordered pairs.
  agree_pairs_ += weight * (sum_sq - m) / (m * (m - 1));
  pairable_units_ += weight;
}

std::optional<double> NominalAccumulator::PercentAgreement() const {
  if (pairable_units_ <= 0) return std::nullopt;
  return agree_pairs_ / pairable_units_;
}

std::optional<double> NominalAccumulator::Alpha() const {
  double sum_sq = 0;
  for (const auto& [value, n] : n_c_) sum_sq += n * n;
  double expected = n_ * n_ - sum_sq;  // sum over c != k of n_c n_k
  if (n_ < 2 || expected <= 0) return std::nullopt;
  return 1.0 - (n_ - 1) * disagree_ / expected;
}

std::optional<double> PercentAgreement(const BinaryTable& t) {
  double n = t.total();
  if (n <= 0) return std::nullopt;
  return (t.both + t.neither) / n;
}

std::optional<double> CohenKappa(const BinaryTable& t) {
  double n = t.total();
  if (n <= 0) return std::nullopt;
  double po = (t.both + t.neither) / n;
  double a_yes = (t.both + t.only_a) / n, b_yes = (t.both + t.only_b) / n;
  double pe = a_yes * b_yes + (1 - a_yes) * (1 - b_yes);
  if (pe >= 1) return std::nullopt;
  return (po - pe) / (1 - pe);
}

std::optional<double> KrippendorffAlphaNominal(
    const std::vector<std::vector<std::optional<int>>>& data) {
  size_t units = 0;
  for (const auto& row : data) units = std::max(units, row.size());
  NominalAccumulator acc;
  for (size_t u = 0; u < units; ++u) {
    std::map<int, double> counts;
    for (const auto& row : data)
      if (u < row.size() && row[u]) counts[*row[u]] += 1;
    acc.AddUnit(counts);
  }
  return acc.Alpha();
}

}  // namespace canvass::coding
