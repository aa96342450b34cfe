// The Assessment screen's push (app::Controller, no window): on the demo central file, after a
// run and its report (a release), a check, a push, a repeat; and the messages a user reads.
#include "app/controller.h"
#include "app/demo.h"
#include "core/clock.h"
#include "core/crypto_util.h"
#include "rollup_fixture.h"
#include "test_support.h"

namespace canvass::testing {

namespace cmd = app::cmd;

TEST_CASE("the Assessment screen pushes the central file's latest released run") {
  FreshDatabase();
  UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  TempDir tmp;
  app::DemoResult demo;
  REQUIRE(app::BuildDemo(tmp.File("d"), &demo).ok());
  app::ControllerOptions o;
  o.config_dir = tmp.File("config");
  app::Controller c(o);
  c.Apply(cmd::OpenWorkspace{demo.workspace, app::Secret(app::kDemoPassphrase)});
  c.WaitIdle();
  REQUIRE(c.view().unlocked);
  const auto& v = c.view().assessment;
  // No address: said.
  c.Apply(cmd::Assessment{cmd::AssessRollupPush{"", false}});
  CHECK(v.error.find("address") != std::string::npos);
  c.Apply(cmd::Assessment{cmd::AssessRun{"for the state"}});
  c.WaitIdle();
  REQUIRE(v.has_result);
  // A run not yet released (no report written from it): refused, nothing pushed.
  c.Apply(cmd::Assessment{cmd::AssessRollupPush{Server().Url(kNorthRole), false}});
  CHECK(v.error.find("Not pushed") != std::string::npos);
  c.Apply(cmd::Assessment{cmd::AssessExport{tmp.File("report.html"), false, false}});
  REQUIRE(v.error.empty());
  c.Apply(cmd::Assessment{cmd::AssessRollupPush{Server().Url(kNorthRole), true}});
  INFO(v.error);
  CHECK(v.message.find("Nothing was written") != std::string::npos);
  auto admin = Server().Admin();
  CHECK(CountRows(admin.get(), "pushes") == 0);
  c.Apply(cmd::Assessment{cmd::AssessRollupPush{Server().Url(kNorthRole), false}});
  CHECK(v.message.find("Pushed") != std::string::npos);
  CHECK(v.message.find("North Task Force") != std::string::npos);
  CHECK(CountRows(admin.get(), "pushes") == 1);
  c.Apply(cmd::Assessment{cmd::AssessRollupPush{Server().Url(kNorthRole), false}});
  CHECK(v.message.find("Already pushed") != std::string::npos);
  // Wrong password: one line, in the screen's error.
  c.Apply(cmd::Assessment{cmd::AssessRollupPush{Server().Url("tf_badpass"), false}});
  CHECK(v.error.find("refused the user name or password") != std::string::npos);
  CHECK(OneLine(v.error));
}

}  // namespace canvass::testing
