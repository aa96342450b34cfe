// Interviews table: filters (status, form, area, interviewer, dates, text answers),
// sortable columns, and a clipped list that stays smooth with 100,000 rows.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

using app::cmd::Column;

namespace {

void StatusCombo(std::string* status) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.f);
  ComboScope c("Status###f_status", status->empty() ? "any" : status->c_str());
  if (!c.open()) return;
  for (const char* s : {"", "draft", "final"})
    if (ImGui::Selectable(*s ? s : "any", *status == s)) *status = s;
}

void FormCombo(const std::vector<app::FormPtr>& forms, std::string* form_id) {
  std::string preview = "any";
  for (const auto& f : forms)
    if (f->id == *form_id) preview = f->Text(f->title, "en");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.f);
  ComboScope c("Form###f_form", preview.c_str());
  if (!c.open()) return;
  if (ImGui::Selectable("any###any", form_id->empty())) form_id->clear();
  for (const auto& f : forms) {
    IdScope id(f->id);
    if (ImGui::Selectable(f->Text(f->title, "en").c_str(), *form_id == f->id)) *form_id = f->id;
  }
}

void Filters(const app::InterviewTable& t, const std::vector<app::FormPtr>& forms, TableUi& ui, app::Commands& out) {
  auto& f = ui.filter;
  const float fs = ImGui::GetFontSize();
  StatusCombo(&f.status);
  ImGui::SameLine();
  FormCombo(forms, &f.form_id);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 7.f);
  ImGui::InputTextWithHint("###f_area", "area", &f.area);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 7.f);
  ImGui::InputTextWithHint("###f_interviewer", "interviewer", &f.interviewer);
  ImGui::SetNextItemWidth(fs * 7.f);
  ImGui::InputTextWithHint("###f_from", "from YYYY-MM-DD", &f.date_from);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 7.f);
  ImGui::InputTextWithHint("###f_to", "to YYYY-MM-DD", &f.date_to);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 14.f);
  ImGui::InputTextWithHint("###f_text", "search text answers", &f.text);
  Probe("f_text");
  ImGui::SameLine();
  if (ImGui::Button("Clear filters###f_clear")) f = app::cmd::TableFilter();
  if (!(f == t.filter())) out.Push(app::cmd::SetTableFilter{f});
  ImGui::Text("%zu of %zu interviews", t.visible().size(), t.rows().size());
  if (!f.text.empty() && !t.has_text_index()) {
    ImGui::SameLine();
    MutedText("(indexing text answers: the text filter applies when done)");
  }
}

void Row(const app::InterviewRow& r, app::Commands& out) {
  IdScope id(r.uuid);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  if (ImGui::Selectable(Wid(r.created, "open").c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
    out.Push(app::cmd::OpenDetail{r.uuid});
  Probe("row/" + r.uuid);
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.form_title.c_str());
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.role.c_str());
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.has_conflicts ? (r.status + " (conflict)").c_str() : r.status.c_str());
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.areas.c_str());
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.interviewer.c_str());
  ImGui::TableNextColumn(); ImGui::Text("%d", r.answered);
}

}  // namespace

void DrawInterviews(const app::InterviewTable& t, const std::vector<app::FormPtr>& forms, TableUi& ui,
                    app::Commands& out) {
  ImGui::Text("Interviews");
  ImGui::Separator();
  Filters(t, forms, ui, out);
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingStretchProp;
  TableScope table("##interviews", static_cast<int>(Column::kCount), flags, ImVec2(0, 0));
  if (!table.open()) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  auto col = [](const char* name, Column c, ImGuiTableColumnFlags f, float w) {
    ImGui::TableSetupColumn(name, f, w, static_cast<ImGuiID>(c));
  };
  col("Created (UTC)", Column::kCreated, ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending, 2.f);
  col("Form", Column::kForm, 0, 3.f);
  col("Role", Column::kRole, 0, 2.f);
  col("Status", Column::kStatus, 0, 1.f);
  col("Areas", Column::kAreas, 0, 2.f);
  col("Interviewer", Column::kInterviewer, 0, 1.5f);
  col("Answers", Column::kAnswered, 0, 1.f);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      const auto& s = specs->Specs[0];
      Column c = static_cast<Column>(s.ColumnUserID);
      bool asc = s.SortDirection == ImGuiSortDirection_Ascending;
      if (c != t.sort_column() || asc != t.sort_ascending()) out.Push(app::cmd::SortTable{c, asc});
    }
    specs->SpecsDirty = false;
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(t.visible().size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) Row(t.rows()[t.visible()[i]], out);
}

}  // namespace canvass::gui
