// What canvass-cli's main does before it asks for a passphrase (docs/security.md, LK-3): no
// core dumps (RLIMIT_CORE 0) and not dumpable (PR_SET_DUMPABLE 0: no ptrace, no /proc/PID/mem
// or environ for other processes of the same user). Checked from outside, on the real
// executable, while it waits on a terminal (a pseudo-terminal here) for the passphrase.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace {

constexpr uid_t kNobody = 65534;

// A process started on a pseudo-terminal, as a user without privileges when the tests run as
// root (so that "dumpable" can be seen from outside); killed (by its pid) when done.
struct PtyProcess {
  pid_t pid = -1;
  int master = -1;
  PtyProcess(const std::string& exe, const std::vector<std::string>& args) {
    int slave = -1;
    REQUIRE(openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      setsid();
      ioctl(slave, TIOCSCTTY, 0);
      dup2(slave, 0);
      dup2(slave, 1);
      dup2(slave, 2);
      close(master);
      close(slave);
      if (getuid() == 0 && (setgid(kNobody) != 0 || setuid(kNobody) != 0)) _exit(126);
      std::vector<char*> argv{const_cast<char*>(exe.c_str())};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(exe.c_str(), argv.data());
      _exit(127);
    }
    close(slave);
  }
  ~PtyProcess() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (master >= 0) close(master);
  }
  // Reads the terminal until `text` appears (or 20 s pass).
  bool WaitFor(const std::string& text, std::string* seen) {
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < end && seen->find(text) == std::string::npos) {
      pollfd p{master, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[512];
      ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0) break;
      seen->append(buf, static_cast<size_t>(n));
    }
    return seen->find(text) != std::string::npos;
  }
};

std::string ProcFile(pid_t pid, const char* name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "Max core file size   0   0   bytes" -> {"0", "0"}
std::pair<std::string, std::string> CoreLimit(pid_t pid) {
  std::istringstream in(ProcFile(pid, "limits"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Max core file size", 0) != 0) continue;
    std::istringstream f(line.substr(std::strlen("Max core file size")));
    std::string soft, hard;
    f >> soft >> hard;
    return {soft, hard};
  }
  return {};
}

// Whether another process of the same user can open /proc/PID/environ (ptrace's rule).
bool EnvironReadableBySameUser(pid_t pid, uid_t uid) {
  pid_t reader = fork();
  if (reader == 0) {
    if (getuid() == 0 && (setgid(uid) != 0 || setuid(uid) != 0)) _exit(2);
    int fd = open(("/proc/" + std::to_string(pid) + "/environ").c_str(), O_RDONLY);
    _exit(fd >= 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(reader, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) != 2);
  return WEXITSTATUS(status) == 0;
}

uid_t UidOf(pid_t pid) {
  std::istringstream in(ProcFile(pid, "status"));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Uid:", 0) == 0) return static_cast<uid_t>(std::stoul(line.substr(4)));
  return static_cast<uid_t>(-1);
}

}  // namespace

TEST_CASE("canvass-cli waiting for a passphrase: no core dumps, not dumpable, not readable by the same user",
          "[cli][hardening]") {
  // A copy in a folder everyone may enter, so that the unprivileged user can run it.
  canvass::testing::TempDir dir;
  REQUIRE(chmod(dir.path().c_str(), 0755) == 0);
  const std::string exe = dir.File("canvass-cli");
  std::filesystem::copy_file(CANVASS_CLI, exe);
  REQUIRE(chmod(exe.c_str(), 0755) == 0);
  const uid_t user = getuid() == 0 ? kNobody : getuid();

  // The control: a process that does not harden itself is readable, and owns its /proc files.
  {
    PtyProcess plain("/bin/sh", {"-c", "echo waiting; sleep 30"});
    std::string seen;
    REQUIRE(plain.WaitFor("waiting", &seen));
    REQUIRE(UidOf(plain.pid) == user);
    CHECK(EnvironReadableBySameUser(plain.pid, user));
    struct stat st {};
    REQUIRE(stat(("/proc/" + std::to_string(plain.pid) + "/environ").c_str(), &st) == 0);
    CHECK(st.st_uid == user);
  }

  PtyProcess cli(exe, {"init", dir.File("w.canvass"), "--role", "central", "--name", "TF"});
  std::string seen;
  REQUIRE(cli.WaitFor("New passphrase for", &seen));  // now blocked reading the terminal
  REQUIRE(UidOf(cli.pid) == user);
  auto core = CoreLimit(cli.pid);
  CHECK(core.first == "0");
  CHECK(core.second == "0");
  CHECK_FALSE(EnvironReadableBySameUser(cli.pid, user));
  struct stat st {};
  REQUIRE(stat(("/proc/" + std::to_string(cli.pid) + "/environ").c_str(), &st) == 0);
  CHECK(st.st_uid == 0);  // a process that is not dumpable has its /proc files owned by root
  CHECK_FALSE(std::filesystem::exists(dir.File("w.canvass")));  // nothing written while waiting
}
