// DrawApp: one full-window frame: navigation, banner, the current screen, global hotkeys,
// and wiping UI buffers (and ImGui's own text-edit copy) when the workspace locks.
#include <imgui.h>
#include <imgui_internal.h>
#include <sodium.h>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

using app::Screen;

namespace {

template <typename V>
void ZeroVector(V& v) {
  if (v.Data && v.Capacity > 0) sodium_memzero(v.Data, static_cast<size_t>(v.Capacity) * sizeof(*v.Data));
}

// ImGui keeps a copy of the text being edited; clear it together with our buffers.
void WipeImGuiTextState() {
  ImGui::ClearActiveID();
  ImGuiInputTextState& st = GImGui->InputTextState;
  ZeroVector(st.TextW);
  ZeroVector(st.TextA);
  ZeroVector(st.InitialTextA);
  st.ClearText();
  st.ID = 0;
}

bool Ctrl(int key) {
  const ImGuiIO& io = ImGui::GetIO();
  return io.KeyCtrl && !io.KeyAlt && ImGui::IsKeyPressed(key, false);
}

void Hotkeys(const app::AppView& v, app::Commands& out) {
  if (!v.unlocked) return;
  if (Ctrl('L')) { out.Push(app::cmd::Lock{}); return; }
  if (Ctrl('1')) out.Push(app::cmd::Navigate{Screen::kHome});
  if (Ctrl('2')) out.Push(app::cmd::Navigate{v.runner.open ? Screen::kRunner : Screen::kNewInterview});
  if (Ctrl('3')) out.Push(app::cmd::Navigate{Screen::kInterviews});
  if (Ctrl('4')) out.Push(app::cmd::Navigate{Screen::kSettings});
  if (Ctrl('5')) out.Push(app::cmd::Navigate{Screen::kSync});
  // Ctrl+Z undoes the last coding action of the session (a text field keeps its own Ctrl+Z).
  if ((v.screen == Screen::kCoding || v.screen == Screen::kCodebook) && !ImGui::GetIO().WantTextInput && Ctrl('Z'))
    out.Push(app::cmd::Undo{});
  if (v.screen == Screen::kRunner) {
    if (Ctrl(ImGui::GetKeyIndex(ImGuiKey_PageDown))) out.Push(app::cmd::StepSection{+1});
    if (Ctrl(ImGui::GetKeyIndex(ImGuiKey_PageUp))) out.Push(app::cmd::StepSection{-1});
  }
}

void Banner(const app::AppView& v, app::Commands& out) {
  if (!v.error.empty()) ErrorText(v.error);
  if (!v.message.empty()) {
    {
      ColorScope c(ImGuiCol_Text, kOkColor);
      ImGui::TextUnformatted(v.message.c_str());
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Dismiss###dismiss_message")) out.Push(app::cmd::DismissMessage{});
  }
  if (v.busy) {
    ImGui::TextUnformatted((v.busy_label + "...").c_str());
    ImGui::SameLine();
    if (v.busy_cancellable) {
      if (ImGui::SmallButton("Cancel###cancel_task")) out.Push(app::cmd::CancelTask{});
      Probe("cancel_task");
      ImGui::SameLine();
    }
    float p = v.busy_progress >= 0 ? v.busy_progress : static_cast<float>(ImGui::GetTime() * 0.7 - static_cast<int>(ImGui::GetTime() * 0.7));
    ImGui::ProgressBar(p, ImVec2(-1, 0), v.busy_progress >= 0 ? nullptr : "working");
  }
}

void DrawScreen(const app::AppView& v, GuiState& s, app::Commands& out) {
  switch (v.screen) {
    case Screen::kUnlock: DrawUnlock(v.unlock, v.busy, s.unlock, out); break;
    case Screen::kHome: DrawHome(v.home, out); break;
    case Screen::kNewInterview: DrawNewInterview(v.start, s.start, out); break;
    case Screen::kRunner: DrawRunner(v.runner, s.runner, out); break;
    case Screen::kInterviews: DrawInterviews(v.table, v.start.forms, s.table, out); break;
    case Screen::kDetail: DrawDetail(v.detail, out); break;
    case Screen::kSettings: DrawSettings(v.settings, s.settings, out); break;
    case Screen::kCoding: DrawCoding(v.coding, s.coding, out); break;
    case Screen::kCodebook: DrawCodebook(v.codebook, s.coding.book, out); break;
    case Screen::kAssessment: DrawAssessment(v.assessment, s.assessment, out); break;
    case Screen::kAgreement: DrawAgreement(v.agreement, s.agreement, out); break;
    case Screen::kAnalysis: DrawAnalysis(v.analysis, s.analysis, out); break;
    case Screen::kSync: DrawSync(v.sync, s.sync, out); break;
    case Screen::kDevices: DrawDevices(v.devices, s.devices, out); break;
    case Screen::kConflicts: DrawConflicts(v.conflicts, s.conflicts, out); break;
    default: DrawComing(v.screen); break;
  }
}

}  // namespace

void DrawApp(const app::AppView& v, GuiState& s, app::Commands& out) {
  if (s.epoch != v.lock_epoch) {
    s.Wipe();
    WipeImGuiTextState();
    s.epoch = v.lock_epoch;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  bool visible = ImGui::Begin("Canvass###main", nullptr, flags);
  if (visible) {
    Hotkeys(v, out);
    if (v.unlocked) {
      {
        ChildScope nav("##nav", ImVec2(ImGui::GetFontSize() * 11.f, 0), true);
        DrawNav(v, out);
      }
      ImGui::SameLine();
    }
    ChildScope content("##content", ImVec2(0, 0), false);
    Banner(v, out);
    DisabledScope busy(v.busy && v.screen != Screen::kUnlock);
    DrawScreen(v, s, out);
  }
  ImGui::End();
}

}  // namespace canvass::gui
