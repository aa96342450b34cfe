// Font and style setup at a UI scale: DejaVu Sans rasterized at the scaled size (crisp at
// 100-200%) with Latin accent ranges, else ImGui's default font. No GL: the caller
// re-uploads the atlas texture (the GL backend) after a rebuild.
#pragma once

namespace canvass::gui {

constexpr const char* kDejaVuPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// Rebuilds the font atlas and the style for `percent` (100..200), in the standard dark theme
// or the high-contrast one (white on black, framed controls, a yellow keyboard focus, brighter
// muted and status colours: gui_util.h's kErrorColor, kOkColor and kMutedColor follow it).
// Returns true when the TrueType font was loaded, false when it fell back to the default font.
bool ApplyUiScale(int percent, const char* ttf_path = kDejaVuPath, bool high_contrast = false);
// The window's clear colour of the current theme.
void ThemeClearColor(float rgba[4]);

}  // namespace canvass::gui
