// PgServer: initdb + pg_ctl in a temp dir, as `postgres` under root (runuser), the rollup
// schema and roles; see pg_server.h.
#include "pg_server.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "test_support.h"

namespace canvass::testing {

namespace fs = std::filesystem;

namespace {

std::string FindBin() {
  std::string out;
  if (Run("pg_config --bindir 2>/dev/null", &out) == 0) {
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    if (fs::exists(out + "/initdb") && fs::exists(out + "/pg_ctl")) return out;
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(e.path() / "bin" / "initdb")) return (e.path() / "bin").string();
  return "";
}

std::string Encode(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') o += static_cast<char>(c);
    else {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      o += b;
    }
  }
  return o;
}

}  // namespace

bool PgServer::RunAsOwner(const std::string& cmd, std::string* out) const {
  std::string line = root_ ? "runuser -u postgres -- " + cmd : cmd;
  std::string o;
  int rc = Run(line, &o);
  if (out) *out = o;
  return rc == 0;
}

PgServer::PgServer() {
  bin_ = FindBin();
  if (bin_.empty()) {
    error_ = "PostgreSQL's server programs (initdb, pg_ctl) are not installed: run scripts/deps.sh (packages postgresql, libpq-dev)";
    return;
  }
  root_ = geteuid() == 0;
  char tmpl[] = "/tmp/canvass-pg-XXXXXX";
  if (!mkdtemp(tmpl)) {
    error_ = "cannot make a temp dir";
    return;
  }
  dir_ = tmpl;
  const passwd* pg = root_ ? getpwnam("postgres") : nullptr;
  if (root_ && !pg) {
    error_ = "running as root, and there is no `postgres` user to run the server as (the postgresql package makes it)";
    return;
  }
  WriteAll(dir_ + "/pw", "admin-pw-1\n");
  if (pg) {
    if (chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0 || chown((dir_ + "/pw").c_str(), pg->pw_uid, pg->pw_gid) != 0) {
      error_ = "cannot give the temp dir to the postgres user";
      return;
    }
  }
  chmod(dir_.c_str(), 0700);
  std::string out;
  if (!RunAsOwner(bin_ + "/initdb -D " + dir_ + "/data -U canvass_admin --pwfile=" + dir_ +
                      "/pw -A scram-sha-256 --no-sync -E UTF8 --locale=C",
                  &out)) {
    error_ = "initdb failed: " + out;
    return;
  }
  // The client's passwords (libpq reads PGPASSFILE; tf_badpass has a wrong one on purpose).
  WriteAll(dir_ + "/pgpass",
           "*:*:*:canvass_admin:admin-pw-1\n*:*:*:tf_north:north-pw-1\n*:*:*:tf_south:south-pw-1\n"
           "*:*:*:state_council:state-pw-1\n*:*:*:tf_badpass:not-the-password\n*:*:*:tf_unlisted:north-pw-1\n");
  chmod((dir_ + "/pgpass").c_str(), 0600);
  setenv("PGPASSFILE", (dir_ + "/pgpass").c_str(), 1);
  std::mt19937 rng(std::random_device{}());
  for (int attempt = 0; attempt < 6 && !port_; ++attempt) {
    int port = 20000 + static_cast<int>(rng() % 30000);
    port_ = port;
    if (!Start()) port_ = 0;
  }
  if (!port_) {
    error_ = "the test PostgreSQL server did not start: " + ReadAll(dir_ + "/log");
    return;
  }
  auto admin = rollup::PgConnection::Connect("postgresql:///postgres?host=" + Encode(dir_) + "&port=" + std::to_string(port_) +
                                             "&user=canvass_admin");
  if (!admin.ok()) {
    error_ = admin.status().message();
    return;
  }
  auto st = (*admin)->Exec("CREATE DATABASE statewide");
  if (st.ok()) st = (*admin)->Exec(
      "CREATE ROLE canvass_push NOLOGIN; CREATE ROLE canvass_state NOLOGIN;"
      "CREATE ROLE tf_north LOGIN PASSWORD 'north-pw-1' IN ROLE canvass_push;"
      "CREATE ROLE tf_south LOGIN PASSWORD 'south-pw-1' IN ROLE canvass_push;"
      "CREATE ROLE tf_unlisted LOGIN PASSWORD 'north-pw-1' IN ROLE canvass_push;"
      "CREATE ROLE tf_badpass LOGIN PASSWORD 'the-password' IN ROLE canvass_push;"
      "CREATE ROLE state_council LOGIN PASSWORD 'state-pw-1' IN ROLE canvass_state");
  if (!st.ok()) error_ = st.message();
}

// fsync=off (the tests never crash the machine, only the server), but synchronous commits: a
// commit must survive `pg_ctl stop -m immediate`, or the server-killed test would lose the
// schema it just loaded.
bool PgServer::Start() {
  std::string out;
  return RunAsOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -w -t 30 -o \"-k " + dir_ + " -p " +
                        std::to_string(port_) +
                        " -c listen_addresses='' -c fsync=off -c full_page_writes=off\" start",
                    &out);
}

bool PgServer::Kill() { return RunAsOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate stop", nullptr); }

PgServer::~PgServer() {
  if (port_) Kill();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string PgServer::Log() const {
  std::string log = ReadAll(dir_ + "/log");
  return log.size() > 4000 ? log.substr(log.size() - 4000) : log;
}

std::string PgServer::Url(const std::string& user) const {
  return "postgresql:///statewide?host=" + Encode(dir_) + "&port=" + std::to_string(port_) + "&user=" + user;
}

std::unique_ptr<rollup::PgConnection> PgServer::Admin() const {
  auto c = rollup::PgConnection::Connect(Url("canvass_admin"));
  return c.ok() ? std::move(*c) : nullptr;
}

void PgServer::Reset() {
  auto admin = Admin();
  if (!admin) return;
  std::string schema = ReadAll(std::string(CANVASS_SOURCE_DIR) + "/rollup/sql/schema.sql");
  auto st = admin->Exec("DROP SCHEMA IF EXISTS canvass_rollup CASCADE");
  if (st.ok()) st = admin->Exec(schema);
  if (st.ok())
    st = admin->Exec("INSERT INTO canvass_rollup.task_forces VALUES ('North Task Force', 'tf_north'), "
                     "('South Task Force', 'tf_south'), ('Bad Password Task Force', 'tf_badpass')");
  if (!st.ok()) error_ = "the rollup schema did not load: " + st.message();
}

PgServer& Server() {
  static PgServer server;
  return server;
}

}  // namespace canvass::testing
