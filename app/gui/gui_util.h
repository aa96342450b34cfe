// Small RAII guards over Dear ImGui's Begin/End and Push/Pop pairs (1.86's asserts abort
// on imbalance), and helpers for IDs built from stable entity ids.
#pragma once

#include <imgui.h>
#include <imgui_internal.h>  // GetItemID (the probe's focus map)
#include <imgui_stdlib.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/i18n.h"
#include "gui_focus.h"

namespace canvass::gui {

class IdScope {
 public:
  explicit IdScope(const std::string& id) { ImGui::PushID(id.c_str()); }
  explicit IdScope(int id) { ImGui::PushID(id); }
  ~IdScope() { ImGui::PopID(); }
  IdScope(const IdScope&) = delete;
  IdScope& operator=(const IdScope&) = delete;
};

class DisabledScope {
 public:
  explicit DisabledScope(bool disabled) { ImGui::BeginDisabled(disabled); }
  ~DisabledScope() { ImGui::EndDisabled(); }
  DisabledScope(const DisabledScope&) = delete;
  DisabledScope& operator=(const DisabledScope&) = delete;
};

class ColorScope {
 public:
  ColorScope(ImGuiCol idx, const ImVec4& c) { ImGui::PushStyleColor(idx, c); }
  ~ColorScope() { ImGui::PopStyleColor(); }
  ColorScope(const ColorScope&) = delete;
  ColorScope& operator=(const ColorScope&) = delete;
};

class WidthScope {
 public:
  explicit WidthScope(float w) { ImGui::PushItemWidth(w); }
  ~WidthScope() { ImGui::PopItemWidth(); }
  WidthScope(const WidthScope&) = delete;
  WidthScope& operator=(const WidthScope&) = delete;
};

class IndentScope {
 public:
  IndentScope() { ImGui::Indent(); }
  ~IndentScope() { ImGui::Unindent(); }
  IndentScope(const IndentScope&) = delete;
  IndentScope& operator=(const IndentScope&) = delete;
};

// EndChild must run whatever BeginChild returned.
class ChildScope {
 public:
  ChildScope(const char* id, ImVec2 size, bool border = false, ImGuiWindowFlags flags = 0)
      : visible_(ImGui::BeginChild(id, size, border, flags)) {}
  ~ChildScope() { ImGui::EndChild(); }
  bool visible() const { return visible_; }
  ChildScope(const ChildScope&) = delete;
  ChildScope& operator=(const ChildScope&) = delete;

 private:
  bool visible_;
};

// EndTable only when BeginTable returned true.
class TableScope {
 public:
  TableScope(const char* id, int columns, ImGuiTableFlags flags, ImVec2 size = ImVec2(0, 0))
      : open_(ImGui::BeginTable(id, columns, flags, size)) {}
  ~TableScope() { if (open_) ImGui::EndTable(); }
  bool open() const { return open_; }
  TableScope(const TableScope&) = delete;
  TableScope& operator=(const TableScope&) = delete;

 private:
  bool open_;
};

class ComboScope {
 public:
  ComboScope(const char* id, const char* preview, ImGuiComboFlags flags = ImGuiComboFlags_HeightLarge)
      : open_(ImGui::BeginCombo(id, preview, flags)) {}
  ~ComboScope() { if (open_) ImGui::EndCombo(); }
  bool open() const { return open_; }
  ComboScope(const ComboScope&) = delete;
  ComboScope& operator=(const ComboScope&) = delete;

 private:
  bool open_;
};

// Test seam: when a probe is installed (headless UI tests), panels record the screen
// rectangle of named items so tests can click and type at them. Costs one null check.
struct ItemProbe {
  std::map<std::string, std::pair<ImVec2, ImVec2>> items;  // name -> (min, max)
  std::map<unsigned, std::string> ids;                       // ImGui item id -> name (what has focus)
};
inline ItemProbe* g_item_probe = nullptr;
// Also makes the item a Tab stop (gui_focus.h): every control a panel probes is reachable by Tab.
inline void Probe(const std::string& name) {
  TabStop();
  if (!g_item_probe) return;
  g_item_probe->items[name] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
  g_item_probe->ids[ImGui::GetItemID()] = name;
}

// A file's size for people: bytes, KiB or MiB with one decimal written the language's way.
inline std::string FileSize(uint64_t b) {
  const auto& m = app::i18n::Current();
  if (b < 1024) return m.Number(static_cast<int64_t>(b)) + " B";
  if (b < (1u << 20)) return m.Decimal(static_cast<double>(b) / 1024.0, 1) + " KiB";
  return m.Decimal(static_cast<double>(b) / (1 << 20), 1) + " MiB";
}

// A label drawn before its control, on the same line (ImGui's own labels follow the control):
// LabelBefore("Area"); then the control with a "###id" label.
inline void LabelBefore(const std::string& label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label.c_str());
  ImGui::SameLine();
}

// True on the first frame a panel is drawn after not being drawn (focus its first field).
inline bool JustAppeared(int* shown_frame) {
  const int now = ImGui::GetFrameCount();
  const bool appeared = *shown_frame < now - 1;
  *shown_frame = now;
  return appeared;
}

// "Visible label###stable_id": the label may change (translation), the ID never does.
inline std::string Wid(const std::string& label, const std::string& id) { return label + "###" + id; }

// A key fingerprint in groups of four, upper case, easy to read aloud and compare:
// "a1b2c3d4e5f6" -> "A1B2 C3D4 E5F6". Only shown where a person must compare it (enrolment).
inline std::string FingerprintGroups(const std::string& fp) {
  std::string hex;
  for (char c : fp) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')) hex += c;
  }
  std::string out;
  for (size_t i = 0; i < hex.size(); ++i) {
    if (i && i % 4 == 0) out += ' ';
    out += hex[i];
  }
  return out;
}

// "Show technical details" (ids, version counts, fingerprints kept for support): off by default.
inline bool DetailsToggle(const char* id, bool* on) {
  const std::string label = app::T("common.details") + "###" + id;
  const bool changed = ImGui::Checkbox(label.c_str(), on);
  Probe(id);
  return changed;
}

// Status colours of the current theme (set by ApplyUiScale, gui_fonts.h).
inline ImVec4 kErrorColor{1.0f, 0.45f, 0.42f, 1.0f};
inline ImVec4 kOkColor{0.55f, 0.85f, 0.55f, 1.0f};
inline ImVec4 kMutedColor{0.65f, 0.68f, 0.72f, 1.0f};

inline void ErrorText(const std::string& s) {
  ColorScope c(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", s.c_str());
}
inline void MutedText(const std::string& s) {
  ColorScope c(ImGuiCol_Text, kMutedColor);
  ImGui::TextWrapped("%s", s.c_str());
}

// Inside an open drop-down: a "type to filter" box, focused as the list opens (and emptied),
// then `none` (when given: the empty choice, returned as -2) and the labels containing what was
// typed, in any case. Enter picks the only match. Items probe as "<id>_pick_<index>" (index
// into `labels`) and "<id>_pick_none". Returns the index picked, -2 for `none`, or -1.
inline int FilteredItems(const std::string& id, const std::vector<std::string>& labels, int selected, std::string* filter,
                         const char* none = nullptr) {
  auto lower = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  if (ImGui::IsWindowAppearing()) {
    filter->clear();
    ImGui::SetKeyboardFocusHere();
  }
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputTextWithHint(("###" + id + "_filter").c_str(), app::T("common.type_to_filter").c_str(), filter,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  Probe(id + "_filter");
  const std::string f = lower(*filter);
  int picked = -1, matches = 0, only = -1;
  if (none && (f.empty() || lower(none).find(f) != std::string::npos)) {
    ++matches;
    only = -2;
    if (ImGui::Selectable(Wid(none, id + "_pick_none").c_str(), selected < 0)) picked = -2;
    Probe(id + "_pick_none");
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!f.empty() && lower(labels[i]).find(f) == std::string::npos) continue;
    ++matches;
    only = static_cast<int>(i);
    const std::string pid = id + "_pick_" + std::to_string(i);
    if (ImGui::Selectable(Wid(labels[i], pid).c_str(), static_cast<int>(i) == selected)) picked = static_cast<int>(i);
    Probe(pid);
  }
  if (matches == 0) ImGui::TextDisabled("%s", app::F("common.nothing_matches", *filter).c_str());
  if (enter && matches == 1) {
    picked = only;
    ImGui::CloseCurrentPopup();
  }
  return picked;
}

}  // namespace canvass::gui
