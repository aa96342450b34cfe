// Codebook screen and coding sets in the app, on real workspaces: the editor's commands give
// the same codebook as the canvass-cli verbs; a move that would make a cycle is refused and
// changes nothing; a merge moves codings; the headless harness drives the panel; blind mode
// per named set hides ben's codings from ana until both finished every answer of the set.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/controller.h"
#include "app/demo.h"
#include "coding/refi_qda.h"
#include "core/file_util.h"
#include "core/crypto_util.h"
#include "storage/coding_store.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;

namespace {

constexpr const char* kPass = "correct horse battery staple";

// A central workspace with `n` community_member interviews answering one open question.
std::string MakeWorkspace(testing::TempDir& dir, const std::string& name, int n, std::vector<std::string>* ivs, std::string* q) {
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  const std::string path = dir.File(name);
  auto ws = storage::Workspace::Create(path, kPass, storage::Role::kCentral, "TF");
  REQUIRE(ws.ok());
  auto form = (*ws)->GetForm("community_member");
  REQUIRE(form.ok());
  for (const auto* fq : form->TopLevelQuestions()) {
    forms::Answers t{{"consent", core::Value(true)}, {fq->id, core::Value("x")}};
    if (q->empty() && fq->is_open_text() && !fq->identifying && forms::ValidateAnswers(*form, t, {}).empty()) *q = fq->id;
  }
  REQUIRE(!q->empty());
  for (int i = 0; i < n; ++i) {
    auto id = (*ws)->AddInterview({"community_member", 0, "tester", "", "",
                                   {{"consent", core::Value(true)}, {*q, core::Value("Answer " + std::to_string(i) + " about work.")}}, false});
    REQUIRE(id.ok());
    if (ivs) ivs->push_back(*id);
  }
  return path;
}

struct App {
  core::FakeClock clock{1'800'000'000'000};
  std::unique_ptr<app::Controller> c;
  App(testing::TempDir& dir, const std::string& path) {
    app::ControllerOptions o;
    o.config_dir = dir.File("config-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    o.clock = &clock;
    c = std::make_unique<app::Controller>(o);
    c->Apply(app::cmd::OpenWorkspace{path, app::Secret(kPass)});
    c->WaitIdle();
    REQUIRE(c->view().unlocked);
  }
  void Book(app::cmd::Codebook cmd) { c->Apply(app::Command{std::move(cmd)}); }
  void Coding(app::cmd::Coding cmd) { c->Apply(app::Command{std::move(cmd)}); }
  storage::CodingStore store() { return storage::CodingStore(c->workspace()); }
};

// The codebook as comparable lines: path | description | color | memos.
std::vector<std::string> Shape(storage::CodingStore s) {
  auto cb = s.LoadCodebook();
  REQUIRE(cb.ok());
  std::vector<std::string> out;
  for (const coding::Code* c : cb->InTreeOrder()) {
    std::string line = cb->PathOf(c->guid) + " | " + c->description + " | " + c->color;
    for (const coding::Memo* m : cb->MemosFor(c->guid)) line += " | " + m->author + ": " + m->text;
    out.push_back(line);
  }
  return out;
}

std::string Guid(storage::CodingStore s, const std::string& path) {
  auto cb = s.LoadCodebook();
  REQUIRE(cb.ok());
  const coding::Code* c = cb->FindByPath(path);
  INFO(path);
  REQUIRE(c);
  return c->guid;
}

int64_t Stamp(storage::CodingStore s) { return *s.ChangeStamp(); }

void ClearField(testing::Ui& ui, const std::string& item, size_t n) {
  ui.Click(item);
  ui.Key(ImGuiKey_End);
  for (size_t i = 0; i < n; ++i) ui.Key(ImGuiKey_Backspace);
}

}  // namespace

TEST_CASE("codebook editor commands give the same codebook as the CLI verbs", "[gui][coding][codebook]") {
  testing::TempDir dir;
  std::string q1, q2;
  const std::string a = MakeWorkspace(dir, "a.canvass", 0, nullptr, &q1);
  const std::string b = MakeWorkspace(dir, "b.canvass", 0, nullptr, &q2);
  const std::string pass = dir.File("pass.txt");
  testing::WriteAll(pass, std::string(kPass) + "\n");
  auto cli = [&](const std::string& args) {
    std::string out;
    int rc = testing::Run(std::string(CANVASS_CLI) + " " + args + " --passphrase-file " + pass, &out);
    INFO(args << "\n" << out);
    REQUIRE(rc == 0);
  };
  cli("codebook add " + a + " Debt --parent Places --description 'Owed money. Not: loans to family.' --color '#AA0000' --author ana");
  cli("codebook add " + a + " Bondage --parent Places/Debt --author ana");
  cli("codebook rename " + a + " Places/Debt 'Debt bondage' --author ana");
  cli("codebook move " + a + " 'Places/Debt bondage' --author ana");  // to the top level
  cli("codebook memo " + a + " 'Debt bondage' --coder ana --text 'Check with the legal team.'");
  cli("codebook export " + a + " " + dir.File("a.qdc"));

  App app(dir, b);
  app.Coding(app::cmd::Coding{app::cmd::CodingSetCoder{"ana"}});
  app.c->Apply(app::cmd::Navigate{app::Screen::kCodebook});
  const auto& v = app.c->view().codebook;
  CHECK(v.author == "ana");
  const std::string places = Guid(app.store(), "Places");
  app.Book({app::cmd::CodebookAdd{places, "Debt", "Owed money. Not: loans to family.", "#AA0000"}});
  REQUIRE(v.error.empty());
  const std::string debt = Guid(app.store(), "Places/Debt");
  app.Book({app::cmd::CodebookAdd{debt, "Bondage", "", ""}});
  app.Book({app::cmd::CodebookRename{debt, "Debt bondage"}});
  app.Book({app::cmd::CodebookMove{debt, ""}});
  app.Book({app::cmd::CodebookMemo{debt, "Check with the legal team."}});
  INFO(v.error);
  REQUIRE(v.error.empty());
  app.Book({app::cmd::CodebookExport{dir.File("b.qdc")}});
  REQUIRE(v.error.empty());
  // The stored codebooks match line by line (GUIDs of new codes differ, by design).
  app.c->Apply(app::cmd::Lock{});
  auto wa = storage::Workspace::Open(a, kPass);
  auto wb = storage::Workspace::Open(b, kPass);
  REQUIRE(wa.ok());
  REQUIRE(wb.ok());
  auto shape_a = Shape(storage::CodingStore(wa->get()));
  auto shape_b = Shape(storage::CodingStore(wb->get()));
  CHECK(shape_a == shape_b);
  CHECK(std::find(shape_b.begin(), shape_b.end(), "Debt bondage | Owed money. Not: loans to family. | #AA0000 | ana: Check with the legal team.") !=
        shape_b.end());
  CHECK(std::find(shape_b.begin(), shape_b.end(), "Debt bondage/Bondage |  | ") != shape_b.end());
}

TEST_CASE("codebook: a cycle is refused and changes nothing - a merge moves codings - import .qdc", "[gui][coding][codebook]") {
  testing::TempDir dir;
  std::vector<std::string> ivs;
  std::string q;
  const std::string path = MakeWorkspace(dir, "tf.canvass", 1, &ivs, &q);
  App app(dir, path);
  app.Coding(app::cmd::Coding{app::cmd::CodingSetCoder{"ana"}});
  app.c->Apply(app::cmd::Navigate{app::Screen::kCodebook});
  const auto& v = app.c->view().codebook;
  app.Book({app::cmd::CodebookAdd{"", "Parent", "", ""}});
  app.Book({app::cmd::CodebookAdd{Guid(app.store(), "Parent"), "Child", "", ""}});
  const std::string parent = Guid(app.store(), "Parent"), child = Guid(app.store(), "Parent/Child");
  const auto before = Shape(app.store());
  const int64_t stamp = Stamp(app.store());
  app.Book({app::cmd::CodebookMove{parent, child}});
  CHECK(!v.error.empty());
  INFO(v.error);
  CHECK(v.error.find("below itself") != std::string::npos);
  CHECK(Shape(app.store()) == before);
  CHECK(Stamp(app.store()) == stamp);
  app.Book({app::cmd::CodebookEdit{parent, "notes", "not a color"}});
  CHECK(!v.error.empty());
  CHECK(Stamp(app.store()) == stamp);

  // Merge: ana's two codings of Child count as Parent afterwards.
  auto s = app.store();
  REQUIRE(s.AddCoding({ivs[0], q, 0, 6, child, "ana"}).ok());
  REQUIRE(s.AddCoding({ivs[0], q, 7, 8, child, "ben"}).ok());
  app.c->Apply(app::cmd::Navigate{app::Screen::kCodebook});
  app.Book({app::cmd::CodebookMerge{child, parent}});
  INFO(v.error);
  REQUIRE(v.error.empty());
  CHECK(v.message.find("2 codings now count as Parent") != std::string::npos);
  auto codings = s.ListCodings();
  REQUIRE(codings.ok());
  REQUIRE(codings->size() == 2);
  for (const auto& r : *codings) CHECK(r.code_guid == parent);
  CHECK(s.LoadCodebook()->FindByGuid(child) == nullptr);

  // Import a .qdc with one new code; a missing file is one clear error and changes nothing.
  const int64_t stamp2 = Stamp(s);
  app.Book({app::cmd::CodebookImport{dir.File("missing.qdc")}});
  CHECK(!v.error.empty());
  CHECK(Stamp(s) == stamp2);
  coding::Codebook other;
  REQUIRE(other.Add("", "Imported theme", "from another tool", "#00AA00").ok());
  REQUIRE(core::WriteFileAtomic(dir.File("in.qdc"), *coding::WriteQdc(other), true).ok());
  app.Book({app::cmd::CodebookImport{dir.File("in.qdc")}});
  INFO(v.error);
  CHECK(v.message.find("1 new code,") != std::string::npos);
  CHECK(s.LoadCodebook()->FindByPath("Imported theme") != nullptr);
}

TEST_CASE("headless: the codebook panel adds, renames and merges codes", "[gui][headless][coding][codebook]") {
  testing::TempDir dir;
  std::vector<std::string> ivs;
  std::string q;
  const std::string path = MakeWorkspace(dir, "tf.canvass", 1, &ivs, &q);
  App app(dir, path);
  testing::Ui ui(*app.c);
  ui.Frames(2);
  ui.Click("nav_codebook");
  REQUIRE(app.c->view().screen == app::Screen::kCodebook);
  const auto& v = app.c->view().codebook;
  const size_t n = v.codes.size();
  REQUIRE(n > 5);

  ui.Fill("cb_new_name", "Night shifts");
  ui.Click("cb_add");
  INFO(v.error);
  REQUIRE(v.codes.size() == n + 1);
  auto s = app.store();
  const std::string night = Guid(s, "Night shifts");

  // Select it, rename it, give it a description and a color.
  int row = -1;
  for (size_t i = 0; i < v.codes.size(); ++i)
    if (v.codes[i].guid == night) row = static_cast<int>(i);
  REQUIRE(row >= 0);
  ui.Click("cb_row_" + std::to_string(row));
  REQUIRE(ui.state().coding.book.selected == night);
  ClearField(ui, "cb_name", std::string("Night shifts").size());
  ui.Type("Night work");
  ui.Click("cb_rename");
  INFO(v.error);
  CHECK(s.LoadCodebook()->FindByGuid(night)->name == "Night work");
  ui.Fill("cb_description", "Work between 22:00 and 06:00.", true);
  ui.Fill("cb_color", "#123456");
  ui.Click("cb_save");
  CHECK(s.LoadCodebook()->FindByGuid(night)->description == "Work between 22:00 and 06:00.");
  CHECK(s.LoadCodebook()->FindByGuid(night)->color == "#123456");

  // Merge "Night work" into the first code through the picker and the confirmation.
  REQUIRE(s.AddCoding({ivs[0], q, 0, 6, night, "ana"}).ok());
  ui.Click("nav_coding");
  ui.Click("nav_codebook");
  // Issue 21 §2: every code drop-down filters as one types; Enter takes the only match.
  std::string into, into_path;
  auto lower = [](std::string x) {
    for (auto& ch : x) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return x;
  };
  for (const auto& r : v.codes) {
    if (r.guid == night || !into.empty()) continue;
    int contains = 0;
    for (const auto& o : v.codes) contains += lower(o.path).find(lower(r.path)) != std::string::npos;
    if (contains == 1) { into = r.guid; into_path = r.path; }
  }
  REQUIRE(!into.empty());
  ui.Click("cb_merge_into");
  ui.Type(lower(into_path));  // the filter has the focus as the list opens
  ui.Frames(2);
  if (v.codes[0].guid != into) CHECK_FALSE(ui.Has("cb_merge_into_pick_0"));  // another code: filtered out
  ui.Key(ImGuiKey_Enter);
  REQUIRE(ui.state().coding.book.merge_into == into);
  ui.Click("cb_merge");
  REQUIRE(ui.Has("cb_merge_confirm"));
  ui.Click("cb_merge_confirm");
  INFO(v.error);
  CHECK(v.message.find("1 coding now counts") != std::string::npos);
  CHECK(s.LoadCodebook()->FindByGuid(night) == nullptr);
  CHECK(s.ListCodings()->at(0).code_guid == into);
}

TEST_CASE("blind mode per coding set: ben's codings stay hidden from ana until both finished every answer of the set",
          "[gui][coding][coding_sets]") {
  testing::TempDir dir;
  std::vector<std::string> ivs;
  std::string q;
  const std::string path = MakeWorkspace(dir, "tf.canvass", 3, &ivs, &q);
  App app(dir, path);
  app.Coding(app::cmd::Coding{app::cmd::CodingSetCoder{"ana"}});
  app.c->Apply(app::cmd::Navigate{app::Screen::kCoding});
  const auto& v = app.c->view().coding;
  REQUIRE(v.queue.size() == 3);
  // The coordinator narrows the queue to two answers and adds them to "Week 1".
  app::CodingQueueFilter f;
  f.status = "todo";
  app.Coding(app::cmd::Coding{app::cmd::CodingSetFilter{f}});
  auto s = app.store();
  REQUIRE(s.SetCompleted(ivs[2], q, "ana", true).ok());  // made elsewhere: the app notices
  app.Coding(app::cmd::Coding{app::cmd::CodingSetFilter{f}});
  REQUIRE(v.queue.size() == 2);
  app.Coding(app::cmd::Coding{app::cmd::CodingQueueToSet{"Week 1"}});
  INFO(v.error);
  REQUIRE(v.sets.size() == 1);
  CHECK(v.sets[0].answers == 2);
  const std::string week = v.sets[0].id;
  f.status.clear();
  f.set = week;
  app.Coding(app::cmd::Coding{app::cmd::CodingSetFilter{f}});
  REQUIRE(v.queue.size() == 2);

  // ben codes the first answer and finishes both; ana codes and finishes only the first.
  const std::string first = v.queue[0].interview;
  REQUIRE(s.AddCoding({first, q, 0, 6, "Places", "ben"}).ok());
  for (const auto& r : std::vector<app::CodingQueueRow>(v.queue)) REQUIRE(s.SetCompleted(r.interview, r.question, "ben", true).ok());
  app.Coding(app::cmd::Coding{app::cmd::CodingSelect{0}});
  app.Coding(app::cmd::Coding{app::cmd::CodingApply{0, 6, v.hotkeys[0].guid}});
  REQUIRE(v.error.empty());
  app.Coding(app::cmd::Coding{app::cmd::CodingDone{true}});  // moves on to the second answer
  app.Coding(app::cmd::Coding{app::cmd::CodingSelect{0}});
  CHECK(v.queue[0].done_by_me);
  CHECK(v.hidden_others == 1);  // ana finished this answer and ben the set, but ana not the set
  CHECK(v.spans.size() == 1);
  CHECK(v.sets[0].progress == "ana 1/2 done, ben 2/2 done");
  app.Coding(app::cmd::Coding{app::cmd::CodingSetBlind{false}});
  CHECK(v.spans.size() == 2);
  app.Coding(app::cmd::Coding{app::cmd::CodingSetBlind{true}});
  CHECK(v.hidden_others == 1);

  // ana finishes the second answer: the set is done for both, ben's coding shows.
  app.Coding(app::cmd::Coding{app::cmd::CodingSelect{1}});
  app.Coding(app::cmd::Coding{app::cmd::CodingDone{true}});
  CHECK(v.sets[0].progress == "ana 2/2 done, ben 2/2 done");
  app.Coding(app::cmd::Coding{app::cmd::CodingSelect{0}});
  CHECK(v.hidden_others == 0);
  REQUIRE(v.spans.size() == 2);
  CHECK(((v.spans[0].coder == "ben") || (v.spans[1].coder == "ben")));

  // ben un-finishes one answer: hidden again.
  REQUIRE(s.SetCompleted(ivs[0], q, "ben", false).ok());
  REQUIRE(s.SetCompleted(ivs[1], q, "ben", false).ok());
  app.Coding(app::cmd::Coding{app::cmd::CodingSelect{0}});
  CHECK(v.hidden_others == 1);
}

TEST_CASE("the workbench's bulk queue read gives the same open answers as OpenAnswers (demo workspace)", "[coding][coding_sets]") {
  testing::TempDir dir;
  testing::UseFastKdf();
  REQUIRE(core::InitCrypto().ok());
  app::DemoResult demo;
  auto st = app::BuildDemo(dir.File("demo"), &demo, 20);
  INFO(st.message());
  REQUIRE(st.ok());
  auto ws = storage::Workspace::Open(demo.workspace, app::kDemoPassphrase);
  REQUIRE(ws.ok());
  storage::CodingStore s(ws->get());
  auto slow = s.OpenAnswers();
  auto fast = s.OpenAnswersBulk();
  REQUIRE(slow.ok());
  REQUIRE(fast.ok());
  REQUIRE(slow->size() > 10);
  REQUIRE(fast->size() == slow->size());
  bool some_areas = false, some_done = false;
  for (size_t i = 0; i < slow->size(); ++i) {
    const auto &a = slow->at(i), &b = fast->at(i);
    INFO(a.id());
    CHECK(b.id() == a.id());
    CHECK(b.text == a.text);
    CHECK(b.length == a.length);
    CHECK(b.form_id == a.form_id);
    CHECK(b.question_label == a.question_label);
    CHECK(b.role == a.role);
    CHECK(b.status == a.status);
    CHECK(b.areas == a.areas);
    CHECK(b.forms == a.forms);
    CHECK(b.completed_by == a.completed_by);
    some_areas |= !a.areas.empty();
    some_done |= !a.completed_by.empty();
  }
  CHECK(some_areas);
  CHECK(some_done);
}

TEST_CASE("headless: add the queue to a named set and filter the queue by it", "[gui][headless][coding][coding_sets]") {
  testing::TempDir dir;
  std::vector<std::string> ivs;
  std::string q;
  const std::string path = MakeWorkspace(dir, "tf.canvass", 3, &ivs, &q);
  App app(dir, path);
  testing::Ui ui(*app.c);
  ui.Frames(2);
  ui.Click("nav_coding");
  const auto& v = app.c->view().coding;
  REQUIRE(v.queue.size() == 3);
  ui.Fill("coding_set_name", "Week 2");
  ui.Click("coding_set_add");
  INFO(v.error);
  REQUIRE(v.sets.size() == 1);
  CHECK(v.sets[0].name == "Week 2");
  CHECK(v.sets[0].answers == 3);
  auto stored = app.store().GetCodingSet("Week 2");
  REQUIRE(stored.ok());
  CHECK(stored->answers.size() == 3);
  ui.Click("coding_f_set");
  ui.Click("coding_f_set_0");
  CHECK(v.filter.set == stored->id);
  CHECK(v.queue.size() == 3);
  ui.Click("coding_done");
  CHECK(v.sets[0].progress.find("1/3 done") != std::string::npos);
}

TEST_CASE("headless: take answers out of the filtered set, rename it, delete it (asked twice)", "[gui][headless][coding][coding_sets]") {
  testing::TempDir dir;
  std::vector<std::string> ivs;
  std::string q;
  const std::string path = MakeWorkspace(dir, "tf.canvass", 3, &ivs, &q);
  App app(dir, path);
  testing::Ui ui(*app.c);
  ui.Frames(2);
  ui.Click("nav_coding");
  const auto& v = app.c->view().coding;
  ui.Fill("coding_set_name", "Week 3");
  ui.Click("coding_set_add");
  REQUIRE(v.sets.size() == 1);
  ui.Click("coding_f_set");
  ui.Click("coding_f_set_0");
  REQUIRE(v.queue.size() == 3);
  const std::string id = v.filter.set;

  ui.Click("coding_set_remove");  // every queued answer of the set
  INFO(v.error);
  auto stored = app.store().GetCodingSet(id);
  REQUIRE(stored.ok());
  CHECK(stored->answers.empty());
  CHECK(v.message.find("Took 3 answers out") != std::string::npos);
  CHECK(v.queue.empty());  // the filter still shows the (now empty) set

  ui.Fill("coding_set_rename", "Week 3 (farms)");
  ui.Click("coding_set_rename_go");
  CHECK(app.store().GetCodingSet(id)->name == "Week 3 (farms)");
  CHECK(v.sets[0].name == "Week 3 (farms)");

  ui.Click("coding_set_delete");  // first press only asks
  CHECK(app.store().GetCodingSet(id).ok());
  ui.Click("coding_set_delete");
  CHECK(app.store().GetCodingSet(id).status().code() == core::Code::kNotFound);
  CHECK(v.sets.empty());
  CHECK(v.filter.set.empty());
  CHECK(app.store().ListCodings().ok());
}
