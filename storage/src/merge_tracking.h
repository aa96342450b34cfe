// A merge session's bookkeeping in bounded memory: the most recently touched interviews
// (an LRU of at most N entries) and a Bloom filter of the parent ids named so far.
// Everything here is a shortcut past a query; whatever falls out of it is asked of the
// database again, so a bundle of any size merges in the same memory.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace canvass::storage::merge_tracking {

// What the session knows of one interview while it is tracked.
struct Interview {
  std::string uuid;
  // First stored by this session and tracked ever since: none of its cells had a version
  // before, so head counts and children are known here without a query. An interview that
  // was dropped from the tracker comes back with fresh = false (the query path, always right),
  // unless none of its versions had come when it was dropped (merge_session.cpp, Spill).
  bool fresh = false;
  std::unordered_map<std::string, int32_t> heads;  // fresh only: kind '\x1f' field -> heads now
  std::unordered_set<std::string> changed;         // answer fields given a new head this session
};

// The N most recently used interviews. Entries are stable while tracked (std::list).
class InterviewTracker {
 public:
  explicit InterviewTracker(size_t capacity) : capacity_(capacity ? capacity : 1) {}
  // The entry, made the most recent; nullptr when not tracked.
  Interview* Find(const std::string& uuid);
  // Starts tracking `uuid` (not tracked now). When full, the least recent entry is handed
  // to `evict` first and dropped.
  Interview* Add(const std::string& uuid, bool fresh, const std::function<void(Interview&)>& evict);
  template <typename F>
  void ForEach(F f) {
    for (Interview& i : order_) f(i);
  }
  size_t size() const { return order_.size(); }

 private:
  size_t capacity_;
  std::list<Interview> order_;  // most recent first
  std::unordered_map<std::string_view, std::list<Interview>::iterator> index_;
};

// A fixed-size Bloom filter over version ids: "maybe named" (then the database is asked) or
// "certainly not named as a parent in this session".
class ParentFilter {
 public:
  ParentFilter() : bits_(kBits / 64, 0) {}
  void Add(std::string_view id);
  bool MaybeHas(std::string_view id) const;

 private:
  static constexpr uint64_t kBits = uint64_t{1} << 22;  // 512 KiB
  std::vector<uint64_t> bits_;
};

}  // namespace canvass::storage::merge_tracking
