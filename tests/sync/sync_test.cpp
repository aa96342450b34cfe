// Sync end to end on real files: enrollment, bundles, merge, refusals, plaintext.
#include <sys/stat.h>

#include "sync/bundle.h"
#include "sync/keys.h"
#include "sync_fixture.h"

using namespace canvass;
using namespace canvass::testing;

TEST_CASE("enroll, join, interview, export, import: the interview arrives whole") {
  Project p(2);
  auto qs = TextQuestions(p.fields[0].get());
  std::string u1 = NewInterview(p.fields[0].get(), qs[0], "seen at the truck stop");
  std::string u2 = NewInterview(p.fields[1].get(), qs[1], "farm housing is crowded");
  CHECK(p.fields[0]->info().project_id == p.central->info().project_id);
  CHECK(p.fields[0]->info().device_id == p.device_ids[0]);
  std::string b1 = p.Export(p.fields[0].get()), b2 = p.Export(p.fields[1].get());
  auto r1 = sync::ImportBundle(p.central.get(), b1);
  REQUIRE(r1.ok());
  CHECK(r1->stats.new_interviews == 1);
  CHECK(r1->device_name == "Laptop 1");
  REQUIRE(sync::ImportBundle(p.central.get(), b2).ok());
  auto d = p.central->GetInterview(u1);
  REQUIRE(d.ok());
  CHECK(d->answers.at(qs[0]).heads[0].value == core::Value("seen at the truck stop"));
  CHECK(d->header.device_id == p.device_ids[0]);
  CHECK(p.central->ListInterviews()->size() == 2);
  CHECK(p.central->GetInterview(u2).ok());
  // Re-import: a no-op that says so.
  std::string digest = *p.central->Digest();
  auto again = sync::ImportBundle(p.central.get(), b1);
  REQUIRE(again.ok());
  CHECK(again->already_applied);
  CHECK(*p.central->Digest() == digest);
  CHECK(p.central->Check()->ok);
}

TEST_CASE("incremental export sends what the central has not acknowledged") {
  Project p(1);
  auto* f = p.fields[0].get();
  auto qs = TextQuestions(f);
  std::string u = NewInterview(f, qs[0], "first");
  std::string b1 = p.Export(f);
  REQUIRE(sync::ImportBundle(p.central.get(), b1).ok());
  // No acknowledgement yet: the next bundle still carries the first interview.
  NewInterview(f, qs[0], "second");
  std::string b2 = p.Export(f);
  auto r2 = sync::ImportBundle(p.central.get(), b2);
  REQUIRE(r2.ok());
  CHECK(r2->stats.known_versions > 0);
  // After an update acknowledges both, only new work travels.
  p.Update(0, false);
  REQUIRE(f->SetAnswer(u, qs[1], core::Value("third"), "t").ok());
  std::string b3 = p.Export(f);
  auto r3 = sync::ImportBundle(p.central.get(), b3);
  REQUIRE(r3.ok());
  CHECK(r3->stats.new_versions == 1);
  CHECK(r3->stats.known_versions == 0);
  CHECK(r3->stats.known_interviews == 1);
  // --all sends everything again, harmlessly.
  auto r4 = sync::ImportBundle(p.central.get(), p.Export(f, true));
  REQUIRE(r4.ok());
  CHECK(r4->stats.new_versions == 0);
  CHECK(r4->stats.known_versions >= 5);
}

TEST_CASE("older bundles still merge - sequence gaps are reported") {
  Project p(1);
  auto* f = p.fields[0].get();
  auto qs = TextQuestions(f);
  NewInterview(f, qs[0], "a");
  std::string b1 = p.Export(f);
  NewInterview(f, qs[0], "b");
  std::string b2 = p.Export(f);
  NewInterview(f, qs[0], "c");
  std::string b3 = p.Export(f);
  auto r3 = sync::ImportBundle(p.central.get(), b3);
  REQUIRE(r3.ok());
  REQUIRE(r3->notes.size() == 1);
  CHECK(r3->notes[0].find("1, 2") != std::string::npos);
  REQUIRE(sync::ImportBundle(p.central.get(), b1).ok());
  auto r2 = sync::ImportBundle(p.central.get(), b2);
  REQUIRE(r2.ok());
  CHECK(r2->notes.empty());
  CHECK(p.central->ListInterviews()->size() == 3);
}

TEST_CASE("bundles from unknown, revoked or foreign devices are refused and change nothing") {
  Project p(2);
  Project other(1);
  auto qs = TextQuestions(p.fields[0].get());
  NewInterview(p.fields[0].get(), qs[0], "x");
  NewInterview(p.fields[1].get(), qs[0], "y");
  NewInterview(other.fields[0].get(), qs[0], "z");
  std::string b1 = p.Export(p.fields[0].get()), b2 = p.Export(p.fields[1].get());
  std::string foreign = other.Export(other.fields[0].get());
  std::string digest = *p.central->Digest();
  auto r = sync::ImportBundle(p.central.get(), foreign);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("another project") != std::string::npos);
  REQUIRE(sync::RevokeDevice(p.central.get(), "Laptop 2").ok());
  auto rv = sync::ImportBundle(p.central.get(), b2);
  REQUIRE_FALSE(rv.ok());
  CHECK(rv.status().message().find("revoked") != std::string::npos);
  CHECK(*p.central->Digest() == digest);
  // The rejections are in the audit log, without content.
  auto audit = p.central->ListAudit();
  int rejects = 0;
  for (const auto& e : *audit) rejects += e.action == "bundle.reject";
  CHECK(rejects == 2);
  // A field workspace cannot import another device's data bundle.
  CHECK_FALSE(sync::ImportBundle(p.fields[1].get(), b1).ok());
  REQUIRE(sync::ImportBundle(p.central.get(), b1).ok());
}

TEST_CASE("a field device cannot read its own bundle after export") {
  Project p(1);
  auto* f = p.fields[0].get();
  NewInterview(f, TextQuestions(f)[0], "secret words");
  std::string b = p.Export(f);
  auto keys = sync::LoadFieldKeys(f);
  REQUIRE(keys.ok());
  core::SecureBytes box_sk = sync::BoxSecretFromSign(keys->device_sign_sk);
  sync::ReaderKeys rk{keys->device_sign_pk, &box_sk, sync::BoxPublicFromSign(keys->device_sign_pk)};
  int records = 0;
  auto st = sync::ReadBundle(b, rk, [&](const core::Value&) { ++records; return core::Status::Ok(); });
  CHECK_FALSE(st.ok());
  CHECK(records == 0);
}

TEST_CASE("kits: wrong code is refused - files are private - nothing readable in clear") {
  Project p(0);
  std::string kit = p.dir.File("k.cvkit");
  auto e = sync::EnrollDevice(p.central.get(), "Laptop X", kit);
  REQUIRE(e.ok());
  struct stat st;
  REQUIRE(stat(kit.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(sync::NormalizeCode(e->code) == e->code);
  std::string wrong = e->code;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  auto bad = sync::JoinWithKit(p.dir.File("f.canvass"), kFieldPass, kit, wrong);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == core::Code::kWrongKey);
  CHECK_FALSE(core::FileExists(p.dir.File("f.canvass")));
  CHECK_FALSE(sync::JoinWithKit(p.dir.File("f.canvass"), kFieldPass, kit, "not a code").ok());
  // Lower case and spaces are accepted.
  std::string typed = e->code;
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto ok = sync::JoinWithKit(p.dir.File("f.canvass"), kFieldPass, kit, typed);
  REQUIRE(ok.ok());
  const std::string marker = "TFK-ALPHA-3141", greek = "TFK-ΒΗΤΑ-3141";
  auto* f = ok->get();
  auto qs = TextQuestions(f);
  NewInterview(f, qs[0], marker + " " + greek);
  std::string b = p.Export(f);
  REQUIRE(sync::ImportBundle(p.central.get(), b).ok());
  for (const std::string& m : {marker, greek, Utf16Le(marker)}) CHECK(FilesContaining(p.dir.path(), m).empty());
  for (const char* secret : {kFieldPass, kCentralPass}) CHECK(FilesContaining(p.dir.path(), secret).empty());
}
