// A VFS in front of SQLite's "unix" VFS for the fault tests (io_fault_test.cpp, crash_aimed_test.cpp):
// every call is forwarded to the real VFS or file; a test replaces only the calls it watches.
#pragma once

#include <sqlite3.h>

namespace canvass::testing::vfs_shim {

// A shim's file struct begins with this; the real VFS's file follows the shim's own struct.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
};
inline sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

// io methods (version 3: WAL needs the shm calls) that forward every call to the real file.
inline sqlite3_io_methods ForwardingMethods() {
  sqlite3_io_methods m{};
  m.iVersion = 3;
  m.xClose = [](sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); };
  m.xRead = [](sqlite3_file* f, void* p, int n, sqlite3_int64 o) { return Real(f)->pMethods->xRead(Real(f), p, n, o); };
  m.xWrite = [](sqlite3_file* f, const void* p, int n, sqlite3_int64 o) { return Real(f)->pMethods->xWrite(Real(f), p, n, o); };
  m.xTruncate = [](sqlite3_file* f, sqlite3_int64 s) { return Real(f)->pMethods->xTruncate(Real(f), s); };
  m.xSync = [](sqlite3_file* f, int flags) { return Real(f)->pMethods->xSync(Real(f), flags); };
  m.xFileSize = [](sqlite3_file* f, sqlite3_int64* s) { return Real(f)->pMethods->xFileSize(Real(f), s); };
  m.xLock = [](sqlite3_file* f, int l) { return Real(f)->pMethods->xLock(Real(f), l); };
  m.xUnlock = [](sqlite3_file* f, int l) { return Real(f)->pMethods->xUnlock(Real(f), l); };
  m.xCheckReservedLock = [](sqlite3_file* f, int* r) { return Real(f)->pMethods->xCheckReservedLock(Real(f), r); };
  m.xFileControl = [](sqlite3_file* f, int op, void* a) { return Real(f)->pMethods->xFileControl(Real(f), op, a); };
  m.xSectorSize = [](sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); };
  m.xDeviceCharacteristics = [](sqlite3_file* f) { return Real(f)->pMethods->xDeviceCharacteristics(Real(f)); };
  m.xShmMap = [](sqlite3_file* f, int pg, int sz, int w, void volatile** pp) { return Real(f)->pMethods->xShmMap(Real(f), pg, sz, w, pp); };
  m.xShmLock = [](sqlite3_file* f, int off, int n, int fl) { return Real(f)->pMethods->xShmLock(Real(f), off, n, fl); };
  m.xShmBarrier = [](sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); };
  m.xShmUnmap = [](sqlite3_file* f, int del) { return Real(f)->pMethods->xShmUnmap(Real(f), del); };
  m.xFetch = [](sqlite3_file* f, sqlite3_int64 o, int n, void** pp) { return Real(f)->pMethods->xFetch(Real(f), o, n, pp); };
  m.xUnfetch = [](sqlite3_file* f, sqlite3_int64 o, void* p) { return Real(f)->pMethods->xUnfetch(Real(f), o, p); };
  return m;
}

// ForwardingMethods with the three calls that change a file (write, truncate, sync) replaced:
// what both fault shims watch.
inline sqlite3_io_methods WatchingMethods(decltype(sqlite3_io_methods::xWrite) write,
                                          decltype(sqlite3_io_methods::xTruncate) truncate,
                                          decltype(sqlite3_io_methods::xSync) sync) {
  sqlite3_io_methods m = ForwardingMethods();
  m.xWrite = write;
  m.xTruncate = truncate;
  m.xSync = sync;
  return m;
}

// Opens the real file behind a shim file (whose `real` the caller has pointed past its own
// struct) and gives it `methods`. The unix VFS gives version-3
// methods; anything else is not shimmed (closed again, SQLITE_CANTOPEN).
inline int OpenReal(sqlite3_vfs* real, const char* name, sqlite3_file* f, int flags, int* out_flags,
                    const sqlite3_io_methods* methods) {
  auto* sf = reinterpret_cast<File*>(f);
  int rc = real->xOpen(real, name, sf->real, flags, out_flags);
  sf->base.pMethods = rc == SQLITE_OK && sf->real->pMethods && sf->real->pMethods->iVersion >= 3 ? methods : nullptr;
  if (rc == SQLITE_OK && !sf->base.pMethods) {
    sf->real->pMethods->xClose(sf->real);
    return SQLITE_CANTOPEN;
  }
  return rc;
}

// A version-2 VFS named `name` in front of `real` (kept in pAppData) whose files are
// `file_size` bytes of the shim's struct followed by the real file. Every call is forwarded;
// xOpen must be set by the test (it places the real file and picks the methods).
inline sqlite3_vfs* RealVfs(sqlite3_vfs* shim) { return static_cast<sqlite3_vfs*>(shim->pAppData); }
inline sqlite3_vfs ForwardingVfs(sqlite3_vfs* real, const char* name, int file_size) {
  sqlite3_vfs v{};
  v.iVersion = 2;
  v.szOsFile = file_size + real->szOsFile;
  v.mxPathname = real->mxPathname;
  v.zName = name;
  v.pAppData = real;
  v.xDelete = [](sqlite3_vfs* s, const char* n, int sync) { return RealVfs(s)->xDelete(RealVfs(s), n, sync); };
  v.xAccess = [](sqlite3_vfs* s, const char* n, int fl, int* o) { return RealVfs(s)->xAccess(RealVfs(s), n, fl, o); };
  v.xFullPathname = [](sqlite3_vfs* s, const char* n, int len, char* o) { return RealVfs(s)->xFullPathname(RealVfs(s), n, len, o); };
  v.xDlOpen = [](sqlite3_vfs* s, const char* n) { return RealVfs(s)->xDlOpen(RealVfs(s), n); };
  v.xDlError = [](sqlite3_vfs* s, int n, char* m) { RealVfs(s)->xDlError(RealVfs(s), n, m); };
  v.xDlSym = [](sqlite3_vfs* s, void* h, const char* sym) { return RealVfs(s)->xDlSym(RealVfs(s), h, sym); };
  v.xDlClose = [](sqlite3_vfs* s, void* h) { RealVfs(s)->xDlClose(RealVfs(s), h); };
  v.xRandomness = [](sqlite3_vfs* s, int n, char* o) { return RealVfs(s)->xRandomness(RealVfs(s), n, o); };
  v.xSleep = [](sqlite3_vfs* s, int us) { return RealVfs(s)->xSleep(RealVfs(s), us); };
  v.xCurrentTime = [](sqlite3_vfs* s, double* t) { return RealVfs(s)->xCurrentTime(RealVfs(s), t); };
  v.xGetLastError = [](sqlite3_vfs* s, int n, char* m) { return RealVfs(s)->xGetLastError(RealVfs(s), n, m); };
  v.xCurrentTimeInt64 = [](sqlite3_vfs* s, sqlite3_int64* t) { return RealVfs(s)->xCurrentTimeInt64(RealVfs(s), t); };
  return v;
}

}  // namespace canvass::testing::vfs_shim
