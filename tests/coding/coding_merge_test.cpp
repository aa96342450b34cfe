// Coding work that meets itself: memos of every kind through a qdpx round trip into a fresh
// workspace, the same qdpx imported on the central and on laptops (one coding after sync),
// and the same value written apart (a code, an answer) that is no conflict.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "../sync/sync_fixture.h"
#include "coding/refi_qda.h"
#include "storage/coding_store.h"
#include "sync/bundle.h"
#include "sync/keys.h"

using namespace canvass;
using storage::CodingStore;
using storage::NewCoding;

namespace {

const char* kDocs = "Indicators and signs/Document confiscation";
const char* kHousing = "Indicators and signs/Employer-controlled housing";

void Import(storage::Workspace* ws, const std::string& bundle, storage::MergeStats* stats = nullptr) {
  auto r = sync::ImportBundle(ws, bundle);
  INFO(r.status().message());
  REQUIRE(r.ok());
  if (stats) *stats = r->stats;
}

std::string Add(CodingStore& s, const std::string& iv, const std::string& q, int64_t b, int64_t e, const std::string& code,
                const std::string& coder) {
  auto id = s.AddCoding(NewCoding{iv, q, b, e, code, coder});
  INFO(id.status().message());
  REQUIRE(id.ok());
  return *id;
}

std::string ProjectQde(const coding::QdaProject& p) {
  auto qde = coding::WriteQde(p);
  INFO(qde.status().message());
  REQUIRE(qde.ok());
  return *qde;
}

// The dates a workspace sets itself (export time, memo edit time), blanked for comparison.
std::string WithoutOwnDates(std::string qde) {
  static const std::regex kProject("(<Project [^>]*) creationDateTime=\"[^\"]*\"");
  static const std::regex kNote("(<Note [^>]*) creationDateTime=\"[^\"]*\"");
  qde = std::regex_replace(qde, kProject, "$1");
  return std::regex_replace(qde, kNote, "$1");
}

bool HaveXmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

void CheckValid(testing::Project& p, const std::string& qde) {
  if (!HaveXmllint()) {
    FAIL_CHECK("xmllint not installed: scripts/deps.sh installs it (libxml2-utils)");
    return;
  }
  testing::WriteAll(p.dir.File("check.qde"), qde);
  std::string log;
  int rc = testing::Run("xmllint --noout --schema " CANVASS_TEST_DATA "/refi-qda/Project-mrt.xsd " + p.dir.File("check.qde"), &log);
  INFO(log);
  CHECK(rc == 0);
}

}  // namespace

TEST_CASE("every memo kind survives qdpx export, import into a fresh workspace and export again", "[coding_store][refi]") {
  testing::Project p(1);
  auto* central = p.central.get();
  auto qs = testing::TextQuestions(central);
  REQUIRE(qs.size() >= 2);
  std::string iv1 = testing::NewInterview(central, qs[0], "Workers live in a locked trailer.\r\nPassports held by boss.");
  std::string iv2 = testing::NewInterview(central, qs[1], "Nobody calls the police.");
  p.Update(0, true);  // the laptop holds the interviews, none of the coding below
  CodingStore s(central);
  auto added = s.AddCode("Places", "Motels", "Rooms rented by the week", "#336699", "ana");
  REQUIRE(added.ok());
  Add(s, iv1, qs[0], 0, 32, kHousing, "ana");
  Add(s, iv1, qs[0], 34, 57, kDocs, "ben");
  Add(s, iv2, qs[1], 0, 6, "Places/Motels", "ben");
  REQUIRE(s.SetMemo(*added, "ana", "Ask about weekly rent & deductions").ok());
  REQUIRE(s.SetMemo(*CodingStore::ResolveCode(*s.LoadCodebook(), kDocs), "ben", "IDs held 'for safekeeping'").ok());
  REQUIRE(s.SetMemo(storage::AnswerTarget(iv1, qs[0]), "ana", "Same trailer as the farm in <iv2>?").ok());
  REQUIRE(s.SetMemo(storage::AnswerTarget(iv1, qs[0]), "ben", "Boss = crew leader").ok());
  REQUIRE(s.SetMemo(storage::AnswerTarget(iv2, qs[1]), "ben", "Fear of police, second line\nhere").ok());

  auto first = s.ExportProject({});
  REQUIRE(first.ok());
  REQUIRE(first->answer_memos.size() == 3);
  std::string qde1 = ProjectQde(*first);
  CheckValid(p, qde1);
  CHECK(qde1.find("Boss = crew leader") != std::string::npos);
  REQUIRE(coding::WriteQdpxFile(p.dir.File("first.qdpx"), *first).ok());

  auto read = coding::ReadQdpxFile(p.dir.File("first.qdpx"));
  REQUIRE(read.ok());
  CHECK(read->warnings.empty());
  auto* fresh = p.fields[0].get();
  CodingStore f(fresh);
  REQUIRE(f.ListMemos()->empty());
  auto rep = f.ImportProject(*read, "importer");
  REQUIRE(rep.ok());
  CHECK(rep->warnings.empty());
  CHECK(rep->codings_added == 3);
  CHECK(rep->memos_added == 5);
  // Each answer memo is back on its answer, under its coder.
  auto memos = f.ListMemos(storage::AnswerTarget(iv1, qs[0]));
  REQUIRE(memos.ok());
  REQUIRE(memos->size() == 2);
  CHECK(memos->at(0).coder == "ana");
  CHECK(memos->at(0).text == "Same trailer as the farm in <iv2>?");
  CHECK(memos->at(1).coder == "ben");
  CHECK(f.ListMemos(storage::AnswerTarget(iv2, qs[1]))->at(0).text == "Fear of police, second line\nhere");

  auto second = f.ExportProject({});
  REQUIRE(second.ok());
  second->name = first->name;  // the workspace name is the laptop's own
  std::string qde2 = ProjectQde(*second);
  CHECK(WithoutOwnDates(qde2) == WithoutOwnDates(qde1));
  CHECK(WithoutOwnDates(qde1) != qde1);  // the comparison did blank something (it can fail)

  // Re-importing changes nothing: no memo, coding or code twice.
  auto digest = fresh->Digest();
  auto again = f.ImportProject(*read, "importer");
  REQUIRE(again.ok());
  CHECK(again->memos_added == 0);
  CHECK(again->memos_known == 5);
  CHECK(again->codings_added == 0);
  CHECK(*fresh->Digest() == *digest);
  CHECK(f.ListMemos()->size() == 5);

  // --coders limits memos like codings.
  auto only_ana = s.ExportProject({"ana"});
  REQUIRE(only_ana.ok());
  REQUIRE(only_ana->answer_memos.size() == 1);
  CHECK(only_ana->answer_memos[0].author == "ana");
}

TEST_CASE("the same qdpx imported on the central and on laptops is one coding after sync", "[coding_store][sync]") {
  testing::Project p(2);
  auto qs = testing::TextQuestions(p.central.get());
  std::string iv = testing::NewInterview(p.central.get(), qs[0], "Recruiter charged fees and kept passports.");
  p.Update(0, true);
  p.Update(1, true);
  // A project from another tool (or another Canvass) about this answer.
  coding::QdaProject qp;
  qp.codebook = *CodingStore(p.central.get()).LoadCodebook();
  const std::string answer = iv + "/" + qs[0];
  qp.interviews = {{iv, "", ""}};
  qp.answers = {{answer, iv, qs[0], "Recruiter charged fees and kept passports."}};
  std::string docs = *CodingStore::ResolveCode(qp.codebook, kDocs);
  std::string housing = *CodingStore::ResolveCode(qp.codebook, kHousing);
  qp.codings = {{answer, 0, 24, docs, "ana", "2025-03-02T09:00:00Z"}, {answer, 29, 42, housing, "ben", ""}};
  qp.answer_memos = {{"", answer, "ana", "Fees as debt", ""}};
  auto bytes = coding::WriteQdpx(qp);
  REQUIRE(bytes.ok());
  auto read = coding::ReadQdpx(*bytes, "same.qdpx");
  REQUIRE(read.ok());

  std::vector<storage::Workspace*> all{p.central.get(), p.fields[0].get(), p.fields[1].get()};
  for (auto* ws : all) {
    auto rep = CodingStore(ws).ImportProject(*read, ws->info().device_name);
    INFO(rep.status().message());
    REQUIRE(rep.ok());
    CHECK(rep->codings_added == 2);
  }
  // Laptop 1 -> central -> laptop 2 -> central -> laptop 1: every workspace has seen all.
  storage::MergeStats stats;
  Import(p.central.get(), p.Export(p.fields[0].get()), &stats);
  CHECK(stats.new_conflicts == 0);
  p.Update(1, true);
  Import(p.central.get(), p.Export(p.fields[1].get()), &stats);
  CHECK(stats.new_conflicts == 0);
  p.Update(0, true);
  p.Update(1, true);
  std::set<std::string> digests, ids;
  for (auto* ws : all) {
    CodingStore s(ws);
    auto list = s.ListCodings();
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    for (const auto& r : *list) {
      CHECK_FALSE(r.conflict);
      ids.insert(r.id);  // content-derived: the same ids everywhere
    }
    CHECK(list->at(0).created == "2025-03-02T09:00:00Z");
    CHECK(s.ListMemos()->size() == 1);
    auto conflicts = ws->ListConflicts();
    REQUIRE(conflicts.ok());
    CHECK(conflicts->empty());
    CHECK(ws->Check()->conflicts == 0);
    // The versions are kept (nothing is lost), they just agree.
    digests.insert(*ws->Digest());
    // Importing once more on any machine adds nothing.
    auto rep = s.ImportProject(*read, "again");
    REQUIRE(rep.ok());
    CHECK(rep->codings_added == 0);
    CHECK(rep->codings_known == 2);
  }
  CHECK(digests.size() == 1);
  CHECK(ids.size() == 2);
  // The export counts it once too, and removing it anywhere removes the one coding.
  CodingStore central(p.central.get());
  CHECK(central.ExportProject({})->codings.size() == 2);
  REQUIRE(central.RemoveCoding(central.ListCodings()->at(0).id, "ana").ok());
  CHECK(central.ListCodings()->size() == 1);
  p.Update(0, true);
  CHECK(CodingStore(p.fields[0].get()).ListCodings()->size() == 1);
}

TEST_CASE("an export's codings coming back through a laptop are not doubled", "[coding_store][sync]") {
  testing::Project p(1);
  auto qs = testing::TextQuestions(p.central.get());
  std::string iv = testing::NewInterview(p.central.get(), qs[0], "Recruiter charged fees and kept passports.");
  p.Update(0, true);  // the laptop has the answer, not the coding below
  CodingStore central(p.central.get());
  Add(central, iv, qs[0], 0, 24, kDocs, "ana");
  Add(central, iv, qs[0], 0, 24, kDocs, "ana");  // the same work twice is one coding
  REQUIRE(central.ListCodings()->size() == 1);
  auto proj = central.ExportProject({});
  REQUIRE(proj.ok());
  auto bytes = coding::WriteQdpx(*proj);
  REQUIRE(bytes.ok());
  auto read = coding::ReadQdpx(*bytes, "tf.qdpx");
  REQUIRE(read.ok());
  CodingStore laptop(p.fields[0].get());
  auto rep = laptop.ImportProject(*read, "laptop");
  REQUIRE(rep.ok());
  CHECK(rep->codings_added == 1);
  storage::MergeStats stats;
  Import(p.central.get(), p.Export(p.fields[0].get()), &stats);
  CHECK(stats.new_conflicts == 0);
  auto list = central.ListCodings();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK_FALSE(list->at(0).conflict);
  CHECK(p.central->ListConflicts()->empty());
  p.Update(0, true);
  CHECK(laptop.ListCodings()->size() == 1);
}

TEST_CASE("the same value written apart is no conflict but different values still are", "[coding_store][sync]") {
  testing::Project p(2);
  auto qs = testing::TextQuestions(p.central.get());
  std::string iv = testing::NewInterview(p.central.get(), qs[0], "First text.");
  p.Update(0, true);
  p.Update(1, true);
  CodingStore ana(p.fields[0].get()), ben(p.fields[1].get());
  // Two coders add the same new code (same path, hence the same GUID) apart.
  auto a = ana.AddCode("Places", "Truck stops", "Along I-35", "", "ana");
  auto b = ben.AddCode("Places", "Truck stops", "Along I-35", "", "ben");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a == *b);
  // And the same answer edit, typed on both laptops.
  REQUIRE(p.fields[0]->SetAnswer(iv, qs[0], core::Value("Same new text."), "ana").ok());
  REQUIRE(p.fields[1]->SetAnswer(iv, qs[0], core::Value("Same new text."), "ben").ok());
  storage::MergeStats s1, s2;
  Import(p.central.get(), p.Export(p.fields[0].get()), &s1);
  Import(p.central.get(), p.Export(p.fields[1].get()), &s2);
  CHECK(s1.new_conflicts + s2.new_conflicts == 0);
  auto* c = p.central.get();
  auto conflicts = c->ListConflicts();
  REQUIRE(conflicts.ok());
  CHECK(conflicts->empty());
  CHECK(c->Check()->conflicts == 0);
  CodingStore central(c);
  auto cb = central.LoadCodebook();
  REQUIRE(cb.ok());
  int truck_stops = 0;
  for (const auto* code : cb->InTreeOrder()) truck_stops += code->name == "Truck stops";
  CHECK(truck_stops == 1);
  auto d = c->GetInterview(iv);
  REQUIRE(d.ok());
  CHECK_FALSE(d->answers.at(qs[0]).conflict());
  CHECK(d->answers.at(qs[0]).heads.size() == 2);  // both versions kept
  auto summary = c->ListInterviews();
  REQUIRE(summary.ok());
  CHECK_FALSE(summary->at(0).has_conflicts);
  // Editing again is allowed and joins both heads.
  REQUIRE(c->SetAnswer(iv, qs[0], core::Value("Edited at the central."), "coordinator").ok());
  CHECK(c->GetInterview(iv)->answers.at(qs[0]).heads.size() == 1);
  REQUIRE(CodingStore(c).RenameCode(*a, "Truck stops and rest areas", "coordinator").ok());
  CHECK(c->ListConflicts()->empty());

  // Different values on the two laptops remain a conflict, listed and counted.
  REQUIRE(ana.RenameCode(*a, "Truck stops (ana)", "ana").ok());
  REQUIRE(ben.RenameCode(*a, "Truck stops (ben)", "ben").ok());
  REQUIRE(p.fields[0]->SetAnswer(iv, qs[0], core::Value("Ana's text."), "ana").ok());
  REQUIRE(p.fields[1]->SetAnswer(iv, qs[0], core::Value("Ben's text."), "ben").ok());
  Import(c, p.Export(p.fields[0].get()), &s1);
  Import(c, p.Export(p.fields[1].get()), &s2);
  CHECK(s1.new_conflicts + s2.new_conflicts == 2);
  conflicts = c->ListConflicts();
  REQUIRE(conflicts.ok());
  CHECK(conflicts->size() == 2);
  CHECK(c->Check()->conflicts == 2);
  CHECK(c->GetInterview(iv)->answers.at(qs[0]).conflict());
  CHECK(c->ListInterviews()->at(0).has_conflicts);
  CHECK(c->SetAnswer(iv, qs[0], core::Value("x"), "coordinator").code() == core::Code::kConflict);
}

// Issue 21 §1: the project's coding rules (blind coding, what the assessment counts) are the
// coordinator's. They reach a laptop in an update; a laptop's bundle that carries a rule of its
// own — validly signed by that laptop, so only the merge can tell — is refused whole, and the
// central's rules and content stay as they were.
TEST_CASE("a laptop's bundle that sets a project coding rule is refused, and the coordinator's rules reach laptops") {
  testing::Project p(1);
  storage::Workspace* f = p.fields[0].get();
  CodingStore central(p.central.get());
  REQUIRE(central.SetBlindProject(true, "coordinator").ok());
  REQUIRE(central.SetCountRule(coding::CountBasis::kConsensus, "coordinator").ok());
  Import(f, p.Update(0, false));
  auto on_laptop = CodingStore(f).GetCodingSettings();
  REQUIRE(on_laptop.ok());
  CHECK(on_laptop->blind);
  CHECK(on_laptop->count_rule == coding::CountBasis::kConsensus);

  // The laptop's own "setting" version, on top of the coordinator's count rule.
  int64_t hw = 0;
  auto cs = p.central->CollectChanges(0, &hw);
  REQUIRE(cs.ok());
  const storage::Version* rule = nullptr;
  for (const auto& v : cs->versions)
    if (v.kind == "setting" && v.field == "count_rule") rule = &v;
  REQUIRE(rule);
  storage::Version forged = *rule;
  forged.device_id = f->info().device_id;
  forged.author = "ana";
  forged.value = core::Value(std::string("any"));
  forged.parents = {rule->id};
  uint64_t t = 0;
  REQUIRE(core::Hlc::FromText(rule->hlc, &t));
  forged.hlc = core::Hlc::ToText(t + (uint64_t{1000} << 16));
  forged.id = storage::ComputeVersionId(forged);

  auto keys = sync::LoadFieldKeys(f);
  REQUIRE(keys.ok());
  std::string path = p.dir.File("forged-setting.cvbundle");
  sync::BundleHeader hdr = testing::FieldDataHeader(f, *keys, 50);
  {
    using core::Value;
    sync::BundleWriter w;
    REQUIRE(w.Open(path, hdr, keys->central_box_pk, keys->device_sign_sk).ok());
    REQUIRE(w.AddRecord(testing::BeginRecord(hdr, f)).ok());
    REQUIRE(w.AddVersion(forged).ok());
    REQUIRE(w.AddRecord(Value(Value::Object{{"t", "end"}, {"records", Value(int64_t{3})}})).ok());
    REQUIRE(w.Finish().ok());
  }
  const std::string digest = *p.central->Digest();
  auto r = sync::ImportBundle(p.central.get(), path);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("only the coordinator's central workspace may set") != std::string::npos);
  CHECK(r.status().message().find('\n') == std::string::npos);
  CHECK(*p.central->Digest() == digest);
  auto rules = central.GetCodingSettings();
  REQUIRE(rules.ok());
  CHECK(rules->count_rule == coding::CountBasis::kConsensus);
  CHECK(rules->blind);
}
