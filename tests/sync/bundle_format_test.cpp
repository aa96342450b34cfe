// Bundle format 2 (compact version records) beside format 1: bundles written before the
// change (tests/data/bundles_v1, made by the code of commit fce3904) still import to the same
// content and figures, and the compact record refuses every kind of damage.
#include <filesystem>
#include <random>

#include <sodium.h>

#include "core/crypto_util.h"
#include "record_codec.h"
#include "sync/bundle.h"
#include "sync_fixture.h"

using namespace canvass;
using namespace canvass::testing;

namespace {

std::string Fixture(const std::string& name) { return std::string(CANVASS_TEST_DATA) + "/bundles_v1/" + name; }

// A copy of a fixture workspace in the test's directory (opening it migrates the schema).
std::unique_ptr<storage::Workspace> OpenCopy(const TempDir& dir, const std::string& name, const char* pass) {
  UseFastKdf();
  std::filesystem::copy_file(Fixture(name), dir.File(name));
  auto ws = storage::Workspace::Open(dir.File(name), pass);
  INFO(ws.status().message());
  REQUIRE(ws.ok());
  return std::move(*ws);
}

storage::Version RandomVersion(std::mt19937& rng) {
  static const char* const pieces[] = {"a", "b", " ", "\"", "\\", "\n", "\x01", "\xc3\xa9", "\xe2\x82\xac"};
  auto text = [&](size_t max) {
    std::string s;
    for (size_t n = rng() % (max + 1); n > 0; --n) s += pieces[rng() % 9];
    return s;
  };
  static const char* kinds[] = {"answer", "status", "coding", "memo", "code", "coded", "coding_set", "decision", "setting"};
  storage::Version v;
  v.kind = kinds[rng() % 9];
  v.subject = rng() % 3 ? "3f1c7a52-0d4e-4b8e-9a61-5c0f2b7d9e10" : text(20);
  v.field = text(10);
  v.value = rng() % 2 ? core::Value(text(40)) : core::Value(core::Value::Array{core::Value(1.5), core::Value()});
  v.hlc = core::Hlc::ToText((uint64_t{rng()} << 32) | rng());
  v.device_id = rng() % 4 ? "dev-1" : text(8);
  v.author = rng() % 4 ? "Field interviewer" : text(8);
  v.note = rng() % 5 ? "" : text(30);
  for (int p = static_cast<int>(rng() % 3); p > 0; --p) v.parents.push_back(core::ToHex(core::RandomBytes(32)));
  std::sort(v.parents.begin(), v.parents.end());
  v.id = storage::ComputeVersionId(v);
  return v;
}

}  // namespace

TEST_CASE("bundles written in format 1 still import, to the same content and figures as before") {
  TempDir dir;
  auto central = OpenCopy(dir, "central-before.canvass", "fixture central passphrase");
  // Figures and digests printed by the code that wrote the fixture, importing the same files.
  const std::vector<std::tuple<const char*, const char*, const char*>> want = {
      {"data-1.cvbundle",
       R"({"already_seen_versions":0,"known_interviews":0,"missing_parents":0,"new_areas":0,"new_conflicts":0,"new_forms":0,)"
       R"("new_interviews":4,"new_versions":18,"updated_answers":12})",
       "7ef54b07b84418e7eb7a6a01a1d97e8606a60510345245a979336265c3b8dd2d"},
      {"data-2.cvbundle",
       R"({"already_seen_versions":18,"known_interviews":4,"missing_parents":0,"new_areas":0,"new_conflicts":0,"new_forms":0,)"
       R"("new_interviews":0,"new_versions":2,"updated_answers":2})",
       "da6f2542f262cccba5651374c08f5cb807a338cce91eb709c3f9b0243356d731"}};
  for (const auto& [file, stats, digest] : want) {
    REQUIRE(sync::ReadBundleHeader(Fixture(file))->format == 1);
    auto r = sync::ImportBundle(central.get(), Fixture(file));
    INFO(file << ": " << r.status().message());
    REQUIRE(r.ok());
    CHECK(r->stats.ToValue().ToJson() == stats);
    CHECK(*central->Digest() == digest);
  }
  CHECK(central->Check()->ok);
  // The central's update to the laptop, also format 1, onto the laptop as it was then.
  auto field = OpenCopy(dir, "field-before-update.canvass", "fixture field passphrase");
  auto r = sync::ImportBundle(field.get(), Fixture("update-1.cvbundle"));
  INFO(r.status().message());
  REQUIRE(r.ok());
  CHECK(r->stats.ToValue().ToJson() ==
        R"({"already_seen_versions":20,"known_interviews":4,"missing_parents":0,"new_areas":1,"new_conflicts":0,"new_forms":0,)"
        R"("new_interviews":0,"new_versions":1,"updated_answers":1})");
  CHECK(*field->Digest() == "1a4cc99691306b5fcc22b7dabd2e35fe430f1c1d804b4078f14930eb669511d1");
}

TEST_CASE("a compact version record decodes to the version it encodes, and refuses any damage") {
  std::mt19937 rng(19);
  sync::record_codec::Context wctx, rctx;
  for (int i = 0; i < 500; ++i) {
    storage::Version v = RandomVersion(rng);
    std::string rec;
    REQUIRE(sync::record_codec::EncodeVersion(v, v.value.ToJson(), &wctx, &rec));
    storage::Version back;
    std::string json;
    auto before = rctx;
    auto dst = sync::record_codec::DecodeVersion(rec, &rctx, &back, &json);
    INFO(dst.message());
    REQUIRE(dst.ok());
    CHECK(back.id == v.id);
    CHECK(back.ToValue() == v.ToValue());
    CHECK(json == v.value.ToJson());
    if (i % 25 != 0) continue;
    // Every cut and every extra byte is refused; so is a value not in canonical form.
    for (size_t n = 0; n < rec.size(); ++n) {
      auto c = before;
      CHECK_FALSE(sync::record_codec::DecodeVersion(rec.substr(0, n), &c, &back, &json).ok());
    }
    auto c = before;
    CHECK_FALSE(sync::record_codec::DecodeVersion(rec + "x", &c, &back, &json).ok());
  }
  // A version that does not fit the layout is not written compact (the writer falls back to JSON).
  storage::Version odd = RandomVersion(rng);
  odd.hlc = "00000000000000AB";  // upper case: not what the compact clock would give back
  std::string rec;
  CHECK_FALSE(sync::record_codec::EncodeVersion(odd, odd.value.ToJson(), &wctx, &rec));
  CHECK(rec.empty());
  // "1.50" is JSON but not canonical ("1.5"): refused rather than stored under another id.
  storage::Version v = RandomVersion(rng);
  v.value = core::Value(1.5);
  sync::record_codec::Context w2, r2;
  REQUIRE(sync::record_codec::EncodeVersion(v, "1.50", &w2, &rec));
  storage::Version back;
  std::string json;
  auto st = sync::record_codec::DecodeVersion(rec, &r2, &back, &json);
  CHECK_FALSE(st.ok());
  CHECK(st.message().find("canonical") != std::string::npos);
}

TEST_CASE("a data bundle of typical answers takes at most 150 bytes per answer") {
  // The bench's interviews (bench/sync_import_bench.cpp): 40 text answers of about 100 characters.
  Project p(0);
  std::string qs_json;
  for (int i = 0; i < 40; ++i)
    qs_json += std::string(i ? "," : "") + R"({"id":"q)" + std::to_string(i) + R"(","type":"long_text","label":{"en":"Q"}})";
  storage::FormRow row;
  bool added = false;
  REQUIRE(p.central->AddForm(R"({"canvass_form":1,"id":"bench","version":1,"title":{"en":"Bench"},"languages":["en"],)"
                             R"("sections":[{"id":"s","title":{"en":"S"},"questions":[)" + qs_json + "]}]}",
                             "bench.json", false, &row, &added).ok());
  auto* f = p.AddField("Laptop 1");
  int answers = 0;
  auto add = [&](int n) {
    for (int i = 0; i < n; ++i) {
      forms::Answers a;
      for (int q = 0; q < 40; ++q, ++answers)
        a["q" + std::to_string(q)] = core::Value("Answer " + std::to_string(q) + " of interview " + std::to_string(answers / 40) +
                                                 ": workers at the site said the crew leader keeps their documents.");
      REQUIRE(f->AddInterview({"bench", 0, "tester", "", "", a, false}).ok());
    }
  };
  add(5);
  const int answers1 = answers;
  const auto size1 = std::filesystem::file_size(p.Export(f, true));
  add(50);
  std::string b = p.Export(f, true);  // everything again: the same form, 50 interviews more
  const double per_answer = static_cast<double>(std::filesystem::file_size(b) - size1) / (answers - answers1);
  INFO((answers - answers1) << " answers more, " << (std::filesystem::file_size(b) - size1) << " bytes more");
  CHECK(per_answer < 150);
  REQUIRE(sync::ImportBundle(p.central.get(), b).ok());
  CHECK(p.central->ListInterviews()->size() == 55);
}

// The reader decodes records a batch at a time on two threads (sync/src/bundle.cpp): they must
// still come out in their order, and a bad record stops the hand-over right after the records
// before it, whichever batch and thread it falls on.
TEST_CASE("a bundle's records come out in their order across batches, and the first bad one stops them") {
  TempDir dir;
  unsigned char spk[crypto_sign_PUBLICKEYBYTES], bpk[crypto_box_PUBLICKEYBYTES];
  core::SecureBytes ssk(crypto_sign_SECRETKEYBYTES), bsk(crypto_box_SECRETKEYBYTES);
  crypto_sign_keypair(spk, ssk.data());
  crypto_box_keypair(bpk, bsk.data());
  const std::string sign_pk(reinterpret_cast<char*>(spk), sizeof spk), box_pk(reinterpret_cast<char*>(bpk), sizeof bpk);
  std::mt19937 rng(7);
  std::vector<storage::Version> versions;
  for (int i = 0; i < 2600; ++i) versions.push_back(RandomVersion(rng));
  // bad_at < 0: every version; else a compact record with a value not in canonical form there.
  auto write = [&](const std::string& name, int bad_at) {
    sync::BundleHeader hdr;
    hdr.bundle_id = core::RandomBytes(16);
    hdr.project_id = hdr.sender_id = hdr.recipient_key_id = std::string(16, '\x01');
    sync::BundleWriter w;
    REQUIRE(w.Open(dir.File(name), hdr, box_pk, ssk).ok());
    REQUIRE(w.AddRecord(core::Value(core::Value::Object{{"t", "begin"}})).ok());
    for (int i = 0; i < static_cast<int>(versions.size()); ++i) {
      if (i == bad_at) {
        storage::Version v = versions[static_cast<size_t>(i)];
        v.value = core::Value(1.5);
        sync::record_codec::Context fresh;
        std::string rec(4, '\0');
        REQUIRE(sync::record_codec::EncodeVersion(v, "1.50", &fresh, &rec));
        for (int k = 0; k < 4; ++k) rec[static_cast<size_t>(k)] = static_cast<char>(((rec.size() - 4) >> (8 * k)) & 0xff);
        REQUIRE(w.AddRawBytes(rec).ok());
        continue;
      }
      REQUIRE(w.AddVersion(versions[static_cast<size_t>(i)]).ok());
    }
    REQUIRE(w.Finish().ok());
    return dir.File(name);
  };
  auto read = [&](const std::string& path, std::vector<std::string>* ids, int threads) {
    sync::ReaderKeys keys{sign_pk, &bsk, box_pk};
    auto digest = sync::VerifyBundle(path, sign_pk);
    REQUIRE(digest.ok());
    return sync::DecryptBundleRecords(path, keys, *digest, [&](const sync::BundleRecord& r) {
      if (r.json) {
        CHECK(ids->empty());
        CHECK(r.json->Find("t")->as_string() == "begin");
      } else {
        const storage::Version& want = versions[ids->size()];
        CHECK(r.version->ToValue() == want.ToValue());
        CHECK(*r.value_json == want.value.ToJson());
        ids->push_back(std::move(r.version->id));
      }
      return core::Status::Ok();
    }, threads);
  };
  const std::string all = write("all.cvbundle", -1);
  std::vector<std::string> bad;
  for (int bad_at : {5, 1022, 1023, 1500, 2599}) bad.push_back(write("bad-" + std::to_string(bad_at) + ".cvbundle", bad_at));
  for (int threads : {1, 2}) {
    INFO(threads << " thread(s)");
    std::vector<std::string> ids;
    auto st = read(all, &ids, threads);
    INFO(st.message());
    REQUIRE(st.ok());
    REQUIRE(ids.size() == versions.size());
    for (size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == versions[i].id);
    // In the first batch, at the end of one, inside the second, the last record of all.
    int k = 0;
    for (int bad_at : {5, 1022, 1023, 1500, 2599}) {
      ids.clear();
      st = read(bad[static_cast<size_t>(k++)], &ids, threads);
      INFO("bad record at " << bad_at << ": " << st.message());
      CHECK_FALSE(st.ok());
      CHECK(st.message().find("canonical") != std::string::npos);
      CHECK(ids.size() == static_cast<size_t>(bad_at));
    }
  }
}
