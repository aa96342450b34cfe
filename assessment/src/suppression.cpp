// Disclosure control: primary and secondary suppression audited by a reader who combines
// every declared sum (bounds propagation), hidden rows under small totals, and differencing
// against earlier releases.
#include "assessment/suppression.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace canvass::assessment {

namespace {
constexpr double kInf = 1e18;
}  // namespace

std::string FormatCount(double v) {
  char buf[64];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

int SuppressionLedger::Add(double value, std::string_view key) { return Add(value, std::initializer_list<std::string_view>{key}); }

int SuppressionLedger::Add(double value, std::initializer_list<std::string_view> key) {
  values_.push_back(value < 0 ? 0 : std::round(value));
  for (std::string_view piece : key) key_text_.append(piece.data(), piece.size());
  key_end_.push_back(key_text_.size());
  state_.push_back(kShown);
  reason_.push_back(kNone);
  elsewhere_.push_back(kNowhere);
  in_constraints_.emplace_back();
  return static_cast<int>(values_.size() - 1);
}

void SuppressionLedger::AddConstraint(std::vector<int> members, int total) {
  int c = static_cast<int>(constraints_.size());
  for (int m : members) in_constraints_[static_cast<size_t>(m)].push_back(c);
  in_constraints_[static_cast<size_t>(total)].push_back(c);
  constraints_.push_back({std::move(members), total});
}

void SuppressionLedger::MarkPublished(int id) { elsewhere_[static_cast<size_t>(id)] = kPublishedElsewhere; }

void SuppressionLedger::MarkWithheldElsewhere(int id) { elsewhere_[static_cast<size_t>(id)] = kWithheldElsewhere; }

void SuppressionLedger::AddPart(int part, int whole) { parts_.push_back({part, whole}); }

void SuppressionLedger::AddPriorRelease(std::map<std::string, double> shown) { priors_.push_back(std::move(shown)); }

int SuppressionLedger::complementary_count() const {
  return static_cast<int>(std::count(reason_.begin(), reason_.end(), kProtects));
}

int SuppressionLedger::differencing_count() const {
  return static_cast<int>(std::count(reason_.begin(), reason_.end(), kChanged));
}

std::string SuppressionLedger::Text(int id) const {
  switch (state_[static_cast<size_t>(id)]) {
    case kWithheld: return "withheld";
    case kHidden: return "";
    default: return FormatCount(values_[static_cast<size_t>(id)]);
  }
}

std::map<std::string, double> SuppressionLedger::ShownByKey() const {
  std::map<std::string, double> out;
  for (size_t i = 0; i < values_.size(); ++i)
    if (state_[i] == kShown && !key(static_cast<int>(i)).empty()) out[std::string(key(static_cast<int>(i)))] = values_[i];
  return out;
}

// A small total's rows are all smaller still: they are not shown at all (not even as 0),
// so that their number and sum cannot narrow the total. Repeats through nested tables.
void SuppressionLedger::HideRowsOfSmallTotals() {
  bool changed = true;
  while (changed) {
    changed = false;
    for (const auto& c : constraints_) {
      size_t t = static_cast<size_t>(c.total);
      bool small_total = state_[t] == kHidden || (state_[t] == kWithheld && values_[t] < threshold_);
      if (!small_total) continue;
      for (int m : c.members)
        if (state_[static_cast<size_t>(m)] != kHidden && elsewhere_[static_cast<size_t>(m)] != kPublishedElsewhere) {
          state_[static_cast<size_t>(m)] = kHidden;
          changed = true;
        }
    }
    for (const auto& [part, whole] : parts_) {
      size_t w = static_cast<size_t>(whole), p = static_cast<size_t>(part);
      bool small_whole = state_[w] == kHidden || (state_[w] == kWithheld && values_[w] < threshold_);
      if (small_whole && state_[p] != kHidden && elsewhere_[p] != kPublishedElsewhere) {
        state_[p] = kHidden;
        changed = true;
      }
    }
  }
}

// The reader: shown cells exactly, a withheld cell any whole number from 1, a hidden one from
// 0; every declared sum narrows its members and total in turn until nothing moves.
void SuppressionLedger::Propagate() {
  const size_t n = values_.size();
  bounds_.assign(n, {0, kInf});
  for (size_t i = 0; i < n; ++i) {
    if (state_[i] == kShown) bounds_[i] = {values_[i], values_[i]};
    else if (state_[i] == kWithheld) bounds_[i] = {1, kInf};
  }
  for (int round = 0; round < 200; ++round) {
    bool moved = false;
    for (const auto& c : constraints_) {
      double lo_sum = 0, hi_sum = 0;
      int hi_inf = 0;
      for (int m : c.members) {
        const auto& b = bounds_[static_cast<size_t>(m)];
        lo_sum += b.first;
        if (b.second >= kInf) ++hi_inf; else hi_sum += b.second;
      }
      auto& tb = bounds_[static_cast<size_t>(c.total)];
      double t_lo = std::max(tb.first, lo_sum), t_hi = hi_inf ? tb.second : std::min(tb.second, hi_sum);
      if (t_lo > tb.first + 1e-9 || t_hi < tb.second - 1e-9) { tb = {t_lo, t_hi}; moved = true; }
      for (int m : c.members) {
        auto& b = bounds_[static_cast<size_t>(m)];
        bool inf = b.second >= kInf;
        double others_hi = (hi_inf - (inf ? 1 : 0)) ? kInf : hi_sum - (inf ? 0 : b.second);
        double others_lo = lo_sum - b.first;
        double lo = others_hi >= kInf ? b.first : std::max(b.first, std::ceil(tb.first - others_hi - 1e-9));
        double hi = tb.second >= kInf ? b.second : std::min(b.second, std::floor(tb.second - others_lo + 1e-9));
        if (lo > b.first + 1e-9 || hi < b.second - 1e-9) { b = {lo, hi}; moved = true; }
      }
    }
    for (const auto& [part, whole] : parts_) {
      auto& p = bounds_[static_cast<size_t>(part)];
      auto& w = bounds_[static_cast<size_t>(whole)];
      if (w.second < p.second - 1e-9) { p.second = w.second; moved = true; }
      if (p.first > w.first + 1e-9) { w.first = p.first; moved = true; }
    }
    if (!moved) break;
  }
}

// The range a withheld cell must keep: 1..T-1 for a small count; for a count an earlier
// release showed, every value within T-1 of that one (so the change cannot be read off).
std::pair<double, double> SuppressionLedger::Needed(int id) const {
  size_t i = static_cast<size_t>(id);
  double T = threshold_;
  double lo = kInf, hi = -1;
  if (elsewhere_[i] == kPublishedElsewhere) return {lo, hi};  // known to the reader anyway
  if (values_[i] > 0 && values_[i] < T) { lo = 1; hi = T - 1; }
  if (elsewhere_[i] == kWithheldElsewhere && values_[i] >= T) {
    lo = std::min(lo, std::max(1.0, values_[i] - (T - 1)));
    hi = std::max(hi, values_[i] + (T - 1));
  }
  if (elsewhere_[i] == kWithheldElsewhere && values_[i] < 1) { lo = 1; hi = T - 1; }
  if (!std::isnan(prior_[i]) && std::fabs(values_[i] - prior_[i]) >= 1 && std::fabs(values_[i] - prior_[i]) < T) {
    lo = std::min(lo, std::max(1.0, prior_[i] - (T - 1)));
    hi = std::max(hi, prior_[i] + (T - 1));
  }
  return {lo, hi};
}

int SuppressionLedger::FirstUnprotected() const {
  for (size_t i = 0; i < values_.size(); ++i) {
    if (state_[i] == kShown) continue;
    auto need = Needed(static_cast<int>(i));
    if (need.second < 0) continue;  // withheld only to protect another cell
    if (bounds_[i].first > need.first + 1e-9 || bounds_[i].second < need.second - 1e-9) return static_cast<int>(i);
  }
  return -1;
}

// Withholds one more cell of a sum the cell takes part in: the smallest shown member big
// enough to give it its range, else the largest; else the sum's total. When every such sum is
// used up, the same one level further through the sums' withheld cells (a withheld subtotal
// that the next table's sums pin down protects nothing), up to three levels.
bool SuppressionLedger::ProtectCell(int id) {
  // A search from a cell that found nothing to withhold at some depth finds nothing from any
  // deeper one either (it has fewer levels left, and nothing changed): not searched again.
  // Only such dead ends are skipped, so the search withholds the cell it withheld before.
  if (failed_depth_.size() != values_.size()) failed_depth_.assign(values_.size(), kNotFailed);
  bool found = WithholdNear(id, id, 0);
  for (int c : failed_) failed_depth_[static_cast<size_t>(c)] = kNotFailed;
  failed_.clear();
  return found;
}

bool SuppressionLedger::WithholdNear(int cell, int id, int depth) {
  if (!remember_dead_ends_) return WithholdNearOnce(cell, id, depth);
  if (failed_depth_[static_cast<size_t>(cell)] <= depth) {
    ++dead_end_skips_;
    return false;
  }
  if (!WithholdNearOnce(cell, id, depth)) {
    if (failed_depth_[static_cast<size_t>(cell)] == kNotFailed) failed_.push_back(cell);
    failed_depth_[static_cast<size_t>(cell)] = static_cast<signed char>(depth);
    return false;
  }
  return true;
}

bool SuppressionLedger::WithholdNearOnce(int cell, int id, int depth) {
  auto need = Needed(id);
  const auto& b = bounds_[static_cast<size_t>(id)];
  double deficit = std::max(need.second - b.second, b.first - need.first);
  auto usable = [&](int m) {
    size_t i = static_cast<size_t>(m);
    return m != cell && m != id && state_[i] == kShown && elsewhere_[i] != kPublishedElsewhere;
  };
  for (int c : in_constraints_[static_cast<size_t>(cell)]) {
    const Constraint& k = constraints_[static_cast<size_t>(c)];
    int pick = -1;
    for (int m : k.members) {
      if (!usable(m) || values_[static_cast<size_t>(m)] < 1) continue;
      double v = values_[static_cast<size_t>(m)], pv = pick < 0 ? 0 : values_[static_cast<size_t>(pick)];
      bool enough = v - 1 >= deficit, pick_enough = pick >= 0 && pv - 1 >= deficit;
      if (pick < 0 || (enough && (!pick_enough || v < pv)) || (!enough && !pick_enough && v > pv)) pick = m;
    }
    if (pick < 0 && usable(k.total)) pick = k.total;
    if (pick < 0) continue;
    state_[static_cast<size_t>(pick)] = kWithheld;
    reason_[static_cast<size_t>(pick)] = kProtects;
    return true;
  }
  if (depth >= 3) return false;
  auto further = [&](int x) { return x != cell && x != id && state_[static_cast<size_t>(x)] == kWithheld && WithholdNear(x, id, depth + 1); };
  for (int c : in_constraints_[static_cast<size_t>(cell)]) {
    const Constraint& k = constraints_[static_cast<size_t>(c)];
    for (int x : k.members)
      if (further(x)) return true;
    if (further(k.total)) return true;
  }
  return false;
}

void SuppressionLedger::Apply(int threshold) {
  threshold_ = threshold < 1 ? 1 : threshold;
  const size_t n = values_.size();
  prior_.assign(n, std::nan(""));
  std::unordered_map<std::string_view, double> shown;
  for (const auto& release : priors_) {
    shown.clear();
    shown.reserve(release.size());
    for (const auto& [k, v] : release) shown.emplace(k, v);
    for (size_t i = 0; i < n; ++i) {
      std::string_view k = key(static_cast<int>(i));
      if (k.empty()) continue;
      auto it = shown.find(k);
      if (it == shown.end()) continue;
      // Of several earlier releases, the one nearest to today's value is the tightest.
      if (std::isnan(prior_[i]) || std::fabs(it->second - values_[i]) < std::fabs(prior_[i] - values_[i])) prior_[i] = it->second;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    auto need = Needed(static_cast<int>(i));
    if (need.second < 0) continue;
    state_[i] = kWithheld;
    reason_[i] = values_[i] > 0 && values_[i] < threshold_ ? kSmall : elsewhere_[i] == kWithheldElsewhere ? kProtects : kChanged;
  }
  HideRowsOfSmallTotals();
  for (size_t round = 0; round < n + 16; ++round) {
    Propagate();
    int id = FirstUnprotected();
    if (id < 0) break;
    bool progress = false;
    // Protect every cell that fails this round, then read again.
    for (size_t i = static_cast<size_t>(id); i < n; ++i) {
      if (state_[i] == kShown) continue;
      auto need = Needed(static_cast<int>(i));
      if (need.second < 0) continue;
      if (bounds_[i].first > need.first + 1e-9 || bounds_[i].second < need.second - 1e-9)
        progress = ProtectCell(static_cast<int>(i)) || progress;
    }
    if (!progress) break;  // nothing left to withhold (FirstUnprotected stays >= 0: tests catch it)
  }
  // A cell withheld to protect another that the published sums pin down anyway protects
  // nothing (other complements took over): show it. Its value is already known to a reader,
  // so no bound moves; a withheld total the rows add up to would only puzzle the user.
  Propagate();
  for (size_t i = 0; i < n; ++i)
    if (state_[i] == kWithheld && reason_[i] == kProtects && elsewhere_[i] != kWithheldElsewhere && bounds_[i].second - bounds_[i].first < 0.5) {
      state_[i] = kShown;
      reason_[i] = kNone;
    }
}

}  // namespace canvass::assessment
