// Private to assessment/: the indicator table (built by TableBuilder, scoring_table.cpp) and
// factor model the scoring builds, and the rank draws that turn them into rank intervals
// (scoring_draws.cpp), shared by scoring.cpp.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "assessment/scoring.h"
#include "scoring_internal.h"

namespace canvass::assessment::internal {

struct Table {
  std::vector<IndicatorMeta> metas;
  std::unordered_map<std::string, int> index;
  std::vector<std::vector<IndicatorCell>> cells;          // [ind][area]
  std::vector<std::vector<std::optional<double>>> metric; // [ind][area]: rate or value
  std::vector<std::vector<double>> metric_sd;             // [ind][area]: sd from the moe (0 = none)
  std::vector<std::vector<double>> sorted;                // [ind]: ascending metrics
  size_t n = 0;
  IndicatorCell& At(size_t area, int ind) { return cells[static_cast<size_t>(ind)][area]; }
  const IndicatorCell& At(size_t area, int ind) const { return cells[static_cast<size_t>(ind)][area]; }
};

// Builds the table in parts, so that the stored observations are read while another thread
// derives the interview and task-force ones: Add() per list (stored first, then derived: the
// indicators' order), then Finish() (rates, percentiles). Reads only the Work's areas and
// profile.
class TableBuilder {
 public:
  TableBuilder(const Work& w, const std::vector<SourceInfo>& sources, Table* t) : w_(w), t_(t) {
    for (const auto& f : w.profile->factors)
      for (const auto& m : f.measures) if (!m.per.empty()) profile_per_[m.indicator] = m.per;
    for (size_t i = 0; i < sources.size(); ++i) source_by_kind_file_[{sources[i].kind, sources[i].file_name}] = static_cast<int>(i);
  }
  // The latest period per area and indicator; a new indicator gets the next index.
  void Add(const std::vector<Observation>& obs);
  void Finish();

 private:
  // Observations come in runs of one indicator and one file: the last key's answer is kept.
  int IndexOf(const Observation& o);
  int SourceOf(const Observation& o);

  const Work& w_;
  Table* t_;
  std::map<std::string, std::string> profile_per_;
  std::map<std::pair<std::string, std::string>, int> source_by_kind_file_;
  const Observation* last_ind_ = nullptr;
  const Observation* last_src_ = nullptr;
  int last_index_ = -1, last_source_ = -1;
};

// The import that gives an indicator, by its source prefix (docs/indicators.md).
std::string ImportHint(const std::string& id);

struct FactorModel {
  std::vector<std::vector<int>> measures;   // [factor] -> indicator indices present
};

// The rank draws, shared by any number of threads with the same results as one. Each draw has
// its own random numbers, from its own generator seeded by the run's seed and the draw's number:
// the factor weights; then one normal (ziggurat.h) per area and measure with a margin of error
// (or an interview count's sampling spread), measure by measure in profile order, area by area;
// then one uniform percentile per measure an area lacks of a factor that other areas have (what
// is missing widens the interval). A thread that takes a draw draws its numbers and turns them
// into ranks: percentiles measure by measure (one table stays in cache, the normals read and
// the percentiles written in order), then each area's composite summed in profile order, then
// the ranking. A draw's ranks depend only on its own numbers, so neither the number of threads
// nor who takes which draw changes them.
class RankDraws {
 public:
  RankDraws(const Work& w, const Table& t, const FactorModel& fm, int draws);
  bool empty() const { return draws_ <= 0; }
  // Takes draws until every draw is taken. Any number of threads at once.
  void Help();
  // After a failure: Help() returns soon, the intervals are not computed.
  void Abort() { next_.store(draws_); }
  // rank_lo/rank_hi (index = scored area), once every thread has returned.
  void Finish(std::vector<AreaResult>* areas) const;

 private:
  struct Entry {      // one measure of one area, in profile order
    double p;         // its percentile, when it has no margin of error
    int32_t slot;     // else its normal's index in the draw (-1 = none); <= -2: a missing
                      // measure, drawn uniformly over 0-100 (uniform number -2 - slot)
  };
  struct MoeCell {
    int32_t slot;
    double metric, sd;
  };
  struct MoeMeasure {
    PercentileTable table;
    std::vector<MoeCell> cells;
  };
  struct Scratch {
    std::vector<double> numbers, pz, composite;
    std::vector<uint64_t> keys;
    std::vector<uint32_t> order, tmp;
  };
  void Draw(int d, std::vector<double>* numbers) const;
  void Run(int d, Scratch* s);

  size_t na_ = 0, nf_ = 0, m_ = 0, u_ = 0;  // areas, factors, normals and uniforms per draw
  int draws_ = 0;
  std::vector<double> base_weight_;
  double jitter_ = 0;
  uint64_t seed_ = 0;
  std::vector<Entry> entries_;
  std::vector<uint32_t> start_;            // [area * nf + factor] -> first entry; one past the end last
  std::vector<MoeMeasure> moe_;
  std::atomic<int> next_{0};
  std::vector<int> ranks_;                 // [area * draws + draw]
};

}  // namespace canvass::assessment::internal
