// Conflicts screen (central): the open conflicts, the chosen one's values side by side (who,
// which device, when), a value to keep and a required reason; Enter in the reason resolves.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

std::string Key(const app::ConflictItem& c) { return c.kind + "|" + c.subject + "|" + c.field; }

void List(const app::ConflictsView& v, ConflictsUi& ui) {
  ChildScope list("##conflict_list", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * std::min<float>(8.f, v.items.size() + 0.5f)), true);
  for (size_t i = 0; i < v.items.size(); ++i) {
    const auto& c = v.items[i];
    IdScope id(Key(c));
    std::string label = c.title + "  (" + c.interview_created + ", " + c.interviewer + ")###conflict";  // i18n-ok: data
    if (ImGui::Selectable(label.c_str(), ui.selected == static_cast<int>(i))) ui.selected = static_cast<int>(i);
    Probe("conflict/" + std::to_string(i));
  }
}

void Sides(const app::ConflictItem& c, int* pick, bool details) {
  const int n = static_cast<int>(c.sides.size());
  TableScope t("##sides", n + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame);
  if (!t.open()) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.f);
  for (int i = 0; i < n; ++i) ImGui::TableSetupColumn(app::F("conflicts.value_n", std::string(1, static_cast<char>('A' + i % 26))).c_str());
  ImGui::TableHeadersRow();
  auto row = [&](const char* key, auto field) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    MutedText(app::T(key));
    for (const auto& s : c.sides) { ImGui::TableNextColumn(); ImGui::TextWrapped("%s", field(s).c_str()); }
  };
  row("detail.value", [](const app::ConflictSide& s) { return s.display; });
  row("conflicts.written_by", [](const app::ConflictSide& s) { return s.author; });
  row("sync.device", [](const app::ConflictSide& s) { return s.device; });
  row("detail.when", [](const app::ConflictSide& s) { return s.when; });
  if (details) {
    row("conflicts.version_id", [](const app::ConflictSide& s) { return s.version_id; });
    Probe("conflict_versions");
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  for (int i = 0; i < n; ++i) {
    ImGui::TableNextColumn();
    ImGui::RadioButton(Wid(app::T("conflicts.keep"), "keep_" + std::to_string(i)).c_str(), pick, i);
    Probe("keep_" + std::to_string(i));
  }
}

}  // namespace

void DrawConflicts(const app::ConflictsView& v, ConflictsUi& ui, app::Commands& out) {
  bool focus = JustAppeared(&ui.shown_frame);
  ImGui::TextUnformatted(app::T("conflicts.title").c_str());
  ImGui::Separator();
  if (!v.message.empty()) { ColorScope c(ImGuiCol_Text, kOkColor); ImGui::TextWrapped("%s", v.message.c_str()); }
  if (!v.error.empty()) ErrorText(v.error);
  if (v.items.empty()) { MutedText(app::T("conflicts.none")); return; }
  ImGui::TextWrapped("%s", app::P("conflicts.intro", static_cast<int64_t>(v.items.size())).c_str());
  ui.selected = std::clamp(ui.selected, 0, static_cast<int>(v.items.size()) - 1);
  List(v, ui);
  const auto& c = v.items[static_cast<size_t>(ui.selected)];
  ImGui::Spacing();
  ImGui::TextUnformatted(c.title.c_str());
  int& pick = ui.pick.try_emplace(Key(c), -1).first->second;
  Sides(c, &pick, ui.details);
  DetailsToggle("conflict_details", &ui.details);
  WidthScope w(ImGui::GetFontSize() * 28.f);
  if (focus) ImGui::SetKeyboardFocusHere();
  bool enter = ImGui::InputTextWithHint(Wid(app::T("conflicts.reason"), "resolve_reason").c_str(), app::T("conflicts.reason_hint").c_str(),
                                        &ui.reason, ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("resolve_reason");
  FirstFocus();
  MutedText(app::T("conflicts.keys"));
  if (ImGui::Button(Wid(app::T("conflicts.resolve"), "resolve").c_str()) || enter) {
    if (pick < 0 || pick >= static_cast<int>(c.sides.size())) {
      ui.pick[Key(c)] = -1;
    } else {
      out.Push(app::cmd::ResolveConflict{c.kind, c.subject, c.field, c.sides[static_cast<size_t>(pick)].value, ui.reason});
      if (!ui.reason.empty()) ui.reason.clear();
    }
  }
  Probe("resolve");
  if (pick < 0) MutedText(app::T("conflicts.choose_first"));
}

}  // namespace canvass::gui
