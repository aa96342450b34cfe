// An attacker who knows the key edits the file behind Canvass's back: check must notice.
#include <catch2/catch.hpp>
#include <sodium.h>
#include <sqlite3.h>

#include <cstring>

#include "storage/workspace.h"
#include "raw_open.h"
#include "test_support.h"

using namespace canvass;
using canvass::testing::TempDir;

namespace {
const char* kPass = testing::kRawPass;
using testing::Exec;
using testing::RawOpen;

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

// A fresh workspace (check passes), `sql` run on it with the key but without Canvass; whether
// check still passes.
bool CheckOkAfterRawSql(const std::string& sql) {
  TempDir dir;
  std::string path = MakeWorkspace(dir);
  sqlite3* db = RawOpen(path);
  Exec(db, sql.c_str());
  sqlite3_close(db);
  return CheckOk(path);
}
}  // namespace

TEST_CASE("removing or altering an audit entry is detected") {
  CHECK_FALSE(CheckOkAfterRawSql("DROP TRIGGER audit_append_only_u; UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 2;"));
}

TEST_CASE("deleting the newest audit entry is detected") {
  CHECK_FALSE(CheckOkAfterRawSql("DROP TRIGGER audit_append_only_d; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);"));
}

TEST_CASE("editing a stored answer behind Canvass's back is detected") {
  CHECK_FALSE(CheckOkAfterRawSql("DROP TRIGGER versions_append_only_u; UPDATE versions SET value = 'false' WHERE kind = 'answer';"));
}
