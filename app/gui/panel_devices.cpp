// Devices screen (central): enroll a laptop (writes its kit to a new file chosen in the file
// chooser, shows the one-time code and the central key fingerprint once), list devices,
// revoke one after a confirmation.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cctype>
#include <filesystem>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

// The kit's suggested file name: the laptop's name with anything but letters and digits as '-'.
std::string KitName(const std::string& name) {
  std::string file;
  for (char ch : name) file += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  return (file.empty() ? std::string("laptop") : file) + ".cvkit";
}

// Name, then Enter (or the button) asks where to write the kit: a new .cvkit file.
void EnrollForm(DevicesUi& ui, bool focus) {
  ImGui::TextUnformatted(app::T("devices.enroll_title").c_str());
  WidthScope w(ImGui::GetFontSize() * 24.f);
  if (focus) ImGui::SetKeyboardFocusHere();
  bool enter = ImGui::InputTextWithHint(Wid(app::T("devices.name"), "enroll_name").c_str(), app::T("devices.name_hint").c_str(), &ui.name,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("enroll_name");
  FirstFocus();
  if (ImGui::Button(Wid(app::T("devices.enroll"), "enroll").c_str()) || enter) {
    std::string dir = std::filesystem::path(ui.kit_path).parent_path().string();
    ui.chooser.Open(FileChooser::Mode::kNew, "enroll_kit", app::F("devices.kit_title", ui.name),
                    (dir.empty() ? HomeDir() : dir) + "/" + KitName(ui.name), {".cvkit"});
  }
  Probe("enroll");
}

void Enrolled(const app::EnrollmentShown& e, app::Commands& out) {
  ChildScope box("##enrolled", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 7.5f), true);
  ImGui::TextUnformatted(app::F("devices.kit_written", e.device_name, e.kit_path).c_str());
  ImGui::TextUnformatted(app::T("devices.code").c_str());
  {
    ColorScope c(ImGuiCol_Text, kOkColor);
    ImGui::TextUnformatted(e.code.c_str());
  }
  ImGui::TextUnformatted(app::F("sync.fingerprint", FingerprintGroups(e.fingerprint)).c_str());
  Probe("enroll_fingerprint");
  MutedText(app::T("devices.code_note"));
  if (ImGui::Button(Wid(app::T("devices.done"), "dismiss_enroll").c_str())) out.Push(app::cmd::DismissEnrollment{});
  Probe("dismiss_enroll");
}

void DeviceTable(const app::DevicesView& v, DevicesUi& ui, app::Commands& out) {
  DetailsToggle("devices_details", &ui.details);
  TableScope t("##devices", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit);
  if (!t.open()) return;
  for (const char* h : {"devices.col_name", "interviews.status", "devices.col_enrolled", "devices.col_last", ui.details ? "devices.col_key" : "", ""})
    ImGui::TableSetupColumn(*h ? app::T(h).c_str() : "");
  ImGui::TableHeadersRow();
  for (const auto& d : v.devices) {
    IdScope id(d.device_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted((d.status == "revoked" ? app::F("devices.revoked_at", d.revoked_at)
                            : app::T(d.status == "active" ? "devices.active" : "devices.other")).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.enrolled_at.c_str());
    ImGui::TableNextColumn();
    if (d.last_seq > 0) ImGui::Text("#%lld", static_cast<long long>(d.last_seq)); else MutedText(app::T("home.none"));
    ImGui::TableNextColumn();
    if (ui.details) {
      ImGui::TextUnformatted(FingerprintGroups(d.fingerprint).c_str());
      Probe("device_fingerprint/" + d.name);
    }
    ImGui::TableNextColumn();
    if (d.status != "active") continue;
    if (ui.confirm_revoke != d.device_id) {
      if (ImGui::SmallButton(Wid(app::T("devices.revoke"), "revoke").c_str())) ui.confirm_revoke = d.device_id;
      Probe("revoke/" + d.name);
      continue;
    }
    {
      ColorScope c(ImGuiCol_Text, kErrorColor);
      ImGui::TextUnformatted(app::T("devices.revoke_q").c_str());
    }
    if (ImGui::SmallButton(Wid(app::T("devices.revoke_yes"), "revoke_yes").c_str())) { out.Push(app::cmd::RevokeDevice{d.device_id}); ui.confirm_revoke.clear(); }
    Probe("revoke_yes/" + d.name);
    ImGui::SameLine();
    if (ImGui::SmallButton(Wid(app::T("devices.revoke_no"), "revoke_no").c_str())) ui.confirm_revoke.clear();
  }
}

}  // namespace

void DrawDevices(const app::DevicesView& v, DevicesUi& ui, app::Commands& out) {
  bool focus = JustAppeared(&ui.shown_frame);
  ImGui::TextUnformatted(app::T("devices.title").c_str());
  ImGui::Separator();
  if (!v.message.empty()) { ColorScope c(ImGuiCol_Text, kOkColor); ImGui::TextWrapped("%s", v.message.c_str()); }
  if (!v.error.empty()) ErrorText(v.error);
  if (v.enrolled.shown()) Enrolled(v.enrolled, out);
  EnrollForm(ui, focus);
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(app::P("devices.count", static_cast<int64_t>(v.devices.size())).c_str());
  DeviceTable(v, ui, out);
  if (DrawFileChooser(&ui.chooser)) {
    ui.kit_path = ui.chooser.chosen();
    out.Push(app::cmd::EnrollDevice{ui.name, ui.kit_path});
  }
}

}  // namespace canvass::gui
