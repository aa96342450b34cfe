// kill -9 aimed inside the two writes that must be atomic (SECURITY.md MG-1, KD-3): the merge
// transaction of a bundle import, and the passphrase change (rekey, close, verify). A child
// process does the work and dies by SIGKILL, either
//  * at its k-th write, sync or truncate (a VFS in front of "unix" sends the SIGKILL just
//    before that operation: every point of the transaction's I/O can be hit), or
//  * at a random time inside the operation, sent from outside like a real `kill -9` (the child
//    says when the operation starts; the window is the length of an uninterrupted run).
// After each kill the file must be whole: it opens (for a rekey: with exactly one of the two
// passphrases), `check` passes, and its content is exactly what it was before the operation or
// exactly what the finished operation gives (for a series of imports: after some number of
// whole bundles). A file failing any of these is counted as torn; there must be none.
//
// CANVASS_KILLS=N sets the kills per operation (half at I/O points spread evenly over the
// operation, half timed); the test command uses 24 (48 kills, about 15 s). The long run, whose
// figures docs/security.md reports: CANVASS_KILLS=600 build/bin/sync_fault_tests "[kill]"
// (1,200 kills, about 6 minutes on two busy cores).
#include <sqlite3.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <thread>

#include "sync_fixture.h"
#include "vfs_shim.h"

using namespace canvass;
using namespace canvass::testing;

namespace {

// --- The VFS in the child: SIGKILL at the k-th write/sync/truncate (0 = never); counts them.
struct KillShim {
  sqlite3_vfs vfs{};
  sqlite3_vfs* real = nullptr;
  long kill_at = 0, ops = 0;
  bool armed = false;
  void Op() {
    if (!armed) return;
    if (++ops == kill_at) ::kill(::getpid(), SIGKILL);
  }
};
KillShim g_kill;

using KillFile = vfs_shim::File;
int KWrite(sqlite3_file* f, const void* p, int n, sqlite3_int64 o) { g_kill.Op(); return vfs_shim::Real(f)->pMethods->xWrite(vfs_shim::Real(f), p, n, o); }
int KTruncate(sqlite3_file* f, sqlite3_int64 s) { g_kill.Op(); return vfs_shim::Real(f)->pMethods->xTruncate(vfs_shim::Real(f), s); }
int KSync(sqlite3_file* f, int flags) { g_kill.Op(); return vfs_shim::Real(f)->pMethods->xSync(vfs_shim::Real(f), flags); }
const sqlite3_io_methods kKillMethods = vfs_shim::WatchingMethods(KWrite, KTruncate, KSync);
int KOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out) {
  reinterpret_cast<KillFile*>(f)->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<KillFile*>(f) + 1);
  return vfs_shim::OpenReal(g_kill.real, name, f, flags, out, &kKillMethods);
}
int KDelete(sqlite3_vfs*, const char* n, int s) { g_kill.Op(); return g_kill.real->xDelete(g_kill.real, n, s); }

// In the child: the shim becomes the default VFS (Workspace opens with the default).
void InstallKillShim(long kill_at) {
  g_kill.real = sqlite3_vfs_find("unix");
  if (!g_kill.real) _exit(90);
  auto& v = g_kill.vfs;
  v = vfs_shim::ForwardingVfs(g_kill.real, "canvass-kill-shim", static_cast<int>(sizeof(KillFile)));
  v.xOpen = KOpen;
  v.xDelete = KDelete;
  if (sqlite3_vfs_register(&v, 1) != SQLITE_OK) _exit(91);
  g_kill.kill_at = kill_at;
}

// --- The parent's side.

// How a child run ended: killed (and when), or finished with its I/O operation count.
struct ChildRun {
  bool killed = false;
  long ops = 0;          // operations counted (finished runs)
  int64_t work_us = 0;   // from the child's "starting" byte to its end
};

// Runs `work` in a child: `prepare` (not counted), then the operation with the shim armed at
// `kill_at` (0 = never). `kill_after_us` >= 0: SIGKILL from here that long after the start.
ChildRun RunChild(const std::function<bool()>& prepare, const std::function<bool()>& work, long kill_at, int64_t kill_after_us) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    InstallKillShim(kill_at);
    if (!prepare()) _exit(2);
    g_kill.armed = true;
    char s = 'S';
    if (write(fds[1], &s, 1) != 1) _exit(4);
    if (!work()) _exit(3);
    long ops = g_kill.ops;
    if (write(fds[1], &ops, sizeof ops) != static_cast<ssize_t>(sizeof ops)) _exit(4);
    _exit(0);
  }
  close(fds[1]);
  ChildRun r;
  char s = 0;
  REQUIRE(read(fds[0], &s, 1) == 1);
  auto t0 = std::chrono::steady_clock::now();
  if (kill_after_us >= 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(kill_after_us));
    ::kill(pid, SIGKILL);
  }
  long ops = 0;
  bool got_ops = read(fds[0], &ops, sizeof ops) == static_cast<ssize_t>(sizeof ops);
  int status = 0;
  waitpid(pid, &status, 0);
  r.work_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  close(fds[0]);
  r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  INFO("child status " << status);
  REQUIRE((r.killed || (WIFEXITED(status) && WEXITSTATUS(status) == 0)));
  if (!r.killed) {
    REQUIRE(got_ops);
    r.ops = ops;
  }
  return r;
}

int KillsPerOperation() {
  const char* s = std::getenv("CANVASS_KILLS");
  return s ? std::max(2, std::atoi(s)) : 24;
}

// The kill plan for one operation: half at I/O points spread evenly over [1, total], half at
// random times in [0, window]. Runs `one(kill_at, kill_after_us)` for each.
struct Tally {
  int kills = 0, interrupted = 0, torn = 0, at_io = 0, timed = 0;
};
void Plan(long total_ops, int64_t window_us, const std::function<void(long, int64_t)>& one, Tally* t) {
  const int n = KillsPerOperation();
  const int io = n / 2;
  std::mt19937 rng(4242);
  for (int i = 0; i < io; ++i) {
    long k = 1 + static_cast<long>((static_cast<double>(i) + 0.5) * static_cast<double>(total_ops) / io);
    one(std::min(k, total_ops), -1);
    ++t->at_io;
  }
  for (int i = io; i < n; ++i) {
    one(0, static_cast<int64_t>(rng() % static_cast<unsigned>(window_us + 1)));
    ++t->timed;
  }
}

void Fresh(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(to + suffix);
  std::filesystem::copy_file(from, to);
}

}  // namespace

TEST_CASE("kill -9 aimed inside the merge transaction and the passphrase change leaves no torn file",
          "[sync][faults][kill]") {
  Project p(2);
  auto qs = TextQuestions(p.fields[0].get());
  std::vector<std::string> bundles;
  for (size_t d = 0; d < p.fields.size(); ++d) {
    for (int round = 0; round < 2; ++round) {
      for (int i = 0; i < 40; ++i)
        NewInterview(p.fields[d].get(), qs[static_cast<size_t>(i) % qs.size()], "round " + std::to_string(round) + " text " + std::to_string(i));
      bundles.push_back(p.Export(p.fields[d].get()));
    }
  }
  const std::string central = p.central->path();
  p.central.reset();
  const std::string snapshot = p.dir.File("snapshot.canvass");
  std::filesystem::copy_file(central, snapshot);
  // The content after the first j bundles, j = 0..4.
  std::vector<std::string> prefix;
  const std::string ref = p.dir.File("ref.canvass");
  {
    Fresh(snapshot, ref);
    auto ws = storage::Workspace::Open(ref, kCentralPass);
    REQUIRE(ws.ok());
    prefix.push_back(*(*ws)->Digest());
    for (const auto& b : bundles) {
      REQUIRE(sync::ImportBundle(ws->get(), b).ok());
      prefix.push_back(*(*ws)->Digest());
    }
  }
  const std::string work = p.dir.File("work.canvass");
  Tally merge, rekey;

  SECTION("the merge transaction of a series of imports") {
    std::unique_ptr<storage::Workspace> child_ws;  // the child's (opened before the shim is armed)
    auto prepare = [&] {
      auto ws = storage::Workspace::Open(work, kCentralPass);
      if (ws.ok()) child_ws = std::move(*ws);
      return ws.ok();
    };
    auto import_all = [&] {
      for (const auto& b : bundles)
        if (!sync::ImportBundle(child_ws.get(), b).ok()) return false;
      return true;
    };
    Fresh(snapshot, work);
    ChildRun clean = RunChild(prepare, import_all, 0, -1);
    REQUIRE(clean.ops > 10);
    auto one = [&](long kill_at, int64_t after_us) {
      Fresh(snapshot, work);
      ChildRun r = RunChild(prepare, import_all, kill_at, after_us);
      ++merge.kills;
      merge.interrupted += r.killed;
      bool whole = false;
      {
        auto ws = storage::Workspace::Open(work, kCentralPass);
        auto check = ws.ok() ? (*ws)->Check() : core::Result<storage::CheckReport>(ws.status());
        auto digest = ws.ok() ? (*ws)->Digest() : core::Result<std::string>(ws.status());
        whole = check.ok() && check->ok && digest.ok() && std::find(prefix.begin(), prefix.end(), *digest) != prefix.end();
        INFO("kill at op " << kill_at << " / after " << after_us << " us: " << (ws.ok() ? "" : ws.status().message()));
        CHECK(whole);
      }
      merge.torn += !whole;
    };
    Plan(clean.ops, clean.work_us, one, &merge);
    WARN("merge: " << merge.kills << " kills (" << merge.at_io << " at I/O points of " << clean.ops << ", " << merge.timed
                   << " timed within " << clean.work_us / 1000 << " ms), " << merge.interrupted << " interrupted, "
                   << merge.torn << " torn files");
    CHECK(merge.interrupted > merge.kills / 2);
    CHECK(merge.torn == 0);
  }

  SECTION("the passphrase change") {
    const char* kNew = "a new central passphrase";
    std::string full = p.dir.File("full.canvass");
    std::filesystem::copy_file(ref, full);  // the central with every bundle: a bigger file to rekey
    auto prepare = [&] { return true; };
    auto change = [&] { return storage::Workspace::ChangePassphrase(work, kCentralPass, kNew).ok(); };
    Fresh(full, work);
    ChildRun clean = RunChild(prepare, change, 0, -1);
    REQUIRE(clean.ops > 10);
    auto one = [&](long kill_at, int64_t after_us) {
      Fresh(full, work);
      ChildRun r = RunChild(prepare, change, kill_at, after_us);
      ++rekey.kills;
      rekey.interrupted += r.killed;
      bool old_opens = storage::Workspace::Open(work, kCentralPass).ok();  // closed again at once
      bool new_opens = storage::Workspace::Open(work, kNew).ok();
      bool whole = old_opens != new_opens;  // exactly one passphrase opens it
      if (whole) {
        auto ws = storage::Workspace::Open(work, old_opens ? kCentralPass : kNew);
        auto check = (*ws)->Check();
        whole = check.ok() && check->ok && *(*ws)->Digest() == prefix.back();
      }
      INFO("kill at op " << kill_at << " / after " << after_us << " us: old opens " << old_opens << ", new opens " << new_opens);
      CHECK(whole);
      rekey.torn += !whole;
    };
    Plan(clean.ops, clean.work_us, one, &rekey);
    WARN("passphrase change: " << rekey.kills << " kills (" << rekey.at_io << " at I/O points of " << clean.ops << ", "
                               << rekey.timed << " timed within " << clean.work_us / 1000 << " ms), " << rekey.interrupted
                               << " interrupted, " << rekey.torn << " torn files");
    CHECK(rekey.interrupted > rekey.kills / 2);
    CHECK(rekey.torn == 0);
  }
}
