// Recent-files list, UI settings file and passphrase back-off for the desktop app.
#include "app/ui_config.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "core/file_util.h"

namespace canvass::app {

std::string DefaultConfigDir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/canvass";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.config/canvass";
  return "";
}

namespace {
std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> out;
  if (path.empty() || !core::FileExists(path)) return out;
  auto text = core::ReadFileBounded(path, 64 * 1024);
  if (!text.ok()) return out;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

core::Status WritePrivate(const std::string& dir, const std::string& name, const std::string& data) {
  if (dir.empty()) return core::Status::Ok();
  auto st = core::MakePrivateDirs(dir);
  if (!st.ok()) return st;
  return core::WriteFileAtomic(dir + "/" + name, data, true);  // temp file is 0600
}
}  // namespace

void RecentFiles::Load() {
  list_ = ReadLines(file());
  if (list_.size() > kMax) list_.resize(kMax);
}

core::Status RecentFiles::Add(const std::string& path) {
  if (path.empty() || path.find('\n') != std::string::npos)
    return core::Status::InvalidArgument("recent files: path is empty or has a line break");
  list_.erase(std::remove(list_.begin(), list_.end(), path), list_.end());
  list_.insert(list_.begin(), path);
  if (list_.size() > kMax) list_.resize(kMax);
  return Save();
}

core::Status RecentFiles::Remove(const std::string& path) {
  list_.erase(std::remove(list_.begin(), list_.end(), path), list_.end());
  return Save();
}

core::Status RecentFiles::Save() {
  std::string data;
  for (const auto& p : list_) data += p + "\n";
  return WritePrivate(dir_, "recent.txt", data);
}

void UiSettings::Load(const std::string& dir) {
  if (dir.empty()) return;
  for (const auto& line : ReadLines(dir + "/settings.txt")) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    int n = std::atoi(v.c_str());
    if (k == "idle_minutes" && n >= 1 && n <= 240) idle_minutes = n;
    else if (k == "ui_scale" && n >= 100 && n <= 200) ui_scale = n;
    else if (k == "language" && (v == "en" || v == "es")) default_language = v;
    else if (k == "allow_copy" && (v == "0" || v == "1")) allow_copy = v == "1";
    else if (k == "ui_language" && (v == "en" || v == "es")) ui_language = v;
    else if (k == "high_contrast" && (v == "0" || v == "1")) high_contrast = v == "1";
    else if (k == "recent_folder" && !v.empty() && v[0] == '/' && recent_folders.size() < kMaxFolders) recent_folders.push_back(v);
    else if (k == "last_bundle_folder" && !v.empty() && v[0] == '/') last_bundle_folder = v;
    else if (k == "work" && v.size() < 64 && v.find_first_not_of("abcdefghijklmnopqrstuvwxyz,") == std::string::npos) work = v;
  }
}

core::Status UiSettings::Save(const std::string& dir) const {
  std::string data = "idle_minutes=" + std::to_string(idle_minutes) + "\nui_scale=" + std::to_string(ui_scale) +
                     "\nlanguage=" + default_language + "\nallow_copy=" + (allow_copy ? "1" : "0") + "\nwork=" + work + "\nui_language=" + ui_language +
                     "\nhigh_contrast=" + (high_contrast ? "1" : "0") + "\n";
  for (const auto& f : recent_folders)
    if (f.find('\n') == std::string::npos) data += "recent_folder=" + f + "\n";
  if (last_bundle_folder.find('\n') == std::string::npos) data += "last_bundle_folder=" + last_bundle_folder + "\n";
  return WritePrivate(dir, "settings.txt", data);
}

void UnlockThrottle::Load(const std::string& dir, int64_t now_ms) {
  failures = 0;
  next_try_ms = 0;
  if (dir.empty()) return;
  for (const auto& line : ReadLines(dir + "/unlock.txt")) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < 0) continue;
    if (k == "failures") failures = static_cast<int>(std::min<long long>(n, 1000000));
    else if (k == "next_try_ms") next_try_ms = n;
  }
  next_try_ms = std::min<int64_t>(next_try_ms, now_ms + int64_t{kMaxBackoffSeconds} * 1000);
}

core::Status UnlockThrottle::Save(const std::string& dir) const {
  return WritePrivate(dir, "unlock.txt",
                      "failures=" + std::to_string(failures) + "\nnext_try_ms=" + std::to_string(next_try_ms) + "\n");
}

int BackoffSeconds(int failures) {
  if (failures < 4) return 0;
  int exp = failures - 3;
  if (exp >= 9) return kMaxBackoffSeconds;  // 2^9 = 512 > cap
  return std::min(1 << exp, kMaxBackoffSeconds);
}

}  // namespace canvass::app
