// Font and style setup at a UI scale: DejaVu Sans rasterized at the scaled size (crisp at
// 100-200%) with Latin accent ranges, else ImGui's default font. No GL: the caller
// re-uploads the atlas texture (the GL backend) after a rebuild.
#pragma once

namespace canvass::gui {

constexpr const char* kDejaVuPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// Rebuilds the font atlas and the style for `percent` (100..200). Returns true when the
// TrueType font was loaded, false when it fell back to the default font.
bool ApplyUiScale(int percent, const char* ttf_path = kDejaVuPath);

}  // namespace canvass::gui
