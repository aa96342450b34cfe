// Assessment screen, window-free parts: the map geometry (GeoJSON county polygons projected
// equirectangularly, triangulated once per load by ear clipping so non-convex shapes fill
// correctly, hit-tested by point-in-polygon) and the screen's UI-only state (AssessmentUi).
// Pure C++ (no ImGui calls), so tests check it without a window. Not thread-safe.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "assessment/scoring_profile.h"
#include "core/status.h"

namespace canvass::gui {

struct MapPt { double x = 0, y = 0; };

// One feature: projected rings (outer rings and holes; even-odd) and fill triangles.
struct MapShape {
  std::string id;
  std::vector<std::vector<MapPt>> rings;
  std::vector<MapPt> triangles;       // 3 points per triangle
  MapPt lo, hi;                       // bounding box
};

struct MapGeometry {
  std::vector<MapShape> shapes;       // features kept, in file order
  MapPt lo, hi;                       // bounds of the kept shapes (projected)
  double kx = 1;                      // cos(mid latitude): x = lon * kx, y = lat
  bool empty() const { return shapes.empty(); }
};

// Parses GeoJSON (Polygon and MultiPolygon features; id from "id", properties.GEO_ID after
// "US", or GEOID), keeps features whose id is in `keep` (empty = every feature), projects
// them and triangulates every polygon (holes bridged into their outer ring). Errors are one
// line naming `source`.
core::Result<MapGeometry> BuildMapGeometry(const std::string& geojson, const std::set<std::string>& keep,
                                           const std::string& source = "boundaries");

// Triangulates one polygon with holes (outer ring and holes in any orientation, closing point
// optional) by ear clipping; appends 3 points per triangle to `out`.
void Triangulate(std::vector<MapPt> outer, std::vector<std::vector<MapPt>> holes, std::vector<MapPt>* out);
// Shoelace area (absolute) of a ring; of triangles (3 points each).
double RingArea(const std::vector<MapPt>& ring);
double TrianglesArea(const std::vector<MapPt>& tris);
// Even-odd point-in-polygon over every ring of the shape.
bool ShapeContains(const MapShape& s, MapPt p);
// Index of the shape under `p` (projected coordinates), -1 when none.
int HitTest(const MapGeometry& g, MapPt p);

// Fits the geometry into a screen rectangle (y down), keeping its aspect ratio.
struct MapFit {
  double scale = 1;
  float x = 0, y = 0;
  MapPt lo, hi;
  MapFit(const MapGeometry& g, float x0, float y0, float w, float h);
  void ToScreen(MapPt p, float* sx, float* sy) const;
  MapPt ToMap(float sx, float sy) const;
};

// Width the map keeps free on its right for the legend: 6 font heights.
float MapLegendWidth();

// UI-only state of the Assessment screen (panel_assessment.cpp). Holds no decrypted
// content (the result is de-identified); Wipe() resets it on lock anyway.
struct AssessmentUi {
  uint64_t geometry_version = 0;      // AssessmentView::boundaries_version the map was built from
  size_t geometry_keep = 0;           // how many area names it was fitted to
  MapGeometry geometry;
  std::string geometry_error;
  assessment::ScoringProfile profile; // the edit copy
  uint64_t profile_version = 0;       // AssessmentView::profile_version it was copied from
  bool profile_dirty = false;
  std::vector<std::string> codes_text;  // per factor: comma-separated codes as typed
  std::string run_label, export_path, profile_path, boundaries_path, compare_run;
  std::vector<int> order;             // table row order (sorted)
  std::string order_key;              // run id + sort spec the order belongs to
  std::string open_tab;               // one-shot: select this tab ("tab_map"...) on the next frame
  void Wipe() { *this = AssessmentUi(); }
};

}  // namespace canvass::gui
