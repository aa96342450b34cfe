// Home screen: interview counts by form and status, drafts to resume, project identity.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

void Identity(const app::HomeView& v, HomeUi& ui) {
  const auto& i = v.info;
  TableScope t("##identity", 2, ImGuiTableFlags_SizingFixedFit);
  if (!t.open()) return;
  auto row = [](const std::string& k, const std::string& val) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    MutedText(k);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(val.empty() ? "-" : val.c_str());
  };
  row(app::T("home.project"), i.name);
  row(app::T("home.workspace"), app::T(i.role == storage::Role::kCentral ? "home.central" : "home.field"));
  row(app::T("home.device"), i.device_name.empty() ? app::T("home.this_laptop") : i.device_name);
  row(app::T("home.last_export"), v.last_export.empty() ? app::T("home.none_yet") : v.last_export);
  row(app::T("home.last_import"), v.last_import.empty() ? app::T("home.none_yet") : v.last_import);
  // A field laptop compares the central's key with the coordinator's screen after joining.
  if (!v.central_fingerprint.empty()) row(app::T("home.central_key"), FingerprintGroups(v.central_fingerprint));
  if (ui.details) {
    row(app::T("home.project_id"), i.project_id);
    row(app::T("home.device_id"), i.device_id);
    row(app::T("home.file"), v.path);
    Probe("home_ids");
  }
}

void Counts(const app::HomeView& v, app::Commands& out) {
  ImGui::TextUnformatted(app::F("home.counts", v.total, v.total_drafts, v.total_finals).c_str());
  TableScope t("##counts", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp);
  if (!t.open()) return;
  ImGui::TableSetupColumn(app::T("home.col_form").c_str(), ImGuiTableColumnFlags_WidthStretch, 4.f);
  ImGui::TableSetupColumn(app::T("home.col_drafts").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.f);
  ImGui::TableSetupColumn(app::T("home.col_final").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.f);
  ImGui::TableHeadersRow();
  for (const auto& c : v.counts) {
    IdScope id(c.form_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(Wid(c.title, "count_form").c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {  // i18n-ok: an id
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

bool Matches(const app::DraftItem& d, const std::string& needle) {
  if (needle.empty()) return true;
  for (const std::string* f : {&d.form_title, &d.role, &d.org_type, &d.area, &d.interviewer})
    if (app::Lower(*f).find(needle) != std::string::npos) return true;
  return false;
}

std::vector<const app::DraftItem*> Sorted(const app::HomeView& v, const HomeUi& ui) {
  std::vector<const app::DraftItem*> out;
  const std::string needle = app::Lower(ui.filter);
  for (const auto& d : v.drafts)
    if (Matches(d, needle)) out.push_back(&d);
  auto key = [&](const app::DraftItem* d) -> std::string {
    switch (ui.sort) {
      case 1: return d->created_hlc;
      case 3: return app::Lower(d->area);
      case 4: return app::Lower(d->interviewer);
      default: return d->updated_hlc.empty() ? d->created_hlc : d->updated_hlc;
    }
  };
  std::stable_sort(out.begin(), out.end(), [&](const app::DraftItem* a, const app::DraftItem* b) {
    if (ui.sort == 2) return a->percent < b->percent;            // least complete first
    if (ui.sort == 5) return a->required_missing > b->required_missing;
    if (ui.sort == 3 || ui.sort == 4) return key(a) < key(b);
    return key(a) > key(b);                                      // most recent first
  });
  return out;
}

void DraftRow(const app::DraftItem& d, app::Commands& out) {
  IdScope id(d.uuid);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  if (ImGui::SmallButton(Wid(app::T("home.resume"), "resume").c_str())) out.Push(app::cmd::ResumeInterview{d.uuid});
  Probe("resume/" + d.uuid);
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", d.form_title.c_str());
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s%s%s", d.role.c_str(), d.org_type.empty() ? "" : " - ", d.org_type.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(d.area.empty() ? app::T("home.no_area_yet").c_str() : d.area.c_str());
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", d.interviewer.c_str());
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", d.created.c_str());
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", d.updated.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%d%%", d.percent);
  ImGui::TableNextColumn();
  if (d.required_missing > 0) { ColorScope c(ImGuiCol_Text, kErrorColor); ImGui::Text("%d", d.required_missing); }
  else MutedText(app::T("home.none"));
}

void Drafts(const app::HomeView& v, HomeUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("home.drafts").c_str());
  if (v.drafts.empty()) { MutedText(app::T("home.no_drafts")); return; }
  const std::string& hint = app::T("home.filter_hint");  // as wide as its hint (longer in Spanish)
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 16.f, ImGui::CalcTextSize(hint.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.f));
  ImGui::InputTextWithHint("###draft_filter", hint.c_str(), &ui.filter);
  Probe("draft_filter");
  ImGui::SameLine();
  static const char* const kSorts[] = {"home.sort_edited", "home.sort_started", "home.sort_done", "home.sort_area",
                                       "home.sort_interviewer", "home.sort_missing"};
  LabelBefore(app::T("home.sort_by"));  // labels before their controls, reading left to right
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.f);
  {
    ComboScope c("###draft_sort", app::T(kSorts[std::clamp(ui.sort, 0, 5)]).c_str(), 0);
    Probe("draft_sort");
    if (c.open())
      for (int i = 0; i < 6; ++i) {
        if (ImGui::Selectable(Wid(app::T(kSorts[i]), "sort_" + std::to_string(i)).c_str(), ui.sort == i)) ui.sort = i;
        Probe("draft_sort/" + std::to_string(i));
      }
  }
  const auto rows = Sorted(v, ui);
  if (rows.empty()) { MutedText(app::T("home.no_match")); return; }
  TableScope t("##drafts", 9, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp);
  if (!t.open()) return;
  const std::pair<const char*, float> cols[] = {{"", 0.f},                   {"home.col_form", 3.f},     {"home.col_respondent", 3.f},
                                                {"home.col_area", 2.f},       {"home.col_interviewer", 2.f}, {"home.col_started", 2.6f},
                                                {"home.col_edited", 2.6f},    {"home.col_done", 1.f},     {"home.col_missing", 1.6f}};
  for (const auto& [h, w] : cols)
    ImGui::TableSetupColumn(*h ? app::T(h).c_str() : "", w > 0 ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed, w);
  ImGui::TableHeadersRow();
  for (const auto* d : rows) DraftRow(*d, out);
}

}  // namespace

void DrawHome(const app::HomeView& v, HomeUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("home.title").c_str());
  ImGui::Separator();
  if (ImGui::Button(Wid(app::T("home.new"), "home_new").c_str())) out.Push(app::cmd::Navigate{app::Screen::kNewInterview});
  Probe("home_new");
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("home.all"), "home_all").c_str())) out.Push(app::cmd::Navigate{app::Screen::kInterviews});
  Probe("home_all");
  ImGui::Spacing();
  Counts(v, out);
  ImGui::Spacing();
  Drafts(v, ui, out);
  ImGui::Spacing();
  ImGui::Separator();
  Identity(v, ui);
  DetailsToggle("home_details", &ui.details);
}

}  // namespace canvass::gui
