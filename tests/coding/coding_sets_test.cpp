// Coding sets on real workspaces: stored as versions, they travel to a coder's laptop in an
// update bundle with interviews and additions made apart merge back as a union; bad input
// changes nothing; removing answers, renaming and deleting are versions too;
// `canvass-cli coding-set add|remove|rename|delete|list|show` through the real executable.
#include <catch2/catch.hpp>

#include "core/value.h"
#include "storage/coding_store.h"
#include "sync_fixture.h"
#include "test_support.h"

using namespace canvass;

namespace {

std::string Id(const std::string& iv, const std::string& q) { return iv + "/" + q; }

int64_t Stamp(storage::Workspace* ws) {
  auto s = storage::CodingStore(ws).ChangeStamp();
  REQUIRE(s.ok());
  return *s;
}

}  // namespace

TEST_CASE("coding sets travel in an update bundle and additions made apart merge as a union", "[coding_sets][sync]") {
  testing::Project p(1);
  auto qs = testing::TextQuestions(p.central.get());
  REQUIRE(!qs.empty());
  const std::string q = qs[0];
  std::vector<std::string> ivs;
  for (int i = 0; i < 4; ++i) ivs.push_back(testing::NewInterview(p.central.get(), q, "answer number " + std::to_string(i)));
  storage::CodingStore central(p.central.get());
  auto set = central.AddCodingSet("Week 1", "coordinator");
  REQUIRE(set.ok());
  auto added = central.AddToCodingSet("Week 1", {Id(ivs[0], q), Id(ivs[1], q), Id(ivs[0], q)}, "coordinator");
  REQUIRE(added.ok());
  CHECK(*added == 2);  // the duplicate counts once
  CHECK(*central.AddToCodingSet(*set, {Id(ivs[0], q)}, "coordinator") == 0);  // already in: nothing written

  p.Update(0, true);
  storage::CodingStore field(p.fields[0].get());
  auto there = field.GetCodingSet("Week 1");
  INFO(there.status().message());
  REQUIRE(there.ok());
  CHECK(there->id == *set);
  CHECK(there->created_by == "coordinator");
  CHECK(there->answers == std::vector<std::string>{std::min(Id(ivs[0], q), Id(ivs[1], q)), std::max(Id(ivs[0], q), Id(ivs[1], q))});

  // The laptop adds answer 2 while the central adds answer 3: both survive the merge.
  REQUIRE(*field.AddToCodingSet("Week 1", {Id(ivs[2], q)}, "ana") == 1);
  REQUIRE(*central.AddToCodingSet("Week 1", {Id(ivs[3], q)}, "coordinator") == 1);
  auto imp = sync::ImportBundle(p.central.get(), p.Export(p.fields[0].get()));
  INFO(imp.status().message());
  REQUIRE(imp.ok());
  auto merged = central.GetCodingSet(*set);
  REQUIRE(merged.ok());
  CHECK(merged->answers.size() == 4);

  // Progress per coder counts the set's answers each coder marked done.
  REQUIRE(central.SetCompleted(ivs[0], q, "ben", true).ok());
  REQUIRE(central.SetCompleted(ivs[3], q, "ben", true).ok());
  auto prog = central.SetProgress(*merged, {"ana"});
  REQUIRE(prog.ok());
  REQUIRE(prog->size() == 2);
  CHECK(prog->at(0).coder == "ana");
  CHECK(prog->at(0).done == 0);
  CHECK(prog->at(1).coder == "ben");
  CHECK(prog->at(1).done == 2);
  CHECK(prog->at(1).total == 4);
}

TEST_CASE("coding sets and code details: bad input is refused and changes nothing", "[coding_sets]") {
  testing::Project p(0);
  auto qs = testing::TextQuestions(p.central.get());
  std::string iv = testing::NewInterview(p.central.get(), qs[0], "some words");
  storage::CodingStore s(p.central.get());
  REQUIRE(s.AddCodingSet("A", "coordinator").ok());
  const int64_t before = Stamp(p.central.get());
  auto dup = s.AddCodingSet("A", "coordinator");
  CHECK(dup.status().code() == core::Code::kInvalidArgument);
  CHECK(s.AddCodingSet("", "coordinator").status().code() == core::Code::kInvalidArgument);
  auto missing = s.AddToCodingSet("A", {Id(iv, qs[0]), Id(iv, "no_such_question")}, "coordinator");
  CHECK(missing.status().code() == core::Code::kNotFound);
  CHECK(missing.status().message().find("no_such_question") != std::string::npos);
  CHECK(s.AddToCodingSet("nope", {Id(iv, qs[0])}, "coordinator").status().code() == core::Code::kNotFound);
  CHECK(s.SetCodeDetails("Places", "notes", "red", "ana").code() == core::Code::kInvalidArgument);
  CHECK(s.SetCodeDetails("No such code", "notes", "", "ana").code() == core::Code::kNotFound);
  CHECK(Stamp(p.central.get()) == before);
  CHECK(s.GetCodingSet("A")->answers.empty());
  // A valid edit is a version and reads back.
  REQUIRE(s.SetCodeDetails("Places", "Where exploitation happened. Not: home towns.", "#112233", "ana").ok());
  CHECK(Stamp(p.central.get()) > before);
  auto cb = s.LoadCodebook();
  REQUIRE(cb.ok());
  CHECK(cb->FindByPath("Places")->description == "Where exploitation happened. Not: home towns.");
  CHECK(cb->FindByPath("Places")->color == "#112233");
}

namespace {

// A central workspace c.canvass made by canvass-cli in a temp dir, with two community-member
// interviews that each have one open-text answer; `uuid` is the first's. cli(ARGS, &out) runs
// canvass-cli there with the passphrase file.
struct CliWorkspace {
  testing::TempDir dir;
  std::string pass = dir.File("pass.txt"), uuid;
  int operator()(const std::string& args, std::string* out) const {
    return testing::Run("cd " + dir.path() + " && " + CANVASS_CLI + " " + args + " --passphrase-file " + pass, out);
  }
  CliWorkspace() {
    testing::WriteAll(pass, "correct horse battery staple\n");
    std::string out;
    REQUIRE((*this)("init c.canvass --role central --name TF", &out) == 0);
    testing::WriteAll(dir.File("a.json"), "{\"consent\": true, \"anything_else\": \"Workers sleep in the shed.\"}");
    REQUIRE((*this)("interview add c.canvass --form community_member --answers a.json --json", &out) == 0);
    uuid = core::ParseJson(out, "cli")->Find("uuid")->as_string();
    REQUIRE((*this)("interview add c.canvass --form community_member --answers a.json", &out) == 0);
  }
};

}  // namespace

TEST_CASE("canvass-cli coding-set add, list, show", "[coding_sets][cli]") {
  const CliWorkspace cli;
  const std::string& uuid = cli.uuid;
  std::string out;

  // A bad selection fails with one line and creates no set.
  CHECK(cli("coding-set add c.canvass Week1 --interview 00000000-0000-4000-8000-000000000000", &out) == 1);
  CHECK(out.find("no open-text answer matches") != std::string::npos);
  REQUIRE(cli("coding-set list c.canvass", &out) == 0);
  CHECK(out.find("0 coding set(s)") != std::string::npos);

  REQUIRE(cli("coding-set add c.canvass Week1 --interview " + uuid, &out) == 0);
  CHECK(out.find("Created coding set Week1") != std::string::npos);
  REQUIRE(cli("coding-set add c.canvass Week1 --all --json", &out) == 0);
  auto v = core::ParseJson(out, "cli");
  REQUIRE(v.ok());
  CHECK(v->Find("created")->as_bool() == false);
  CHECK(v->Find("added")->as_int() == 1);  // the second interview's answer; the first was in
  REQUIRE(cli("code done c.canvass --coder ana --interview " + uuid, &out) == 0);
  REQUIRE(cli("coding-set show c.canvass Week1", &out) == 0);
  CHECK(out.find("ana 1/2 done") != std::string::npos);
  REQUIRE(cli("coding-set show c.canvass Week1 --json", &out) == 0);
  auto shown = core::ParseJson(out, "cli");
  REQUIRE(shown.ok());
  CHECK(shown->Find("answers")->as_array().size() == 2);
  CHECK(cli("coding-set show c.canvass Nope", &out) == 1);
  CHECK(out.find("no coding set \"Nope\"") != std::string::npos);
}

TEST_CASE("coding sets: remove answers, rename, delete - each a version that travels, codings kept", "[coding_sets][sync]") {
  testing::Project p(1);
  auto qs = testing::TextQuestions(p.central.get());
  const std::string q = qs[0];
  std::vector<std::string> ivs;
  for (int i = 0; i < 3; ++i) ivs.push_back(testing::NewInterview(p.central.get(), q, "answer number " + std::to_string(i)));
  storage::CodingStore central(p.central.get());
  auto set = central.AddCodingSet("Week 1", "coordinator");
  REQUIRE(set.ok());
  REQUIRE(*central.AddToCodingSet(*set, {Id(ivs[0], q), Id(ivs[1], q), Id(ivs[2], q)}, "coordinator") == 3);
  REQUIRE(central.SetCompleted(ivs[1], q, "ana", true).ok());
  storage::NewCoding nc;
  nc.interview = ivs[1], nc.question = q, nc.start = 0, nc.end = 6, nc.code = "Places", nc.coder = "ana";
  auto coded = central.AddCoding(nc);
  REQUIRE(coded.ok());

  // Removing: only members count; the answer's coding and done mark stay.
  CHECK(*central.RemoveFromCodingSet("Week 1", {Id(ivs[1], q), Id(ivs[1], "not_a_member")}, "coordinator") == 1);
  CHECK(*central.RemoveFromCodingSet("Week 1", {Id(ivs[1], q)}, "coordinator") == 0);  // already out: nothing written
  auto after = central.GetCodingSet(*set);
  REQUIRE(after.ok());
  CHECK(after->answers.size() == 2);
  CHECK(std::find(after->answers.begin(), after->answers.end(), Id(ivs[1], q)) == after->answers.end());
  storage::CodingFilter by_ana;
  by_ana.coders = {"ana"};
  CHECK(central.ListCodings(by_ana)->size() == 1);

  // Renaming: unique names, one line; a refused rename writes nothing.
  REQUIRE(central.AddCodingSet("Week 2", "coordinator").ok());
  const int64_t before = Stamp(p.central.get());
  CHECK(central.RenameCodingSet("Week 1", "Week 2", "coordinator").code() == core::Code::kInvalidArgument);
  CHECK(central.RenameCodingSet("Week 1", "two\nlines", "coordinator").code() == core::Code::kInvalidArgument);
  CHECK(central.RenameCodingSet("No such set", "X", "coordinator").code() == core::Code::kNotFound);
  CHECK(central.DeleteCodingSet("No such set", "coordinator").code() == core::Code::kNotFound);
  CHECK(Stamp(p.central.get()) == before);
  REQUIRE(central.RenameCodingSet("Week 1", "Farms, week 1", "coordinator").ok());
  CHECK(central.GetCodingSet(*set)->name == "Farms, week 1");
  CHECK(central.GetCodingSet(*set)->created_by == "coordinator");

  // The removal and the rename reach a coder's laptop; a delete made there comes back.
  p.Update(0, true);
  storage::CodingStore field(p.fields[0].get());
  auto there = field.GetCodingSet("Farms, week 1");
  INFO(there.status().message());
  REQUIRE(there.ok());
  CHECK(there->answers.size() == 2);
  REQUIRE(field.DeleteCodingSet("Week 2", "ana").ok());
  CHECK(field.GetCodingSet("Week 2").status().code() == core::Code::kNotFound);
  auto imp = sync::ImportBundle(p.central.get(), p.Export(p.fields[0].get()));
  INFO(imp.status().message());
  REQUIRE(imp.ok());
  auto sets = central.ListCodingSets();
  REQUIRE(sets.ok());
  REQUIRE(sets->size() == 1);
  CHECK(sets->at(0).name == "Farms, week 1");
}

TEST_CASE("canvass-cli coding-set remove, rename, delete", "[coding_sets][cli]") {
  const CliWorkspace cli;
  const std::string& uuid = cli.uuid;
  std::string out;
  REQUIRE(cli("coding-set add c.canvass Week1 --all", &out) == 0);

  CHECK(cli("coding-set remove c.canvass Week1", &out) != 0);  // nothing chosen: usage, nothing written
  CHECK(cli("coding-set remove c.canvass Week1 --interview 00000000-0000-4000-8000-000000000000", &out) == 1);
  CHECK(out.find("no answer of set") != std::string::npos);
  REQUIRE(cli("coding-set remove c.canvass Week1 --interview " + uuid, &out) == 0);
  CHECK(out.find("Took 1 answer(s) out") != std::string::npos);
  REQUIRE(cli("coding-set show c.canvass Week1 --json", &out) == 0);
  CHECK(core::ParseJson(out, "cli")->Find("answers")->as_array().size() == 1);

  REQUIRE(cli("coding-set rename c.canvass Week1 \"Shed answers\"", &out) == 0);
  REQUIRE(cli("coding-set list c.canvass", &out) == 0);
  CHECK(out.find("Shed answers") != std::string::npos);
  CHECK(out.find("Week1") == std::string::npos);
  REQUIRE(cli("coding-set delete c.canvass \"Shed answers\"", &out) == 0);
  REQUIRE(cli("coding-set list c.canvass", &out) == 0);
  CHECK(out.find("0 coding set(s)") != std::string::npos);
  CHECK(cli("coding-set delete c.canvass \"Shed answers\"", &out) == 1);
}
