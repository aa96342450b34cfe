// Assessment screen, Profile tab: the scoring profile's factors (kind, label, rationale,
// weight, measures, codes) edited as a copy and saved to the workspace, reset to the default,
// or saved to (as the editor shows it) / loaded from a JSON file. Indicators and codes are picked from what the
// workspace holds (AssessmentView::measurable, theme_codes); ids it lacks are marked "not loaded". Split from panel_assessment.cpp; pushes cmd::Assessment.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "app/i18n.h"
#include "assessment_map.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace cmd = app::cmd;
using app::AssessmentView;

namespace {

void Push(app::Commands& out, cmd::Assessment c) { out.Push(std::move(c)); }

std::string Num(int64_t n) { return app::i18n::Current().Number(n); }
std::string Weight(double w) { return app::i18n::Current().Decimal(w, 2); }

// A factor's kind and a measure's "per" are profile keys ("risk", "workers"): shown in plain
// words of the app's language; a key the app does not know is shown as it is.
std::string KeyText(const std::string& prefix, const std::string& key) {
  const std::string k = prefix + key;
  return app::i18n::Current().Has(k) ? app::T(k) : key;
}

// A measure's denominator: "as published" or "per 1,000 residents".
std::string PerLabel(const std::string& per) {
  return per.empty() ? app::T("assessment.profile.as_published") : app::F("assessment.per_thousand", KeyText("assessment.per_", per));
}

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
  if (ImGui::SmallButton(Wid(app::T("assessment.profile.pick_indicator"), "pick_indicator").c_str())) {
    filter->clear();
    ImGui::OpenPopup("###indicator_picker");
  }
  Probe("pick_indicator");
  PopupScope pop("###indicator_picker");
  if (!pop.open()) return "";
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  {
    WidthScope w(ImGui::GetFontSize() * 20);
    ImGui::InputTextWithHint("###pick_filter", app::T("assessment.profile.pick_filter_hint").c_str(), filter);
  }
  Probe("pick_filter");
  if (v.measurable.empty()) MutedText(app::T("assessment.profile.no_indicators"));
  std::string picked;
  TableScope t("##indicators", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_SizingFixedFit, ImVec2(ImGui::GetFontSize() * 44, ImGui::GetFontSize() * 18));
  if (!t.open()) return "";
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : {"assessment.profile.col_indicator", "assessment.profile.col_unit", "assessment.profile.col_source",
                        "assessment.profile.col_periods", "assessment.profile.col_areas"})
    ImGui::TableSetupColumn(app::T(h).c_str());
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
      if (ImGui::Selectable(Wid(m.id, "pick").c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) picked = m.id;  // i18n-ok: an id
    }
    Probe("pick/" + m.id);
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.unit.c_str());
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.source_kind.c_str());
    ImGui::TableNextColumn(); ImGui::TextUnformatted(m.derived ? app::T("assessment.profile.each_run").c_str() : m.periods.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(m.derived ? app::T("assessment.profile.all_areas").c_str() : Num(m.areas).c_str());
  }
  if (!picked.empty()) ImGui::CloseCurrentPopup();
  return picked;
}

// "Pick code..." and its popup: the codebook's codes by path. Returns the code picked, else "".
std::string CodePicker(const AssessmentView& v, const std::vector<std::string>& have, std::string* filter) {
  if (ImGui::SmallButton(Wid(app::T("assessment.profile.pick_code"), "pick_code").c_str())) {
    filter->clear();
    ImGui::OpenPopup("###code_picker");
  }
  Probe("pick_code");
  PopupScope pop("###code_picker");
  if (!pop.open()) return "";
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  {
    WidthScope w(ImGui::GetFontSize() * 20);
    ImGui::InputTextWithHint("###pick_code_filter", app::T("assessment.profile.pick_code_hint").c_str(), filter);
  }
  Probe("pick_code_filter");
  if (v.theme_codes.empty()) MutedText(app::T("assessment.profile.no_codes"));
  std::string picked;
  ChildScope list("##codes", ImVec2(ImGui::GetFontSize() * 24, ImGui::GetFontSize() * 14));
  for (const auto& c : v.theme_codes) {
    if (!Contains(c, *filter)) continue;
    IdScope id(c);
    DisabledScope d(std::find(have.begin(), have.end(), c) != have.end());
    if (ImGui::Selectable(Wid(c, "pick").c_str())) picked = c;  // i18n-ok: an id
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
    ImGui::TextUnformatted(app::T("assessment.profile.not_loaded").c_str());
    Probe("not_loaded/" + id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app::F("assessment.profile.not_loaded_tip", id).c_str());
    return;
  }
  const app::MeasurableItem& m = v.measurable[static_cast<size_t>(i)];
  ColorScope c(ImGuiCol_Text, kMutedColor);
  if (m.derived) ImGui::TextUnformatted(app::F("assessment.profile.derived_status", m.unit, m.source_kind).c_str());
  else ImGui::TextUnformatted(app::P("assessment.profile.stored_status", m.areas, m.unit, m.periods).c_str());
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
  changed |= ImGui::InputText(Wid(app::T("assessment.profile.label"), "label").c_str(), &f.label);
  changed |= ImGui::InputText(Wid(app::T("assessment.profile.id"), "id").c_str(), &f.id);
  static const char* kKinds[] = {"risk", "concern", "taskforce"};
  {
    ComboScope combo(Wid(app::T("assessment.profile.kind"), "kind").c_str(), KeyText("assessment.profile.kind_", f.kind).c_str(), 0);
    if (combo.open())
      for (const char* k : kKinds)
        if (ImGui::Selectable(Wid(KeyText("assessment.profile.kind_", k), k).c_str(), f.kind == k)) { f.kind = k; changed = true; }
  }
  const double lo = 0, hi = 1;
  ImGui::TextUnformatted(app::T("assessment.profile.weight").c_str());
  ImGui::SameLine();
  changed |= ImGui::SliderScalar("###weight", ImGuiDataType_Double, &f.weight, &lo, &hi, "%.2f");
  Probe("weight");
  changed |= ImGui::InputTextMultiline(Wid(app::T("assessment.profile.rationale"), "rationale").c_str(), &f.rationale,
                                       ImVec2(-1, ImGui::GetFontSize() * 3));
  ImGui::TextUnformatted(app::T("assessment.profile.indicators").c_str());
  for (size_t j = 0; j < f.measures.size(); ++j) {
    IdScope mid(static_cast<int>(j));
    {
      WidthScope w(ImGui::GetFontSize() * 16);
      changed |= ImGui::InputText("###indicator", &f.measures[j].indicator);
    }
    ImGui::SameLine();
    {
      WidthScope w(ImGui::GetFontSize() * 7);
      ComboScope combo("###per", PerLabel(f.measures[j].per).c_str(), 0);
      if (combo.open())
        for (const char* p : {"", "residents", "workers"}) {
          if (ImGui::Selectable(Wid(PerLabel(p), *p ? p : "as_published").c_str(), f.measures[j].per == p)) {
            f.measures[j].per = p;
            changed = true;
          }
        }
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(Wid(app::T("assessment.profile.remove"), "rm").c_str())) { f.measures.erase(f.measures.begin() + static_cast<long>(j)); changed = true; break; }
    MeasureStatus(v, f.measures[j].indicator);
  }
  std::string picked = IndicatorPicker(v, f, filter);
  if (!picked.empty()) { f.measures.push_back({picked, ""}); changed = true; }
  ImGui::SameLine();
  if (ImGui::SmallButton(Wid(app::T("assessment.profile.type_id"), "add_measure").c_str())) { f.measures.push_back({}); changed = true; }
  changed |= ImGui::InputText(Wid(app::T("assessment.profile.codes"), "codes").c_str(), &codes);
  Probe("codes");
  std::string code = CodePicker(v, SplitCodes(codes), filter);
  if (!code.empty()) {
    codes += (codes.find_first_not_of(" ,") == std::string::npos ? "" : ", ") + code;
    changed = true;
  }
  if (ImGui::SmallButton(Wid(app::T("assessment.profile.remove_factor"), "remove_factor").c_str())) *remove = true;
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
  if (ImGui::SmallButton(Wid(app::T("assessment.profile.reload"), "measurable_reload").c_str())) Push(out, {cmd::AssessListMeasurable{}});
  ImGui::SameLine();
  MutedText(app::F("assessment.profile.holds", stored, v.theme_codes.size()));
  if (lacking.empty()) return;
  ErrorText(app::P("assessment.profile.lacking", static_cast<int64_t>(lacking.size())));
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
  MutedText(app::T(v.profile_custom ? "assessment.profile.custom" : "assessment.profile.builtin"));
  ui.profile_dirty |= ImGui::InputText(Wid(app::T("assessment.profile.name"), "prof_name").c_str(), &p.name);
  ui.profile_dirty |= ImGui::InputTextMultiline(Wid(app::T("assessment.profile.description"), "prof_desc").c_str(), &p.description,
                                                ImVec2(-1, ImGui::GetFontSize() * 2));
  MeasurableSummary(v, p, out);
  double total = 0;
  for (const auto& f : p.factors) total += f.weight;
  ImGui::TextWrapped("%s", app::P("assessment.profile.factors", static_cast<int64_t>(p.factors.size()), Weight(total)).c_str());
  int remove = -1;
  ui.codes_text.resize(p.factors.size());
  for (size_t i = 0; i < p.factors.size(); ++i) {
    IdScope id(static_cast<int>(i));
    auto& f = p.factors[i];
    int lacking = 0;
    for (const auto& m : f.measures)
      lacking += v.indicators_listed && !m.indicator.empty() && app::FindMeasurable(v.measurable, m.indicator) < 0;
    const std::string head = lacking ? app::F("assessment.profile.factor_head_lacking", f.label, Weight(f.weight), lacking, f.measures.size())
                                     : app::F("assessment.profile.factor_head", f.label, Weight(f.weight));
    bool open = ImGui::CollapsingHeader(Wid(head, "factor").c_str());
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
  if (ImGui::Button(Wid(app::T("assessment.profile.add_factor"), "add_factor").c_str())) {
    assessment::Factor f;
    f.id = "factor_" + std::to_string(p.factors.size() + 1);
    f.label = app::T("assessment.profile.new_factor");
    p.factors.push_back(f);
    ui.codes_text.emplace_back();
    ui.profile_dirty = true;
  }
  ImGui::Separator();
  {
    DisabledScope d(!ui.profile_dirty);
    if (ImGui::Button(Wid(app::T("assessment.profile.save"), "prof_save").c_str())) Push(out, {cmd::AssessSetProfile{Edited(ui)}});
    Probe("prof_save");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("assessment.profile.revert"), "prof_revert").c_str())) ui.profile_version = 0;
  }
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("assessment.profile.reset"), "prof_reset").c_str())) Push(out, {cmd::AssessResetProfile{}});
  if (ui.profile_dirty) MutedText(app::T("assessment.profile.unsaved"));
  std::string start = ui.profile_path.empty() ? HomeDir() + "/profile.json" : ui.profile_path;
  if (ImGui::Button(Wid(app::T("assessment.profile.write"), "prof_write").c_str()))
    ui.chooser.Open(FileChooser::Mode::kSave, kWriteEdited, app::T("assessment.profile.write_title"), start, {".json"});
  Probe("prof_write");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app::T("assessment.profile.write_tip").c_str());
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("assessment.profile.read"), "prof_read").c_str()))
    ui.chooser.Open(FileChooser::Mode::kOpen, "profile_load", app::T("assessment.profile.read_title"), start, {".json"});
  Probe("prof_read");
}

}  // namespace canvass::gui
