// File helpers: bounded reads, private (0600) atomic writes, directory fsync.
// Every file Canvass writes goes through WriteFileAtomic so it is never world-readable
// and never half-written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace canvass::core {

// Reads a whole file, refusing files larger than max_bytes (no unbounded allocation).
Result<std::string> ReadFileBounded(const std::string& path, size_t max_bytes);

// Writes `data` to `path` through a temp file in the same directory created with
// mode 0600 (O_EXCL), fsync, rename over the target, fsync of the directory.
// Fails if `path` exists and overwrite is false.
Status WriteFileAtomic(const std::string& path, std::string_view data, bool overwrite);

// Streams a new private file: a temp file (0600, O_EXCL) in the target's directory,
// renamed into place by Commit() after fsync. Destroying it uncommitted removes the temp.
class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  Status Open(const std::string& path, bool overwrite);
  Status Write(std::string_view data);
  Status Commit();
  uint64_t bytes_written() const { return written_; }

 private:
  std::string path_, tmp_;
  int fd_ = -1;
  bool overwrite_ = false;
  uint64_t written_ = 0;
};

bool FileExists(const std::string& path);
// Size in bytes, or -1 if the file does not exist.
long long FileSize(const std::string& path);
Status FsyncDirectoryOf(const std::string& path);
// Makes a directory (and parents) with mode 0700 if missing.
Status MakePrivateDirs(const std::string& path);
// Lists regular files directly inside a directory (names only).
std::string DirectoryOf(const std::string& path);

}  // namespace canvass::core
