// A real PostgreSQL server for the rollup tests: initdb in a private temp dir (owned by the
// `postgres` user when the tests run as root, since initdb refuses root), a Unix socket in
// that dir, a random port, the schema of rollup/sql/schema.sql, two task-force roles and a
// state role with passwords in a PGPASSFILE. One server per test binary (Server()); stopped
// with `pg_ctl stop -m immediate` and its dir removed at exit. Without PostgreSQL's programs
// the tests FAIL with a message (CI installs them through scripts/deps.sh).
#pragma once

#include <memory>
#include <string>

#include "rollup/pg.h"

namespace canvass::testing {

class PgServer {
 public:
  PgServer();
  ~PgServer();
  // "" when the server runs, else why not (the tests REQUIRE it empty).
  const std::string& error() const { return error_; }
  // A libpq address for `user` (no password: it is in the PGPASSFILE this server wrote).
  std::string Url(const std::string& user) const;
  // A connection as the database owner (a superuser).
  std::unique_ptr<rollup::PgConnection> Admin() const;
  // Stops the server at once (as a crash would) / starts it again.
  bool Kill();
  bool Start();
  // Drops and recreates the schema and roles' rows: a clean database for one test.
  void Reset();
  const std::string& dir() const { return dir_; }
  // The server's log (for a failure's message).
  std::string Log() const;

 private:
  bool RunAsOwner(const std::string& cmd, std::string* out) const;
  std::string dir_, bin_, error_;
  int port_ = 0;
  bool root_ = false;
};

// The one server of this test binary (started on first use).
PgServer& Server();

// The task forces the server registers: role -> name.
inline constexpr const char* kNorthRole = "tf_north";
inline constexpr const char* kNorthName = "North Task Force";
inline constexpr const char* kSouthRole = "tf_south";
inline constexpr const char* kSouthName = "South Task Force";
inline constexpr const char* kStateRole = "state_council";

}  // namespace canvass::testing
