// Assessment screen: the controller's view against the assessment library on the real demo
// workspace, profile edits and re-runs, run comparison and export; stored boundaries (round
// trip, bad GeoJSON refused); and a headless click-through of the screen. The map's geometry
// is tested in assessment_map_test.cpp.
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

namespace {

struct DemoFx {
  testing::TempDir dir;
  core::FakeClock clock{1'800'000'000'000};
  std::unique_ptr<app::Controller> c;
  app::DemoResult demo;
  DemoFx() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    app::ControllerOptions o;
    o.config_dir = dir.File("config");
    o.clock = &clock;
    c = std::make_unique<app::Controller>(o);
    REQUIRE(app::BuildDemo(dir.File("demo"), &demo, 20).ok());
  }
  const app::AssessmentView& v() { return c->view().assessment; }
  void Open() {
    c->Apply(cmd::OpenWorkspace{demo.workspace, app::Secret(app::kDemoPassphrase)});
    c->WaitIdle();
    REQUIRE(c->view().unlocked);
    c->Apply(cmd::Navigate{Screen::kAssessment});
    REQUIRE(c->view().screen == Screen::kAssessment);
  }
  void Do(cmd::Assessment a) {
    c->Apply(std::move(a));
    c->WaitIdle();
  }
  void Run() {
    Do({cmd::AssessRun{}});
    INFO(v().error);
    REQUIRE(v().has_result);
  }
  // The library's own result on the same workspace, computed without the controller.
  as::AssessmentResult Library(const as::ScoringProfile& profile) {
    c->Apply(cmd::Lock{});
    auto ws = storage::Workspace::Open(demo.workspace, app::kDemoPassphrase);
    REQUIRE(ws.ok());
    storage::IndicatorStore store(ws->get());
    int conflicts = 0;
    auto input = store.LoadSnapshot(&conflicts);
    REQUIRE(input.ok());
    storage::CodingStore coding(ws->get());
    coding::CountOptions rule;  // the project's default: the agreed coding, else any coder
    rule.basis = coding::CountBasis::kConsensusElseAny;
    auto counts = coding.CountCodes(rule);
    auto book = coding.LoadCodebook();
    REQUIRE(counts.ok());
    REQUIRE(book.ok());
    for (const auto& cc : counts->by_area)
      if (book->FindByGuid(cc.code_guid)) input->theme_counts[cc.key][book->PathOf(cc.code_guid)] += cc.interviews;
    as::AssessOptions opt;
    opt.suppression_threshold = *store.SuppressionThreshold();
    auto r = as::Assess(*input, profile, opt);
    REQUIRE(r.ok());
    return *r;
  }
};

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

TEST_CASE("headless: run the assessment, select a row, see the detail, click the map", "[gui][headless][assessment]") {
  DemoFx f;
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Fill("open_path", f.demo.workspace);
  ui.Fill("open_pass", app::kDemoPassphrase);
  ui.Wait();
  REQUIRE(f.c->view().unlocked);
  ui.Frames(1);
  REQUIRE(ui.Has("nav_assessment"));
  ui.Click("nav_assessment");
  REQUIRE(f.c->view().screen == Screen::kAssessment);
  ui.Click("assess_run");
  ui.Wait();
  ui.Frames(2);
  INFO(f.v().error);
  REQUIRE(f.v().has_result);
  const std::string second = f.v().rows[1].area_id;
  REQUIRE(ui.Has("assess_row/" + second));
  ui.Click("assess_row/" + second);
  CHECK(f.v().selected == second);
  CHECK(ui.Has("assess_detail"));
  CHECK(f.v().detail.name == f.v().rows[1].name);

  // The map: click where the top county's internal point is drawn.
  ui.Click("tab_map");
  REQUIRE(ui.Has("assess_map"));
  const auto& geom = ui.state().assessment.geometry;
  REQUIRE(geom.shapes.size() == 254);
  const std::string top = f.v().rows[0].area_id;
  auto points = testing::TexasInternalPoints();
  REQUIRE(points.count(top));
  MapPt p{points[top].x * geom.kx, points[top].y};
  REQUIRE(gui::g_item_probe);
  auto [mn, mx] = gui::g_item_probe->items.at("assess_map");
  gui::MapFit fit(geom, mn.x, mn.y, mx.x - mn.x - gui::MapLegendWidth(), mx.y - mn.y);
  float sx = 0, sy = 0;
  fit.ToScreen(p, &sx, &sy);
  p = fit.ToMap(sx = std::floor(sx), sy = std::floor(sy));  // ImGui floors the mouse position
  ui.ClickAt(ImVec2(sx, sy));
  CHECK(f.v().selected == top);
  CHECK(ui.Has("map_reset"));

  // Zoom: three wheel notches over the top county keep it under the cursor.
  gui::MapView& view = ui.state().assessment.map_view;
  CHECK(view.fitted());
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheel = 3;
  ui.Frame();
  io.MouseWheel = 0;
  ui.Frame();
  CHECK(view.zoom == Approx(std::pow(1.25, 3)));
  gui::MapFit zoomed(geom, fit.x0, fit.y0, fit.w, fit.h, view);
  float zx = 0, zy = 0;
  zoomed.ToScreen(p, &zx, &zy);
  CHECK(zx == Approx(sx).margin(0.01));
  CHECK(zy == Approx(sy).margin(0.01));

  // A drag pans by the mouse's travel and selects nothing, even when released on a county.
  f.c->Apply(cmd::Assessment{cmd::AssessSelect{second}});
  io.MouseDown[0] = true;
  ui.Frame();
  for (int k = 1; k <= 4; ++k) {
    io.MousePos = ImVec2(sx - 15.f * k, sy + 10.f * k);
    ui.Frame();
  }
  io.MouseDown[0] = false;
  ui.Frames(2);
  CHECK(f.v().selected == second);
  zoomed = gui::MapFit(geom, fit.x0, fit.y0, fit.w, fit.h, view);
  zoomed.ToScreen(p, &zx, &zy);
  CHECK(zx == Approx(sx - 60).margin(0.01));
  CHECK(zy == Approx(sy + 40).margin(0.01));

  // A click on Frio County where the zoomed, panned map draws it selects Frio.
  REQUIRE(points.count("48163"));
  zoomed.ToScreen({points["48163"].x * geom.kx, points["48163"].y}, &zx, &zy);
  ui.ClickAt(ImVec2(zx, zy));
  CHECK(f.v().selected == "48163");
  CHECK_FALSE(view.fitted());

  // Reset view returns to fit-all; so does a double-click.
  REQUIRE(ui.Has("map_reset"));
  ui.Click("map_reset");
  CHECK(view.fitted());
  io.MousePos = ImVec2(sx, sy);
  io.MouseWheel = 1;
  ui.Frame();
  io.MouseWheel = 0;
  CHECK(view.zoom == Approx(1.25));
  ui.ClickAt(ImVec2(sx, sy));
  ui.ClickAt(ImVec2(sx, sy));
  CHECK(view.fitted());
  CHECK(f.v().selected == top);

  // Profile: open the first factor, drag its weight to the top, save.
  ui.Click("tab_profile");
  REQUIRE(ui.Has("factor/0"));
  ui.Click("factor/0");
  REQUIRE(ui.Has("weight"));
  auto [wmn, wmx] = gui::g_item_probe->items.at("weight");
  ui.ClickAt(ImVec2(wmx.x - 2, (wmn.y + wmx.y) / 2));
  CHECK(ui.state().assessment.profile.factors[0].weight > 0.95);
  CHECK(ui.state().assessment.profile_dirty);

  // Pick an indicator the workspace holds: the filter narrows the list, a row adds it.
  const auto& measures = ui.state().assessment.profile.factors[0].measures;
  for (const auto& m : measures)  // a measure the workspace lacks is marked
    CHECK(ui.Has("not_loaded/" + m.indicator) == (app::FindMeasurable(f.v().measurable, m.indicator) < 0));
  std::string pick, other = "tf.tips_count";  // the filter (pick's id) does not match other
  for (const auto& m : f.v().measurable)
    if (!m.derived && pick.empty()) pick = m.id;
  REQUIRE_FALSE(pick.empty());
  REQUIRE(app::FindMeasurable(f.v().measurable, other) >= 0);
  const size_t before = measures.size();
  ui.Click("pick_indicator");
  REQUIRE(ui.Has("pick_filter"));
  CHECK(ui.Has("pick/" + other));
  ui.Type(pick);
  CHECK(ui.Has("pick/" + pick));
  CHECK_FALSE(ui.Has("pick/" + other));
  ui.Click("pick/" + pick);
  CHECK_FALSE(ui.Has("pick_filter"));  // closed
  REQUIRE(measures.size() == before + 1);
  CHECK(measures.back().indicator == pick);
  CHECK_FALSE(ui.Has("not_loaded/" + pick));
  // And a code from the codebook.
  REQUIRE_FALSE(f.v().theme_codes.empty());
  const std::string code = f.v().theme_codes.back();
  ui.Click("pick_code");
  CHECK(ui.Has("pick_code/" + f.v().theme_codes.front()));
  ui.Type(code);  // the last code may be scrolled out of sight: filter to it
  CHECK_FALSE(ui.Has("pick_code/" + f.v().theme_codes.front()));
  REQUIRE(ui.Has("pick_code/" + code));
  ui.Click("pick_code/" + code);
  const std::string& codes = ui.state().assessment.codes_text[0];
  CHECK(codes.size() > code.size());
  CHECK(codes.compare(codes.size() - code.size(), code.size(), code) == 0);

  ui.Click("prof_save");
  INFO(f.v().error);
  CHECK(f.v().profile_custom);
  CHECK(f.v().profile.factors[0].weight > 0.95);
  CHECK(f.v().profile.factors[0].measures.back().indicator == pick);
  CHECK(f.v().profile.factors[0].codes.back() == code);

  // Runs and export tabs.
  ui.Click("tab_runs");
  CHECK(ui.Has("compare/run-0001"));
  // Export through the file chooser: it opens with a name in the name field, selected, so
  // typing replaces it; Enter writes.
  ui.Click("tab_export");
  const std::string csv = f.dir.File("ui-scores.csv");
  ui.Click("export_csv");
  REQUIRE(ui.Has("fc_name"));
  gui::FileChooser& chooser = ui.state().assessment.chooser;
  CHECK(chooser.name == "assessment-" + f.v().run_id + ".csv");
  ui.Type(csv);
  ui.Key(ImGuiKey_Enter);
  INFO(chooser.error());
  CHECK_FALSE(ui.Has("fc_name"));
  REQUIRE(core::FileExists(csv));
  struct stat st {};
  REQUIRE(stat(csv.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(testing::ReadText(csv).find(f.v().rows[0].area_id) != std::string::npos);
  // The same file again: the chooser starts in its folder and asks; "Keep it" writes nothing.
  testing::WriteAll(csv, "sentinel");
  ui.Click("export_csv");
  CHECK(chooser.dir() == gui::NormalPath(f.dir.path()));
  CHECK(ui.Has("fc_file/ui-scores.csv"));
  ui.Type("ui-scores");  // the extension is added
  ui.Key(ImGuiKey_Enter);
  REQUIRE(ui.Has("fc_replace"));
  ui.Click("fc_keep");
  CHECK(testing::ReadText(csv) == "sentinel");
  REQUIRE(ui.Has("fc_ok"));
  ui.Click("fc_ok");
  REQUIRE(ui.Has("fc_replace"));
  ui.Click("fc_replace");
  CHECK_FALSE(ui.Has("fc_name"));
  CHECK(testing::ReadText(csv).find(f.v().rows[0].area_id) != std::string::npos);
  // Cancel writes nothing.
  ui.Click("export_html");
  REQUIRE(ui.Has("fc_cancel"));
  ui.Click("fc_cancel");
  CHECK_FALSE(ui.Has("fc_name"));
  CHECK_FALSE(core::FileExists(f.dir.File("assessment-" + f.v().run_id + ".html")));

  // Boundaries: type the folder, see only GeoJSON/JSON files, pick one, open.
  const uint64_t version = f.v().boundaries_version;
  ui.Click("load_boundaries");
  REQUIRE(ui.Has("fc_dir_field"));
  ui.Click("fc_dir_field");
  ui.Type(std::string(CANVASS_TEST_DATA) + "/geo");
  ui.Key(ImGuiKey_Enter);
  const std::string geo = "geojson-counties-fips.subset_AK_CT_SD_TX_VA.json";
  REQUIRE(ui.Has("fc_file/" + geo));
  CHECK_FALSE(ui.Has("fc_file/2016_Gaz_counties_national.txt"));
  ui.Click("fc_file/" + geo);
  CHECK(chooser.name == geo);
  ui.Click("fc_ok");
  INFO(f.v().error);
  CHECK(f.v().boundaries_version == version + 1);
  CHECK(*f.v().boundaries == testing::CountySubset());

  // The profile as a file, chosen the same way.
  ui.Click("tab_profile");
  REQUIRE(ui.Has("prof_write"));
  ui.Click("prof_write");
  ui.Type(f.dir.File("ui-profile"));
  ui.Key(ImGuiKey_Enter);
  auto written = as::ScoringProfile::FromJson(testing::ReadText(f.dir.File("ui-profile.json")), "ui-profile.json");
  REQUIRE(written.ok());
  CHECK(written->factors[0].measures.back().indicator == pick);
  // Save as file writes what the editor shows, unsaved edits included; the workspace keeps its own.
  const std::string saved_name = f.v().profile.name;
  const double saved_weight = f.v().profile.factors[0].weight;
  ui.state().assessment.profile.name = "Unsaved name";
  ui.state().assessment.profile.factors[0].weight = 0.25;
  ui.state().assessment.codes_text[0] = "typed-only-code";
  ui.state().assessment.profile_dirty = true;
  ui.Frames(1);  // the "Unsaved changes" line moves the button down
  ui.Click("prof_write");
  REQUIRE(ui.Has("fc_name"));
  ui.Type(f.dir.File("ui-edited"));
  ui.Key(ImGuiKey_Enter);
  ui.Frames(2);
  INFO(f.v().error);
  REQUIRE(core::FileExists(f.dir.File("ui-edited.json")));
  auto edited = as::ScoringProfile::FromJson(testing::ReadText(f.dir.File("ui-edited.json")), "ui-edited.json");
  REQUIRE(edited.ok());
  CHECK(edited->name == "Unsaved name");
  CHECK(edited->factors[0].weight == 0.25);
  REQUIRE(edited->factors[0].codes.size() == 1);
  CHECK(edited->factors[0].codes[0] == "typed-only-code");
  CHECK(f.v().message.find("as the editor shows it") != std::string::npos);
  CHECK(f.v().profile.name == saved_name);
  CHECK(f.v().profile.factors[0].weight == saved_weight);
  CHECK(ui.state().assessment.profile_dirty);

  // Lock wipes the screen's state.
  ui.Ctrl('L');
  CHECK_FALSE(f.c->view().unlocked);
  CHECK(ui.state().assessment.geometry.empty());
  CHECK_FALSE(f.c->view().assessment.has_result);
}

TEST_CASE("headless: GeoJSON map and RESTRICTED Stata/SPSS files from the Export tab", "[gui][headless][assessment]") {
  DemoFx f;
  f.Open();
  // The controller refuses restricted files unless the user confirmed who they are for.
  f.Do({cmd::AssessExportMicrodata{f.dir.File("unconfirmed"), false, false, ""}});
  CHECK(f.v().error.find("data-use agreement") != std::string::npos);
  CHECK_FALSE(core::FileExists(f.dir.File("unconfirmed")));

  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Click("nav_assessment");
  ui.Click("assess_run");
  ui.Wait();
  ui.Frames(2);
  REQUIRE(f.v().has_result);
  ui.Click("tab_export");
  gui::FileChooser& chooser = ui.state().assessment.chooser;
  // GeoJSON of the run: one feature per county of the demo's boundaries.
  const std::string geo = f.dir.File("ui-map.geojson");
  ui.Click("export_geojson");
  REQUIRE(ui.Has("fc_name"));
  ui.Type(geo);
  ui.Key(ImGuiKey_Enter);
  INFO(f.v().error);
  auto doc = core::ParseJson(testing::ReadText(geo), "ui-map.geojson");
  REQUIRE(doc.ok());
  CHECK(doc->Find("features")->as_array().size() == 254);
  CHECK(f.v().message.find("GeoJSON map of " + f.v().run_id) == 0);

  // Stata: the buttons do nothing until the box is ticked.
  ui.Click("export_stata");
  CHECK_FALSE(ui.Has("fc_name"));
  ui.Click("microdata_ok");
  REQUIRE(ui.state().assessment.microdata_confirmed);
  const std::string partner = f.dir.File("partner");
  REQUIRE(core::MakePrivateDirs(partner).ok());
  ui.Click("export_stata");
  REQUIRE(ui.Has("fc_dir_field"));
  CHECK(chooser.mode() == gui::FileChooser::Mode::kFolder);
  ui.Click("fc_dir_field");
  ui.Type(partner);
  ui.Key(ImGuiKey_Enter);
  ui.Click("fc_ok");
  ui.Frames(1);
  INFO(f.v().error);
  CHECK(f.v().message.find("RESTRICTED: ") == 0);
  const auto files = testing::ListDir(partner);
  CHECK(std::count(files.begin(), files.end(), "RESTRICTED-README.txt") == 1);
  CHECK(std::count(files.begin(), files.end(), "RESTRICTED-outreach_provider.dta") == 1);
  for (const auto& name : files) CHECK(name.rfind("RESTRICTED-", 0) == 0);
  // SPSS into a folder with the shareable tables is refused, nothing written.
  const std::string shared = f.dir.File("shared");
  REQUIRE(core::MakePrivateDirs(shared).ok());
  testing::WriteAll(shared + "/areas.csv", "area_id\n");
  f.Do({cmd::AssessExportMicrodata{shared, true, true, ""}});
  CHECK(f.v().error.find("holds the shareable tables") != std::string::npos);
  CHECK(testing::ListDir(shared) == std::vector<std::string>{"areas.csv"});
}

TEST_CASE("headless: the Caseload and Guidance tabs show the task force's numbers and every consideration", "[gui][headless][assessment]") {
  DemoFx f;
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Fill("open_path", f.demo.workspace);
  ui.Fill("open_pass", app::kDemoPassphrase);
  ui.Wait();
  REQUIRE(f.c->view().unlocked);
  ui.Frames(1);
  ui.Click("nav_assessment");
  ui.Click("tab_caseload");
  CHECK_FALSE(ui.Has("caseload_body"));  // no result yet: says so
  ui.Click("assess_run");
  ui.Wait();
  ui.Frames(2);
  REQUIRE(f.v().has_result);
  // The same tables as canvass-cli caseload: the four totals, every table adding up.
  REQUIRE(f.v().caseload_totals.size() == 4);
  CHECK(f.v().caseload_totals[0].first == "victims who received services");
  bool by_year = false;
  for (const auto& t : f.v().caseload) {
    if (t.title != "Victims who received services, by year") continue;
    by_year = true;
    double sum = 0;
    for (const auto& [k, val] : t.rows) sum += std::stod(val);
    CHECK(sum == Approx(std::stod(t.total)));
    CHECK(t.total == f.v().caseload_totals[0].second);
    CHECK(t.rows.front().first == "2023");
  }
  CHECK(by_year);
  CHECK_FALSE(f.v().caseload_notes.empty());  // the demo's duplicate sheet is left out, and said so
  ui.Click("tab_caseload");
  ui.Frames(1);
  CHECK(ui.Has("caseload_body"));
  // Every consideration of the guidance, answered or "no data yet" with how to add it.
  REQUIRE(f.v().guidance.size() >= 30);
  int with = 0, without = 0;
  for (const auto& g : f.v().guidance) {
    if (g.has_data) ++with;
    else {
      ++without;
      CHECK_FALSE(g.how_to_add.empty());
    }
    CHECK(g.status.find("served_by_") == std::string::npos);  // table titles, not ids
  }
  CHECK(with > 10);
  CHECK(without > 0);
  ui.Click("tab_guidance");
  ui.Frames(1);
  CHECK(ui.Has("guidance_body"));
}
