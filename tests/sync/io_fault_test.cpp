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

#include <cstring>
#include <filesystem>

#include "sync_fixture.h"

using namespace canvass;
using namespace canvass::testing;

namespace {

enum class Fault { kNone, kEio, kFull };

struct Shim {
  sqlite3_vfs vfs{};
  sqlite3_vfs* real = nullptr;
  Fault fault = Fault::kNone;
  int fail_at = 0;   // 1-based index of the operation to fail
  int ops = 0;       // writes + syncs + truncates since armed
  bool hit = false;  // the fault fired at least once
  void Arm(Fault f, int k) { fault = f, fail_at = k, ops = 0, hit = false; }
  void Disarm() { fault = Fault::kNone; }
  // Called before each write/sync/truncate; returns the error to inject or SQLITE_OK.
  int Next(int io_error) {
    if (fault == Fault::kNone) return SQLITE_OK;
    ++ops;
    if (fault == Fault::kEio && ops == fail_at) { hit = true; return io_error; }
    if (fault == Fault::kFull && ops >= fail_at) { hit = true; return SQLITE_FULL; }
    return SQLITE_OK;
  }
};
Shim g_shim;

struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;  // points just past this struct
};
sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }

int Close(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int Read(sqlite3_file* f, void* p, int n, sqlite3_int64 o) { return Real(f)->pMethods->xRead(Real(f), p, n, o); }
int Write(sqlite3_file* f, const void* p, int n, sqlite3_int64 o) {
  if (int rc = g_shim.Next(SQLITE_IOERR_WRITE)) return rc;
  return Real(f)->pMethods->xWrite(Real(f), p, n, o);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = g_shim.Next(SQLITE_IOERR_TRUNCATE)) return rc;
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) {
  if (int rc = g_shim.Next(SQLITE_IOERR_FSYNC)) return rc == SQLITE_FULL ? SQLITE_IOERR_FSYNC : rc;
  return Real(f)->pMethods->xSync(Real(f), flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* s) { return Real(f)->pMethods->xFileSize(Real(f), s); }
int Lock(sqlite3_file* f, int l) { return Real(f)->pMethods->xLock(Real(f), l); }
int Unlock(sqlite3_file* f, int l) { return Real(f)->pMethods->xUnlock(Real(f), l); }
int CheckReserved(sqlite3_file* f, int* r) { return Real(f)->pMethods->xCheckReservedLock(Real(f), r); }
int FileControl(sqlite3_file* f, int op, void* a) { return Real(f)->pMethods->xFileControl(Real(f), op, a); }
int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceChars(sqlite3_file* f) { return Real(f)->pMethods->xDeviceCharacteristics(Real(f)); }
int ShmMap(sqlite3_file* f, int pg, int sz, int w, void volatile** pp) {
  return Real(f)->pMethods->xShmMap(Real(f), pg, sz, w, pp);
}
int ShmLock(sqlite3_file* f, int off, int n, int flags) { return Real(f)->pMethods->xShmLock(Real(f), off, n, flags); }
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int del) { return Real(f)->pMethods->xShmUnmap(Real(f), del); }
int Fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** pp) { return Real(f)->pMethods->xFetch(Real(f), o, n, pp); }
int Unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return Real(f)->pMethods->xUnfetch(Real(f), o, p); }

const sqlite3_io_methods kMethods = {3,       Close,      Read,        Write,         Truncate,    Sync,
                                     FileSize, Lock,      Unlock,      CheckReserved, FileControl, SectorSize,
                                     DeviceChars, ShmMap, ShmLock,     ShmBarrier,    ShmUnmap,    Fetch,
                                     Unfetch};

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* sf = reinterpret_cast<ShimFile*>(f);
  sf->real = reinterpret_cast<sqlite3_file*>(sf + 1);
  int rc = g_shim.real->xOpen(g_shim.real, name, sf->real, flags, out_flags);
  // The unix VFS gives version-3 methods (WAL needs the shm calls); anything else is not shimmed.
  sf->base.pMethods = rc == SQLITE_OK && sf->real->pMethods && sf->real->pMethods->iVersion >= 3 ? &kMethods : nullptr;
  if (rc == SQLITE_OK && !sf->base.pMethods) {
    sf->real->pMethods->xClose(sf->real);
    return SQLITE_CANTOPEN;
  }
  return rc;
}
int Delete(sqlite3_vfs*, const char* n, int sync) { return g_shim.real->xDelete(g_shim.real, n, sync); }
int Access(sqlite3_vfs*, const char* n, int flags, int* out) { return g_shim.real->xAccess(g_shim.real, n, flags, out); }
int FullPath(sqlite3_vfs*, const char* n, int len, char* out) { return g_shim.real->xFullPathname(g_shim.real, n, len, out); }
void* DlOpen(sqlite3_vfs*, const char* n) { return g_shim.real->xDlOpen(g_shim.real, n); }
void DlError(sqlite3_vfs*, int n, char* m) { g_shim.real->xDlError(g_shim.real, n, m); }
void (*DlSym(sqlite3_vfs*, void* h, const char* s))(void) { return g_shim.real->xDlSym(g_shim.real, h, s); }
void DlClose(sqlite3_vfs*, void* h) { g_shim.real->xDlClose(g_shim.real, h); }
int Randomness(sqlite3_vfs*, int n, char* out) { return g_shim.real->xRandomness(g_shim.real, n, out); }
int Sleep(sqlite3_vfs*, int us) { return g_shim.real->xSleep(g_shim.real, us); }
int CurrentTime(sqlite3_vfs*, double* t) { return g_shim.real->xCurrentTime(g_shim.real, t); }
int LastError(sqlite3_vfs*, int n, char* m) { return g_shim.real->xGetLastError(g_shim.real, n, m); }
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* t) { return g_shim.real->xCurrentTimeInt64(g_shim.real, t); }

// Installs the shim as the default VFS (once per process); Workspace opens with the default.
void InstallShim() {
  if (g_shim.real) return;
  g_shim.real = sqlite3_vfs_find("unix");
  REQUIRE(g_shim.real != nullptr);
  REQUIRE(g_shim.real->iVersion >= 2);
  auto& v = g_shim.vfs;
  v.iVersion = 2;
  v.szOsFile = static_cast<int>(sizeof(ShimFile)) + g_shim.real->szOsFile;
  v.mxPathname = g_shim.real->mxPathname;
  v.zName = "canvass-fault-shim";
  v.xOpen = Open;
  v.xDelete = Delete;
  v.xAccess = Access;
  v.xFullPathname = FullPath;
  v.xDlOpen = DlOpen;
  v.xDlError = DlError;
  v.xDlSym = DlSym;
  v.xDlClose = DlClose;
  v.xRandomness = Randomness;
  v.xSleep = Sleep;
  v.xCurrentTime = CurrentTime;
  v.xGetLastError = LastError;
  v.xCurrentTimeInt64 = CurrentTimeInt64;
  REQUIRE(sqlite3_vfs_register(&v, 1) == SQLITE_OK);
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
