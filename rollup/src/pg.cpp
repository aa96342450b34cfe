// libpq behind Status: connecting (no password in the address), statements, COPY, and
// libpq's multi-line messages turned into one line that says what to do.
#include "rollup/pg.h"

#include <libpq-fe.h>

#include <cstring>

namespace canvass::rollup {

using core::Result;
using core::Status;

namespace {

// The first line of a libpq message without its "ERROR:  " / "FATAL:  " prefix.
std::string OneLine(const char* msg) {
  std::string s = msg ? msg : "";
  for (const char* p : {"ERROR:  ", "FATAL:  "}) {
    auto at = s.find(p);
    if (at != std::string::npos) s = s.substr(at + std::strlen(p));
  }
  auto nl = s.find('\n');
  if (nl != std::string::npos) s = s.substr(0, nl);
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
  return s;
}

bool Has(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

Status ConnectError(PGconn* c, const std::string& where) {
  std::string msg = PQerrorMessage(c);
  std::string line = OneLine(msg.c_str());
  if (Has(msg, "password authentication failed") || Has(msg, "no password supplied") || Has(msg, "does not exist") ||
      Has(msg, "authentication failed") || Has(msg, "pg_hba.conf"))
    return Status::WrongKey("the database server " + where + " refused the user name or password (" + line +
                            "): check the user in the address and the password in ~/.pgpass (or PGPASSFILE), or ask "
                            "the database administrator");
  return Status::IOError("cannot reach the database server " + where + " (" + line +
                         "): check the address and that the server is running, then try again");
}

}  // namespace

bool AddressHasPassword(const std::string& address, std::string* parse_error) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(address.c_str(), &err);
  if (!opts) {
    if (parse_error) *parse_error = OneLine(err ? err : "not a database address");
    PQfreemem(err);
    return false;
  }
  bool has = false;
  for (PQconninfoOption* o = opts; o->keyword; ++o)
    if (!std::strcmp(o->keyword, "password") && o->val && *o->val) has = true;
  PQconninfoFree(opts);
  return has;
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& address) {
  std::string parse_error;
  if (AddressHasPassword(address, &parse_error))
    return Status::InvalidArgument("the database address holds a password: remove it and keep the password in ~/.pgpass "
                                   "(or the file PGPASSFILE names); passwords never go on the command line");
  if (!parse_error.empty())
    return Status::InvalidArgument("\"" + address + "\" is not a database address (" + parse_error +
                                   "): use postgresql://USER@HOST:PORT/DATABASE or service=NAME");
  // The address's own settings override these defaults (expand_dbname).
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* vals[] = {"10", "canvass-rollup", address.c_str(), nullptr};
  PGconn* c = PQconnectdbParams(keys, vals, 1);
  if (!c) return Status::IOError("cannot start a database connection (out of memory)");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string where;
    if (const char* h = PQhost(c)) where = h;
    if (const char* p = PQport(c)) where += std::string(":") + p;
    Status st = ConnectError(c, where.empty() ? address : where);
    PQfinish(c);
    return st;
  }
  // The server's notices ("drop cascades to ...") are not for the user: dropped.
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(c));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

std::string PgConnection::user() const { return PQuser(conn_) ? PQuser(conn_) : ""; }

std::string PgConnection::where() const {
  std::string h = PQhost(conn_) ? PQhost(conn_) : "";
  if (!h.empty() && h[0] == '/') h = "local socket";
  return h + ":" + (PQport(conn_) ? PQport(conn_) : "") + "/" + (PQdb(conn_) ? PQdb(conn_) : "");
}

Status PgConnection::ErrorOf(const char* doing, void* result) const {
  PGresult* r = static_cast<PGresult*>(result);
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string line = OneLine(r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  std::string code = state ? state : "";
  // A server's error always carries a SQLSTATE; one without is libpq's own (the connection
  // broke: "server closed the connection unexpectedly", "could not send data to server").
  if (PQstatus(conn_) != CONNECTION_OK || code.empty() || code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0)
    return Status::IOError(std::string("the connection to the database server was lost while ") + doing + " (" + line +
                           "): nothing was stored; try again when the server is back");
  if (code == "42501")
    return Status::WrongKey(std::string("the database refused ") + doing + " for user " + user() + " (" + line +
                            "): this user may not do that; ask the database administrator (docs/rollup.md)");
  return Status::IOError(std::string("the database refused ") + doing + " (" + line + ")");
}

namespace {
struct ResultGuard {
  PGresult* r;
  ~ResultGuard() { PQclear(r); }
};

PGresult* Run(PGconn* c, const std::string& sql, const std::vector<PgParam>& params) {
  if (params.empty()) return PQexec(c, sql.c_str());
  std::vector<const char*> v;
  for (const auto& p : params) v.push_back(p ? p->c_str() : nullptr);
  return PQexecParams(c, sql.c_str(), static_cast<int>(v.size()), nullptr, v.data(), nullptr, nullptr, 0);
}
}  // namespace

Status PgConnection::Exec(const std::string& sql, const std::vector<PgParam>& params) {
  ResultGuard g{Run(conn_, sql, params)};
  auto st = PQresultStatus(g.r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorOf("a statement", g.r);
  return Status::Ok();
}

Result<std::vector<PgRow>> PgConnection::Query(const std::string& sql, const std::vector<PgParam>& params) {
  ResultGuard g{Run(conn_, sql, params)};
  if (PQresultStatus(g.r) != PGRES_TUPLES_OK) return ErrorOf("a query", g.r);
  std::vector<PgRow> rows(static_cast<size_t>(PQntuples(g.r)));
  const int cols = PQnfields(g.r);
  for (int i = 0; i < PQntuples(g.r); ++i)
    for (int j = 0; j < cols; ++j)
      rows[static_cast<size_t>(i)].push_back(PQgetisnull(g.r, i, j) ? std::nullopt
                                                                      : std::optional<std::string>(PQgetvalue(g.r, i, j)));
  return rows;
}

Status PgConnection::CopyIn(const std::string& copy_sql, const std::string& data) {
  {
    ResultGuard g{PQexec(conn_, copy_sql.c_str())};
    if (PQresultStatus(g.r) != PGRES_COPY_IN) return ErrorOf("a copy", g.r);
  }
  constexpr size_t kChunk = 1u << 20;
  for (size_t at = 0; at < data.size(); at += kChunk) {
    size_t n = std::min(kChunk, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) break;
  }
  PQputCopyEnd(conn_, nullptr);
  Status out;
  while (PGresult* r = PQgetResult(conn_)) {
    ResultGuard g{r};
    if (out.ok() && PQresultStatus(r) != PGRES_COMMAND_OK) out = ErrorOf("a copy", r);
  }
  if (out.ok() && PQstatus(conn_) != CONNECTION_OK) out = ErrorOf("a copy", nullptr);
  return out;
}

void CopyField(std::string* row, const PgParam& v) {
  if (!v) {
    *row += "\\N";
    return;
  }
  for (char c : *v) {
    switch (c) {
      case '\\': *row += "\\\\"; break;
      case '\t': *row += "\\t"; break;
      case '\n': *row += "\\n"; break;
      case '\r': *row += "\\r"; break;
      default: row->push_back(c);
    }
  }
}

void CopyRow(std::string* data, const std::vector<PgParam>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) data->push_back('\t');
    CopyField(data, fields[i]);
  }
  data->push_back('\n');
}

}  // namespace canvass::rollup
