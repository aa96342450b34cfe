// Unlock screen: open a recent or chosen workspace, create a new one, join with a kit. Every
// path field has a "Choose..." button (the file chooser, filtered by extension); typing still works.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <sodium.h>

#include <cstring>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"
#include "storage/kdf_profile.h"

namespace canvass::gui {

namespace {

// A "Choose..." button after a path field: the chooser starts at the field's file (else
// `suggest` in the home folder); the chosen path goes back into the field (DrawUnlock).
void ChooseButton(UnlockUi& ui, const char* id, FileChooser::Mode mode, const char* title, const std::string& field,
                  const char* suggest, const char* ext) {
  ImGui::SameLine();
  if (ImGui::Button(Wid("Choose...", id).c_str()))
    ui.chooser.Open(mode, id, title, field.empty() ? HomeDir() + "/" + suggest : field, {ext});
  Probe(id);
}

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
  ChooseButton(ui, "open_choose", FileChooser::Mode::kOpen, "Open a workspace (.canvass)", ui.path, "", ".canvass");
  if (ui.path != v.inspected_path) out.Push(app::cmd::InspectWorkspaceFile{ui.path});  // its key profile, next frame
  else if (v.inspected_test_only) {
    ErrorText(std::string("This file is ") + storage::kTestOnlyWords +
                ": it was made with the cheap test key derivation. Keep no real interviews in it.");
    Probe("open_test_only");
  }
  if (ui.focus_pass && !busy) { ImGui::SetKeyboardFocusHere(); ui.focus_pass = false; }
  bool enter = ImGui::InputText("Passphrase###open_pass", ui.pass, sizeof ui.pass,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("open_pass");
  FirstFocus();
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
  ChooseButton(ui, "new_choose", FileChooser::Mode::kNew, "Where to create the new workspace (a new file)", ui.new_path,
               "project.canvass", ".canvass");
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
  ChooseButton(ui, "kit_choose", FileChooser::Mode::kOpen, "The enrollment kit from the coordinator (.cvkit)", ui.kit_path, "",
               ".cvkit");
  ImGui::InputTextWithHint("One-time code###join_code", "ABCD-EFGH-...", ui.code, sizeof ui.code);
  Probe("join_code");
  ImGui::InputTextWithHint("New workspace file###join_path", "/home/you/field.canvass", &ui.new_path);
  Probe("join_path");
  ChooseButton(ui, "join_choose", FileChooser::Mode::kNew, "Where to create this laptop's workspace (a new file)", ui.new_path,
               "field.canvass", ".canvass");
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
  if (v.test_profile) {
    ErrorText(std::string("CANVASS_KDF_PROFILE=test-fast is set: workspaces made now are ") + storage::kTestOnlyWords + ".");
    Probe("test_profile");
  }
  UiLanguagePicker(app::T("unlock.ui_language"), out);  // chosen before anything else is read
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
  if (!DrawFileChooser(&ui.chooser)) return;
  const std::string& id = ui.chooser.id();
  if (id == "open_choose") { ui.path = ui.chooser.chosen(); ui.focus_pass = true; }
  else if (id == "kit_choose") ui.kit_path = ui.chooser.chosen();
  else ui.new_path = ui.chooser.chosen();
}

}  // namespace canvass::gui
