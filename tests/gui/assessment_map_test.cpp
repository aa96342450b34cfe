// The assessment map (app/gui/assessment_map.h) on real county polygons: ear clipping covers
// non-convex polygons exactly, every county triangulates to its own area, hit testing picks
// the county under each Census internal point, and the map view's zoom and pan.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/value.h"
#include "geo_fixtures.h"
#include "test_support.h"

using namespace canvass;
namespace as = assessment;
using gui::MapPt;

using testing::TexasInternalPoints;

TEST_CASE("map: ear clipping covers non-convex polygons exactly", "[gui][assessment][map]") {
  std::vector<MapPt> L{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  std::vector<MapPt> tris;
  gui::Triangulate(L, {}, &tris);
  CHECK(tris.size() == 3 * 4);
  CHECK(gui::TrianglesArea(tris) == Approx(3.0).epsilon(1e-12));
  std::vector<MapPt> cw(L.rbegin(), L.rend());  // either orientation, closing point repeated
  cw.push_back(cw.front());
  tris.clear();
  gui::Triangulate(cw, {}, &tris);
  CHECK(gui::TrianglesArea(tris) == Approx(3.0).epsilon(1e-12));
  tris.clear();  // a square with a square hole
  gui::Triangulate({{0, 0}, {4, 0}, {4, 4}, {0, 4}}, {{{1, 1}, {1, 3}, {3, 3}, {3, 1}}}, &tris);
  CHECK(gui::TrianglesArea(tris) == Approx(12.0).epsilon(1e-12));
  // No triangle of the L may cover the notch.
  gui::MapShape s;
  s.rings = {L};
  s.lo = {0, 0};
  s.hi = {2, 2};
  CHECK(gui::ShapeContains(s, {0.5, 1.5}));
  CHECK_FALSE(gui::ShapeContains(s, {1.5, 1.5}));
}

TEST_CASE("map: every real county triangulates to its own area (1e-9)", "[gui][assessment][map]") {
  auto g = gui::BuildMapGeometry(testing::CountySubset(), {});
  REQUIRE(g.ok());
  REQUIRE(g->shapes.size() > 300);
  auto doc = core::ParseJson(testing::CountySubset(), "subset");
  REQUIRE(doc.ok());
  std::map<std::string, double> expect;  // id -> sum over polygons of outer - holes (projected)
  for (const auto& feat : doc->Find("features")->as_array()) {
    std::string id = feat.Find("id") ? feat.Find("id")->as_string() : "";
    const core::Value* geom = feat.Find("geometry");
    std::vector<const core::Value*> polys;
    if (geom->Find("type")->as_string() == "Polygon") polys.push_back(geom->Find("coordinates"));
    else for (const auto& p : geom->Find("coordinates")->as_array()) polys.push_back(&p);
    double area = 0;
    for (const auto* poly : polys)
      for (size_t r = 0; r < poly->as_array().size(); ++r) {
        std::vector<MapPt> ring;
        for (const auto& pt : poly->as_array()[r].as_array())
          ring.push_back({pt.as_array()[0].as_number() * g->kx, pt.as_array()[1].as_number()});
        area += (r == 0 ? 1 : -1) * gui::RingArea(ring);
      }
    expect[id] = area;
  }
  int checked = 0, nonconvex = 0;
  for (const auto& s : g->shapes) {
    INFO("county " << s.id);
    REQUIRE(expect.count(s.id));
    CHECK(gui::TrianglesArea(s.triangles) == Approx(expect[s.id]).epsilon(1e-9));
    int outside = 0;  // every triangle lies inside the county: its centroid is in the polygon
    for (size_t k = 0; k + 2 < s.triangles.size(); k += 3) {
      MapPt c{(s.triangles[k].x + s.triangles[k + 1].x + s.triangles[k + 2].x) / 3,
              (s.triangles[k].y + s.triangles[k + 1].y + s.triangles[k + 2].y) / 3};
      outside += !gui::ShapeContains(s, c);
    }
    CHECK(outside == 0);
    ++checked;
    nonconvex += s.triangles.size() / 3 > 2;
  }
  CHECK(checked == static_cast<int>(g->shapes.size()));
  CHECK(nonconvex > 300);
}

TEST_CASE("map: hit testing picks the county under each internal point", "[gui][assessment][map]") {
  const std::string& geo = app::DemoResource("tx_counties.geojson");
  auto g = gui::BuildMapGeometry(geo, {});
  REQUIRE(g.ok());
  REQUIRE(g->shapes.size() == 254);
  int hits = 0, total = 0, wrong = 0;
  std::string misses;
  for (const auto& [id, ll] : TexasInternalPoints()) {
    int i = gui::HitTest(*g, {ll.x * g->kx, ll.y});
    ++total;
    if (i >= 0 && g->shapes[static_cast<size_t>(i)].id == id) ++hits;
    else { misses += id + " "; wrong += i >= 0; }
  }
  INFO("misses: " << misses);
  CHECK(total == 254);
  CHECK(wrong == 0);
  // Aransas County's internal point lies in Aransas Bay, outside the cartographic (land)
  // boundary; every other county's is inside its polygon.
  CHECK(misses == "48007 ");
  CHECK(hits == 253);
  int rockport = gui::HitTest(*g, {-97.054 * g->kx, 28.02});  // the town of Rockport, Aransas County
  REQUIRE(rockport >= 0);
  CHECK(g->shapes[static_cast<size_t>(rockport)].id == "48007");
  CHECK(gui::HitTest(*g, {-80.0 * g->kx, 30.0}) == -1);  // the Atlantic
}

// The Texas counties of the test data's GeoJSON (the gazetteer's ids), fitted into a rectangle.
struct TexasMap {
  gui::MapGeometry g;
  std::map<std::string, MapPt> points;  // projected internal points
  TexasMap() {
    std::set<std::string> keep;
    auto ll = TexasInternalPoints();
    for (const auto& [id, p] : ll) keep.insert(id);
    auto built = gui::BuildMapGeometry(testing::CountySubset(), keep);
    REQUIRE(built.ok());
    g = std::move(*built);
    REQUIRE(g.shapes.size() == 254);
    for (const auto& [id, p] : ll) points[id] = {p.x * g.kx, p.y};
  }
  std::string Hit(const gui::MapFit& fit, float sx, float sy) const {
    int i = gui::HitTest(g, fit.ToMap(sx, sy));
    return i < 0 ? "" : g.shapes[static_cast<size_t>(i)].id;
  }
};

TEST_CASE("map view: zoom about a point keeps it there, zoom and pan are clamped, hit tests follow", "[gui][assessment][map]") {
  TexasMap tx;
  const gui::MapFit all(tx.g, 10, 20, 800, 600);
  const MapPt frio = tx.points.at("48163");
  float sx = 0, sy = 0;
  all.ToScreen(frio, &sx, &sy);
  CHECK(tx.Hit(all, sx, sy) == "48163");

  // Zooming about Frio's internal point keeps it under the cursor, whatever the zoom before.
  gui::MapView view;
  CHECK(view.fitted());
  view.ZoomAbout(all, sx, sy, 4);
  CHECK(view.zoom == 4);
  CHECK_FALSE(view.fitted());
  gui::MapFit fit(tx.g, 10, 20, 800, 600, view);
  float zx = 0, zy = 0;
  fit.ToScreen(frio, &zx, &zy);
  CHECK(zx == Approx(sx).margin(1e-3));
  CHECK(zy == Approx(sy).margin(1e-3));
  CHECK(tx.Hit(fit, sx, sy) == "48163");
  const MapPt other = fit.ToMap(sx + 120, sy - 80);  // zoom again about another point
  view.ZoomAbout(all, sx + 120, sy - 80, 2.5);
  CHECK(view.zoom == 10);
  fit = gui::MapFit(tx.g, 10, 20, 800, 600, view);
  fit.ToScreen(other, &zx, &zy);
  CHECK(zx == Approx(sx + 120).margin(1e-3));
  CHECK(zy == Approx(sy - 80).margin(1e-3));
  // Frio moved away from the cursor by 1.5 x (120, -80) and is hit where it is now drawn.
  fit.ToScreen(frio, &zx, &zy);
  CHECK(zx == Approx(sx - 180).margin(1e-3));
  CHECK(zy == Approx(sy + 120).margin(1e-3));
  CHECK(tx.Hit(fit, zx, zy) == "48163");

  // A pan moves every county by the pan; what was under the old spot is another county.
  const gui::MapShape& shape = tx.g.shapes[static_cast<size_t>(gui::HitTest(tx.g, frio))];
  const double frio_px = (shape.hi.x - shape.lo.x) * fit.scale;  // Frio's width on screen
  REQUIRE(frio_px < 300);
  view.Pan(all, -300, 0);
  fit = gui::MapFit(tx.g, 10, 20, 800, 600, view);
  float px = 0, py = 0;
  fit.ToScreen(frio, &px, &py);
  CHECK(px == Approx(zx - 300).margin(1e-3));
  CHECK(py == Approx(zy).margin(1e-3));
  CHECK(tx.Hit(fit, px, py) == "48163");
  std::string there = tx.Hit(fit, zx, zy);
  CHECK_FALSE(there.empty());
  CHECK(there != "48163");

  // Zoom stays in [1, 40]; zooming all the way out is the fit-all view.
  view.ZoomAbout(all, sx, sy, 1000);
  CHECK(view.zoom == gui::MapView::kMaxZoom);
  view.ZoomAbout(all, sx, sy, 1e-6);
  CHECK(view.zoom == gui::MapView::kMinZoom);
  CHECK(view.fitted());
  view.ZoomAbout(all, sx, sy, 0);  // ignored
  CHECK(view.fitted());

  // However far the pan goes, half of the rectangle (or of the map) still shows map.
  const double map_w = (tx.g.hi.x - tx.g.lo.x) * all.scale, map_h = (tx.g.hi.y - tx.g.lo.y) * all.scale;
  for (double zoom : {1.0, 6.0})
    for (double d : {1e6, -1e6}) {
      INFO("zoom " << zoom << " pan " << d);
      view.Reset();
      view.ZoomAbout(all, sx, sy, zoom);
      view.Pan(all, d, -d);
      fit = gui::MapFit(tx.g, 10, 20, 800, 600, view);
      float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      fit.ToScreen({tx.g.lo.x, tx.g.hi.y}, &x0, &y0);
      fit.ToScreen({tx.g.hi.x, tx.g.lo.y}, &x1, &y1);
      double ox = std::min<double>(x1, 810) - std::max<double>(x0, 10), oy = std::min<double>(y1, 620) - std::max<double>(y0, 20);
      CHECK(ox >= 0.5 * std::min(zoom * map_w, 800.0) - 1e-3);
      CHECK(oy >= 0.5 * std::min(zoom * map_h, 600.0) - 1e-3);
      CHECK(ox < 0.5 * std::min(zoom * map_w, 800.0) + 1);  // the clamp did bind: the pan went as far as allowed
    }
}

