// Disclosure control for the counts one publication takes from the project's own records
// (interviews, data sheets, codings): docs/assessment.md, "Disclosure control".
//
// A count of 1 to T-1 is withheld (primary). Every declared sum (a table's rows and its total,
// a per-area breakdown and the area's count, the sheets behind a task-force total) is audited
// by an attacker who combines all of them: for each withheld small count, the values the
// published numbers still allow must include every value from 1 to T-1. Where they do not,
// more cells are withheld (secondary suppression) until they do. Every withheld cell looks the
// same ("withheld"), so the reader cannot tell a small count from one withheld to protect it.
// The rows of a table whose total is small are not shown at all (hidden), so that their sum
// cannot narrow the total. Cells also shown by an earlier release change either by 0 or by at
// least T, or are withheld (differencing). Not thread-safe; one ledger per publication.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace canvass::assessment {

class SuppressionLedger {
 public:
  // Registers a count (>= 0, a whole number); returns its cell id. `key` names the quantity
  // across releases ("area/48163/concern"); "" = not compared with earlier releases. The
  // second form names it by its pieces ({"area/", id, "/concern"}), joined.
  int Add(double value, std::string_view key = {});
  int Add(double value, std::initializer_list<std::string_view> key);
  // Declares that the cells `members` add up exactly to the cell `total`. A cell may take
  // part in several sums (as a member of some and the total of others).
  void AddConstraint(std::vector<int> members, int total);
  // Declares that cell `part` counts some of what `whole` counts (an area's interviews that
  // name sex trafficking, of those voicing concern there): part <= whole.
  void AddPart(int part, int whole);
  // Another publication (a task force's own report) already shows this cell: the reader
  // knows its value, so it is shown here too, never withheld, hidden or used as a complement.
  void MarkPublished(int id);
  // Another publication withheld this cell: it is withheld here too and keeps, against every
  // sum declared here, the range 1..T-1 when small, else every value within T-1 of its own
  // (so that the other publication's protection is not undone).
  void MarkWithheldElsewhere(int id);
  // What earlier releases showed (key -> value), compared in Apply().
  void AddPriorRelease(std::map<std::string, double> shown);
  // Withholds, then audits and withholds more until every withheld small count keeps its
  // whole range 1..T-1 (and every cell an earlier release showed keeps +-(T-1) around it).
  void Apply(int threshold);

  // Withheld or hidden: the value must not be published.
  bool suppressed(int id) const { return state_[static_cast<size_t>(id)] != kShown; }
  // Not shown at all (a row of a table whose total is small).
  bool hidden(int id) const { return state_[static_cast<size_t>(id)] == kHidden; }
  // Withheld because it is small (1..T-1).
  bool primary(int id) const { return reason_[static_cast<size_t>(id)] == kSmall; }
  double value(int id) const { return values_[static_cast<size_t>(id)]; }
  std::string_view key(int id) const {
    size_t i = static_cast<size_t>(id);
    return std::string_view(key_text_).substr(i ? key_end_[i - 1] : 0, key_end_[i] - (i ? key_end_[i - 1] : 0));
  }
  // "12" (shown), "withheld", or "" (hidden).
  std::string Text(int id) const;
  int threshold() const { return threshold_; }
  size_t size() const { return values_.size(); }
  int complementary_count() const;
  int differencing_count() const;
  // The range a reader who combines every declared sum can narrow each cell to (after
  // Apply): [value, value] for shown cells. For tests and the self-audit.
  std::pair<double, double> Bounds(int id) const { return bounds_[static_cast<size_t>(id)]; }
  // Shown cells with a key (key -> value): what the next release compares against.
  std::map<std::string, double> ShownByKey() const;
  // For tests: the complement search without remembering its dead ends (as it was first
  // written), to check that both withhold the same cells.
  void set_remember_dead_ends(bool on) { remember_dead_ends_ = on; }
  // How many searches the remembered dead ends saved (for tests).
  size_t dead_end_skips() const { return dead_end_skips_; }

 private:
  enum State { kShown, kWithheld, kHidden };
  enum Reason { kNone, kSmall, kChanged, kProtects };
  struct Constraint {
    std::vector<int> members;
    int total;
  };
  void HideRowsOfSmallTotals();
  void Propagate();
  // The cell whose protection fails first, -1 when none.
  int FirstUnprotected() const;
  bool ProtectCell(int id);
  // ProtectCell's search: a cell to withhold in the sums `cell` takes part in, for cell `id`.
  bool WithholdNear(int cell, int id, int depth);
  bool WithholdNearOnce(int cell, int id, int depth);
  std::pair<double, double> Needed(int id) const;

  std::vector<double> values_;
  std::string key_text_;        // every cell's key, one after another
  std::vector<size_t> key_end_;  // where cell i's key ends in key_text_
  std::vector<State> state_;
  std::vector<Reason> reason_;
  enum Elsewhere : char { kNowhere, kPublishedElsewhere, kWithheldElsewhere };
  std::vector<Elsewhere> elsewhere_;
  std::vector<double> prior_;  // a value an earlier release showed, NaN if none
  std::vector<std::pair<double, double>> bounds_;
  std::vector<Constraint> constraints_;
  std::vector<std::pair<int, int>> parts_;  // (part, whole)
  std::vector<std::vector<int>> in_constraints_;  // cell -> constraints it takes part in
  std::vector<std::map<std::string, double>> priors_;
  // ProtectCell's dead ends: the smallest depth a cell's search failed at (kNotFailed: none).
  static constexpr signed char kNotFailed = 127;
  std::vector<signed char> failed_depth_;
  std::vector<int> failed_;
  bool remember_dead_ends_ = true;
  size_t dead_end_skips_ = 0;
  int threshold_ = 11;
};

// Formats a shown count: integers without decimals, others with one.
std::string FormatCount(double v);

}  // namespace canvass::assessment
