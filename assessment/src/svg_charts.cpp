// Inline SVG: horizontal bar charts with intervals, and a county choropleth from GeoJSON.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "assessment/report.h"

namespace canvass::assessment {

using core::Value;

namespace {

std::string Num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// Sequential palette (light to dark red), 5 classes by quintile of the 0-100 score.
const char* kPalette[] = {"#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"};

const char* ColorOf(double v) {
  int k = std::min(4, std::max(0, static_cast<int>(v / 20.0)));
  return kPalette[k];
}

template <typename Fn>
void ForEachRing(const Value& geom, Fn&& fn) {
  const Value* type = geom.Find("type");
  const Value* coords = geom.Find("coordinates");
  if (!type || !coords || !coords->is_array()) return;
  if (type->as_string() == "Polygon") {
    for (const auto& ring : coords->as_array()) fn(ring);
  } else if (type->as_string() == "MultiPolygon") {
    for (const auto& poly : coords->as_array())
      if (poly.is_array()) for (const auto& ring : poly.as_array()) fn(ring);
  }
}

}  // namespace

std::string SvgBars(const std::vector<BarRow>& rows, const std::string& title) {
  const int label_w = 230, bar_w = 360, row_h = 18, top = 24;
  int h = top + row_h * static_cast<int>(rows.size()) + 20;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(label_w + bar_w + 80) +
                  "\" height=\"" + std::to_string(h) + "\" viewBox=\"0 0 " + std::to_string(label_w + bar_w + 80) + " " +
                  std::to_string(h) + "\"><title>" + HtmlEscape(title) + "</title>";
  s += "<text x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">" + HtmlEscape(title) + "</text>";
  for (size_t i = 0; i < rows.size(); ++i) {
    const BarRow& r = rows[i];
    int y = top + static_cast<int>(i) * row_h;
    double v = std::max(0.0, std::min(100.0, r.value));
    std::string label = "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 13) +
                        "\" font-size=\"12\" text-anchor=\"end\">" + HtmlEscape(r.label) + "</text>";
    if (!r.href.empty()) label = "<a href=\"" + HtmlEscape(r.href) + "\">" + label + "</a>";
    s += label;
    s += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + Num(v / 100.0 * bar_w) +
         "\" height=\"12\" fill=\"" + ColorOf(v) + "\"/>";
    if (r.lo >= 0 && r.hi >= 0) {
      double x1 = label_w + std::max(0.0, r.lo) / 100.0 * bar_w, x2 = label_w + std::min(100.0, r.hi) / 100.0 * bar_w;
      std::string yy = std::to_string(y + 9);
      s += "<line x1=\"" + Num(x1) + "\" x2=\"" + Num(x2) + "\" y1=\"" + yy + "\" y2=\"" + yy + "\" stroke=\"#333\" stroke-width=\"1.5\"/>";
    }
    s += "<text x=\"" + std::to_string(label_w + bar_w + 6) + "\" y=\"" + std::to_string(y + 13) + "\" font-size=\"11\">" +
         HtmlEscape(r.text) + "</text>";
  }
  s += "</svg>";
  return s;
}

std::string SvgChoropleth(const Value& geojson, const std::map<std::string, double>& values,
                          const std::map<std::string, std::string>& titles, int* drawn) {
  *drawn = 0;
  const Value* feats = geojson.Find("features");
  if (!feats || !feats->is_array()) return "";
  // Bounds of the features we draw (those with a title = the project's areas).
  double minx = std::numeric_limits<double>::max(), maxx = -minx, miny = minx, maxy = -minx;
  std::vector<const Value*> keep;
  for (const auto& f : feats->as_array()) {
    if (!titles.count(GeoJsonFeatureId(f))) continue;
    const Value* g = f.Find("geometry");
    if (!g) continue;
    keep.push_back(&f);
    ForEachRing(*g, [&](const Value& ring) {
      for (const auto& pt : ring.as_array()) {
        if (!pt.is_array() || pt.as_array().size() < 2) continue;
        double x = pt.as_array()[0].as_number(), y = pt.as_array()[1].as_number();
        minx = std::min(minx, x); maxx = std::max(maxx, x); miny = std::min(miny, y); maxy = std::max(maxy, y);
      }
    });
  }
  if (keep.empty() || maxx <= minx || maxy <= miny) return "";
  const double W = 640;
  double kx = std::cos((miny + maxy) / 2.0 * M_PI / 180.0);  // equirectangular at mid-latitude
  double scale = W / ((maxx - minx) * kx);
  double H = (maxy - miny) * scale;
  char head[256];
  std::snprintf(head, sizeof head,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">",
                W, H, W, H);
  std::string s = head;
  s += "<title>Composite index by area</title>";
  for (const Value* f : keep) {
    std::string id = GeoJsonFeatureId(*f);
    std::string d;
    ForEachRing(*f->Find("geometry"), [&](const Value& ring) {
      char c = 'M';
      for (const auto& pt : ring.as_array()) {
        if (!pt.is_array() || pt.as_array().size() < 2) continue;
        double x = (pt.as_array()[0].as_number() - minx) * kx * scale, y = (maxy - pt.as_array()[1].as_number()) * scale;
        d += c + Num(x) + " " + Num(y);
        c = 'L';
      }
      d += "Z";
    });
    auto v = values.find(id);
    std::string fill = v == values.end() ? "#e0e0e0" : ColorOf(v->second);
    s += "<a href=\"#area-" + HtmlEscape(id) + "\"><path d=\"" + d + "\" fill=\"" + fill +
         "\" stroke=\"#fff\" stroke-width=\"0.5\"><title>" + HtmlEscape(titles.at(id)) + "</title></path></a>";
    ++*drawn;
  }
  s += "</svg>";
  return s;
}


}  // namespace canvass::assessment
