// Headless UI harness: an ImGui context with a built font atlas and no GL backend that
// draws the real app frame (DrawApp) and injects mouse and keys (1.86 legacy input API).
#pragma once

#include <imgui.h>

#include <cstdio>
#include <memory>
#include <string>

#include "app/controller.h"
#include "app/i18n.h"
#include "gui_state.h"
#include "gui_util.h"

namespace canvass::testing {

class Ui {
 public:
  explicit Ui(app::Controller& c);
  ~Ui();
  Ui(const Ui&) = delete;
  Ui& operator=(const Ui&) = delete;

  void Frame();                              // one frame; then Apply + Poll
  void Frames(int n) { for (int i = 0; i < n; ++i) Frame(); }
  // One frame, the mouse away (a tooltip is a window of its own and would end the capture);
  // returns every text drawn in the app's window, lines as ImGui logs them (kept in memory).
  std::string ScreenText();
  bool Has(const std::string& item) const;   // recorded by the last frame
  float Top(const std::string& item) const;  // its top edge on screen (throws when absent)
  void Click(const std::string& item);       // press and release on separate frames
  void ClickAt(ImVec2 p);
  void Type(const std::string& utf8);
  void Key(ImGuiKey key);                    // press, release
  void Ctrl(int key_index);                  // Ctrl+<key>, e.g. 'L'
  void Tab(bool shift = false);
  void Press(int key_index);                 // a key by its backend index (e.g. gui::kKeyF1)              // Tab / Shift+Tab
  // The probed item that has keyboard focus (or is being edited), "" when none or unprobed.
  std::string Focused() const;
  // Clicks a text field, types, and presses Enter (single-line) or clicks away (multi-line).
  void Fill(const std::string& item, const std::string& text, bool multiline = false);
  void Wait();                               // waits for the controller's task, then a frame
  // On the unlock screen: types the workspace path and the passphrase (Enter), then waits.
  void Unlock(const std::string& path, const std::string& passphrase) {
    Fill("open_path", path);
    Fill("open_pass", passphrase);
    Wait();
  }
  gui::GuiState& state() { return state_; }

 private:
  void Draw(std::FILE* log);  // one frame; with `log`, ImGui's text capture written to it
  app::Controller& c_;
  ImGuiContext* ctx_;
  gui::ItemProbe probe_;
  gui::GuiState state_;
};

// A controller as the GUI tests start one: its own settings folder (DIR/config), a fixed clock,
// locked (unlock it through the screen, or use OpenedApp).
struct TestApp {
  core::FakeClock clock{1'800'000'000'000};
  std::unique_ptr<app::Controller> c;
  explicit TestApp(const std::string& dir);
};

// The same, unlocked on the workspace at `path` (throws if it does not unlock).
struct OpenedApp : TestApp {
  OpenedApp(const std::string& dir, const std::string& path, const std::string& passphrase);
};

// Puts the interface back in English when it goes out of scope, whatever the test did (a test
// in Spanish must not change the tests after it, which check English texts).
struct EnglishAfter {
  ~EnglishAfter() { app::i18n::SetLanguage("en"); }
};

}  // namespace canvass::testing
