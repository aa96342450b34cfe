// Agreement screen on the demo workspace (ana and ben coded and finished a few answers): the
// figures equal the library's and `canvass-cli agreement --json`'s; the disagreement list equals
// coding::ListDisagreements; accepting a coder's span records one consensus coding that settles
// the disagreement and counts with `code counts --basis consensus`; "no code" settles by the
// consensus coder's done mark; bad input changes nothing; the headless UI clicks through it.
#include <catch2/catch.hpp>

#include <sys/stat.h>

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

void Same(const std::optional<double>& a, const std::optional<double>& b) {
  REQUIRE(a.has_value() == b.has_value());
  if (a) CHECK(std::fabs(*a - *b) <= 1e-12);
}

void Same(const std::optional<double>& a, const core::Value* json) {
  REQUIRE(json != nullptr);
  REQUIRE(a.has_value() == !json->is_null());
  if (a) CHECK(std::fabs(*a - json->as_number()) <= 1e-12);
}

void SameFigures(const coding::AgreementFigures& a, const coding::AgreementFigures& b) {
  CHECK(a.code_guid == b.code_guid);
  CHECK(a.units == b.units);
  Same(a.percent_agreement, b.percent_agreement);
  Same(a.cohen_kappa, b.cohen_kappa);
  Same(a.krippendorff_alpha, b.krippendorff_alpha);
}

void SameAsJson(const coding::AgreementFigures& a, const core::Value& j) {
  CHECK(j.Find("units")->as_number() == a.units);
  if (!a.code_guid.empty()) CHECK(j.Find("code")->as_string() == a.code_guid);
  Same(a.percent_agreement, j.Find("percent_agreement"));
  Same(a.cohen_kappa, j.Find("cohen_kappa"));
  Same(a.krippendorff_alpha, j.Find("krippendorff_alpha"));
}

// Consensus codings in the workspace.
std::vector<storage::CodingRecord> Consensus(storage::CodingStore s) {
  auto r = s.ListCodings(storage::CodingFilter{{storage::kConsensusCoder}, "", ""});
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("agreement screen figures equal the library and canvass-cli agreement --json (demo)", "[gui][coding][agreement]") {
  Demo d;
  auto cli = core::ParseJson(d.Cli("agreement " + d.demo.workspace + " --coders ana,ben --json"), "cli");
  REQUIRE(cli.ok());
  App app(d);
  const auto& v = app.v();
  CHECK(v.coders == std::vector<std::string>{"ana", "ben", "cara"});
  app.Compute({"ana", "ben"});
  INFO(v.error);
  REQUIRE(v.error.empty());
  REQUIRE(v.chosen == std::vector<std::string>{"ana", "ben"});

  auto in = app.store().AgreementInputFor({"ana", "ben"});
  REQUIRE(in.ok());
  REQUIRE(in->answers.size() >= 4);
  auto chars = coding::CharacterAgreement(*in);
  auto segs = coding::SegmentAgreement(*in);
  auto dis = coding::ListDisagreements(*in);
  REQUIRE(chars.ok());
  REQUIRE(segs.ok());
  REQUIRE(dis.ok());
  CHECK(v.answers == static_cast<int>(in->answers.size()));
  CHECK(v.answers == cli->Find("answers")->as_int());
  CHECK(v.codings == cli->Find("codings")->as_int());
  REQUIRE(v.rows.size() == chars->per_code.size());
  REQUIRE(v.rows.size() >= 2);
  const auto& jc = cli->Find("character")->Find("per_code")->as_array();
  const auto& js = cli->Find("segment")->Find("per_code")->as_array();
  REQUIRE(jc.size() == v.rows.size());
  REQUIRE(js.size() == v.rows.size());
  for (size_t i = 0; i < v.rows.size(); ++i) {
    INFO("code " << v.rows[i].code_path);
    SameFigures(v.rows[i].character, chars->per_code[i]);
    SameFigures(v.rows[i].segment, segs->per_code[i]);
    SameAsJson(v.rows[i].character, jc[i]);
    SameAsJson(v.rows[i].segment, js[i]);
  }
  SameFigures(v.pooled.character, chars->pooled);
  SameFigures(v.pooled.segment, segs->pooled);
  SameAsJson(v.pooled.character, *cli->Find("character")->Find("pooled"));
  SameAsJson(v.pooled.segment, *cli->Find("segment")->Find("pooled"));
  // The demo's coders partly agree: the figures are defined and not perfect.
  REQUIRE(v.pooled.character.cohen_kappa.has_value());
  CHECK(*v.pooled.character.cohen_kappa < 1.0);
  CHECK(*v.pooled.character.cohen_kappa > -1.0);

  // The disagreement list is the library's, in its order.
  REQUIRE(!dis->empty());
  REQUIRE(v.disagreements.size() == dis->size());
  CHECK(cli->Find("disagreements")->as_array().size() == dis->size());
  for (size_t i = 0; i < dis->size(); ++i) {
    const auto& a = v.disagreements[i];
    const auto& b = dis->at(i);
    CHECK(a.answer_id == b.answer_id);
    CHECK(a.code_guid == b.code_guid);
    CHECK(a.start == b.start);
    CHECK(a.end == b.end);
    CHECK(a.applied_by == b.applied_by);
    CHECK(a.not_applied_by == b.not_applied_by);
    CHECK(a.settled.empty());
  }
  CHECK(v.settled == 0);
  // The selected disagreement shows the answer with one column per coder plus consensus.
  REQUIRE(v.selected == 0);
  CHECK(!v.text.empty());
  REQUIRE(v.columns.size() == 3);
  CHECK(v.columns[0].coder == "ana");
  CHECK(v.columns[2].coder == "consensus");

  // The table exports as a private CSV with the same figures.
  const std::string csv = d.dir.File("agreement.csv");
  app.Do(app::cmd::Agreement{app::cmd::AgreementExport{csv}});
  INFO(v.error);
  REQUIRE(v.error.empty());
  struct stat st {};
  REQUIRE(::stat(csv.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::string text = testing::ReadAll(csv);
  CHECK(text.rfind("coders,answers,level,code,units,percent_agreement,cohen_kappa,krippendorff_alpha\n", 0) == 0);
  char kappa[40];
  std::snprintf(kappa, sizeof kappa, "%.6f", *v.pooled.character.cohen_kappa);
  CHECK(text.find("\"ana, ben\"," + std::to_string(v.answers) + ",character,(pooled),") != std::string::npos);
  CHECK(text.find(kappa) != std::string::npos);
}

TEST_CASE("accepting a coder's span records one consensus coding - no code settles exactly its span", "[gui][coding][agreement]") {
  Demo d;
  std::string code, answer;
  int64_t start = 0, end = 0;
  {
    App app(d);
    const auto& v = app.v();
    app.Compute({"ana", "ben"});
    REQUIRE(v.error.empty());
    REQUIRE(!v.disagreements.empty());
    // The first disagreement where ana coded the code: accept ana's span.
    int pick = -1;
    for (int i = 0; i < static_cast<int>(v.disagreements.size()) && pick < 0; ++i) {
      app.Do(app::cmd::Agreement{app::cmd::AgreementSelect{i}});
      const auto& by = v.disagreements[i].applied_by;
      if (std::find(by.begin(), by.end(), "ana") != by.end()) pick = i;
    }
    REQUIRE(pick >= 0);
    REQUIRE(v.columns[0].spans.size() == 1);
    const auto ana = v.columns[0].spans[0];
    code = v.disagreements[pick].code_guid;
    answer = v.disagreements[pick].answer_id;
    auto before = app.store().CountCodes({coding::CountBasis::kConsensus, storage::kConsensusCoder});
    REQUIRE(before.ok());
    CHECK(before->by_role.empty());

    app.Do(app::cmd::Agreement{app::cmd::AgreementAccept{"ana"}});
    INFO(v.error);
    REQUIRE(v.error.empty());
    auto cons = Consensus(app.store());
    REQUIRE(cons.size() == 1);
    CHECK(cons[0].answer_id() == answer);
    CHECK(cons[0].code_guid == code);
    CHECK(cons[0].start == ana.start);
    CHECK(cons[0].end == ana.end);
    start = ana.start;
    end = ana.end;
    CHECK(v.disagreements[pick].settled == "coded");
    CHECK(v.settled >= 1);
    REQUIRE(v.columns.back().spans.size() == 1);  // shown in the consensus column
    // Accepting again adds nothing.
    app.Do(app::cmd::Agreement{app::cmd::AgreementAccept{"ana"}});
    CHECK(Consensus(app.store()).size() == 1);
    auto after = app.store().CountCodes({coding::CountBasis::kConsensus, storage::kConsensusCoder});
    REQUIRE(after.ok());
    REQUIRE(!after->by_role.empty());
    for (const auto& c : after->by_role) CHECK(c.code_guid == code);

    // "No code" is refused where the consensus already codes the code, and changes nothing.
    auto stamp = app.store().ChangeStamp();
    app.Do(app::cmd::Agreement{app::cmd::AgreementNoCode{}});
    CHECK(v.error.find("already codes") != std::string::npos);
    CHECK(*app.store().ChangeStamp() == *stamp);

    // "No code" on a disagreement of another answer: a decision on exactly that span.
    int other = -1;
    for (int i = 0; i < static_cast<int>(v.disagreements.size()); ++i)
      if (v.disagreements[i].answer_id != answer) { other = i; break; }
    REQUIRE(other >= 0);
    app.Do(app::cmd::Agreement{app::cmd::AgreementSelect{other}});
    CHECK(v.disagreements[other].settled.empty());
    app.Do(app::cmd::Agreement{app::cmd::AgreementNoCode{}});
    REQUIRE(v.error.empty());
    CHECK(v.disagreements[other].settled == "no code");
    CHECK_FALSE(v.columns.back().done);  // the consensus did not finish the whole answer
    auto nocode = app.store().ListNoCode();
    REQUIRE(nocode.ok());
    REQUIRE(nocode->size() == 1);
    CHECK(nocode->at(0).answer_id == v.disagreements[other].answer_id);
    CHECK(nocode->at(0).start == v.disagreements[other].start);
    CHECK(Consensus(app.store()).size() == 1);  // no coding was added
  }
  // The CLI counts the consensus coding (and nothing for "no code").
  auto counts = core::ParseJson(d.Cli("code counts " + d.demo.workspace + " --basis consensus --json"), "cli");
  REQUIRE(counts.ok());
  const auto& roles = counts->Find("by_role")->as_array();
  REQUIRE(!roles.empty());
  for (const auto& r : roles) {
    CHECK(r.Find("code")->as_string() == code);
    CHECK(r.Find("interviews")->as_int() == 1);
  }
  // The consensus coding is an ordinary coding: the CLI lists it with ana's offsets.
  auto listed = core::ParseJson(d.Cli("code list " + d.demo.workspace + " --coder consensus --json"), "cli");
  REQUIRE(listed.ok());
  const auto& rows = listed->Find("codings")->as_array();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].Find("start")->as_int() == start);
  CHECK(rows[0].Find("end")->as_int() == end);
  CHECK(rows[0].Find("code")->as_string() == code);
}

TEST_CASE("agreement: one coder, an unknown coder or set, or a foreign span is refused and changes nothing", "[gui][coding][agreement]") {
  Demo d;
  App app(d);
  const auto& v = app.v();
  auto stamp = app.store().ChangeStamp();
  REQUIRE(stamp.ok());
  app.Compute({"ana"});
  CHECK(v.error == "Choose at least two coders to compare.");
  CHECK(v.chosen.empty());
  app.Compute({"ana", "zoe"});
  CHECK(v.error.find("Unknown coder \"zoe\"") != std::string::npos);
  CHECK(v.chosen.empty());
  app.Compute({"ana", "ana"});
  CHECK(!v.error.empty());
  app.Compute({"ana", "ben"}, "no-such-set");
  CHECK(v.error.find("Unknown coding set") != std::string::npos);
  CHECK(v.chosen.empty());
  app.Do(app::cmd::Agreement{app::cmd::AgreementAccept{"ana"}});
  CHECK(!v.error.empty());
  app.Compute({"ana", "ben"});
  REQUIRE(v.error.empty());
  app.Do(app::cmd::Agreement{app::cmd::AgreementAccept{"zoe"}});
  CHECK(v.error.find("not one of the compared coders") != std::string::npos);
  app.Do(app::cmd::Agreement{app::cmd::AgreementApplySpan{5, 3}});
  CHECK(v.error.find("Select some text") != std::string::npos);
  app.Do(app::cmd::Agreement{app::cmd::AgreementApplySpan{0, 1'000'000}});
  CHECK(v.error.find("Select some text") != std::string::npos);
  app.Do(app::cmd::Agreement{app::cmd::AgreementRemove{"not-a-coding"}});
  CHECK(v.error.find("Only a consensus coding") != std::string::npos);
  app.Do(app::cmd::Agreement{app::cmd::AgreementExport{""}});
  CHECK(!v.error.empty());
  CHECK(*app.store().ChangeStamp() == *stamp);
  CHECK(Consensus(app.store()).empty());
}

TEST_CASE("headless: choose coders, compute, open a disagreement, accept a span, apply a selection", "[gui][headless][coding][agreement]") {
  Demo d;
  App app(d);
  const auto& v = app.v();
  app.c->Apply(app::cmd::Navigate{app::Screen::kHome});
  testing::Ui ui(*app.c);
  ui.Frames(2);
  ui.Click("nav_agreement");
  REQUIRE(app.c->view().screen == app::Screen::kAgreement);
  REQUIRE(ui.Has("agree_coder_1"));
  // The first two coders start ticked; untick and tick ben again by clicking.
  CHECK(ui.state().agreement.chosen.size() == 2);
  ui.Click("agree_coder_1");
  CHECK(ui.state().agreement.chosen.size() == 1);
  ui.Click("agree_compute");
  ui.Wait();
  CHECK(v.error == "Choose at least two coders to compare.");
  ui.Click("agree_coder_1");
  ui.Click("agree_compute");
  ui.Wait();
  INFO(v.error);
  REQUIRE(v.chosen == std::vector<std::string>{"ana", "ben"});
  REQUIRE(v.disagreements.size() >= 2);
  ui.Frames(2);
  REQUIRE(ui.Has("agree_dis_1"));
  // Open disagreements until one where ben coded the code, then accept ben's span.
  int pick = -1;
  for (int i = 0; i < 6 && i < static_cast<int>(v.disagreements.size()) && pick < 0; ++i) {
    ui.Click("agree_dis_" + std::to_string(i));
    REQUIRE(v.selected == i);
    const auto& by = v.disagreements[i].applied_by;
    if (std::find(by.begin(), by.end(), "ben") != by.end()) pick = i;
  }
  REQUIRE(pick >= 0);
  REQUIRE(ui.Has("agree_accept_1"));
  const auto span = v.columns[1].spans[0];
  ui.Click("agree_accept_1");
  INFO(v.error);
  {
    auto cons = Consensus(app.store());
    REQUIRE(cons.size() == 1);
    CHECK(cons[0].coder == "consensus");
    CHECK(cons[0].answer_id() == v.disagreements[pick].answer_id);
    CHECK(cons[0].start == span.start);
    CHECK(cons[0].end == span.end);
    CHECK(cons[0].code_guid == v.disagreements[pick].code_guid);
    CHECK(v.disagreements[pick].settled == "coded");
  }
  // The selection (the disputed span by default) applies as consensus on an open disagreement.
  int open = -1;
  for (int i = 0; i < static_cast<int>(v.disagreements.size()) && open < 0; ++i)
    if (v.disagreements[i].settled.empty()) open = i;
  REQUIRE(open >= 0);
  app.Do(app::cmd::Agreement{app::cmd::AgreementSelect{open}});
  ui.Frames(2);
  const auto& dis = v.disagreements[open];
  CHECK(ui.state().agreement.lo() == dis.start);
  CHECK(ui.state().agreement.hi() == dis.end);
  const size_t before = Consensus(app.store()).size();
  ui.Click("agree_apply");
  INFO(v.error);
  auto cons = Consensus(app.store());
  REQUIRE(cons.size() == before + 1);
  bool found = false;
  for (const auto& c : cons)
    found |= c.answer_id() == dis.answer_id && c.start == dis.start && c.end == dis.end && c.code_guid == dis.code_guid;
  CHECK(found);
  CHECK(dis.settled == "coded");
}

TEST_CASE("agreement restricted to a coding set compares only the set's answers", "[gui][coding][agreement][coding_sets]") {
  Demo d;
  App app(d);
  const auto& v = app.v();
  auto in = app.store().AgreementInputFor({"ana", "ben"});
  REQUIRE(in.ok());
  REQUIRE(in->answers.size() >= 4);
  std::vector<std::string> ids{in->answers[1].answer_id, in->answers[2].answer_id, in->answers[3].answer_id};
  auto set = app.store().AddCodingSet("pilot", "ana");
  REQUIRE(set.ok());
  REQUIRE(app.store().AddToCodingSet(*set, ids, "ana").ok());
  app.Compute({"ana", "ben"}, *set);
  INFO(v.error);
  REQUIRE(v.error.empty());
  CHECK(v.set == *set);
  CHECK(v.answers == 3);
  // The library over the same three answers.
  coding::AgreementInput sub = *in;
  sub.answers = {in->answers[1], in->answers[2], in->answers[3]};
  sub.codings.clear();
  for (const auto& c : in->codings)
    if (std::find(ids.begin(), ids.end(), c.answer_id) != ids.end()) sub.codings.push_back(c);
  auto chars = coding::CharacterAgreement(sub);
  auto dis = coding::ListDisagreements(sub);
  REQUIRE(chars.ok());
  REQUIRE(dis.ok());
  CHECK(v.codings == static_cast<int>(sub.codings.size()));
  SameFigures(v.pooled.character, chars->pooled);
  REQUIRE(v.disagreements.size() == dis->size());
  for (const auto& row : v.disagreements) CHECK(std::find(ids.begin(), ids.end(), row.answer_id) != ids.end());
  // Exported, the three answers show as "<5" everywhere they could be read.
  const std::string csv = d.dir.File("set.csv");
  app.Do(app::cmd::Agreement{app::cmd::AgreementExport{csv}});
  REQUIRE(v.error.empty());
  const std::string text = testing::ReadAll(csv);
  CHECK(text.find("\"ana, ben\",<5,segment,(pooled),(s),") != std::string::npos);
  CHECK(text.find(",3,") == std::string::npos);
  CHECK(text.find("," + std::to_string(3 * v.rows.size()) + ",") == std::string::npos);
  for (const auto& r : v.rows) CHECK(text.find(",segment," + r.code_path + ",<5,") != std::string::npos);
  // Every answer again: more answers than the set.
  app.Compute({"ana", "ben"});
  CHECK(v.answers == static_cast<int>(in->answers.size()));
  CHECK(v.set.empty());
}
