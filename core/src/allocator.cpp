// jemalloc's configuration and what the allocator reports (core/allocator.h). Compiled as an
// object library so that `malloc_conf` is in every executable whether or not anything calls
// the functions below: jemalloc reads it at its first allocation, before main().
#include "core/allocator.h"

#ifdef CANVASS_JEMALLOC
#include <jemalloc/jemalloc.h>

// thp:always: the heap is backed by 2 MiB pages where the kernel has them (it falls back to
// 4 KiB pages by itself), the difference measured in docs/performance.md. MALLOC_CONF in the
// environment still overrides it, as jemalloc documents.
const char* malloc_conf = "thp:always,metadata_thp:auto";
#endif

namespace canvass::core {

AllocatorInfo Allocator() {
  AllocatorInfo info{"system", ""};
#ifdef CANVASS_JEMALLOC
  const char* version = nullptr;
  size_t len = sizeof version;
  if (mallctl("version", &version, &len, nullptr, 0) == 0 && version) info.name = std::string("jemalloc ") + version;
  const char* thp = nullptr;
  len = sizeof thp;
  if (mallctl("opt.thp", &thp, &len, nullptr, 0) == 0 && thp) info.huge_pages = thp;
#endif
  return info;
}

uint64_t AllocatedByThisThread() {
#ifdef CANVASS_JEMALLOC
  uint64_t n = 0;
  size_t len = sizeof n;
  if (mallctl("thread.allocated", &n, &len, nullptr, 0) == 0) return n;
#endif
  return 0;
}

}  // namespace canvass::core
