// Sync end to end on real files: enrollment, bundles, merge, refusals, plaintext.
#include <sys/stat.h>

#include <filesystem>

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

TEST_CASE("device enroll is all or nothing: on any failure no kit, no code file, no device row, no keys") {
  Project p(0);
  // What an enrollment may change: devices, audit, the central's keys (first enrollment), files.
  auto state = [&] {
    std::string s;
    auto devices = p.central->ListDevices();
    REQUIRE(devices.ok());
    for (const auto& d : *devices) s += d.device_id + "/" + d.name + "/" + d.status + ";";
    s += "audit=" + std::to_string(p.central->ListAudit()->size());
    s += p.central->GetMeta("central_box_pk").ok() ? " keys" : " no-keys";
    for (const auto& e : std::filesystem::directory_iterator(p.dir.path())) s += " " + e.path().filename().string();
    return s;
  };
  const std::string before = state();
  const std::string kit = p.dir.File("ana.cvkit"), code = p.dir.File("ana.code");
  auto refused = [&](const std::string& name, const std::string& k, const std::string& c, const char* words) {
    INFO(name << " " << k << " " << c);
    auto e = sync::EnrollDevice(p.central.get(), name, k, c);
    REQUIRE_FALSE(e.ok());
    CHECK(e.status().message().find(words) != std::string::npos);
    CHECK(state() == before);
  };
  // The reported case: the code file exists. It keeps its content.
  WriteAll(code, "an older code\n");
  const std::string with_code = state();
  {
    auto e = sync::EnrollDevice(p.central.get(), "Laptop Ana", kit, code);
    REQUIRE_FALSE(e.ok());
    CHECK(e.status().message().find("file exists") != std::string::npos);
    CHECK(state() == with_code);
    CHECK(ReadAll(code) == "an older code\n");
    CHECK_FALSE(core::FileExists(kit));
  }
  std::filesystem::remove(code);
  // The kit exists.
  WriteAll(kit, "x");
  {
    const std::string with_kit = state();
    auto e = sync::EnrollDevice(p.central.get(), "Laptop Ana", kit, code);
    REQUIRE_FALSE(e.ok());
    CHECK(state() == with_kit);
    CHECK(ReadAll(kit) == "x");
  }
  std::filesystem::remove(kit);
  CHECK(state() == before);
  refused("", kit, code, "1 to 100 characters");
  refused("Laptop Ana", kit, kit, "different files");
  // Failures found only while writing: the kit's or the code's folder does not exist. The kit
  // written before the code failed is removed, and the first enrollment's keys roll back.
  refused("Laptop Ana", p.dir.File("no-such-folder/ana.cvkit"), code, "no-such-folder");
  refused("Laptop Ana", kit, p.dir.File("no-such-folder/ana.code"), "no-such-folder");
  // With every cause removed it works, writing both files.
  auto ok = sync::EnrollDevice(p.central.get(), "Laptop Ana", kit, code);
  REQUIRE(ok.ok());
  CHECK(ReadAll(code) == ok->code + "\n");
  const std::string after_one = state();
  auto again = sync::EnrollDevice(p.central.get(), "Laptop Ana", p.dir.File("k2.cvkit"), p.dir.File("c2.code"));
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().message().find("already enrolled") != std::string::npos);
  CHECK(state() == after_one);
  // A field workspace enrolls nothing.
  auto joined = sync::JoinWithKit(p.dir.File("f.canvass"), kFieldPass, kit, ReadAll(code));
  REQUIRE(joined.ok());
  auto on_field = sync::EnrollDevice(joined->get(), "Laptop Bo", p.dir.File("k3.cvkit"), p.dir.File("c3.code"));
  REQUIRE_FALSE(on_field.ok());
  CHECK_FALSE(core::FileExists(p.dir.File("k3.cvkit")));
  CHECK_FALSE(core::FileExists(p.dir.File("c3.code")));
}

TEST_CASE("export with nothing to send writes nothing and takes no sequence number, resends are counted") {
  Project p(1);
  auto* f = p.fields[0].get();
  std::vector<std::string> written;  // every bundle, by number
  auto export_once = [&](bool allow_empty = false) {
    const std::string out = p.dir.File("x" + std::to_string(written.size() + 1) + ".cvbundle");
    auto r = sync::ExportBundle(f, out, false, allow_empty);
    REQUIRE(r.ok());
    CHECK(core::FileExists(out) == !r->nothing_to_send);
    if (!r->nothing_to_send) written.push_back(out);
    return *r;
  };
  auto deliver = [&](size_t n) {  // the coordinator imports bundle #n and acknowledges it
    REQUIRE(sync::ImportBundle(p.central.get(), written[n - 1]).ok());
    p.Update(0, false);
  };
  // Never recorded anything: no file, no bundle log entry, no number taken.
  CHECK(export_once().nothing_to_send);
  CHECK(f->ListBundleLog("out", "")->empty());
  CHECK_FALSE(f->GetMeta("export_seq").ok());
  CHECK(sync::ExportBundle(f, p.dir.File("all.cvbundle"), /*all=*/true)->nothing_to_send);
  CHECK_FALSE(core::FileExists(p.dir.File("all.cvbundle")));
  // --allow-empty writes an empty bundle all the same, as #1.
  auto empty = export_once(true);
  CHECK(empty.seq == 1);
  CHECK(empty.interviews == 0);
  // Recorded work goes out; until the coordinator acknowledges it, it goes out again, counted.
  const std::string q = TextQuestions(f)[0];
  const std::string uuid = NewInterview(f, q, "first");
  auto first = export_once();
  CHECK(first.seq == 2);
  CHECK(first.interviews == 1);
  CHECK(first.resent_interviews == 0);
  NewInterview(f, q, "second");
  auto again = export_once();
  CHECK(again.seq == 3);
  CHECK(again.interviews == 2);
  CHECK(again.resent_interviews == 1);
  // #1 and #2 acknowledged: the second interview is still unacknowledged (it went in #3).
  deliver(1);
  deliver(2);
  auto rest = export_once();
  CHECK(rest.seq == 4);
  CHECK(rest.interviews == 1);
  CHECK(rest.resent_interviews == 1);
  deliver(3);
  deliver(4);
  auto done = export_once();
  CHECK(done.nothing_to_send);
  CHECK(*f->GetMeta("export_seq") == "4");
  // A later edit is new work again.
  REQUIRE(f->SetAnswer(uuid, q, core::Value("edited"), "tester").ok());
  auto edited = export_once();
  CHECK(edited.seq == 5);
  CHECK(edited.interviews == 1);
  CHECK(edited.resent_interviews == 0);
}
