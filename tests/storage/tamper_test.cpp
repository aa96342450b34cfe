// An attacker who knows the key edits the file behind Canvass's back: check must notice.
#include <catch2/catch.hpp>
#include <sodium.h>
#include <sqlite3.h>

#include <cstring>

#include "storage/workspace.h"
#include "test_support.h"

using namespace canvass;
using canvass::testing::TempDir;

namespace {
const char* kPass = "correct horse battery staple";

// Opens the file the way keyed_open.cpp does (test-fast profile), independently written.
sqlite3* RawOpen(const std::string& path) {
  std::string salt = testing::ReadAll(path).substr(0, 16);
  REQUIRE(static_cast<unsigned char>(salt[15]) == 0x7e);
  unsigned char key[32];
  REQUIRE(crypto_pwhash(key, 32, kPass, strlen(kPass), reinterpret_cast<const unsigned char*>(salt.data()), 1, 8u << 20,
                        crypto_pwhash_ALG_ARGON2ID13) == 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, key, 32);
  std::string k = std::string("x'") + hex + "'";
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_key(db, k.data(), static_cast<int>(k.size())) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA cipher_page_size = 4096", nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK);
  return db;
}

void Exec(sqlite3* db, const char* sql) { REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK); }

std::string MakeWorkspace(const TempDir& dir) {
  testing::UseFastKdf();
  std::string path = dir.File("w.canvass");
  auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "T");
  REQUIRE(ws.ok());
  REQUIRE((*ws)->AddInterview({"community_member", 0, "t", "", "", {{"consent", core::Value(true)}}, false}).ok());
  REQUIRE((*ws)->Check()->ok);
  return path;
}

bool CheckOk(const std::string& path) {
  auto ws = storage::Workspace::Open(path, kPass);
  REQUIRE(ws.ok());
  return (*ws)->Check()->ok;
}
}  // namespace

TEST_CASE("removing or altering an audit entry is detected") {
  TempDir dir;
  std::string path = MakeWorkspace(dir);
  sqlite3* db = RawOpen(path);
  Exec(db, "DROP TRIGGER audit_append_only_u; UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 2;");
  sqlite3_close(db);
  CHECK_FALSE(CheckOk(path));
}

TEST_CASE("deleting the newest audit entry is detected") {
  TempDir dir;
  std::string path = MakeWorkspace(dir);
  sqlite3* db = RawOpen(path);
  Exec(db, "DROP TRIGGER audit_append_only_d; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);");
  sqlite3_close(db);
  CHECK_FALSE(CheckOk(path));
}

TEST_CASE("editing a stored answer behind Canvass's back is detected") {
  TempDir dir;
  std::string path = MakeWorkspace(dir);
  sqlite3* db = RawOpen(path);
  Exec(db, "DROP TRIGGER versions_append_only_u; UPDATE versions SET value = 'false' WHERE kind = 'answer';");
  sqlite3_close(db);
  CHECK_FALSE(CheckOk(path));
}
