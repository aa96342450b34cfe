// Keyboard-first (issue 14): the focus after every navigation, Tab in reading order through
// radio buttons, checkboxes and buttons, Escape backing out, the F1 overlay, and a whole
// interview - start, consent, every question type, finalize - driven by keys only.
#include <catch2/catch.hpp>

#include "app/controller.h"
#include "assessment/area.h"
#include "core/crypto_util.h"
#include "gui_focus.h"
#include "storage/workspace.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;
using app::Screen;

namespace {

constexpr const char* kPass = "correct horse battery staple";

// One question of every type the runner draws.
constexpr const char* kAllTypesForm = R"json({
  "canvass_form": 1, "id": "kb_all", "version": 1, "title": {"en": "Every question type"},
  "languages": ["en"], "kind": "stakeholder_interview", "respondent_roles": ["street_outreach"],
  "sections": [
   {"id": "consent_section", "title": {"en": "Consent"}, "questions": [
     {"id": "intro", "type": "note", "label": {"en": "Read this first."}},
     {"id": "consent", "type": "yes_no", "label": {"en": "Agrees?"}, "required": true, "constraint": ". = true",
      "constraint_message": {"en": "Only with consent."}}]},
   {"id": "about", "title": {"en": "About"}, "questions": [
     {"id": "org", "type": "single_choice", "label": {"en": "Organisation"}, "required": true,
      "choices": [{"value": "clinic", "label": {"en": "Clinic"}}, {"value": "shelter", "label": {"en": "Shelter"}}]},
     {"id": "topics", "type": "multiple_choice", "label": {"en": "Topics"},
      "choices": [{"value": "x", "label": {"en": "X"}}, {"value": "y", "label": {"en": "Y"}}, {"value": "z", "label": {"en": "Z"}}]},
     {"id": "title", "type": "text", "label": {"en": "Job title"}},
     {"id": "story", "type": "long_text", "label": {"en": "What have you seen?"}},
     {"id": "staff", "type": "integer", "label": {"en": "Staff"}},
     {"id": "share", "type": "decimal", "label": {"en": "Share"}},
     {"id": "since", "type": "date", "label": {"en": "Since"}}]},
   {"id": "places", "title": {"en": "Places"}, "questions": [
     {"id": "home_area", "type": "area", "label": {"en": "Main area"}},
     {"id": "areas", "type": "areas", "label": {"en": "Other areas"}},
     {"id": "tally", "type": "count_table", "label": {"en": "People met"},
      "rows": [{"value": "men", "label": {"en": "Men"}}, {"value": "women", "label": {"en": "Women"}}]},
     {"id": "visits", "type": "repeat", "label": {"en": "Visits"}, "questions": [
       {"id": "site", "type": "text", "label": {"en": "Site"}}]}]}]})json";

struct Fixture {
  testing::TempDir dir;
  core::FakeClock clock{1'800'000'000'000};
  std::unique_ptr<app::Controller> c;
  std::string path;
  Fixture() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    path = dir.File("kb.canvass");
    {
      auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "Keys TF");
      REQUIRE(ws.ok());
      storage::FormRow row;
      bool added = false;
      REQUIRE((*ws)->AddForm(kAllTypesForm, "test", false, &row, &added).ok());
      assessment::Area frio, bexar;
      frio.id = "48163", frio.level = "county", frio.name = "Frio County";
      bexar.id = "48029", bexar.level = "county", bexar.name = "Bexar County";
      REQUIRE((*ws)->ImportAreas({frio, bexar}).ok());
    }
    app::ControllerOptions o;
    o.config_dir = dir.File("config");
    o.clock = &clock;
    c = std::make_unique<app::Controller>(o);
  }
};

void Unlock(testing::Ui& ui, Fixture& f) {
  ui.Frames(2);
  ui.Unlock(f.path, kPass);
  REQUIRE(f.c->view().unlocked);
  ui.Frames(2);
}

// Presses Tab until `item` has the focus; fails when a full round never reaches it.
void TabTo(testing::Ui& ui, const std::string& item, bool shift = false) {
  for (int i = 0; i < 80 && ui.Focused() != item; ++i) ui.Tab(shift);
  INFO("focus is on '" << ui.Focused() << "'");
  REQUIRE(ui.Focused() == item);
}

void Type(testing::Ui& ui, const std::string& item, const std::string& text) {
  TabTo(ui, item);
  ui.Type(text);
  ui.Key(ImGuiKey_Enter);
}

std::string SectionId(const app::Controller& c) {
  const auto& r = c.view().runner;
  return r.form->sections[static_cast<size_t>(r.section)].id;
}

void Go(app::Controller& c, Screen s) {
  app::Commands cmds;
  cmds.Push(app::cmd::Navigate{s});
  c.Apply(cmds);
}

int FormIndex(const app::Controller& c, const std::string& id) {
  const auto& forms = c.view().start.forms;
  for (size_t i = 0; i < forms.size(); ++i)
    if (forms[i]->id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("keyboard: every screen opens with the focus on its first useful control", "[gui][keyboard]") {
  Fixture f;
  testing::Ui ui(*f.c);
  Unlock(ui, f);
  CHECK(f.c->view().screen == Screen::kHome);
  CHECK(ui.Focused() == "home_new");
  ui.Ctrl('2');
  REQUIRE(f.c->view().screen == Screen::kNewInterview);
  CHECK(ui.Focused() == "start_interviewer");  // the issue: Ctrl+2 left it nowhere
  ui.Ctrl('5');
  REQUIRE(f.c->view().screen == Screen::kSync);
  CHECK(ui.Focused() == "sync_folder");
  ui.Ctrl('1');
  CHECK(ui.Focused() == "home_new");
  ui.Ctrl('3');
  REQUIRE(f.c->view().screen == Screen::kInterviews);
  CHECK_FALSE(ui.Focused().empty());
  ui.Ctrl('4');
  REQUIRE(f.c->view().screen == Screen::kSettings);
  CHECK_FALSE(ui.Focused().empty());
}

TEST_CASE("keyboard: Escape backs out one step on every screen and F1 lists the shortcuts", "[gui][keyboard]") {
  Fixture f;
  testing::Ui ui(*f.c);
  Unlock(ui, f);
  for (Screen s : {Screen::kNewInterview, Screen::kInterviews, Screen::kSettings, Screen::kSync, Screen::kCoding,
                   Screen::kAssessment, Screen::kAgreement, Screen::kAnalysis}) {
    Go(*f.c, s);
    ui.Frames(2);
    REQUIRE(f.c->view().screen == s);
    ui.Key(ImGuiKey_Escape);
    INFO("from " << app::ScreenName(s));
    CHECK(f.c->view().screen == Screen::kHome);
  }
  for (auto [s, back] : {std::pair{Screen::kConflicts, Screen::kSync}, {Screen::kDevices, Screen::kSync},
                         {Screen::kCodebook, Screen::kCoding}}) {
    Go(*f.c, s);
    ui.Frames(2);
    ui.Key(ImGuiKey_Escape);
    INFO("from " << app::ScreenName(s));
    CHECK(f.c->view().screen == back);
  }
  // F1 opens the list over the screen; Escape closes it without leaving the screen.
  ui.Ctrl('3');
  CHECK_FALSE(ui.Has("help"));
  ui.Press(gui::kKeyF1);
  CHECK(ui.Has("help"));
  ui.Key(ImGuiKey_Escape);
  CHECK_FALSE(ui.Has("help"));
  CHECK(f.c->view().screen == Screen::kInterviews);
}

TEST_CASE("keyboard: a whole interview, every question type, with keys only", "[gui][keyboard]") {
  Fixture f;
  testing::Ui ui(*f.c);
  Unlock(ui, f);
  const int index = FormIndex(*f.c, "kb_all");
  REQUIRE(index >= 0);

  // Start: Ctrl+2, then Shift+Tab back to the protocol list, arrows to choose.
  ui.Ctrl('2');
  REQUIRE(ui.Focused() == "start_interviewer");
  ui.Type("Ana");
  TabTo(ui, "start_form", true);
  ui.Key(ImGuiKey_Space);  // opens the list
  INFO("focus in the list: " << ui.Focused());
  for (int i = 0; i < index - ui.state().start.form; ++i) ui.Key(ImGuiKey_DownArrow);
  for (int i = 0; i < ui.state().start.form - index; ++i) ui.Key(ImGuiKey_UpArrow);
  INFO("focus in the list: " << ui.Focused());
  ui.Key(ImGuiKey_Space);
  REQUIRE(ui.state().start.form == index);
  TabTo(ui, "start");
  ui.Key(ImGuiKey_Enter);
  REQUIRE(f.c->view().screen == Screen::kRunner);
  REQUIRE(SectionId(*f.c) == "consent_section");
  const std::string uuid = f.c->view().runner.uuid;

  // Consent: the first control has the focus; the first Tab goes to "No", not "Save and close".
  CHECK(ui.Focused() == "consent/yes");
  ui.Tab();
  CHECK(ui.Focused() == "consent/no");
  ui.Tab(true);
  ui.Key(ImGuiKey_Space);
  CHECK(f.c->view().runner.answers.at("consent") == core::Value(true));
  TabTo(ui, "next");
  ui.Key(ImGuiKey_Space);
  REQUIRE(SectionId(*f.c) == "about");

  // A new section opens on its first question.
  CHECK(ui.Focused() == "org/clinic");
  TabTo(ui, "org/shelter");
  ui.Key(ImGuiKey_Space);
  TabTo(ui, "topics/x");
  ui.Key(ImGuiKey_Space);
  TabTo(ui, "topics/z");
  ui.Key(ImGuiKey_Enter);  // Enter acts like Space
  Type(ui, "title", "Nurse");
  TabTo(ui, "story");
  ui.Type("Two workers asked for help.");
  ui.Key(ImGuiKey_Escape);  // ends the typing, keeps the text, stays on the screen
  CHECK(f.c->view().screen == Screen::kRunner);
  Type(ui, "staff", "12");
  Type(ui, "share", "0.5");
  Type(ui, "since", "2025-03-01");
  const auto& a = f.c->view().runner.answers;
  CHECK(a.at("org") == core::Value("shelter"));
  CHECK(a.at("topics") == core::Value(core::Value::Array{core::Value("x"), core::Value("z")}));
  CHECK(a.at("title") == core::Value("Nurse"));
  CHECK(a.at("story") == core::Value("Two workers asked for help."));
  CHECK(a.at("staff") == core::Value(int64_t{12}));
  CHECK(a.at("share") == core::Value(0.5));
  CHECK(a.at("since") == core::Value("2025-03-01"));

  ui.Ctrl(ImGui::GetIO().KeyMap[ImGuiKey_PageDown]);
  REQUIRE(SectionId(*f.c) == "places");
  CHECK(ui.Focused() == "home_area/search");
  ui.Type("frio");
  ui.Key(ImGuiKey_Enter);  // the first match
  Type(ui, "areas/search", "bexar");
  Type(ui, "tally|men", "3");
  Type(ui, "tally|women", "4");
  TabTo(ui, "visits/add");
  ui.Key(ImGuiKey_Space);
  Type(ui, "visits#0#site", "Truck stop on I-35");
  const auto& b = f.c->view().runner.answers;
  CHECK(b.at("home_area") == core::Value("48163"));
  CHECK(b.at("areas") == core::Value(core::Value::Array{core::Value("48029")}));
  CHECK(b.at("tally").ToJson() == R"({"men":3,"women":4})");
  REQUIRE(b.count("visits"));
  CHECK(b.at("visits").ToJson() == R"([{"site":"Truck stop on I-35"}])");

  // Review (every answer listed), then Finalize there.
  TabTo(ui, "review");
  ui.Key(ImGuiKey_Enter);
  REQUIRE(ui.Has("review_finalize"));
  CHECK_FALSE(ui.Has("review_why"));
  TabTo(ui, "review_finalize");
  ui.Key(ImGuiKey_Enter);
  CHECK(f.c->view().runner.status == "final");
  CHECK(f.c->view().runner.uuid == uuid);
}

TEST_CASE("review: skipped vs left empty, required missing, links back, Finalize only there with its reason", "[gui][review]") {
  Fixture f;
  testing::Ui ui(*f.c);
  Unlock(ui, f);
  ui.Ctrl('2');
  ui.Type("Ana");
  TabTo(ui, "start_form", true);
  ui.state().start.form = FormIndex(*f.c, "kb_all");
  TabTo(ui, "start");
  ui.Key(ImGuiKey_Enter);
  REQUIRE(f.c->view().screen == Screen::kRunner);
  CHECK_FALSE(ui.Has("finalize"));  // no Finalize outside the review
  ui.Key(ImGuiKey_Space);           // consent: yes
  // Next is on; Back is off and says why.
  CHECK(ui.Has("nav_why"));
  ui.Click("review");
  REQUIRE(ui.Has("review_finalize"));
  // "org" is required and unanswered; the consent is answered; the rest left empty.
  CHECK(ui.state().runner.review_missing == 1);
  CHECK(ui.Has("review_why"));
  ui.Click("review_finalize");
  CHECK(f.c->view().runner.status == "draft");
  // The missing row goes to its question, focused.
  ui.Click("review/q/org");
  CHECK_FALSE(ui.state().runner.review);
  CHECK(SectionId(*f.c) == "about");
  CHECK(ui.Focused() == "org/clinic");
  ui.Key(ImGuiKey_Space);
  ui.Click("review");
  CHECK(ui.state().runner.review_missing == 0);
  CHECK_FALSE(ui.Has("review_why"));
  ui.Key(ImGuiKey_Escape);  // back to the questions, not out of the interview
  CHECK_FALSE(ui.state().runner.review);
  CHECK(f.c->view().screen == Screen::kRunner);
  ui.Click("review");
  ui.Click("review_finalize");
  CHECK(f.c->view().runner.status == "final");
}

TEST_CASE("plain words: fingerprints in groups of four and Home shows ids only behind the details toggle", "[gui][plain]") {
  CHECK(gui::FingerprintGroups("a1b2c3d4e5f60718") == "A1B2 C3D4 E5F6 0718");
  CHECK(gui::FingerprintGroups("a1:b2:c3") == "A1B2 C3");
  Fixture f;
  testing::Ui ui(*f.c);
  Unlock(ui, f);
  CHECK_FALSE(ui.Has("home_ids"));
  ui.Click("home_details");
  CHECK(ui.Has("home_ids"));
}

TEST_CASE("roles: the workspace's role and the chosen work decide the navigation, one setting away", "[gui][roles]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  testing::TestApp test_app(dir.path());
  app::Controller& c = *test_app.c;
  testing::Ui ui(c);
  ui.Frames(2);
  {
    app::Commands q;
    q.Push(app::cmd::CreateWorkspace{dir.File("field.canvass"), "Field TF", storage::Role::kField, app::Secret(kPass),
                                     app::Secret(kPass)});
    c.Apply(q);
  }
  ui.Wait();
  REQUIRE(c.view().unlocked);
  ui.Frames(2);
  // A field laptop by default: interviewing and sync, no coding or assessment; the rest is one
  // setting away ("More screens..." opens Settings).
  CHECK(ui.Has("nav_runner"));
  CHECK(ui.Has("nav_sync"));
  CHECK_FALSE(ui.Has("nav_coding"));
  CHECK_FALSE(ui.Has("nav_agreement"));
  CHECK_FALSE(ui.Has("nav_assessment"));
  REQUIRE(ui.Has("nav_more"));
  ui.Click("nav_more");
  REQUIRE(c.view().screen == Screen::kSettings);
  ui.Click("work_coding");
  CHECK(c.view().settings.work == "interviewing,sync,coding");
  CHECK(ui.Has("nav_coding"));
  CHECK(ui.Has("nav_analysis"));
  CHECK_FALSE(ui.Has("nav_assessment"));
  // Kept across restarts (settings.txt).
  app::UiSettings saved;
  saved.Load(dir.File("config"));
  CHECK(saved.work == "interviewing,sync,coding");
  // Only interviewing: sync hidden too; back to the default with one button.
  ui.Click("work_sync");
  ui.Click("work_coding");
  CHECK_FALSE(ui.Has("nav_sync"));
  CHECK(ui.Has("nav_runner"));
  ui.Click("work_default");
  CHECK(c.view().settings.work.empty());
  CHECK(ui.Has("nav_sync"));
  CHECK_FALSE(ui.Has("nav_coding"));
}
