// File helpers: bounded reads and private atomic writes (POSIX).
#include "core/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace canvass::core {

namespace {
std::string Errno() { return std::strerror(errno); }
}  // namespace

Result<std::string> ReadFileBounded(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IOError(path + ": cannot open: " + Errno());
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path + ": not a regular file");
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    ::close(fd);
    return Status::InvalidArgument(path + ": file is " + std::to_string(st.st_size) +
                                   " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  std::string out;
  out.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(fd, &out[got], out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Status::IOError(path + ": read failed: " + Errno());
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  // A file that grew while reading is read only up to the size checked above.
  out.resize(got);
  ::close(fd);
  return out;
}

std::string DirectoryOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status FsyncDirectoryOf(const std::string& path) {
  std::string dir = DirectoryOf(path);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(dir + ": cannot open directory: " + Errno());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::IOError(dir + ": fsync failed: " + Errno());
  return Status::Ok();
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

Status AtomicFileWriter::Open(const std::string& path, bool overwrite) {
  if (!overwrite && FileExists(path)) {
    return Status::AlreadyExists(path + ": file exists; choose another name or remove it first");
  }
  path_ = path;
  overwrite_ = overwrite;
  std::random_device rd;
  tmp_ = path + ".tmp-" + std::to_string(rd()) + std::to_string(::getpid());
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) return Status::IOError(path + ": cannot create: " + Errno());
  return Status::Ok();
}

Status AtomicFileWriter::Write(std::string_view data) {
  if (fd_ < 0) return Status::Internal("write to a file that is not open");
  size_t put = 0;
  while (put < data.size()) {
    ssize_t n = ::write(fd_, data.data() + put, data.size() - put);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(path_ + ": write failed: " + Errno());
    }
    put += static_cast<size_t>(n);
  }
  written_ += data.size();
  return Status::Ok();
}

Status AtomicFileWriter::Commit() {
  if (fd_ < 0) return Status::Internal("commit of a file that is not open");
  if (::fsync(fd_) != 0) return Status::IOError(path_ + ": fsync failed: " + Errno());
  ::close(fd_);
  fd_ = -1;
  if (!overwrite_) {
    // link() fails if the target appeared meanwhile: never clobber.
    int rc = ::link(tmp_.c_str(), path_.c_str());
    std::string e = rc != 0 ? Errno() : "";
    ::unlink(tmp_.c_str());
    if (rc != 0) return Status::IOError(path_ + ": cannot create: " + e);
  } else if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::string e = Errno();
    ::unlink(tmp_.c_str());
    return Status::IOError(path_ + ": cannot replace: " + e);
  }
  return FsyncDirectoryOf(path_);
}

Status WriteFileAtomic(const std::string& path, std::string_view data, bool overwrite) {
  AtomicFileWriter w;
  CANVASS_RETURN_IF_ERROR(w.Open(path, overwrite));
  CANVASS_RETURN_IF_ERROR(w.Write(data));
  return w.Commit();
}

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

long long FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<long long>(st.st_size);
}

Status MakePrivateDirs(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("empty directory name");
  std::string cur;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    cur = path.substr(0, pos);
    if (cur.empty()) continue;
    struct stat st;
    if (::stat(cur.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Status::IOError(cur + ": exists and is not a directory");
      continue;
    }
    if (::mkdir(cur.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::IOError(cur + ": cannot create directory: " + Errno());
    }
  }
  return Status::Ok();
}

}  // namespace canvass::core
