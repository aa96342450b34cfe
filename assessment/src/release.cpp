// The publication ledger's rules: record fingerprints and the gate between releases.
#include "assessment/release.h"

#include <system_error>
#include <thread>

namespace canvass::assessment {

// Facts from the facts cache carry their print. Others are hashed here, the stakeholders' by
// two threads (100,000 interviews take about 0.3 s on one), each into its own slots, so the
// result does not depend on the threads. A record named twice keeps its last print, as one pass
// in order would.
std::map<std::string, std::string> RecordFingerprints(const AssessmentInput& in) {
  const auto& st = in.stakeholders;
  std::vector<std::string> prints(st.size());
  auto hash = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i)
      if (!st[i].record.empty() && st[i].print.empty()) prints[i] = FactPrint(st[i]);
  };
  size_t missing = 0;
  for (const auto& f : st) missing += f.print.empty() ? 1 : 0;
  size_t half = st.size() / 2;
  std::thread helper;
  if (missing >= 2048) {
    try {
      helper = std::thread(hash, half, st.size());
    } catch (const std::system_error&) {
      // no thread available: in turn, below
    }
  }
  if (missing) hash(0, helper.joinable() ? half : st.size());
  if (helper.joinable()) helper.join();
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < st.size(); ++i) {
    if (st[i].record.empty()) continue;
    std::string print = st[i].print.empty() ? std::move(prints[i]) : st[i].print;
    if (out.empty() || out.rbegin()->first < st[i].record) {  // facts come in record order: appended in constant time
      out.emplace_hint(out.end(), st[i].record, std::move(print));
    } else {
      out[st[i].record] = std::move(print);
    }
  }
  for (const auto& d : in.data_sheets)
    if (!d.record.empty()) out[d.record] = d.print.empty() ? FactPrint(d) : d.print;
  return out;
}

int ChangedRecords(const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& now) {
  auto it = before.begin();
  return ChangedRecords(
      [&](std::string_view* id, std::string_view* print) {
        if (it == before.end()) return false;
        *id = it->first;
        *print = it->second;
        ++it;
        return true;
      },
      now);
}

int ChangedRecords(const RecordCursor& before, const std::map<std::string, std::string>& now) {
  int n = 0;
  std::string_view id, print;
  bool a = before(&id, &print);
  auto b = now.begin();
  while (a || b != now.end()) {
    if (b == now.end() || (a && id < b->first)) {
      ++n;
      a = before(&id, &print);
    } else if (!a || b->first < id) {
      ++n;
      ++b;
    } else {
      n += print != b->second ? 1 : 0;
      a = before(&id, &print);
      ++b;
    }
  }
  return n;
}

core::Status CheckRelease(const std::map<std::string, std::string>& now, const std::vector<PriorRelease>& earlier, int threshold) {
  std::vector<ReleaseChange> changes;
  for (const auto& r : earlier) changes.push_back({r.id, r.created_at, ChangedRecords(r.records, now)});
  return CheckRelease(changes, threshold);
}

core::Status CheckRelease(const std::vector<ReleaseChange>& earlier, int threshold) {
  for (const auto& r : earlier) {
    int n = r.changed;
    if (n == 0 || n >= threshold) continue;
    return core::Status::Conflict(
        "only " + std::to_string(n) + " final interview(s) or data sheet(s) changed since release " + r.id + " (" + r.created_at +
        "); a new release could be compared with that one to reveal them. Share " + r.id + " again, wait until at least " +
        std::to_string(threshold) + " records have changed, or add --not-for-release for a draft for your own eyes only");
  }
  return core::Status::Ok();
}

}  // namespace canvass::assessment
