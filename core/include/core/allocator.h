// The memory allocator of every Canvass executable: jemalloc, backed by transparent huge pages.
//
// canvass-cli assess builds a snapshot of about 400 MB at 100,000 interviews. With glibc's
// malloc that cost about 120,000 page faults, 18,000 mprotect calls as its thread heaps grew a
// page at a time, and about 0.9 s of system CPU: a third of the command. jemalloc asked for 2 MiB
// pages does the same work in about half the wall time (docs/performance.md, "The allocator").
//
// core/src/allocator.cpp is an object library (canvass::allocator) that the top CMakeLists.txt
// links into every executable, since the configuration is a symbol jemalloc reads before main().
// Sanitizer and fuzz builds keep the sanitizer's allocator, and Allocator() says "system".
#pragma once

#include <cstdint>
#include <string>

namespace canvass::core {

struct AllocatorInfo {
  std::string name;        // "jemalloc 5.3.0-…", or "system" when another allocator serves malloc
  std::string huge_pages;  // jemalloc's "opt.thp" ("always" as configured); "" for the system's
};
AllocatorInfo Allocator();

// Bytes this thread has allocated through jemalloc so far; 0 when jemalloc is not linked in.
// A test allocates with plain malloc and checks this grows: jemalloc, not glibc, serves malloc.
uint64_t AllocatedByThisThread();

}  // namespace canvass::core
