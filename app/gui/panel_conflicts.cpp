// Conflicts screen (central): the open conflicts, the chosen one's values side by side (who,
// which device, when), a value to keep and a required reason; Enter in the reason resolves.
#include <imgui.h>
#include <imgui_stdlib.h>

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
    std::string label = c.title + "  (" + c.interview_created + ", " + c.interviewer + ")###conflict";
    if (ImGui::Selectable(label.c_str(), ui.selected == static_cast<int>(i))) ui.selected = static_cast<int>(i);
    Probe("conflict/" + std::to_string(i));
  }
}

void Sides(const app::ConflictItem& c, int* pick, bool details) {
  const int n = static_cast<int>(c.sides.size());
  TableScope t("##sides", n + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame);
  if (!t.open()) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.f);
  for (int i = 0; i < n; ++i) ImGui::TableSetupColumn(("Value " + std::string(1, static_cast<char>('A' + i % 26))).c_str());
  ImGui::TableHeadersRow();
  auto row = [&](const char* label, auto field) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    MutedText(label);
    for (const auto& s : c.sides) { ImGui::TableNextColumn(); ImGui::TextWrapped("%s", field(s).c_str()); }
  };
  row("Value", [](const app::ConflictSide& s) { return s.display; });
  row("Written by", [](const app::ConflictSide& s) { return s.author; });
  row("Device", [](const app::ConflictSide& s) { return s.device; });
  row("When (UTC)", [](const app::ConflictSide& s) { return s.when; });
  if (details) {
    row("Version id", [](const app::ConflictSide& s) { return s.version_id; });
    Probe("conflict_versions");
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  for (int i = 0; i < n; ++i) {
    ImGui::TableNextColumn();
    std::string label = "Keep this value###keep_" + std::to_string(i);
    ImGui::RadioButton(label.c_str(), pick, i);
    Probe("keep_" + std::to_string(i));
  }
}

}  // namespace

void DrawConflicts(const app::ConflictsView& v, ConflictsUi& ui, app::Commands& out) {
  bool focus = JustAppeared(&ui.shown_frame);
  ImGui::Text("Conflicts");
  ImGui::Separator();
  if (!v.message.empty()) { ColorScope c(ImGuiCol_Text, kOkColor); ImGui::TextWrapped("%s", v.message.c_str()); }
  if (!v.error.empty()) ErrorText(v.error);
  if (v.items.empty()) { MutedText("No open conflicts."); return; }
  ImGui::TextWrapped("%zu open %s: answers changed on two devices before either saw the other's change. "
                     "Both values are kept; choose the one to keep and say why.", v.items.size(), v.items.size() == 1 ? "conflict" : "conflicts");
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
  bool enter = ImGui::InputTextWithHint("Reason (required; Enter resolves)###resolve_reason", "e.g. the field notes are first-hand",
                                        &ui.reason, ImGuiInputTextFlags_EnterReturnsTrue);
  Probe("resolve_reason");
  FirstFocus();
  MutedText("Tab reaches the reason; arrows + Space choose a value. The reason goes into the history and the audit log.");
  if (ImGui::Button("Resolve###resolve") || enter) {
    if (pick < 0 || pick >= static_cast<int>(c.sides.size())) {
      ui.pick[Key(c)] = -1;
    } else {
      out.Push(app::cmd::ResolveConflict{c.kind, c.subject, c.field, c.sides[static_cast<size_t>(pick)].value, ui.reason});
      if (!ui.reason.empty()) ui.reason.clear();
    }
  }
  Probe("resolve");
  if (pick < 0) MutedText("Choose a value to keep first.");
}

}  // namespace canvass::gui
