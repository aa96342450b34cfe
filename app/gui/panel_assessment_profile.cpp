// Assessment screen, Profile tab: the scoring profile's factors (kind, label, rationale,
// weight, measures, codes) edited as a copy and saved to the workspace, reset to the default,
// or saved to (as the editor shows it) / loaded from a JSON file. Indicators and codes are picked from what the
// workspace holds (AssessmentView::measurable, theme_codes); ids it lacks are marked "not loaded". Split from panel_assessment.cpp; pushes cmd::Assessment.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <set>

#include "assessment_map.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace cmd = app::cmd;
using app::AssessmentView;

namespace {

void Push(app::Commands& out, cmd::Assessment c) { out.Push(std::move(c)); }


// [SECTION] profile

// The file chooser's id for "Save as file": the editor's copy is written.
constexpr const char* kWriteEdited = "profile_write_edited";

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string s;
  for (const auto& c : codes) s += (s.empty() ? "" : ", ") + c;
  return s;
}

std::vector<std::string> SplitCodes(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string c = s.substr(i, j - i);
    c.erase(0, c.find_first_not_of(" \t"));
    c.erase(c.find_last_not_of(" \t") + 1);
    if (!c.empty()) out.push_back(c);
    i = j + 1;
  }
  return out;
}

class PopupScope {
 public:
  explicit PopupScope(const char* id) : open_(ImGui::BeginPopup(id)) {}
  ~PopupScope() { if (open_) ImGui::EndPopup(); }
  bool open() const { return open_; }
  PopupScope(const PopupScope&) = delete;
  PopupScope& operator=(const PopupScope&) = delete;

 private:
  bool open_;
};

bool Contains(const std::string& text, const std::string& part) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return part.empty() || lower(text).find(lower(part)) != std::string::npos;
}

// [SECTION] pickers

// "Pick indicator..." and its popup: the workspace's indicators (and the ones every run derives),
// filtered by a part of the id, unit or source. Returns the id picked this frame, else "".
std::string IndicatorPicker(const AssessmentView& v, const assessment::Factor& f, std::string* filter) {
  if (ImGui::SmallButton("Pick indicator...###pick_indicator")) {
    filter->clear();
    ImGui::OpenPopup("###indicator_picker");
  }
  Probe("pick_indicator");
  PopupScope pop("###indicator_picker");
  if (!pop.open()) return "";
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  {
    WidthScope w(ImGui::GetFontSize() * 20);
    ImGui::InputTextWithHint("###pick_filter", "filter: part of an id, unit or source", filter);
  }
  Probe("pick_filter");
  if (v.measurable.empty()) MutedText("The workspace holds no indicators: import some (canvass-cli indicators import).");
  std::string picked;
  TableScope t("##indicators", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_SizingFixedFit, ImVec2(ImGui::GetFontSize() * 44, ImGui::GetFontSize() * 18));
  if (!t.open()) return "";
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : {"Indicator", "Unit", "Source", "Periods", "Areas"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& m : v.measurable) {
    if (!Contains(m.id, *filter) && !Contains(m.unit, *filter) && !Contains(m.source_kind, *filter)) continue;
    bool in_factor = false;
    for (const auto& x : f.measures) in_factor = in_factor || x.indicator == m.id;
    IdScope id(m.id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    {
      DisabledScope d(in_factor);
      if (ImGui::Selectable(Wid(m.id, "pick").c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) picked = m.id;
    }
    Probe("pick/" + m.id);
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.unit.c_str());
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.source_kind.c_str());
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.derived ? "each run" : m.periods.c_str());
    ImGui::TableNextColumn();
    if (m.derived) ImGui::TextUnformatted("all");
    else ImGui::Text("%lld", static_cast<long long>(m.areas));
  }
  if (!picked.empty()) ImGui::CloseCurrentPopup();
  return picked;
}

// "Pick code..." and its popup: the codebook's codes by path. Returns the code picked, else "".
std::string CodePicker(const AssessmentView& v, const std::vector<std::string>& have, std::string* filter) {
  if (ImGui::SmallButton("Pick code...###pick_code")) {
    filter->clear();
    ImGui::OpenPopup("###code_picker");
  }
  Probe("pick_code");
  PopupScope pop("###code_picker");
  if (!pop.open()) return "";
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  {
    WidthScope w(ImGui::GetFontSize() * 20);
    ImGui::InputTextWithHint("###pick_code_filter", "filter: part of a code", filter);
  }
  Probe("pick_code_filter");
  if (v.theme_codes.empty()) MutedText("The codebook is empty (Codebook screen).");
  std::string picked;
  ChildScope list("##codes", ImVec2(ImGui::GetFontSize() * 24, ImGui::GetFontSize() * 14));
  for (const auto& c : v.theme_codes) {
    if (!Contains(c, *filter)) continue;
    IdScope id(c);
    DisabledScope d(std::find(have.begin(), have.end(), c) != have.end());
    if (ImGui::Selectable(Wid(c, "pick").c_str())) picked = c;
    Probe("pick_code/" + c);
  }
  if (!picked.empty()) ImGui::CloseCurrentPopup();
  return picked;
}

// After an indicator id: its unit and coverage, or "not loaded" when the workspace lacks it.
void MeasureStatus(const AssessmentView& v, const std::string& id) {
  if (id.empty() || !v.indicators_listed) return;
  int i = app::FindMeasurable(v.measurable, id);
  ImGui::SameLine();
  if (i < 0) {
    ColorScope c(ImGuiCol_Text, kErrorColor);
    ImGui::TextUnformatted("not loaded");
    Probe("not_loaded/" + id);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The workspace holds no values of %s, so it adds no data to this factor.\n"
                        "Import it (canvass-cli indicators import) or pick another indicator.", id.c_str());
    return;
  }
  const app::MeasurableItem& m = v.measurable[static_cast<size_t>(i)];
  ColorScope c(ImGuiCol_Text, kMutedColor);
  if (m.derived) ImGui::Text("%s, from %s", m.unit.c_str(), m.source_kind.c_str());
  else ImGui::Text("%s, %lld areas, %s", m.unit.c_str(), static_cast<long long>(m.areas), m.periods.c_str());
}

void SyncProfile(const AssessmentView& v, AssessmentUi& ui) {
  if (ui.profile_version == v.profile_version) return;
  ui.profile = v.profile;
  ui.profile_version = v.profile_version;
  ui.profile_dirty = false;
  ui.codes_text.clear();
  for (const auto& f : ui.profile.factors) ui.codes_text.push_back(JoinCodes(f.codes));
}

// One factor's fields. IDs are by position: the factor's own id is editable here.
bool FactorEditor(const AssessmentView& v, assessment::Factor& f, std::string& codes, std::string* filter, bool* remove) {
  bool changed = false;
  changed |= ImGui::InputText("Label###label", &f.label);
  changed |= ImGui::InputText("Id###id", &f.id);
  static const char* kKinds[] = {"risk", "concern", "taskforce"};
  {
    ComboScope combo("Kind###kind", f.kind.c_str(), 0);
    if (combo.open())
      for (const char* k : kKinds)
        if (ImGui::Selectable(k, f.kind == k)) { f.kind = k; changed = true; }
  }
  const double lo = 0, hi = 1;
  ImGui::TextUnformatted("Weight");
  ImGui::SameLine();
  changed |= ImGui::SliderScalar("###weight", ImGuiDataType_Double, &f.weight, &lo, &hi, "%.2f");
  Probe("weight");
  changed |= ImGui::InputTextMultiline("Rationale###rationale", &f.rationale, ImVec2(-1, ImGui::GetFontSize() * 3));
  ImGui::TextUnformatted("Indicators (factor score = mean of their percentiles):");
  for (size_t j = 0; j < f.measures.size(); ++j) {
    IdScope mid(static_cast<int>(j));
    {
      WidthScope w(ImGui::GetFontSize() * 16);
      changed |= ImGui::InputText("###indicator", &f.measures[j].indicator);
    }
    ImGui::SameLine();
    {
      WidthScope w(ImGui::GetFontSize() * 7);
      ComboScope combo("###per", f.measures[j].per.empty() ? "as published" : ("per 1,000 " + f.measures[j].per).c_str(), 0);
      if (combo.open())
        for (const char* p : {"", "residents", "workers"})
          if (ImGui::Selectable(*p ? p : "as published", f.measures[j].per == p)) { f.measures[j].per = p; changed = true; }
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove###rm")) { f.measures.erase(f.measures.begin() + static_cast<long>(j)); changed = true; break; }
    MeasureStatus(v, f.measures[j].indicator);
  }
  std::string picked = IndicatorPicker(v, f, filter);
  if (!picked.empty()) { f.measures.push_back({picked, ""}); changed = true; }
  ImGui::SameLine();
  if (ImGui::SmallButton("Type an id###add_measure")) { f.measures.push_back({}); changed = true; }
  changed |= ImGui::InputText("Interview codes / themes (comma-separated)###codes", &codes);
  Probe("codes");
  std::string code = CodePicker(v, SplitCodes(codes), filter);
  if (!code.empty()) {
    codes += (codes.find_first_not_of(" ,") == std::string::npos ? "" : ", ") + code;
    changed = true;
  }
  if (ImGui::SmallButton("Remove this factor###remove_factor")) *remove = true;
  return changed;
}

// What the workspace can measure, and the profile's indicators it lacks (they score no data).
void MeasurableSummary(const AssessmentView& v, const assessment::ScoringProfile& p, app::Commands& out) {
  if (!v.measurable_error.empty()) ErrorText(v.measurable_error);
  size_t stored = 0;
  for (const auto& m : v.measurable) stored += !m.derived;
  std::set<std::string> lacking;
  for (const auto& f : p.factors)
    for (const auto& m : f.measures)
      if (v.indicators_listed && !m.indicator.empty() && app::FindMeasurable(v.measurable, m.indicator) < 0)
        lacking.insert(m.indicator);
  std::string missing;
  for (const auto& id : lacking) missing += (missing.empty() ? "" : "\n") + id;
  if (ImGui::SmallButton("Reload lists###measurable_reload")) Push(out, {cmd::AssessListMeasurable{}});
  ImGui::SameLine();
  MutedText("The workspace holds " + std::to_string(stored) + " indicators and " + std::to_string(v.theme_codes.size()) +
            " codes (Pick indicator... / Pick code... in a factor lists them).");
  if (lacking.empty()) return;
  ErrorText(std::to_string(lacking.size()) + " of the profile's indicators are not loaded, so they add no data (hover for the list).");
  Probe("not_loaded_summary");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", missing.c_str());
}

// The editor's copy with each factor's typed codes.
assessment::ScoringProfile Edited(const AssessmentUi& ui) {
  assessment::ScoringProfile p = ui.profile;
  for (size_t i = 0; i < p.factors.size() && i < ui.codes_text.size(); ++i) p.factors[i].codes = SplitCodes(ui.codes_text[i]);
  return p;
}

}  // namespace

void DrawAssessmentProfile(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  SyncProfile(v, ui);
  // "Save as file" chosen on the previous frame (DrawAssessment's chooser does not handle this
  // id): write the editor's copy, not the workspace's saved profile.
  if (!ui.chooser.active() && ui.chooser.id() == kWriteEdited && !ui.chooser.chosen().empty()) {
    ui.profile_path = ui.chooser.TakeChosen();
    Push(out, {cmd::AssessProfileFile{ui.profile_path, true, Edited(ui)}});
  }
  auto& p = ui.profile;
  MutedText(v.profile_custom ? "This workspace's own profile (kept in the workspace; every run stores the profile it used)."
                             : "The built-in default profile (docs/assessment.md explains the weights).");
  ui.profile_dirty |= ImGui::InputText("Profile name###prof_name", &p.name);
  ui.profile_dirty |= ImGui::InputTextMultiline("Description###prof_desc", &p.description, ImVec2(-1, ImGui::GetFontSize() * 2));
  MeasurableSummary(v, p, out);
  double total = 0;
  for (const auto& f : p.factors) total += f.weight;
  ImGui::Text("%zu factors; weights add up to %.2f (scores are weighted by weight / total).", p.factors.size(), total);
  int remove = -1;
  ui.codes_text.resize(p.factors.size());
  for (size_t i = 0; i < p.factors.size(); ++i) {
    IdScope id(static_cast<int>(i));
    auto& f = p.factors[i];
    char w[96];
    std::snprintf(w, sizeof w, "%.2f", f.weight);
    int lacking = 0;
    for (const auto& m : f.measures)
      lacking += v.indicators_listed && !m.indicator.empty() && app::FindMeasurable(v.measurable, m.indicator) < 0;
    if (lacking) std::snprintf(w + std::strlen(w), sizeof w - std::strlen(w), "; %d of %zu indicators not loaded", lacking, f.measures.size());
    bool open = ImGui::CollapsingHeader(Wid(f.label + "  (weight " + w + ")", "factor").c_str());
    Probe("factor/" + std::to_string(i));
    if (!open) continue;
    IndentScope indent;
    bool rm = false;
    if (FactorEditor(v, f, ui.codes_text[i], &ui.pick_filter, &rm)) ui.profile_dirty = true;
    if (rm) remove = static_cast<int>(i);
  }
  if (remove >= 0) {
    p.factors.erase(p.factors.begin() + remove);
    ui.codes_text.erase(ui.codes_text.begin() + remove);
    ui.profile_dirty = true;
  }
  if (ImGui::Button("Add factor###add_factor")) {
    assessment::Factor f;
    f.id = "factor_" + std::to_string(p.factors.size() + 1);
    f.label = "New factor";
    p.factors.push_back(f);
    ui.codes_text.emplace_back();
    ui.profile_dirty = true;
  }
  ImGui::Separator();
  {
    DisabledScope d(!ui.profile_dirty);
    if (ImGui::Button("Save profile###prof_save")) Push(out, {cmd::AssessSetProfile{Edited(ui)}});
    Probe("prof_save");
    ImGui::SameLine();
    if (ImGui::Button("Revert###prof_revert")) ui.profile_version = 0;
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset to default###prof_reset")) Push(out, {cmd::AssessResetProfile{}});
  if (ui.profile_dirty) MutedText("Unsaved changes: save, then Run to score with them.");
  std::string start = ui.profile_path.empty() ? HomeDir() + "/profile.json" : ui.profile_path;
  if (ImGui::Button("Save as file (as shown here)...###prof_write"))
    ui.chooser.Open(FileChooser::Mode::kSave, kWriteEdited, "Save the profile as shown in the editor as a file", start, {".json"});
  Probe("prof_write");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Writes the profile as the editor shows it, unsaved edits included; the workspace's saved profile "
                      "does not change.");
  ImGui::SameLine();
  if (ImGui::Button("Load file...###prof_read"))
    ui.chooser.Open(FileChooser::Mode::kOpen, "profile_load", "Load a profile file (kept in the workspace)", start, {".json"});
  Probe("prof_read");
}

}  // namespace canvass::gui
