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
#include "file_chooser.h"

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

struct MapView;

// Fits the geometry into a screen rectangle (y down), keeping its aspect ratio; with a MapView,
// zoomed and panned from that fit. `scale` is pixels per projected unit, (x, y) the screen
// position of the map's top-left corner (lo.x, hi.y); (x0, y0, w, h) the rectangle.
struct MapFit {
  double scale = 1;
  float x = 0, y = 0;
  float x0 = 0, y0 = 0, w = 0, h = 0;
  MapPt lo, hi;
  MapFit(const MapGeometry& g, float x0, float y0, float w, float h);
  MapFit(const MapGeometry& g, float x0, float y0, float w, float h, const MapView& view);
  void ToScreen(MapPt p, float* sx, float* sy) const;
  MapPt ToMap(float sx, float sy) const;
};

// Zoom and pan of the map, relative to the fit-all MapFit of the same rectangle: a screen
// point is (x0 + dx + zoom * fx, y0 + dy + zoom * fy) for the fit-all offset (fx, fy) from
// the rectangle's corner. Zoom stays in [kMinZoom, kMaxZoom]; the pan keeps at least half of
// the map (or half of the rectangle, when the map is larger) on screen, so it cannot be lost.
struct MapView {
  static constexpr double kMinZoom = 1, kMaxZoom = 40;
  double zoom = 1;
  double dx = 0, dy = 0;  // pixels
  bool fitted() const { return zoom == 1 && dx == 0 && dy == 0; }
  void Reset() { *this = MapView(); }
  // Multiplies the zoom by `factor` (clamped) keeping the map point under (sx, sy) there.
  void ZoomAbout(const MapFit& fit_all, float sx, float sy, double factor);
  void Pan(const MapFit& fit_all, double ddx, double ddy);
  void Clamp(const MapFit& fit_all);
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
  MapView map_view;                   // zoom and pan; reset when the geometry changes
  assessment::ScoringProfile profile; // the edit copy
  uint64_t profile_version = 0;       // AssessmentView::profile_version it was copied from
  bool profile_dirty = false;
  std::vector<std::string> codes_text;  // per factor: comma-separated codes as typed
  std::string pick_filter;            // the indicator / code picker's filter (one picker is open at a time)
  std::string run_label, compare_run;
  std::string export_path, profile_path, boundaries_path;  // the last ones chosen: the chooser starts there
  std::string microdata_dir;          // the last folder restricted microdata went to
  bool microdata_confirmed = false;   // ticked: for a named partner under a data-use agreement
  std::string rollup_address;         // the statewide database's libpq address (no password)
  bool rollup_dry_run = false;
  FileChooser chooser;                // export, boundaries and profile files; id() says which
  std::vector<int> order;             // table row order (sorted)
  std::string order_key;              // run id + sort spec the order belongs to
  std::string open_tab;               // one-shot: select this tab ("tab_map"...) on the next frame
  void Wipe() { *this = AssessmentUi(); }
};

}  // namespace canvass::gui
