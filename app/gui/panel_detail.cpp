// Interview detail: header, every answer (conflicts marked) and the full version history.
#include <imgui.h>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

void Answers(const app::DetailView& v) {
  const ImGuiTableFlags f = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  TableScope t("##answers", 2, f);
  if (!t.open()) return;
  ImGui::TableSetupColumn(app::T("detail.question").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.f);
  ImGui::TableSetupColumn(app::T("detail.answer").c_str(), ImGuiTableColumnFlags_WidthStretch, 3.f);
  ImGui::TableHeadersRow();
  for (const auto& a : v.answers) {
    IdScope id(a.question_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", a.label.c_str());
    MutedText(a.question_id);
    ImGui::TableNextColumn();
    if (a.conflict) ErrorText(app::F("detail.conflict", a.value));
    else ImGui::TextWrapped("%s", a.value.c_str());
  }
}

void History(const app::DetailView& v) {
  const ImGuiTableFlags f = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                            ImGuiTableFlags_ScrollY;
  TableScope t("##history", 5, f, ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 14.f));
  if (!t.open()) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const auto& [key, w] : {std::pair<const char*, float>{"detail.when", 1.5f}, {"detail.field", 1.5f}, {"detail.value", 3.f},
                                {"detail.author", 1.f}, {"detail.note", 1.5f}})
    ImGui::TableSetupColumn(app::T(key).c_str(), 0, w);
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
  if (!v.open) { MutedText(app::T("detail.none")); return; }
  if (ImGui::Button(Wid(app::T("detail.back"), "detail_back").c_str())) out.Push(app::cmd::Navigate{app::Screen::kInterviews});
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T(v.status == "final" ? "detail.open_final" : "detail.resume"), "detail_open").c_str()))
    out.Push(app::cmd::ResumeInterview{v.uuid});
  ImGui::TextWrapped("%s  (%s)", v.form_title.c_str(),
                     app::T(v.status == "final" ? "interviews.final" : v.status == "draft" ? "interviews.draft" : "interviews.any").c_str());
  MutedText(app::F("detail.meta", v.created, app::RoleName(v.role), app::i18n::LanguageName(v.language), v.interviewer, v.uuid));
  ChildScope body("##detail_body", ImVec2(0, 0));
  ImGui::Separator();
  ImGui::TextUnformatted(app::F("detail.answers", v.answers.size()).c_str());
  Answers(v);
  ImGui::Spacing();
  ImGui::TextUnformatted(app::F("detail.history", v.history.size()).c_str());
  History(v);
}

}  // namespace canvass::gui
