// GuiState::Wipe: zero edit buffers and passphrases when the workspace locks.
#include "gui_state.h"

#include <sodium.h>

#include "core/crypto_util.h"

namespace canvass::gui {

void GuiState::Wipe() {
  sodium_memzero(unlock.pass, sizeof unlock.pass);
  sodium_memzero(unlock.pass2, sizeof unlock.pass2);
  sodium_memzero(unlock.code, sizeof unlock.code);
  core::Wipe(conflicts.reason);
  sodium_memzero(settings.old_pass, sizeof settings.old_pass);
  sodium_memzero(settings.new_pass, sizeof settings.new_pass);
  sodium_memzero(settings.repeat, sizeof settings.repeat);
  for (auto& [k, b] : runner.buf) { core::Wipe(b.text); core::Wipe(b.from); }
  for (auto& [k, s] : runner.search) core::Wipe(s);
  core::Wipe(runner.reopen_reason);
  core::Wipe(table.filter.text);
  core::Wipe(home.filter);
  coding.Wipe();
  core::Wipe(analysis.query);
  std::string path = unlock.path;  // the path is not secret: keep it for the next unlock
  *this = GuiState();
  unlock.path = path;
}

}  // namespace canvass::gui
