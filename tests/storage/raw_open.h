// Test helper: opens a workspace file with SQLCipher directly, bypassing Canvass, to
// change it behind the product's back (tampering, older schemas). Test-fast KDF only.
#pragma once

#include <catch2/catch.hpp>
#include <sodium.h>
#include <sqlite3.h>

#include <cstring>
#include <string>

#include "test_support.h"

namespace canvass::testing {

inline constexpr const char* kRawPass = "correct horse battery staple";

// Opens the file the way keyed_open.cpp does (test-fast profile), independently written.
inline sqlite3* RawOpen(const std::string& path) {
  std::string salt = testing::ReadAll(path).substr(0, 16);
  REQUIRE(static_cast<unsigned char>(salt[15]) == 0x7e);
  unsigned char key[32];
  REQUIRE(crypto_pwhash(key, 32, kRawPass, strlen(kRawPass), reinterpret_cast<const unsigned char*>(salt.data()), 1, 8u << 20,
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

// Before schema 11 the heads were a table (with an index by kind): a test that turns a file
// back into an older schema puts it back, filled as the merge filled it.
inline constexpr const char* kHeadsAsTableSql =
    "DROP VIEW heads; DROP INDEX versions_kind;"
    "CREATE TABLE heads(subject TEXT NOT NULL, kind TEXT NOT NULL, field TEXT NOT NULL, version_id TEXT NOT NULL,"
    "  PRIMARY KEY(subject, kind, field, version_id)) WITHOUT ROWID;"
    "INSERT INTO heads SELECT subject, kind, field, version_id FROM versions v"
    "  WHERE NOT EXISTS (SELECT 1 FROM version_parents p WHERE p.parent_id = v.version_id);"
    "CREATE INDEX heads_kind ON heads(kind) WHERE kind NOT IN ('answer','status');";

inline void Exec(sqlite3* db, const char* sql) { REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK); }

}  // namespace canvass::testing
