// SQLCipher connection and statement wrapper.
#include "db.h"

#include <cstring>

namespace canvass::storage {

using core::Status;

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_) sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = o.s_;
    status_ = std::move(o.status_);
    o.s_ = nullptr;
  }
  return *this;
}

namespace {
Status FromRc(sqlite3* db, int rc, const std::string& what) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_NOTADB) return Status::WrongKey("wrong passphrase or not a Canvass file");
  if (rc == SQLITE_CORRUPT) return Status::Corruption("the workspace file is damaged (" + msg + ")");
  if (rc == SQLITE_FULL) return Status::IOError("the disk is full (" + what + ")");
  if (rc == SQLITE_IOERR || (rc & 0xff) == SQLITE_IOERR)
    return Status::IOError("disk I/O error while " + what + " (" + msg + ")");
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return Status::IOError("the workspace is in use by another program; close it and retry");
  if (rc == SQLITE_READONLY) return Status::IOError("the workspace file is read-only");
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Status::Conflict(msg + " (while " + what + ")");
  return Status::Internal(msg + " (while " + what + ")");
}
}  // namespace

Stmt& Stmt::Bind(int i, std::string_view text) {
  if (status_.ok() && s_) {
    int rc = sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) status_ = FromRc(db_, rc, "binding a value");
  }
  return *this;
}
Stmt& Stmt::Bind(int i, int64_t v) {
  if (status_.ok() && s_) sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  if (status_.ok() && s_) sqlite3_bind_double(s_, i, v);
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view b) {
  if (status_.ok() && s_) sqlite3_bind_blob(s_, i, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  if (status_.ok() && s_) sqlite3_bind_null(s_, i);
  return *this;
}

bool Stmt::Step() {
  if (!status_.ok() || !s_) return false;
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = FromRc(db_, rc, "running a query");
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  return status_;
}

void Stmt::Reset() {
  if (s_) {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
}

std::string Stmt::Text(int col) const {
  const unsigned char* t = sqlite3_column_text(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(n)) : std::string();
}
std::string Stmt::Blob(int col) const {
  const void* b = sqlite3_column_blob(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return b ? std::string(static_cast<const char*>(b), static_cast<size_t>(n)) : std::string();
}
int64_t Stmt::Int(int col) const { return sqlite3_column_int64(s_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(s_, col); }
bool Stmt::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
bool Stmt::IsBlob(int col) const { return sqlite3_column_type(s_, col) == SQLITE_BLOB; }

Status Db::Open(const std::string& path, int flags) {
  // SQLite counts every allocation under a global mutex unless told not to (MEMSTATUS, on by
  // default); Canvass reads no memory statistics from it. Only possible before SQLite is first
  // initialized: later (a test that opened a file directly first) the call is refused, harmlessly.
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  Close();
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status st = FromRc(db_, rc, "opening " + path);
    Close();
    return st;
  }
  sqlite3_extended_result_codes(db_, 0);
  sqlite3_busy_timeout(db_, 5000);
  return Status::Ok();
}

Status Db::Key(std::string_view raw) {
  // SQLCipher 3 treats any other length as a passphrase and silently runs PBKDF2 over it.
  if (!(raw.size() == 67 || raw.size() == 99) || (raw[0] != 'x' && raw[0] != 'X') || raw[1] != '\'')
    return Status::Internal("malformed raw key");
  int rc = sqlite3_key(db_, raw.data(), static_cast<int>(raw.size()));
  if (rc != SQLITE_OK) return FromRc(db_, rc, "setting the key");
  return Status::Ok();
}

void Db::Close() {
  if (db_) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

Status Db::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) return FromRc(db_, rc, "running \"" + sql.substr(0, 60) + "\"");
  return Status::Ok();
}

Stmt Db::Prepare(const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) {
    if (s) sqlite3_finalize(s);
    return Stmt(db_, nullptr, FromRc(db_, rc, "preparing \"" + sql.substr(0, 60) + "\""));
  }
  return Stmt(db_, s, Status::Ok());
}

core::Result<std::string> Db::QueryText(const std::string& sql) {
  Stmt q = Prepare(sql);
  if (q.Step()) return q.Text(0);
  if (!q.status().ok()) return q.status();
  return Status::NotFound("no row for \"" + sql.substr(0, 60) + "\"");
}

core::Result<int64_t> Db::QueryInt(const std::string& sql) {
  Stmt q = Prepare(sql);
  if (q.Step()) return q.Int(0);
  if (!q.status().ok()) return q.status();
  return Status::NotFound("no row for \"" + sql.substr(0, 60) + "\"");
}

Status Db::Error(int rc, const std::string& doing) const { return FromRc(db_, rc, doing); }

ScanCache::ScanCache(Db* db, int kib) : db_(db) {
  auto now = db_->QueryInt("PRAGMA cache_size");
  if (now.ok() && db_->Exec("PRAGMA cache_size=" + std::to_string(-kib)).ok()) before_ = *now;
}
ScanCache::~ScanCache() {
  if (before_ != 0) (void)db_->Exec("PRAGMA cache_size=" + std::to_string(before_));
}

Transaction::Transaction(Db* db) : db_(db) {
  nested_ = sqlite3_get_autocommit(db_->raw()) == 0;
  status_ = db_->Exec(nested_ ? "SAVEPOINT canvass_nested" : "BEGIN IMMEDIATE");
}
Transaction::~Transaction() {
  if (done_ || !status_.ok()) return;
  if (nested_) {
    (void)db_->Exec("ROLLBACK TO canvass_nested");
    (void)db_->Exec("RELEASE canvass_nested");
  } else {
    (void)db_->Exec("ROLLBACK");
  }
}
Status Transaction::Commit() {
  if (!status_.ok()) return status_;
  Status st = db_->Exec(nested_ ? "RELEASE canvass_nested" : "COMMIT");
  if (!st.ok()) {
    if (nested_) {
      (void)db_->Exec("ROLLBACK TO canvass_nested");
      (void)db_->Exec("RELEASE canvass_nested");
    } else {
      (void)db_->Exec("ROLLBACK");
    }
  }
  done_ = true;
  return st;
}

}  // namespace canvass::storage
