// Headless coding workbench: the real panel drawn without a window; a reviewer selects a span
// with the keyboard, applies a code with one key, marks the answer done; blind mode hides a
// second coder's work until both are done. Results are checked in the workspace. In Spanish,
// the screen's texts and messages come from the catalogue.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/controller.h"
#include "app/i18n.h"
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
  testing::OpenedApp opened(dir.path(), path, kPass);
  app::Controller& c = *opened.c;
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

namespace {

// A central workspace with one open answer that "ben" coded and finished earlier.
std::string BensWorkspace(testing::TempDir& dir, std::string* iv, std::string* q, std::string* bens,
                          storage::Role role = storage::Role::kCentral) {
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  const std::string path = dir.File(role == storage::Role::kCentral ? "tf.canvass" : "laptop.canvass");
  auto ws = storage::Workspace::Create(path, kPass, role, "TF");
  REQUIRE(ws.ok());
  auto form = (*ws)->GetForm("community_member");
  REQUIRE(form.ok());
  for (const auto* fq : form->TopLevelQuestions()) {
    forms::Answers t{{"consent", core::Value(true)}, {fq->id, core::Value("x")}};
    if (q->empty() && fq->is_open_text() && !fq->identifying && forms::ValidateAnswers(*form, t, {}).empty()) *q = fq->id;
  }
  auto id = (*ws)->AddInterview({"community_member", 0, "tester", "", "", {{"consent", core::Value(true)}, {*q, core::Value(kText)}}, false});
  REQUIRE(id.ok());
  *iv = *id;
  storage::CodingStore s(ws->get());
  auto c = s.AddCoding({*iv, *q, 0, 7, "Places", "ben"});
  REQUIRE(c.ok());
  *bens = *c;
  REQUIRE(s.SetCompleted(*iv, *q, "ben", true).ok());
  return path;
}

}  // namespace

TEST_CASE("coder identity: chosen once per session, only one's own Remove, blind set by the coordinator, audited",
          "[gui][coding][identity]") {
  testing::TempDir dir;
  std::string iv, q, bens;
  const std::string path = BensWorkspace(dir, &iv, &q, &bens);
  core::FakeClock clock{1'800'000'000'000};
  app::ControllerOptions o;
  o.config_dir = dir.File("config");
  o.clock = &clock;
  app::Controller c(o);
  auto open = [&] {
    c.Apply(app::cmd::OpenWorkspace{path, app::Secret(kPass)});
    c.WaitIdle();
    REQUIRE(c.view().unlocked);
    c.Apply(app::cmd::Navigate{app::Screen::kCoding});
  };
  auto coding = [&](app::cmd::Coding cmd) { c.Apply(app::Command{std::move(cmd)}); };
  open();
  const auto& v = c.view().coding;
  CHECK_FALSE(v.coder_chosen);
  CHECK(v.known_coders == std::vector<std::string>{"ben"});
  coding({app::cmd::CodingSetCoder{"consensus"}});
  CHECK(v.error.find("Agreement screen") != std::string::npos);
  coding({app::cmd::CodingSetCoder{"ana"}});
  REQUIRE(v.coder_chosen);
  // Typing another coder's name later does not make you that coder.
  coding({app::cmd::CodingSetCoder{"ben"}});
  CHECK(v.error.find("You are coding as ana for this session") != std::string::npos);
  CHECK(v.coder == "ana");
  // Ben's coding cannot be removed by ana (not even by a command the GUI would not offer).
  coding({app::cmd::CodingRemove{bens}});
  CHECK(v.error.find("Only your own codings") != std::string::npos);
  storage::CodingStore store(c.workspace());
  CHECK(store.ListCodings(storage::CodingFilter{{"ben"}, "", ""})->size() == 1);

  // The coordinator sets the project to blind: the checkbox cannot turn it off, and ben's
  // coding stays hidden until ana marks the answer done.
  REQUIRE(store.SetBlindProject(true, "coordinator").ok());
  coding({app::cmd::CodingSelect{0}});
  CHECK(v.project_blind);
  coding({app::cmd::CodingSetBlind{false}});
  CHECK(v.error.find("coordinator set this project to blind") != std::string::npos);
  CHECK(v.blind);
  CHECK(v.hidden_others == 1);
  CHECK(v.spans.empty());
  coding({app::cmd::CodingDone{true}});
  coding({app::cmd::CodingSelect{0}});
  CHECK(v.hidden_others == 0);
  CHECK(v.spans.size() == 1);

  // The audit says who did what.
  auto audit = c.workspace()->ListAudit();
  REQUIRE(audit.ok());
  CHECK(std::any_of(audit->begin(), audit->end(), [](const storage::AuditEntry& e) {
    return e.action == "coding.done" && e.detail.find(" by ana") != std::string::npos;
  }));

  // A new session may choose again.
  c.Apply(app::cmd::Lock{});
  open();
  CHECK_FALSE(v.coder_chosen);
  coding({app::cmd::CodingSetCoder{"ben"}});
  CHECK(v.coder == "ben");
  CHECK(v.error.empty());
}

TEST_CASE("coder identity on a coder's laptop: the enrolled name, fixed", "[gui][coding][identity]") {
  testing::TempDir dir;
  std::string iv, q, bens;
  const std::string path = BensWorkspace(dir, &iv, &q, &bens, storage::Role::kField);
  testing::OpenedApp opened(dir.path(), path, kPass);
  app::Controller& c = *opened.c;
  c.Apply(app::cmd::Navigate{app::Screen::kCoding});
  const auto& v = c.view().coding;
  CHECK(v.coder_chosen);
  const std::string me = v.coder;
  c.Apply(app::Command{app::cmd::Coding{app::cmd::CodingSetCoder{"ben"}}});
  CHECK(v.error.find("enrolled for " + me) != std::string::npos);
  CHECK(v.coder == me);
}

TEST_CASE("undo: Ctrl+Z takes back the session's add, remove, move and merge, and a merge splits back", "[gui][coding][undo]") {
  testing::TempDir dir;
  std::string iv, q, bens;
  const std::string path = BensWorkspace(dir, &iv, &q, &bens);
  testing::OpenedApp opened(dir.path(), path, kPass);
  app::Controller& c = *opened.c;
  testing::Ui ui(c);
  ui.Frames(2);
  ui.Click("nav_coding");
  auto coding = [&](app::cmd::Coding cmd) { c.Apply(app::Command{std::move(cmd)}); };
  coding({app::cmd::CodingSetCoder{"ana"}});
  const auto& v = c.view().coding;
  storage::CodingStore store(c.workspace());
  auto mine = [&] { return store.ListCodings(storage::CodingFilter{{"ana"}, "", ""})->size(); };
  const std::string lodging = *storage::CodingStore::ResolveCode(*store.LoadCodebook(), "Places/Lodging");
  coding({app::cmd::CodingApply{8, 13, lodging}});
  REQUIRE(mine() == 1);
  ui.Ctrl('Z');  // the key, through the GUI
  CHECK(mine() == 0);
  CHECK(v.message.find("Undone: coding of Places/Lodging") != std::string::npos);
  c.Apply(app::cmd::Undo{});
  CHECK(v.error == "Nothing to undo in this session.");
  // Remove, then undo the removal: the same coding is back.
  coding({app::cmd::CodingApply{8, 13, lodging}});
  coding({app::cmd::CodingSelect{0}});
  REQUIRE(v.spans.size() >= 1);
  std::string id;
  for (const auto& s : v.spans)
    if (s.coder == "ana") id = s.coding_id;
  coding({app::cmd::CodingRemove{id}});
  REQUIRE(mine() == 0);
  c.Apply(app::cmd::Undo{});
  REQUIRE(mine() == 1);
  CHECK(store.ListCodings(storage::CodingFilter{{"ana"}, "", ""})->at(0).start == 8);

  // Codebook: move, then merge Lodging into Places; undo splits it back, then moves back.
  ui.Click("nav_codebook");
  auto book = [&](app::cmd::Codebook cmd) { c.Apply(app::Command{std::move(cmd)}); };
  const std::string places = *storage::CodingStore::ResolveCode(*store.LoadCodebook(), "Places");
  book({app::cmd::CodebookMove{lodging, ""}});
  REQUIRE(store.LoadCodebook()->PathOf(lodging) == "Lodging");
  book({app::cmd::CodebookMerge{lodging, places}});
  REQUIRE(c.view().codebook.error.empty());
  CHECK(!store.LoadCodebook()->FindByGuid(lodging));
  REQUIRE(c.view().codebook.merged.size() == 1);
  ui.Ctrl('Z');
  INFO(c.view().codebook.error);
  REQUIRE(store.LoadCodebook()->FindByGuid(lodging));
  CHECK(store.LoadCodebook()->PathOf(lodging) == "Lodging");
  CHECK(store.ListCodings(storage::CodingFilter{{"ana"}, "", ""})->at(0).code_guid == lodging);  // its coding is its own again
  ui.Ctrl('Z');
  CHECK(store.LoadCodebook()->PathOf(lodging) == "Places/Lodging");
  // A merge made elsewhere splits back from the Codebook screen's list (the audit's record).
  REQUIRE(store.MergeCodes("Places", "Places/Lodging", "ben").ok());
  ui.Frames(2);
  c.Apply(app::cmd::Navigate{app::Screen::kCodebook});
  ui.Frames(2);
  ui.Click("codebook_merged");
  ui.Click("codebook_split_0");
  CHECK(store.LoadCodebook()->PathOf(lodging) == "Places/Lodging");
  auto audit = c.workspace()->ListAudit();
  CHECK(std::any_of(audit->begin(), audit->end(), [](const storage::AuditEntry& e) { return e.action == "code.split"; }));
}

TEST_CASE("in-vivo coding: a new code named by the selected words, reused the next time", "[gui][coding][invivo]") {
  testing::TempDir dir;
  std::string iv, q, bens;
  const std::string path = BensWorkspace(dir, &iv, &q, &bens);
  testing::OpenedApp opened(dir.path(), path, kPass);
  app::Controller& c = *opened.c;
  c.Apply(app::cmd::Navigate{app::Screen::kCoding});
  auto coding = [&](app::cmd::Coding cmd) { c.Apply(app::Command{std::move(cmd)}); };
  coding({app::cmd::CodingSetCoder{"ana"}});
  coding({app::cmd::CodingSelect{0}});
  const auto& v = c.view().coding;
  storage::CodingStore store(c.workspace());
  const size_t before = store.LoadCodebook()->size();
  coding({app::cmd::CodingInVivo{14, 40}});  // "in a locked trailer behind"
  INFO(v.error);
  REQUIRE(v.error.empty());
  auto cb = store.LoadCodebook();
  REQUIRE(cb->size() == before + 1);
  const coding::Code* made = cb->FindByPath("in a locked trailer behind");
  REQUIRE(made);
  auto mine = store.ListCodings(storage::CodingFilter{{"ana"}, "", ""});
  REQUIRE(mine->size() == 1);
  CHECK(mine->at(0).code_guid == made->guid);
  CHECK(mine->at(0).start == 14);
  coding({app::cmd::CodingInVivo{14, 40}});  // the same words again: the same code, no second one
  CHECK(store.LoadCodebook()->size() == before + 1);
  CHECK(v.message.find("existing code") != std::string::npos);
  coding({app::cmd::CodingInVivo{5, 5}});
  CHECK(!v.error.empty());
}

TEST_CASE("the coding screen in Spanish: its labels, counts and messages from the catalogue", "[gui][coding][i18n]") {
  testing::EnglishAfter english;
  testing::TempDir dir;
  std::string iv, q, bens;
  const std::string path = BensWorkspace(dir, &iv, &q, &bens);
  app::ControllerOptions o;
  o.config_dir = dir.File("config");
  app::Controller c(o);
  app::i18n::SetLanguage("es");
  c.Apply(app::cmd::OpenWorkspace{path, app::Secret(kPass)});
  c.WaitIdle();
  REQUIRE(c.view().unlocked);
  testing::Ui ui(c);
  ui.Frames(2);
  ui.Click("nav_coding");
  REQUIRE(c.view().screen == app::Screen::kCoding);
  const auto& v = c.view().coding;
  REQUIRE(v.hidden_others == 1);  // ben's coding, blind
  std::string screen = ui.ScreenText();
  INFO(screen);
  CHECK(screen.find("¿Quién codifica?") != std::string::npos);
  CHECK(screen.find("Pregunta") != std::string::npos);
  CHECK(screen.find("Marcar como hecha (D)") != std::string::npos);
  CHECK(screen.find("Guardar nota") != std::string::npos);
  CHECK(screen.find("A ciegas: 1 codificación de otras personas queda oculta") != std::string::npos);  // a plural
  CHECK(screen.find("Agregar 1 respuesta de la lista al conjunto") != std::string::npos);  // another
  CHECK(screen.find("Mark done") == std::string::npos);
  CHECK(screen.find("Who is coding") == std::string::npos);

  // A message from the controller, shown on the screen; then an undo names what it took back.
  c.Apply(app::Command{app::cmd::Coding{app::cmd::CodingSetCoder{"ana"}}});
  const std::string lodging = *storage::CodingStore::ResolveCode(*storage::CodingStore(c.workspace()).LoadCodebook(), "Places/Lodging");
  c.Apply(app::Command{app::cmd::Coding{app::cmd::CodingApply{8, 13, lodging}}});
  ui.Click("coding_done");
  CHECK(v.message == "Marcada como hecha.");
  screen = ui.ScreenText();
  CHECK(screen.find("Marcada como hecha.") != std::string::npos);
  CHECK(screen.find("Codifica como ana (en esta sesión)") != std::string::npos);
  ui.Ctrl('Z');
  CHECK(v.message == "Se deshizo la codificación con Places/Lodging.");
}
