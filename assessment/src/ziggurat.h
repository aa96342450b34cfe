// Private to assessment/: standard normal numbers by the ziggurat method (Marsaglia and Tsang
// 2000, in Doornik's 2005 form "ZIGNOR", 128 blocks) from a generator of 64-bit words. The rank
// draws take tens of millions of normals per run; std::normal_distribution's polar method spends
// a logarithm and a square root per pair, the ziggurat one word and one multiplication for 98.8 %
// of them. The block index and the uniform come from different bits of one word.
#pragma once

#include <cmath>
#include <cstdint>

namespace canvass::assessment::internal {

class Ziggurat {
 public:
  Ziggurat() {
    const double r = kR, v = kV;
    double f = std::exp(-0.5 * r * r);
    x_[0] = v / f;  // the bottom block (with the tail) as wide as the others' area
    x_[1] = r;
    x_[kBlocks] = 0;
    for (int i = 2; i < kBlocks; ++i) {
      x_[i] = std::sqrt(-2 * std::log(v / x_[i - 1] + f));
      f = std::exp(-0.5 * x_[i] * x_[i]);
    }
    for (int i = 0; i < kBlocks; ++i) ratio_[i] = x_[i + 1] / x_[i];
  }

  // One N(0, 1) number; `next` returns uniformly random 64-bit words.
  template <typename Words>
  double operator()(Words& next) const {
    for (;;) {
      uint64_t w = next();
      int i = static_cast<int>(w & 0x7F);
      double u = 2 * Uniform(w) - 1;  // in (-1, 1), from the top 53 bits
      if (std::fabs(u) < ratio_[i]) return u * x_[i];  // inside a block's rectangle
      if (i == 0) return Tail(next, u < 0);
      double x = u * x_[i];  // in the wedge: accept under the density
      double f0 = std::exp(-0.5 * (x_[i] * x_[i] - x * x));
      double f1 = std::exp(-0.5 * (x_[i + 1] * x_[i + 1] - x * x));
      if (f1 + Uniform(next()) * (f0 - f1) < 1.0) return x;
    }
  }

 private:
  static constexpr int kBlocks = 128;
  static constexpr double kR = 3.442619855899;      // where the tail starts
  static constexpr double kV = 9.91256303526217e-3;  // each block's area

  // (0, 1), never 0 (its logarithm is taken): the top 53 bits, plus half a step.
  static double Uniform(uint64_t w) { return (static_cast<double>(w >> 11) + 0.5) * 0x1.0p-53; }

  // Beyond kR: Marsaglia's exact method for the normal tail.
  template <typename Words>
  static double Tail(Words& next, bool negative) {
    double x, y;
    do {
      x = std::log(Uniform(next())) / kR;
      y = std::log(Uniform(next()));
    } while (-2 * y < x * x);
    return negative ? x - kR : kR - x;
  }

  double x_[kBlocks + 1];
  double ratio_[kBlocks];
};

}  // namespace canvass::assessment::internal
