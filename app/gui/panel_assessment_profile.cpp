// Assessment screen, Profile tab: the scoring profile's factors (kind, label, rationale,
// weight, measures, codes) edited as a copy and saved to the workspace, reset to the default,
// or saved to / loaded from a JSON file. Split from panel_assessment.cpp; pushes cmd::Assessment.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "assessment_map.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace cmd = app::cmd;
using app::AssessmentView;

namespace {

void Push(app::Commands& out, cmd::Assessment c) { out.Push(std::move(c)); }


// [SECTION] profile

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

void SyncProfile(const AssessmentView& v, AssessmentUi& ui) {
  if (ui.profile_version == v.profile_version) return;
  ui.profile = v.profile;
  ui.profile_version = v.profile_version;
  ui.profile_dirty = false;
  ui.codes_text.clear();
  for (const auto& f : ui.profile.factors) ui.codes_text.push_back(JoinCodes(f.codes));
}

// One factor's fields. IDs are by position: the factor's own id is editable here.
bool FactorEditor(assessment::Factor& f, std::string& codes, bool* remove) {
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
  }
  if (ImGui::SmallButton("Add indicator###add_measure")) { f.measures.push_back({}); changed = true; }
  changed |= ImGui::InputText("Interview codes / themes (comma-separated)###codes", &codes);
  if (ImGui::SmallButton("Remove this factor###remove_factor")) *remove = true;
  return changed;
}

}  // namespace

void DrawAssessmentProfile(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  SyncProfile(v, ui);
  auto& p = ui.profile;
  MutedText(v.profile_custom ? "This workspace's own profile (kept in the workspace; every run stores the profile it used)."
                             : "The built-in default profile (docs/assessment.md explains the weights).");
  ui.profile_dirty |= ImGui::InputText("Profile name###prof_name", &p.name);
  ui.profile_dirty |= ImGui::InputTextMultiline("Description###prof_desc", &p.description, ImVec2(-1, ImGui::GetFontSize() * 2));
  double total = 0;
  for (const auto& f : p.factors) total += f.weight;
  ImGui::Text("%zu factors; weights add up to %.2f (scores are weighted by weight / total).", p.factors.size(), total);
  int remove = -1;
  ui.codes_text.resize(p.factors.size());
  for (size_t i = 0; i < p.factors.size(); ++i) {
    IdScope id(static_cast<int>(i));
    auto& f = p.factors[i];
    char w[32];
    std::snprintf(w, sizeof w, "%.2f", f.weight);
    bool open = ImGui::CollapsingHeader(Wid(f.label + "  (weight " + w + ")", "factor").c_str());
    Probe("factor/" + std::to_string(i));
    if (!open) continue;
    IndentScope indent;
    bool rm = false;
    if (FactorEditor(f, ui.codes_text[i], &rm)) ui.profile_dirty = true;
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
    if (ImGui::Button("Save profile###prof_save")) {
      assessment::ScoringProfile saved = p;
      for (size_t i = 0; i < saved.factors.size(); ++i) saved.factors[i].codes = SplitCodes(ui.codes_text[i]);
      Push(out, {cmd::AssessSetProfile{saved}});
    }
    Probe("prof_save");
    ImGui::SameLine();
    if (ImGui::Button("Revert###prof_revert")) ui.profile_version = 0;
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset to default###prof_reset")) Push(out, {cmd::AssessResetProfile{}});
  if (ui.profile_dirty) MutedText("Unsaved changes: save, then Run to score with them.");
  ImGui::InputTextWithHint("###prof_path", "profile file path (.json)", &ui.profile_path);
  ImGui::SameLine();
  if (ImGui::Button("Save as file###prof_write")) Push(out, {cmd::AssessProfileFile{ui.profile_path, true}});
  ImGui::SameLine();
  if (ImGui::Button("Load file###prof_read")) Push(out, {cmd::AssessProfileFile{ui.profile_path, false}});
}

}  // namespace canvass::gui
