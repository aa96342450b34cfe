// Devices screen (central): enroll a laptop (writes its kit to a new file chosen in the file
// chooser, shows the one-time code and the central key fingerprint once), list devices,
// revoke one after a confirmation.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cctype>
#include <filesystem>

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
  ImGui::TextUnformatted("Enroll a laptop");
  WidthScope w(ImGui::GetFontSize() * 24.f);
  if (focus) ImGui::SetKeyboardFocusHere();
  bool enter = ImGui::InputTextWithHint("Laptop name (Enter: where to write the kit)###enroll_name", "Laptop Ana", &ui.name,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("enroll_name");
  FirstFocus();
  if (ImGui::Button("Enroll and write the kit...###enroll") || enter) {
    std::string dir = std::filesystem::path(ui.kit_path).parent_path().string();
    ui.chooser.Open(FileChooser::Mode::kNew, "enroll_kit", "Write the enrollment kit for \"" + ui.name + "\" (a new file)",
                    (dir.empty() ? HomeDir() : dir) + "/" + KitName(ui.name), {".cvkit"});
  }
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
  ImGui::Text("Central key fingerprint: %s", FingerprintGroups(e.fingerprint).c_str());
  Probe("enroll_fingerprint");
  MutedText("Give the code to the field worker separately from the kit (not on the same USB stick). "
            "The laptop shows this fingerprint after joining: both must match.");
  if (ImGui::Button("Done: hide the code###dismiss_enroll")) out.Push(app::cmd::DismissEnrollment{});
  Probe("dismiss_enroll");
}

void DeviceTable(const app::DevicesView& v, DevicesUi& ui, app::Commands& out) {
  DetailsToggle("devices_details", &ui.details);
  TableScope t("##devices", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit);
  if (!t.open()) return;
  for (const char* h : {"Name", "Status", "Enrolled", "Last bundle", ui.details ? "Key fingerprint" : "", ""})
    ImGui::TableSetupColumn(h);
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
    if (ui.details) {
      ImGui::TextUnformatted(FingerprintGroups(d.fingerprint).c_str());
      Probe("device_fingerprint/" + d.name);
    }
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
  EnrollForm(ui, focus);
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Text("%zu devices", v.devices.size());
  DeviceTable(v, ui, out);
  if (DrawFileChooser(&ui.chooser)) {
    ui.kit_path = ui.chooser.chosen();
    out.Push(app::cmd::EnrollDevice{ui.name, ui.kit_path});
  }
}

}  // namespace canvass::gui
