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

TEST_CASE("removing or adding a parent link behind Canvass's back is detected (the heads follow from them)") {
  // An answer edited once: its first version is the second's parent. The heads are a view of
  // the versions no version names as parent (schema 11), so a link removed would bring the old
  // value back as a second head, and a link added would hide the current one.
  for (const char* sql : {"DELETE FROM version_parents;",
                          "INSERT INTO version_parents(parent_id, version_id) SELECT v.version_id, 'not a version' FROM versions v "
                          "WHERE v.kind = 'answer' LIMIT 1;"}) {
    TempDir dir;
    std::string path = MakeWorkspace(dir);
    {
      auto ws = storage::Workspace::Open(path, kPass);
      REQUIRE(ws.ok());
      auto list = (*ws)->ListInterviews();
      REQUIRE(list.ok());
      REQUIRE(list->size() == 1);
      auto st = (*ws)->SetAnswer(list->front().header.uuid, "resp_name", core::Value("first"), "t");
      REQUIRE(st.ok());
      st = (*ws)->SetAnswer(list->front().header.uuid, "resp_name", core::Value("second"), "t");
      INFO(st.message());
      REQUIRE(st.ok());
      REQUIRE((*ws)->Check()->ok);
    }
    sqlite3* db = RawOpen(path);
    Exec(db, sql);
    sqlite3_close(db);
    auto ws = storage::Workspace::Open(path, kPass);
    REQUIRE(ws.ok());
    auto report = (*ws)->Check();
    REQUIRE(report.ok());
    INFO(sql);
    CHECK_FALSE(report->ok);
    bool named = false;
    for (const auto& p : report->problems) named = named || p.find("parent links disagree") != std::string::npos;
    CHECK(named);
  }
}
