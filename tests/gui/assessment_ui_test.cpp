// Assessment screen: the controller's view against the assessment library on the real demo
// workspace, profile edits and re-runs, run comparison and export; stored boundaries (round
// trip, bad GeoJSON refused); and a headless click-through of the screen. The map's geometry
// is tested in assessment_map_test.cpp, the screen drawn headless in assessment_headless_test.cpp.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <fstream>
#include <sstream>

#include "app/controller.h"
#include "app/demo.h"
#include "assessment/csv_reader.h"
#include "assessment_map.h"
#include "assessment_fixture.h"
#include "geo_fixtures.h"
#include "core/crypto_util.h"
#include "core/file_util.h"
#include "storage/coding_store.h"
#include "storage/indicator_store.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;
using gui::MapPt;
using app::Screen;
namespace cmd = app::cmd;
namespace as = assessment;

using testing::DemoFx;

namespace {

void SameRanking(const std::vector<app::AssessRow>& rows, const as::AssessmentResult& r) {
  REQUIRE(rows.size() == r.areas.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i);
    CHECK(rows[i].area_id == r.areas[i].id);
    CHECK(rows[i].rank == r.areas[i].rank);
    CHECK(rows[i].rank_lo == r.areas[i].rank_lo);
    CHECK(rows[i].rank_hi == r.areas[i].rank_hi);
    REQUIRE(rows[i].score.has_value() == r.areas[i].composite.has_value());
    if (rows[i].score) CHECK(*rows[i].score == Approx(*r.areas[i].composite).epsilon(1e-12));
  }
}

// Withheld, unknown, at least the threshold, or an apportioned estimate (one decimal: a share
// of a whole sheet's figure, docs/assessment.md).
bool IsSuppressedOrLarge(const std::string& text, int threshold) {
  if (text == "withheld" || text == "n/a") return true;
  if (text.find('.') != std::string::npos) return true;
  return !text.empty() && std::stod(text) >= threshold;
}

}  // namespace

TEST_CASE("assessment view: ranked table equals the library, detail, suppression", "[gui][assessment]") {
  DemoFx f;
  f.Open();
  CHECK(f.v().profile.name == as::DefaultProfile().name);
  CHECK_FALSE(f.v().profile_custom);
  REQUIRE(f.v().boundaries);
  CHECK(f.v().boundaries_name.find("Census") != std::string::npos);  // stored by the demo
  CHECK(f.v().runs.empty());
  f.Run();
  CHECK(f.v().run_id == "run-0001");
  REQUIRE(f.v().runs.size() == 1);
  CHECK(f.v().ranked > 200);
  std::vector<app::AssessRow> rows = f.v().rows;

  // Select the top area: the detail lists every factor with its indicators.
  const std::string top = rows[0].area_id;
  f.Do({cmd::AssessSelect{top}});
  const app::AreaDetail d = f.v().detail;  // a copy: the view changes below
  CHECK(f.v().selected == top);
  CHECK(d.name == rows[0].name);
  REQUIRE(d.factors.size() == as::DefaultProfile().factors.size());
  double contributions = 0;
  size_t lines = 0;
  for (const auto& fd : d.factors) {
    contributions += fd.contribution;
    lines += fd.indicators.size();
    for (const auto& l : fd.indicators) CHECK_FALSE(l.status.empty());
  }
  CHECK(lines > 0);
  CHECK(contributions == Approx(*rows[0].score).margin(0.05));
  CHECK(d.uncertainty.find("rank 1") != std::string::npos);
  for (const auto& [k, val] : d.signals)
    if (k.find("concern") != std::string::npos || k == "Tips") CHECK(IsSuppressedOrLarge(val, f.v().threshold));
  for (const auto& [k, val] : d.themes) CHECK(IsSuppressedOrLarge(val, f.v().threshold));
  f.Do({cmd::AssessSelect{"99999"}});
  CHECK(f.v().error.find("No area") != std::string::npos);
  CHECK(f.v().selected.empty());

  // The same numbers as the library, computed independently.
  as::AssessmentResult lib = f.Library(as::DefaultProfile());
  SameRanking(rows, lib);
  const as::AreaResult* a = lib.Find(top);
  REQUIRE(a);
  for (size_t i = 0; i < a->factors.size(); ++i) CHECK(d.factors[i].contribution == Approx(a->factors[i].contribution));
}

TEST_CASE("assessment view: an edited weight is kept and re-scores like the library - compare and export", "[gui][assessment]") {
  DemoFx f;
  f.Open();
  f.Run();
  std::vector<app::AssessRow> before = f.v().rows;
  as::ScoringProfile p = f.v().profile;
  p.name = "poverty-heavy";
  REQUIRE(p.factors.size() > 2);
  p.factors[0].weight = 1.0;
  for (size_t i = 1; i < p.factors.size(); ++i) p.factors[i].weight *= 0.25;
  f.Do({cmd::AssessSetProfile{p}});
  INFO(f.v().error);
  CHECK(f.v().profile_custom);
  CHECK(f.v().profile.factors[0].weight == 1.0);
  f.Run();
  CHECK(f.v().run_id == "run-0002");
  std::vector<app::AssessRow> after = f.v().rows;
  bool moved = false;
  for (size_t i = 0; i < after.size(); ++i) moved = moved || after[i].area_id != before[i].area_id;
  CHECK(moved);

  // Compare with the first run: moves with reasons naming the weight change.
  f.Do({cmd::AssessCompare{"run-0001"}});
  CHECK(f.v().compare_run == "run-0001");
  REQUIRE_FALSE(f.v().moves.empty());
  bool weight_line = false;
  for (const auto& l : f.v().compare_lines) weight_line = weight_line || l.find("weight of " + p.factors[0].id) != std::string::npos;
  CHECK(weight_line);
  size_t explained = 0;
  for (const auto& m : f.v().moves) {
    CHECK(m.before != m.after);
    explained += !m.why.empty();
  }
  CHECK(explained == f.v().moves.size());  // every move has its reason from CompareRuns
  std::vector<app::MoveRow> moves = f.v().moves;
  f.Do({cmd::AssessCompare{"run-0002"}});  // the run shown
  CHECK(f.v().error.find("earlier run") != std::string::npos);

  // Export: HTML report and CSV, 0600; a bad path changes nothing and says why.
  const std::string html = f.dir.File("report.html"), csv = f.dir.File("scores.csv");
  f.Do({cmd::AssessExport{html, false}});
  f.Do({cmd::AssessExport{csv, true}});
  struct stat st {};
  REQUIRE(stat(html.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(testing::ReadText(html).find("<svg") != std::string::npos);
  CHECK(testing::ReadText(csv).find(after[0].area_id) != std::string::npos);
  f.Do({cmd::AssessExport{f.dir.File("no/such/dir/r.html"), false}});
  CHECK_FALSE(f.v().error.empty());

  // The stored profile survives a lock, and the library with it gives the same scores.
  f.c->Apply(cmd::Lock{});
  f.Open();
  CHECK(f.v().profile.name == "poverty-heavy");
  CHECK(f.v().profile.factors[0].weight == 1.0);
  // Without a run in this session, Compare measures against the newest saved run: the same moves.
  REQUIRE(f.v().runs.size() == 2);
  CHECK(f.v().runs[0].run_id == "run-0002");
  f.Do({cmd::AssessCompare{"run-0001"}});
  INFO(f.v().error);
  REQUIRE(f.v().moves.size() == moves.size());
  for (size_t i = 0; i < moves.size(); ++i) {
    CHECK(f.v().moves[i].area_id == moves[i].area_id);
    CHECK(f.v().moves[i].why == moves[i].why);
  }
  SameRanking(after, f.Library(p));
}

TEST_CASE("assessment view: the profile editor lists the workspace's indicators, the derived ones and the codes", "[gui][assessment]") {
  DemoFx f;
  f.Open();
  INFO(f.v().measurable_error);
  CHECK(f.v().measurable_error.empty());
  CHECK(f.v().indicators_listed);
  const std::vector<app::MeasurableItem> items = f.v().measurable;
  const std::vector<std::string> codes = f.v().theme_codes;
  REQUIRE(items.size() > app::DerivedIndicators().size());
  REQUIRE_FALSE(codes.empty());
  for (size_t i = 1; i < items.size(); ++i) CHECK(items[i - 1].id < items[i].id);
  for (const auto& d : app::DerivedIndicators()) {
    int i = app::FindMeasurable(items, d.id);
    REQUIRE(i >= 0);
    CHECK(items[static_cast<size_t>(i)].derived);
  }
  CHECK(app::FindMeasurable(items, "no.such_indicator") == -1);
  f.Do({cmd::AssessListMeasurable{}});  // Reload lists: the same
  CHECK(f.v().measurable.size() == items.size());
  CHECK(f.v().message.find("Listed " + std::to_string(items.size())) == 0);

  // The stored ones are exactly what the store lists; the codes are the codebook's paths.
  as::AssessmentResult lib = f.Library(as::DefaultProfile());  // locks
  {
    auto ws = storage::Workspace::Open(f.demo.workspace, app::kDemoPassphrase);
    REQUIRE(ws.ok());
    auto listed = storage::IndicatorStore(ws->get()).ListIndicators();
    REQUIRE(listed.ok());
    size_t stored = 0;
    for (const auto& s : *listed) {
      INFO(s.indicator_id);
      int i = app::FindMeasurable(items, s.indicator_id);
      REQUIRE(i >= 0);
      const auto& m = items[static_cast<size_t>(i)];
      CHECK_FALSE(m.derived);
      CHECK(m.unit == s.unit);
      CHECK(m.source_kind == s.source_kind);
      CHECK(m.periods == s.periods);
      CHECK(m.areas == s.areas);
      ++stored;
    }
    size_t derived = 0;
    for (const auto& m : items) derived += m.derived;
    CHECK(stored + derived == items.size());
    auto book = storage::CodingStore(ws->get()).LoadCodebook();
    REQUIRE(book.ok());
    std::vector<std::string> paths;
    for (const auto* c : book->InTreeOrder()) paths.push_back(book->PathOf(c->guid));
    CHECK(paths == codes);
  }

  // Every indicator that gives an area a percentile is listed; every measure of the profile
  // marked "not loaded" gives no area one (why its factor scores "no data").
  std::set<std::string> scored;
  for (const auto& a : lib.areas)
    for (const auto& c : a.indicators)
      if (c.percentile) scored.insert(lib.indicators[static_cast<size_t>(c.indicator)].id);
  REQUIRE_FALSE(scored.empty());
  for (const auto& id : scored) {
    INFO(id);
    CHECK(app::FindMeasurable(items, id) >= 0);
  }
  int loaded = 0, not_loaded = 0;
  for (const auto& factor : as::DefaultProfile().factors)
    for (const auto& m : factor.measures) {
      INFO(m.indicator);
      bool listed = app::FindMeasurable(items, m.indicator) >= 0;
      (listed ? loaded : not_loaded) += 1;
      if (!listed) CHECK_FALSE(scored.count(m.indicator));
    }
  CHECK(loaded > 0);
  CHECK(not_loaded > 0);  // the demo has no QCEW, OFLC or WHD data
}

TEST_CASE("boundaries: stored round trip - bad GeoJSON refused with nothing stored", "[gui][assessment][storage]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  auto ws = storage::Workspace::Create(dir.File("w.canvass"), "correct horse battery staple", storage::Role::kCentral, "T");
  REQUIRE(ws.ok());
  CHECK((*ws)->GetBoundaries().status().code() == core::Code::kNotFound);
  int n = 0;
  REQUIRE((*ws)->SetBoundaries(testing::CountySubset(), "subset.json", &n).ok());
  CHECK(n > 300);
  auto b = (*ws)->GetBoundaries();
  REQUIRE(b.ok());
  CHECK(b->geojson == testing::CountySubset());
  CHECK(b->name == "subset.json");
  const char* bad[] = {
      "{\"type\":\"FeatureCollection\",\"features\":[",                                               // not JSON
      "{\"type\":\"Feature\"}",                                                                        // not a collection
      "{\"type\":\"FeatureCollection\",\"features\":[]}",                                              // empty
      "{\"type\":\"FeatureCollection\",\"features\":[{\"id\":\"48001\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}",
      "{\"type\":\"FeatureCollection\",\"features\":[{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}",
      "{\"type\":\"FeatureCollection\",\"features\":[{\"id\":\"1\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}}]}",
      "{\"type\":\"FeatureCollection\",\"features\":[{\"id\":\"1\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[500,0],[1,1],[0,0]]]}}]}",
  };
  for (const char* text : bad) {
    INFO(text);
    core::Status st = (*ws)->SetBoundaries(text, "bad.json", &n);
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("bad.json") != std::string::npos);
    CHECK(st.message().find('\n') == std::string::npos);
    CHECK((*ws)->GetBoundaries()->geojson == testing::CountySubset());  // unchanged
  }
  CHECK_FALSE(storage::ValidateBoundaries(std::string(storage::kMaxBoundariesBytes + 1, ' '), "big").ok());
}

TEST_CASE("boundaries: the GUI command stores a file and refuses a bad one", "[gui][assessment]") {
  DemoFx f;
  f.Open();
  uint64_t version = f.v().boundaries_version;
  const std::string bad = f.dir.File("bad.geojson");
  testing::WriteAll(bad, "{\"type\":\"FeatureCollection\",\"features\":[{\"id\":\"x\"}]}");
  f.Do({cmd::AssessLoadBoundaries{bad}});
  CHECK(f.v().error.find("feature 1") != std::string::npos);
  CHECK(f.v().boundaries_version == version);
  CHECK(f.v().boundaries_name.find("Census") != std::string::npos);
  const std::string good = std::string(CANVASS_TEST_DATA) + "/geo/geojson-counties-fips.subset_AK_CT_SD_TX_VA.json";
  f.Do({cmd::AssessLoadBoundaries{good}});
  INFO(f.v().error);
  CHECK(f.v().boundaries_version == version + 1);
  CHECK(*f.v().boundaries == testing::CountySubset());
  f.c->Apply(cmd::Lock{});
  auto ws = storage::Workspace::Open(f.demo.workspace, app::kDemoPassphrase);
  REQUIRE(ws.ok());
  CHECK((*ws)->GetBoundaries()->name == good);
}
