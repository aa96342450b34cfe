// Reading current values in one sequential pass over `versions`, for readers that need the
// heads of many interviews at once (the facts cache's full computation, the coding queue).
//
// A head is a version no other version names as parent (MERGE.md; since schema 11 the `heads`
// view is defined as exactly that). Looking heads up through the view visits the encrypted
// pages of versions, their indexes and version_parents in random order, each visit a decrypt; at
// 100,000 interviews one scan of `versions` with a set of the replaced ids is 20-50 times faster.
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "db.h"

namespace canvass::storage {

// A query read through sqlite3's column pointers, without a std::string per column: the
// scans return about a million rows at 100,000 interviews.
class RawQuery {
 public:
  RawQuery(Db* db, const std::string& sql);
  ~RawQuery();
  RawQuery(const RawQuery&) = delete;
  RawQuery& operator=(const RawQuery&) = delete;
  bool Step();
  // Valid until the next Step().
  std::string_view View(int col) const;
  std::string_view Bytes(int col) const;
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  core::Status status() const;

 private:
  Db* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

// The ids of every version some version replaces, as 128-bit keys (the first half of a
// BLAKE2b-256 version id; any other id is hashed to 128 bits): 16 bytes each instead of a
// string, about 24 MB at 1.5 million versions.
class ReplacedIds {
 public:
  core::Status Load(Db* db);
  bool Contains(std::string_view version_id) const;

 private:
  using Key = std::array<uint64_t, 2>;
  static Key KeyOf(std::string_view id);
  std::vector<Key> keys_;  // sorted
};

// A head version as ScanHeads hands it over; the views are valid during the call only.
struct HeadRow {
  std::string_view version_id, subject, kind, field, value;
};

// Calls visit(entry, row) for every head version matching `where` (an SQL condition on
// `versions`) whose subject find(subject) maps to an entry (a pointer; null = not wanted), in
// storage order. Rows of one subject mostly come together: find is called once per run of them.
// visit returns a Status; the first error stops the scan.
template <typename Find, typename Visit>
core::Status ScanHeads(Db* db, const std::string& where, Find&& find, Visit&& visit) {
  ReplacedIds replaced;  // versions some other version replaces: not heads
  CANVASS_RETURN_IF_ERROR(replaced.Load(db));
  RawQuery q(db, "SELECT version_id, subject, kind, field, value FROM versions WHERE " + where);
  std::string subject;
  decltype(find(std::string_view())) entry = nullptr;
  while (q.Step()) {
    HeadRow row{q.View(0), q.View(1), q.View(2), q.View(3), q.View(4)};
    if (replaced.Contains(row.version_id)) continue;
    if (row.subject != subject || subject.empty()) {
      subject = row.subject;
      entry = find(row.subject);
    }
    if (!entry) continue;
    CANVASS_RETURN_IF_ERROR(visit(*entry, row));
  }
  return q.status();
}

}  // namespace canvass::storage
