// I/O errors and a full disk during an import (SECURITY.md MG-3). A VFS shim in front of the
// default "unix" VFS fails the k-th write, sync or truncate (of the database, its WAL or any
// temporary file) for k = 1, 2, ... until an import (and closing the file, which checkpoints
// the WAL) gets through without reaching k. Every
// time: the import either fails with a clear one-line error and leaves the content exactly as
// before, or succeeds and leaves it exactly as a clean import does; `check` passes either way,
// and the failed bundle imports cleanly afterwards. Two fault kinds: a one-off EIO (the next
// operation works again) and a full disk (every write from the k-th on fails, SQLITE_FULL).
// Workspaces always run in WAL mode, so this covers WAL; rollback journals are never used.
#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "sync_fixture.h"
#include "vfs_shim.h"

using namespace canvass;
using namespace canvass::testing;

namespace {

enum class Fault { kNone, kEio, kFull, kPowerLoss };

// Power-loss model (MG-2): what a file held at its last sync is safe; every 512-byte sector
// written since may or may not have reached the disk. The shim keeps each such sector's content
// as of the last sync; after the "power cut" a pattern decides which sectors revert.
constexpr int64_t kSector = 512;
struct FileLog {
  std::string path;
  int64_t synced_size = 0;
  std::map<int64_t, std::string> old;  // sector index -> bytes at the last sync (size < 512 near EOF)
};
std::vector<FileLog> g_logs;

struct Shim {
  sqlite3_vfs vfs{};
  sqlite3_vfs* real = nullptr;
  Fault fault = Fault::kNone;
  int fail_at = 0;   // 1-based index of the operation to fail
  int ops = 0;       // writes + syncs + truncates since armed
  bool hit = false;  // the fault fired at least once
  bool dead = false;  // the power is off: nothing reaches the disk any more
  void Arm(Fault f, int k) { fault = f, fail_at = k, ops = 0, hit = false, dead = false; }
  void Disarm() { fault = Fault::kNone, dead = false; }
  // Called before each write/sync/truncate; returns the error to inject or SQLITE_OK.
  int Next(int io_error) {
    if (fault == Fault::kNone) return SQLITE_OK;
    ++ops;
    if (fault == Fault::kEio && ops == fail_at) { hit = true; return io_error; }
    if (fault == Fault::kFull && ops >= fail_at) { hit = true; return SQLITE_FULL; }
    if (fault == Fault::kPowerLoss && (dead || ops == fail_at)) { hit = dead = true; return io_error; }
    return SQLITE_OK;
  }
};
Shim g_shim;

struct ShimFile {
  vfs_shim::File file;  // its real file points just past this struct
  int log;              // index in g_logs, or -1 (temporary and -shm files)
};
using vfs_shim::Real;
FileLog* LogOf(sqlite3_file* f) {
  int i = reinterpret_cast<ShimFile*>(f)->log;
  return i < 0 ? nullptr : &g_logs[static_cast<size_t>(i)];
}
int64_t SizeOf(sqlite3_file* f) {
  sqlite3_int64 n = 0;
  Real(f)->pMethods->xFileSize(Real(f), &n);
  return n;
}
// Keeps the synced content of the sectors [from, to) before they change.
void RememberSectors(sqlite3_file* f, int64_t from, int64_t to) {
  FileLog* log = LogOf(f);
  if (!log || to <= from) return;
  const int64_t size = SizeOf(f);
  for (int64_t s = from / kSector; s <= (to - 1) / kSector; ++s) {
    if (log->old.count(s)) continue;
    const int64_t valid = std::max<int64_t>(0, std::min<int64_t>(kSector, std::min(size, log->synced_size) - s * kSector));
    std::string bytes(static_cast<size_t>(valid), '\0');
    if (valid > 0) Real(f)->pMethods->xRead(Real(f), bytes.data(), static_cast<int>(valid), s * kSector);
    log->old.emplace(s, std::move(bytes));
  }
}

int Write(sqlite3_file* f, const void* p, int n, sqlite3_int64 o) {
  if (int rc = g_shim.Next(SQLITE_IOERR_WRITE)) return rc;
  RememberSectors(f, o, o + n);
  return Real(f)->pMethods->xWrite(Real(f), p, n, o);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = g_shim.Next(SQLITE_IOERR_TRUNCATE)) return rc;
  RememberSectors(f, size, SizeOf(f));
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) {
  if (int rc = g_shim.Next(SQLITE_IOERR_FSYNC)) return rc == SQLITE_FULL ? SQLITE_IOERR_FSYNC : rc;
  int rc = Real(f)->pMethods->xSync(Real(f), flags);
  if (FileLog* log = LogOf(f); log && rc == SQLITE_OK) {  // everything written so far is durable
    log->old.clear();
    log->synced_size = SizeOf(f);
  }
  return rc;
}
const sqlite3_io_methods kMethods = vfs_shim::WatchingMethods(Write, Truncate, Sync);

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* sf = reinterpret_cast<ShimFile*>(f);
  sf->file.real = reinterpret_cast<sqlite3_file*>(sf + 1);
  sf->log = -1;
  if (g_shim.dead) {  // no new files after the power cut
    sf->file.base.pMethods = nullptr;
    return SQLITE_CANTOPEN;
  }
  int rc = vfs_shim::OpenReal(g_shim.real, name, f, flags, out_flags, &kMethods);
  if (rc == SQLITE_OK && name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL))) {
    std::string path(name);
    auto it = std::find_if(g_logs.begin(), g_logs.end(), [&](const FileLog& l) { return l.path == path; });
    if (it == g_logs.end()) {  // first open: what is on disk now is durable
      g_logs.push_back(FileLog{path, 0, {}});
      it = g_logs.end() - 1;
      sf->log = static_cast<int>(it - g_logs.begin());
      it->synced_size = SizeOf(f);
    } else {
      sf->log = static_cast<int>(it - g_logs.begin());
    }
  }
  return rc;
}
int Delete(sqlite3_vfs*, const char* n, int sync) {
  if (g_shim.dead) return SQLITE_IOERR_DELETE;
  for (auto& l : g_logs)  // a deleted file starts afresh if it is created again
    if (n && l.path == n) l.synced_size = 0, l.old.clear();
  return g_shim.real->xDelete(g_shim.real, n, sync);
}

// Installs the shim as the default VFS (once per process); Workspace opens with the default.
void InstallShim() {
  if (g_shim.real) return;
  g_shim.real = sqlite3_vfs_find("unix");
  REQUIRE(g_shim.real != nullptr);
  REQUIRE(g_shim.real->iVersion >= 2);
  auto& v = g_shim.vfs;
  v = vfs_shim::ForwardingVfs(g_shim.real, "canvass-fault-shim", static_cast<int>(sizeof(ShimFile)));
  v.xOpen = Open;
  v.xDelete = Delete;
  REQUIRE(sqlite3_vfs_register(&v, 1) == SQLITE_OK);
}

// What reaches the disk when the power goes: nothing written since each file's last sync, all of
// it, or each such sector by a coin toss (a lost sector past the synced end reads as zeros).
enum class Loss { kAllUnsynced, kNothing, kRandomSectors };

void CutPower(Loss loss, std::mt19937& rng) {
  for (const auto& l : g_logs) {
    int fd = ::open(l.path.c_str(), O_RDWR);
    if (fd < 0) continue;  // deleted before the cut
    const off_t size = ::lseek(fd, 0, SEEK_END);
    for (const auto& [sec, bytes] : l.old) {
      const off_t at = static_cast<off_t>(sec * kSector);
      if (loss == Loss::kNothing || (loss == Loss::kRandomSectors && rng() % 2)) continue;
      std::string sector = bytes;
      if (loss == Loss::kRandomSectors) sector.resize(static_cast<size_t>(std::clamp<off_t>(size - at, 0, kSector)), '\0');
      if (!sector.empty()) REQUIRE(::pwrite(fd, sector.data(), sector.size(), at) == static_cast<ssize_t>(sector.size()));
    }
    if (loss == Loss::kAllUnsynced) REQUIRE(::ftruncate(fd, static_cast<off_t>(l.synced_size)) == 0);
    ::close(fd);
  }
}

struct Outcome {
  int attempts = 0, failed = 0, succeeded_despite_fault = 0;
  std::string first_error;
};

// Imports `bundle` into copies of `snapshot`, failing the k-th I/O operation for k = 1.. until an
// import no longer reaches k. `before`/`after` are the digests of a clean non-import / import.
Outcome RunFaults(Fault fault, const TempDir& dir, const std::string& snapshot, const std::string& bundle,
                  const std::string& before, const std::string& after) {
  Outcome out;
  for (int k = 1; k < 100000; ++k) {
    std::string path = dir.File("fault.canvass");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::filesystem::copy_file(snapshot, path);
    core::Status st;
    {
      auto ws = storage::Workspace::Open(path, kCentralPass);
      REQUIRE(ws.ok());
      g_shim.Arm(fault, k);
      auto r = sync::ImportBundle(ws->get(), bundle);
      st = r.ok() ? core::Status::Ok() : r.status();
    }  // closing checkpoints the WAL into the database: faults reach that too
    g_shim.Disarm();
    ++out.attempts;
    if (!g_shim.hit) {  // neither the import nor the close reached the k-th operation: all tried
      REQUIRE(st.ok());
      break;
    }
    if (!st.ok()) {
      ++out.failed;
      if (out.first_error.empty()) out.first_error = st.message();
      INFO("k=" << k << ": " << st.message());
      CHECK_FALSE(st.message().empty());
      CHECK(st.message().find('\n') == std::string::npos);
    } else {
      ++out.succeeded_despite_fault;  // the fault hit the checkpoint after a durable commit
    }
    auto ws = storage::Workspace::Open(path, kCentralPass);
    INFO("k=" << k);
    REQUIRE(ws.ok());
    auto check = (*ws)->Check();
    REQUIRE(check.ok());
    CHECK(check->ok);
    auto digest = (*ws)->Digest();
    REQUIRE(digest.ok());
    const bool merged = *digest == after;
    CHECK((merged || *digest == before));  // wholly merged or not at all
    if (!merged) {  // the refused bundle goes in cleanly once the disk works again
      auto again = sync::ImportBundle(ws->get(), bundle);
      REQUIRE(again.ok());
      CHECK(*(*ws)->Digest() == after);
    }
  }
  return out;
}

struct PowerOutcome {
  int points = 0;
  std::map<size_t, int> bundles_kept;  // bundles wholly present after the cut -> times
};

// Imports `bundles` in order into copies of `snapshot` and cuts the power at the k-th write,
// sync or truncate (k = 1, 1 + stride, ...), then applies `loss`, drops the -shm file (shared
// memory does not survive a power cut) and reopens. `prefix[j]` is the digest after the first j
// bundles: the content must be exactly one of them.
PowerOutcome RunPowerLoss(Loss loss, int stride, const TempDir& dir, const std::string& snapshot,
                          const std::vector<std::string>& bundles, const std::vector<std::string>& prefix) {
  PowerOutcome out;
  std::mt19937 rng(static_cast<unsigned>(1234 + static_cast<int>(loss)));
  for (int k = 1;; k += stride) {
    const std::string path = dir.File("power.canvass");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::filesystem::copy_file(snapshot, path);
    g_logs.clear();
    {
      auto ws = storage::Workspace::Open(path, kCentralPass);
      REQUIRE(ws.ok());
      g_shim.Arm(Fault::kPowerLoss, k);
      for (const auto& b : bundles)
        if (!sync::ImportBundle(ws->get(), b).ok()) break;
    }  // the close after the cut fails too: nothing more reaches the disk
    const bool cut = g_shim.hit;
    g_shim.Disarm();
    if (!cut) break;  // every point was tried
    ++out.points;
    CutPower(loss, rng);
    std::filesystem::remove(path + "-shm");
    INFO("power cut at operation " << k);
    auto ws = storage::Workspace::Open(path, kCentralPass);
    INFO((ws.ok() ? "" : ws.status().message()));
    REQUIRE(ws.ok());
    auto check = (*ws)->Check();
    REQUIRE(check.ok());
    CHECK(check->ok);
    auto digest = (*ws)->Digest();
    REQUIRE(digest.ok());
    auto it = std::find(prefix.begin(), prefix.end(), *digest);
    CHECK(it != prefix.end());  // each bundle wholly there or not at all, in order
    if (it == prefix.end()) continue;
    const size_t kept = static_cast<size_t>(it - prefix.begin());
    ++out.bundles_kept[kept];
    if (out.points % 4 == 1) {  // the rest goes in cleanly afterwards
      for (const auto& b : bundles) REQUIRE(sync::ImportBundle(ws->get(), b).ok());
      CHECK(*(*ws)->Digest() == prefix.back());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("I/O errors and a full disk during an import never leave a partial merge (MG-3)", "[sync][faults]") {
  InstallShim();
  Project p(1);
  auto qs = TextQuestions(p.fields[0].get());
  for (int i = 0; i < 6; ++i) NewInterview(p.fields[0].get(), qs[static_cast<size_t>(i) % qs.size()], "text " + std::to_string(i));
  std::string bundle = p.Export(p.fields[0].get());
  std::string central_path = p.central->path();
  std::string before = *p.central->Digest();
  p.central.reset();
  std::string snapshot = p.dir.File("snapshot.canvass");
  std::filesystem::copy_file(central_path, snapshot);

  std::string after;
  {
    std::string ref = p.dir.File("ref.canvass");
    std::filesystem::copy_file(snapshot, ref);
    auto ws = storage::Workspace::Open(ref, kCentralPass);
    REQUIRE(ws.ok());
    REQUIRE(sync::ImportBundle(ws->get(), bundle).ok());
    after = *(*ws)->Digest();
    REQUIRE(after != before);
  }

  SECTION("a one-off EIO at every write, sync and truncate") {
    Outcome o = RunFaults(Fault::kEio, p.dir, snapshot, bundle, before, after);
    WARN("EIO: " << o.attempts << " fault points, " << o.failed << " refused imports, "
                 << o.succeeded_despite_fault << " completed despite the fault; e.g. \"" << o.first_error << '"');
    CHECK(o.attempts > 10);  // the import really does I/O through the shim
    CHECK(o.failed > 0);
  }
  SECTION("the disk fills up at every point") {
    Outcome o = RunFaults(Fault::kFull, p.dir, snapshot, bundle, before, after);
    WARN("disk full: " << o.attempts << " fault points, " << o.failed << " refused imports; e.g. \"" << o.first_error << '"');
    CHECK(o.attempts > 10);
    CHECK(o.failed > 0);
  }
}

TEST_CASE("a power cut at any write of a series of imports loses no more than unfinished bundles (MG-2)",
          "[sync][faults]") {
  InstallShim();
  // The test command tries every 10th crash point; CANVASS_POWERLOSS_STRIDE=1 tries all of
  // them (about 530 per pattern, a few minutes).
  int stride = 10;
  if (const char* e = std::getenv("CANVASS_POWERLOSS_STRIDE")) stride = std::max(1, std::atoi(e));
  Project p(14);
  auto qs = TextQuestions(p.fields[0].get());
  std::vector<std::string> bundles;
  for (auto& f : p.fields) {
    for (int i = 0; i < 3; ++i) NewInterview(f.get(), qs[static_cast<size_t>(i) % qs.size()], "power " + std::to_string(i));
    bundles.push_back(p.Export(f.get()));
  }
  std::string central_path = p.central->path();
  p.central.reset();
  std::string snapshot = p.dir.File("snapshot.canvass");
  std::filesystem::copy_file(central_path, snapshot);
  std::vector<std::string> prefix;
  {
    std::string ref = p.dir.File("ref.canvass");
    std::filesystem::copy_file(snapshot, ref);
    auto ws = storage::Workspace::Open(ref, kCentralPass);
    REQUIRE(ws.ok());
    prefix.push_back(*(*ws)->Digest());
    for (const auto& b : bundles) {
      REQUIRE(sync::ImportBundle(ws->get(), b).ok());
      prefix.push_back(*(*ws)->Digest());
    }
  }
  for (Loss loss : {Loss::kAllUnsynced, Loss::kNothing, Loss::kRandomSectors}) {
    PowerOutcome o = RunPowerLoss(loss, stride, p.dir, snapshot, bundles, prefix);
    std::ostringstream kept;
    for (const auto& [n, times] : o.bundles_kept) kept << " " << n << ":" << times;
    WARN("loss pattern " << static_cast<int>(loss) << ": " << o.points << " crash points (stride " << stride
                         << "); bundles kept -> times:" << kept.str());
    CHECK(o.points * stride > 450);
    CHECK(o.bundles_kept.size() > 3);  // the cuts really fell across the series
  }
}
