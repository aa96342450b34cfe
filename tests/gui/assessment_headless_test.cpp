// The Assessment screen drawn headless on the demo workspace: run, select a row, see the
// detail, click the map; the Export tab's GeoJSON and RESTRICTED Stata/SPSS files; the
// Caseload and Guidance tabs; the screen in Spanish.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <fstream>
#include <regex>
#include <sstream>

#include "app/controller.h"
#include "app/demo.h"
#include "app/i18n.h"
#include "assessment/csv_reader.h"
#include "assessment_map.h"
#include "assessment_fixture.h"
#include "geo_fixtures.h"
#include "panels.h"
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

TEST_CASE("headless: run the assessment, select a row, see the detail, click the map", "[gui][headless][assessment]") {
  DemoFx f;
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Unlock(f.demo.workspace, app::kDemoPassphrase);
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
  ui.Unlock(f.demo.workspace, app::kDemoPassphrase);
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

TEST_CASE("headless: the Assessment screen in Spanish - its own words and decimal commas, the report's texts as they are", "[gui][headless][assessment][i18n]") {
  DemoFx f;
  testing::EnglishAfter english;
  f.Open();
  f.c->Apply(cmd::SetUiLanguage{"es"});  // as Settings does
  REQUIRE(app::i18n::Current().lang() == "es");
  testing::Ui ui(*f.c);
  ui.Frames(2);
  std::string shown = ui.ScreenText();
  CHECK(shown.find("Calcular la evaluación") != std::string::npos);  // the Run button
  CHECK(shown.find("Todavía no hay resultados: pulse Calcular la evaluación.") != std::string::npos);
  CHECK(shown.find("Exportar y datos") != std::string::npos);  // a tab
  CHECK(shown.find("Run assessment") == std::string::npos);
  ui.Click("assess_run");
  ui.Wait();
  ui.Frames(2);
  INFO(f.v().error);
  REQUIRE(f.v().has_result);
  CHECK(f.v().message.rfind("Se guardó " + f.v().run_id + ": ", 0) == 0);  // the controller's notice
  ui.Click("assess_row/" + f.v().rows[0].area_id);
  shown = ui.ScreenText();
  INFO(shown.substr(shown.size() > 3000 ? shown.size() - 3000 : 0));  // the detail pane is drawn last
  for (const char* es : {"Posición", "Puntaje", "Factores principales", "Brecha", "zonas clasificadas",
                         "Señales: entrevistas y grupo de trabajo", "Actores que expresan preocupación",
                         "Denuncias", "intervalo del 90 %"})
    CHECK(shown.find(es) != std::string::npos);
  for (const char* en : {"Rank band", "Top drivers", "Stakeholders voicing concern", "Coded themes"})
    CHECK(shown.find(en) == std::string::npos);
  // The area's score the Spanish way ("Puntaje 87,3"), the same number as the view holds.
  std::smatch m;
  const std::regex score_line("Puntaje ([0-9]+,[0-9]); el ([0-9]+) % del peso tiene datos");
  REQUIRE(std::regex_search(shown, m, score_line));
  CHECK(std::stod(std::regex_replace(m[1].str(), std::regex(","), ".")) == Approx(*f.v().detail.score).margin(0.051));
  // The run's notes are the assessment's own (report) texts: English, behind a Spanish "Nota:".
  REQUIRE_FALSE(f.v().notes.empty());
  CHECK(shown.find("Nota") != std::string::npos);
  // The other tabs' own words.
  ui.Click("tab_map");
  CHECK(ui.ScreenText().find("Restablecer la vista") != std::string::npos);
  ui.Click("tab_profile");
  shown = ui.ScreenText();
  CHECK(shown.find("Guardar el perfil") != std::string::npos);
  CHECK(shown.find("los pesos suman") != std::string::npos);
  ui.Click("tab_export");
  CHECK(ui.ScreenText().find("Informe HTML...") != std::string::npos);
  f.Do({cmd::AssessCompare{f.v().run_id}});
  CHECK(f.v().error == app::F("msg.assessment.compare_same", f.v().run_id));
  CHECK(f.v().error.find("elija un cálculo anterior") != std::string::npos);
}

TEST_CASE("headless: the statewide push is on a central file's Export tab, not on a field laptop's", "[gui][headless][assessment]") {
  DemoFx f;
  testing::Ui ui(*f.c);
  ui.Frames(2);
  f.Open();
  ui.Frames(2);
  ui.Click("tab_export");
  ui.Frames(1);
  CHECK(ui.Has("rollup_push"));
  CHECK(ui.Has("rollup_address"));
  CHECK(ui.Has("load_boundaries"));
  auto field = storage::Workspace::Create(f.dir.File("field.canvass"), "field passphrase one", storage::Role::kField, "Field laptop");
  REQUIRE(field.ok());
  field->reset();
  f.c->Apply(cmd::Lock{});
  f.c->Apply(cmd::OpenWorkspace{f.dir.File("field.canvass"), app::Secret("field passphrase one")});
  f.c->WaitIdle();
  REQUIRE(f.c->view().unlocked);
  f.c->Apply(cmd::Navigate{Screen::kAssessment});
  ui.Frames(2);
  ui.Click("tab_export");
  ui.Frames(1);
  CHECK_FALSE(ui.Has("rollup_push"));
  CHECK_FALSE(ui.Has("rollup_address"));
  CHECK(ui.Has("load_boundaries"));  // the rest of the tab is there
}
