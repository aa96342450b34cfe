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
void ChooseButton(UnlockUi& ui, const char* id, FileChooser::Mode mode, const std::string& title, const std::string& field,
                  const char* suggest, const char* ext) {
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("unlock.choose"), id).c_str()))
    ui.chooser.Open(mode, id, title, field.empty() ? HomeDir() + "/" + suggest : field, {ext});
  Probe(id);
}

void DrawOpen(const app::UnlockView& v, bool busy, UnlockUi& ui, app::Commands& out) {
  if (!v.recent.empty()) {
    ImGui::TextUnformatted(app::T("unlock.recent").c_str());
    for (size_t i = 0; i < v.recent.size(); ++i) {
      IdScope id(static_cast<int>(i));
      if (ImGui::Selectable(Wid(v.recent[i], "recent").c_str(), ui.path == v.recent[i])) {  // i18n-ok: an id
        ui.path = v.recent[i];
        ui.focus_pass = true;
      }
      ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 4);
      if (ImGui::SmallButton(Wid(app::T("unlock.forget"), "forget").c_str())) out.Push(app::cmd::ForgetRecent{v.recent[i]});
    }
    ImGui::Spacing();
  }
  ImGui::InputTextWithHint(Wid(app::T("unlock.file"), "open_path").c_str(), "/path/to/project.canvass", &ui.path);  // i18n-ok: a path
  Probe("open_path");
  ChooseButton(ui, "open_choose", FileChooser::Mode::kOpen, app::T("unlock.open_title"), ui.path, "", ".canvass");
  if (ui.path != v.inspected_path) out.Push(app::cmd::InspectWorkspaceFile{ui.path});  // its key profile, next frame
  else if (v.inspected_test_only) {
    ErrorText(app::F("unlock.test_only_file", storage::kTestOnlyWords));
    Probe("open_test_only");
  }
  if (ui.focus_pass && !busy) { ImGui::SetKeyboardFocusHere(); ui.focus_pass = false; }
  bool enter = ImGui::InputText(Wid(app::T("unlock.passphrase"), "open_pass").c_str(), ui.pass, sizeof ui.pass,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("open_pass");
  FirstFocus();
  DisabledScope wait(busy || v.wait_seconds > 0);
  if ((ImGui::Button(Wid(app::T("unlock.unlock"), "unlock").c_str()) || enter) && !busy && v.wait_seconds == 0) {
    out.Push(app::cmd::OpenWorkspace{ui.path, app::Secret(std::string_view(ui.pass, strnlen(ui.pass, sizeof ui.pass)))});
    sodium_memzero(ui.pass, sizeof ui.pass);
    ui.focus_pass = true;
  }
  if (v.wait_seconds > 0) { ImGui::SameLine(); ImGui::TextUnformatted(app::F("unlock.wait", v.wait_seconds).c_str()); }
}

void DrawCreate(bool busy, UnlockUi& ui, app::Commands& out) {
  ImGui::InputTextWithHint(Wid(app::T("unlock.new_file"), "new_path").c_str(), "/path/to/project.canvass", &ui.new_path);  // i18n-ok: a path
  Probe("new_path");
  ChooseButton(ui, "new_choose", FileChooser::Mode::kNew, app::T("unlock.new_title"), ui.new_path, "project.canvass", ".canvass");
  ImGui::InputText(Wid(app::T("unlock.project_name"), "new_name").c_str(), &ui.name);
  Probe("new_name");
  ImGui::TextUnformatted(app::T("unlock.role").c_str());
  ImGui::SameLine();
  ImGui::RadioButton(Wid(app::T("unlock.role_central"), "role_central").c_str(), &ui.role, 0);
  ImGui::SameLine();
  ImGui::RadioButton(Wid(app::T("unlock.role_field"), "role_field").c_str(), &ui.role, 1);
  ImGui::InputText(Wid(app::T("unlock.new_pass"), "new_pass").c_str(), ui.pass, sizeof ui.pass, ImGuiInputTextFlags_Password);
  Probe("new_pass");
  bool enter = ImGui::InputText(Wid(app::T("unlock.pass_again"), "new_pass2").c_str(), ui.pass2, sizeof ui.pass2,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("new_pass2");
  MutedText(app::T("unlock.no_recovery"));
  DisabledScope d(busy);
  if ((ImGui::Button(Wid(app::T("unlock.create"), "create").c_str()) || enter) && !busy) {
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
  ImGui::InputTextWithHint(Wid(app::T("unlock.kit"), "join_kit").c_str(), "/media/usb/laptop-ana.cvkit", &ui.kit_path);  // i18n-ok: a path
  Probe("join_kit");
  ChooseButton(ui, "kit_choose", FileChooser::Mode::kOpen, app::T("unlock.kit_title"), ui.kit_path, "", ".cvkit");
  ImGui::InputTextWithHint(Wid(app::T("unlock.code"), "join_code").c_str(), "ABCD-EFGH-...", ui.code, sizeof ui.code);  // i18n-ok: a pattern
  Probe("join_code");
  ImGui::InputTextWithHint(Wid(app::T("unlock.join_file"), "join_path").c_str(), "/home/you/field.canvass", &ui.new_path);  // i18n-ok: a path
  Probe("join_path");
  ChooseButton(ui, "join_choose", FileChooser::Mode::kNew, app::T("unlock.join_title"), ui.new_path, "field.canvass", ".canvass");
  ImGui::InputText(Wid(app::T("unlock.new_pass"), "join_pass").c_str(), ui.pass, sizeof ui.pass, ImGuiInputTextFlags_Password);
  Probe("join_pass");
  bool enter = ImGui::InputText(Wid(app::T("unlock.pass_again"), "join_pass2").c_str(), ui.pass2, sizeof ui.pass2,
                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("join_pass2");
  MutedText(app::T("unlock.join_note"));
  DisabledScope d(busy);
  if ((ImGui::Button(Wid(app::T("unlock.join"), "join").c_str()) || enter) && !busy) {
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
  ImGui::TextUnformatted(app::T("unlock.title").c_str());
  if (v.test_profile) {
    ErrorText(app::F("unlock.test_profile", storage::kTestOnlyWords));
    Probe("test_profile");
  }
  UiLanguagePicker(app::T("unlock.ui_language"), out);  // chosen before anything else is read
  ImGui::Separator();
  ImGui::RadioButton(Wid(app::T("unlock.mode_open"), "mode_open").c_str(), &ui.mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton(Wid(app::T("unlock.mode_create"), "mode_create").c_str(), &ui.mode, 1);
  Probe("mode_create");
  ImGui::SameLine();
  ImGui::RadioButton(Wid(app::T("unlock.mode_join"), "mode_join").c_str(), &ui.mode, 2);
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
