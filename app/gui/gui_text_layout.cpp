// Answer text laid out per code point: wrap, hit test, draw (text_layout.h).
#include "text_layout.h"

#include <algorithm>

#include "coding/text_span.h"

namespace canvass::gui {

TextLayout LayOutCodePoints(const std::vector<uint32_t>& cps, float width, float line_factor) {
  TextLayout l;
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  l.line_h = ImGui::GetFontSize() * line_factor;
  l.pos.reserve(cps.size() + 1);
  l.adv.reserve(cps.size() + 1);
  float x = 0, y = 0;
  for (uint32_t cp : cps) {
    float a = cp == '\n' ? 0.f : font->GetCharAdvance(static_cast<ImWchar>(cp <= 0xFFFF ? cp : 0xFFFD)) * scale;
    if (x + a > width && x > 0) { x = 0; y += l.line_h; }
    l.pos.push_back(ImVec2(x, y));
    l.adv.push_back(a);
    if (cp == '\n') { x = 0; y += l.line_h; } else { x += a; }
  }
  l.pos.push_back(ImVec2(x, y));
  l.adv.push_back(0);
  l.size = ImVec2(width, y + l.line_h);
  return l;
}

int64_t HitTestLayout(const TextLayout& l, ImVec2 p) {
  const int64_t last = static_cast<int64_t>(l.pos.size()) - 1;
  int64_t best = last;
  for (size_t i = 0; i < l.pos.size(); ++i) {
    if (p.y < l.pos[i].y || p.y >= l.pos[i].y + l.line_h) continue;
    if (p.x < l.pos[i].x + l.adv[i] / 2) return static_cast<int64_t>(i);
    best = std::min<int64_t>(static_cast<int64_t>(i) + 1, last);
  }
  return best;
}

void DrawCodePoints(ImDrawList* dl, const TextLayout& l, const std::vector<uint32_t>& cps, ImVec2 origin) {
  char buf[8];
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == '\n') continue;
    coding::EncodeCodePoint(cps[i], buf);
    dl->AddText(ImVec2(origin.x + l.pos[i].x, origin.y + l.pos[i].y), color, buf);
  }
}

}  // namespace canvass::gui
