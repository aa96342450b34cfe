// canvass: the desktop app. Until the GUI issue lands this is a small window that opens a
// workspace and shows its identity and interview counts; interviews run from canvass-cli.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "app/demo.h"
#include "core/crypto_util.h"
#include "core/file_util.h"
#include "storage/workspace.h"

#include <sodium.h>

namespace {

struct Options {
  std::string workspace, demo_dir, screenshot;
  int frames = -1;  // -1 = run until closed
};

bool ParseOptions(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](std::string* out) { if (i + 1 >= argc) return false; *out = argv[++i]; return true; };
    if (a == "--demo") { if (!next(&o->demo_dir)) return false; }
    else if (a == "--screenshot") { if (!next(&o->screenshot)) return false; }
    else if (a == "--frames") { std::string n; if (!next(&n)) return false; o->frames = std::atoi(n.c_str()); }
    else if (a == "--version") { std::printf("canvass %s\n", CANVASS_VERSION); std::exit(0); }
    else if (a == "--help") {
      std::printf("usage: canvass [WORKSPACE.canvass] [--demo DIR] [--screenshot OUT.ppm --frames N]\n");
      std::exit(0);
    } else if (!a.empty() && a[0] != '-') o->workspace = a;
    else return false;
  }
  return true;
}

// Writes the back buffer as a binary PPM (no image library needed).
bool WriteScreenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(static_cast<size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  std::string data = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
  for (int y = h - 1; y >= 0; --y) data.append(reinterpret_cast<char*>(&px[static_cast<size_t>(y) * w * 3]), static_cast<size_t>(w) * 3);
  return canvass::core::WriteFileAtomic(path, data, true).ok();
}

struct State {
  std::string path;
  char pass[256] = {};
  std::string error;
  std::unique_ptr<canvass::storage::Workspace> ws;
  std::vector<canvass::storage::InterviewSummary> interviews;
};

void DrawUnlock(State& s) {
  ImGui::TextWrapped("Workspace: %s", s.path.empty() ? "(none: start with `canvass FILE.canvass` or `canvass --demo DIR`)" : s.path.c_str());
  bool go = ImGui::InputText("Passphrase###pass", s.pass, sizeof s.pass, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button("Unlock###unlock") || go) {
    auto ws = canvass::storage::Workspace::Open(s.path, s.pass);
    sodium_memzero(s.pass, sizeof s.pass);
    if (ws.ok()) {
      s.ws = std::move(*ws);
      auto list = s.ws->ListInterviews();
      if (list.ok()) s.interviews = std::move(*list);
      s.error.clear();
    } else {
      s.error = ws.status().message();
    }
  }
  if (!s.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", s.error.c_str());
}

void DrawHome(State& s) {
  const auto& info = s.ws->info();
  ImGui::Text("%s  (%s workspace)", info.name.c_str(), canvass::storage::RoleName(info.role));
  ImGui::Text("Device %s", info.device_id.c_str());
  int final_n = 0, draft_n = 0;
  for (const auto& i : s.interviews) (i.status == "final" ? final_n : draft_n)++;
  ImGui::Text("Interviews: %d final, %d drafts", final_n, draft_n);
  ImGui::Separator();
  ImGui::TextWrapped("The full desktop app (interview runner, sync, coding, assessment) is being built. "
                     "Until then use canvass-cli: `canvass-cli --help`.");
  if (ImGui::Button("Lock###lock")) { s.ws.reset(); s.interviews.clear(); }
}

}  // namespace

int main(int argc, char** argv) {
  rlimit none{0, 0};
  setrlimit(RLIMIT_CORE, &none);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  umask(077);
  if (!canvass::core::InitCrypto().ok()) return 1;
  Options opt;
  if (!ParseOptions(argc, argv, &opt)) {
    std::fprintf(stderr, "canvass: bad arguments; see canvass --help\n");
    return 2;
  }
  State s;
  s.path = opt.workspace;
  if (!opt.demo_dir.empty()) {
    s.path = opt.demo_dir + "/demo.canvass";
    if (!canvass::core::FileExists(s.path)) {
      canvass::app::DemoResult r;
      auto st = canvass::app::BuildDemo(opt.demo_dir, &r);
      if (!st.ok()) { std::fprintf(stderr, "canvass: %s\n", st.message().c_str()); return 1; }
    }
    std::strncpy(s.pass, canvass::app::kDemoPassphrase, sizeof s.pass - 1);
  }
  if (!glfwInit()) {
    std::fprintf(stderr, "canvass: no display available (is DISPLAY set?). Use canvass-cli, or run under xvfb-run.\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(1100, 720, "Canvass", nullptr, nullptr);
  if (!window) { glfwTerminate(); std::fprintf(stderr, "canvass: cannot open a window\n"); return 1; }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no settings file with window titles on disk
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  int frame = 0;
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("Canvass###main", nullptr, ImGuiWindowFlags_NoDecoration);
    if (s.ws) DrawHome(s); else DrawUnlock(s);
    ImGui::End();
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.12f, 0.14f, 0.17f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++frame;
    if (!opt.demo_dir.empty() && frame == 2 && !s.ws) {  // demo: unlock automatically
      auto ws = canvass::storage::Workspace::Open(s.path, s.pass);
      sodium_memzero(s.pass, sizeof s.pass);
      if (ws.ok()) { s.ws = std::move(*ws); auto l = s.ws->ListInterviews(); if (l.ok()) s.interviews = *l; }
    }
    if (opt.frames > 0 && frame >= opt.frames) {
      if (!opt.screenshot.empty() && !WriteScreenshot(opt.screenshot, w, h)) { std::fprintf(stderr, "canvass: cannot write screenshot\n"); }
      break;
    }
    glfwSwapBuffers(window);
  }
  s.ws.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
