// Headless test of the field's Sync screen after the coordinator's receipt (PR-3): it says in
// plain words when received interviews leave the laptop, and that they left; importing an
// update with a 0-day delay in the GUI deletes them.
#include <catch2/catch.hpp>

#include "app/controller.h"
#include "core/crypto_util.h"
#include "sync/sync.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;
using app::Screen;
namespace cmd = app::cmd;

namespace {

constexpr const char* kPass = "correct horse battery staple";

bool AnyLine(const app::SyncView& v, const std::string& part) {
  for (const auto& l : v.receipt_lines)
    if (l.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("headless sync: the field's Sync screen says when received interviews are deleted, then that they were", "[gui][headless][sync]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  std::string kit = dir.File("ana.cvkit"), field_path = dir.File("field.canvass");
  auto central = storage::Workspace::Create(dir.File("central.canvass"), kPass, storage::Role::kCentral, "TF");
  REQUIRE(central.ok());
  auto e = sync::EnrollDevice(central->get(), "Laptop Ana", kit);
  REQUIRE(e.ok());
  std::string uuid;
  {
    auto f = sync::JoinWithKit(field_path, kPass, kit, e->code);
    REQUIRE(f.ok());
    auto id = (*f)->AddInterview({"community_member", 0, "Ana", "", "",
                                  {{"consent", core::Value(true)}, {"org_type", core::Value("resident")}, {"concern", core::Value("no")}},
                                  true});
    INFO(id.status().message());
    REQUIRE(id.ok());
    uuid = *id;
    REQUIRE(sync::ExportBundle(f->get(), dir.File("b1.cvbundle"), false).ok());
    REQUIRE(sync::ImportBundle(central->get(), dir.File("b1.cvbundle")).ok());
    REQUIRE(sync::ExportUpdate(central->get(), e->device_id, dir.File("u1.cvbundle"), false).ok());
    auto u = sync::ImportBundle(f->get(), dir.File("u1.cvbundle"));
    REQUIRE(u.ok());
    CHECK(u->receipted == 1);
  }
  app::ControllerOptions o;
  o.config_dir = dir.File("config");
  app::Controller c(o);
  testing::Ui ui(c);
  c.Apply(cmd::OpenWorkspace{field_path, app::Secret(kPass)});
  c.WaitIdle();
  REQUIRE(c.view().unlocked);
  c.Apply(cmd::Navigate{Screen::kSync});
  ui.Frames(2);
  INFO((c.view().sync.receipt_lines.empty() ? "" : c.view().sync.receipt_lines[0]));
  CHECK(AnyLine(c.view().sync, "1 interview received by the coordinator; deleted from this laptop on "));
  CHECK(AnyLine(c.view().sync, "(7 days after the receipt)"));
  CHECK(ui.Has("sync_receipt_0"));
  CHECK_FALSE(ui.Has("sync_receipt_1"));

  // The coordinator shortens the delay to 0: the next update, imported here, deletes it.
  REQUIRE((*central)->SetPurgeAfterDays("0").ok());
  REQUIRE(sync::ExportUpdate(central->get(), e->device_id, dir.File("u2.cvbundle"), false).ok());
  c.Apply(cmd::ImportBundles{{dir.File("u2.cvbundle")}});
  c.WaitIdle();
  ui.Frames(2);
  INFO(c.view().sync.error);
  CHECK(c.view().sync.error.empty());
  CHECK(AnyLine(c.view().sync, "1 interview received by the coordinator was deleted from this laptop (last on "));
  CHECK_FALSE(AnyLine(c.view().sync, "; deleted from this laptop on"));
  CHECK(ui.Has("sync_receipt_0"));
  for (const auto& row : c.view().table.rows()) CHECK(row.uuid != uuid);
}
