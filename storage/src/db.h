// Thin RAII wrapper over a SQLCipher connection and its statements. Private to storage:
// no other module sees sqlite3.h (STYLE.md). Errors are kept on the statement and
// read once after the loop, so call sites stay short:
//   Stmt q = db.Prepare("SELECT …"); q.Bind(1, x);
//   while (q.Step()) { … q.Text(0) … }
//   CANVASS_RETURN_IF_ERROR(q.status());
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace canvass::storage {

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* s, core::Status st) : db_(db), s_(s), status_(std::move(st)) {}
  ~Stmt() { if (s_) sqlite3_finalize(s_); }
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_), status_(std::move(o.status_)) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, std::string_view text);
  Stmt& Bind(int i, const char* text) { return Bind(i, std::string_view(text)); }
  Stmt& Bind(int i, const std::string& text) { return Bind(i, std::string_view(text)); }
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v);
  Stmt& BindBlob(int i, std::string_view bytes);
  Stmt& BindNull(int i);

  // True while a row is available. False at the end or on error (see status()).
  bool Step();
  // Runs a statement that returns no rows; returns its status.
  core::Status Run();
  void Reset();

  std::string Text(int col) const;
  std::string Blob(int col) const;
  int64_t Int(int col) const;
  double Double(int col) const;
  bool IsNull(int col) const;
  bool IsBlob(int col) const;

  const core::Status& status() const { return status_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
  core::Status status_;
};

class Db {
 public:
  Db() = default;
  ~Db() { Close(); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Opens (flags: SQLITE_OPEN_READWRITE [| SQLITE_OPEN_CREATE]) without a key.
  core::Status Open(const std::string& path, int flags);
  // Keys the connection with a raw-key string "x'…'" (67 or 99 chars), exactly once.
  core::Status Key(std::string_view raw_key_sql);
  void Close();
  bool is_open() const { return db_ != nullptr; }

  core::Status Exec(const std::string& sql);
  Stmt Prepare(const std::string& sql);
  // Single value of a one-row query, or NotFound.
  core::Result<std::string> QueryText(const std::string& sql);
  core::Result<int64_t> QueryInt(const std::string& sql);
  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }

  // Maps a SQLite result code + message to a Status ("… (while doing X)").
  core::Status Error(int rc, const std::string& doing) const;

 private:
  sqlite3* db_ = nullptr;
};

// A small page cache for one pass over many pages; the connection's own is put back on
// destruction. The assessment's snapshot reads 100,000 interviews' facts and 160,000 values
// once: through the workspace's 64 MiB cache that was about 40 MB of memory filled with pages
// nothing reads again (docs/performance.md, "The allocator").
class ScanCache {
 public:
  ScanCache(Db* db, int kib);
  ~ScanCache();
  ScanCache(const ScanCache&) = delete;
  ScanCache& operator=(const ScanCache&) = delete;

 private:
  Db* db_;
  int64_t before_ = 0;  // PRAGMA cache_size as it was; 0 = not changed
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless Commit() succeeded.
// Inside a transaction already open on the connection it is a SAVEPOINT instead (RELEASE on
// Commit, ROLLBACK TO on destruction), so a whole operation made of smaller ones (e.g. a
// REFI-QDA import made of coding writes) commits or changes nothing as one.
class Transaction {
 public:
  explicit Transaction(Db* db);
  ~Transaction();
  const core::Status& status() const { return status_; }
  core::Status Commit();

 private:
  Db* db_;
  core::Status status_;
  bool done_ = false;
  bool nested_ = false;
};

}  // namespace canvass::storage
