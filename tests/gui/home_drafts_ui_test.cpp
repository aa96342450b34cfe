// Home's drafts (issue 14): each labelled by role, organisation type, area name, interviewer,
// started / last edited, % complete and required answers missing - never a name; filter and
// sort; and type-to-filter in long choice lists.
#include <catch2/catch.hpp>

#include "app/controller.h"
#include "assessment/area.h"
#include "core/crypto_util.h"
#include "storage/workspace.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;
using app::Screen;
using core::Value;

namespace {

constexpr const char* kPass = "correct horse battery staple";

void Push(app::Controller& c, app::Command cmd) {
  app::Commands q;
  std::visit([&](auto&& x) { q.Push(std::move(x)); }, cmd);
  c.Apply(q);
}

}  // namespace

TEST_CASE("home: drafts are labelled without names, filtered and sorted, and long choice lists filter", "[gui][drafts]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  const std::string path = dir.File("d.canvass");
  {
    auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "Drafts TF");
    REQUIRE(ws.ok());
    assessment::Area frio;
    frio.id = "48163", frio.level = "county", frio.name = "Frio County";
    REQUIRE((*ws)->ImportAreas({frio}).ok());
  }
  testing::TestApp test_app(dir.path());
  app::Controller& c = *test_app.c;
  testing::Ui ui(c);
  ui.Frames(2);
  ui.Unlock(path, kPass);
  REQUIRE(c.view().unlocked);

  // Draft A: an outreach interview with an organisation type, its name and an area.
  Push(c, app::cmd::StartInterview{"outreach_provider", "street_outreach", "en", "Ana"});
  REQUIRE(c.view().screen == Screen::kRunner);
  const std::string a = c.view().runner.uuid;
  Push(c, app::cmd::SetAnswer{"consent", Value(true)});
  Push(c, app::cmd::StepSection{+1});
  ui.Frames(2);
  // org_type has 13 choices: a filter box narrows them; the chosen one stays shown.
  REQUIRE(ui.Has("org_type/filter"));
  CHECK(ui.Has("org_type/youth_shelter"));
  ui.Fill("org_type/filter", "harm");
  CHECK(ui.Has("org_type/health_harm_reduction"));
  CHECK_FALSE(ui.Has("org_type/youth_shelter"));
  ui.Click("org_type/health_harm_reduction");
  CHECK(c.view().runner.answers.at("org_type") == Value("health_harm_reduction"));
  ui.Fill("org_type/filter", "zzz");
  CHECK(ui.Has("org_type/health_harm_reduction"));  // chosen: still shown
  CHECK_FALSE(ui.Has("resp_role/filter"));           // 6 choices: no filter box
  Push(c, app::cmd::SetAnswer{"org_name", Value("Casa Segura")});
  Push(c, app::cmd::SetAnswer{"concern", Value("yes")});
  Push(c, app::cmd::SetAnswer{"concern_areas", Value(Value::Array{Value("48163")})});
  Push(c, app::cmd::CloseInterview{});
  test_app.clock.Advance(60'000);
  // Draft B: another form, another interviewer, nothing answered.
  Push(c, app::cmd::StartInterview{"community_member", "local_business", "en", "Luis"});
  const std::string b = c.view().runner.uuid;
  Push(c, app::cmd::CloseInterview{});
  ui.Frames(2);
  REQUIRE(c.view().screen == Screen::kHome);

  const auto& drafts = c.view().home.drafts;
  REQUIRE(drafts.size() == 2);
  const app::DraftItem& da = drafts[0].uuid == a ? drafts[0] : drafts[1];
  const app::DraftItem& db = drafts[0].uuid == a ? drafts[1] : drafts[0];
  CHECK(da.role == "Street outreach");
  CHECK(da.org_type.find("harm reduction") != std::string::npos);
  CHECK(da.area == "Frio County");
  CHECK(da.interviewer == "Ana");
  CHECK(da.percent > 0);
  CHECK(da.percent < 100);
  CHECK(da.required_missing > 0);
  CHECK_FALSE(da.created.empty());
  CHECK_FALSE(da.updated.empty());
  for (const std::string* s : {&da.role, &da.org_type, &da.area, &da.interviewer, &da.form_title})
    CHECK(s->find("Casa Segura") == std::string::npos);  // never the organisation's name
  CHECK(db.percent == 0);
  CHECK(db.area.empty());
  CHECK(db.required_missing > 0);

  // Filter and sort on screen.
  CHECK(ui.Has("resume/" + a));
  CHECK(ui.Has("resume/" + b));
  ui.Fill("draft_filter", "frio");
  CHECK(ui.Has("resume/" + a));
  CHECK_FALSE(ui.Has("resume/" + b));
  ui.Fill("draft_filter", "luis");
  CHECK_FALSE(ui.Has("resume/" + a));
  CHECK(ui.Has("resume/" + b));
  ui.state().home.filter.clear();
  ui.state().home.sort = 4;  // interviewer: Ana above Luis
  ui.Frames(1);
  CHECK(ui.Top("resume/" + a) < ui.Top("resume/" + b));
  ui.Click("draft_sort");
  ui.Click("draft_sort/2");  // % complete: the least complete first
  CHECK(ui.state().home.sort == 2);
  CHECK(ui.Top("resume/" + b) < ui.Top("resume/" + a));
}
