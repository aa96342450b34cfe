// A thin libpq wrapper for the statewide rollup: one connection, statements with text
// parameters, COPY in, and every failure as a one-line Status in plain words (wrong user or
// password, server unreachable, permission refused, connection lost).
//
// A PgConnection owns its PGconn; use it from one thread at a time. Passwords never come
// from the address: Connect refuses a URL or key=value string holding one (libpq reads
// ~/.pgpass, PGPASSFILE or a service file instead).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

struct pg_conn;

namespace canvass::rollup {

using PgParam = std::optional<std::string>;  // nullopt = SQL NULL
using PgRow = std::vector<std::optional<std::string>>;

class PgConnection {
 public:
  // `address`: a libpq URL (postgresql://user@host:5432/db?sslmode=verify-full) or a
  // key=value string ("service=statewide"). TLS as the address asks (sslmode); libpq does it.
  static core::Result<std::unique_ptr<PgConnection>> Connect(const std::string& address);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one or more statements (no parameters) or one statement with parameters.
  core::Status Exec(const std::string& sql, const std::vector<PgParam>& params = {});
  core::Result<std::vector<PgRow>> Query(const std::string& sql, const std::vector<PgParam>& params = {});
  // COPY ... FROM STDIN in text format; `data` is rows made with CopyField/CopyRow.
  core::Status CopyIn(const std::string& copy_sql, const std::string& data);

  std::string user() const;   // the role connected as
  std::string where() const;  // "host:port/db" for messages (no password)

 private:
  explicit PgConnection(pg_conn* c) : conn_(c) {}
  core::Status ErrorOf(const char* doing, void* result) const;
  pg_conn* conn_;
};

// Appends one field of COPY text format, escaped (\N for NULL), to *row.
void CopyField(std::string* row, const PgParam& v);
// Appends one row of COPY text format (fields tab-separated) and its newline.
void CopyRow(std::string* data, const std::vector<PgParam>& fields);

// Whether a libpq address holds a password (for the refusal; also used by the CLI).
bool AddressHasPassword(const std::string& address, std::string* parse_error);

}  // namespace canvass::rollup
