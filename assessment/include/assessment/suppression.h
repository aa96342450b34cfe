// Small-cell suppression (SECURITY.md §4): counts from the project's own data (interviews,
// data sheets) between 1 and threshold-1 are shown as "<T" (primary), and further cells are
// withheld as "(s)" (complementary) wherever a table's total would let a reader recover a
// suppressed count by subtraction. Not thread-safe; one ledger per published result.
#pragma once

#include <string>
#include <vector>

namespace canvass::assessment {

class SuppressionLedger {
 public:
  // Registers a count (>= 0; may be fractional after apportioning); returns its cell id.
  int Add(double value);
  // Declares that the cells `members` add up to the cell `total` (e.g. tips by source and
  // tips in all). A cell may take part in several constraints.
  void AddConstraint(std::vector<int> members, int total);
  // Marks primary cells (0 < v < threshold), then complementary cells until, in every
  // constraint, no suppressed cell's value is pinned to a single number by the shown cells
  // (interval audit: primary in [1, T-1], complementary in {0} or [T, inf)).
  void Apply(int threshold);

  bool suppressed(int id) const { return state_[static_cast<size_t>(id)] != kShown; }
  bool primary(int id) const { return state_[static_cast<size_t>(id)] == kPrimary; }
  double value(int id) const { return values_[static_cast<size_t>(id)]; }
  // "12", "3.5", "<5" (primary) or "(s)" (complementary).
  std::string Text(int id) const;
  int threshold() const { return threshold_; }
  size_t size() const { return values_.size(); }
  int complementary_count() const;

 private:
  enum State { kShown, kPrimary, kComplementary };
  struct Constraint {
    std::vector<int> members;
    int total;
  };
  bool Pinned(const Constraint& c) const;
  bool Protect(const Constraint& c);
  std::vector<double> values_;
  std::vector<State> state_;
  std::vector<Constraint> constraints_;
  int threshold_ = 5;
};

// Formats a shown count: integers without decimals, others with one.
std::string FormatCount(double v);

}  // namespace canvass::assessment
