// The publication ledger's storage (storage/src/release_ledger.h): releases that counted the
// same records share one stored set, sets round-trip exactly, damage is refused, and a
// schema-7 ledger (JSON per release) migrates without losing a record or a count.
#include <catch2/catch.hpp>

#include <cstdio>

#include "assessment/release.h"
#include "raw_open.h"
#include "release_ledger.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"
#include "test_support.h"
#include "ws_fixture.h"

using namespace canvass;
using canvass::testing::TempDir;

namespace {

const char* kPass = testing::kWsPass;

std::unique_ptr<storage::Workspace> MakeWs(const std::string& path) { return testing::MakeCentralWs(path, "Ledger TF"); }

int64_t Count(const std::string& path, const char* sql) {
  sqlite3* db = testing::RawOpen(path);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// Turns the workspace at `path` back into a schema-7 one whose ledger holds `rows` (SQL VALUES
// tuples) in the JSON columns version 6 made.
void MakeSchema7(const std::string& path, const std::string& rows) {
  sqlite3* db = testing::RawOpen(path);
  testing::Exec(db, testing::kHeadsAsTableSql);
  testing::Exec(db, ("DROP TABLE releases; DROP TABLE release_sets;"
                     "CREATE TABLE releases(release_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, what TEXT NOT NULL,"
                     "  records TEXT NOT NULL, shown TEXT NOT NULL) WITHOUT ROWID;"
                     "INSERT INTO releases VALUES " + rows + "; PRAGMA user_version = 7;").c_str());
  sqlite3_close(db);
}

const std::map<std::string, std::string> kRecords{{"a", "d1"}, {"b:7:x", "d2"}, {std::string("n\0ul", 4), "d3"}};
const std::map<std::string, double> kShown{{"area/48163/concern", 12}, {"rate:1", 0.1 + 0.2}, {"", -3.5e-300}};

}  // namespace

TEST_CASE("releases that counted the same records share one stored set, named by the latest release") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  {
    auto ws = MakeWs(path);
    storage::IndicatorStore store(ws.get());
    for (int i = 1; i <= 5; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "run-%04d", i);
      REQUIRE(store.RecordRelease({id, "2026-11-24T00:00:0" + std::to_string(i) + "Z", "report"}, kRecords, kShown).ok());
    }
    auto moved = kRecords;
    moved["c"] = "d4";
    REQUIRE(store.RecordRelease({"run-0006", "2026-11-25T00:00:00Z", "report"}, moved, {}).ok());
    auto list = store.ListReleases();
    REQUIRE(list.ok());
    REQUIRE(list->size() == 6);
    CHECK((*list)[4].records == 3);
    CHECK((*list)[4].shown == 3);
    CHECK((*list)[5].records == 4);
    CHECK((*list)[5].shown == 0);
    auto sets = store.ReleasedRecordSets();
    REQUIRE(sets.ok());
    REQUIRE(sets->size() == 2);
    CHECK((*sets)[0].release_id == "run-0005");
    CHECK((*sets)[0].records == kRecords);
    CHECK((*sets)[1].release_id == "run-0006");
    CHECK((*sets)[1].records == moved);
    // The gate's reading: each set compared with today's records as it is read, the same
    // counts as comparing the decoded sets, named by the same releases.
    auto now = moved;
    now["a"] = "d1-edited";
    now.erase("b:7:x");
    now["e"] = "d5";
    auto changes = [&](const std::map<std::string, std::string>& today) {
      std::vector<assessment::ReleaseChange> out;
      REQUIRE(store.ForEachReleasedRecordSet([&](const std::string& id, const std::string& at, const auto& next) {
                     out.push_back({id, at, assessment::ChangedRecords(next, today)});
                   }).ok());
      return out;
    };
    auto c = changes(now);
    REQUIRE(c.size() == 2);
    CHECK(c[0].id == "run-0005");
    CHECK(c[0].created_at == "2026-11-24T00:00:05Z");
    CHECK(c[0].changed == assessment::ChangedRecords((*sets)[0].records, now));
    CHECK(c[0].changed == 4);  // a changed, b:7:x gone, c and e new
    CHECK(c[1].id == "run-0006");
    CHECK(c[1].changed == 3);  // a changed, b:7:x gone, e new
    CHECK(changes(kRecords).at(0).changed == 0);
    auto shown = store.ReleasedShownSets();
    REQUIRE(shown.ok());
    REQUIRE(shown->size() == 2);
    CHECK(((*shown)[0] == kShown || (*shown)[1] == kShown));  // exact, to the last bit
    CHECK(((*shown)[0].empty() || (*shown)[1].empty()));
  }
  CHECK(Count(path, "SELECT count(*) FROM release_sets") == 4);
  CHECK(Count(path, "SELECT count(*) FROM releases") == 6);
}

TEST_CASE("a damaged stored set is refused with a pointer to check, never read as fewer records") {
  using storage::release_ledger::DecodeRecords;
  using storage::release_ledger::DecodeShown;
  std::string body = storage::release_ledger::EncodeRecords(kRecords);
  std::map<std::string, std::string> back;
  REQUIRE(DecodeRecords(body, &back).ok());
  CHECK(back == kRecords);
  for (size_t cut = 1; cut < body.size(); ++cut) {
    std::map<std::string, std::string> part;
    auto st = DecodeRecords(body.substr(0, cut), &part);
    // A cut falls between two whole entries only at an entry boundary; anywhere else it is refused.
    if (st.ok()) CHECK(part.size() < kRecords.size());
    else CHECK(st.message().find("canvass-cli check") != std::string::npos);
  }
  // Compared as it is read: the same refusals, and ids out of order are damage too.
  auto count = [](const std::string& b, const std::map<std::string, std::string>& today, int* changed) {
    return storage::release_ledger::ReadRecords(b, [&](const auto& next) { *changed = assessment::ChangedRecords(next, today); });
  };
  for (size_t cut = 1; cut < body.size(); ++cut) {
    int changed = -1;
    auto st = count(body.substr(0, cut), kRecords, &changed);
    if (st.ok()) CHECK(changed > 0);
    else CHECK(st.message().find("canvass-cli check") != std::string::npos);
  }
  int changed = -1;
  REQUIRE(count(body, kRecords, &changed).ok());
  CHECK(changed == 0);
  CHECK_FALSE(count("1:b2:d21:a2:d1", {}, &changed).ok());
  CHECK_FALSE(count("1:a2:d11:a2:d1", {}, &changed).ok());
  CHECK(count("1:a2:d11:b2:d2", {}, &changed).ok());
  // A reader that stops early has not read the set: that is refused, not taken as fewer records.
  CHECK_FALSE(storage::release_ledger::ReadRecords(body, [](const auto&) {}).ok());
  std::map<std::string, std::string> r;
  CHECK_FALSE(DecodeRecords("99999999999:x", &r).ok());
  CHECK_FALSE(DecodeRecords("3:ab", &r).ok());
  CHECK_FALSE(DecodeRecords(":x", &r).ok());
  std::map<std::string, double> s;
  CHECK_FALSE(DecodeShown("1:k3:1x2", &s).ok());
  CHECK_FALSE(DecodeShown("1:k0:", &s).ok());
}

TEST_CASE("a schema-7 ledger migrates to shared sets with every record and count kept") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  { auto ws = MakeWs(path); }
  // Two releases of the same data and a third of other data, in JSON.
  MakeSchema7(path, R"SQL(('run-0001', '2026-11-24T00:00:00Z', 'report', '{"a":"d1","b":"d2"}', '{"k1":12,"k2":0.5}'),
      ('run-0002', '2026-11-24T00:00:01Z', 'report', '{"a":"d1","b":"d2"}', '{"k1":12,"k2":0.5}'),
      ('run-0003', '2026-11-25T00:00:00Z', 'caseload tables', '{"a":"d1"}', '{}'))SQL");
  {
    auto ws = storage::Workspace::Open(path, kPass);
    REQUIRE(ws.ok());
    auto check = (*ws)->Check();
    REQUIRE(check.ok());
    CHECK(check->schema_version == 11);
    storage::IndicatorStore store(ws->get());
    auto list = store.ListReleases();
    REQUIRE(list.ok());
    REQUIRE(list->size() == 3);
    CHECK((*list)[0].records == 2);
    CHECK((*list)[0].shown == 2);
    CHECK((*list)[2].what == "caseload tables");
    CHECK((*list)[2].records == 1);
    auto sets = store.ReleasedRecordSets();
    REQUIRE(sets.ok());
    REQUIRE(sets->size() == 2);
    CHECK((*sets)[0].release_id == "run-0002");
    CHECK((*sets)[0].records == std::map<std::string, std::string>{{"a", "d1"}, {"b", "d2"}});
    auto shown = store.ReleasedShownSets();
    REQUIRE(shown.ok());
    REQUIRE(shown->size() == 2);
    CHECK(((*shown)[0] == std::map<std::string, double>{{"k1", 12}, {"k2", 0.5}} ||
           (*shown)[1] == std::map<std::string, double>{{"k1", 12}, {"k2", 0.5}}));
  }
  CHECK(Count(path, "SELECT count(*) FROM releases WHERE records != '' OR shown != ''") == 0);
  CHECK(Count(path, "SELECT count(*) FROM release_sets") == 4);
}

TEST_CASE("a damaged JSON ledger stops the migration, and the workspace stays as it was") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  { auto ws = MakeWs(path); }
  MakeSchema7(path, R"SQL(('run-0001', '2026-11-24T00:00:00Z', 'report', '{"a":"d1"', '{}'))SQL");
  auto ws = storage::Workspace::Open(path, kPass);
  REQUIRE_FALSE(ws.ok());
  CHECK(ws.status().message().find("publication ledger is damaged") != std::string::npos);
  CHECK(Count(path, "PRAGMA user_version") == 7);
  CHECK(Count(path, "SELECT count(*) FROM releases WHERE records = '{\"a\":\"d1\"'") == 1);
}
