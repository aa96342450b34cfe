// The Agreement screen after a step (tests/coding/agreement_gui_test.cpp has the first steps):
// settling one disagreement settles exactly what the screen said; the figures are recomputed
// when the codings change; a high percent agreement beside kappa 0 is explained (prevalence).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "app/controller.h"
#include "app/demo.h"
#include "core/value.h"
#include "storage/coding_store.h"
#include "coding_demo_fixture.h"
#include "storage/workspace.h"
#include "test_support.h"
#include "ui_harness.h"

using namespace canvass;

namespace {

using Demo = testing::CodingDemo;

using App = testing::AgreementApp;

// An open answer of more than 20 characters that `coder` finished (the demo has them).
storage::OpenAnswer FinishedBy(App& app, const char* coder) {
  auto answers = app.store().OpenAnswersBulk();
  REQUIRE(answers.ok());
  const storage::OpenAnswer* a = nullptr;
  for (const auto& x : *answers)
    if (x.length > 20 && std::count(x.completed_by.begin(), x.completed_by.end(), coder)) a = &x;
  REQUIRE(a);
  return *a;
}

}  // namespace

TEST_CASE("settling one disagreement settles exactly what the screen said, nothing else", "[gui][coding][agreement]") {
  Demo d;
  App app(d);
  const auto& v = app.v();
  // An answer where ana and ben each coded Places on separate words, and both finished it.
  const storage::OpenAnswer answer = FinishedBy(app, "ana");
  const storage::OpenAnswer* a = &answer;
  const std::string lone = "Actors/Buyers";
  REQUIRE(app.store().AddCoding({a->interview, a->question, 0, 3, lone, "ana"}).ok());
  REQUIRE(app.store().AddCoding({a->interview, a->question, 6, 9, lone, "ben"}).ok());
  app.Compute({"ana", "ben"});
  REQUIRE(v.error.empty());
  std::vector<int> mine;  // the two disagreements of that code on that answer
  for (int i = 0; i < static_cast<int>(v.disagreements.size()); ++i)
    if (v.disagreements[i].answer_id == a->id() && v.disagreements[i].code_path == lone) mine.push_back(i);
  REQUIRE(mine.size() == 2);
  // Another code's disagreement on the same answer (the demo's own codings).
  int other_code = -1;
  for (int i = 0; i < static_cast<int>(v.disagreements.size()); ++i)
    if (v.disagreements[i].answer_id == a->id() && v.disagreements[i].code_path != lone) other_code = i;
  REQUIRE(other_code >= 0);

  // Before deciding, the screen says what accepting ana's span settles: this span only.
  app.Do(app::cmd::Agreement{app::cmd::AgreementSelect{mine[0]}});
  REQUIRE(v.accept_preview.size() == 2);
  CHECK(v.accept_preview[0].rows == std::vector<int>{mine[0]});
  CHECK(v.accept_preview[0].text == "Settles this span [0, 3) as coded; nothing else.");
  CHECK(v.accept_preview[1].text == "ben did not code this span.");
  app.Do(app::cmd::Agreement{app::cmd::AgreementAccept{"ana"}});
  REQUIRE(v.error.empty());
  CHECK(v.disagreements[mine[0]].settled == "coded");
  CHECK(v.disagreements[mine[1]].settled.empty());        // ben's separate span stays open
  CHECK(v.disagreements[other_code].settled.empty());

  // "No code" on ben's span: that span only; the other code of the answer stays open.
  app.Do(app::cmd::Agreement{app::cmd::AgreementSelect{mine[1]}});
  CHECK(v.nocode_preview.rows == std::vector<int>{mine[1]});
  CHECK(v.nocode_preview.text == "Settles this span [6, 9) as no code; nothing else.");
  app.Do(app::cmd::Agreement{app::cmd::AgreementNoCode{}});
  REQUIRE(v.error.empty());
  CHECK(v.disagreements[mine[1]].settled == "no code");
  CHECK(v.disagreements[mine[0]].settled == "coded");
  CHECK(v.disagreements[other_code].settled.empty());

  // A selection over both spans would change both: the preview names the other one too.
  app.Do(app::cmd::Agreement{app::cmd::AgreementSelect{mine[1]}});
  app.Do(app::cmd::Agreement{app::cmd::AgreementPreview{0, 9}});
  CHECK(v.apply_preview.rows.size() == 1);  // [0,3) is already coded; [6,9) becomes coded
  CHECK(v.apply_preview.text == "Settles this span [6, 9) as coded; nothing else.");

  // The audit names the person who settled (the session's coder), not only "consensus".
  app.c->Apply(app::cmd::Lock{});
  auto w = storage::Workspace::Open(d.demo.workspace, app::kDemoPassphrase);
  REQUIRE(w.ok());
  auto audit = (*w)->ListAudit();
  REQUIRE(audit.ok());
  bool add = false, nocode = false;
  for (const auto& e : *audit) {
    add = add || (e.action == "coding.add" && e.detail.find(" as consensus by ") != std::string::npos);
    nocode = nocode || (e.action == "consensus.no_code" && e.detail.find(" by ") != std::string::npos);
  }
  CHECK(add);
  CHECK(nocode);
}


TEST_CASE("back on the agreement screen after the codings changed, the figures are recomputed", "[gui][coding][agreement]") {
  Demo d;
  App app(d);
  const auto& v = app.v();
  app.Compute({"ana", "ben"});
  REQUIRE(v.error.empty());
  const int before = v.answers;
  REQUIRE(before >= 2);
  // ben takes back one "done" mark (as on the Coding screen): that answer no longer counts.
  auto in = app.store().AgreementInputFor({"ana", "ben"});
  REQUIRE(in.ok());
  const std::string id = in->answers[0].answer_id;  // "<interview uuid>/<question id>"
  const size_t slash = id.find('/');
  REQUIRE(slash != std::string::npos);
  REQUIRE(app.store().SetCompleted(id.substr(0, slash), id.substr(slash + 1), "ben", false).ok());
  CHECK(v.answers == before);  // not yet: nothing asked for it
  app.c->Apply(app::cmd::Navigate{app::Screen::kHome});
  app.c->Apply(app::cmd::Navigate{app::Screen::kAgreement});
  app.c->WaitIdle();
  INFO(v.error);
  CHECK(v.error.empty());
  CHECK(v.chosen == std::vector<std::string>{"ana", "ben"});
  CHECK(v.answers == before - 1);
  // Nothing changed since: coming back again does not recompute (the selection stays).
  REQUIRE(v.disagreements.size() >= 2);
  app.Do(app::cmd::Agreement{app::cmd::AgreementSelect{static_cast<int>(v.disagreements.size()) - 1}});
  const int selected = v.selected;
  app.c->Apply(app::cmd::Navigate{app::Screen::kHome});
  app.c->Apply(app::cmd::Navigate{app::Screen::kAgreement});
  app.c->WaitIdle();
  CHECK(v.selected == selected);
}

TEST_CASE("a high percent agreement next to kappa 0 is explained where it happens (prevalence)", "[gui][coding][agreement]") {
  Demo d;
  App app(d);
  const auto& v = app.v();
  const storage::OpenAnswer answer = FinishedBy(app, "ben");
  const storage::OpenAnswer* a = &answer;
  REQUIRE(app.store().AddCoding({a->interview, a->question, 0, 2, "Actors/Buyers", "ana"}).ok());  // rare: 2 characters
  app.Compute({"ana", "ben"});
  REQUIRE(v.error.empty());
  const app::AgreementRow* rare = nullptr;
  for (const auto& r : v.rows)
    if (r.code_path == "Actors/Buyers") rare = &r;
  REQUIRE(rare);
  REQUIRE(rare->character.cohen_kappa.has_value());
  CHECK(std::fabs(*rare->character.cohen_kappa) < 1e-12);
  CHECK(*rare->character.percent_agreement > 0.99);
  CHECK(rare->prevalence_note.find("Actors/Buyers (characters): 99.") == 0);
  CHECK(rare->prevalence_note.find("% agreement but kappa 0.000") != std::string::npos);
  CHECK(rare->prevalence_note.find("by chance") != std::string::npos);
  for (const auto& r : v.rows)  // a code with kappa above 0.2 gets no note
    if (r.character.cohen_kappa && *r.character.cohen_kappa > 0.2 && r.segment.cohen_kappa && *r.segment.cohen_kappa > 0.2)
      CHECK(r.prevalence_note.empty());
}
