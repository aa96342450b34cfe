// The Agreement screen's cache of the last computation (controller_agreement.cpp and
// controller_consensus.cpp): UI thread only, dropped on lock.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "coding/codebook.h"
#include "storage/coding_store.h"

namespace canvass::app {

// The answers with disagreements of the last computation (decrypted text).
struct AgreeCache {
  int64_t stamp = 0;  // CodingStore::ChangeStamp when computed: a later one means the figures may be stale
  std::map<std::string, storage::OpenAnswer> answers;  // answer id -> answer
  std::map<std::string, uint32_t> colors;              // code GUID -> IM_COL32
  coding::Codebook cb;
};

}  // namespace canvass::app
