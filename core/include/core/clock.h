// Clock seam and hybrid logical clock (HLC).
//
// Clock gives wall time in milliseconds; tests install a FakeClock. Hlc produces
// timestamps that never go backwards on one device even if the wall clock does, and
// that move past any timestamp seen from another device (Kulkarni et al. 2014). HLC
// values order history for people; merge correctness never depends on them.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace canvass::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMillis() = 0;
};
Clock& SystemClock();

class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t start_ms) : now_(start_ms) {}
  int64_t NowMillis() override { return now_; }
  void Advance(int64_t ms) { now_ += ms; }
  void Set(int64_t ms) { now_ = ms; }

 private:
  int64_t now_;
};

// ISO 8601 UTC "2026-11-24T17:10:33Z" from milliseconds since the epoch.
std::string FormatIsoUtc(int64_t ms);
// Today's date "YYYY-MM-DD" (UTC) for the given time.
std::string FormatDateUtc(int64_t ms);

// An HLC timestamp: 48 bits of milliseconds and a 16-bit counter in one uint64.
// Text form is 16 lower-case hex digits so that string order equals time order.
class Hlc {
 public:
  explicit Hlc(Clock* clock) : clock_(clock) {}
  // Next local timestamp.
  uint64_t Now();
  // Takes a timestamp seen elsewhere into account (on import).
  void Observe(uint64_t remote);
  void SetLast(uint64_t last) { last_ = last; }
  uint64_t last() const { return last_; }

  static std::string ToText(uint64_t t);
  static bool FromText(const std::string& s, uint64_t* out);
  static int64_t Millis(uint64_t t) { return static_cast<int64_t>(t >> 16); }

 private:
  Clock* clock_;
  uint64_t last_ = 0;
  std::mutex mu_;
};

}  // namespace canvass::core
