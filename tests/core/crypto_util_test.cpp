// Tests of core crypto helpers: UUIDs, hex, HLC ordering, SecureBytes memory.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/crypto_util.h"

using namespace canvass::core;

TEST_CASE("UUIDs are v4, distinct and recognised") {
  REQUIRE(InitCrypto().ok());
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = NewUuid();
    CHECK(IsUuid(u));
    CHECK(u[14] == '4');
    seen.insert(u);
  }
  CHECK(seen.size() == 1000);
  CHECK_FALSE(IsUuid("not-a-uuid"));
}

TEST_CASE("hex round trip") {
  std::string out;
  REQUIRE(FromHex(ToHex(std::string("\x00\xff\x10", 3)), &out));
  CHECK(out == std::string("\x00\xff\x10", 3));
  CHECK(ToHex(std::string("\x00\x01\x7f\x80\xab\xff", 6)) == "00017f80abff");
  CHECK(ToHex("") == "");
  CHECK(Blake2bHex("abc", 32) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  CHECK(Blake2bHex("abc", 64).size() == 128);
  CHECK(Blake2bHex("abc", 64) == ToHex(Blake2b("abc", 64)));
  CHECK_FALSE(FromHex("abc", &out));
  CHECK_FALSE(FromHex("zz", &out));
}

TEST_CASE("HLC never goes backwards and passes observed times") {
  FakeClock clock(1000);
  Hlc hlc(&clock);
  uint64_t a = hlc.Now();
  clock.Set(500);  // wall clock jumps back
  uint64_t b = hlc.Now();
  CHECK(b > a);
  hlc.Observe(b + 1000);
  CHECK(hlc.Now() > b + 1000);
  uint64_t parsed = 0;
  REQUIRE(Hlc::FromText(Hlc::ToText(b), &parsed));
  CHECK(parsed == b);
  CHECK(Hlc::ToText(a) < Hlc::ToText(b));
  // Sixteen lowercase hex digits, zero-padded, as printf's "%016llx" writes them.
  for (uint64_t t : {uint64_t{0}, uint64_t{1}, uint64_t{0xabcdef}, uint64_t{0x0123456789abcdefull}, ~uint64_t{0}}) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(t));
    CHECK(Hlc::ToText(t) == buf);
  }
}

namespace {
// VmLck of this process in kB (memory locked in RAM: never swapped out).
long LockedKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmLck:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}
}  // namespace

// Keys and passphrases live in SecureBytes: sodium_malloc memory (docs/security.md). What
// only sodium_malloc gives: the bytes end where a no-access guard page begins (a read or write
// past the end crashes instead of leaking), and the pages are locked in RAM.
TEST_CASE("SecureBytes is sodium_malloc memory: a guard page right after it, locked in RAM") {
  REQUIRE(InitCrypto().ok());
  const long page = sysconf(_SC_PAGESIZE);
  const long locked_before = LockedKb();
  for (size_t len : {size_t{1}, size_t{32}, size_t{99}, size_t{4096}, size_t{5000}}) {
    SecureBytes s(len);
    REQUIRE(s.size() == len);
    const auto end = reinterpret_cast<std::uintptr_t>(s.data()) + len;
    INFO("length " << len);
    CHECK(end % static_cast<std::uintptr_t>(page) == 0);
    for (size_t i = 0; i < len; ++i) CHECK(s.data()[i] == 0);  // starts wiped
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      signal(SIGSEGV, SIG_DFL);
      volatile unsigned char* past = s.data() + len;
      *past = 1;  // the guard page: this must not return
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == SIGSEGV);
  }
  rlimit lim{};
  REQUIRE(getrlimit(RLIMIT_MEMLOCK, &lim) == 0);
  if (lim.rlim_cur >= 64 * 1024) {  // sodium_malloc locks quietly only while the limit allows
    SecureBytes key(32);
    CHECK(LockedKb() >= locked_before + page / 1024);
  }
}
