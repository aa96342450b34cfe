// Private: accumulators for percent agreement and nominal Krippendorff's alpha.
#pragma once

#include <map>
#include <optional>

namespace canvass::coding {

// Collects units given as "how many coders gave each value", each with a weight (the
// number of identical units), and yields mean pairwise agreement and nominal alpha.
class NominalAccumulator {
 public:
  // counts: value -> number of coders who gave it, for one unit.
  void AddUnit(const std::map<int, double>& counts, double weight = 1);
  std::optional<double> PercentAgreement() const;
  std::optional<double> Alpha() const;
  double units() const { return units_; }

 private:
  std::map<int, double> n_c_;  // pairable values per category
  double n_ = 0;               // all pairable values
  double disagree_ = 0;        // sum over c != k of o_ck
  double agree_pairs_ = 0;     // for percent agreement: sum of agreeing pair fractions
  double pairable_units_ = 0;
  double units_ = 0;
};

}  // namespace canvass::coding
