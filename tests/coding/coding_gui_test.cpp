// Headless coding workbench: the real panel drawn without a window; a reviewer selects a span
// with the keyboard, applies a code with one key, marks the answer done; blind mode hides a
// second coder's work until both are done. Results are checked in the workspace.
#include <catch2/catch.hpp>

#include "app/controller.h"
#include "core/crypto_util.h"
#include "storage/coding_store.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;

namespace {

constexpr const char* kPass = "correct horse battery staple";
const char* kText = "Workers sleep in a locked trailer behind the packing shed.";

void RawKey(testing::Ui& ui, int key_index) {  // a plain key such as '1' or 'D' (GLFW codes = ASCII)
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key_index] = true;
  ui.Frame();
  io.KeysDown[key_index] = false;
  ui.Frame();
  ui.Frame();
}

}  // namespace

TEST_CASE("headless: code an answer with the keyboard - blind mode", "[gui][headless][coding]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  const std::string path = dir.File("tf.canvass");
  std::string iv, q;
  {
    auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "TF");
    REQUIRE(ws.ok());
    auto form = (*ws)->GetForm("community_member");
    REQUIRE(form.ok());
    for (const auto* fq : form->TopLevelQuestions()) {
      forms::Answers t{{"consent", core::Value(true)}, {fq->id, core::Value("x")}};
      if (q.empty() && fq->is_open_text() && !fq->identifying && forms::ValidateAnswers(*form, t, {}).empty()) q = fq->id;
    }
    REQUIRE(!q.empty());
    auto id = (*ws)->AddInterview({"community_member", 0, "tester", "", "", {{"consent", core::Value(true)}, {q, core::Value(kText)}}, false});
    REQUIRE(id.ok());
    iv = *id;
    storage::CodingStore s(ws->get());  // a second coder's work, made earlier
    REQUIRE(s.AddCoding({iv, q, 0, 7, "Places", "ben"}).ok());
  }
  core::FakeClock clock{1'800'000'000'000};
  app::ControllerOptions o;
  o.config_dir = dir.File("config");
  o.clock = &clock;
  app::Controller c(o);
  c.Apply(app::cmd::OpenWorkspace{path, app::Secret(kPass)});
  c.WaitIdle();
  REQUIRE(c.view().unlocked);
  testing::Ui ui(c);
  ui.Frames(2);
  ui.Click("nav_coding");
  REQUIRE(c.view().screen == app::Screen::kCoding);
  const auto& v = c.view().coding;
  REQUIRE(v.queue.size() == 1);
  REQUIRE(v.selected == 0);
  CHECK(v.text == kText);
  // Blind: ben's coding is hidden from the default coder.
  CHECK(v.hidden_others == 1);
  CHECK(v.spans.empty());

  // Become "ana": clear the coder field and type.
  ui.Click("coding_coder");
  for (size_t i = 0; i < v.coder.size(); ++i) ui.Key(ImGuiKey_Backspace);
  ui.Type("ana");
  ui.Key(ImGuiKey_Enter);
  REQUIRE(v.coder == "ana");

  // Keyboard only: caret to the start, Shift+Right x7 selects "Workers", 1 applies the first code.
  ui.Click("coding_row_0");
  ui.Key(ImGuiKey_Home);
  ImGui::GetIO().KeyShift = true;
  for (int i = 0; i < 7; ++i) ui.Key(ImGuiKey_RightArrow);
  ImGui::GetIO().KeyShift = false;
  CHECK(ui.state().coding.lo() == 0);
  CHECK(ui.state().coding.hi() == 7);
  REQUIRE(!v.hotkeys.empty());
  const std::string code = v.hotkeys[0].guid;
  RawKey(ui, '1');
  INFO("error: " << v.error);
  REQUIRE(v.spans.size() == 1);
  CHECK(v.spans[0].coder == "ana");
  CHECK(v.spans[0].code_guid == code);
  CHECK(v.hotkeys[0].guid == code);  // the most used code stays on key 1

  // D marks the answer done; ben is not done yet, so his work stays hidden.
  RawKey(ui, 'D');
  CHECK(v.queue[0].done_by_me);
  CHECK(v.hidden_others == 1);
  storage::CodingStore store(c.workspace());
  REQUIRE(store.SetCompleted(iv, q, "ben", true).ok());
  ui.Click("coding_blind");  // off
  CHECK(v.spans.size() == 2);
  ui.Click("coding_blind");  // on again: both done, so ben's coding shows anyway
  CHECK(v.spans.size() == 2);
  CHECK(v.hidden_others == 0);

  // In the workspace: ana's coding with the selected span; agreement sees the answer.
  auto mine = store.ListCodings(storage::CodingFilter{{"ana"}, "", ""});
  REQUIRE(mine.ok());
  REQUIRE(mine->size() == 1);
  CHECK(mine->at(0).start == 0);
  CHECK(mine->at(0).end == 7);
  CHECK(mine->at(0).code_guid == code);
  auto in = store.AgreementInputFor({"ana", "ben"});
  REQUIRE(in.ok());
  CHECK(in->answers.size() == 1);

  // Delete at the caret removes ana's coding.
  ui.Key(ImGuiKey_Home);
  ui.Key(ImGuiKey_Delete);
  CHECK(store.ListCodings(storage::CodingFilter{{"ana"}, "", ""})->empty());
}
