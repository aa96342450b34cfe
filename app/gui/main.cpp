// canvass: the desktop app. Opens one window, runs the Controller and draws the panels;
// --demo/--screenshot/--frames render a fixed number of frames for tests and docs.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "app/clipboard_policy.h"
#include "app/controller.h"
#include "app/demo.h"
#include "app/demo_sync.h"
#include "core/crypto_util.h"
#include "core/file_util.h"
#include "gui_fonts.h"
#include "panels.h"
#include "storage/kdf_profile.h"

namespace {

using canvass::app::Screen;

struct Options {
  std::string workspace, demo_dir, screenshot, screen = "home";
  int frames = -1;   // -1 = run until closed
  int section = -1;  // --screen runner: section to show
  int scale = 0;     // 0 = from settings
  std::string ui_language;  // "" = from settings
  bool high_contrast = false;
};

const char kUsage[] =
    "usage: canvass [WORKSPACE.canvass] [--demo DIR] [--screenshot OUT.ppm|OUT.png --frames N]\n"
    "               [--screen home|new|runner|interviews|detail|settings|sync|conflicts|devices|join|unlock|\n"
    "                assessment|assessment-map|assessment-caseload|assessment-guidance|coding|agreement|codebook|retrieve|search|frequencies|cooccurrence|memos]\n"
    "               [--section N] [--scale PCT] [--ui-language en|es] [--high-contrast]\n"
    "Keys: Ctrl+L lock, Ctrl+1..5 Home/Interview/Interviews/Settings/Sync, Ctrl+PgDn/PgUp next/back section,\n"
    "      arrows + Space/Enter to move and press, Tab between fields, Ctrl+Tab between panes.\n";

// False with a one-line reason in *error on anything it cannot take as asked: an option's
// value that is another option ("--demo --screenshot x.png"), a number that is not one.
bool ParseOptions(int argc, char** argv, Options* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](std::string* out) {
      if (i + 1 >= argc) { *error = a + " needs a value"; return false; }
      std::string v = argv[i + 1];
      if (v.size() >= 2 && v.compare(0, 2, "--") == 0) {
        *error = a + " needs a value, but the next word is the option " + v;
        return false;
      }
      *out = argv[++i];
      return true;
    };
    auto number = [&](int lo, int hi, int* out) {
      std::string n;
      if (!next(&n)) return false;
      char* end = nullptr;
      long v = std::strtol(n.c_str(), &end, 10);
      if (n.empty() || *end || v < lo || v > hi) {
        *error = a + " needs a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not \"" + n + "\"";
        return false;
      }
      *out = static_cast<int>(v);
      return true;
    };
    if (a == "--demo") { if (!next(&o->demo_dir)) return false; }
    else if (a == "--screenshot") { if (!next(&o->screenshot)) return false; }
    else if (a == "--screen") { if (!next(&o->screen)) return false; }
    else if (a == "--frames") { if (!number(1, 1000000, &o->frames)) return false; }
    else if (a == "--section") { if (!number(0, 1000, &o->section)) return false; }
    else if (a == "--scale") { if (!number(50, 400, &o->scale)) return false; }
    else if (a == "--ui-language") {
      if (!next(&o->ui_language)) return false;
      if (o->ui_language != "en" && o->ui_language != "es") { *error = "--ui-language takes en or es"; return false; }
    }
    else if (a == "--high-contrast") o->high_contrast = true;
    else if (a == "--version") { std::printf("canvass %s\n", CANVASS_VERSION); std::exit(0); }
    else if (a == "--help") { std::printf("%s", kUsage); std::exit(0); }
    else if (!a.empty() && a[0] != '-') {
      if (!o->workspace.empty()) { *error = "one workspace at a time: \"" + o->workspace + "\" and \"" + a + "\""; return false; }
      o->workspace = a;
    } else {
      *error = "unknown option " + a;
      return false;
    }
  }
  static const char* kScreens[] = {"home", "new", "runner", "interviews", "detail", "settings", "sync", "conflicts", "devices",
                                   "join", "unlock", "assessment", "assessment-map", "assessment-caseload", "assessment-guidance", "coding", "agreement", "codebook",
                                   "retrieve", "search", "frequencies", "cooccurrence", "memos"};
  if (std::find(std::begin(kScreens), std::end(kScreens), o->screen) == std::end(kScreens)) {
    *error = "unknown screen \"" + o->screen + "\" for --screen";
    return false;
  }
  if (!o->screenshot.empty() && o->frames < 0) o->frames = 3;  // a screenshot needs an end
  return true;
}

// Writes the back buffer as PNG (by extension) or binary PPM.
bool WriteScreenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(static_cast<size_t>(w) * h * 3), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  const size_t row = static_cast<size_t>(w) * 3;
  for (int y = 0; y < h; ++y) std::copy_n(&px[static_cast<size_t>(h - 1 - y) * row], row, &flipped[static_cast<size_t>(y) * row]);
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".png") == 0)
    return stbi_write_png(path.c_str(), w, h, 3, flipped.data(), static_cast<int>(row)) != 0;
  std::string data = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
  data.append(reinterpret_cast<const char*>(flipped.data()), flipped.size());
  return canvass::core::WriteFileAtomic(path, data, true).ok();
}

bool UserActive(const ImGuiIO& io) {
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || io.InputQueueCharacters.Size > 0) return true;
  for (bool d : io.MouseDown) if (d) return true;
  for (bool d : io.KeysDown) if (d) return true;
  return false;
}

bool SyncScreen(const std::string& s) { return s == "sync" || s == "conflicts" || s == "devices" || s == "join"; }

// --screen sync|conflicts: import the demo's waiting bundles through the Sync screen.
void ShowSync(canvass::app::Controller& c, const Options& o, canvass::gui::GuiState& gui) {
  namespace cmd = canvass::app::cmd;
  gui.sync.folder = o.demo_dir + "/usb";
  c.Apply(cmd::Navigate{Screen::kSync});
  c.Apply(cmd::ListBundleFolder{gui.sync.folder});
  std::vector<std::string> fresh;
  for (const auto& f : c.view().sync.files)
    if (!f.imported && f.problem.empty() && f.kind == "data") fresh.push_back(f.path);
  if (!fresh.empty()) { c.Apply(cmd::ImportBundles{fresh}); c.WaitIdle(); }
  if (o.screen == "conflicts") {
    c.Apply(cmd::Navigate{Screen::kConflicts});
    gui.conflicts.reason = "Ana's notes are first-hand";
    if (!c.view().conflicts.items.empty()) gui.conflicts.pick[c.view().conflicts.items[0].kind + "|" + c.view().conflicts.items[0].subject + "|" +
                                                             c.view().conflicts.items[0].field] = 0;
  }
}

// After the demo unlocks: show the screen asked for with --screen.
void ShowScreen(canvass::app::Controller& c, const Options& o, canvass::gui::GuiState& gui) {
  namespace cmd = canvass::app::cmd;
  const auto& v = c.view();
  if (o.screen == "sync" || o.screen == "conflicts") {
    ShowSync(c, o, gui);
  } else if (o.screen == "devices") {
    c.Apply(cmd::Navigate{Screen::kDevices});
    c.Apply(cmd::EnrollDevice{"Laptop Cruz", o.demo_dir + "/usb/laptop-cruz-" + std::to_string(std::time(nullptr)) + ".cvkit"});
    c.WaitIdle();
  } else if (o.screen == "runner") {
    if (!v.home.drafts.empty()) c.Apply(cmd::ResumeInterview{v.home.drafts.front().uuid});
    else if (!v.start.forms.empty()) c.Apply(cmd::StartInterview{v.start.forms.front()->id, "", "", "Demo"});
    if (o.section >= 0) c.Apply(cmd::GoToSection{o.section});
  } else if (o.screen == "interviews") {
    c.Apply(cmd::Navigate{Screen::kInterviews});
  } else if (o.screen == "detail" && !v.table.visible().empty()) {
    c.Apply(cmd::OpenDetail{v.table.rows()[v.table.visible().front()].uuid});
  } else if (o.screen == "settings") {
    c.Apply(cmd::Navigate{Screen::kSettings});
  } else if (o.screen == "new") {
    c.Apply(cmd::Navigate{Screen::kNewInterview});
  } else if (o.screen.rfind("assessment", 0) == 0) {
    c.Apply(cmd::Navigate{Screen::kAssessment});
    c.Apply(cmd::Assessment{cmd::AssessRun{"demo"}});
    c.WaitIdle();
    if (!c.view().assessment.rows.empty()) c.Apply(cmd::Assessment{cmd::AssessSelect{c.view().assessment.rows.front().area_id}});
    if (o.screen == "assessment-map") gui.assessment.open_tab = "tab_map";
    if (o.screen == "assessment-caseload") gui.assessment.open_tab = "tab_caseload";
    if (o.screen == "assessment-guidance") gui.assessment.open_tab = "tab_guidance";
  } else if (o.screen == "agreement") {  // ana and ben compared, the second disagreement open
    c.Apply(cmd::Navigate{Screen::kAgreement});
    c.Apply(cmd::Agreement{cmd::AgreementCompute{{"ana", "ben"}, ""}});
    c.WaitIdle();
    if (c.view().agreement.disagreements.size() > 1) c.Apply(cmd::Agreement{cmd::AgreementSelect{1}});
  } else if (o.screen == "coding") {  // coding as ana, on the demo's answers
    c.Apply(cmd::Navigate{Screen::kCoding});
    c.Apply(cmd::Coding{cmd::CodingSetCoder{"ana"}});
  } else if (o.screen == "codebook") {
    c.Apply(cmd::Navigate{Screen::kCodebook});
  } else if (o.screen == "retrieve" || o.screen == "search" || o.screen == "frequencies" || o.screen == "cooccurrence" ||
             o.screen == "memos") {  // the Analysis screen's tabs on the demo's coding
    c.Apply(cmd::Navigate{Screen::kAnalysis});
    if (o.screen == "retrieve") {
      c.Apply(cmd::Analysis{cmd::AnalysisRetrieve{"Labor trafficking", true}});
      gui.analysis.code = c.view().analysis.code;
    } else if (o.screen == "search") {
      gui.analysis.query = "owe";
      for (const auto& [guid, path] : c.view().analysis.codes)
        if (path == "Indicators and signs/Debt bondage") gui.analysis.autocode = guid;
      c.Apply(cmd::Analysis{cmd::AnalysisTab{1}});
      c.Apply(cmd::Analysis{cmd::AnalysisSearch{"owe"}});
    } else if (o.screen == "frequencies") {
      gui.analysis.attribute = 2;
      c.Apply(cmd::Analysis{cmd::AnalysisTab{2}});
      c.Apply(cmd::Analysis{cmd::AnalysisFrequencies{"role"}});
    } else if (o.screen == "cooccurrence") {
      c.Apply(cmd::Analysis{cmd::AnalysisTab{3}});
      c.Apply(cmd::Analysis{cmd::AnalysisCooccur{false}});
      const auto& co = c.view().analysis.co;  // the first pair of codes found together
      for (size_t i = 0, done = 0; i < co.size() && !done; ++i)
        for (size_t j = i + 1; j < co.size() && !done; ++j)
          if (co[i][j] > 0) {
            c.Apply(cmd::Analysis{cmd::AnalysisDrill{static_cast<int>(i), static_cast<int>(j)}});
            done = 1;
          }
    } else {
      c.Apply(cmd::Analysis{cmd::AnalysisTab{4}});
      c.Apply(cmd::Analysis{cmd::AnalysisMemos{}});
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  rlimit none{0, 0};
  setrlimit(RLIMIT_CORE, &none);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  umask(077);
  if (!canvass::core::InitCrypto().ok()) return 1;
  Options opt;
  std::string arg_error;
  if (!ParseOptions(argc, argv, &opt, &arg_error)) {
    std::fprintf(stderr, "canvass: %s; see canvass --help\n", arg_error.c_str());
    return 2;
  }
  // Once per process: files made under CANVASS_KDF_PROFILE=test-fast are not protected.
  if (std::string note = canvass::storage::KdfProfileNote("canvass"); !note.empty()) std::fprintf(stderr, "%s\n", note.c_str());
  std::string demo_path;
  if (!opt.demo_dir.empty()) {
    demo_path = opt.demo_dir + "/demo.canvass";
    if (!canvass::core::FileExists(demo_path)) {
      canvass::app::DemoResult r;
      auto st = canvass::app::BuildDemo(opt.demo_dir, &r);
      if (!st.ok()) { std::fprintf(stderr, "canvass: %s\n", st.message().c_str()); return 1; }
    }
    if (SyncScreen(opt.screen)) {
      auto st = canvass::app::BuildSyncDemo(opt.demo_dir);
      if (!st.ok()) { std::fprintf(stderr, "canvass: sync demo: %s\n", st.message().c_str()); return 1; }
    }
  }
  if (!glfwInit()) {
    std::fprintf(stderr, "canvass: no display available (is DISPLAY set?). Use canvass-cli, or run under xvfb-run.\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // A larger text size asked for on the command line gets a window as much larger, so that
  // screenshots at 150 % show the same layout as at 100 % (1100 x 720: a small laptop screen).
  const float grow = opt.scale > 100 ? static_cast<float>(std::min(opt.scale, 200)) / 100.f : 1.f;
  GLFWwindow* window = glfwCreateWindow(static_cast<int>(1100 * grow), static_cast<int>(720 * grow), "Canvass", nullptr, nullptr);
  if (!window) { glfwTerminate(); std::fprintf(stderr, "canvass: cannot open a window\n"); return 1; }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no settings file with window titles on disk
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  // Copies go through the clipboard policy (off by default; else cleared after 30 s, on lock
  // and on quit); pastes read GLFW's clipboard as the backend would.
  canvass::app::ClipboardPolicy clipboard([window](const std::string& t) { glfwSetClipboardString(window, t.c_str()); },
                                          [window] {
                                            const char* t = glfwGetClipboardString(window);
                                            return std::string(t ? t : "");
                                          });
  struct ClipboardHooks {
    GLFWwindow* window;
    canvass::app::ClipboardPolicy* policy;
  } hooks{window, &clipboard};
  io.ClipboardUserData = &hooks;
  io.GetClipboardTextFn = [](void* user) -> const char* {
    return glfwGetClipboardString(static_cast<ClipboardHooks*>(user)->window);
  };
  io.SetClipboardTextFn = [](void* user, const char* text) {
    auto* h = static_cast<ClipboardHooks*>(user);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch());
    h->policy->Copy(text ? text : "", ms.count());
  };

  // Demo and screenshots keep their config (recent list, settings) out of the user's home.
  canvass::app::ControllerOptions copts;
  if (!opt.demo_dir.empty()) copts.config_dir = opt.demo_dir + "/config";
  canvass::app::Controller controller(copts);
  canvass::gui::GuiState gui;
  gui.unlock.path = !demo_path.empty() ? demo_path : !opt.workspace.empty() ? opt.workspace
                    : controller.view().unlock.recent.empty() ? "" : controller.view().unlock.recent.front();
  if (opt.scale) controller.Apply(canvass::app::cmd::SetUiScale{opt.scale});
  if (!opt.ui_language.empty()) controller.Apply(canvass::app::cmd::SetUiLanguage{opt.ui_language});
  if (opt.high_contrast) controller.Apply(canvass::app::cmd::SetHighContrast{true});
  int applied_scale = 0;
  bool applied_contrast = false;
  bool shown = false;
  if (opt.screen == "join") {  // the join form, filled in (the passphrases show as dots)
    auto& u = gui.unlock;
    u.mode = 2;
    u.kit_path = opt.demo_dir + "/usb/laptop-bo.cvkit";
    std::snprintf(u.code, sizeof u.code, "%s", "7KQ2-MX4D-9TWA-HC3R-P8NE");
    u.new_path = opt.demo_dir + "/laptop-bo.canvass";
    std::snprintf(u.pass, sizeof u.pass, "%s", "a passphrase for the demo");
    std::snprintf(u.pass2, sizeof u.pass2, "%s", "a passphrase for the demo");
    shown = true;
  } else if (!demo_path.empty()) {
    controller.Apply(canvass::app::cmd::OpenWorkspace{demo_path, canvass::app::Secret(canvass::app::kDemoPassphrase)});
  }
  int frame = 0;
  uint64_t clipboard_epoch = controller.view().lock_epoch;
  const auto started = std::chrono::steady_clock::now();
  while (!glfwWindowShouldClose(window)) {
    const auto& v = controller.view();
    if (opt.frames > 0 || v.busy) glfwPollEvents(); else glfwWaitEventsTimeout(0.25);
    if (applied_scale != v.settings.ui_scale || applied_contrast != v.settings.high_contrast) {  // before NewFrame
      canvass::gui::ApplyUiScale(v.settings.ui_scale, canvass::gui::kDejaVuPath, v.settings.high_contrast);
      ImGui_ImplOpenGL3_DestroyDeviceObjects();
      applied_scale = v.settings.ui_scale;
      applied_contrast = v.settings.high_contrast;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (UserActive(io)) controller.NoteActivity();
    clipboard.set_allowed(v.settings.allow_copy);
    if (v.lock_epoch != clipboard_epoch) { clipboard.ClearNow(); clipboard_epoch = v.lock_epoch; }
    clipboard.Tick(std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch()).count());
    canvass::app::Commands commands;
    canvass::gui::DrawApp(v, gui, commands);
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    float clear[4];
    canvass::gui::ThemeClearColor(clear);
    glClearColor(clear[0], clear[1], clear[2], clear[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    controller.Apply(commands);  // after the frame: the view-models stay stable while drawing
    controller.Poll();
    if (!demo_path.empty() && !shown && controller.view().unlocked) { ShowScreen(controller, opt, gui); shown = true; }
    const bool waiting = !demo_path.empty() && !shown &&
                         std::chrono::steady_clock::now() - started < std::chrono::seconds(60);
    if (!waiting) ++frame;  // --frames counts frames after the demo has unlocked
    if (opt.frames > 0 && frame >= opt.frames) {
      if (!opt.screenshot.empty() && !WriteScreenshot(opt.screenshot, w, h)) std::fprintf(stderr, "canvass: cannot write screenshot\n");
      break;
    }
    glfwSwapBuffers(window);
    if (waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  controller.Apply(canvass::app::cmd::Lock{});
  clipboard.ClearNow();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
