// The publication ledger's rules (docs/assessment.md, "Disclosure control"): what a release
// of assessment outputs counted, and whether a new release may follow the earlier ones.
// A release that differs from an earlier one by a few final records could be compared with
// it to reveal those records: between 1 and T-1 changed records, a release is refused.
// Pure; the ledger itself is kept by storage::IndicatorStore.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/scoring.h"
#include "core/status.h"

namespace canvass::assessment {

// Final record id -> digest of the facts the assessment read from it (an edit that changes
// what is counted changes the digest). In memory and in the encrypted workspace only.
std::map<std::string, std::string> RecordFingerprints(const AssessmentInput& in);

struct PriorRelease {
  std::string id, created_at;
  std::map<std::string, std::string> records;
};

// How many records were added, removed or changed between two releases.
int ChangedRecords(const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& now);
// The same, reading `before` one (record id, fingerprint) pair at a time in ascending order
// of id (false at the end): a stored set compared as it is read, with nothing kept.
using RecordCursor = std::function<bool(std::string_view* id, std::string_view* print)>;
int ChangedRecords(const RecordCursor& before, const std::map<std::string, std::string>& now);

// How many records changed since one earlier release.
struct ReleaseChange {
  std::string id, created_at;
  int changed = 0;
};

// Ok when every earlier release differs from `now` by 0 or at least `threshold` records;
// else FailedPrecondition saying which release, how many changed, and what to do.
core::Status CheckRelease(const std::map<std::string, std::string>& now, const std::vector<PriorRelease>& earlier, int threshold);
core::Status CheckRelease(const std::vector<ReleaseChange>& earlier, int threshold);

}  // namespace canvass::assessment
