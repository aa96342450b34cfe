// Assessment screen, Map tab: the choropleth of the run's scores, drawn with ImDrawList from the
// triangulated boundaries (assessment_map.h), the legend, hover (name and score), click to
// select, wheel zoom about the cursor, drag to pan, Reset view and double-click to fit
// (MapView). Split from panel_assessment.cpp; pushes cmd::AssessSelect.
#include <imgui.h>
#include <imgui_internal.h>  // SetItemUsingMouseWheel
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/i18n.h"
#include "assessment_map.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace cmd = app::cmd;
using app::AssessmentView;

namespace {

// The report's palette (assessment/svg_charts.cpp): 5 classes by the 0-100 score.
const ImU32 kPalette[] = {IM_COL32(0xfe, 0xe5, 0xd9, 255), IM_COL32(0xfc, 0xae, 0x91, 255), IM_COL32(0xfb, 0x6a, 0x4a, 255),
                          IM_COL32(0xde, 0x2d, 0x26, 255), IM_COL32(0xa5, 0x0f, 0x15, 255)};
const ImU32 kNoData = IM_COL32(110, 110, 115, 255);
const ImU32 kHatch = IM_COL32(170, 170, 175, 255);
ImU32 ColorOf(double v) { return kPalette[std::min(4, std::max(0, static_cast<int>(v / 20.0)))]; }

void EnsureGeometry(const AssessmentView& v, AssessmentUi& ui) {
  if (ui.geometry_version == v.boundaries_version && ui.geometry_keep == v.names.size()) return;
  ui.geometry_version = v.boundaries_version;
  ui.geometry_keep = v.names.size();
  ui.geometry = MapGeometry();
  ui.map_view.Reset();
  ui.geometry_error.clear();
  if (!v.boundaries) return;
  std::set<std::string> keep;
  for (const auto& [id, name] : v.names) keep.insert(id);
  auto g = BuildMapGeometry(*v.boundaries, keep, v.boundaries_name);
  if (g.ok()) ui.geometry = std::move(*g);
  else ui.geometry_error = g.status().message();
}

// Diagonal hatching inside one screen-space triangle: each line x - y = c cut to the triangle.
void HatchTriangle(ImDrawList* dl, ImVec2 a, ImVec2 b, ImVec2 c, float step) {
  float lo = std::min({a.x - a.y, b.x - b.y, c.x - c.y}), hi = std::max({a.x - a.y, b.x - b.y, c.x - c.y});
  for (float k = std::ceil(lo / step) * step; k <= hi; k += step) {
    ImVec2 pts[2];
    int n = 0;
    const ImVec2 e[3][2] = {{a, b}, {b, c}, {c, a}};
    for (const auto& s : e) {
      float f0 = s[0].x - s[0].y - k, f1 = s[1].x - s[1].y - k;
      if ((f0 < 0) == (f1 < 0) || n == 2) continue;
      float t = f0 / (f0 - f1);
      pts[n++] = ImVec2(s[0].x + t * (s[1].x - s[0].x), s[0].y + t * (s[1].y - s[0].y));
    }
    if (n == 2) dl->AddLine(pts[0], pts[1], kHatch);
  }
}

void Legend(ImDrawList* dl, ImVec2 at) {
  const float sw = ImGui::GetFontSize();
  const char* labels[] = {"0-20", "20-40", "40-60", "60-80", "80-100"};
  for (int i = 0; i < 5; ++i) {
    ImVec2 p(at.x, at.y + i * (sw + 4));
    dl->AddRectFilled(p, ImVec2(p.x + sw, p.y + sw), kPalette[i]);
    dl->AddText(ImVec2(p.x + sw + 6, p.y), IM_COL32(230, 230, 230, 255), labels[i]);
  }
  ImVec2 p(at.x, at.y + 5 * (sw + 4));
  dl->AddRectFilled(p, ImVec2(p.x + sw, p.y + sw), kNoData);
  HatchTriangle(dl, p, ImVec2(p.x + sw, p.y), ImVec2(p.x + sw, p.y + sw), 4.f);
  HatchTriangle(dl, p, ImVec2(p.x + sw, p.y + sw), ImVec2(p.x, p.y + sw), 4.f);
  dl->AddText(ImVec2(p.x + sw + 6, p.y), IM_COL32(230, 230, 230, 255), app::T("assessment.map.no_data").c_str());
}

}  // namespace

float MapLegendWidth() { return ImGui::GetFontSize() * 6; }

namespace {

// Wheel zooms about the cursor, a drag pans, a double-click returns to fit-all. Returns the
// index of the shape to select: a click released on the map without dragging; -1 otherwise.
int MapInput(const MapGeometry& g, const MapFit& all, bool released, MapView* view) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemHovered() && io.MouseWheel != 0)
    view->ZoomAbout(all, io.MousePos.x, io.MousePos.y, std::pow(1.25, static_cast<double>(io.MouseWheel)));
  if (ImGui::IsItemActive()) {
    ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left);
    if (d.x != 0 || d.y != 0) {
      view->Pan(all, d.x, d.y);
      ImGui::ResetMouseDragDelta(ImGuiMouseButton_Left);
    }
  }
  if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view->Reset();
  const float thr = io.MouseDragThreshold;
  if (!released || io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] >= thr * thr) return -1;
  MapFit fit(g, all.x0, all.y0, all.w, all.h, *view);
  if (io.MousePos.x >= all.x0 + all.w) return -1;  // on the legend
  return HitTest(g, fit.ToMap(io.MousePos.x, io.MousePos.y));
}

class ClipScope {
 public:
  ClipScope(ImDrawList* dl, ImVec2 mn, ImVec2 mx) : dl_(dl) { dl_->PushClipRect(mn, mx, true); }
  ~ClipScope() { dl_->PopClipRect(); }
  ClipScope(const ClipScope&) = delete;
  ClipScope& operator=(const ClipScope&) = delete;

 private:
  ImDrawList* dl_;
};

void DrawShapes(const AssessmentView& v, const MapGeometry& g, const MapFit& fit, int hover, ImDrawList* dl) {
  auto to_screen = [&](MapPt p) {
    ImVec2 s;
    fit.ToScreen(p, &s.x, &s.y);
    return s;
  };
  ClipScope clip(dl, ImVec2(fit.x0, fit.y0), ImVec2(fit.x0 + fit.w, fit.y0 + fit.h));
  for (size_t i = 0; i < g.shapes.size(); ++i) {
    const MapShape& s = g.shapes[i];
    ImVec2 lo = to_screen({s.lo.x, s.hi.y}), hi = to_screen({s.hi.x, s.lo.y});
    if (hi.x < fit.x0 || lo.x > fit.x0 + fit.w || hi.y < fit.y0 || lo.y > fit.y0 + fit.h) continue;  // off screen
    auto it = v.scores.find(s.id);
    ImU32 fill = it != v.scores.end() ? ColorOf(it->second) : kNoData;
    for (size_t k = 0; k + 2 < s.triangles.size(); k += 3) {
      ImVec2 a = to_screen(s.triangles[k]), b = to_screen(s.triangles[k + 1]), c = to_screen(s.triangles[k + 2]);
      dl->AddTriangleFilled(a, b, c, fill);
      if (it == v.scores.end()) HatchTriangle(dl, a, b, c, 6.f);
    }
    bool sel = s.id == v.selected, hov = static_cast<int>(i) == hover;
    for (const auto& ring : s.rings) {
      std::vector<ImVec2> pts;
      pts.reserve(ring.size());
      for (const auto& p : ring) pts.push_back(to_screen(p));
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), sel || hov ? IM_COL32(40, 120, 255, 255) : IM_COL32(40, 40, 40, 255),
                      ImDrawFlags_Closed, sel ? 2.5f : hov ? 2.f : 0.6f);
    }
  }
}

}  // namespace

void DrawAssessmentMap(const AssessmentView& v, AssessmentUi& ui, app::Commands& out) {
  EnsureGeometry(v, ui);
  if (!ui.geometry_error.empty()) ErrorText(app::F("assessment.map.not_drawn", ui.geometry_error));
  const MapGeometry& g = ui.geometry;
  if (g.empty()) { MutedText(app::T("assessment.map.no_boundaries")); return; }
  {
    DisabledScope d(ui.map_view.fitted());
    if (ImGui::SmallButton(Wid(app::T("assessment.map.reset"), "map_reset").c_str())) ui.map_view.Reset();
    Probe("map_reset");
  }
  ImGui::SameLine();
  MutedText(app::F("assessment.map.zoom", app::i18n::Current().Decimal(ui.map_view.zoom, 1), v.boundaries_name));
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.y = std::max(size.y, 200.f);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  const bool released = ImGui::InvisibleButton("###assess_map", size);
  ImGui::SetItemUsingMouseWheel();  // the wheel zooms the map, it does not scroll the pane
  Probe("assess_map");
  const float legend_w = MapLegendWidth();
  const MapFit all(g, origin.x, origin.y, size.x - legend_w, size.y);
  ui.map_view.Clamp(all);  // the pane may have been resized
  int clicked = MapInput(g, all, released, &ui.map_view);
  const MapFit fit(g, all.x0, all.y0, all.w, all.h, ui.map_view);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int hover = -1;
  ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsItemHovered() && m.x < all.x0 + all.w) hover = HitTest(g, fit.ToMap(m.x, m.y));
  DrawShapes(v, g, fit, hover, dl);
  Legend(dl, ImVec2(origin.x + size.x - legend_w + 8, origin.y + 8));
  if (hover >= 0 && !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    const std::string& id = g.shapes[static_cast<size_t>(hover)].id;
    auto n = v.names.find(id);
    auto sc = v.scores.find(id);
    const std::string score = sc != v.scores.end() ? app::i18n::Current().Decimal(sc->second, 1) : app::T("assessment.map.no_data");
    ImGui::SetTooltip("%s", app::F("assessment.map.tooltip", n != v.names.end() ? n->second : id, score).c_str());
  }
  if (clicked >= 0) out.Push(cmd::Assessment{cmd::AssessSelect{g.shapes[static_cast<size_t>(clicked)].id}});
}

}  // namespace canvass::gui
