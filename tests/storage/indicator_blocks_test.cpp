// Indicator values packed per import (storage/src/indicator_blocks.h): the codec round-trips
// every value bit for bit and refuses damaged blocks; the newest import holding a key gives
// its value; superseded imports are dropped; a schema-1 file migrates with every value kept.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "indicator_blocks.h"
#include "raw_open.h"
#include "storage/indicator_store.h"
#include "storage/workspace.h"
#include "test_support.h"

using namespace canvass;
using assessment::Observation;
using testing::TempDir;

namespace {

bool SameBits(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

bool Same(const Observation& a, const Observation& b) {
  return a.indicator_id == b.indicator_id && a.geo_level == b.geo_level && a.geo_id == b.geo_id && a.period == b.period &&
         SameBits(a.value, b.value) && a.unit == b.unit && SameBits(a.moe, b.moe) && a.status == b.status &&
         a.source_kind == b.source_kind && a.source_file == b.source_file && a.source_row == b.source_row;
}

Observation Obs(const std::string& id, const std::string& geo, std::optional<double> v, const std::string& file = "a.csv",
                size_t row = 2) {
  Observation o;
  o.indicator_id = id;
  o.geo_level = "county";
  o.geo_id = geo;
  o.period = "2021";
  o.value = v;
  o.unit = "count";
  if (!v) o.status = assessment::obs_status::kSuppressed;
  o.source_kind = "generic";
  o.source_file = file;
  o.source_row = row;
  return o;
}

// Values that are hard to keep exactly: decimals, binary fractions, extremes, -0, subnormals.
std::vector<Observation> Tricky(size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  const double specials[] = {0.0, -0.0, 0.1, 0.7, 26.7, 1e-300, 5e-324, 1.7976931348623157e308, -123456.789,
                             9007199254740993.0, 0.30000000000000004, std::numeric_limits<double>::infinity(), 2.5e-5};
  std::vector<Observation> out;
  for (size_t i = 0; i < n; ++i) {
    Observation o;
    o.indicator_id = "ind." + std::to_string(rng() % 3);
    o.geo_level = rng() % 2 ? "county" : "tract";
    o.geo_id = std::to_string(48000 + rng() % 100000) + (rng() % 4 == 0 ? "X" : "");
    o.period = rng() % 5 == 0 ? "2016Q3" : "2021";
    switch (rng() % 5) {
      case 0: break;  // no value
      case 1: o.value = specials[rng() % (sizeof specials / sizeof *specials)]; break;
      case 2: o.value = static_cast<double>(static_cast<int64_t>(rng() % 2000001) - 1000000) / 10.0; break;
      case 3: { uint64_t bits = rng(); double d; std::memcpy(&d, &bits, 8); if (!std::isnan(d)) o.value = d; break; }
      default: o.value = static_cast<double>(rng() % 100000); break;
    }
    if (rng() % 3 == 0) o.moe = static_cast<double>(rng() % 1000) / 100.0;
    o.unit = rng() % 2 ? "percent" : "persons";
    o.status = o.value ? "ok" : "not_available";
    o.source_kind = "acs";
    o.source_file = "file.csv";
    o.source_row = rng() % 3 == 0 ? 0 : static_cast<size_t>(i * 2 + rng() % 5);
    out.push_back(std::move(o));
  }
  return out;
}

std::unique_ptr<storage::Workspace> NewWorkspace(const TempDir& dir, const std::string& name = "w.canvass") {
  testing::UseFastKdf();
  auto ws = storage::Workspace::Create(dir.File(name), testing::kRawPass, storage::Role::kCentral, "T");
  REQUIRE(ws.ok());
  return std::move(*ws);
}

assessment::ImportResult File(const std::string& hash, std::vector<Observation> obs) {
  assessment::ImportResult r;
  r.observations = std::move(obs);
  r.source = {"generic", r.observations.empty() ? "x.csv" : r.observations[0].source_file, hash, 100, r.observations.size()};
  return r;
}

std::map<std::string, Observation> Current(storage::IndicatorStore& store) {
  auto obs = store.LoadObservations();
  REQUIRE(obs.ok());
  std::map<std::string, Observation> m;
  for (auto& o : *obs) REQUIRE(m.emplace(o.indicator_id + "|" + o.geo_id, o).second);  // one value per key
  return m;
}

std::string Hash(char c) { return std::string(64, c); }

}  // namespace

TEST_CASE("indicator blocks round-trip every value bit for bit") {
  auto obs = Tricky(20000, 7);
  std::string block = storage::indicator_blocks::Encode(obs, nullptr, obs.size());
  std::vector<Observation> back;
  REQUIRE(storage::indicator_blocks::Decode(block, &back).ok());
  REQUIRE(back.size() == obs.size());
  size_t same = 0;
  for (size_t i = 0; i < obs.size(); ++i) same += Same(obs[i], back[i]);
  CHECK(same == obs.size());
  // Decimals are stored compactly: a run of one indicator costs well under 16 bytes a row.
  std::vector<Observation> run;
  for (int i = 0; i < 10000; ++i) run.push_back(Obs("x", std::to_string(48000000000LL + i), i / 10.0, "a.csv", 2 + i));
  std::string packed = storage::indicator_blocks::Encode(run, nullptr, run.size());
  CHECK(packed.size() < run.size() * 10);
  back.clear();
  REQUIRE(storage::indicator_blocks::Decode(packed, &back).ok());
  CHECK(Same(back[9999], run[9999]));
}

TEST_CASE("a damaged indicator block is refused, never read past or trusted") {
  auto obs = Tricky(300, 11);
  const std::string block = storage::indicator_blocks::Encode(obs, nullptr, obs.size());
  // Every truncation fails: the row count promises more than is there.
  for (size_t cut = 0; cut < block.size(); ++cut) {
    std::vector<Observation> out;
    CHECK_FALSE(storage::indicator_blocks::Decode(std::string_view(block).substr(0, cut), &out).ok());
  }
  // Random byte changes: an error or some observations, never a crash or a huge allocation.
  std::mt19937 rng(3);
  int refused = 0;
  for (int t = 0; t < 3000; ++t) {
    std::string bad = block;
    for (int k = 0; k < 1 + t % 4; ++k) bad[rng() % bad.size()] = static_cast<char>(rng());
    std::vector<Observation> out;
    if (!storage::indicator_blocks::Decode(bad, &out).ok()) ++refused;
    CHECK(out.size() <= bad.size() / 4);
  }
  CHECK(refused > 1000);
  // A huge row count in a small block is refused before anything is reserved.
  std::string huge = std::string("CVIB\x01\x00", 6) + "\xff\xff\xff\x0f" + std::string(16, '\0');
  std::vector<Observation> out;
  CHECK_FALSE(storage::indicator_blocks::Decode(huge, &out).ok());
}

TEST_CASE("the newest import holding a key gives its value - any history with the same result digests alike") {
  TempDir dir;
  auto a = File(Hash('a'), {Obs("x", "48001", 1, "a.csv"), Obs("x", "48003", 3, "a.csv")});
  auto b = File(Hash('b'), {Obs("x", "48003", 30, "b.csv"), Obs("x", "48005", 5, "b.csv")});
  auto w1 = NewWorkspace(dir, "1.canvass");
  storage::IndicatorStore s1(w1.get());
  auto st = s1.Import(a);
  REQUIRE(st.ok());
  CHECK(st->added == 2);
  st = s1.Import(b);
  REQUIRE(st.ok());
  CHECK((st->added == 1 && st->replaced == 1 && st->unchanged == 0));
  auto cur = Current(s1);
  CHECK(*cur["x|48003"].value == 30);
  CHECK(cur["x|48003"].source_file == "b.csv");
  CHECK(*cur["x|48001"].value == 1);
  // Importing a again makes it the newest: 48003 comes back from a.
  st = s1.Import(a);
  REQUIRE(st.ok());
  CHECK((st->added == 0 && st->replaced == 1 && st->unchanged == 1 && st->source_known));
  cur = Current(s1);
  CHECK(*cur["x|48003"].value == 3);
  CHECK(*cur["x|48005"].value == 5);
  auto sources = s1.ListSources();
  REQUIRE(sources.ok());
  std::map<std::string, int64_t> live;
  for (const auto& s : *sources) live[s.file_name] = s.observations;
  CHECK(live["a.csv"] == 2);
  CHECK(live["b.csv"] == 1);
  // b then a: the same current values, so the same digest.
  auto w2 = NewWorkspace(dir, "2.canvass");
  storage::IndicatorStore s2(w2.get());
  REQUIRE(s2.Import(b).ok());
  REQUIRE(s2.Import(a).ok());
  auto digest = [](storage::Workspace* w) {
    auto d = w->Digest();
    REQUIRE(d.ok());
    return *d;
  };
  // Areas, forms and versions are equal (none added); indicators decide.
  CHECK(digest(w1.get()) == digest(w2.get()));
  REQUIRE(s2.Import(b).ok());
  CHECK(digest(w1.get()) != digest(w2.get()));
}

TEST_CASE("a file with a key twice keeps its later row - and an import of nothing new writes nothing") {
  TempDir dir;
  auto ws = NewWorkspace(dir);
  storage::IndicatorStore store(ws.get());
  auto f = File(Hash('c'), {Obs("x", "48005", 1, "c.csv", 2), Obs("x", "48001", 2, "c.csv", 3), Obs("x", "48005", 9, "c.csv", 4),
                            Obs("y", "48001", 4, "c.csv", 5), Obs("x", "48001", 2, "c.csv", 6)});
  auto st = store.Import(f);
  REQUIRE(st.ok());
  CHECK((st->added == 3 && st->replaced == 1 && st->unchanged == 1));
  auto cur = Current(store);
  CHECK(cur.size() == 3);
  CHECK(*cur["x|48005"].value == 9);
  CHECK(cur["x|48005"].source_row == 4);
  CHECK(cur["x|48001"].source_row == 6);
  auto before = ws->Digest();
  st = store.Import(f);
  REQUIRE(st.ok());
  CHECK((st->added == 0 && st->replaced == 1 && st->unchanged == 4));  // the in-file repeat, as before
  CHECK(*ws->Digest() == *before);
  // An id with a control character (the group separator) is refused; nothing is stored.
  auto odd = File(Hash('e'), {Obs(std::string("x\x1fy"), "48001", 1, "e.csv")});
  CHECK_FALSE(store.Import(odd).ok());
  CHECK(*ws->Digest() == *before);
}

TEST_CASE("re-importing corrected files does not grow the workspace - superseded imports are dropped") {
  TempDir dir;
  auto ws = NewWorkspace(dir);
  storage::IndicatorStore store(ws.get());
  auto version = [](int k) {
    std::vector<Observation> obs;
    for (int i = 0; i < 3000; ++i) obs.push_back(Obs("x", std::to_string(10000 + i), i + k * 0.5, "v" + std::to_string(k) + ".csv", 2 + i));
    return File(Hash(static_cast<char>('a' + k)), std::move(obs));
  };
  REQUIRE(store.Import(version(0)).ok());
  for (int round = 0; round < 7; ++round) {
    auto st = store.Import(version(1 + round % 2));
    REQUIRE(st.ok());
    CHECK(st->replaced == 3000);
  }
  auto sources = store.ListSources();
  REQUIRE(sources.ok());
  int64_t live = 0;
  for (const auto& s : *sources) live += s.observations;
  CHECK(live == 3000);
  auto check = ws->Check();
  REQUIRE(check.ok());
  CHECK(check->ok);
  ws.reset();
  // Eight imports of the same 3,000 keys: one import is stored.
  sqlite3* db = testing::RawOpen(dir.File("w.canvass"));
  sqlite3_stmt* q = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM indicator_imports), (SELECT count(*) FROM indicator_groups)",
                             -1, &q, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(q) == SQLITE_ROW);
  CHECK(sqlite3_column_int(q, 0) == 1);
  CHECK(sqlite3_column_int(q, 1) == 1);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

TEST_CASE("a schema-1 workspace migrates to packed blocks with every value and its provenance kept") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  auto obs = Tricky(5000, 5);
  for (auto& o : obs)
    if (o.value && *o.value == 0) o.value = 0.0;  // schema 1's REAL column stored -0 as 0
  {
    auto ws = NewWorkspace(dir);
    storage::IndicatorStore store(ws.get());
    REQUIRE(store.Import(File(Hash('m'), obs)).ok());
  }
  std::vector<Observation> before;
  std::string digest_before;
  {
    auto ws = storage::Workspace::Open(path, testing::kRawPass);
    REQUIRE(ws.ok());
    storage::IndicatorStore store(ws->get());
    before = *store.LoadObservations();
    digest_before = *(*ws)->Digest();
  }
  // Rewrite the file as schema 1 had it: one row per value, no packed tables.
  sqlite3* db = testing::RawOpen(path);
  testing::Exec(db, testing::kHeadsAsTableSql);
  testing::Exec(db, R"SQL(
    CREATE TABLE indicator_values(
      indicator_id TEXT NOT NULL, geo_level TEXT NOT NULL, geo_id TEXT NOT NULL, period TEXT NOT NULL,
      value REAL, unit TEXT NOT NULL DEFAULT '', moe REAL, status TEXT NOT NULL DEFAULT 'ok',
      source_kind TEXT NOT NULL, source_file TEXT NOT NULL, source_hash TEXT NOT NULL,
      source_row INTEGER, PRIMARY KEY(indicator_id, geo_level, geo_id, period));
    DROP TABLE indicator_blocks; DROP TABLE indicator_groups; DROP TABLE indicator_imports; DROP INDEX heads_kind;
    DROP TRIGGER fact_dirty_version; DROP TRIGGER fact_dirty_interview; DROP TABLE fact_cache; DROP TABLE fact_dirty;
    PRAGMA user_version = 1;)SQL");
  sqlite3_stmt* ins = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO indicator_values VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", -1, &ins, nullptr) == SQLITE_OK);
  const std::string hash = Hash('m');
  for (const auto& o : before) {
    sqlite3_reset(ins);
    sqlite3_bind_text(ins, 1, o.indicator_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 2, o.geo_level.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, o.geo_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 4, o.period.c_str(), -1, SQLITE_TRANSIENT);
    if (o.value) sqlite3_bind_double(ins, 5, *o.value); else sqlite3_bind_null(ins, 5);
    sqlite3_bind_text(ins, 6, o.unit.c_str(), -1, SQLITE_TRANSIENT);
    if (o.moe) sqlite3_bind_double(ins, 7, *o.moe); else sqlite3_bind_null(ins, 7);
    sqlite3_bind_text(ins, 8, o.status.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 9, o.source_kind.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 10, o.source_file.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 11, hash.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins, 12, static_cast<sqlite3_int64>(o.source_row));
    REQUIRE(sqlite3_step(ins) == SQLITE_DONE);
  }
  sqlite3_finalize(ins);
  sqlite3_close(db);

  auto ws = storage::Workspace::Open(path, testing::kRawPass);
  REQUIRE(ws.ok());
  storage::IndicatorStore store(ws->get());
  auto after = store.LoadObservations();
  REQUIRE(after.ok());
  REQUIRE(after->size() == before.size());
  auto key = [](const Observation& o) { return std::tie(o.indicator_id, o.geo_level, o.geo_id, o.period); };
  auto by_key = [&](const Observation& x, const Observation& y) { return key(x) < key(y); };
  std::sort(before.begin(), before.end(), by_key);
  std::sort(after->begin(), after->end(), by_key);
  size_t same = 0;
  for (size_t i = 0; i < before.size(); ++i) same += Same(before[i], (*after)[i]);
  CHECK(same == before.size());
  CHECK(*(*ws)->Digest() == digest_before);
  auto check = (*ws)->Check();
  REQUIRE(check.ok());
  CHECK(check->ok);
  CHECK(check->schema_version == 11);
}

TEST_CASE("a damaged indicator block behind Canvass's back: loads fail with a clear error and check reports it") {
  TempDir dir;
  std::string path = dir.File("w.canvass");
  {
    auto ws = NewWorkspace(dir);
    storage::IndicatorStore store(ws.get());
    REQUIRE(store.Import(File(Hash('d'), Tricky(2000, 9))).ok());
  }
  sqlite3* db = testing::RawOpen(path);
  testing::Exec(db, "UPDATE indicator_blocks SET data = substr(data, 1, length(data) / 2)");
  sqlite3_close(db);
  auto ws = storage::Workspace::Open(path, testing::kRawPass);
  REQUIRE(ws.ok());
  storage::IndicatorStore store(ws->get());
  auto obs = store.LoadObservations();
  REQUIRE_FALSE(obs.ok());
  CHECK(obs.status().message().find("indicator block is damaged") != std::string::npos);
  auto check = (*ws)->Check();
  REQUIRE(check.ok());
  CHECK_FALSE(check->ok);
}
