// Crash safety: a child process importing bundles is killed (SIGKILL) at random points.
// Every reopen passes check, and each bundle is either wholly merged or not at all.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "sync_fixture.h"

using namespace canvass;
using namespace canvass::testing;

namespace {
void ImportAllAndExit(const std::string& path, const std::vector<std::string>& bundles) {
  auto ws = storage::Workspace::Open(path, kCentralPass);
  if (!ws.ok()) _exit(2);
  for (const auto& b : bundles)
    if (!sync::ImportBundle(ws->get(), b).ok()) _exit(3);
  _exit(0);
}
}  // namespace

TEST_CASE("kill -9 during imports never leaves a half-merged bundle") {
  int iterations = 25;
  if (const char* s = std::getenv("CANVASS_CRASH_ITERATIONS")) iterations = std::max(1, std::atoi(s));
  Project p(3);
  auto qs = TextQuestions(p.fields[0].get());
  std::map<std::string, int64_t> versions_per_device;
  std::vector<std::string> bundles;
  for (size_t d = 0; d < p.fields.size(); ++d) {
    for (int i = 0; i < 120; ++i) NewInterview(p.fields[d].get(), qs[static_cast<size_t>(i) % qs.size()], "text " + std::to_string(i));
    int64_t hw = 0;
    versions_per_device[p.device_ids[d]] = static_cast<int64_t>(p.fields[d]->CollectChanges(0, &hw)->versions.size());
    bundles.push_back(p.Export(p.fields[d].get()));
  }
  std::string central_path = p.central->path();
  p.central.reset();
  std::string snapshot = p.dir.File("snapshot.canvass");
  std::filesystem::copy_file(central_path, snapshot);
  // Reference run, timed, to aim the kills inside the work.
  std::string ref = p.dir.File("ref.canvass");
  std::filesystem::copy_file(snapshot, ref);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) ImportAllAndExit(ref, bundles);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  auto total_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  auto ref_ws = storage::Workspace::Open(ref, kCentralPass);
  REQUIRE(ref_ws.ok());
  std::string want = *(*ref_ws)->Digest();
  std::mt19937 rng(99);
  int interrupted = 0;
  for (int it = 0; it < iterations; ++it) {
    std::string path = p.dir.File("kill" + std::to_string(it) + ".canvass");
    std::filesystem::copy_file(snapshot, path);
    pid_t child = fork();
    if (child == 0) ImportAllAndExit(path, bundles);
    usleep(static_cast<useconds_t>(rng() % static_cast<unsigned>(total_us + 1)));
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    interrupted += WIFSIGNALED(status);
    auto ws = storage::Workspace::Open(path, kCentralPass);
    REQUIRE(ws.ok());
    auto check = (*ws)->Check();
    REQUIRE(check.ok());
    CHECK(check->ok);
    auto logged = (*ws)->ListBundleLog("in", "");
    std::set<std::string> applied_devices;
    for (const auto& e : *logged) applied_devices.insert(e.device_id);
    int64_t hw = 0;
    auto cs = (*ws)->CollectChanges(0, &hw);
    std::map<std::string, int64_t> have;
    for (const auto& v : cs->versions) ++have[v.device_id];
    for (const auto& [dev, n] : versions_per_device) CHECK(have[dev] == (applied_devices.count(dev) ? n : 0));
    // Finishing the job afterwards gives the same content as an uninterrupted run.
    for (const auto& b : bundles) REQUIRE(sync::ImportBundle(ws->get(), b).ok());
    CHECK(*(*ws)->Digest() == want);
    ws->reset();
    std::filesystem::remove(path);
  }
  INFO("interrupted " << interrupted << " of " << iterations);
  CHECK(interrupted > 0);
}
