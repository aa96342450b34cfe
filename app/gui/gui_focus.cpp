// The app's own Tab order and first focus (see gui_focus.h), on ImGui 1.86 internals.
#include "gui_focus.h"

#include <imgui_internal.h>

#include <vector>

namespace canvass::gui {

namespace {

struct Stop {
  ImGuiID id = 0;
  ImGuiWindow* window = nullptr;
  ImRect rect;
  bool input = false, nav = false;
};

struct Ring {
  std::vector<Stop> stops;
  bool in_nav = false;
  bool pending = false;       // focus the first useful control at the end of the frame
  ImGuiID preferred = 0;      // FirstFocus() this frame
  bool prefer_next = false;   // FirstFocusNextStop(): the next stop is the preferred one
  bool tab = false, shift = false, enter = false;
};
Ring g_ring;

bool Pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); }

// Hides a key press from every widget drawn after this point in the frame.
void Swallow(ImGuiKey key) {
  const int k = ImGui::GetKeyIndex(key);
  if (k >= 0 && k < IM_ARRAYSIZE(ImGui::GetIO().KeysDownDuration)) ImGui::GetIO().KeysDownDuration[k] = -1.f;
}

void Focus(const Stop& s) {
  ImGuiContext& g = *GImGui;
  if (g.ActiveId && g.ActiveId != s.id) ImGui::ClearActiveID();
  ImGui::FocusWindow(s.window);
  ImGui::SetFocusID(s.id, s.window);
  g.NavDisableHighlight = false;
  g.NavDisableMouseHover = true;
  g.NavInputSource = ImGuiInputSource_Keyboard;
  if (s.input) ImGui::ActivateItem(s.id);  // a text field: ready for typing
  ImGui::ScrollToBringRectIntoView(s.window, s.rect);
}

int Current(const Ring& r) {
  const ImGuiContext& g = *GImGui;
  const ImGuiID cur = g.ActiveId ? g.ActiveId : g.NavId;
  for (size_t i = 0; i < r.stops.size(); ++i)
    if (r.stops[i].id == cur) return static_cast<int>(i);
  return -1;
}

}  // namespace

void FocusBeginFrame() {
  Ring& r = g_ring;
  r.stops.clear();
  r.in_nav = false;
  r.preferred = 0;
  r.prefer_next = false;
  const ImGuiIO& io = ImGui::GetIO();
  r.tab = !io.KeyCtrl && !io.KeyAlt && Pressed(ImGuiKey_Tab) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
  r.shift = io.KeyShift;
  r.enter = !io.KeyCtrl && !io.KeyAlt && (Pressed(ImGuiKey_Enter) || Pressed(ImGuiKey_KeyPadEnter)) &&
            GImGui->ActiveId == 0 && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
  if (r.tab) {
    ImGuiContext& g = *GImGui;
    if (g.NavMoveSubmitted && (g.NavMoveFlags & ImGuiNavMoveFlags_Tabbing)) ImGui::NavMoveRequestCancel();
    Swallow(ImGuiKey_Tab);
  }
}

void FocusInNav(bool in_nav) { g_ring.in_nav = in_nav; }

void TabStop() {
  const ImGuiContext& g = *GImGui;
  const ImGuiLastItemData& d = g.LastItemData;
  if (d.ID == 0 || (d.InFlags & (ImGuiItemFlags_Disabled | ImGuiItemFlags_NoTabStop | ImGuiItemFlags_NoNav))) return;
  if (!g_ring.stops.empty() && g_ring.stops.back().id == d.ID) return;
  if (g_ring.prefer_next && g_ring.preferred == 0) g_ring.preferred = d.ID;
  g_ring.prefer_next = false;
  g_ring.stops.push_back({d.ID, g.CurrentWindow, d.NavRect, (d.InFlags & ImGuiItemFlags_Inputable) != 0, g_ring.in_nav});
}

void FirstFocus() {
  const ImGuiLastItemData& d = GImGui->LastItemData;
  if (d.ID && !(d.InFlags & ImGuiItemFlags_Disabled) && g_ring.preferred == 0) g_ring.preferred = d.ID;
}

void FirstFocusNextStop() { g_ring.prefer_next = true; }

void RequestFirstFocus() { g_ring.pending = true; }

void FocusEndFrame() {
  Ring& r = g_ring;
  if (r.stops.empty()) return;
  if (r.pending) {
    const Stop* target = nullptr;
    for (const Stop& s : r.stops)
      if ((r.preferred && s.id == r.preferred) || (!r.preferred && !s.nav)) { target = &s; break; }
    if (target) Focus(*target);
    r.pending = false;
    return;
  }
  if (r.tab) {
    const int n = static_cast<int>(r.stops.size());
    int cur = Current(r);
    int next;
    if (cur < 0) {  // nothing focused: start at the screen's first (or last) control
      next = r.shift ? n - 1 : 0;
      for (int i = 0; i < n; ++i)
        if (!r.stops[static_cast<size_t>(i)].nav) { next = i; break; }
    } else {
      next = ((cur + (r.shift ? -1 : 1)) % n + n) % n;
    }
    Focus(r.stops[static_cast<size_t>(next)]);
    return;
  }
  if (r.enter) {  // Enter presses the focused button, radio button or checkbox (as Space does)
    const int cur = Current(r);
    if (cur >= 0 && !r.stops[static_cast<size_t>(cur)].input && !GImGui->NavDisableHighlight)
      ImGui::ActivateItem(r.stops[static_cast<size_t>(cur)].id);
  }
}

bool TakeEscape() {
  if (!ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) return false;
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return false;  // the popup closes itself
  ImGuiContext& g = *GImGui;
  Swallow(ImGuiKey_Escape);  // ImGui's own Escape would undo what was typed in a text field
  // A text field being typed in: Escape ends the typing and keeps the text (saved as when
  // the field is left); a second Escape backs out. A field only focused backs out at once.
  if (g.ActiveId != 0 && g.ActiveIdHasBeenEditedBefore) {
    ImGui::ClearActiveID();
    return false;
  }
  if (g.ActiveId != 0) ImGui::ClearActiveID();
  return true;
}

}  // namespace canvass::gui
