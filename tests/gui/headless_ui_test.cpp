// Headless UI tests: the real panels drawn without a window, driven by injected mouse and
// keys; results are checked in the workspace file afterwards.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "app/controller.h"
#include "app/demo.h"
#include "core/file_util.h"
#include "core/crypto_util.h"
#include "test_support.h"
#include "ui_harness.h"
#include "gui_fonts.h"
#include "gui_util.h"

using namespace canvass;
using app::Screen;

namespace {

constexpr const char* kPass = "correct horse battery staple";

struct Fixture {
  testing::TempDir dir;
  core::FakeClock clock{1'800'000'000'000};
  std::unique_ptr<app::Controller> c;
  Fixture() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    app::ControllerOptions o;
    o.config_dir = dir.File("config");
    o.clock = &clock;
    c = std::make_unique<app::Controller>(o);
  }
};

void CreateThroughUi(testing::Ui& ui, const std::string& path) {
  ui.Frames(2);
  ui.Click("mode_create");
  ui.Fill("new_path", path);
  ui.Fill("new_name", "Test Task Force");
  ui.Fill("new_pass", kPass);
  ui.Fill("new_pass2", kPass);  // Enter in the last field creates
  ui.Wait();
  ui.Frames(2);
}

void StartOutreach(testing::Ui& ui, const app::Controller& c) {
  ui.Click("nav_runner");
  int index = -1;
  const auto& forms = c.view().start.forms;
  for (size_t i = 0; i < forms.size(); ++i)
    if (forms[i]->id == "outreach_provider") index = static_cast<int>(i);
  REQUIRE(index >= 0);
  ui.Click("start_form");
  ui.Click("start_form/" + std::to_string(index));
  INFO("form index " << ui.state().start.form << " want " << index);
  CHECK(ui.state().start.form == index);
  ui.Click("start_interviewer");
  ui.Type("Ana");
  CHECK(ui.state().start.interviewer == "Ana");
  ui.Click("start");
}

std::string SectionId(const app::Controller& c) {
  const auto& r = c.view().runner;
  return r.form->sections[r.section].id;
}

}  // namespace

TEST_CASE("headless: create, run an interview with skip logic, resume, finalize, reopen", "[gui][headless]") {
  Fixture f;
  testing::Ui ui(*f.c);
  const std::string path = f.dir.File("tf.canvass");
  CreateThroughUi(ui, path);
  REQUIRE(f.c->view().unlocked);
  REQUIRE(f.c->view().screen == Screen::kHome);

  StartOutreach(ui, *f.c);
  INFO("error: " << f.c->view().error << " interviewer buffer: " << ui.state().start.interviewer);
  REQUIRE(f.c->view().screen == Screen::kRunner);
  REQUIRE(SectionId(*f.c) == "consent_section");  // consent first
  const std::string uuid = f.c->view().runner.uuid;

  // The consent constraint refuses "no"; the message is shown at the question.
  ui.Click("consent/no");
  CHECK(f.c->view().runner.save_errors.count("consent") == 1);
  ui.Click("consent/yes");
  CHECK(f.c->view().runner.save_errors.count("consent") == 0);
  CHECK(f.c->view().runner.answers.at("consent") == core::Value(true));

  ui.Click("next");
  REQUIRE(SectionId(*f.c) == "respondent");
  CHECK_FALSE(ui.Has("org_type_other"));  // skip logic: only for "other"
  ui.Click("org_type/other");
  CHECK(ui.Has("org_type_other"));
  ui.Fill("org_type_other", "Mobile clinic");

  // Finalize is only on the review page: there the required "concern" is missing, Finalize is
  // off with the reason beside it, and the row goes back to the question.
  CHECK_FALSE(ui.Has("finalize"));
  ui.Click("review");
  REQUIRE(ui.Has("review_finalize"));
  CHECK(ui.Has("review_why"));
  CHECK(ui.state().runner.review_missing >= 1);
  ui.Click("review_finalize");  // disabled: nothing happens
  CHECK(f.c->view().runner.status == "draft");
  ui.Click("review/q/concern");
  CHECK(SectionId(*f.c) == "concern_section");
  CHECK_FALSE(ui.Has("review_finalize"));

  ui.Click("concern/no");
  CHECK(ui.Has("no_concern_reason"));
  CHECK_FALSE(ui.Has("concern_areas/search"));
  ui.Fill("no_concern_reason", "We have not seen signs of it.", true);
  CHECK(f.c->view().runner.answers.at("no_concern_reason") == core::Value("We have not seen signs of it."));

  // Switch to Spanish mid-interview: the answers stay.
  ui.Click("lang_es");
  CHECK(f.c->view().runner.language == "es");
  CHECK(f.c->view().runner.answers.at("org_type_other") == core::Value("Mobile clinic"));

  // Next skips the two sections hidden by concern = no.
  ui.Click("next");
  CHECK(SectionId(*f.c) == "barriers_and_instability");
  ui.Ctrl(ImGui::GetIO().KeyMap[ImGuiKey_PageUp]);  // Ctrl+PgUp: back
  CHECK(SectionId(*f.c) == "concern_section");

  // Save and close, then resume the draft from Home.
  ui.Click("close");
  REQUIRE(f.c->view().screen == Screen::kHome);
  REQUIRE(ui.Has("resume/" + uuid));
  ui.Click("resume/" + uuid);
  REQUIRE(f.c->view().screen == Screen::kRunner);
  CHECK(f.c->view().runner.answers.at("no_concern_reason") == core::Value("We have not seen signs of it."));

  ui.Click("review");
  CHECK_FALSE(ui.Has("review_why"));
  ui.Click("review_finalize");
  REQUIRE(f.c->view().runner.status == "final");
  CHECK(f.c->view().runner.read_only);
  ui.Fill("reopen_reason", "respondent added a detail");
  ui.Click("reopen");
  CHECK(f.c->view().runner.status == "draft");
  ui.Click("review");
  ui.Click("review_finalize");
  CHECK(f.c->view().runner.status == "final");

  // What is in the file.
  ui.Ctrl('L');
  CHECK_FALSE(f.c->view().unlocked);
  auto ws = storage::Workspace::Open(path, kPass);
  REQUIRE(ws.ok());
  auto d = (*ws)->GetInterview(uuid);
  REQUIRE(d.ok());
  CHECK(d->status == "final");
  CHECK(d->header.interviewer == "Ana");
  auto value = [&](const std::string& q) { return d->answers.at(q).heads.at(0).value; };
  CHECK(value("consent") == core::Value(true));
  CHECK(value("org_type") == core::Value("other"));
  CHECK(value("org_type_other") == core::Value("Mobile clinic"));
  CHECK(value("concern") == core::Value("no"));
  CHECK(value("no_concern_reason") == core::Value("We have not seen signs of it."));
  bool logged = false;  // the reason is the note of the status version
  for (const auto& h : d->history) logged = logged || h.note.find("respondent added a detail") != std::string::npos;
  auto audit = (*ws)->ListAudit();
  REQUIRE(audit.ok());
  bool audited = false;
  for (const auto& e : *audit) audited = audited || e.action == "interview.reopen";
  CHECK(audited);
  CHECK(logged);
}

TEST_CASE("headless: wrong passphrase, unlock, table row to detail, Ctrl+L wipes buffers", "[gui][headless]") {
  Fixture f;
  app::DemoResult demo;
  REQUIRE(app::BuildDemo(f.dir.File("demo"), &demo, 12).ok());
  const std::string path = demo.workspace;
  const std::string kPass = app::kDemoPassphrase;
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Unlock(path, "not the passphrase at all");
  CHECK(f.c->view().unlock.failures == 1);
  CHECK(f.c->view().unlock.error.find("Wrong passphrase") != std::string::npos);
  CHECK(ui.state().unlock.pass[0] == '\0');  // the buffer was wiped after submitting
  ui.Fill("open_pass", kPass);
  ui.Wait();
  REQUIRE(f.c->view().unlocked);
  ui.Frames(1);
  ui.Click("nav_interviews");
  REQUIRE(f.c->view().screen == Screen::kInterviews);
  ui.Frames(1);
  const auto& t = f.c->view().table;
  REQUIRE(t.visible().size() == 12 + 19);  // the demo adds 19 task-force data sheets (6 agencies x 3 years + a repeat)
  const std::string uuid = t.rows()[t.visible()[0]].uuid;
  ui.Click("row/" + uuid);
  REQUIRE(f.c->view().screen == Screen::kDetail);
  CHECK(f.c->view().detail.uuid == uuid);
  CHECK_FALSE(f.c->view().detail.history.empty());
  ui.Ctrl('L');
  CHECK_FALSE(f.c->view().unlocked);
  CHECK(f.c->view().screen == Screen::kUnlock);
  CHECK(ui.state().runner.buf.empty());
  CHECK(f.c->view().table.rows().empty());
}

TEST_CASE("headless: codebook .qdc export and import and the agreement CSV go through the file chooser", "[gui][headless][file_chooser]") {
  Fixture f;
  app::DemoResult demo;
  REQUIRE(app::BuildDemo(f.dir.File("demo"), &demo, 12).ok());
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Unlock(demo.workspace, app::kDemoPassphrase);
  REQUIRE(f.c->view().unlocked);
  ui.Frames(1);

  // Codebook: Export suggests codebook.qdc; a typed name gets the extension.
  ui.Click("nav_codebook");
  REQUIRE(f.c->view().screen == Screen::kCodebook);
  ui.Frames(1);
  const size_t codes = f.c->view().codebook.codes.size();
  REQUIRE(codes > 0);
  ui.Click("cb_export");
  REQUIRE(ui.Has("fc_name"));
  gui::FileChooser& book = ui.state().coding.book.chooser;
  CHECK(book.name == "codebook.qdc");
  const std::string qdc = f.dir.File("team.qdc");
  ui.Type(f.dir.File("team"));
  ui.Key(ImGuiKey_Enter);
  CHECK_FALSE(ui.Has("fc_name"));
  INFO(f.c->view().codebook.error << " / " << f.c->view().codebook.message << " / " << book.chosen() << " / " << book.error());
  REQUIRE(core::FileExists(qdc));
  CHECK(f.c->view().codebook.message.find("to " + qdc) != std::string::npos);
  // Import: the chooser starts in that folder and lists the .qdc file only.
  testing::WriteAll(f.dir.File("notes.txt"), "not a codebook");
  ui.Click("cb_import");
  REQUIRE(ui.Has("fc_file/team.qdc"));
  CHECK_FALSE(ui.Has("fc_file/notes.txt"));
  CHECK(book.mode() == gui::FileChooser::Mode::kOpen);
  ui.Click("fc_file/team.qdc");
  ui.Click("fc_ok");
  CHECK_FALSE(ui.Has("fc_name"));
  INFO(f.c->view().codebook.error);
  CHECK(f.c->view().codebook.error.empty());
  CHECK(f.c->view().codebook.codes.size() == codes);  // the same codes: nothing new
  CHECK(ui.state().coding.book.qdc_path == qdc);

  // Agreement: compute ana and ben, then Export CSV... suggests agreement.csv; Cancel writes nothing.
  ui.Click("nav_agreement");
  REQUIRE(f.c->view().screen == Screen::kAgreement);
  f.c->Apply(app::Command{app::cmd::Agreement{app::cmd::AgreementCompute{{"ana", "ben"}, ""}}});
  f.c->WaitIdle();
  ui.Frames(2);
  INFO(f.c->view().agreement.error);
  REQUIRE_FALSE(f.c->view().agreement.chosen.empty());
  ui.Click("agree_csv");
  REQUIRE(ui.Has("fc_name"));
  CHECK(ui.state().agreement.chooser.name == "agreement.csv");
  ui.Click("fc_cancel");
  CHECK_FALSE(ui.Has("fc_name"));
  CHECK(ui.state().agreement.csv_path.empty());
  ui.Click("agree_csv");
  const std::string csv = f.dir.File("agree.csv");
  ui.Type(f.dir.File("agree"));
  ui.Key(ImGuiKey_Enter);
  INFO(f.c->view().agreement.error);
  REQUIRE(core::FileExists(csv));
  struct stat st {};
  REQUIRE(stat(csv.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  CHECK(header == "coders,answers,level,code,units,percent_agreement,cohen_kappa,krippendorff_alpha");
  CHECK(ui.state().agreement.csv_path == csv);
}

TEST_CASE("headless: create and open a workspace through the Unlock screen's Choose buttons", "[gui][headless][file_chooser]") {
  Fixture f;
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Click("mode_create");
  ui.Click("new_choose");
  REQUIRE(ui.Has("fc_name"));
  gui::FileChooser& chooser = ui.state().unlock.chooser;
  CHECK(chooser.name == "project.canvass");
  CHECK(chooser.mode() == gui::FileChooser::Mode::kNew);
  testing::WriteAll(f.dir.File("taken.canvass"), "x");
  testing::WriteAll(f.dir.File("notes.txt"), "x");
  ui.Type(f.dir.File("taken"));  // exists: refused, the chooser stays open
  ui.Key(ImGuiKey_Enter);
  CHECK(chooser.error() == f.dir.File("taken.canvass") + " exists: type a new file name.");
  REQUIRE(ui.Has("fc_name"));
  ui.Click("fc_dir_field");  // leave the name field, then type a new name into it
  ui.Click("fc_name");
  ui.Key(ImGuiKey_End);
  for (int i = 0; i < 40; ++i) ui.Key(ImGuiKey_Backspace);
  ui.Type(f.dir.File("made"));
  ui.Key(ImGuiKey_Enter);
  INFO(chooser.error());
  CHECK_FALSE(ui.Has("fc_name"));
  const std::string path = f.dir.File("made.canvass");
  CHECK(ui.state().unlock.new_path == path);
  ui.Fill("new_name", "Chosen Task Force");
  ui.Fill("new_pass", kPass);
  ui.Fill("new_pass2", kPass);
  ui.Wait();
  ui.Frames(2);
  INFO(f.c->view().unlock.error);
  REQUIRE(f.c->view().unlocked);
  ui.Ctrl('L');
  REQUIRE_FALSE(f.c->view().unlocked);
  ui.Frames(2);

  // Open: the chooser starts at the field's file (only .canvass listed); the passphrase field
  // has focus afterwards.
  ui.state().unlock.path.clear();
  ui.Frames(1);
  ui.state().unlock.path = path;
  ui.Click("open_choose");
  REQUIRE(ui.Has("fc_file/made.canvass"));
  CHECK(ui.Has("fc_file/taken.canvass"));
  CHECK_FALSE(ui.Has("fc_file/notes.txt"));
  CHECK(chooser.name == "made.canvass");
  ui.state().unlock.path.clear();
  ui.Click("fc_ok");
  CHECK_FALSE(ui.Has("fc_name"));
  CHECK(ui.state().unlock.path == path);
  ui.Frames(1);
  ui.Type(kPass);
  ui.Key(ImGuiKey_Enter);
  ui.Wait();
  INFO(f.c->view().unlock.error);
  CHECK(f.c->view().unlocked);
}

TEST_CASE("headless: a repeat item asks a child only when its condition holds in that item", "[gui][headless]") {
  Fixture f;
  const std::string path = f.dir.File("sites.canvass");
  {
    auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "Sites TF");
    REQUIRE(ws.ok());
    storage::FormRow row;
    bool added = false;
    REQUIRE((*ws)->AddForm(testing::kSiteVisitsFormJson, "test", false, &row, &added).ok());
  }
  testing::Ui ui(*f.c);
  ui.Frames(2);
  ui.Unlock(path, kPass);
  REQUIRE(f.c->view().unlocked);
  ui.Frames(1);
  ui.Click("nav_runner");
  int index = -1;
  const auto& forms = f.c->view().start.forms;
  for (size_t i = 0; i < forms.size(); ++i)
    if (forms[i]->id == "site_visits") index = static_cast<int>(i);
  REQUIRE(index >= 0);
  ui.Click("start_form");
  ui.Click("start_form/" + std::to_string(index));
  ui.Click("start_interviewer");
  ui.Type("Ana");
  ui.Click("start");
  REQUIRE(f.c->view().screen == Screen::kRunner);
  ui.Click("sites/add");
  ui.Click("sites/add");
  REQUIRE(ui.Has("sites#0#site_seen/yes"));
  CHECK_FALSE(ui.Has("sites#0#site_detail"));  // "seen?" unanswered: not asked
  ui.Click("sites#0#site_seen/yes");
  CHECK(ui.Has("sites#0#site_detail"));
  CHECK_FALSE(ui.Has("sites#1#site_detail"));  // per item
  ui.Click("sites#0#site_seen/no");
  CHECK_FALSE(ui.Has("sites#0#site_detail"));
}

TEST_CASE("headless: the unlock screen flags a file made with the test key profile", "[gui][headless][kdf]") {
  Fixture f;  // runs under CANVASS_KDF_PROFILE=test-fast, as the suites do
  const std::string fast = f.dir.File("fast.canvass"), real = f.dir.File("real.canvass");
  REQUIRE(storage::Workspace::Create(fast, kPass, storage::Role::kCentral, "TF").ok());
  unsetenv("CANVASS_KDF_PROFILE");
  auto normal = storage::Workspace::Create(real, kPass, storage::Role::kCentral, "TF");
  testing::UseFastKdf();
  REQUIRE(normal.ok());
  normal->reset();
  CHECK(f.c->view().unlock.test_profile);  // the process's own files would be test only

  // The view-model: the controller reads the named file's profile (no passphrase).
  f.c->Apply(app::cmd::InspectWorkspaceFile{fast});
  CHECK(f.c->view().unlock.inspected_path == fast);
  CHECK(f.c->view().unlock.inspected_test_only);
  f.c->Apply(app::cmd::InspectWorkspaceFile{real});
  CHECK_FALSE(f.c->view().unlock.inspected_test_only);
  f.c->Apply(app::cmd::InspectWorkspaceFile{f.dir.File("missing.canvass")});
  CHECK_FALSE(f.c->view().unlock.inspected_test_only);

  // The screen: typing a path shows the flag for that file only.
  testing::Ui ui(*f.c);
  ui.state().unlock.path = fast;
  ui.Frames(3);
  CHECK(ui.Has("test_profile"));
  CHECK(ui.Has("open_test_only"));
  ui.state().unlock.path = real;
  ui.Frames(3);
  CHECK_FALSE(ui.Has("open_test_only"));
  ui.Click("open_pass");
  ui.Type(kPass);
  ui.Key(ImGuiKey_Enter);
  ui.Wait();
  CHECK(f.c->view().unlocked);  // the normal file opens as before (with the moderate cost)
}

// Issue 14: the high-contrast theme is white on black with a yellow keyboard focus, and every
// text colour on every background it uses reaches WCAG AAA (7:1); the standard theme comes
// back when it is switched off. Measured on the colours ImGui will draw with.
TEST_CASE("theme: high contrast reaches 7:1 for text, muted and status text on every background", "[gui][theme]") {
  auto lum = [](const ImVec4& c) {
    auto ch = [](float v) { return v <= 0.03928f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
    return 0.2126f * ch(c.x) + 0.7152f * ch(c.y) + 0.0722f * ch(c.z);
  };
  auto ratio = [&](const ImVec4& a, const ImVec4& b) {
    float x = lum(a), y = lum(b);
    return (std::max(x, y) + 0.05f) / (std::min(x, y) + 0.05f);
  };
  ImGuiContext* ctx = ImGui::CreateContext();
  gui::ApplyUiScale(150, gui::kDejaVuPath, true);
  const ImVec4* c = ImGui::GetStyle().Colors;
  CHECK(c[ImGuiCol_WindowBg].x == 0.f);
  CHECK(c[ImGuiCol_NavHighlight].x == 1.f);
  CHECK(ImGui::GetStyle().FrameBorderSize >= 1.f);
  for (ImGuiCol bg : {ImGuiCol_WindowBg, ImGuiCol_ChildBg, ImGuiCol_PopupBg, ImGuiCol_FrameBg, ImGuiCol_FrameBgHovered,
                      ImGuiCol_Button, ImGuiCol_ButtonHovered, ImGuiCol_Header, ImGuiCol_HeaderHovered, ImGuiCol_TabActive,
                      ImGuiCol_TableRowBgAlt, ImGuiCol_TableHeaderBg, ImGuiCol_PlotHistogram, ImGuiCol_TextSelectedBg}) {
    INFO("background " << ImGui::GetStyleColorName(bg));
    CHECK(ratio(c[ImGuiCol_Text], c[bg]) >= 7.f);
    CHECK(ratio(gui::kMutedColor, c[bg]) >= 4.5f);
  }
  for (const ImVec4& t : {c[ImGuiCol_TextDisabled], gui::kMutedColor, gui::kErrorColor, gui::kOkColor})
    CHECK(ratio(t, c[ImGuiCol_WindowBg]) >= 7.f);
  float clear[4];
  gui::ThemeClearColor(clear);
  CHECK(clear[0] == 0.f);
  gui::ApplyUiScale(100, gui::kDejaVuPath, false);
  CHECK(ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.05f);
  CHECK(gui::kMutedColor.x < 0.7f);
  ImGui::DestroyContext(ctx);
}

// The same through the screen: Add from an XLSForm..., the chooser, the preview, Add it.
TEST_CASE("headless: a protocol from an XLSForm through the New interview screen", "[gui][headless][xlsform]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  app::ControllerOptions o;
  o.config_dir = dir.File("config");
  app::Controller c(o);
  c.Apply(app::cmd::CreateWorkspace{dir.File("w.canvass"), "TF", storage::Role::kCentral, app::Secret("correct horse battery staple"),
                                    app::Secret("correct horse battery staple")});
  c.WaitIdle();
  REQUIRE(c.view().unlocked);
  const size_t before = c.view().start.forms.size();
  testing::Ui ui(c);
  ui.Frames(2);
  ui.Click("nav_runner");
  ui.Click("xlsform_choose");
  ui.Fill("fc_name", std::string(CANVASS_TEST_DATA) + "/xlsform/example_xls__text_and_integer.xlsx");
  ui.Frames(2);
  INFO(c.view().start.import.error);
  REQUIRE(c.view().start.import.can_add);
  CHECK(c.view().start.forms.size() == before);
  ui.Click("xlsform_add");
  CHECK(c.view().start.forms.size() == before + 1);
  CHECK(c.view().start.import.message.rfind("Added form ", 0) == 0);
}
