// CodingStore over real workspaces: codings and relocation after edits, codebook edits as
// versions, two coders on two enrolled laptops merged at the central with agreement checked
// against hand-computed values, counts, and REFI-QDA export validated and round-tripped.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "../sync/sync_fixture.h"
#include "coding/agreement.h"
#include "coding/refi_qda.h"
#include "storage/coding_store.h"

using namespace canvass;
using storage::CodingStore;
using storage::NewCoding;

namespace {

const char* kHousing = "Indicators and signs/Employer-controlled housing";
const char* kDocs = "Indicators and signs/Document confiscation";

std::string Add(CodingStore& s, const std::string& iv, const std::string& q, int64_t b, int64_t e, const std::string& code,
                const std::string& coder) {
  auto id = s.AddCoding(NewCoding{iv, q, b, e, code, coder});
  INFO(id.status().message());
  REQUIRE(id.ok());
  return *id;
}

void Import(storage::Workspace* ws, const std::string& bundle) {
  auto r = sync::ImportBundle(ws, bundle);
  INFO(r.status().message());
  REQUIRE(r.ok());
}

bool HaveXmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("codings: add, list, remove, relocate after an answer edit", "[coding_store]") {
  testing::Project p(0);
  auto* ws = p.central.get();
  auto qs = testing::TextQuestions(ws);
  std::string iv = testing::NewInterview(ws, qs[0], "Workers live in a locked trailer. Passports held by boss.");
  CodingStore s(ws);
  std::string c1 = Add(s, iv, qs[0], 0, 32, kHousing, "ana");     // "Workers live in a locked trailer"
  std::string c2 = Add(s, iv, qs[0], 34, 57, kDocs, "ana");       // "Passports held by boss."
  CHECK_FALSE(s.AddCoding(NewCoding{iv, qs[0], 0, 999, kDocs, "ana"}).ok());
  CHECK_FALSE(s.AddCoding(NewCoding{iv, qs[0], 5, 5, kDocs, "ana"}).ok());
  CHECK_FALSE(s.AddCoding(NewCoding{iv, qs[0], 0, 3, "No such/code", "ana"}).ok());
  CHECK_FALSE(s.AddCoding(NewCoding{iv, qs[0], 0, 3, kDocs, ""}).ok());
  auto list = s.ListCodings();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK(list->at(0).fate == "ok");

  // Text inserted before both spans: both move. Then the second span's text changes: review.
  REQUIRE(ws->SetAnswer(iv, qs[0], core::Value("Neighbours: Workers live in a locked trailer. Passports held by boss."), "x").ok());
  list = s.ListCodings();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  for (const auto& r : *list) {
    CHECK(r.fate == "moved");
    CHECK(r.start == (r.id == c1 ? 12 : 46));
  }
  REQUIRE(ws->SetAnswer(iv, qs[0], core::Value("Neighbours: Workers live in a locked trailer. IDs kept by the boss."), "x").ok());
  list = s.ListCodings();
  REQUIRE(list.ok());
  for (const auto& r : *list) CHECK(r.fate == (r.id == c1 ? "moved" : "needs_review"));

  REQUIRE(s.RemoveCoding(c2, "ana").ok());
  CHECK(s.RemoveCoding(c2, "ana").code() == core::Code::kNotFound);
  list = s.ListCodings();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK(list->at(0).id == c1);
}

TEST_CASE("codebook edits are versions: rename, move, merge redirects codings, import", "[coding_store]") {
  testing::Project p(0);
  auto* ws = p.central.get();
  auto qs = testing::TextQuestions(ws);
  std::string iv = testing::NewInterview(ws, qs[0], "Recruited with a fake job offer.");
  CodingStore s(ws);
  auto starter = s.LoadCodebook();
  REQUIRE(starter.ok());
  size_t n = starter->size();
  auto rec = s.AddCode("", "Recruitment", "how people were recruited", "#123456", "ana");
  REQUIRE(rec.ok());
  auto fake = s.AddCode("Recruitment", "Fake job offers", "", "", "ana");
  REQUIRE(fake.ok());
  CHECK_FALSE(s.AddCode("Recruitment", "Fake job offers", "", "", "ana").ok());  // duplicate sibling
  Add(s, iv, qs[0], 0, 9, "Recruitment/Fake job offers", "ana");
  REQUIRE(s.RenameCode(*rec, "Recruiting", "ana").ok());
  REQUIRE(s.MoveCode("Recruiting", "Indicators and signs", "ana").ok());
  auto cb = s.LoadCodebook();
  REQUIRE(cb.ok());
  CHECK(cb->size() == n + 2);
  CHECK(cb->PathOf(*fake) == "Indicators and signs/Recruiting/Fake job offers");
  REQUIRE(s.MergeCodes(kDocs, "Indicators and signs/Recruiting/Fake job offers", "ana").ok());
  auto list = s.ListCodings();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK(list->at(0).code_guid == *CodingStore::ResolveCode(*s.LoadCodebook(), kDocs));
  CHECK(CodingStore::ResolveCode(*s.LoadCodebook(), *fake).ok() == false);
  REQUIRE(s.SetMemo(*rec, "ana", "Job ads, word of mouth.").ok());
  auto memos = s.ListMemos(*rec);
  REQUIRE(memos.ok());
  REQUIRE(memos->size() == 1);
  CHECK(memos->at(0).coder == "ana");
  // History keeps everything; the digest covers codebook versions.
  auto d1 = ws->Digest();
  REQUIRE(s.RenameCode(*rec, "Recruitment", "ana").ok());
  CHECK(*ws->Digest() != *d1);
  // A .qdc from elsewhere adds only what is new.
  coding::Codebook other;
  auto g = other.Add("", "Brand new", "", "#00ff00");
  REQUIRE(g.ok());
  REQUIRE(other.Add("", "Places").ok());  // already here (by path)
  REQUIRE(other.AddMemo(*g, "ben", "note", "").ok());
  auto added = s.ImportCodebook(other, "ben");
  REQUIRE(added.ok());
  CHECK(*added == 1);
  CHECK(*s.ImportCodebook(other, "ben") == 0);
  CHECK(s.ListMemos(*g)->size() == 1);
}

TEST_CASE("two coders code blind on two laptops and the central keeps their work apart with agreement", "[coding_store][sync]") {
  testing::Project p(2);
  auto qs = testing::TextQuestions(p.central.get());
  const std::string q = qs[0];
  // A1: 20 code points, A2: 10, A3: 10 (only ana finishes A3).
  std::string a1 = testing::NewInterview(p.central.get(), q, "abcdefghijklmnopqrst");
  std::string a2 = testing::NewInterview(p.central.get(), q, "uvwxyzABCD");
  std::string a3 = testing::NewInterview(p.central.get(), q, "EFGHIJKLMN");
  p.Update(0, true);
  p.Update(1, true);
  CodingStore ana(p.fields[0].get()), ben(p.fields[1].get());
  const std::string X = "Places";
  Add(ana, a1, q, 0, 10, X, "ana");
  Add(ana, a3, q, 0, 10, X, "ana");
  Add(ben, a1, q, 5, 15, X, "ben");
  Add(ben, a1, q, 5, 15, X, "ben");  // the same work twice counts once
  for (const auto& iv : {a1, a2, a3}) REQUIRE(ana.SetCompleted(iv, q, "ana", true).ok());
  for (const auto& iv : {a1, a2}) REQUIRE(ben.SetCompleted(iv, q, "ben", true).ok());
  // Blind: neither laptop holds the other's work.
  CHECK(ben.ListCodings(storage::CodingFilter{{"ana"}, "", ""})->empty());
  // A code added on a laptop travels too.
  REQUIRE(ana.AddCode("", "Recruitment", "", "", "ana").ok());

  std::string ba = p.Export(p.fields[0].get()), bb = p.Export(p.fields[1].get());
  Import(p.central.get(), bb);
  Import(p.central.get(), ba);
  auto digest = p.central->Digest();
  Import(p.central.get(), ba);  // re-import: nothing changes
  CHECK(*p.central->Digest() == *digest);

  CodingStore central(p.central.get());
  CHECK(central.ListCodings(storage::CodingFilter{{"ana"}, "", ""})->size() == 2);
  CHECK(central.ListCodings(storage::CodingFilter{{"ben"}, "", ""})->size() == 1);  // the same work twice is one coding
  CHECK(CodingStore::ResolveCode(*central.LoadCodebook(), "Recruitment").ok());

  int review = -1;
  auto in = central.AgreementInputFor({"ana", "ben"}, &review);
  REQUIRE(in.ok());
  CHECK(review == 0);
  REQUIRE(in->answers.size() == 2);  // A3 is not done by ben
  auto ch = coding::CharacterAgreement(*in);
  REQUIRE(ch.ok());
  REQUIRE(ch->per_code.size() == 1);
  // 30 characters: both 5, only ana 5, only ben 5, neither 15.
  const auto& f = ch->pooled;
  CHECK(f.units == 30);
  CHECK(std::abs(*f.percent_agreement - 2.0 / 3.0) < 1e-9);
  CHECK(std::abs(*f.cohen_kappa - 0.25) < 1e-9);                   // (2/3 - 5/9) / (1 - 5/9)
  CHECK(std::abs(*f.krippendorff_alpha - (1 - 59.0 * 20 / 1600)) < 1e-9);  // 0.2625
  auto seg = coding::SegmentAgreement(*in);
  REQUIRE(seg.ok());
  CHECK(std::abs(*seg->pooled.percent_agreement - 1.0) < 1e-9);
  CHECK(std::abs(*seg->pooled.cohen_kappa - 1.0) < 1e-9);
  auto dis = coding::ListDisagreements(*in);
  REQUIRE(dis.ok());
  REQUIRE(dis->size() == 2);  // [0,5) ana only, [10,15) ben only
  CHECK(dis->at(0).start == 0);
  CHECK(dis->at(0).end == 5);
  CHECK(dis->at(1).start == 10);
  CHECK(dis->at(1).end == 15);
  // Consensus coding and the counts built from the workspace.
  Add(central, a1, q, 0, 15, X, storage::kConsensusCoder);
  coding::CountOptions consensus;
  consensus.basis = coding::CountBasis::kConsensus;
  auto counts = central.CountCodes(consensus);
  REQUIRE(counts.ok());
  REQUIRE(counts->by_role.size() == 1);
  CHECK(counts->by_role[0].interviews == 1);
  auto any = central.CountCodes();
  REQUIRE(any.ok());
  CHECK(any->by_role[0].interviews == 2);  // a1 and a3
}

TEST_CASE("qdpx export: de-identified, valid, and a round trip loses nothing", "[coding_store][refi]") {
  testing::Project p(0);
  auto* ws = p.central.get();
  auto qs = testing::TextQuestions(ws);
  auto form = ws->GetForm("community_member");
  REQUIRE(form.ok());
  std::string ident;
  for (const auto* fq : form->TopLevelQuestions())
    if (fq->identifying && fq->is_open_text()) ident = fq->id;
  REQUIRE(!ident.empty());
  forms::Answers a{{"consent", core::Value(true)}, {qs[0], core::Value("Line one and line two")}, {ident, core::Value("Maria Secretname")}};
  auto iv = ws->AddInterview({"community_member", 0, "tester", "", "", a, false});
  REQUIRE(iv.ok());
  CodingStore s(ws);
  CHECK_FALSE(s.AddCoding(NewCoding{*iv, ident, 0, 5, kDocs, "ana"}).ok());  // identifying: never coded
  Add(s, *iv, qs[0], 0, 8, kDocs, "ana");
  Add(s, *iv, qs[0], 9, 17, kHousing, "ben");
  REQUIRE(s.SetMemo(*CodingStore::ResolveCode(*s.LoadCodebook(), kDocs), "ana", "IDs held 'for safekeeping'").ok());
  auto proj = s.ExportProject({});
  REQUIRE(proj.ok());
  REQUIRE(proj->answers.size() == 1);
  std::string out = p.dir.File("p.qdpx");
  REQUIRE(coding::WriteQdpxFile(out, *proj).ok());
  CHECK(testing::FilesContaining(p.dir.path(), "Secretname").empty());
  if (HaveXmllint()) {
    std::string log;
    std::string cmd = "cd " + p.dir.path() + " && unzip -p p.qdpx project.qde > project.qde && xmllint --noout --schema " +
                      CANVASS_TEST_DATA "/refi-qda/Project-mrt.xsd project.qde";
    CHECK(testing::Run(cmd, &log) == 0);
    INFO(log);
    auto qdc = coding::WriteQdc(*s.LoadCodebook());
    REQUIRE(qdc.ok());
    testing::WriteAll(p.dir.File("cb.qdc"), *qdc);
    CHECK(testing::Run("xmllint --noout --schema " CANVASS_TEST_DATA "/refi-qda/Codebook.xsd " + p.dir.File("cb.qdc"), &log) == 0);
  } else {
    FAIL_CHECK("xmllint not installed: scripts/deps.sh installs it (libxml2-utils)");
  }
  auto back = coding::ReadQdpxFile(out);
  REQUIRE(back.ok());
  CHECK(back->codebook.size() == proj->codebook.size());
  CHECK(back->codebook.memos().size() == 1);
  REQUIRE(back->codings.size() == 2);
  std::set<std::string> users;
  for (const auto& c : back->codings) users.insert(c.coder);
  CHECK(users == std::set<std::string>{"ana", "ben"});
  // Into a workspace that has the interview but no codings: everything arrives, once.
  REQUIRE(s.RemoveCoding(s.ListCodings()->at(0).id, "ana").ok());
  auto rep = s.ImportProject(*back, "importer");
  REQUIRE(rep.ok());
  CHECK(rep->codings_added == 1);
  CHECK(rep->codings_known == 1);
  CHECK(rep->warnings.empty());
  auto again = s.ImportProject(*back, "importer");
  REQUIRE(again.ok());
  CHECK(again->codings_added == 0);
  CHECK(again->codes_added == 0);
  CHECK(s.ListCodings()->size() == 2);
}

TEST_CASE("theme counts read the areas, forms and respondent of coded interviews only", "[coding_store]") {
  testing::Project p(0);
  auto* ws = p.central.get();
  auto qs = testing::TextQuestions(ws);
  auto form = ws->GetForm("community_member");
  REQUIRE(form.ok());
  std::string name_q;
  for (const auto* fq : form->TopLevelQuestions())
    if (fq->identifying && fq->is_open_text() && fq->id.find("name") != std::string::npos) name_q = fq->id;
  REQUIRE(!name_q.empty());
  std::vector<assessment::Area> more;
  for (const char* id : {"48029", "48453"}) {
    assessment::Area x;
    x.id = id;
    x.level = "county";
    x.name = std::string("County ") + id;
    more.push_back(x);
  }
  REQUIRE(ws->ImportAreas(more).ok());
  auto add = [&](const char* area, const char* name) {
    forms::Answers a{{"consent", core::Value(true)}, {qs[0], core::Value("Workers live in a locked trailer")},
                     {"concern", core::Value("yes")},
                     {"concern_areas", core::Value(core::Value::Array{core::Value(area)})},
                     {"trafficking_forms", core::Value(core::Value::Array{core::Value("labor_trafficking")})},
                     {name_q, core::Value(name)}};
    auto iv = ws->AddInterview({"community_member", 0, "tester", "", "", a, false});
    INFO(iv.status().message());
    REQUIRE(iv.ok());
    return *iv;
  };
  // The same person (name folded: case and spaces) twice about Frio, someone else about Bexar,
  // and an uncoded interview about Travis.
  std::string a = add("48163", "Ana Diaz"), b = add("48163", " ana  diaz"), c = add("48029", "Ben Ruiz");
  add("48453", "Carla Soto");
  CodingStore s(ws);
  for (const std::string& iv : {a, b, c}) Add(s, iv, qs[0], 0, 7, kHousing, "ana");
  auto counts = s.CountCodes();
  REQUIRE(counts.ok());
  std::map<std::string, std::pair<int, int>> by_area, by_form;
  for (const auto& cc : counts->by_area) by_area[cc.key] = {cc.interviews, cc.respondents};
  for (const auto& cc : counts->by_form) by_form[cc.key] = {cc.interviews, cc.respondents};
  CHECK(by_area.size() == 2);
  CHECK(by_area["48163"] == std::make_pair(2, 1));
  CHECK(by_area["48029"] == std::make_pair(1, 1));
  CHECK(by_area.count("48453") == 0);
  CHECK(by_form["labor_trafficking"] == std::make_pair(3, 2));
}
