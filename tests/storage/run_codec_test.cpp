// Saved assessment runs (storage/src/run_codec.h, schema 10): the JSON comes back byte for
// byte, is stored deflated (much smaller than the text), runs saved as text before still read,
// and a damaged packed run is refused in one line, without setting memory aside for a length
// it merely claims.
#include <catch2/catch.hpp>

#include <string>

#include "raw_open.h"
#include "run_codec.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"
#include "test_support.h"
#include "ws_fixture.h"

using namespace canvass;
using canvass::testing::TempDir;

namespace {

// A run-like JSON: many areas with repeating keys, as a real run has.
std::string RunLikeJson(int areas) {
  std::string s = R"({"areas":[)";
  for (int a = 0; a < areas; ++a)
    s += std::string(a ? "," : "") + R"({"id":")" + std::to_string(48000 + a) + R"(","rank":)" + std::to_string(a + 1) +
         R"(,"indicators":[{"id":"saipe.poverty_rate_pct","value":)" + std::to_string(10 + a % 17) + R"(,"period":"2021"}]})";
  return s + "]}";
}

int64_t StoredLength(const std::string& path, const char* type) {
  sqlite3* db = testing::RawOpen(path);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT typeof(run_json), length(CAST(run_json AS BLOB)) FROM assessment_runs WHERE run_id = 'run-0001'",
                             -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == type);
  int64_t n = sqlite3_column_int64(st, 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

}  // namespace

TEST_CASE("a saved run comes back byte for byte, stored deflated") {
  TempDir dir;
  const std::string path = dir.File("w.canvass");
  const std::string json = RunLikeJson(3000);
  {
    auto ws = testing::MakeCentralWs(path, "Runs TF");
    storage::IndicatorStore store(ws.get());
    REQUIRE(store.SaveRun({"run-0001", "2026-12-07T00:00:00Z", "", "default", "top: x", json}).ok());
    auto back = store.GetRun("run-0001");
    REQUIRE(back.ok());
    CHECK(back->run_json == json);
    CHECK(back->summary == "top: x");
  }
  const int64_t stored = StoredLength(path, "blob");
  INFO(json.size() << " bytes of JSON stored in " << stored);
  CHECK(stored * 5 < static_cast<int64_t>(json.size()));
  // An empty run JSON too.
  auto ws = storage::Workspace::Open(path, testing::kWsPass);
  REQUIRE(ws.ok());
  storage::IndicatorStore store(ws->get());
  REQUIRE(store.SaveRun({"run-0002", "2026-12-07T00:00:01Z", "", "default", "", ""}).ok());
  CHECK(store.GetRun("run-0002")->run_json.empty());
}

TEST_CASE("a run saved as text before schema 10 still reads, and a damaged packed run is refused") {
  TempDir dir;
  const std::string path = dir.File("w.canvass");
  { auto ws = testing::MakeCentralWs(path, "Runs TF"); }
  {
    sqlite3* db = testing::RawOpen(path);
    testing::Exec(db, "INSERT INTO assessment_runs VALUES('run-0001','2026-11-20T10:00:00Z','','default','top: x','{\"areas\":[]}')");
    sqlite3_close(db);
  }
  CHECK(StoredLength(path, "text") == 12);
  auto ws = storage::Workspace::Open(path, testing::kWsPass);
  REQUIRE(ws.ok());
  storage::IndicatorStore store(ws->get());
  CHECK(store.GetRun("run-0001")->run_json == R"({"areas":[]})");

  using storage::run_codec::Pack;
  using storage::run_codec::Unpack;
  const std::string json = RunLikeJson(200);
  auto packed = Pack(json);
  REQUIRE(packed.ok());
  REQUIRE(*Unpack(*packed) == json);
  std::vector<std::string> bad;
  for (size_t cut : {size_t{0}, size_t{3}, size_t{12}, size_t{13}, packed->size() / 2, packed->size() - 1}) bad.push_back(packed->substr(0, cut));
  std::string flipped = *packed;
  flipped[flipped.size() / 2] ^= 0x40;
  bad.push_back(flipped);
  std::string other_format = *packed;
  other_format[4] = 2;
  bad.push_back(other_format);
  std::string huge = *packed;  // claims 2^62 bytes: refused before any memory is set aside
  huge[12] = 0x40;
  bad.push_back(huge);
  std::string longer = *packed;  // claims one byte more than the stream gives
  longer[5] = static_cast<char>(static_cast<unsigned char>(longer[5]) + 1);
  bad.push_back(longer);
  bad.push_back(json);  // plain JSON where a packed run is expected
  for (const auto& b : bad) {
    auto r = Unpack(b);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("canvass-cli check") != std::string::npos);
  }
}
