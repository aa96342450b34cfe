// Devices screen (central): enroll a laptop (writes its kit, shows the one-time code and the
// central key fingerprint once), list devices, revoke one after a confirmation.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

void EnrollForm(DevicesUi& ui, app::Commands& out, bool focus) {
  ImGui::TextUnformatted("Enroll a laptop");
  WidthScope w(ImGui::GetFontSize() * 24.f);
  if (focus) ImGui::SetKeyboardFocusHere();
  ImGui::InputTextWithHint("Laptop name###enroll_name", "Laptop Ana", &ui.name);
  Probe("enroll_name");
  bool enter = ImGui::InputTextWithHint("Kit file or folder (Enter enrolls)###enroll_kit", "/media/usb/laptop-ana.cvkit", &ui.kit_path,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("enroll_kit");
  if (ImGui::Button("Enroll and write the kit###enroll") || enter) out.Push(app::cmd::EnrollDevice{ui.name, ui.kit_path});
  Probe("enroll");
}

void Enrolled(const app::EnrollmentShown& e, app::Commands& out) {
  ChildScope box("##enrolled", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 7.5f), true);
  ImGui::Text("Kit for \"%s\" written to %s", e.device_name.c_str(), e.kit_path.c_str());
  ImGui::TextUnformatted("One-time enrollment code (shown once):");
  {
    ColorScope c(ImGuiCol_Text, kOkColor);
    ImGui::TextUnformatted(e.code.c_str());
  }
  ImGui::Text("Central key fingerprint: %s", e.fingerprint.c_str());
  MutedText("Give the code to the field worker separately from the kit (not on the same USB stick). "
            "The laptop shows this fingerprint after joining: both must match.");
  if (ImGui::Button("Done: hide the code###dismiss_enroll")) out.Push(app::cmd::DismissEnrollment{});
  Probe("dismiss_enroll");
}

void DeviceTable(const app::DevicesView& v, DevicesUi& ui, app::Commands& out) {
  TableScope t("##devices", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit);
  if (!t.open()) return;
  for (const char* h : {"Name", "Status", "Enrolled", "Last bundle", "Key fingerprint", ""}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& d : v.devices) {
    IdScope id(d.device_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.status == "revoked" ? ("revoked " + d.revoked_at).c_str() : d.status.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.enrolled_at.c_str());
    ImGui::TableNextColumn();
    if (d.last_seq > 0) ImGui::Text("#%lld", static_cast<long long>(d.last_seq)); else MutedText("none");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.fingerprint.c_str());
    ImGui::TableNextColumn();
    if (d.status != "active") continue;
    if (ui.confirm_revoke != d.device_id) {
      if (ImGui::SmallButton("Revoke...###revoke")) ui.confirm_revoke = d.device_id;
      Probe("revoke/" + d.name);
      continue;
    }
    {
      ColorScope c(ImGuiCol_Text, kErrorColor);
      ImGui::TextUnformatted("Refuse its bundles from now on?");
    }
    if (ImGui::SmallButton("Yes, revoke###revoke_yes")) { out.Push(app::cmd::RevokeDevice{d.device_id}); ui.confirm_revoke.clear(); }
    Probe("revoke_yes/" + d.name);
    ImGui::SameLine();
    if (ImGui::SmallButton("Keep###revoke_no")) ui.confirm_revoke.clear();
  }
}

}  // namespace

void DrawDevices(const app::DevicesView& v, DevicesUi& ui, app::Commands& out) {
  bool focus = JustAppeared(&ui.shown_frame);
  ImGui::Text("Devices");
  ImGui::Separator();
  if (!v.message.empty()) { ColorScope c(ImGuiCol_Text, kOkColor); ImGui::TextWrapped("%s", v.message.c_str()); }
  if (!v.error.empty()) ErrorText(v.error);
  if (v.enrolled.shown()) Enrolled(v.enrolled, out);
  EnrollForm(ui, out, focus);
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Text("%zu devices", v.devices.size());
  DeviceTable(v, ui, out);
}

}  // namespace canvass::gui
