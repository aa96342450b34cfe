// Answer text laid out per code point for the coding screens (panel_coding.cpp,
// panel_agreement.cpp): wrapping, hit testing and drawing, so spans in code-point offsets
// (the REFI-QDA convention) map straight onto the screen.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

namespace canvass::gui {

struct TextLayout {
  std::vector<ImVec2> pos;  // top-left of each code point, plus one past the end
  std::vector<float> adv;   // advance of each code point (0 for a line break and the end)
  float line_h = 0;
  ImVec2 size;
};

// Wraps `cps` to `width` with the current font; lines are `line_factor` font sizes apart
// (room for underlines below the text).
TextLayout LayOutCodePoints(const std::vector<uint32_t>& cps, float width, float line_factor);
// The offset (0..size) nearest to point `p` relative to the layout's origin.
int64_t HitTestLayout(const TextLayout& l, ImVec2 p);
// Draws the code points at `origin` in the text color (line breaks skipped).
void DrawCodePoints(ImDrawList* dl, const TextLayout& l, const std::vector<uint32_t>& cps, ImVec2 origin);

}  // namespace canvass::gui
