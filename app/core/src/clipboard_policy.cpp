// Clipboard policy of the desktop app: off by default, else cleared after 30 s, on lock, on quit.
#include "app/clipboard_policy.h"

#include "core/crypto_util.h"

namespace canvass::app {

bool ClipboardPolicy::Copy(const std::string& text, int64_t now_ms) {
  if (!allowed_) {
    ++refused_;
    return false;
  }
  set_(text);
  digest_ = core::Blake2b(text);
  copied_ms_ = now_ms;
  holding_ = true;
  return true;
}

void ClipboardPolicy::Tick(int64_t now_ms) {
  if (holding_ && now_ms - copied_ms_ >= kClearAfterMs) ClearNow();
}

void ClipboardPolicy::ClearNow() {
  if (!holding_) return;
  holding_ = false;
  std::string current = get_();
  if (core::Blake2b(current) == digest_) set_("");
  core::Wipe(current);
}

}  // namespace canvass::app
