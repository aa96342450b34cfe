// What the assessment counts from coding (issue 21 §1): themes keyed by code identity and shown
// by full path, under the project's count rule (the consensus where it exists, otherwise any
// coder or at least two coders), the rule written into the result's notes; a "no code"
// consensus removes a code from the report; a .qdc repeating a name creates no second code.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/demo.h"
#include "app/view_assessment.h"
#include "assessment/scoring_profile.h"
#include "coding/refi_qda.h"
#include "core/crypto_util.h"
#include "storage/coding_store.h"
#include "storage/workspace.h"
#include "coding_demo_fixture.h"
#include "test_support.h"

using namespace canvass;

namespace {

struct DemoWs {
  testing::TempDir dir;
  app::DemoResult demo;
  std::unique_ptr<storage::Workspace> ws;
  DemoWs() {
    testing::UseFastKdf();
    REQUIRE(core::InitCrypto().ok());
    REQUIRE(app::BuildDemo(dir.File("demo"), &demo, 20).ok());
    auto w = storage::Workspace::Open(demo.workspace, app::kDemoPassphrase);
    REQUIRE(w.ok());
    ws = std::move(*w);
  }
  assessment::AssessmentResult Assess() {
    int conflicts = 0;
    auto r = app::ScoreWorkspace(ws.get(), assessment::DefaultProfile(), {}, &conflicts);
    INFO(r.status().message());
    REQUIRE(r.ok());
    return *r;
  }
};

// Every theme row name of every area ("code: <path>").
std::set<std::string> Themes(const assessment::AssessmentResult& r) {
  std::set<std::string> out;
  for (const auto& a : r.areas)
    for (const auto& [name, count] : a.themes)
      if (name.rfind("code: ", 0) == 0) out.insert(name.substr(6));
  return out;
}

bool HasNote(const assessment::AssessmentResult& r, const std::string& part) {
  return std::any_of(r.notes.begin(), r.notes.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("assessment themes: full paths, the consensus 'no code' removes a code, the rule is in the notes",
          "[coding][assessment][rules]") {
  DemoWs d;
  storage::CodingStore s(d.ws.get());
  const std::string housing = "Indicators and signs/Employer-controlled housing";
  auto themes = Themes(d.Assess());
  REQUIRE(themes.count(housing));                      // keyed by full path, not "Employer-controlled housing"
  CHECK_FALSE(themes.count("Employer-controlled housing"));
  CHECK(HasNote(d.Assess(), "consensus coding where coders settled an answer, otherwise a code any coder applied"));

  // The consensus settles every housing disagreement as "no code": housing leaves the report.
  auto codings = s.ListCodings();
  REQUIRE(codings.ok());
  auto cb = s.LoadCodebook();
  const std::string guid = *storage::CodingStore::ResolveCode(*cb, housing);
  int decided = 0;
  for (const auto& c : *codings)
    if (c.code_guid == guid) {
      REQUIRE(s.SetNoCode(c.interview, c.question, guid, c.start, c.end, true, "ana").ok());
      ++decided;
    }
  REQUIRE(decided > 0);
  themes = Themes(d.Assess());
  CHECK_FALSE(themes.count(housing));
  CHECK(themes.count("Places"));  // other codes are untouched

  // A consensus coding counts even where the fallback rule would not.
  REQUIRE(s.SetCountRule(coding::CountBasis::kConsensusElseTwo, "coordinator").ok());
  auto r2 = d.Assess();
  CHECK(HasNote(r2, "otherwise a code at least two coders applied"));
  const auto& c0 = codings->front();
  REQUIRE(s.AddCoding({c0.interview, c0.question, c0.start, c0.end, housing, storage::kConsensusCoder}).ok());
  CHECK(Themes(d.Assess()).count(housing));
}

TEST_CASE("assessment themes: two codes named alike under different parents stay apart", "[coding][assessment][rules]") {
  DemoWs d;
  storage::CodingStore s(d.ws.get());
  REQUIRE(s.AddCode("Places", "Other", "", "", "ana").ok());
  REQUIRE(s.AddCode("Actors", "Other", "", "", "ana").ok());
  auto answers = s.OpenAnswersBulk();
  REQUIRE(answers.ok());
  std::vector<const storage::OpenAnswer*> with_area;
  for (const auto& a : *answers)
    if (!a.areas.empty() && a.status == "final" && a.length > 4) with_area.push_back(&a);
  REQUIRE(with_area.size() >= 2);
  REQUIRE(s.AddCoding({with_area[0]->interview, with_area[0]->question, 0, 3, "Places/Other", "ana"}).ok());
  REQUIRE(s.AddCoding({with_area[1]->interview, with_area[1]->question, 0, 3, "Actors/Other", "ana"}).ok());
  auto themes = Themes(d.Assess());
  CHECK(themes.count("Places/Other"));
  CHECK(themes.count("Actors/Other"));
  CHECK_FALSE(themes.count("Other"));
}

TEST_CASE("count rules: any coder, at least two coders, consensus where it exists", "[coding][rules]") {
  using coding::CountBasis;
  coding::CountInput in;
  in.interviews = {{"i1", "", "role", {"A"}, {}}, {"i2", "", "role", {"A"}, {}}};
  in.interview_of_answer = {{"i1/q", "i1"}, {"i2/q", "i2"}};
  in.codings = {{"i1/q", 0, 5, "K", "ana", ""}, {"i1/q", 2, 6, "K", "ben", ""}, {"i2/q", 0, 5, "K", "ana", ""},
                {"i2/q", 0, 5, "L", "ana", ""}, {"i2/q", 10, 15, "L", "ben", ""}};
  auto applied = [&](CountBasis b) {
    coding::CountOptions o;
    o.basis = b;
    return coding::AppliedCodes(in, o);
  };
  using P = std::set<std::pair<std::string, std::string>>;
  CHECK(applied(CountBasis::kConsensusElseAny) == P{{"i1/q", "K"}, {"i2/q", "K"}, {"i2/q", "L"}});
  CHECK(applied(CountBasis::kConsensusElseTwo) == P{{"i1/q", "K"}, {"i2/q", "L"}});
  // "No code" on ana's span of L: only ben's remains, so two coders no longer applied it.
  in.no_code = {{"i2/q", "L", 0, 5}};
  CHECK(applied(CountBasis::kConsensusElseAny) == P{{"i1/q", "K"}, {"i2/q", "K"}, {"i2/q", "L"}});
  CHECK(applied(CountBasis::kConsensusElseTwo) == P{{"i1/q", "K"}});
  in.no_code.push_back({"i2/q", "L", 8, 20});
  CHECK(applied(CountBasis::kConsensusElseAny) == P{{"i1/q", "K"}, {"i2/q", "K"}});
  // The consensus finished i1 and coded nothing there: K is absent on i1; a consensus coding counts.
  in.consensus_done = {"i1/q"};
  in.codings.push_back({"i2/q", 1, 2, "L", "consensus", ""});
  CHECK(applied(CountBasis::kConsensusElseTwo) == P{{"i2/q", "L"}});
  CHECK(applied(CountBasis::kAnyCoder) == P{{"i1/q", "K"}, {"i2/q", "K"}, {"i2/q", "L"}});
  CHECK(applied(CountBasis::kConsensus) == P{{"i2/q", "L"}});
}

TEST_CASE("coding rules are the coordinator's: a field laptop cannot set them", "[coding][rules]") {
  DemoWs d;
  storage::CodingStore s(d.ws.get());
  auto st = s.GetCodingSettings();
  REQUIRE(st.ok());
  CHECK_FALSE(st->blind);
  CHECK(st->count_rule == coding::CountBasis::kConsensusElseAny);
  REQUIRE(s.SetBlindProject(true, "coordinator").ok());
  CHECK(s.GetCodingSettings()->blind);
  auto audit = d.ws->ListAudit();
  REQUIRE(audit.ok());
  CHECK(std::any_of(audit->begin(), audit->end(), [](const storage::AuditEntry& e) { return e.action == "coding.setting"; }));
  auto field = storage::Workspace::Create(d.dir.File("f.canvass"), "field passphrase two", storage::Role::kField, "F");
  REQUIRE(field.ok());
  storage::CodingStore fs(field->get());
  CHECK(fs.SetBlindProject(true, "ana").code() == core::Code::kUnsupported);
  CHECK_FALSE(fs.GetCodingSettings()->blind);
}

TEST_CASE("a .qdc repeating a top-level name adds no second code of that name", "[coding][refi]") {
  DemoWs d;
  storage::CodingStore s(d.ws.get());
  const std::string qdc =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n"
      "<Code guid=\"11111111-1111-4111-8111-111111111111\" name=\"Places\" isCodable=\"true\">"
      "<Code guid=\"11111111-1111-4111-8111-111111111112\" name=\"Bars\" isCodable=\"true\"/></Code>\n"
      "<Code guid=\"11111111-1111-4111-8111-111111111113\" name=\"Places\" isCodable=\"true\">"
      "<Code guid=\"11111111-1111-4111-8111-111111111114\" name=\"Ports\" isCodable=\"true\"/></Code>\n"
      "<Code guid=\"11111111-1111-4111-8111-111111111115\" name=\" Places \" isCodable=\"true\"/>\n"
      "<Code guid=\"11111111-1111-4111-8111-111111111116\" name=\"Fresh\" isCodable=\"true\"/>\n"
      "<Code guid=\"11111111-1111-4111-8111-111111111117\" name=\"Fresh\" isCodable=\"true\"/>\n"
      "</Codes></CodeBook>\n";
  auto book = coding::ReadQdc(qdc, "x.qdc");
  INFO(book.status().message());
  REQUIRE(book.ok());
  auto before = s.LoadCodebook();
  REQUIRE(s.ImportCodebook(*book, "ana").ok());
  auto cb = s.LoadCodebook();
  REQUIRE(cb.ok());
  int places = 0, fresh = 0;
  for (const coding::Code* c : cb->Children("")) {
    places += c->name.rfind("Places", 0) == 0 ? 1 : 0;
    fresh += c->name.rfind("Fresh", 0) == 0 ? 1 : 0;
  }
  CHECK(places == 1);
  CHECK(fresh == 1);
  CHECK(cb->FindByPath("Places/Bars"));
  CHECK(cb->FindByPath("Places/Ports"));
  CHECK(cb->size() == before->size() + 3);  // Bars, Ports, Fresh
}

TEST_CASE("REFI-QDA export names cases and documents by protocol, area and date, with case variables", "[coding][refi]") {
  DemoWs d;
  storage::CodingStore s(d.ws.get());
  auto p = s.ExportProject({});
  REQUIRE(p.ok());
  REQUIRE(!p->interviews.empty());
  std::set<std::string> names;
  for (const auto& iv : p->interviews) {
    CHECK(iv.name.find(iv.protocol + " - ") == 0);
    CHECK(iv.name.find(iv.date) != std::string::npos);
    CHECK(iv.name.find(iv.id) == std::string::npos);  // no uuid in the name
    CHECK(iv.date.size() == 10);
    CHECK(names.insert(iv.name).second);              // unique
  }
  CHECK(std::any_of(p->interviews.begin(), p->interviews.end(),
                    [](const coding::QdaInterview& iv) { return iv.area.find("County") != std::string::npos; }));
  for (const auto& a : p->answers) CHECK(a.name.find(" - " + a.question) != std::string::npos);
  auto qde = coding::WriteQde(*p);
  REQUIRE(qde.ok());
  CHECK(qde->find("name=\"" + p->interviews[0].name) != std::string::npos);
  CHECK(qde->find("<Variable guid=") != std::string::npos);
  CHECK(qde->find("name=\"Protocol\"") != std::string::npos);
  // Read back: the names stay names; identities are the interview/question ids, so importing the
  // export into the workspace it came from adds nothing.
  auto zip = coding::WriteQdpx(*p);
  REQUIRE(zip.ok());
  auto back = coding::ReadQdpx(*zip, "x.qdpx");
  REQUIRE(back.ok());
  REQUIRE(back->answers.size() == p->answers.size());
  CHECK(back->answers[0].id == p->answers[0].id);
  CHECK(back->answers[0].name == p->answers[0].name);
  CHECK(back->interviews[0].protocol == p->interviews[0].protocol);
  auto rep = s.ImportProject(*back, "ana");
  REQUIRE(rep.ok());
  CHECK(rep->codings_added == 0);
  CHECK(rep->codings_known == static_cast<int>(p->codings.size()));
  auto again = coding::WriteQdpx(*back);  // re-export of the read project: the same bytes
  REQUIRE(again.ok());
  CHECK(*again == *zip);
}

TEST_CASE("the coordinator sets the project's coding rules on the Agreement screen", "[gui][coding][agreement][rules]") {
  testing::CodingDemo d;
  testing::AgreementApp app(d);
  const auto& v = app.v();
  CHECK(v.can_set_rules);
  CHECK(v.count_rule == "consensus-else-any");
  app.Do(app::cmd::Agreement{app::cmd::AgreementRules{true, "consensus-else-two"}});
  INFO(v.error);
  REQUIRE(v.error.empty());
  auto s = app.store().GetCodingSettings();
  REQUIRE(s.ok());
  CHECK(s->blind);
  CHECK(s->count_rule == coding::CountBasis::kConsensusElseTwo);
  CHECK(v.count_rule_text.find("at least two coders") != std::string::npos);
  app.Do(app::cmd::Agreement{app::cmd::AgreementRules{false, "most coders"}});
  CHECK(v.error.find("unknown count rule") != std::string::npos);
  CHECK(app.store().GetCodingSettings()->blind);  // nothing changed
  CHECK(d.Cli("coding-rules " + d.demo.workspace).find("count rule: consensus-else-two") != std::string::npos);
}
