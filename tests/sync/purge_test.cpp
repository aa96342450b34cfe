// PR-3 on real files: the coordinator's receipt travels in a signed update bundle; a field
// laptop deletes the receipted final interviews after the purge delay (clock advanced),
// keeps drafts and interviews edited since, keeps no trace of them in its pages or -wal,
// and never takes them back. The file's pages are decrypted here to look for the markers.
#include <openssl/evp.h>
#include <sodium.h>

#include "db.h"
#include "keyed_open.h"
#include "storage/coding_store.h"
#include "sync/bundle.h"
#include "sync/keys.h"
#include "sync_fixture.h"

using namespace canvass;
using namespace canvass::testing;

namespace {

constexpr int64_t kDay = 24LL * 60 * 60 * 1000;
constexpr size_t kPage = 4096, kReserve = 48;  // 4 KiB cipher pages; IV 16 + HMAC-SHA1 20, rounded to the AES block

// The plaintext of every page of a workspace and of every frame in its -wal (SQLCipher 3:
// AES-256-CBC per page, IV in the page's reserved tail, raw key = Argon2id of the passphrase).
std::string DecryptedPages(const std::string& path, const std::string& pass) {
  std::string file = ReadAll(path);
  REQUIRE(file.size() >= kPage);
  const storage::KdfProfile* p = storage::ProfileById(static_cast<unsigned char>(file[15]));
  REQUIRE(p);
  unsigned char key[32];
  REQUIRE(crypto_pwhash(key, sizeof key, pass.data(), pass.size(), reinterpret_cast<const unsigned char*>(file.data()), p->opslimit,
                        p->memlimit, crypto_pwhash_ALG_ARGON2ID13) == 0);
  auto page = [&](const std::string& src, size_t at, bool first) {
    size_t off = first ? 16 : 0, len = kPage - kReserve - off;
    std::string out(len, '\0');
    EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
    int n = 0;
    EVP_DecryptInit_ex(c, EVP_aes_256_cbc(), nullptr, key, reinterpret_cast<const unsigned char*>(src.data() + at + kPage - kReserve));
    EVP_CIPHER_CTX_set_padding(c, 0);
    EVP_DecryptUpdate(c, reinterpret_cast<unsigned char*>(&out[0]), &n, reinterpret_cast<const unsigned char*>(src.data() + at + off),
                      static_cast<int>(len));
    EVP_CIPHER_CTX_free(c);
    return out;
  };
  std::string plain;
  for (size_t at = 0; at + kPage <= file.size(); at += kPage) plain += page(file, at, at == 0);
  std::string wal = core::FileExists(path + "-wal") ? ReadAll(path + "-wal") : "";
  for (size_t at = 32; at + 24 + kPage <= wal.size(); at += 24 + kPage) {
    uint32_t pgno = (uint8_t(wal[at]) << 24) | (uint8_t(wal[at + 1]) << 16) | (uint8_t(wal[at + 2]) << 8) | uint8_t(wal[at + 3]);
    plain += page(wal, at + 24, pgno == 1);
  }
  sodium_memzero(key, sizeof key);
  return plain;
}

// Rows naming the interview in each table, read through a second connection.
std::string RowsNaming(const std::string& path, const std::string& uuid) {
  storage::Db db;
  REQUIRE(storage::OpenKeyed(&db, path, kFieldPass).ok());
  std::string out;
  for (const char* sql : {"SELECT count(*) FROM interviews WHERE uuid = '%'", "SELECT count(*) FROM versions WHERE subject = '%'",
                          "SELECT count(*) FROM heads WHERE subject = '%'",
                          "SELECT (SELECT count(*) FROM fact_cache WHERE subject = '%') + (SELECT count(*) FROM fact_dirty WHERE subject = '%')",
                          "SELECT count(*) FROM receipts WHERE uuid = '%'", "SELECT count(*) FROM purged WHERE uuid = '%'"}) {
    std::string q = sql;
    for (size_t at; (at = q.find('%')) != std::string::npos;) q.replace(at, 1, uuid);
    auto n = db.QueryInt(q);
    REQUIRE(n.ok());
    out += (out.empty() ? "" : " ") + std::to_string(*n > 0 ? 1 : 0);
  }
  return out;
}

bool Holds(const std::string& plain, const std::string& marker) {
  return plain.find(marker) != std::string::npos || plain.find(Utf16Le(marker)) != std::string::npos;
}

// A field laptop of `p` reopened on a fake clock (JoinWithKit uses the system clock).
storage::Workspace* Reopen(Project& p, int i, core::FakeClock* clock) {
  std::string path = p.fields[static_cast<size_t>(i)]->path();
  p.fields[static_cast<size_t>(i)].reset();
  storage::OpenOptions o;
  o.clock = clock;
  auto f = storage::Workspace::Open(path, kFieldPass, o);
  REQUIRE(f.ok());
  p.fields[static_cast<size_t>(i)] = std::move(*f);
  return p.fields[static_cast<size_t>(i)].get();
}

std::string Final(storage::Workspace* f, const std::string& q, const std::string& text) {
  std::string u = NewInterview(f, q, text);
  REQUIRE(f->SetAnswer(u, "org_type", core::Value("resident"), "tester").ok());
  REQUIRE(f->SetAnswer(u, "concern", core::Value("no"), "tester").ok());
  auto st = f->Finalize(u, "tester");
  INFO(st.message());
  REQUIRE(st.ok());
  return u;
}

std::string ImportUpdate(Project& p, storage::Workspace* f, bool with_interviews, sync::ImportReport* out = nullptr) {
  std::string path = p.dir.File("u" + std::to_string(++p.bundles) + ".cvbundle");
  REQUIRE(sync::ExportUpdate(p.central.get(), p.device_ids[0], path, with_interviews).ok());
  auto r = sync::ImportBundle(f, path);
  INFO(r.status().message());
  REQUIRE(r.ok());
  if (out) *out = *r;
  return path;
}

}  // namespace

TEST_CASE("receipt then purge: only receipted, unchanged, final interviews go, 7 days later, and leave no trace") {
  Project p(1);
  core::FakeClock clock(core::SystemClock().NowMillis());
  auto* f = Reopen(p, 0, &clock);
  auto qs = TextQuestions(f);
  std::string rnd = std::to_string(randombytes_uniform(1000000));
  const std::string gone = "TFK-ALPHA-" + rnd, gone_greek = "TFK-ΒΗΤΑ-" + rnd, kept = "TFK-KEPT-" + rnd;
  std::string a = Final(f, qs[0], gone + " " + gone_greek);  // receipted, unchanged: purged
  std::string b = Final(f, qs[0], kept + " b");             // receipted, then edited here: kept
  std::string c = NewInterview(f, qs[0], kept + " c");       // draft: kept
  REQUIRE(sync::ImportBundle(p.central.get(), p.Export(f)).ok());
  std::string d = Final(f, qs[0], kept + " d");             // final, but the central has not got it: kept
  std::string central_digest = *p.central->Digest();

  sync::ImportReport imp;
  ImportUpdate(p, f, false, &imp);
  CHECK(imp.receipted == 2);
  CHECK(imp.purge.purged == 0);
  CHECK(imp.purge.waiting == 2);
  CHECK(*p.central->Digest() == central_digest);  // writing a receipt changes no content
  std::string before = DecryptedPages(f->path(), kFieldPass);
  CHECK(Holds(before, gone));  // the decryption works: the marker is there before the purge
  CHECK(Holds(before, kept));

  REQUIRE(f->Reopen(b, "tester", "a correction").ok());
  REQUIRE(f->SetAnswer(b, qs[1], core::Value("changed after the receipt"), "tester").ok());
  REQUIRE(f->Finalize(b, "tester").ok());

  // interviews versions heads facts receipts purged
  CHECK(RowsNaming(f->path(), a) == "1 1 1 1 1 0");
  clock.Advance(7 * kDay - 60'000);
  auto early = f->Purge(false);
  REQUIRE(early.ok());
  CHECK(early->purged == 0);
  CHECK(f->GetInterview(a).ok());

  clock.Advance(120'000);
  auto dry = f->Purge(true);
  REQUIRE(dry.ok());
  CHECK(dry->purged == 1);
  CHECK(f->GetInterview(a).ok());  // a dry run deletes nothing
  const int64_t stamp_before = *storage::CodingStore(f).ChangeStamp();
  auto r = f->Purge(false);
  REQUIRE(r.ok());
  CHECK(r->purged == 1);
  CHECK(*storage::CodingStore(f).ChangeStamp() > stamp_before);  // caches keyed on it see the change
  CHECK(r->not_covered == 1);  // b changed since the receipt
  REQUIRE(r->uuids.size() == 1);
  CHECK(r->uuids[0] == a);
  CHECK(f->GetInterview(a).status().code() == core::Code::kNotFound);
  for (const auto& u : {b, c, d}) CHECK(f->GetInterview(u).ok());
  CHECK(f->ListInterviews()->size() == 3);
  CHECK(RowsNaming(f->path(), a) == "0 0 0 0 0 1");  // only the tombstone
  CHECK(RowsNaming(f->path(), c) == "1 1 1 1 0 0");
  auto check = f->Check();
  REQUIRE(check.ok());
  INFO((check->problems.empty() ? "" : check->problems[0]));
  CHECK(check->ok);
  std::string after = DecryptedPages(f->path(), kFieldPass);
  CHECK_FALSE(Holds(after, gone));
  CHECK_FALSE(Holds(after, gone_greek));
  CHECK(Holds(after, kept));
  // The audit log says how many, never which or what.
  auto audit = f->ListAudit();
  REQUIRE(audit.ok());
  CHECK(audit->back().action == "interviews.purge");
  CHECK(audit->back().detail == "purged=1 receipts=1");
  // Nothing more is due: a second run is a no-op.
  CHECK(f->Purge(false)->purged == 0);
  CHECK(*p.central->Digest() == central_digest);
}

TEST_CASE("a purged interview does not come back with --with-interviews, and new work still exports") {
  Project p(1);
  REQUIRE(p.central->SetPurgeAfterDays("0").ok());
  core::FakeClock clock(core::SystemClock().NowMillis());
  auto* f = Reopen(p, 0, &clock);
  auto qs = TextQuestions(f);
  std::string a = Final(f, qs[0], "first interview");
  REQUIRE(sync::ImportBundle(p.central.get(), p.Export(f)).ok());
  sync::ImportReport imp;
  ImportUpdate(p, f, false, &imp);  // 0 days: purged straight after the import
  CHECK(imp.purge.purged == 1);
  CHECK(f->GetInterview(a).status().code() == core::Code::kNotFound);

  ImportUpdate(p, f, true, &imp);
  CHECK(imp.stats.new_interviews == 0);
  CHECK(imp.stats.new_versions == 0);
  CHECK(f->GetInterview(a).status().code() == core::Code::kNotFound);
  CHECK(f->Check()->ok);
  CHECK(p.central->GetInterview(a).ok());  // the central keeps it

  // The purged rows were the newest: their local sequence numbers are reused, and the
  // next export must still carry the new interview.
  std::string e = NewInterview(f, qs[0], "after the purge");
  auto r = sync::ImportBundle(p.central.get(), p.Export(f));
  REQUIRE(r.ok());
  CHECK(r->stats.new_interviews == 1);
  CHECK(p.central->GetInterview(e).ok());
}

TEST_CASE("the receipt time stands: a later update or a replay does not restart the delay") {
  Project p(1);
  core::FakeClock clock(core::SystemClock().NowMillis());
  auto* f = Reopen(p, 0, &clock);
  auto qs = TextQuestions(f);
  std::string a = Final(f, qs[0], "kept a week");
  REQUIRE(sync::ImportBundle(p.central.get(), p.Export(f)).ok());
  std::string u1 = ImportUpdate(p, f, false);
  clock.Advance(3 * kDay);
  auto replay = sync::ImportBundle(f, u1);
  REQUIRE(replay.ok());
  CHECK(replay->already_applied);
  CHECK(replay->receipted == 0);
  ImportUpdate(p, f, false);  // a new receipt with the same digest
  clock.Advance(4 * kDay);
  auto r = f->Purge(false);
  REQUIRE(r.ok());
  CHECK(r->purged == 1);
}

TEST_CASE("a receipt not signed by the central, or from another project, is refused and changes nothing") {
  Project p(1), other(1);
  REQUIRE(p.central->SetPurgeAfterDays("0").ok());
  core::FakeClock clock(core::SystemClock().NowMillis());
  auto* f = Reopen(p, 0, &clock);
  auto qs = TextQuestions(f);
  std::string a = Final(f, qs[0], "must stay");
  REQUIRE(sync::ImportBundle(p.central.get(), p.Export(f)).ok());
  std::string digest = *f->Digest();

  // A well-formed update naming the interview with its true digest, signed by another key.
  auto keys = sync::LoadFieldKeys(f);
  REQUIRE(keys.ok());
  std::string forged = p.dir.File("forged.cvbundle");
  {
    sync::BundleHeader h;
    h.kind = sync::BundleKind::kUpdate;
    h.bundle_id = core::RandomBytes(16);
    h.project_id = sync::UuidToBytes(f->info().project_id);
    h.sender_id = sync::UuidToBytes(keys->central_device_id);
    std::string box_pk = sync::BoxPublicFromSign(keys->device_sign_pk);
    h.recipient_key_id = sync::KeyId(box_pk);
    h.seq = 99;
    std::string pk(crypto_sign_PUBLICKEYBYTES, '\0');
    core::SecureBytes sk(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(&pk[0]), sk.data());
    sync::BundleWriter w;
    REQUIRE(w.Open(forged, h, box_pk, sk).ok());
    using core::Value;
    REQUIRE(w.AddRecord(Value(Value::Object{{"t", "begin"}, {"bundle_id", core::ToHex(h.bundle_id)}, {"project", f->info().project_id},
                                            {"device", keys->central_device_id}, {"seq", Value(int64_t{99})}})).ok());
    REQUIRE(w.AddRecord(Value(Value::Object{{"t", "receipt"}, {"receipt_id", std::string(32, 'a')}, {"device", f->info().device_id},
                                            {"issued_at", "2026-01-01T00:00:00Z"}, {"purge_after_days", Value(int64_t{0})},
                                            {"interviews", Value(Value::Array{Value(Value::Array{Value(a), Value(*f->InterviewDigest(a))})})}})).ok());
    REQUIRE(w.AddRecord(Value(Value::Object{{"t", "end"}, {"records", Value(int64_t{3})}})).ok());
    REQUIRE(w.Finish().ok());
  }
  auto r = sync::ImportBundle(f, forged);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("signature does not verify") != std::string::npos);
  CHECK(r.status().message().find('\n') == std::string::npos);

  // A genuine update with one bit flipped.
  std::string real = p.dir.File("real.cvbundle");
  REQUIRE(sync::ExportUpdate(p.central.get(), p.device_ids[0], real, false).ok());
  std::string bytes = ReadAll(real);
  bytes[bytes.size() / 2] ^= 4;
  WriteAll(p.dir.File("flipped.cvbundle"), bytes);
  CHECK_FALSE(sync::ImportBundle(f, p.dir.File("flipped.cvbundle")).ok());

  // Another project's update for its own laptop.
  std::string foreign = other.dir.File("foreign.cvbundle");
  REQUIRE(sync::ExportUpdate(other.central.get(), other.device_ids[0], foreign, false).ok());
  auto fr = sync::ImportBundle(f, foreign);
  REQUIRE_FALSE(fr.ok());
  CHECK(fr.status().message().find("another project") != std::string::npos);

  auto dry = f->Purge(true);
  REQUIRE(dry.ok());
  CHECK(dry->receipted == 0);
  CHECK(f->GetInterview(a).ok());
  CHECK(*f->Digest() == digest);
  // The genuine one, unaltered, is accepted and (0 days) purges.
  auto ok = sync::ImportBundle(f, real);
  REQUIRE(ok.ok());
  CHECK(ok->purge.purged == 1);
}

TEST_CASE("the central refuses to purge, the delay setting is checked, versions stay append-only outside the purge") {
  Project p(1);
  auto c = p.central->Purge(false);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().find("central workspace keeps every interview") != std::string::npos);
  for (const char* bad : {"-1", "366", "seven", "", "7.5", "1e3"}) {
    auto st = p.central->SetPurgeAfterDays(bad);
    CHECK_FALSE(st.ok());
    CHECK(st.message().find("from 0 to 365") != std::string::npos);
  }
  CHECK(*p.central->PurgeAfterDays() == 7);
  REQUIRE(p.central->SetPurgeAfterDays("30").ok());
  CHECK(*p.central->PurgeAfterDays() == 30);
  CHECK_FALSE(p.fields[0]->SetPurgeAfterDays("3").ok());

  auto qs = TextQuestions(p.fields[0].get());
  NewInterview(p.fields[0].get(), qs[0], "x");
  std::string path = p.fields[0]->path();
  p.fields[0].reset();
  storage::Db db;
  REQUIRE(storage::OpenKeyed(&db, path, kFieldPass).ok());
  auto del = db.Exec("DELETE FROM versions");
  REQUIRE_FALSE(del.ok());
  CHECK(del.message().find("append-only") != std::string::npos);
  CHECK_FALSE(db.Exec("UPDATE versions SET value = 'null'").ok());
  CHECK(*db.QueryInt("SELECT count(*) FROM versions") > 0);
  CHECK(*db.QueryInt("SELECT count(*) FROM purging") == 0);
}
