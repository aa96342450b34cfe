// DrawApp: one full-window frame: navigation, banner, the current screen, global hotkeys,
// and wiping UI buffers (and ImGui's own text-edit copy) when the workspace locks.
#include <imgui.h>
#include <imgui_internal.h>
#include <sodium.h>

#include <filesystem>
#include <system_error>

#include "app/i18n.h"
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

// Escape backs out one step, the same on every screen; nothing is lost (the interview is
// saved as it goes; a text field keeps what was typed: its Escape only ends the editing).
void Escape(const app::AppView& v, GuiState& s, app::Commands& out) {
  if (!TakeEscape()) return;
  if (s.help) { s.help = false; return; }
  if (!v.unlocked || v.busy) return;
  switch (v.screen) {
    case Screen::kHome: return;
    case Screen::kRunner:
      if (s.runner.review) { s.runner.review = false; return; }  // review page -> the questions
      out.Push(app::cmd::CloseInterview{});
      return;
    case Screen::kDetail: out.Push(app::cmd::Navigate{Screen::kInterviews}); return;
    case Screen::kDevices: case Screen::kConflicts: out.Push(app::cmd::Navigate{Screen::kSync}); return;
    case Screen::kCodebook: out.Push(app::cmd::Navigate{Screen::kCoding}); return;
    default: out.Push(app::cmd::Navigate{Screen::kHome}); return;
  }
}

// A new screen, interview or section: its first useful control gets the focus.
void TrackScreen(const app::AppView& v, GuiState& s) {
  const int section = v.screen != Screen::kRunner ? -1 : s.runner.review ? -2 : v.runner.section;
  if (v.screen != s.shown_screen || section != s.shown_section) RequestFirstFocus();
  s.shown_screen = v.screen;
  s.shown_section = section;
}

// F1: every keyboard shortcut, over the current screen; F1 or Escape closes it.
void DrawHelp(const app::AppView& v, GuiState& s) {
  if (!s.help) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + ImGui::GetFontSize() * 3.f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.f));
  ImGui::SetNextWindowFocus();
  if (ImGui::Begin(Wid(app::T("help.title"), "help").c_str(), &s.help,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    Probe("help");
    TableScope t("##keys", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg);
    if (t.open()) {
      static const char* const kRows[][2] = {
          {"Tab / Shift+Tab", "help.tab"},  // i18n-ok: key names
          {"key.space_enter", "help.space"},
          {"key.arrows", "help.arrows"},
          {"key.escape", "help.escape"},
          {"Ctrl+1", "help.ctrl1"},
          {"Ctrl+2", "help.ctrl2"},
          {"Ctrl+3", "help.ctrl3"},
          {"Ctrl+4", "help.ctrl4"},
          {"Ctrl+5", "help.ctrl5"},
          {"Ctrl+PgDn / Ctrl+PgUp", "help.pgdn"},  // i18n-ok: key names
          {"Ctrl+Z", "help.ctrlz"},
          {"Ctrl+L", "help.ctrll"},
          {"F1", "help.f1"},
      };
      for (const auto& row : kRows) {
        if (!v.unlocked && row[0][0] == 'C') continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string key = row[0];
        ImGui::TextUnformatted(key.rfind("key.", 0) == 0 ? app::T(key).c_str() : row[0]);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(app::T(row[1]).c_str());
      }
    }
  }
  ImGui::End();
}

void Banner(const app::AppView& v, app::Commands& out) {
  if (!app::i18n::Current().notice().empty()) {  // a damaged or incomplete catalogue: English is shown
    ErrorText(app::i18n::Current().notice());
    Probe("i18n_notice");
  }
  if (!v.error.empty()) ErrorText(v.error);
  if (!v.message.empty()) {
    {
      ColorScope c(ImGuiCol_Text, kOkColor);
      ImGui::TextUnformatted(v.message.c_str());
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(Wid(app::T("banner.dismiss"), "dismiss_message").c_str())) out.Push(app::cmd::DismissMessage{});
  }
  if (v.busy) {
    ImGui::TextUnformatted((v.busy_label + "...").c_str());
    ImGui::SameLine();
    if (v.busy_cancellable) {
      if (ImGui::SmallButton(Wid(app::T("banner.cancel"), "cancel_task").c_str())) out.Push(app::cmd::CancelTask{});
      Probe("cancel_task");
      ImGui::SameLine();
    }
    float p = v.busy_progress >= 0 ? v.busy_progress : static_cast<float>(ImGui::GetTime() * 0.7 - static_cast<int>(ImGui::GetTime() * 0.7));
    ImGui::ProgressBar(p, ImVec2(-1, 0), v.busy_progress >= 0 ? nullptr : app::T("banner.working").c_str());
  }
}

void DrawScreen(const app::AppView& v, GuiState& s, app::Commands& out) {
  switch (v.screen) {
    case Screen::kUnlock: DrawUnlock(v.unlock, v.busy, s.unlock, out); break;
    case Screen::kHome: DrawHome(v.home, s.home, out); break;
    case Screen::kNewInterview: DrawNewInterview(v.start, s.start, out); break;
    case Screen::kRunner: DrawRunner(v.runner, s.runner, out); break;
    case Screen::kInterviews: DrawInterviews(v.table, v.start.forms, s.table, out); break;
    case Screen::kDetail: DrawDetail(v.detail, out); break;
    case Screen::kSettings: DrawSettings(v.settings, v.home.info.role, s.settings, out); break;
    case Screen::kCoding: DrawCoding(v.coding, s.coding, out); break;
    case Screen::kCodebook: DrawCodebook(v.codebook, s.coding.book, out); break;
    case Screen::kAssessment: DrawAssessment(v.assessment, s.assessment, out); break;
    case Screen::kAgreement: DrawAgreement(v.agreement, s.agreement, out); break;
    case Screen::kAnalysis: DrawAnalysis(v.analysis, s.analysis, out); break;
    case Screen::kSync:
      if (s.sync.folder.empty() && !v.settings.last_bundle_folder.empty()) {  // where bundles went last time
        std::error_code ec;
        if (std::filesystem::is_directory(v.settings.last_bundle_folder, ec)) s.sync.folder = v.settings.last_bundle_folder;
      }
      DrawSync(v.sync, s.sync, out);
      break;
    case Screen::kDevices: DrawDevices(v.devices, s.devices, out); break;
    case Screen::kConflicts: DrawConflicts(v.conflicts, s.conflicts, out); break;
    default: DrawComing(v.screen); break;
  }
}

}  // namespace

// The file chooser's recent folders live with the settings: loaded once, saved when a chooser
// used a new folder.
static void SyncRecentFolders(const app::AppView& v, GuiState& s, app::Commands& out) {
  if (s.recent_folders_revision < 0) {
    RecentFolders() = v.settings.recent_folders;
    s.recent_folders_revision = RecentFoldersRevision();
  } else if (s.recent_folders_revision != RecentFoldersRevision()) {
    s.recent_folders_revision = RecentFoldersRevision();
    out.Push(app::cmd::SetRecentFolders{RecentFolders()});
  }
}

void DrawApp(const app::AppView& v, GuiState& s, app::Commands& out) {
  if (s.epoch != v.lock_epoch) {
    s.Wipe();
    WipeImGuiTextState();
    s.epoch = v.lock_epoch;
  }
  SyncRecentFolders(v, s, out);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  bool visible = ImGui::Begin("Canvass###main", nullptr, flags);  // i18n-ok: never shown (no title bar)
  if (visible) {
    FocusBeginFrame();
    Hotkeys(v, out);
    if (ImGui::IsKeyPressed(kKeyF1, false)) s.help = !s.help;
    Escape(v, s, out);
    TrackScreen(v, s);
    if (v.unlocked) {
      FocusInNav(true);
      {
        ChildScope nav("##nav", ImVec2(ImGui::GetFontSize() * 11.f, 0), true);
        DrawNav(v, out);
      }
      FocusInNav(false);
      ImGui::SameLine();
    }
    {
      ChildScope content("##content", ImVec2(0, 0), false);
      Banner(v, out);
      DisabledScope busy(v.busy && v.screen != Screen::kUnlock);
      DrawScreen(v, s, out);
    }
    FocusEndFrame();
    DrawHelp(v, s);
  }
  ImGui::End();
}

}  // namespace canvass::gui
