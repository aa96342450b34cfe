// The roles of rollup/sql/schema.sql on a real server: a task force reads and writes only its
// own rows (row-level security), never another's; the state reads only the views.
#include "rollup/push.h"
#include "rollup_fixture.h"

namespace canvass::testing {

namespace {
const std::vector<AreaSpec> kAreas = {{"48001", 12, 3}, {"48003", 4, 0}};

void PushBoth() {
  auto north = ConnectAs(kNorthRole);
  auto south = ConnectAs(kSouthRole);
  REQUIRE(rollup::Push(north.get(), MakeAggregates("run-0001", "2026-03-01T10:00:00Z", kAreas), false).ok());
  REQUIRE(rollup::Push(south.get(), MakeAggregates("run-0007", "2026-03-02T10:00:00Z", kAreas), false).ok());
}

// The statement fails with "permission denied" or a row-level security refusal.
void Refused(rollup::PgConnection* c, const std::string& sql) {
  auto st = c->Exec(sql);
  INFO(sql);
  REQUIRE_FALSE(st.ok());
  CHECK(OneLine(st.message()));
  CHECK((st.message().find("permission denied") != std::string::npos ||
         st.message().find("row-level security") != std::string::npos));
}
}  // namespace

TEST_CASE("two task forces cannot read or write each other's rows") {
  FreshDatabase();
  PushBoth();
  auto south = ConnectAs(kSouthRole);
  auto admin = Server().Admin();
  // South sees only its own push.
  auto mine = south->Query("SELECT task_force FROM canvass_rollup.pushes");
  REQUIRE(mine.ok());
  REQUIRE(mine->size() == 1);
  CHECK(*(*mine)[0][0] == kSouthName);
  // The data tables and the views are closed to task forces (insert only).
  for (const char* t : {"area_scores", "area_counts", "area_themes", "area_indicators", "current_area_counts",
                        "current_pushes", "push_history", "task_forces", "state_report_shown"})
    Refused(south.get(), std::string("SELECT * FROM canvass_rollup.") + t);
  // Writing rows in North's name, or into North's push, is refused.
  auto north_push = admin->Query("SELECT push_id FROM canvass_rollup.pushes WHERE task_force = 'North Task Force'");
  REQUIRE(north_push.ok());
  const std::string nid = *(*north_push)[0][0];
  Refused(south.get(), "INSERT INTO canvass_rollup.area_counts VALUES (" + nid + ", 'North Task Force', '48009', 'concern', 3, false)");
  Refused(south.get(), "INSERT INTO canvass_rollup.pushes (push_id, task_force, period, run_id, run_created_at, profile_name, level, "
                       "threshold, signing_key, digest, row_count) VALUES (999, 'North Task Force', '2026', 'run-9', 'x', 'p', "
                       "'county', 11, 'k', 'd', 0)");
  // A row in South's own name under North's push id is South's own (invisible) row: the views
  // join on the push and the task force, so it never shows under North's push.
  REQUIRE(south->Exec("INSERT INTO canvass_rollup.area_counts VALUES (" + nid + ", 'South Task Force', '48009', 'concern', 3, false)").ok());
  CHECK(CountRows(admin.get(), "current_area_counts", "area_id = '48009'") == 0);
  // Superseding North's push: no row is visible to update; deleting is not granted.
  auto upd = south->Query("UPDATE canvass_rollup.pushes SET superseded_at = now() WHERE task_force = 'North Task Force' RETURNING push_id");
  REQUIRE(upd.ok());
  CHECK(upd->empty());
  Refused(south.get(), "DELETE FROM canvass_rollup.pushes");
  Refused(south.get(), "UPDATE canvass_rollup.pushes SET run_id = 'x'");
  CHECK(CountRows(admin.get(), "pushes", "superseded_at IS NULL") == 2);
  CHECK(CountRows(admin.get(), "area_counts", "area_id = '48009' AND task_force = 'North Task Force'") == 0);
}

TEST_CASE("the state reads the views and nothing else") {
  FreshDatabase();
  PushBoth();
  auto state = ConnectAs(kStateRole);
  for (const char* v : {"current_pushes", "push_history", "current_area_scores", "current_area_counts", "current_area_themes",
                        "current_area_indicators", "state_report_shown"}) {
    auto r = state->Query(std::string("SELECT * FROM canvass_rollup.") + v);
    INFO(v << ": " << r.status().message());
    CHECK(r.ok());
  }
  auto counts = state->Query("SELECT count(*) FROM canvass_rollup.current_area_counts");
  REQUIRE(counts.ok());
  CHECK(*(*counts)[0][0] == "6");  // both task forces
  for (const char* t : {"pushes", "area_scores", "area_counts", "area_themes", "area_indicators", "task_forces",
                        "state_reports", "state_report_cells"})
    Refused(state.get(), std::string("SELECT * FROM canvass_rollup.") + t);
  Refused(state.get(), "INSERT INTO canvass_rollup.area_counts VALUES (1, 'North Task Force', '48009', 'concern', 3, false)");
  Refused(state.get(), "UPDATE canvass_rollup.pushes SET superseded_at = now()");
  Refused(state.get(), "DELETE FROM canvass_rollup.state_report_cells");
  // A task force's push is refused for the state role (it is no task force).
  auto r = rollup::Push(state.get(), MakeAggregates("run-0002", "2026-05-01T10:00:00Z", kAreas), false);
  CHECK_FALSE(r.ok());
}

}  // namespace canvass::testing
