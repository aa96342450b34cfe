// Desktop-app configuration kept outside workspaces: the recent-files list (paths only)
// and UI settings (idle lock, scale, default language), in ~/.config/canvass/ with mode
// 0600. Never holds workspace content. Also the wrong-passphrase back-off policy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace canvass::app {

// $XDG_CONFIG_HOME/canvass, else $HOME/.config/canvass, else "" (nothing is saved).
std::string DefaultConfigDir();

// Paths of recently opened workspaces, most recent first, at most kMax; one per line in
// DIR/recent.txt. Paths with a newline are refused.
class RecentFiles {
 public:
  static constexpr size_t kMax = 8;
  explicit RecentFiles(std::string dir) : dir_(std::move(dir)) {}
  void Load();
  core::Status Add(const std::string& path);
  core::Status Remove(const std::string& path);
  const std::vector<std::string>& list() const { return list_; }
  std::string file() const { return dir_.empty() ? "" : dir_ + "/recent.txt"; }

 private:
  core::Status Save();
  std::string dir_;
  std::vector<std::string> list_;
};

struct UiSettings {
  int idle_minutes = 5;   // 1..240
  int ui_scale = 100;     // percent, 100..200
  std::string default_language = "en";
  bool allow_copy = false;  // copying text to the clipboard (off: SECURITY.md LK-6)
  // The user's chosen work, deciding what the navigation shows: "" = the workspace's default
  // (field: interviewing and sync; central: everything), else some of
  // "interviewing,sync,coding,assessment" (comma-separated, in that order).
  std::string work;
  // The language of the app's own texts ("en", "es"); interviews keep their own language.
  std::string ui_language = "en";
  bool high_contrast = false;  // white on black, yellow focus, framed controls
  // Folders the file chooser offers under "Recent" (most recent first, at most kMaxFolders),
  // and the folder bundles were last exported to, imported from or listed in.
  static constexpr size_t kMaxFolders = 6;
  std::vector<std::string> recent_folders;
  std::string last_bundle_folder;
  // DIR/settings.txt, "key=value" lines; unknown keys and bad values are ignored.
  void Load(const std::string& dir);
  core::Status Save(const std::string& dir) const;
};

// Seconds to wait before the next passphrase try after `failures` wrong ones:
// 0 for the first three, then 2^(failures-3) s, capped at kMaxBackoffSeconds.
constexpr int kMaxBackoffSeconds = 300;
int BackoffSeconds(int failures);

// The wrong-passphrase count and the earliest time of the next try, kept in DIR/unlock.txt
// (mode 0600, two numbers, no path or name) so that quitting and restarting the app does not
// reset the back-off (SECURITY.md KD-1). One counter for all workspaces: a success resets it.
struct UnlockThrottle {
  int failures = 0;
  int64_t next_try_ms = 0;  // wall clock, ms since the epoch; 0 = no wait
  // Reads DIR/unlock.txt; a missing or malformed file gives zeros. A next try further than
  // kMaxBackoffSeconds ahead of `now_ms` (the clock was set back) is clamped to now + cap.
  void Load(const std::string& dir, int64_t now_ms);
  core::Status Save(const std::string& dir) const;
};

}  // namespace canvass::app
