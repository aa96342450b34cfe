// Keyboard focus for the whole app: Tab / Shift+Tab move through every control in reading
// (drawing) order - buttons, radio buttons, checkboxes, combos and text fields alike, which
// Dear ImGui 1.86 alone does not do (its Tab reaches text fields only) - and each screen opens
// with the focus on its first useful control. Panels register controls with TabStop() (Probe()
// does it) and may name the first useful one with FirstFocus().
#pragma once

#include <imgui.h>

namespace canvass::gui {

// The key index of F1 as the GLFW backend writes it into io.KeysDown (GLFW_KEY_F1); ImGui 1.86
// has no ImGuiKey for it.
constexpr int kKeyF1 = 290;

// Start of a frame's drawing: forgets last frame's stops, and takes Tab away from ImGui
// when the app handles it. `in_nav`: the stops drawn next belong to the navigation sidebar.
void FocusBeginFrame();
void FocusInNav(bool in_nav);
// After a control: it is a stop (unless disabled).
void TabStop();
// After a control: it gets the focus when the screen (or interview section) just changed.
void FirstFocus();
// The next stop registered gets the focus when the screen (or section) just changed.
void FirstFocusNextStop();
// Ask for the first useful control to be focused at the end of this frame.
void RequestFirstFocus();
// End of the frame's drawing: applies Tab / Shift+Tab, Enter on a focused button, and a
// pending first focus.
void FocusEndFrame();
// Escape was pressed this frame and is not a text field's or a popup's (then it is consumed).
bool TakeEscape();

}  // namespace canvass::gui
