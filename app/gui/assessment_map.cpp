// Map geometry of the Assessment screen: GeoJSON -> projected rings -> triangles (ear
// clipping with hole bridging), and point-in-polygon hit tests. See assessment_map.h.
#include "assessment_map.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "app/i18n.h"
#include "assessment/report.h"
#include "core/value.h"

namespace canvass::gui {

using core::Value;

namespace {

double Cross(MapPt a, MapPt b, MapPt c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }
bool Same(MapPt a, MapPt b) { return a.x == b.x && a.y == b.y; }

double SignedArea(const std::vector<MapPt>& r) {
  double s = 0;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) s += (r[j].x - r[i].x) * (r[j].y + r[i].y);
  return s / 2;  // > 0: counter-clockwise (y up)
}

// Drops repeated points (and the closing copy) and exactly collinear middle points.
std::vector<MapPt> Clean(std::vector<MapPt> r) {
  std::vector<MapPt> out;
  for (const auto& p : r)
    if (out.empty() || !Same(out.back(), p)) out.push_back(p);
  while (out.size() > 1 && Same(out.front(), out.back())) out.pop_back();
  bool changed = true;
  while (changed && out.size() >= 3) {
    changed = false;
    for (size_t i = 0; i < out.size() && out.size() >= 3; ++i) {
      const MapPt& a = out[(i + out.size() - 1) % out.size()];
      const MapPt& c = out[(i + 1) % out.size()];
      if (Cross(a, out[i], c) == 0) { out.erase(out.begin() + static_cast<long>(i)); changed = true; --i; }
    }
  }
  return out.size() >= 3 ? out : std::vector<MapPt>{};
}

bool InTriangle(MapPt p, MapPt a, MapPt b, MapPt c) {
  return Cross(a, b, p) >= 0 && Cross(b, c, p) >= 0 && Cross(c, a, p) >= 0;
}

bool ProperCross(MapPt a, MapPt b, MapPt c, MapPt d) {
  double d1 = Cross(a, b, c), d2 = Cross(a, b, d), d3 = Cross(c, d, a), d4 = Cross(c, d, b);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

bool RingContains(const std::vector<MapPt>& r, MapPt p) {
  bool in = false;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
    if ((r[i].y > p.y) != (r[j].y > p.y) && p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
      in = !in;
  return in;
}

bool SegmentClear(MapPt m, MapPt p, const std::vector<const std::vector<MapPt>*>& rings) {
  for (const auto* r : rings)
    for (size_t i = 0, j = r->size() - 1; i < r->size(); j = i++)
      if (ProperCross(m, p, (*r)[j], (*r)[i])) return false;
  return true;
}

// Splices `hole` (clockwise) into `outer` (counter-clockwise) through a bridge from the hole's
// rightmost vertex to the nearest outer vertex it can see.
void Bridge(std::vector<MapPt>* outer, const std::vector<MapPt>& hole, const std::vector<std::vector<MapPt>>& others) {
  size_t mi = 0;
  for (size_t i = 1; i < hole.size(); ++i)
    if (hole[i].x > hole[mi].x) mi = i;
  MapPt m = hole[mi];
  std::vector<size_t> cand(outer->size());
  for (size_t i = 0; i < cand.size(); ++i) cand[i] = i;
  auto d2 = [&](size_t i) { double dx = (*outer)[i].x - m.x, dy = (*outer)[i].y - m.y; return dx * dx + dy * dy; };
  std::sort(cand.begin(), cand.end(), [&](size_t a, size_t b) { return d2(a) < d2(b); });
  std::vector<const std::vector<MapPt>*> rings{outer, &hole};
  for (const auto& o : others) rings.push_back(&o);
  size_t pick = cand.empty() ? 0 : cand[0];
  for (size_t i : cand) {
    MapPt p = (*outer)[i];
    MapPt mid{(p.x + m.x) / 2, (p.y + m.y) / 2};
    if (!SegmentClear(m, p, rings) || !RingContains(*outer, mid) || RingContains(hole, mid)) continue;
    bool in_other = false;
    for (const auto& o : others) in_other = in_other || RingContains(o, mid);
    if (!in_other) { pick = i; break; }
  }
  std::vector<MapPt> out(outer->begin(), outer->begin() + static_cast<long>(pick) + 1);
  for (size_t k = 0; k <= hole.size(); ++k) out.push_back(hole[(mi + k) % hole.size()]);
  out.insert(out.end(), outer->begin() + static_cast<long>(pick), outer->end());
  *outer = std::move(out);
}

void EarClip(const std::vector<MapPt>& pts, std::vector<MapPt>* out) {
  int n = static_cast<int>(pts.size());
  if (n < 3) return;
  std::vector<int> prev(n), next(n);
  for (int i = 0; i < n; ++i) { prev[i] = (i + n - 1) % n; next[i] = (i + 1) % n; }
  auto is_ear = [&](int a, int b, int c) {
    if (Cross(pts[a], pts[b], pts[c]) <= 0) return false;
    for (int p = next[c]; p != a; p = next[p]) {
      const MapPt& q = pts[p];
      if (Same(q, pts[a]) || Same(q, pts[b]) || Same(q, pts[c])) continue;
      if (InTriangle(q, pts[a], pts[b], pts[c])) return false;
    }
    return true;
  };
  auto clip = [&](int b, bool emit) {
    int a = prev[b], c = next[b];
    if (emit) out->insert(out->end(), {pts[a], pts[b], pts[c]});
    next[a] = c;
    prev[c] = a;
  };
  int remaining = n, i = 0, fails = 0;
  while (remaining > 3) {
    if (is_ear(prev[i], i, next[i])) {
      int c = next[i];
      clip(i, true);
      --remaining;
      i = c;
      fails = 0;
      continue;
    }
    i = next[i];
    if (++fails < remaining) continue;
    // No ear in a whole turn: drop a degenerate (zero-area) vertex, else clip anyway.
    int k = i, drop = -1;
    do { if (Cross(pts[prev[k]], pts[k], pts[next[k]]) == 0) drop = k; k = next[k]; } while (k != i && drop < 0);
    int victim = drop >= 0 ? drop : i;
    i = next[victim];
    clip(victim, drop < 0 && Cross(pts[prev[victim]], pts[victim], pts[next[victim]]) > 0);
    --remaining;
    fails = 0;
  }
  if (Cross(pts[prev[i]], pts[i], pts[next[i]]) != 0) clip(i, true);
}

// Polygons of a geometry as lon/lat rings: [polygon][ring][point].
using Rings = std::vector<std::vector<MapPt>>;
std::vector<Rings> Polygons(const Value* geom) {
  std::vector<Rings> out;
  if (!geom || !geom->is_object()) return out;
  const Value* type = geom->Find("type");
  const Value* coords = geom->Find("coordinates");
  if (!type || !type->is_string() || !coords || !coords->is_array()) return out;
  auto polygon = [](const Value& rings) {
    Rings r;
    if (!rings.is_array()) return r;
    for (const auto& ring : rings.as_array()) {
      std::vector<MapPt> pts;
      if (ring.is_array())
        for (const auto& pt : ring.as_array())
          if (pt.is_array() && pt.as_array().size() >= 2 && pt.as_array()[0].is_number() && pt.as_array()[1].is_number())
            pts.push_back({pt.as_array()[0].as_number(), pt.as_array()[1].as_number()});
      r.push_back(std::move(pts));
    }
    return r;
  };
  if (type->as_string() == "Polygon") out.push_back(polygon(*coords));
  else if (type->as_string() == "MultiPolygon")
    for (const auto& p : coords->as_array()) out.push_back(polygon(p));
  return out;
}

}  // namespace

double RingArea(const std::vector<MapPt>& ring) { return ring.size() < 3 ? 0 : std::fabs(SignedArea(ring)); }

double TrianglesArea(const std::vector<MapPt>& t) {
  double s = 0;
  for (size_t i = 0; i + 2 < t.size(); i += 3) s += std::fabs(Cross(t[i], t[i + 1], t[i + 2])) / 2;
  return s;
}

void Triangulate(std::vector<MapPt> outer, std::vector<std::vector<MapPt>> holes, std::vector<MapPt>* out) {
  outer = Clean(std::move(outer));
  if (outer.empty()) return;
  if (SignedArea(outer) < 0) std::reverse(outer.begin(), outer.end());
  std::vector<std::vector<MapPt>> hs;
  for (auto& h : holes) {
    auto c = Clean(std::move(h));
    if (c.empty()) continue;
    if (SignedArea(c) > 0) std::reverse(c.begin(), c.end());
    hs.push_back(std::move(c));
  }
  auto maxx = [](const std::vector<MapPt>& r) {
    double m = -std::numeric_limits<double>::max();
    for (const auto& p : r) m = std::max(m, p.x);
    return m;
  };
  std::sort(hs.begin(), hs.end(), [&](const auto& a, const auto& b) { return maxx(a) > maxx(b); });
  for (size_t i = 0; i < hs.size(); ++i) Bridge(&outer, hs[i], std::vector<std::vector<MapPt>>(hs.begin() + static_cast<long>(i) + 1, hs.end()));
  EarClip(outer, out);
}

bool ShapeContains(const MapShape& s, MapPt p) {
  if (p.x < s.lo.x || p.x > s.hi.x || p.y < s.lo.y || p.y > s.hi.y) return false;
  bool in = false;
  for (const auto& r : s.rings) in ^= RingContains(r, p);
  return in;
}

MapFit::MapFit(const MapGeometry& g, float x0_, float y0_, float w_, float h_)
    : x(x0_), y(y0_), x0(x0_), y0(y0_), w(w_), h(h_), lo(g.lo), hi(g.hi) {
  double gw = g.hi.x - g.lo.x, gh = g.hi.y - g.lo.y;
  scale = gw > 0 && gh > 0 ? std::max(1e-9, std::min(w / gw, h / gh)) : 1;
}

MapFit::MapFit(const MapGeometry& g, float x0_, float y0_, float w_, float h_, const MapView& view)
    : MapFit(g, x0_, y0_, w_, h_) {
  scale *= view.zoom;
  x = static_cast<float>(x0 + view.dx);
  y = static_cast<float>(y0 + view.dy);
}

void MapFit::ToScreen(MapPt p, float* sx, float* sy) const {
  *sx = x + static_cast<float>((p.x - lo.x) * scale);
  *sy = y + static_cast<float>((hi.y - p.y) * scale);
}

MapPt MapFit::ToMap(float sx, float sy) const { return {lo.x + (sx - x) / scale, hi.y - (sy - y) / scale}; }

void MapView::ZoomAbout(const MapFit& f, float sx, float sy, double factor) {
  if (!(factor > 0)) return;
  // The fit-all offset under the cursor stays under it: s = x0 + dx + zoom * u.
  double ux = (sx - f.x0 - dx) / zoom, uy = (sy - f.y0 - dy) / zoom;
  zoom = std::min(kMaxZoom, std::max(kMinZoom, zoom * factor));
  dx = sx - f.x0 - zoom * ux;
  dy = sy - f.y0 - zoom * uy;
  if (factor < 1 && zoom == kMinZoom) dx = dy = 0;  // zoomed all the way out: the fit-all view
  Clamp(f);
}

void MapView::Pan(const MapFit& f, double ddx, double ddy) {
  dx += ddx;
  dy += ddy;
  Clamp(f);
}

void MapView::Clamp(const MapFit& f) {
  zoom = std::min(kMaxZoom, std::max(kMinZoom, zoom));
  // Map extent on screen along one axis: [d, d + zoom * extent] against [0, size].
  auto clamp = [&](double d, double extent, double size) {
    double need = 0.5 * std::min(zoom * extent, size);
    return std::min(size - need, std::max(need - zoom * extent, d));
  };
  dx = clamp(dx, (f.hi.x - f.lo.x) * f.scale, f.w);
  dy = clamp(dy, (f.hi.y - f.lo.y) * f.scale, f.h);
}

int HitTest(const MapGeometry& g, MapPt p) {
  for (size_t i = 0; i < g.shapes.size(); ++i)
    if (ShapeContains(g.shapes[i], p)) return static_cast<int>(i);
  return -1;
}

core::Result<MapGeometry> BuildMapGeometry(const std::string& geojson, const std::set<std::string>& keep,
                                           const std::string& source) {
  CANVASS_ASSIGN_OR_RETURN(Value v, core::ParseJson(geojson, source));
  const Value* feats = v.Find("features");
  if (!feats || !feats->is_array()) return core::Status::InvalidArgument(app::F("assessment.map.not_collection", source));
  struct Raw { std::string id; std::vector<Rings> polys; };
  std::vector<Raw> raws;
  double miny = 90, maxy = -90;
  for (const auto& f : feats->as_array()) {
    Raw r{assessment::GeoJsonFeatureId(f), Polygons(f.Find("geometry"))};
    if (r.id.empty() || r.polys.empty() || (!keep.empty() && !keep.count(r.id))) continue;
    for (const auto& poly : r.polys)
      for (const auto& ring : poly)
        for (const auto& p : ring) { miny = std::min(miny, p.y); maxy = std::max(maxy, p.y); }
    raws.push_back(std::move(r));
  }
  MapGeometry g;
  if (raws.empty()) return g;
  g.kx = std::cos((miny + maxy) / 2.0 * M_PI / 180.0);
  const double inf = std::numeric_limits<double>::max();
  g.lo = {inf, inf};
  g.hi = {-inf, -inf};
  for (auto& r : raws) {
    MapShape s;
    s.id = r.id;
    s.lo = {inf, inf};
    s.hi = {-inf, -inf};
    for (auto& poly : r.polys) {
      for (auto& ring : poly)
        for (auto& p : ring) {
          p.x *= g.kx;
          s.lo = {std::min(s.lo.x, p.x), std::min(s.lo.y, p.y)};
          s.hi = {std::max(s.hi.x, p.x), std::max(s.hi.y, p.y)};
        }
      if (poly.empty()) continue;
      Triangulate(poly[0], Rings(poly.begin() + 1, poly.end()), &s.triangles);
      for (auto& ring : poly) if (ring.size() >= 3) s.rings.push_back(std::move(ring));
    }
    g.lo = {std::min(g.lo.x, s.lo.x), std::min(g.lo.y, s.lo.y)};
    g.hi = {std::max(g.hi.x, s.hi.x), std::max(g.hi.y, s.hi.y)};
    g.shapes.push_back(std::move(s));
  }
  return g;
}

}  // namespace canvass::gui
