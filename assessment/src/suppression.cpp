// Small-cell suppression with complementary cells and an interval audit per constraint.
#include "assessment/suppression.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace canvass::assessment {

std::string FormatCount(double v) {
  char buf[64];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

int SuppressionLedger::Add(double value) {
  values_.push_back(value < 0 ? 0 : value);
  state_.push_back(kShown);
  return static_cast<int>(values_.size() - 1);
}

void SuppressionLedger::AddConstraint(std::vector<int> members, int total) {
  constraints_.push_back({std::move(members), total});
}

int SuppressionLedger::complementary_count() const {
  return static_cast<int>(std::count(state_.begin(), state_.end(), kComplementary));
}

std::string SuppressionLedger::Text(int id) const {
  switch (state_[static_cast<size_t>(id)]) {
    case kPrimary: return "<" + std::to_string(threshold_);
    case kComplementary: return "(s)";
    default: return FormatCount(values_[static_cast<size_t>(id)]);
  }
}

// What a reader knows: shown cells exactly; a primary cell is an integer in [1, T-1]; a
// complementary one is 0 or at least T. The hidden members minus a hidden total equal
// K = shown total - shown members. A primary cell is pinned when the values the others
// allow for it leave at most one point. Feasible sets are unions of intervals.
namespace {
struct Iv {
  double lo, hi;
};
using IvSet = std::vector<Iv>;

IvSet Merge(IvSet s) {
  std::sort(s.begin(), s.end(), [](const Iv& a, const Iv& b) { return a.lo < b.lo; });
  IvSet out;
  for (const Iv& iv : s) {
    if (!out.empty() && iv.lo <= out.back().hi + 1) out.back().hi = std::max(out.back().hi, iv.hi);
    else out.push_back(iv);
  }
  while (out.size() > 64) {  // bound the work: widen (a weaker reader, only at scale)
    out[out.size() - 2].hi = out.back().hi;
    out.pop_back();
  }
  return out;
}

IvSet Sum(const IvSet& a, const IvSet& b) {
  IvSet out;
  for (const Iv& x : a)
    for (const Iv& y : b) out.push_back({x.lo + y.lo, x.hi + y.hi});
  return Merge(std::move(out));
}

IvSet Negate(const IvSet& a) {
  IvSet out;
  for (const Iv& x : a) out.push_back({-x.hi, -x.lo});
  return Merge(std::move(out));
}
}  // namespace

bool SuppressionLedger::Pinned(const Constraint& c) const {
  const double T = threshold_;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<int> cells = c.members;
  cells.push_back(c.total);
  int hidden = 0;
  for (int id : cells) hidden += suppressed(id) ? 1 : 0;
  if (hidden == 0) return false;
  if (hidden == 1) return true;  // total - shown members, or the sum of the members
  double k = 0;
  for (int id : c.members) if (!suppressed(id)) k -= values_[static_cast<size_t>(id)];
  if (!suppressed(c.total)) k += values_[static_cast<size_t>(c.total)];
  auto domain = [&](int id) {
    return primary(id) ? IvSet{{1, T - 1}} : IvSet{{0, 0}, {T, inf}};
  };
  // Every primary member has the same domain, so "the others" of any primary member is the
  // same set: computed once (and once for a primary total). Keeps big tables linear.
  int first_primary_member = -1;
  for (size_t i = 0; i + 1 < cells.size(); ++i)
    if (primary(cells[i])) { first_primary_member = static_cast<int>(i); break; }
  std::vector<size_t> check;
  if (first_primary_member >= 0) check.push_back(static_cast<size_t>(first_primary_member));
  if (primary(c.total)) check.push_back(cells.size() - 1);
  for (size_t i : check) {
    bool is_total = i + 1 == cells.size();
    IvSet rest{{0, 0}};  // sum of other hidden members minus the hidden total (if other)
    for (size_t j = 0; j < cells.size(); ++j) {
      int o = cells[j];
      if (j == i || !suppressed(o)) continue;
      rest = Sum(rest, j + 1 == cells.size() ? Negate(domain(o)) : domain(o));
    }
    // member: x = K - rest; total: x = rest - K
    IvSet feasible;
    for (const Iv& r : rest) {
      Iv x = is_total ? Iv{r.lo - k, r.hi - k} : Iv{k - r.hi, k - r.lo};
      Iv in{std::max(x.lo, 1.0), std::min(x.hi, T - 1)};
      if (in.lo <= in.hi) feasible.push_back(in);
    }
    feasible = Merge(std::move(feasible));
    if (feasible.empty() || (feasible.size() == 1 && feasible[0].hi - feasible[0].lo < 1)) return true;
  }
  return false;
}

// Suppresses one more cell of the constraint: the smallest shown member of at least T,
// else the smallest shown non-zero member, else the total, else a zero member.
bool SuppressionLedger::Protect(const Constraint& c) {
  int best = -1;
  auto consider = [&](bool (*ok)(double, double)) {
    for (int id : c.members)
      if (!suppressed(id) && ok(values_[static_cast<size_t>(id)], threshold_) &&
          (best < 0 || values_[static_cast<size_t>(id)] < values_[static_cast<size_t>(best)]))
        best = id;
  };
  consider([](double v, double t) { return v >= t; });
  if (best < 0) consider([](double v, double) { return v > 0; });
  if (best < 0 && !suppressed(c.total)) best = c.total;
  if (best < 0) consider([](double, double) { return true; });
  if (best < 0) return false;
  state_[static_cast<size_t>(best)] = kComplementary;
  return true;
}

void SuppressionLedger::Apply(int threshold) {
  threshold_ = threshold < 1 ? 1 : threshold;
  for (size_t i = 0; i < values_.size(); ++i)
    if (values_[i] > 0 && values_[i] < threshold_) state_[i] = kPrimary;
  for (int round = 0; round < 10000; ++round) {
    bool changed = false;
    for (const auto& c : constraints_)
      while (Pinned(c) && Protect(c)) changed = true;
    if (!changed) break;
  }
}

}  // namespace canvass::assessment
