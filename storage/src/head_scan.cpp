// Raw sequential reads and the set of replaced version ids (head_scan.h).
#include "head_scan.h"

#include <algorithm>
#include <cstring>

#include "core/crypto_util.h"

namespace canvass::storage {

using core::Status;

RawQuery::RawQuery(Db* db, const std::string& sql) : db_(db) {
  rc_ = sqlite3_prepare_v2(db->raw(), sql.c_str(), static_cast<int>(sql.size()), &s_, nullptr);
}

RawQuery::~RawQuery() { sqlite3_finalize(s_); }

bool RawQuery::Step() {
  if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return false;
  rc_ = sqlite3_step(s_);
  return rc_ == SQLITE_ROW;
}

std::string_view RawQuery::View(int col) const {
  const unsigned char* t = sqlite3_column_text(s_, col);
  return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s_, col)))
           : std::string_view();
}

std::string_view RawQuery::Bytes(int col) const {
  const void* b = sqlite3_column_blob(s_, col);
  return b ? std::string_view(static_cast<const char*>(b), static_cast<size_t>(sqlite3_column_bytes(s_, col)))
           : std::string_view();
}

Status RawQuery::status() const {
  return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE ? Status::Ok() : db_->Error(rc_, "reading the history");
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

ReplacedIds::Key ReplacedIds::KeyOf(std::string_view id) {
  Key k{0, 0};
  bool hex = id.size() == 64;
  for (size_t i = 0; hex && i < 32; ++i) {
    int d = HexDigit(id[i]);
    if (d < 0) hex = false;
    else k[i / 16] = k[i / 16] << 4 | static_cast<uint64_t>(d);
  }
  if (hex) return k;
  // Not a version id as Canvass writes them (an altered file; `check` names it): 128 bits of
  // its hash, so it still matches only itself.
  std::string h = core::Blake2b(id, 16);
  std::memcpy(k.data(), h.data(), 16);
  return k;
}

Status ReplacedIds::Load(Db* db) {
  keys_.clear();
  RawQuery q(db, "SELECT parent_id FROM version_parents");
  while (q.Step()) keys_.push_back(KeyOf(q.View(0)));
  CANVASS_RETURN_IF_ERROR(q.status());
  std::sort(keys_.begin(), keys_.end());
  return Status::Ok();
}

bool ReplacedIds::Contains(std::string_view version_id) const {
  return !keys_.empty() && std::binary_search(keys_.begin(), keys_.end(), KeyOf(version_id));
}

}  // namespace canvass::storage
