// Import + merge throughput of a bundle of N interviews x 40 answers (default 10,000),
// beside a bare SQLCipher bulk insert of the same rows in the same run, and the peak
// memory of the importing process. Usage: bench_sync_import [N] [WORKDIR]
// (CANVASS_BENCH_SKIP_DEFAULTS=1 leaves out the baseline with SQLCipher's defaults)
// (CANVASS_BENCH_KEEP=1 keeps WORKDIR; `--read-child WORKDIR/central.canvass WORKDIR/b.cvbundle
// ANSWERS` then repeats the verify/decrypt/parse step alone, e.g. under perf.)
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/crypto_util.h"
#include "storage/workspace.h"
#include "sync/bundle.h"
#include "sync/keys.h"
#include "sync/sync.h"

using namespace canvass;
using Clock = std::chrono::steady_clock;

namespace {

const char* kPass = "benchmark passphrase";

std::string BenchForm() {
  std::string qs;
  for (int i = 0; i < 40; ++i)
    qs += std::string(i ? "," : "") + R"({"id":"q)" + std::to_string(i) + R"(","type":"long_text","label":{"en":"Question )" + std::to_string(i) + R"("}})";
  return R"({"canvass_form":1,"id":"bench","version":1,"title":{"en":"Bench"},"languages":["en"],"sections":[{"id":"s","title":{"en":"S"},"questions":[)" + qs + "]}]}";
}

double Seconds(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

// Imports one bundle in this (fresh) process: `bench_sync_import --import-child WS BUNDLE N`.
int ImportChild(const std::string& ws_path, const std::string& bundle, int64_t expect) {
  setenv("CANVASS_KDF_PROFILE", "test-fast", 1);
  auto ws = storage::Workspace::Open(ws_path, kPass);
  if (!ws.ok()) return 1;
  auto r = sync::ImportBundle(ws->get(), bundle);
  if (!r.ok()) std::fprintf(stderr, "%s\n", r.status().message().c_str());
  ws->reset();
  // Peak RSS of this process image (VmHWM starts afresh at exec, unlike ru_maxrss after fork).
  FILE* f = std::fopen("/proc/self/status", "r");
  char line[256];
  while (f && std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "VmHWM:", 6) == 0) std::printf("peak_kb %s", line + 6);
  if (f) std::fclose(f);
  return r.ok() && r->stats.new_versions == expect ? 0 : 1;
}

// What the import's reader thread does, without the merge: verify, decrypt and decode every
// record (compact records arrive decoded with their ids computed; JSON version records of
// format 1 are decoded and their ids checked). True if every version was read.
bool ReadOnly(const std::string& ws_path, const std::string& bundle, int64_t expect) {
  auto ws = storage::Workspace::Open(ws_path, kPass);
  if (!ws.ok()) return false;
  auto keys = sync::EnsureCentralKeys(ws->get());
  auto dev = sync::FindDevice(ws->get(), "Bench laptop");
  if (!keys.ok() || !dev.ok()) return false;
  sync::ReaderKeys rk{dev->sign_pk, &keys->box_sk, keys->box_pk};
  int64_t versions = 0;
  auto digest = sync::VerifyBundle(bundle, rk.sender_sign_pk);
  if (!digest.ok()) return false;
  auto st = sync::DecryptBundleRecords(bundle, rk, *digest, [&](const sync::BundleRecord& r) {
    std::string err;
    storage::Version v;
    if (r.version) ++versions;
    else if (r.json->Find("t")->as_string() == "version" && storage::Version::FromValue(*r.json, &v, &err) &&
             storage::ComputeVersionId(v) == v.id) ++versions;
    return core::Status::Ok();
  });
  return st.ok() && versions == expect;
}

// Runs a command line in a fresh process; wall seconds and the peak RSS it reports (MB).
bool InFreshProcess(const std::vector<std::string>& argv, double* secs, double* peak_mb) {
  std::string cmd;
  for (const auto& a : argv) cmd += "'" + a + "' ";
  auto t0 = Clock::now();
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char line[256];
  *peak_mb = 0;
  while (std::fgets(line, sizeof line, p))
    if (std::strncmp(line, "peak_kb", 7) == 0) *peak_mb = std::atof(line + 7) / 1024.0;
  int status = pclose(p);
  *secs = Seconds(t0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Runs fn in a child process; returns wall seconds and the child's peak RSS (MB).
template <typename F>
bool InChild(F fn, double* secs, double* peak_mb, double* cpu_secs = nullptr) {
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) _exit(fn() ? 0 : 1);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  *secs = Seconds(t0);
  *peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  if (cpu_secs)
    *cpu_secs = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The baseline: the same version rows inserted into a plain SQLCipher table (one primary
// key, no other index), one transaction, prepared statement, same page size and cache.
bool BareInsert(const std::string& path, const storage::ChangeSet& cs, bool tuned) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  std::string key = "x'" + std::string(64, 'a') + "'";
  sqlite3_key(db, key.data(), static_cast<int>(key.size()));
  // tuned: the storage settings of a Canvass workspace (4 KiB pages, 64 MiB cache), so the ratio
  // measures the merge alone; else SQLCipher 3.4.1's defaults (1 KiB pages, 2 MB cache).
  if (tuned) sqlite3_exec(db, "PRAGMA cipher_page_size=4096; PRAGMA cache_size=-65536;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON;"
               "CREATE TABLE v(version_id TEXT PRIMARY KEY, kind TEXT, subject TEXT, field TEXT, value TEXT, hlc TEXT,"
               " device_id TEXT, author TEXT, note TEXT, parents TEXT); BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO v VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", -1, &s, nullptr);
  for (const auto& v : cs.versions) {
    std::string val = v.value.ToJson();
    const std::string* cols[] = {&v.id, &v.kind, &v.subject, &v.field, &val, &v.hlc, &v.device_id, &v.author, &v.note};
    for (int i = 0; i < 9; ++i) sqlite3_bind_text(s, i + 1, cols[i]->data(), static_cast<int>(cols[i]->size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 10, "", 0, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) return false;
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  bool ok = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--import-child") return ImportChild(argv[2], argv[3], std::atoll(argv[4]));
  if (argc == 5 && std::string(argv[1]) == "--read-child") {  // for profiling: the read alone, on a kept workdir
    setenv("CANVASS_KDF_PROFILE", "test-fast", 1);
    if (!core::InitCrypto().ok()) return 1;
    return ReadOnly(argv[2], argv[3], std::atoll(argv[4])) ? 0 : 1;
  }
  int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  std::string dir = argc > 2 ? argv[2] : (std::filesystem::temp_directory_path() / "canvass-bench").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  setenv("CANVASS_KDF_PROFILE", "test-fast", 1);
  if (!core::InitCrypto().ok()) return 1;
  auto central = storage::Workspace::Create(dir + "/central.canvass", kPass, storage::Role::kCentral, "Bench");
  if (!central.ok()) { std::fprintf(stderr, "%s\n", central.status().message().c_str()); return 1; }
  storage::FormRow row;
  bool added = false;
  if (!(*central)->AddForm(BenchForm(), "bench", false, &row, &added).ok()) return 1;
  auto e = sync::EnrollDevice(central->get(), "Bench laptop", dir + "/l.cvkit");
  auto field = sync::JoinWithKit(dir + "/field.canvass", kPass, dir + "/l.cvkit", e->code);
  if (!field.ok()) { std::fprintf(stderr, "%s\n", field.status().message().c_str()); return 1; }
  std::string central_path = (*central)->path();
  central->reset();
  // Field data: n interviews x 40 answers, made as the field laptop would (its device id, HLC).
  auto t0 = Clock::now();
  storage::ChangeSet cs;
  std::string dev = (*field)->info().device_id;
  for (int i = 0; i < n; ++i) {
    storage::InterviewHeader h{core::NewUuid(), "bench", 1, dev, "bench", "unspecified", "en", (*field)->NextHlc()};
    for (int q = 0; q < 40; ++q) {
      storage::Version v;
      v.kind = "answer"; v.subject = h.uuid; v.field = "q" + std::to_string(q);
      v.value = core::Value("Answer " + std::to_string(q) + " of interview " + std::to_string(i) + ": workers at the site said the crew leader keeps their documents.");
      v.hlc = (*field)->NextHlc(); v.device_id = dev; v.author = "bench";
      v.id = storage::ComputeVersionId(v);
      cs.versions.push_back(std::move(v));
    }
    cs.interviews.push_back(std::move(h));
  }
  if (!(*field)->Merge(cs, nullptr).ok()) return 1;
  std::printf("setup: %d interviews x 40 answers on the field laptop in %.1f s\n", n, Seconds(t0));
  t0 = Clock::now();
  auto ex = sync::ExportBundle(field->get(), dir + "/b.cvbundle", false);
  if (!ex.ok()) { std::fprintf(stderr, "%s\n", ex.status().message().c_str()); return 1; }
  std::printf("export: %lld versions, %.1f MB bundle in %.2f s\n", static_cast<long long>(ex->versions), static_cast<double>(ex->bytes) / 1e6, Seconds(t0));
  field->reset();
  double answers = static_cast<double>(n) * 40;
  double base_s = 0, base_mb = 0, tuned_s = 0, imp_s = 0, imp_mb = 0;
  // CANVASS_BENCH_SKIP_DEFAULTS=1 leaves out the insert with SQLCipher's defaults (not a fair
  // baseline, and the slowest step at 100,000 interviews).
  const bool defaults = !std::getenv("CANVASS_BENCH_SKIP_DEFAULTS");
  if ((defaults && !InChild([&] { return BareInsert(dir + "/bare.db", cs, false); }, &base_s, &base_mb)) ||
      !InChild([&] { return BareInsert(dir + "/tuned.db", cs, true); }, &tuned_s, &base_mb)) {
    std::fprintf(stderr, "baseline failed\n");
    return 1;
  }
  cs = storage::ChangeSet();
  std::filesystem::copy_file(central_path, dir + "/central-before-import.canvass");  // for profiling runs
  bool ok = InFreshProcess({"/proc/" + std::to_string(getpid()) + "/exe", "--import-child", central_path, dir + "/b.cvbundle", std::to_string(static_cast<int64_t>(answers))},
                           &imp_s, &imp_mb);
  if (!ok) { std::fprintf(stderr, "import failed\n"); return 1; }
  double read_s = 0, read_mb = 0, read_cpu = 0;
  InChild([&] { return ReadOnly(central_path, dir + "/b.cvbundle", static_cast<int64_t>(answers)); }, &read_s, &read_mb, &read_cpu);
  std::printf("verify+decrypt+parse only  : %9.0f answers/s  (%.2f s, no database writes; %.0f answers per CPU second, %.2f s CPU, for a busy machine)\n",
              answers / read_s, read_s, answers / read_cpu, read_cpu);
  if (defaults)
    std::printf("bare SQLCipher bulk insert : %9.0f answers/s  (%.2f s; SQLCipher defaults, one primary key)\n", answers / base_s, base_s);
  std::printf("  same, tuned like Canvass : %9.0f answers/s  (%.2f s; 4 KiB pages, 64 MiB cache)\n", answers / tuned_s, tuned_s);
  std::printf("canvass import + merge     : %9.0f answers/s  (%.2f s; verify, decrypt, merge, heads, audit)\n", answers / imp_s, imp_s);
  if (defaults)
    std::printf("ratio import/bare defaults : %9.2f  (SQLCipher's defaults: not a fair baseline, 1 KiB pages and 2 MB cache)\n", base_s / imp_s);
  std::printf("ratio import/tuned bare    : %9.2f  (target >= 0.50; the merge's own cost: verify, decrypt, heads, history index)\n", tuned_s / imp_s);
  std::printf("peak RSS of the import     : %9.1f MB (target < 150 MB, flat in the bundle's size)\n", imp_mb);
  if (!std::getenv("CANVASS_BENCH_KEEP")) std::filesystem::remove_all(dir);
  return 0;
}
