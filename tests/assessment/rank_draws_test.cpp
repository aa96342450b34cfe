// The rank intervals: percentile lookups the draws make, the intervals of a fixed project
// pinned (and held against the ones recorded before the draws changed), and what widens them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>

#include "assessment/scoring.h"
#include "scoring_fixture.h"

using namespace canvass::assessment;
using canvass::assessment::testing::County;
using canvass::assessment::testing::Obs;

namespace {

// Rank intervals of a fixed 30-county project with margins of error, as a string
// "id:rank[lo,hi] ...": a faster draw must give the same intervals.
std::string RankIntervalsOfFixedProject() {
  auto prof = ScoringProfile::FromJson(R"({"format":"canvass.scoring_profile","version":1,"name":"fixed","perturbations":200,
    "factors":[{"id":"f1","label":"F one","weight":0.6,"measures":[{"indicator":"x"},{"indicator":"z"}]},
               {"id":"f2","label":"F two","weight":0.4,"measures":[{"indicator":"y","per":"residents"}]}]})", "fixed");
  REQUIRE(prof.ok());
  AssessmentInput in;
  in.project_name = "Fixed";
  for (int i = 0; i < 30; ++i) {
    std::string id = "C" + std::to_string(10 + i);
    in.areas.push_back(County(id, "County " + id));
    in.observations.push_back(Obs("x", id, (i * 7) % 30, "percent", 3.0 + i % 4));
    in.observations.push_back(Obs("z", id, (i * 11) % 30 / 2.0, "percent", i % 3 ? std::optional<double>(2.0) : std::nullopt));
    in.observations.push_back(Obs("y", id, 5 + (i * 13) % 17, "count", 4.0));
    in.observations.push_back(Obs("pep.pop_estimate", id, 1000 + 37 * i, "persons"));
  }
  auto r = Assess(in, *prof, {});
  REQUIRE(r.ok());
  std::string out;
  for (const auto& a : r->areas) out += a.id + ":" + std::to_string(a.rank) + "[" + std::to_string(a.rank_lo) + "," + std::to_string(a.rank_hi) + "] ";
  return out;
}

}  // namespace

TEST_CASE("PercentileOf gives std::lower_bound's rank on random sorted tables with ties") {
  std::mt19937 rng(7);
  for (int k = 0; k < 3000; ++k) {
    std::vector<double> sorted(rng() % 70);
    for (auto& x : sorted) x = static_cast<double>(rng() % 25);  // many ties
    std::sort(sorted.begin(), sorted.end());
    for (double v : {-1.0, 0.0, 3.0, 3.5, 12.0, 24.0, 24.5, 100.0, static_cast<double>(rng() % 25)}) {
      double want = sorted.size() <= 1 ? 50.0
                                       : 100.0 * static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin()) /
                                             static_cast<double>(sorted.size() - 1);
      REQUIRE(PercentileOf(sorted, v) == want);
    }
  }
}

TEST_CASE("PercentileTable gives PercentileOf's numbers: ties, skew, edges, out of range, NaN") {
  std::mt19937 rng(11);
  std::normal_distribution<double> normal(0.0, 1.0);
  size_t tables_with_edges = 0;
  for (int k = 0; k < 2000; ++k) {
    std::vector<double> sorted(rng() % 200);
    for (size_t i = 0; i < sorted.size(); ++i) {
      switch (k % 4) {
        case 0: sorted[i] = static_cast<double>(rng() % 7); break;           // heavy ties
        case 1: sorted[i] = std::exp(normal(rng) * 4); break;                // skewed over many magnitudes
        case 2: sorted[i] = normal(rng) * 1e-9 + 5; break;                   // a narrow range
        default: sorted[i] = static_cast<double>(rng() % 1000) / 10.0; break;
      }
    }
    std::sort(sorted.begin(), sorted.end());
    PercentileTable table(&sorted);
    std::vector<double> probes = {std::nan(""), -1e300, 1e300};
    for (double x : sorted) {
      probes.push_back(x);
      probes.push_back(std::nextafter(x, -1e308));
      probes.push_back(std::nextafter(x, 1e308));
    }
    if (sorted.size() >= 2) {  // the table's own edges
      ++tables_with_edges;
      double lo = sorted.front(), width = (sorted.back() - lo) / static_cast<double>(sorted.size());
      for (size_t b = 0; b <= sorted.size(); ++b) probes.push_back(lo + width * static_cast<double>(b));
    }
    for (int j = 0; j < 50; ++j) probes.push_back(sorted.empty() ? normal(rng) : sorted[rng() % sorted.size()] + normal(rng));
    for (double v : probes) {
      INFO("table " << k << " size " << sorted.size() << " v " << v);
      REQUIRE(table.Percentile(v) == PercentileOf(sorted, v));
    }
  }
  CHECK(tables_with_edges > 1900);
}

// "id:rank[lo,hi]" -> (rank, lo, hi).
std::map<std::string, std::array<int, 3>> ParseIntervals(const std::string& s) {
  std::map<std::string, std::array<int, 3>> out;
  std::istringstream in(s);
  std::string item;
  while (in >> item) {
    std::array<int, 3> v{};
    char id[16] = {0};
    REQUIRE(std::sscanf(item.c_str(), "%15[^:]:%d[%d,%d]", id, &v[0], &v[1], &v[2]) == 4);
    out[id] = v;
  }
  return out;
}

TEST_CASE("rank intervals of a fixed project are the ones recorded since each draw has its own generator and ziggurat normals") {
  const std::string now = RankIntervalsOfFixedProject();
  CHECK(now ==
        "C12:1[1,11] C15:2[1,10] C18:3[1,19] C20:4[2,14] C29:5[1,17] C17:6[2,20] C23:7[2,16] C26:8[2,21] C11:9[3,21] C34:10[4,23] C28:11[7,21] C37:12[4,19] C16:13[7,25] "
        "C25:14[6,24] C31:15[4,25] C14:16[3,24] C13:17[7,28] C19:18[7,27] C39:19[7,26] C22:20[8,27] C36:21[11,27] C30:22[14,28] C24:23[12,28] C33:24[10,27] C21:25[14,29] C38:26[20,29] C27:27[16,29] C32:28[17,29] C35:29[19,29] C10:30[30,30] ");
  // Until 2026-12-07 one generator drew every draw's numbers in turn (a serial step the second
  // thread waited on), the normals by the polar method. Other random numbers, the same method:
  // the same point ranks, and bounds within the Monte Carlo noise of 200 draws of the ones
  // recorded then.
  const auto before = ParseIntervals(
      "C12:1[1,10] C15:2[1,9] C18:3[1,19] C20:4[2,16] C29:5[2,14] C17:6[2,23] C23:7[2,16] C26:8[1,21] C11:9[3,20] C34:10[4,22] C28:11[5,21] C37:12[4,19] C16:13[6,26] "
      "C25:14[8,23] C31:15[4,25] C14:16[4,26] C13:17[8,28] C19:18[8,26] C39:19[6,26] C22:20[9,27] C36:21[10,27] C30:22[14,28] C24:23[10,28] C33:24[10,28] C21:25[13,29] C38:26[18,29] C27:27[15,29] C32:28[17,29] C35:29[19,29] C10:30[29,30] ");
  const auto after = ParseIntervals(now);
  REQUIRE(after.size() == before.size());
  for (const auto& [id, b] : before) {
    INFO(id);
    REQUIRE(after.count(id));
    const auto& a = after.at(id);
    CHECK(a[0] == b[0]);
    CHECK(std::abs(a[1] - b[1]) <= 4);
    CHECK(std::abs(a[2] - b[2]) <= 6);
  }
}

TEST_CASE("an area missing a factor others have gets a wider rank interval") {
  auto prof = ScoringProfile::FromJson(R"({"format":"canvass.scoring_profile","version":1,"name":"m","perturbations":200,
    "weight_jitter":0.1,"factors":[{"id":"a","label":"A","weight":0.5,"measures":[{"indicator":"p"}]},
               {"id":"b","label":"B","weight":0.5,"measures":[{"indicator":"q"}]}]})", "m");
  REQUIRE(prof.ok());
  AssessmentInput in;
  for (int i = 0; i < 8; ++i) {
    std::string id = "C" + std::to_string(i);
    in.areas.push_back(County(id, id));
    in.observations.push_back(Obs("p", id, 10 * i));
    if (i != 4) in.observations.push_back(Obs("q", id, 10 * i));  // C4 lacks q
  }
  auto r = Assess(in, *prof, {});
  REQUIRE(r.ok());
  const AreaResult& c4 = *r->Find("C4");
  const AreaResult& c3 = *r->Find("C3");
  // C3 and C5 have both factors and tight intervals; C4's q could be anything: its interval
  // spans most of the ranks.
  // C4's q could be anything: its composite (57 + q) / 2 lies between 29 and 79, so it may rank
  // above C5 (69) or below C3 (46) and C2 (31); with q known (40) it is 4th in every draw.
  CHECK(c4.rank_lo == 3);
  CHECK(c4.rank_hi >= 5);
  in.observations.push_back(Obs("q", "C4", 40));
  auto known = Assess(in, *prof, {});
  REQUIRE(known.ok());
  CHECK(known->Find("C4")->rank_lo == known->Find("C4")->rank_hi);
  CHECK(c3.rank_hi - c3.rank_lo <= 1);
  CHECK(c4.factors[1].why_missing == "q: no value for this area");
}

