// Assessment screen: run the assessment, the ranked table (sortable; a click selects the
// area), the choropleth map (panel_assessment_map.cpp), the selected area's detail, the
// scoring-profile editor (panel_assessment_profile.cpp), past runs with a comparison, and
// export and boundaries through the file chooser. Draws from AssessmentView (const) and
// AssessmentUi; pushes cmd::Assessment.
//
// [SECTION] helpers   [SECTION] table   [SECTION] detail   [SECTION] runs, export   [SECTION] screen
// (the Map tab: panel_assessment_map.cpp; the Profile tab: panel_assessment_profile.cpp)
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/i18n.h"
#include "assessment_map.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace cmd = app::cmd;
using app::AssessmentView;

namespace {

// [SECTION] helpers

void Push(app::Commands& out, cmd::Assessment c) { out.Push(std::move(c)); }

// A score or weight the language's way ("12.5" / "12,5"); "n/a" when there is none.
std::string Score(const std::optional<double>& v, int digits = 1) {
  return v ? app::i18n::Current().Decimal(*v, digits) : app::T("assessment.na");
}

std::string Num(int64_t n) { return app::i18n::Current().Number(n); }

// Two stretch columns (label wide, value narrow), set up explicitly so that they never start
// collapsed in a table first drawn inside a tab.
void KeyValueColumns() {
  ImGui::TableSetupColumn("##k", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("##v", ImGuiTableColumnFlags_WidthStretch, 1.0f);
}

void KeyValue(const char* k, const std::string& v) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(k);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(v.c_str());
}

// [SECTION] table

enum Col { kRank, kArea, kScore, kBand, kDrivers, kInterview, kTaskforce, kGap, kCols };

bool Less(const app::AssessRow& a, const app::AssessRow& b, int col) {
  auto rank = [](const app::AssessRow& r) { return r.rank ? r.rank : 1 << 30; };
  switch (col) {
    case kArea: return a.name < b.name;
    case kScore: return a.score.value_or(-1) < b.score.value_or(-1);
    case kBand: return (a.rank_hi - a.rank_lo) < (b.rank_hi - b.rank_lo);
    case kDrivers: return a.drivers < b.drivers;
    case kInterview: return a.interview < b.interview;
    case kTaskforce: return a.taskforce < b.taskforce;
    case kGap: return a.gap < b.gap;
    default: return rank(a) < rank(b);
  }
}

void SortOrder(const AssessmentView& v, AssessmentUi& ui) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  int col = kRank;
  bool asc = true;
  if (specs && specs->SpecsCount > 0) {
    col = static_cast<int>(specs->Specs[0].ColumnUserID);
    asc = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
  }
  std::string key = v.run_id + "/" + std::to_string(v.rows.size()) + "/" + std::to_string(col) + (asc ? "a" : "d");
  if (specs) specs->SpecsDirty = false;
  if (key == ui.order_key) return;
  ui.order_key = key;
  ui.order.resize(v.rows.size());
  for (size_t i = 0; i < ui.order.size(); ++i) ui.order[i] = static_cast<int>(i);
  std::stable_sort(ui.order.begin(), ui.order.end(), [&](int a, int b) {
    const auto &x = v.rows[static_cast<size_t>(a)], &y = v.rows[static_cast<size_t>(b)];
    return asc ? Less(x, y, col) : Less(y, x, col);
  });
}

void RankedTable(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingStretchProp;
  TableScope table("##assess_table", kCols, flags, ImVec2(0, 0));
  if (!table.open()) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  const char* keys[kCols] = {"assessment.col_rank",    "assessment.col_area",      "assessment.col_score",
                             "assessment.col_band",    "assessment.col_drivers",   "assessment.col_interviews",
                             "assessment.col_taskforce", "assessment.col_gap"};
  const float widths[kCols] = {0.7f, 2.f, 0.8f, 1.f, 3.f, 1.f, 1.f, 0.6f};
  for (int c = 0; c < kCols; ++c)
    ImGui::TableSetupColumn(app::T(keys[c]).c_str(), c == kRank ? ImGuiTableColumnFlags_DefaultSort : 0, widths[c],
                            static_cast<ImGuiID>(c));
  ImGui::TableHeadersRow();
  SortOrder(v, ui);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(ui.order.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const app::AssessRow& r = v.rows[static_cast<size_t>(ui.order[static_cast<size_t>(i)])];
      IdScope id(r.area_id);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string rank = r.rank ? Num(r.rank) : "-";
      if (ImGui::Selectable(Wid(rank, "row").c_str(), v.selected == r.area_id, ImGuiSelectableFlags_SpanAllColumns))  // i18n-ok: an id
        Push(out, {cmd::AssessSelect{r.area_id}});
      Probe("assess_row/" + r.area_id);
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.name.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(Score(r.score).c_str());
      ImGui::TableNextColumn();
      if (r.rank) ImGui::TextUnformatted((Num(r.rank_lo) + "-" + Num(r.rank_hi)).c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.drivers.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.interview.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.taskforce.c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(r.gap ? app::T("assessment.gap_mark").c_str() : "");
    }
}

// [SECTION] detail

void Detail(const AssessmentView& v) {
  const app::AreaDetail& d = v.detail;
  if (v.selected.empty()) { MutedText(app::T("assessment.select_area")); return; }
  ImGui::Text("%s (%s)", d.name.c_str(), d.area_id.c_str());
  Probe("assess_detail");
  ImGui::TextUnformatted(app::F("assessment.detail_score", Score(d.score), Score(d.coverage * 100, 0)).c_str());
  MutedText(d.uncertainty);
  for (const auto& g : d.gap) ErrorText(app::F("assessment.gap_reason", g));
  for (size_t f = 0; f < d.factors.size(); ++f) {
    const app::FactorDetail& fd = d.factors[f];
    IdScope id(fd.id);
    std::string head = app::F("assessment.factor_head", fd.label, Score(fd.weight, 2), Score(fd.score), Score(fd.contribution));
    if (!ImGui::CollapsingHeader(Wid(head, "factor").c_str())) continue;
    MutedText(fd.rationale);
    TableScope t("##inds", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp);
    if (!t.open()) continue;
    for (const char* h : {"assessment.ind_indicator", "assessment.ind_value", "assessment.ind_rate", "assessment.ind_pctl",
                          "assessment.ind_period", "assessment.ind_source"})
      ImGui::TableSetupColumn(app::T(h).c_str());
    ImGui::TableHeadersRow();
    for (const auto& l : fd.indicators) {
      ImGui::TableNextRow();
      for (const std::string* s : {&l.id, &l.value, &l.rate, &l.percentile, &l.period}) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s->c_str());
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted((l.source.empty() ? l.status : l.source + "; " + l.status).c_str());
    }
  }
  if (ImGui::CollapsingHeader(Wid(app::T("assessment.signals"), "signals").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
    TableScope t("##signals", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp);
    if (t.open())
      for (const auto& [k, val] : d.signals) KeyValue(k.c_str(), val);
  }
  if (ImGui::CollapsingHeader(Wid(app::T("assessment.themes"), "themes").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
    if (d.themes.empty()) MutedText(app::T("assessment.no_themes"));
    TableScope t("##themes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp);
    if (t.open())
      for (const auto& [k, val] : d.themes) KeyValue(k.c_str(), val);
  }
  MutedText(app::F("assessment.withheld_note", v.threshold - 1));
}

// The task force's own numbers (canvass-cli caseload), as the report shows them.
void CaseloadTab(const AssessmentView& v) {
  if (!v.has_result) { MutedText(app::T("assessment.no_result")); return; }
  if (v.caseload_totals.empty()) {
    MutedText(app::T("assessment.no_sheets"));
    return;
  }
  ChildScope body("##caseload_body", ImVec2(0, 0), false);
  Probe("caseload_body");
  {
    TableScope totals("##caseload_totals", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame);
    if (totals.open()) {
      KeyValueColumns();
      for (const auto& [k, val] : v.caseload_totals) KeyValue(k.c_str(), val);
    }
  }
  for (const auto& n : v.caseload_notes) MutedText(app::F("assessment.note", n));
  for (size_t i = 0; i < v.caseload.size(); ++i) {
    const app::CaseloadTableView& t = v.caseload[i];
    IdScope id(static_cast<int>(i));
    if (!ImGui::CollapsingHeader(Wid(app::F("assessment.caseload_head", t.title, t.total), "caseload_table").c_str())) continue;
    if (t.rows_withheld) MutedText(app::T("assessment.rows_withheld"));
    TableScope tb("##rows", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame);
    if (!tb.open()) continue;
    KeyValueColumns();
    for (const auto& [k, val] : t.rows) KeyValue(k.c_str(), val);
    KeyValue(app::T("assessment.total").c_str(), t.total);
  }
}

// Every consideration of the guidance: what answers it, and whether this run has the data.
void GuidanceTab(const AssessmentView& v) {
  if (!v.has_result) { MutedText(app::T("assessment.no_result")); return; }
  int missing = 0;
  for (const auto& g : v.guidance) missing += g.has_data ? 0 : 1;
  ImGui::TextWrapped("%s", app::F("assessment.guidance_count", v.guidance.size(), missing).c_str());
  if (!v.spillover.empty()) {
    std::string s;
    for (size_t i = 0; i < v.spillover.size() && i < 5; ++i)
      s += (i ? ", " : "") + v.spillover[i].first + " (" + Num(v.spillover[i].second) + ")";
    MutedText(app::F("assessment.spillover", s + (v.spillover.size() > 5 ? ", ..." : "")));
  }
  ChildScope body("##guidance_body", ImVec2(0, 0), false);
  Probe("guidance_body");
  TableScope t("##guidance", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchSame);
  if (!t.open()) return;
  ImGui::TableSetupColumn(app::T("assessment.col_consideration").c_str(), ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn(app::T("assessment.col_answered_by").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn(app::T("assessment.col_this_run").c_str(), ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableHeadersRow();
  std::string group;
  for (const auto& g : v.guidance) {
    if (g.group != group) {
      group = g.group;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", group.c_str());  // a heading row: the group, wrapped in its column
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", g.question.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", g.answered_by.c_str());
    ImGui::TableNextColumn();
    if (g.has_data) ImGui::TextWrapped("%s", g.status.c_str());
    else ErrorText(app::F("assessment.no_data_yet", g.how_to_add));
  }
}

}  // namespace

namespace {

// [SECTION] runs, export

void Runs(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  if (v.runs.empty()) { MutedText(app::T("assessment.no_runs")); return; }
  {
    TableScope t("##runs", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp |
                               ImGuiTableFlags_ScrollY, ImVec2(0, ImGui::GetFontSize() * 10));
    if (t.open()) {
      for (const char* h : {"assessment.col_run", "assessment.col_created", "assessment.col_profile", "assessment.col_summary"})
        ImGui::TableSetupColumn(app::T(h).c_str());
      ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);  // the Compare button, never cut
      ImGui::TableHeadersRow();
      for (const auto& r : v.runs) {
        IdScope id(r.run_id);
        ImGui::TableNextRow();
        ImGui::TableNextColumn(); ImGui::TextUnformatted((r.run_id + (r.label.empty() ? "" : " [" + r.label + "]")).c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(app::i18n::Current().DateTime(r.created_at).c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.profile_name.c_str());
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.summary.c_str());
        ImGui::TableNextColumn();
        const std::string& shown = v.has_result ? v.run_id : v.runs.front().run_id;
        DisabledScope d(r.run_id == shown);
        if (ImGui::SmallButton(Wid(app::T("assessment.compare"), "cmp").c_str())) Push(out, {cmd::AssessCompare{r.run_id}});
        Probe("compare/" + r.run_id);
      }
    }
  }
  if (!v.has_result) MutedText(app::T("assessment.compare_note"));
  if (v.compare_run.empty()) return;
  ImGui::TextUnformatted(app::F("assessment.moved_since", v.compare_run).c_str());
  for (size_t i = 0; i < v.compare_lines.size() && i < 8; ++i)
    if (v.compare_lines[i].find(": rank ") == std::string::npos) ImGui::TextUnformatted(v.compare_lines[i].c_str());
  TableScope t("##moves", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp |
                              ImGuiTableFlags_ScrollY);
  if (!t.open()) return;
  for (const char* h : {"assessment.col_area", "assessment.col_rank_before", "assessment.col_rank_now", "assessment.col_why"})
    ImGui::TableSetupColumn(app::T(h).c_str());
  ImGui::TableHeadersRow();
  for (const auto& m : v.moves) {
    IdScope id(m.area_id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(Wid(m.name, "move").c_str(), v.selected == m.area_id, ImGuiSelectableFlags_SpanAllColumns))  // i18n-ok: an id
      Push(out, {cmd::AssessSelect{m.area_id}});
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.before ? Num(m.before).c_str() : "-");
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.after ? Num(m.after).c_str() : "-");
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.why.c_str());
  }
  (void)ui;
}

// Where the chooser starts: the folder of the last file chosen for this purpose (else the
// home folder), with `name` prefilled.
std::string StartAt(const std::string& last, const std::string& name) {
  std::string dir = std::filesystem::path(last).parent_path().string();
  return (dir.empty() ? HomeDir() : dir) + "/" + name;
}

void ExportAndData(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  ImGui::TextWrapped("%s", app::T("assessment.export_intro").c_str());
  {
    DisabledScope d(!v.has_result);
    const std::string base = "assessment-" + (v.run_id.empty() ? std::string("run") : v.run_id);
    if (ImGui::Button(Wid(app::T("assessment.write_html"), "export_html").c_str()))
      ui.chooser.Open(FileChooser::Mode::kSave, "export_html", app::T("assessment.write_html_title"),
                      StartAt(ui.export_path, base + ".html"), {".html"});
    Probe("export_html");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("assessment.write_csv"), "export_csv").c_str()))
      ui.chooser.Open(FileChooser::Mode::kSave, "export_csv", app::T("assessment.write_csv_title"),
                      StartAt(ui.export_path, base + ".csv"), {".csv"});
    Probe("export_csv");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("assessment.write_geojson"), "export_geojson").c_str()))
      ui.chooser.Open(FileChooser::Mode::kSave, "export_geojson", app::T("assessment.write_geojson_title"),
                      StartAt(ui.export_path, base + ".geojson"), {".geojson"});
    Probe("export_geojson");
  }
  if (!ui.export_path.empty()) MutedText(app::F("assessment.last_written", ui.export_path));
  ImGui::Separator();
  ImGui::TextWrapped("%s", app::T("assessment.microdata_intro").c_str());
  ImGui::Checkbox("###microdata_ok", &ui.microdata_confirmed);
  Probe("microdata_ok");
  ImGui::SameLine();  // the long label wraps beside the box; clicking it ticks the box too
  ImGui::TextWrapped("%s", app::T("assessment.microdata_ok").c_str());
  if (ImGui::IsItemClicked()) ui.microdata_confirmed = !ui.microdata_confirmed;
  {
    DisabledScope d(!ui.microdata_confirmed);
    if (ImGui::Button(Wid(app::T("assessment.write_stata"), "export_stata").c_str()))
      ui.chooser.Open(FileChooser::Mode::kFolder, "export_stata", app::T("assessment.write_stata_title"), ui.microdata_dir, {".dta"});
    Probe("export_stata");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("assessment.write_spss"), "export_spss").c_str()))
      ui.chooser.Open(FileChooser::Mode::kFolder, "export_spss", app::T("assessment.write_spss_title"), ui.microdata_dir, {".sav"});
    Probe("export_spss");
  }
  MutedText(app::T("assessment.microdata_note"));
  ImGui::Separator();
  // The statewide database (docs/rollup.md): the latest released run's area-level figures,
  // from the central file only (a field laptop's file has no statewide role).
  if (v.central) {
    ImGui::TextWrapped("%s", app::T("assessment.rollup_intro").c_str());
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("###rollup_address", app::T("assessment.rollup_address").c_str(), &ui.rollup_address);
    Probe("rollup_address");
    ImGui::Checkbox(Wid(app::T("assessment.rollup_dry_run"), "rollup_dry_run").c_str(), &ui.rollup_dry_run);
    Probe("rollup_dry_run");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("assessment.rollup_push"), "rollup_push").c_str()))
      Push(out, {cmd::AssessRollupPush{ui.rollup_address, ui.rollup_dry_run}});
    Probe("rollup_push");
    ImGui::Separator();
  }
  ImGui::TextUnformatted(app::T("assessment.boundaries").c_str());
  MutedText(v.boundaries_name.empty() ? app::T("assessment.no_boundaries") : v.boundaries_name);
  if (ImGui::Button(Wid(app::T("assessment.load_boundaries"), "load_boundaries").c_str()))
    ui.chooser.Open(FileChooser::Mode::kOpen, "boundaries", app::T("assessment.load_boundaries_title"), StartAt(ui.boundaries_path, ""),
                    {".geojson", ".json"});
  Probe("load_boundaries");
}

// A path chosen in the file chooser: the command it was chosen for.
void Chosen(AssessmentUi& ui, app::Commands& out) {
  const std::string& id = ui.chooser.id();
  const std::string& path = ui.chooser.chosen();
  if (id == "export_html" || id == "export_csv" || id == "export_geojson") {
    ui.export_path = path;
    Push(out, {cmd::AssessExport{path, id == "export_csv", id == "export_geojson"}});
  } else if (id == "export_stata" || id == "export_spss") {
    ui.microdata_dir = path;
    Push(out, {cmd::AssessExportMicrodata{path, id == "export_spss", ui.microdata_confirmed, ""}});
  } else if (id == "boundaries") {
    ui.boundaries_path = path;
    Push(out, {cmd::AssessLoadBoundaries{path}});
  } else if (id == "profile_save" || id == "profile_load") {
    ui.profile_path = path;
    Push(out, {cmd::AssessProfileFile{path, id == "profile_save"}});
  }
}

class TabBarScope {
 public:
  explicit TabBarScope(const char* id) : open_(ImGui::BeginTabBar(id)) {}
  ~TabBarScope() { if (open_) ImGui::EndTabBar(); }
  bool open() const { return open_; }
  TabBarScope(const TabBarScope&) = delete;
  TabBarScope& operator=(const TabBarScope&) = delete;

 private:
  bool open_;
};

// Draws `body` when the tab is selected; records the tab for tests. `ui.open_tab` (one-shot)
// selects a tab from outside (the demo's --screen assessment-map).
template <typename Fn>
void Tab(const std::string& label, const char* id, AssessmentUi& ui, Fn&& body) {
  const ImGuiTabItemFlags flags = ui.open_tab == id ? ImGuiTabItemFlags_SetSelected : 0;
  if (flags) ui.open_tab.clear();
  bool open = ImGui::BeginTabItem(Wid(label, id).c_str(), nullptr, flags);
  Probe(id);
  if (!open) return;
  body();
  ImGui::EndTabItem();
}

}  // namespace

// [SECTION] screen

void DrawAssessment(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("assessment.title").c_str());
  ImGui::Separator();
  if (!v.error.empty()) ErrorText(v.error);
  if (!v.message.empty()) {
    ColorScope c(ImGuiCol_Text, kOkColor);
    ImGui::TextWrapped("%s", v.message.c_str());
  }
  if (ImGui::Button(Wid(app::T("assessment.run"), "assess_run").c_str())) Push(out, {cmd::AssessRun{ui.run_label}});
  Probe("assess_run");
  ImGui::SameLine();
  {
    WidthScope w(ImGui::GetFontSize() * 14);
    ImGui::InputTextWithHint("###assess_label", app::T("assessment.label_hint").c_str(), &ui.run_label);
  }
  if (v.has_result) {
    ImGui::TextWrapped("%s", app::F("assessment.run_line", v.run_id, app::i18n::Current().DateTime(v.created_at), v.ranked,
                                    v.rows.size(), v.perturbations, v.threshold)
                                 .c_str());
    if (v.notes.size() <= 3) {
      for (const auto& n : v.notes) MutedText(app::F("assessment.note", n));
    } else if (ImGui::CollapsingHeader(Wid(app::F("assessment.notes", v.notes.size()), "assess_notes").c_str())) {
      ChildScope notes("##assess_notes_body", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 8), false);
      for (const auto& n : v.notes) MutedText(app::F("assessment.note", n));
    }
  } else {
    MutedText(app::T("assessment.intro"));
  }
  const float left = ImGui::GetContentRegionAvail().x * 0.6f;
  {
    ChildScope pane("##assess_left", ImVec2(left, 0), false);
    TabBarScope tabs("##assess_tabs");
    if (tabs.open()) {
      Tab(app::T("assessment.tab_ranking"), "tab_ranking", ui, [&] {
        if (v.has_result) RankedTable(v, ui, out);
        else MutedText(app::T("assessment.no_result"));
      });
      Tab(app::T("assessment.tab_map"), "tab_map", ui, [&] { DrawAssessmentMap(v, ui, out); });
      Tab(app::T("assessment.tab_caseload"), "tab_caseload", ui, [&] { CaseloadTab(v); });
      Tab(app::T("assessment.tab_guidance"), "tab_guidance", ui, [&] { GuidanceTab(v); });
      Tab(app::T("assessment.tab_profile"), "tab_profile", ui, [&] { DrawAssessmentProfile(v, ui, out); });
      Tab(app::T("assessment.tab_runs"), "tab_runs", ui, [&] { Runs(v, ui, out); });
      Tab(app::T("assessment.tab_export"), "tab_export", ui, [&] { ExportAndData(v, ui, out); });
    }
  }
  ImGui::SameLine();
  {
    ChildScope pane("##assess_detail", ImVec2(0, 0), true);
    Detail(v);
  }
  if (DrawFileChooser(&ui.chooser)) Chosen(ui, out);
}

}  // namespace canvass::gui
