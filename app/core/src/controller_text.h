// The controller's small text and path helpers, shared by its source files (internal).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace canvass::app::controller_text {

// Without leading and trailing blanks (spaces, tabs, line ends).
inline std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A typed path: trimmed, a leading "~/" expanded to the home folder.
inline std::string TypedPath(const std::string& typed) {
  std::string p = Trim(typed);
  if (p == "~" || p.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    if (home && *home) p = std::string(home) + p.substr(1);
  }
  return p;
}

inline bool IsFolder(const std::string& p) {
  std::error_code ec;
  return !p.empty() && std::filesystem::is_directory(p, ec);
}

}  // namespace canvass::app::controller_text
