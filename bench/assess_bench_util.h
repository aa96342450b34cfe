// Small helpers of the assess bench (bench/assess_workspace_bench.cpp and its workspace
// builder, bench/assess_workspace_build.cpp): wall and CPU time of a phase, and a fatal error.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/status.h"

namespace canvass::bench {

inline constexpr const char* kPass = "bench passphrase bench";

struct Timing { double wall = 0, cpu = 0; };

inline double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Times one phase: wall and this process's CPU.
class Stopwatch {
 public:
  using Clock = std::chrono::steady_clock;
  Stopwatch() : t_(Clock::now()), c_(CpuSeconds(RUSAGE_SELF)) {}
  Timing Stop() const { return {std::chrono::duration<double>(Clock::now() - t_).count(), CpuSeconds(RUSAGE_SELF) - c_}; }
 private:
  Clock::time_point t_;
  double c_;
};

[[noreturn]] inline void Die(const core::Status& st, const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, st.message().c_str());
  std::exit(1);
}

}  // namespace canvass::bench
