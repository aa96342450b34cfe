// Headless UI tests of the sync screens: a field laptop (joined from a kit made by
// EnrollDevice) exports bundles from the Sync screen, the central imports them there, and a
// conflict made by editing the same answer on both sides is resolved in the Conflicts view,
// keyboard only. Results are checked in the central workspace file afterwards.
#include <catch2/catch.hpp>

#include <filesystem>

#include "app/controller.h"
#include "core/crypto_util.h"
#include "sync/sync.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;
using app::Screen;

namespace {

constexpr const char* kPass = "correct horse battery staple";

struct Project {
  testing::TempDir dir;
  core::FakeClock clock{1'800'000'000'000};
  std::string central_path, field_path, kit, outbox, uuid, question;
  std::unique_ptr<app::Controller> central, field;

  Project() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    central_path = dir.File("central.canvass");
    field_path = dir.File("field.canvass");
    kit = dir.File("ana.cvkit");
    outbox = dir.File("usb");
    std::filesystem::create_directory(outbox);
    auto c = storage::Workspace::Create(central_path, kPass, storage::Role::kCentral, "Sync TF");
    REQUIRE(c.ok());
    auto e = sync::EnrollDevice(c->get(), "Laptop Ana", kit);
    REQUIRE(e.ok());
    auto f = sync::JoinWithKit(field_path, kPass, kit, e->code);
    REQUIRE(f.ok());
    question = FirstTextQuestion(f->get());
    auto id = (*f)->AddInterview({"community_member", 0, "Ana", "", "", {{"consent", core::Value(true)}, {question, core::Value("base")}}, false});
    REQUIRE(id.ok());
    uuid = *id;
    central = Make("central-config");
    field = Make("field-config");
  }
  std::unique_ptr<app::Controller> Make(const std::string& config) {
    app::ControllerOptions o;
    o.config_dir = dir.File(config);
    o.clock = &clock;
    return std::make_unique<app::Controller>(o);
  }
  static std::string FirstTextQuestion(storage::Workspace* ws) {
    auto form = ws->GetForm("community_member");
    REQUIRE(form.ok());
    for (const auto* q : form->TopLevelQuestions()) {
      forms::Answers t{{"consent", core::Value(true)}, {q->id, core::Value("x")}};
      if (q->is_open_text() && !q->identifying && forms::ValidateAnswers(*form, t, {}).empty()) return q->id;
    }
    FAIL("no open-text question");
    return "";
  }
  std::vector<std::string> Bundles() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(outbox)) out.push_back(e.path().string());
    return out;
  }
};

// Keyboard: the passphrase field has focus on the Unlock screen; type and press Enter.
void UnlockByKeyboard(testing::Ui& ui, const std::string& path) {
  ui.state().unlock.path = path;
  ui.Frames(2);
  ui.Type(kPass);
  ui.Key(ImGuiKey_Enter);
  ui.Wait();
  ui.Frames(2);
}

// Keyboard: Ctrl+5 opens Sync with the folder field focused; type the folder, Enter exports.
void ExportByKeyboard(testing::Ui& ui, app::Controller& c, const std::string& folder) {
  ui.Ctrl('5');
  REQUIRE(c.view().screen == Screen::kSync);
  ui.Type(folder);
  ui.Key(ImGuiKey_Enter);
  ui.Wait();
  INFO(c.view().sync.error);
  REQUIRE(c.view().sync.message.rfind("Wrote ", 0) == 0);
}

// Keyboard: Ctrl+5, type the folder, Enter lists it, Enter again imports the new bundles.
void ImportByKeyboard(testing::Ui& ui, app::Controller& c, const std::string& folder) {
  ui.Ctrl('5');
  REQUIRE(c.view().screen == Screen::kSync);
  ui.Type(folder);
  ui.Key(ImGuiKey_Enter);
  REQUIRE_FALSE(c.view().sync.files.empty());
  ui.Key(ImGuiKey_Enter);
  ui.Wait();
  INFO(c.view().sync.error << " / " << c.view().sync.message);
  REQUIRE_FALSE(c.view().sync.report.empty());
}

std::string StatusOf(const app::Controller& c, const std::string& name) {
  for (const auto& d : c.view().devices.devices)
    if (d.name == name) return d.status;
  return "";
}

}  // namespace

TEST_CASE("headless sync: export on the field, import on the central, resolve a conflict (keyboard)", "[gui][headless][sync]") {
  Project p;
  // 1. The field laptop exports its first bundle.
  {
    testing::Ui ui(*p.field);
    UnlockByKeyboard(ui, p.field_path);
    REQUIRE(p.field->view().unlocked);
    ExportByKeyboard(ui, *p.field, p.outbox);
    CHECK(p.Bundles().size() == 1);
    ui.Ctrl('1');
    CHECK(p.field->view().home.last_export.find("bundle #1") != std::string::npos);
    CHECK_FALSE(p.field->view().home.central_fingerprint.empty());
  }
  // 2. The central imports it through the Sync screen; the merge report shows the interview.
  {
    testing::Ui ui(*p.central);
    UnlockByKeyboard(ui, p.central_path);
    REQUIRE(p.central->view().unlocked);
    ImportByKeyboard(ui, *p.central, p.outbox);
    const auto& line = p.central->view().sync.report.front();
    INFO(line.error);
    REQUIRE(line.ok);
    CHECK(line.from == "Laptop Ana");
    CHECK(line.stats.new_interviews == 1);
    CHECK(p.central->view().table.rows().size() == 1);
  }
  // 3. The same answer is changed on both sides; the field exports again.
  REQUIRE(p.central->workspace()->SetAnswer(p.uuid, p.question, core::Value("central edit"), "Coordinator").ok());
  REQUIRE(p.field->workspace()->SetAnswer(p.uuid, p.question, core::Value("field edit"), "Ana").ok());
  // This time through the file chooser: a bundle name is suggested; a typed one is used.
  {
    testing::Ui ui(*p.field);
    ui.Frames(2);
    ui.Ctrl('5');
    ui.Click("export");
    REQUIRE(ui.Has("fc_name"));
    const gui::FileChooser& chooser = ui.state().sync.chooser;
    CHECK(chooser.name.rfind("Laptop-Ana-", 0) == 0);
    CHECK(chooser.name.size() > 9);
    CHECK(chooser.name.compare(chooser.name.size() - 9, 9, ".cvbundle") == 0);
    ui.Type(p.outbox + "/second");  // the extension is added
    ui.Key(ImGuiKey_Enter);
    CHECK_FALSE(ui.Has("fc_name"));
    ui.Wait();
    INFO(p.field->view().sync.error);
    // The first bundle is not acknowledged yet (no update came back): it goes again, and the screen says so.
    CHECK(p.field->view().sync.message.rfind("Resending 1 interview not yet acknowledged by the coordinator. Wrote " + p.outbox +
                                             "/second.cvbundle", 0) == 0);
    CHECK(p.Bundles().size() == 2);
    CHECK(ui.state().sync.folder == p.outbox);
  }
  // 4. The central imports the second bundle (a conflict) and resolves it in the Conflicts view.
  testing::Ui ui(*p.central);
  ui.Frames(2);
  ImportByKeyboard(ui, *p.central, p.outbox);
  CHECK(p.central->view().sync.report.size() == 1);
  CHECK(p.central->view().sync.report.front().stats.new_conflicts == 1);
  CHECK(p.central->view().sync.open_conflicts == 1);
  // Plain words: no fingerprint and no version counts unless "Show technical details" is ticked.
  CHECK_FALSE(ui.Has("sync_fingerprint"));
  CHECK_FALSE(ui.Has("report_versions"));
  ui.Click("sync_details");
  CHECK(ui.Has("sync_fingerprint"));
  CHECK(ui.Has("report_versions"));
  ui.Click("sync_details");
  CHECK_FALSE(ui.Has("sync_fingerprint"));
  // One bundle file chosen in the file chooser (only .cvbundle files listed): already imported.
  ui.Click("bundle_path");
  REQUIRE(ui.Has("fc_file/second.cvbundle"));
  ui.Click("fc_file/second.cvbundle");
  ui.Click("fc_ok");
  ui.Wait();
  REQUIRE(p.central->view().sync.report.size() == 1);
  CHECK(p.central->view().sync.report.front().name == "second.cvbundle");
  CHECK(p.central->view().sync.report.front().already);
  // The folder chosen with "Choose..." (the chooser in folder mode, bundles shown dimmed): the
  // central lists it at once.
  ui.state().sync.folder = p.outbox + "/.";  // the chooser starts in the typed folder
  ui.Frames(1);
  ui.Click("choose_folder");
  REQUIRE(ui.Has("fc_ok"));
  CHECK(ui.state().sync.chooser.mode() == gui::FileChooser::Mode::kFolder);
  CHECK(ui.state().sync.chooser.dir() == gui::NormalPath(p.outbox));
  CHECK(ui.Has("fc_file/second.cvbundle"));  // seen, not picked
  ui.Click("fc_file/second.cvbundle");
  CHECK(ui.state().sync.chooser.name.empty());
  ui.Click("fc_ok");
  ui.Wait();
  CHECK_FALSE(ui.Has("fc_ok"));
  CHECK(ui.state().sync.folder == gui::NormalPath(p.outbox));
  CHECK(p.central->view().sync.folder == gui::NormalPath(p.outbox));
  CHECK(p.central->view().sync.files.size() == 2);
  // An update bundle for the laptop, written to a file chosen in the chooser (name suggested).
  ui.Click("write_update");
  REQUIRE(ui.Has("fc_name"));
  CHECK(ui.state().sync.chooser.name.rfind("update-Laptop-Ana-", 0) == 0);
  CHECK(ui.state().sync.chooser.dir() == gui::NormalPath(p.outbox));
  ui.Type(p.outbox + "/for-ana");
  ui.Key(ImGuiKey_Enter);
  CHECK_FALSE(ui.Has("fc_name"));
  ui.Wait();
  INFO(p.central->view().sync.error);
  CHECK(p.central->view().sync.message.rfind("Wrote " + p.outbox + "/for-ana.cvbundle: update #", 0) == 0);
  CHECK(std::filesystem::exists(p.outbox + "/for-ana.cvbundle"));
  ui.Click("goto_conflicts");
  REQUIRE(p.central->view().screen == Screen::kConflicts);
  const auto& items = p.central->view().conflicts.items;
  REQUIRE(items.size() == 1);
  REQUIRE(items[0].sides.size() == 2);
  int field_side = items[0].sides[0].display == "field edit" ? 0 : 1;
  CHECK_FALSE(ui.Has("conflict_versions"));  // version ids only behind the details toggle
  CHECK(items[0].sides[static_cast<size_t>(field_side)].device == "Laptop Ana");
  // The reason field has focus; Shift+Tab goes back to the "Keep this value" choices.
  CHECK(ui.Focused() == "resolve_reason");
  const std::string keep = "keep_" + std::to_string(field_side);
  for (int i = 0; i < 6 && ui.Focused() != keep; ++i) ui.Tab(true);
  REQUIRE(ui.Focused() == keep);
  ui.Key(ImGuiKey_Space);          // choose
  INFO("picked " << ui.state().conflicts.pick.begin()->second << " want " << field_side);
  REQUIRE(ui.state().conflicts.pick.begin()->second == field_side);
  for (int i = 0; i < 6 && ui.Focused() != "resolve_reason"; ++i) ui.Tab();  // Tab reaches the reason field
  REQUIRE(ui.Focused() == "resolve_reason");
  ui.Key(ImGuiKey_Enter);          // empty reason: refused
  CHECK(p.central->view().conflicts.error.find("reason") != std::string::npos);
  CHECK(p.central->view().conflicts.items.size() == 1);
  CHECK(ui.Focused() == "resolve_reason");
  ui.Key(ImGuiKey_Enter);          // Enter on a focused text field starts typing in it again
  ui.Type("the field notes are first-hand");
  ui.Key(ImGuiKey_Enter);
  INFO(p.central->view().conflicts.error);
  CHECK(p.central->view().conflicts.items.empty());
  CHECK(p.central->view().conflicts.message.find("Resolved") != std::string::npos);
  ui.Key(ImGuiKey_Escape);         // backs out to Sync, as every screen backs out one step
  CHECK(p.central->view().screen == Screen::kSync);
  ui.Ctrl('1');
  CHECK(p.central->view().home.last_import.find("from Laptop Ana") != std::string::npos);
  ui.Ctrl('L');
  REQUIRE_FALSE(p.central->view().unlocked);

  auto ws = storage::Workspace::Open(p.central_path, kPass);
  REQUIRE(ws.ok());
  CHECK((*ws)->ListConflicts()->empty());
  auto d = (*ws)->GetInterview(p.uuid);
  REQUIRE(d.ok());
  REQUIRE(d->answers.at(p.question).heads.size() == 1);
  CHECK(d->answers.at(p.question).heads[0].value == core::Value("field edit"));
  CHECK(d->answers.at(p.question).heads[0].note == "the field notes are first-hand");
  auto audit = (*ws)->ListAudit();
  REQUIRE(audit.ok());
  bool resolved = false;
  for (const auto& a : *audit) resolved |= a.action == "conflict.resolve";
  CHECK(resolved);
}

TEST_CASE("headless sync: enroll on Devices, join on the Unlock screen, revoke with confirmation", "[gui][headless][sync]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  core::FakeClock clock{1'800'000'000'000};
  const std::string central_path = dir.File("central.canvass"), kit = dir.File("bo.cvkit");
  REQUIRE(storage::Workspace::Create(central_path, kPass, storage::Role::kCentral, "TF").ok());
  app::ControllerOptions o;
  o.clock = &clock;
  o.config_dir = dir.File("c-config");
  app::Controller central(o);
  o.config_dir = dir.File("f-config");
  app::Controller field(o);
  std::string code, fingerprint;
  {
    testing::Ui ui(central);
    UnlockByKeyboard(ui, central_path);
    ui.Click("nav_devices");
    REQUIRE(central.view().screen == Screen::kDevices);
    ui.Frames(1);          // the focus request of the first Devices frame lands on the name field
    ui.Type("Laptop Bo");  // the name field has focus
    ui.Key(ImGuiKey_Enter);  // Enter asks where to write the kit, with a name suggested
    REQUIRE(ui.Has("fc_name"));
    CHECK(ui.state().devices.chooser.name == "Laptop-Bo.cvkit");
    CHECK(ui.state().devices.chooser.mode() == gui::FileChooser::Mode::kNew);
    ui.Type(dir.File("bo"));  // the extension is added
    ui.Key(ImGuiKey_Enter);
    CHECK_FALSE(ui.Has("fc_name"));
    ui.Wait();
    INFO(central.view().devices.error);
    REQUIRE(central.view().devices.enrolled.shown());
    code = central.view().devices.enrolled.code;
    fingerprint = central.view().devices.enrolled.fingerprint;
    ui.Click("dismiss_enroll");
    CHECK_FALSE(central.view().devices.enrolled.shown());
    // The chooser starts in the kit's folder and refuses an existing file; Cancel enrolls nobody.
    const size_t devices = central.view().devices.devices.size();
    ui.Click("enroll");
    REQUIRE(ui.Has("fc_name"));
    CHECK(ui.state().devices.chooser.dir() == gui::NormalPath(dir.path()));
    ui.Type("bo.cvkit");
    ui.Key(ImGuiKey_Enter);
    CHECK(ui.Has("fc_name"));
    CHECK(ui.state().devices.chooser.error() == kit + " exists: type a new file name.");
    ui.Click("fc_cancel");
    CHECK_FALSE(ui.Has("fc_name"));
    CHECK(central.view().devices.devices.size() == devices);
    REQUIRE(ui.Has("revoke/Laptop Bo"));
    ui.Click("revoke/Laptop Bo");
    REQUIRE(ui.Has("revoke_yes/Laptop Bo"));  // asks first
    CHECK(StatusOf(central, "Laptop Bo") == "active");
  }
  {
    testing::Ui ui(field);
    ui.Frames(2);
    ui.Click("mode_join");
    ui.Fill("join_kit", kit);
    ui.Fill("join_code", code);
    ui.Fill("join_path", dir.File("field.canvass"));
    ui.Fill("join_pass", kPass);
    ui.Fill("join_pass2", kPass);  // Enter joins
    ui.Wait();
    ui.Frames(2);
    INFO(field.view().unlock.error);
    REQUIRE(field.view().unlocked);
    CHECK(field.view().message.find(fingerprint) != std::string::npos);
    CHECK(ui.state().unlock.code[0] == '\0');  // the code buffer is wiped
  }
  testing::Ui ui(central);
  ui.Frames(2);
  ui.Click("revoke/Laptop Bo");
  ui.Click("revoke_yes/Laptop Bo");
  CHECK(central.view().devices.message.find("Revoked") != std::string::npos);
  CHECK(StatusOf(central, "Laptop Bo") == "revoked");
}
