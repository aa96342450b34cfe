// Push on a real PostgreSQL server: once, again (nothing changes), superseded by a newer run
// (history kept), an older run refused, dry run, a push failing part-way or killed with the
// server leaving nothing, schema version mismatch and wrong credentials as one-line errors.
#include <chrono>
#include <thread>

#include "rollup/push.h"
#include "rollup_fixture.h"

namespace canvass::testing {

using rollup::Push;
using rollup::PushResult;

namespace {
const std::vector<AreaSpec> kAreas = {{"48001", 12, 3}, {"48003", 4, 0}, {"48005", 0, 0}};
long long Total(rollup::PgConnection* admin) {
  return CountRows(admin, "pushes") + CountRows(admin, "area_scores") + CountRows(admin, "area_counts") +
         CountRows(admin, "area_themes") + CountRows(admin, "area_indicators");
}
}  // namespace

TEST_CASE("a push stores every row once - the same run pushed again changes nothing") {
  FreshDatabase();
  auto north = ConnectAs(kNorthRole);
  auto admin = Server().Admin();
  auto g = MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas);
  auto r = Push(north.get(), g, false);
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(r->kind == PushResult::kPushed);
  CHECK(r->task_force == kNorthName);  // from the role, not from the file
  CHECK(CountRows(admin.get(), "pushes") == 1);
  CHECK(CountRows(admin.get(), "area_scores") == 3);
  CHECK(CountRows(admin.get(), "area_counts") == 4);  // 3 areas' concern + the tips total
  CHECK(CountRows(admin.get(), "area_themes") == 1);
  CHECK(CountRows(admin.get(), "area_indicators") == 6);
  // The counts are exact (the state adds them up); whether the task force showed them is kept.
  auto c = admin->Query("SELECT value, shown FROM canvass_rollup.area_counts WHERE area_id = '48003'");
  REQUIRE(c.ok());
  CHECK(*(*c)[0][0] == "4");
  CHECK(*(*c)[0][1] == "f");
  const long long before = Total(admin.get());
  auto again = Push(north.get(), g, false);
  REQUIRE(again.ok());
  CHECK(again->kind == PushResult::kUnchanged);
  CHECK(Total(admin.get()) == before);
  CHECK(CountRows(admin.get(), "pushes", "superseded_at IS NOT NULL") == 0);
}

TEST_CASE("a newer run supersedes the older for the period - history is kept - an older run is refused") {
  FreshDatabase();
  auto north = ConnectAs(kNorthRole);
  auto admin = Server().Admin();
  REQUIRE(Push(north.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), false).ok());
  auto newer = kAreas;
  newer[0].concern = 20;
  auto r = Push(north.get(), MakeAggregates("run-0002", "2026-04-01T10:00:00Z", newer), false);
  REQUIRE(r.ok());
  CHECK(r->superseded_run == "run-0001");
  CHECK(CountRows(admin.get(), "pushes") == 2);  // history
  CHECK(CountRows(admin.get(), "pushes", "superseded_at IS NOT NULL AND run_id = 'run-0001'") == 1);
  CHECK(CountRows(admin.get(), "current_pushes") == 1);
  CHECK(CountRows(admin.get(), "current_area_counts", "run_id = 'run-0002' AND area_id = '48001' AND value = 20") == 1);
  CHECK(CountRows(admin.get(), "current_area_counts", "run_id = 'run-0001'") == 0);
  // The superseded run again, and a run older than the current one: refused, nothing changes.
  const long long before = Total(admin.get());
  auto old = Push(north.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), false);
  REQUIRE_FALSE(old.ok());
  CHECK(OneLine(old.status().message()));
  auto older = Push(north.get(), MakeAggregates("run-0000", "2026-02-01T10:00:00Z", kAreas), false);
  REQUIRE_FALSE(older.ok());
  CHECK(older.status().message().find("newer run (run-0002") != std::string::npos);
  // The same run id with other figures (another central file): refused.
  auto other = Push(north.get(), MakeAggregates("run-0002", "2026-04-01T10:00:00Z", kAreas), false);
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().message().find("other figures") != std::string::npos);
  CHECK(Total(admin.get()) == before);
  // Another period is its own history.
  auto next_year = MakeAggregates("run-0003", "2027-01-10T10:00:00Z", kAreas);
  next_year.period = "2027";
  auto y = Push(north.get(), next_year, false);
  REQUIRE(y.ok());
  CHECK(y->superseded_run.empty());
  CHECK(CountRows(admin.get(), "current_pushes") == 2);
}

TEST_CASE("a dry run checks everything and writes nothing") {
  FreshDatabase();
  auto north = ConnectAs(kNorthRole);
  auto admin = Server().Admin();
  auto r = Push(north.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), true);
  REQUIRE(r.ok());
  CHECK(r->rows == 3 + 4 + 1 + 6);
  CHECK(Total(admin.get()) == 0);
}

TEST_CASE("a push failing part-way leaves nothing half-written, and the older push current") {
  FreshDatabase();
  auto north = ConnectAs(kNorthRole);
  auto admin = Server().Admin();
  REQUIRE(Push(north.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), false).ok());
  const long long before = Total(admin.get());
  // The same count twice: the last INSERT (after the new push row, the superseding and three
  // tables) fails on the primary key.
  auto bad = MakeAggregates("run-0002", "2026-04-01T10:00:00Z", kAreas);
  bad.indicators.push_back(bad.indicators.front());
  auto r = Push(north.get(), bad, false);
  REQUIRE_FALSE(r.ok());
  CHECK(OneLine(r.status().message()));
  CHECK(Total(admin.get()) == before);
  CHECK(CountRows(admin.get(), "current_pushes", "run_id = 'run-0001'") == 1);
  bad.indicators.pop_back();
  REQUIRE(Push(north.get(), bad, false).ok());  // the retry succeeds
  CHECK(CountRows(admin.get(), "current_pushes", "run_id = 'run-0002'") == 1);
}

TEST_CASE("the server killed in the middle of a push leaves nothing - the retry succeeds") {
  FreshDatabase();
  std::vector<AreaSpec> many;
  for (int i = 0; i < 1500; ++i) many.push_back({std::to_string(10000 + i), double(i % 30), 0});
  auto g = MakeAggregates("run-0001", "2026-03-01T10:00:00Z", many, 40, 80);  // 120,000 indicator rows
  core::Result<PushResult> result = core::Status::Internal("not run");
  {
    auto north = ConnectAs(kNorthRole);
    auto watcher = Server().Admin();
    std::thread pusher([&] { result = Push(north.get(), g, false); });
    // Wait until the push is inside its transaction, then stop the server as a crash would.
    bool seen = false;
    for (int i = 0; i < 20000 && !seen; ++i) {
      auto q = watcher->Query("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'canvass-rollup' AND "
                              "backend_xid IS NOT NULL AND pid <> pg_backend_pid()");
      seen = q.ok() && *(*q)[0][0] != "0";
      if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(seen);
    REQUIRE(Server().Kill());
    pusher.join();
  }
  REQUIRE_FALSE(result.ok());
  INFO(result.status().message());
  CHECK(OneLine(result.status().message()));
  CHECK(result.status().message().find("nothing was stored") != std::string::npos);
  REQUIRE(Server().Start());
  INFO(Server().Log());
  auto admin = Server().Admin();
  REQUIRE(admin);
  CHECK(Total(admin.get()) == 0);
  auto north = ConnectAs(kNorthRole);
  auto retry = Push(north.get(), g, false);
  INFO(retry.status().message());
  REQUIRE(retry.ok());
  CHECK(CountRows(admin.get(), "area_indicators") == 120000);
}

TEST_CASE("a schema of another version is refused in one line") {
  FreshDatabase();
  auto admin = Server().Admin();
  REQUIRE(admin->Exec("UPDATE canvass_rollup.schema_version SET version = 2").ok());
  auto north = ConnectAs(kNorthRole);
  auto r = Push(north.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), false);
  REQUIRE_FALSE(r.ok());
  CHECK(OneLine(r.status().message()));
  CHECK(r.status().message().find("schema version 2, this canvass-cli needs version 1") != std::string::npos);
  CHECK(CountRows(admin.get(), "pushes") == 0);
  // No schema at all: said as such.
  REQUIRE(admin->Exec("DROP SCHEMA canvass_rollup CASCADE").ok());
  auto none = Push(north.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), false);
  REQUIRE_FALSE(none.ok());
  CHECK(OneLine(none.status().message()));
  CHECK(none.status().message().find("has no Canvass rollup schema") != std::string::npos);
}

TEST_CASE("wrong credentials, an unreachable server and a password in the address are one-line errors") {
  FreshDatabase();
  auto bad = rollup::PgConnection::Connect(Server().Url("tf_badpass"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == core::Code::kWrongKey);
  CHECK(OneLine(bad.status().message()));
  CHECK(bad.status().message().find("refused the user name or password") != std::string::npos);
  auto nobody = rollup::PgConnection::Connect(Server().Url("no_such_user"));
  REQUIRE_FALSE(nobody.ok());
  CHECK(nobody.status().code() == core::Code::kWrongKey);
  CHECK(OneLine(nobody.status().message()));
  auto away = rollup::PgConnection::Connect("postgresql:///statewide?host=" + Server().dir() + "/nowhere&port=1&user=tf_north");
  REQUIRE_FALSE(away.ok());
  CHECK(away.status().code() == core::Code::kIOError);
  CHECK(OneLine(away.status().message()));
  CHECK(away.status().message().find("cannot reach the database server") != std::string::npos);
  auto pw = rollup::PgConnection::Connect("postgresql://tf_north:north-pw-1@localhost/statewide");
  REQUIRE_FALSE(pw.ok());
  CHECK(pw.status().message().find("holds a password") != std::string::npos);
  CHECK(pw.status().message().find("north-pw-1") == std::string::npos);
  auto pw2 = rollup::PgConnection::Connect("host=localhost dbname=statewide password=north-pw-1");
  REQUIRE_FALSE(pw2.ok());
  // A login role no task force is registered for may not push.
  auto unlisted = ConnectAs("tf_unlisted");
  auto r = Push(unlisted.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("pushes for no task force") != std::string::npos);
  // --task-force must match the role's.
  auto north = ConnectAs(kNorthRole);
  auto g = MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas);
  g.task_force = kSouthName;
  auto wrong = Push(north.get(), g, false);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message().find("pushes for \"North Task Force\", not \"South Task Force\"") != std::string::npos);
}

}  // namespace canvass::testing
