// Headless UI harness implementation (see ui_harness.h).
#include "ui_harness.h"

#include <imgui_internal.h>

#include <stdexcept>

#include "gui_fonts.h"
#include "panels.h"

namespace canvass::testing {

namespace {
constexpr int kKeyBase = 256;  // like GLFW: special keys above the ASCII letters and digits
}

Ui::Ui(app::Controller& c) : c_(c), ctx_(ImGui::CreateContext()) {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(1100, 2400);  // tall: every question of a section is on screen
  io.DeltaTime = 1.f / 60.f;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = kKeyBase + k;
  gui::ApplyUiScale(100);
  unsigned char* px;
  int w, h;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  gui::g_item_probe = &probe_;
}

Ui::~Ui() {
  gui::g_item_probe = nullptr;
  ImGui::DestroyContext(ctx_);
}

void Ui::Frame() { Draw(nullptr); }

std::string Ui::Shown() {
  std::string shown;
  Draw(&shown);
  return shown;
}

void Ui::Draw(std::string* shown) {
  // ImGui's log copies every text drawn into the main window; the window's End() hands it to
  // the clipboard function, borrowed for this frame to collect it (nothing reaches a clipboard).
  ImGuiIO& io = ImGui::GetIO();
  const auto set_clipboard = io.SetClipboardTextFn;
  void* clipboard_user = io.ClipboardUserData;
  if (shown) {
    io.SetClipboardTextFn = [](void* out, const char* text) { *static_cast<std::string*>(out) += text; };
    io.ClipboardUserData = shown;
  }
  ImGui::NewFrame();
  probe_.items.clear();
  probe_.ids.clear();
  if (shown) ImGui::LogToClipboard(0);  // 0: opens no tree node the user has not opened
  app::Commands commands;
  gui::DrawApp(c_.view(), state_, commands);
  if (shown) {
    ImGui::LogFinish();  // (already finished by the main window's End)
    io.SetClipboardTextFn = set_clipboard;
    io.ClipboardUserData = clipboard_user;
  }
  ImGui::Render();
  c_.Apply(commands);
  c_.Poll();
}

bool Ui::Has(const std::string& item) const { return probe_.items.count(item) > 0; }

float Ui::Top(const std::string& item) const {
  auto it = probe_.items.find(item);
  if (it == probe_.items.end()) throw std::runtime_error("no item '" + item + "' on screen");
  return it->second.first.y;
}

void Ui::ClickAt(ImVec2 p) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = p;
  Frame();
  io.MouseDown[0] = true;
  Frame();
  io.MouseDown[0] = false;
  Frame();
  Frame();  // the commands of the release frame were applied after it: draw the result
}

void Ui::Click(const std::string& item) {
  auto it = probe_.items.find(item);
  if (it == probe_.items.end()) throw std::runtime_error("no item '" + item + "' on screen");
  const auto& [mn, mx] = it->second;
  ClickAt(ImVec2((mn.x + mx.x) / 2, (mn.y + mx.y) / 2));
}

void Ui::Type(const std::string& utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
  Frame();
}

void Ui::Key(ImGuiKey key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[kKeyBase + key] = true;
  Frame();
  io.KeysDown[kKeyBase + key] = false;
  Frame();
  Frame();
}

void Ui::Ctrl(int key_index) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = true;
  io.KeysDown[key_index] = true;
  Frame();
  io.KeysDown[key_index] = false;
  io.KeyCtrl = false;
  Frame();
  Frame();
}

void Ui::Press(int key_index) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key_index] = true;
  Frame();
  io.KeysDown[key_index] = false;
  Frame();
  Frame();
}

void Ui::Tab(bool shift) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyShift = shift;
  io.KeysDown[kKeyBase + ImGuiKey_Tab] = true;
  Frame();
  io.KeysDown[kKeyBase + ImGuiKey_Tab] = false;
  io.KeyShift = false;
  Frame();
  Frame();
}

std::string Ui::Focused() const {
  const ImGuiContext& g = *GImGui;
  const ImGuiID id = g.ActiveId ? g.ActiveId : g.NavId;
  auto it = probe_.ids.find(id);
  return it == probe_.ids.end() ? "" : it->second;
}

void Ui::Fill(const std::string& item, const std::string& text, bool multiline) {
  Click(item);
  Type(text);
  if (multiline) ClickAt(ImVec2(1090, 2390));  // empty space: the field loses focus
  else Key(ImGuiKey_Enter);
}

void Ui::Wait() {
  c_.WaitIdle();
  Frame();
}

}  // namespace canvass::testing
