// Indicator values as packed per-import blocks (schema v2; docs/assessment.md "Storage").
//
// An import is what one file gave under one set of options: its observations, deduplicated by
// key (indicator, level, area, period; a later row of the file wins), cut into blocks of at
// most kBlockRows and each block encoded on its own (a small string dictionary, then rows).
// Imports are ordered by `seq`; the current value of a key is the one in the import with the
// highest seq that has it (re-applying an import moves it to the top), which is what the
// earlier row-per-value table held after the same imports in the same order.
//
// Internal to storage. Decoding checks every length and index: a damaged block is a
// Corruption status, never a crash or an unbounded allocation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "assessment/observation.h"
#include "core/status.h"
#include "db.h"

namespace canvass::storage::indicator_blocks {

inline constexpr size_t kBlockRows = 65536;

// Encodes obs[idx[0..n)] (or obs[0..n) when idx is null) into one block.
std::string Encode(const std::vector<assessment::Observation>& obs, const uint32_t* idx, size_t n);
// Appends the block's observations to *out.
core::Status Decode(std::string_view block, std::vector<assessment::Observation>* out);

// Numbers for "indicator + level + period" groups; consecutive observations of one group
// (the usual order) cost three string compares, not a key string and a lookup.
class GroupNumbers {
 public:
  uint32_t Of(const assessment::Observation& o);
  uint32_t OfKey(const std::string& group_key);  // the same number, from GroupKey's text
  size_t size() const { return numbers_.size(); }

 private:
  std::unordered_map<std::string, uint32_t> numbers_;
  std::string last_indicator_, last_level_, last_period_;  // copies: observations come and go
  bool have_last_ = false;
  uint32_t last_number_ = 0;
};

// Open-addressing table (group number, area id) -> uint32, without a node per key. The
// area ids are views: the strings must outlive the table and stay where they are.
class KeyTable {
 public:
  explicit KeyTable(size_t expected = 0);
  // Inserts when absent (*fresh = true); returns the stored payload either way.
  uint32_t* Insert(uint32_t group, std::string_view geo, uint32_t payload, bool* fresh);
  const uint32_t* Find(uint32_t group, std::string_view geo) const;
  size_t size() const { return used_; }

 private:
  struct Slot {
    std::string_view geo;
    uint32_t group = 0, payload = 0;
    uint64_t hash = 0;   // 0 = empty
  };
  static uint64_t Hash(uint32_t group, std::string_view geo);
  void Grow();
  std::vector<Slot> slots_;
  size_t used_ = 0;
};

// One stored import.
struct ImportRow {
  std::string import_id, source_hash;
  int64_t seq = 0, observations = 0;
};

// The current indicator values: observations with, per observation, the index of its import.
struct Resolved {
  std::vector<ImportRow> imports;        // by seq, newest first
  std::vector<assessment::Observation> obs;
  std::vector<uint32_t> import_of;       // parallel to obs: index into imports
  std::vector<int64_t> live;             // per import: how many of its values are current
};
// Resolves every stored import (or, when `only_groups` is given, only the imports holding
// one of those "indicator\x1flevel\x1fperiod" groups, and only their observations in them).
// With `each`, every current observation is given to it with its import's index instead of
// being kept in `obs` and `import_of` (which stay empty): for a caller that keeps less of it.
core::Result<Resolved> Resolve(Db* db, const std::vector<std::string>* only_groups = nullptr,
                               const std::function<void(const assessment::Observation&, uint32_t)>& each = {});

// An import ready to write: its row (import_id derived from the source hash and the blocks'
// bytes, so the same observations from the same file are the same import), blocks and
// groups with their counts. `keep` lists the observations to store, in order, no key twice.
struct Packed {
  ImportRow row;
  std::vector<std::string> blocks;
  std::vector<std::pair<std::string, int64_t>> groups;
};
Packed Pack(const std::vector<assessment::Observation>& obs, const std::vector<uint32_t>& keep,
            const std::string& source_hash);

// Writes one import (rows of indicator_imports, indicator_groups, indicator_blocks).
core::Status WriteImport(Db* db, const ImportRow& row, const std::vector<std::string>& blocks,
                         const std::vector<std::pair<std::string, int64_t>>& groups, const std::string& imported_at);
core::Status DeleteImport(Db* db, const std::string& import_id);

// "indicator\x1flevel\x1fperiod": the unit that imports are compared by.
std::string GroupKey(const assessment::Observation& o);

// Tracks the group of consecutive observations without building a key for each one.
struct GroupCursor {
  const assessment::Observation* last = nullptr;
  bool Same(const assessment::Observation& o) const {
    return last && last->indicator_id == o.indicator_id && last->geo_level == o.geo_level && last->period == o.period;
  }
};

// Schema v1 -> v2: packs the rows of indicator_values into one import per source file
// (ordered by import time), then drops the table. Runs inside the migration's transaction.
core::Status MigrateRowsToBlocks(Db* db);

}  // namespace canvass::storage::indicator_blocks
