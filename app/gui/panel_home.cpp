// Home screen: interview counts by form and status, drafts to resume, project identity.
#include <imgui.h>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

void Identity(const app::HomeView& v) {
  const auto& i = v.info;
  TableScope t("##identity", 2, ImGuiTableFlags_SizingFixedFit);
  if (!t.open()) return;
  auto row = [](const char* k, const std::string& val) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    MutedText(k);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(val.empty() ? "-" : val.c_str());
  };
  row("Project", i.name);
  row("Role", storage::RoleName(i.role));
  row("Project id", i.project_id);
  row("This device", i.device_name.empty() ? i.device_id : i.device_name + " (" + i.device_id + ")");
  row("File", v.path);
  row("Last export", v.last_export.empty() ? "none yet" : v.last_export);
  row("Last import", v.last_import.empty() ? "none yet" : v.last_import);
  if (!v.central_fingerprint.empty()) row("Central key", v.central_fingerprint);
}

void Counts(const app::HomeView& v, app::Commands& out) {
  ImGui::Text("%d interviews: %d drafts, %d final", v.total, v.total_drafts, v.total_finals);
  TableScope t("##counts", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp);
  if (!t.open()) return;
  ImGui::TableSetupColumn("Form", ImGuiTableColumnFlags_WidthStretch, 4.f);
  ImGui::TableSetupColumn("Drafts", ImGuiTableColumnFlags_WidthStretch, 1.f);
  ImGui::TableSetupColumn("Final", ImGuiTableColumnFlags_WidthStretch, 1.f);
  ImGui::TableHeadersRow();
  for (const auto& c : v.counts) {
    IdScope id(c.form_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(Wid(c.title, "count_form").c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
      app::cmd::TableFilter f;
      f.form_id = c.form_id;
      out.Push(app::cmd::SetTableFilter{f});
      out.Push(app::cmd::Navigate{app::Screen::kInterviews});
    }
    ImGui::TableNextColumn();
    ImGui::Text("%d", c.drafts);
    ImGui::TableNextColumn();
    ImGui::Text("%d", c.finals);
  }
}

void Drafts(const app::HomeView& v, app::Commands& out) {
  ImGui::TextUnformatted("Drafts to resume");
  if (v.drafts.empty()) { MutedText("No drafts."); return; }
  for (const auto& d : v.drafts) {
    IdScope id(d.uuid);
    if (ImGui::Button("Resume###resume")) out.Push(app::cmd::ResumeInterview{d.uuid});
    Probe("resume/" + d.uuid);
    ImGui::SameLine();
    ImGui::Text("%s  %s  (%d answers)", d.created.c_str(), d.form_title.c_str(), d.answered);
  }
}

}  // namespace

void DrawHome(const app::HomeView& v, app::Commands& out) {
  ImGui::Text("Home");
  ImGui::Separator();
  if (ImGui::Button("New interview###home_new")) out.Push(app::cmd::Navigate{app::Screen::kNewInterview});
  Probe("home_new");
  ImGui::SameLine();
  if (ImGui::Button("All interviews###home_all")) out.Push(app::cmd::Navigate{app::Screen::kInterviews});
  Probe("home_all");
  ImGui::Spacing();
  Counts(v, out);
  ImGui::Spacing();
  Drafts(v, out);
  ImGui::Spacing();
  ImGui::Separator();
  Identity(v);
}

}  // namespace canvass::gui
