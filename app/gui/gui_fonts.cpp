// ApplyUiScale: rebuild the font atlas at the scaled pixel size and rescale the style.
#include "gui_fonts.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace canvass::gui {

namespace {

// Basic Latin, Latin-1 Supplement and Latin Extended-A (Spanish and most European accents),
// general punctuation (dashes, curly quotes, ellipsis), the replacement character.
const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0x2190, 0x2193, 0x2264, 0x2265,
                           0xFFFD, 0xFFFD, 0};

bool Readable(const char* path) {
  std::FILE* f = path ? std::fopen(path, "rb") : nullptr;
  if (!f) return false;
  std::fclose(f);
  return true;
}

void Style(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 0.f;
  style.FrameRounding = 3.f;
  style.GrabRounding = 3.f;
  style.FramePadding = ImVec2(6.f, 4.f);
  style.ItemSpacing = ImVec2(8.f, 6.f);
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.f);
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace

bool ApplyUiScale(int percent, const char* ttf_path) {
  const float scale = static_cast<float>(std::clamp(percent, 100, 200)) / 100.f;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  bool ttf = false;
  if (Readable(ttf_path)) {
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    ttf = io.Fonts->AddFontFromFileTTF(ttf_path, 15.f * scale, &cfg, kRanges) != nullptr;
  }
  if (!ttf) {
    ImFontConfig cfg;
    cfg.SizePixels = 13.f * scale;
    io.Fonts->AddFontDefault(&cfg);
  }
  io.Fonts->Build();
  io.FontGlobalScale = 1.f;
  Style(scale);
  return ttf;
}

}  // namespace canvass::gui
