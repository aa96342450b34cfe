// Interview detail: header, every answer (conflicts marked) and the full version history.
#include <imgui.h>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

void Answers(const app::DetailView& v) {
  const ImGuiTableFlags f = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  TableScope t("##answers", 2, f);
  if (!t.open()) return;
  ImGui::TableSetupColumn("Question", ImGuiTableColumnFlags_WidthStretch, 2.f);
  ImGui::TableSetupColumn("Answer", ImGuiTableColumnFlags_WidthStretch, 3.f);
  ImGui::TableHeadersRow();
  for (const auto& a : v.answers) {
    IdScope id(a.question_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", a.label.c_str());
    MutedText(a.question_id);
    ImGui::TableNextColumn();
    if (a.conflict) ErrorText("CONFLICT: " + a.value);
    else ImGui::TextWrapped("%s", a.value.c_str());
  }
}

void History(const app::DetailView& v) {
  const ImGuiTableFlags f = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                            ImGuiTableFlags_ScrollY;
  TableScope t("##history", 5, f, ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 14.f));
  if (!t.open()) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("When (UTC)", 0, 1.5f);
  ImGui::TableSetupColumn("Field", 0, 1.5f);
  ImGui::TableSetupColumn("Value", 0, 3.f);
  ImGui::TableSetupColumn("Author", 0, 1.f);
  ImGui::TableSetupColumn("Note", 0, 1.5f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(v.history.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& h = v.history[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::TextUnformatted(h.when.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(h.field.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(h.value.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(h.author.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(h.note.c_str());
    }
  }
}

}  // namespace

void DrawDetail(const app::DetailView& v, app::Commands& out) {
  if (!v.open) { MutedText("No interview selected."); return; }
  if (ImGui::Button("< Interviews###detail_back")) out.Push(app::cmd::Navigate{app::Screen::kInterviews});
  ImGui::SameLine();
  if (ImGui::Button(v.status == "final" ? "Open (read-only)###detail_open" : "Resume###detail_open"))
    out.Push(app::cmd::ResumeInterview{v.uuid});
  ImGui::TextWrapped("%s  (%s)", v.form_title.c_str(), v.status.c_str());
  MutedText("Created " + v.created + "  |  role " + v.role + "  |  language " + v.language + "  |  interviewer " +
            v.interviewer + "  |  " + v.uuid);
  ChildScope body("##detail_body", ImVec2(0, 0));
  ImGui::Separator();
  ImGui::Text("Answers (%zu)", v.answers.size());
  Answers(v);
  ImGui::Spacing();
  ImGui::Text("History (%zu versions)", v.history.size());
  History(v);
}

}  // namespace canvass::gui
