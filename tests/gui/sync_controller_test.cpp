// Controller tests of the sync commands without any window: join validation and join,
// enroll (code shown once, wiped on dismissal), revoke, export refusals, update bundles,
// importing many bundles (one refused, the rest merged), cancel between bundles.
#include <catch2/catch.hpp>

#include <filesystem>

#include "app/controller.h"
#include "core/crypto_util.h"
#include "sync/sync.h"
#include "test_support.h"

using namespace canvass;
using app::Screen;
namespace cmd = app::cmd;

namespace {

constexpr const char* kPass = "correct horse battery staple";

struct Fx {
  testing::TempDir dir;
  core::FakeClock clock{1'800'000'000'000};
  std::string central_path, usb;
  Fx() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    central_path = dir.File("central.canvass");
    usb = dir.File("usb");
    std::filesystem::create_directory(usb);
  }
  std::unique_ptr<app::Controller> Make(const std::string& config) {
    app::ControllerOptions o;
    o.config_dir = dir.File(config);
    o.clock = &clock;
    return std::make_unique<app::Controller>(o);
  }
  std::unique_ptr<app::Controller> Central() {
    auto c = Make("central-config");
    c->Apply(cmd::CreateWorkspace{central_path, "TF", storage::Role::kCentral, app::Secret(kPass), app::Secret(kPass)});
    c->WaitIdle();
    REQUIRE(c->view().unlocked);
    return c;
  }
  // Enrolls through the Devices commands; returns the code shown.
  std::string Enroll(app::Controller& c, const std::string& name, const std::string& kit) {
    c.Apply(cmd::Navigate{Screen::kDevices});
    c.Apply(cmd::EnrollDevice{name, kit});
    c.WaitIdle();
    INFO(c.view().devices.error);
    REQUIRE(c.view().devices.enrolled.shown());
    return c.view().devices.enrolled.code;
  }
};

}  // namespace

TEST_CASE("sync controller: join validates, then joins and shows the central fingerprint", "[gui][controller][sync]") {
  Fx f;
  auto central = f.Central();
  const std::string kit = f.dir.File("ana.cvkit");
  std::string code = f.Enroll(*central, "Laptop Ana", kit);
  std::string fingerprint = central->view().devices.enrolled.fingerprint;
  CHECK(fingerprint.size() > 10);
  CHECK(std::filesystem::exists(kit));

  auto field = f.Make("field-config");
  const std::string path = f.dir.File("field.canvass");
  auto join = [&](const std::string& p, const std::string& k, const std::string& c, const char* a, const char* b) {
    field->Apply(cmd::JoinWorkspace{p, k, app::Secret(c), app::Secret(a), app::Secret(b)});
    field->WaitIdle();
    return field->view().unlock.error;
  };
  CHECK(join("", kit, code, kPass, kPass).find("file path") != std::string::npos);
  CHECK(join(f.central_path, kit, code, kPass, kPass).find("already exists") != std::string::npos);
  CHECK(join(path, f.dir.File("nope.cvkit"), code, kPass, kPass).find("No enrollment kit") != std::string::npos);
  CHECK(join(path, kit, "not a code", kPass, kPass).find("not valid") != std::string::npos);
  CHECK(join(path, kit, code, "short", "short").find("12 characters") != std::string::npos);
  CHECK(join(path, kit, code, kPass, "another passphrase").find("differ") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));
  // A typed code is normalised (case, spaces).
  std::string typed = code;
  for (auto& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  CHECK(join(path, kit, " " + typed + " ", kPass, kPass).empty());
  REQUIRE(field->view().unlocked);
  CHECK(field->view().home.info.role == storage::Role::kField);
  CHECK(field->view().message.find(fingerprint) != std::string::npos);
  CHECK(field->view().home.central_fingerprint == fingerprint);
  field->Apply(cmd::Navigate{Screen::kSync});
  CHECK(field->view().sync.fingerprint == fingerprint);
  CHECK_FALSE(field->view().sync.central);

  // The code on the central's screen is wiped when dismissed.
  central->Apply(cmd::DismissEnrollment{});
  CHECK_FALSE(central->view().devices.enrolled.shown());
  CHECK(central->view().devices.enrolled.code.empty());
}

TEST_CASE("sync controller: export refusals, update bundles, import report, revoke", "[gui][controller][sync]") {
  Fx f;
  auto central = f.Central();
  // The central cannot export data bundles; a missing folder is named.
  central->Apply(cmd::Navigate{Screen::kSync});
  central->Apply(cmd::ExportBundle{f.usb, false});
  CHECK(central->view().sync.error.find("central") != std::string::npos);

  std::string code = f.Enroll(*central, "Laptop Ana", f.usb);  // a folder: the kit is named after the device
  CHECK(std::filesystem::exists(f.usb + "/Laptop-Ana.cvkit"));
  auto joined = sync::JoinWithKit(f.dir.File("field.canvass"), kPass, f.usb + "/Laptop-Ana.cvkit", code);
  REQUIRE(joined.ok());
  REQUIRE((*joined)->AddInterview({"community_member", 0, "Ana", "", "", {{"consent", core::Value(true)}}, false}).ok());
  joined->reset();

  auto field = f.Make("field-config");
  field->Apply(cmd::OpenWorkspace{f.dir.File("field.canvass"), app::Secret(kPass)});
  field->WaitIdle();
  REQUIRE(field->view().unlocked);
  field->Apply(cmd::ExportBundle{f.dir.File("missing"), false});
  CHECK(field->view().sync.error.find("not a folder") != std::string::npos);
  // A chosen .cvbundle file in a missing folder is refused the same way; nothing is written.
  field->Apply(cmd::ExportBundle{f.dir.File("missing") + "/x.cvbundle", false});
  CHECK(field->view().sync.error.find("not a folder") != std::string::npos);
  CHECK_FALSE(field->view().busy);
  CHECK_FALSE(std::filesystem::exists(f.dir.File("missing")));
  field->Apply(cmd::ExportBundle{f.usb, false});
  CHECK(field->view().busy);
  field->WaitIdle();
  INFO(field->view().sync.error);
  CHECK(field->view().sync.message.find("bundle #1") != std::string::npos);
  field->Apply(cmd::ExportBundle{f.usb, true});
  field->WaitIdle();
  REQUIRE(field->view().sync.files.size() == 2);  // the folder is listed after an export

  // The central lists the folder (headers only) and imports both plus a damaged file.
  testing::WriteAll(f.usb + "/damaged.cvbundle", "not a bundle");
  central->Apply(cmd::Navigate{Screen::kSync});
  central->Apply(cmd::ListBundleFolder{f.usb});
  const auto& files = central->view().sync.files;
  REQUIRE(files.size() == 3);
  std::vector<std::string> paths;
  for (const auto& fi : files) {
    paths.push_back(fi.path);
    if (fi.name != "damaged.cvbundle") { CHECK(fi.kind == "data"); CHECK(fi.from == "Laptop Ana"); CHECK_FALSE(fi.imported); }
    else CHECK_FALSE(fi.problem.empty());
  }
  central->Apply(cmd::ImportBundles{paths});
  CHECK(central->view().busy_cancellable);
  central->WaitIdle();
  CHECK_FALSE(central->view().busy_cancellable);
  const auto& report = central->view().sync.report;
  REQUIRE(report.size() == 3);
  int ok = 0;
  for (const auto& l : report) ok += l.ok;
  CHECK(ok == 2);
  CHECK(central->view().sync.error.find("1 bundle was refused") != std::string::npos);
  CHECK(central->view().table.rows().size() == 1);
  for (const auto& fi : central->view().sync.files)
    if (fi.problem.empty()) CHECK(fi.imported);

  // An update bundle for the laptop; the field imports it.
  REQUIRE(central->view().sync.devices.size() == 1);
  central->Apply(cmd::ExportUpdate{central->view().sync.devices[0].first, f.usb, true});
  central->WaitIdle();
  INFO(central->view().sync.error);
  CHECK(central->view().sync.message.find("update #1") != std::string::npos);
  std::string update;
  for (const auto& fi : central->view().sync.files)
    if (fi.kind == "update") update = fi.path;
  REQUIRE_FALSE(update.empty());
  field->Apply(cmd::ImportBundles{{update}});
  field->WaitIdle();
  REQUIRE(field->view().sync.report.size() == 1);
  CHECK(field->view().sync.report[0].ok);
  CHECK(field->view().sync.report[0].kind == "update");
  field->Apply(cmd::Navigate{Screen::kHome});
  CHECK(field->view().home.last_import.find("update #1") != std::string::npos);

  // Revoke: later bundles from the laptop are refused.
  central->Apply(cmd::Navigate{Screen::kDevices});
  REQUIRE(central->view().devices.devices.size() >= 1);
  central->Apply(cmd::RevokeDevice{"Laptop Ana"});
  CHECK(central->view().devices.message.find("Revoked") != std::string::npos);
  bool revoked = false;
  for (const auto& d : central->view().devices.devices) revoked |= d.name == "Laptop Ana" && d.status == "revoked";
  CHECK(revoked);
  field->Apply(cmd::ExportBundle{f.usb, true});
  field->WaitIdle();
  central->Apply(cmd::Navigate{Screen::kSync});
  central->Apply(cmd::ListBundleFolder{f.usb});
  std::vector<std::string> fresh;
  for (const auto& fi : central->view().sync.files)
    if (!fi.imported && fi.problem.empty() && fi.kind == "data") fresh.push_back(fi.path);
  REQUIRE(fresh.size() == 1);
  central->Apply(cmd::ImportBundles{fresh});
  central->WaitIdle();
  REQUIRE(central->view().sync.report.size() == 1);
  CHECK_FALSE(central->view().sync.report[0].ok);
}

TEST_CASE("sync controller: cancel stops between bundles - what was imported is whole", "[gui][controller][sync]") {
  Fx f;
  auto central = f.Central();
  std::string code = f.Enroll(*central, "Laptop Ana", f.dir.File("k.cvkit"));
  auto field = sync::JoinWithKit(f.dir.File("field.canvass"), kPass, f.dir.File("k.cvkit"), code);
  REQUIRE(field.ok());
  std::vector<std::string> paths;
  for (int i = 0; i < 6; ++i) {
    REQUIRE((*field)->AddInterview({"community_member", 0, "Ana", "", "", {{"consent", core::Value(true)}}, false}).ok());
    paths.push_back(f.usb + "/b" + std::to_string(i) + ".cvbundle");
    REQUIRE(sync::ExportBundle(field->get(), paths.back(), false).ok());
  }
  central->Apply(cmd::ImportBundles{paths});
  central->Apply(cmd::CancelTask{});  // applied while the worker runs (or before it starts)
  central->Apply(cmd::ExportBundle{f.usb, false});
  CHECK(central->view().error.find("Busy") != std::string::npos);  // the worker owns the workspace
  central->WaitIdle();
  const auto& v = central->view().sync;
  CHECK(v.report.size() <= paths.size());
  for (const auto& l : v.report) CHECK(l.ok);
  if (v.report.size() < paths.size()) {
    CHECK(v.report_cancelled);
    CHECK(v.message.find("cancelled") != std::string::npos);
  }
  // Every bundle imported is whole: its interviews are all there, none of the others is.
  CHECK(central->view().table.rows().size() == v.report.size());
}

TEST_CASE("sync controller: nothing to send writes nothing, unacknowledged interviews are resent and said so",
          "[gui][controller][sync]") {
  Fx f;
  auto central = f.Central();
  std::string code = f.Enroll(*central, "Laptop Ana", f.dir.File("ana.cvkit"));
  auto joined = sync::JoinWithKit(f.dir.File("field.canvass"), kPass, f.dir.File("ana.cvkit"), code);
  REQUIRE(joined.ok());
  joined->reset();
  auto field = f.Make("field-config");
  field->Apply(cmd::OpenWorkspace{f.dir.File("field.canvass"), app::Secret(kPass)});
  field->WaitIdle();
  REQUIRE(field->view().unlocked);
  field->Apply(cmd::Navigate{Screen::kSync});
  auto export_to_usb = [&] {
    field->Apply(cmd::ExportBundle{f.usb, false});
    field->WaitIdle();
    INFO(field->view().sync.error);
    CHECK(field->view().sync.error.empty());
    return field->view().sync.message;
  };
  // A laptop that never recorded anything.
  CHECK(export_to_usb().rfind("Nothing to send", 0) == 0);
  CHECK(std::filesystem::is_empty(f.usb));
  // One interview: bundle #1 (no sequence number was taken above); sent again while the
  // coordinator has not acknowledged it, and the screen says so.
  REQUIRE(field->workspace()->AddInterview({"community_member", 0, "Ana", "", "", {{"consent", core::Value(true)}}, false}).ok());
  std::string first = export_to_usb();
  CHECK(first.find("bundle #1") != std::string::npos);
  CHECK(first.find("Resending") == std::string::npos);
  std::string again = export_to_usb();
  CHECK(again.rfind("Resending 1 interview not yet acknowledged by the coordinator.", 0) == 0);
  CHECK(again.find("bundle #2") != std::string::npos);
}
