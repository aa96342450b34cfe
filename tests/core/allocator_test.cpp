// The executables' allocator (core/allocator.h): jemalloc on transparent huge pages serves
// plain malloc in this binary, linked the way every Canvass executable is.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>

#include "core/allocator.h"

using namespace canvass;

#ifdef CANVASS_JEMALLOC
TEST_CASE("jemalloc serves malloc, configured for 2 MiB pages") {
  core::AllocatorInfo info = core::Allocator();
  INFO(info.name);
  CHECK(info.name.rfind("jemalloc ", 0) == 0);
  // The executable's malloc_conf was read: without it jemalloc's default is "default".
  // (MALLOC_CONF in the environment would override it; the suite does not set it.)
  if (!std::getenv("MALLOC_CONF")) CHECK(info.huge_pages == "always");
  // Plain malloc goes through jemalloc, not glibc: this thread's jemalloc tally grows by the block.
  const uint64_t before = core::AllocatedByThisThread();
  const size_t n = 3u << 20;
  char* volatile p = static_cast<char*>(std::malloc(n));
  REQUIRE(p != nullptr);
  std::memset(p, 1, n);
  const uint64_t after = core::AllocatedByThisThread();
  std::free(p);
  CHECK(after - before >= n);
}
#else
TEST_CASE("sanitizer builds keep the sanitizer's allocator") {
  CHECK(core::Allocator().name == "system");
  CHECK(core::AllocatedByThisThread() == 0);
}
#endif
