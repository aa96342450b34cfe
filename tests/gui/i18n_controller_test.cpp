// The controller's messages and the respondent role names reach the screen in Spanish (issue
// 14): a wrong passphrase, a bundle import's result, the home screen's last import, and the
// role of an interview in the drafts, the interview's header, the list and the detail, read
// from the texts the frame drew.
#include <catch2/catch.hpp>

#include <filesystem>

#include "app/controller.h"
#include "app/i18n.h"
#include "core/crypto_util.h"
#include "sync/sync.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;
using app::Screen;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kPass = "correct horse battery staple";

}  // namespace

TEST_CASE("i18n: the controller's messages and role names show in Spanish", "[gui][i18n][sync]") {
  testing::EnglishAfter english_after;
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  const std::string central_path = dir.File("central.canvass"), kit = dir.File("ana.cvkit"), usb = dir.File("usb");
  std::filesystem::create_directory(usb);
  std::string uuid;
  {  // A field laptop records one interview with a neighbourhood leader and writes a bundle.
    auto central = storage::Workspace::Create(central_path, kPass, storage::Role::kCentral, "Sync TF");
    REQUIRE(central.ok());
    auto e = sync::EnrollDevice(central->get(), "Laptop Ana", kit);
    REQUIRE(e.ok());
    auto field = sync::JoinWithKit(dir.File("field.canvass"), kPass, kit, e->code);
    REQUIRE(field.ok());
    auto id = (*field)->AddInterview({"community_member", 0, "Ana", "neighborhood_leader", "", {{"consent", core::Value(true)}}, false});
    REQUIRE(id.ok());
    uuid = *id;
    REQUIRE(sync::ExportBundle(field->get(), usb + "/ana-1.cvbundle", false).ok());
  }
  testing::TestApp test_app(dir.path());
  app::Controller& c = *test_app.c;
  testing::Ui ui(c);
  ui.Frames(2);
  ui.Click("ui_lang_es");
  REQUIRE(app::i18n::Current().lang() == "es");

  // Unlock: a wrong passphrase, in Spanish with its plural.
  ui.Unlock(central_path, "not the passphrase at all");
  std::string shown = ui.ScreenText();
  CHECK_THAT(shown, Contains("Frase de contraseña incorrecta (1 intento fallido)."));
  CHECK_THAT(shown, !Contains("Wrong passphrase"));
  ui.Fill("open_pass", kPass);
  ui.Wait();
  REQUIRE(c.view().unlocked);

  // Sync: list the folder, import; the result is Spanish.
  ui.Ctrl('5');
  REQUIRE(c.view().screen == Screen::kSync);
  ui.Type(usb);
  ui.Key(ImGuiKey_Enter);
  REQUIRE_FALSE(c.view().sync.files.empty());
  ui.Key(ImGuiKey_Enter);
  ui.Wait();
  REQUIRE(c.view().sync.report.size() == 1);
  REQUIRE(c.view().sync.report.front().ok);
  shown = ui.ScreenText();
  CHECK_THAT(shown, Contains("Importados: 1 de 1 paquete."));
  CHECK_THAT(shown, !Contains("Imported"));

  // Home: the last import, said the Spanish way.
  ui.Ctrl('1');
  REQUIRE(c.view().screen == Screen::kHome);
  shown = ui.ScreenText();
  CHECK_THAT(shown, Contains(": paquete n.º 1 de Laptop Ana"));
  // Its list of drafts names the role, and so does the interview's header.
  CHECK_THAT(shown, Contains("Líder vecinal"));
  ui.Click("resume/" + uuid);
  REQUIRE(c.view().screen == Screen::kRunner);
  shown = ui.ScreenText();
  CHECK_THAT(shown, Contains("rol: Líder vecinal"));

  // The interview list and the detail name the role in Spanish, never by its id.
  ui.Click("nav_interviews");
  REQUIRE(c.view().screen == Screen::kInterviews);
  shown = ui.ScreenText();
  CHECK_THAT(shown, Contains("Líder vecinal"));
  CHECK_THAT(shown, !Contains("neighborhood_leader"));
  CHECK_THAT(shown, !Contains("Neighborhood leader"));
  CHECK_THAT(shown, Contains("Miembros de la comunidad"));  // the form's own Spanish title
  CHECK_THAT(shown, !Contains("Community members"));
  ui.Click("row/" + uuid);
  REQUIRE(c.view().screen == Screen::kDetail);
  shown = ui.ScreenText();
  CHECK_THAT(shown, Contains("Líder vecinal"));
  CHECK_THAT(shown, !Contains("Neighborhood leader"));

  // Back to English through Settings' command: the list and Home's drafts follow at once.
  c.Apply(app::cmd::SetUiLanguage{"en"});
  ui.Click("nav_interviews");
  shown = ui.ScreenText();
  CHECK_THAT(shown, Contains("Community members"));
  CHECK_THAT(shown, Contains("Neighborhood leader"));
  CHECK_THAT(shown, !Contains("Miembros de la comunidad"));
  ui.Ctrl('1');
  shown = ui.ScreenText();
  CHECK_THAT(shown, Contains("Neighborhood leader"));
  CHECK_THAT(shown, !Contains("Líder vecinal"));
  CHECK(app::RoleName("neighborhood_leader") == "Neighborhood leader");
  CHECK(app::RoleName("an_imported_role") == "An imported role");  // no key: the id in plain words
}
