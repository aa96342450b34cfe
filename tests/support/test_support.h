// Test helpers shared by the Catch2 executables: temp dirs, file scans, fast KDF.
#pragma once

#include <string>
#include <vector>

namespace canvass::testing {

// A fresh private temp directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Selects the cheap Argon2id profile for files created by this process (tests only).
void UseFastKdf();

// Every regular file below `dir` whose bytes contain `needle` (binary search).
std::vector<std::string> FilesContaining(const std::string& dir, const std::string& needle);
std::string ReadAll(const std::string& path);
void WriteAll(const std::string& path, const std::string& data);
// UTF-16LE encoding of an ASCII/UTF-8 string (BMP only).
std::string Utf16Le(const std::string& utf8);

// Runs a command line with /bin/sh, capturing stdout+stderr; returns the exit code.
int Run(const std::string& cmd, std::string* output);

}  // namespace canvass::testing
