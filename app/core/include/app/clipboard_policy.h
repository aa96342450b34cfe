// What the desktop app does when someone copies text (SECURITY.md LK-6). Copying is off by
// default: a copy (Ctrl+C in any text field) is dropped and the clipboard keeps what it had.
// When the user allows it in Settings, the text is copied and cleared again after
// kClearAfterMs, on lock and on quit, but only while the clipboard still holds the copied text
// (a later copy from another program is left alone). Pure: the clipboard and the clock are
// passed in, so the policy is tested without a window; main.cpp wires it to GLFW.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace canvass::app {

class ClipboardPolicy {
 public:
  static constexpr int64_t kClearAfterMs = 30'000;
  using Setter = std::function<void(const std::string&)>;
  using Getter = std::function<std::string()>;

  ClipboardPolicy(Setter set, Getter get) : set_(std::move(set)), get_(std::move(get)) {}
  ~ClipboardPolicy() { ClearNow(); }
  ClipboardPolicy(const ClipboardPolicy&) = delete;
  ClipboardPolicy& operator=(const ClipboardPolicy&) = delete;

  void set_allowed(bool allowed) {
    if (!allowed) ClearNow();
    allowed_ = allowed;
  }
  bool allowed() const { return allowed_; }
  // A copy request from the UI. Returns true when the text was put on the clipboard.
  bool Copy(const std::string& text, int64_t now_ms);
  // Once per frame: clears the clipboard when the copied text has been there kClearAfterMs.
  void Tick(int64_t now_ms);
  // On lock and quit: clears the clipboard at once if it still holds the copied text.
  void ClearNow();
  int refused() const { return refused_; }  // copies dropped because copying is off
  bool holding() const { return holding_; }

 private:
  Setter set_;
  Getter get_;
  bool allowed_ = false;
  bool holding_ = false;                    // the clipboard got our text and was not cleared yet
  std::string digest_;                      // BLAKE2b of the copied text: no second plaintext copy kept
  int64_t copied_ms_ = 0;
  int refused_ = 0;
};

}  // namespace canvass::app
