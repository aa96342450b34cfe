// Test helpers: temp dirs, binary file scans, fast KDF, subprocesses.
#include "test_support.h"

#include <algorithm>

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace canvass::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "canvass-test-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  path_ = p ? p : "";
}
TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

void UseFastKdf() { setenv("CANVASS_KDF_PROFILE", "test-fast", 1); }

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

std::vector<std::string> FilesContaining(const std::string& dir, const std::string& needle) {
  std::vector<std::string> hits;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file()) continue;
    if (ReadAll(it->path().string()).find(needle) != std::string::npos) hits.push_back(it->path().string());
  }
  return hits;
}

std::string Utf16Le(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned cp;
    if (c < 0x80) { cp = c; i += 1; }
    else if ((c >> 5) == 6) { cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F); i += 2; }
    else { cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F); i += 3; }
    out.push_back(static_cast<char>(cp & 0xFF));
    out.push_back(static_cast<char>(cp >> 8));
  }
  return out;
}

namespace {
// A line printed because of the test key profile (storage/kdf_profile.h).
bool IsKdfWarning(const std::string& line) {
  const bool warning = line.rfind("canvass-cli: warning: ", 0) == 0 || line.rfind("canvass: warning: ", 0) == 0;
  return warning && (line.find("CANVASS_KDF_PROFILE") != std::string::npos ||
                     line.find("test only \xe2\x80\x94 not protected") != std::string::npos);
}
}  // namespace

int Run(const std::string& cmd, std::string* output) {
  std::string raw;
  int rc = RunKeepingKdfWarnings(cmd, &raw);
  if (output) {
    output->clear();
    std::istringstream in(raw);
    std::string line;
    while (std::getline(in, line)) {
      if (IsKdfWarning(line)) continue;
      *output += line;
      if (!in.eof()) *output += '\n';
    }
  }
  return rc;
}

int RunKeepingKdfWarnings(const std::string& cmd, std::string* output) {
  std::string full = cmd + " 2>&1";
  FILE* p = popen(full.c_str(), "r");
  if (!p) return -1;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace canvass::testing
