// Bounded bookkeeping of a merge session: interview LRU and parent Bloom filter.
#include "merge_tracking.h"

namespace canvass::storage::merge_tracking {

Interview* InterviewTracker::Find(const std::string& uuid) {
  auto it = index_.find(uuid);
  if (it == index_.end()) return nullptr;
  if (it->second != order_.begin()) order_.splice(order_.begin(), order_, it->second);
  return &*it->second;
}

Interview* InterviewTracker::Add(const std::string& uuid, bool fresh, const std::function<void(Interview&)>& evict) {
  if (order_.size() >= capacity_) {
    Interview& last = order_.back();
    evict(last);
    index_.erase(last.uuid);
    order_.pop_back();
  }
  order_.emplace_front();
  Interview& e = order_.front();
  e.uuid = uuid;
  e.fresh = fresh;
  index_.emplace(std::string_view(e.uuid), order_.begin());
  return &e;
}

namespace {
// Two independent bit positions from one 64-bit hash (double hashing).
void Positions(std::string_view id, uint64_t bits, uint64_t* a, uint64_t* b) {
  uint64_t h = std::hash<std::string_view>()(id);
  uint64_t h2 = (h >> 32 | h << 32) * 0x9e3779b97f4a7c15ull;
  *a = h & (bits - 1);
  *b = h2 & (bits - 1);
}
}  // namespace

void ParentFilter::Add(std::string_view id) {
  uint64_t a, b;
  Positions(id, kBits, &a, &b);
  bits_[a >> 6] |= uint64_t{1} << (a & 63);
  bits_[b >> 6] |= uint64_t{1} << (b & 63);
}

bool ParentFilter::MaybeHas(std::string_view id) const {
  uint64_t a, b;
  Positions(id, kBits, &a, &b);
  return (bits_[a >> 6] >> (a & 63) & 1) && (bits_[b >> 6] >> (b & 63) & 1);
}

}  // namespace canvass::storage::merge_tracking
