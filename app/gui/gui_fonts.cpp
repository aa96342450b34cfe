// ApplyUiScale: rebuild the font atlas at the scaled pixel size and rescale the style.
#include "gui_fonts.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui_util.h"

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

bool g_high_contrast = false;

// White on black; every control framed; selection and buttons in strong blue; the keyboard
// focus, check marks and grabs in yellow (contrast of text on every background above 7:1).
void HighContrast(ImGuiStyle* style) {
  const ImVec4 black(0.f, 0.f, 0.f, 1.f), white(1.f, 1.f, 1.f, 1.f), yellow(1.f, 0.92f, 0.f, 1.f);
  const ImVec4 blue(0.f, 0.24f, 0.55f, 1.f), blue_hi(0.f, 0.3f, 0.66f, 1.f), blue_act(0.f, 0.33f, 0.72f, 1.f);
  ImVec4* c = style->Colors;
  for (int i = 0; i < ImGuiCol_COUNT; ++i) c[i] = black;
  c[ImGuiCol_Text] = white;
  c[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1.f);
  c[ImGuiCol_Border] = white;
  c[ImGuiCol_BorderShadow] = ImVec4(0.f, 0.f, 0.f, 0.f);
  c[ImGuiCol_FrameBg] = ImVec4(0.08f, 0.08f, 0.08f, 1.f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.2f, 0.2f, 0.2f, 1.f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.28f, 0.28f, 0.28f, 1.f);
  c[ImGuiCol_TitleBgActive] = blue;
  c[ImGuiCol_MenuBarBg] = black;
  c[ImGuiCol_ScrollbarBg] = black;
  c[ImGuiCol_ScrollbarGrab] = ImVec4(0.7f, 0.7f, 0.7f, 1.f);
  c[ImGuiCol_ScrollbarGrabHovered] = white;
  c[ImGuiCol_ScrollbarGrabActive] = yellow;
  c[ImGuiCol_CheckMark] = yellow;
  c[ImGuiCol_SliderGrab] = yellow;
  c[ImGuiCol_SliderGrabActive] = white;
  c[ImGuiCol_Button] = blue;
  c[ImGuiCol_ButtonHovered] = blue_hi;
  c[ImGuiCol_ButtonActive] = blue_act;
  c[ImGuiCol_Header] = blue;
  c[ImGuiCol_HeaderHovered] = blue_hi;
  c[ImGuiCol_HeaderActive] = blue_act;
  c[ImGuiCol_Separator] = white;
  c[ImGuiCol_SeparatorHovered] = yellow;
  c[ImGuiCol_SeparatorActive] = yellow;
  c[ImGuiCol_ResizeGrip] = ImVec4(0.7f, 0.7f, 0.7f, 1.f);
  c[ImGuiCol_ResizeGripHovered] = white;
  c[ImGuiCol_ResizeGripActive] = yellow;
  c[ImGuiCol_Tab] = ImVec4(0.1f, 0.1f, 0.1f, 1.f);
  c[ImGuiCol_TabHovered] = blue_hi;
  c[ImGuiCol_TabActive] = blue;
  c[ImGuiCol_TabUnfocused] = ImVec4(0.1f, 0.1f, 0.1f, 1.f);
  c[ImGuiCol_TabUnfocusedActive] = blue;
  c[ImGuiCol_PlotLines] = white;
  c[ImGuiCol_PlotLinesHovered] = yellow;
  c[ImGuiCol_PlotHistogram] = blue_hi;  // under white text (progress bars)
  c[ImGuiCol_PlotHistogramHovered] = blue_act;
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.15f, 0.15f, 0.15f, 1.f);
  c[ImGuiCol_TableBorderStrong] = white;
  c[ImGuiCol_TableBorderLight] = ImVec4(0.6f, 0.6f, 0.6f, 1.f);
  c[ImGuiCol_TableRowBg] = black;
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.1f, 0.1f, 0.1f, 1.f);
  c[ImGuiCol_TextSelectedBg] = blue_hi;
  c[ImGuiCol_DragDropTarget] = yellow;
  c[ImGuiCol_NavHighlight] = yellow;
  c[ImGuiCol_NavWindowingHighlight] = yellow;
  c[ImGuiCol_NavWindowingDimBg] = ImVec4(0.f, 0.f, 0.f, 0.6f);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.f, 0.f, 0.f, 0.7f);
  style->FrameBorderSize = 1.f;
  style->WindowBorderSize = 1.f;
  style->ChildBorderSize = 1.f;
  style->PopupBorderSize = 2.f;
  style->TabBorderSize = 1.f;
}

void Style(float scale, bool high_contrast) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 0.f;
  style.FrameRounding = 3.f;
  style.GrabRounding = 3.f;
  style.FramePadding = ImVec2(6.f, 4.f);
  style.ItemSpacing = ImVec2(8.f, 6.f);
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.f);
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.f);
  if (high_contrast) HighContrast(&style);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  g_high_contrast = high_contrast;
  kErrorColor = high_contrast ? ImVec4(1.f, 0.62f, 0.6f, 1.f) : ImVec4(1.0f, 0.45f, 0.42f, 1.0f);
  kOkColor = high_contrast ? ImVec4(0.55f, 1.f, 0.55f, 1.f) : ImVec4(0.55f, 0.85f, 0.55f, 1.0f);
  kMutedColor = high_contrast ? ImVec4(0.88f, 0.88f, 0.88f, 1.f) : ImVec4(0.65f, 0.68f, 0.72f, 1.0f);
}

}  // namespace

void ThemeClearColor(float rgba[4]) {
  const float dark[4] = {0.11f, 0.12f, 0.14f, 1.f}, black[4] = {0.f, 0.f, 0.f, 1.f};
  for (int i = 0; i < 4; ++i) rgba[i] = g_high_contrast ? black[i] : dark[i];
}

bool ApplyUiScale(int percent, const char* ttf_path, bool high_contrast) {
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
  Style(scale, high_contrast);
  return ttf;
}

}  // namespace canvass::gui
