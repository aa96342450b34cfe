// Headless UI harness implementation (see ui_harness.h).
#include "ui_harness.h"

#include <imgui_internal.h>

#include <cfloat>
#include <cstdio>
#include <cstdlib>
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

void Ui::Draw(std::FILE* log) {
  ImGui::NewFrame();
  if (log) {  // ImGui's own text capture; it ends with the app's window (or any window not a child)
    ImGui::LogBegin(ImGuiLogType_File, 0);  // depth 0: no tree node opens for the capture
    GImGui->LogFile = log;
  }
  probe_.items.clear();
  probe_.ids.clear();
  app::Commands commands;
  gui::DrawApp(c_.view(), state_, commands);
  if (log) ImGui::LogFinish();  // closes `log` unless the window's End already did
  ImGui::Render();
  c_.Apply(commands);
  c_.Poll();
}

std::string Ui::ScreenText() {
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 mouse = io.MousePos;
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* mem = open_memstream(&buf, &size);  // in memory: screens hold decrypted test data
  if (!mem) throw std::runtime_error("open_memstream failed");
  Draw(mem);  // LogFinish closed it: buf holds the text
  std::string text(buf ? buf : "", size);
  std::free(buf);
  io.MousePos = mouse;
  return text;
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

TestApp::TestApp(const std::string& dir) {
  app::ControllerOptions o;
  o.config_dir = dir + "/config";
  o.clock = &clock;
  c = std::make_unique<app::Controller>(o);
}

OpenedApp::OpenedApp(const std::string& dir, const std::string& path, const std::string& passphrase) : TestApp(dir) {
  c->Apply(app::cmd::OpenWorkspace{path, app::Secret(passphrase)});
  c->WaitIdle();
  if (!c->view().unlocked) throw std::runtime_error("the workspace did not unlock: " + path);
}

}  // namespace canvass::testing
