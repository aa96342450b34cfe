// Interviews table: filters (status, form, area, interviewer, dates, text answers),
// sortable columns, and a clipped list that stays smooth with 100,000 rows.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

using app::cmd::Column;

namespace {

// "draft" / "final" (the stored words) in the interface's language.
const std::string& StatusWord(const std::string& s) {
  return app::T(s == "draft" ? "interviews.draft" : s == "final" ? "interviews.final" : "interviews.any");
}

// A protocol's title in the interface's language where the protocol has it.
std::string Title(const forms::Form& f) { return f.Text(f.title, app::ScreenLanguage(f, "en")); }  // i18n-ok: a language code

void StatusCombo(std::string* status) {
  LabelBefore(app::T("interviews.status"));  // labels before their controls, reading left to right
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.f);
  ComboScope c("###f_status", StatusWord(*status).c_str());
  if (!c.open()) return;
  for (const char* s : {"", "draft", "final"})
    if (ImGui::Selectable(Wid(StatusWord(s), std::string("st_") + s).c_str(), *status == s)) *status = s;
}

void FormCombo(const std::vector<app::FormPtr>& forms, std::string* form_id) {
  std::string preview = app::T("interviews.any");
  for (const auto& f : forms)
    if (f->id == *form_id) preview = Title(*f);
  LabelBefore(app::T("interviews.form"));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.f);
  ComboScope c("###f_form", preview.c_str());
  if (!c.open()) return;
  if (ImGui::Selectable(Wid(app::T("interviews.any"), "any").c_str(), form_id->empty())) form_id->clear();
  for (const auto& f : forms) {
    IdScope id(f->id);
    if (ImGui::Selectable(Title(*f).c_str(), *form_id == f->id)) *form_id = f->id;
  }
}

// A text filter as wide as its hint (Spanish hints are longer), at least `min_em` font sizes.
void HintedInput(const char* id, const std::string& hint, float min_em, std::string* value) {
  const float hint_w = ImGui::CalcTextSize(hint.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.f;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * min_em, hint_w));
  ImGui::InputTextWithHint(id, hint.c_str(), value);
}

void Filters(const app::InterviewTable& t, const std::vector<app::FormPtr>& forms, TableUi& ui, app::Commands& out) {
  auto& f = ui.filter;
  StatusCombo(&f.status);
  ImGui::SameLine();
  FormCombo(forms, &f.form_id);
  ImGui::SameLine();
  HintedInput("###f_area", app::T("interviews.area_hint"), 7.f, &f.area);
  ImGui::SameLine();
  HintedInput("###f_interviewer", app::T("interviews.interviewer_hint"), 7.f, &f.interviewer);
  HintedInput("###f_from", app::T("interviews.from_hint"), 7.f, &f.date_from);
  ImGui::SameLine();
  HintedInput("###f_to", app::T("interviews.to_hint"), 7.f, &f.date_to);
  ImGui::SameLine();
  HintedInput("###f_text", app::T("interviews.text_hint"), 14.f, &f.text);
  Probe("f_text");
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("interviews.clear"), "f_clear").c_str())) f = app::cmd::TableFilter();
  if (!(f == t.filter())) out.Push(app::cmd::SetTableFilter{f});
  ImGui::TextUnformatted(app::F("interviews.count", t.visible().size(), t.rows().size()).c_str());
  if (!f.text.empty() && !t.has_text_index()) {
    ImGui::SameLine();
    MutedText(app::T("interviews.indexing"));
  }
}

void Row(const app::InterviewRow& r, app::Commands& out) {
  IdScope id(r.uuid);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  if (ImGui::Selectable(Wid(r.created, "open").c_str(), false, ImGuiSelectableFlags_SpanAllColumns))  // i18n-ok: an id
    out.Push(app::cmd::OpenDetail{r.uuid});
  Probe("row/" + r.uuid);
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.form_title.c_str());
  ImGui::TableNextColumn(); ImGui::TextUnformatted(app::RoleName(r.role).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted((r.has_conflicts ? app::F("interviews.with_conflict", StatusWord(r.status)) : StatusWord(r.status)).c_str());
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.areas.c_str());
  ImGui::TableNextColumn(); ImGui::TextUnformatted(r.interviewer.c_str());
  ImGui::TableNextColumn(); ImGui::Text("%d", r.answered);
}

}  // namespace

void DrawInterviews(const app::InterviewTable& t, const std::vector<app::FormPtr>& forms, TableUi& ui,
                    app::Commands& out) {
  ImGui::TextUnformatted(app::T("interviews.title").c_str());
  ImGui::Separator();
  Filters(t, forms, ui, out);
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingStretchProp;
  TableScope table("##interviews", static_cast<int>(Column::kCount), flags, ImVec2(0, 0));
  if (!table.open()) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  auto col = [](const char* key, Column c, ImGuiTableColumnFlags f, float w) {
    ImGui::TableSetupColumn(app::T(key).c_str(), f, w, static_cast<ImGuiID>(c));
  };
  col("interviews.col_created", Column::kCreated, ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending, 2.f);
  col("interviews.form", Column::kForm, 0, 2.5f);
  col("interviews.col_role", Column::kRole, 0, 3.f);  // role names, long in Spanish
  col("interviews.status", Column::kStatus, 0, 1.f);
  col("interviews.col_areas", Column::kAreas, 0, 2.f);
  col("interviews.col_interviewer", Column::kInterviewer, 0, 1.5f);
  col("interviews.col_answers", Column::kAnswered, 0, 1.f);
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
