// canvass-cli rollup end to end on the demo central file and a real server: setup, push,
// push again, report; and the marker scan: strings planted in interview free text, the
// interviewer's name, the file's path and its device id appear in no table of the database
// and not in the statewide report.
#include <filesystem>

#include "app/demo.h"
#include "rollup_fixture.h"
#include "storage/workspace.h"
#include "test_support.h"

namespace canvass::testing {

namespace {

// Adds final stakeholder interviews like existing ones, with every open-text answer and
// the interviewer's name replaced by markers. Returns the file's device id.
std::string PlantMarkers(const std::string& path, const std::string& text_marker, const std::string& name_marker) {
  auto ws = storage::Workspace::Open(path, app::kDemoPassphrase);
  REQUIRE(ws.ok());
  auto list = (*ws)->ListInterviews();
  REQUIRE(list.ok());
  int planted = 0;
  for (const auto& s : *list) {
    if (s.status != "final" || planted >= 3) continue;
    auto d = (*ws)->GetInterview(s.header.uuid);
    REQUIRE(d.ok());
    auto form = (*ws)->GetForm(s.header.form_id, s.header.form_version);
    REQUIRE(form.ok());
    if (form->kind != "stakeholder_interview") continue;
    storage::NewInterview in;
    in.form_id = s.header.form_id;
    in.form_version = s.header.form_version;
    in.interviewer = name_marker;
    in.respondent_role = s.header.respondent_role;
    in.language = s.header.language;
    for (const auto& [q, cell] : d->answers)
      if (!cell.heads.empty() && !cell.heads[0].value.is_null()) in.answers[q] = cell.heads[0].value;
    for (const auto* q : form->TopLevelQuestions())
      if (q->is_open_text() && in.answers.count(q->id)) in.answers[q->id] = core::Value(text_marker + " " + q->id);
    in.final = true;
    auto added = (*ws)->AddInterview(in);
    if (added.ok()) ++planted;
    else WARN(added.status().message());
  }
  REQUIRE(planted > 0);
  return (*ws)->info().device_id;
}

// Every row of every table in the rollup schema, as text.
std::string DumpDatabase(rollup::PgConnection* admin) {
  auto tables = admin->Query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'canvass_rollup'");
  REQUIRE(tables.ok());
  std::string all;
  for (const auto& t : *tables) {
    auto rows = admin->Query("SELECT t::text FROM canvass_rollup." + *t[0] + " t");
    REQUIRE(rows.ok());
    for (const auto& r : *rows) all += *r[0] + "\n";
  }
  REQUIRE(tables->size() >= 10);
  return all;
}

}  // namespace

TEST_CASE("rollup setup, push, push again and report through canvass-cli - no marker reaches the database") {
  FreshDatabase();
  TempDir tmp;
  const std::string path_marker = "PathMarker7f3c";
  const std::string dir = tmp.File(path_marker);
  app::DemoResult demo;
  REQUIRE(app::BuildDemo(dir, &demo).ok());
  const std::string device = PlantMarkers(demo.workspace, "TextMarker91ab", "NameMarker55de");
  const std::string cli = std::string(CANVASS_CLI) + " ";
  const std::string pass = " --passphrase-file " + demo.passphrase_file;
  const std::string to = " --to '" + Server().Url(kNorthRole) + "'";
  std::string out;
  REQUIRE(Run(cli + "assess " + demo.workspace + " --out " + tmp.File("tf.html") + pass, &out) == 0);
  // No signing key yet: said, nothing pushed.
  CHECK(Run(cli + "rollup push " + demo.workspace + to + pass, &out) == 1);
  CHECK(out.find("rollup setup") != std::string::npos);
  REQUIRE(Run(cli + "rollup setup " + demo.workspace + pass, &out) == 0);
  CHECK(out.find("Made the central file's signing key") != std::string::npos);
  REQUIRE(Run(cli + "rollup setup " + demo.workspace + pass, &out) == 0);
  CHECK(out.find("already has a signing key") != std::string::npos);
  int rc = Run(cli + "rollup push " + demo.workspace + to + " --dry-run" + pass, &out);
  INFO(out);
  REQUIRE(rc == 0);
  CHECK(out.find("Nothing was written") != std::string::npos);
  REQUIRE(Run(cli + "rollup push " + demo.workspace + to + pass, &out) == 0);
  CHECK(out.find("Pushed") != std::string::npos);
  REQUIRE(Run(cli + "rollup push " + demo.workspace + to + pass, &out) == 0);
  CHECK(out.find("Already pushed") != std::string::npos);
  // A password in the address is refused before anything is opened.
  CHECK(Run(cli + "rollup push " + demo.workspace + " --to postgresql://tf_north:secret@localhost/statewide" + pass, &out) == 1);
  CHECK(out.find("holds a password") != std::string::npos);
  CHECK(out.find("secret") == std::string::npos);
  auto admin = Server().Admin();
  CHECK(CountRows(admin.get(), "area_scores") > 200);  // the demo's Texas counties
  CHECK(CountRows(admin.get(), "area_counts", "measure = 'concern' AND value > 0") > 0);
  CHECK(CountRows(admin.get(), "area_indicators") > 1000);
  // The caseload totals, exact, and shown where the task force's report showed them.
  CHECK(CountRows(admin.get(), "area_counts", "area_id = '' AND shown") >= 3);
  // With the real Census adjacency extract and county boundaries (the demo is Texas; the
  // extract is Alabama-Georgia: their counties are all uncovered).
  const std::string geo = std::string(CANVASS_TEST_DATA) + "/geo/";
  REQUIRE(Run(cli + "rollup report --from '" + Server().Url(kStateRole) + "' --out " + tmp.File("state.html") + " --csv " +
                  tmp.File("state.csv") + " --adjacency " + geo + "county_adjacency_2010era.AL-GA.txt --boundaries " + geo +
                  "geojson-counties-fips.subset_AK_CT_SD_TX_VA.json",
              &out) == 0);
  CHECK(out.find("Statewide report") != std::string::npos);
  CHECK(ReadAll(tmp.File("state.csv")).find("uncovered,01001,") != std::string::npos);  // Autauga County, AL
  CHECK(ReadAll(tmp.File("state.html")).find("<svg") != std::string::npos);
  // A password in --from is refused like one in --to.
  CHECK(Run(cli + "rollup report --from 'host=x dbname=y password=secret' --out " + tmp.File("x.html"), &out) == 1);
  CHECK(out.find("holds a password") != std::string::npos);
  CHECK(CountRows(admin.get(), "state_reports") == 1);
  // The marker scan.
  std::string everything = DumpDatabase(admin.get()) + ReadAll(tmp.File("state.html")) + ReadAll(tmp.File("state.csv"));
  for (const std::string& m : {std::string("TextMarker91ab"), std::string("NameMarker55de"), path_marker, device,
                               std::string("Outreach team"), std::string("demo.canvass"), tmp.path()})
    CHECK(everything.find(m) == std::string::npos);
  CHECK(everything.find("North Task Force") != std::string::npos);  // the scan reads real content
  // The file changed since the run: refused until assessed again.
  PlantMarkers(demo.workspace, "TextMarker91ab", "NameMarker55de");
  CHECK(Run(cli + "rollup push " + demo.workspace + to + pass, &out) == 1);
  CHECK(out.find("changed since run-0001") != std::string::npos);
}

}  // namespace canvass::testing
