// Wall clock, ISO formatting and the hybrid logical clock.
#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace canvass::core {

namespace {
class RealClock : public Clock {
 public:
  int64_t NowMillis() override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};
}  // namespace

Clock& SystemClock() {
  static RealClock clock;
  return clock;
}

std::string FormatIsoUtc(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string FormatDateUtc(int64_t ms) { return FormatIsoUtc(ms).substr(0, 10); }

uint64_t Hlc::Now() {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t wall = static_cast<uint64_t>(clock_->NowMillis()) << 16;
  if (wall > last_) {
    last_ = wall;
  } else {
    ++last_;  // same millisecond or clock went back: bump the counter
  }
  return last_;
}

void Hlc::Observe(uint64_t remote) {
  std::lock_guard<std::mutex> lock(mu_);
  if (remote > last_) last_ = remote;
}

std::string Hlc::ToText(uint64_t t) {  // "%016llx", without printf (the import formats one per version)
  static const char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, t >>= 4) out[static_cast<size_t>(i)] = kDigits[t & 15];
  return out;
}

bool Hlc::FromText(const std::string& s, uint64_t* out) {
  if (s.size() != 16) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else return false;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  *out = v;
  return true;
}

}  // namespace canvass::core
