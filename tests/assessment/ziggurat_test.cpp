// The rank draws' normal numbers (assessment/src/ziggurat.h) follow the standard normal
// distribution: its moments, its distribution function everywhere (Kolmogorov-Smirnov), its
// tails beyond the ziggurat's last block, and the same numbers from the same words.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "ziggurat.h"

using canvass::assessment::internal::Ziggurat;

namespace {

double Phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

std::vector<double> Sample(uint64_t seed, size_t n) {
  std::mt19937_64 words(seed);
  Ziggurat normal;
  std::vector<double> out(n);
  for (auto& x : out) x = normal(words);
  return out;
}

}  // namespace

TEST_CASE("ziggurat normals have the standard normal's moments and distribution function") {
  const size_t n = 2000000;
  std::vector<double> x = Sample(20261207, n);
  double sum = 0, sq = 0, cube = 0, fourth = 0;
  for (double v : x) {
    sum += v;
    sq += v * v;
    cube += v * v * v;
    fourth += v * v * v * v;
  }
  const double dn = static_cast<double>(n);
  // Standard errors at n = 2e6: mean 0.0007, variance 0.001, third 0.0017, fourth 0.007.
  CHECK(std::fabs(sum / dn) < 0.004);
  CHECK(std::fabs(sq / dn - 1) < 0.006);
  CHECK(std::fabs(cube / dn) < 0.01);
  CHECK(std::fabs(fourth / dn - 3) < 0.04);
  std::sort(x.begin(), x.end());
  double d = 0;  // Kolmogorov-Smirnov distance to Phi
  for (size_t i = 0; i < n; ++i) {
    double f = Phi(x[i]);
    d = std::max({d, f - static_cast<double>(i) / dn, static_cast<double>(i + 1) / dn - f});
  }
  CHECK(d < 1.63 / std::sqrt(dn));  // the 1 % critical value
  // The tails: beyond the last block (3.44) and further.
  auto share_beyond = [&](double t) {
    size_t k = static_cast<size_t>(x.end() - std::upper_bound(x.begin(), x.end(), t)) +
               static_cast<size_t>(std::lower_bound(x.begin(), x.end(), -t) - x.begin());
    return static_cast<double>(k) / dn;
  };
  for (double t : {1.0, 2.0, 3.0, 3.44, 4.0}) {
    INFO("beyond +-" << t);
    double want = 2 * (1 - Phi(t)), se = std::sqrt(want * (1 - want) / dn);
    CHECK(std::fabs(share_beyond(t) - want) < 4 * se);
  }
  CHECK(x.front() < -4.5);  // the tail is sampled, not cut at the last block
  CHECK(x.back() > 4.5);
}

TEST_CASE("ziggurat normals are the same for the same words and differ for others") {
  CHECK(Sample(1, 1000) == Sample(1, 1000));
  CHECK(Sample(1, 1000) != Sample(2, 1000));
}
