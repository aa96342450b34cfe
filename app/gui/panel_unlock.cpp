// Unlock screen: open a recent or chosen workspace, create a new one, join with a kit.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <sodium.h>

#include <cstring>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

void DrawOpen(const app::UnlockView& v, bool busy, UnlockUi& ui, app::Commands& out) {
  if (!v.recent.empty()) {
    ImGui::TextUnformatted("Recent workspaces");
    for (size_t i = 0; i < v.recent.size(); ++i) {
      IdScope id(static_cast<int>(i));
      if (ImGui::Selectable(Wid(v.recent[i], "recent").c_str(), ui.path == v.recent[i])) {
        ui.path = v.recent[i];
        ui.focus_pass = true;
      }
      ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 4);
      if (ImGui::SmallButton("Forget###forget")) out.Push(app::cmd::ForgetRecent{v.recent[i]});
    }
    ImGui::Spacing();
  }
  ImGui::InputTextWithHint("Workspace file###open_path", "/path/to/project.canvass", &ui.path);
  Probe("open_path");
  if (ui.focus_pass && !busy) { ImGui::SetKeyboardFocusHere(); ui.focus_pass = false; }
  bool enter = ImGui::InputText("Passphrase###open_pass", ui.pass, sizeof ui.pass,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("open_pass");
  DisabledScope wait(busy || v.wait_seconds > 0);
  if ((ImGui::Button("Unlock###unlock") || enter) && !busy && v.wait_seconds == 0) {
    out.Push(app::cmd::OpenWorkspace{ui.path, app::Secret(std::string_view(ui.pass, strnlen(ui.pass, sizeof ui.pass)))});
    sodium_memzero(ui.pass, sizeof ui.pass);
    ui.focus_pass = true;
  }
  if (v.wait_seconds > 0) { ImGui::SameLine(); ImGui::Text("next try in %d s", v.wait_seconds); }
}

void DrawCreate(bool busy, UnlockUi& ui, app::Commands& out) {
  ImGui::InputTextWithHint("New file###new_path", "/path/to/project.canvass", &ui.new_path);
  Probe("new_path");
  ImGui::InputText("Project name###new_name", &ui.name);
  Probe("new_name");
  ImGui::TextUnformatted("Role:");
  ImGui::SameLine();
  ImGui::RadioButton("Central (task force office)###role_central", &ui.role, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Field device###role_field", &ui.role, 1);
  ImGui::InputText("Passphrase (12+ characters)###new_pass", ui.pass, sizeof ui.pass, ImGuiInputTextFlags_Password);
  Probe("new_pass");
  bool enter = ImGui::InputText("Passphrase again###new_pass2", ui.pass2, sizeof ui.pass2,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("new_pass2");
  MutedText("There is no way to recover a lost passphrase: store it in your password manager.");
  DisabledScope d(busy);
  if ((ImGui::Button("Create workspace###create") || enter) && !busy) {
    app::cmd::CreateWorkspace c;
    c.path = ui.new_path;
    c.name = ui.name;
    c.role = ui.role == 0 ? storage::Role::kCentral : storage::Role::kField;
    c.passphrase = app::Secret(std::string_view(ui.pass, strnlen(ui.pass, sizeof ui.pass)));
    c.repeat = app::Secret(std::string_view(ui.pass2, strnlen(ui.pass2, sizeof ui.pass2)));
    sodium_memzero(ui.pass, sizeof ui.pass);
    sodium_memzero(ui.pass2, sizeof ui.pass2);
    ui.path = ui.new_path;
    out.Push(std::move(c));
  }
}

void DrawJoin(bool busy, UnlockUi& ui, app::Commands& out) {
  ImGui::InputTextWithHint("Enrollment kit file###join_kit", "/media/usb/laptop-ana.cvkit", &ui.kit_path);
  Probe("join_kit");
  ImGui::InputTextWithHint("One-time code###join_code", "ABCD-EFGH-...", ui.code, sizeof ui.code);
  Probe("join_code");
  ImGui::InputTextWithHint("New workspace file###join_path", "/home/you/field.canvass", &ui.new_path);
  Probe("join_path");
  ImGui::InputText("New passphrase (12+ characters)###join_pass", ui.pass, sizeof ui.pass, ImGuiInputTextFlags_Password);
  Probe("join_pass");
  bool enter = ImGui::InputText("Passphrase again###join_pass2", ui.pass2, sizeof ui.pass2,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("join_pass2");
  MutedText("After joining, the app shows the central key fingerprint: compare it with the coordinator's screen.");
  DisabledScope d(busy);
  if ((ImGui::Button("Join the project###join") || enter) && !busy) {
    out.Push(app::cmd::JoinWorkspace{ui.new_path, ui.kit_path, app::Secret(std::string_view(ui.code, strnlen(ui.code, sizeof ui.code))),
                                     app::Secret(std::string_view(ui.pass, strnlen(ui.pass, sizeof ui.pass))),
                                     app::Secret(std::string_view(ui.pass2, strnlen(ui.pass2, sizeof ui.pass2)))});
    sodium_memzero(ui.code, sizeof ui.code);
    sodium_memzero(ui.pass, sizeof ui.pass);
    sodium_memzero(ui.pass2, sizeof ui.pass2);
    ui.path = ui.new_path;
  }
  Probe("join");
}

}  // namespace

void DrawUnlock(const app::UnlockView& v, bool busy, UnlockUi& ui, app::Commands& out) {
  ImGui::TextUnformatted("Canvass: offline, encrypted community assessment");
  ImGui::Separator();
  ImGui::RadioButton("Open a workspace###mode_open", &ui.mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Create a new one###mode_create", &ui.mode, 1);
  Probe("mode_create");
  ImGui::SameLine();
  ImGui::RadioButton("Join with an enrollment kit###mode_join", &ui.mode, 2);
  Probe("mode_join");
  ImGui::Spacing();
  {
    WidthScope w(ImGui::GetFontSize() * 28.f);
    if (ui.mode == 0) DrawOpen(v, busy, ui, out);
    else if (ui.mode == 1) DrawCreate(busy, ui, out);
    else DrawJoin(busy, ui, out);
  }
  if (!v.error.empty()) ErrorText(v.error);
}

}  // namespace canvass::gui
